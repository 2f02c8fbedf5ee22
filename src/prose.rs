//! The running text of a piece of Markdown, for the prose checks of `leidraad check`:
//! blocks (paragraphs, headings, list items, table cells, quotations) as plain text,
//! each piece traced back to its place in the file, quoted parts marked, split into
//! sentences and words.

use crate::config::FieldType;
use crate::document::{Doc, DocKind};
use crate::markdown::{Lines, options};
use crate::model::Site;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// One piece of Markdown of a document: its body or a Markdown field.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    /// The Markdown.
    pub markdown: &'a str,
    /// Its first line in the document's file.
    pub first_line: usize,
}

/// The Markdown a reader of this document's page reads: the body and Markdown fields.
pub fn texts<'a>(site: &Site, doc: &'a Doc) -> Vec<Text<'a>> {
    let mut out = vec![Text {
        markdown: &doc.body,
        first_line: doc.body_line,
    }];
    if let DocKind::Entry(k) = doc.kind {
        for (name, value) in &doc.fields {
            if site.config.kinds[k].fields[name].kind == FieldType::Markdown {
                out.push(Text {
                    markdown: value.as_str().unwrap_or_default(),
                    first_line: doc.positions.text_line(name).unwrap_or(1),
                });
            }
        }
    }
    out
}

/// The title a `[](@id)` link shows: a document's or a checklist's.
pub fn title_of(site: &Site, id: &str) -> Option<String> {
    match id.strip_prefix("checklist/") {
        Some(c) => site.content.checklist(c).map(|c| c.checklist.title.clone()),
        None => site.content.get(id).map(|d| d.title.clone()),
    }
}

/// What a block of text is; lists, tables and quotations are counted per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of running text.
    Paragraph,
    /// A heading.
    Heading,
    /// A list item or footnote.
    Item,
    /// A table cell.
    Cell,
    /// A paragraph inside `>`: quoted from elsewhere.
    Quote,
}

/// One block of running text.
#[derive(Debug, Clone)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The text as a reader sees it: no markup, empty links filled with their title.
    pub text: String,
    /// Where each piece of `text` starts in the Markdown: (position in `text`, byte
    /// offset in the Markdown), ascending.
    map: Vec<(usize, usize)>,
    /// Parts of `text` between quotation marks („…”, “…” or "…"), marks included.
    pub quoted: Vec<Range<usize>>,
}

impl Block {
    /// The byte offset in the Markdown of position `at` of `text`.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self
            .map
            .partition_point(|&(t, _)| t <= at)
            .saturating_sub(1);
        self.map.get(i).map_or(0, |&(t, s)| s + (at - t))
    }

    /// Whether the whole block, or position `at` in it, is a quotation.
    pub fn is_quoted(&self, at: usize) -> bool {
        self.kind == BlockKind::Quote || self.quoted.iter().any(|r| r.contains(&at))
    }

    /// The parts of `text` outside quotations, for checks that leave quotes alone.
    pub fn unquoted(&self) -> Vec<Range<usize>> {
        if self.kind == BlockKind::Quote {
            return Vec::new();
        }
        let mut parts = Vec::new();
        let mut from = 0;
        for q in &self.quoted {
            parts.push(from..q.start);
            from = q.end;
        }
        parts.push(from..self.text.len());
        parts.retain(|r| !r.is_empty());
        parts
    }
}

/// The running text of one piece of Markdown, block by block as the parser reaches
/// them (a long page is never held as blocks all at once). `title` gives the title of
/// an id, for links written `[](@id)`.
pub fn blocks<'m, 't>(
    markdown: &'m str,
    title: &'t dyn Fn(&str) -> Option<String>,
) -> Blocks<'m, 't> {
    Blocks {
        parser: Parser::new_ext(markdown, options()).into_offset_iter(),
        title,
        current: None,
        done: None,
        quote_depth: 0,
        item_depth: 0,
        skip: 0,
        pending_title: None,
        events: 0,
    }
}

/// The iterator of [`blocks`].
pub struct Blocks<'m, 't> {
    parser: pulldown_cmark::OffsetIter<'m, pulldown_cmark::DefaultBrokenLinkCallback>,
    title: &'t dyn Fn(&str) -> Option<String>,
    current: Option<Block>,
    /// A block just completed.
    done: Option<Block>,
    quote_depth: usize,
    item_depth: usize,
    /// Inside code, raw HTML or an image description: not running text.
    skip: usize,
    /// An `@id` link just opened: (event number, offset, the target's title).
    pending_title: Option<(usize, usize, String)>,
    events: usize,
}

