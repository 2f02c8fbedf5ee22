//! Findings only `leidraad check` reports, on top of everything a build checks:
//! images without alt text, pages without text, entries nothing links to, files under
//! `content/` that no page links to, and raw HTML that the pages' policy blocks or that
//! runs code.

use crate::FastSet;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::DocKind;
use crate::files::CONTENT_DIR;
use crate::model::{Html, Site};
use std::path::Path;

/// The check-only findings. `targets` holds every output path some page links to.
pub fn findings(site: &Site, html: &Html, targets: &FastSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if let Some(d) = placeholder_base_url(site) {
        diags.push(d);
    }
    let content = &site.content;
    let mut linked = vec![false; content.docs.len()];
    for h in &html.docs {
        for id in &h.reads {
            if let Some(&t) = content.by_id.get(id) {
                linked[t] = true;
            }
        }
    }
    for (i, doc) in content.docs.iter().enumerate() {
        for &(line, col) in &html.docs[i].images_without_alt {
            diags.push(
                Diagnostic::error(&doc.file, "image-alt", "image without alt text: write a short description between the brackets, ![like this](plaatje.png)")
                    .at(Some(line), Some(col)),
            );
        }
        if doc.body.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "empty-entry",
                    "the page has no text below the front matter",
                )
                .at(Some(doc.body_line.saturating_sub(1)), Some(1)),
            );
        }
        let referenced =
            linked[i] || !content.backlinks[i].is_empty() || !content.cited_by[i].is_empty();
        if matches!(doc.kind, DocKind::Entry(_)) && !referenced {
            diags.push(
                Diagnostic::warning(&doc.file, "orphan", "no other page or entry links to this entry; readers only find it through the listing")
                    .at(Some(1), Some(1)),
            );
        }
    }
    diags.extend(raw_html(site));
    for rel in &content.assets {
        if !targets.contains(&crate::files::asset_output(rel)) {
            diags.push(Diagnostic::warning(
                Path::new(CONTENT_DIR).join(rel),
                "unlinked-file",
                "not linked from any page, published anyway; delete it or move it out of content/ if it should not go online",
            ));
        }
    }
    diags
}

/// Raw HTML in Markdown is the author's own and stays allowed, but scripts, event
/// handlers and frames run code or load other sites, and `style` attributes are ignored
/// under the pages' content security policy: each gets a warning at its line.
fn raw_html(site: &Site) -> Diagnostics {
    use pulldown_cmark::{Event, Parser};
    let mut diags = Diagnostics::default();
    for doc in &site.content.docs {
        for text in crate::prose::texts(site, doc) {
            let lines = crate::markdown::Lines::new(text.markdown, text.first_line);
            let parser = Parser::new_ext(text.markdown, crate::markdown::options());
            for (event, range) in parser.into_offset_iter() {
                let (Event::Html(html) | Event::InlineHtml(html)) = event else {
                    continue;
                };
                let lower = html.to_ascii_lowercase();
                for (found, what) in risky_html(&lower) {
                    let (line, col) = lines.pos(range.start + found);
                    diags.push(
                        Diagnostic::warning(&doc.file, "raw-html", what).at(Some(line), Some(col)),
                    );
                }
            }
        }
    }
    diags
}

