//! `leidraad check` (one fixture per problem class, text and JSON) and `leidraad init`.

use crate::common;

use common::Fixture;
use std::process::{Command, Output};

fn leidraad(args: &[&str], root: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Runs `check --format json` and returns (exit code, findings).
fn check_json(f: &Fixture) -> (i32, Vec<serde_json::Value>) {
    let out = leidraad(&["check", "--format", "json"], f.root());
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), findings)
}

fn find<'a>(findings: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    findings
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {findings:#?}"))
}

#[test]
fn a_clean_site_checks_clean() {
    let f = Fixture::new("minimal");
    let (code, findings) = check_json(&f);
    assert_eq!(code, 0, "{findings:#?}");
    assert!(findings.is_empty(), "{findings:#?}");
    // The shipped site has no address of its own: that is its only warning.
    let shipped = leidraad(
        &[
            "check",
            "--deny-warnings",
            "--allow",
            "placeholder-base-url",
        ],
        &common::repo_root(),
    );
    let text = String::from_utf8_lossy(&shipped.stdout);
    assert!(shipped.status.success(), "{text}");
    assert!(text.contains("0 errors, 1 warning"), "{text}");
    assert!(text.contains("warning[placeholder-base-url]"), "{text}");
}

#[test]
fn link_to_a_missing_anchor() {
    let f = Fixture::new("minimal");
    f.edit("content/over.md", "#wat-gaat-er-mis", "#wat-gaat-mis");
    let (code, findings) = check_json(&f);
    assert_eq!(code, 1);
    let d = find(&findings, "unknown-anchor");
    assert_eq!(d["file"], "content/over.md");
    assert_eq!(d["line"], 9);
    assert_eq!(d["severity"], "error");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `#wat-gaat-er-mis`?")
    );
}

#[test]
fn image_without_alt_text() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/over.md",
        "## Achtergrond\n",
        "## Achtergrond\n\n![](schema.png)\n",
    );
    f.write("content/schema.png", "png");
    let (code, findings) = check_json(&f);
    assert_eq!(code, 1);
    let d = find(&findings, "image-alt");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("content/over.md"), Some(9), Some(1))
    );
    // The build itself does not fail on it: check is stricter.
    assert!(f.build().is_ok());
}

#[test]
fn entry_without_body() {
    let f = Fixture::new("minimal");
    f.write("content/knelpunten/leeg.md", "---\ntitel: \"Leeg\"\nsamenvatting: \"Nog niets.\"\ncategorie: \"Geld\"\nbronnen:\n  - bron: rapport\n    sectie: \"1\"\n---\n");
    f.edit(
        "content/index.md",
        "en [](@over)",
        "en [](@over) en [](@leeg)",
    );
    let (code, findings) = check_json(&f);
    assert_eq!(code, 1);
    let d = find(&findings, "empty-entry");
    assert_eq!(d["file"], "content/knelpunten/leeg.md");
    assert_eq!(d["line"], 8);
}

#[test]
fn entry_nothing_links_to_is_a_warning_only() {
    let f = Fixture::new("minimal");
    f.write("content/knelpunten/wees.md", "---\ntitel: \"Wees\"\nsamenvatting: \"Niemand verwijst hierheen.\"\ncategorie: \"Geld\"\nbronnen:\n  - bron: rapport\n    sectie: \"1\"\n---\nTekst.\n");
    let (code, findings) = check_json(&f);
    assert_eq!(code, 0, "warnings alone exit 0");
    let d = find(&findings, "orphan");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/knelpunten/wees.md");
    assert_eq!(d["line"], 1);
}

#[test]
fn checklist_option_linking_nowhere() {
    let f = Fixture::new("minimal");
    f.write("content/checklists/test.yaml", "titel: T\nsamenvatting: S\nversie: \"1\"\nbanden:\n  - { id: a, vanaf: 0, titel: A, uitleg: a }\ndimensies:\n  - id: d\n    titel: D\n    vragen:\n      - id: q\n        vraag: Q?\n        gewicht: 1\n        opties:\n          - { id: nee, label: Nee, score: 0, advies: x, links: [nergens] }\n");
    let (code, findings) = check_json(&f);
    assert_eq!(code, 1);
    let d = find(&findings, "unknown-id");
    assert_eq!(d["file"], "content/checklists/test.yaml");
    assert_eq!(d["line"], 14);
}

#[test]
fn every_problem_in_one_run_sorted_by_file_and_line() {
    let f = Fixture::new("minimal");
    f.edit("content/over.md", "#wat-gaat-er-mis", "#nergens");
    f.edit("content/index.md", "(@over)", "(@ovr)");
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "categorie: \"Markt\"",
        "categorie: [Markt",
    );
    let out = leidraad(&["check"], f.root());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let files: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(": error["))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/index.md",
            "content/knelpunten/smalle-markt.md",
            "content/over.md"
        ],
        "{text}"
    );
    assert!(text.contains("3 errors"));
    assert!(!f.root().join("public").exists(), "check writes nothing");
}

#[test]
fn init_creates_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("nieuw");
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !site.join("themes").exists(),
        "the theme comes from the binary"
    );
    let config = std::fs::read_to_string(site.join("leidraad.yaml")).unwrap();
    assert_eq!(config.matches("  - id: ").count(), 2, "two kinds");
    assert!(config.contains("relations:"));
    let checklist =
        std::fs::read_to_string(site.join("content/checklists/checklist.yaml")).unwrap();
    assert_eq!(
        checklist.matches("      - id: ").count(),
        3,
        "three questions"
    );
    let report = leidraad::build::build(&site, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.warnings.is_empty());
    assert!(site.join("public/checklist/checklist.html").is_file());
    assert!(
        site.join("public/aanbevelingen/eerste-aanbeveling.html")
            .is_file()
    );
    let check = leidraad(&["check"], &site);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // The warnings of a new site: its example address, until the publisher sets theirs,
    // and the 34 „[…]” placeholders of the four standard pages, until they are filled in.
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("0 errors, 35 warnings"), "{text}");
    assert_eq!(
        text.matches("warning[placeholder-text]").count(),
        34,
        "{text}"
    );
    assert!(
        text.contains("leidraad.yaml:4:11: warning[placeholder-base-url]"),
        "{text}"
    );
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notities.txt"), "mijn werk").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert!(!dir.path().join("leidraad.yaml").exists());
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("init")
        .arg("--force")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notities.txt")).unwrap(),
        "mijn werk"
    );
    assert!(dir.path().join("leidraad.yaml").is_file());
}
