//! The pipeline. One [`Session`] builds a site and keeps it current: `build` is a
//! session whose outputs go to a staging folder that replaces the output folder,
//! `check` a session whose outputs go nowhere (only their problems count), and `serve`
//! a session kept in memory and updated after every save.
//!
//! Every job records what it read: the Markdown of a document the links and
//! abbreviations it showed, an output file the parts of the model its views read
//! ([`Dep`]), a copied file the bytes of its source. Each read has a fingerprint
//! ([`crate::fingerprint`]). After an edit the session reads the changed files again,
//! rebuilds the model, and reruns exactly the jobs whose recorded reads have another
//! fingerprint than when their outputs were published, whether the site built in
//! between or not. The outputs then equal a full build byte for byte (the property test
//! in `tests/it/incremental.rs`).

use crate::deps::{Dep, Reads, affected};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fingerprint::{DocPrints, Prints};
use crate::links::PageLinks;
use crate::model::{Html, Job, Site};
use crate::output::Staging;
use crate::render::{self, Globals, Page};
use crate::site;
use crate::{FastMap, FastSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod inputs;
mod links_index;
mod markdown;

use markdown::Memo;

/// Where a session's outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Kept in memory and kept current (`serve`).
    Memory,
    /// Written into a staging folder that replaces this folder on [`Session::commit`]
    /// (`build`).
    Folder(PathBuf),
    /// Nowhere: rendered for their problems only (`check`).
    Nowhere,
}

/// What a pass did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Whether every output was made again.
    pub full: bool,
    /// Output paths rendered or copied again, or removed.
    pub paths: Vec<String>,
    /// How many outputs were rendered from templates.
    pub rendered: usize,
    /// Warnings.
    pub warnings: Diagnostics,
    /// Wall time.
    pub elapsed: Duration,
}

/// The model made from the files on disk now, and the Markdown made from it.
struct State {
    site: Site,
    sources: crate::content::Sources,
    /// `leidraad.yaml` as read.
    config_text: String,
    html: Html,
    /// Per document (like `html.docs`) and per checklist introduction: what the
    /// Markdown read, and its problems.
    md: Vec<Memo<crate::document::Doc>>,
    intro_md: Vec<Memo<crate::checklist::LoadedChecklist>>,
    /// Problems of reading and assembling the model.
    load_diags: Diagnostics,
    /// Fingerprints of every file that may be copied, by key (see [`inputs`]).
    files: FastMap<String, u64>,
    /// The theme could not be loaded at the last update: every update tries again.
    theme_broken: bool,
}

impl State {
    /// The problems of every piece of Markdown.
    fn markdown_diags(&self) -> Diagnostics {
        let mut all = Diagnostics::default();
        for d in self
            .md
            .iter()
            .map(|m| &m.diags)
            .chain(self.intro_md.iter().map(|m| &m.diags))
        {
            all.extend(d.clone());
        }
        all
    }
}

/// A site, its outputs and what each output read.
pub struct Session {
    root: PathBuf,
    target: Target,
    staging: Option<Staging>,
    /// Why the output folder could not be prepared (`build` reports it).
    output_error: Option<String>,
    /// The size of the outputs of the last pass: what a full disk lacked.
    needed: u64,
    state: Option<State>,
    doc_prints: DocPrints,
    /// Per published output: what it read (kept for [`Target::Memory`] only).
    records: FastMap<String, Reads>,
    /// The fingerprint of everything a published output read, when it was published.
    published: FastMap<Dep, Option<u64>>,
    /// Published outputs made from an older model, left for [`Session::settle`].
    stale: FastSet<String>,
    /// Every output file by path, as served ([`Target::Memory`]).
    files: FastMap<String, Arc<Vec<u8>>>,
    links: links_index::LinkIndex,
    /// Leave the outputs that show every page for [`Session::settle`], so the edited
    /// page is served first. Set by `serve`.
    pub defer_aggregates: bool,
}

