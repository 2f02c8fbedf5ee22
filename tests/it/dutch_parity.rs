//! The site search builds its index with `leidraad::dutch` and normalises the visitor's
//! query with `themes/default/static/dutch.js`; a word that the two sides fold, split or
//! stem differently can never be found. This test runs both on every word and line of the
//! shipped content, on tricky hand-picked inputs, on generated words that reach every
//! branch of the stemmer, and on every Unicode code point, and compares the results.
//! It needs Node.js; with `LEIDRAAD_SKIP_NODE=1` it is skipped where node is missing.

use leidraad::dutch::{fold, stem, terms, words};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Reads JSON lines of strings and writes, for each, `[fold, words, terms, stem]` as a JSON
/// line; then one line with every code point whose fold, words or stem is not trivial.
const SCRIPT: &str = r#"'use strict';
const fs = require('fs');
const D = require(process.argv[2]);
const out = [];
for (const line of fs.readFileSync(process.argv[3], 'utf8').split('\n')) {
  if (!line) continue;
  const s = JSON.parse(line);
  out.push(JSON.stringify([D.fold(s), D.words(s), D.terms(s), D.stem(s)]));
}
const points = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const ch = String.fromCodePoint(cp);
  const f = D.fold(ch), w = D.words(ch), s = D.stem(ch);
  if (f !== ch || w.length || s !== ch) points.push([cp, f, w, s]);
}
out.push(JSON.stringify(points));
fs.writeFileSync(process.argv[4], out.join('\n') + '\n');
"#;

type Outcome = (String, Vec<String>, Vec<String>, String);
type Point = (u32, String, Vec<String>, String);

fn rust_outcome(s: &str) -> Outcome {
    (fold(s), words(s), terms(s), stem(s))
}

fn rust_points() -> Vec<Point> {
    (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter_map(|c| {
            let ch = c.to_string();
            let (f, w, s) = (fold(&ch), words(&ch), stem(&ch));
            (f != ch || !w.is_empty() || s != ch).then_some((u32::from(c), f, w, s))
        })
        .collect()
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether node runs; if not, a panic with what to do, or a printed note when
/// `LEIDRAAD_SKIP_NODE=1` allows skipping.
fn node_or_skip() -> bool {
    let runs = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        return true;
    }
    assert!(
        std::env::var("LEIDRAAD_SKIP_NODE").is_ok_and(|v| v == "1"),
        "node (Node.js) was not found: the Rust/JavaScript parity test of dutch.js needs it. \
         Install Node.js, or set LEIDRAAD_SKIP_NODE=1 to skip this test."
    );
    eprintln!("SKIPPED dutch parity test: node not found and LEIDRAAD_SKIP_NODE=1");
    false
}

/// The distinct words and the distinct lines of every `.md` and `.yaml` file in content/.
fn content_inputs() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut words_seen = BTreeSet::new();
    let mut lines = BTreeSet::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(repo_root().join("content")) {
        let entry = entry.expect("read content/");
        let path = entry.path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "yaml")
        ) {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read a content file");
        files += 1;
        words_seen.extend(words(&text));
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned),
        );
    }
    assert!(files >= 100, "only {files} content files found");
    assert!(words_seen.len() >= 2000, "only {} words", words_seen.len());
    (words_seen, lines)
}

