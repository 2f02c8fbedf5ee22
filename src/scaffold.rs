//! `leidraad init`: a new site that builds and serves at once, with the default theme
//! from the binary, so there are no theme files to maintain until you override one.

use std::path::{Path, PathBuf};

const CONFIG: &str = r#"# Site configuration. See the README for every setting.
title: "Mijn leidraad"
description: "Een leidraad gemaakt met leidraad."
base_url: "https://example.org/"
language: nl
# Shown in the footer and on the title page of the whole guide (leidraad-compleet.html).
versie: "0.1"
# What `leidraad check` warns about, for plain language.
leesbaarheid:
  max_zinslengte: 25                # words per sentence; 0 turns it off
  woordenlijst: moeilijke-woorden   # content/data/moeilijke-woorden.yaml
kinds:
  - id: knelpunt
    singular: Knelpunt
    plural: Knelpunten
    path: knelpunten
    intro: "Wat een gezamenlijke aanpak in de weg staat."
    citations: optional
  - id: aanbeveling
    singular: Aanbeveling
    plural: Aanbevelingen
    path: aanbevelingen
    intro: "Wat u kunt doen."
    citations: optional
    relations:
      - name: pakt_aan
        label: "Pakt deze knelpunten aan"
        backlink_label: "Aangepakt door"
        targets: [knelpunt]
"#;

const HOME: &str = r#"---
titel: "Welkom bij de leidraad"
samenvatting: "Een startpunt voor uw eigen leidraad: vervang deze tekst door de uwe."
---
Deze site is net gemaakt met `leidraad init`. Begin bij [het eerste knelpunt](@eerste-knelpunt)
en [de eerste aanbeveling](@eerste-aanbeveling), of doe [de checklist](@checklist/checklist).

## Zo werkt het

Elk bestand in `content/` wordt een pagina. Bewerk een bestand, sla het op en de pagina
in uw browser ververst vanzelf als `leidraad serve` draait.
"#;

const BARRIER: &str = r#"---
titel: "Het eerste knelpunt"
samenvatting: "Een voorbeeld van een knelpunt. Vervang het door een echt knelpunt."
---
## Wat is er aan de hand?

Beschrijf hier het knelpunt. Zie ook [de aanbeveling](@eerste-aanbeveling).
"#;

const RECOMMENDATION: &str = r#"---
titel: "De eerste aanbeveling"
samenvatting: "Een voorbeeld van een aanbeveling die het eerste knelpunt aanpakt."
pakt_aan: [eerste-knelpunt]
---
## Wat kunt u doen?

Beschrijf hier wat lezers kunnen doen.
"#;

const CHECKLIST: &str = r#"titel: "Checklist"
samenvatting: "Drie vragen om te zien of u klaar bent."
versie: "2.0"
inleiding: |
  Beantwoord de vragen. De uitkomst rekent meteen mee en blijft in uw browser.
banden:
  - { id: klaar, vanaf: 70, titel: "Klaar om te beginnen", uitleg: "U kunt starten." }
  - { id: bijna, vanaf: 45, titel: "Bijna klaar", uitleg: "Regel eerst de verbeterpunten." }
  - { id: nog_niet, vanaf: 0, titel: "Nog niet", uitleg: "Werk eerst aan de basis." }
dimensies:
  - id: basis
    titel: "De basis"
    vragen:
      - id: doel
        vraag: "Is het doel duidelijk?"
        hulp: "Kunt u in één zin zeggen wat u wilt bereiken?"
        gewicht: 2
        links: [eerste-knelpunt]
        opties:
          - { id: ja, label: "Ja", score: 1 }
          - { id: deels, label: "Deels", score: 0.5 }
          - { id: nee, label: "Nee", score: 0, advies: "Schrijf eerst het doel op.", links: [eerste-knelpunt] }
      - id: partners
        vraag: "Zijn er partners die mee willen doen?"
        gewicht: 1
        links: [eerste-aanbeveling]
        opties:
          - { id: ja, label: "Ja", score: 1 }
          - { id: nee, label: "Nee", score: 0.2, advies: "Zoek partners met dezelfde behoefte.", links: [eerste-aanbeveling] }
      - id: trekker
        vraag: "Is er iemand die het traject trekt?"
        gewicht: 1
        links: [eerste-aanbeveling]
        opties:
          - { id: ja, label: "Ja", score: 1 }
          - { id: nee, label: "Nee", score: 0, knockout: true, advies: "Zonder trekker loopt het vast: wijs eerst iemand aan.", links: [eerste-aanbeveling] }
"#;

const WORDS: &str = r#"# Difficult words and what to write instead. `leidraad check` warns when one of
# them is used outside a quotation. Add your own.
implementatie: "invoering"
faciliteren: "mogelijk maken"
optimaliseren: "verbeteren"
middels: "met, door"
teneinde: "om"
"#;

/// The files `init` writes, relative to the new site's folder.
pub const FILES: [(&str, &str); 6] = [
    ("leidraad.yaml", CONFIG),
    ("content/index.md", HOME),
    ("content/knelpunten/eerste-knelpunt.md", BARRIER),
    (
        "content/aanbevelingen/eerste-aanbeveling.md",
        RECOMMENDATION,
    ),
    ("content/checklists/checklist.yaml", CHECKLIST),
    ("content/data/moeilijke-woorden.yaml", WORDS),
];

/// Writes a new site into `dir`. Refuses a folder that is not empty unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} exists and is not a folder", dir.display()));
    }
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !force {
        return Err(format!(
            "{} is not empty; choose an empty or new folder, or add --force to write into it anyway",
            dir.display()
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        crate::fsutil::write(&path, text.as_bytes()).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}
