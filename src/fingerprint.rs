//! Fingerprints of what every [`Dep`] stands for in one state of the site. The session
//! records, with each output, the fingerprints of what it read; after an edit, an
//! output is rendered again exactly when one of them differs.
//!
//! Fingerprints of a document's parts are made by the same code that builds its views
//! ([`Views::fingerprint`]) and kept between edits, keyed by the identity of the shared
//! pieces they were made from: an unchanged document keeps its `Arc`s, so only edited
//! documents (and those whose surroundings changed) are fingerprinted again.

use crate::FastMap;
use crate::deps::Dep;
use crate::document::Doc;
use crate::model::{DocHtml, Site};

use crate::view::Views;
use rayon::prelude::*;
use std::hash::{BuildHasher, Hash};
use std::path::Path;
use std::sync::Arc;

/// A stable hash (the same in every process: fingerprints are compared across edits).
pub fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    foldhash::quality::FixedState::with_seed(0x1e1d_aad5).hash_one(value)
}

/// The fingerprints of one document's parts, and what they were made from.
struct DocPrint {
    doc: Arc<Doc>,
    html: Arc<DocHtml>,
    /// Backlinks, citations, date and scored checklist: they live beside the document.
    around: u64,
    /// Card, Own, Backlinks, CitedBy, Updated.
    prints: [Option<u64>; 5],
}

/// Fingerprints of documents, kept across edits.
#[derive(Default)]
pub struct DocPrints {
    /// What the views of every document depend on beyond the document (the theme's
    /// strings, the kinds): when it changes, every kept print is void.
    salt: u64,
    by_id: FastMap<String, DocPrint>,
    /// A link to each document (what Markdown shows of it), made from the document
    /// alone, so it is known before the Markdown is rendered.
    links: FastMap<String, LinkPrint>,
}

/// A link's fingerprint and the document it was made from.
type LinkPrint = (Arc<Doc>, Option<u64>);

const PARTS: [fn(String) -> Dep; 5] = [
    Dep::Card,
    Dep::Own,
    Dep::Backlinks,
    Dep::CitedBy,
    Dep::Updated,
];

impl DocPrints {
    /// Voids every kept print when what all views read (strings, kinds) changed.
    fn salt(&mut self, site: &Site) {
        let salt = hash(&(
            site.theme.strings.to_string(),
            format!("{:?}", site.config.kinds),
        ));
        if salt != self.salt {
            self.by_id.clear();
            self.links.clear();
            self.salt = salt;
        }
    }

    /// Brings the link prints up to date with `site` (before its Markdown is rendered).
    pub fn update_links(&mut self, site: &Site) {
        self.salt(site);
        let content = &site.content;
        let empty = crate::model::Html::default();
        let fresh: Vec<(String, LinkPrint)> = content
            .docs
            .par_iter()
            .filter(|doc| {
                self.links
                    .get(&doc.id)
                    .is_none_or(|(kept, _)| !Arc::ptr_eq(kept, doc))
            })
            .map(|doc| {
                let views = Views::new(&site.config, content, &empty, &site.theme.strings);
                let print = views.fingerprint(&Dep::Link(doc.id.clone()));
                (doc.id.clone(), (Arc::clone(doc), print))
            })
            .collect();
        self.links.retain(|id, _| content.by_id.contains_key(id));
        self.links.extend(fresh);
    }

    /// What a link to document `id` shows; `None` when there is no such document.
    pub fn link(&self, id: &str) -> Option<u64> {
        self.links.get(id).and_then(|(_, p)| *p)
    }

