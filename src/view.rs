//! What templates see: plain serialisable views made from the model, so the model can
//! change without breaking themes.
//!
//! Views are built only through [`Views`], which records what each one reads
//! ([`crate::deps`]): a page that shows another document's title depends on that
//! document's link, and the record says so because the title was read here.

use crate::config::{FieldType, SiteConfig};
use crate::content::Content;
use crate::deps::{Dep, Reads};
use crate::document::{Doc, DocKind};
use crate::markdown::Heading;
use crate::model::{DocHtml, Html, calculator_path, checklist_path, list_path, page_file};
use serde::Serialize;
use serde_json::Value as Json;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};

mod assessment;
mod calculator;
pub use assessment::*;
pub use calculator::*;

/// The content security policy of every page: scripts, styles, fonts and frames from
/// the site itself only, images also as `data:`; no plug-ins, no `<base>`, forms only to
/// the site. Pages carry it in a `<meta>` tag (templates: `{{ csp }}`); `serve` also
/// sends it as a header, with `frame-ancestors 'none'`, which only a header can set.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";

/// A link to a document, as lists show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkView {
    /// The id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The summary.
    pub summary: String,
    /// Output path relative to the site root; prefix with `root` in templates.
    pub path: String,
    /// Singular name of the kind, or empty for pages.
    pub kind: String,
}

/// A kind, for navigation and listing pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KindView {
    /// Kind id.
    pub id: String,
    /// Singular display name.
    pub singular: String,
    /// Plural display name.
    pub plural: String,
    /// Path of the listing page.
    pub path: String,
    /// Introduction.
    pub intro: String,
    /// Number of entries.
    pub count: usize,
}

/// One field of an entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldView {
    /// Field name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Declared type (`string`, `markdown`, ...).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The value as given (for markdown fields: the rendered HTML).
    pub value: Json,
}

/// A titled group of links: one relation, or one group of backlinks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupView {
    /// Relation name (or `relation:kind` for backlinks).
    pub name: String,
    /// Heading.
    pub label: String,
    /// The linked documents.
    pub items: Vec<LinkView>,
}

/// A citation with its resolved source.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CitationView {
    /// The source document.
    pub source: LinkView,
    /// Chapter or section.
    pub section: String,
    /// The source's full reference, if its kind has a `referentie` field.
    pub reference: String,
}

/// Everything a template needs about one page or entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocView {
    /// The id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Body HTML.
    pub body: String,
    /// Output path.
    pub path: String,
    /// The kind, for entries.
    pub kind: Option<KindView>,
    /// Fields in declaration order.
    pub fields: Vec<FieldView>,
    /// Visible short fields (not markdown, not hidden), for a details list.
    pub details: Vec<FieldView>,
    /// Visible markdown fields, shown as sections of their own.
    pub sections: Vec<FieldView>,
    /// Documents that cite this one as a source.
    pub cited_by: Vec<LinkView>,
    /// Field values by name (markdown fields as HTML).
    pub values: serde_json::Map<String, Json>,
    /// Outgoing relations with at least one target.
    pub relations: Vec<GroupView>,
    /// Incoming relations, grouped by relation and kind.
    pub backlinks: Vec<GroupView>,
    /// Citations.
    pub citations: Vec<CitationView>,
    /// Level-2 headings of the body, for a table of contents.
    pub toc: Vec<Heading>,
    /// A filled-in checklist, scored.
    pub assessment: Option<AssessmentView>,
    /// When the page was last brought up to date, in words (`1 december 2026`); empty
    /// when unknown. Only on the page's own view.
    pub updated: String,
    /// The same date as `2026-12-01`, for `<time datetime>`.
    pub updated_iso: String,
}

/// A page in the list of recent changes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChangeView {
    /// The page.
    pub link: LinkView,
    /// In words, in the site's language.
    pub date: String,
    /// `2026-12-01`.
    pub iso: String,
}

