//! The content model: every file under `content/` read into [`Sources`], then assembled
//! into [`Content`]: documents indexed by id, relations resolved, backlinks and
//! citations computed, checklists validated and filled-in checklists scored.
//!
//! A full build reads every source; `serve` re-reads only the changed ones and assembles
//! again, so both produce the same model.

use crate::checklist::{self, LoadedChecklist};
use crate::config::{FieldType, SiteConfig};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::document::{self, Doc, DocKind};
use crate::files::{self, CONTENT_DIR, Role};
use crate::fsutil;
use crate::{FastMap, FastSet};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::document::is_valid_id;

/// One file under `content/`, read and parsed on its own.
#[derive(Debug, Clone)]
pub enum Source {
    /// A page or entry (`None` when it could not be used at all).
    Doc(Option<Arc<Doc>>, Diagnostics),
    /// A data file for templates.
    Data(Option<Arc<serde_json::Value>>, Diagnostics),
    /// A readiness checklist.
    Checklist(Option<Arc<LoadedChecklist>>, Diagnostics),
    /// A calculator (rekenhulp).
    Calculator(
        Option<Arc<crate::calculator::LoadedCalculator>>,
        Diagnostics,
    ),
    /// A file published as it is.
    Asset,
    /// Markdown in a place where no page or entry can be.
    Stray(Diagnostics),
}

impl Source {
    /// The problems found while reading this file.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Source::Doc(_, d)
            | Source::Data(_, d)
            | Source::Checklist(_, d)
            | Source::Calculator(_, d)
            | Source::Stray(d) => Some(d),
            Source::Asset => None,
        }
    }
}

/// Every file under `content/`, by path relative to `content/`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The files, sorted by path so builds are deterministic.
    pub files: BTreeMap<PathBuf, Source>,
    /// Problems of the folder walk itself (symbolic links, unreadable folders), by path
    /// relative to `content/`.
    pub walk: BTreeMap<PathBuf, Diagnostic>,
}

impl Sources {
    /// Reads every file under `root/content/`.
    pub fn scan(root: &Path, config: &SiteConfig) -> Sources {
        let mut sources = Sources::default();
        let content_root = root.join(CONTENT_DIR);
        if content_root.is_symlink() {
            // Links are never followed (see `walk`), the content folder included: it
            // would publish whatever folder it points at.
            sources.walk.insert(
                PathBuf::new(),
                Diagnostic::error(
                    CONTENT_DIR,
                    "symlink",
                    "content/ is a symbolic link; leidraad does not follow links, which could publish files from anywhere on this computer",
                )
                .with_hint("move the folder itself here, or build with --root pointing at the site folder that holds it"),
            );
            return sources;
        }
        if !content_root.is_dir() {
            sources.walk.insert(
                PathBuf::new(),
                Diagnostic::error(
                    CONTENT_DIR,
                    "content-missing",
                    "there is no content/ folder next to leidraad.yaml",
                ),
            );
            return sources;
        }
        let found = walk(&content_root, &mut sources.walk);
        let read: Vec<(PathBuf, Source)> = found
            .into_par_iter()
            .filter_map(|rel| {
                let source = read_source(root, &rel, config)?;
                Some((rel, source))
            })
            .collect();
        sources.files.extend(read);
        sources
    }

    /// Re-reads the file or folder at `rel` (relative to `content/`) after a change:
    /// updated, added or, when it no longer exists, removed.
    pub fn refresh(&mut self, root: &Path, rel: &Path, config: &SiteConfig) {
        let path = root.join(CONTENT_DIR).join(rel);
        if path.is_file() && !path.is_symlink() {
            match read_source(root, rel, config) {
                Some(s) => {
                    self.files.insert(rel.to_path_buf(), s);
                }
                None => {
                    self.files.remove(rel);
                }
            }
            return;
        }
        // Gone, a folder, or a link: whatever was at or under it is read again or dropped.
        self.files.retain(|p, _| !p.starts_with(rel));
        self.walk.retain(|p, _| !p.starts_with(rel));
        if path.is_dir() || path.is_symlink() {
            let mut walk_diags = BTreeMap::new();
            let found = walk(&path, &mut walk_diags);
            for (p, d) in walk_diags {
                self.walk.insert(rel.join(p), d);
            }
            for sub in found {
                let rel_sub = rel.join(sub);
                if let Some(s) = read_source(root, &rel_sub, config) {
                    self.files.insert(rel_sub, s);
                }
            }
        }
    }
}

