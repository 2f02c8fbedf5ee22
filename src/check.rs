//! Findings only `leidraad check` reports, on top of everything a build checks:
//! images without alt text, pages without text, entries nothing links to, files under
//! `content/` that no page links to, raw HTML that the pages' policy blocks or that
//! runs code, Markdown that prints as written (a space in a link, a footnote without
//! its note, a heading id used twice), and the „[…]” placeholders of `init`'s pages.

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
    // Ids read by pages, checklist introductions, and the guidance pages a checklist's
    // questions and answers link to (its page shows those links).
    let checklist_links = content.checklists.iter().flat_map(|c| {
        c.checklist.questions().flat_map(|q| {
            q.links
                .iter()
                .chain(q.options.iter().flat_map(|o| o.links.iter()))
        })
    });
    for id in html
        .docs
        .iter()
        .flat_map(|h| h.reads.iter())
        .chain(html.intros.iter().flat_map(|h| h.reads.iter()))
        .chain(checklist_links)
    {
        if let Some(&t) = content.by_id.get(id) {
            linked[t] = true;
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
    diags.extend(markdown_lints(site));
    diags.extend(placeholders(site));
    // A page that could not be read may link to any file: only say a file is unlinked
    // when every page was read.
    let all_read = content.broken.is_empty();
    let base_path = site.config.base_path();
    let written: FastSet<String> = content
        .docs
        .iter()
        .zip(&html.docs)
        .flat_map(|(doc, h)| {
            h.links.iter().filter_map(|l| {
                crate::links::local_target(&doc.out_path, &l.url, &base_path)
                    .flatten()
                    .map(|t| t.split('#').next().unwrap_or_default().to_string())
            })
        })
        .collect();
    for rel in content.assets.iter().filter(|_| all_read) {
        let out = crate::files::asset_output(rel);
        if !targets.contains(&out) && !written.contains(&out) {
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

/// [`crate::markdown::lint`] on every piece of Markdown: the body and Markdown fields
/// of each document, and each checklist's introduction.
fn markdown_lints(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut report = |file: &Path, markdown: &str, first_line: usize| {
        for l in crate::markdown::lint(markdown, first_line) {
            diags.push(
                Diagnostic::error(file, l.code, l.message)
                    .at(Some(l.pos.0), Some(l.pos.1))
                    .with_hint(l.hint),
            );
        }
    };
    for doc in &site.content.docs {
        for text in crate::prose::texts(site, doc) {
            report(&doc.file, text.markdown, text.first_line);
        }
    }
    for c in &site.content.checklists {
        let line = c.positions.text_line("inleiding").unwrap_or(1);
        report(&c.file, &c.checklist.intro, line);
    }
    diags
}

/// The „[…]” placeholders `leidraad init` writes into the standard pages (about,
/// contact, privacy, accessibility), one warning each while they are not filled in.
fn placeholders(site: &Site) -> Diagnostics {
    const OPEN: &str = "„[";
    const CLOSE: &str = "]”";
    let mut diags = Diagnostics::default();
    for doc in &site.content.docs {
        for text in crate::prose::texts(site, doc) {
            let lines = crate::markdown::Lines::new(text.markdown, text.first_line);
            let mut found = Vec::new();
            for run in crate::markdown::text_runs(text.markdown) {
                let run_text = &text.markdown[run.clone()];
                let mut from = 0;
                while let Some(start) = run_text[from..].find(OPEN).map(|i| from + i) {
                    let inner_start = start + OPEN.len();
                    let Some(len) = run_text[inner_start..].find(CLOSE) else {
                        break;
                    };
                    found.push((run.start + start, &run_text[inner_start..inner_start + len]));
                    from = inner_start + len + CLOSE.len();
                }
            }
            for (start, inner) in found {
                let (line, col) = lines.pos(start);
                let d = if inner.trim().is_empty() {
                    Diagnostic::warning(
                        &doc.file,
                        "placeholder-text",
                        "the notice of the template (\"Vul alles tussen „[ ]” in\") is still on the page",
                    )
                    .with_hint("fill in every „[…]” on this page, then remove the notice: the lines that start with `>`")
                } else {
                    Diagnostic::warning(
                        &doc.file,
                        "placeholder-text",
                        format!(
                            "„[{}]” is a placeholder of the template, still to be filled in",
                            crate::diagnostic::printable(inner, 80)
                        ),
                    )
                    .with_hint("replace it, „[ and ]” included, with the real text")
                };
                diags.push(d.at(Some(line), Some(col)));
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
    out.sort_by_key(|(i, _)| *i);
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
    }
}
