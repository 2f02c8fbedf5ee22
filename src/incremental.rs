//! Rebuilding after an edit: the site kept in memory, and only the output files that
//! depend on what changed rendered again. The result must equal a full build byte for
//! byte (a test checks this); anything this module cannot reason about precisely (new or
//! deleted files, configuration, theme, data, checklists, navigation) rebuilds it all.

use crate::content::{self, DocKind};
use crate::diagnostic::Diagnostics;
use crate::render::{self, Job};
use crate::site::{self, Site};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A site loaded in memory with all its output files, ready for edits.
pub struct Session {
    /// The loaded site (the last good one).
    pub site: Site,
    /// Every output file by path (`knelpunten/x.html`), as served. Shared pointers make
    /// handing a snapshot to the server cheap.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The last rebuild failed: the next one must start from scratch.
    broken: bool,
}

/// What a rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Whether everything was rendered again.
    pub full: bool,
    /// Output paths rendered again.
    pub paths: Vec<String>,
    /// Warnings.
    pub warnings: Diagnostics,
    /// Wall time.
    pub elapsed: Duration,
}

impl Session {
    /// Loads the site at `root` and renders every output file into memory.
    pub fn start(root: &Path) -> Result<(Session, Rebuilt), Diagnostics> {
        let start = Instant::now();
        let (site, warnings) = site::load(root)?;
        let jobs = render::jobs(&site);
        let mut files = HashMap::with_capacity(jobs.len() + 16);
        let paths: Vec<String> = insert_rendered(&mut files, render::render_many(&site, &jobs)?);
        for (path, bytes) in render::static_files(&site).map_err(Diagnostics::from)? {
            files.insert(path, Arc::new(bytes));
        }
        let session = Session {
            site,
            files,
            broken: false,
        };
        let rebuilt = Rebuilt {
            full: true,
            paths,
            warnings,
            elapsed: start.elapsed(),
        };
        Ok((session, rebuilt))
    }

    /// Applies changes to the files at `changed` (absolute or root-relative paths). On
    /// failure the previous output stays as it was and the problems are returned.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        let start = Instant::now();
        let root = self.site.root.clone();
        let edits = match self.classify(changed) {
            Some(edits) if !self.broken => edits,
            _ => return self.rebuild_full(start),
        };
        if edits.is_empty() {
            return Ok(Rebuilt {
                full: false,
                paths: Vec::new(),
                warnings: Diagnostics::default(),
                elapsed: start.elapsed(),
            });
        }
        match self.apply_edits(&root, &edits) {
            Some(result) => {
                let result = result.map(|mut r| {
                    r.elapsed = start.elapsed();
                    r
                });
                self.broken = result.is_err();
                result
            }
            None => self.rebuild_full(start),
        }
    }

    fn rebuild_full(&mut self, start: Instant) -> Result<Rebuilt, Diagnostics> {
        match Session::start(&self.site.root) {
            Ok((session, mut rebuilt)) => {
                *self = session;
                rebuilt.elapsed = start.elapsed();
                Ok(rebuilt)
            }
            Err(d) => {
                self.broken = true;
                Err(d)
            }
        }
    }

    /// The edited documents, or `None` when a change needs a full rebuild.
    fn classify(&self, changed: &[PathBuf]) -> Option<Vec<usize>> {
        let root = &self.site.root;
        let content_root = root.join(content::CONTENT_DIR);
        let mut edits = Vec::new();
        for path in changed {
            let abs = if path.is_absolute() {
                path.clone()
            } else {
                root.join(path)
            };
            let name = abs
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if content::is_ignored_name(&name) {
                continue;
            }
            let rel = abs.strip_prefix(&content_root).ok()?;
            if abs.extension().is_none_or(|e| e != "md") || !abs.is_file() {
                return None;
            }
            let &i = self.site.content.by_path.get(rel)?;
            if !edits.contains(&i) {
                edits.push(i);
            }
        }
        Some(edits)
    }

    /// Re-reads the edited documents and re-renders what depends on them. `None` means
    /// the edit touches something shared by every page; rebuild everything instead.
    ///
    /// The site model is updated in place (no copy of a large site per keystroke); if the
    /// edit turns out to be broken, the session is marked broken so the next change
    /// rebuilds from scratch, while the files being served stay the last good ones.
    fn apply_edits(
        &mut self,
        root: &Path,
        edits: &[usize],
    ) -> Option<Result<Rebuilt, Diagnostics>> {
        let mut diags = Diagnostics::default();
        let mut changed = Vec::new();
        for &i in edits {
            let old = &self.site.content.docs[i];
            let (doc, d) = content::reparse(root, &self.site.config, &old.content_path);
            diags.extend(d);
            let Some(doc) = doc else { continue };
            let nav_visible = old.kind == DocKind::Page && (old.menu || doc.menu);
            if nav_visible
                && (old.title != doc.title
                    || old.summary != doc.summary
                    || old.menu != doc.menu
                    || old.order != doc.order)
            {
                return None;
            }
            changed.push((i, old.clone(), doc));
        }
        if diags.has_errors() {
            diags.sort();
            return Some(Err(diags));
        }
        let old_backlinks: Vec<Vec<(usize, usize)>> = changed
            .iter()
            .map(|(i, _, _)| self.site.content.backlinks[*i].clone())
            .collect();
        for (i, _, new) in &changed {
            self.site.content.docs[*i] = new.clone();
        }
        let mut resolve_diags = Diagnostics::default();
        content::resolve(
            &mut self.site.content,
            &self.site.config,
            &mut resolve_diags,
        );
        diags.extend(resolve_diags);

        // Documents whose Markdown shows an edited document's title (`[](@id)`).
        let mut rerender_md: BTreeSet<usize> = changed.iter().map(|(i, _, _)| *i).collect();
        for (_, old, new) in &changed {
            if old.title != new.title {
                for (j, h) in self.site.html.iter().enumerate() {
                    if h.links_to.contains(&new.id) {
                        rerender_md.insert(j);
                    }
                }
            }
        }
        for &j in &rerender_md {
            let (mut h, d) = self.site.render_doc(&self.site.content, j);
            diags.extend(d);
            // Markdown does not touch the filled-in checklist; keep it unless re-scored below.
            h.assessment = self.site.html[j].assessment.take();
            self.site.html[j] = h;
        }
        for (i, _, _) in &changed {
            let (a, d) = self.site.score_doc(&self.site.content, *i);
            diags.extend(d);
            self.site.html[*i].assessment = a;
        }
        diags.extend(site::check_anchors(&self.site.content, &self.site.html));
        diags.sort();
        if diags.has_errors() {
            return Some(Err(diags));
        }
        let jobs: Vec<Job> = affected_jobs(&self.site, &changed, &old_backlinks, &rerender_md)
            .into_iter()
            .collect();
        let rendered = match render::render_many(&self.site, &jobs) {
            Ok(r) => r,
            Err(d) => return Some(Err(d)),
        };
        let paths = insert_rendered(&mut self.files, rendered);
        Some(Ok(Rebuilt {
            full: false,
            paths,
            warnings: diags,
            elapsed: Duration::ZERO,
        }))
    }
}

