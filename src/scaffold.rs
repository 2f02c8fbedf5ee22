//! `leidraad init`: a new site that builds and serves at once, with the default theme
//! from the binary, so there are no theme files to maintain until you override one.

use std::path::{Path, PathBuf};

const CONFIG: &str = r##"# Site configuration. The manual (docs/ in leidraad's repository) explains every setting.
title: "Mijn leidraad"
description: "Een leidraad gemaakt met leidraad."
base_url: "https://example.org/"
language: nl
# Shown in the footer and on the title page of the whole guide (leidraad-compleet.html).
versie: "0.1"
# A line on every page that invites readers to mail feedback. Fill in your address and
# remove the `#` to switch it on.
# feedback_adres: "leidraad@example.org"
# Your house style. Remove the `#` in front of the lines you use. Pick colours with enough
# contrast: white text on `primair` and text in `accent` must stay easy to read
# (WCAG 2.2: at least 4.5 to 1). Keep the quotes around colours: without them `#`
# starts a comment.
# huisstijl:
#   organisatie: "[naam organisatie]"
#   logo: static/logo.svg            # a file in this folder
#   favicon: static/favicon.png
#   kleuren:
#     primair: "#0b4a61"             # header background (white text on it)
#     accent: "#0b5a75"              # links, buttons and controls
#     primair_donker: "#0d2731"      # the same in dark mode
#     accent_donker: "#8fd0ea"
#   stylesheet: static/eigen.css     # optional extra CSS, loaded last
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
"##;

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

const CALCULATOR: &str = r#"titel: "Rekenhulp"
samenvatting: "Reken per deelnemer uit of samen inkopen iets oplevert."
versie: "1.0"
inleiding: |
  Vul de groep en de deelnemers in. U ziet per deelnemer wat alleen inkopen kost, wat samen inkopen kost en wat het verschil is. Alles blijft in uw browser.
invoer:
  titel: { label: "Naam van de berekening" }
  horizon_jaren: { label: "Looptijd van het contract (jaren)", standaard: 3 }
  externe_kosten: { label: "Kosten van de projectleider voor de hele groep (€)" }
  verdeelsleutel:
    label: "Hoe verdeelt de groep deze kosten?"
    standaard: naar_volume
    opties:
      gelijk: { label: "Gelijk" }
      naar_volume: { label: "Naar aantal gebruikers" }
      naar_bruto_voordeel: { label: "Naar voordeel" }
  korting: { label: "Korting op de eigen prijs (%)", standaard: 0.10 }
  staffels: { label: "Staffels van de leverancier" }
  scenario:
    label: "Welke staffel geldt samen?"
    standaard: voorzichtig
    opties:
      voorzichtig: { label: "Voorzichtig", hulp: "Eén staffel hoger dan alleen." }
      gunstig: { label: "Gunstig", hulp: "De staffel van alle gebruikers samen." }
  naam: { label: "Naam" }
  gebruikers: { label: "Aantal gebruikers" }
  prijs_alleen: { label: "Prijs alleen, per gebruiker per jaar (€)" }
  uurtarief: { label: "Uurtarief eigen inkoopteam (€)" }
  uren_alleen: { label: "Eigen uren bij alleen inkopen", standaard: 50 }
  uren_samen: { label: "Eigen uren bij samen inkopen", standaard: 10 }
voorbeeld:
  titel: "Voorbeeld met verzonnen cijfers"
  uitleg: "Twee organisaties krijgen samen 10% korting en delen de kosten van een projectleider."
  invoer:
    horizon_jaren: 3
    externe_kosten: 20000
    korting: 0.10
    deelnemers:
      - { naam: "Organisatie A", gebruikers: 300, prijs_alleen: 100, uurtarief: 60 }
      - { naam: "Organisatie B", gebruikers: 100, prijs_alleen: 120, uurtarief: 60 }
"#;

// The standard pages of a public site, linked from the footer of every page. They are
// templates: everything in „[…]” is for the publisher to fill in.

const ABOUT: &str = r#"---
titel: "Over deze leidraad"
samenvatting: "Wat deze leidraad is, wie hem maakt, op welke bronnen hij steunt en welke versie u leest."
volgorde: 1
voettekst: true
---
> [!IMPORTANT]
> Dit is een sjabloon. Vul alles tussen „[ ]” in en haal deze melding daarna weg.

