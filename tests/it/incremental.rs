//! Incremental rebuilds (used by `leidraad serve`) must produce exactly what a full build
//! produces. The property test edits a copy of the shipped site 300 times, drawn from
//! every kind of change an author makes, updates the session after each, and compares
//! every output file with a fresh full build.

use crate::common;

use leidraad::session::Session;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    common::copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("leidraad.yaml"), dir.path().join("leidraad.yaml")).unwrap();
    dir
}

fn start(root: &Path) -> Session {
    let (session, first) = Session::start(root);
    first.unwrap_or_else(|d| panic!("{d}"));
    session
}

/// The output paths where the session differs from a fresh full build, and the parts of
/// the model (relations, citations, listings, scored checklists) that differ.
fn differences(session: &Session, root: &Path) -> Vec<String> {
    let fresh_session = start(root);
    let mut differ_model = Vec::new();
    let (a, b) = (
        &session.site().unwrap().content,
        &fresh_session.site().unwrap().content,
    );
    let ids = |c: &leidraad::content::Content| -> Vec<String> {
        c.docs.iter().map(|d| d.id.clone()).collect()
    };
    for (what, same) in [
        ("documents", ids(a) == ids(b)),
        ("backlinks", a.backlinks == b.backlinks),
        ("cited_by", a.cited_by == b.cited_by),
        ("members", a.members == b.members),
        ("assessments", a.assessments == b.assessments),
    ] {
        if !same {
            differ_model.push(format!("model: {what}"));
        }
    }
    let full = fresh_session.files().clone();
    let mut differ: BTreeSet<String> = full
        .iter()
        .filter(|(p, bytes)| session.files().get(*p) != Some(bytes))
        .map(|(p, _)| p.clone())
        .collect();
    differ.extend(
        session
            .files()
            .keys()
            .filter(|p| !full.contains_key(*p))
            .cloned(),
    );
    differ.extend(differ_model);
    differ.into_iter().collect()
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    p
}

fn line_starting(root: &Path, rel: &str, key: &str) -> String {
    std::fs::read_to_string(root.join(rel))
        .unwrap()
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("{rel} has no line starting with {key}"))
        .to_string()
}

#[test]
fn a_title_shown_in_a_filled_in_checklist_follows_its_page() {
    // Measured defect: the example page's checklist links a party; its new title must
    // appear there after an incremental update, as in a full build.
    let dir = shipped_copy();
    let root = dir.path();
    let mut session = start(root);
    let rel = "content/partijen/financiers.md";
    let old = line_starting(root, rel, "titel:");
    let p = edit(root, rel, &old, "titel: \"Financiers (nieuwe titel)\"");
    let r = session.update(&[p]).unwrap_or_else(|d| panic!("{d}"));
    assert!(!r.full);
    let shows = |path: &str| {
        String::from_utf8_lossy(&session.files()[path]).contains("Financiers (nieuwe titel)")
    };
    let readers: Vec<&String> = session
        .files()
        .keys()
        .filter(|p| p.ends_with(".html") && shows(p))
        .collect();
    assert!(
        readers.len() > 3,
        "the new title reaches the pages that show it: {readers:?}"
    );
    assert_eq!(differences(&session, root), Vec::<String>::new());
}

#[test]
fn a_template_edit_renders_again_without_reloading_content() {
    let dir = shipped_copy();
    let root = dir.path();
    let mut session = start(root);
    let base = leidraad::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "templates/entry.html")
        .unwrap()
        .1;
    let path = root.join("themes/default/templates/entry.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = String::from_utf8_lossy(base).replace(
        "<article class=",
        "<p class=\"banner\">Proefversie</p><article class=",
    );
    std::fs::write(&path, text).unwrap();
    let r = session.update(&[path]).unwrap_or_else(|d| panic!("{d}"));
    assert!(!r.full, "a template edit is not a full reload");
    assert!(r.paths.iter().any(|p| p == "knelpunten/smalle-markt.html"));
    assert!(
        !r.paths.iter().any(|p| p == "over.html"),
        "pages rendered by another template stay"
    );
    assert_eq!(differences(&session, root), Vec::<String>::new());
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_and_the_fix_is_incremental() {
    let dir = shipped_copy();
    let root = dir.path();
    let mut session = start(root);
    let before = session.files().get("knelpunten/smalle-markt.html").cloned();
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
        session.files().get("knelpunten/smalle-markt.html").cloned(),
        before,
        "last good page kept"
    );
    edit(
        root,
        "content/knelpunten/smalle-markt.md",
        "categorie: [\n  kapot:",
        "categorie:",
    );
    let r = session.update(&[p]).unwrap_or_else(|d| panic!("{d}"));
    assert!(
        !r.full,
        "the first good save after a broken one is incremental"
    );
    assert_eq!(differences(&session, root), Vec::<String>::new());
}

