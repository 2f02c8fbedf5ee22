//! The site search as readers use it: ordinary Dutch never breaks the index (build, check
//! and `serve`'s session); the shipped index answers a table of real queries (synonyms,
//! typos, inflected forms, two-word queries) with the right page on top; search words of
//! an entry lead to it and to the pages that link to it; and the browser's engine
//! (`search.js`, run under Node) answers exactly as `leidraad::search::query` does.

use crate::common::{self, Fixture};
use leidraad::search::query::Index;
use leidraad::session::Session;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A sentence from issue 19: `&` becomes `&amp;` in HTML and the typographic quotes are
/// multi-byte characters; the old index sliced 12 bytes after every `&` and panicked.
const ORDINARY_DUTCH: &str = "Samen inkopen in de V&V en „slimme zorg” werkt.";

/// A fixture whose page body (and heading, and a field of an entry) hold `text`.
fn fixture_with(text: &str) -> Fixture {
    let f = Fixture::new("minimal");
    f.write(
        "content/over.md",
        &format!(
            "---\ntitel: \"Over deze site\"\nsamenvatting: \"Waar de site over gaat.\"\nmenu: true\nvolgorde: 1\n---\n{text}\n\n## {text}\n\n{text} <b>x</b> & 1 < 2 > 0 \"quote\" 'é' — €\n"
        ),
    );
    f
}

#[test]
fn ordinary_dutch_with_entities_and_multibyte_characters_builds() {
    // Every `&`, `<`, `>` and `"` with a multi-byte character somewhere in the next 12
    // bytes, at each offset.
    let mut text = String::from(ORDINARY_DUTCH);
    for pad in 0..12 {
        text.push_str(&format!(" {}&„{}”<é>\"ë", "a".repeat(pad), "b".repeat(pad)));
    }
    let f = fixture_with(&text);
    let report = f.build().unwrap_or_else(|e| panic!("{e}"));
    assert!(report.pages > 0);
    let terms: String = std::fs::read_dir(f.out().join("search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for word in ["slimme", "inkop", "werkt"] {
        assert!(terms.contains(&format!("\"{word}\"")), "{word} not indexed");
    }
}

#[test]
fn check_and_the_serve_session_survive_ordinary_dutch() {
    let f = fixture_with(ORDINARY_DUTCH);
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("check")
        .current_dir(f.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");

    // `serve`'s session: first a page without the sentence, then a save that adds it.
    let f = Fixture::new("minimal");
    let (mut session, first) = Session::start(f.root());
    first.unwrap_or_else(|d| panic!("{d}"));
    let over = f.root().join("content/over.md");
    let text = std::fs::read_to_string(&over).unwrap();
    std::fs::write(&over, format!("{text}\n{ORDINARY_DUTCH}\n")).unwrap();
    session.update(&[over]).unwrap_or_else(|d| panic!("{d}"));
    let terms = session
        .files()
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect::<String>();
    assert!(
        terms.contains("\"slimme\""),
        "the saved sentence is not indexed"
    );
}

/// The query table and the search words it needs, shared with the browser test.
#[derive(serde::Deserialize)]
struct Table {
    /// Content file → words readers use that its glossary entry may not list yet
    /// (`ook_gezocht_als`), added to a copy only: the content is written by others. Each
    /// is common usage or the sources' own word (source 001 says "aanbesteding" 23 times).
    search_words: std::collections::BTreeMap<String, Vec<String>>,
    /// (query, output path of the page, the rank it must have at most: 1 = first).
    queries: Vec<Row>,
}

#[derive(serde::Deserialize)]
struct Row {
    query: String,
    page: String,
    at_most: usize,
}

fn table() -> Table {
    serde_json::from_str(include_str!("../search_queries.json")).unwrap()
}

/// Adds `words` to the `ook_gezocht_als` list of a content file (making the list when
/// there is none), keeping the words already there.
fn add_search_words(file: &Path, words: &[&str]) {
    let text = std::fs::read_to_string(file).unwrap();
    let (front, body) = text[4..].split_once("\n---").expect("front matter");
    let mut lines: Vec<String> = front.lines().map(str::to_owned).collect();
    let key = lines.iter().position(|l| l.starts_with("ook_gezocht_als:"));
    // The list as written: `[a, b]` on the key's line, or `- a` lines under it.
    let listed: Vec<String> = match key {
        Some(i) if lines[i].contains('[') => lines[i]
            .split(['[', ']', ','])
            .skip(1)
            .map(|w| w.trim().trim_matches('"').to_string())
            .collect(),
        Some(i) => lines[i + 1..]
            .iter()
            .map_while(|l| l.trim_start().strip_prefix("- "))
            .map(|w| w.trim().trim_matches('"').to_string())
            .collect(),
        None => Vec::new(),
    };
    let missing: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !listed.iter().any(|l| l == w))
        .collect();
    match key {
        Some(i) if lines[i].contains('[') => {
            let l = lines[i].trim_end().trim_end_matches(']').to_string();
            lines[i] = format!("{l}, {}]", missing.join(", "));
        }
        Some(i) => {
            for (n, w) in missing.iter().enumerate() {
                lines.insert(i + 1 + n, format!("  - {w}"));
            }
        }
        None => lines.push(format!("ook_gezocht_als: [{}]", missing.join(", "))),
    }
    std::fs::write(file, format!("---\n{}\n---{body}", lines.join("\n"))).unwrap();
}

/// A copy of the shipped site with the table's search words, built with the binary from inside
/// the site folder as authors do; returns the folder and the output.
fn shipped_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    common::copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("leidraad.yaml"), dir.path().join("leidraad.yaml")).unwrap();
    for (file, words) in &table().search_words {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        add_search_words(&dir.path().join("content").join(file), &words);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = dir.path().join("public");
    (dir, public)
}

