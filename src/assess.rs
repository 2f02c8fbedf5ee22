//! The scoring rules of a readiness checklist (version 2 of the rules), and nothing else:
//! a pure function from a checklist and answers to an outcome. The outcome holds
//! everything a presenter needs (levels, targets, links, labels), so the example pages,
//! `leidraad assess` and the browser page only lay it out. The theme's `assess.js`
//! implements the same rules operation for operation; a parity test compares both.
//!
//! Not knowing is not failing: an unanswered question (or "weet niet") makes the score a
//! range, from "every open question at its worst" to "every open question at its best",
//! and the band is only given when that range decides it.

use crate::checklist::{AnswerOption, Band, Checklist, Nature, Question};
pub use crate::checklist::{Answers, DONT_KNOW};
use serde::Serialize;

/// The result of scoring one set of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Checklist id.
    pub checklist: String,
    /// Checklist version.
    pub version: String,
    /// Lowest possible score: every open question at 0 points (0..100, whole).
    pub score_min: u32,
    /// Highest possible score: every open question at its best answer.
    pub score_max: u32,
    /// Share of the total weight that is answered (0..100, whole).
    pub coverage: u32,
    /// Number of questions answered (not "weet niet").
    pub answered: usize,
    /// Number of questions.
    pub total: usize,
    /// What can be said: nothing answered, everything answered, or a range that does or
    /// does not decide the band.
    pub status: Status,
    /// The band, when the range decides it; `None` means "not yet to say".
    pub band: Option<BandInfo>,
    /// The band of the lowest possible score (the lowest band when an open question
    /// could knock out).
    pub band_low: BandInfo,
    /// The band of the highest possible score.
    pub band_high: BandInfo,
    /// Score range per dimension, in checklist order.
    pub dimensions: Vec<DimensionScore>,
    /// Answered questions whose chosen option is a knock-out, in question order.
    pub knockouts: Vec<String>,
    /// Advice for every answered question that is not at its best and has advice.
    pub advice: Vec<Advice>,
    /// Questions still open: could knock out first, then by what they could add.
    pub open: Vec<OpenPoint>,
    /// At most five steps: knock-outs first, then what the participants can change.
    pub next_steps: Vec<NextStep>,
    /// Per question: chosen option, weight and points earned.
    pub questions: Vec<QuestionScore>,
}

/// What an outcome can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing answered yet: an invitation to start, never a verdict.
    Empty,
    /// Every question answered: one score and its band.
    Complete,
    /// Some questions open, but every way they could go gives the same band.
    Decided,
    /// Some questions open, and they decide between `band_low` and `band_high`.
    Undecided,
}

/// A band as presenters show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandInfo {
    /// Band id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// What it means.
    pub explanation: String,
}

impl From<&Band> for BandInfo {
    fn from(b: &Band) -> Self {
        BandInfo {
            id: b.id.clone(),
            title: b.title.clone(),
            explanation: b.explanation.clone(),
        }
    }
}

/// Score range of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionScore {
    /// Dimension id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Lowest possible score, 0..100.
    pub score_min: u32,
    /// Highest possible score, 0..100.
    pub score_max: u32,
}

/// How serious a piece of advice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The chosen option is a knock-out.
    Knockout,
    /// The chosen option scores below 0.5.
    Zwak,
    /// Anything else short of the best answer.
    Aandacht,
}

/// Advice on one answered question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Chosen option id.
    pub option: String,
    /// Chosen option's label.
    pub option_label: String,
    /// How serious.
    pub level: Level,
    /// The option's advice.
    pub text: String,
    /// Guidance pages: the option's own, else the question's.
    pub links: Vec<String>,
}

/// A question not answered yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenPoint {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Guidance pages about the question.
    pub links: Vec<String>,
    /// It has a knock-out option, so the answer could rule the joint purchase out.
    pub could_knock_out: bool,
    /// Points it could add at most: 100 × weight × best / total weight, one decimal.
    pub gain: f64,
}