/// A group of entries on a listing page.
#[derive(Debug, Clone, Serialize)]
pub struct ListGroup {
    /// Group heading (the value of the `group_by` field), empty when not grouped.
    pub label: String,
    /// Anchor id of the group.
    pub id: String,
    /// The entries, in order.
    pub items: Vec<DocView>,
}

/// Builds views and records what they read.
pub struct Views<'a> {
    config: &'a SiteConfig,
    content: &'a Content,
    html: &'a Html,
    strings: &'a Json,
    reads: RefCell<Reads>,
}

impl<'a> Views<'a> {
    /// Views over one state of the model. `strings` are the theme's UI strings.
    pub fn new(
        config: &'a SiteConfig,
        content: &'a Content,
        html: &'a Html,
        strings: &'a Json,
    ) -> Self {
        Views {
            config,
            content,
            html,
            strings,
            reads: RefCell::new(Reads::new()),
        }
    }

    /// Everything the views built so far have read.
    pub fn into_reads(self) -> Reads {
        self.reads.into_inner()
    }

    fn read(&self, dep: Dep) {
        self.reads.borrow_mut().insert(dep);
    }

    fn id_of(&self, i: usize) -> String {
        self.content.docs[i].id.clone()
    }

    /// What every template sees. Recorded as [`Dep::Globals`].
    pub fn globals(&self) -> Json {
        self.read(Dep::Globals);
        self.globals_value(false)
    }

