//! Where the renderer wrote each value another page may rewrite: every link, image and
//! id, and every heading tag, as a byte range of the HTML it produced. The whole guide
//! splices its own values into those ranges instead of parsing the HTML again.
//!
//! Links, images, headings and footnotes are recorded as pulldown-cmark writes them:
//! the writer counts what it wrote, so each event's HTML is a known range, and the value
//! sits at a fixed place inside it. HTML written by the author inside the Markdown is
//! read by a real HTML tokenizer (html5gum), so quoting, a `>` in an attribute value,
//! character references, comments and script text are read the way a browser reads
//! them; its links are also added to the page's links, with their line.

use super::LinkRef;
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::Cell;
use std::rc::Rc;

/// What the value in a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// A URL: `href` or `src`.
    Url,
    /// An element id.
    Id,
    /// Ids separated by spaces (`for`, `headers`, `aria-labelledby`, ...).
    IdRefs,
    /// The level digit of a heading's start or end tag (`<h2`, `</h2`).
    Heading,
}

/// One value in the HTML of a piece of Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HtmlSpan {
    /// What it holds.
    pub kind: SpanKind,
    /// Byte range in the HTML: an attribute's value without its quotes, or the digit.
    pub start: usize,
    /// End of the range (exclusive).
    pub end: usize,
    /// An attribute value written without quotes (author HTML): a new value brings its
    /// own.
    pub bare: bool,
    /// The value as a browser reads it, where the text in the range differs (character
    /// references in author HTML).
    pub decoded: Option<Box<str>>,
}

/// Attributes that name other elements by id.
const ID_REFS: [&str; 7] = [
    "for",
    "headers",
    "list",
    "form",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
];

/// A `fmt::Write` that counts what was written, so the renderer knows where each
/// event's HTML starts.
pub(super) struct Counted<'s> {
    pub(super) out: &'s mut String,
    pub(super) written: Rc<Cell<usize>>,
}

impl std::fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// An event whose HTML holds a value: what it is, and where its HTML starts and ends.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Link,
    Image,
    HeadingStart,
    HeadingEnd,
    FootnoteReference,
    FootnoteDefinition,
}

/// Author HTML written in one stretch: output range, and per event where it started in
/// the output and in the Markdown.
#[derive(Debug, Default)]
struct RawRun {
    start: usize,
    end: usize,
    pieces: Vec<(usize, usize)>,
}

/// Watches the events as they are written and records where the values went.
#[derive(Debug, Default)]
pub(super) struct Recorder {
    marks: Vec<(Mark, usize, usize)>,
    /// Marks whose HTML is still being written: their end is where the next event
    /// starts.
    open: Option<usize>,
    raw: Vec<RawRun>,
    /// Inside an image: its description is written as the `alt` text, so nothing in it
    /// becomes HTML of its own.
    in_image: usize,
}

impl Recorder {
    /// `event` is about to be written, `written` bytes into the HTML; `raw` is where it
    /// starts in the Markdown when it is HTML the author wrote.
    pub(super) fn see(&mut self, event: &Event<'_>, written: usize, raw: Option<usize>) {
        self.close(written);
        if self.in_image > 0 {
            match event {
                Event::Start(_) => self.in_image += 1,
                Event::End(_) => self.in_image -= 1,
                _ => {}
            }
            return;
        }
        let mark = match event {
            Event::Start(Tag::Link { .. }) => Mark::Link,
            Event::Start(Tag::Image { .. }) => {
                self.in_image = 1;
                Mark::Image
            }
            Event::Start(Tag::Heading { .. }) => Mark::HeadingStart,
            Event::End(TagEnd::Heading(_)) => Mark::HeadingEnd,
            Event::FootnoteReference(_) => Mark::FootnoteReference,
            Event::Start(Tag::FootnoteDefinition(_)) => Mark::FootnoteDefinition,
            Event::Html(text) | Event::InlineHtml(text) => {
                if let Some(source) = raw {
                    self.raw_html(written, text.len(), source);
                }
                return;
            }
            _ => return,
        };
        self.marks.push((mark, written, written));
        self.open = Some(self.marks.len() - 1);
    }

    /// Everything up to `written` is out: the open mark ends there.
    pub(super) fn close(&mut self, written: usize) {
        if let Some(i) = self.open.take() {
            self.marks[i].2 = written;
        }
    }

