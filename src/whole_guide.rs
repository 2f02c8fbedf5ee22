//! The whole guide as one document (`leidraad-compleet.html`): every page and entry in
//! reading order, numbered, with every internal link turned into a link inside the
//! document, so it can be printed or saved as one PDF.

use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::document::DocKind;
use crate::model::{Html, Site, checklist_path, list_path};
use crate::view::{DocView, KindView, Views};
use serde::Serialize;
use std::collections::BTreeMap;

/// One unit of the reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A page, by index in `content.docs`.
    Page(usize),
    /// A kind with all its entries, by kind index.
    Kind(usize),
    /// A checklist, by index in `content.checklists`.
    Checklist(usize),
}

/// The reading order: what `hele_leidraad.volgorde` names first, then everything else in
/// the default order (home, menu pages, other pages, kinds, checklists). Unknown names
/// are reported against `leidraad.yaml`.
pub fn order(site: &Site) -> (Vec<Item>, Diagnostics) {
    let content = &site.content;
    let mut default = Vec::new();
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
            } else {
                2
            };
            (rank, d.order.unwrap_or(i64::MAX), d.title.as_str(), i)
        })
        .collect();
    pages.sort();
    default.extend(pages.into_iter().map(|p| Item::Page(p.3)));
    default.extend((0..site.config.kinds.len()).map(Item::Kind));
    default.extend((0..content.checklists.len()).map(Item::Checklist));

    let mut diags = Diagnostics::default();
    let mut out: Vec<Item> = Vec::new();
    for (n, name) in site.config.hele_leidraad.volgorde.iter().enumerate() {
        let item = if let Some(cid) = name.strip_prefix("checklist/") {
            content
                .checklists
                .iter()
                .position(|c| c.checklist.id == cid)
                .map(Item::Checklist)
        } else if let Some(k) = site.config.kinds.iter().position(|k| &k.id == name) {
            Some(Item::Kind(k))
        } else {
            content
                .by_id
                .get(name.as_str())
                .filter(|&&i| content.docs[i].kind == DocKind::Page)
                .map(|&i| Item::Page(i))
        };
        match item {
            Some(item) if !out.contains(&item) => out.push(item),
            Some(_) => {}
            None => {
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
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        "unknown-id",
                        format!(
                            "`hele_leidraad.volgorde` names `{}`, which is no page, kind or checklist{hint}",
                            crate::diagnostic::printable(name, 60)
                        ),
                    )
                    .at_pos(at),
                );
            }
        }
    }
    for item in default {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    (out, diags)
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
    /// The page or entry (body and Markdown fields with their links rewritten).
    pub page: Option<DocView>,
    /// For a kind: the kind and its entries.
    pub kind: Option<KindView>,
    /// For a kind: its entries, numbered within the chapter.
    pub entries: Vec<Chapter>,
    /// For a checklist: its view (questions, options, bands), introduction rewritten.
    pub checklist: Option<serde_json::Value>,
}

/// Everything the whole-guide template shows.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    /// The chapters in reading order.
    pub chapters: Vec<Chapter>,
    /// Output path → anchor in this document, for links written by the template.
    pub anchors: BTreeMap<String, String>,
    /// The newest update date of any page, in the site's language; empty without dates.
    pub date: String,
    /// The pages' HTML, put in after rendering by [`fill_slots`].
    #[serde(skip)]
    pub slots: Vec<Slot>,
}

/// The id of a page's chapter in the whole guide.
fn anchor_of(path: &str) -> String {
    let stem = path.strip_suffix(".html").unwrap_or(path);
    format!("h-{}", stem.replace('/', "-"))
}