#[test]
fn session_output_equals_leidraad_build_output() {
    let dir = shipped_copy();
    let root = dir.path();
    let session = start(root);
    let out = root.join("public");
    leidraad::build::build(root, Some(&out)).unwrap();
    let built = common::snapshot(&out);
    for (path, bytes) in &built {
        let key = path.to_string_lossy().replace('\\', "/");
        if key == leidraad::output::MARKER {
            continue;
        }
        assert_eq!(
            session.files().get(&key).map(|b| b.as_slice()),
            Some(bytes.as_slice()),
            "{key} differs"
        );
    }
    assert_eq!(session.files().len(), built.len() - 1);
}

/// A small deterministic generator, so every run makes the same edits.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The shipped site as the generator sees it: which files and ids exist.
struct Corpus {
    root: PathBuf,
    /// Entries and pages: (path relative to the root, id, kind id or "" for pages).
    docs: Vec<(String, String, String)>,
    /// Relations: kind id -> [(relation name, target kind ids)].
    relations: HashMap<String, Vec<(String, Vec<String>)>>,
    /// Files added by the test, which may be renamed or deleted again.
    added: Vec<String>,
}

impl Corpus {
    fn new(root: &Path) -> Corpus {
        let (site, _) = leidraad::site::load(root).unwrap_or_else(|d| panic!("{d}"));
        let kind_id = |d: &leidraad::document::Doc| match d.kind {
            leidraad::document::DocKind::Entry(k) => site.config.kinds[k].id.clone(),
            leidraad::document::DocKind::Page => String::new(),
        };
        let docs = site
            .content
            .docs
            .iter()
            .map(|d| {
                (
                    d.file.to_string_lossy().into_owned(),
                    d.id.clone(),
                    kind_id(d),
                )
            })
            .collect();
        let relations = site
            .config
            .kinds
            .iter()
            .map(|k| {
                (
                    k.id.clone(),
                    k.relations
                        .iter()
                        .map(|r| (r.name.clone(), r.targets.clone()))
                        .collect(),
                )
            })
            .collect();
        Corpus {
            root: root.to_path_buf(),
            docs,
            relations,
            added: Vec::new(),
        }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// A theme file as the site has it: its own copy under `themes/default/` (made from
    /// the built-in theme on first use, which changes no output).
    fn theme_file(&self, name: &str) -> String {
        let rel = format!("themes/default/{name}");
        if !self.root.join(&rel).exists() {
            let bytes = leidraad::theme::DEFAULT_THEME
                .iter()
                .find(|(p, _)| *p == name)
                .unwrap()
                .1;
            self.write(&rel, &String::from_utf8_lossy(bytes));
        }
        rel
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Replaces the first line that starts with `prefix` inside the front matter.
    fn set_line(&self, rel: &str, prefix: &str, new: &str) -> Option<PathBuf> {
        let text = self.read(rel);
        let mut out = String::new();
        let mut done = false;
        for line in text.split_inclusive('\n') {
            if !done && line.starts_with(prefix) {
                out.push_str(new);
                out.push('\n');
                done = true;
            } else {
                out.push_str(line);
            }
        }
        done.then(|| self.write(rel, &out))
    }

    /// The inline list `name: [a, b]` of a file, if it has one.
    fn inline_list(&self, rel: &str, name: &str) -> Option<(String, Vec<String>)> {
        let prefix = format!("{name}: [");
        let line = self
            .read(rel)
            .lines()
            .find(|l| l.starts_with(&prefix))?
            .to_string();
        let inner = line.strip_prefix(&prefix)?.strip_suffix(']')?;
        let ids = inner
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        Some((line, ids))
    }

    fn ids_of_kinds(&self, kinds: &[String]) -> Vec<String> {
        self.docs
            .iter()
            .filter(|(_, _, k)| kinds.contains(k))
            .map(|(_, id, _)| id.clone())
            .collect()
    }

    /// Removes `id` from every inline relation list; returns the files changed.
    fn drop_references(&self, id: &str) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        for (rel, _, kind) in &self.docs {
            let Some(rels) = self.relations.get(kind) else {
                continue;
            };
            for (name, _) in rels {
                if let Some((line, ids)) = self.inline_list(rel, name)
                    && ids.iter().any(|i| i == id)
                {
                    let kept: Vec<&String> = ids.iter().filter(|i| *i != id).collect();
                    let new = format!(
                        "{name}: [{}]",
                        kept.iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    changed.extend(self.set_line(rel, &line, &new));
                }
            }
        }
        changed
    }
}

/// One random edit of the kind numbered `what`; returns the files it touched, or an
/// empty list when this edit does not apply right now.
fn random_edit(c: &mut Corpus, rng: &mut Lcg, n: usize, what: usize) -> Vec<PathBuf> {
    let entries: Vec<(String, String, String)> = c
        .docs
        .iter()
        .filter(|(_, _, k)| !k.is_empty())
        .cloned()
        .collect();
    match what {
        // Title of any page or entry (menu pages included: every page shows those).
        0 => {
            let (rel, _, _) = rng.pick(&c.docs).clone();
            c.set_line(&rel, "titel:", &format!("titel: \"Titel {n}\""))
                .into_iter()
                .collect()
        }
        // Summary.
        1 => {
            let (rel, _, _) = rng.pick(&c.docs).clone();
            c.set_line(
                &rel,
                "samenvatting:",
                &format!("samenvatting: \"Samenvatting {n}.\""),
            )
            .into_iter()
            .collect()
        }
        // Body: a paragraph with a link by id, so `[](@id)` titles are exercised too.
        2 => {
            let (rel, _, _) = rng.pick(&c.docs).clone();
            // Only shipped entries: added ones may be deleted again.
            let shipped: Vec<&(String, String, String)> =
                entries.iter().filter(|e| !c.added.contains(&e.0)).collect();
            let (_, target, _) = (*rng.pick(&shipped)).clone();
            let text = c.read(&rel);
            vec![c.write(
                &rel,
                &format!("{text}\nAlinea {n} met een verwijzing naar [](@{target}).\n"),
            )]
        }
        // A relation gains a target.
        3 => {
            let (rel, _, kind) = rng.pick(&entries).clone();
            let Some(rels) = c.relations.get(&kind).cloned().filter(|r| !r.is_empty()) else {
                return Vec::new();
            };
            let (name, targets) = rng.pick(&rels).clone();
            let candidates = c.ids_of_kinds(&targets);
            if candidates.is_empty() {
                return Vec::new();
            }
            let target = rng.pick(&candidates).clone();
            match c.inline_list(&rel, &name) {
                Some((line, mut ids)) if !ids.contains(&target) => {
                    ids.push(target);
                    c.set_line(&rel, &line, &format!("{name}: [{}]", ids.join(", ")))
                        .into_iter()
                        .collect()
                }
                Some(_) => Vec::new(),
                None if !c.read(&rel).contains(&format!("\n{name}:")) => c
                    .set_line(
                        &rel,
                        "titel:",
                        &format!("{name}: [{target}]\n{}", {
                            let t = c.read(&rel);
                            t.lines()
                                .find(|l| l.starts_with("titel:"))
                                .unwrap()
                                .to_string()
                        }),
                    )
                    .into_iter()
                    .collect(),
                None => Vec::new(),
            }
        }
        // A relation loses a target (a required relation keeps at least one).
        4 => {
            let (rel, _, kind) = rng.pick(&entries).clone();
            let Some(rels) = c.relations.get(&kind).cloned().filter(|r| !r.is_empty()) else {
                return Vec::new();
            };
            let (name, _) = rng.pick(&rels).clone();
            match c.inline_list(&rel, &name) {
                Some((line, ids)) if ids.len() > 1 => {
                    let drop = rng.below(ids.len());
                    let kept: Vec<&String> = ids
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != drop)
                        .map(|(_, s)| s)
                        .collect();
                    let kept: Vec<&str> = kept.iter().map(|s| s.as_str()).collect();
                    c.set_line(&rel, &line, &format!("{name}: [{}]", kept.join(", ")))
                        .into_iter()
                        .collect()
                }
                _ => Vec::new(),
            }
        }
        // A citation's section.
        5 => {
            let (rel, _, _) = rng.pick(&entries).clone();
            let text = c.read(&rel);
            if !text.contains("sectie: \"") {
                return Vec::new();
            }
            vec![c.write(
                &rel,
                &text.replacen("sectie: \"", &format!("sectie: \"{n} "), 1),
            )]
        }
        // An example's filled-in checklist: another option for one answer.
        6 => {
            let examples: Vec<&(String, String, String)> = c
                .docs
                .iter()
                .filter(|(rel, _, _)| c.read(rel).contains("beoordeling:"))
                .collect();
            if examples.is_empty() {
                return Vec::new();
            }
            let rel = rng.pick(&examples).0.clone();
            let (site, _) = leidraad::site::load(&c.root).unwrap();
            let checklist = &site.content.checklist("centrale-inkoop").unwrap().checklist;
            let questions: Vec<&leidraad::checklist::Question> = checklist.questions().collect();
            let q = rng.pick(&questions);
            let option = rng.pick(&q.options).id.clone();
            let text = c.read(&rel);
            let mut out = String::new();
            let mut in_answers = false;
            let mut skipping = false;
            for line in text.split_inclusive('\n') {
                if line.trim_start().starts_with("antwoorden:") {
                    in_answers = true;
                    out.push_str(line);
                    out.push_str(&format!("    {}: {option}\n", q.id));
                    continue;
                }
                let entry = line.starts_with("    ") && !line.starts_with("     ");
                let continuation = line.starts_with("     ");
                if in_answers && entry {
                    // The old answer to this question (and its continuation lines) goes.
                    skipping = line.trim_start().starts_with(&format!("{}:", q.id));
                    if skipping {
                        continue;
                    }
                } else if in_answers && continuation {
                    if skipping {
                        continue;
                    }
                } else {
                    in_answers = false;
                    skipping = false;
                }
                out.push_str(line);
            }
            vec![c.write(&rel, &out)]
        }
        // A checklist question's text or an option's label.
        7 => {
            let rel = "content/checklists/centrale-inkoop.yaml";
            let text = c.read(rel);
            let key = if rng.below(2) == 0 {
                "vraag: \""
            } else {
                "label: \""
            };
            let count = text.matches(key).count();
            if count == 0 {
                return Vec::new();
            }
            let nth = rng.below(count);
            let mut idx = 0;
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(i) = rest.find(key) {
                out.push_str(&rest[..i + key.len()]);
                rest = &rest[i + key.len()..];
                if idx == nth {
                    out.push_str(&format!("{n} "));
                }
                idx += 1;
            }
            out.push_str(rest);
            vec![c.write(rel, &out)]
        }
        // A data file value (every page's footer).
        8 => {
            let rel = "content/data/organisatie.yaml";
            c.set_line(rel, "naam:", &format!("naam: \"Uitgever {n}\""))
                .into_iter()
                .collect()
        }
        // A template override: entry pages, or every page through base.html.
        9 => {
            let name = *rng.pick(&[
                "templates/entry.html",
                "templates/base.html",
                "templates/list.html",
            ]);
            let default = leidraad::theme::DEFAULT_THEME
                .iter()
                .find(|(p, _)| *p == name)
                .unwrap()
                .1;
            let text = String::from_utf8_lossy(default).replace(
                "</main>",
                &format!("<p class=\"proef\">Proef {n}</p></main>"),
            );
            let text = if text.contains(&format!("Proef {n}")) {
                text
            } else {
                format!("{text}{{# proef {n} #}}")
            };
            vec![c.write(&format!("themes/default/{name}"), &text)]
        }
        // A new entry that points at an existing one.
        10 => {
            let targets = c.ids_of_kinds(&["knelpunt".to_string()]);
            let target = rng.pick(&targets).clone();
            let id = format!("nieuw-{n}");
            let rel = format!("content/knelpunten/{id}.md");
            let p = c.write(
                &rel,
                &format!(
                    "---\ntitel: \"Nieuw knelpunt {n}\"\nsamenvatting: \"Een nieuw knelpunt.\"\ncategorie: \"Markt en leveranciers\"\nhangt_samen_met: [{target}]\nbronnen:\n  - bron: pwc-centrale-inkoop-2022\n    sectie: \"3.2\"\n---\n## Wat is er aan de hand?\n\nTekst {n}, zie [](@{target}).\n"
                ),
            );
            c.docs.push((rel.clone(), id, "knelpunt".into()));
            c.added.push(rel);
            vec![p]
        }
        // An added entry is deleted, with the references to it.
        11 => {
            if c.added.is_empty() {
                return Vec::new();
            }
            let rel = c.added.remove(rng.below(c.added.len()));
            let id = Path::new(&rel)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            c.docs.retain(|(r, _, _)| *r != rel);
            let mut changed = c.drop_references(&id);
            std::fs::remove_file(c.root.join(&rel)).unwrap();
            changed.push(c.root.join(&rel));
            changed
        }
        // An added entry is renamed (a new id), its references follow.
        12 => {
            if c.added.is_empty() {
                return Vec::new();
            }
            let i = rng.below(c.added.len());
            let rel = c.added[i].clone();
            let id = Path::new(&rel)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let new_id = format!("hernoemd-{n}");
            let new_rel = format!("content/knelpunten/{new_id}.md");
            std::fs::rename(c.root.join(&rel), c.root.join(&new_rel)).unwrap();
            let mut changed = vec![c.root.join(&rel), c.root.join(&new_rel)];
            for (r, _, kind) in c.docs.clone() {
                let Some(rels) = c.relations.get(&kind) else {
                    continue;
                };
                for (name, _) in rels.clone() {
                    if r == rel {
                        continue;
                    }
                    if let Some((line, ids)) = c.inline_list(&r, &name)
                        && ids.contains(&id)
                    {
                        let ids: Vec<String> = ids
                            .into_iter()
                            .map(|x| if x == id { new_id.clone() } else { x })
                            .collect();
                        changed.extend(c.set_line(
                            &r,
                            &line,
                            &format!("{name}: [{}]", ids.join(", ")),
                        ));
                    }
                }
            }
            for d in c.docs.iter_mut() {
                if d.0 == rel {
                    *d = (new_rel.clone(), new_id.clone(), "knelpunt".into());
                }
            }
            c.added[i] = new_rel;
            changed
        }
        // A theme string (every page shows the home label).
        13 => {
            let rel = c.theme_file("i18n.yaml");
            c.set_line(&rel, "  home:", &format!("  home: \"Start {n}\""))
                .into_iter()
                .collect()
        }
        // The calculator: its title (the menu of every page, the checklist's link to
        // it), a label or a note, or its introduction with a link to an entry.
        14 => {
            let rel = "content/rekenhulpen/samen-of-alleen.yaml";
            match rng.below(3) {
                0 => c.set_line(rel, "titel:", &format!("titel: \"Rekenhulp {n}\"")),
                1 => {
                    let shipped: Vec<&(String, String, String)> =
                        entries.iter().filter(|e| !c.added.contains(&e.0)).collect();
                    let (_, target, _) = (*rng.pick(&shipped)).clone();
                    c.set_line(
                        rel,
                        "  Let vooral op",
                        &format!("  Let vooral op alinea {n}, zie [](@{target})."),
                    )
                }
                _ => {
                    let key = *rng.pick(&["label: \"", "tekst: \""]);
                    let text = c.read(rel);
                    let count = text.matches(key).count();
                    let nth = rng.below(count);
                    let at = text.match_indices(key).nth(nth).map(|(i, _)| i + key.len());
                    at.map(|i| c.write(rel, &format!("{}{n} {}", &text[..i], &text[i..])))
                }
            }
            .into_iter()
            .collect()
        }
        _ => unreachable!(),
    }
}

/// A copied file changes while a page is broken: the copy must arrive once the page is
/// fixed. Returns the fix, for the caller's update.
fn while_broken(c: &mut Corpus, rng: &mut Lcg, session: &mut Session, n: usize) -> Vec<PathBuf> {
    let (rel, _, _) = rng.pick(&c.docs).clone();
    let good = c.read(&rel);
    let bad = c.write(&rel, "---\ntitel: [\n---\nkapot\n");
    assert!(session.update(&[bad]).is_err(), "{rel} is broken");
    let changed: Vec<PathBuf> = match rng.below(5) {
        // A new file in the site's static folder.
        0 => vec![c.write(&format!("static/extra-{n}.css"), &format!("p{{--n:{n}}}"))],
        // A new image among the content, and another one replaced.
        1 => {
            let png = b"\x89PNG\r\n\x1a\nproef".repeat(n % 7 + 1);
            let p = c.root.join(format!("content/afbeeldingen/proef-{n}.png"));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, &png).unwrap();
            vec![p]
        }
        // The theme's stylesheet in the site's theme folder.
        2 => {
            let rel = c.theme_file("static/style.css");
            let text = format!("{}\n/* proef {n} */\n", c.read(&rel));
            vec![c.write(&rel, &text)]
        }
        // A theme string.
        3 => {
            let rel = c.theme_file("i18n.yaml");
            c.set_line(&rel, "  home:", &format!("  home: \"Thuis {n}\""))
                .into_iter()
                .collect()
        }
        // A folder of images renamed.
        _ => {
            let from = c.root.join("content/afbeeldingen");
            if !from.is_dir() {
                return vec![c.write(&rel, &good)];
            }
            let to = c.root.join(format!("content/beelden-{n}"));
            std::fs::rename(&from, &to).unwrap();
            std::fs::rename(&to, &from).ok();
            let renamed = c.root.join(format!("content/illustraties-{n}"));
            std::fs::rename(&from, &renamed).unwrap();
            vec![from, to, renamed]
        }
    };
    assert!(session.update(&changed).is_err(), "{rel} is still broken");
    vec![c.write(&rel, &good)]
}

