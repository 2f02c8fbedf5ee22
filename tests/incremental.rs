//! Incremental rebuilds (used by `leidraad serve`) must produce exactly what a full build
//! produces: each test edits a copy of the shipped site, updates the session, and
//! compares every output file with a fresh build of the edited files.

mod common;

use leidraad::incremental::Session;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    common::copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("leidraad.yaml"), dir.path().join("leidraad.yaml")).unwrap();
    dir
}

fn fresh(root: &Path) -> HashMap<String, std::sync::Arc<Vec<u8>>> {
    Session::start(root)
        .unwrap_or_else(|d| panic!("{d}"))
        .0
        .files
}

fn assert_same(session: &Session, root: &Path) {
    assert_same_at(session, root, "");
}

fn assert_same_at(session: &Session, root: &Path, step: &str) {
    let full = fresh(root);
    let mut differ: Vec<&String> = full
        .iter()
        .filter(|(p, bytes)| session.files.get(*p) != Some(bytes))
        .map(|(p, _)| p)
        .collect();
    differ.extend(session.files.keys().filter(|p| !full.contains_key(*p)));
    differ.sort();
    assert!(
        differ.is_empty(),
        "{step}: incremental output differs from a full build in: {differ:?}"
    );
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    p
}

fn field_line(root: &Path, rel: &str, key: &str) -> String {
    std::fs::read_to_string(root.join(rel))
        .unwrap()
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap()
        .to_string()
}

#[test]
fn edits_rebuild_only_what_depends_on_them_and_equal_a_full_build() {
    let dir = shipped_copy();
    let root = dir.path();
    let (mut session, _) = Session::start(root).unwrap();
    let total = session.files.len();

    // 1. A body edit re-renders the entry and its neighbours, not the site.
    let p = edit(
        root,
        "content/knelpunten/smalle-markt.md",
        "## ",
        "Een extra alinea.\n\n## ",
    );
    let r = session.update(&[p]).unwrap();
    assert!(!r.full);
    assert!(
        r.paths
            .contains(&"knelpunten/smalle-markt.html".to_string())
    );
    assert!(
        r.paths.len() < total / 3,
        "re-rendered {} of {total}",
        r.paths.len()
    );
    assert_same_at(&session, root, "edit 1");

    // 2. A title edit reaches every page that shows the title.
    let rel = "content/knelpunten/smalle-markt.md";
    let old = field_line(root, rel, "titel:");
    let p = edit(
        root,
        rel,
        &old,
        "titel: \"Een smalle markt met weinig leveranciers\"",
    );
    let r = session.update(&[p]).unwrap();
    assert!(!r.full);
    assert_same_at(&session, root, "edit 2");

    // 3. Relations change: old and new targets get their backlinks updated.
    let rel = "content/faalfactoren/specifiek-maatwerk.md";
    let old = field_line(root, rel, "leidt_tot:");
    let p = edit(
        root,
        rel,
        &old,
        "leidt_tot: [smalle-markt, kostenverdeling]",
    );
    assert!(!session.update(&[p]).unwrap().full);
    assert_same_at(&session, root, "edit 3");

    // 4. A citation's section and a source's title change.
    let p = edit(
        root,
        "content/voordelen/kennis-bundelen.md",
        "sectie: \"",
        "sectie: \"par. ",
    );
    assert!(!session.update(&[p]).unwrap().full);
    assert_same_at(&session, root, "edit 4");
    let rel = "content/bronnen/rvs-inkoopsafari.md";
    let old = field_line(root, rel, "titel:");
    let p = edit(root, rel, &old, "titel: \"Inkoopsafari (RVS)\"");
    assert!(!session.update(&[p]).unwrap().full);
    assert_same_at(&session, root, "edit 5");

    // 5. An example with a filled-in checklist changes an answer.
    let p = edit(
        root,
        "content/voorbeelden/digitale-sleutel-thuiszorg.md",
        "ketenafhankelijk: ja_onzeker",
        "ketenafhankelijk: ja_toegezegd",
    );
    assert!(!session.update(&[p]).unwrap().full);
    assert_same_at(&session, root, "edit 6");

    // 6. Several files in one batch, including a free page.
    let a = edit(root, "content/over.md", "## ", "Nieuwe zin.\n\n## ");
    let b = edit(
        root,
        "content/begrippen/wlz.md",
        "---\n\n",
        "---\n\nToegevoegd.\n\n",
    );
    assert!(!session.update(&[a, b]).unwrap().full);
    assert_same_at(&session, root, "edit 7");
}