/// One thing to arrange: move an answer to its realistic target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextStep {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Chosen option id.
    pub option: String,
    /// Chosen option's label.
    pub option_label: String,
    /// The target option id (`doel`, else the best option).
    pub target: String,
    /// The target option's label.
    pub target_label: String,
    /// Whether the chosen option is a knock-out.
    pub knockout: bool,
    /// Points the total would gain, one decimal.
    pub gain: f64,
    /// Guidance pages about the question.
    pub links: Vec<String>,
}

/// How one question contributed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionScore {
    /// Question id.
    pub id: String,
    /// Chosen option id (`weet_niet` when unanswered).
    pub option: String,
    /// The question's weight.
    pub weight: f64,
    /// Weight × the chosen option's score.
    pub points: f64,
}

/// Rounds half-up to one decimal. The tiny epsilon makes values such as 44.95, which
/// binary floating point stores as 44.9499999..., round up as the rule intends.
pub fn round1(x: f64) -> f64 {
    (x * 10.0 + 0.5 + 1e-9).floor() / 10.0
}

/// Rounds half-up to a whole number, with the same guard.
pub fn round0(x: f64) -> u32 {
    (x + 0.5 + 1e-9).floor().max(0.0) as u32
}

/// The option with the highest score (the first, on ties).
fn best(q: &Question) -> Option<&AnswerOption> {
    q.best_option()
}

/// The option a chosen one can realistically move to: its `doel`, else the best.
fn target<'q>(q: &'q Question, chosen: &AnswerOption) -> Option<&'q AnswerOption> {
    match &chosen.target {
        Some(id) => q.options.iter().find(|o| &o.id == id),
        None => best(q),
    }
}

/// Whether an option carries advice (ASCII whitespace only does not count; the browser
/// engine trims the same characters).
fn has_advice(o: &AnswerOption) -> bool {
    !o.advice
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .is_empty()
}

/// Guidance of an option: its own links, else its question's.
fn option_links(q: &Question, o: &AnswerOption) -> Vec<String> {
    if o.links.is_empty() {
        q.links.clone()
    } else {
        o.links.clone()
    }
}