#[test]
fn random_edits_each_equal_a_full_build() {
    let edits = common::campaign(60, 300);
    let dir = shipped_copy();
    let root = dir.path();
    let mut corpus = Corpus::new(root);
    let mut session = start(root);
    let mut rng = Lcg(0x1e1d_aad5);
    let mut done = 0;
    let mut kinds_seen = BTreeSet::new();
    let mut attempts = 0;
    while done < edits {
        attempts += 1;
        assert!(
            attempts < edits * 10,
            "the generator keeps producing nothing"
        );
        // Every kind once first (in order: an added file exists before it is renamed or
        // deleted), then at random.
        let what = if attempts <= 16 {
            attempts - 1
        } else {
            rng.below(16)
        };
        let changed = if what == 15 {
            while_broken(&mut corpus, &mut rng, &mut session, done)
        } else {
            random_edit(&mut corpus, &mut rng, done, what)
        };
        if changed.is_empty() {
            continue;
        }
        // Every other edit the way `serve` makes it: the pages first, then the outputs
        // that show every page (`settle`).
        session.defer_aggregates = done % 2 == 0;
        let result = session.update(&changed);
        if let Err(d) = &result {
            panic!("edit {done} (kind {what}) broke the site: {d}");
        }
        if let Some(Err(d)) = session.settle() {
            panic!("edit {done} (kind {what}): the deferred outputs broke: {d}");
        }
        let differ = differences(&session, root);
        assert!(
            differ.is_empty(),
            "edit {done} (kind {what}, files {changed:?}): incremental output differs from a full build in {differ:?}"
        );
        kinds_seen.insert(what);
        done += 1;
    }
    assert_eq!(
        kinds_seen.len(),
        16,
        "every kind of edit was made: {kinds_seen:?}"
    );
}

