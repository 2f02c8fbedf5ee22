//! Writing a document of the whole guide: the rendered template, with each marker
//! replaced by a page's HTML as it streams into the output. The URLs, ids and heading
//! levels the Markdown renderer recorded ([`HtmlSpan`]) are rewritten for their place
//! in the guide, without parsing the HTML again; the document's links and ids are
//! collected on the way for the link check.

use super::Guide;
use crate::fsutil::PathError;
use crate::links::{Borrowed, PageLinks};
use crate::markdown::{HtmlSpan, SpanKind};
use crate::model::{DocHtml, Html};
use std::io::{self, Write};
use std::path::Path;

const SLOT: &str = "<!--leidraad-slot-";

/// Where a piece of page HTML comes from.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// A document's body.
    Body(usize),
    /// A document's Markdown field, by name.
    Field(usize, String),
    /// A checklist's introduction.
    Intro(usize),
    /// A checklist question's help, by checklist and question id.
    Help(usize, String),
}

/// A piece of page HTML to put into the whole guide.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) source: Source,
    /// The output path of the page it was written for (its links are relative to it).
    pub(super) from: String,
    /// The anchor of its chapter or entry: the prefix of its ids.
    pub(super) anchor: String,
    /// How many levels its headings go down.
    pub(super) shift: u8,
}

/// The marker of slot `n` in the rendered template.
pub(super) fn marker(n: usize) -> String {
    format!("{SLOT}{n}-->")
}

/// Writes the document whose rendered `text` holds the markers of `guide`: into `text`
/// when `keep` (as `serve` holds every output), else into the file `to`, else nowhere
/// (`check`). Returns its links and ids.
pub fn publish(
    text: &mut String,
    guide: &Guide,
    html: &Html,
    to: Option<&Path>,
    keep: bool,
) -> Result<PageLinks, PathError> {
    let mut links = crate::links::extract(text);
    if keep {
        let mut buf = Vec::with_capacity(text.len() * 2);
        // Writing into memory cannot fail.
        let _ = fill(text, guide, html, &mut buf, &mut links);
        *text = String::from_utf8(buf).unwrap_or_default();
        return Ok(links);
    }
    let Some(path) = to else {
        let _ = fill(text, guide, html, &mut io::sink(), &mut links);
        return Ok(links);
    };
    let error = |source: io::Error| PathError {
        path: path.to_path_buf(),
        source,
        pos: None,
    };
    if let Some(parent) = path.parent() {
        crate::fsutil::create_dir_all(parent)?;
    }
    let file = std::fs::File::create(path).map_err(error)?;
    let mut out = io::BufWriter::with_capacity(1 << 18, file);
    fill(text, guide, html, &mut out, &mut links).map_err(error)?;
    out.flush().map_err(error)?;
    Ok(links)
}

/// Copies `rendered` to `out`, each marker replaced by its piece of page HTML.
fn fill(
    rendered: &str,
    guide: &Guide,
    html: &Html,
    out: &mut impl Write,
    links: &mut PageLinks,
) -> io::Result<()> {
    let mut rest = rendered;
    while let Some(at) = rest.find(SLOT) {
        out.write_all(&rest.as_bytes()[..at])?;
        let after = &rest[at + SLOT.len()..];
        let end = after.find("-->").unwrap_or(after.len());
        let slot = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| guide.slots.get(n));
        match slot {
            Some(slot) => {
                let (text, spans) = piece(html, &slot.source);
                write_piece(out, text, spans, slot, guide, links)?;
                rest = &after[(end + 3).min(after.len())..];
            }
            None => {
                out.write_all(SLOT.as_bytes())?;
                rest = after;
            }
        }
    }
    out.write_all(rest.as_bytes())
}

/// The HTML of a slot and where its values are.
fn piece<'h>(html: &'h Html, source: &Source) -> (&'h str, &'h [HtmlSpan]) {
    match source {
        Source::Body(i) => (&html.docs[*i].body, &html.docs[*i].body_spans),
        Source::Field(i, name) => field(&html.docs[*i], name),
        Source::Intro(ci) => (&html.intros[*ci].body, &html.intros[*ci].body_spans),
        Source::Help(ci, id) => field(&html.intros[*ci], &format!("hulp:{id}")),
    }
}