/// Every file below `dir` that is not ignored, relative to `dir`, sorted. Problems are
/// recorded by path relative to `dir`.
fn walk(dir: &Path, diags: &mut BTreeMap<PathBuf, Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !files::is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                diags.insert(
                    rel,
                    Diagnostic::error(path, "io", format!("cannot read: {e}")),
                );
                continue;
            }
        };
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if entry.path_is_symlink() {
            // A link could point anywhere on the machine; the site never copies or serves it.
            diags.insert(
                rel.to_path_buf(),
                Diagnostic::warning(
                    content_file(dir, entry.path()),
                    "symlink",
                    "symbolic links are skipped: copy the file into content/ instead",
                ),
            );
            continue;
        }
        if entry.file_type().is_file() {
            out.push(rel.to_path_buf());
        }
    }
    out
}

/// `path` as the author knows it: relative to the site root, starting at `content/`.
fn content_file(walked: &Path, path: &Path) -> PathBuf {
    let parts: Vec<_> = walked.components().collect();
    match parts.iter().rposition(|c| c.as_os_str() == CONTENT_DIR) {
        Some(i) => {
            let base: PathBuf = parts[..i].iter().collect();
            path.strip_prefix(&base).unwrap_or(path).to_path_buf()
        }
        None => path.to_path_buf(),
    }
}

/// Reads one file under `content/` according to its role; `None` for ignored files.
pub fn read_source(root: &Path, rel: &Path, config: &SiteConfig) -> Option<Source> {
    let content_root = root.join(CONTENT_DIR);
    let role = files::classify(&Path::new(CONTENT_DIR).join(rel), &config.layout());
    Some(match role {
        Role::Page(rel) => parsed_doc(document::parse(&content_root, &rel, DocKind::Page, config)),
        Role::Entry(k, rel) => parsed_doc(document::parse(
            &content_root,
            &rel,
            DocKind::Entry(k),
            config,
        )),
        Role::Data(rel) => {
            let max = config.max_file_bytes();
            match load_data(
                &content_root.join(&rel),
                &Path::new(CONTENT_DIR).join(&rel),
                max,
            ) {
                Ok(v) => Source::Data(Some(Arc::new(v)), Diagnostics::default()),
                Err(d) => Source::Data(None, d.into()),
            }
        }
        Role::Checklist(rel) => match checklist::load(root, &rel, config.max_file_bytes()) {
            Ok(c) => Source::Checklist(Some(Arc::new(c)), Diagnostics::default()),
            Err(d) => Source::Checklist(None, d),
        },
        Role::Calculator(rel) => {
            match crate::calculator::load(root, &rel, config.max_file_bytes()) {
                Ok(c) => Source::Calculator(Some(Arc::new(c)), Diagnostics::default()),
                Err(d) => Source::Calculator(None, d),
            }
        }
        Role::StrayMarkdown(rel) => Source::Stray(stray_markdown(&rel, config).into()),
        Role::Asset(_) => Source::Asset,
        Role::Config | Role::Theme(_) | Role::Static(_) | Role::Ignored => return None,
    })
}

fn parsed_doc((doc, diags): (Option<Doc>, Diagnostics)) -> Source {
    Source::Doc(doc.map(Arc::new), diags)
}

