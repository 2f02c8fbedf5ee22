//! The check of every local URL in the rendered output: each `href` and `src` that is
//! relative or under the site's base path must name a file of the output, and its
//! `#fragment` an `id` in that file. External addresses are not fetched.
//!
//! The scan reads attributes from the HTML text (double or single quotes, or none): the
//! theme and the Markdown renderer write plain HTML, so a full parser is not needed.

use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::markdown::LinkRef;
use crate::{FastMap, FastSet};
use std::path::PathBuf;

/// The URLs and element ids of one HTML output file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLinks {
    /// Every `href` and `src` value, decoded from HTML entities, in order.
    pub urls: Vec<String>,
    /// Every `id` value.
    pub ids: Vec<String>,
}

/// Reads the URLs and ids of an HTML text.
pub fn extract(html: &str) -> PageLinks {
    let mut out = PageLinks::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off + 1;
        // Comments carry no links.
        if bytes[start..].starts_with(b"!--") {
            i = find(bytes, start, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let Some(end) = tag_end(bytes, start) else {
            break;
        };
        let tag = &html[start..end];
        let name_len = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        if !name.starts_with(['/', '!', '?']) {
            read_attributes(&tag[name_len..], &mut out);
        }
        i = end;
        // Script and style bodies are code, not markup: skip to their closing tag.
        for raw in ["script", "style"] {
            if name.eq_ignore_ascii_case(raw) {
                i = find_close(bytes, end, raw).unwrap_or(bytes.len());
            }
        }
    }
    out
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&bytes[from..], needle).map(|p| from + p)
}

/// Index of `</name` (any case) at or after `from`.
fn find_close(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(p) = find(bytes, at, b"</") {
        let rest = &bytes[p + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(p);
        }
        at = p + 2;
    }
    None
}

/// Index of the `>` that ends the tag starting at `start`, outside quotes.
fn tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    loop {
        let k = at + memchr::memchr3(b'>', b'"', b'\'', &bytes[at..])?;
        match bytes[k] {
            b'>' => return Some(k),
            quote => at = k + 1 + memchr::memchr(quote, &bytes[k + 1..])? + 1,
        }
    }
}

fn read_attributes(mut s: &str, out: &mut PageLinks) {
    loop {
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if s.is_empty() {
            return;
        }
        let name_end = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let Some(rest) = s.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let (value, after) = match rest.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let inner = &rest[1..];
                let e = inner.find(q as char).unwrap_or(inner.len());
                (&inner[..e], inner.get(e + 1..).unwrap_or(""))
            }
            _ => {
                let e = rest
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                (&rest[..e], &rest[e..])
            }
        };
        s = after;
        if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
            out.urls.push(unescape(value));
        } else if name.eq_ignore_ascii_case("id") {
            out.ids.push(unescape(value));
        }
    }
}

/// Decodes the entities the renderers write in attributes.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Where an output file came from, to say where a broken URL was written.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    /// The source file (a Markdown file, a checklist) relative to the site root.
    pub file: PathBuf,
    /// The links its Markdown wrote, with positions.
    pub links: &'a [LinkRef],
    /// The template that rendered the output.
    pub template: String,
}

/// Checks every local URL of the HTML outputs in `check`. `pages` holds the links and
/// ids of every HTML output (fragments are looked up there); `files` holds every output
/// path; `doc_ids` the documents' ids, for "did you mean `@id`?".
pub fn check_pages<'a>(
    check: &FastMap<String, PageLinks>,
    pages: &FastMap<String, PageLinks>,
    files: &FastSet<&str>,
    base_path: &str,
    origin: impl Fn(&str) -> Option<Origin<'a>>,
    is_doc: &dyn Fn(&str) -> bool,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut paths: Vec<&String> = check.keys().collect();
    paths.sort();
    for page in paths {
        diags.extend(check_page(
            page,
            &check[page],
            pages,
            files,
            base_path,
            &origin,
            is_doc,
        ));
    }
    diags
}

/// Checks the local URLs of one HTML output (see [`check_pages`]).
pub fn check_page<'a>(
    page: &str,
    links: &PageLinks,
    pages: &FastMap<String, PageLinks>,
    files: &FastSet<&str>,
    base_path: &str,
    origin: &impl Fn(&str) -> Option<Origin<'a>>,
    is_doc: &dyn Fn(&str) -> bool,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen = FastSet::default();
    for url in &links.urls {
        if !seen.insert(url) {
            continue;
        }
        if let Some(problem) = check_url(page, url, pages, files, base_path, is_doc) {
            diags.push(report(page, url, &problem, origin(page)));
        }
    }
    diags
}

