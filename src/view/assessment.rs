//! Views of readiness checklists: the interactive checklist page and filled-in
//! checklists shown on example pages. A filled-in checklist is the engine's outcome laid
//! out with links resolved; nothing about the verdict is decided here.

use super::{LinkView, Views, script_safe_json};
use crate::assess::{BandInfo, DimensionScore, Level, Status};
use crate::checklist::{DONT_KNOW, Nature};
use crate::content::Assessment;
use crate::deps::Dep;
use crate::model::checklist_path;
use crate::report::Strings;
use serde::Serialize;

/// A scored assessment, ready to show (example pages).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AssessmentView {
    /// The checklist: `id`, `title`, `path`.
    pub checklist: LinkView,
    /// Name of the innovation assessed.
    pub innovation: String,
    /// `empty`, `complete`, `decided` or `undecided`.
    pub status: Status,
    /// The one-line verdict in the site's language ("Score tussen 58 en 66 van 100").
    pub verdict: String,
    /// "12 van 29 vragen beantwoord (40% van het gewicht)".
    pub coverage: String,
    /// Lowest and highest possible score.
    pub score_min: u32,
    /// Highest possible score.
    pub score_max: u32,
    /// The band when decided.
    pub band: Option<BandInfo>,
    /// The band of the lowest and of the highest possible score.
    pub band_low: BandInfo,
    /// See `band_low`.
    pub band_high: BandInfo,
    /// Score range per dimension.
    pub dimensions: Vec<DimensionScore>,
    /// Every cap that applies ("Eerst regelen"), in the engine's order.
    pub caps: Vec<CapView>,
    /// Steps, in the engine's order.
    pub next_steps: Vec<StepView>,
    /// Advice, in question order, with its level.
    pub advice: Vec<AdviceView>,
    /// Open questions, in the engine's order.
    pub open: Vec<OpenView>,
    /// Every question with its answer and the justification given for it.
    pub answers: Vec<AnswerRow>,
}

/// A next step with its guidance pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StepView {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Chosen answer.
    pub option_label: String,
    /// The answer to reach.
    pub target_label: String,
    /// Whether the chosen answer is a knock-out.
    pub knockout: bool,
    /// Points gained.
    pub gain: f64,
    /// Guidance pages.
    pub links: Vec<LinkView>,
}

/// A cap with its band and guidance pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CapView {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Chosen answer.
    pub option_label: String,
    /// The highest band the result can have while this answer stands.
    pub band: BandInfo,
    /// "hoogstens «…»" in the site's language.
    pub band_label: String,
    /// Whether it is a knock-out.
    pub knockout: bool,
    /// The advice.
    pub text: String,
    /// Guidance pages.
    pub links: Vec<LinkView>,
}

/// Advice with its guidance pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AdviceView {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Chosen answer.
    pub option_label: String,
    /// `knockout`, `zwak` or `aandacht`.
    pub level: Level,
    /// The level in the site's language.
    pub level_label: String,
    /// The advice.
    pub text: String,
    /// Guidance pages.
    pub links: Vec<LinkView>,
}

/// An open question with its guidance pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenView {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// It could knock out.
    pub could_knock_out: bool,
    /// The lowest band an answer could cap the result at.
    pub could_cap: Option<BandInfo>,
    /// Points it can still move the score.
    pub moves: f64,
    /// The points it can move and the cap it could bring, in the site's language.
    pub extra: String,
    /// Guidance pages.
    pub links: Vec<LinkView>,
}

/// One question of a filled-in checklist, as the answers table shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerRow {
    /// Question id.
    pub id: String,
    /// The question.
    pub question: String,
    /// The chosen answer's label, empty when not answered.
    pub answer: String,
    /// The justification written for this answer (`toelichting`).
    pub note: String,
    /// Points earned.
    pub points: f64,
    /// The question's weight.
    pub weight: f64,
}