    /// The globals; `data` (the data files) only `with_data`: rendering takes the data
    /// straight from the content instead of a copy in the globals, which for a large
    /// data file would be a third copy in memory.
    fn globals_value(&self, with_data: bool) -> Json {
        let kinds: Vec<_> = (0..self.config.kinds.len())
            .map(|k| self.kind_value(k))
            .collect();
        let mut menu: Vec<(i64, &str, usize)> = self
            .content
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == DocKind::Page && d.menu)
            .map(|(i, d)| (d.order.unwrap_or(i64::MAX), d.title.as_str(), i))
            .collect();
        menu.sort();
        let menu: Vec<LinkView> = menu
            .into_iter()
            .map(|(_, _, i)| self.link_value(i))
            .collect();
        let checklists: Vec<Json> = self
            .content
            .checklists
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.checklist.id,
                    "title": c.checklist.title,
                    "summary": c.checklist.summary,
                    "path": checklist_path(&c.checklist.id),
                })
            })
            .collect();
        let mut globals = serde_json::json!({
            "site": {
                "title": self.config.title,
                "description": self.config.description,
                "base_url": self.config.base_url_slash(),
                "language": self.config.language,
                "version": self.config.versie.clone().unwrap_or_default(),
            },
            "footer_pages": self.footer_pages(),
            "feedback_email": self.config.feedback_adres.clone().unwrap_or_default(),
            "search_page": page_file(self.strings, "search_file", "zoeken"),
            "whole_guide_page": page_file(self.strings, "whole_guide_file", "leidraad-compleet"),
            "changes_page": page_file(self.strings, "changes_file", "wijzigingen"),
            "kinds": kinds,
            "menu": menu,
            "checklists": checklists,
            "rekenhulpen": self.calculator_links(),
            "t": self.strings,
            "generator": format!("leidraad {}", env!("CARGO_PKG_VERSION")),
            "csp": CSP,
        });
        if with_data {
            globals["data"] = serde_json::to_value(&self.content.data).unwrap_or_default();
        }
        // A site without the whole guide links to none.
        if !self.config.hele_leidraad.aan
            && let Some(map) = globals.as_object_mut()
        {
            map.remove("whole_guide_page");
        }
        globals
    }

    /// Free pages linked from the footer (`voettekst: true`), by `volgorde`, then title.
    fn footer_pages(&self) -> Vec<LinkView> {
        let mut pages: Vec<(i64, &str, usize)> = self
            .content
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == DocKind::Page && d.footer)
            .map(|(i, d)| (d.order.unwrap_or(i64::MAX), d.title.as_str(), i))
            .collect();
        pages.sort();
        pages
            .into_iter()
            .map(|(_, _, i)| self.link_value(i))
            .collect()
    }

    /// The kind view for kind index `k` (its entry count included).
    pub fn kind(&self, k: usize) -> KindView {
        self.read(Dep::Members(k));
        self.kind_value(k)
    }

    fn kind_value(&self, k: usize) -> KindView {
        let kc = &self.config.kinds[k];
        KindView {
            id: kc.id.clone(),
            singular: kc.singular.clone(),
            plural: kc.plural.clone(),
            path: list_path(&kc.path),
            intro: kc.intro.clone(),
            count: self.content.members[k].len(),
        }
    }

    /// A link to document `i`.
    pub fn link(&self, i: usize) -> LinkView {
        self.read(Dep::Link(self.id_of(i)));
        self.link_value(i)
    }

    /// A link to the document with this id, if it exists (the read is recorded either
    /// way, so the output notices when it appears).
    pub fn link_by_id(&self, id: &str) -> Option<LinkView> {
        self.read(Dep::Link(id.to_string()));
        self.content.by_id.get(id).map(|&i| self.link_value(i))
    }

    fn link_value(&self, i: usize) -> LinkView {
        let d = &self.content.docs[i];
        LinkView {
            id: d.id.clone(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            path: d.out_path.clone(),
            kind: match d.kind {
                DocKind::Entry(k) => self.config.kinds[k].singular.clone(),
                DocKind::Page => String::new(),
            },
        }
    }

    /// Document `i` as a card in a list: title, summary, kind and fields.
    pub fn card(&self, i: usize) -> DocView {
        self.read(Dep::Card(self.id_of(i)));
        self.card_value(i)
    }

    fn card_value(&self, i: usize) -> DocView {
        let d = &self.content.docs[i];
        let html = &self.html.docs[i];
        let (kind, fields, values) = match d.kind {
            DocKind::Entry(k) => {
                let (fields, values) = self.fields(d, k, html);
                (Some(self.kind_value(k)), fields, values)
            }
            DocKind::Page => (None, Vec::new(), serde_json::Map::new()),
        };
        let mut view = DocView {
            id: d.id.clone(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            body: String::new(),
            path: d.out_path.clone(),
            kind,
            fields,
            values,
            relations: Vec::new(),
            backlinks: Vec::new(),
            citations: Vec::new(),
            details: Vec::new(),
            sections: Vec::new(),
            cited_by: Vec::new(),
            assessment: None,
            toc: Vec::new(),
            updated: String::new(),
            updated_iso: String::new(),
        };
        if let DocKind::Entry(k) = d.kind {
            let kc = &self.config.kinds[k];
            for f in &view.fields {
                // A source text's file name means nothing to a reader.
                if kc.fields[&f.name].hidden || f.kind == "source_text" {
                    continue;
                }
                if f.kind == "markdown" {
                    view.sections.push(f.clone());
                } else {
                    view.details.push(f.clone());
                }
            }
        }
        view
    }

    /// Everything about document `i`, for its own page.
    pub fn page(&self, i: usize) -> DocView {
        let id = self.id_of(i);
        self.read(Dep::Own(id.clone()));
        let d = &self.content.docs[i];
        let html = &self.html.docs[i];
        let mut view = self.card_value(i);
        if let DocKind::Entry(k) = d.kind {
            view.kind = Some(self.kind(k));
        }
        view.body = html.body.clone();
        view.toc = html
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .cloned()
            .collect();
        self.read(Dep::CitedBy(id.clone()));
        view.cited_by = self.content.cited_by[i]
            .iter()
            .map(|&c| self.link(c))
            .collect();
        view.relations = self.relations(d);
        self.read(Dep::Backlinks(id));
        view.backlinks = self.backlinks(i);
        merge_same_labels(&mut view.relations, &mut view.backlinks);
        view.citations = self.citations(d);
        view.assessment = self.content.assessments[i]
            .as_ref()
            .map(|a| self.assessment(a));
        if let Some(date) = self.content.updated(i) {
            view.updated = self.date_words(date);
            view.updated_iso = date.to_string();
        }
        view
    }

    /// A date in words with the month names of the theme's strings (`months`).
    pub fn date_words(&self, date: crate::dates::Date) -> String {
        // The theme's `months` string: twelve names separated by spaces.
        let months: Vec<&str> = self.strings["months"]
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        if months.len() == 12 {
            date.dutch(&months)
        } else {
            date.to_string()
        }
    }

    /// The most recently updated documents, newest first (ties by title), at most
    /// `limit`.
    pub fn changes(&self, limit: usize) -> Vec<ChangeView> {
        self.read(Dep::Docs);
        let mut dated: Vec<(crate::dates::Date, usize)> = (0..self.content.docs.len())
            .filter_map(|i| self.updated(i).map(|d| (d, i)))
            .collect();
        dated.sort_by(|a, b| {
            b.0.cmp(&a.0).then_with(|| {
                self.content.docs[a.1]
                    .title
                    .cmp(&self.content.docs[b.1].title)
            })
        });
        dated
            .into_iter()
            .take(limit)
            .map(|(date, i)| ChangeView {
                link: self.link(i),
                date: self.date_words(date),
                iso: date.to_string(),
            })
            .collect()
    }

    fn fields(
        &self,
        d: &Doc,
        k: usize,
        html: &DocHtml,
    ) -> (Vec<FieldView>, serde_json::Map<String, Json>) {
        let kc = &self.config.kinds[k];
        let mut fields = Vec::new();
        let mut values = serde_json::Map::new();
        for (name, value) in &d.fields {
            let spec = &kc.fields[name];
            let json = if spec.kind == FieldType::Markdown {
                let h = html
                    .fields
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, h)| h.clone())
                    .unwrap_or_default();
                Json::String(h)
            } else {
                serde_json::to_value(value).unwrap_or(Json::Null)
            };
            values.insert(name.clone(), json.clone());
            fields.push(FieldView {
                name: name.clone(),
                label: kc.field_label(name).to_string(),
                kind: type_name(spec.kind),
                value: json,
            });
        }
        (fields, values)
    }

    fn relations(&self, d: &Doc) -> Vec<GroupView> {
        let DocKind::Entry(k) = d.kind else {
            return Vec::new();
        };
        let kc = &self.config.kinds[k];
        d.relations
            .iter()
            .filter_map(|(name, refs)| {
                let spec = kc.relations.iter().find(|r| &r.name == name)?;
                let items: Vec<LinkView> =
                    refs.iter().filter_map(|r| self.link_by_id(&r.id)).collect();
                (!items.is_empty()).then(|| GroupView {
                    name: name.clone(),
                    label: spec.label.clone(),
                    items,
                })
            })
            .collect()
    }

    fn backlinks(&self, i: usize) -> Vec<GroupView> {
        let mut groups: Vec<GroupView> = Vec::new();
        for &(from, rel) in &self.content.backlinks[i] {
            let DocKind::Entry(k) = self.content.docs[from].kind else {
                continue;
            };
            let kc = &self.config.kinds[k];
            let spec = &kc.relations[rel];
            let name = format!("{}:{}", spec.name, kc.id);
            let link = self.link(from);
            match groups.iter_mut().find(|g| g.name == name) {
                Some(g) => g.items.push(link),
                None => groups.push(GroupView {
                    name,
                    label: spec.backlink_label.clone(),
                    items: vec![link],
                }),
            }
        }
        for g in &mut groups {
            g.items.sort_by_key(|l| l.title.to_lowercase());
        }
        groups
    }

    fn citations(&self, d: &Doc) -> Vec<CitationView> {
        d.citations
            .iter()
            .filter_map(|c| {
                let &s = self.content.by_id.get(&c.source)?;
                let card = self.card(s);
                let reference = card
                    .values
                    .get("referentie")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string();
                Some(CitationView {
                    source: self.link(s),
                    section: c.section.clone(),
                    reference,
                })
            })
            .collect()
    }

    /// The entries of kind `k`, ordered and grouped as the kind's configuration says.
    pub fn list_groups(&self, k: usize) -> Vec<ListGroup> {
        self.read(Dep::Members(k));
        let kc = &self.config.kinds[k];
        let members = &self.content.members[k];
        let Some(group_field) = &kc.group_by else {
            return vec![ListGroup {
                label: String::new(),
                id: String::new(),
                items: members.iter().map(|&i| self.card(i)).collect(),
            }];
        };
        let docs = &self.content.docs;
        let mut labels: Vec<String> = kc
            .fields
            .get(group_field)
            .and_then(|f| f.values.clone())
            .unwrap_or_default();
        let value_of = |i: usize| {
            docs[i]
                .field(group_field)
                .map(|v| match v {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                })
                .unwrap_or_default()
        };
        for &i in members {
            let v = value_of(i);
            if !labels.contains(&v) {
                labels.push(v);
            }
        }
        labels
            .into_iter()
            .filter_map(|label| {
                let items: Vec<DocView> = members
                    .iter()
                    .filter(|&&i| value_of(i) == label)
                    .map(|&i| self.card(i))
                    .collect();
                (!items.is_empty()).then(|| ListGroup {
                    id: crate::markdown::slugify(&label),
                    label,
                    items,
                })
            })
            .collect()
    }

    /// Every page of the sitemap: path and the date of its last update (may be empty).
    pub fn sitemap_paths(&self) -> Vec<Json> {
        self.read(Dep::Docs);
        let mut paths: Vec<(String, String)> = (0..self.content.docs.len())
            .map(|i| {
                let d = &self.content.docs[i];
                let path = if d.out_path == "index.html" {
                    String::new()
                } else {
                    d.out_path.clone()
                };
                let lastmod = self.updated(i).map(|d| d.to_string()).unwrap_or_default();
                (path, lastmod)
            })
            .collect();
        paths.extend(
            self.config
                .kinds
                .iter()
                .map(|k| (format!("{}/", k.path), String::new())),
        );
        paths.extend(self.content.checklists.iter().map(|c| {
            self.read(Dep::Checklist(c.checklist.id.clone()));
            (checklist_path(&c.checklist.id), String::new())
        }));
        paths.extend(self.content.calculators.iter().map(|c| {
            self.read(Dep::Calculator(c.calculator.id.clone()));
            (calculator_path(&c.calculator.id), String::new())
        }));
        paths.sort();
        paths
            .into_iter()
            .map(|(path, lastmod)| serde_json::json!({ "path": path, "lastmod": lastmod }))
            .collect()
    }

    /// The entries of kind `k` in listing order.
    pub fn kind_members(&self, k: usize) -> Vec<usize> {
        self.read(Dep::Members(k));
        self.content.members.get(k).cloned().unwrap_or_default()
    }

    /// When document `i` was last updated (front matter or git).
    pub fn updated(&self, i: usize) -> Option<crate::dates::Date> {
        self.read(Dep::Updated(self.id_of(i)));
        self.content.updated(i)
    }

    /// A fingerprint of what `dep` stands for in this state of the model, built by the
    /// same code that builds the views, so a change is detected exactly when a view
    /// would differ. `None` when it does not exist.
    pub fn fingerprint(&self, dep: &Dep) -> Option<u64> {
        let doc = |id: &str| self.content.by_id.get(id).copied();
        Some(match dep {
            Dep::Globals => hash(&self.globals_value(true).to_string()),
            Dep::Link(id) => hash(&format!("{:?}", self.link_value(doc(id)?))),
            Dep::Card(id) => hash(&format!("{:?}", self.card_value(doc(id)?))),
            Dep::Own(id) => {
                let i = doc(id)?;
                hash(&(
                    format!("{:?}", self.content.docs[i]),
                    &self.html.docs[i],
                    format!("{:?}", self.content.assessments[i]),
                    self.content.updated(i),
                ))
            }
            Dep::Updated(id) => hash(&self.content.updated(doc(id)?)),
            Dep::Backlinks(id) => {
                let i = doc(id)?;
                let list: Vec<(&str, usize)> = self.content.backlinks[i]
                    .iter()
                    .map(|&(s, r)| (self.content.docs[s].id.as_str(), r))
                    .collect();
                hash(&list)
            }
            Dep::CitedBy(id) => {
                let i = doc(id)?;
                let list: Vec<&str> = self.content.cited_by[i]
                    .iter()
                    .map(|&s| self.content.docs[s].id.as_str())
                    .collect();
                hash(&list)
            }
            Dep::Members(k) => {
                let list: Vec<&str> = self
                    .content
                    .members
                    .get(*k)?
                    .iter()
                    .map(|&i| self.content.docs[i].id.as_str())
                    .collect();
                hash(&list)
            }
            Dep::Docs => {
                let list: Vec<&str> = self
                    .content
                    .docs
                    .iter()
                    .map(|d| d.out_path.as_str())
                    .collect();
                hash(&list)
            }
            Dep::Checklist(id) => {
                let ci = self
                    .content
                    .checklists
                    .iter()
                    .position(|c| &c.checklist.id == id)?;
                hash(&(
                    format!("{:?}", self.content.checklists[ci].checklist),
                    &self.html.intros[ci],
                ))
            }
            Dep::Calculator(id) => {
                let c = self
                    .content
                    .calculators
                    .iter()
                    .find(|c| &c.calculator.id == id)?;
                hash(&format!("{:?}", c.calculator))
            }
            // Templates, the configuration and copied files are fingerprinted by the
            // session, which holds their text (`crate::fingerprint`).
            Dep::Template(_) | Dep::Config | Dep::File(_) => return None,
        })
    }
}

