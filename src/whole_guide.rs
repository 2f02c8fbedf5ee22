//! The whole guide as one document (`leidraad-compleet.html`): every page and entry in
//! reading order, numbered, with every internal link turned into a link inside the
//! document, so it can be printed or saved as one PDF.
//!
//! A large site gets one document per chapter instead, and `leidraad-compleet.html`
//! becomes their table of contents (`hele_leidraad.splitsen_vanaf`); a site can switch
//! the guide off (`hele_leidraad.aan: false`). The pages' HTML does not go through the
//! template engine: the template holds a marker per piece and [`splice`] writes each
//! piece into the output as it streams, with the links, ids and headings the Markdown
//! renderer recorded rewritten for their place ([`crate::markdown::HtmlSpan`]). A
//! stylesheet of its own (`leidraad-compleet.css`) gives every printed page its
//! chapter's number and title in the header.

use crate::config::CONFIG_FILE;
use crate::deps::Dep;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::document::DocKind;
use crate::model::{Job, Site, checklist_path, list_path};
use crate::view::{ChecklistView, DocView, KindView, Views};
use serde::Serialize;
use std::collections::BTreeMap;

mod splice;

pub use splice::publish;

/// One unit of the reading order: a chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A page, by index in `content.docs`.
    Page(usize),
    /// A kind with all its entries, by kind index.
    Kind(usize),
    /// A checklist, by index in `content.checklists`.
    Checklist(usize),
}

/// Whether the site has a whole guide (`hele_leidraad.aan`, on by default).
pub fn enabled(site: &Site) -> bool {
    site.config.hele_leidraad.aan
}

/// Whether the guide is one document per chapter: from `hele_leidraad.splitsen_vanaf`
/// pages and entries on (0: never).
pub fn is_split(site: &Site) -> bool {
    let from = site.config.hele_leidraad.splitsen_vanaf;
    from > 0 && site.content.docs.len() >= from
}

/// The guide's output jobs: the document (or, split, the contents page), its
/// stylesheet, and one document per chapter when split.
pub fn jobs(site: &Site) -> Vec<Job> {
    if !enabled(site) {
        return Vec::new();
    }
    let mut jobs = vec![Job::WholeGuide, Job::GuideCss];
    if is_split(site) {
        jobs.extend(order(site).0.into_iter().map(Job::GuideChapter));
    }
    jobs
}

/// The file of one chapter of a split guide, beside the contents page:
/// `leidraad-compleet-knelpunten.html`.
pub fn chapter_file(site: &Site, item: Item) -> String {
    let contents = site.job_path(Job::WholeGuide);
    let base = contents.strip_suffix(".html").unwrap_or(&contents);
    let content = &site.content;
    let slug = match item {
        Item::Page(i) => {
            let id = &content.docs[i].id;
            // A page may have the name of a kind's folder; the kind keeps the plain name.
            if site.config.kinds.iter().any(|k| kind_slug(&k.path) == *id) {
                format!("pagina-{id}")
            } else {
                id.clone()
            }
        }
        Item::Kind(k) => kind_slug(&site.config.kinds[k].path),
        Item::Checklist(ci) => format!("checklist-{}", content.checklists[ci].checklist.id),
    };
    format!("{base}-{slug}.html")
}

/// A kind's folder as part of a file name: `knelpunten`.
fn kind_slug(path: &str) -> String {
    path.trim_matches('/').replace('/', "-")
}

/// The title of a chapter: the page's, the kind's plural, the checklist's.
pub fn chapter_title(site: &Site, item: Item) -> &str {
    let content = &site.content;
    match item {
        Item::Page(i) => &content.docs[i].title,
        Item::Kind(k) => &site.config.kinds[k].plural,
        Item::Checklist(ci) => &content.checklists[ci].checklist.title,
    }
}

