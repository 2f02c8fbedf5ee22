//! Rendering: one output file per job, from the model, its HTML and the theme. Each
//! rendered file comes with what it read ([`crate::deps`]), so `serve` knows what to
//! render again after an edit.

use crate::deps::{Dep, Reads};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::DocKind;
use crate::model::{Html, Job, Site, root_prefix};
use crate::view::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use tera::Context;

/// How many recently updated pages the changes page and its feed list.
const CHANGES_LISTED: usize = 50;

/// One rendered output file and what it read.
#[derive(Debug, Clone)]
pub struct Page {
    /// Output path relative to the output folder.
    pub path: String,
    /// The text.
    pub text: String,
    /// What the views of this page read, its templates included.
    pub reads: Reads,
    /// For a document of the whole guide: its view, whose markers in `text` are filled
    /// as it is written ([`crate::whole_guide::publish`]).
    pub guide: Option<Box<crate::whole_guide::Guide>>,
}

/// A breadcrumb: the trail from the home page to the current page.
#[derive(Debug, Clone, Serialize)]
struct Crumb {
    title: String,
    path: String,
}

impl Crumb {
    /// The last crumb: the page itself, not a link.
    fn here(title: &str) -> Crumb {
        Crumb {
            title: title.to_string(),
            path: String::new(),
        }
    }
}

/// What every template sees, converted once per rendering pass.
pub struct Globals {
    ctx: Context,
    /// The search index's meta and term files, made together on first use: each needs a
    /// pass over every document, so making them one at a time would cost a pass each.
    search: std::sync::OnceLock<crate::search::Built>,
}

impl Globals {
    /// Builds the globals of this state of the model.
    pub fn new(site: &Site, html: &Html) -> Globals {
        let views = Views::new(&site.config, &site.content, html, &site.theme.strings);
        let mut ctx = Context::new();
        if let serde_json::Value::Object(map) = views.globals() {
            for (k, v) in map {
                ctx.insert_value(k, tera::Value::from_serializable(&v));
            }
        }
        // The data files, straight from the content (see `Views::globals`).
        ctx.insert("data", &site.content.data);
        // From `leidraad.yaml` and the site's files; a change there renders everything.
        ctx.insert("house", &site.house);
        Globals {
            ctx,
            search: std::sync::OnceLock::new(),
        }
    }
}

/// Renders one job.
pub fn render_job(
    site: &Site,
    html: &Html,
    globals: &Globals,
    job: Job,
) -> Result<Page, Diagnostic> {
    let path = site.job_path(job);
    let template = site.job_template(job);
    if template.is_empty() {
        return Ok(data_file(site, html, globals, job, path));
    }
    let views = Views::new(&site.config, &site.content, html, &site.theme.strings);
    let mut ctx = globals.ctx.clone();
    ctx.insert("root", &root_prefix(&path));
    ctx.insert("path", &path);
    ctx.insert("section", "");
    ctx.insert("breadcrumbs", &Vec::<Crumb>::new());
    page_meta(site, job, &path, &mut ctx);
    let guide = job_context(site, &views, job, &mut ctx);
    let text = site.theme.tera.render(&template, &ctx).map_err(|e| {
        crate::theme::missing_data_key(&site.theme, &site.root, &e)
            .unwrap_or_else(|| crate::theme::tera_error(&e, |name| site.theme.origin(name)))
    })?;
    let mut reads = views.into_reads();
    reads.insert(Dep::Globals);
    reads.insert(Dep::Config);
    for t in site.theme.closure(&template) {
        reads.insert(Dep::Template(t));
    }
    if let Some(guide) = &guide {
        reads.extend(guide.reads.iter().cloned());
    } else if job == Job::GuideCss {
        reads.extend(crate::whole_guide::order_reads(site));
    }
    Ok(Page {
        path,
        text,
        reads,
        guide: guide.map(Box::new),
    })
}