#[test]
fn the_shipped_index_answers_real_queries() {
    let (_dir, out) = shipped_site();
    let index = Index::load(&out).unwrap();
    let mut wrong = Vec::new();
    let rows = table().queries;
    for Row {
        query: q,
        page: path,
        at_most,
    } in &rows
    {
        let (q, path, at_most) = (q.as_str(), path.as_str(), *at_most);
        let answer = index.query(q);
        let paths: Vec<&str> = answer
            .hits
            .iter()
            .map(|h| index.doc(h.doc).path.as_str())
            .collect();
        let rank = paths.iter().position(|p| *p == path).map(|r| r + 1);
        if rank.is_none_or(|r| r > at_most) {
            wrong.push(format!(
                "{q:?}: {path} at {rank:?}, want ≤ {at_most}; top 3: {:?}; suggested {:?}",
                &paths[..paths.len().min(3)],
                answer.suggested
            ));
        }
    }
    assert!(rows.len() >= 25);
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );

    // A typo says what was searched instead.
    assert_eq!(
        index.query("leverancer").suggested,
        [("leverancer".to_string(), "leverancier".to_string())]
    );
    // The footer pages come after every page of the guidance that matches.
    for q in ["privacy", "contact", "toegankelijk", "leidraad", "gegevens"] {
        let hits = index.query(q).hits;
        let first_footer = hits.iter().position(|h| index.is_footer(h.doc));
        let last_other = hits.iter().rposition(|h| !index.is_footer(h.doc));
        if let (Some(f), Some(o)) = (first_footer, last_other) {
            assert!(f > o, "{q}: a footer page at {f}, guidance at {o}");
        }
    }
    let privacy = index.query("privacy").hits;
    let pos = |path: &str| privacy.iter().position(|h| index.doc(h.doc).path == path);
    assert!(pos("begrippen/avg.html") < pos("privacy.html"));
    assert!(pos("privacy.html").is_some());
}

#[test]
fn search_words_lead_to_the_entry_and_the_pages_that_link_to_it() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "categorie: \"Markt\"",
        "categorie: \"Markt\"\nook_gezocht_als: [monopolie, \"weinig keus\"]",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let index = Index::load(&f.out()).unwrap();
    for q in ["monopolie", "monopolies", "keus"] {
        let hits = index.query(q).hits;
        let paths: Vec<&str> = hits
            .iter()
            .map(|h| index.doc(h.doc).path.as_str())
            .collect();
        // The entry first; then the two pages that link to it, at the section with the
        // link: the faalfactor in its field "waarom", the other knelpunt in its body.
        assert_eq!(
            paths.first(),
            Some(&"knelpunten/smalle-markt.html"),
            "{q}: {paths:?}"
        );
        for (page, section) in [
            ("faalfactoren/maatwerk.html", "veld-waarom"),
            (
                "knelpunten/individuele-pilots.html",
                "wat-is-er-aan-de-hand",
            ),
        ] {
            let linking = hits
                .iter()
                .find(|h| index.doc(h.doc).path == page)
                .unwrap_or_else(|| panic!("{q}: {page} is missing: {paths:?}"));
            assert_eq!(
                index.doc(linking.doc).sections[linking.section].0,
                section,
                "{q}"
            );
        }
        // Nothing else holds the word.
        assert_eq!(paths.len(), 3, "{q}: {paths:?}");
    }
    // Without the list, the word finds nothing.
    let f = Fixture::new("minimal");
    f.build().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        Index::load(&f.out())
            .unwrap()
            .query("monopolie")
            .hits
            .is_empty()
    );
}