/// The reading order: what `hele_leidraad.volgorde` names first, then everything else in
/// the default order (home, menu pages, other pages, kinds, checklists, and last the
/// pages of the footer: about, contact, privacy). Unknown names are reported against
/// `leidraad.yaml`.
pub fn order(site: &Site) -> (Vec<Item>, Diagnostics) {
    let content = &site.content;
    let mut pages: Vec<(u8, i64, &str, usize)> = content
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == DocKind::Page)
        .map(|(i, d)| {
            let rank = if d.id == "index" {
                0
            } else if d.menu {
                1
            } else if d.footer {
                3
            } else {
                2
            };
            (rank, d.order.unwrap_or(i64::MAX), d.title.as_str(), i)
        })
        .collect();
    pages.sort();
    let footer_from = pages.partition_point(|p| p.0 < 3);
    let page = |p: &(u8, i64, &str, usize)| Item::Page(p.3);
    let mut default: Vec<Item> = pages[..footer_from].iter().map(page).collect();
    default.extend((0..site.config.kinds.len()).map(Item::Kind));
    default.extend((0..content.checklists.len()).map(Item::Checklist));
    default.extend(pages[footer_from..].iter().map(page));

    let mut diags = Diagnostics::default();
    let mut out: Vec<Item> = Vec::new();
    for (n, name) in site.config.hele_leidraad.volgorde.iter().enumerate() {
        match named(site, name) {
            Some(item) if !out.contains(&item) => out.push(item),
            Some(_) => {}
            None => diags.push(unknown_name(site, n, name)),
        }
    }
    for item in default {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    (out, diags)
}

/// The chapter `hele_leidraad.volgorde` means by `name`.
fn named(site: &Site, name: &str) -> Option<Item> {
    let content = &site.content;
    if let Some(cid) = name.strip_prefix("checklist/") {
        return content
            .checklists
            .iter()
            .position(|c| c.checklist.id == cid)
            .map(Item::Checklist);
    }
    if let Some(k) = site.config.kinds.iter().position(|k| k.id == name) {
        return Some(Item::Kind(k));
    }
    content
        .by_id
        .get(name)
        .filter(|&&i| content.docs[i].kind == DocKind::Page)
        .map(|&i| Item::Page(i))
}

fn unknown_name(site: &Site, n: usize, name: &str) -> Diagnostic {
    let content = &site.content;
    let names = site
        .config
        .kinds
        .iter()
        .map(|k| k.id.clone())
        .chain(
            content
                .docs
                .iter()
                .filter(|d| d.kind == DocKind::Page)
                .map(|d| d.id.clone()),
        )
        .chain(
            content
                .checklists
                .iter()
                .map(|c| format!("checklist/{}", c.checklist.id)),
        )
        .collect::<Vec<_>>();
    let hint = did_you_mean(name, names.iter().map(String::as_str));
    let at = site
        .config_positions
        .at(&format!("hele_leidraad.volgorde.{n}"));
    Diagnostic::error(
        CONFIG_FILE,
        "unknown-id",
        format!(
            "`hele_leidraad.volgorde` names `{}`, which is no page, kind or checklist{hint}",
            crate::diagnostic::printable(name, 60)
        ),
    )
    .at_pos(at)
}

/// A chapter of the whole guide: a page, a kind with its entries as sections, or a
/// checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// `3` for a chapter, `3.2` for an entry within one.
    pub number: String,
    /// Its id in the document.
    pub anchor: String,
    /// The heading.
    pub title: String,
    /// The page or entry (body and Markdown fields as markers for [`splice`]).
    pub page: Option<DocView>,
    /// For a kind: the kind and its entries.
    pub kind: Option<KindView>,
    /// For a kind: its entries, numbered within the chapter.
    pub entries: Vec<Chapter>,
    /// For a checklist: its view (questions, options, bands), introduction as a marker.
    pub checklist: Option<ChecklistView>,
}

/// A line of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct ContentsLine {
    /// `3` or `3.2`.
    pub number: String,
    /// The title.
    pub title: String,
    /// Where it is: `#anchor`, or `file#anchor` in a split guide.
    pub href: String,
    /// A chapter's entries.
    pub entries: Vec<ContentsLine>,
}