/// The job's own variables: the page, listing or checklist, and its breadcrumbs.
/// Returns the whole guide's view, whose slots are filled after rendering.
fn job_context(
    site: &Site,
    views: &Views<'_>,
    job: Job,
    ctx: &mut Context,
) -> Option<crate::whole_guide::Guide> {
    let home = Crumb {
        title: site.theme.strings["home"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        path: "index.html".into(),
    };
    match job {
        Job::Doc(i) => {
            let d = &site.content.docs[i];
            let view = views.page(i);
            let mut crumbs = vec![home];
            match d.kind {
                DocKind::Entry(k) => {
                    let kind = views.kind(k);
                    crumbs.push(Crumb {
                        title: kind.plural.clone(),
                        path: kind.path.clone(),
                    });
                    ctx.insert("section", &site.config.kinds[k].id);
                }
                DocKind::Page => ctx.insert("section", &d.id),
            }
            if d.id != "index" || d.kind != DocKind::Page {
                crumbs.push(Crumb {
                    title: d.title.clone(),
                    path: String::new(),
                });
                ctx.insert("breadcrumbs", &crumbs);
            }
            ctx.insert("page", &view);
        }
        Job::List(k) => {
            let kind = views.kind(k);
            let crumbs = vec![
                home,
                Crumb {
                    title: kind.plural.clone(),
                    path: String::new(),
                },
            ];
            ctx.insert("breadcrumbs", &crumbs);
            ctx.insert("section", &site.config.kinds[k].id);
            ctx.insert("kind", &kind);
            ctx.insert("groups", &views.list_groups(k));
        }
        Job::Checklist(i) => {
            let view = views.checklist_page(i);
            ctx.insert("breadcrumbs", &[home, Crumb::here(&view.title)]);
            ctx.insert("section", &format!("checklist/{}", view.id));
            ctx.insert("checklist", &view);
        }
        Job::Calculator(i) => {
            let (intro, _) = crate::site::calculator_intro(site, i);
            let view = views.calculator_page(i, &intro);
            ctx.insert("breadcrumbs", &[home, Crumb::here(&view.title)]);
            ctx.insert("section", &format!("rekenhulp/{}", view.id));
            ctx.insert("rekenhulp", &view);
        }
        Job::NotFound => {
            // Served for any missing URL, so links must not be relative to its own place.
            ctx.insert("root", &site.config.base_path());
        }
        Job::Sitemap => {
            ctx.insert("paths", &views.sitemap_paths());
            ctx.insert("root", "");
        }
        Job::SearchPage | Job::Changes => {
            let key = if job == Job::SearchPage {
                "search_title"
            } else {
                "changes_title"
            };
            let title = site.theme.strings[key].as_str().unwrap_or_default();
            let crumbs = vec![
                home,
                Crumb {
                    title: title.to_string(),
                    path: String::new(),
                },
            ];
            ctx.insert("breadcrumbs", &crumbs);
            ctx.insert("section", key);
            if job == Job::Changes {
                ctx.insert("changes", &views.changes(CHANGES_LISTED));
                ctx.insert("feed", &site.job_path(Job::ChangesFeed));
            }
        }
        Job::ChangesFeed => {
            let changes = views.changes(CHANGES_LISTED);
            // Without any dated page, the day the content was last saved.
            let updated = changes.first().map(|c| c.iso.clone()).unwrap_or_else(|| {
                crate::dates::newest_saved(&site.root)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            });
            ctx.insert("changes", &changes);
            ctx.insert("updated", &updated);
            ctx.insert("changes_page", &site.job_path(Job::Changes));
            ctx.insert("root", "");
        }
        Job::WholeGuide | Job::GuideChapter(_) => {
            let mut guide = crate::whole_guide::guide(site, views, job);
            ctx.insert("guide", &guide);
            ctx.insert("guide_css", &guide.css);
            ctx.insert("section", "whole_guide");
            guide.drop_views();
            return Some(guide);
        }
        Job::GuideCss => {
            ctx.insert(
                "chapters",
                &crate::whole_guide::running_headers(site, views),
            );
        }
        Job::Alias(i, _) => {
            let target = views.link(i);
            ctx.insert("target", &target);
            ctx.insert(
                "target_url",
                &format!("{}{}", site.config.base_url_slash(), target.path),
            );
        }
        // Data files: written without a template by `data_file`.
        Job::SearchMeta | Job::SearchTerms(_) | Job::SearchText(_) | Job::HouseCss => {}
    }
    None
}

/// The page's own title, description and public address, for the head of every page
/// (description, canonical link, Open Graph).
fn page_meta(site: &Site, job: Job, path: &str, ctx: &mut Context) {
    let s = |key: &str| {
        site.theme.strings[key]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let (title, description) = match job {
        Job::Doc(i) => {
            let d = &site.content.docs[i];
            (d.title.clone(), d.summary.clone())
        }
        Job::List(k) => {
            let k = &site.config.kinds[k];
            (k.plural.clone(), k.intro.clone())
        }
        Job::Checklist(i) => {
            let c = &site.content.checklists[i].checklist;
            (c.title.clone(), c.summary.clone())
        }
        Job::Calculator(i) => {
            let c = &site.content.calculators[i].calculator;
            (c.title.clone(), c.summary.clone())
        }
        Job::SearchPage => (s("search_title"), String::new()),
        Job::WholeGuide => (s("whole_guide_title"), String::new()),
        Job::GuideChapter(item) => (
            format!(
                "{} · {}",
                crate::whole_guide::chapter_title(site, item),
                s("whole_guide_title")
            ),
            String::new(),
        ),
        Job::Changes => (s("changes_title"), s("changes_intro")),
        Job::NotFound => (s("not_found_title"), String::new()),
        _ => (String::new(), String::new()),
    };
    let description = if description.is_empty() {
        site.config.description.clone()
    } else {
        description
    };
    let title = if title.is_empty() {
        site.config.title.clone()
    } else {
        title
    };
    // The home page's address is the site's address.
    let public = path.strip_suffix("index.html").unwrap_or(path);
    ctx.insert("og_title", &title);
    ctx.insert("description", &description);
    ctx.insert(
        "canonical",
        &format!("{}{public}", site.config.base_url_slash()),
    );
}

/// An output made without a template: the house colours, or a file of the search index
/// (built from every document, so it reads them all).
fn data_file(site: &Site, html: &Html, globals: &Globals, job: Job, path: String) -> Page {
    if job == Job::HouseCss {
        let reads = Reads::from([Dep::Globals, Dep::Config]);
        return Page {
            path,
            text: crate::house_style::stylesheet(&site.config),
            reads,
            guide: None,
        };
    }
    let strings = &site.theme.strings;
    let label = |key: &str| strings[key].as_str().unwrap_or_default();
    let docs = site.content.docs.len();
    let checklist_paths: Vec<String> = site
        .content
        .checklists
        .iter()
        .map(|c| crate::model::checklist_path(&c.checklist.id))
        .collect();
    // Search entry `i`: the documents, then the checklists. Built only for the entries a
    // job needs: a text shard needs its own few, not all 10,000.
    let entry = |i: usize| -> crate::search::Entry<'_> {
        if let Some(d) = site.content.docs.get(i) {
            let (kind, glossary) = match d.kind {
                DocKind::Entry(k) => {
                    let kc = &site.config.kinds[k];
                    (kc.singular.as_str(), kc.list_template == "glossary.html")
                }
                DocKind::Page => (label("search_kind_page"), false),
            };
            return crate::search::Entry {
                kind,
                title: &d.title,
                path: &d.out_path,
                glossary,
                footer: d.footer,
                index: &html.docs[i].search,
            };
        }
        let c = &site.content.checklists[i - docs].checklist;
        crate::search::Entry {
            kind: label("checklist_nav"),
            title: &c.title,
            path: &checklist_paths[i - docs],
            glossary: false,
            footer: false,
            index: &html.intros[i - docs].search,
        }
    };
    // What entry `i`'s part of the index reads.
    let dep = |i: usize| match site.content.docs.get(i) {
        Some(d) => Dep::Own(d.id.clone()),
        None => Dep::Checklist(site.content.checklists[i - docs].checklist.id.clone()),
    };
    let all = 0..site.search_count();
    // A text shard holds its own documents' text only (and the kind labels); the meta
    // and the term files number documents across the site, so they read them all.
    let built = || {
        globals
            .search
            .get_or_init(|| crate::search::build(&all.clone().map(entry).collect::<Vec<_>>()))
    };
    let (mut reads, text): (Reads, String) = match job {
        Job::SearchText(j) => {
            let start = j * crate::search::DOCS_PER_TEXT_SHARD;
            let range = start..(start + crate::search::DOCS_PER_TEXT_SHARD).min(all.end);
            let entries: Vec<_> = range.clone().map(entry).collect();
            (
                range.map(dep).chain([Dep::Globals]).collect(),
                crate::search::text_script(&entries, start, j),
            )
        }
        Job::SearchTerms(k) => (
            all.clone().map(dep).chain([Dep::Globals]).collect(),
            built().terms.get(k).cloned().unwrap_or_default(),
        ),
        _ => (
            all.clone().map(dep).chain([Dep::Globals]).collect(),
            built().meta.clone(),
        ),
    };
    reads.insert(Dep::Docs);
    reads.insert(Dep::Config);
    Page {
        path,
        text,
        reads,
        guide: None,
    }
}

/// Renders `jobs` on all cores and hands each page to `then`; gathers every problem.
pub fn render_all<T: Send>(
    site: &Site,
    html: &Html,
    jobs: &[Job],
    then: impl Fn(Page) -> Result<T, Diagnostic> + Sync,
) -> (Vec<T>, Diagnostics) {
    let globals = Globals::new(site, html);
    let results: Vec<Result<T, Diagnostic>> = jobs
        .par_iter()
        .map(|&job| render_job(site, html, &globals, job).and_then(&then))
        .collect();
    let mut diags = Diagnostics::default();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(t) => out.push(t),
            Err(d) => diags.push(d),
        }
    }
    (out, diags)
}