#[test]
fn structural_changes_rebuild_everything_and_still_match() {
    let dir = shipped_copy();
    let root = dir.path();
    let (mut session, _) = Session::start(root).unwrap();

    // A menu page's title is in every page's navigation.
    let rel = "content/mededinging.md";
    let old = field_line(root, rel, "titel:");
    let p = edit(root, rel, &old, "titel: \"Mededinging\"");
    assert!(session.update(&[p]).unwrap().full);
    assert_same(&session, root);

    // A new entry changes counts, listings and the sitemap.
    let p = root.join("content/knelpunten/nieuw-knelpunt.md");
    std::fs::write(&p, "---\ntitel: Nieuw\nsamenvatting: Nieuw knelpunt.\ncategorie: \"Markt en leveranciers\"\nbronnen:\n  - bron: pwc-centrale-inkoop-2022\n    sectie: \"3.2\"\n---\nTekst.\n").unwrap();
    assert!(session.update(std::slice::from_ref(&p)).unwrap().full);
    assert_same(&session, root);
    std::fs::remove_file(&p).unwrap();
    assert!(session.update(&[p]).unwrap().full);
    assert_same(&session, root);

    // The checklist and the configuration.
    let p = edit(
        root,
        "content/checklists/centrale-inkoop.yaml",
        "versie: \"1.0\"",
        "versie: \"1.1\"",
    );
    assert!(session.update(&[p]).unwrap().full);
    assert_same(&session, root);
    let p = edit(
        root,
        "leidraad.yaml",
        "plural: Knelpunten",
        "plural: Knelpunten en drempels",
    );
    assert!(session.update(&[p]).unwrap().full);
    assert_same(&session, root);
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_and_the_fix_recovers() {
    let dir = shipped_copy();
    let root = dir.path();
    let (mut session, _) = Session::start(root).unwrap();
    let before = session.files.get("knelpunten/smalle-markt.html").cloned();
    let p = edit(
        root,
        "content/knelpunten/smalle-markt.md",
        "categorie:",
        "categorie: [\n  kapot:",
    );
    let err = session.update(std::slice::from_ref(&p)).unwrap_err();
    assert!(
        err.to_string()
            .contains("content/knelpunten/smalle-markt.md:"),
        "{err}"
    );
    assert_eq!(
        session.files.get("knelpunten/smalle-markt.html").cloned(),
        before,
        "last good page kept"
    );
    edit(
        root,
        "content/knelpunten/smalle-markt.md",
        "categorie: [\n  kapot:",
        "categorie:",
    );
    session.update(&[p]).unwrap();
    assert_same(&session, root);
}

#[test]
fn session_output_equals_leidraad_build_output() {
    let dir = shipped_copy();
    let root = dir.path();
    let (session, _) = Session::start(root).unwrap();
    let out = root.join("public");
    leidraad::site::build(root, Some(&out)).unwrap();
    let built = common::snapshot(&out);
    for (path, bytes) in &built {
        let key = path.to_string_lossy().replace('\\', "/");
        if key == leidraad::output::MARKER {
            continue;
        }
        assert_eq!(
            session.files.get(&key).map(|b| b.as_slice()),
            Some(bytes.as_slice()),
            "{key} differs"
        );
    }
    assert_eq!(session.files.len(), built.len() - 1);
}