/// Inputs that reach the corners: diacritics, ij, y, doubled letters, the suffixes of each
/// step, very short words, digits, punctuation, other scripts and control characters.
fn hand_inputs() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "a",
        "s",
        "e",
        "y",
        "i",
        "ij",
        "yy",
        "ys",
        "en",
        "ene",
        "se",
        "heden",
        "heid",
        "lijk",
        "baar",
        "bar",
        "ig",
        "ing",
        "end",
        "iiiii",
        "ayia",
        "yoghurt",
        "royaal",
        "kooien",
        "mooie",
        "ooievaars",
        "bekken",
        "bedden",
        "katten",
        "hebben",
        "gemen",
        "maan",
        "brood",
        "vuur",
        "zee",
        "Cliënt",
        "cliënten",
        "CLIËNTEN",
        "clie\u{308}nten",
        "cliënt's",
        "cliënt’s",
        "zorg-innovatie",
        "ĳzer IJzer ĲZER",
        "naïeve coöperaties",
        "café crème façade señor Straße ẞ",
        "Æsop œuvre þorn ſ",
        "ﬁnanciering ﬂexibel ﬀ ﬃ ﬄ ﬅ ﬆ",
        "Łódź Škoda Dvořák İstanbul ı",
        "In 2022: 3,5% meer (WMO/WLZ).",
        "e-health, zorg_tech & co.",
        "ΣΟΦΙΑ σοφία Ελληνικά",
        "Москва русский ЁЛКА",
        "Ꞵ ǅ ǈ ǋ Ȿ Ɐ Ᵽ ᵽ ẞ Ỳ ỳ ᾈ",
        "Ա 中文 ℃ ½ ² ª µ Ω K Å",
        "🙂 zorg🙂zorg 👩‍⚕️",
        "\u{0}\u{1}\t\r\u{7f}\u{85}\u{9f}\u{a0}",
        "\u{feff}\u{200b}\u{200d}\u{301}",
        "mogelijkheden, gezamenlijke aanbestedingen; leveranciers!",
        "verantwoordelijkheden bruikbaarheid betaalbaar",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    v.push("a".repeat(100_000));
    v.push("aanbestedingen".repeat(7_200));
    v
}

/// Deterministic generated words: random letters (with diacritics, y and i among vowels)
/// and random stems followed by the algorithm's suffixes.
fn generated_inputs() -> Vec<String> {
    const LETTERS: [&str; 32] = [
        "a", "e", "i", "o", "u", "y", "j", "k", "d", "t", "s", "n", "g", "h", "b", "r", "l", "c",
        "m", "p", "w", "v", "ë", "é", "è", "ï", "ö", "ü", "á", "ĳ", "'", "-",
    ];
    const SUFFIXES: [&str; 20] = [
        "heden", "heid", "ene", "en", "se", "s", "e", "end", "ing", "ig", "lijk", "baar", "bar",
        "igheid", "ingen", "enheid", "elijke", "baarheid", "kken", "tten",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    };
    let mut v = Vec::new();
    for _ in 0..20_000 {
        let len = 1 + next(12);
        let mut w: String = (0..len).map(|_| LETTERS[next(LETTERS.len())]).collect();
        if next(2) == 0 {
            w.push_str(SUFFIXES[next(SUFFIXES.len())]);
        }
        v.push(w);
    }
    v
}

fn run_node(dir: &Path, inputs: &[String]) -> (Vec<Outcome>, Vec<Point>) {
    let input = dir.join("inputs.jsonl");
    let output = dir.join("outputs.jsonl");
    let script = dir.join("dutch_parity.cjs");
    let mut text = String::new();
    for s in inputs {
        text.push_str(&serde_json::to_string(s).unwrap());
        text.push('\n');
    }
    std::fs::write(&input, text).unwrap();
    std::fs::write(&script, SCRIPT).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(repo_root().join("themes/default/static/dutch.js"))
        .arg(&input)
        .arg(&output)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&output).unwrap();
    let mut lines: Vec<&str> = written.lines().collect();
    let points = serde_json::from_str(lines.pop().expect("code point line")).unwrap();
    let outcomes = lines
        .into_iter()
        .map(|l| serde_json::from_str(l).expect("JSON from node"))
        .collect();
    (outcomes, points)
}

/// A short form of a long value for messages.
fn brief(value: &impl std::fmt::Debug) -> String {
    let s = format!("{value:?}");
    if s.chars().count() > 200 {
        format!(
            "{}… ({} chars)",
            s.chars().take(200).collect::<String>(),
            s.len()
        )
    } else {
        s
    }
}

