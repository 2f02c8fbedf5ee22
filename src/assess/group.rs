//! The group rules (version 3): what several participants' answers mean for the group,
//! question by question, the agenda of every difference, and the views without a
//! participant whose cap lowers the group's band.
//!
//! - `ieder` (default): every participant must meet it, so the group has the weakest
//!   answer, and every participant's cap applies. One unknown keeps the group's range
//!   open down to the question's worst answer.
//! - `samen`: one participant can bring it for all, so the group has the best answer. The
//!   question is decided once a known answer is the best option, or everyone answered.
//! - An unknown is never filled in from another participant.

use super::exact::{self, Ranked};
use super::{Outcome, Slot, lower, outcome, worst_score};
use crate::checklist::{AnswerOption, Answers, Checklist, DONT_KNOW, GroupRule, Question};
use serde::Serialize;
use std::collections::BTreeMap;

/// The result of comparing several participants' answers to one checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupOutcome {
    /// Per question: the option the rule scores and how the participants answered.
    pub answers: BTreeMap<String, GroupAnswer>,
    /// The group's outcome.
    pub outcome: Outcome,
    /// Every question on which the participants differ, most important first.
    pub agenda: Vec<AgendaItem>,
    /// For each participant whose cap lowers the group's band: the others without them.
    pub without: Vec<Without>,
}

/// The group's answer to one question, never one option shown as everyone's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAnswer {
    /// The option the rule scores, or `None` while an unknown decides.
    pub option: Option<String>,
    /// How many participants chose each option (`weet_niet` for unknowns).
    pub answers: BTreeMap<String, usize>,
}

/// A question on which the participants differ.
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

/// The outcome of a group without one participant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Without {
    /// The participant left out (index in participant order).
    pub participant: usize,
    /// The outcome of the others as a group, or of the one other alone.
    pub outcome: Outcome,
}

/// Each participant's known option for `q` (`None`: unknown).
fn chosen<'c>(q: &'c Question, participants: &[Answers]) -> Vec<Option<&'c AnswerOption>> {
    participants
        .iter()
        .map(|a| {
            a.get(&q.id)
                .and_then(|id| q.options.iter().find(|o| &o.id == id))
        })
        .collect()
}

/// The lowest cap rank among `options`.
fn lowest_cap<'a>(
    bands: &Ranked<'_>,
    options: impl IntoIterator<Item = &'a AnswerOption>,
) -> Option<usize> {
    options
        .into_iter()
        .fold(None, |r, o| lower(r, bands.cap(o)))
}

/// The known option the rule scores: `ieder` the lowest score, ties to the lowest cap;
/// `samen` the highest score, ties to no or the highest cap; then option order.
fn ruling<'c>(
    q: &'c Question,
    bands: &Ranked<'_>,
    known: &[&'c AnswerOption],
) -> Option<&'c AnswerOption> {
    let samen = q.group == GroupRule::Samen;
    let key = |o: &AnswerOption| {
        let s = exact::score(o);
        let cap = bands.cap(o).map_or(i64::MAX, |r| r as i64);
        if samen { (-s, -cap) } else { (s, cap) }
    };
    q.options
        .iter()
        .filter(|o| known.iter().any(|k| k.id == o.id))
        .fold(None, |w: Option<&AnswerOption>, o| match w {
            Some(w) if key(w) <= key(o) => Some(w),
            _ => Some(o),
        })
}

/// What the group rule makes of one question's answers.
fn slot<'c>(
    q: &'c Question,
    order: usize,
    bands: &Ranked<'_>,
    answers: &[Option<&'c AnswerOption>],
) -> Slot<'c> {
    let known: Vec<&AnswerOption> = answers.iter().flatten().copied().collect();
    let unknown = answers.len() - known.len();
    let best = super::best(q).map_or(0, exact::score);
    let mut slot = Slot {
        q,
        order,
        decided: None,
        low: worst_score(q),
        high: best,
        caps: Vec::new(),
        could_cap: lowest_cap(bands, &q.options),
        known: known.len() as i64,
    };
    let Some(rule) = ruling(q, bands, &known) else {
        return slot;
    };
    let r = exact::score(rule);
    if q.group == GroupRule::Samen {
        if unknown == 0 || r == best {
            slot.decided = Some(rule);
            (slot.low, slot.high) = (r, r);
            slot.caps = bands.cap(rule).map(|_| rule).into_iter().collect();
            slot.could_cap = None;
        } else {
            // Whatever the unknowns say, the group has this answer or a better one.
            slot.low = r;
            let better = q.options.iter().filter(|o| exact::score(o) >= r);
            slot.could_cap = lowest_cap(bands, better);
        }
        return slot;
    }
    // ieder: every participant's cap applies; an unknown can still be the weakest.
    slot.caps = q
        .options
        .iter()
        .filter(|o| bands.cap(o).is_some() && known.iter().any(|k| k.id == o.id))
        .collect();
    slot.high = r;
    if unknown == 0 {
        slot.decided = Some(rule);
        slot.low = r;
        slot.could_cap = None;
    }
    slot
}