/// The HTML of a Markdown field (or a checklist question's help) and where its values
/// are.
fn field<'h>(doc: &'h DocHtml, name: &str) -> (&'h str, &'h [HtmlSpan]) {
    match doc.fields.iter().position(|(n, _)| n == name) {
        Some(f) => (
            &doc.fields[f].1,
            doc.field_spans.get(f).map_or(&[][..], Vec::as_slice),
        ),
        None => ("", &[]),
    }
}

/// Writes one piece with its values rewritten for the guide.
fn write_piece(
    out: &mut impl Write,
    text: &str,
    spans: &[HtmlSpan],
    slot: &Slot,
    guide: &Guide,
    links: &mut PageLinks,
) -> io::Result<()> {
    let mut at = 0;
    for s in spans {
        let Some(raw) = text.get(s.start..s.end).filter(|_| s.start >= at) else {
            continue;
        };
        out.write_all(&text.as_bytes()[at..s.start])?;
        at = s.end;
        let value = match &s.decoded {
            Some(d) => std::borrow::Cow::Borrowed(d.as_ref()),
            None => crate::links::unescape(raw).into(),
        };
        let new = match s.kind {
            SpanKind::Heading => {
                let level = raw.bytes().next().unwrap_or(b'2').saturating_sub(b'0');
                out.write_all(&[b'0' + (level + slot.shift).min(6)])?;
                continue;
            }
            SpanKind::Id => {
                let id = format!("{}--{value}", slot.anchor);
                links.ids.push(id.clone());
                id
            }
            SpanKind::IdRefs => value
                .split_ascii_whitespace()
                .map(|id| format!("{}--{id}", slot.anchor))
                .collect::<Vec<_>>()
                .join(" "),
            SpanKind::Url => {
                let (url, local) = url_in_guide(&value, slot, guide);
                if local {
                    links.borrowed.push(Borrowed {
                        index: links.urls.len(),
                        page: slot.from.clone(),
                        url: value.to_string(),
                    });
                }
                links.urls.push(url.clone());
                url
            }
        };
        write_value(out, &new, s.bare)?;
    }
    out.write_all(&text.as_bytes()[at.min(text.len())..])
}

/// An attribute value, escaped; in quotes where the author wrote none.
fn write_value(out: &mut impl Write, value: &str, bare: bool) -> io::Result<()> {
    if bare {
        out.write_all(b"\"")?;
    }
    let mut from = 0;
    for (i, c) in value.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '"' => "&quot;",
            '\'' => "&#x27;",
            '<' => "&lt;",
            '>' => "&gt;",
            _ => continue,
        };
        out.write_all(&value.as_bytes()[from..i])?;
        out.write_all(entity.as_bytes())?;
        from = i + 1;
    }
    out.write_all(&value.as_bytes()[from..])?;
    if bare {
        out.write_all(b"\"")?;
    }
    Ok(())
}

