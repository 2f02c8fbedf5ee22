//! The loaded site: configuration, theme and content, plus the HTML of every piece of
//! Markdown, and the list of output files it makes. Plain data: loading and rendering
//! are steps in [`crate::site`].

use crate::config::SiteConfig;
use crate::content::Content;
use crate::document::DocKind;
use crate::markdown::{Heading, HtmlSpan, LinkRef};
use crate::theme::Theme;
use std::path::PathBuf;

/// A site loaded and checked, ready to render.
pub struct Site {
    /// Site root folder, absolute.
    pub root: PathBuf,
    /// `leidraad.yaml`.
    pub config: SiteConfig,
    /// Where each key and value of `leidraad.yaml` is, for messages.
    pub config_positions: crate::yaml::Positions,
    /// Templates, strings and static files.
    pub theme: Theme,
    /// Pages, entries, data, checklists and assets.
    pub content: Content,
    /// The publisher's logo, favicon and stylesheets, as templates see them.
    pub house: crate::house_style::House,
    /// What is wrong with the house style (files, colours), found when it was read.
    pub house_problems: crate::diagnostic::Diagnostics,
    /// The glossary's abbreviations, derived from `content`: rebuild it when that changes.
    pub abbreviations: crate::abbreviations::Abbreviations,
}

/// HTML made from one piece of Markdown: a document's body and Markdown fields, or a
/// checklist's introduction.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct DocHtml {
    /// The body.
    pub body: String,
    /// Markdown fields by name.
    pub fields: Vec<(String, String)>,
    /// Where the body's URLs, ids and headings are (the whole guide rewrites them).
    pub body_spans: Vec<HtmlSpan>,
    /// The same for each Markdown field, in the order of `fields`.
    pub field_spans: Vec<Vec<HtmlSpan>>,
    /// The body's headings.
    pub headings: Vec<Heading>,
    /// Every link and image, with where it was written (for messages about broken ones).
    pub links: Vec<LinkRef>,
    /// Ids of documents whose link (path and title) this HTML shows, including ids that
    /// do not exist (yet).
    pub reads: Vec<String>,
    /// Images without alternative text (line, column), for `leidraad check`.
    pub images_without_alt: Vec<(usize, usize)>,
    /// Sections and stems for the search index.
    pub search: crate::search::DocIndex,
}

/// The HTML of all Markdown of the site.
#[derive(Debug, Clone, Default)]
pub struct Html {
    /// Indexed like `content.docs`; shared, so keeping most of it across an edit is cheap.
    pub docs: Vec<std::sync::Arc<DocHtml>>,
    /// Checklist introductions, indexed like `content.checklists`.
    pub intros: Vec<DocHtml>,
}

/// One output file rendered from a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    /// A page or entry, by index in `content.docs`.
    Doc(usize),
    /// The listing page of a kind.
    List(usize),
    /// A readiness checklist page, by index in `content.checklists`.
    Checklist(usize),
    /// A calculator page, by index in `content.calculators`.
    Calculator(usize),
    /// The not-found page.
    NotFound,
    /// `sitemap.xml`.
    Sitemap,
    /// The search page (`zoeken.html`).
    SearchPage,
    /// `search/meta.js`: the documents of the search index.
    SearchMeta,
    /// `search/terms-K.js`: one shard of the search index's stems.
    SearchTerms(usize),
    /// `search/text-J.js`: the section texts of a range of documents, for excerpts.
    SearchText(usize),
    /// The whole guide as one document (`leidraad-compleet.html`); when the guide is
    /// split per chapter, its contents page.
    WholeGuide,
    /// One chapter of a guide split per chapter (`leidraad-compleet-knelpunten.html`).
    GuideChapter(crate::whole_guide::Item),
    /// The whole guide's running headers in print (`leidraad-compleet.css`).
    GuideCss,
    /// The page listing recent changes (`wijzigingen.html`).
    Changes,
    /// The Atom feed of recent changes (`wijzigingen.xml`).
    ChangesFeed,
    /// The house colours (`static/huisstijl.css`).
    HouseCss,
    /// A redirect from an old id of a document: (document, alias index).
    Alias(usize, usize),
}

