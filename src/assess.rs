//! The scoring rules of a readiness checklist, and nothing else: a pure function from a
//! checklist and answers to an outcome. Printing the outcome is done elsewhere; the
//! theme's `assess.js` implements the same rules for the browser, and a parity test
//! checks both agree on every field.

use crate::checklist::Checklist;
pub use crate::checklist::{Answers, DONT_KNOW};
use serde::Serialize;

/// The result of scoring one set of answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Checklist id.
    pub checklist: String,
    /// Checklist version.
    pub version: String,
    /// Total score 0..100, rounded half-up to one decimal.
    pub score: f64,
    /// Id of the band the rounded total falls in (the lowest band after a knock-out).
    pub band: String,
    /// Score per dimension, in checklist order.
    pub dimensions: Vec<DimensionScore>,
    /// Questions whose chosen option is a knock-out, in question order.
    pub knockouts: Vec<String>,
    /// Questions answered `weet_niet` or not at all: to find out.
    pub open: Vec<String>,
    /// Weak points: answered questions whose option scores below 0.5.
    pub advice: Vec<Advice>,
    /// At most five things to arrange first.
    pub next_steps: Vec<NextStep>,
    /// Per question: chosen option, weight and points earned.
    pub questions: Vec<QuestionScore>,
}

/// Score of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionScore {
    /// Dimension id.
    pub id: String,
    /// 0..100, rounded half-up to one decimal.
    pub score: f64,
}

/// One weak point with its advice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// Question id.
    pub question: String,
    /// Chosen option id.
    pub option: String,
    /// The option's advice.
    pub text: String,
    /// Ids of guidance pages to read.
    pub links: Vec<String>,
}

/// One next step: move a question to its best option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextStep {
    /// Question id.
    pub question: String,
    /// The best option's id.
    pub option: String,
    /// Points the total would gain, rounded half-up to one decimal.
    pub gain: f64,
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