    /// Author HTML is written as it is: a piece right after the previous one continues
    /// its stretch (a tag may span the lines of an HTML block).
    fn raw_html(&mut self, written: usize, len: usize, source: usize) {
        match self.raw.last_mut() {
            Some(run) if run.end == written => {
                run.end += len;
                run.pieces.push((written, source));
            }
            _ => self.raw.push(RawRun {
                start: written,
                end: written + len,
                pieces: vec![(written, source)],
            }),
        }
    }

    /// The spans of `html`, in order. Links in author HTML are added to `links`, with
    /// the position `pos` gives for a Markdown offset.
    pub(super) fn finish(
        self,
        html: &str,
        pos: &dyn Fn(usize) -> (usize, usize),
        links: &mut Vec<LinkRef>,
    ) -> Vec<HtmlSpan> {
        let mut spans = Vec::with_capacity(self.marks.len() * 2);
        for &(mark, start, end) in &self.marks {
            marked(html, mark, start, end.max(start), &mut spans);
        }
        for run in &self.raw {
            author_html(html, run, pos, &mut spans, links);
        }
        spans.sort_by_key(|s| s.start);
        spans
    }
}

/// The value(s) of one recorded event, found at the place pulldown-cmark writes them.
fn marked(html: &str, mark: Mark, start: usize, end: usize, spans: &mut Vec<HtmlSpan>) {
    let Some(text) = html.get(start..end) else {
        return;
    };
    // The value of the attribute written as `name` (always in double quotes, which
    // pulldown-cmark escapes inside values).
    let attribute = |name: &str, kind: SpanKind| {
        text.find(name).map(|at| {
            let from = at + name.len();
            let len = text[from..].find('"').unwrap_or(0);
            plain(kind, start + from, start + from + len)
        })
    };
    // The level digit after `tag` (`<h` or `</h`).
    let level = |tag: &str| {
        text.find(tag).map(|at| {
            plain(
                SpanKind::Heading,
                start + at + tag.len(),
                start + at + tag.len() + 1,
            )
        })
    };
    let found = match mark {
        Mark::Link => [attribute("<a href=\"", SpanKind::Url), None],
        Mark::Image => [attribute("<img src=\"", SpanKind::Url), None],
        Mark::FootnoteReference => [attribute(" href=\"", SpanKind::Url), None],
        Mark::FootnoteDefinition => [attribute(" id=\"", SpanKind::Id), None],
        Mark::HeadingStart => [level("<h"), attribute(" id=\"", SpanKind::Id)],
        Mark::HeadingEnd => [level("</h"), None],
    };
    spans.extend(found.into_iter().flatten());
}

fn plain(kind: SpanKind, start: usize, end: usize) -> HtmlSpan {
    HtmlSpan {
        kind,
        start,
        end,
        bare: false,
        decoded: None,
    }
}

/// Reads a stretch of author HTML with the tokenizer and records its URLs, ids and
/// heading tags.
fn author_html(
    html: &str,
    run: &RawRun,
    pos: &dyn Fn(usize) -> (usize, usize),
    spans: &mut Vec<HtmlSpan>,
    links: &mut Vec<LinkRef>,
) {
    let Some(text) = html.get(run.start..run.end) else {
        return;
    };
    let bytes = text.as_bytes();
    // The attribute being read: its kind, if it is one recorded.
    let mut current: Option<SpanKind> = None;
    let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name } | CallbackEvent::EndTag { name } => {
                current = None;
                if is_heading(name) {
                    // `<h2` or `</h2`: the digit is the tag name's second character.
                    let at = span.start
                        + if bytes.get(span.start + 1) == Some(&b'/') {
                            3
                        } else {
                            2
                        };
                    spans.push(plain(SpanKind::Heading, run.start + at, run.start + at + 1));
                }
            }
            CallbackEvent::AttributeName { name } => {
                current = attribute_kind(name);
            }
            CallbackEvent::AttributeValue { value } => {
                let kind = current.take()?;
                let raw = &text[span.start..span.end];
                let value = String::from_utf8_lossy(value);
                let bare = !matches!(bytes.get(span.start.wrapping_sub(1)), Some(b'"' | b'\''));
                let decoded = (value != raw).then(|| Box::from(value.as_ref()));
                if kind == SpanKind::Url {
                    let piece = run
                        .pieces
                        .partition_point(|p| p.0 <= run.start + span.start);
                    let (out_at, md_at) = run.pieces[piece.saturating_sub(1)];
                    let at = pos(md_at + (run.start + span.start - out_at));
                    links.push(LinkRef {
                        url: value.to_string(),
                        written: value.to_string(),
                        pos: at,
                    });
                }
                spans.push(HtmlSpan {
                    kind,
                    start: run.start + span.start,
                    end: run.start + span.end,
                    bare,
                    decoded,
                });
            }
            _ => current = None,
        }
        None::<()>
    });
    let mut emitter = emitter;
    // Script and style text is not markup.
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(text, emitter) {}
}

