//! The plain text of a piece of Markdown by section, taken from pulldown-cmark's events
//! while the HTML is written: one pass, and no HTML read back, so no entity or tag in the
//! output can trip the index (issue 19: `V&V „slimme zorg”` once panicked here).

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

/// Text by section, compact: one string and the ends of each part in it. A section is the
/// text before the first heading (anchor and heading empty), or a level-2 or level-3
/// heading with an id and the text under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Text {
    buf: String,
    /// Per section: where its anchor, heading and text end in `buf`.
    parts: Vec<[u32; 3]>,
    /// Links as written in the HTML, with the section they are in: the index follows
    /// links to documents with search words (`ook_gezocht_als`).
    pub links: Vec<(u16, String)>,
}

/// One section of a [`Text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section<'a> {
    /// The heading's anchor id; empty for the text before the first heading.
    pub anchor: &'a str,
    /// The heading's text.
    pub heading: &'a str,
    /// The text, whitespace collapsed to single spaces.
    pub text: &'a str,
}

/// A document may have thousands of headings; its sections stay numbered by `u16`.
const MAX_SECTIONS: usize = u16::MAX as usize - 2;

impl Text {
    /// The sections, in order.
    pub fn sections(&self) -> impl Iterator<Item = Section<'_>> {
        let mut start = 0usize;
        self.parts.iter().map(move |&[a, h, t]| {
            let (a, h, t) = (a as usize, h as usize, t as usize);
            let s = Section {
                anchor: &self.buf[start..a],
                heading: &self.buf[a..h],
                text: &self.buf[h..t],
            };
            start = t;
            s
        })
    }

    /// How many sections there are.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there is no section.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Adds a section; says whether there was room (see [`MAX_SECTIONS`]).
    pub fn push(&mut self, anchor: &str, heading: &str, texts: &[&str]) -> bool {
        if self.parts.len() >= MAX_SECTIONS {
            return false;
        }
        self.buf.push_str(anchor);
        let a = self.buf.len();
        self.buf.push_str(heading);
        let h = self.buf.len();
        for t in texts.iter().filter(|t| !t.is_empty()) {
            if self.buf.len() > h {
                self.buf.push(' ');
            }
            self.buf.push_str(t);
        }
        self.parts.push([a, h, self.buf.len()].map(|n| n as u32));
        true
    }

    /// The text of a document: the summary and the body, then each Markdown field under
    /// its label and anchor (`(label, anchor, text)`). The text before the body's first
    /// heading, with the summary, is the first section; it is left out when it is empty
    /// and other sections follow. A field's text before its first heading takes the
    /// field's label and anchor.
    pub fn compose(summary: &str, body: &Text, fields: &[(&str, String, &Text)]) -> Text {
        let mut out = Text::default();
        let parts = std::iter::once((None, body))
            .chain(fields.iter().map(|(l, a, t)| (Some((*l, a.as_str())), *t)))
            .collect::<Vec<_>>();
        let others = parts.iter().map(|(_, t)| t.len()).sum::<usize>() > 1;
        for (label, text) in parts {
            // Where each of this part's sections landed, for its links.
            let mut landed: Vec<Option<u16>> = Vec::with_capacity(text.len());
            for (n, s) in text.sections().enumerate() {
                let at = out.parts.len() as u16;
                let kept = match (n, label) {
                    (0, None) if summary.is_empty() && s.text.is_empty() && others => false,
                    (0, None) => out.push(s.anchor, s.heading, &[summary, s.text]),
                    (0, Some(_)) if s.text.is_empty() => false,
                    (0, Some((l, a))) => out.push(a, l, &[s.text]),
                    _ => out.push(s.anchor, s.heading, &[s.text]),
                };
                landed.push(kept.then_some(at));
            }
            for (s, href) in &text.links {
                // A link in a section left out counts for the next one kept.
                let to = landed[usize::from(*s)..].iter().find_map(|x| *x);
                if let Some(to) = to.or(out.parts.len().checked_sub(1).map(|n| n as u16)) {
                    out.links.push((to, href.clone()));
                }
            }
        }
        if out.is_empty() {
            out.push("", "", &[]);
        }
        out
    }
}

/// Gathers the [`Text`] of rendered Markdown from the events the HTML writer receives.
#[derive(Debug, Default)]
pub struct Collector {
    text: Text,
    anchor: String,
    heading: String,
    body: String,
    /// Inside a section heading: its text goes to `heading`.
    in_heading: bool,
    /// Words must be separated before the next text (a block or a break ended).
    space: bool,
    /// Inside an image: its description is an attribute, not text.
    image: usize,
}

