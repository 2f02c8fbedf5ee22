//! Views of readiness checklists: the interactive checklist page and filled-in
//! checklists shown on example pages.

use super::{LinkView, Views, script_safe_json};
use crate::content::Assessment;
use crate::deps::Dep;
use crate::model::checklist_path;
use serde::Serialize;

/// A scored assessment, ready to show (example pages).
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreLine {
    /// Dimension id.
    pub id: String,
    /// Dimension title.
    pub title: String,
    /// 0..100.
    pub score: f64,
}

/// One question with an answer, as lists on result pages show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
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

impl Views<'_> {
    /// Link views for ids that exist (checklist links are validated beforehand).
    fn links_for(&self, ids: &[String]) -> Vec<LinkView> {
        ids.iter().filter_map(|id| self.link_by_id(id)).collect()
    }

    /// A filled-in checklist as its example page shows it.
    pub(super) fn assessment(&self, a: &Assessment) -> AssessmentView {
        let loaded = &self.content.checklists[a.checklist];
        self.read(Dep::Checklist(loaded.checklist.id.clone()));
        let checklist = &loaded.checklist;
        let outcome = &a.outcome;
        let innovation = a.innovation.as_str();
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
    pub fn checklist_page(&self, ci: usize) -> ChecklistView {
        let checklist = &self.content.checklists[ci].checklist;
        self.read(Dep::Checklist(checklist.id.clone()));
        let intro_html = &self.html.intros[ci].body;
        let strings = self.strings;
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

/// The checklist page's view.
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
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