/// Where a URL written on the page of `slot` points from inside the guide: a link to
/// another page becomes a link to its chapter (`#anchor`, or `file#anchor` in another
/// chapter's document), a link into it `#anchor--fragment`, and a path to a file stays a
/// path, now from the site root where the guide lives. The second value says whether the
/// URL is local (checked).
fn url_in_guide(url: &str, slot: &Slot, guide: &Guide) -> (String, bool) {
    if let Some(frag) = url.strip_prefix('#') {
        return if frag.is_empty() {
            (format!("#{}", slot.anchor), true)
        } else {
            (format!("#{}--{frag}", slot.anchor), true)
        };
    }
    let is_external = url.starts_with("//")
        || url
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']) && !scheme.is_empty());
    if is_external {
        return (url.to_string(), false);
    }
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f).filter(|f| !f.is_empty())),
        None => (url, None),
    };
    let Some(target) = resolve(&slot.from, path) else {
        return (url.to_string(), true);
    };
    let new = match (guide.places.get(&target), frag) {
        (Some(place), Some(f)) => format!("{}--{f}", super::href(place, &guide.file)),
        (Some(place), None) => super::href(place, &guide.file),
        // A file (image, download) or an output that is not a chapter.
        (None, Some(f)) => format!("{target}#{f}"),
        (None, None) => target,
    };
    (new, true)
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
    use std::collections::BTreeMap;

    fn guide(file: &str, places: &[(&str, &str, &str)]) -> Guide {
        Guide {
            chapters: Vec::new(),
            contents: Vec::new(),
            links: BTreeMap::new(),
            anchors: BTreeMap::new(),
            date: String::new(),
            split: false,
            contents_page: String::new(),
            css: String::new(),
            slots: Vec::new(),
            places: places
                .iter()
                .map(|(p, f, a)| (p.to_string(), (f.to_string(), a.to_string())))
                .collect(),
            file: file.to_string(),
            reads: Vec::new(),
        }
    }

    fn slot(from: &str, anchor: &str, shift: u8) -> Slot {
        Slot {
            source: Source::Body(0),
            from: from.into(),
            anchor: anchor.into(),
            shift,
        }
    }

    fn span(text: &str, value: &str, kind: SpanKind, bare: bool) -> HtmlSpan {
        let start = text.find(value).unwrap();
        HtmlSpan {
            kind,
            start,
            end: start + value.len(),
            bare,
            decoded: None,
        }
    }

    #[test]
    fn values_are_replaced_where_they_were_recorded() {
        let text = r#"<h2 id="kosten">K</h2><p><a title="a > b" href=smalle-markt.html#oorzaak>x</a> <img src='../afbeeldingen/a.png' alt=""> <a href="https://example.org/?a=1&amp;b=2">w</a></p>"#;
        let spans = vec![
            span(text, "2", SpanKind::Heading, false),
            span(text, "kosten", SpanKind::Id, false),
            HtmlSpan {
                start: text.find("2>").unwrap(),
                end: text.find("2>").unwrap() + 1,
                ..span(text, "2", SpanKind::Heading, false)
            },
            span(text, "smalle-markt.html#oorzaak", SpanKind::Url, true),
            span(text, "../afbeeldingen/a.png", SpanKind::Url, false),
            span(
                text,
                "https://example.org/?a=1&amp;b=2",
                SpanKind::Url,
                false,
            ),
        ];
        let g = guide(
            "leidraad-compleet.html",
            &[
                (
                    "knelpunten/smalle-markt.html",
                    "leidraad-compleet-knelpunten.html",
                    "h-knelpunten-smalle-markt",
                ),
                (
                    "knelpunten/prijs.html",
                    "leidraad-compleet.html",
                    "h-knelpunten-prijs",
                ),
            ],
        );
        let mut out = Vec::new();
        let mut links = PageLinks::default();
        let s = slot("knelpunten/prijs.html", "h-knelpunten-prijs", 2);
        write_piece(&mut out, text, &spans, &s, &g, &mut links).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<h4 id="h-knelpunten-prijs--kosten">K</h4><p><a title="a > b" href="leidraad-compleet-knelpunten.html#h-knelpunten-smalle-markt--oorzaak">x</a> <img src='afbeeldingen/a.png' alt=""> <a href="https://example.org/?a=1&amp;b=2">w</a></p>"#
        );
        assert_eq!(links.ids, ["h-knelpunten-prijs--kosten"]);
        assert_eq!(
            links.urls,
            [
                "leidraad-compleet-knelpunten.html#h-knelpunten-smalle-markt--oorzaak",
                "afbeeldingen/a.png",
                "https://example.org/?a=1&b=2"
            ]
        );
        // The external address is not checked; the two others point back to their page.
        assert_eq!(links.borrowed.len(), 2);
        assert_eq!(links.borrowed[0].url, "smalle-markt.html#oorzaak");
        assert_eq!(links.borrowed[1].page, "knelpunten/prijs.html");
    }

    #[test]
    fn links_resolve_from_the_page_they_were_written_on() {
        let g = guide(
            "leidraad-compleet.html",
            &[
                ("index.html", "leidraad-compleet.html", "h-index"),
                (
                    "knelpunten/index.html",
                    "leidraad-compleet.html",
                    "h-knelpunten-index",
                ),
            ],
        );
        let s = slot("knelpunten/prijs.html", "h-knelpunten-prijs", 2);
        let url = |u: &str| url_in_guide(u, &s, &g).0;
        assert_eq!(url("../knelpunten/"), "#h-knelpunten-index");
        assert_eq!(url("../index.html"), "#h-index");
        assert_eq!(url("#"), "#h-knelpunten-prijs");
        assert_eq!(url("#kern"), "#h-knelpunten-prijs--kern");
        assert_eq!(url("../zoeken.html?q=a"), "zoeken.html?q=a");
        assert_eq!(url("mailto:a@b.nl"), "mailto:a@b.nl");
        assert_eq!(url("../../buiten.html"), "../../buiten.html");
    }
}