    /// Brings the prints up to date with `site` and `html` (indexed like its documents).
    pub fn update(&mut self, site: &Site, html: &crate::model::Html) {
        let content = &site.content;
        self.salt(site);
        let around = |i: usize| {
            let ids = |list: &mut dyn Iterator<Item = usize>| -> Vec<String> {
                list.map(|j| content.docs[j].id.clone()).collect()
            };
            hash(&(
                ids(&mut content.backlinks[i].iter().map(|&(s, _)| s)),
                &content.backlinks[i]
                    .iter()
                    .map(|&(_, r)| r)
                    .collect::<Vec<_>>(),
                ids(&mut content.cited_by[i].iter().copied()),
                content.updated(i),
                content.assessments[i].as_ref().map(|a| format!("{a:?}")),
            ))
        };
        let fresh: Vec<Option<(String, DocPrint)>> = (0..content.docs.len())
            .into_par_iter()
            .map(|i| {
                let doc = &content.docs[i];
                let around = around(i);
                if let Some(kept) = self.by_id.get(&doc.id)
                    && Arc::ptr_eq(&kept.doc, doc)
                    && Arc::ptr_eq(&kept.html, &html.docs[i])
                    && kept.around == around
                {
                    return None;
                }
                let views = Views::new(&site.config, content, html, &site.theme.strings);
                let prints = PARTS.map(|part| views.fingerprint(&part(doc.id.clone())));
                let print = DocPrint {
                    doc: Arc::clone(doc),
                    html: Arc::clone(&html.docs[i]),
                    around,
                    prints,
                };
                Some((doc.id.clone(), print))
            })
            .collect();
        self.by_id.retain(|id, _| content.by_id.contains_key(id));
        self.by_id.extend(fresh.into_iter().flatten());
    }

    fn get(&self, id: &str, part: usize) -> Option<u64> {
        self.by_id.get(id).and_then(|p| p.prints[part])
    }
}

/// The fingerprint of every dependency in one state of the site.
pub struct Prints<'a> {
    docs: &'a DocPrints,
    site: &'a Site,
    /// The entries of each kind, the set of documents, each checklist and calculator.
    members: Vec<Option<u64>>,
    docs_list: Option<u64>,
    tools: FastMap<Dep, Option<u64>>,
    /// The bytes of every copied file, by its path relative to the site root (or the
    /// theme's `static/` path).
    files: &'a FastMap<String, u64>,
    globals: u64,
    config: u64,
}

impl<'a> Prints<'a> {
    /// The prints of this state. `config_text` is `leidraad.yaml` as read.
    pub fn new(
        docs: &'a DocPrints,
        site: &'a Site,
        html: &crate::model::Html,
        files: &'a FastMap<String, u64>,
        config_text: &str,
    ) -> Self {
        let views = Views::new(&site.config, &site.content, html, &site.theme.strings);
        let globals = hash(&(
            views.fingerprint(&Dep::Globals),
            format!("{:?}", site.house),
        ));
        Prints {
            docs,
            site,
            members: (0..site.config.kinds.len())
                .map(|k| views.fingerprint(&Dep::Members(k)))
                .collect(),
            docs_list: views.fingerprint(&Dep::Docs),
            tools: site
                .content
                .checklists
                .iter()
                .map(|c| Dep::Checklist(c.checklist.id.clone()))
                .chain(
                    site.content
                        .calculators
                        .iter()
                        .map(|c| Dep::Calculator(c.calculator.id.clone())),
                )
                .map(|dep| {
                    let print = views.fingerprint(&dep);
                    (dep, print)
                })
                .collect(),
            files,
            globals,
            config: hash(config_text),
        }
    }

    /// What `dep` stands for now; `None` when it does not exist.
    pub fn get(&self, dep: &Dep) -> Option<u64> {
        match dep {
            Dep::Link(id) => match self.site.content.tool_title(id) {
                Some(title) => title.map(hash),
                None => self.docs.link(id),
            },
            Dep::Card(id) => self.docs.get(id, 0),
            Dep::Own(id) => self.docs.get(id, 1),
            Dep::Backlinks(id) => self.docs.get(id, 2),
            Dep::CitedBy(id) => self.docs.get(id, 3),
            Dep::Updated(id) => self.docs.get(id, 4),
            Dep::Globals => Some(self.globals),
            Dep::Config => Some(self.config),
            Dep::Template(name) => self.site.theme.template_sources.get(name).map(hash),
            Dep::File(path) => self.files.get(path).copied(),
            Dep::Members(k) => self.members.get(*k).copied().flatten(),
            Dep::Docs => self.docs_list,
            Dep::Checklist(_) | Dep::Calculator(_) => self.tools.get(dep).copied().flatten(),
        }
    }
}

/// The fingerprint of a file's bytes, for [`Dep::File`].
pub fn file_print(bytes: &[u8]) -> u64 {
    hash(bytes)
}

/// The key of a copied file in [`Prints`]: its path relative to the site root.
pub fn file_key(path: &Path) -> String {
    crate::files::slash_path(path)
}
