//! Markdown to HTML with pulldown-cmark, resolving the site's link syntax.
//!
//! `[text](@id)` and `[text](@id#anchor)` link to any page or entry by id; an empty text
//! takes the target's title. Relative links to other content files (`../knelpunten/x.md`)
//! are rewritten to the target's URL. Headings get `id`s for anchors.
//!
//! GitHub's alerts (`> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, `> [!WARNING]`,
//! `> [!CAUTION]`, any case) become callouts titled with the theme's labels. The first
//! use of each glossary abbreviation in a piece of running text becomes `<abbr>` linked
//! to its entry ([`crate::abbreviations`]).

use crate::FastSet;
use crate::abbreviations::Abbreviations;
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::{HashMap, VecDeque};
use std::path::{Component, Path, PathBuf};

mod spans;
pub use spans::{HtmlSpan, SpanKind};

/// What the renderer needs to know about the rest of the site.
pub trait Resolver {
    /// Output path (relative to the output root) and title of the document with this id.
    fn by_id(&self, id: &str) -> Option<(&str, &str)>;
    /// Id of the document at this path relative to `content/`.
    fn by_content_path(&self, path: &Path) -> Option<&str>;
    /// Ids close to a wrong one, for "did you mean".
    fn suggest(&self, id: &str) -> String;
    /// The current id of the document that lists `id` among its old ids (`aliassen`).
    fn renamed_to(&self, _id: &str) -> Option<&str> {
        None
    }
}

/// Where the Markdown comes from and where its HTML will live.
pub struct Source<'a> {
    /// Id of the document being rendered.
    pub doc_id: &'a str,
    /// Its path relative to `content/`.
    pub content_path: &'a Path,
    /// Relative prefix from the page to the output root (`../`).
    pub root: &'a str,
    /// 1-based line in the file where this Markdown starts.
    pub first_line: usize,
    /// Accessible name of the scrollable wrapper around tables (a theme string).
    pub table_label: &'a str,
    /// Titles of the callouts note, tip, important, warning and caution (theme strings;
    /// an empty one falls back to GitHub's English name).
    pub callout_labels: [&'a str; 5],
    /// The site's abbreviations, marked at their first use.
    pub abbreviations: &'a Abbreviations,
}

/// A link or image as written in Markdown and as it ends up in the HTML, so a broken
/// URL found in the output can be traced back to its line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkRef {
    /// The URL in the HTML (`href` or `src`).
    pub url: String,
    /// The destination as the author wrote it.
    pub written: String,
    /// 1-based line and column of the link in the file.
    pub pos: (usize, usize),
}

/// A link problem found while rendering.
#[derive(Debug, Clone)]
pub struct LinkProblem {
    /// 1-based line and column in the file.
    pub pos: (usize, usize),
    /// What is wrong.
    pub message: String,
}

/// HTML of one piece of Markdown plus what the checker needs.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Heading ids, in order, with the heading text (level 2 and 3 only for the text).
    pub headings: Vec<Heading>,
    /// Every link and image with its URL in the HTML; checked once all output exists.
    pub links: Vec<LinkRef>,
    /// Ids this Markdown looked up (`@id` links and `.md` links), found or not.
    pub reads: Vec<String>,
    /// Unresolvable links.
    pub problems: Vec<LinkProblem>,
    /// Images without alternative text, by position.
    pub images_without_alt: Vec<(usize, usize)>,
    /// Where in `html` each URL, id and heading tag was written, in order (the whole
    /// guide rewrites them there).
    pub spans: Vec<HtmlSpan>,
    /// The plain text by section, for the search index (from the events written).
    pub text: crate::search::text::Text,
}

/// One heading of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    /// 2 to 6 for `##` to `######`, 1 for `#`.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        // Only adds the alert tags of block quotes (`> [!NOTE]`) in pulldown-cmark 0.13.
        | Options::ENABLE_GFM
}

pub use crate::files::slugify;

/// Normalises `a/b/../c` without touching the file system; `None` if it leaves the root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn is_external(dest: &str) -> bool {
    dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
}

