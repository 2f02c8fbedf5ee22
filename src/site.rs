//! The build as named steps: load config, load theme, load content, render Markdown,
//! check links, render pages, swap the output in.

use crate::checklist::{self, LoadedChecklist};
use crate::config::{self, FieldType, SiteConfig};
use crate::content::{self, Content, DocKind};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, find_word_from};
use crate::markdown::{self, Resolver};
use crate::output::{self, Staging};
use crate::render;
use crate::theme::{self, Theme};
use crate::view::{DocHtml, Views};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A site loaded, checked and ready to render.
pub struct Site {
    /// Site root folder.
    pub root: PathBuf,
    /// `leidraad.yaml`.
    pub config: SiteConfig,
    /// Text of `leidraad.yaml`, for positions in messages.
    pub config_text: String,
    /// Templates and strings.
    pub theme: Theme,
    /// Pages and entries.
    pub content: Content,
    /// Rendered Markdown, indexed like `content.docs`.
    pub html: Vec<DocHtml>,
    /// Readiness checklists, with their introductions as HTML.
    pub checklists: Vec<(LoadedChecklist, String)>,
    /// Accessible name of table wrappers, from the theme's strings.
    pub table_label: String,
}

impl Site {
    /// The Markdown link resolver over this site's content and checklists.
    pub(crate) fn resolver_for<'a>(&self, content: &'a Content) -> SiteResolver<'a> {
        SiteResolver::new(content, self.checklists.iter().map(|(c, _)| c))
    }

    /// Renders one document's Markdown against `content` (which may be a changed copy).
    pub(crate) fn render_doc(&self, content: &Content, i: usize) -> (DocHtml, Diagnostics) {
        let resolver = self.resolver_for(content);
        render_doc_markdown(&content.docs[i], &self.config, &resolver, &self.table_label)
    }

    /// Re-scores document `i`'s filled-in checklist against `content`.
    pub(crate) fn score_doc(
        &self,
        content: &Content,
        i: usize,
    ) -> (Option<crate::view::AssessmentView>, Diagnostics) {
        let checklists: Vec<&LoadedChecklist> = self.checklists.iter().map(|(c, _)| c).collect();
        score_assessment(&self.root, &self.config, content, &checklists, i)
    }

    /// Views for templates.
    pub fn views(&self) -> Views<'_> {
        Views::new(&self.config, &self.content, &self.html)
    }
}

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

/// Links from the site, for the Markdown renderer.
pub(crate) struct SiteResolver<'a> {
    content: &'a Content,
    /// Checklists: id, output path and title. Linked as `@checklist/<id>`.
    checklists: Vec<(String, String, String)>,
}

impl<'a> SiteResolver<'a> {
    fn new<'c>(
        content: &'a Content,
        checklists: impl Iterator<Item = &'c LoadedChecklist>,
    ) -> Self {
        SiteResolver {
            content,
            checklists: checklists
                .map(|c| {
                    (
                        c.checklist.id.clone(),
                        crate::view::checklist_path(&c.checklist.id),
                        c.checklist.title.clone(),
                    )
                })
                .collect(),
        }
    }
}

