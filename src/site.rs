//! The build as named steps: load the configuration, theme and content; render the
//! Markdown; render every output file; check every local URL; write. `build`, `check`
//! and `serve` run these same steps, so they report the same problems.

use crate::config;
use crate::content::{Content, Sources};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::document::{Doc, DocKind};
use crate::files::{self, CONTENT_DIR};
use crate::links::{self, Origin, PageLinks};
use crate::markdown::{self, Resolver};
use crate::model::{DocHtml, Html, Job, Site, checklist_path, root_prefix};
use crate::output::{self, Staging};
use crate::render::{self, Page};
use crate::theme;
use crate::{FastMap, FastSet};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Output files rendered from templates.
    pub pages: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// The output folder.
    pub out: PathBuf,
    /// Warnings (the build still succeeded).
    pub warnings: Diagnostics,
    /// Wall time of each step, in order.
    pub steps: Vec<(&'static str, Duration)>,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site's files; nothing was written.
    Site(Diagnostics),
    /// The output could not be written; the previous output is untouched.
    Output(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Site(d) => write!(f, "{d}"),
            BuildError::Output(m) => write!(f, "{m}"),
        }
    }
}

/// The site root as an absolute path, whatever the user typed (`.`, `site/`).
pub fn absolute_root(root: &Path) -> PathBuf {
    std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Step 1: reads the configuration, the theme and all content into the model. Problems
/// in content are returned beside the model; only a configuration or theme that cannot
/// be used at all means there is no model.
pub fn load(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
    let root = absolute_root(root);
    let config::Loaded {
        config,
        positions: config_positions,
        ..
    } = config::load(&root)?;
    let theme_result = theme::load(&root, &config, &config_positions);
    let sources = Sources::scan(&root, &config);
    let (mut content, mut diags) = Content::assemble(&sources, &config);
    content.git_dates = std::sync::Arc::new(crate::dates::GitDates::read(&root));
    let theme = match theme_result {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            diags.sort();
            return Err(diags);
        }
    };
    let site = Site {
        root,
        config,
        config_positions,
        theme,
        abbreviations: crate::abbreviations::Abbreviations::new(&content),
        content,
    };
    diags.extend(template_checks(&site));
    diags.extend(crate::whole_guide::order(&site).1);
    Ok((site, diags))
}

/// Links from the site, for the Markdown renderer.
struct SiteResolver<'a> {
    content: &'a Content,
    /// Checklists: id, output path and title. Linked as `@checklist/<id>`.
    checklists: Vec<(&'a str, String, &'a str)>,
}

impl<'a> SiteResolver<'a> {
    fn new(content: &'a Content) -> Self {
        let checklists = content
            .checklists
            .iter()
            .map(|c| {
                let c = &c.checklist;
                (c.id.as_str(), checklist_path(&c.id), c.title.as_str())
            })
            .collect();
        SiteResolver {
            content,
            checklists,
        }
    }
}

impl Resolver for SiteResolver<'_> {
    fn by_id(&self, id: &str) -> Option<(&str, &str)> {
        if let Some(cid) = id.strip_prefix("checklist/") {
            return self
                .checklists
                .iter()
                .find(|(i, _, _)| *i == cid)
                .map(|(_, path, title)| (path.as_str(), *title))
                .or_else(|| self.content.broken.get(id).map(|b| ("", b.as_str())));
        }
        match self.content.get(id) {
            Some(d) => Some((d.out_path.as_str(), d.title.as_str())),
            // The file exists but has its own error; the build fails on that one.
            None => self.content.broken.get(id).map(|b| ("", b.as_str())),
        }
    }
    fn by_content_path(&self, path: &Path) -> Option<&str> {
        self.content
            .by_path
            .get(&files::slash_path(path))
            .map(|&i| self.content.docs[i].id.as_str())
    }
    fn suggest(&self, id: &str) -> String {
        let checklist_ids: Vec<String> = self
            .content
            .checklists
            .iter()
            .map(|c| format!("checklist/{}", c.checklist.id))
            .collect();
        did_you_mean(
            id,
            self.content
                .docs
                .iter()
                .map(|d| d.id.as_str())
                .chain(checklist_ids.iter().map(String::as_str)),
        )
    }
}

