//! Callouts (`> [!NOTE]` ...) and glossary abbreviations, end to end: the built binary
//! on a small site, and incremental rebuilds (as `serve` does them) that must equal a
//! fresh `leidraad build` after every change of an abbreviation.

use crate::common;

use common::Fixture;
use leidraad::session::Session;
use std::path::PathBuf;

const GLOSSARY_KIND: &str = r#"
  - id: begrip
    singular: Begrip
    plural: Begrippen
    path: begrippen
    citations: optional
    fields:
      afkorting_van: { type: string, label: "Afkorting van" }
"#;

const PAGE: &str = "content/knelpunten/smalle-markt.md";

/// The minimal fixture with a glossary of two abbreviations and a page that uses them
/// in a callout, a heading and running text.
fn site() -> Fixture {
    let f = Fixture::new("minimal");
    let config = std::fs::read_to_string(f.root().join("leidraad.yaml")).unwrap();
    f.write("leidraad.yaml", &format!("{config}{GLOSSARY_KIND}"));
    f.write(
        "content/begrippen/vvt.md",
        "---\ntitel: \"VVT\"\nsamenvatting: \"De branche.\"\nafkorting_van: \"Verpleging, verzorging en thuiszorg\"\n---\nDe VVT is ruimer dan de V&V.\n",
    );
    f.write(
        "content/begrippen/vv.md",
        "---\ntitel: \"V&V\"\nsamenvatting: \"Zonder thuiszorg.\"\nafkorting_van: \"Verpleging en verzorging\"\n---\nDe V&V.\n",
    );
    f.edit(
        PAGE,
        "## Kern\n",
        "## Kern in de VVT {#kern}\n\n> [!WARNING]\n> In de VVT zijn weinig aanbieders.\n\nDe VVT en de V&V. Nog eens VVT.\n",
    );
    f
}

fn read(f: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(f.out().join(rel)).unwrap()
}

const VVT: &str = r#"<a href="../begrippen/vvt.html"><abbr title="Verpleging, verzorging en thuiszorg">VVT</abbr></a>"#;