/// Scores `answers` against `checklist`. Answers naming unknown questions or options are
/// ignored here; validate them first with [`crate::checklist::validate_answers`].
pub fn score(checklist: &Checklist, answers: &Answers) -> Outcome {
    let total_weight: f64 = checklist.questions().map(|q| q.weight).sum();
    let mut points = 0.0;
    let mut open_best = 0.0;
    let mut answered_weight = 0.0;
    let mut answered = 0;
    let mut open_can_knock_out = false;
    let mut dimensions = Vec::new();
    let mut questions = Vec::new();
    let mut knockouts = Vec::new();
    let mut advice = Vec::new();
    let mut open: Vec<(usize, OpenPoint)> = Vec::new();
    let mut steps: Vec<(usize, NextStep)> = Vec::new();
    let mut order = 0;
    for dim in &checklist.dimensions {
        let (mut d_weight, mut d_points, mut d_best) = (0.0, 0.0, 0.0);
        for q in &dim.questions {
            let chosen = answers
                .get(&q.id)
                .and_then(|a| q.options.iter().find(|o| &o.id == a));
            let b = best(q).map_or(0.0, |o| o.score);
            d_weight += q.weight;
            match chosen {
                None => {
                    d_best += q.weight * b;
                    open_best += q.weight * b;
                    let could_knock_out = q.options.iter().any(|o| o.knockout);
                    open_can_knock_out |= could_knock_out;
                    open.push((
                        order,
                        OpenPoint {
                            question: q.id.clone(),
                            question_text: q.text.clone(),
                            links: q.links.clone(),
                            could_knock_out,
                            gain: round1(100.0 * q.weight * b / total_weight),
                        },
                    ));
                    questions.push(QuestionScore {
                        id: q.id.clone(),
                        option: DONT_KNOW.to_string(),
                        weight: q.weight,
                        points: 0.0,
                    });
                }
                Some(o) => {
                    let p = q.weight * o.score;
                    d_points += p;
                    points += p;
                    answered_weight += q.weight;
                    answered += 1;
                    questions.push(QuestionScore {
                        id: q.id.clone(),
                        option: o.id.clone(),
                        weight: q.weight,
                        points: p,
                    });
                    if o.knockout {
                        knockouts.push(q.id.clone());
                    }
                    if (o.knockout || o.score < b) && has_advice(o) {
                        advice.push(Advice {
                            question: q.id.clone(),
                            question_text: q.text.clone(),
                            option: o.id.clone(),
                            option_label: o.label.clone(),
                            level: if o.knockout {
                                Level::Knockout
                            } else if o.score < 0.5 {
                                Level::Zwak
                            } else {
                                Level::Aandacht
                            },
                            text: o.advice.clone(),
                            links: option_links(q, o),
                        });
                    }
                    let can_step = o.knockout || q.nature == Nature::Actie;
                    if let Some(t) = target(q, o).filter(|t| can_step && t.score > o.score) {
                        steps.push((
                            order,
                            NextStep {
                                question: q.id.clone(),
                                question_text: q.text.clone(),
                                option: o.id.clone(),
                                option_label: o.label.clone(),
                                target: t.id.clone(),
                                target_label: t.label.clone(),
                                knockout: o.knockout,
                                gain: round1(100.0 * q.weight * (t.score - o.score) / total_weight),
                                links: q.links.clone(),
                            },
                        ));
                    } else if o.knockout {
                        // A knock-out is always the first thing to look at, even when no
                        // better answer is written down.
                        steps.push((
                            order,
                            NextStep {
                                question: q.id.clone(),
                                question_text: q.text.clone(),
                                option: o.id.clone(),
                                option_label: o.label.clone(),
                                target: o.id.clone(),
                                target_label: o.label.clone(),
                                knockout: true,
                                gain: 0.0,
                                links: q.links.clone(),
                            },
                        ));
                    }
                }
            }
            order += 1;
        }
        dimensions.push(DimensionScore {
            id: dim.id.clone(),
            title: dim.title.clone(),
            score_min: percent(d_points, d_weight),
            score_max: percent(d_points + d_best, d_weight),
        });
    }
    let score_min = percent(points, total_weight);
    let score_max = percent(points + open_best, total_weight);
    let lowest = lowest_band(checklist);
    let (band_low, band_high) = if !knockouts.is_empty() {
        (lowest.clone(), lowest)
    } else {
        let low = if open_can_knock_out {
            lowest
        } else {
            band_for(checklist, score_min)
        };
        (low, band_for(checklist, score_max))
    };
    let band = (band_low == band_high).then(|| band_low.clone());
    let status = if answered == 0 {
        Status::Empty
    } else if answered == questions.len() {
        Status::Complete
    } else if band.is_some() {
        Status::Decided
    } else {
        Status::Undecided
    };
    // Could knock out first, then the largest gain, ties in question order.
    open.sort_by(|(oa, a), (ob, b)| {
        b.could_knock_out
            .cmp(&a.could_knock_out)
            .then(b.gain.total_cmp(&a.gain))
            .then(oa.cmp(ob))
    });
    // Knock-outs first in question order, then the largest gains, ties in question order.
    steps.sort_by(|(oa, a), (ob, b)| {
        b.knockout.cmp(&a.knockout).then_with(|| {
            if a.knockout {
                oa.cmp(ob)
            } else {
                b.gain.total_cmp(&a.gain).then(oa.cmp(ob))
            }
        })
    });
    Outcome {
        checklist: checklist.id.clone(),
        version: checklist.version.clone(),
        score_min,
        score_max,
        coverage: percent(answered_weight, total_weight),
        answered,
        total: questions.len(),
        status,
        band,
        band_low,
        band_high,
        dimensions,
        knockouts,
        advice,
        open: open.into_iter().map(|(_, p)| p).collect(),
        next_steps: steps.into_iter().take(5).map(|(_, s)| s).collect(),
        questions,
    }
}

/// 100 × part / whole, rounded half-up to a whole number (0 when there is no whole).
fn percent(part: f64, whole: f64) -> u32 {
    if whole > 0.0 {
        round0(100.0 * part / whole)
    } else {
        0
    }
}

/// The band a whole-number score falls in: the one with the highest `vanaf` not above it.
fn band_for(checklist: &Checklist, total: u32) -> BandInfo {
    let total = f64::from(total);
    let mut bands: Vec<&Band> = checklist.bands.iter().collect();
    bands.sort_by(|a, b| b.from.total_cmp(&a.from));
    bands
        .iter()
        .find(|b| total >= b.from)
        .or(bands.last())
        .map_or_else(empty_band, |b| BandInfo::from(*b))
}