/// The view of the whole guide. Reads every document through `views`, so any change
/// renders it again.
pub fn guide(site: &Site, views: &Views<'_>) -> Guide {
    let content = &site.content;
    let (items, _) = order(site);
    let mut anchors = BTreeMap::new();
    for d in &content.docs {
        anchors.insert(d.out_path.clone(), anchor_of(&d.out_path));
    }
    for k in &site.config.kinds {
        let list = list_path(&k.path);
        anchors.insert(list.clone(), anchor_of(&list));
    }
    for c in &content.checklists {
        let p = checklist_path(&c.checklist.id);
        anchors.insert(p.clone(), anchor_of(&p));
    }
    // The HTML of the pages is not put through the template engine: the view holds a
    // marker per piece (`<!--leidraad-slot-N-->`) and [`fill_slots`] puts the rewritten
    // HTML there afterwards, in parallel and without copying it into template values.
    let slots = std::cell::RefCell::new(Vec::new());
    let slot = |source: SlotSource, from: &str, anchor: &str, shift: u8| {
        let mut slots = slots.borrow_mut();
        slots.push(Slot {
            source,
            from: from.to_string(),
            anchor: anchor.to_string(),
            shift,
        });
        format!("{SLOT}{}-->", slots.len() - 1)
    };
    let doc_chapter = |i: usize, number: String| {
        let d = &content.docs[i];
        let anchor = anchor_of(&d.out_path);
        let mut page = views.page(i);
        // A page's chapter heading is an h2, an entry's section heading an h3.
        let shift = if d.kind == DocKind::Page { 1 } else { 2 };
        page.body = slot(SlotSource::Body(i), &d.out_path, &anchor, shift);
        for s in &mut page.sections {
            s.value = slot(
                SlotSource::Field(i, s.name.clone()),
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
        }
        for c in &mut page.citations {
            c.source.summary.clear();
            c.reference.clear();
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
    };
    let mut chapters = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let number = (n + 1).to_string();
        match *item {
            Item::Page(i) => chapters.push(doc_chapter(i, number)),
            Item::Kind(k) => {
                let kind = views.kind(k);
                let entries = views
                    .kind_members(k)
                    .into_iter()
                    .enumerate()
                    .map(|(e, i)| doc_chapter(i, format!("{number}.{}", e + 1)))
                    .collect();
                chapters.push(Chapter {
                    number,
                    anchor: anchor_of(&kind.path),
                    title: kind.plural.clone(),
                    page: None,
                    kind: Some(kind),
                    entries,
                    checklist: None,
                });
            }
            Item::Checklist(ci) => {
                let c = &content.checklists[ci];
                let path = checklist_path(&c.checklist.id);
                let anchor = anchor_of(&path);
                let mut view = serde_json::to_value(views.checklist_page(ci)).unwrap_or_default();
                view["intro"] = slot(SlotSource::Intro(ci), &path, &anchor, 1).into();
                view["model_json"] = "".into();
                chapters.push(Chapter {
                    number,
                    anchor,
                    title: c.checklist.title.clone(),
                    page: None,
                    kind: None,
                    entries: Vec::new(),
                    checklist: Some(view),
                });
            }
        }
    }
    let date = (0..content.docs.len())
        .filter_map(|i| views.updated(i))
        .max()
        .map(|d| views.date_words(d))
        .unwrap_or_default();
    Guide {
        chapters,
        anchors,
        date,
        slots: slots.into_inner(),
    }
}

const SLOT: &str = "<!--leidraad-slot-";

/// Where a slot's HTML comes from.
#[derive(Debug, Clone)]
enum SlotSource {
    Body(usize),
    Field(usize, String),
    Intro(usize),
}

/// A piece of page HTML to put into the rendered whole guide.
#[derive(Debug, Clone)]
pub struct Slot {
    source: SlotSource,
    from: String,
    anchor: String,
    shift: u8,
}

/// Puts the rewritten HTML of every slot into the rendered whole guide.
pub fn fill_slots(rendered: &str, guide: &Guide, html: &Html) -> String {
    let piece = |n: usize| -> Option<String> {
        let s = guide.slots.get(n)?;
        let source = match &s.source {
            SlotSource::Body(i) => html.docs[*i].body.as_str(),
            SlotSource::Field(i, name) => html.docs[*i]
                .fields
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, h)| h.as_str()),
            SlotSource::Intro(ci) => html.intros[*ci].body.as_str(),
        };
        Some(rewrite(source, &s.from, &s.anchor, &guide.anchors, s.shift))
    };
    // One piece at a time, straight into the output: the pages' HTML is never held twice.
    let mut out = String::with_capacity(rendered.len() * 2);
    let mut rest = rendered;
    while let Some(at) = rest.find(SLOT) {
        out.push_str(&rest[..at]);
        let after = &rest[at + SLOT.len()..];
        let end = after.find("-->").unwrap_or(0);
        match after[..end].parse::<usize>().ok().and_then(piece) {
            Some(piece) => {
                out.push_str(&piece);
                rest = &after[end + 3..];
            }
            None => {
                out.push_str(SLOT);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rewrites the URLs and ids of a page's HTML for its place in the whole guide: a link
/// to another page becomes `#its-chapter`, a link into it `#its-chapter--anchor`, an id
/// gets the chapter's prefix, and paths to files stay paths, now from the site root.
/// Only for HTML this program wrote.
pub fn rewrite(
    html: &str,
    from: &str,
    anchor: &str,
    anchors: &BTreeMap<String, String>,
    shift: u8,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[..=gt];
        rest = &rest[gt + 1..];
        let tag = shift_heading(tag, shift);
        if tag.starts_with("</") || tag.starts_with("<!") {
            out.push_str(&tag);
            continue;
        }
        out.push_str(&rewrite_tag(&tag, from, anchor, anchors));
    }
    out.push_str(rest);
    out
}

/// `<h2 …>` becomes `<h3 …>` for `shift` 1: a page's headings sit under its chapter's
/// heading in the whole guide. Capped at `h6`.
fn shift_heading(tag: &str, shift: u8) -> std::borrow::Cow<'_, str> {
    let (open, rest) = match tag.strip_prefix("</") {
        Some(r) => ("</", r),
        None => ("<", &tag[1..]),
    };
    let b = rest.as_bytes();
    let is_heading = b.len() >= 3
        && (b[0] == b'h' || b[0] == b'H')
        && (b'1'..=b'6').contains(&b[1])
        && (b[2] == b'>' || b[2] == b' ');
    if shift == 0 || !is_heading {
        return tag.into();
    }
    let level = (b[1] - b'0' + shift).min(6);
    format!("{open}h{level}{}", &rest[2..]).into()
}

fn rewrite_tag(tag: &str, from: &str, anchor: &str, anchors: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(tag.len() + 16);
    let mut rest = tag;
    loop {
        let next = ["href=\"", "src=\"", "id=\""]
            .iter()
            .filter_map(|a| {
                rest.match_indices(a)
                    .find(|(i, _)| *i > 0 && rest.as_bytes()[i - 1] == b' ')
                    .map(|(i, _)| (i, *a))
            })
            .min();
        let Some((i, attr)) = next else {
            out.push_str(rest);
            return out;
        };
        let start = i + attr.len();
        let Some(len) = rest[start..].find('"') else {
            out.push_str(rest);
            return out;
        };
        let value = &rest[start..start + len];
        out.push_str(&rest[..start]);
        let new = if attr == "id=\"" {
            format!("{anchor}--{value}")
        } else {
            url_in_guide(value, from, anchor, anchors)
        };
        out.push_str(&new);
        rest = &rest[start + len..];
    }
}

/// Where a URL written on the page at `from` points from inside the whole guide.
fn url_in_guide(url: &str, from: &str, anchor: &str, anchors: &BTreeMap<String, String>) -> String {
    if let Some(frag) = url.strip_prefix('#') {
        return if frag.is_empty() {
            format!("#{anchor}")
        } else {
            format!("#{anchor}--{frag}")
        };
    }
    let is_external = url.starts_with("//")
        || url
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty());
    if is_external {
        return url.to_string();
    }
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let Some(target) = resolve(from, path) else {
        return url.to_string();
    };
    match (anchors.get(&target), frag.filter(|f| !f.is_empty())) {
        (Some(a), Some(f)) => format!("#{a}--{f}"),
        (Some(a), None) => format!("#{a}"),
        // A file (image, download) or an output that is not a chapter: from the root,
        // where the whole guide lives.
        (None, Some(f)) => format!("{target}#{f}"),
        (None, None) => target,
    }
}

