//! The view of a calculator page (rekenhulp): the texts of every input with their
//! citations resolved to source titles, and the model the page's script computes with.

use super::{Views, script_safe_json};
use crate::calculator::{Field, Note};
use crate::deps::Dep;
use crate::model::{DocHtml, calculator_path};
use serde::Serialize;
use serde_json::Value as Json;

/// A citation as shown: the source's title (linked) and the chapter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CiteView {
    /// Title of the source document (the id when it does not exist).
    pub title: String,
    /// Its output path; empty when it does not exist.
    pub path: String,
    /// Chapter or section.
    pub section: String,
}

/// One input as the form shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputView {
    /// Label.
    pub label: String,
    /// Help.
    pub help: String,
    /// The default as the form shows it (a choice's label, a discount in percent),
    /// empty when there is none.
    pub default: String,
    /// Where the default or help comes from.
    pub cite: Option<CiteView>,
    /// The choices of a choice input.
    pub options: Vec<ChoiceView>,
}

/// One choice of a choice input.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChoiceView {
    /// The word an input file uses.
    pub id: String,
    /// Label.
    pub label: String,
    /// Help.
    pub help: String,
}

/// A cited remark.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NoteView {
    /// The text.
    pub text: String,
    /// Its source.
    pub cite: CiteView,
}

/// The calculator page's view.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CalculatorView {
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
    /// Every input by name (for lookup: templates iterate maps in no fixed order).
    pub inputs: std::collections::BTreeMap<String, InputView>,
    /// The inputs that have a default, in form order.
    pub defaults: Vec<InputView>,
    /// Hints for choosing a discount.
    pub hints: Vec<NoteView>,
    /// What the model leaves out.
    pub left_out: Vec<NoteView>,
    /// The calculator's own citations.
    pub citations: Vec<CiteView>,
    /// The example's title.
    pub example_title: String,
    /// Where the example's numbers come from.
    pub example_text: String,
    /// What the page's script needs: ids, defaults, labels, the example, the strings.
    pub model_json: String,
}

impl Views<'_> {
    /// The calculators, for navigation: id, title, summary, path.
    pub fn calculator_links(&self) -> Vec<Json> {
        self.content
            .calculators
            .iter()
            .map(|c| {
                let c = &c.calculator;
                serde_json::json!({
                    "id": c.id,
                    "title": c.title,
                    "summary": c.summary,
                    "path": calculator_path(&c.id),
                })
            })
            .collect()
    }

    fn cite(&self, source: &str, section: &str) -> CiteView {
        let link = self.link_by_id(source);
        CiteView {
            title: link
                .as_ref()
                .map_or(source.to_string(), |l| l.title.clone()),
            path: link.map(|l| l.path).unwrap_or_default(),
            section: section.to_string(),
        }
    }

    fn notes(&self, notes: &[Note]) -> Vec<NoteView> {
        notes
            .iter()
            .map(|n| NoteView {
                text: n.tekst.clone(),
                cite: self.cite(&n.bron, &n.sectie),
            })
            .collect()
    }

    fn input_view(&self, name: &str, f: &Field) -> InputView {
        let sep = self.strings["decimal_separator"].as_str().unwrap_or(".");
        InputView {
            label: f.label.clone(),
            help: f.hulp.clone(),
            default: match &f.standaard {
                Some(Json::String(s)) => f.opties.get(s).map_or(s.clone(), |c| c.label.clone()),
                Some(v) if name == "korting" => format!(
                    "{}%",
                    crate::theme::format_number(v.as_f64().unwrap_or(0.0) * 100.0, sep)
                ),
                Some(v) => v.to_string(),
                None => String::new(),
            },
            cite: f
                .bron
                .as_ref()
                .map(|b| self.cite(b, f.sectie.as_deref().unwrap_or_default())),
            options: f
                .opties
                .iter()
                .map(|(id, c)| ChoiceView {
                    id: id.clone(),
                    label: c.label.clone(),
                    help: c.hulp.clone(),
                })
                .collect(),
        }
    }

    /// The page of calculator `ci`, with its introduction rendered by the caller.
    pub fn calculator_page(&self, ci: usize, intro: &DocHtml) -> CalculatorView {
        let c = &self.content.calculators[ci].calculator;
        self.read(Dep::Calculator(c.id.clone()));
        for id in &intro.reads {
            self.read(Dep::Link(id.clone()));
        }
        let inputs: std::collections::BTreeMap<String, InputView> = c
            .inputs
            .fields()
            .into_iter()
            .map(|(name, f)| (name.to_string(), self.input_view(name, f)))
            .collect();
        let defaults = c
            .inputs
            .fields()
            .into_iter()
            .filter_map(|(name, _)| inputs.get(name))
            .filter(|v| !v.default.is_empty())
            .cloned()
            .collect();
        // The script needs labels and defaults, not the help it finds in the page.
        let fields: serde_json::Map<String, Json> = c
            .inputs
            .fields()
            .into_iter()
            .map(|(name, f)| {
                let mut v = serde_json::json!({ "label": f.label });
                if let Some(d) = &f.standaard {
                    v["standaard"] = d.clone();
                }
                if !f.opties.is_empty() {
                    let labels: serde_json::Map<String, Json> = f
                        .opties
                        .iter()
                        .map(|(k, o)| (k.clone(), Json::from(o.label.clone())))
                        .collect();
                    v["opties"] = Json::Object(labels);
                }
                (name.to_string(), v)
            })
            .collect();
        let strings: serde_json::Map<String, Json> = self
            .strings
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| k.starts_with("rekenhulp_") && !k.starts_with("rekenhulp_page_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let model = serde_json::json!({
            "calculator": {
                "id": c.id,
                "versie": c.version,
                "titel": c.title,
                "invoer": fields,
                "voorbeeld": { "titel": c.example.titel, "invoer": c.example.invoer },
            },
            "strings": strings,
        });
        CalculatorView {
            id: c.id.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            version: c.version.clone(),
            intro: intro.body.clone(),
            path: calculator_path(&c.id),
            inputs,
            defaults,
            hints: self.notes(&c.hints),
            left_out: self.notes(&c.left_out),
            citations: c
                .citations
                .iter()
                .map(|b| self.cite(&b.bron, &b.sectie))
                .collect(),
            example_title: c.example.titel.clone(),
            example_text: c.example.uitleg.clone(),
            model_json: script_safe_json(&model),
        }
    }
}
