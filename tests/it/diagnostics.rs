//! Messages a new author can act on: positions from the parser (at the value, every
//! problem of a file), plain hints for the common traps, snippets, bounded work, and the
//! machine formats. Each case runs the binary inside the site folder, as authors do.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A site made by `leidraad init`: a page, two entries and a three-question checklist.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", text(&out));
    let root = dir.path().join("site");
    (dir, root)
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{rel} lacks {from:?}");
    std::fs::write(p, t.replacen(from, to, 1)).unwrap();
}

const PAGE: &str = "content/knelpunten/eerste-knelpunt.md";
const CHECKLIST: &str = "content/checklists/checklist.yaml";

#[test]
fn a_colon_in_a_value_says_to_use_quotes() {
    let (_d, root) = site();
    edit(
        &root,
        PAGE,
        "titel: \"Het eerste knelpunt\"",
        "titel: AVG: de regels",
    );
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("content/knelpunten/eerste-knelpunt.md:2:8: error[yaml-syntax]: the value of `titel` contains a colon followed by a space"),
        "{t}"
    );
    assert!(
        t.contains("= help: put the text in quotes: `titel: \"AVG: de regels\"`"),
        "{t}"
    );
    // The snippet: the line and a caret under the value.
    assert!(
        t.contains("2 | titel: AVG: de regels\n  |        ^^^^"),
        "{t}"
    );
}

#[test]
fn a_decimal_comma_says_to_use_a_point() {
    let (_d, root) = site();
    // In a flow mapping the comma splits the number: `5` becomes a key.
    edit(
        &root,
        CHECKLIST,
        "{ id: deels, label: \"Deels\", score: 0.5 }",
        "{ id: deels, label: \"Deels\", score: 0,5 }",
    );
    let t = text(&run(&root, &["check"]));
    assert!(t.contains("error[unknown-field]: unknown field `5`"), "{t}");
    assert!(
        t.contains("help: a decimal comma splits a number in two"),
        "{t}"
    );
    assert!(!t.contains("missing field `score`") || t.contains("unknown field `5`"));
    // In block style it is a text where a number belongs.
    let (_d2, root) = site();
    edit(
        &root,
        CHECKLIST,
        "        gewicht: 2",
        "        gewicht: 1,5",
    );
    let yaml = std::fs::read_to_string(root.join(CHECKLIST)).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.contains("gewicht: 1,5"))
        .unwrap()
        + 1;
    let t = text(&run(&root, &["check"]));
    assert!(t.contains(&format!("content/checklists/checklist.yaml:{line}:18: error[wrong-type]: `gewicht` must be a number, found the text \"1,5\"")), "{t}");
    assert!(
        t.contains("|                  ^^^\n"),
        "the caret under all of 1,5: {t}"
    );
    assert!(t.contains("= help: use a point for decimals: `1.5`"), "{t}");
}

#[test]
fn a_tab_says_to_indent_with_spaces() {
    let (_d, root) = site();
    edit(&root, PAGE, "samenvatting:", "\tsamenvatting:");
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("eerste-knelpunt.md:3:1: error[yaml-syntax]: a tab is used for indentation"),
        "{t}"
    );
    assert!(t.contains("= help: indent with spaces"), "{t}");
}

#[test]
fn a_missing_closing_line_is_pointed_at_where_it_belongs() {
    let (_d, root) = site();
    std::fs::write(
        root.join(PAGE),
        "---\ntitel: \"Het eerste knelpunt\"\nsamenvatting: \"Kort.\"\n\n## Wat is er aan de hand?\n\nTekst.\n",
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("eerste-knelpunt.md:4:1: error[front-matter]: the front matter that starts on line 1 has no closing `---` line"),
        "{t}"
    );
    assert!(
        t.contains("= help: add a line with only `---` after the last field"),
        "{t}"
    );
}

#[test]
fn a_file_that_is_not_utf8_says_where_and_to_save_as_utf8() {
    let (_d, root) = site();
    let mut bytes = std::fs::read(root.join(PAGE)).unwrap();
    let at = bytes.windows(6).position(|w| w == b"Beschr").unwrap();
    bytes.splice(at..at, [0xe9]); // é in Latin-1
    std::fs::write(root.join(PAGE), bytes).unwrap();
    let t = text(&run(&root, &["check"]));
    let line = t
        .lines()
        .find(|l| l.contains("error[not-utf8]"))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(
        line.starts_with("content/knelpunten/eerste-knelpunt.md:7:1: error[not-utf8]"),
        "{line}"
    );
    assert_eq!(
        line.matches("eerste-knelpunt.md").count(),
        1,
        "the path once: {line}"
    );
    assert!(t.contains("save the file as UTF-8"), "{t}");
}