fn stray_markdown(rel: &Path, config: &SiteConfig) -> Diagnostic {
    let dir = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind_paths: Vec<&str> = config.kinds.iter().map(|k| k.path.as_str()).collect();
    let file = Path::new(CONTENT_DIR).join(rel);
    if kind_paths.contains(&dir.as_str()) {
        return Diagnostic::error(
            file,
            "nested-entry",
            format!("entries must sit directly in content/{dir}/, not in a subfolder"),
        )
        .with_hint(format!("move the file to content/{dir}/"));
    }
    // A folder named after a kind (`regels` for `regelgeving`) is the likely mistake:
    // a common beginning counts as near, as a small typo does.
    let near = crate::diagnostic::closest(&dir, kind_paths.iter().copied()).or_else(|| {
        kind_paths
            .iter()
            .copied()
            .filter(|p| common_prefix(p, &dir) >= 4)
            .max_by_key(|p| common_prefix(p, &dir))
    });
    let hint = match near {
        Some(p) => format!(
            "move the file to content/{p}/, or declare a kind with `path: {dir}` in leidraad.yaml"
        ),
        None => format!(
            "move the file to the folder of its kind ({}), or declare a kind with `path: {dir}` in leidraad.yaml",
            kind_paths
                .iter()
                .map(|p| format!("content/{p}/"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::error(
        file,
        "unknown-kind",
        format!(
            "folder `{dir}` holds Markdown but does not belong to any kind declared in leidraad.yaml{}",
            near.map(|p| format!("; did you mean `{p}`?")).unwrap_or_default()
        ),
    )
    .with_hint(hint)
}

/// How many characters two names share at their start.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Reads one data file; problems name it as `file` (relative to the site root).
fn load_data(path: &Path, file: &Path, max: u64) -> Result<serde_json::Value, Diagnostic> {
    let text = fsutil::read_text(path, max).map_err(|e| e.into_diagnostic(file))?;
    let loaded = crate::yaml::load_for_templates(&text, 1, file).map_err(|mut d| {
        // One problem suffices: a data file that cannot be read has no data.
        d.sort();
        d.items()
            .first()
            .cloned()
            .unwrap_or_else(|| Diagnostic::error(file, "yaml-syntax", "cannot read"))
    })?;
    drop(text);
    let empty = || {
        Diagnostic::error(
            file,
            "empty-data",
            "the data file is empty: it should hold `key: value` lines or a list (templates read it as data.<file name>)",
        )
    };
    let value = match loaded {
        crate::yaml::ForTemplates::Json(json) if json.is_null() => return Err(empty()),
        crate::yaml::ForTemplates::Json(json) => return Ok(json),
        crate::yaml::ForTemplates::Yaml(value) => value,
    };
    if value.is_null() {
        return Err(empty());
    }
    if !crate::document::all_finite(&value) {
        return Err(Diagnostic::error(
            file,
            "wrong-type",
            "the data file holds .nan or .inf, which templates cannot show as a number",
        ));
    }
    serde_json::to_value(&value).map_err(|e| {
        Diagnostic::error(
            file,
            "wrong-type",
            format!("data file cannot be used by templates: {e}"),
        )
    })
}

/// A filled-in checklist on an entry, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The field that holds it.
    pub field: String,
    /// Index of the checklist in [`Content::checklists`].
    pub checklist: usize,
    /// Name of the innovation assessed.
    pub innovation: String,
    /// Justification per question id (`toelichting`).
    pub notes: BTreeMap<String, String>,
    /// The engine's outcome.
    pub outcome: crate::assess::Outcome,
}

/// Everything under `content/`, assembled and resolved.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// All documents, sorted by file path.
    pub docs: Vec<Arc<Doc>>,
    /// Id to index in `docs`.
    pub by_id: FastMap<String, usize>,
    /// Path relative to `content/`, written with `/`, to index in `docs`.
    pub by_path: FastMap<String, usize>,
    /// For each doc, the relations pointing at it: (source doc, relation index in its kind).
    pub backlinks: Vec<Vec<(usize, usize)>>,
    /// For each doc, the docs that cite it as a source.
    pub cited_by: Vec<Vec<usize>>,
    /// For each kind, its entries in listing order.
    pub members: Vec<Vec<usize>>,
    /// For each doc, its scored filled-in checklist, if it has one.
    pub assessments: Vec<Option<Assessment>>,
    /// Data files by file stem, as JSON for templates (shared with what was read: a
    /// large data file is in memory once).
    pub data: indexmap::IndexMap<String, Arc<serde_json::Value>>,
    /// Readiness checklists, sorted by id.
    pub checklists: Vec<Arc<LoadedChecklist>>,
    /// Calculators (rekenhulpen), sorted by id.
    pub calculators: Vec<Arc<crate::calculator::LoadedCalculator>>,
    /// Files published as they are, relative to `content/`.
    pub assets: Vec<PathBuf>,
    /// Ids of files that exist but could not be read or parsed. Links to them are not
    /// reported again: the file's own error says what to fix.
    pub broken: FastSet<String>,
    /// When the site is a git checkout: the date of the last commit of each file, by
    /// path relative to the site root (one `git log` for the whole site).
    pub git_dates: Arc<crate::dates::GitDates>,
    /// Problems of each document's relations, citations and filled-in checklist.
    doc_diags: Vec<Diagnostics>,
    /// Problems of the whole: duplicate ids, checklists.
    site_diags: Diagnostics,
}

impl Content {
    /// The document with this id.
    pub fn get(&self, id: &str) -> Option<&Doc> {
        self.by_id.get(id).map(|&i| &*self.docs[i])
    }

    /// The document that lists `id` among its old ids (`aliassen`), if one does: a link
    /// to `id` was written before the page was renamed.
    pub fn renamed_to(&self, id: &str) -> Option<&Doc> {
        self.docs
            .iter()
            .find(|d| d.aliases.iter().any(|a| a == id))
            .map(|d| &**d)
    }

    /// When document `i` was last brought up to date: its `bijgewerkt`, else the date of
    /// the last commit of its file.
    pub fn updated(&self, i: usize) -> Option<crate::dates::Date> {
        let d = &self.docs[i];
        d.updated
            .or_else(|| self.git_dates.dates.get(&d.file).copied())
    }

    /// The title a link to a checklist or calculator shows (`checklist/<id>`,
    /// `rekenhulp/<id>`, as Markdown links them): `None` when `id` names neither kind,
    /// `Some(None)` when there is no such checklist or calculator.
    pub fn tool_title(&self, id: &str) -> Option<Option<&str>> {
        Some(match id.split_once('/')? {
            ("checklist", cid) => self.checklist(cid).map(|c| c.checklist.title.as_str()),
            ("rekenhulp", cid) => self
                .calculators
                .iter()
                .find(|c| c.calculator.id == cid)
                .map(|c| c.calculator.title.as_str()),
            _ => return None,
        })
    }

    /// The checklist with this id.
    pub fn checklist(&self, id: &str) -> Option<&LoadedChecklist> {
        self.checklists
            .iter()
            .find(|c| c.checklist.id == id)
            .map(|c| &**c)
    }

    /// Builds the model from its sources: index, resolve, validate and score. Every
    /// problem of every file is returned, those found while reading included.
    pub fn assemble(sources: &Sources, config: &SiteConfig) -> (Content, Diagnostics) {
        let mut content = Content::default();
        let mut site_diags = Diagnostics::default();
        for (rel, source) in &sources.files {
            match source {
                Source::Doc(Some(doc), _) => content.add_doc(Arc::clone(doc), &mut site_diags),
                Source::Doc(None, _) => {
                    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
                    content.broken.insert(stem.into_owned());
                }
                Source::Data(Some(v), _) => {
                    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
                    content.data.insert(stem.into_owned(), Arc::clone(v));
                }
                Source::Checklist(Some(c), _) => content.checklists.push(Arc::clone(c)),
                // Links to a checklist with its own error are not reported again.
                Source::Checklist(None, _) => {
                    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
                    content.broken.insert(format!("checklist/{stem}"));
                }
                Source::Calculator(Some(c), _) => content.calculators.push(Arc::clone(c)),
                Source::Calculator(None, _) => {
                    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
                    content.broken.insert(format!("rekenhulp/{stem}"));
                }
                Source::Asset => content.assets.push(rel.clone()),
                Source::Data(None, _) | Source::Stray(_) => {}
            }
        }
        let n = content.docs.len();
        content.backlinks = vec![Vec::new(); n];
        content.cited_by = vec![Vec::new(); n];
        content.doc_diags = vec![Diagnostics::default(); n];
        content.assessments = vec![None; n];
        for di in 0..n {
            content.resolve_doc(config, di);
        }
        content.members = listing_order(&content, config);
        for c in &content.checklists {
            site_diags.extend(checklist::validate(c, &content));
        }
        for c in &content.calculators {
            site_diags.extend(crate::calculator::validate(c, &content));
        }
        content.site_diags = site_diags;
        let diags = content.diagnostics(sources);
        (content, diags)
    }

    /// Every problem of the model and of the files it was read from.
    pub fn diagnostics(&self, sources: &Sources) -> Diagnostics {
        let mut diags = Diagnostics::default();
        for d in sources.walk.values() {
            diags.push(d.clone());
        }
        for source in sources.files.values() {
            if let Some(d) = source.diagnostics()
                && !d.is_empty()
            {
                diags.extend(d.clone());
            }
        }
        for d in &self.doc_diags {
            if !d.is_empty() {
                diags.extend(d.clone());
            }
        }
        diags.extend(self.site_diags.clone());
        diags
    }

    /// Takes in documents whose files changed when nothing else did: the same documents
    /// at the same places, only their contents new. Only those documents are resolved
    /// and scored again, which gives what [`Content::assemble`] would. Returns false,
    /// changing nothing, when the change is not of that shape.
    pub fn refresh(&mut self, sources: &Sources, config: &SiteConfig, changed: &[PathBuf]) -> bool {
        let mut updates = Vec::new();
        for rel in changed {
            let Some(&i) = self.by_path.get(&files::slash_path(rel)) else {
                return false;
            };
            match sources.files.get(rel) {
                Some(Source::Doc(Some(doc), _)) if doc.id == self.docs[i].id => {
                    updates.push((i, Arc::clone(doc)));
                }
                _ => return false,
            }
        }
        let mut kinds = BTreeSet::new();
        for (i, doc) in updates {
            self.unresolve_doc(i);
            if let DocKind::Entry(k) = doc.kind {
                kinds.insert(k);
            }
            self.docs[i] = doc;
            self.resolve_doc(config, i);
        }
        for k in kinds {
            self.members[k] = kind_order(self, config, k, self.members[k].clone());
        }
        true
    }

    fn add_doc(&mut self, doc: Arc<Doc>, diags: &mut Diagnostics) {
        if let Some(&first) = self.by_id.get(&doc.id) {
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "duplicate-id",
                    format!(
                        "id `{}` is already used by {}; ids (file names) must be unique across the site",
                        doc.id,
                        self.docs[first].file.display()
                    ),
                )
                .at(Some(1), Some(1)),
            );
            return;
        }
        self.by_id.insert(doc.id.clone(), self.docs.len());
        self.by_path
            .insert(files::slash_path(&doc.content_path), self.docs.len());
        self.docs.push(doc);
    }
}

