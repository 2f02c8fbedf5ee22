//! The Markdown step as a recorded job: each document's (and checklist
//! introduction's) HTML is kept with a fingerprint of what its rendering read — the
//! titles and addresses of the documents it linked, the abbreviations it marked, the
//! theme's labels — and rendered again only when its own file or one of those changed.

use crate::FastMap;
use crate::diagnostic::Diagnostics;
use crate::fingerprint::{DocPrints, hash};
use crate::model::{DocHtml, Html, Site};
use crate::site;
use rayon::prelude::*;
use std::sync::Arc;

/// What one piece of Markdown was rendered from.
#[derive(Debug)]
pub(super) struct Memo<T> {
    /// The document or checklist it belongs to, as it was when rendered.
    source: Arc<T>,
    /// The fingerprint of what the rendering read (see [`reads_print`]).
    reads: u64,
    /// The problems it found.
    pub(super) diags: Diagnostics,
}

/// What every rendering reads beyond its links: the set of abbreviation texts and the
/// theme's labels.
struct Context<'a> {
    site: &'a Site,
    prints: &'a DocPrints,
    /// Per glossary entry: the fingerprint of the abbreviations it defines.
    abbreviations: FastMap<&'a str, u64>,
    common: u64,
}

impl<'a> Context<'a> {
    fn new(site: &'a Site, prints: &'a DocPrints) -> Self {
        let mut abbreviations: FastMap<&str, u64> = FastMap::default();
        for a in site.abbreviations.all() {
            let print = abbreviations.entry(a.id.as_str()).or_default();
            *print ^= hash(&(&a.text, &a.expansion, &a.path));
        }
        let mut texts: Vec<&str> = site.abbreviations.all().map(|a| a.text.as_str()).collect();
        texts.sort_unstable();
        let common = hash(&(texts, site::markdown_labels(site)));
        Context {
            site,
            prints,
            abbreviations,
            common,
        }
    }

    /// The fingerprint of what `html` read, in this state of the site.
    fn reads_print(&self, html: &DocHtml) -> u64 {
        let reads: Vec<(&str, Option<u64>, Option<u64>)> = html
            .reads
            .iter()
            .map(|id| {
                (
                    id.as_str(),
                    self.link(id),
                    self.abbreviations.get(id.as_str()).copied(),
                )
            })
            .collect();
        hash(&(reads, self.common))
    }

    /// What a link to `id` shows: the document's link, a checklist's or calculator's
    /// title, or the title of a file that exists but is broken.
    fn link(&self, id: &str) -> Option<u64> {
        let content = &self.site.content;
        if let Some(Some(title)) = content.tool_title(id) {
            return Some(hash(title));
        }
        self.prints
            .link(id)
            .or_else(|| content.broken.contains(id).then(|| hash(id)))
    }
}

/// Brings `html` and its memos up to date with `site`: renders the Markdown of every
/// document and introduction whose file or reads changed, keeps the rest.
pub(super) fn run(
    site: &Site,
    html: &mut Html,
    md: &mut Vec<Memo<crate::document::Doc>>,
    intro_md: &mut Vec<Memo<crate::checklist::LoadedChecklist>>,
    prints: &mut DocPrints,
) {
    prints.update_links(site);
    let cx = Context::new(site, prints);
    let old_docs: FastMap<&str, usize> = md
        .iter()
        .enumerate()
        .map(|(i, m)| (m.source.id.as_str(), i))
        .collect();
    let docs: Vec<(Arc<DocHtml>, Memo<_>)> = site
        .content
        .docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            if let Some(&j) = old_docs.get(doc.id.as_str())
                && Arc::ptr_eq(&md[j].source, doc)
                && cx.reads_print(&html.docs[j]) == md[j].reads
            {
                let kept = Memo {
                    source: Arc::clone(doc),
                    reads: md[j].reads,
                    diags: md[j].diags.clone(),
                };
                return (Arc::clone(&html.docs[j]), kept);
            }
            let (h, diags) = site::doc_markdown(site, i);
            let memo = Memo {
                source: Arc::clone(doc),
                reads: cx.reads_print(&h),
                diags,
            };
            (Arc::new(h), memo)
        })
        .collect();
    let intros: Vec<(DocHtml, Memo<_>)> = site
        .content
        .checklists
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let old = intro_md.iter().position(|m| Arc::ptr_eq(&m.source, c));
            if let Some(j) = old
                && cx.reads_print(&html.intros[j]) == intro_md[j].reads
            {
                let kept = Memo {
                    source: Arc::clone(c),
                    reads: intro_md[j].reads,
                    diags: intro_md[j].diags.clone(),
                };
                return (html.intros[j].clone(), kept);
            }
            let (h, diags) = site::intro_markdown(site, ci);
            let memo = Memo {
                source: Arc::clone(c),
                reads: cx.reads_print(&h),
                diags,
            };
            (h, memo)
        })
        .collect();
    (html.docs, *md) = docs.into_iter().unzip();
    (html.intros, *intro_md) = intros.into_iter().unzip();
}