/// Outputs that show something of every page: on a large site they take most of a
/// rebuild, and the page being edited does not wait for them.
pub fn is_aggregate(job: Job) -> bool {
    matches!(
        job,
        Job::WholeGuide
            | Job::GuideChapter(_)
            | Job::GuideCss
            | Job::SearchMeta
            | Job::SearchTerms(_)
            | Job::Changes
            | Job::ChangesFeed
            | Job::Sitemap
    )
}

impl Session {
    /// Loads the site at `root` (made absolute) and renders every output into memory.
    /// The session exists even when the site is broken: the problems are returned
    /// beside it, and the next update tries again.
    pub fn start(root: &Path) -> (Session, Result<Rebuilt, Diagnostics>) {
        Self::start_for(root, Target::Memory)
    }

    /// Like [`Session::start`], with the outputs going to `target`.
    pub fn start_for(root: &Path, target: Target) -> (Session, Result<Rebuilt, Diagnostics>) {
        let mut session = Session {
            root: site::absolute_root(root),
            target,
            staging: None,
            output_error: None,
            needed: 0,
            state: None,
            doc_prints: DocPrints::default(),
            records: FastMap::default(),
            published: FastMap::default(),
            stale: FastSet::default(),
            files: FastMap::default(),
            links: links_index::LinkIndex::default(),
            defer_aggregates: false,
        };
        let result = session.update(&[]);
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

    /// The HTML of every piece of Markdown of the loaded site.
    pub fn html(&self) -> Option<&Html> {
        self.state.as_ref().map(|s| &s.html)
    }

    /// Every output file by path, as published ([`Target::Memory`] only).
    pub fn files(&self) -> &FastMap<String, Arc<Vec<u8>>> {
        &self.files
    }

    /// Why the output folder could not be prepared, if it could not.
    pub fn output_error(&self) -> Option<&str> {
        self.output_error.as_deref()
    }

    /// Every local page an output links to (without fragment), for `check`'s orphans.
    pub fn link_targets(&self) -> FastSet<String> {
        let base = self
            .site()
            .map(|s| s.config.base_path())
            .unwrap_or_default();
        self.links.targets(&base)
    }

    /// Applies changes to the files at `changed` (absolute or root-relative paths) and
    /// renders what they affect. On failure the published outputs stay the last good
    /// ones and the problems are returned.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        let start = Instant::now();
        let full = self.state.is_none();
        let change = inputs::Change::of(&self.root, changed, self.state.as_ref().map(|s| &s.site));
        if let Err(d) = self.refresh(change) {
            return Err(self.with_current(d));
        }
        let mut result = self.pass(start, false);
        if let Ok(r) = &mut result {
            r.full = full;
        }
        result
    }

    /// Renders the outputs left by the last updates for later, if any. Afterwards the
    /// outputs are again exactly what a full build writes. `cancel` is asked before each
    /// output: when it says so, the rest waits for the next call.
    pub fn settle_until(
        &mut self,
        cancel: &(dyn Fn() -> bool + Sync),
    ) -> Option<Result<Rebuilt, Diagnostics>> {
        if self.stale.is_empty() || self.state.is_none() {
            return None;
        }
        Some(self.pass_with(Instant::now(), true, cancel))
    }

    /// [`Session::settle_until`] without interruption.
    pub fn settle(&mut self) -> Option<Result<Rebuilt, Diagnostics>> {
        self.settle_until(&|| false)
    }

    /// Moves the staging folder into place ([`Target::Folder`], after a good pass).
    /// Returns what could not be cleared up (a previous output that cannot be deleted):
    /// the new site is in place all the same.
    pub fn commit(mut self) -> Result<Vec<String>, String> {
        let Some(staging) = self.staging.take() else {
            return Err("nothing to publish".into());
        };
        staging.commit().map_err(|e| {
            if e.source.kind() == std::io::ErrorKind::StorageFull {
                format!(
                    "cannot write the output: {e}; the complete output needs {}",
                    crate::fsutil::size(self.needed)
                )
            } else {
                format!("cannot replace the output folder: {e}")
            }
        })
    }