#[test]
fn the_same_typo_in_two_places_is_reported_at_both() {
    let (_d, root) = site();
    let config = root.join("leidraad.yaml");
    let mut t = std::fs::read_to_string(&config).unwrap();
    t = t.replace("targets: [knelpunt]", "targets: [knelpunnt]");
    t.push_str("      - name: ook\n        label: \"Ook\"\n        backlink_label: \"Ook\"\n        targets: [knelpunnt]\n");
    std::fs::write(&config, t).unwrap();
    let out = text(&run(&root, &["check"]));
    let found: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("error[unknown-kind]"))
        .collect();
    assert_eq!(found.len(), 2, "{out}");
    assert_ne!(
        found[0].split(": ").next(),
        found[1].split(": ").next(),
        "two places: {out}"
    );
    assert!(
        found.iter().all(|l| l.contains("did you mean `knelpunt`?")),
        "{out}"
    );
}

#[test]
fn a_wrong_kind_reads_as_english_and_a_far_id_gets_no_suggestion() {
    let (_d, root) = site();
    // The recommendation points at itself: an entry of the wrong kind.
    edit(
        &root,
        "content/aanbevelingen/eerste-aanbeveling.md",
        "pakt_aan: [eerste-knelpunt]",
        "pakt_aan: [eerste-aanbeveling]",
    );
    let t = text(&run(&root, &["check"]));
    assert!(t.contains("may point to entries of kind `knelpunt`, but `eerste-aanbeveling` is of kind `aanbeveling`"), "{t}");
    assert!(!t.contains("is a aanbeveling"), "{t}");
    // The id of a page that was deleted long ago, far from every id there is.
    edit(
        &root,
        "content/aanbevelingen/eerste-aanbeveling.md",
        "pakt_aan: [eerste-aanbeveling]",
        "pakt_aan: [oude-marktanalyse]",
    );
    let t = text(&run(&root, &["check"]));
    let line = t.lines().find(|l| l.contains("oude-marktanalyse")).unwrap();
    assert!(!line.contains("did you mean"), "{line}");
}

#[test]
fn an_unknown_language_points_at_the_setting_and_says_what_to_do() {
    let (_d, root) = site();
    edit(&root, "leidraad.yaml", "language: nl", "language: en");
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains(
            "leidraad.yaml:5:11: error[unknown-language]: the theme has no texts in language `en`"
        ),
        "{t}"
    );
    assert!(
        t.contains("the theme speaks: nl") && t.contains("add a `en:` block"),
        "{t}"
    );
}

#[test]
fn a_template_mistake_is_put_plainly_at_its_line() {
    let (_d, root) = site();
    let dir = root.join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    let original =
        std::fs::read_to_string(common::repo_root().join("themes/default/templates/page.html"))
            .unwrap();
    let line = original
        .lines()
        .position(|l| l.contains("<h1>{{ page.title }}</h1>"))
        .unwrap()
        + 1;
    std::fs::write(
        dir.join("page.html"),
        original.replacen("<h1>{{ page.title }}</h1>", "<h1>{{ page.title }</h1>", 1),
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains(&format!("themes/default/templates/page.html:{line}:23: error[template]: the template has `}}` where `}}}}` is expected")),
        "{t}"
    );
    assert!(!t.contains("Found "), "no parser vocabulary: {t}");
}

/// The measured wrong line: the help text of one question mentions another question's id.
#[test]
fn a_problem_is_reported_at_its_own_question_not_at_a_word_elsewhere() {
    let (_d, root) = site();
    edit(
        &root,
        CHECKLIST,
        "hulp: \"Kunt u in één zin zeggen wat u wilt bereiken?\"",
        "hulp: \"Zijn er partners? Kunt u in één zin zeggen wat u wilt bereiken?\"",
    );
    edit(
        &root,
        CHECKLIST,
        "        gewicht: 1\n        links: [eerste-aanbeveling]\n        opties:\n          - { id: ja, label: \"Ja\", score: 1 }\n          - { id: nee, label: \"Nee\", score: 0.2",
        "        gewicht: -1\n        links: [eerste-aanbeveling]\n        opties:\n          - { id: ja, label: \"Ja\", score: 1 }\n          - { id: nee, label: \"Nee\", score: 0.2",
    );
    let t = text(&run(&root, &["check"]));
    let text = std::fs::read_to_string(root.join(CHECKLIST)).unwrap();
    // Weight 0 is valid since checklist rules 3.0 (informational); -1 is not.
    let line = text
        .lines()
        .position(|l| l.trim() == "gewicht: -1")
        .unwrap()
        + 1;
    assert!(
        t.contains(&format!(
            "checklist.yaml:{line}:18: error[invalid-checklist]: question `partners` has weight -1"
        )),
        "{t}"
    );
}

