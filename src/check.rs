//! Findings only `leidraad check` reports, on top of everything a build checks:
//! images without alt text, pages without text, entries nothing links to, and files
//! under `content/` that no page links to.

use crate::FastSet;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::DocKind;
use crate::files::CONTENT_DIR;
use crate::model::{Html, Site};
use std::path::Path;

/// The check-only findings. `targets` holds every output path some page links to.
pub fn findings(site: &Site, html: &Html, targets: &FastSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::default();
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