    /// Reads what changed and brings the model up to date.
    fn refresh(&mut self, change: inputs::Change) -> Result<(), Diagnostics> {
        let mut laps = Laps::new("read");
        let reload = self.state.is_none() || change.config;
        if reload {
            let loaded = match site::load_parts(&self.root) {
                Ok(l) => l,
                Err(d) => {
                    // Nothing of the old model may be used with a configuration that no
                    // longer reads: the next update loads everything again.
                    self.state = None;
                    return Err(d);
                }
            };
            let files = inputs::scan_files(&loaded.site);
            self.state = Some(State {
                site: loaded.site,
                sources: loaded.sources,
                config_text: loaded.config_text,
                html: Html::default(),
                md: Vec::new(),
                intro_md: Vec::new(),
                load_diags: loaded.diags,
                files,
                theme_broken: false,
            });
        } else {
            let state = self.state.as_mut().expect("a loaded state");
            inputs::apply(state, &change)?;
        }
        laps.lap("load");
        let state = self.state.as_mut().expect("a loaded state");
        markdown::run(
            &state.site,
            &mut state.html,
            &mut state.md,
            &mut state.intro_md,
            &mut self.doc_prints,
        );
        laps.lap("markdown");
        Ok(())
    }

    fn pass(&mut self, start: Instant, settling: bool) -> Result<Rebuilt, Diagnostics> {
        self.pass_with(start, settling, &|| false)
    }

    /// Renders the outputs whose reads changed since they were published, checks the
    /// links, and publishes the result when the site has no errors.
    fn pass_with(
        &mut self,
        start: Instant,
        settling: bool,
        cancel: &(dyn Fn() -> bool + Sync),
    ) -> Result<Rebuilt, Diagnostics> {
        let mut laps = Laps::new("pass");
        self.prepare_output();
        let keep = self.target == Target::Memory;
        let state = self.state.as_ref().expect("a loaded state");
        let site = &state.site;
        let html = &state.html;
        self.doc_prints.update(site, html);
        let prints = Prints::new(
            &self.doc_prints,
            site,
            html,
            &state.files,
            &state.config_text,
        );
        let changed: Reads = self
            .published
            .par_iter()
            .filter(|(dep, old)| prints.get(dep) != **old)
            .map(|(dep, _)| dep.clone())
            .collect();
        let plan = Plan::make(self, site, &changed, settling);
        laps.lap("compare");
        let rendered = self.render(site, html, &plan.jobs, settling, cancel);
        laps.lap("render");
        let copied = self.copy(state, &plan.copies);
        laps.lap("copy");
        let mut diags = rendered.diags;
        diags.extend(copied.diags);
        // A full disk fails every file: one line says it, with the space needed.
        let mut writes = rendered.writes;
        writes.extend(copied.writes);
        self.needed = rendered.bytes + copied.bytes;
        if let Some(d) = site::one_write_error(writes, self.needed) {
            diags.push(d);
        }
        let outputs: FastSet<&str> = plan.all_paths.iter().map(String::as_str).collect();
        self.links.update(&rendered.links, &outputs);
        // Outputs left for later hold an older model's links: checked once rendered.
        let later: FastSet<&str> = self
            .stale
            .iter()
            .chain(&plan.deferred)
            .map(String::as_str)
            .collect();
        diags.extend(self.links.check(site, html, &plan.job_of, &outputs, &later));
        laps.lap("links");
        let mut all = state.load_diags.clone();
        all.extend(site::collisions(
            site,
            &plan.page_paths.iter().map(String::as_str).collect(),
        ));
        all.extend(state.markdown_diags());
        all.extend(diags);
        all.sort();
        if all.has_errors() {
            return Err(all);
        }
        let mut paths: Vec<String> = Vec::new();
        let count = rendered.pages.len();
        for page in rendered.pages {
            if keep {
                for dep in &page.reads {
                    if !self.published.contains_key(dep) {
                        self.published.insert(dep.clone(), prints.get(dep));
                    }
                }
                self.records.insert(page.path.clone(), page.reads);
                self.files
                    .insert(page.path.clone(), Arc::new(page.text.into_bytes()));
            }
            self.stale.remove(&page.path);
            paths.push(page.path);
        }
        for (out, key, bytes) in copied.files {
            let dep = Dep::File(key);
            if keep {
                self.published.insert(dep.clone(), prints.get(&dep));
                self.records.insert(out.clone(), Reads::from([dep]));
                if let Some(bytes) = bytes
                    && self.files.get(&out).is_none_or(|b| **b != bytes)
                {
                    self.files.insert(out.clone(), Arc::new(bytes));
                    paths.push(out);
                }
            }
        }
        if keep {
            for dep in &changed {
                self.published.insert(dep.clone(), prints.get(dep));
            }
            paths.extend(self.remove_gone(&outputs));
        }
        self.stale.extend(plan.deferred);
        paths.sort();
        paths.dedup();
        Ok(Rebuilt {
            full: false,
            paths,
            rendered: count,
            warnings: all,
            elapsed: start.elapsed(),
        })
    }