/// Renders Markdown to HTML, resolving links through `resolver`.
pub fn render(markdown: &str, src: &Source<'_>, resolver: &dyn Resolver) -> Rendered {
    let mut w = Rewriter {
        src,
        resolver,
        lines: Lines::new(markdown, src.first_line),
        out: Rendered::default(),
        events: VecDeque::new(),
        passed: 0,
        used_ids: HashMap::new(),
        open_heading: None,
        heading_text: String::new(),
        pending_title: None,
        image_alt: None,
        table: None,
        text: Vec::new(),
        link_dest: None,
        code_block: false,
        inline_html: 0,
        abbreviated: FastSet::default(),
        raw_at: VecDeque::new(),
        recorder: spans::Recorder::default(),
        written: std::rc::Rc::default(),
    };
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let sink = spans::Counted {
        out: &mut html,
        written: std::rc::Rc::clone(&w.written),
    };
    let mut parser = Parser::new_ext(markdown, options()).into_offset_iter();
    // Events stream through the rewriter into the HTML writer; only a heading or a link
    // whose text may still change is held back, so memory does not grow with the page.
    let stream = std::iter::from_fn(|| {
        loop {
            if !w.holds()
                && let Some(e) = w.events.pop_front()
            {
                return Some(w.pass(e));
            }
            match parser.next() {
                Some((event, range)) => w.event(event, range.start),
                None => {
                    w.flush_text();
                    let e = w.events.pop_front().map(|e| w.pass(e));
                    if e.is_none() {
                        w.recorder.close(w.written.get());
                    }
                    return e;
                }
            }
        }
    });
    // The search index reads the same events the HTML is written from. Writing to a
    // String cannot fail.
    let mut text = crate::search::text::Collector::default();
    let _ = pulldown_cmark::html::write_html_fmt(sink, stream.inspect(|e| text.event(e)));
    let Rewriter {
        mut out,
        recorder,
        lines,
        ..
    } = w;
    out.spans = recorder.finish(&html, &|at| lines.pos(at), &mut out.links);
    out.html = html;
    out.text = text.finish();
    out
}

/// Line and column of byte offsets in a piece of Markdown, as lines of its file.
pub(crate) struct Lines<'m> {
    text: &'m str,
    starts: Vec<usize>,
    first_line: usize,
    /// The last answer (offset, column): offsets mostly grow within a line, and counting
    /// on from there keeps a very long line linear instead of quadratic.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'m> Lines<'m> {
    pub(crate) fn new(text: &'m str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            first_line,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    pub(crate) fn pos(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let (last_offset, last_col) = self.last.get();
        let col = if last_offset >= start && last_offset <= offset {
            last_col + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, col));
        (self.first_line + line, col)
    }
}

/// The pass over pulldown-cmark's events that gives headings their ids, resolves links
/// and images, fills empty link texts, and wraps tables.
struct Rewriter<'a, 'm> {
    src: &'a Source<'a>,
    resolver: &'a dyn Resolver,
    lines: Lines<'m>,
    out: Rendered,
    /// Rewritten events not yet written.
    events: VecDeque<Event<'m>>,
    /// Events already written: positions below count all events ever made.
    passed: usize,
    used_ids: HashMap<String, usize>,
    /// Position of the open heading, and its text so far.
    open_heading: Option<usize>,
    heading_text: String,
    /// A link whose text may turn out empty: where its text would go, and the title.
    pending_title: Option<(usize, String)>,
    /// The alt text of the open image so far, and where the image starts.
    image_alt: Option<(String, (usize, usize))>,
    /// The open table: column alignments, whether in the head row, the next column.
    table: Option<(Vec<Alignment>, bool, usize)>,
    /// Adjacent text not yet passed on: the parser splits text at `&`, `[`, `*` and
    /// more, and an abbreviation (`V&V`) must be found across those pieces.
    text: Vec<CowStr<'m>>,
    /// The URL of the open link.
    link_dest: Option<String>,
    /// Inside a fenced or indented code block.
    code_block: bool,
    /// Open elements of inline HTML in the current block.
    inline_html: usize,
    /// Abbreviations already marked here (or already linked to their entry by hand).
    abbreviated: FastSet<&'a str>,
    /// HTML written by the author: (position of its event, offset in the Markdown).
    raw_at: VecDeque<(usize, usize)>,
    /// Where the values of the HTML go, for [`Rendered::spans`].
    recorder: spans::Recorder,
    /// How many bytes of HTML are written so far.
    written: std::rc::Rc<std::cell::Cell<usize>>,
}

impl<'a, 'm> Rewriter<'a, 'm> {
    /// Whether events must wait: a heading gets its id, and an empty link its text, only
    /// when it ends.
    fn holds(&self) -> bool {
        self.open_heading.is_some() || self.pending_title.is_some()
    }

    /// The position the next event will have.
    fn next_position(&self) -> usize {
        self.passed + self.events.len()
    }