/// Step 2: renders the Markdown of every document and checklist introduction.
pub fn render_markdown(site: &Site) -> (Html, Diagnostics) {
    let rendered: Vec<(DocHtml, Diagnostics)> = (0..site.content.docs.len())
        .into_par_iter()
        .map(|i| doc_markdown(site, i))
        .collect();
    let mut diags = Diagnostics::default();
    let mut html = Html::default();
    for (h, d) in rendered {
        diags.extend(d);
        html.docs.push(std::sync::Arc::new(h));
    }
    for ci in 0..site.content.checklists.len() {
        let (h, d) = intro_markdown(site, ci);
        diags.extend(d);
        html.intros.push(h);
    }
    (html, diags)
}

fn table_label(site: &Site) -> &str {
    site.theme.strings["table"].as_str().unwrap_or_default()
}

fn callout_labels(site: &Site) -> [&str; 5] {
    ["note", "tip", "important", "warning", "caution"].map(|k| {
        site.theme.strings[format!("callout_{k}")]
            .as_str()
            .unwrap_or_default()
    })
}

/// Renders one document's body and Markdown fields; reports unresolvable links.
pub fn doc_markdown(site: &Site, i: usize) -> (DocHtml, Diagnostics) {
    let doc: &Doc = &site.content.docs[i];
    let resolver = SiteResolver::new(&site.content);
    let root = root_prefix(&doc.out_path);
    let mut diags = Diagnostics::default();
    let src = markdown::Source {
        doc_id: &doc.id,
        content_path: &doc.content_path,
        root: &root,
        first_line: doc.body_line,
        table_label: table_label(site),
        callout_labels: callout_labels(site),
        abbreviations: &site.abbreviations,
    };
    let body = markdown::render(&doc.body, &src, &resolver);
    let mut html = DocHtml::default();
    absorb(&mut html, &mut diags, &doc.file, &body);
    html.body = body.html;
    html.headings = body.headings;
    let mut labelled_fields = Vec::new();
    if let DocKind::Entry(k) = doc.kind {
        for (name, value) in &doc.fields {
            if site.config.kinds[k].fields[name].kind != config::FieldType::Markdown {
                continue;
            }
            let line = doc.positions.text_line(name).unwrap_or(1);
            let src = markdown::Source {
                first_line: line,
                ..src
            };
            let r = markdown::render(value.as_str().unwrap_or_default(), &src, &resolver);
            absorb(&mut html, &mut diags, &doc.file, &r);
            let spec = &site.config.kinds[k].fields[name];
            let label = spec.label.as_deref();
            // The entry templates give a field's section the id `veld-<name>`.
            if !spec.hidden {
                labelled_fields.push(crate::search::Field {
                    label: label.unwrap_or(name).to_string(),
                    anchor: format!("veld-{name}"),
                    html: r.html.clone(),
                });
            }
            html.fields.push((name.clone(), r.html));
        }
    }
    html.search = crate::search::index_doc(&doc.summary, &html.body, &labelled_fields);
    (html, diags)
}

/// Renders a checklist's Markdown introduction.
pub fn intro_markdown(site: &Site, ci: usize) -> (DocHtml, Diagnostics) {
    let c = &site.content.checklists[ci];
    let resolver = SiteResolver::new(&site.content);
    let content_path = c.file.strip_prefix(CONTENT_DIR).unwrap_or(&c.file);
    let path = checklist_path(&c.checklist.id);
    let root = root_prefix(&path);
    let src = markdown::Source {
        doc_id: &c.checklist.id,
        content_path,
        root: &root,
        first_line: c.positions.text_line("inleiding").unwrap_or(1),
        table_label: table_label(site),
        callout_labels: callout_labels(site),
        abbreviations: &site.abbreviations,
    };
    let r = markdown::render(&c.checklist.intro, &src, &resolver);
    let mut html = DocHtml::default();
    let mut diags = Diagnostics::default();
    absorb(&mut html, &mut diags, &c.file, &r);
    html.body = r.html;
    html.headings = r.headings;
    html.search = crate::search::index_doc(&c.checklist.summary, &html.body, &[]);
    (html, diags)
}