/// The outputs one update wrote again, for the tests below (every output at once: the
/// session does not leave the outputs that show every page for later).
fn rewritten(session: &mut Session, changed: &[PathBuf]) -> BTreeSet<String> {
    let r = session.update(changed).unwrap_or_else(|d| panic!("{d}"));
    r.paths.into_iter().collect()
}

fn minimal() -> (common::Fixture, Session) {
    let f = common::Fixture::new("minimal");
    let session = start(f.root());
    (f, session)
}

/// Every output rendered from a template or made from the search index.
fn rendered_outputs(session: &Session) -> BTreeSet<String> {
    let site = session.site().unwrap();
    site.jobs().into_iter().map(|j| site.job_path(j)).collect()
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

#[test]
fn a_static_file_reruns_only_its_copy() {
    let (f, mut session) = minimal();
    f.write("static/extra.css", "p { color: red }");
    let p = f.root().join("static/extra.css");
    assert_eq!(
        rewritten(&mut session, std::slice::from_ref(&p)),
        set(&["static/extra.css"])
    );
    f.write("static/extra.css", "p { color: blue }");
    assert_eq!(
        rewritten(&mut session, std::slice::from_ref(&p)),
        set(&["static/extra.css"])
    );
    assert_eq!(
        &**session.files().get("static/extra.css").unwrap(),
        b"p { color: blue }"
    );
    f.remove("static/extra.css");
    assert_eq!(rewritten(&mut session, &[p]), set(&["static/extra.css"]));
    assert!(session.files().get("static/extra.css").is_none());
}

#[test]
fn an_asset_reruns_only_its_copy() {
    let (f, mut session) = minimal();
    f.write("content/beelden/schema.png", "png 1");
    let p = f.root().join("content/beelden/schema.png");
    assert_eq!(
        rewritten(&mut session, std::slice::from_ref(&p)),
        set(&["beelden/schema.png"])
    );
    f.write("content/beelden/schema.png", "png 2");
    assert_eq!(rewritten(&mut session, &[p]), set(&["beelden/schema.png"]));
    assert_eq!(
        &**session.files().get("beelden/schema.png").unwrap(),
        b"png 2"
    );
}

#[test]
fn a_template_reruns_only_the_outputs_that_use_it() {
    let (f, mut session) = minimal();
    // The not-found page is the only output rendered with 404.html.
    let default = leidraad::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "templates/404.html")
        .unwrap()
        .1;
    let text = String::from_utf8_lossy(default).replace("</div>", "<p>Proef</p></div>");
    f.write("themes/default/templates/404.html", &text);
    let p = f.root().join("themes/default/templates/404.html");
    assert_eq!(rewritten(&mut session, &[p]), set(&["404.html"]));
    assert!(String::from_utf8_lossy(&session.files()["404.html"]).contains("<p>Proef</p>"));
}