/// Scores `answers` against `checklist`. Answers naming unknown questions or options are
/// ignored here; validate them first with [`crate::checklist::validate_answers`].
pub fn score(checklist: &Checklist, answers: &Answers) -> Outcome {
    let mut total_weight = 0.0;
    let mut total_points = 0.0;
    let mut dimensions = Vec::new();
    let mut questions = Vec::new();
    let mut knockouts = Vec::new();
    let mut open = Vec::new();
    let mut advice = Vec::new();
    // (is knock-out, gain, question order, question id, best option id)
    let mut candidates: Vec<(bool, f64, usize, String, String)> = Vec::new();

    for q in checklist.questions() {
        total_weight += q.weight;
    }
    let mut order = 0;
    for dim in &checklist.dimensions {
        let mut dim_weight = 0.0;
        let mut dim_points = 0.0;
        for q in &dim.questions {
            let chosen = answers
                .get(&q.id)
                .and_then(|a| q.options.iter().find(|o| &o.id == a));
            let chosen_score = chosen.map_or(0.0, |o| o.score);
            let points = q.weight * chosen_score;
            dim_weight += q.weight;
            dim_points += points;
            total_points += points;
            questions.push(QuestionScore {
                id: q.id.clone(),
                option: chosen.map_or(DONT_KNOW.to_string(), |o| o.id.clone()),
                weight: q.weight,
                points,
            });
            match chosen {
                None => open.push(q.id.clone()),
                Some(o) => {
                    if o.knockout {
                        knockouts.push(q.id.clone());
                    }
                    if o.score < 0.5 {
                        advice.push(Advice {
                            question: q.id.clone(),
                            option: o.id.clone(),
                            text: o.advice.clone(),
                            links: o.links.clone(),
                        });
                    }
                }
            }
            if let Some(best) = q.best_option()
                && chosen_score < best.score
            {
                let gain = round1(100.0 * q.weight * (best.score - chosen_score) / total_weight);
                let is_knockout = chosen.is_some_and(|o| o.knockout);
                candidates.push((is_knockout, gain, order, q.id.clone(), best.id.clone()));
            }
            order += 1;
        }
        dimensions.push(DimensionScore {
            id: dim.id.clone(),
            score: if dim_weight > 0.0 {
                round1(100.0 * dim_points / dim_weight)
            } else {
                0.0
            },
        });
    }

    let total = if total_weight > 0.0 {
        round1(100.0 * total_points / total_weight)
    } else {
        0.0
    };
    let band = if knockouts.is_empty() {
        checklist.band_for(total)
    } else {
        checklist.lowest_band()
    };
    // Knock-outs first in question order, then the largest gains, ties in question order.
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| {
            if a.0 {
                a.2.cmp(&b.2)
            } else {
                b.1.total_cmp(&a.1).then(a.2.cmp(&b.2))
            }
        })
    });
    let next_steps = candidates
        .into_iter()
        .take(5)
        .map(|(_, gain, _, question, option)| NextStep {
            question,
            option,
            gain,
        })
        .collect();

    Outcome {
        checklist: checklist.id.clone(),
        version: checklist.version.clone(),
        score: total,
        band,
        dimensions,
        knockouts,
        open,
        advice,
        next_steps,
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checklist() -> Checklist {
        crate::checklist::parse(
            "t",
            r#"
titel: T
samenvatting: S
versie: "1"
banden:
  - { id: geschikt, vanaf: 70, titel: G, uitleg: g }
  - { id: voorwaardelijk, vanaf: 45, titel: V, uitleg: v }
  - { id: nog_niet, vanaf: 0, titel: N, uitleg: n }
dimensies:
  - id: a
    titel: A
    vragen:
      - id: q1
        vraag: Q1?
        gewicht: 3
        opties:
          - { id: goed, label: Goed, score: 1 }
          - { id: matig, label: Matig, score: 0.25, advies: "doe iets", links: [] }
          - { id: fout, label: Fout, score: 0, knockout: true, advies: "stop", links: [] }
      - id: q2
        vraag: Q2?
        gewicht: 1
        opties:
          - { id: ja, label: Ja, score: 1 }
          - { id: nee, label: Nee, score: 0.5 }
"#,
        )
        .unwrap()
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(q, o)| (q.to_string(), o.to_string()))
            .collect()
    }

    #[test]
    fn rounding_is_half_up_on_one_decimal() {
        assert_eq!(round1(44.95), 45.0);
        assert_eq!(round1(44.94), 44.9);
        assert_eq!(round1(66.666_666), 66.7);
        assert_eq!(round1(0.0), 0.0);
        assert_eq!(round1(100.0), 100.0);
    }

    #[test]
    fn all_best_scores_100_and_lists_nothing() {
        let o = score(&checklist(), &answers(&[("q1", "goed"), ("q2", "ja")]));
        assert_eq!(o.score, 100.0);
        assert_eq!(o.band, "geschikt");
        assert!(o.next_steps.is_empty() && o.advice.is_empty() && o.open.is_empty());
    }

    #[test]
    fn unanswered_counts_as_dont_know() {
        let o = score(&checklist(), &Answers::new());
        assert_eq!(o.score, 0.0);
        assert_eq!(o.open, ["q1", "q2"]);
        assert_eq!(o.questions[0].option, DONT_KNOW);
        // Gains: q1 = 100*3*1/4 = 75, q2 = 100*1*1/4 = 25.
        assert_eq!(o.next_steps[0].question, "q1");
        assert_eq!(o.next_steps[0].gain, 75.0);
        assert_eq!(o.next_steps[1].gain, 25.0);
    }

    #[test]
    fn weighted_total_and_bands() {
        // (3*0.25 + 1*1) / 4 = 43.75 -> 43.8 -> nog_niet (below 45)
        let o = score(&checklist(), &answers(&[("q1", "matig"), ("q2", "ja")]));
        assert_eq!(o.score, 43.8);
        assert_eq!(o.band, "nog_niet");
        assert_eq!(o.advice.len(), 1);
        assert_eq!(o.advice[0].text, "doe iets");
        // (3*1 + 1*0.5) / 4 = 87.5
        let o = score(&checklist(), &answers(&[("q1", "goed"), ("q2", "nee")]));
        assert_eq!(o.score, 87.5);
        assert_eq!(o.band, "geschikt");
        assert!(o.advice.is_empty(), "0.5 is not below 0.5");
        assert_eq!(o.next_steps.len(), 1);
        assert_eq!(o.next_steps[0].gain, 12.5);
    }

    #[test]
    fn knockout_forces_the_lowest_band_and_comes_first() {
        let o = score(&checklist(), &answers(&[("q1", "fout"), ("q2", "ja")]));
        assert_eq!(o.score, 25.0);
        assert_eq!(o.knockouts, ["q1"]);
        assert_eq!(o.band, "nog_niet");
        assert_eq!(o.next_steps[0].question, "q1");
        assert_eq!(o.questions[0].points, 0.0);
    }
}
