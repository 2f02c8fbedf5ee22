//! Rendering: every output file of the site, from the loaded site and its theme.

use crate::content::DocKind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fsutil;
use crate::site::Site;
use crate::view::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use tera::Context;

/// One output file to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    /// A page or entry, by index in `content.docs`.
    Doc(usize),
    /// The listing page of a kind.
    List(usize),
    /// A readiness checklist page, by index in `site.checklists`.
    Checklist(usize),
    /// The not-found page.
    NotFound,
    /// `sitemap.xml`.
    Sitemap,
}

/// A breadcrumb: the trail from the home page to the current page.
#[derive(Debug, Clone, Serialize)]
struct Crumb {
    title: String,
    path: String,
}

/// Every output file of the site.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.content.docs.len()).map(Job::Doc).collect();
    jobs.extend((0..site.config.kinds.len()).map(Job::List));
    jobs.extend((0..site.checklists.len()).map(Job::Checklist));
    jobs.push(Job::NotFound);
    jobs.push(Job::Sitemap);
    jobs
}

/// Relative prefix from an output path to the output root.
pub fn root_prefix(out_path: &str) -> String {
    "../".repeat(out_path.matches('/').count())
}

/// Output path of a job.
pub fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::Doc(i) => site.content.docs[i].out_path.clone(),
        Job::List(k) => format!("{}/index.html", site.config.kinds[k].path),
        Job::Checklist(i) => crate::view::checklist_path(&site.checklists[i].0.checklist.id),
        Job::NotFound => "404.html".into(),
        Job::Sitemap => "sitemap.xml".into(),
    }
}

/// Template a job renders with.
pub fn job_template(site: &Site, job: Job) -> String {
    match job {
        Job::Doc(i) => {
            let d = &site.content.docs[i];
            match d.kind {
                DocKind::Page if d.id == "index" => {
                    d.template.clone().unwrap_or_else(|| "index.html".into())
                }
                DocKind::Page => d.template.clone().unwrap_or_else(|| "page.html".into()),
                DocKind::Entry(k) => site.config.kinds[k].template.clone(),
            }
        }
        Job::List(k) => site.config.kinds[k].list_template.clone(),
        Job::Checklist(_) => "checklist.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Sitemap => "sitemap.xml".into(),
    }
}

/// Renders one job to its output path and text.
pub fn render_job(
    site: &Site,
    views: &Views<'_>,
    job: Job,
) -> Result<(String, String), Diagnostic> {
    let path = job_path(site, job);
    let template = job_template(site, job);
    let mut ctx = Context::new();
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
            let view = views.doc(i, crate::view::Detail::Full);
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
            } else {
                ctx.insert("breadcrumbs", &Vec::<Crumb>::new());
            }
            ctx.insert("page", &view);
            ctx.insert("root", &root_prefix(&path));
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
            ctx.insert("root", &root_prefix(&path));
        }
        Job::Checklist(i) => {
            let (loaded, intro) = &site.checklists[i];
            let view = views.checklist_page(&loaded.checklist, intro, &site.theme.strings);
            let crumbs = vec![
                home,
                Crumb {
                    title: view.title.clone(),
                    path: String::new(),
                },
            ];
            ctx.insert("breadcrumbs", &crumbs);
            ctx.insert("section", &format!("checklist/{}", loaded.checklist.id));
            ctx.insert("checklist", &view);
            ctx.insert("root", &root_prefix(&path));
        }
        Job::NotFound => {
            // Served for any missing URL, so links must not be relative to its own place.
            ctx.insert("root", &site.config.base_path());
            ctx.insert("section", "");
            ctx.insert("breadcrumbs", &Vec::<Crumb>::new());
        }
        Job::Sitemap => {
            let mut paths: Vec<String> = site
                .content
                .docs
                .iter()
                .map(|d| {
                    if d.out_path == "index.html" {
                        String::new()
                    } else {
                        d.out_path.clone()
                    }
                })
                .collect();
            paths.extend(site.config.kinds.iter().map(|k| format!("{}/", k.path)));
            paths.sort();
            ctx.insert("paths", &paths);
            ctx.insert("root", "");
            ctx.insert("section", "");
        }
    }
    ctx.insert("path", &path);
    site.theme
        .tera
        .render(&template, &ctx)
        .map(|html| (path, html))
        .map_err(|e| crate::theme::tera_error(&e, |name| site.theme.origin(name)))
}

/// Renders every output file into `dir` and copies static files. Returns the number of
/// pages written.
pub fn write_all(site: &Site, dir: &Path) -> Result<usize, Diagnostics> {
    let jobs = jobs(site);
    // Each page goes to disk as soon as it is rendered, so a large site is never held
    // in memory whole.
    let written = for_each_rendered(site, &jobs, |path, text| {
        fsutil::write(&dir.join(&path), text.as_bytes())
            .map_err(|e| Diagnostic::error(&e.path, "io", e.source.to_string()))
    });
    let copied = copy_static(site, dir);
    match (written, copied) {
        (Ok(_), Ok(())) => Ok(jobs.len()),
        (Err(mut diags), copied) => {
            diags.extend(copied.err().map(Diagnostics::from).unwrap_or_default());
            diags.sort();
            Err(diags)
        }
        (Ok(_), Err(d)) => Err(d.into()),
    }
}

/// Renders the given jobs in parallel into memory: (output path, text).
pub fn render_many(site: &Site, jobs: &[Job]) -> Result<Vec<(String, String)>, Diagnostics> {
    for_each_rendered(site, jobs, |path, text| Ok((path, text)))
}

/// Renders `jobs` on all cores and hands each page to `then`; gathers every problem.
fn for_each_rendered<T: Send>(
    site: &Site,
    jobs: &[Job],
    then: impl Fn(String, String) -> Result<T, Diagnostic> + Sync,
) -> Result<Vec<T>, Diagnostics> {
    let views = site.views();
    let results: Vec<Result<T, Diagnostic>> = jobs
        .par_iter()
        .map(|&job| render_job(site, &views, job).and_then(|(path, text)| then(path, text)))
        .collect();
    let mut diags = Diagnostics::default();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(t) => out.push(t),
            Err(d) => diags.push(d),
        }
    }
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// Every file copied as it is: the theme's static files, content assets and the site's
/// own `static/` folder, as (output path, bytes).
pub fn static_files(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut out = Vec::new();
    for (rel, file) in &site.theme.static_files {
        out.push((format!("static/{rel}"), file.bytes.clone()));
    }
    let read = |path: &Path| {
        std::fs::read(path).map_err(|e| Diagnostic::error(path, "io", format!("cannot read: {e}")))
    };
    let content = site.root.join(crate::content::CONTENT_DIR);
    for rel in &site.content.assets {
        out.push((
            rel.to_string_lossy().replace('\\', "/"),
            read(&content.join(rel))?,
        ));
    }
    let site_static = site.root.join("static");
    if site_static.is_dir() {
        for entry in walkdir::WalkDir::new(&site_static).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&site_static)
                .unwrap_or(entry.path());
            out.push((
                format!("static/{}", rel.to_string_lossy().replace('\\', "/")),
                read(entry.path())?,
            ));
        }
    }
    Ok(out)
}

fn copy_static(site: &Site, dir: &Path) -> Result<(), Diagnostic> {
    for (rel, bytes) in static_files(site)? {
        fsutil::write(&dir.join(&rel), &bytes)
            .map_err(|e| Diagnostic::error(&e.path, "io", e.source.to_string()))?;
    }
    Ok(())
}
