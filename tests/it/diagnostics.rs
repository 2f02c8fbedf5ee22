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
/// line (see tests/it/snapshots/): message, position and hint.
#[test]
fn snapshot_of_every_kind_of_mistake() {
    let f = common::Fixture::new("mistakes/samen");
    let out = run(f.root(), &["check"]);
    let t = String::from_utf8_lossy(&out.stdout);
    insta::assert_snapshot!(t);
}

/// One mistake of the author audit (tests/fixtures/mistakes/cases.yaml).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    case: String,
    what: String,
    steps: Vec<Step>,
    run: Option<Vec<String>>,
}

/// What the author did to the base site, in order.
#[derive(serde::Deserialize)]
#[serde(untagged, deny_unknown_fields)]
enum Step {
    Edit {
        edit: String,
        from: String,
        to: String,
        #[serde(default)]
        latin1: bool,
    },
    Write {
        write: String,
        text: String,
    },
    Remove {
        remove: String,
    },
    Rename {
        rename: String,
        to: String,
    },
    Bom {
        bom: String,
    },
    Crlf {
        crlf: String,
    },
    FromInit {
        from_init: Vec<String>,
    },
}

/// Makes one case's mistake in `site` (a copy of the base site); `init` is a site made
/// by `leidraad init`.
fn make_mistake(site: &Path, init: &Path, case: &Case) {
    for step in &case.steps {
        match step {
            Step::Edit {
                edit,
                from,
                to,
                latin1,
            } => {
                let p = site.join(edit);
                let text = std::fs::read_to_string(&p).unwrap();
                assert!(
                    text.contains(from.as_str()),
                    "{}: {edit} lacks {from:?}",
                    case.case
                );
                let text = text.replacen(from.as_str(), to, 1);
                let bytes: Vec<u8> = if *latin1 {
                    text.chars()
                        .map(|c| u8::try_from(u32::from(c)).unwrap())
                        .collect()
                } else {
                    text.into_bytes()
                };
                std::fs::write(p, bytes).unwrap();
            }
            Step::Write { write, text } => {
                let p = site.join(write);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            Step::Remove { remove } => {
                let p = site.join(remove);
                if p.is_dir() {
                    std::fs::remove_dir_all(p).unwrap();
                } else {
                    std::fs::remove_file(p).unwrap();
                }
            }
            Step::Rename { rename, to } => {
                let to = site.join(to);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::rename(site.join(rename), to).unwrap();
            }
            Step::Bom { bom } => {
                let p = site.join(bom);
                let mut bytes = b"\xef\xbb\xbf".to_vec();
                bytes.extend(std::fs::read(&p).unwrap());
                std::fs::write(p, bytes).unwrap();
            }
            Step::Crlf { crlf } => {
                let p = site.join(crlf);
                let text = std::fs::read_to_string(&p).unwrap();
                std::fs::write(p, text.replace('\n', "\r\n")).unwrap();
            }
            Step::FromInit { from_init } => {
                for f in from_init {
                    std::fs::create_dir_all(site.join(f).parent().unwrap()).unwrap();
                    std::fs::copy(init.join(f), site.join(f)).unwrap();
                }
            }
        }
    }
}

/// Every mistake of both tables of the author audit of 2026-12-07, each on a fresh copy
/// of the base site, checked as an author checks (`leidraad check` inside the site
/// folder, with the sources' plain texts beside it). The snapshot holds each answer,
/// reviewed line by line: a position, plain words, and what to write.
#[test]
fn snapshot_of_the_audit_mistakes() {
    let fixtures = common::repo_root().join("tests/fixtures/mistakes");
    let cases: Vec<Case> =
        serde_yaml::from_str(&std::fs::read_to_string(fixtures.join("cases.yaml")).unwrap())
            .unwrap();
    let (_init_dir, init) = site();
    let answer = |case: &Case| -> String {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        common::copy_dir(&fixtures.join("base"), &root);
        common::copy_dir(
            &fixtures.join("bronteksten"),
            &dir.path().join("bronteksten"),
        );
        make_mistake(&root, &init, case);
        let args: Vec<&str> = match &case.run {
            Some(a) => a.iter().map(String::as_str).collect(),
            None => vec!["check", "--source-texts", "../bronteksten"],
        };
        let out = run(&root, &args);
        format!(
            "=== {}: {}\n$ leidraad {}  (exit {})\n{}\n",
            case.case,
            case.what,
            args.join(" "),
            out.status.code().unwrap_or(-1),
            text(&out)
        )
    };
    // Four at a time: each case is a small site, and the binary is most of the cost.
    let answers: Vec<String> = std::thread::scope(|s| {
        let chunks: Vec<_> = cases
            .chunks(cases.len().div_ceil(4))
            .map(|chunk| s.spawn(move || chunk.iter().map(answer).collect::<Vec<_>>()))
            .collect();
        chunks.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    insta::assert_snapshot!(answers.concat());
}

// Issue 22, defect 3: parser words become a plain hint at the line to change, and a
// byte-order mark is accepted everywhere.

/// The line an edit put a text on.
fn line_of(root: &Path, rel: &str, text: &str) -> usize {
    std::fs::read_to_string(root.join(rel))
        .unwrap()
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{rel} lacks {text:?}"))
        + 1
}

#[test]
fn a_tab_after_a_plain_value_is_reported_on_its_own_line() {
    let (_d, root) = site();
    edit(
        &root,
        "leidraad.yaml",
        "  - id: aanbeveling\n    singular: Aanbeveling",
        "  - id: aanbeveling\n\tsingular: Aanbeveling",
    );
    let line = line_of(&root, "leidraad.yaml", "\tsingular: Aanbeveling");
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains(&format!(
            "leidraad.yaml:{line}:1: error[yaml-syntax]: a tab is used for indentation"
        )),
        "{t}"
    );
    assert!(!t.contains("while scanning"), "no parser words: {t}");
}

#[test]
fn a_missing_closing_line_before_a_rule_in_the_text_is_named_as_such() {
    let (_d, root) = site();
    std::fs::write(
        root.join(PAGE),
        "---\ntitel: \"Het eerste knelpunt\"\nsamenvatting: \"Kort.\"\n\n## Wat is er aan de hand?\n\nTekst.\n\n---\n\nMeer tekst.\n",
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("eerste-knelpunt.md:4:1: error[front-matter]: the front matter that starts on line 1 has no closing `---` line before the text"),
        "{t}"
    );
    assert!(t.contains("the `---` on line 9 is taken as the end"), "{t}");
    assert!(!t.contains("simple key"), "no parser words: {t}");
}

#[test]
fn a_field_outside_its_list_item_says_how_far_to_indent() {
    let (_d, root) = site();
    edit(
        &root,
        PAGE,
        "samenvatting:",
        "bronnen:\n  - bron: eerste-aanbeveling\n  sectie: \"2\"\nsamenvatting:",
    );
    let line = line_of(&root, PAGE, "  sectie: \"2\"");
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains(&format!("eerste-knelpunt.md:{line}:3: error[yaml-syntax]: `sectie` is not indented like `bron` on the line above")),
        "{t}"
    );
    assert!(
        t.contains("indent `sectie` with 4 spaces, so that it lines up with `bron`"),
        "{t}"
    );
    assert!(!t.contains("indicator"), "no parser words: {t}");
}

#[test]
fn a_byte_order_mark_is_accepted_everywhere() {
    let (_d, root) = site();
    let bom = |rel: &str| {
        let p = root.join(rel);
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend(std::fs::read(&p).unwrap());
        std::fs::write(p, bytes).unwrap();
    };
    for rel in [
        "leidraad.yaml",
        CHECKLIST,
        PAGE,
        "content/data/moeilijke-woorden.yaml",
    ] {
        bom(rel);
    }
    let out = run(&root, &["check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("0 errors"), "{}", text(&out));
    for (name, answers) in [
        ("a.yaml", "doel: ja\npartners: nee\ntrekker: ja\n"),
        (
            "a.json",
            "{\"doel\": \"ja\", \"partners\": \"nee\", \"trekker\": \"ja\"}",
        ),
    ] {
        std::fs::write(root.join(name), format!("\u{feff}{answers}")).unwrap();
        let out = run(&root, &["assess", "--answers", name, "--format", "json"]);
        assert!(out.status.success(), "{name}: {}", text(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // 100 × (2 × 1 + 1 × 0.2 + 1 × 1) / (2 + 1 + 1) = 80
        assert_eq!(v["score_min"], 80, "{name}");
    }
}

// Defect 4: silent breakage gets a message.

#[test]
fn the_placeholders_of_init_are_each_a_warning_at_their_place() {
    let (_d, root) = site();
    let out = run(&root, &["check", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&serde_json::Value> = all
        .iter()
        .filter(|d| d["code"] == "placeholder-text")
        .collect();
    // Every „[…]” in the four standard pages, the four notices „[ ]” included: counted
    // in the scaffold itself, so a new placeholder there is counted here too.
    let expected: usize = leidraad::scaffold::FILES
        .iter()
        .filter(|(rel, _)| rel.ends_with(".md"))
        .map(|(_, text)| text.matches("„[").count())
        .sum();
    assert_eq!(expected, 34);
    assert_eq!(found.len(), expected, "{found:#?}");
    assert!(found.iter().all(|d| d["severity"] == "warning"));
    let line = line_of(&root, "content/contact.md", "- **Post:** „[postadres]”");
    assert!(
        found.iter().any(|d| d["file"] == "content/contact.md"
            && d["line"] == line
            && d["column"] == 13
            && d["message"]
                == "„[postadres]” is a placeholder of the template, still to be filled in"),
        "{found:#?}"
    );
    // Filled in, the page has no warning left.
    let contact = std::fs::read_to_string(root.join("content/contact.md")).unwrap();
    let filled: String = contact
        .lines()
        .filter(|l| !l.starts_with('>'))
        .map(|l| l.replace("„[", "").replace("]”", ""))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(root.join("content/contact.md"), filled).unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(!t.contains("content/contact.md:"), "{t}");
}

#[test]
fn a_feedback_address_that_is_no_email_address_is_an_error_at_its_value() {
    let (_d, root) = site();
    edit(
        &root,
        "leidraad.yaml",
        "# feedback_adres: \"leidraad@example.org\"",
        "feedback_adres: \"www.brancheclub.nl/contact\"",
    );
    let line = line_of(&root, "leidraad.yaml", "feedback_adres: \"www");
    let out = run(&root, &["check"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains(&format!("leidraad.yaml:{line}:17: error[invalid-config]: `feedback_adres` must be an e-mail address, found `www.brancheclub.nl/contact`")), "{t}");
    assert!(t.contains("write only the e-mail address"), "{t}");
    for good in ["leidraad@brancheclub.nl", "a.b+c@zorg-x.example.nl"] {
        assert!(leidraad::config::is_email(good), "{good}");
    }
    for bad in [
        "www.x.nl/contact",
        "mailto:a@b.nl",
        "a@b",
        "@b.nl",
        "a b@c.nl",
        "a@-b.nl",
    ] {
        assert!(!leidraad::config::is_email(bad), "{bad}");
    }
}

#[test]
fn markdown_that_would_print_as_written_is_reported() {
    let (_d, root) = site();
    std::fs::create_dir_all(root.join("content/afbeeldingen")).unwrap();
    std::fs::write(root.join("content/afbeeldingen/mijn schema.png"), "png").unwrap();
    edit(
        &root,
        PAGE,
        "Beschrijf hier het knelpunt.",
        "## Kosten {#kosten}\n\nDuur.[^1]\n\n## Wie betaalt? {#kosten}\n\n![Schema](../afbeeldingen/mijn schema.png)\n\nBeschrijf hier het knelpunt.",
    );
    let t = text(&run(&root, &["check"]));
    let at = |s: &str| line_of(&root, PAGE, s);
    assert!(
        t.contains(&format!(
            "eerste-knelpunt.md:{}:6: error[footnote-missing]: the footnote `[^1]` has no text",
            at("Duur.[^1]")
        )),
        "{t}"
    );
    assert!(t.contains(&format!("eerste-knelpunt.md:{}:1: error[duplicate-anchor]: a heading above already has the id `kosten`, so this one gets `kosten-1`", at("Wie betaalt?"))), "{t}");
    assert!(t.contains(&format!("eerste-knelpunt.md:{}:1: error[space-in-link]: the address `../afbeeldingen/mijn schema.png` of this image has a space", at("![Schema]"))), "{t}");
    assert!(
        t.contains("`![Schema](<../afbeeldingen/mijn schema.png>)`, or write each space as `%20`"),
        "{t}"
    );
    // Written as the hints say, all three are fine.
    edit(&root, PAGE, "Duur.[^1]", "Duur.[^1]\n\n[^1]: Een noot.");
    edit(&root, PAGE, "{#kosten}\n\n![", "{#betalen}\n\n![");
    edit(
        &root,
        PAGE,
        "(../afbeeldingen/mijn schema.png)",
        "(<../afbeeldingen/mijn schema.png>)",
    );
    let out = run(&root, &["check"]);
    assert!(text(&out).contains("0 errors"), "{}", text(&out));
}

// Defect 5: messages say what to write.

/// `check` on a fresh site after one edit of `rel`: the text it prints.
fn check_after(rel: &str, from: &str, to: &str) -> String {
    let (_d, root) = site();
    edit(&root, rel, from, to);
    text(&run(&root, &["check"]))
}

#[test]
fn messages_say_what_to_write() {
    let t = check_after(
        "leidraad.yaml",
        "# huisstijl:\n#   organisatie: \"[naam organisatie]\"",
        "huisstijl:\n  kleuren:\n    primair: #0b4a61\n#   organisatie: \"[naam organisatie]\"",
    );
    assert!(t.contains("= help: `#` starts a comment in YAML, so `primair` is empty here: put the value in quotes, `primair: \"#0b4a61\"`"), "{t}");
    let t = check_after(
        PAGE,
        "Zie ook",
        "Meer weet [Vilans](www.vilans.nl). Zie ook",
    );
    assert!(t.contains("= help: an address on another website starts with https://: write `https://www.vilans.nl`"), "{t}");
    let t = check_after(PAGE, "Zie ook", "Doe [de checklist](@checklist). Zie ook");
    assert!(
        t.contains("link to unknown id `checklist`; did you mean `@checklist/checklist`?"),
        "{t}"
    );
    let t = check_after("leidraad.yaml", "language: nl", "language: en");
    assert!(t.contains("run `leidraad theme export`"), "{t}");
    assert!(!t.contains("copy themes/default/i18n.yaml"), "{t}");
    let t = check_after(
        "content/aanbevelingen/eerste-aanbeveling.md",
        "pakt_aan: [eerste-knelpunt]",
        "pakt_aan: [eerste-knelpunt]\nbronnen:\n  - bron: eerste-knelpunt\n    pagina: 3",
    );
    assert!(t.contains("unknown field `pagina` in a citation"), "{t}");
    assert!(t.contains("put a page number in `sectie`"), "{t}");
}

#[test]
fn a_renamed_page_is_named_where_its_old_id_is_still_used() {
    let (_d, root) = site();
    std::fs::rename(
        root.join(PAGE),
        root.join("content/knelpunten/prijs-per-client.md"),
    )
    .unwrap();
    edit(
        &root,
        "content/knelpunten/prijs-per-client.md",
        "samenvatting:",
        "aliassen: [eerste-knelpunt]\nsamenvatting:",
    );
    let t = text(&run(&root, &["check"]));
    assert!(t.contains("relation `pakt_aan` points to `eerste-knelpunt`, the old id of `prijs-per-client` (see its `aliassen`)"), "{t}");
    assert!(
        t.contains("= help: write the new id: `prijs-per-client`"),
        "{t}"
    );
}

#[test]
fn near_files_folders_tags_and_options_are_suggested() {
    // A logo in another case.
    let (_d, root) = site();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
    edit(
        &root,
        "leidraad.yaml",
        "# huisstijl:\n#   organisatie: \"[naam organisatie]\"\n#   logo: static/logo.svg            # a file in this folder",
        "huisstijl:\n  logo: static/Logo.svg",
    );
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("= help: did you mean `logo: static/logo.svg`?"),
        "{t}"
    );
    // A folder named after a kind's folder.
    let (_d, root) = site();
    std::fs::create_dir_all(root.join("content/knelpunt")).unwrap();
    std::fs::rename(
        root.join(PAGE),
        root.join("content/knelpunt/eerste-knelpunt.md"),
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(t.contains("folder `knelpunt` holds Markdown but does not belong to any kind declared in leidraad.yaml; did you mean `knelpunten`?"), "{t}");
    // A template tag one letter off.
    let (_d, root) = site();
    std::fs::create_dir_all(root.join("themes/default/templates/partials")).unwrap();
    std::fs::write(
        root.join("themes/default/templates/partials/footer.html"),
        "<footer>{% iff site.title %}{{ site.title }}{% endif %}</footer>\n",
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(t.contains("partials/footer.html:1:12: error[template]: `{% iff %}` is not a tag templates know; did you mean `if`?"), "{t}");
    // An option far from every real one: the real ones are listed.
    let (_d, root) = site();
    std::fs::write(root.join("a.yaml"), "doel: misschien\n").unwrap();
    let t = text(&run(&root, &["assess", "--answers", "a.yaml"]));
    assert!(t.contains("unknown option `misschien` for question `doel`; its options are: `ja`, `deels`, `nee`, `weet_niet`"), "{t}");
    // A file name that cannot be an id: the name to use.
    let (_d, root) = site();
    std::fs::rename(
        root.join(PAGE),
        root.join("content/knelpunten/Eerste Knelpunt één.md"),
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("= help: rename the file to `eerste-knelpunt-een.md`"),
        "{t}"
    );
}

#[test]
fn a_kind_that_needs_sources_says_how_to_make_them_optional() {
    let (_d, root) = site();
    edit(
        &root,
        "leidraad.yaml",
        "    intro: \"Wat u kunt doen.\"\n    citations: optional\n",
        "    intro: \"Wat u kunt doen.\"\n",
    );
    let closing = 5; // the closing `---` of eerste-aanbeveling.md
    let t = text(&run(&root, &["check"]));
    assert!(t.contains(&format!("eerste-aanbeveling.md:{closing}:1: error[missing-field]: missing field `bronnen`: every aanbeveling cites its source and chapter")), "{t}");
    assert!(
        t.contains("write `citations: optional` in kind `aanbeveling` in leidraad.yaml"),
        "{t}"
    );
}

// Defect 7: the smaller ones.

#[test]
fn only_entries_of_the_sources_kind_can_be_cited() {
    let (_d, root) = site();
    // An init site has no kind of sources: an entry is no source.
    edit(
        &root,
        "content/aanbevelingen/eerste-aanbeveling.md",
        "pakt_aan: [eerste-knelpunt]",
        "pakt_aan: [eerste-knelpunt]\nbronnen:\n  - bron: eerste-knelpunt\n    sectie: \"1\"",
    );
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("error[unknown-id]: citation: `eerste-knelpunt` is not a source"),
        "{t}"
    );
    assert!(
        t.contains("give the kind of your sources `citations: source`"),
        "{t}"
    );
    // With a kind of sources, its entries can be cited, others still not.
    let config = root.join("leidraad.yaml");
    let mut c = std::fs::read_to_string(&config).unwrap();
    c.push_str("  - id: bron\n    singular: Bron\n    plural: Bronnen\n    path: bronnen\n    citations: source\n");
    std::fs::write(&config, c).unwrap();
    std::fs::create_dir_all(root.join("content/bronnen")).unwrap();
    std::fs::write(
        root.join("content/bronnen/rapport.md"),
        "---\ntitel: \"Rapport\"\nsamenvatting: \"Een bron.\"\n---\nHet rapport.\n",
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(t.contains("cite an entry from content/bronnen/"), "{t}");
    edit(
        &root,
        "content/aanbevelingen/eerste-aanbeveling.md",
        "  - bron: eerste-knelpunt",
        "  - bron: rapport",
    );
    let out = run(&root, &["check"]);
    assert!(text(&out).contains("0 errors"), "{}", text(&out));
}

#[test]
fn an_entry_linked_only_from_the_checklist_is_no_orphan() {
    let (_d, root) = site();
    // The home page and the knelpunt link the aanbeveling; the checklist does too.
    edit(
        &root,
        "content/index.md",
        "[de eerste aanbeveling](@eerste-aanbeveling)",
        "de eerste aanbeveling",
    );
    edit(
        &root,
        PAGE,
        " Zie ook [de aanbeveling](@eerste-aanbeveling).",
        "",
    );
    let t = text(&run(&root, &["check"]));
    assert!(
        !t.contains("eerste-aanbeveling.md:1:1: warning[orphan]"),
        "{t}"
    );
    // Without the checklist's links it is one.
    let checklist = std::fs::read_to_string(root.join(CHECKLIST)).unwrap();
    std::fs::write(
        root.join(CHECKLIST),
        checklist.replace("eerste-aanbeveling", "eerste-knelpunt"),
    )
    .unwrap();
    let t = text(&run(&root, &["check"]));
    assert!(
        t.contains("eerste-aanbeveling.md:1:1: warning[orphan]"),
        "{t}"
    );
}

#[test]
fn assess_refuses_the_github_format_and_json_always_has_a_hint() {
    let (_d, root) = site();
    std::fs::write(root.join("a.yaml"), "doel: ja\n").unwrap();
    let out = run(
        &root,
        &["assess", "--answers", "a.yaml", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("invalid value 'github' for '--format <FORMAT>'"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("[possible values: text, json]"),
        "{}",
        text(&out)
    );
    // A problem without a hint has `"hint": null`.
    let out = run(&root, &["check", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        all.iter()
            .all(|d| d.as_object().unwrap().contains_key("hint"))
    );
    let orphanless = run(&root, &["check", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&orphanless.stdout).unwrap();
    assert!(all.iter().any(|d| d["hint"].is_string()));
    edit(&root, PAGE, "Zie ook", "![](x.png) Zie ook");
    std::fs::write(root.join("content/knelpunten/x.png"), "png").unwrap();
    let out = run(&root, &["check", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let alt = all.iter().find(|d| d["code"] == "image-alt").unwrap();
    assert!(alt["hint"].is_null(), "{alt}");
}

#[test]
fn gitlab_code_quality_report_for_ci() {
    let (_d, root) = site();
    edit(&root, PAGE, "samenvatting:", "onbekend: 1\nsamenvatting:");
    let out = run(&root, &["check", "--format", "gitlab"]);
    assert_eq!(out.status.code(), Some(1));
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let i = issues
        .iter()
        .find(|i| i["check_name"] == "unknown-field")
        .unwrap();
    assert_eq!(i["severity"], "major");
    assert_eq!(
        i["location"]["path"],
        "content/knelpunten/eerste-knelpunt.md"
    );
    assert_eq!(i["location"]["lines"]["begin"], 3);
    assert!(
        i["description"]
            .as_str()
            .unwrap()
            .starts_with("unknown field `onbekend` for kind `knelpunt`")
    );
    assert_eq!(i["fingerprint"].as_str().unwrap().len(), 32);
    let warning = issues
        .iter()
        .find(|i| i["check_name"] == "placeholder-base-url")
        .unwrap();
    assert_eq!(warning["severity"], "minor");
    // The same problem two lines lower keeps its fingerprint.
    edit(&root, PAGE, "onbekend: 1\n", "\n\nonbekend: 1\n");
    let out = run(&root, &["check", "--format", "gitlab"]);
    let again: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let j = again
        .iter()
        .find(|i| i["check_name"] == "unknown-field")
        .unwrap();
    assert_eq!(j["location"]["lines"]["begin"], 5);
    assert_eq!(j["fingerprint"], i["fingerprint"]);
}

#[test]
fn an_unknown_allow_code_is_refused_with_the_near_one() {
    let (_d, root) = site();
    let out = run(
        &root,
        &["check", "--deny-warnings", "--allow", "placholder-base-url"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains(
            "there is no problem code `placholder-base-url`; did you mean `placeholder-base-url`?"
        ),
        "{}",
        text(&out)
    );
}

#[test]
fn help_and_init_say_what_is_true() {
    let help = text(&run(Path::new("."), &["serve", "--help"]));
    assert!(!help.contains("draft"), "{help}");
    let (_d, root) = site();
    let config = std::fs::read_to_string(root.join("leidraad.yaml")).unwrap();
    let primair = config.lines().find(|l| l.contains("primair: \"")).unwrap();
    assert!(!primair.contains("button"), "{primair}");
    let accent = config.lines().find(|l| l.contains("accent: \"")).unwrap();
    assert!(accent.contains("buttons"), "{accent}");
    // The default theme gives buttons the accent colour, as the comment now says.
    let css = std::fs::read_to_string(common::repo_root().join("themes/default/static/style.css"))
        .unwrap();
    assert!(
        css.contains("background: var(--accent)"),
        "the theme's buttons"
    );
}

/// `serve` started as authors start it (inside the site folder, no options) says which
/// folders it watches, `static/` included, and a checklist saved with a byte-order mark
/// by an editor that writes a temporary file and renames it is simply read.
#[test]
fn serve_names_every_folder_it_watches_and_reads_a_saved_bom() {
    let (_d, root) = site();
    let (mut child, addr, _lines, first) = crate::serve::spawn_in_with_line(&root, &[]);
    assert!(
        first.contains("Watching leidraad.yaml, content/, static/ and themes/."),
        "{first}"
    );
    let events = crate::serve::subscribe(addr);
    let _ = events.recv_timeout(std::time::Duration::from_secs(60));
    let checklist = std::fs::read_to_string(root.join(CHECKLIST)).unwrap();
    let tmp = root.join("content/checklists/.checklist.yaml.tmp");
    std::fs::write(
        &tmp,
        format!(
            "\u{feff}{}",
            checklist.replace("Drie vragen", "Vier vragen")
        ),
    )
    .unwrap();
    std::fs::rename(&tmp, root.join(CHECKLIST)).unwrap();
    let mut seen = serde_json::Value::Null;
    let until = Instant::now() + common::HANG;
    while Instant::now() < until {
        match events.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(e) if e["only"].is_null() => {
                seen = e;
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(!seen.is_null(), "a rebuild after the save");
    assert!(seen["errors"].as_array().unwrap().is_empty(), "{seen}");
    let (status, _, page) = crate::serve::request(addr, "GET", "/checklist/checklist.html");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("Vier vragen"));
    crate::serve::stop(&mut child);
}