impl checklist::KnownIds for Content {
    fn exists(&self, id: &str) -> bool {
        self.by_id.contains_key(id) || self.broken.contains(id)
    }
    fn ids(&self) -> Vec<&str> {
        self.docs.iter().map(|d| d.id.as_str()).collect()
    }
}

/// Reads, parses and checks all content of the site at `root`.
pub fn load(root: &Path, config: &SiteConfig) -> (Content, Diagnostics) {
    Content::assemble(&Sources::scan(root, config), config)
}

/// A number that sorts (by `total_cmp`), for sort keys.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderedF64(f64);

impl Eq for OrderedF64 {}

impl PartialOrd for OrderedF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The entries of every kind in listing order.
fn listing_order(content: &Content, config: &SiteConfig) -> Vec<Vec<usize>> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); config.kinds.len()];
    for (i, d) in content.docs.iter().enumerate() {
        if let DocKind::Entry(k) = d.kind {
            members[k].push(i);
        }
    }
    members
        .into_iter()
        .enumerate()
        .map(|(k, m)| kind_order(content, config, k, m))
        .collect()
}

/// What orders entries in a listing: (no `volgorde`, `volgorde`, no order field, order
/// field, lowercase title).
type ListingKey = (bool, i64, bool, OrderedF64, String);

