//! The check of every local URL in the rendered output: each `href` and `src` that is
//! relative or under the site's base path must name a file of the output, and its
//! `#fragment` an `id` in that file. External addresses are not fetched.
//!
//! The scan reads attributes from the HTML text (double or single quotes, or none): the
//! theme and the Markdown renderer write plain HTML, so a full parser is not needed.

use crate::diagnostic::{Diagnostic, Diagnostics, closest};
use crate::markdown::LinkRef;
use std::collections::{HashMap, HashSet};
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
    while let Some(off) = html[i..].find('<') {
        let start = i + off + 1;
        // Comments, doctype and closing tags carry no links.
        if html[start..].starts_with("!--") {
            i = html[start..].find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(end) = tag_end(bytes, start) else {
            break;
        };
        let tag = &html[start..end];
        let name_len = tag
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len());
        let name = tag[..name_len].to_ascii_lowercase();
        // Script and style bodies are code, not markup.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[end..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| end + e);
            read_attributes(&tag[name_len..], &mut out);
            continue;
        }
        if !name.starts_with('/') && !name.starts_with('!') {
            read_attributes(&tag[name_len..], &mut out);
        }
        i = end;
    }
    out
}

/// Index of the `>` that ends the tag starting at `start`, outside quotes.
fn tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &b) in bytes[start..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(start + k),
            _ => {}
        }
    }
    None
}

fn read_attributes(mut s: &str, out: &mut PageLinks) {
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return;
        }
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = s[..name_end].to_ascii_lowercase();
        s = s[name_end..].trim_start();
        let value = if let Some(rest) = s.strip_prefix('=') {
            let rest = rest.trim_start();
            let (value, after) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &rest[1..];
                    let e = inner.find(q).unwrap_or(inner.len());
                    (&inner[..e], inner.get(e + 1..).unwrap_or(""))
                }
                _ => {
                    let e = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    (&rest[..e], &rest[e..])
                }
            };
            s = after;
            Some(unescape(value))
        } else {
            None
        };
        match (name.as_str(), value) {
            ("href" | "src", Some(v)) => out.urls.push(v),
            ("id", Some(v)) => out.ids.push(v),
            _ => {}
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
    check: &HashMap<String, PageLinks>,
    pages: &HashMap<String, PageLinks>,
    files: &HashSet<&str>,
    base_path: &str,
    origin: impl Fn(&str) -> Option<Origin<'a>>,
    doc_ids: &HashSet<&str>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut paths: Vec<&String> = check.keys().collect();
    paths.sort();
    for page in paths {
        let links = &check[page];
        let mut seen = HashSet::new();
        for url in &links.urls {
            if !seen.insert(url) {
                continue;
            }
            let Some(problem) = check_url(page, url, pages, files, base_path, doc_ids) else {
                continue;
            };
            diags.push(report(page, url, &problem, origin(page)));
        }
    }
    diags
}

/// What is wrong with one URL.
#[derive(Debug, PartialEq)]
enum Problem {
    /// No such output file; a close one, if any; the id, if the URL names a document.
    MissingFile(String, Option<String>, Option<String>),
    /// The file exists but has no element with this id.
    MissingFragment(String, String, Option<String>),
}

fn check_url(
    page: &str,
    url: &str,
    pages: &HashMap<String, PageLinks>,
    files: &HashSet<&str>,
    base_path: &str,
    doc_ids: &HashSet<&str>,
) -> Option<Problem> {
    let target = local_target(page, url, base_path)?;
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
        let near = closest(&file, files.iter().copied()).map(str::to_string);
        let stem = file.rsplit('/').next().unwrap_or(&file);
        let stem = stem.strip_suffix(".html").unwrap_or(stem);
        let id = doc_ids.contains(stem).then(|| stem.to_string());
        return Some(Problem::MissingFile(file, near, id));
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let ids = &pages.get(&file)?.ids;
    if ids.iter().any(|i| *i == fragment) {
        return None;
    }
    let near = closest(&fragment, ids.iter().map(String::as_str)).map(str::to_string);
    Some(Problem::MissingFragment(file, fragment, near))
}

/// The output path (with `#fragment`) a URL points to, or `None` for URLs that are not
/// local files of the site (other schemes, other hosts, other paths on the host).
pub fn local_target(page: &str, url: &str, base_path: &str) -> Option<String> {
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
        join(dir, &path)?
    };
    let resolved = if path.is_empty() {
        String::new()
    } else if resolved.is_empty() {
        "index.html".to_string()
    } else {
        resolved
    };
    Some(match fragment {
        Some(f) => format!("{resolved}#{}", percent_decode(f)),
        None => resolved,
    })
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
            && let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
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
    let what = match problem {
        Problem::MissingFile(file, near, id) => {
            let hint = match (id, near) {
                (Some(id), _) => format!("; did you mean `@{id}`? (links to a page by id start with @)"),
                (None, Some(near)) => format!("; did you mean `{near}`?"),
                (None, None) => String::new(),
            };
            format!("link to `{url}`: there is no file `{file}` in the site{hint}")
        }
        Problem::MissingFragment(file, fragment, near) => format!(
            "link to `{url}`: `{file}` has no element with id `{fragment}`{}",
            near.as_ref()
                .map(|n| format!("; did you mean `#{n}`?"))
                .unwrap_or_default()
        ),
    };
    let Some(origin) = origin else {
        return Diagnostic::error(page, "broken-link", what);
    };
    match origin.links.iter().find(|l| l.url == url) {
        Some(l) => Diagnostic::error(origin.file, "broken-link", what).at_pos(Some(l.pos)),
        None => Diagnostic::error(
            origin.file,
            "broken-link",
            format!(
                "{what} (written by template `{}` in `{page}`)",
                origin.template
            ),
        ),
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
        let t = |page, url| local_target(page, url, "/leidraad/");
        assert_eq!(t("knelpunten/a.html", "../index.html").as_deref(), Some("index.html"));
        assert_eq!(t("knelpunten/a.html", "b.html#kern").as_deref(), Some("knelpunten/b.html#kern"));
        assert_eq!(t("knelpunten/a.html", "#kern").as_deref(), Some("#kern"));
        assert_eq!(t("a.html", "/leidraad/knelpunten/").as_deref(), Some("knelpunten/"));
        assert_eq!(t("a.html", "/leidraad/").as_deref(), Some("index.html"));
        assert_eq!(t("a.html", "mijn%20bestand.pdf").as_deref(), Some("mijn bestand.pdf"));
        assert_eq!(t("a.html", "https://example.org/x"), None);
        assert_eq!(t("a.html", "mailto:a@b.nl"), None);
        assert_eq!(t("a.html", "//cdn.example.org/x.js"), None);
        assert_eq!(t("a.html", "/elders/x.html"), None);
        assert_eq!(t("a.html", "../../x.html"), None);
    }

    #[test]
    fn missing_files_and_fragments_are_found() {
        let mut pages = HashMap::new();
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
        let files: HashSet<&str> = ["a.html", "b.html", "knelpunten/eerste-knelpunt.html"]
            .into_iter()
            .collect();
        let ids: HashSet<&str> = ["eerste-knelpunt"].into_iter().collect();
        let d = check_pages(&pages, &pages, &files, "/", |_| None, &ids);
        let text = d.to_string();
        assert_eq!(d.len(), 3, "{text}");
        assert!(text.contains("no element with id `kernn`; did you mean `#kern`?"), "{text}");
        assert!(text.contains("no file `x.png`"), "{text}");
        assert!(text.contains("did you mean `@eerste-knelpunt`?"), "{text}");
    }
}