/// Folds each backlink group into the relation group with the same heading (a symmetric
/// relation such as "Hangt samen met" on both sides), so the page shows it once: the
/// relation's own links first, then the backlinks it lacks.
fn merge_same_labels(relations: &mut [GroupView], backlinks: &mut Vec<GroupView>) {
    backlinks.retain(|b| {
        let Some(r) = relations.iter_mut().find(|r| r.label == b.label) else {
            return true;
        };
        for l in &b.items {
            if !r.items.iter().any(|x| x.path == l.path) {
                r.items.push(l.clone());
            }
        }
        false
    });
}

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn type_name(t: FieldType) -> &'static str {
    match t {
        FieldType::String => "string",
        FieldType::Markdown => "markdown",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
        FieldType::List => "list",
        FieldType::Any => "any",
        FieldType::Assessment => "assessment",
        FieldType::SourceText => "source_text",
    }
}

/// JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` are
/// escaped so no content can close the script element.
pub fn script_safe_json(value: &Json) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(id: &str) -> LinkView {
        LinkView {
            id: id.into(),
            title: id.into(),
            summary: String::new(),
            path: format!("k/{id}.html"),
            kind: "Knelpunt".into(),
        }
    }

    fn group(name: &str, label: &str, ids: &[&str]) -> GroupView {
        GroupView {
            name: name.into(),
            label: label.into(),
            items: ids.iter().map(|i| link(i)).collect(),
        }
    }

    #[test]
    fn a_backlink_group_with_a_relation_label_joins_that_relation() {
        let mut relations = vec![
            group("hangt_samen_met", "Hangt samen met", &["b", "c"]),
            group("leidt_tot", "Leidt tot", &["x"]),
        ];
        let mut backlinks = vec![
            group("hangt_samen_met:knelpunt", "Hangt samen met", &["a", "c"]),
            group("leidt_tot:faalfactor", "Veroorzaakt door", &["f"]),
        ];
        merge_same_labels(&mut relations, &mut backlinks);
        let ids: Vec<&str> = relations[0].items.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"], "relation order first, no duplicates");
        assert_eq!(relations[1].items.len(), 1);
        assert_eq!(backlinks.len(), 1);
        assert_eq!(backlinks[0].label, "Veroorzaakt door");
    }
}
