//! What templates see: plain serialisable views made from the content model, so the
//! model can change without breaking themes.

use crate::config::{FieldType, SiteConfig};
use crate::content::{Content, Doc, DocKind};
use crate::markdown::Heading;
use serde::Serialize;
use serde_json::Value as Json;

/// HTML produced from one document's Markdown (body and markdown fields), plus its
/// filled-in checklist, if any.
#[derive(Debug, Clone, Default)]
pub struct DocHtml {
    /// The body.
    pub body: String,
    /// Markdown fields by name.
    pub fields: Vec<(String, String)>,
    /// The body's headings.
    pub headings: Vec<Heading>,
    /// The scored assessment of an `assessment` field.
    pub assessment: Option<AssessmentView>,
    /// Links to anchors in other documents, checked once all headings are known.
    pub anchor_refs: Vec<crate::markdown::AnchorRef>,
    /// Ids this document's Markdown links to.
    pub links_to: Vec<String>,
    /// Images without alternative text (line, column), for `leidraad check`.
    pub images_without_alt: Vec<(usize, usize)>,
}

/// A scored assessment, ready to show (example pages).
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    /// The checklist: `id`, `title`, `path`.
    pub checklist: LinkView,
    /// Name of the innovation assessed.
    pub innovation: String,
    /// Total score.
    pub score: f64,
    /// The band: `id`, `title`, `explanation`.
    pub band: BandView,
    /// Dimension scores with titles.
    pub dimensions: Vec<ScoreLine>,
    /// Knock-out answers with their explanation.
    pub knockouts: Vec<AnswerLine>,
    /// Weak points with advice and links.
    pub advice: Vec<AnswerLine>,
    /// Questions still open.
    pub open: Vec<String>,
    /// What to arrange first.
    pub next_steps: Vec<AnswerLine>,
    /// Every question: text, answer, weight, points.
    pub questions: Vec<AnswerLine>,
}

/// A band as shown.
#[derive(Debug, Clone, Serialize)]
pub struct BandView {
    /// Band id.
    pub id: String,
    /// Lowest total in the band.
    pub from: f64,
    /// Heading.
    pub title: String,
    /// Meaning.
    pub explanation: String,
}

impl From<&crate::checklist::Band> for BandView {
    fn from(b: &crate::checklist::Band) -> Self {
        BandView {
            id: b.id.clone(),
            from: b.from,
            title: b.title.clone(),
            explanation: b.explanation.clone(),
        }
    }
}

/// A titled score (a dimension).
#[derive(Debug, Clone, Serialize)]
pub struct ScoreLine {
    /// Dimension id.
    pub id: String,
    /// Dimension title.
    pub title: String,
    /// 0..100.
    pub score: f64,
}

/// One question with an answer, as lists on result pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerLine {
    /// Question id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Label of the option (chosen, or best for next steps).
    pub answer: String,
    /// Advice text.
    pub text: String,
    /// Guidance pages.
    pub links: Vec<LinkView>,
    /// Weight of the question.
    pub weight: f64,
    /// Points earned, or points to gain for next steps.
    pub points: f64,
}

/// A link to a document, as lists show it.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Relation name (or `relation:kind` for backlinks).
    pub name: String,
    /// Heading.
    pub label: String,
    /// The linked documents.
    pub items: Vec<LinkView>,
}

/// A citation with its resolved source.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// The source document.
    pub source: LinkView,
    /// Chapter or section.
    pub section: String,
    /// The source's full reference, if its kind has a `referentie` field.
    pub reference: String,
}

/// Everything a template needs about one page or entry.
#[derive(Debug, Clone, Serialize)]
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

/// Builds views; holds the site so callers pass one value around.
pub struct Views<'a> {
    config: &'a SiteConfig,
    content: &'a Content,
    html: &'a [DocHtml],
    kind_counts: Vec<usize>,
}

/// How much of a document a view carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Title, summary and fields: enough for a card in a list.
    Card,
    /// Everything, including body, relations, backlinks and citations.
    Full,
}

impl<'a> Views<'a> {
    /// Views over a loaded site. `html` may be empty when only links and kinds are needed.
    pub fn new(config: &'a SiteConfig, content: &'a Content, html: &'a [DocHtml]) -> Self {
        let mut kind_counts = vec![0; config.kinds.len()];
        for d in &content.docs {
            if let DocKind::Entry(k) = d.kind {
                kind_counts[k] += 1;
            }
        }
        Views {
            config,
            content,
            html,
            kind_counts,
        }
    }

    /// The kind view for kind index `k`.
    pub fn kind(&self, k: usize) -> KindView {
        let kc = &self.config.kinds[k];
        KindView {
            id: kc.id.clone(),
            singular: kc.singular.clone(),
            plural: kc.plural.clone(),
            path: format!("{}/index.html", kc.path),
            intro: kc.intro.clone(),
            count: self.kind_counts[k],
        }
    }