/// Everything the whole-guide template shows: the whole document, the contents page of
/// a split guide, or one chapter of it.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    /// The chapters this document shows in full.
    pub chapters: Vec<Chapter>,
    /// The table of contents (empty in a chapter's own document).
    pub contents: Vec<ContentsLine>,
    /// Output path of a page linked by the template (relations, sources, questions) →
    /// where it is in the guide (`#anchor`, or `file#anchor` in another chapter's file).
    pub links: BTreeMap<String, String>,
    /// The same pages → their anchor alone, for themes written before `links`.
    pub anchors: BTreeMap<String, String>,
    /// The newest update date of any page, in the site's language; empty without dates
    /// and in a chapter's own document.
    pub date: String,
    /// Whether the guide is split per chapter.
    pub split: bool,
    /// The contents page, for the way back from a chapter.
    pub contents_page: String,
    /// The stylesheet with the printed pages' running headers.
    pub css: String,
    /// The pieces of page HTML, put in by [`splice`] while the output is written.
    #[serde(skip)]
    slots: Vec<splice::Slot>,
    /// Where each chapter's pages are: output path → (file, anchor).
    #[serde(skip)]
    places: BTreeMap<String, (String, String)>,
    /// This document's output path.
    #[serde(skip)]
    file: String,
    /// What the view read beyond what [`Views`] records: the reading order and the
    /// output paths.
    #[serde(skip)]
    pub reads: Vec<Dep>,
}

/// Which document of the guide a job writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Everything in one document.
    Whole,
    /// The contents page of a split guide.
    Contents,
    /// One chapter of a split guide.
    Chapter(Item),
}

/// The id of a page's chapter or entry in the whole guide.
fn anchor_of(path: &str) -> String {
    let stem = path.strip_suffix(".html").unwrap_or(path);
    format!("h-{}", stem.replace('/', "-"))
}

/// Where every page, listing and checklist is in the guide: output path → (file,
/// anchor), with `file` this document for a guide in one piece.
fn places(site: &Site, items: &[Item], split: bool) -> BTreeMap<String, (String, String)> {
    let content = &site.content;
    let whole = site.job_path(Job::WholeGuide);
    let mut out = BTreeMap::new();
    for &item in items {
        let file = if split {
            chapter_file(site, item)
        } else {
            whole.clone()
        };
        let mut put = |path: String| {
            let anchor = anchor_of(&path);
            out.insert(path, (file.clone(), anchor));
        };
        match item {
            Item::Page(i) => put(content.docs[i].out_path.clone()),
            Item::Kind(k) => {
                put(list_path(&site.config.kinds[k].path));
                for &i in &content.members[k] {
                    put(content.docs[i].out_path.clone());
                }
            }
            Item::Checklist(ci) => put(checklist_path(&content.checklists[ci].checklist.id)),
        }
    }
    out
}

/// The link to a place from inside the document `file`.
fn href(place: &(String, String), file: &str) -> String {
    if place.0 == file {
        format!("#{}", place.1)
    } else {
        format!("{}#{}", place.0, place.1)
    }
}

/// The view of the document that `job` writes. Reads every document it shows through
/// `views`, so any change renders it again.
pub fn guide(site: &Site, views: &Views<'_>, job: Job) -> Guide {
    let part = match job {
        Job::GuideChapter(item) => Part::Chapter(item),
        _ if is_split(site) => Part::Contents,
        _ => Part::Whole,
    };
    let content = &site.content;
    let (items, _) = order(site);
    let split = part != Part::Whole;
    let file = site.job_path(job);
    let mut guide = Guide {
        chapters: Vec::new(),
        contents: Vec::new(),
        links: BTreeMap::new(),
        anchors: BTreeMap::new(),
        date: String::new(),
        split,
        contents_page: site.job_path(Job::WholeGuide),
        // A theme made before the running headers has no template for them.
        css: if site.theme.tera.contains_template("whole-guide.css") {
            site.job_path(Job::GuideCss)
        } else {
            String::new()
        },
        slots: Vec::new(),
        places: places(site, &items, split),
        file,
        reads: order_reads(site),
    };
    for (n, &item) in items.iter().enumerate() {
        let number = (n + 1).to_string();
        if part != Part::Chapter(item) && part != Part::Whole {
            if part == Part::Contents {
                let line = contents_line(site, views, &guide, item, number);
                guide.contents.push(line);
            }
            continue;
        }
        let chapter = chapter(site, views, &mut guide, item, number);
        if part == Part::Whole {
            guide.contents.push(line_of(&chapter));
        }
        guide.chapters.push(chapter);
    }
    if !matches!(part, Part::Chapter(_)) {
        guide.date = (0..content.docs.len())
            .filter_map(|i| views.updated(i))
            .max()
            .map(|d| views.date_words(d))
            .unwrap_or_default();
    }
    guide
}

