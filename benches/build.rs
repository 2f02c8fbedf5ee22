//! Build benchmark: generates synthetic sites of 1,000 and 10,000 entries with relations
//! and Markdown bodies of about 1.5 KB, builds each with the release binary, and prints
//! pages per second and the build's peak memory (max RSS of the child process).
//!
//! Run with `cargo bench --bench build`. Sizes can be chosen: `cargo bench --bench build -- 500 2000`;
//! `cargo bench --bench build -- --generate 10000 DIR` only writes a synthetic site.
#![allow(unsafe_code)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

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

fn generate(root: &Path, n: usize) {
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

/// Peak resident memory of all waited-for children, in MiB.
fn children_max_rss_mib() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct we pass.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    // `--generate N DIR` only writes the synthetic site, for other benchmarks to use.
    if let Some(i) = raw.iter().position(|a| a == "--generate") {
        let n: usize = raw[i + 1].parse().expect("--generate N DIR");
        let dir = Path::new(&raw[i + 2]);
        generate(dir, n);
        println!("generated {n} entries in {}", dir.display());
        return;
    }
    let args: Vec<usize> = raw.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if args.is_empty() {
        vec![1_000, 10_000]
    } else {
        args
    };
    let bin = env!("CARGO_BIN_EXE_leidraad");
    println!(
        "{:>8} {:>8} {:>12} {:>12} {:>14} {:>10}",
        "entries", "pages", "fresh s", "pages/s", "rebuild pages/s", "peak MiB"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let out = dir.path().join("public");
        let run = || {
            // Flush earlier runs' writes first, so they do not land in this run's time.
            // SAFETY: sync takes no arguments and cannot fail.
            unsafe { libc::sync() };
            let start = Instant::now();
            let result = Command::new(bin)
                .args(["build", "--root"])
                .arg(dir.path())
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            let secs = start.elapsed().as_secs_f64();
            assert!(
                result.status.success(),
                "{}",
                String::from_utf8_lossy(&result.stderr)
            );
            let pages: usize = String::from_utf8_lossy(&result.stdout)
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            (secs, pages)
        };
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        // Fresh: the output folder does not exist yet. Rebuild: it is replaced.
        let mut fresh = Vec::new();
        let mut pages = 0;
        for _ in 0..3 {
            let _ = std::fs::remove_dir_all(&out);
            let (s, p) = run();
            fresh.push(s);
            pages = p;
        }
        let rebuild: Vec<f64> = (0..3).map(|_| run().0).collect();
        // RUSAGE_CHILDREN is the maximum over all children so far; sizes run in
        // increasing order, so it is this size's peak.
        let peak = children_max_rss_mib();
        let (f, r) = (median(fresh), median(rebuild));
        println!(
            "{:>8} {:>8} {:>12.3} {:>12.0} {:>14.0} {:>10.1}",
            n,
            pages,
            f,
            pages as f64 / f,
            pages as f64 / r,
            peak
        );
    }
}