impl Resolver for SiteResolver<'_> {
    fn by_id(&self, id: &str) -> Option<(&str, &str)> {
        if let Some(cid) = id.strip_prefix("checklist/") {
            return self
                .checklists
                .iter()
                .find(|(i, _, _)| i == cid)
                .map(|(_, path, title)| (path.as_str(), title.as_str()));
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
            .get(path)
            .map(|&i| self.content.docs[i].id.as_str())
    }
    fn suggest(&self, id: &str) -> String {
        let checklist_ids: Vec<String> = self
            .checklists
            .iter()
            .map(|(i, _, _)| format!("checklist/{i}"))
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

/// What to check beyond what a build needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Also report what only `leidraad check` reports (alt text, empty and orphan entries).
    pub extra_checks: bool,
}

/// Loads and checks the whole site at `root`: every problem is reported together.
/// On success, the warnings are returned beside the site.
pub fn load(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
    load_with(root, LoadOptions::default())
}

/// [`load`] with options.
pub fn load_with(root: &Path, options: LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let (config, config_text) = config::load(root)?;
    let mut diags = Diagnostics::default();
    let theme = match theme::load(root, &config) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let (content, d) = content::load(root, &config);
    diags.extend(d);
    let (checklists, d) = checklist::load_all(root);
    diags.extend(d);
    for c in &checklists {
        diags.extend(checklist::validate(c, &content));
    }
    let table_label = theme
        .as_ref()
        .and_then(|t| t.strings["table"].as_str())
        .unwrap_or_default()
        .to_string();
    let resolver = SiteResolver::new(&content, checklists.iter());
    let (mut html, d) = render_markdown(&content, &config, &resolver, &table_label);
    diags.extend(d);
    diags.extend(check_anchors(&content, &html));
    if options.extra_checks {
        diags.extend(extra_checks(&content, &html));
    }
    let (intros, d) = render_checklist_intros(&checklists, &resolver, &table_label);
    diags.extend(d);
    diags.extend(score_assessments(
        root,
        &config,
        &content,
        &checklists,
        &mut html,
    ));
    let checklists: Vec<(LoadedChecklist, String)> = checklists.into_iter().zip(intros).collect();
    let Some(mut theme) = theme else {
        diags.sort();
        return Err(diags);
    };
    check_templates(&theme, &config, &config_text, &content, &mut diags);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    set_globals(&mut theme, &config, &content, &checklists);
    let site = Site {
        root: root.to_path_buf(),
        config,
        config_text,
        theme,
        content,
        html,
        checklists,
        table_label,
    };
    Ok((site, diags))
}

/// Renders every document's Markdown in parallel.
fn render_markdown(
    content: &Content,
    config: &SiteConfig,
    resolver: &SiteResolver<'_>,
    table_label: &str,
) -> (Vec<DocHtml>, Diagnostics) {
    let rendered: Vec<(DocHtml, Diagnostics)> = content
        .docs
        .par_iter()
        .map(|doc| render_doc_markdown(doc, config, resolver, table_label))
        .collect();
    let mut diags = Diagnostics::default();
    let mut html = Vec::with_capacity(rendered.len());
    for (h, d) in rendered {
        diags.extend(d);
        html.push(h);
    }
    (html, diags)
}

/// Renders one document's body and Markdown fields; reports unresolvable links.
fn render_doc_markdown(
    doc: &crate::content::Doc,
    config: &SiteConfig,
    resolver: &SiteResolver<'_>,
    table_label: &str,
) -> (DocHtml, Diagnostics) {
    let root = render::root_prefix(&doc.out_path);
    let mut diags = Diagnostics::default();
    let src = markdown::Source {
        doc_id: &doc.id,
        content_path: &doc.content_path,
        root: &root,
        first_line: doc.body_line,
        table_label,
    };
    let body = markdown::render(&doc.body, &src, resolver);
    let mut report = |r: &markdown::Rendered| {
        for p in &r.problems {
            diags.push(
                Diagnostic::error(&doc.file, "unknown-id", p.message.clone())
                    .at(Some(p.pos.0), Some(p.pos.1)),
            );
        }
    };
    report(&body);
    let mut html = DocHtml {
        body: String::new(),
        fields: Vec::new(),
        headings: Vec::new(),
        assessment: None,
        anchor_refs: body.anchor_refs.clone(),
        links_to: body.links_to.clone(),
        images_without_alt: body.images_without_alt.clone(),
    };
    if let DocKind::Entry(k) = doc.kind {
        for (name, value) in &doc.fields {
            if config.kinds[k].fields[name].kind != FieldType::Markdown {
                continue;
            }
            let text = value.as_str().unwrap_or_default();
            // Block scalars start on the line after the key.
            let line = doc.key_lines.get(name).copied().unwrap_or(1) + 1;
            let src = markdown::Source {
                first_line: line,
                ..src
            };
            let r = markdown::render(text, &src, resolver);
            report(&r);
            html.anchor_refs.extend(r.anchor_refs.iter().cloned());
            for l in r.links_to {
                if !html.links_to.contains(&l) {
                    html.links_to.push(l);
                }
            }
            html.fields.push((name.clone(), r.html));
        }
    }
    html.body = body.html;
    html.headings = body.headings;
    (html, diags)
}

/// Every `#anchor` link must name a heading of its target.
pub(crate) fn check_anchors(content: &Content, html: &[DocHtml]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (from, h) in html.iter().enumerate() {
        for a in &h.anchor_refs {
            let Some(&target) = content.by_id.get(&a.target) else {
                continue; // unknown or broken target: already reported
            };
            let ids: Vec<&str> = html[target]
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .collect();
            if !ids.contains(&a.anchor.as_str()) {
                let doc = &content.docs[from];
                diags.push(
                    Diagnostic::error(
                        &doc.file,
                        "unknown-anchor",
                        format!(
                            "link to `#{}`: `{}` has no heading with that anchor{}",
                            a.anchor,
                            a.target,
                            did_you_mean(&a.anchor, ids.iter().copied())
                        ),
                    )
                    .at(Some(a.pos.0), Some(a.pos.1)),
                );
            }
        }
    }
    diags
}

/// Findings only `leidraad check` reports: images without alt text, entries without a
/// body, and entries nothing links to.
fn extra_checks(content: &Content, html: &[DocHtml]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut linked = vec![false; content.docs.len()];
    for h in html {
        for id in &h.links_to {
            if let Some(&t) = content.by_id.get(id) {
                linked[t] = true;
            }
        }
    }
    for (i, doc) in content.docs.iter().enumerate() {
        for &(line, col) in &html[i].images_without_alt {
            diags.push(
                Diagnostic::error(&doc.file, "image-alt", "image without alt text: write a short description between the brackets, ![like this](plaatje.png)")
                    .at(Some(line), Some(col)),
            );
        }
        if doc.body.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "empty-entry",
                    "the page has no text below the front matter",
                )
                .at(Some(doc.body_line.saturating_sub(1)), Some(1)),
            );
        }
        let referenced =
            linked[i] || !content.backlinks[i].is_empty() || !content.cited_by[i].is_empty();
        if matches!(doc.kind, DocKind::Entry(_)) && !referenced {
            diags.push(
                Diagnostic::warning(&doc.file, "orphan", "no other page or entry links to this entry; readers only find it through the listing")
                    .at(Some(1), Some(1)),
            );
        }
    }
    diags
}