/// The entries of kind `k` sorted for its listing: explicit `volgorde` first, then the
/// kind's order field, then the title.
fn kind_order(content: &Content, config: &SiteConfig, k: usize, members: Vec<usize>) -> Vec<usize> {
    let order_field = config.kinds[k]
        .order_by
        .as_deref()
        .filter(|f| *f != "title");
    let mut keyed: Vec<(ListingKey, usize)> = members
        .into_iter()
        .map(|i| {
            let d = &content.docs[i];
            let field = order_field
                .and_then(|f| d.field(f))
                .and_then(|v| v.as_f64());
            let key = (
                d.order.is_none(),
                d.order.unwrap_or(0),
                field.is_none(),
                OrderedF64(field.unwrap_or(0.0)),
                d.title.to_lowercase(),
            );
            (key, i)
        })
        .collect();
    // Equal keys keep document order, the same whichever way the list was built.
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, i)| i).collect()
}

impl Content {
    /// Resolves document `di`: checks its relations, citations and filled-in checklist,
    /// and adds it to the backlinks and citations of what it points at. Lists stay
    /// sorted by source document, as a pass over all documents in order leaves them.
    fn resolve_doc(&mut self, config: &SiteConfig, di: usize) {
        let doc = Arc::clone(&self.docs[di]);
        let mut diags = Diagnostics::default();
        for c in &doc.citations {
            if let Some(&s) = self.by_id.get(&c.source) {
                let at = self.cited_by[s].partition_point(|&f| f < di);
                if self.cited_by[s].get(at) != Some(&di) {
                    self.cited_by[s].insert(at, di);
                }
            }
        }
        check_citations(self, &doc, config, &mut diags);
        if let DocKind::Entry(k) = doc.kind {
            for (name, refs) in &doc.relations {
                let Some(rel_index) = config.kinds[k]
                    .relations
                    .iter()
                    .position(|r| &r.name == name)
                else {
                    continue;
                };
                for r in refs {
                    let Some(t) = relation_target(self, config, &doc, k, rel_index, r, &mut diags)
                    else {
                        continue;
                    };
                    let list = &mut self.backlinks[t];
                    let end = list.partition_point(|&(f, _)| f <= di);
                    let start = list[..end].partition_point(|&(f, _)| f < di);
                    if !list[start..end].iter().any(|&(_, ri)| ri == rel_index) {
                        list.insert(end, (di, rel_index));
                    }
                }
            }
        }
        self.assessments[di] = score_doc(self, config, &doc, &mut diags);
        self.doc_diags[di] = diags;
    }