    /// A link to document `i`.
    pub fn link(&self, i: usize) -> LinkView {
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

    /// View of document `i`, as detailed as asked.
    pub fn doc(&self, i: usize, detail: Detail) -> DocView {
        let d = &self.content.docs[i];
        let html = &self.html[i];
        let full = detail == Detail::Full;
        let (kind, fields, values) = match d.kind {
            DocKind::Entry(k) => {
                let (fields, values) = self.fields(d, k, html);
                (Some(self.kind(k)), fields, values)
            }
            DocKind::Page => (None, Vec::new(), serde_json::Map::new()),
        };
        let mut view = DocView {
            id: d.id.clone(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            body: if full {
                html.body.clone()
            } else {
                String::new()
            },
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
            assessment: if full { html.assessment.clone() } else { None },
            toc: if full {
                html.headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            },
        };
        if let DocKind::Entry(k) = d.kind {
            let kc = &self.config.kinds[k];
            for f in &view.fields {
                if kc.fields[&f.name].hidden {
                    continue;
                }
                if f.kind == "markdown" {
                    view.sections.push(f.clone());
                } else {
                    view.details.push(f.clone());
                }
            }
        }
        if full {
            view.cited_by = self.content.cited_by[i]
                .iter()
                .map(|&c| self.link(c))
                .collect();
            view.relations = self.relations(d);
            view.backlinks = self.backlinks(i);
            view.citations = self.citations(d);
        }
        view
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
                let items: Vec<LinkView> = refs
                    .iter()
                    .filter_map(|r| self.content.by_id.get(&r.id).map(|&t| self.link(t)))
                    .collect();
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
            let src = &self.content.docs[from];
            let DocKind::Entry(k) = src.kind else {
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
                let reference = self.content.docs[s]
                    .field("referentie")
                    .and_then(|v| v.as_str())
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
        let kc = &self.config.kinds[k];
        let mut members: Vec<usize> = (0..self.content.docs.len())
            .filter(|&i| self.content.docs[i].kind == DocKind::Entry(k))
            .collect();
        let docs = &self.content.docs;
        let order_field = kc.order_by.as_deref().filter(|f| *f != "title");
        // Explicit `volgorde` first, then the kind's order field, then the title.
        let key = |i: usize| {
            let d = &docs[i];
            let field = order_field
                .and_then(|f| d.field(f))
                .and_then(|v| v.as_f64());
            (d.order, field, d.title.to_lowercase())
        };
        members.sort_by(|&a, &b| {
            let (ka, kb) = (key(a), key(b));
            let none_last = |x: bool, y: bool| x.cmp(&y);
            none_last(ka.0.is_none(), kb.0.is_none())
                .then(ka.0.cmp(&kb.0))
                .then(none_last(ka.1.is_none(), kb.1.is_none()))
                .then(ka.1.unwrap_or(0.0).total_cmp(&kb.1.unwrap_or(0.0)))
                .then(ka.2.cmp(&kb.2))
        });
        let Some(group_field) = &kc.group_by else {
            return vec![ListGroup {
                label: String::new(),
                id: String::new(),
                items: members
                    .into_iter()
                    .map(|i| self.doc(i, Detail::Card))
                    .collect(),
            }];
        };
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
        for &i in &members {
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
                    .map(|&i| self.doc(i, Detail::Card))
                    .collect();
                (!items.is_empty()).then(|| ListGroup {
                    id: crate::markdown::slugify(&label),
                    label,
                    items,
                })
            })
            .collect()
    }
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
    }
}

/// Output path of a checklist page.
pub fn checklist_path(id: &str) -> String {
    format!("checklist/{id}.html")
}

impl Views<'_> {
    /// Link views for ids that exist (checklist links are validated beforehand).
    fn links_for(&self, ids: &[String]) -> Vec<LinkView> {
        ids.iter()
            .filter_map(|id| self.content.by_id.get(id).map(|&i| self.link(i)))
            .collect()
    }