    /// For [`Target::Folder`]: the staging folder, made once the model loaded without
    /// errors (a broken site is rendered for its problems only and writes nothing).
    fn prepare_output(&mut self) {
        let Target::Folder(out) = &self.target else {
            return;
        };
        if self.staging.is_some() || self.output_error.is_some() {
            return;
        }
        let Some(state) = self.state.as_mut() else {
            return;
        };
        if state.load_diags.has_errors() {
            return;
        }
        match Staging::new(out) {
            Ok((staging, recovered)) => {
                for what in recovered {
                    state
                        .load_diags
                        .push(Diagnostic::warning(out, "recovered", what));
                }
                self.staging = Some(staging);
            }
            Err(e) => {
                self.output_error = Some(format!("cannot prepare the output folder: {e}"));
            }
        }
    }

    /// Renders `jobs` on all cores; each page goes to the staging folder at once, or
    /// comes back with its reads to be kept.
    fn render(
        &self,
        site: &Site,
        html: &Html,
        jobs: &[Job],
        settling: bool,
        cancel: &(dyn Fn() -> bool + Sync),
    ) -> Rendered {
        let pause = settling.then(settle_pause).flatten();
        let globals = Globals::new(site, html);
        let keep = self.target == Target::Memory;
        let staging = self.staging.as_ref();
        let bytes = std::sync::atomic::AtomicU64::new(0);
        let results: Vec<Option<Result<RenderedPage, Failed>>> = jobs
            .par_iter()
            .map(|&job| {
                if cancel() {
                    return None;
                }
                if let Some(p) = pause {
                    std::thread::sleep(p);
                }
                let mut page = match render::render_job(site, html, &globals, job) {
                    Ok(p) => p,
                    Err(d) => return Some(Err(Failed::Render(d))),
                };
                let links = if let Some(guide) = page.guide.take() {
                    // The whole guide streams into its file as the pages' HTML is put in.
                    let to = staging.map(|s| s.path().join(&page.path));
                    match crate::whole_guide::publish(
                        &mut page.text,
                        &guide,
                        html,
                        to.as_deref(),
                        keep,
                    ) {
                        Ok(links) => Some(links),
                        Err(e) => {
                            let s = staging.expect("a write error has a staging folder");
                            return Some(Err(Failed::Write(write_error(s, &page.path, &e))));
                        }
                    }
                } else {
                    bytes.fetch_add(page.text.len() as u64, std::sync::atomic::Ordering::Relaxed);
                    if let Some(s) = staging
                        && let Err(e) =
                            crate::fsutil::write(&s.path().join(&page.path), page.text.as_bytes())
                    {
                        return Some(Err(Failed::Write(write_error(s, &page.path, &e))));
                    }
                    page.path
                        .ends_with(".html")
                        .then(|| crate::links::extract(&page.text))
                };
                let page = if keep {
                    page
                } else {
                    Page {
                        text: String::new(),
                        reads: Reads::new(),
                        ..page
                    }
                };
                Some(Ok((page, links)))
            })
            .collect();
        let mut out = Rendered {
            bytes: bytes.into_inner(),
            ..Rendered::default()
        };
        for r in results.into_iter().flatten() {
            match r {
                Ok((page, links)) => {
                    if let Some(l) = links {
                        out.links.push((page.path.clone(), l));
                    }
                    out.pages.push(page);
                }
                Err(Failed::Render(d)) => out.diags.push(d),
                Err(Failed::Write(d)) => out.writes.push(d),
            }
        }
        out
    }