    /// Takes document `di` out of the backlinks and citations it added.
    fn unresolve_doc(&mut self, di: usize) {
        let doc = Arc::clone(&self.docs[di]);
        for c in &doc.citations {
            if let Some(&s) = self.by_id.get(&c.source) {
                self.cited_by[s].retain(|&f| f != di);
            }
        }
        for id in doc.relations_ids() {
            if let Some(&t) = self.by_id.get(id) {
                self.backlinks[t].retain(|&(f, _)| f != di);
            }
        }
    }
}

/// The index of a relation's target, or `None` after reporting why it cannot be one.
fn relation_target(
    content: &Content,
    config: &SiteConfig,
    doc: &Doc,
    k: usize,
    rel_index: usize,
    r: &document::IdRef,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let rel = &config.kinds[k].relations[rel_index];
    let name = &rel.name;
    let Some(&target) = content.by_id.get(&r.id) else {
        if content.broken.contains(&r.id) {
            return None;
        }
        let candidates: Vec<&str> = content
            .docs
            .iter()
            .filter(|d| matches!(d.kind, DocKind::Entry(tk) if rel.targets.contains(&config.kinds[tk].id)))
            .map(|d| d.id.as_str())
            .collect();
        if let Some(new) = content.renamed_to(&r.id) {
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "unknown-id",
                    format!(
                        "relation `{name}` points to `{}`, the old id of `{}` (see its `aliassen`)",
                        r.id, new.id
                    ),
                )
                .at_pos(r.pos)
                .with_hint(format!("write the new id: `{}`", new.id)),
            );
            return None;
        }
        let hint = if candidates.is_empty() {
            did_you_mean(&r.id, content.docs.iter().map(|d| d.id.as_str()))
        } else {
            did_you_mean(&r.id, candidates.iter().copied())
        };
        let mut d = Diagnostic::error(
            &doc.file,
            "unknown-id",
            format!("relation `{name}` points to unknown id `{}`{hint}", r.id),
        )
        .at_pos(r.pos);
        if hint.is_empty() {
            d = d.with_hint(
                "no entry has this id: correct it (the id is the file name without .md), or remove it from the list",
            );
        }
        diags.push(d);
        return None;
    };
    let target_kind = match content.docs[target].kind {
        DocKind::Entry(tk) => Some(&config.kinds[tk]),
        DocKind::Page => None,
    };
    if target_kind.is_some_and(|tk| rel.targets.contains(&tk.id)) {
        return Some(target);
    }
    let what = target_kind.map_or("a page, not an entry".to_string(), |tk| {
        format!("of kind `{}`", tk.id)
    });
    let allowed: Vec<String> = rel.targets.iter().map(|t| format!("`{t}`")).collect();
    diags.push(
        Diagnostic::error(
            &doc.file,
            "wrong-kind",
            format!(
                "relation `{name}` may point to entries of kind {}, but `{}` is {what}",
                allowed.join(" or "),
                r.id
            ),
        )
        .at_pos(r.pos),
    );
    None
}

