//! The scoring rules of a readiness checklist (version 3 of the rules), and nothing else:
//! pure functions from a checklist and answers to an outcome. The outcome holds
//! everything a presenter needs (bands, caps, targets, links, labels), so the example
//! pages, `leidraad assess` and the browser page only lay it out. The theme's `assess.js`
//! implements the same rules operation for operation; a parity test compares both.
//!
//! - Not knowing is not failing: an open question (or "weet niet") makes the score a
//!   range, from "every open question at its worst answer" to "at its best", and the
//!   band is only given when that range decides it.
//! - Caps: an option may cap the band (`plafond`; a knock-out caps at the lowest band).
//!   A cap cannot be bought off by points elsewhere.
//! - Weight 0 is informational: shown and compared, never scored.
//! - Exact: weights and scores are whole hundredths, sums whole numbers (see `exact`).
//! - Groups ([`group`]) score per question by their rule (`ieder`: the weakest answer,
//!   `samen`: the best), and never fill in one participant's unknown from another's.

mod exact;
mod group;

use crate::checklist::{AnswerOption, Band, Checklist, Nature, Question};
pub use crate::checklist::{Answers, DONT_KNOW};
use exact::{Ranked, ratio, tenths, whole};
pub use group::{AgendaItem, GroupAnswer, GroupOutcome, Without, group};
use serde::Serialize;

/// The result of scoring one set of answers (or a group's answers).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Checklist id.
    pub checklist: String,
    /// Checklist version.
    pub version: String,
    /// Lowest possible score: every open question at its worst answer (0..100, whole).
    pub score_min: u32,
    /// Highest possible score: every open question at its best answer.
    pub score_max: u32,
    /// Share of the scored weight that is answered (0..100, whole); for a group, the
    /// share of every participant's answers.
    pub coverage: u32,
    /// Number of scored questions whose answer is known (for a group: decided).
    pub answered: usize,
    /// Number of scored questions (weight above 0).
    pub total: usize,
    /// What can be said: nothing answered, everything answered, or a range that does or
    /// does not decide the band.
    pub status: Status,
    /// The band, when the range and the caps decide it; `None` means "not yet to say".
    pub band: Option<BandInfo>,
    /// The lowest band still possible: of the lowest score, lowered by every cap that
    /// applies and every cap an open question could still bring.
    pub band_low: BandInfo,
    /// The highest band still possible: of the highest score, lowered by the caps that
    /// apply.
    pub band_high: BandInfo,
    /// Score range per dimension, in checklist order.
    pub dimensions: Vec<DimensionScore>,
    /// Questions whose known answer is a knock-out, in question order.
    pub knockouts: Vec<String>,
    /// Every cap that applies, the lowest band first ("Eerst regelen").
    pub caps: Vec<Cap>,
    /// Advice for every known answer that caps or is not at its best and has advice.
    pub advice: Vec<Advice>,
    /// Questions still open, by the points each can still move the score.
    pub open: Vec<OpenPoint>,
    /// At most five steps: caps first, then what the participants can change.
    pub next_steps: Vec<NextStep>,
    /// Per question: the answer scored, weight and points earned.
    pub questions: Vec<QuestionScore>,
}

/// What an outcome can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing answered yet: an invitation to start, never a verdict.
    Empty,
    /// Every scored question answered: one score and its band.
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

impl BandInfo {
    /// Validation rejects checklists without bands; this keeps scoring total regardless.
    fn empty() -> BandInfo {
        BandInfo {
            id: String::new(),
            title: String::new(),
            explanation: String::new(),
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
    /// The chosen option caps the band.
    Plafond,
    /// The chosen option scores below 0.5.
    Zwak,
    /// Anything else short of the best answer.
    Aandacht,
}

/// A cap that applies: an answer that limits the band, whatever the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cap {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// The capping option id.
    pub option: String,
    /// Its label.
    pub option_label: String,
    /// The highest band the result can have while this answer stands.
    pub band: BandInfo,
    /// Whether it is a knock-out (a cap at the lowest band).
    pub knockout: bool,
    /// The option's advice.
    pub text: String,
    /// Guidance pages: the option's own, else the question's.
    pub links: Vec<String>,
}

/// Advice on one known answer.
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

/// A question not answered yet (for a group: not decided yet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenPoint {
    /// Question id.
    pub question: String,
    /// The question.
    pub question_text: String,
    /// Guidance pages about the question.
    pub links: Vec<String>,
    /// An answer still possible caps at the lowest band (a knock-out, or a cap there).
    pub could_knock_out: bool,
    /// The lowest band an answer still possible could cap the result at.
    pub could_cap: Option<BandInfo>,
    /// How many points the answer can still move the score (best minus worst still
    /// possible), one decimal.
    pub moves: f64,
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
    /// The band the chosen option caps the result at, if it does.
    pub cap: Option<BandInfo>,
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
    /// The option scored (`weet_niet` while open).
    pub option: String,
    /// The question's weight (0: shown, never scored).
    pub weight: f64,
    /// Weight × the scored option's score (0 while open).
    pub points: f64,
}