/// The band with the lowest bound, which a knock-out forces.
fn lowest_band(checklist: &Checklist) -> BandInfo {
    checklist
        .bands
        .iter()
        .min_by(|a, b| a.from.total_cmp(&b.from))
        .map_or_else(empty_band, BandInfo::from)
}

/// Validation rejects checklists without bands; this keeps scoring total regardless.
fn empty_band() -> BandInfo {
    BandInfo {
        id: String::new(),
        title: String::new(),
        explanation: String::new(),
    }
}

/// The result of comparing several participants' answers to one checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupOutcome {
    /// The group's answers: per question the weakest link (see [`group`]).
    pub answers: Answers,
    /// The engine's outcome for those answers: the group scored as one.
    pub outcome: Outcome,
    /// The questions to talk about first, most important first.
    pub agenda: Vec<AgendaItem>,
}

/// A question on which the participants disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItem {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Each participant's option id, in participant order (`weet_niet` when open).
    pub answers: Vec<String>,
    /// Highest minus lowest score among those who answered.
    pub spread: f64,
    /// Weight × spread: the order of the agenda.
    pub priority: f64,
}

/// Compares participants' answers to `checklist` (version 2 group rules):
///
/// - Weakest link: per question, the group's answer is the lowest-scoring option any
///   participant chose (ties: the first in option order); a knock-out chosen by anyone is
///   the group's answer (the lowest-scoring knock-out chosen). Nobody answered: unknown.
/// - The group outcome is [`score`] on those answers.
/// - Agenda: every question where the chosen scores differ by 0.5 or more, or one chose
///   a knock-out and another did not, or some answered and some did not know; ordered by
///   weight × (highest − lowest score), ties in question order.
pub fn group(checklist: &Checklist, participants: &[Answers]) -> GroupOutcome {
    let mut answers = Answers::new();
    let mut agenda: Vec<(usize, AgendaItem)> = Vec::new();
    for (order, q) in checklist.questions().enumerate() {
        let chosen: Vec<Option<&AnswerOption>> = participants
            .iter()
            .map(|a| {
                a.get(&q.id)
                    .and_then(|id| q.options.iter().find(|o| &o.id == id))
            })
            .collect();
        let given: Vec<&AnswerOption> = chosen.iter().flatten().copied().collect();
        let any_knockout = given.iter().any(|o| o.knockout);
        // Options in option order, so the first of equal scores wins.
        let weakest = q
            .options
            .iter()
            .filter(|o| given.iter().any(|g| g.id == o.id) && (!any_knockout || o.knockout))
            .fold(None, |w: Option<&AnswerOption>, o| match w {
                Some(w) if w.score <= o.score => Some(w),
                _ => Some(o),
            });
        if let Some(w) = weakest {
            answers.insert(q.id.clone(), w.id.clone());
        }
        let (lo, hi) = given
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), o| {
                (lo.min(o.score), hi.max(o.score))
            });
        let spread = if given.is_empty() { 0.0 } else { hi - lo };
        let mixed_knockout = any_knockout && given.iter().any(|o| !o.knockout);
        let mixed_known = !given.is_empty() && given.len() < participants.len();
        // The guard keeps 0.6 − 0.1 (0.4999... in binary) at "0.5 or more".
        if spread >= 0.5 - 1e-9 || mixed_knockout || mixed_known {
            agenda.push((
                order,
                AgendaItem {
                    question: q.id.clone(),
                    question_text: q.text.clone(),
                    answers: chosen
                        .iter()
                        .map(|o| o.map_or(DONT_KNOW.to_string(), |o| o.id.clone()))
                        .collect(),
                    spread,
                    priority: q.weight * spread,
                },
            ));
        }
    }
    agenda.sort_by(|(oa, a), (ob, b)| b.priority.total_cmp(&a.priority).then(oa.cmp(ob)));
    GroupOutcome {
        outcome: score(checklist, &answers),
        answers,
        agenda: agenda.into_iter().map(|(_, a)| a).collect(),
    }
}