    /// Turns a scored outcome into what a result template shows.
    pub fn assessment(
        &self,
        checklist: &crate::checklist::Checklist,
        outcome: &crate::assess::Outcome,
        innovation: &str,
    ) -> AssessmentView {
        let question = |id: &str| checklist.question(id);
        let label = |qid: &str, oid: &str| {
            question(qid)
                .and_then(|q| q.options.iter().find(|o| o.id == oid))
                .map_or(String::new(), |o| o.label.clone())
        };
        let text_of = |qid: &str| question(qid).map_or(String::new(), |q| q.text.clone());
        let band = checklist
            .bands
            .iter()
            .find(|b| b.id == outcome.band)
            .map(BandView::from)
            // The engine only returns bands of the checklist; this keeps a template working
            // should that ever change.
            .unwrap_or_else(|| BandView {
                id: outcome.band.clone(),
                from: 0.0,
                title: outcome.band.clone(),
                explanation: String::new(),
            });
        let line =
            |qid: &str, oid: &str, text: String, links: &[String], weight: f64, points: f64| {
                AnswerLine {
                    id: qid.to_string(),
                    question: text_of(qid),
                    answer: label(qid, oid),
                    text,
                    links: self.links_for(links),
                    weight,
                    points,
                }
            };
        let advice_of = |qid: &str| outcome.advice.iter().find(|a| a.question == qid);
        AssessmentView {
            checklist: LinkView {
                id: checklist.id.clone(),
                title: checklist.title.clone(),
                summary: checklist.summary.clone(),
                path: checklist_path(&checklist.id),
                kind: String::new(),
            },
            innovation: innovation.to_string(),
            score: outcome.score,
            band,
            dimensions: outcome
                .dimensions
                .iter()
                .zip(&checklist.dimensions)
                .map(|(s, d)| ScoreLine {
                    id: s.id.clone(),
                    title: d.title.clone(),
                    score: s.score,
                })
                .collect(),
            knockouts: outcome
                .knockouts
                .iter()
                .filter_map(|q| advice_of(q))
                .map(|a| line(&a.question, &a.option, a.text.clone(), &a.links, 0.0, 0.0))
                .collect(),
            advice: outcome
                .advice
                .iter()
                .map(|a| line(&a.question, &a.option, a.text.clone(), &a.links, 0.0, 0.0))
                .collect(),
            open: outcome.open.iter().map(|q| text_of(q)).collect(),
            next_steps: outcome
                .next_steps
                .iter()
                .map(|s| line(&s.question, &s.option, String::new(), &[], 0.0, s.gain))
                .collect(),
            questions: outcome
                .questions
                .iter()
                .map(|q| {
                    let mut l = line(&q.id, &q.option, String::new(), &[], q.weight, q.points);
                    if q.option == crate::assess::DONT_KNOW {
                        l.answer = String::new();
                    }
                    l
                })
                .collect(),
        }
    }

    /// The checklist page: the questions for reading without JavaScript, and the model
    /// the page's script scores with.
    pub fn checklist_page(
        &self,
        checklist: &crate::checklist::Checklist,
        intro_html: &str,
        strings: &Json,
    ) -> ChecklistView {
        let mut entries = serde_json::Map::new();
        let dimensions = checklist
            .dimensions
            .iter()
            .map(|d| ChecklistDimension {
                id: d.id.clone(),
                title: d.title.clone(),
                explanation: d.explanation.clone(),
                questions: d
                    .questions
                    .iter()
                    .map(|q| ChecklistQuestion {
                        id: q.id.clone(),
                        text: q.text.clone(),
                        help: q.help.clone(),
                        weight: q.weight,
                        options: q
                            .options
                            .iter()
                            .map(|o| {
                                let links = self.links_for(&o.links);
                                for l in &links {
                                    entries.insert(
                                        l.id.clone(),
                                        serde_json::json!({"title": l.title, "path": l.path}),
                                    );
                                }
                                ChecklistOption {
                                    id: o.id.clone(),
                                    label: o.label.clone(),
                                    score: o.score,
                                    knockout: o.knockout,
                                    advice: o.advice.clone(),
                                    links,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let model = serde_json::json!({
            "checklist": checklist,
            "entries": entries,
            "strings": strings,
        });
        ChecklistView {
            id: checklist.id.clone(),
            title: checklist.title.clone(),
            summary: checklist.summary.clone(),
            version: checklist.version.clone(),
            intro: intro_html.to_string(),
            path: checklist_path(&checklist.id),
            bands: checklist.bands.iter().map(BandView::from).collect(),
            dimensions,
            question_count: checklist.questions().count(),
            total_weight: checklist.questions().map(|q| q.weight).sum(),
            model_json: script_safe_json(&model),
        }
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

/// The checklist page's view.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Version.
    pub version: String,
    /// Introduction as HTML.
    pub intro: String,
    /// Output path.
    pub path: String,
    /// Bands, as declared.
    pub bands: Vec<BandView>,
    /// Dimensions with questions and options.
    pub dimensions: Vec<ChecklistDimension>,
    /// Number of questions.
    pub question_count: usize,
    /// Sum of all weights.
    pub total_weight: f64,
    /// The model for the page's script, safe to embed in a script element.
    pub model_json: String,
}

/// A dimension on the checklist page.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistDimension {
    /// Id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Explanation.
    pub explanation: String,
    /// Questions.
    pub questions: Vec<ChecklistQuestion>,
}

/// A question on the checklist page.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistQuestion {
    /// Id.
    pub id: String,
    /// The question.
    pub text: String,
    /// Help text.
    pub help: String,
    /// Weight.
    pub weight: f64,
    /// Options (the template adds "weet niet").
    pub options: Vec<ChecklistOption>,
}

/// An option on the checklist page.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistOption {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Score 0..1.
    pub score: f64,
    /// Knock-out.
    pub knockout: bool,
    /// Advice.
    pub advice: String,
    /// Guidance pages.
    pub links: Vec<LinkView>,
}
