//! The site search as readers use it: ordinary Dutch never breaks the index (build, check
//! and `serve`'s session), and the shipped index answers a table of real queries.

use crate::common::{self, Fixture};
use leidraad::incremental::Session;
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
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect::<String>();
    assert!(terms.contains("\"slimme\""), "the saved sentence is not indexed");
    let _ = common::repo_root();
}