#[test]
fn rust_and_javascript_normalise_alike() {
    if !node_or_skip() {
        return;
    }
    let (content_words, content_lines) = content_inputs();
    let mut inputs: Vec<String> = content_words.iter().cloned().collect();
    inputs.extend(content_lines);
    inputs.extend(hand_inputs());
    inputs.extend(generated_inputs());

    let dir = tempfile::tempdir().unwrap();
    let (js, js_points) = run_node(dir.path(), &inputs);
    assert_eq!(js.len(), inputs.len(), "node answered for some inputs only");

    let differing: Vec<String> = inputs
        .iter()
        .zip(&js)
        .filter_map(|(input, js)| {
            let rust = rust_outcome(input);
            (rust != *js).then(|| {
                format!(
                    "{}\n  rust [fold, words, terms, stem]: {}\n  js:                              {}",
                    brief(input),
                    brief(&rust),
                    brief(js)
                )
            })
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{} of {} inputs differ; the first 20:\n{}",
        differing.len(),
        inputs.len(),
        differing
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );

    let rust_points = rust_points();
    let rust_set: BTreeSet<&Point> = rust_points.iter().collect();
    let js_set: BTreeSet<&Point> = js_points.iter().collect();
    let point_diffs: Vec<String> = rust_set
        .symmetric_difference(&js_set)
        .take(20)
        .map(|point| {
            let side = if rust_set.contains(point) {
                "rust"
            } else {
                "js"
            };
            let (cp, f, w, s) = point;
            format!("U+{cp:04X} {side}: fold {f:?}, words {w:?}, stem {s:?}")
        })
        .collect();
    assert!(
        point_diffs.is_empty(),
        "single code points differ (the first 20):\n{}",
        point_diffs.join("\n")
    );
    // The sweep saw the letters it should: ASCII, the Latin table and the cased blocks.
    assert!(
        rust_points.len() > 1500,
        "{} code points",
        rust_points.len()
    );
    eprintln!(
        "dutch parity: {} inputs ({} content words) and {} code points agree",
        inputs.len(),
        content_words.len(),
        rust_points.len()
    );
}

/// The distinct folded words of every `.txt` file in `dir`, if it exists.
fn source_words(dir: &Path) -> Option<BTreeSet<String>> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut out = BTreeSet::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) == Some("txt") {
            out.extend(words(&std::fs::read_to_string(&p).ok()?));
        }
    }
    Some(out)
}

/// The stemmer against an independent implementation of the same algorithm: the
/// `rust-stemmers` crate's Dutch stemmer is generated from Snowball's classic Dutch
/// algorithm (what Snowball 3.0 calls `dutch_porter`). Every word of the content, the
/// sources (`../shared/sources/*.txt` beside the repository, or `LEIDRAAD_SOURCES`; CI
/// may not have them, and then the content alone is compared, which the output says)
/// and the generated words.
#[test]
fn the_stemmer_agrees_with_snowball() {
    let oracle = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch);
    let (mut all, _) = content_inputs();
    let content = all.len();
    let sources = std::env::var_os("LEIDRAAD_SOURCES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/sources"));
    let from_sources = source_words(&sources);
    match &from_sources {
        Some(w) => all.extend(w.iter().cloned()),
        None => eprintln!(
            "stemmer oracle: {} not found, comparing the content's words only",
            sources.display()
        ),
    }
    for g in generated_inputs() {
        all.extend(words(&g));
    }
    let differing: Vec<String> = all
        .iter()
        .filter(|w| stem(w) != oracle.stem(w))
        .map(|w| format!("{w}: ours {}, snowball {}", stem(w), oracle.stem(w)))
        .collect();
    assert!(
        differing.is_empty(),
        "{} of {} words stem differently:\n{}",
        differing.len(),
        all.len(),
        differing[..differing.len().min(30)].join("\n")
    );
    eprintln!(
        "stemmer oracle: {} words agree ({content} from the content, {} from the sources)",
        all.len(),
        from_sources.map_or(0, |w| w.len())
    );
}
