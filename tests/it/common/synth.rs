//! The synthetic site shared by the benchmarks: N entries in four kinds with relations,
//! citations and Markdown bodies of about 1.5 KB.

use std::fmt::Write as _;
use std::path::Path;

const KINDS: [(&str, &str); 4] = [
    ("knelpunt", "knelpunten"),
    ("factor", "factoren"),
    ("aanbeveling", "aanbevelingen"),
    ("voorbeeld", "voorbeelden"),
];

fn config() -> String {
    let mut s = String::from(
        "title: Synthetische leidraad\nbase_url: https://example.org/bench/\nkinds:\n",
    );
    for (id, path) in KINDS {
        let _ = write!(
            s,
            "  - id: {id}\n    singular: {id}\n    plural: {path}\n    path: {path}\n    fields:\n      nummer: {{ type: integer, required: true }}\n      categorie: {{ type: string }}\n    relations:\n      - name: verwijst_naar\n        label: Verwijst naar\n        backlink_label: Genoemd door\n        targets: [knelpunt, factor, aanbeveling, voorbeeld]\n"
        );
    }
    s.push_str("  - id: bron\n    singular: Bron\n    plural: Bronnen\n    path: bronnen\n    citations: optional\n");
    s
}

/// About 1.5 KB of Markdown with headings, a list, a table and links by id.
fn body(i: usize, n: usize, ids: &[String]) -> String {
    let a = &ids[(i * 7 + 3) % n];
    let b = &ids[(i * 13 + 5) % n];
    format!(
        "## Wat is er aan de hand?\n\nDit is synthetische tekst nummer {i} voor de benchmark. Zorgaanbieders in de \
verpleging en verzorging kopen digitale innovaties vaak alleen in, terwijl samen inkopen kennis bundelt. \
Zie ook [dit verwante onderwerp](@{a}) en [](@{b}).\n\n## Waarom dit ertoe doet\n\n- Afstemming kost tijd en \
vraagt om een onafhankelijke projectleider.\n- Prijs- en volumevoordelen zijn mogelijk, maar wisselend.\n- \
Integrale contractafspraken over service, onderhoud en doorontwikkeling wegen zwaar.\n\n| Scenario | Duur | \
Uren |\n|---|---|---|\n| Alleen | 4-6 weken | 50 |\n| Samen | 5-6 maanden | 10 |\n\n## Wat kunt u doen?\n\n\
Beoordeel vooraf kritisch of de innovatie geschikt is voor opschaling. Breng de ICT-omgeving van alle \
deelnemers in kaart en leg de gedeelde behoefte schriftelijk vast. Spreek af wie wat betaalt voordat de \
markt wordt benaderd, en regel een exit-afspraak met teruggave van gegevens. Kleine aanbieders profiteren \
het meest van gedeelde kennis; grote aanbieders dragen vaak een groter deel van de projectkosten. Zie \
[het begin van dit onderwerp](@{a}#wat-is-er-aan-de-hand) voor de achtergrond.[^1]\n\n[^1]: Synthetische voetnoot.\n"
    )
}

/// Writes a synthetic site of `n` entries into `root`.
pub(crate) fn generate(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("content/bronnen")).unwrap();
    std::fs::write(root.join("leidraad.yaml"), config()).unwrap();
    std::fs::write(
        root.join("content/index.md"),
        "---\ntitel: Start\nsamenvatting: Synthetische startpagina.\n---\nWelkom.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/bronnen/bron.md"),
        "---\ntitel: Bron\nsamenvatting: De bron.\n---\nBron.\n",
    )
    .unwrap();
    let ids: Vec<String> = (0..n).map(|i| format!("onderwerp-{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let (_, path) = KINDS[i % KINDS.len()];
        let dir = root.join("content").join(path);
        if i < KINDS.len() {
            std::fs::create_dir_all(&dir).unwrap();
        }
        let rel: Vec<&str> = (1..=3).map(|k| ids[(i + k * 17) % n].as_str()).collect();
        let text = format!(
            "---\ntitel: \"Onderwerp {i}\"\nsamenvatting: \"Korte samenvatting van onderwerp {i}.\"\nnummer: {i}\ncategorie: \"Groep {}\"\nverwijst_naar: [{}]\nbronnen:\n  - bron: bron\n    sectie: \"hoofdstuk {}\"\n---\n{}",
            i % 5,
            rel.join(", "),
            i % 9 + 1,
            body(i, n, &ids)
        );
        std::fs::write(dir.join(format!("{id}.md")), text).unwrap();
    }
}