/// Renders each checklist's Markdown introduction.
fn render_checklist_intros(
    checklists: &[LoadedChecklist],
    resolver: &SiteResolver<'_>,
    table_label: &str,
) -> (Vec<String>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    for c in checklists {
        let content_path =
            Path::new(checklist::CHECKLIST_DIR).join(format!("{}.yaml", c.checklist.id));
        let src = markdown::Source {
            doc_id: &c.checklist.id,
            content_path: &content_path,
            root: "../",
            first_line: crate::diagnostic::find_key(&c.text, "inleiding").map_or(1, |p| p.0 + 1),
            table_label,
        };
        let r = markdown::render(&c.checklist.intro, &src, resolver);
        for p in &r.problems {
            diags.push(
                Diagnostic::error(&c.file, "unknown-id", p.message.clone())
                    .at(Some(p.pos.0), Some(p.pos.1)),
            );
        }
        out.push(r.html);
    }
    (out, diags)
}

/// Validates and scores every `assessment` field (filled-in checklists on entries).
fn score_assessments(
    root: &Path,
    config: &SiteConfig,
    content: &Content,
    checklists: &[LoadedChecklist],
    html: &mut [DocHtml],
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let checklists: Vec<&LoadedChecklist> = checklists.iter().collect();
    for (i, h) in html.iter_mut().enumerate() {
        let (view, d) = score_assessment(root, config, content, &checklists, i);
        h.assessment = view;
        diags.extend(d);
    }
    diags
}

/// Validates and scores the `assessment` field of document `i`, if it has one.
pub(crate) fn score_assessment(
    root: &Path,
    config: &SiteConfig,
    content: &Content,
    checklists: &[&LoadedChecklist],
    i: usize,
) -> (Option<crate::view::AssessmentView>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let doc = &content.docs[i];
    let DocKind::Entry(k) = doc.kind else {
        return (None, diags);
    };
    let mut result = None;
    for (name, value) in &doc.fields {
        if config.kinds[k].fields[name].kind != FieldType::Assessment {
            continue;
        }
        let key_line = doc.key_lines.get(name).copied().unwrap_or(1);
        // Positions need the file text; read it again only when something is wrong.
        let locate = |needle: &str| {
            let text = std::fs::read_to_string(root.join(&doc.file)).unwrap_or_default();
            find_word_from(&text, needle, key_line).or(Some((key_line, 1)))
        };
        let wanted = value
            .get("checklist")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let Some(c) = checklists.iter().find(|c| c.checklist.id == wanted) else {
            let ids = checklists.iter().map(|c| c.checklist.id.as_str());
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "unknown-id",
                    format!(
                        "field `{name}`: unknown checklist `{wanted}` (checklists live in content/checklists/){}",
                        did_you_mean(wanted, ids)
                    ),
                )
                .at_pos(locate(wanted)),
            );
            continue;
        };
        let raw: serde_json::Map<String, serde_json::Value> = value
            .get("antwoorden")
            .and_then(|a| serde_json::to_value(a).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        match checklist::validate_answers(&c.checklist, &raw) {
            Ok(answers) => {
                let outcome = crate::assess::score(&c.checklist, &answers);
                let innovation = value
                    .get("innovatie")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                let views = Views::new(config, content, &[]);
                result = Some(views.assessment(&c.checklist, &outcome, innovation));
            }
            Err(problems) => {
                for p in problems {
                    diags.push(
                        Diagnostic::error(
                            &doc.file,
                            "unknown-id",
                            format!("field `{name}`: {}", p.message),
                        )
                        .at_pos(locate(&p.question)),
                    );
                }
            }
        }
    }
    (result, diags)
}