/// A line of the contents page of a split guide, from titles only.
fn contents_line(
    site: &Site,
    views: &Views<'_>,
    guide: &Guide,
    item: Item,
    number: String,
) -> ContentsLine {
    let place = |path: &str| guide.places.get(path).map(|p| href(p, &guide.file));
    let line = |number: String, title: String, path: &str| ContentsLine {
        number,
        title,
        href: place(path).unwrap_or_default(),
        entries: Vec::new(),
    };
    match item {
        Item::Page(i) => {
            let l = views.link(i);
            line(number, l.title, &l.path)
        }
        Item::Kind(k) => {
            let kind = views.kind(k);
            let mut out = line(number.clone(), kind.plural.clone(), &kind.path);
            out.entries = views
                .kind_members(k)
                .into_iter()
                .enumerate()
                .map(|(e, i)| {
                    let l = views.link(i);
                    line(format!("{number}.{}", e + 1), l.title, &l.path)
                })
                .collect();
            out
        }
        Item::Checklist(ci) => {
            let c = &site.content.checklists[ci].checklist;
            let title = views.checklist_page(ci).title;
            line(number, title, &checklist_path(&c.id))
        }
    }
}

/// The contents line of a chapter shown in full in this document.
fn line_of(chapter: &Chapter) -> ContentsLine {
    ContentsLine {
        number: chapter.number.clone(),
        title: chapter.title.clone(),
        href: format!("#{}", chapter.anchor),
        entries: chapter.entries.iter().map(line_of).collect(),
    }
}

/// One chapter shown in full.
fn chapter(
    site: &Site,
    views: &Views<'_>,
    guide: &mut Guide,
    item: Item,
    number: String,
) -> Chapter {
    let content = &site.content;
    match item {
        Item::Page(i) => doc_chapter(site, views, guide, i, number),
        Item::Kind(k) => {
            let kind = views.kind(k);
            let entries = views
                .kind_members(k)
                .into_iter()
                .enumerate()
                .map(|(e, i)| doc_chapter(site, views, guide, i, format!("{number}.{}", e + 1)))
                .collect();
            Chapter {
                number,
                anchor: anchor_of(&kind.path),
                title: kind.plural.clone(),
                page: None,
                kind: Some(kind),
                entries,
                checklist: None,
            }
        }
        Item::Checklist(ci) => {
            let c = &content.checklists[ci];
            let path = checklist_path(&c.checklist.id);
            let anchor = anchor_of(&path);
            let mut view = views.checklist_page(ci);
            view.intro = guide.slot(splice::Source::Intro(ci), &path, &anchor, 1);
            view.model_json.clear();
            for q in view.dimensions.iter_mut().flat_map(|d| &mut d.questions) {
                for l in &q.links {
                    guide.link(&l.path);
                }
                if !q.help.trim().is_empty() {
                    let source = splice::Source::Help(ci, q.id.clone());
                    q.help_html = guide.slot(source, &path, &anchor, 1);
                }
            }
            Chapter {
                number,
                anchor,
                title: c.checklist.title.clone(),
                page: None,
                kind: None,
                entries: Vec::new(),
                checklist: Some(view),
            }
        }
    }
}