/// Positions in lower-cased HTML of what [`raw_html`] warns about, with the message.
fn risky_html(lower: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (tag, what) in [
        (
            "<script",
            "a <script> in the content runs code on every visitor's page and is blocked by the pages' security policy; put scripts in the theme",
        ),
        (
            "<iframe",
            "an <iframe> in the content loads another page into this one and is blocked by the pages' security policy; link to it instead",
        ),
    ] {
        out.extend(lower.match_indices(tag).map(|(i, _)| (i, what)));
    }
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        // ` onclick=`: an attribute name starting with "on", right after a space.
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let name_end = lower[i..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(lower.len(), |n| i + n);
        if matches!(before, Some(b' ' | b'\t' | b'\n' | b'/'))
            && name_end > i + 2
            && lower[name_end..].trim_start().starts_with('=')
        {
            out.push((i, "an event handler attribute (onclick=, onerror=, ...) runs code and is blocked by the pages' security policy"));
        }
    }
    for (i, _) in lower.match_indices("style=") {
        if i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n') {
            out.push((i, "a style attribute is ignored under the pages' security policy; use a class from the theme's stylesheet"));
        }
    }
    out.extend(script_urls(lower));
    if let Some(i) = lower.find("http-equiv") {
        let rest = lower[i + "http-equiv".len()..].trim_start();
        let value = rest
            .strip_prefix('=')
            .map(|v| v.trim_start().trim_start_matches(['"', '\'']));
        if value.is_some_and(|v| v.starts_with("refresh")) {
            out.push((i, "a <meta http-equiv=\"refresh\"> sends the visitor to another address on its own; link to it instead"));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// Places in lower-cased HTML where a link or source attribute holds a script URL
/// (`javascript:`, `vbscript:`, `data:text/html`): code that runs on a click, which the
/// pages' policy blocks, so the link does nothing. A Markdown link like that fails the
/// build.
fn script_urls(lower: &str) -> Vec<(usize, &'static str)> {
    const WHAT: &str = "a script link (javascript:, vbscript: or data:text/html) in raw HTML runs code on a click and is blocked by the pages' security policy; link to a page instead";
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    for attr in ["href", "src", "action", "formaction", "xlink:href"] {
        for (i, _) in lower.match_indices(attr) {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            if !matches!(before, Some(b' ' | b'\t' | b'\n' | b'/')) {
                continue;
            }
            let Some(value) = lower[i + attr.len()..].trim_start().strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            // Browsers ignore spaces and control characters before the scheme.
            let value: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .take(16)
                .collect();
            if ["javascript:", "vbscript:", "data:text/html"]
                .iter()
                .any(|scheme| value.starts_with(scheme))
            {
                out.push((i, WHAT));
            }
        }
    }
    out
}

/// The reserved example domains (RFC 2606): an address there is a placeholder, and
/// canonical links, the sitemap and the feed would point nowhere.
fn placeholder_base_url(site: &Site) -> Option<Diagnostic> {
    let url = &site.config.base_url;
    let host = url
        .split_once("://")
        .map_or(url.as_str(), |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let placeholder = ["example.org", "example.com", "example.net"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    placeholder.then(|| {
        Diagnostic::warning(
            crate::config::CONFIG_FILE,
            "placeholder-base-url",
            format!("`base_url` is still the example address {url}: canonical links, Open Graph, the sitemap and the changes feed point there"),
        )
        .at_pos(site.config_positions.at("base_url"))
        .with_hint("set the address where the site will be published, like `https://www.uw-organisatie.nl/leidraad/`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_frames_and_style_attributes_are_found() {
        let found = |html: &str| -> Vec<usize> {
            risky_html(&html.to_ascii_lowercase())
                .into_iter()
                .map(|(i, _)| i)
                .collect()
        };
        assert_eq!(found("<SCRIPT>x</script>"), [0]);
        assert_eq!(found("<img src=a onerror=\"x\">"), [11]);
        assert_eq!(found("<iframe src=x>"), [0]);
        assert_eq!(found("<p style=\"color:red\">"), [3]);
        assert!(found("<p class=\"online\" data-on=\"x\">one</p>").is_empty());
        assert_eq!(found("<a href=\"javascript:alert(1)\">x</a>"), [3]);
        assert_eq!(found("<a href = ' JavaScript:x'>"), [3]);
        assert_eq!(found("<img alt=\"\" src=\"\tvbscript:x\">"), [12]);
        assert_eq!(found("<form action=\"data:text/html,x\">"), [6]);
        assert_eq!(
            found("<meta http-equiv=\"Refresh\" content=\"0;url=x\">"),
            [6]
        );
        assert!(found("<a href=\"https://x.nl/javascript:\">").is_empty());
        assert!(found("<a data-href=\"javascript:x\">").is_empty());
        assert!(found("<meta http-equiv=\"content-type\">").is_empty());
    }
}