    /// Copies the files in `copies` ((output path, key) pairs): into the staging folder,
    /// or read into memory.
    fn copy(&self, state: &State, copies: &[(String, String)]) -> Copied {
        let mut out = Copied::default();
        for (path, key) in copies {
            let bytes = match inputs::read_copy(&state.site, key) {
                Ok(b) => b,
                Err(d) => {
                    out.diags.push(d);
                    continue;
                }
            };
            out.bytes += bytes.len() as u64;
            if let Some(s) = &self.staging
                && let Err(e) = crate::fsutil::write(&s.path().join(path), &bytes)
            {
                out.writes.push(write_error(s, path, &e));
                continue;
            }
            let keep = (self.target == Target::Memory).then_some(bytes);
            out.files.push((path.clone(), key.clone(), keep));
        }
        out
    }

    /// Drops the outputs the site no longer makes; returns their paths.
    fn remove_gone(&mut self, outputs: &FastSet<&str>) -> Vec<String> {
        let gone: Vec<String> = self
            .records
            .keys()
            .filter(|p| !outputs.contains(p.as_str()))
            .cloned()
            .collect();
        for p in &gone {
            self.records.remove(p);
            self.files.remove(p);
            self.stale.remove(p);
        }
        gone
    }

    /// `extra` with every problem of the model as it stands (a step failed before the
    /// render could run).
    fn with_current(&self, extra: Diagnostics) -> Diagnostics {
        let mut all = extra;
        if let Some(state) = &self.state {
            all.extend(state.load_diags.clone());
            all.extend(state.markdown_diags());
        }
        all.sort();
        all
    }
}

/// Why an output was not published.
enum Failed {
    /// Its template failed.
    Render(Diagnostic),
    /// It could not be written.
    Write(Diagnostic),
}

/// An output that could not be written, named by its place in the output folder (the
/// staging folder is gone by the time the author reads this).
fn write_error(staging: &Staging, path: &str, e: &crate::fsutil::PathError) -> Diagnostic {
    Diagnostic::error(staging.target().join(path), "io", e.source.to_string())
}

/// For tests of `serve`: a pause before each output that [`Session::settle_until`]
/// renders (`LEIDRAAD_TEST_SETTLE_MS`), so that a save can arrive meanwhile.
fn settle_pause() -> Option<Duration> {
    let ms = std::env::var("LEIDRAAD_TEST_SETTLE_MS")
        .ok()?
        .parse()
        .ok()?;
    Some(Duration::from_millis(ms))
}

/// Step times of a session, printed with `LEIDRAAD_TIMINGS=1` (for profiling).
struct Laps(Option<LapClock>);

