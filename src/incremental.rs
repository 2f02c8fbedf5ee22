//! Rebuilding after an edit: the pipeline of [`crate::site`] run on a smaller set.
//!
//! The session keeps the model, the HTML of every piece of Markdown, and for every
//! output what it read. After an edit it re-reads the changed files, assembles the
//! model again, renders the Markdown of the documents that changed or that show a
//! changed title, compares what every dependency ([`Dep`]) stands for before and after,
//! and renders exactly the outputs that read something that changed. The result equals
//! a full build byte for byte (the property test in `tests/incremental.rs` checks this).

use crate::abbreviations::Abbreviations;
use crate::content::{Content, Sources};
use crate::deps::{Dep, Reads, affected};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::files::{self, Role};
use crate::links::{self, PageLinks};
use crate::model::{DocHtml, Html, Job, Site};
use crate::render::{self, Globals, Page};
use crate::site;
use crate::view::Views;
use crate::{FastMap, FastSet};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Whether everything was rendered again.
    pub full: bool,
    /// Output paths rendered or copied again, or removed.
    pub paths: Vec<String>,
    /// Warnings.
    pub warnings: Diagnostics,
    /// Wall time.
    pub elapsed: Duration,
}

/// The model and everything derived from it, for the files on disk now.
struct State {
    site: Site,
    sources: Sources,
    html: Html,
    /// Problems of loading (reading, assembling, templates), kept until the next load.
    load_diags: Diagnostics,
    /// Problems of each document's Markdown, indexed like `html.docs`.
    md_diags: Vec<Diagnostics>,
    /// Problems of each checklist introduction, indexed like `html.intros`.
    intro_diags: Vec<Diagnostics>,
}

/// A rendered output: what it read, for deciding when to render it again.
struct Record {
    reads: Reads,
}

/// A site kept in memory with all its output files, ready for edits.
pub struct Session {
    root: PathBuf,
    state: Option<State>,
    /// Every output file by path (`knelpunten/x.html`), as served: the last good build.
    /// Shared pointers make handing a snapshot to the server cheap.
    pub files: FastMap<String, Arc<Vec<u8>>>,
    records: FastMap<String, Record>,
    static_paths: FastSet<String>,
    /// Links and ids of every HTML output of the current model, for the link check.
    index: FastMap<String, PageLinks>,
    link_diags: FastMap<String, Diagnostics>,
    /// Changes not yet rendered because the site had errors.
    pending: Reads,
    /// Render everything at the next good update (first build failed, theme changed).
    pending_all: bool,
    /// Leave the outputs that show every page (see [`is_aggregate`]) for [`Session::settle`],
    /// so the edited page is served first. Set by `serve`.
    pub defer_aggregates: bool,
    /// Changes whose aggregate outputs are not rendered yet.
    deferred: Reads,
    /// The pass renders only aggregate outputs (from [`Session::settle`]).
    only_aggregates: bool,
}

/// Outputs that show something of every page: on a large site they take most of a
/// rebuild (the whole guide of 10,000 entries is 28 MB), and the page being edited does
/// not wait for them.
fn is_aggregate(job: Job) -> bool {
    matches!(
        job,
        Job::WholeGuide
            | Job::SearchMeta
            | Job::SearchTerms(_)
            | Job::Changes
            | Job::ChangesFeed
            | Job::Sitemap
    )
}

impl Session {
    /// Loads the site at `root` (made absolute) and renders every output file into
    /// memory. The session exists even when the site is broken: the problems are
    /// returned beside it, and the next update tries again.
    pub fn start(root: &Path) -> (Session, Result<Rebuilt, Diagnostics>) {
        let mut session = Session {
            root: site::absolute_root(root),
            state: None,
            files: FastMap::default(),
            records: FastMap::default(),
            static_paths: FastSet::default(),
            index: FastMap::default(),
            link_diags: FastMap::default(),
            pending: Reads::new(),
            pending_all: true,
            defer_aggregates: false,
            deferred: Reads::new(),
            only_aggregates: false,
        };
        let result = session.full(Instant::now());
        (session, result)
    }