/// Every file copied as it is: the theme's static files, content assets and the site's
/// own `static/` folder, as (output path, bytes). Later entries win, so a site's
/// `static/` file replaces the theme's.
pub fn static_files(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut out = Vec::new();
    for (rel, file) in &site.theme.static_files {
        out.push((format!("static/{rel}"), file.bytes.clone()));
    }
    let read = |path: &Path| {
        std::fs::read(path).map_err(|e| Diagnostic::error(path, "io", format!("cannot read: {e}")))
    };
    let content = site.root.join(crate::files::CONTENT_DIR);
    for rel in &site.content.assets {
        out.push((crate::files::asset_output(rel), read(&content.join(rel))?));
    }
    let site_static = site.root.join(crate::files::STATIC_DIR);
    // A `static` folder that is itself a link could point anywhere: skipped, like links inside.
    if site_static.is_dir() && !site_static.is_symlink() {
        for entry in walkdir::WalkDir::new(&site_static).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let rel = entry
                .path()
                .strip_prefix(&site_static)
                .unwrap_or(entry.path());
            if !entry.file_type().is_file() || crate::files::has_ignored_component(rel) {
                continue;
            }
            out.push((
                format!("static/{}", crate::files::slash_path(rel)),
                read(entry.path())?,
            ));
        }
    }
    Ok(out)
}