impl Blocks<'_, '_> {
    fn flush(&mut self) {
        if let Some(mut b) = self.current.take()
            && !b.text.trim().is_empty()
        {
            b.quoted = quotations(&b.text);
            self.done = Some(b);
        }
    }

    fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.current = Some(Block {
            kind: if self.quote_depth > 0 {
                BlockKind::Quote
            } else {
                kind
            },
            text: String::new(),
            map: Vec::new(),
            quoted: Vec::new(),
        });
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        self.events += 1;
        match event {
            Event::Start(Tag::BlockQuote(None)) => {
                self.flush();
                self.quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(None)) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            // A callout (`> [!NOTE]`) is the author's own text, checked like any other.
            Event::Start(Tag::BlockQuote(Some(_))) | Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.flush()
            }
            Event::Start(Tag::Item | Tag::FootnoteDefinition(_)) => {
                self.item_depth += 1;
                self.start(BlockKind::Item);
            }
            Event::End(TagEnd::Item | TagEnd::FootnoteDefinition) => {
                self.flush();
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph) => {
                let kind = if self.item_depth > 0 {
                    BlockKind::Item
                } else {
                    BlockKind::Paragraph
                };
                self.start(kind);
            }
            Event::Start(Tag::Heading { .. }) => self.start(BlockKind::Heading),
            Event::Start(Tag::TableCell) => self.start(BlockKind::Cell),
            Event::Start(Tag::List(_))
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell) => {
                self.flush()
            }
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Image { .. }) => self.skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Image) => {
                self.skip = self.skip.saturating_sub(1)
            }
            Event::Start(Tag::Link { dest_url, .. }) if self.skip == 0 => {
                let id = dest_url
                    .strip_prefix('@')
                    .map(|d| d.split('#').next().unwrap_or(d));
                self.pending_title = id.and_then(self.title).map(|t| (self.events, offset, t));
            }
            Event::End(TagEnd::Link) => {
                // Nothing between start and end: the page shows the target's title.
                if let Some((at, link_offset, t)) = self.pending_title.take()
                    && at + 1 == self.events
                    && let Some(b) = self.current.as_mut()
                {
                    push(b, &t, link_offset);
                }
            }
            Event::Text(t) if self.skip == 0 => {
                if let Some(b) = self.current.as_mut() {
                    push(b, &t, offset);
                }
            }
            // Inline code and breaks separate words without adding any.
            Event::Code(_) | Event::SoftBreak | Event::HardBreak if self.skip == 0 => {
                if let Some(b) = self.current.as_mut() {
                    push(b, " ", offset);
                }
            }
            _ => {}
        }
    }
}

impl Iterator for Blocks<'_, '_> {
    type Item = Block;

    fn next(&mut self) -> Option<Block> {
        loop {
            if let Some(b) = self.done.take() {
                return Some(b);
            }
            match self.parser.next() {
                Some((event, range)) => self.event(event, range.start),
                None => {
                    self.flush();
                    return self.done.take();
                }
            }
        }
    }
}

fn push(b: &mut Block, text: &str, offset: usize) {
    // A piece that continues where the last one ended needs no entry of its own.
    let continues = b
        .map
        .last()
        .is_some_and(|&(t, s)| s + (b.text.len() - t) == offset);
    if !continues {
        b.map.push((b.text.len(), offset));
    }
    b.text.push_str(text);
}

/// Parts of a text between Dutch („…”), curly (“…”) or straight ("…") double quotes.
/// A quote that is never closed runs to the end of the text.
fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '„' | '“') => open = Some((i, '”')),
            (None, '"') => open = Some((i, '"')),
            (Some((from, close)), c) if c == close || (close == '”' && c == '“') => {
                // „…“ (German-style closing) also ends a quotation.
                out.push(from..i + c.len_utf8());
                open = None;
            }
            _ => {}
        }
    }
    if let Some((from, _)) = open {
        out.push(from..text.len());
    }
    out
}

/// The sentences of a block's text: a sentence ends at `.`, `!` or `?` (and any closing
/// quotes or brackets) followed by a space and a capital, a digit or an opening quote.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while let Some(i) = text[at..].find(['.', '!', '?']).map(|i| at + i) {
        at = i + 1;
        // Closing marks, then at least one space, then what starts the next sentence.
        let rest = &text[at..];
        let closing = rest
            .find(|c: char| !matches!(c, '.' | '!' | '?' | '”' | '"' | ')' | '’'))
            .unwrap_or(rest.len());
        let after = &rest[closing..];
        let next = after.trim_start();
        let starts = next.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '„' | '“' | '"' | '(' | '‘')
        });
        if next.len() < after.len() && starts {
            out.push(from..at + closing);
            from = text.len() - next.len();
            at = from;
        }
    }
    if from < text.len() && !text[from..].trim().is_empty() {
        out.push(from..text.len());
    }
    out
}