/// Runs `search.js`'s engine under Node on the built index and returns, per query, the
/// ranked `[doc, score, section]` and the suggestions, as JSON.
const PARITY_SCRIPT: &str = r#"'use strict';
const fs = require('fs');
const path = require('path');
const [dutchJs, searchJs, dir, queriesFile, outFile] = process.argv.slice(2);
globalThis.leidraadDutch = require(dutchJs);
const S = require(searchJs);
for (const f of fs.readdirSync(dir)) {
  new Function('leidraadSearch', fs.readFileSync(path.join(dir, f), 'utf8'))(S);
}
(async () => {
  const engine = S.engine(globalThis.leidraadDutch, S.get('meta'));
  const out = [];
  for (const q of JSON.parse(fs.readFileSync(queriesFile, 'utf8'))) {
    const r = await engine.rank(q);
    out.push({ hits: r.hits, suggested: r.suggested });
  }
  const typos = JSON.parse(fs.readFileSync(queriesFile + '.typos', 'utf8'));
  out.push(typos.map((w) => S.suggest(w, S.get('words'))));
  fs.writeFileSync(outFile, JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"#;

/// Typos made from `word`: each letter dropped, doubled, changed and swapped with the next.
fn typos(word: &str) -> Vec<String> {
    let c: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    for i in 0..c.len() {
        let mut v = c.clone();
        v.remove(i);
        out.push(v.iter().collect());
        let mut v = c.clone();
        v.insert(i, c[i]);
        out.push(v.iter().collect());
        let mut v = c.clone();
        v[i] = if c[i] == 'e' { 'a' } else { 'e' };
        out.push(v.iter().collect());
        if i + 1 < c.len() {
            let mut v = c.clone();
            v.swap(i, i + 1);
            out.push(v.iter().collect());
        }
    }
    out
}

#[test]
fn the_browser_engine_answers_as_the_rust_one() {
    if Command::new("node").arg("--version").output().is_err() {
        assert!(
            std::env::var("LEIDRAAD_SKIP_NODE").is_ok_and(|v| v == "1"),
            "node (Node.js) is needed for the search parity test; LEIDRAAD_SKIP_NODE=1 skips it"
        );
        eprintln!("SKIPPED search parity: node not found and LEIDRAAD_SKIP_NODE=1");
        return;
    }
    let (_dir, out) = shipped_site();
    let index = Index::load(&out).unwrap();
    let mut queries: Vec<String> = table().queries.into_iter().map(|r| r.query).collect();
    queries.extend(
        [
            "constructor",
            "__proto__",
            "toString",
            "hasOwnProperty",
            "valueOf",
            "prototype",
            "le",
            "lev",
            "aanbestedi",
            "inkoopp",
            "inkoop ",
            "zorg zorgen",
            "Cliënten",
            "de het een",
            "",
            "   ",
            "ZORGKANTOOR!",
            "e-health",
            "2022",
            "v&v",
            "wlz wmo zvw",
            "financiering pilot subsidie geld",
            "x",
            "zz",
            "qqqqqq",
            "leverancer pilot",
        ]
        .map(String::from),
    );
    let words: Vec<String> = [
        "leverancier",
        "aanbesteding",
        "zorgkantoor",
        "mededinging",
        "pilot",
        "cliënt",
    ]
    .iter()
    .flat_map(|w| typos(w))
    .collect();
    let dir = tempfile::tempdir().unwrap();
    let qfile = dir.path().join("queries.json");
    std::fs::write(&qfile, serde_json::to_string(&queries).unwrap()).unwrap();
    std::fs::write(
        dir.path().join("queries.json.typos"),
        serde_json::to_string(&words).unwrap(),
    )
    .unwrap();
    let script = dir.path().join("parity.cjs");
    std::fs::write(&script, PARITY_SCRIPT).unwrap();
    let result = dir.path().join("out.json");
    let root = common::repo_root();
    let run = Command::new("node")
        .arg(&script)
        .arg(root.join("themes/default/static/dutch.js"))
        .arg(root.join("themes/default/static/search.js"))
        .arg(out.join("search"))
        .arg(&qfile)
        .arg(&result)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let js: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    let mut differ = Vec::new();
    for (q, js) in queries.iter().zip(&js) {
        let rust = index.query(q);
        let hits: Vec<[usize; 3]> = rust
            .hits
            .iter()
            .map(|h| [h.doc, h.score as usize, h.section])
            .collect();
        let suggested: Vec<[String; 2]> = rust
            .suggested
            .iter()
            .map(|(a, b)| [a.clone(), b.clone()])
            .collect();
        let want = serde_json::json!({ "hits": hits, "suggested": suggested });
        if &want != js {
            differ.push(format!("{q:?}\n  rust {want}\n  js   {js}"));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    let js_suggestions = js.last().unwrap().as_array().unwrap();
    let vocabulary = index.words();
    for (w, j) in words.iter().zip(js_suggestions) {
        let rust = leidraad::search::query::suggest(w, vocabulary);
        assert_eq!(serde_json::json!(rust), *j, "suggestion for {w:?}");
    }
    // The suggestions find what was meant for most typos of these words.
    let found = words
        .iter()
        .filter(|w| leidraad::search::query::suggest(w, vocabulary).is_some())
        .count();
    assert!(found * 10 >= words.len() * 9, "{found} of {}", words.len());
}