/// A page's chapter, or an entry's section of its kind's chapter.
fn doc_chapter(
    site: &Site,
    views: &Views<'_>,
    guide: &mut Guide,
    i: usize,
    number: String,
) -> Chapter {
    let d = &site.content.docs[i];
    let anchor = anchor_of(&d.out_path);
    let mut page = views.page(i);
    // A page's chapter heading is an h2, an entry's section heading an h3.
    let shift = if d.kind == DocKind::Page { 1 } else { 2 };
    page.body = guide.slot(splice::Source::Body(i), &d.out_path, &anchor, shift);
    for s in &mut page.sections {
        s.value = guide
            .slot(
                splice::Source::Field(i, s.name.clone()),
                &d.out_path,
                &anchor,
                shift,
            )
            .into();
    }
    // What the template does not show stays out of its values.
    page.fields.clear();
    page.values.clear();
    page.backlinks.clear();
    page.cited_by.clear();
    page.toc.clear();
    page.kind = None;
    page.assessment = None;
    for l in page.relations.iter_mut().flat_map(|g| g.items.iter_mut()) {
        l.summary.clear();
        guide.link(&l.path);
    }
    for c in &mut page.citations {
        c.source.summary.clear();
        c.reference.clear();
        guide.link(&c.source.path);
    }
    Chapter {
        number,
        anchor,
        title: d.title.clone(),
        page: Some(page),
        kind: None,
        entries: Vec::new(),
        checklist: None,
    }
}

impl Guide {
    /// Lets go of what the template context holds a copy of: only the slots and the
    /// places are needed to write the document, and at 10,000 pages the views are tens
    /// of megabytes.
    pub fn drop_views(&mut self) {
        self.chapters = Vec::new();
        self.contents = Vec::new();
        self.links = BTreeMap::new();
        self.anchors = BTreeMap::new();
    }

    /// A marker for one piece of page HTML, filled in by [`splice`].
    fn slot(&mut self, source: splice::Source, from: &str, anchor: &str, shift: u8) -> String {
        self.slots.push(splice::Slot {
            source,
            from: from.to_string(),
            anchor: anchor.to_string(),
            shift,
        });
        splice::marker(self.slots.len() - 1)
    }

    /// Notes a page the template links to, so `links` and `anchors` have it.
    fn link(&mut self, path: &str) {
        if let Some(place) = self.places.get(path) {
            let h = href(place, &self.file);
            self.anchors.insert(path.to_string(), place.1.clone());
            self.links.insert(path.to_string(), h);
        }
    }
}

/// What the guide's stylesheet shows: per chapter its number, title (as a CSS string)
/// and anchor, for a running header on every printed page.
#[derive(Debug, Clone, Serialize)]
pub struct RunningHeader {
    /// The chapter's number.
    pub number: String,
    /// `"3 Knelpunten"`, quoted and escaped for CSS.
    pub text: String,
    /// The id of the chapter's section.
    pub anchor: String,
    /// A name for its printed pages.
    pub page: String,
}

/// The running headers of every chapter, for `whole-guide.css`.
pub fn running_headers(site: &Site, views: &Views<'_>) -> Vec<RunningHeader> {
    let (items, _) = order(site);
    items
        .iter()
        .enumerate()
        .map(|(n, &item)| {
            let (title, path) = match item {
                Item::Page(i) => {
                    let l = views.link(i);
                    (l.title, l.path)
                }
                Item::Kind(k) => {
                    let kind = views.kind(k);
                    (kind.plural, kind.path)
                }
                Item::Checklist(ci) => {
                    let c = views.checklist_page(ci);
                    (c.title, c.path)
                }
            };
            RunningHeader {
                number: (n + 1).to_string(),
                text: css_string(&format!("{} {title}", n + 1)),
                anchor: anchor_of(&path),
                page: format!("hoofdstuk-{}", n + 1),
            }
        })
        .collect()
}

/// What the reading order reads beyond [`Views`]: the pages' own settings (menu,
/// footer, order) and the output paths.
pub fn order_reads(site: &Site) -> Vec<Dep> {
    site.content
        .docs
        .iter()
        .filter(|d| d.kind == DocKind::Page)
        .map(|d| Dep::Own(d.id.clone()))
        .chain([Dep::Docs])
        .collect()
}

/// A quoted CSS string: quotes, backslashes and line breaks escaped.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("3 Kosten"), "\"3 Kosten\"");
        assert_eq!(
            css_string("a\"b\\c\nd</style>"),
            "\"a\\\"b\\\\c\\a d</style>\""
        );
    }
}