/// Every template a kind or page names must exist in the theme.
fn check_templates(
    theme: &Theme,
    config: &SiteConfig,
    config_text: &str,
    content: &Content,
    diags: &mut Diagnostics,
) {
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
    for kind in &config.kinds {
        let line = find_word_from(config_text, &kind.id, 1).map_or(1, |p| p.0);
        for t in [&kind.template, &kind.list_template] {
            let pos = find_word_from(config_text, t, line);
            missing(
                t,
                Path::new(config::CONFIG_FILE),
                pos,
                format!("kind `{}`", kind.id),
            );
        }
    }
    let mut seen = HashSet::new();
    for doc in &content.docs {
        if let Some(t) = &doc.template
            && seen.insert((doc.file.clone(), t.clone()))
        {
            let pos = doc.key_lines.get("template").map(|&l| (l, 1));
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
        missing(t, Path::new("themes"), None, "the site".to_string());
    }
}

/// Values every template sees: site settings, navigation, strings and data files.
fn set_globals(
    theme: &mut Theme,
    config: &SiteConfig,
    content: &Content,
    checklists: &[(LoadedChecklist, String)],
) {
    let views = Views::new(config, content, &[]);
    let kinds: Vec<_> = (0..config.kinds.len()).map(|k| views.kind(k)).collect();
    let mut menu: Vec<(i64, String, usize)> = content
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == DocKind::Page && d.menu)
        .map(|(i, d)| (d.order.unwrap_or(i64::MAX), d.title.clone(), i))
        .collect();
    menu.sort();
    let menu: Vec<_> = menu.into_iter().map(|(_, _, i)| views.link(i)).collect();
    let strings = theme.strings.clone();
    let g = theme.tera.global_context();
    g.insert(
        "site",
        &serde_json::json!({
            "title": config.title,
            "description": config.description,
            "base_url": config.base_url_slash(),
            "language": config.language,
        }),
    );
    g.insert("kinds", &kinds);
    let checklist_links: Vec<_> = checklists
        .iter()
        .map(|(c, _)| {
            serde_json::json!({
                "id": c.checklist.id,
                "title": c.checklist.title,
                "summary": c.checklist.summary,
                "path": crate::view::checklist_path(&c.checklist.id),
            })
        })
        .collect();
    g.insert("checklists", &checklist_links);
    g.insert("menu", &menu);
    g.insert("t", &strings);
    g.insert("data", &content.data);
    g.insert(
        "generator",
        &format!("leidraad {}", env!("CARGO_PKG_VERSION")),
    );
}

/// Builds the site at `root` into `out` (default `root/public`), atomically.
pub fn build(root: &Path, out: Option<&Path>) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let out = out.map_or_else(|| root.join("public"), Path::to_path_buf);
    // The site's own files may never be inside, equal to or around the output folder;
    // that also rules out writing to the root itself or any folder that contains it.
    let own_files = [
        root.join(content::CONTENT_DIR),
        root.join("themes"),
        root.join("static"),
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
    let (site, warnings) = load(root).map_err(BuildError::Site)?;
    step("load and check");
    let staging = Staging::new(&out).map_err(|e| BuildError::Output(e.to_string()))?;
    let pages = render::write_all(&site, staging.path()).map_err(BuildError::Site)?;
    step("render and write");
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
        warnings,
        steps,
    })
}