#[test]
fn a_body_edit_reruns_its_page_and_what_shows_its_text() {
    let (f, mut session) = minimal();
    let before = session.files().clone();
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "\n\n",
        "\n\nEen nieuwe zin in de tekst.\n\n",
    );
    let p = f.root().join("content/knelpunten/smalle-markt.md");
    let again = rewritten(&mut session, &[p]);
    // Every output whose bytes changed (the search index's files are made together, so
    // one of them may be made again unchanged).
    let changed = changed_files(&before, session.files());
    assert!(changed.is_subset(&again), "{changed:?} not in {again:?}");
    assert!(
        again
            .iter()
            .all(|p| changed.contains(p) || p.starts_with("search/"))
    );
    // Its own page and the outputs that hold every page's text: the whole guide and the
    // search index (its document list, the term shards of the new words, the text
    // shard of this page). Listings show only title, summary and fields, so they stay.
    for shows_the_text in [
        "knelpunten/smalle-markt.html",
        "leidraad-compleet.html",
        "search/meta.js",
    ] {
        assert!(
            again.contains(shows_the_text),
            "{shows_the_text}: {again:?}"
        );
    }
    assert_eq!(text_shards(&again).len(), 1, "{again:?}");
    assert!(again.iter().any(|p| p.starts_with("search/terms-")));
    for unrelated in [
        "knelpunten/index.html",
        "index.html",
        "faalfactoren/maatwerk.html",
    ] {
        assert!(!again.contains(unrelated), "{unrelated}: {again:?}");
    }
}