/// Adds what one piece of Markdown found to a document's HTML record.
fn absorb(html: &mut DocHtml, diags: &mut Diagnostics, file: &Path, r: &markdown::Rendered) {
    for p in &r.problems {
        diags.push(
            Diagnostic::error(file, "unknown-id", p.message.clone())
                .at(Some(p.pos.0), Some(p.pos.1)),
        );
    }
    html.links.extend(r.links.iter().cloned());
    html.images_without_alt
        .extend(r.images_without_alt.iter().copied());
    for id in &r.reads {
        if !html.reads.contains(id) {
            html.reads.push(id.clone());
        }
    }
}

/// Every template a kind or page names must exist in the theme.
pub fn template_checks(site: &Site) -> Diagnostics {
    let theme = &site.theme;
    let mut diags = Diagnostics::default();
    let names: Vec<&str> = theme.tera.get_template_names().collect();
    let mut missing = |name: &str, file: &Path, pos: Option<(usize, usize)>, who: String| {
        if !theme.tera.contains_template(name) {
            diags.push(
                Diagnostic::error(
                    file,
                    "missing-template",
                    format!(
                        "{who} uses template `{name}`, which the theme does not have{}",
                        did_you_mean(name, names.iter().copied())
                    ),
                )
                .at_pos(pos),
            );
        }
    };
    for (i, kind) in site.config.kinds.iter().enumerate() {
        for (key, t) in [
            ("template", &kind.template),
            ("list_template", &kind.list_template),
        ] {
            let pos = site.config_positions.at(&format!("kinds.{i}.{key}"));
            missing(
                t,
                Path::new(config::CONFIG_FILE),
                pos,
                format!("kind `{}`", kind.id),
            );
        }
    }
    let mut seen = FastSet::default();
    for doc in &site.content.docs {
        if let Some(t) = &doc.template
            && seen.insert((doc.file.clone(), t.clone()))
        {
            let pos = doc.positions.at("template");
            missing(t, &doc.file, pos, format!("page `{}`", doc.id));
        }
    }
    for t in [
        "index.html",
        "page.html",
        "404.html",
        "sitemap.xml",
        "checklist.html",
    ] {
        missing(
            t,
            Path::new(files::THEMES_DIR),
            None,
            "the site".to_string(),
        );
    }
    diags
}

/// The jobs whose template exists (a missing one is reported by [`load`]).
pub fn renderable_jobs(site: &Site) -> Vec<Job> {
    site.jobs()
        .into_iter()
        .filter(|&j| {
            let t = site.job_template(j);
            t.is_empty() || site.theme.tera.contains_template(&t)
        })
        .collect()
}

/// The URLs and ids of every output file, for the link check.
#[derive(Debug, Default, Clone)]
pub struct OutputIndex {
    /// Links and ids of every HTML output, by output path.
    pub pages: FastMap<String, PageLinks>,
    /// Every output path: pages, static files and assets.
    pub files: FastSet<String>,
}

impl OutputIndex {
    /// Adds a rendered file.
    pub fn add_page(&mut self, path: &str, text: &str) {
        if path.ends_with(".html") {
            self.pages.insert(path.to_string(), links::extract(text));
        }
        self.files.insert(path.to_string());
    }
}

/// Where an output came from: its source file, the links its Markdown wrote, and its
/// template. Broken URLs are reported there.
pub fn origin_of<'a>(site: &Site, html: &'a Html, job: Job) -> Origin<'a> {
    let template = site.job_template(job);
    match job {
        Job::Doc(i) => Origin {
            file: site.content.docs[i].file.clone(),
            links: &html.docs[i].links,
            template,
        },
        Job::Checklist(ci) => Origin {
            file: site.content.checklists[ci].file.clone(),
            links: &html.intros[ci].links,
            template,
        },
        _ => Origin {
            file: site.theme.origin(&template),
            links: &[],
            template,
        },
    }
}

