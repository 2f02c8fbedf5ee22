//! The prose warnings of `leidraad check`: long sentences, listed difficult words and
//! passages copied from a source's text. Each test runs the binary the way an author
//! does: from inside the site folder, no `--root`, and relative paths.

use std::path::Path;
use std::process::{Command, Output};

const CONFIG: &str = r#"title: "Proef"
base_url: "https://leidraad.test/"
leesbaarheid:
  max_zinslengte: 25
  woordenlijst: moeilijke-woorden
kinds:
  - id: knelpunt
    singular: Knelpunt
    plural: Knelpunten
    path: knelpunten
    citations: optional
  - id: bron
    singular: Bron
    plural: Bronnen
    path: bronnen
    citations: optional
    fields:
      tekst: { type: source_text }
"#;

const WORDS: &str = "implementatie: \"invoering\"\nin het kader van: \"bij\"\n";

/// The source's text: its second sentence is hyphenated over two lines, as PDF text is.
const SOURCE: &str = "Inleiding\n\nHet onderzoek laat zien dat aanbieders in de langdurige zorg vaak te klein zijn om zelf te onderhandelen met leveranciers.\nVeel digitale toepassingen blijven in de proef-\nfase steken omdat structurele financiering na de subsidie ontbreekt bij de meeste aanbieders.\n";

/// A site with one source (with its text outside the site, in `../teksten/`) and one page
/// whose body is `body`.
fn site(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("leidraad.yaml", CONFIG);
    write("content/data/moeilijke-woorden.yaml", WORDS);
    write(
        "content/index.md",
        &format!(
            "---\ntitel: \"Start\"\nsamenvatting: \"Proef.\"\n---\nZie [](@rapport) en [](@k).\n\n{body}"
        ),
    );
    write(
        "content/knelpunten/k.md",
        "---\ntitel: \"Een knelpunt\"\nsamenvatting: \"Kort.\"\n---\nTekst. Zie [de start](@index).\n",
    );
    write(
        "content/bronnen/rapport.md",
        "---\ntitel: \"Het rapport\"\nsamenvatting: \"Een bron.\"\ntekst: \"rapport.txt\"\n---\nOver het rapport.\n",
    );
    let texts = dir.path().join("teksten");
    std::fs::create_dir_all(&texts).unwrap();
    std::fs::write(texts.join("rapport.txt"), SOURCE).unwrap();
    dir
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("check")
        .args(extra)
        .current_dir(dir.join("site"))
        .output()
        .unwrap()
}

/// The warnings with this code, as `line:column message`.
fn warnings(out: &Output, code: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter(|l| l.contains(&format!("warning[{code}]")))
        .map(|l| {
            let rest = l.strip_prefix("content/index.md:").unwrap_or(l);
            rest.to_string()
        })
        .collect()
}

fn words(n: usize) -> String {
    let mut s: Vec<String> = (1..=n).map(|i| format!("woord{i}")).collect();
    s[0] = "Zin".into();
    format!("{}.", s.join(" "))
}

#[test]
fn a_sentence_over_the_limit_is_a_warning_at_its_line_and_column() {
    // Lines 1-4 are front matter, 5 is "Zie ...", 6 is empty: the text is on line 7.
    let body = format!("{} {}\n", words(25), words(26));
    let dir = site(&body);
    let out = check(dir.path(), &[]);
    assert!(out.status.success(), "warnings alone pass");
    let long = warnings(&out, "long-sentence");
    assert_eq!(long.len(), 1, "{long:?}");
    // The 26-word sentence starts after the 25-word one and a space.
    let col = words(25).chars().count() + 2;
    assert!(long[0].starts_with(&format!("7:{col}: ")), "{}", long[0]);
    assert!(long[0].contains("26 words, more than 25"), "{}", long[0]);
}

#[test]
fn list_items_table_cells_and_quotations_count_on_their_own() {
    // Ten items of 10 words without full stops: one long sentence if joined.
    let list: String = (0..10)
        .map(|_| format!("- {}\n", words(10).trim_end_matches('.')))
        .collect();
    let cell = words(20).trim_end_matches('.').to_string();
    let table = format!("| a | b |\n| - | - |\n| {cell} | {cell} |\n");
    let quote = format!("> {}\n> {}\n", words(20), words(20));
    let dir = site(&format!("{list}\n{table}\n{quote}"));
    let out = check(dir.path(), &[]);
    assert_eq!(warnings(&out, "long-sentence"), Vec::<String>::new());
}

#[test]
fn the_limit_is_configurable_and_zero_turns_it_off() {
    let dir = site(&format!("{}\n", words(12)));
    let config = dir.path().join("site/leidraad.yaml");
    std::fs::write(
        &config,
        CONFIG.replace("max_zinslengte: 25", "max_zinslengte: 10"),
    )
    .unwrap();
    assert_eq!(warnings(&check(dir.path(), &[]), "long-sentence").len(), 1);
    std::fs::write(
        &config,
        CONFIG.replace("max_zinslengte: 25", "max_zinslengte: 0"),
    )
    .unwrap();
    assert!(warnings(&check(dir.path(), &[]), "long-sentence").is_empty());
}