fn check_citations(content: &Content, doc: &Doc, config: &SiteConfig, diags: &mut Diagnostics) {
    let is_source = |d: &Doc| matches!(d.kind, DocKind::Entry(k) if config.is_source_kind(k));
    for c in &doc.citations {
        match content.get(&c.source) {
            Some(d) if is_source(d) => {}
            None if content.broken.contains(&c.source) => {}
            found => {
                let sources: Vec<&str> = content
                    .docs
                    .iter()
                    .filter(|d| is_source(d))
                    .map(|d| d.id.as_str())
                    .collect();
                let what = if found.is_some() {
                    format!("`{}` is not a source", c.source)
                } else {
                    format!("unknown source `{}`", c.source)
                };
                let folders: Vec<&str> = (0..config.kinds.len())
                    .filter(|&k| config.is_source_kind(k))
                    .map(|k| config.kinds[k].path.as_str())
                    .collect();
                let hint = if folders.is_empty() {
                    "no kind holds sources yet: give the kind of your sources `citations: source` in leidraad.yaml".to_string()
                } else {
                    format!(
                        "cite an entry from content/{}/; link to other pages in the text with `@id`",
                        folders.join("/ or content/")
                    )
                };
                diags.push(
                    Diagnostic::error(
                        &doc.file,
                        "unknown-id",
                        format!(
                            "citation: {what}{}",
                            did_you_mean(&c.source, sources.iter().copied())
                        ),
                    )
                    .at(Some(c.line), None)
                    .with_hint(hint),
                );
            }
        }
    }
}