/// The slots of a group's answers, in checklist order.
fn slots<'c>(checklist: &'c Checklist, participants: &[Answers]) -> Vec<Slot<'c>> {
    let bands = Ranked::new(checklist);
    checklist
        .questions()
        .enumerate()
        .map(|(order, q)| slot(q, order, &bands, &chosen(q, participants)))
        .collect()
}

/// The outcome of participants' answers as one group (one participant: their own).
pub(super) fn score_group(checklist: &Checklist, participants: &[Answers]) -> Outcome {
    let slots = slots(checklist, participants);
    outcome(checklist, &slots, participants.len().max(1) as i64)
}

/// Compares participants' answers to `checklist` (group rules version 3): the group's
/// outcome, its answer per question, the agenda of every difference (ordered by weight ×
/// spread, ties in question order) and the views without a participant whose cap lowers
/// the group's band.
pub fn group(checklist: &Checklist, participants: &[Answers]) -> GroupOutcome {
    let outcome = score_group(checklist, participants);
    GroupOutcome {
        answers: group_answers(checklist, participants),
        agenda: agenda(checklist, participants),
        without: without(checklist, participants, &outcome),
        outcome,
    }
}

/// Per question: the option the rule scores (or `None`) and the count of each answer.
fn group_answers(checklist: &Checklist, participants: &[Answers]) -> BTreeMap<String, GroupAnswer> {
    let slots = slots(checklist, participants);
    slots
        .iter()
        .map(|s| {
            let mut answers = BTreeMap::new();
            for o in chosen(s.q, participants) {
                let id = o.map_or(DONT_KNOW, |o| o.id.as_str());
                *answers.entry(id.to_string()).or_insert(0) += 1;
            }
            let option = s.decided.map(|o| o.id.clone());
            (s.q.id.clone(), GroupAnswer { option, answers })
        })
        .collect()
}

/// Every question on which participants differ: different options, or known next to
/// unknown. No threshold: a difference of 0.1 is as real as one of 1.
fn agenda(checklist: &Checklist, participants: &[Answers]) -> Vec<AgendaItem> {
    let mut agenda: Vec<(i64, usize, AgendaItem)> = Vec::new();
    for (order, q) in checklist.questions().enumerate() {
        let answers = chosen(q, participants);
        let known: Vec<&AnswerOption> = answers.iter().flatten().copied().collect();
        let differ = known.iter().any(|o| o.id != known[0].id)
            || (!known.is_empty() && known.len() < answers.len());
        if !differ {
            continue;
        }
        let scores = known.iter().map(|o| exact::score(o));
        let spread = scores.clone().max().unwrap_or(0) - scores.min().unwrap_or(0);
        let priority = exact::weight(q) * spread;
        agenda.push((
            priority,
            order,
            AgendaItem {
                question: q.id.clone(),
                question_text: q.text.clone(),
                answers: answers
                    .iter()
                    .map(|o| o.map_or(DONT_KNOW.to_string(), |o| o.id.clone()))
                    .collect(),
                spread: spread as f64 / 100.0,
                priority: priority as f64 / 10000.0,
            },
        ));
    }
    agenda.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    agenda.into_iter().map(|(_, _, a)| a).collect()
}

/// The others' outcome for each participant who chose a capping answer and without
/// whom the group's highest possible band would be higher.
fn without(checklist: &Checklist, participants: &[Answers], group: &Outcome) -> Vec<Without> {
    if participants.len() < 2 {
        return Vec::new();
    }
    let bands = Ranked::new(checklist);
    let ceiling = bands.rank_of(&group.band_high.id);
    let mut out = Vec::new();
    for (i, answers) in participants.iter().enumerate() {
        let caps = checklist.questions().any(|q| {
            exact::weight(q) > 0
                && answers
                    .get(&q.id)
                    .and_then(|id| q.options.iter().find(|o| &o.id == id))
                    .is_some_and(|o| bands.cap(o).is_some())
        });
        if !caps {
            continue;
        }
        let others: Vec<Answers> = participants
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, a)| a.clone())
            .collect();
        let outcome = score_group(checklist, &others);
        if bands.rank_of(&outcome.band_high.id) > ceiling {
            out.push(Without {
                participant: i,
                outcome,
            });
        }
    }
    out
}