/// Output paths whose bytes differ between two pictures of a session's files.
fn changed_files(
    before: &leidraad::FastMap<String, std::sync::Arc<Vec<u8>>>,
    after: &leidraad::FastMap<String, std::sync::Arc<Vec<u8>>>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out
}

fn text_shards(paths: &BTreeSet<String>) -> Vec<&String> {
    paths
        .iter()
        .filter(|p| p.starts_with("search/text-"))
        .collect()
}

#[test]
fn a_data_file_reruns_every_output_that_shows_the_globals() {
    let (f, mut session) = minimal();
    let all = rendered_outputs(&session);
    f.edit("content/data/organisatie.yaml", "naam:", "naam: Anders #");
    let p = f.root().join("content/data/organisatie.yaml");
    // Every template sees the data; the text shards of the search index hold only their
    // documents' text and do not.
    let mut expected = all.clone();
    expected.retain(|p| !p.starts_with("search/text-"));
    let again = rewritten(&mut session, &[p]);
    assert!(expected.is_subset(&again), "{expected:?} not in {again:?}");
    assert!(again.is_subset(&all), "{again:?}");
}

#[test]
fn the_configuration_reruns_every_rendered_output_but_no_copy() {
    let (f, mut session) = minimal();
    let all = rendered_outputs(&session);
    f.edit(
        "leidraad.yaml",
        "Een kleine site voor de tests.",
        "Een andere beschrijving.",
    );
    let p = f.root().join("leidraad.yaml");
    assert_eq!(rewritten(&mut session, &[p]), all);
}

