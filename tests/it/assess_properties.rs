//! Properties of the scoring rules (version 3), each over at least 500 random cases on
//! the shipped checklist (caps, knock-outs, `samen` and `ieder`, weight 0): caps bound the
//! band; an unknown, once answered, stays inside the range shown, alone and in groups; a
//! weight-0 answer changes nothing; every difference is on the agenda.

use crate::common::answers;

use answers::{Lcg, random_with_caps, shipped_checklist};
use leidraad::assess::{Answers, Outcome, group, score};
use leidraad::checklist::{Checklist, DONT_KNOW};

fn random(c: &Checklist, rng: &mut Lcg) -> Answers {
    random_with_caps(c, rng)
}

fn random_group(c: &Checklist, rng: &mut Lcg) -> Vec<Answers> {
    let n = 1 + rng.below(5);
    (0..n).map(|_| random(c, rng)).collect()
}

/// Band ids from lowest to highest.
fn rank(c: &Checklist, id: &str) -> usize {
    let mut bands: Vec<_> = c.bands.iter().collect();
    bands.sort_by(|a, b| a.from.total_cmp(&b.from));
    bands.iter().position(|b| b.id == id).unwrap()
}

fn band_of_score(c: &Checklist, total: u32) -> usize {
    let mut bands: Vec<_> = c.bands.iter().collect();
    bands.sort_by(|a, b| a.from.total_cmp(&b.from));
    bands
        .iter()
        .rposition(|b| f64::from(total) >= b.from)
        .unwrap()
}

#[test]
fn caps_bound_the_band() {
    let c = shipped_checklist();
    let mut rng = Lcg(21);
    let mut capped = 0;
    for i in 0..600 {
        let g = random_group(&c, &mut rng);
        let o = group(&c, &g).outcome;
        let high = rank(&c, &o.band_high.id);
        let low = rank(&c, &o.band_low.id);
        assert!(low <= high, "case {i}");
        // The high band is the score's band lowered by the caps that apply, no higher.
        let cap = o.caps.iter().map(|k| rank(&c, &k.band.id)).min();
        let expected = cap.map_or(band_of_score(&c, o.score_max), |k| {
            k.min(band_of_score(&c, o.score_max))
        });
        assert_eq!(high, expected, "case {i}: {g:?}");
        if cap.is_some() {
            capped += 1;
        }
        // A knock-out always means the lowest band.
        if !o.knockouts.is_empty() {
            assert_eq!(high, 0, "case {i}");
        }
        // Every answered capping option of an ieder question is in the caps.
        for q in c.questions().filter(|q| q.weight > 0.0) {
            if q.group != leidraad::checklist::GroupRule::Ieder {
                continue;
            }
            for a in &g {
                let Some(opt) = a
                    .get(&q.id)
                    .and_then(|id| q.options.iter().find(|o| &o.id == id))
                else {
                    continue;
                };
                if opt.knockout || opt.cap.is_some() {
                    assert!(
                        o.caps
                            .iter()
                            .any(|k| k.question == q.id && k.option == opt.id),
                        "case {i}: {}.{} missing from caps",
                        q.id,
                        opt.id
                    );
                }
            }
        }
    }
    assert!(capped > 300, "only {capped} cases with a cap");
}

/// `after` lies inside the range `before` showed: score and band.
fn inside(c: &Checklist, before: &Outcome, after: &Outcome) -> bool {
    let (lo, hi) = (rank(c, &before.band_low.id), rank(c, &before.band_high.id));
    let (alo, ahi) = (rank(c, &after.band_low.id), rank(c, &after.band_high.id));
    after.score_min >= before.score_min
        && after.score_max <= before.score_max
        && lo <= alo
        && ahi <= hi
}