## Wat is deze leidraad?

„[Beschrijf in twee of drie zinnen waar de leidraad over gaat en voor wie hij is.]”

## Wie maakt deze leidraad?

Deze leidraad wordt uitgegeven door „[naam organisatie]”. De teksten zijn geschreven door „[namen of redactie]”. U bereikt de redactie via de pagina [Contact](@contact).

## Op welke bronnen steunt hij?

„[Noem de documenten waarop de leidraad steunt, met een link naar elk document.]”

## Colofon

- **Titel:** „[titel van de leidraad]”
- **Uitgever:** „[naam organisatie]”
- **Teksten:** „[namen of redactie]”
- **Versie:** „[versienummer]”, „[maand en jaar]”
- **Gemaakt met:** leidraad, een programma dat van teksten een website maakt
- **Meer:** [Contact](@contact), [Privacyverklaring](@privacy) en [Toegankelijkheidsverklaring](@toegankelijkheid)
"#;

const CONTACT: &str = r#"---
titel: "Contact"
samenvatting: "Hoe u de uitgever en de redactie van deze leidraad bereikt."
volgorde: 2
voettekst: true
---
> [!IMPORTANT]
> Dit is een sjabloon. Vul alles tussen „[ ]” in en haal deze melding daarna weg.

Deze leidraad wordt uitgegeven door „[naam organisatie]”.

## Zo bereikt u ons

- **E-mail:** „[e-mailadres]”
- **Telefoon:** „[telefoonnummer]”, „[dagen en tijden]”
- **Post:** „[postadres]”

Binnen „[aantal]” werkdagen krijgt u antwoord.

## Waarover kunt u ons mailen?

- Fouten en verbeteringen in de teksten. Noem de pagina waar het om gaat.
- Vragen over de inhoud, of over de [checklist](@checklist/checklist).
- Problemen met de toegankelijkheid. Lees ook de [toegankelijkheidsverklaring](@toegankelijkheid).

Stuur geen gegevens van cliënten of andere vertrouwelijke informatie mee.
"#;

const PRIVACY: &str = r#"---
titel: "Privacyverklaring"
samenvatting: "Deze website verzamelt geen gegevens over u. Wat u in de checklist invult, blijft in uw eigen browser."
volgorde: 3
voettekst: true
---
> [!IMPORTANT]
> Dit is een sjabloon. Vul alles tussen „[ ]” in en haal deze melding daarna weg. Wat hier staat, klopt voor een website van leidraad zonder extra's. Voegt u zelf iets toe, zoals bezoekersstatistieken of een filmpje van een andere website? Pas deze verklaring dan aan.

## Wie is verantwoordelijk?

Verantwoordelijk is de uitgever van deze website: „[naam organisatie]”. Hebt u een vraag over uw privacy? Mail dan naar „[e-mailadres]”.

## Wat de website niet doet

- **Geen cookies.** De website plaatst geen cookies.
- **Geen volgen en geen bezoekersstatistieken.** De website houdt niet bij wat u doet.
- **Niets van andere bedrijven.** Lettertypen, afbeeldingen en programma's komen allemaal van deze website zelf.
- **Niets versturen.** Wat u in de checklist invult, stuurt de website nergens heen.

## Wat de checklist in uw browser bewaart

Zodat u later verder kunt, bewaart uw browser uw werk in de [checklist](@checklist/checklist) op uw eigen apparaat. Dat gebeurt in de lokale opslag van de browser (localStorage). Daar staan:

- uw beoordelingen, met de antwoorden op de vragen;
- bij elke beoordeling de naam van de innovatie en van uw organisatie;
- het actieplan: wie welke stap oppakt, wanneer, en of het gedaan is;
- de beoordelingen van partners die u opent om te vergelijken.

Uw browser rekent de score en de vergelijking zelf uit. Niets daarvan gaat naar een server.

## Delen

U kunt een beoordeling delen met een link. De antwoorden en de namen staan dan in de link zelf, na het teken `#`. Browsers sturen dat deel nooit naar een server. Wel kan iedereen die de link heeft, alles zien wat erin staat.

## Uw gegevens wissen