/// A band on the checklist page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BandView {
    /// Band id.
    pub id: String,
    /// Lowest score in the band.
    pub from: f64,
    /// Heading.
    pub title: String,
    /// Meaning.
    pub explanation: String,
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
        let o = &a.outcome;
        let t = Strings(self.strings);
        let answers = o
            .questions
            .iter()
            .filter_map(|q| {
                let question = checklist.question(&q.id)?;
                let answer = question
                    .options
                    .iter()
                    .find(|opt| opt.id == q.option && q.option != DONT_KNOW)
                    .map_or(String::new(), |opt| opt.label.clone());
                Some(AnswerRow {
                    id: q.id.clone(),
                    question: question.text.clone(),
                    answer,
                    note: a.notes.get(&q.id).cloned().unwrap_or_default(),
                    points: q.points,
                    weight: q.weight,
                })
            })
            .collect();
        AssessmentView {
            checklist: LinkView {
                id: checklist.id.clone(),
                title: checklist.title.clone(),
                summary: checklist.summary.clone(),
                path: checklist_path(&checklist.id),
                kind: String::new(),
            },
            innovation: a.innovation.clone(),
            status: o.status,
            verdict: t.verdict(o),
            coverage: t.get(
                "coverage",
                &[
                    ("answered", o.answered.to_string()),
                    ("total", o.total.to_string()),
                    ("coverage", o.coverage.to_string()),
                ],
            ),
            score_min: o.score_min,
            score_max: o.score_max,
            band: o.band.clone(),
            band_low: o.band_low.clone(),
            band_high: o.band_high.clone(),
            dimensions: o.dimensions.clone(),
            caps: o
                .caps
                .iter()
                .map(|c| CapView {
                    question: c.question.clone(),
                    question_text: c.question_text.clone(),
                    option_label: c.option_label.clone(),
                    band: c.band.clone(),
                    band_label: t.get("cap_band", &[("band", c.band.title.clone())]),
                    knockout: c.knockout,
                    text: c.text.clone(),
                    links: self.links_for(&c.links),
                })
                .collect(),
            next_steps: o
                .next_steps
                .iter()
                .map(|s| StepView {
                    question: s.question.clone(),
                    question_text: s.question_text.clone(),
                    option_label: s.option_label.clone(),
                    target_label: s.target_label.clone(),
                    knockout: s.knockout,
                    gain: s.gain,
                    links: self.links_for(&s.links),
                })
                .collect(),
            advice: o
                .advice
                .iter()
                .map(|x| AdviceView {
                    question: x.question.clone(),
                    question_text: x.question_text.clone(),
                    option_label: x.option_label.clone(),
                    level: x.level,
                    level_label: t.level(x.level),
                    text: x.text.clone(),
                    links: self.links_for(&x.links),
                })
                .collect(),
            open: o
                .open
                .iter()
                .map(|p| OpenView {
                    question: p.question.clone(),
                    question_text: p.question_text.clone(),
                    could_knock_out: p.could_knock_out,
                    could_cap: p.could_cap.clone(),
                    moves: p.moves,
                    extra: t.open_extra(p),
                    links: self.links_for(&p.links),
                })
                .collect(),
            answers,
        }
    }

    /// The checklist page: the questions for reading without JavaScript, and the model
    /// the page's script scores with (guidance pages included, by id).
    pub fn checklist_page(&self, ci: usize) -> ChecklistView {
        let checklist = &self.content.checklists[ci].checklist;
        self.read(Dep::Checklist(checklist.id.clone()));
        let intro_html = &self.html.intros[ci].body;
        let help_html = |id: &str| {
            let key = format!("hulp:{id}");
            self.html.intros[ci]
                .fields
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, h)| h.clone())
                .unwrap_or_default()
        };
        let mut entries = serde_json::Map::new();
        let mut note = |links: &[LinkView]| {
            for l in links {
                entries.insert(
                    l.id.clone(),
                    serde_json::json!({"title": l.title, "path": l.path}),
                );
            }
        };
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
                    .map(|q| {
                        let links = self.links_for(&q.links);
                        note(&links);
                        ChecklistQuestion {
                            id: q.id.clone(),
                            text: q.text.clone(),
                            help: q.help.clone(),
                            help_html: help_html(&q.id),
                            weight: q.weight,
                            situation: q.nature == Nature::Situatie,
                            links,
                            options: q
                                .options
                                .iter()
                                .map(|o| {
                                    let links = self.links_for(&o.links);
                                    note(&links);
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
                        }
                    })
                    .collect(),
            })
            .collect();
        // The script scores with the model; the help texts, introduction and citations
        // are already on the page as HTML, so they are left out of it (page weight).
        let mut scored = checklist.clone();
        scored.intro.clear();
        scored.citations.clear();
        for q in scored
            .dimensions
            .iter_mut()
            .flat_map(|d| d.questions.iter_mut())
        {
            q.help.clear();
        }
        let model = serde_json::json!({
            "checklist": scored,
            "entries": entries,
            "strings": self.strings,
        });
        ChecklistView {
            id: checklist.id.clone(),
            title: checklist.title.clone(),
            summary: checklist.summary.clone(),
            version: checklist.version.clone(),
            intro: intro_html.to_string(),
            path: checklist_path(&checklist.id),
            bands: checklist
                .bands
                .iter()
                .map(|b| BandView {
                    id: b.id.clone(),
                    from: b.from,
                    title: b.title.clone(),
                    explanation: b.explanation.clone(),
                })
                .collect(),
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
    /// Help text as HTML, abbreviations marked.
    pub help_html: String,
    /// Weight.
    pub weight: f64,
    /// A given of the innovation, market or group (not something to arrange).
    pub situation: bool,
    /// Guidance pages about the question.
    pub links: Vec<LinkView>,
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