/// Step 4: every local `href` and `src` of the output must resolve to an output file
/// (and its fragment to an id there). Problems point at the Markdown line or the
/// template that wrote the URL.
pub fn check_links(site: &Site, html: &Html, index: &OutputIndex) -> Diagnostics {
    let jobs: FastMap<String, Job> = site
        .jobs()
        .into_iter()
        .map(|j| (site.job_path(j), j))
        .collect();
    let files: FastSet<&str> = index.files.iter().map(String::as_str).collect();
    let is_doc = |id: &str| site.content.by_id.contains_key(id);
    let base_path = site.config.base_path();
    let origin = |page: &str| jobs.get(page).map(|&j| origin_of(site, html, j));
    let mut pages: Vec<&String> = index
        .pages
        .keys()
        .filter(|p| link_checked(site, p))
        .collect();
    pages.sort();
    let found: Vec<Diagnostics> = pages
        .par_iter()
        .map(|page| {
            links::check_page(
                page,
                &index.pages[*page],
                &index.pages,
                &files,
                &base_path,
                &origin,
                &is_doc,
            )
        })
        .collect();
    let mut diags = Diagnostics::default();
    for d in found {
        diags.extend(d);
    }
    diags
}

/// Whether the link check looks at an output. Not at the whole guide: every link in it
/// is a rewritten link of a page that is checked itself, so a broken one would be
/// reported twice; the rewriting has its own tests.
pub fn link_checked(site: &Site, page: &str) -> bool {
    page != site.job_path(Job::WholeGuide)
}

/// Files under `content/` published at the same path as a rendered page: one would
/// silently replace the other.
pub fn collisions(site: &Site, page_paths: &FastSet<&str>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for rel in &site.content.assets {
        let out = files::asset_output(rel);
        if page_paths.contains(out.as_str()) {
            diags.push(Diagnostic::error(
                Path::new(CONTENT_DIR).join(rel),
                "output-conflict",
                format!(
                    "this file would be published as `{out}`, which is also a page the site writes; rename or move it"
                ),
            ));
        }
    }
    diags
}

/// Steps 2 to 4 on a loaded site: Markdown, every output rendered (each handed to
/// `sink` as soon as it exists, so a large site is never held whole), and the link
/// check. Returns the HTML of the Markdown, the number of rendered pages and every
/// problem found.
pub fn render_site(
    site: &Site,
    static_paths: &[String],
    sink: impl Fn(&Page) -> Result<(), Diagnostic> + Sync,
) -> (Html, usize, Diagnostics) {
    let (html, mut diags) = render_markdown(site);
    let jobs = renderable_jobs(site);
    let (pages, d) = render::render_all(site, &html, &jobs, |page| {
        sink(&page)?;
        Ok((page.path.clone(), links::extract(&page.text)))
    });
    diags.extend(d);
    let mut index = OutputIndex::default();
    for (path, links) in pages.iter() {
        index.files.insert(path.clone());
        if path.ends_with(".html") {
            index.pages.insert(path.clone(), links.clone());
        }
    }
    let page_paths: FastSet<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
    diags.extend(collisions(site, &page_paths));
    index.files.extend(static_paths.iter().cloned());
    diags.extend(check_links(site, &html, &index));
    (html, pages.len(), diags)
}

