//! Markdown to HTML with pulldown-cmark, resolving the site's link syntax.
//!
//! `[text](@id)` and `[text](@id#anchor)` link to any page or entry by id; an empty text
//! takes the target's title. Relative links to other content files (`../knelpunten/x.md`)
//! are rewritten to the target's URL. Headings get `id`s for anchors.

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, VecDeque};
use std::path::{Component, Path, PathBuf};

/// What the renderer needs to know about the rest of the site.
pub trait Resolver {
    /// Output path (relative to the output root) and title of the document with this id.
    fn by_id(&self, id: &str) -> Option<(&str, &str)>;
    /// Id of the document at this path relative to `content/`.
    fn by_content_path(&self, path: &Path) -> Option<&str>;
    /// Ids close to a wrong one, for "did you mean".
    fn suggest(&self, id: &str) -> String;
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
}

/// Turns heading text into an anchor id: lowercase ASCII, accents dropped, other
/// characters collapsed to single hyphens.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => Some('a'),
            'è' | 'é' | 'ê' | 'ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' => Some('i'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'ñ' => Some('n'),
            'ĳ' => {
                out.push('i');
                Some('j')
            }
            _ => None,
        };
        match mapped {
            Some(m) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(m);
            }
            None => pending_dash = true,
        }
    }
    if out.is_empty() {
        out.push_str("sectie");
    }
    out
}

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
    };
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let mut parser = Parser::new_ext(markdown, options()).into_offset_iter();
    // Events stream through the rewriter into the HTML writer; only a heading or a link
    // whose text may still change is held back, so memory does not grow with the page.
    let stream = std::iter::from_fn(|| {
        loop {
            if !w.holds()
                && let Some(e) = w.events.pop_front()
            {
                w.passed += 1;
                return Some(e);
            }
            match parser.next() {
                Some((event, range)) => w.event(event, range.start),
                None => {
                    let e = w.events.pop_front();
                    w.passed += usize::from(e.is_some());
                    return e;
                }
            }
        }
    });
    pulldown_cmark::html::push_html(&mut html, stream);
    let mut out = w.out;
    out.html = html;
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
}

impl<'m> Rewriter<'_, 'm> {
    /// Whether events must wait: a heading gets its id, and an empty link its text, only
    /// when it ends.
    fn holds(&self) -> bool {
        self.open_heading.is_some() || self.pending_title.is_some()
    }

    /// The position the next event will have.
    fn next_position(&self) -> usize {
        self.passed + self.events.len()
    }

    fn event(&mut self, event: Event<'m>, offset: usize) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.open_heading = Some(self.next_position());
                self.heading_text.clear();
                self.events.push_back(event);
            }
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Text(ref t) | Event::Code(ref t) => {
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
                self.events.push_back(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
                self.pending_title = target_title.map(|t| (self.next_position(), t));
            }
            Event::End(TagEnd::Link) => {
                // Nothing came between start and end: the link text is the target's title.
                if let Some((at, title)) = self.pending_title.take()
                    && at == self.next_position()
                {
                    self.events.push_back(Event::Text(CowStr::from(title)));
                }
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

/// The opening tag of the scrollable wrapper around a table, with an escaped label.
fn table_open(label: &str) -> String {
    let mut escaped = Vec::with_capacity(label.len());
    let _ = tera::escape_html(label, &mut escaped);
    format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        String::from_utf8_lossy(&escaped)
    )
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
                    message: format!("link to unknown id `{id}`{}", resolver.suggest(id)),
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
            out.problems.push(LinkProblem {
                pos,
                message: format!(
                    "link to `{file}`: no such content file{}",
                    resolver.suggest(&stem)
                ),
            });
            (String::from("#"), None)
        }
    }
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
mod tests {
    use super::*;

    struct Fake;
    impl Resolver for Fake {
        fn by_id(&self, id: &str) -> Option<(&str, &str)> {
            match id {
                "smalle-markt" => Some(("knelpunten/smalle-markt.html", "Smalle markt")),
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

    fn src<'a>() -> Source<'a> {
        Source {
            doc_id: "x",
            content_path: Path::new("voordelen/x.md"),
            root: "../",
            first_line: 5,
            table_label: "Tabel",
        }
    }

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