fn is_heading(name: &[u8]) -> bool {
    matches!(name, [b'h', b'1'..=b'6'])
}

fn attribute_kind(name: &[u8]) -> Option<SpanKind> {
    match name {
        b"href" | b"src" => Some(SpanKind::Url),
        b"id" => Some(SpanKind::Id),
        _ if ID_REFS.iter().any(|r| r.as_bytes() == name) => Some(SpanKind::IdRefs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests_support::*;
    use super::super::*;
    use super::SpanKind;

    /// The text of every span, with its kind.
    fn values(md: &str) -> (String, Vec<(SpanKind, String, bool)>) {
        let r = render(md, &src(), &Fake);
        let v = r
            .spans
            .iter()
            .map(|s| (s.kind, r.html[s.start..s.end].to_string(), s.bare))
            .collect();
        (r.html, v)
    }

    #[test]
    fn links_images_headings_and_footnotes_are_found_where_they_were_written() {
        let (html, v) = values(
            "## Kosten & baten\n\nZie [x](@smalle-markt#kern \"titel\") en ![a [b](c.html)](<../img/a b.png>).[^n]\n\n[^n]: Voetnoot.\n",
        );
        let kinds: Vec<(SpanKind, &str)> = v.iter().map(|(k, t, _)| (*k, t.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (SpanKind::Heading, "2"),
                (SpanKind::Id, "kosten-baten"),
                (SpanKind::Heading, "2"),
                (SpanKind::Url, "../knelpunten/smalle-markt.html#kern"),
                (SpanKind::Url, "../img/a%20b.png"),
                (SpanKind::Url, "#n"),
                (SpanKind::Id, "n"),
            ],
            "{html}"
        );
    }

    #[test]
    fn author_html_is_read_like_a_browser_reads_it() {
        let md = "<a title=\"kosten > baten\" href=../a.html#x id='b'>t</a> <img src='../i.png' alt=\"\"> <!-- <a href=\"no.html\"> --> <label for=b>l</label>\n\n<div>\n<h2 ID=\"kop\">Kop</h2>\n<a\n  href=\"x.html?a=1&amp;b=2\">m</a>\n</div>\n";
        let r = render(md, &src(), &Fake);
        let v: Vec<(SpanKind, &str, bool)> = r
            .spans
            .iter()
            .map(|s| (s.kind, &r.html[s.start..s.end], s.bare))
            .collect();
        assert_eq!(
            v,
            [
                (SpanKind::Url, "../a.html#x", true),
                (SpanKind::Id, "b", false),
                (SpanKind::Url, "../i.png", false),
                (SpanKind::IdRefs, "b", true),
                (SpanKind::Heading, "2", false),
                (SpanKind::Id, "kop", false),
                (SpanKind::Heading, "2", false),
                (SpanKind::Url, "x.html?a=1&amp;b=2", false),
            ],
            "{}",
            r.html
        );
        let last = r.spans.last().unwrap();
        assert_eq!(last.decoded.as_deref(), Some("x.html?a=1&b=2"));
        // Author links are the page's links too, at their value (the file's line 5 is
        // the first of this Markdown; counted by hand).
        let raw: Vec<(&str, (usize, usize))> =
            r.links.iter().map(|l| (l.url.as_str(), l.pos)).collect();
        assert_eq!(
            raw,
            [
                ("../a.html#x", (5, 32)),
                ("../i.png", (5, 67)),
                ("x.html?a=1&b=2", (10, 9)),
            ]
        );
    }
}