- **Eén beoordeling leegmaken:** klik op de pagina van de checklist op **Wis antwoorden**.
- **Eén beoordeling weghalen:** kies de beoordeling en klik op **Verwijderen**.
- **Alles tegelijk:** wis in de instellingen van uw browser de gegevens van deze website. Zoek daar naar „sitegegevens” of „cookies en websitegegevens”.

## De website werkt ook zonder internet

U kunt de hele website op uw eigen computer of op een USB-stick zetten. Alles werkt dan zonder internetverbinding.

## Wat de webserver ziet

Opent u een pagina via internet? Dan ziet de webserver gewone technische gegevens, zoals het IP-adres van uw apparaat en welk adres u opvraagt. Drukt u in het zoekveld op Enter? Dan staan uw zoekwoorden in het adres van de pagina met zoekresultaten.

„[Schrijf hier wat uw webserver bijhoudt, hoe lang, en wie er toegang toe heeft.]”

Wilt u die gegevens inzien of laten wissen? Mail dan naar „[e-mailadres]”. Bent u het niet eens met hoe wij met uw gegevens omgaan? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.
"#;

const ACCESSIBILITY: &str = r#"---
titel: "Toegankelijkheidsverklaring"
samenvatting: "Hoe toegankelijk deze website is, wat er is getest en hoe u een probleem meldt."
volgorde: 4
voettekst: true
---
> [!IMPORTANT]
> Dit is een sjabloon. Vul alles tussen „[ ]” in en haal deze melding daarna weg. Volg het Nederlandse model voor een toegankelijkheidsverklaring op [digitoegankelijk.nl](https://www.digitoegankelijk.nl). Bent u een overheidsorganisatie? Dan gelden er extra regels, zoals een vaste status van A tot en met E.

Iedereen moet deze website kunnen gebruiken. Ook als u slecht ziet, geen muis gebruikt of een schermlezer gebruikt. In deze verklaring leest u hoe ver we daarmee zijn.

## Voor welke website geldt deze verklaring?

Voor de website „[naam website]” op „[adres website]”. De uitgever is „[naam organisatie]”.

## Hoe toegankelijk is de website?

De eisen staan in de richtlijn WCAG 2.2, niveau A en AA. „[Schrijf hier eerlijk hoe ver de website daaraan voldoet. Bijvoorbeeld: volledig, of op welke punten nog niet.]”

## Wat is er getest, hoe en wanneer?

De vormgeving van leidraad wordt bij elke nieuwe versie van het programma getest. Uw eigen teksten, kleuren en afbeeldingen zijn daarmee niet getest.

- **Wat:** „[welke pagina's]”
- **Hoe:** „[bijvoorbeeld met een testprogramma, met alleen het toetsenbord, op een smal scherm of met een schermlezer]”
- **Door wie:** „[eigen medewerkers of een onafhankelijke deskundige]”
- **Wanneer:** „[datum]”

## Wat werkt nog niet goed?

- De checklist en het zoeken gebruiken JavaScript. Zonder JavaScript kunt u de vragen en rekenregels van de checklist wel lezen, maar rekent de uitkomst niet mee.
- „[Andere bekende problemen, met wat u eraan doet en wanneer.]”

## Een probleem melden

Kunt u iets niet lezen of niet gebruiken? Mail dan naar „[e-mailadres]”. Vertel op welke pagina het was, wat u wilde doen en welke hulpmiddelen u gebruikt. Binnen „[aantal]” werkdagen krijgt u antwoord. Meer over hoe u ons bereikt, staat op de pagina [Contact](@contact).
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
pub const FILES: [(&str, &str); 11] = [
    ("leidraad.yaml", CONFIG),
    ("content/index.md", HOME),
    ("content/over.md", ABOUT),
    ("content/contact.md", CONTACT),
    ("content/privacy.md", PRIVACY),
    ("content/toegankelijkheid.md", ACCESSIBILITY),
    ("content/knelpunten/eerste-knelpunt.md", BARRIER),
    (
        "content/aanbevelingen/eerste-aanbeveling.md",
        RECOMMENDATION,
    ),
    ("content/checklists/checklist.yaml", CHECKLIST),
    ("content/rekenhulpen/rekenhulp.yaml", CALCULATOR),
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