#[test]
fn a_listed_word_is_a_warning_with_its_alternative_but_not_in_a_quotation() {
    let body = "De implementaties gaan door. In het kader van de inkoop.\n\nDe inkoper zei: „de implementatie viel tegen”.\n\n> De implementatie duurde lang.\n";
    let dir = site(body);
    let out = check(dir.path(), &[]);
    let found = warnings(&out, "difficult-word");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("7:4: "), "{}", found[0]);
    assert!(found[0].contains("write \"invoering\""), "{}", found[0]);
    assert!(found[0].contains("content/data/moeilijke-woorden.yaml"));
    assert!(found[1].contains("\"in het kader van\""), "{}", found[1]);
}

#[test]
fn an_unknown_word_list_is_an_error_with_the_closest_name() {
    let dir = site("Tekst.\n");
    let config = dir.path().join("site/leidraad.yaml");
    std::fs::write(
        &config,
        CONFIG.replace(
            "woordenlijst: moeilijke-woorden",
            "woordenlijst: moeilijke-woorde",
        ),
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("leidraad.yaml:5:")
            && text.contains("moeilijke-woorde")
            && text.contains("did you mean `moeilijke-woorden`"),
        "{text}"
    );
}

#[test]
fn a_copied_run_is_flagged_with_both_places_and_a_marked_quotation_is_not() {
    let body = "Volgens het rapport blijkt dat aanbieders in de langdurige zorg vaak te klein zijn om zelf te onderhandelen met leveranciers, dus zij zoeken partners.\n\nVeel digitale toepassingen blijven in de proeffase steken omdat structurele financiering na de subsidie ontbreekt.\n\nHet rapport: „aanbieders in de langdurige zorg vaak te klein zijn om zelf te onderhandelen met leveranciers”.\n\n> Veel digitale toepassingen blijven in de proeffase steken omdat structurele financiering na de subsidie ontbreekt.\n\nElf woorden: aanbieders in de langdurige zorg vaak te klein zijn om zelf.\n";
    let dir = site(body);
    // Without the folder there is no copy check.
    assert!(warnings(&check(dir.path(), &[]), "copied-text").is_empty());
    let out = check(dir.path(), &["--source-texts", "../teksten"]);
    assert!(out.status.success());
    let copied = warnings(&out, "copied-text");
    assert_eq!(copied.len(), 2, "{copied:#?}");
    // "dat aanbieders in de langdurige zorg vaak te klein zijn om zelf te onderhandelen
    // met leveranciers": 16 words, from line 3 of the source.
    assert!(
        copied[0].starts_with("7:28: warning[copied-text]: 16 words"),
        "{}",
        copied[0]
    );
    assert!(
        copied[0].contains("teksten/rapport.txt:3:"),
        "{}",
        copied[0]
    );
    // Hyphenated over two lines in the source ("proef-\nfase"): still one word.
    assert!(copied[1].starts_with("9:1: "), "{}", copied[1]);
    assert!(copied[1].contains("rapport.txt:4:"), "{}", copied[1]);
}

#[test]
fn the_copy_check_says_what_it_cannot_read() {
    let dir = site("Tekst.\n");
    std::fs::remove_file(dir.path().join("teksten/rapport.txt")).unwrap();
    let out = check(dir.path(), &["--source-texts", "../teksten"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("content/bronnen/rapport.md:4:8: warning[source-text-missing]"),
        "{text}"
    );
    let out = check(dir.path(), &["--source-texts", "../bestaat-niet"]);
    assert_eq!(out.status.code(), Some(2), "a folder that is not there");
    assert!(String::from_utf8_lossy(&out.stdout).contains("no such folder"));
}

#[test]
fn json_carries_the_warnings_and_deny_warnings_fails_on_them() {
    let dir = site(&format!("{} Over de implementatie.\n", words(30)));
    let out = check(dir.path(), &["--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["long-sentence", "difficult-word"]);
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["file"], "content/index.md");
    assert_eq!(findings[0]["line"], 7);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        check(dir.path(), &["--deny-warnings"]).status.code(),
        Some(1)
    );
}

#[test]
fn a_source_text_field_is_a_plain_file_name_and_never_shown() {
    let dir = site("Tekst.\n");
    let source = dir.path().join("site/content/bronnen/rapport.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replace("\"rapport.txt\"", "\"../geheim.txt\""),
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no folders"));
    std::fs::write(&source, text).unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("build")
        .current_dir(dir.path().join("site"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let page =
        std::fs::read_to_string(dir.path().join("site/public/bronnen/rapport.html")).unwrap();
    assert!(!page.contains("rapport.txt"));
}