#[test]
fn a_commit_reruns_the_outputs_that_show_the_dates_it_changed() {
    let f = common::Fixture::new("minimal");
    let git = |date: &str, args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(f.root())
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    let (march, november) = ("2026-03-04T10:00:00+01:00", "2026-11-20T15:30:00+01:00");
    git(march, &["init", "-q"]);
    git(march, &["add", "-A"]);
    git(march, &["commit", "-q", "-m", "eerste"]);
    let mut session = start(f.root());
    // A later commit of one page: no file the watcher sees changes, but its date does.
    f.edit("content/over.md", "\n\n", "\n\nNieuw.\n\n");
    let p = f.root().join("content/over.md");
    rewritten(&mut session, &[p]);
    git(november, &["commit", "-q", "-a", "-m", "tweede"]);
    let after = rewritten(&mut session, &[]);
    for shows_the_date in [
        "over.html",
        "sitemap.xml",
        "wijzigingen.html",
        "wijzigingen.xml",
    ] {
        assert!(
            after.contains(shows_the_date),
            "{shows_the_date} not in {after:?}"
        );
    }
    for unrelated in [
        "knelpunten/smalle-markt.html",
        "faalfactoren/maatwerk.html",
        "404.html",
    ] {
        assert!(!after.contains(unrelated), "{unrelated} in {after:?}");
    }
}