/// Builds the site at `root` into `out` (default `root/public`), atomically.
pub fn build(root: &Path, out: Option<&Path>) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let root = absolute_root(root);
    let out = out.map_or_else(|| root.join("public"), absolute_root);
    // The site's own files may never be inside, equal to or around the output folder;
    // that also rules out writing to the root itself or any folder that contains it.
    let own_files = [
        root.join(CONTENT_DIR),
        root.join(files::THEMES_DIR),
        root.join(files::STATIC_DIR),
        root.join(config::CONFIG_FILE),
    ];
    if let Some(reason) = output::refuse_reason(&out, &own_files) {
        return Err(BuildError::Output(reason));
    }
    let mut steps = Vec::new();
    let mut lap = Instant::now();
    let mut step = |name: &'static str| {
        steps.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let (site, mut diags) = load(&root).map_err(BuildError::Site)?;
    step("load");
    let statics = render::static_files(&site).map_err(|d| BuildError::Site(d.into()))?;
    let static_paths: Vec<String> = statics.iter().map(|(p, _)| p.clone()).collect();
    // Pages are written only when the site loaded cleanly; otherwise they are rendered
    // for their problems alone.
    let staging = if diags.has_errors() {
        None
    } else {
        let (staging, recovered) = Staging::new(&out)
            .map_err(|e| BuildError::Output(format!("cannot prepare the output folder: {e}")))?;
        for what in recovered {
            diags.push(Diagnostic::warning(&out, "recovered", what));
        }
        Some(staging)
    };
    let write = |page: &Page| match &staging {
        Some(s) => crate::fsutil::write(&s.path().join(&page.path), page.text.as_bytes())
            .map_err(|e| Diagnostic::error(&e.path, "io", e.source.to_string())),
        None => Ok(()),
    };
    let (_html, pages, d) = render_site(&site, &static_paths, write);
    diags.extend(one_write_error(d));
    step("render and check");
    diags.sort();
    let Some(staging) = staging.filter(|_| !diags.has_errors()) else {
        return Err(BuildError::Site(diags));
    };
    for (path, bytes) in &statics {
        crate::fsutil::write(&staging.path().join(path), bytes)
            .map_err(|e| BuildError::Output(format!("cannot write the output: {e}")))?;
    }
    step("copy files");
    staging
        .commit()
        .map_err(|e| BuildError::Output(format!("cannot replace the output folder: {e}")))?;
    step("swap output");
    drop(site);
    step("free");
    Ok(BuildReport {
        pages,
        elapsed: start.elapsed(),
        out,
        warnings: diags,
        steps,
    })
}

/// A full disk fails every page; one line says it, naming the first file.
fn one_write_error(diags: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::default();
    let writes: Vec<&Diagnostic> = diags.items().iter().filter(|d| d.code == "io").collect();
    for d in diags.items().iter().filter(|d| d.code != "io") {
        out.push(d.clone());
    }
    if let Some(first) = writes.first() {
        let more = writes.len() - 1;
        let mut d = (*first).clone();
        d.message = format!("cannot write the output: {}", d.message);
        if more > 0 {
            d.message.push_str(&format!(" (and {more} more files)"));
        }
        out.push(d);
    }
    out
}

/// What `leidraad check` reports beyond a build's problems.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Folder with the plain texts of the sources, for the copy check.
    pub source_texts: Option<PathBuf>,
}

/// What `leidraad check` found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every problem, sorted.
    pub diags: Diagnostics,
    /// Sentence lengths of the running text, when the site could be read.
    pub prose: Option<crate::readability::Stats>,
}

/// `leidraad check`: every step of a build, rendered into memory and written nowhere,
/// plus the findings only `check` reports.
pub fn check(root: &Path, options: CheckOptions) -> Checked {
    let (site, mut diags) = match load(root) {
        Ok(s) => s,
        Err(diags) => {
            return Checked { diags, prose: None };
        }
    };
    let prose = Some(crate::readability::stats(&site));
    let statics = match render::static_files(&site) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            diags.sort();
            return Checked { diags, prose };
        }
    };
    let static_paths: Vec<String> = statics.iter().map(|(p, _)| p.clone()).collect();
    let targets = std::sync::Mutex::new(FastSet::default());
    let base_path = site.config.base_path();
    let (html, _, d) = render_site(&site, &static_paths, |page| {
        if page.path.ends_with(".html") {
            let found: Vec<String> = links::extract(&page.text)
                .urls
                .iter()
                .filter_map(|u| links::local_target(&page.path, u, &base_path).flatten())
                .map(|t| t.split('#').next().unwrap_or_default().to_string())
                .collect();
            targets
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend(found);
        }
        Ok(())
    });
    diags.extend(d);
    let targets = targets
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    diags.extend(crate::check::findings(&site, &html, &targets));
    diags.extend(crate::readability::findings(&site));
    if let Some(dir) = &options.source_texts {
        diags.extend(crate::copycheck::findings(&site, dir));
    }
    diags.sort();
    Checked { diags, prose }
}