impl Site {
    /// Every output file rendered from a template.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = (0..self.content.docs.len()).map(Job::Doc).collect();
        jobs.extend((0..self.config.kinds.len()).map(Job::List));
        jobs.extend((0..self.content.checklists.len()).map(Job::Checklist));
        jobs.extend((0..self.content.calculators.len()).map(Job::Calculator));
        jobs.push(Job::NotFound);
        jobs.push(Job::Sitemap);
        jobs.push(Job::SearchPage);
        jobs.push(Job::SearchMeta);
        let (terms, texts) = crate::search::shard_counts(self.search_count());
        jobs.extend((0..terms).map(Job::SearchTerms));
        jobs.extend((0..texts).map(Job::SearchText));
        jobs.extend(crate::whole_guide::jobs(self));
        jobs.push(Job::Changes);
        jobs.push(Job::ChangesFeed);
        jobs.push(Job::HouseCss);
        for (i, d) in self.content.docs.iter().enumerate() {
            jobs.extend((0..d.aliases.len()).map(|n| Job::Alias(i, n)));
        }
        jobs
    }

    /// How many documents the search index lists: every page and entry, and every
    /// checklist.
    pub fn search_count(&self) -> usize {
        self.content.docs.len() + self.content.checklists.len()
    }

    /// The file name of a generated page, from the theme's strings; see [`page_file`].
    pub fn page_name(&self, key: &str, fallback: &str) -> String {
        page_file(&self.theme.strings, key, fallback)
    }

    /// The output path of a job, relative to the output folder. Documents keep the path
    /// given by [`crate::document::out_path`].
    pub fn job_path(&self, job: Job) -> String {
        match job {
            Job::Doc(i) => self.content.docs[i].out_path.clone(),
            Job::List(k) => list_path(&self.config.kinds[k].path),
            Job::Checklist(i) => checklist_path(&self.content.checklists[i].checklist.id),
            Job::Calculator(i) => calculator_path(&self.content.calculators[i].calculator.id),
            Job::NotFound => "404.html".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::SearchPage => self.page_name("search_file", "zoeken"),
            Job::SearchMeta => "search/meta.js".into(),
            Job::SearchTerms(k) => crate::search::terms_path(k, self.search_count()),
            Job::SearchText(j) => format!("search/text-{j}.js"),
            Job::WholeGuide => self.page_name("whole_guide_file", "leidraad-compleet"),
            Job::GuideChapter(item) => crate::whole_guide::chapter_file(self, item),
            Job::GuideCss => self
                .page_name("whole_guide_file", "leidraad-compleet")
                .replace(".html", ".css"),
            Job::Changes => self.page_name("changes_file", "wijzigingen"),
            Job::ChangesFeed => self
                .page_name("changes_file", "wijzigingen")
                .replace(".html", ".xml"),
            Job::HouseCss => crate::house_style::CSS_PATH.into(),
            Job::Alias(i, n) => {
                let d = &self.content.docs[i];
                crate::document::out_path(&d.aliases[n], d.kind, &self.config)
            }
        }
    }

    /// The template a job renders with; empty for the search index, which is data.
    pub fn job_template(&self, job: Job) -> String {
        match job {
            Job::Doc(i) => {
                let d = &self.content.docs[i];
                match d.kind {
                    DocKind::Page if d.id == "index" => {
                        d.template.clone().unwrap_or_else(|| "index.html".into())
                    }
                    DocKind::Page => d.template.clone().unwrap_or_else(|| "page.html".into()),
                    DocKind::Entry(k) => self.config.kinds[k].template.clone(),
                }
            }
            Job::List(k) => self.config.kinds[k].list_template.clone(),
            Job::Checklist(_) => "checklist.html".into(),
            Job::Calculator(_) => "rekenhulp.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::SearchPage => "search.html".into(),
            Job::SearchMeta | Job::SearchTerms(_) | Job::SearchText(_) | Job::HouseCss => {
                String::new()
            }
            Job::Alias(..) => "redirect.html".into(),
            Job::WholeGuide | Job::GuideChapter(_) => "whole-guide.html".into(),
            Job::GuideCss => "whole-guide.css".into(),
            Job::Changes => "changes.html".into(),
            Job::ChangesFeed => "changes.xml".into(),
        }
    }
}

/// A file name from the theme's strings (`search_file: zoeken` gives `zoeken.html`),
/// so the address of a generated page is in the site's language. A name that is not a
/// valid id falls back to `fallback`.
pub fn page_file(strings: &serde_json::Value, key: &str, fallback: &str) -> String {
    let name = strings[key].as_str().unwrap_or(fallback);
    let name = if crate::files::is_valid_id(name) {
        name
    } else {
        fallback
    };
    format!("{name}.html")
}

/// Output path of a kind's listing page.
pub fn list_path(kind_path: &str) -> String {
    format!("{kind_path}/index.html")
}

/// Output path of a checklist page.
pub fn checklist_path(id: &str) -> String {
    format!("checklist/{id}.html")
}

/// Output path of a calculator page.
pub fn calculator_path(id: &str) -> String {
    format!("rekenhulp/{id}.html")
}

/// Relative prefix from an output path to the output root (`../` per folder).
pub fn root_prefix(out_path: &str) -> String {
    "../".repeat(out_path.matches('/').count())
}