#[test]
fn a_save_without_changes_rewrites_nothing() {
    let (f, mut session) = minimal();
    let p = f.root().join("content/knelpunten/smalle-markt.md");
    let text = std::fs::read(&p).unwrap();
    std::fs::write(&p, text).unwrap();
    assert_eq!(rewritten(&mut session, &[p]), BTreeSet::new());
}

#[test]
fn a_file_read_half_written_then_whole_renders_only_what_changed() {
    let (f, mut session) = minimal();
    let p = f.root().join("content/knelpunten/smalle-markt.md");
    let good = std::fs::read_to_string(&p).unwrap();
    let published_before_the_empty_save = session.files().clone();
    std::fs::write(&p, "").unwrap();
    assert!(session.update(std::slice::from_ref(&p)).is_err());
    std::fs::write(
        &p,
        good.replace("Weinig aanbieders.", "Heel weinig aanbieders."),
    )
    .unwrap();
    // Compared with what was published, not with the empty file in between: the page
    // and the outputs that hold its text, as for any body edit.
    let before = published_before_the_empty_save.clone();
    let again = rewritten(&mut session, &[p]);
    let changed = changed_files(&before, session.files());
    assert!(changed.is_subset(&again), "{changed:?} not in {again:?}");
    assert!(
        again
            .iter()
            .all(|p| changed.contains(p) || p.starts_with("search/"))
    );
    assert!(again.contains("knelpunten/smalle-markt.html"), "{again:?}");
    assert_eq!(text_shards(&again).len(), 1, "{again:?}");
    assert!(!again.contains("knelpunten/index.html"), "{again:?}");
}