/// Validates and scores the `assessment` field of a document, if it has one.
fn score_doc(
    content: &Content,
    config: &SiteConfig,
    doc: &Doc,
    diags: &mut Diagnostics,
) -> Option<Assessment> {
    let DocKind::Entry(k) = doc.kind else {
        return None;
    };
    let kind = &config.kinds[k];
    // Most kinds hold no filled-in checklist: their documents are done at once.
    if !kind
        .fields
        .values()
        .any(|f| f.kind == FieldType::Assessment)
    {
        return None;
    }
    let mut result = None;
    for (name, value) in &doc.fields {
        if kind.fields[name].kind != FieldType::Assessment {
            continue;
        }
        let at = |path: &str| doc.positions.at(path).or(doc.positions.at(name));
        let wanted = value
            .get("checklist")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let Some(ci) = content
            .checklists
            .iter()
            .position(|c| c.checklist.id == wanted)
        else {
            // A checklist file with its own error: that error says what to fix.
            if content.broken.contains(&format!("checklist/{wanted}")) {
                continue;
            }
            let ids = content.checklists.iter().map(|c| c.checklist.id.as_str());
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "unknown-id",
                    format!(
                        "field `{name}`: unknown checklist `{wanted}` (checklists live in content/checklists/){}",
                        did_you_mean(wanted, ids)
                    ),
                )
                .at_pos(at(&format!("{name}.checklist"))),
            );
            continue;
        };
        let (raw, notes, shape_problems) = answers_of(value);
        for (question, message) in shape_problems {
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "wrong-type",
                    format!("field `{name}`: {message}"),
                )
                .at_pos(at(&format!("{name}.antwoorden.{question}"))),
            );
        }
        let checklist = &content.checklists[ci].checklist;
        match checklist::validate_answers(checklist, &raw) {
            Ok(answers) => {
                result = Some(Assessment {
                    field: name.clone(),
                    checklist: ci,
                    innovation: value
                        .get("innovatie")
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    notes,
                    outcome: crate::assess::score(checklist, &answers),
                });
            }
            Err(problems) => {
                for p in problems {
                    diags.push(
                        Diagnostic::error(
                            &doc.file,
                            "unknown-id",
                            format!("field `{name}`: {}", p.message),
                        )
                        .at_pos(if p.about_value {
                            at(&format!("{name}.antwoorden.{}", p.question))
                        } else {
                            doc.positions
                                .key(&format!("{name}.antwoorden.{}", p.question))
                                .or(at(name))
                        }),
                    );
                }
            }
        }
    }
    result
}

/// Splits an `antwoorden` mapping into option ids and justifications. A value is an
/// option id, or `{ antwoord: <option id>, toelichting: <text> }`.
#[allow(clippy::type_complexity)]
fn answers_of(
    value: &serde_yaml::Value,
) -> (
    serde_json::Map<String, serde_json::Value>,
    BTreeMap<String, String>,
    Vec<(String, String)>,
) {
    let mut raw = serde_json::Map::new();
    let mut notes = BTreeMap::new();
    let mut problems = Vec::new();
    let Some(map) = value.get("antwoorden").and_then(|a| a.as_mapping()) else {
        return (raw, notes, problems);
    };
    for (q, a) in map {
        let q = match q.as_str() {
            Some(q) => q.to_string(),
            None => {
                problems.push((String::new(), "question ids must be plain words".into()));
                continue;
            }
        };
        match a {
            serde_yaml::Value::String(option) => {
                raw.insert(q, option.clone().into());
            }
            serde_yaml::Value::Mapping(m) => {
                let unknown: Vec<&str> = m
                    .keys()
                    .filter_map(|k| k.as_str())
                    .filter(|k| !matches!(*k, "antwoord" | "toelichting"))
                    .collect();
                for k in unknown {
                    problems.push((
                        k.to_string(),
                        format!(
                            "unknown field `{k}` in the answer to `{q}`{}",
                            did_you_mean(k, ["antwoord", "toelichting"])
                        ),
                    ));
                }
                match m.get("antwoord").and_then(|o| o.as_str()) {
                    Some(option) => {
                        raw.insert(q.clone(), option.to_string().into());
                    }
                    None => problems.push((
                        q.clone(),
                        format!("the answer to `{q}` needs `antwoord: <option id>`"),
                    )),
                }
                if let Some(note) = m.get("toelichting").and_then(|t| t.as_str()) {
                    notes.insert(q, note.trim().to_string());
                }
            }
            _ => problems.push((
                q.clone(),
                format!(
                    "the answer to `{q}` must be an option id, or `antwoord:` with `toelichting:`"
                ),
            )),
        }
    }
    (raw, notes, problems)
}