struct LapClock {
    what: &'static str,
    since: Instant,
    laps: Vec<(&'static str, Duration)>,
    /// Peak memory so far at the end of each lap (KB), where the system says.
    hwm: Vec<Option<u64>>,
}

/// The process's peak resident memory so far (Linux; `None` elsewhere).
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Laps {
    fn new(what: &'static str) -> Laps {
        Laps(std::env::var_os("LEIDRAAD_TIMINGS").map(|_| LapClock {
            what,
            since: Instant::now(),
            laps: Vec::new(),
            hwm: Vec::new(),
        }))
    }

    fn lap(&mut self, name: &'static str) {
        if let Some(c) = &mut self.0 {
            c.laps.push((name, c.since.elapsed()));
            c.hwm.push(peak_memory_kb());
            c.since = Instant::now();
        }
    }
}

impl Drop for Laps {
    fn drop(&mut self) {
        if let Some(LapClock {
            what, laps, hwm, ..
        }) = &self.0
        {
            let line: Vec<String> = laps
                .iter()
                .zip(hwm)
                .map(|((n, d), kb)| match kb {
                    Some(kb) => format!(
                        "{n} {:.1} (peak {} MB)",
                        d.as_secs_f64() * 1000.0,
                        kb / 1024
                    ),
                    None => format!("{n} {:.1}", d.as_secs_f64() * 1000.0),
                })
                .collect();
            eprintln!("timings {what} (ms): {}", line.join(", "));
        }
    }
}

/// What one pass renders and copies.
struct Plan {
    jobs: Vec<Job>,
    /// (output path, key of the copied file).
    copies: Vec<(String, String)>,
    /// Aggregate outputs left for later.
    deferred: Vec<String>,
    /// Every output of the current model: rendered pages and copied files.
    all_paths: Vec<String>,
    /// The rendered outputs of the current model.
    page_paths: Vec<String>,
    job_of: FastMap<String, Job>,
}

impl Plan {
    /// The jobs to run: outputs never published, left for later, or whose reads changed.
    fn make(session: &Session, site: &Site, changed: &Reads, settling: bool) -> Plan {
        let state = session.state.as_ref().expect("a loaded state");
        let jobs = site::renderable_jobs(site);
        let job_of: FastMap<String, Job> = jobs.iter().map(|&j| (site.job_path(j), j)).collect();
        let due = |path: &str| {
            session.stale.contains(path)
                || session
                    .records
                    .get(path)
                    .is_none_or(|reads| affected(reads, changed))
        };
        let copies: BTreeMap<String, String> = inputs::copies(site, &state.files);
        // Aggregates wait only when the site has the same outputs as those published:
        // then a stale one links nowhere that is gone.
        let same_outputs = session.records.len() == job_of.len() + copies.len()
            && job_of
                .keys()
                .chain(copies.keys())
                .all(|p| session.records.contains_key(p));
        let defer = session.defer_aggregates && !settling && same_outputs;
        let mut plan = Plan {
            jobs: Vec::new(),
            copies: Vec::new(),
            deferred: Vec::new(),
            all_paths: Vec::new(),
            page_paths: job_of.keys().cloned().collect(),
            job_of: FastMap::default(),
        };
        for &job in &jobs {
            let path = site.job_path(job);
            if settling {
                if session.stale.contains(&path) {
                    plan.jobs.push(job);
                }
            } else if due(&path) {
                if defer && is_aggregate(job) {
                    plan.deferred.push(path);
                } else {
                    plan.jobs.push(job);
                }
            }
        }
        for (out, key) in &copies {
            let reread = session.records.get(out).is_none_or(|reads| {
                !reads.contains(&Dep::File(key.clone()))
                    || changed.contains(&Dep::File(key.clone()))
            });
            if !settling && reread {
                plan.copies.push((out.clone(), key.clone()));
            }
        }
        plan.all_paths = job_of.keys().cloned().chain(copies.into_keys()).collect();
        plan.job_of = job_of;
        plan
    }
}

/// A rendered page with the links and ids it holds (HTML pages only).
type RenderedPage = (Page, Option<PageLinks>);

/// Pages rendered by one pass.
#[derive(Default)]
struct Rendered {
    pages: Vec<Page>,
    links: Vec<(String, PageLinks)>,
    diags: Diagnostics,
    /// Outputs that could not be written (a full disk fails them all).
    writes: Diagnostics,
    /// The size of every output rendered, written or not: what a full disk lacked.
    bytes: u64,
}

/// Files copied by one pass: (output path, key, bytes when kept in memory).
#[derive(Default)]
struct Copied {
    files: Vec<(String, String, Option<Vec<u8>>)>,
    diags: Diagnostics,
    /// Files that could not be written.
    writes: Diagnostics,
    /// The size of every file to copy, copied or not.
    bytes: u64,
}