    /// Passes `event` on to the HTML writer, noting where its HTML starts.
    fn pass(&mut self, event: Event<'m>) -> Event<'m> {
        let at = self.passed;
        self.passed += 1;
        while self.raw_at.front().is_some_and(|r| r.0 < at) {
            self.raw_at.pop_front();
        }
        let raw = match self.raw_at.front() {
            Some(&(p, offset)) if p == at => {
                self.raw_at.pop_front();
                Some(offset)
            }
            _ => None,
        };
        self.recorder.see(&event, self.written.get(), raw);
        event
    }

    fn event(&mut self, event: Event<'m>, offset: usize) {
        if let Event::Text(t) = event {
            if self.open_heading.is_some() {
                self.heading_text.push_str(&t);
            }
            if let Some((alt, _)) = self.image_alt.as_mut() {
                alt.push_str(&t);
            }
            self.pending_title = None;
            self.text.push(t);
            return;
        }
        self.flush_text();
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            self.raw_at.push_back((self.next_position(), offset));
        }
        match &event {
            Event::Start(Tag::CodeBlock(_)) => self.code_block = true,
            Event::End(TagEnd::CodeBlock) => self.code_block = false,
            Event::InlineHtml(html) => self.inline_html = html_depth(self.inline_html, html),
            // Inline HTML left open does not reach past its block.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::FootnoteDefinition,
            ) => self.inline_html = 0,
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.open_heading = Some(self.next_position());
                self.heading_text.clear();
                self.events.push_back(event);
            }
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Code(ref t) => {
                if self.open_heading.is_some() {
                    self.heading_text.push_str(t);
                }
                if let Some((alt, _)) = self.image_alt.as_mut() {
                    alt.push_str(t);
                }
                self.pending_title = None;
                self.events.push_back(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = self.lines.pos(offset);
                let (dest, target_title) =
                    resolve_link(&dest_url, pos, self.src, self.resolver, &mut self.out);
                self.link_dest = Some(dest.clone());
                self.events.push_back(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
                self.pending_title = target_title.map(|t| (self.next_position(), t));
            }
            Event::End(TagEnd::Link) => {
                // Nothing came between start and end: the link text is the target's title,
                // passed on as link text written by hand would be.
                if let Some((at, title)) = self.pending_title.take()
                    && at == self.next_position()
                {
                    self.text.push(CowStr::from(title));
                    self.flush_text();
                }
                self.link_dest = None;
                self.events.push_back(event);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = self.lines.pos(offset);
                self.image_alt = Some((String::new(), pos));
                let dest = resolve_link(&dest_url, pos, self.src, self.resolver, &mut self.out).0;
                self.events.push_back(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, pos)) = self.image_alt.take()
                    && alt.trim().is_empty()
                {
                    self.out.images_without_alt.push(pos);
                }
                self.events.push_back(event);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.events.push_back(Event::Html(CowStr::from(callout_open(
                    kind,
                    &self.src.callout_labels,
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.events.push_back(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Table(align)) => {
                // A focusable, labelled wrapper lets keyboard users scroll wide tables.
                self.events
                    .push_back(Event::Html(CowStr::from(table_open(self.src.table_label))));
                self.events.push_back(Event::Start(Tag::Table(Vec::new())));
                self.table = Some((align, false, 0));
            }
            Event::End(TagEnd::Table) => {
                self.table = None;
                self.events.push_back(event);
                self.events.push_back(Event::Html(CowStr::from("</div>")));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = self.table.as_mut() {
                    t.1 |= matches!(event, Event::Start(Tag::TableHead));
                    t.2 = 0;
                }
                self.events.push_back(event);
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = self.table.as_mut() {
                    t.1 = false;
                }
                self.events.push_back(event);
            }
            // Cells are written here, with a class for their alignment: the style
            // attribute pulldown-cmark would write is blocked by the pages' policy.
            Event::Start(Tag::TableCell) => {
                let (tag, class) = match self.table.as_mut() {
                    Some((align, head, col)) => {
                        let class = match align.get(*col) {
                            Some(Alignment::Left) => " class=\"align-left\"",
                            Some(Alignment::Center) => " class=\"align-center\"",
                            Some(Alignment::Right) => " class=\"align-right\"",
                            _ => "",
                        };
                        *col += 1;
                        (if *head { "th" } else { "td" }, class)
                    }
                    None => ("td", ""),
                };
                self.events
                    .push_back(Event::Html(CowStr::from(format!("<{tag}{class}>"))));
            }
            Event::End(TagEnd::TableCell) => {
                let head = self.table.as_ref().is_some_and(|t| t.1);
                let close = if head { "</th>" } else { "</td>" };
                self.events.push_back(Event::Html(CowStr::from(close)));
            }
            other => {
                self.pending_title = None;
                self.events.push_back(other);
            }
        }
    }

    /// Passes on the text gathered so far, with the first use of each abbreviation
    /// marked. Headings, link texts, image descriptions, code and inline HTML are not
    /// running text and stay as they are.
    fn flush_text(&mut self) {
        let text = match self.text.len() {
            0 => return,
            1 => match self.text.pop() {
                Some(t) => t,
                None => return,
            },
            _ => {
                let joined: String = self.text.iter().map(|t| t.as_ref()).collect();
                self.text.clear();
                CowStr::from(joined)
            }
        };
        let table: &'a Abbreviations = self.src.abbreviations;
        if table.is_empty()
            || self.open_heading.is_some()
            || self.image_alt.is_some()
            || self.code_block
            || self.inline_html > 0
        {
            self.events.push_back(Event::Text(text));
            return;
        }
        if let Some(dest) = &self.link_dest {
            // A link to the entry already explains the abbreviation: no second link.
            for (_, a) in table.find(&text) {
                let entry = href(self.src.root, &a.path, None);
                if dest == &entry || dest.starts_with(&format!("{entry}#")) {
                    self.abbreviated.insert(a.text.as_str());
                }
            }
            self.events.push_back(Event::Text(text));
            return;
        }
        let mut from = 0;
        for (at, a) in table.find(&text) {
            if a.content_path == self.src.content_path || !self.abbreviated.insert(a.text.as_str())
            {
                continue;
            }
            note_read(&mut self.out, &a.id);
            if at > from {
                self.events
                    .push_back(Event::Text(CowStr::from(text[from..at].to_string())));
            }
            self.events.push_back(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(href(self.src.root, &a.path, None)),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            self.events
                .push_back(Event::InlineHtml(CowStr::from(format!(
                    "<abbr title=\"{}\">",
                    escape(&a.expansion)
                ))));
            self.events
                .push_back(Event::Text(CowStr::from(a.text.as_str().to_string())));
            self.events
                .push_back(Event::InlineHtml(CowStr::from("</abbr>")));
            self.events.push_back(Event::End(TagEnd::Link));
            from = at + a.text.len();
        }
        match from {
            0 => self.events.push_back(Event::Text(text)),
            f if f < text.len() => self
                .events
                .push_back(Event::Text(CowStr::from(text[f..].to_string()))),
            _ => {}
        }
    }

    /// Gives the heading that ends here a unique id (its own `{#id}` or its text's slug).
    fn heading_end(&mut self, level: HeadingLevel) {
        if let Some(start) = self.open_heading.take()
            && let Some(Event::Start(Tag::Heading { id, .. })) =
                self.events.get_mut(start - self.passed)
        {
            let base = match id {
                Some(explicit) => explicit.to_string(),
                None => slugify(&self.heading_text),
            };
            let n = self.used_ids.entry(base.clone()).or_insert(0);
            let unique = if *n == 0 { base } else { format!("{base}-{n}") };
            *n += 1;
            *id = Some(CowStr::from(unique.clone()));
            self.out.headings.push(Heading {
                level: heading_level(level),
                id: unique,
                text: self.heading_text.trim().to_string(),
            });
        }
        self.events.push_back(Event::End(TagEnd::Heading(level)));
    }
}

/// Text made safe for HTML text and attribute values.
fn escape(text: &str) -> String {
    let mut escaped = Vec::with_capacity(text.len());
    let _ = tera::escape_html(text, &mut escaped);
    String::from_utf8_lossy(&escaped).into_owned()
}

/// The opening tag of the scrollable wrapper around a table, with an escaped label.
fn table_open(label: &str) -> String {
    format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        escape(label)
    )
}

/// The start of a callout: a `div` with role `note` and a visible title. Not an
/// `aside`: that is a complementary landmark, meant for page regions one jumps to, and
/// several in one page without distinct names fail axe's landmark rules. The title is
/// plain text read first, so screen readers say "Waarschuwing" before the content
/// without an `aria-label` that would have it said twice; and it is no heading, so it
/// stays out of the page's outline and table of contents.
fn callout_open(kind: BlockQuoteKind, labels: &[&str; 5]) -> String {
    let (i, class, fallback) = match kind {
        BlockQuoteKind::Note => (0, "note", "Note"),
        BlockQuoteKind::Tip => (1, "tip", "Tip"),
        BlockQuoteKind::Important => (2, "important", "Important"),
        BlockQuoteKind::Warning => (3, "warning", "Warning"),
        BlockQuoteKind::Caution => (4, "caution", "Caution"),
    };
    let label = match labels[i].trim() {
        "" => fallback,
        l => l,
    };
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{}</p>\n",
        escape(label)
    )
}

/// Open elements of inline HTML after one more tag: `<b>` opens, `</b>` closes, void
/// elements (`<br>`), self-closing tags and comments change nothing.
fn html_depth(depth: usize, html: &str) -> usize {
    const VOID: [&str; 13] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let tag = html.trim();
    if tag.starts_with("</") {
        return depth.saturating_sub(1);
    }
    let Some(rest) = tag.strip_prefix('<') else {
        return depth;
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || tag.ends_with("/>") || VOID.contains(&name.as_str()) {
        depth
    } else {
        depth + 1
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Rewrites one link destination. Returns the new destination and, for `@id` links,
/// the target's title (used when the link text is empty).
fn resolve_link(
    dest: &str,
    pos: (usize, usize),
    src: &Source<'_>,
    resolver: &dyn Resolver,
    out: &mut Rendered,
) -> (String, Option<String>) {
    let (url, title) = rewrite(dest, pos, src, resolver, out);
    out.links.push(LinkRef {
        url: url.clone(),
        written: dest.to_string(),
        pos,
    });
    (url, title)
}

fn rewrite(
    dest: &str,
    pos: (usize, usize),
    src: &Source<'_>,
    resolver: &dyn Resolver,
    out: &mut Rendered,
) -> (String, Option<String>) {
    if let Some(rest) = dest.strip_prefix('@') {
        let (id, anchor) = split_anchor(rest);
        note_read(out, id);
        return match resolver.by_id(id) {
            // A file with its own error: its message says what to fix.
            Some(("", title)) => (String::from("#"), Some(title.to_string())),
            Some((path, title)) => (href(src.root, path, anchor), Some(title.to_string())),
            None => {
                out.problems.push(LinkProblem {
                    pos,
                    message: unknown_id_message(id, resolver),
                });
                (String::from("#"), None)
            }
        };
    }
    if let Some(scheme) = script_scheme(dest) {
        out.problems.push(LinkProblem {
            pos,
            message: format!(
                "link to a `{scheme}:` address: such links run code or hide content; link to a page or a web address instead"
            ),
        });
        return (String::from("#"), None);
    }
    let (file, anchor) = split_anchor(dest);
    if is_external(dest) || !file.ends_with(".md") {
        return (dest.to_string(), None);
    }
    let base = src.content_path.parent().unwrap_or(Path::new(""));
    let joined = normalize(&base.join(file));
    let found = joined.as_deref().and_then(|p| resolver.by_content_path(p));
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    note_read(out, found.unwrap_or(&stem));
    match found.and_then(|id| resolver.by_id(id)) {
        Some((path, _)) => (href(src.root, path, anchor), None),
        None => {
            let shown = joined.as_deref().map_or_else(
                || file.to_string(),
                |p| format!("content/{}", p.to_string_lossy().replace('\\', "/")),
            );
            let near = resolver.suggest(&stem);
            let advice = if near.is_empty() {
                "; check the file name, or link to the page by its id: `@id`".to_string()
            } else {
                format!("{near} (link to it as `@id`, or with its file name)")
            };
            out.problems.push(LinkProblem {
                pos,
                message: format!("link to `{file}`: there is no file {shown}{advice}"),
            });
            (String::from("#"), None)
        }
    }
}

/// "link to unknown id": with the new id when `id` is an old one, and the checklist
/// when `id` is a checklist's id written without `checklist/`.
fn unknown_id_message(id: &str, resolver: &dyn Resolver) -> String {
    if let Some(new) = resolver.renamed_to(id) {
        return format!(
            "link to `@{id}`, the old id of `{new}` (see its `aliassen`): write `@{new}`"
        );
    }
    let checklist = format!("checklist/{id}");
    if resolver.by_id(&checklist).is_some() {
        return format!(
            "link to unknown id `{id}`; did you mean `@{checklist}`? (a checklist is linked as `@checklist/<file name>`)"
        );
    }
    match resolver.suggest(id) {
        near if near.is_empty() => format!(
            "link to unknown id `{id}`: no page or entry has this id (the file name without .md); correct it or remove the link"
        ),
        near => format!("link to unknown id `{id}`{near}"),
    }
}

/// A mistake in Markdown that renders without an error but not as the author meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// 1-based line and column in the file.
    pub pos: (usize, usize),
    /// Stable code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

/// Finds what would print as written or change silently: a link or image whose address
/// has a space (printed as `![…](…)`), a footnote without its text (printed as `[^1]`),
/// and a heading `{#id}` already used above (renamed to `id-1`, so links to `#id` land
/// on the other heading). `first_line` is the line of the file the Markdown starts on.
pub fn lint(markdown: &str, first_line: usize) -> Vec<Lint> {
    let lines = Lines::new(markdown, first_line);
    let mut out = heading_lints(markdown, &lines);
    for run in text_runs(markdown) {
        out.extend(text_lints(&markdown[run.clone()], run.start, &lines));
    }
    out.sort_by_key(|l| l.pos);
    out
}

/// The stretches of plain text a reader sees (outside code), as byte ranges: adjacent
/// pieces of text joined, since the parser splits text at `[`, `&` and more.
pub(crate) fn text_runs(markdown: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut code_block = false;
    let mut joined = false;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Text(_) if !code_block => {
                match runs.last_mut() {
                    Some(last) if joined && range.start <= last.end => {
                        last.end = last.end.max(range.end);
                    }
                    _ => runs.push(range),
                }
                joined = true;
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = true,
            Event::End(TagEnd::CodeBlock) => code_block = false,
            _ => {}
        }
        joined = false;
    }
    runs
}

/// Headings whose own `{#id}` a heading above already has: the renderer numbers them
/// the same way ([`Rewriter::heading_end`]).
fn heading_lints(markdown: &str, lines: &Lines<'_>) -> Vec<Lint> {
    let mut out = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    // The open heading: its start, its own `{#id}`, and its text so far.
    let mut heading: Option<(usize, Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, t)) = heading.as_mut() {
                    t.push_str(&text);
                }
            }
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((range.start, id.map(|i| i.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((start, own, text)) = heading.take() else {
                    continue;
                };
                let base = own.clone().unwrap_or_else(|| slugify(&text));
                let n = used.entry(base).or_insert(0);
                if let (Some(own), true) = (own, *n > 0) {
                    out.push(Lint {
                        pos: lines.pos(start),
                        code: "duplicate-anchor",
                        message: format!(
                            "a heading above already has the id `{own}`, so this one gets `{own}-{n}` and links to `#{own}` go to the other"
                        ),
                        hint: format!("give this heading an id of its own, like `{{#{own}-2}}`"),
                    });
                }
                *n += 1;
            }
            _ => {}
        }
    }
    out
}

/// [`lint`] on one stretch of plain text (`text` starts at byte `offset`): link syntax
/// the parser did not take as a link, and footnote references without a note.
fn text_lints(text: &str, offset: usize, lines: &Lines<'_>) -> Vec<Lint> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(found) = text[i..].find('[') {
        let open = i + found;
        i = open + 1;
        if open > 0 && bytes[open - 1] == b'\\' {
            continue;
        }
        let Some(close) = text[open..].find(']').map(|c| open + c) else {
            break;
        };
        let label = &text[open + 1..close];
        if let Some(note) = label.strip_prefix('^') {
            if !note.is_empty() && !note.contains(char::is_whitespace) {
                out.push(Lint {
                    pos: lines.pos(offset + open),
                    code: "footnote-missing",
                    message: format!(
                        "the footnote `[^{note}]` has no text, so the page shows `[^{note}]` as it is"
                    ),
                    hint: format!(
                        "add the note on a line of its own below the paragraph: `[^{note}]: the text of the note`"
                    ),
                });
            }
            i = close + 1;
            continue;
        }
        let Some(dest) = text[close + 1..].strip_prefix('(') else {
            continue;
        };
        let Some(end) = dest.find(')') else {
            continue;
        };
        let url = &dest[..end];
        if !url.trim().contains(char::is_whitespace) {
            continue;
        }
        let image = open > 0 && bytes[open - 1] == b'!';
        let start = if image { open - 1 } else { open };
        let (what, bang) = if image { ("image", "!") } else { ("link", "") };
        let url = url.trim();
        out.push(Lint {
            pos: lines.pos(offset + start),
            code: "space-in-link",
            message: format!(
                "the address `{url}` of this {what} has a space, which ends an address in Markdown: the page shows `{bang}[{label}](…)` as text{}",
                if image { " instead of the image" } else { "" }
            ),
            hint: format!(
                "write the address between angle brackets, `{bang}[{label}](<{url}>)`, or write each space as `%20`; or rename the file without spaces"
            ),
        });
        i = close + 2 + end;
    }
    out
}

/// The scheme of a destination that would run code (`javascript:`, `vbscript:`) or
/// smuggle content in (`data:` other than images), if it is one.
fn script_scheme(dest: &str) -> Option<String> {
    let scheme: String = dest
        .chars()
        .take_while(|c| *c != ':')
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if !dest.contains(':') {
        return None;
    }
    match scheme.as_str() {
        "javascript" | "vbscript" => Some(scheme),
        "data"
            if !dest
                .get(5..)
                .is_some_and(|r| r.trim_start().starts_with("image/")) =>
        {
            Some(scheme)
        }
        _ => None,
    }
}

fn note_read(out: &mut Rendered, id: &str) {
    if !out.reads.iter().any(|l| l == id) {
        out.reads.push(id.to_string());
    }
}

fn split_anchor(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

fn href(root: &str, path: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("{root}{path}#{a}"),
        None => format!("{root}{path}"),
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;

    pub(super) struct Fake;
    impl Resolver for Fake {
        fn by_id(&self, id: &str) -> Option<(&str, &str)> {
            match id {
                "smalle-markt" => Some(("knelpunten/smalle-markt.html", "Smalle markt")),
                "vvt" => Some(("begrippen/vvt.html", "VVT")),
                _ => None,
            }
        }
        fn by_content_path(&self, path: &Path) -> Option<&str> {
            (path == Path::new("knelpunten/smalle-markt.md")).then_some("smalle-markt")
        }
        fn suggest(&self, id: &str) -> String {
            crate::diagnostic::did_you_mean(id, ["smalle-markt"])
        }
    }

    pub(super) fn src<'a>() -> Source<'a> {
        Source {
            doc_id: "x",
            content_path: Path::new("voordelen/x.md"),
            root: "../",
            first_line: 5,
            table_label: "Tabel",
            callout_labels: LABELS,
            abbreviations: &NONE,
        }
    }

    pub(super) const LABELS: [&str; 5] =
        ["Opmerking", "Tip", "Belangrijk", "Waarschuwing", "Let op"];
    static NONE: std::sync::LazyLock<Abbreviations> =
        std::sync::LazyLock::new(Abbreviations::default);

    /// The HTML of `md` with the labels above and no abbreviations.
    pub(super) fn render_plain(md: &str) -> String {
        render(md, &src(), &Fake).html
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::*;
    use super::*;

    #[test]
    fn slugs_drop_accents_and_punctuation() {
        assert_eq!(slugify("Wat is het probleem?"), "wat-is-het-probleem");
        assert_eq!(
            slugify("Financiële prikkels & één"),
            "financiele-prikkels-een"
        );
        assert_eq!(slugify("??"), "sectie");
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style_attribute() {
        let r = render("| a | b | c |\n|:-|:-:|--|\n| 1 | 2 | 3 |\n", &src(), &Fake);
        for part in [
            r#"<th class="align-left">a</th><th class="align-center">b</th><th>c</th>"#,
            r#"<td class="align-left">1</td><td class="align-center">2</td><td>3</td>"#,
        ] {
            assert!(r.html.contains(part), "{}", r.html);
        }
        assert!(!r.html.contains("style="), "{}", r.html);
    }

    #[test]
    fn resolves_id_links_and_fills_empty_text() {
        let r = render(
            "Zie [](@smalle-markt) en [dit](@smalle-markt#kern).",
            &src(),
            &Fake,
        );
        assert!(
            r.html
                .contains(r#"<a href="../knelpunten/smalle-markt.html">Smalle markt</a>"#),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"href="../knelpunten/smalle-markt.html#kern">dit</a>"#)
        );
        assert_eq!(r.reads, ["smalle-markt"]);
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[1].url, "../knelpunten/smalle-markt.html#kern");
        assert!(r.problems.is_empty());
    }

    #[test]
    fn resolves_relative_md_links() {
        let r = render("[m](../knelpunten/smalle-markt.md)", &src(), &Fake);
        assert!(
            r.html.contains(r#"href="../knelpunten/smalle-markt.html""#),
            "{}",
            r.html
        );
    }

    #[test]
    fn reports_unknown_ids_with_position_and_suggestion() {
        let r = render("tekst\n\n[m](@smalle-mrkt)", &src(), &Fake);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].pos, (7, 1));
        assert!(
            r.problems[0]
                .message
                .contains("did you mean `smalle-markt`")
        );
        let r = render("[m](../knelpunten/nope.md)", &src(), &Fake);
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render(
            "## Kosten\n\n## Kosten\n\n## Eigen {#eigen}\n",
            &src(),
            &Fake,
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["kosten", "kosten-1", "eigen"]);
        assert!(r.html.contains(r#"<h2 id="kosten-1">"#));
    }

    #[test]
    fn renders_tables_footnotes_and_tasks() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nTekst[^1]\n\n[^1]: Voetnoot\n\n- [x] klaar\n",
            &src(),
            &Fake,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains("checkbox"));
    }
}

#[cfg(test)]
mod feature_tests {
    use super::tests_support::*;
    use super::*;
    use crate::abbreviations::Abbreviation;

    #[test]
    fn each_callout_kind_gets_its_label() {
        for (tag, class, label) in [
            ("NOTE", "note", "Opmerking"),
            ("TIP", "tip", "Tip"),
            ("IMPORTANT", "important", "Belangrijk"),
            ("WARNING", "warning", "Waarschuwing"),
            ("CAUTION", "caution", "Let op"),
        ] {
            let html = render_plain(&format!("> [!{tag}]\n> Eerst *dit*.\n"));
            assert_eq!(
                html,
                format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n<p>Eerst <em>dit</em>.</p>\n</div>\n"
                )
            );
        }
    }

    #[test]
    fn callout_tags_are_case_insensitive() {
        let html = render_plain("> [!note]\n> Klein geschreven.\n");
        assert!(html.starts_with("<div class=\"callout callout-note\" role=\"note\">"));
        assert!(!html.contains("[!note]"), "{html}");
    }

    #[test]
    fn plain_and_unknown_quotes_stay_quotes() {
        assert_eq!(
            render_plain("> Geciteerd.\n"),
            "<blockquote>\n<p>Geciteerd.</p>\n</blockquote>\n"
        );
        assert_eq!(
            render_plain("> [!UNKNOWN]\n> Tekst.\n"),
            "<blockquote>\n<p>[!UNKNOWN]\nTekst.</p>\n</blockquote>\n"
        );
        // GitHub wants the tag alone on its line.
        assert!(render_plain("> [!NOTE] Tekst.\n").starts_with("<blockquote>"));
    }

    #[test]
    fn callout_labels_are_escaped_and_have_a_fallback() {
        let mut labels = LABELS;
        labels[3] = "<b>\"Let\" & op</b>";
        labels[0] = " ";
        let src = Source {
            callout_labels: labels,
            ..src()
        };
        let html = render("> [!WARNING]\n> x\n\n> [!NOTE]\n> y\n", &src, &Fake).html;
        assert!(
            html.contains(
                "<p class=\"callout-title\">&lt;b&gt;&quot;Let&quot; &amp; op&lt;/b&gt;</p>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"callout-title\">Note</p>"),
            "{html}"
        );
    }

    fn table() -> Abbreviations {
        let a = |text: &str, id: &str, expansion: &str| Abbreviation {
            text: text.into(),
            expansion: expansion.into(),
            id: id.into(),
            path: format!("begrippen/{id}.html"),
            content_path: format!("begrippen/{id}.md").into(),
        };
        Abbreviations::from_list([
            a("VVT", "vvt", "Verpleging, verzorging en thuiszorg"),
            a("V&V", "vv", "Verpleging en verzorging"),
            a("ZN", "zn", "Zorg \"thuis\" <b> & meer"),
        ])
    }

    fn abbreviated(md: &str, content_path: &str) -> Rendered {
        let table = table();
        let src = Source {
            abbreviations: &table,
            content_path: Path::new(content_path),
            ..src()
        };
        render(md, &src, &Fake)
    }

    const VVT: &str = r#"<a href="../begrippen/vvt.html"><abbr title="Verpleging, verzorging en thuiszorg">VVT</abbr></a>"#;

    #[test]
    fn the_first_use_of_an_abbreviation_is_marked_and_linked() {
        let r = abbreviated("De VVT en de VVT.\n\nOok VVT.\n", "voordelen/x.md");
        assert_eq!(
            r.html,
            format!("<p>De {VVT} en de VVT.</p>\n<p>Ook VVT.</p>\n")
        );
        assert_eq!(r.reads, ["vvt"]);
    }

    #[test]
    fn headings_links_code_alt_text_and_inline_html_are_left_alone() {
        let md = "## De VVT\n\n[de VVT](https://example.org/) `VVT` ![VVT](a.png) <span>VVT</span> <i>x</i> VVT\n\n```\nVVT\n```\n";
        let html = abbreviated(md, "voordelen/x.md").html;
        assert_eq!(
            html,
            format!(
                "<h2 id=\"de-vvt\">De VVT</h2>\n<p><a href=\"https://example.org/\">de VVT</a> <code>VVT</code> <img src=\"a.png\" alt=\"VVT\" /> <span>VVT</span> <i>x</i> {VVT}</p>\n<pre><code>VVT\n</code></pre>\n"
            )
        );
    }

    #[test]
    fn a_link_to_the_entry_counts_as_its_first_use() {
        let html = abbreviated("[de VVT](@vvt) en de VVT.", "voordelen/x.md").html;
        assert_eq!(
            html,
            "<p><a href=\"../begrippen/vvt.html\">de VVT</a> en de VVT.</p>\n"
        );
        let html = abbreviated("[](@vvt) en de VVT.", "voordelen/x.md").html;
        assert_eq!(
            html,
            "<p><a href=\"../begrippen/vvt.html\">VVT</a> en de VVT.</p>\n"
        );
        // A link elsewhere does not count.
        let html = abbreviated("[de VVT](@smalle-markt) en de VVT.", "voordelen/x.md").html;
        assert!(html.ends_with(&format!("en de {VVT}.</p>\n")), "{html}");
    }

    #[test]
    fn word_boundaries_decide() {
        let html = abbreviated("VVTs, vvt, Vvt en xVVT; dan (VVT).", "voordelen/x.md").html;
        assert_eq!(
            html,
            format!("<p>VVTs, vvt, Vvt en xVVT; dan ({VVT}).</p>\n")
        );
        let html = abbreviated("De VVT's en VVT-sector.", "voordelen/x.md").html;
        assert_eq!(html, format!("<p>De {VVT}'s en VVT-sector.</p>\n"));
    }

    #[test]
    fn an_ampersand_in_the_abbreviation_works_written_either_way() {
        let vv = r#"<a href="../begrippen/vv.html"><abbr title="Verpleging en verzorging">V&amp;V</abbr></a>"#;
        for md in ["De V&V en V&V.", "De V&amp;V en V&V."] {
            let html = abbreviated(md, "voordelen/x.md").html;
            assert_eq!(html, format!("<p>De {vv} en V&amp;V.</p>\n"), "{md}");
        }
        assert_eq!(
            abbreviated("V&Vx", "voordelen/x.md").html,
            "<p>V&amp;Vx</p>\n"
        );
    }

    #[test]
    fn the_entry_itself_is_not_linked_to_itself() {
        let r = abbreviated("VVT is ruimer dan V&V.", "begrippen/vvt.md");
        assert!(
            r.html
                .starts_with("<p>VVT is ruimer dan <a href=\"../begrippen/vv.html\">")
        );
        assert_eq!(r.reads, ["vv"]);
    }

    #[test]
    fn expansions_are_escaped() {
        let html = abbreviated("De ZN.", "voordelen/x.md").html;
        assert!(
            html.contains(r#"<abbr title="Zorg &quot;thuis&quot; &lt;b&gt; &amp; meer">ZN</abbr>"#),
            "{html}"
        );
    }

    #[test]
    fn text_in_callouts_and_tables_is_running_text() {
        let html = abbreviated("> [!TIP]\n> De VVT.\n", "voordelen/x.md").html;
        assert!(html.contains(VVT), "{html}");
        let html = abbreviated("| a |\n|---|\n| VVT |\n", "voordelen/x.md").html;
        assert!(html.contains(&format!("<td>{VVT}</td>")), "{html}");
    }
}

#[cfg(test)]
mod script_tests {
    use super::*;

    #[test]
    fn script_urls_are_refused() {
        assert_eq!(
            script_scheme("javascript:alert(3)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            script_scheme(" JavaScript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            script_scheme("java\tscript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            script_scheme("vbscript:msgbox").as_deref(),
            Some("vbscript")
        );
        assert_eq!(
            script_scheme("data:text/html,<script>").as_deref(),
            Some("data")
        );
        assert_eq!(script_scheme("data:image/png;base64,AAAA"), None);
        assert_eq!(script_scheme("https://example.org/a:b"), None);
        assert_eq!(script_scheme("bijlage.pdf"), None);
    }
}