    /// The site root (absolute).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The loaded site, when the configuration and theme could be read.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|s| &s.site)
    }

    /// Applies changes to the files at `changed` (absolute or root-relative paths). On
    /// failure the served files stay the last good ones and the problems are returned.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        let start = Instant::now();
        let Some(state) = &self.state else {
            return self.full(start);
        };
        let mut change = Change::default();
        let layout = state.site.config.layout();
        for path in changed {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            match files::classify(rel, &layout) {
                Role::Config => return self.full(start),
                Role::Theme(_) => change.theme = true,
                Role::Static(_) => change.statics = true,
                Role::Ignored => {
                    // The content folder itself (created, renamed): read it all again.
                    if rel == Path::new(files::CONTENT_DIR) {
                        change.content.push(PathBuf::new());
                    }
                }
                Role::Asset(r) => {
                    change.statics = true;
                    change.content.push(r);
                }
                Role::Page(r)
                | Role::Entry(_, r)
                | Role::StrayMarkdown(r)
                | Role::Data(r)
                | Role::Checklist(r)
                | Role::Calculator(r) => change.content.push(r),
            }
        }
        if self.pending_all {
            // Nothing good was ever rendered from this model: start over.
            return self.full(start);
        }
        self.apply(change, start)
    }

    /// Renders the aggregate outputs left by the last update, if any. Afterwards the
    /// files are again exactly what a full build writes.
    pub fn settle(&mut self) -> Option<Result<Rebuilt, Diagnostics>> {
        if self.deferred.is_empty() || self.state.is_none() {
            return None;
        }
        let changed = std::mem::take(&mut self.deferred);
        self.only_aggregates = true;
        let result = self.render_pass(changed, false, Instant::now());
        self.only_aggregates = false;
        Some(result)
    }

    /// Loads and renders everything.
    fn full(&mut self, start: Instant) -> Result<Rebuilt, Diagnostics> {
        let (site, load_diags) = match site::load(&self.root) {
            Ok(x) => x,
            Err(d) => {
                self.state = None;
                self.pending_all = true;
                return Err(d);
            }
        };
        let sources = Sources::scan(&site.root, &site.config);
        let mut html = Html::default();
        let mut md_diags = Vec::new();
        let rendered: Vec<(DocHtml, Diagnostics)> = (0..site.content.docs.len())
            .into_par_iter()
            .map(|i| site::doc_markdown(&site, i))
            .collect();
        for (h, d) in rendered {
            html.docs.push(Arc::new(h));
            md_diags.push(d);
        }
        let mut intro_diags = Vec::new();
        for ci in 0..site.content.checklists.len() {
            let (h, d) = site::intro_markdown(&site, ci);
            html.intros.push(h);
            intro_diags.push(d);
        }
        self.state = Some(State {
            site,
            sources,
            html,
            load_diags,
            md_diags,
            intro_diags,
        });
        self.records.clear();
        self.index.clear();
        self.link_diags.clear();
        self.pending.clear();
        self.pending_all = true;
        let mut result = self.render_pass(Reads::new(), true, start);
        if let Ok(r) = &mut result {
            r.full = true;
        }
        result
    }

    /// Applies one batch of changes incrementally.
    fn apply(&mut self, change: Change, start: Instant) -> Result<Rebuilt, Diagnostics> {
        let mut changed = Reads::new();
        let state = self.state.as_mut().expect("a loaded state");
        let mut statics = change.statics;
        let mut all_markdown = false;
        if change.theme {
            match crate::theme::load(
                &state.site.root,
                &state.site.config,
                &state.site.config_positions,
            ) {
                Ok(theme) => {
                    let old = &state.site.theme;
                    let names: BTreeSet<&String> = old
                        .template_sources
                        .keys()
                        .chain(theme.template_sources.keys())
                        .collect();
                    for name in names {
                        if old.template_sources.get(name) != theme.template_sources.get(name) {
                            changed.insert(Dep::Template(name.clone()));
                        }
                    }
                    all_markdown = old.strings != theme.strings;
                    statics = true;
                    state.site.theme = theme;
                }
                Err(d) => {
                    // Keep the working theme; the next theme save tries again.
                    self.pending_all = false;
                    return Err(self.all_diags_with(d));
                }
            }
        }
        let mut laps = Laps::new();
        let old_content = state.site.content.clone();
        laps.lap("clone");
        let old_html = std::mem::take(&mut state.html);
        let old_md = std::mem::take(&mut state.md_diags);
        let old_intro_diags = std::mem::take(&mut state.intro_diags);
        if !change.content.is_empty() {
            for rel in &change.content {
                state
                    .sources
                    .refresh(&state.site.root, rel, &state.site.config);
            }
            // Edits of existing documents re-resolve only those; anything else assembles
            // the model again.
            let site = &mut state.site;
            if !site
                .content
                .refresh(&state.sources, &site.config, &change.content)
            {
                site.content = Content::assemble(&state.sources, &site.config).0;
                site.content.git_dates = old_content.git_dates.clone();
            }
        }
        // A commit made while serving changes dates; `git rev-parse` tells cheaply.
        let git = &state.site.content.git_dates;
        if git.head != crate::dates::GitDates::head(&state.site.root) {
            state.site.content.git_dates = Arc::new(crate::dates::GitDates::read(&state.site.root));
        }
        // Abbreviations are a site-wide input of the Markdown: another set of them may
        // mark any text, a changed expansion or entry only the text that used it.
        let mut stale_abbreviations: FastSet<String> = FastSet::default();
        if !change.content.is_empty() {
            let table = Abbreviations::new(&state.site.content);
            match state.site.abbreviations.stale_ids(&table) {
                Some(ids) => stale_abbreviations = ids,
                None => all_markdown = true,
            }
            state.site.abbreviations = table;
        }
        if change.statics {
            // A logo or favicon that appears or disappears changes every page's head.
            let site = &state.site;
            let (house, problems) =
                crate::house_style::load(&site.root, &site.config, &site.config_positions);
            state.site.house_problems = problems;
            if house != state.site.house {
                state.site.house = house;
                self.pending_all = true;
            }
        }
        if !change.content.is_empty() || change.theme || change.statics {
            let mut d = state.site.content.diagnostics(&state.sources);
            d.extend(site::model_checks(&state.site));
            state.load_diags = d;
        }
        laps.lap("assemble");
        let new_content = &state.site.content;
        statics |= old_content.assets != new_content.assets;
        // With the same documents at the same places, old and new compare index by index.
        let same_places = old_content.docs.len() == new_content.docs.len()
            && old_content
                .docs
                .iter()
                .zip(&new_content.docs)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a.id == b.id);
        let old_index = |id: &str, i: usize| {
            if same_places {
                Some(i)
            } else {
                old_content.by_id.get(id).copied()
            }
        };

        // Documents whose own file changed, appeared or disappeared.
        let mut touched: BTreeSet<String> = BTreeSet::new();
        for (i, doc) in new_content.docs.iter().enumerate() {
            match old_index(&doc.id, i) {
                Some(j)
                    if (Arc::ptr_eq(&old_content.docs[j], doc)
                        || *old_content.docs[j] == **doc)
                        && old_content.updated(j) == new_content.updated(i) => {}
                _ => {
                    touched.insert(doc.id.clone());
                }
            }
        }
        if !same_places {
            for id in old_content.by_id.keys() {
                if !new_content.by_id.contains_key(id) {
                    touched.insert(id.clone());
                }
            }
        }
        let strings = &state.site.theme.strings;
        let config = &state.site.config;
        let empty = Html::default();
        let link_changed: FastSet<String> = {
            let old_views = Views::new(config, &old_content, &old_html, strings);
            let new_views = Views::new(config, new_content, &empty, strings);
            touched
                .iter()
                .filter(|id| {
                    let dep = Dep::Link((*id).clone());
                    old_views.fingerprint(&dep) != new_views.fingerprint(&dep)
                })
                .cloned()
                .collect()
        };
        for id in &link_changed {
            changed.insert(Dep::Link(id.clone()));
        }

        laps.lap("touched+links");
        // Markdown: documents that changed or show a changed link, again; others kept.
        let redo: Vec<Option<usize>> = new_content
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| match old_index(&d.id, i) {
                Some(j)
                    if !all_markdown
                        && !touched.contains(&d.id)
                        && !old_html.docs[j].reads.iter().any(|r| {
                            link_changed.contains(r) || stale_abbreviations.contains(r)
                        }) =>
                {
                    Some(j)
                }
                _ => None,
            })
            .collect();
        let site_ref = &state.site;
        let fresh: Vec<Option<(DocHtml, Diagnostics)>> = redo
            .par_iter()
            .enumerate()
            .map(|(i, keep)| match keep {
                Some(_) => None,
                None => Some(site::doc_markdown(site_ref, i)),
            })
            .collect();
        let mut html = Html::default();
        let mut md_diags = Vec::with_capacity(fresh.len());
        for (i, f) in fresh.into_iter().enumerate() {
            match (f, redo[i]) {
                (Some((h, d)), _) => {
                    let id = &new_content.docs[i].id;
                    let same = old_index(id, i).is_some_and(|j| *old_html.docs[j] == h);
                    if !same {
                        touched.insert(id.clone());
                    }
                    html.docs.push(Arc::new(h));
                    md_diags.push(d);
                }
                (None, Some(j)) => {
                    html.docs.push(Arc::clone(&old_html.docs[j]));
                    md_diags.push(old_md[j].clone());
                }
                (None, None) => unreachable!("every document is kept or rendered"),
            }
        }
        let mut intro_diags = Vec::new();
        for (ci, c) in new_content.checklists.iter().enumerate() {
            let old = old_content
                .checklists
                .iter()
                .position(|o| o.checklist.id == c.checklist.id);
            match old {
                Some(oi)
                    if !all_markdown
                        && Arc::ptr_eq(&old_content.checklists[oi], c)
                        && !old_html.intros[oi].reads.iter().any(|r| {
                            link_changed.contains(r) || stale_abbreviations.contains(r)
                        }) =>
                {
                    html.intros.push(old_html.intros[oi].clone());
                    intro_diags.push(old_intro_diags[oi].clone());
                }
                _ => {
                    let (h, d) = site::intro_markdown(site_ref, ci);
                    html.intros.push(h);
                    intro_diags.push(d);
                }
            }
        }
        // A re-scored checklist changes the document that holds it.
        for (i, doc) in new_content.docs.iter().enumerate() {
            if let Some(j) = old_index(&doc.id, i)
                && old_content.assessments[j] != new_content.assessments[i]
            {
                touched.insert(doc.id.clone());
            }
        }

        laps.lap("markdown");
        // Compare every dependency that can have changed.
        {
            let old_views = Views::new(config, &old_content, &old_html, strings);
            let new_views = Views::new(config, new_content, &html, strings);
            let mut differs = |dep: Dep| {
                if old_views.fingerprint(&dep) != new_views.fingerprint(&dep) {
                    changed.insert(dep);
                }
            };
            for id in &touched {
                differs(Dep::Own(id.clone()));
                differs(Dep::Card(id.clone()));
            }
            if same_places {
                for (i, d) in new_content.docs.iter().enumerate() {
                    if old_content.backlinks[i] != new_content.backlinks[i] {
                        differs(Dep::Backlinks(d.id.clone()));
                    }
                    if old_content.cited_by[i] != new_content.cited_by[i] {
                        differs(Dep::CitedBy(d.id.clone()));
                    }
                }
            } else {
                let ids: BTreeSet<&String> = old_content
                    .by_id
                    .keys()
                    .chain(new_content.by_id.keys())
                    .collect();
                for id in ids {
                    differs(Dep::Backlinks(id.clone()));
                    differs(Dep::CitedBy(id.clone()));
                }
            }
            let mut members_changed = Vec::new();
            for k in 0..config.kinds.len() {
                let ids = |c: &Content| -> Vec<String> {
                    c.members
                        .get(k)
                        .map(|m| m.iter().map(|&i| c.docs[i].id.clone()).collect())
                        .unwrap_or_default()
                };
                // Same places: the index lists compare directly; otherwise by id.
                let same = if same_places {
                    old_content.members.get(k) == new_content.members.get(k)
                } else {
                    ids(&old_content) == ids(new_content)
                };
                if !same {
                    members_changed.push(k);
                }
            }
            for k in members_changed {
                differs(Dep::Members(k));
            }
            differs(Dep::Docs);
            let checklist_ids: BTreeSet<&String> = old_content
                .checklists
                .iter()
                .chain(&new_content.checklists)
                .map(|c| &c.checklist.id)
                .collect();
            for id in checklist_ids {
                differs(Dep::Checklist(id.clone()));
            }
            let calculator_ids: BTreeSet<&String> = old_content
                .calculators
                .iter()
                .chain(&new_content.calculators)
                .map(|c| &c.calculator.id)
                .collect();
            for id in calculator_ids {
                differs(Dep::Calculator(id.clone()));
            }
            differs(Dep::Globals);
        }
        laps.lap("compare");
        state.html = html;
        state.md_diags = md_diags;
        state.intro_diags = intro_diags;
        self.render_pass(changed, statics, start)
    }

    /// Renders the outputs affected by `changed` (all when nothing good was rendered
    /// yet), checks links, and publishes the result when the site has no errors.
    fn render_pass(
        &mut self,
        changed: Reads,
        statics: bool,
        start: Instant,
    ) -> Result<Rebuilt, Diagnostics> {
        let state = self.state.as_ref().expect("a loaded state");
        let site = &state.site;
        let html = &state.html;
        self.pending.extend(changed);
        let jobs = site::renderable_jobs(site);
        let paths: Vec<String> = jobs.iter().map(|&j| site.job_path(j)).collect();
        // Aggregates wait only when the set of pages is the same: then a stale one links
        // nowhere that is gone.
        let defer = self.defer_aggregates
            && !self.pending_all
            && !self.only_aggregates
            && !self.pending.contains(&Dep::Docs);
        let mut deferred_some = false;
        let todo: Vec<Job> = jobs
            .iter()
            .zip(&paths)
            .filter(|(_, path)| {
                self.pending_all
                    || self
                        .records
                        .get(*path)
                        .is_none_or(|r| affected(&r.reads, &self.pending))
            })
            .map(|(&j, _)| j)
            .filter(|&j| {
                if self.only_aggregates {
                    return is_aggregate(j);
                }
                let wait = defer && is_aggregate(j);
                deferred_some |= wait;
                !wait
            })
            .collect();
        let mut laps = Laps::new();
        let globals = Globals::new(site, html);
        let results: Vec<Result<(Page, Option<PageLinks>), Diagnostic>> = todo
            .par_iter()
            .map(|&job| {
                render::render_job(site, html, &globals, job).map(|p| {
                    let links = p.path.ends_with(".html").then(|| links::extract(&p.text));
                    (p, links)
                })
            })
            .collect();
        let mut diags = Diagnostics::default();
        let mut pages = Vec::with_capacity(results.len());
        let mut page_links = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok((p, l)) => {
                    if let Some(l) = l {
                        page_links.push((p.path.clone(), l));
                    }
                    pages.push(p);
                }
                Err(d) => diags.push(d),
            }
        }
        let static_files = if statics || self.pending_all {
            match render::static_files(site) {
                Ok(s) => Some(s),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        } else {
            None
        };

        laps.lap("render");
        // The link index follows the model, good or bad.
        let live: FastSet<&String> = paths.iter().collect();
        let removed: Vec<String> = self
            .index
            .keys()
            .filter(|p| !live.contains(p))
            .cloned()
            .collect();
        let mut recheck_all = !removed.is_empty() || self.pending_all;
        for p in &removed {
            self.index.remove(p);
            self.link_diags.remove(p);
        }
        let mut rechecked: FastSet<String> = FastSet::default();
        for (path, links) in page_links {
            match self.index.get(&path) {
                // Same links and ids as before: the earlier result of this page stands.
                Some(old) if *old == links => continue,
                Some(old) if old.ids.iter().any(|id| !links.ids.contains(id)) => {
                    recheck_all = true;
                }
                _ => {}
            }
            self.index.insert(path.clone(), links);
            rechecked.insert(path);
        }
        let mut file_set: FastSet<&str> = paths.iter().map(String::as_str).collect();
        let static_now: Vec<String> = match &static_files {
            Some(s) => s.iter().map(|(p, _)| p.clone()).collect(),
            None => self.static_paths.iter().cloned().collect(),
        };
        if static_files.is_some() && self.static_paths.iter().any(|p| !static_now.contains(p)) {
            recheck_all = true;
        }
        file_set.extend(static_now.iter().map(String::as_str));
        let to_check: Vec<String> = self
            .index
            .keys()
            .filter(|p| {
                recheck_all
                    || rechecked.contains(*p)
                    || self.link_diags.get(*p).is_some_and(|d| !d.is_empty())
            })
            .cloned()
            .collect();
        let job_of: FastMap<&str, Job> = paths
            .iter()
            .map(String::as_str)
            .zip(jobs.iter().copied())
            .collect();
        let origin = |p: &str| job_of.get(p).map(|&j| site::origin_of(site, html, j));
        let is_doc = |id: &str| site.content.by_id.contains_key(id);
        let base_path = site.config.base_path();
        let index = &self.index;
        let checked: Vec<(String, Diagnostics)> = to_check
            .into_par_iter()
            .filter(|page| site::link_checked(site, page))
            .map(|page| {
                let d = links::check_page(
                    &page,
                    &index[&page],
                    index,
                    &file_set,
                    &base_path,
                    &origin,
                    &is_doc,
                );
                (page, d)
            })
            .collect();
        self.link_diags.extend(checked);

        laps.lap("links");
        let mut all = state.load_diags.clone();
        all.extend(site::collisions(
            site,
            &paths.iter().map(String::as_str).collect(),
        ));
        for d in state.md_diags.iter().chain(&state.intro_diags) {
            all.extend(d.clone());
        }
        all.extend(diags);
        for d in self.link_diags.values() {
            all.extend(d.clone());
        }
        all.sort();
        if all.has_errors() {
            return Err(all);
        }

        // Publish.
        let mut touched_paths = Vec::new();
        for p in self.files.keys().cloned().collect::<Vec<_>>() {
            let is_static = self.static_paths.contains(&p);
            let gone = if is_static {
                static_files.is_some() && !static_now.contains(&p)
            } else {
                !live.contains(&p)
            };
            if gone {
                self.files.remove(&p);
                self.records.remove(&p);
                touched_paths.push(p);
            }
        }
        for page in pages {
            touched_paths.push(page.path.clone());
            self.records
                .insert(page.path.clone(), Record { reads: page.reads });
            self.files
                .insert(page.path, Arc::new(page.text.into_bytes()));
        }
        if let Some(s) = static_files {
            self.static_paths = s.iter().map(|(p, _)| p.clone()).collect();
            for (path, bytes) in s {
                if self.files.get(&path).is_none_or(|b| **b != bytes) {
                    touched_paths.push(path.clone());
                    self.files.insert(path, Arc::new(bytes));
                }
            }
        }
        laps.lap("publish");
        if deferred_some {
            self.deferred.extend(self.pending.iter().cloned());
        }
        self.pending.clear();
        self.pending_all = false;
        touched_paths.sort();
        touched_paths.dedup();
        Ok(Rebuilt {
            full: false,
            paths: touched_paths,
            warnings: all,
            elapsed: start.elapsed(),
        })
    }

    /// Every current problem plus `extra` (used when a step fails before rendering).
    fn all_diags_with(&self, extra: Diagnostics) -> Diagnostics {
        let mut all = extra;
        if let Some(state) = &self.state {
            all.extend(state.load_diags.clone());
            for d in state.md_diags.iter().chain(&state.intro_diags) {
                all.extend(d.clone());
            }
        }
        all.sort();
        all
    }
}

/// Step times of one update, printed with `LEIDRAAD_TIMINGS=1` (for profiling `serve`).
struct Laps(Option<(Instant, Vec<(&'static str, Duration)>)>);

impl Laps {
    fn new() -> Laps {
        Laps(std::env::var_os("LEIDRAAD_TIMINGS").map(|_| (Instant::now(), Vec::new())))
    }
    fn lap(&mut self, name: &'static str) {
        if let Some((t, laps)) = &mut self.0 {
            laps.push((name, t.elapsed()));
            *t = Instant::now();
        }
    }
}

impl Drop for Laps {
    fn drop(&mut self) {
        if let Some((_, laps)) = &self.0 {
            let line: Vec<String> = laps
                .iter()
                .map(|(n, d)| format!("{n} {:.1}", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings (ms): {}", line.join(", "));
        }
    }
}

/// The changed files of one update, by what they affect.
#[derive(Debug, Default)]
struct Change {
    /// Paths relative to `content/`.
    content: Vec<PathBuf>,
    theme: bool,
    statics: bool,
}