/// What is wrong with one URL.
#[derive(Debug, PartialEq)]
enum Problem {
    /// The relative path climbs above the site's root folder.
    Outside,
    /// No such output file; a close one, if any; the id, if the URL names a document.
    MissingFile(String, Option<String>, Option<String>),
    /// The file exists but has no element with this id.
    MissingFragment(String, String, Option<String>),
}

fn check_url(
    page: &str,
    url: &str,
    pages: &FastMap<String, PageLinks>,
    files: &FastSet<&str>,
    base_path: &str,
    is_doc: &dyn Fn(&str) -> bool,
) -> Option<Problem> {
    let target = match local_target(page, url, base_path)? {
        Some(t) => t,
        None => return Some(Problem::Outside),
    };
    let (file, fragment) = match target.split_once('#') {
        Some((f, frag)) => (f.to_string(), Some(frag.to_string())),
        None => (target, None),
    };
    let file = if file.is_empty() {
        page.to_string()
    } else if file.ends_with('/') {
        format!("{file}index.html")
    } else {
        file
    };
    if !files.contains(file.as_str()) {
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        let wanted = name(&file);
        // Suggest a file whose own name is close; a shared folder is not a likeness.
        let near = files
            .iter()
            .filter(|f| closest(&wanted, [name(f).as_str()]).is_some())
            .max_by(|a, b| {
                strsim::jaro_winkler(&wanted, &name(a))
                    .total_cmp(&strsim::jaro_winkler(&wanted, &name(b)))
            })
            .map(|f| f.to_string());
        let stem = file.rsplit('/').next().unwrap_or(&file);
        let stem = stem.strip_suffix(".html").unwrap_or(stem);
        let id = is_doc(stem).then(|| stem.to_string());
        return Some(Problem::MissingFile(file, near, id));
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let ids = &pages.get(&file)?.ids;
    if ids.contains(&fragment) {
        return None;
    }
    let near = closest(&fragment, ids.iter().map(String::as_str)).map(str::to_string);
    Some(Problem::MissingFragment(file, fragment, near))
}

/// The output path (with `#fragment`) a URL points to: `None` for URLs that are not
/// local files of the site (other schemes, other hosts, other paths on the host), and
/// `Some(None)` for a relative path that climbs out of the site.
pub fn local_target(page: &str, url: &str, base_path: &str) -> Option<Option<String>> {
    let url = url.trim();
    if url.is_empty() || url.starts_with("//") {
        return None;
    }
    // A scheme (`https:`, `mailto:`) comes before any `/`, `?` or `#`.
    if let Some(colon) = url.find(':')
        && !url[..colon].contains(['/', '?', '#'])
    {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = percent_decode(path);
    let resolved = if let Some(abs) = path.strip_prefix('/') {
        let inner = format!("/{abs}");
        inner.strip_prefix(base_path)?.to_string()
    } else if path.is_empty() {
        String::new()
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        match join(dir, &path) {
            Some(p) => p,
            None => return Some(None),
        }
    };
    let resolved = if path.is_empty() {
        String::new()
    } else if resolved.is_empty() {
        "index.html".to_string()
    } else {
        resolved
    };
    Some(Some(match fragment {
        Some(f) => format!("{resolved}#{}", percent_decode(f)),
        None => resolved,
    }))
}

/// `dir/rel` with `.` and `..` resolved; `None` when it leaves the output.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn report(page: &str, url: &str, problem: &Problem, origin: Option<Origin<'_>>) -> Diagnostic {
    // Say the link as the author wrote it when it came from Markdown.
    let written = origin
        .as_ref()
        .and_then(|o| o.links.iter().find(|l| l.url == url));
    let shown = written.map_or(url, |l| l.written.as_str());
    let (code, what) = match problem {
        Problem::Outside => (
            "broken-link",
            format!(
                "link to `{shown}` leads outside the site's folder, so it cannot work once published"
            ),
        ),
        Problem::MissingFile(file, near, id) => {
            let hint = match (id, near) {
                (Some(id), _) => {
                    format!("; did you mean `@{id}`? (links to a page by id start with @)")
                }
                (None, Some(near)) => format!("; did you mean `{near}`?"),
                (None, None) => String::new(),
            };
            (
                "broken-link",
                format!("link to `{shown}`: there is no file `{file}` in the site{hint}"),
            )
        }
        Problem::MissingFragment(file, fragment, near) => (
            "unknown-anchor",
            format!(
                "link to `{shown}`: `{file}` has no heading or element with id `{fragment}`{}",
                near.as_ref()
                    .map(|n| format!("; did you mean `#{n}`?"))
                    .unwrap_or_default()
            ),
        ),
    };
    let hint = match problem {
        // `www.example.nl` without a scheme is read as a file next to the page.
        _ if shown.starts_with("www.") => Some(format!(
            "an address on another website starts with https://: write `https://{shown}`"
        )),
        Problem::MissingFile(file, None, None) => Some(format!(
            "put the file at {}{file}, or correct the link; a link is relative to the page's own folder",
            if file.starts_with("static/") {
                ""
            } else {
                "content/"
            }
        )),
        _ => None,
    };
    let Some(origin) = origin else {
        return with_hint(Diagnostic::error(page, code, what), hint);
    };
    let d = match written {
        Some(l) => Diagnostic::error(origin.file, code, what).at_pos(Some(l.pos)),
        None => Diagnostic::error(
            origin.file,
            code,
            format!(
                "{what} (written by template `{}` in `{page}`)",
                origin.template
            ),
        ),
    };
    with_hint(d, hint)
}

fn with_hint(d: Diagnostic, hint: Option<String>) -> Diagnostic {
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_urls_and_ids_in_any_quoting() {
        let l = extract(
            r#"<a href="a.html#x" id="top">x</a><img src='b.png' alt=""><div id=plain></div><!-- <a href="no.html"> --><script>var s = "<a href='js.html'>";</script><link rel=stylesheet href=static/s.css>"#,
        );
        assert_eq!(l.urls, ["a.html#x", "b.png", "static/s.css"]);
        assert_eq!(l.ids, ["top", "plain"]);
        assert_eq!(extract(r#"<a href="a?b=1&amp;c=2">"#).urls, ["a?b=1&c=2"]);
    }

    #[test]
    fn urls_resolve_against_the_page() {
        let t = |page, url| {
            local_target(page, url, "/leidraad/").map(|t| t.unwrap_or_else(|| "OUTSIDE".into()))
        };
        assert_eq!(
            t("knelpunten/a.html", "../index.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            t("knelpunten/a.html", "b.html#kern").as_deref(),
            Some("knelpunten/b.html#kern")
        );
        assert_eq!(t("knelpunten/a.html", "#kern").as_deref(), Some("#kern"));
        assert_eq!(
            t("a.html", "/leidraad/knelpunten/").as_deref(),
            Some("knelpunten/")
        );
        assert_eq!(t("a.html", "/leidraad/").as_deref(), Some("index.html"));
        assert_eq!(
            t("a.html", "mijn%20bestand.pdf").as_deref(),
            Some("mijn bestand.pdf")
        );
        assert_eq!(t("a.html", "https://example.org/x"), None);
        assert_eq!(t("a.html", "mailto:a@b.nl"), None);
        assert_eq!(t("a.html", "//cdn.example.org/x.js"), None);
        assert_eq!(t("a.html", "/elders/x.html"), None);
        assert_eq!(t("a.html", "../../x.html").as_deref(), Some("OUTSIDE"));
    }

    #[test]
    fn missing_files_and_fragments_are_found() {
        let mut pages = FastMap::default();
        pages.insert(
            "a.html".to_string(),
            PageLinks {
                urls: vec![
                    "b.html#kern".into(),
                    "b.html#kernn".into(),
                    "x.png".into(),
                    "eerste-knelpunt".into(),
                    "#top".into(),
                ],
                ids: vec!["top".into()],
            },
        );
        pages.insert(
            "b.html".to_string(),
            PageLinks {
                urls: vec![],
                ids: vec!["kern".into()],
            },
        );
        let files: FastSet<&str> = ["a.html", "b.html", "knelpunten/eerste-knelpunt.html"]
            .into_iter()
            .collect();
        let ids: FastSet<&str> = ["eerste-knelpunt"].into_iter().collect();
        let d = check_pages(&pages, &pages, &files, "/", |_| None, &|i| ids.contains(i));
        let text = d.to_string();
        assert_eq!(d.len(), 3, "{text}");
        assert!(
            text.contains("no heading or element with id `kernn`; did you mean `#kern`?"),
            "{text}"
        );
        assert!(text.contains("no file `x.png`"), "{text}");
        assert!(text.contains("did you mean `@eerste-knelpunt`?"), "{text}");
    }
}