#[test]
fn deep_nesting_is_refused_at_once_everywhere() {
    let (_d, root) = site();
    let bomb = "[".repeat(40_000);
    for (rel, content) in [
        ("content/data/bom.yaml", format!("a: {bomb}\n")),
        (CHECKLIST, format!("titel: {bomb}\n")),
    ] {
        let original = std::fs::read_to_string(root.join(rel)).ok();
        std::fs::write(root.join(rel), content).unwrap();
        let started = Instant::now();
        let t = text(&run(&root, &["check"]));
        assert!(
            started.elapsed() < common::HANG,
            "{rel}: {:?}",
            started.elapsed()
        );
        assert!(
            t.contains("error[too-deep]: the YAML is nested more than 64 levels deep here"),
            "{rel}: {t}"
        );
        match original {
            Some(o) => std::fs::write(root.join(rel), o).unwrap(),
            None => std::fs::remove_file(root.join(rel)).unwrap(),
        }
    }
    // In front matter (a smaller bomb: a huge one is refused as too much markup first).
    let small = "[".repeat(5_000);
    edit(
        &root,
        PAGE,
        "titel: \"Het eerste knelpunt\"",
        &format!("titel: {small}"),
    );
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("eerste-knelpunt.md:2:72: error[too-deep]"),
        "{t}"
    );
}

#[test]
fn many_unknown_answers_take_linear_time_and_json_errors_are_json() {
    let (_d, root) = site();
    let n = 200_000;
    let mut answers = String::with_capacity(n * 16);
    // Short keys keep the file under the 2 MB limit.
    for i in 0..n {
        answers.push_str(&format!("k{i:x}: a\n"));
    }
    std::fs::write(root.join("a.yaml"), answers).unwrap();
    let started = Instant::now();
    let out = run(
        &root,
        &["assess", "--answers", "a.yaml", "--format", "json"],
    );
    let took = started.elapsed();
    eprintln!("{n} unknown answers: {took:?}");
    // Under a second with the release binary (`cargo bench` would show a regression);
    // here only a hang fails.
    assert!(took < common::HANG, "{took:?}");
    let errors: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    // The first 100 in the file are listed, each at its line; the rest are counted in
    // one problem about the whole file (sorted first: it has no line).
    assert_eq!(errors.len(), 101);
    assert_eq!(
        errors[0]["message"],
        format!(
            "and {} more problems with answers like these (only the first 100 are listed)",
            n - 100
        )
    );
    let lines: Vec<u64> = errors[1..]
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, (1..=100).collect::<Vec<u64>>());
    assert_eq!(errors[100]["column"], 1);
    assert_eq!(errors[1]["code"], "unknown-id");
    assert_eq!(
        errors[1]["message"],
        "unknown question `k0` in checklist `checklist`"
    );
    assert_eq!(out.status.code(), Some(1));
    // The text report with its snippets is linear too (it once looked each line up
    // from the top of the file).
    let started = Instant::now();
    let out = run(&root, &["assess", "--answers", "a.yaml"]);
    let took = started.elapsed();
    eprintln!("{n} unknown answers as text: {took:?}");
    assert!(took < common::HANG, "{took:?}");
    assert!(
        text(&out).contains("a.yaml:100:1: error[unknown-id]"),
        "{}",
        text(&out)
    );
}

#[test]
fn github_annotations_and_deny_warnings_for_ci() {
    let (_d, root) = site();
    edit(
        &root,
        PAGE,
        "samenvatting: \"Een voorbeeld van een knelpunt. Vervang het door een echt knelpunt.\"",
        "samenvatting: \"Kort, maar: goed.\"\nonbekend: 1",
    );
    let out = run(&root, &["check", "--format", "github"]);
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(
        t.contains("::error file=content/knelpunten/eerste-knelpunt.md,line=4,col=1,title=unknown-field::unknown field `onbekend` for kind `knelpunt`"),
        "{t}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// The whole text output of `check` on a site with one of each mistake, reviewed line by
/// line (see tests/snapshots/): message, position and hint.
#[test]
fn snapshot_of_every_kind_of_mistake() {
    let f = common::Fixture::new("mistakes");
    let out = run(f.root(), &["check"]);
    let t = String::from_utf8_lossy(&out.stdout);
    insta::assert_snapshot!(t);
}