#[test]
fn the_binary_builds_callouts_and_abbreviations() {
    let f = site();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(["build", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&f, "knelpunten/smalle-markt.html");
    assert!(
        page.contains(&format!(
            "<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Waarschuwing</p>\n<p>In de {VVT} zijn weinig aanbieders.</p>\n</div>"
        )),
        "{page}"
    );
    assert!(!page.contains("[!WARNING]"));
    // Headings are no running text; the first use is marked, later ones are not.
    assert!(
        page.contains("<h2 id=\"kern\">Kern in de VVT</h2>"),
        "{page}"
    );
    assert_eq!(page.matches("<abbr").count(), 2, "{page}");
    assert!(page.contains(
        r#"<p>De VVT en de <a href="../begrippen/vv.html"><abbr title="Verpleging en verzorging">V&amp;V</abbr></a>. Nog eens VVT.</p>"#
    ));
    // The entry does not link to itself, but does to the other abbreviation.
    let entry = read(&f, "begrippen/vvt.html");
    assert!(
        !entry.contains(r#"<abbr title="Verpleging, verzorging"#),
        "{entry}"
    );
    assert!(entry.contains(r#"<abbr title="Verpleging en verzorging">V&amp;V</abbr>"#));
    let css = read(&f, "static/style.css");
    assert!(css.contains("/* Callouts */") && css.contains(".callout-caution"));
}

fn start(f: &Fixture) -> Session {
    let (session, first) = Session::start(f.root());
    first.unwrap_or_else(|d| panic!("{d}"));
    session
}

/// Every output path where the session differs from a fresh `leidraad build`.
fn differences_from_build(session: &Session, f: &Fixture) -> Vec<String> {
    let out = f.root().join(format!("built-{}", session.files().len()));
    let _ = std::fs::remove_dir_all(&out);
    leidraad::build::build(f.root(), Some(&out)).unwrap_or_else(|e| panic!("{e}"));
    let built = common::snapshot(&out);
    std::fs::remove_dir_all(&out).unwrap();
    let mut differ = Vec::new();
    for (path, bytes) in &built {
        let key = path.to_string_lossy().replace('\\', "/");
        if key != leidraad::output::MARKER
            && session.files().get(&key).map(|b| b.as_slice()) != Some(bytes.as_slice())
        {
            differ.push(key);
        }
    }
    if session.files().len() != built.len() - 1 {
        differ.push(format!(
            "{} files served, {} built",
            session.files().len(),
            built.len() - 1
        ));
    }
    differ
}

fn update(session: &mut Session, f: &Fixture, rel: &str, from: &str, to: &str) {
    f.edit(rel, from, to);
    let r = session
        .update(&[f.root().join(rel)])
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(!r.full, "an incremental update");
    assert_eq!(differences_from_build(session, f), Vec::<String>::new());
}

fn served(session: &Session, path: &str) -> String {
    String::from_utf8_lossy(&session.files()[path]).into_owned()
}

#[test]
fn serve_follows_every_change_of_an_abbreviation() {
    let f = site();
    let mut session = start(&f);
    assert_eq!(differences_from_build(&session, &f), Vec::<String>::new());
    let page = "knelpunten/smalle-markt.html";
    assert!(served(&session, page).contains(VVT));

    // A new expansion reaches the page that uses the abbreviation.
    update(
        &mut session,
        &f,
        "content/begrippen/vvt.md",
        "Verpleging, verzorging en thuiszorg",
        "Verpleeg-, verzorgingshuizen en thuiszorg",
    );
    assert!(
        served(&session, page)
            .contains(r#"<abbr title="Verpleeg-, verzorgingshuizen en thuiszorg">VVT</abbr>"#)
    );

    // A renamed abbreviation: the old word is plain text again, the new one is marked.
    update(
        &mut session,
        &f,
        PAGE,
        "Nog eens VVT.",
        "Nog eens VVT en de ZN.",
    );
    assert!(!served(&session, page).contains(">ZN</abbr>"));
    update(
        &mut session,
        &f,
        "content/begrippen/vv.md",
        "titel: \"V&V\"",
        "titel: \"ZN\"",
    );
    let html = served(&session, page);
    assert!(html.contains(r#"<abbr title="Verpleging en verzorging">ZN</abbr>"#));
    assert!(!html.contains(">V&amp;V</abbr>"), "{html}");

    // No longer an abbreviation at all, then one again.
    update(
        &mut session,
        &f,
        "content/begrippen/vvt.md",
        "afkorting_van: \"Verpleeg-, verzorgingshuizen en thuiszorg\"\n",
        "",
    );
    assert!(!served(&session, page).contains(">VVT</abbr>"));
    update(
        &mut session,
        &f,
        "content/begrippen/vvt.md",
        "samenvatting:",
        "afkorting_van: \"Verpleging, verzorging en thuiszorg\"\nsamenvatting:",
    );
    assert!(served(&session, page).contains(VVT));

    // A new glossary entry with an abbreviation the page already uses.
    f.write(
        "content/begrippen/kern.md",
        "---\ntitel: \"Kern\"\nsamenvatting: \"Het midden.\"\nafkorting_van: \"Kernachtig\"\n---\nDe kern.\n",
    );
    f.edit(PAGE, "aanbieders.", "aanbieders in de Kern.");
    let changed = [
        f.root().join("content/begrippen/kern.md"),
        f.root().join(PAGE),
    ];
    session.update(&changed).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(differences_from_build(&session, &f), Vec::<String>::new());
    assert!(served(&session, page).contains(r#"<abbr title="Kernachtig">Kern</abbr>"#));
}

#[test]
fn a_glossary_entry_that_moves_takes_its_links_along() {
    let f = site();
    let mut session = start(&f);
    let from = f.root().join("content/begrippen/vvt.md");
    let to = f.root().join("content/begrippen/vvt-sector.md");
    std::fs::rename(&from, &to).unwrap();
    let changed: Vec<PathBuf> = vec![from, to];
    session.update(&changed).unwrap_or_else(|d| panic!("{d}"));
    assert!(served(&session, "knelpunten/smalle-markt.html").contains("begrippen/vvt-sector.html"));
    assert_eq!(differences_from_build(&session, &f), Vec::<String>::new());
}