/// A relative URL written on the page at `from`, as a path from the output root.
fn resolve(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    Some(if joined.is_empty() || path.ends_with('/') {
        format!(
            "{joined}{}index.html",
            if joined.is_empty() { "" } else { "/" }
        )
    } else {
        joined
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors() -> BTreeMap<String, String> {
        [
            "knelpunten/smalle-markt.html",
            "knelpunten/index.html",
            "index.html",
        ]
        .iter()
        .map(|p| (p.to_string(), anchor_of(p)))
        .collect()
    }

    #[test]
    fn links_between_pages_become_links_inside_the_document() {
        let html = r##"<h2 id="kosten">Kosten</h2><p><a href="smalle-markt.html#oorzaak">x</a> <a href="../knelpunten/">y</a> <a href="#kosten">z</a> <a href="https://example.org/a.html">w</a> <img src="../afbeeldingen/a.png" alt=""> <a href="../index.html">t</a></p>"##;
        let out = rewrite(
            html,
            "knelpunten/prijs.html",
            "h-knelpunten-prijs",
            &anchors(),
            2,
        );
        assert_eq!(
            out,
            r##"<h4 id="h-knelpunten-prijs--kosten">Kosten</h4><p><a href="#h-knelpunten-smalle-markt--oorzaak">x</a> <a href="#h-knelpunten-index">y</a> <a href="#h-knelpunten-prijs--kosten">z</a> <a href="https://example.org/a.html">w</a> <img src="afbeeldingen/a.png" alt=""> <a href="#h-index">t</a></p>"##
        );
    }

    #[test]
    fn attributes_that_only_end_in_id_are_left_alone() {
        let html = r#"<input data-id="a" id="b"><a class="x" href="mailto:a@b.nl">m</a>"#;
        let out = rewrite(html, "over.html", "h-over", &anchors(), 1);
        assert_eq!(
            out,
            r#"<input data-id="a" id="h-over--b"><a class="x" href="mailto:a@b.nl">m</a>"#
        );
    }
}