/// What the rules know of one question: the option they score, or the range of scores
/// (hundredths) it can still take, with the caps that apply and could still apply.
struct Slot<'c> {
    q: &'c Question,
    /// Position in the checklist: ties are broken in question order.
    order: usize,
    /// The option the rules score; `None` while an unknown can still change it.
    decided: Option<&'c AnswerOption>,
    low: i64,
    high: i64,
    /// Options whose caps apply whatever the unknowns turn out to be.
    caps: Vec<&'c AnswerOption>,
    /// The lowest band rank an answer still possible could bring.
    could_cap: Option<usize>,
    /// How many participants answered it.
    known: i64,
}

/// The option with the highest score (the first, on ties).
fn best(q: &Question) -> Option<&AnswerOption> {
    q.best_option()
}

/// The lowest score of a question's options, in hundredths.
fn worst_score(q: &Question) -> i64 {
    q.options.iter().map(exact::score).min().unwrap_or(0)
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

/// The lower of two optional ranks.
fn lower(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Scores `answers` against `checklist`. Answers naming unknown questions or options are
/// ignored here; validate them first with [`crate::checklist::validate_answers`]. The
/// same as a group of one.
pub fn score(checklist: &Checklist, answers: &Answers) -> Outcome {
    group::score_group(checklist, std::slice::from_ref(answers))
}

/// The outcome of what the rules know per question (`slots`, in checklist order) for
/// `participants` participants.
fn outcome(checklist: &Checklist, slots: &[Slot<'_>], participants: i64) -> Outcome {
    let bands = Ranked::new(checklist);
    let scored: Vec<&Slot> = slots.iter().filter(|s| exact::weight(s.q) > 0).collect();
    let total: i64 = scored.iter().map(|s| exact::weight(s.q)).sum();
    let sum = |f: &dyn Fn(&Slot) -> i64| -> i64 {
        scored.iter().map(|s| exact::weight(s.q) * f(s)).sum()
    };
    let (low, high, known) = (sum(&|s| s.low), sum(&|s| s.high), sum(&|s| s.known));
    let score_min = whole(low, total);
    let score_max = whole(high, total);
    let answered = scored.iter().filter(|s| s.decided.is_some()).count();
    let caps = caps(&bands, &scored);
    let cap = caps.iter().map(|(rank, _)| *rank).min();
    let could = scored
        .iter()
        .filter(|s| s.decided.is_none())
        .fold(None, |r, s| lower(r, s.could_cap));
    let high_rank = lower(Some(bands.for_score(score_max)), cap).unwrap_or(0);
    let low_rank = lower(lower(Some(bands.for_score(score_min)), cap), could).unwrap_or(0);
    let band = (low_rank == high_rank).then(|| bands.info(low_rank));
    let status = if known == 0 {
        Status::Empty
    } else if answered == scored.len() {
        Status::Complete
    } else if band.is_some() {
        Status::Decided
    } else {
        Status::Undecided
    };
    Outcome {
        checklist: checklist.id.clone(),
        version: checklist.version.clone(),
        score_min,
        score_max,
        coverage: whole(100 * known, total * participants),
        answered,
        total: scored.len(),
        status,
        band,
        band_low: bands.info(low_rank),
        band_high: bands.info(high_rank),
        dimensions: dimensions(checklist, slots),
        knockouts: knockouts(&scored),
        caps: caps.into_iter().map(|(_, c)| c).collect(),
        advice: advice(&bands, &scored),
        open: open(&bands, &scored, total),
        next_steps: next_steps(&bands, &scored, total),
        questions: slots.iter().map(question_score).collect(),
    }
}

/// Score range per dimension, over its scored questions.
fn dimensions(checklist: &Checklist, slots: &[Slot<'_>]) -> Vec<DimensionScore> {
    let mut at = 0;
    checklist
        .dimensions
        .iter()
        .map(|d| {
            let mine = &slots[at..at + d.questions.len()];
            at += d.questions.len();
            let w = |s: &Slot| exact::weight(s.q);
            let total: i64 = mine.iter().map(w).sum();
            let low: i64 = mine.iter().map(|s| w(s) * s.low).sum();
            let high: i64 = mine.iter().map(|s| w(s) * s.high).sum();
            DimensionScore {
                id: d.id.clone(),
                title: d.title.clone(),
                score_min: whole(low, total),
                score_max: whole(high, total),
            }
        })
        .collect()
}

/// Questions whose known answer is a knock-out, in question order.
fn knockouts(scored: &[&Slot<'_>]) -> Vec<String> {
    scored
        .iter()
        .filter(|s| s.caps.iter().any(|o| o.knockout))
        .map(|s| s.q.id.clone())
        .collect()
}

/// Every cap that applies with its rank: the lowest band first, then in question order
/// and option order.
fn caps(bands: &Ranked<'_>, scored: &[&Slot<'_>]) -> Vec<(usize, Cap)> {
    let mut out: Vec<(usize, usize, Cap)> = Vec::new();
    for s in scored {
        for o in &s.caps {
            let Some(rank) = bands.cap(o) else { continue };
            out.push((
                rank,
                s.order,
                Cap {
                    question: s.q.id.clone(),
                    question_text: s.q.text.clone(),
                    option: o.id.clone(),
                    option_label: o.label.clone(),
                    band: bands.info(rank),
                    knockout: o.knockout,
                    text: o.advice.clone(),
                    links: option_links(s.q, o),
                },
            ));
        }
    }
    // Stable: options of one question keep their order.
    out.sort_by_key(|(rank, order, _)| (*rank, *order));
    out.into_iter().map(|(rank, _, c)| (rank, c)).collect()
}

/// Advice on every known answer that caps or is short of the best, in question order.
fn advice(bands: &Ranked<'_>, scored: &[&Slot<'_>]) -> Vec<Advice> {
    scored
        .iter()
        .filter_map(|s| {
            let o = s.decided?;
            let best = best(s.q).map_or(0, exact::score);
            let capped = bands.cap(o).is_some();
            if !(capped || exact::score(o) < best) || !has_advice(o) {
                return None;
            }
            Some(Advice {
                question: s.q.id.clone(),
                question_text: s.q.text.clone(),
                option: o.id.clone(),
                option_label: o.label.clone(),
                level: if o.knockout {
                    Level::Knockout
                } else if capped {
                    Level::Plafond
                } else if exact::score(o) < 50 {
                    Level::Zwak
                } else {
                    Level::Aandacht
                },
                text: o.advice.clone(),
                links: option_links(s.q, o),
            })
        })
        .collect()
}

/// The open questions: the most points they can still move first, then the lowest cap
/// they could bring, then question order.
fn open(bands: &Ranked<'_>, scored: &[&Slot<'_>], total: i64) -> Vec<OpenPoint> {
    let mut open: Vec<(i64, usize, usize, OpenPoint)> = scored
        .iter()
        .filter(|s| s.decided.is_none())
        .map(|s| {
            let moves = ratio(10 * exact::weight(s.q) * (s.high - s.low), total);
            let point = OpenPoint {
                question: s.q.id.clone(),
                question_text: s.q.text.clone(),
                links: s.q.links.clone(),
                could_knock_out: s.could_cap == Some(0),
                could_cap: s.could_cap.map(|r| bands.info(r)),
                moves: tenths(moves),
            };
            (moves, s.could_cap.unwrap_or(usize::MAX), s.order, point)
        })
        .collect();
    open.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    open.into_iter().map(|(_, _, _, p)| p).collect()
}

/// At most five steps: every capping answer first (the lowest band first, then in
/// question order), then the largest gains (ties in question order). Only answers the
/// participants can change (`actie`) or that cap are steps; in a group, a participant's
/// capping answer is a step even while another's unknown leaves the question open.
fn next_steps(bands: &Ranked<'_>, scored: &[&Slot<'_>], total: i64) -> Vec<NextStep> {
    let mut steps: Vec<(usize, i64, usize, NextStep)> = Vec::new();
    // The answer the rules score, and every capping answer (a group's may differ).
    let candidates = scored.iter().flat_map(|s| {
        let mut options: Vec<&AnswerOption> = s.decided.into_iter().collect();
        for o in &s.caps {
            if !options.iter().any(|x| x.id == o.id) {
                options.push(o);
            }
        }
        options.into_iter().map(move |o| (*s, o))
    });
    for (s, o) in candidates {
        let cap = bands.cap(o);
        let can_step = cap.is_some() || s.q.nature == Nature::Actie;
        let to = target(s.q, o).filter(|t| can_step && exact::score(t) > exact::score(o));
        // A cap is always a step, even when no better answer is written down.
        let to = match (to, cap) {
            (Some(t), _) => t,
            (None, Some(_)) => o,
            (None, None) => continue,
        };
        let gain = ratio(
            10 * exact::weight(s.q) * (exact::score(to) - exact::score(o)),
            total,
        );
        let step = NextStep {
            question: s.q.id.clone(),
            question_text: s.q.text.clone(),
            option: o.id.clone(),
            option_label: o.label.clone(),
            target: to.id.clone(),
            target_label: to.label.clone(),
            knockout: o.knockout,
            cap: cap.map(|r| bands.info(r)),
            gain: tenths(gain),
            links: s.q.links.clone(),
        };
        steps.push((cap.unwrap_or(usize::MAX), gain, s.order, step));
    }
    steps.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            if a.0 == usize::MAX {
                b.1.cmp(&a.1).then(a.2.cmp(&b.2))
            } else {
                a.2.cmp(&b.2)
            }
        })
    });
    steps.into_iter().take(5).map(|(_, _, _, s)| s).collect()
}

/// How one question contributed: the option scored and its points.
fn question_score(s: &Slot<'_>) -> QuestionScore {
    let w = exact::weight(s.q);
    QuestionScore {
        id: s.q.id.clone(),
        option: s.decided.map_or(DONT_KNOW.to_string(), |o| o.id.clone()),
        weight: w as f64 / 100.0,
        points: s
            .decided
            .map_or(0.0, |o| (w * exact::score(o)) as f64 / 10000.0),
    }
}