impl Collector {
    /// Takes one event, as written to the HTML (heading ids and link targets final).
    pub fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) if self.image == 0 => self.push(t),
            Event::Text(_) | Event::Code(_) => {}
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3,
                id: Some(id),
                ..
            }) if self.text.len() + 2 < MAX_SECTIONS => {
                self.finish_section();
                self.anchor.push_str(id);
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.in_heading = false;
                self.space = true;
            }
            Event::Start(Tag::Image { .. }) => self.image += 1,
            Event::End(TagEnd::Image) => self.image = self.image.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let at = self.text.parts.len().min(MAX_SECTIONS) as u16;
                self.text.links.push((at, dest_url.to_string()));
            }
            // Inline elements join their text to the words around them.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link,
            ) => {}
            Event::InlineHtml(html) if is_inline_tag(html) => {}
            // Blocks, breaks, rules and raw HTML separate words. Raw HTML gives no text:
            // it may be the renderer's own (callout titles, table cells).
            _ => self.space = true,
        }
    }

    /// The text gathered.
    pub fn finish(mut self) -> Text {
        self.finish_section();
        self.text
    }

    /// Ends the open section. Past the last section number a heading starts none (see
    /// [`Collector::event`]), so there is always room.
    fn finish_section(&mut self) {
        self.text.push(&self.anchor, &self.heading, &[&self.body]);
        self.anchor.clear();
        self.heading.clear();
        self.body.clear();
        self.space = false;
    }

    /// Appends text with its whitespace collapsed.
    fn push(&mut self, text: &str) {
        let target = if self.in_heading {
            &mut self.heading
        } else {
            &mut self.body
        };
        for (n, piece) in text.split(char::is_whitespace).enumerate() {
            if n > 0 {
                self.space = true;
            }
            if piece.is_empty() {
                continue;
            }
            if self.space && !target.is_empty() {
                target.push(' ');
            }
            self.space = false;
            target.push_str(piece);
        }
    }
}

/// Whether a piece of inline HTML is an inline element's tag (`<abbr>`, `</b>`), whose
/// text joins the words around it.
fn is_inline_tag(html: &str) -> bool {
    let name = html
        .trim_start_matches('<')
        .trim_start_matches('/')
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "a" | "abbr"
            | "b"
            | "code"
            | "em"
            | "i"
            | "mark"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "del"
            | "ins"
            | "u"
            | "kbd"
            | "q"
            | "cite"
            | "dfn"
            | "time"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn text_of(markdown: &str) -> Text {
        let mut c = Collector::default();
        let mut with_ids = Vec::new();
        for e in Parser::new_ext(markdown, Options::ENABLE_HEADING_ATTRIBUTES) {
            with_ids.push(e);
        }
        for e in &with_ids {
            c.event(e);
        }
        c.finish()
    }

    fn triples(t: &Text) -> Vec<(String, String, String)> {
        t.sections()
            .map(|s| (s.anchor.into(), s.heading.into(), s.text.into()))
            .collect()
    }

    #[test]
    fn sections_split_at_headings_with_an_id() {
        let t = text_of(
            "Intro &amp; *meer*.\n\n## Kosten &lt;hoog&gt; <b>x</b> {#kosten}\n\nTekst  \ntwee ![beeld](x.png)\n\n### Zonder id\n\n#### Klein {#klein}\n\ndrie `code`",
        );
        assert_eq!(
            triples(&t),
            [
                ("".into(), "".into(), "Intro & meer.".into()),
                (
                    "kosten".into(),
                    "Kosten <hoog> x".into(),
                    "Tekst twee Zonder id Klein drie code".into()
                ),
            ]
        );
    }

    #[test]
    fn ordinary_dutch_is_kept_as_written() {
        let t = text_of("Samen inkopen in de V&V en „slimme zorg” werkt. 1 < 2 > 0 \"x\"");
        assert_eq!(
            t.sections().next().unwrap().text,
            "Samen inkopen in de V&V en „slimme zorg” werkt. 1 < 2 > 0 \"x\""
        );
    }

    #[test]
    fn composing_puts_the_summary_first_and_fields_under_their_label() {
        let body = text_of("[a](x.html) Body.\n\n## Deel {#deel}\n\n[b](y.html#z)");
        let field = text_of("Omdat [c](z.html).");
        let empty = text_of("");
        let t = Text::compose(
            "Samenvatting.",
            &body,
            &[
                ("Waarom", "veld-waarom".into(), &field),
                ("Leeg", "veld-leeg".into(), &empty),
            ],
        );
        assert_eq!(
            triples(&t),
            [
                ("".into(), "".into(), "Samenvatting. a Body.".into()),
                ("deel".into(), "Deel".into(), "b".into()),
                ("veld-waarom".into(), "Waarom".into(), "Omdat c.".into()),
            ]
        );
        assert_eq!(
            t.links,
            [
                (0, "x.html".into()),
                (1, "y.html#z".into()),
                (2, "z.html".into())
            ]
        );
        // A body that starts with a heading and no summary: no empty first section.
        let t = Text::compose("", &text_of("## A {#a}\n\nx"), &[]);
        assert_eq!(triples(&t), [("a".into(), "A".into(), "x".into())]);
        assert_eq!(Text::compose("", &empty, &[]).len(), 1);
    }
}