#[test]
fn an_unknown_once_answered_stays_inside_the_range_shown() {
    let c = shipped_checklist();
    let questions: Vec<_> = c.questions().collect();
    let mut rng = Lcg(33);
    let (mut alone, mut groups) = (0, 0);
    for i in 0..1200 {
        let mut g = random_group(&c, &mut rng);
        let before = group(&c, &g).outcome;
        // One participant's unknown, given any answer.
        let p = rng.below(g.len());
        let open: Vec<_> = questions
            .iter()
            .filter(|q| !g[p].contains_key(&q.id))
            .collect();
        if open.is_empty() {
            continue;
        }
        let q = open[rng.below(open.len())];
        let o = &q.options[rng.below(q.options.len())];
        g[p].insert(q.id.clone(), o.id.clone());
        let after = group(&c, &g).outcome;
        assert!(
            inside(&c, &before, &after),
            "case {i}: answering {}.{} for participant {p} left the range: {}-{} {}..{} -> {}-{} {}..{}",
            q.id,
            o.id,
            before.score_min,
            before.score_max,
            before.band_low.id,
            before.band_high.id,
            after.score_min,
            after.score_max,
            after.band_low.id,
            after.band_high.id
        );
        if g.len() == 1 {
            alone += 1;
            assert_eq!(
                before,
                score(&c, &{
                    let mut a = g[0].clone();
                    a.remove(&q.id);
                    a
                })
            );
        } else {
            groups += 1;
        }
    }
    assert!(
        alone >= 150 && groups >= 500,
        "{alone} alone, {groups} groups"
    );
}

#[test]
fn a_weight_zero_answer_changes_nothing() {
    let c = shipped_checklist();
    let zero: Vec<_> = c.questions().filter(|q| q.weight == 0.0).collect();
    assert!(
        !zero.is_empty(),
        "the shipped checklist has an informational question"
    );
    let mut rng = Lcg(45);
    for i in 0..600 {
        let mut g = random_group(&c, &mut rng);
        let before = group(&c, &g).outcome;
        let q = zero[rng.below(zero.len())];
        let p = rng.below(g.len());
        let choice = rng.below(q.options.len() + 1);
        match q.options.get(choice) {
            Some(o) => g[p].insert(q.id.clone(), o.id.clone()),
            None => g[p].insert(q.id.clone(), DONT_KNOW.to_string()),
        };
        let mut after = group(&c, &g).outcome;
        // Only that question's own line may show the new answer, with 0 points.
        let line = after.questions.iter().find(|x| x.id == q.id).unwrap();
        assert_eq!(line.points, 0.0);
        after.questions = before.questions.clone();
        assert_eq!(after, before, "case {i}");
    }
}

#[test]
fn every_difference_is_on_the_agenda_by_weight_times_spread() {
    let c = shipped_checklist();
    let mut rng = Lcg(57);
    for i in 0..600 {
        let n = 2 + rng.below(4);
        let g: Vec<Answers> = (0..n).map(|_| random(&c, &mut rng)).collect();
        let out = group(&c, &g);
        let mut expected = Vec::new();
        for (order, q) in c.questions().enumerate() {
            let known: Vec<_> = g
                .iter()
                .filter_map(|a| {
                    a.get(&q.id)
                        .and_then(|id| q.options.iter().find(|o| &o.id == id))
                })
                .collect();
            let options: std::collections::BTreeSet<&str> =
                known.iter().map(|o| o.id.as_str()).collect();
            let differ = options.len() > 1 || (!known.is_empty() && known.len() < g.len());
            if differ {
                // Weight × spread in whole ten-thousandths, so equal priorities compare
                // exactly (0.7 − 0.2 is 0.5 here, not 0.4999...).
                let s = |x: f64| (x * 100.0).round() as i64;
                let spread = known.iter().map(|o| s(o.score)).max().unwrap()
                    - known.iter().map(|o| s(o.score)).min().unwrap();
                expected.push((-(s(q.weight) * spread), order, q.id.clone()));
            }
        }
        expected.sort();
        let agenda: Vec<&str> = out.agenda.iter().map(|a| a.question.as_str()).collect();
        let expected: Vec<&str> = expected.iter().map(|(_, _, q)| q.as_str()).collect();
        assert_eq!(agenda, expected, "case {i}");
    }
}