/// The output files whose content can differ after `changed` edits, given the site as
/// updated. Each page shows other documents only through their link (id, title,
/// summary, path, kind), their card on listings, or a source's reference.
fn affected_jobs(
    site: &Site,
    changed: &[(usize, content::Doc, content::Doc)],
    old_backlinks: &[Vec<(usize, usize)>],
    rerender_md: &BTreeSet<usize>,
) -> BTreeSet<Job> {
    let content = &site.content;
    let mut jobs: BTreeSet<Job> = rerender_md.iter().map(|&j| Job::Doc(j)).collect();
    for ((i, old, new), old_backlinks) in changed.iter().zip(old_backlinks) {
        let i = *i;
        jobs.insert(Job::Doc(i));
        let link_changed = old.title != new.title || old.summary != new.summary;
        let card_changed = link_changed || old.fields != new.fields || old.order != new.order;
        if let (DocKind::Entry(k), true) = (new.kind, card_changed) {
            jobs.insert(Job::List(k));
        }
        // Relation targets list this document among their backlinks.
        if link_changed || old.relations_ids() != new.relations_ids() {
            for doc in [old, new] {
                for id in doc.relations_ids() {
                    if let Some(&t) = content.by_id.get(id) {
                        jobs.insert(Job::Doc(t));
                    }
                }
            }
        }
        // Cited sources list this document under "used on".
        let cited = |d: &content::Doc| {
            d.citations
                .iter()
                .map(|c| c.source.clone())
                .collect::<Vec<_>>()
        };
        if link_changed || cited(old) != cited(new) {
            for source in cited(old).into_iter().chain(cited(new)) {
                if let Some(&s) = content.by_id.get(&source) {
                    jobs.insert(Job::Doc(s));
                }
            }
        }
        if link_changed || old.field("referentie") != new.field("referentie") {
            // Documents pointing at this one show its link; citing ones its reference.
            for &(s, _) in old_backlinks.iter().chain(&content.backlinks[i]) {
                jobs.insert(Job::Doc(s));
            }
            for &c in &content.cited_by[i] {
                jobs.insert(Job::Doc(c));
            }
        }
        if link_changed {
            let id = &new.id;
            for (ci, (c, _)) in site.checklists.iter().enumerate() {
                if c.checklist
                    .questions()
                    .any(|q| q.options.iter().any(|o| o.links.contains(id)))
                {
                    jobs.insert(Job::Checklist(ci));
                }
            }
            for (j, h) in site.html.iter().enumerate() {
                let shows = h.assessment.as_ref().is_some_and(|a| {
                    a.advice
                        .iter()
                        .chain(&a.knockouts)
                        .any(|l| l.links.iter().any(|l| &l.id == id))
                });
                if shows {
                    jobs.insert(Job::Doc(j));
                }
            }
        }
    }
    jobs
}

fn insert_rendered(
    files: &mut HashMap<String, Arc<Vec<u8>>>,
    rendered: Vec<(String, String)>,
) -> Vec<String> {
    let mut paths = Vec::with_capacity(rendered.len());
    for (path, text) in rendered {
        paths.push(path.clone());
        files.insert(path, Arc::new(text.into_bytes()));
    }
    paths
}