/// The words in `text[range]`: runs of letters and digits, joined by a hyphen or an
/// apostrophe between them ("V&V-sector" is two words, "zo'n" one).
pub fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let part = &text[range.clone()];
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = part.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let joins = matches!(c, '-' | '\'' | '’')
            && start.is_some()
            && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(range.start + s..range.start + i);
        }
    }
    if let Some(s) = start {
        out.push(range.start + s..range.end);
    }
    out
}

/// A word as compared between texts: lower case, one kind of apostrophe.
pub fn normal(word: &str) -> String {
    normal_chars(word).collect()
}

fn normal_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
}

/// If `word` starts with the normalised `prefix` (see [`normal`]), the rest of the word,
/// normalised; no allocation unless it matches.
pub fn strip_normal_prefix(word: &str, prefix: &str) -> Option<String> {
    let mut chars = normal_chars(word);
    for p in prefix.chars() {
        if chars.next() != Some(p) {
            return None;
        }
    }
    Some(chars.collect())
}

/// Line and column in the file of position `at` in a block of Markdown that starts at
/// `first_line`.
pub fn position(markdown: &str, first_line: usize, block: &Block, at: usize) -> (usize, usize) {
    Lines::new(markdown, first_line).pos(block.source_offset(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<(BlockKind, String)> {
        let title = |id: &str| (id == "x").then(|| "De titel van x".to_string());
        blocks(md, &title).map(|b| (b.kind, b.text)).collect()
    }

    #[test]
    fn blocks_are_paragraphs_items_cells_and_quotes() {
        let md = "# Kop\n\nEen *zin* met `code` en [](@x).\n\n- een\n- twee\n\n> Geciteerd.\n\n| a | b |\n| - | - |\n| c | d |\n\n```\nniet dit\n```\n";
        assert_eq!(
            texts(md),
            vec![
                (BlockKind::Heading, "Kop".into()),
                (
                    BlockKind::Paragraph,
                    "Een zin met   en De titel van x.".into()
                ),
                (BlockKind::Item, "een".into()),
                (BlockKind::Item, "twee".into()),
                (BlockKind::Quote, "Geciteerd.".into()),
                (BlockKind::Cell, "a".into()),
                (BlockKind::Cell, "b".into()),
                (BlockKind::Cell, "c".into()),
                (BlockKind::Cell, "d".into()),
            ]
        );
    }

    #[test]
    fn a_callout_is_running_text_and_a_quote_in_it_is_a_quote() {
        let md = "> [!WARNING]\n> Eigen tekst.\n>\n> > Geciteerd.\n\n> [!unknown]\n> Citaat.\n";
        assert_eq!(
            texts(md),
            vec![
                (BlockKind::Paragraph, "Eigen tekst.".into()),
                (BlockKind::Quote, "Geciteerd.".into()),
                (BlockKind::Quote, "[!unknown] Citaat.".into()),
            ]
        );
    }

    #[test]
    fn positions_point_into_the_file() {
        let md = "Eerste regel.\n\nTweede alinea met *nadruk* erin.\n";
        let b = &blocks(md, &|_| None).collect::<Vec<_>>()[1];
        let at = b.text.find("erin").unwrap();
        assert_eq!(position(md, 10, b, at), (12, 28));
    }

    #[test]
    fn quotations_are_marked() {
        let t = "Hij zei: „dit is zo” en \"dat\" en “ook dit”.";
        let q: Vec<&str> = quotations(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, ["„dit is zo”", "\"dat\"", "“ook dit”"]);
    }

    #[test]
    fn sentences_end_before_a_capital_or_digit() {
        let t = "Dit is één. Dit is twee! En drie? 15 organisaties deden mee. o.a. niet hier.";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            [
                "Dit is één.",
                "Dit is twee!",
                "En drie?",
                "15 organisaties deden mee. o.a. niet hier."
            ]
        );
    }

    #[test]
    fn words_keep_hyphens_and_apostrophes_inside() {
        let t = "De V&V-sector, zo'n 2-3 % — ‘klaar’.";
        let w: Vec<&str> = words(t, 0..t.len()).into_iter().map(|r| &t[r]).collect();
        assert_eq!(w, ["De", "V", "V-sector", "zo'n", "2-3", "klaar"]);
    }
}
