//! The readiness checklist, rules version 3: the rules on hand-made cases (expected values
//! worked out by hand, arithmetic written down), parity between the Rust engine and the
//! theme's JavaScript engine on over a thousand answer sets, `leidraad assess`, and
//! validation errors for checklists and answer files.

use crate::common;
use crate::common::answers as answers_gen;

use answers_gen::{Lcg, normalize, shipped_checklist};
use common::{Fixture, repo_root};
use leidraad::assess::{Answers, Level, Outcome, Status, score};
use leidraad::checklist::Checklist;
use std::process::Command;

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, o)| (q.to_string(), o.to_string()))
        .collect()
}

/// Every question answered with the option `pick` chooses.
fn all_with(c: &Checklist, pick: impl Fn(&leidraad::checklist::Question) -> String) -> Answers {
    c.questions().map(|q| (q.id.clone(), pick(q))).collect()
}

fn best(c: &Checklist) -> Answers {
    all_with(c, |q| q.best_option().unwrap().id.clone())
}

fn worst(c: &Checklist) -> Answers {
    all_with(c, |q| {
        q.options
            .iter()
            .fold(
                None,
                |w: Option<&leidraad::checklist::AnswerOption>, o| match w {
                    Some(w) if w.score <= o.score => Some(w),
                    _ => Some(o),
                },
            )
            .unwrap()
            .id
            .clone()
    })
}

/// A random answer set in which each question stays unknown with `unknown_pct` percent
/// chance (as "weet niet" or simply missing).
fn random(c: &Checklist, rng: &mut Lcg, unknown_pct: usize) -> Answers {
    let mut a = Answers::new();
    for q in c.questions() {
        if rng.below(100) < unknown_pct {
            if rng.below(2) == 0 {
                a.insert(q.id.clone(), "weet_niet".into());
            }
            continue;
        }
        a.insert(
            q.id.clone(),
            q.options[rng.below(q.options.len())].id.clone(),
        );
    }
    a
}

/// The answer sets of the parity test: every kind the rules distinguish.
fn answer_sets(c: &Checklist, seed: u64) -> Vec<Answers> {
    let mut sets = vec![Answers::new(), best(c), worst(c)];
    // Each knock-out alone, and with everything else at its best.
    for q in c.questions() {
        for o in q.options.iter().filter(|o| o.knockout) {
            sets.push(answers(&[(&q.id, &o.id)]));
            let mut a = best(c);
            a.insert(q.id.clone(), o.id.clone());
            sets.push(a);
        }
    }
    // Every option that has a `doel`, alone and in a full set.
    for q in c.questions() {
        for o in q.options.iter().filter(|o| o.target.is_some()) {
            sets.push(answers(&[(&q.id, &o.id)]));
            let mut a = worst(c);
            a.insert(q.id.clone(), o.id.clone());
            sets.push(a);
        }
    }
    let mut rng = Lcg(seed);
    // Random sets with 0 to 60 % unknown.
    for i in 0..1000 {
        sets.push(random(c, &mut rng, (i % 7) * 10));
    }
    // Sets landing on each side of every band boundary, complete (a score) and open (a
    // range whose ends touch the boundary).
    let bounds: Vec<u32> = c
        .bands
        .iter()
        .map(|b| b.from as u32)
        .filter(|&b| b > 0)
        .collect();
    let mut found = 0;
    for _ in 0..200_000 {
        if found >= 4 * bounds.len() * 6 {
            break;
        }
        let pct = if rng.below(2) == 0 { 0 } else { 20 };
        let a = random(c, &mut rng, pct);
        let o = score(c, &a);
        if bounds.iter().any(|&b| {
            [o.score_min, o.score_max]
                .iter()
                .any(|&s| s + 1 == b || s == b)
        }) {
            sets.push(a);
            found += 1;
        }
    }
    assert!(
        found >= 4 * bounds.len(),
        "few boundary sets found: {found}"
    );
    sets
}

fn js_outcomes(c: &Checklist, sets: &[Answers]) -> Vec<serde_json::Value> {
    let out = common::node_json(
        "tests/parity/score.cjs",
        &serde_json::json!({"checklist": c, "sets": sets}),
    );
    serde_json::from_value(out).unwrap()
}

fn assert_parity(c: &Checklist, sets: &[Answers]) {
    if !common::node_available() {
        assert!(
            std::env::var("LEIDRAAD_REQUIRE_BROWSER").is_err(),
            "node is required"
        );
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED parity test: node not found");
        return;
    }
    let js = js_outcomes(c, sets);
    assert_eq!(js.len(), sets.len());
    for (i, (answers, js)) in sets.iter().zip(js).enumerate() {
        let rust = normalize(serde_json::to_value(score(c, answers)).unwrap());
        assert_eq!(rust, normalize(js), "set {i} differs: {answers:?}");
    }
}

#[test]
fn javascript_and_rust_engines_agree_on_every_field() {
    let c = shipped_checklist();
    let sets = answer_sets(&c, 7);
    assert!(sets.len() >= 1000, "{} sets", sets.len());
    // The sets cover every status.
    for status in [
        Status::Empty,
        Status::Complete,
        Status::Decided,
        Status::Undecided,
    ] {
        assert!(
            sets.iter().any(|a| score(&c, a).status == status),
            "no set with status {status:?}"
        );
    }
    assert_parity(&c, &sets);
}

#[test]
fn engines_agree_on_awkward_weights_and_scores() {
    let mut c = hand_checklist();
    // Weights and scores that are not exact in binary floating point.
    for (q, w) in c
        .dimensions
        .iter_mut()
        .flat_map(|d| d.questions.iter_mut())
        .zip([0.3, 1.7, 2.9])
    {
        q.weight = w;
        // Whole hundredths that binary floating point cannot store exactly.
        for o in &mut q.options {
            o.score = ((o.score * 70.0).round() + 7.0).min(100.0) / 100.0;
        }
    }
    let mut rng = Lcg(99);
    let sets: Vec<Answers> = (0..300)
        .map(|i| random(&c, &mut rng, (i % 7) * 10))
        .collect();
    assert_parity(&c, &sets);
}

// ---- the rules, on a hand-made checklist ----

/// Three questions, total weight 6:
/// - q1 (weight 3, actie): goed 1, matig 0.25 (advice), fout 0 (knock-out, advice)
/// - q2 (weight 1, situatie): ja 1, nee 0.5 (advice)
/// - q3 (weight 2, actie, dimension b): a 1, b 0.6, c 0.2 (doel b, advice)
fn hand_checklist() -> Checklist {
    leidraad::checklist::parse(
        "t",
        r#"
titel: T
samenvatting: S
versie: "2.0"
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
        links: [x1]
        opties:
          - { id: goed, label: Goed, score: 1 }
          - { id: matig, label: Matig, score: 0.25, advies: "doe iets", links: [m1] }
          - { id: fout, label: Fout, score: 0, knockout: true, advies: "stop" }
      - id: q2
        vraag: Q2?
        soort: situatie
        gewicht: 1
        links: [x2]
        opties:
          - { id: ja, label: Ja, score: 1 }
          - { id: nee, label: Nee, score: 0.5, advies: "let op" }
  - id: b
    titel: B
    vragen:
      - id: q3
        vraag: Q3?
        gewicht: 2
        links: [x3]
        opties:
          - { id: a, label: A, score: 1 }
          - { id: b, label: B, score: 0.6 }
          - { id: c, label: C, score: 0.2, doel: b, advies: "beter" }
"#,
    )
    .unwrap()
}

fn run(pairs: &[(&str, &str)]) -> Outcome {
    score(&hand_checklist(), &answers(pairs))
}

#[test]
fn an_empty_form_is_an_invitation_not_a_verdict() {
    let o = run(&[]);
    assert_eq!(o.status, Status::Empty);
    // Nothing answered: every question at its worst: 100 × (3×0 + 1×0.5 + 2×0.2) / 6 =
    // 100 × 0.9 / 6 = 15; at its best 100 × (3 + 1 + 2) / 6 = 100.
    assert_eq!((o.score_min, o.score_max, o.coverage), (15, 100, 0));
    // q1 could knock out, so the low end is the lowest band; the high end is geschikt.
    assert_eq!(o.band_low.id, "nog_niet");
    assert_eq!(o.band_high.id, "geschikt");
    assert_eq!(o.band, None);
    // Open, by the points each can still move: q1 100×3×(1−0)/6 = 50, q3 100×2×(1−0.2)/6
    // = 26.67 -> 26.7, q2 100×1×(1−0.5)/6 = 8.33 -> 8.3.
    let open: Vec<(&str, f64, bool)> = o
        .open
        .iter()
        .map(|p| (p.question.as_str(), p.moves, p.could_knock_out))
        .collect();
    assert_eq!(
        open,
        [("q1", 50.0, true), ("q3", 26.7, false), ("q2", 8.3, false)]
    );
    assert!(
        o.next_steps.is_empty(),
        "unanswered questions are never steps"
    );
    assert!(o.advice.is_empty());
}

#[test]
fn a_complete_set_has_one_score_and_realistic_steps_only() {
    // P = 3×1 + 1×0.5 + 2×0.2 = 3.9; 100 × 3.9 / 6 = 65 -> voorwaardelijk.
    let o = run(&[("q1", "goed"), ("q2", "nee"), ("q3", "c")]);
    assert_eq!(o.status, Status::Complete);
    assert_eq!((o.score_min, o.score_max, o.coverage), (65, 65, 100));
    assert_eq!(o.band.as_ref().unwrap().id, "voorwaardelijk");
    // Advice in question order: q2 nee (0.5: not below 0.5, not the best -> aandacht),
    // q3 c (0.2 -> zwak).
    let advice: Vec<(&str, Level, &str)> = o
        .advice
        .iter()
        .map(|a| (a.question.as_str(), a.level, a.text.as_str()))
        .collect();
    assert_eq!(
        advice,
        [
            ("q2", Level::Aandacht, "let op"),
            ("q3", Level::Zwak, "beter")
        ]
    );
    // q2 is a given (situatie): never a step. q3 moves to its doel b, not to the best:
    // 100 × 2 × (0.6 − 0.2) / 6 = 13.33 -> 13.3.
    assert_eq!(o.next_steps.len(), 1);
    let s = &o.next_steps[0];
    assert_eq!(
        (s.question.as_str(), s.target.as_str(), s.gain),
        ("q3", "b", 13.3)
    );
    assert_eq!(s.links, ["x3"]);
    // Dimension a: (3 + 0.5) / 4 = 87.5 -> 88; b: 0.4 / 2 = 20.
    let dims: Vec<(u32, u32)> = o
        .dimensions
        .iter()
        .map(|d| (d.score_min, d.score_max))
        .collect();
    assert_eq!(dims, [(88, 88), (20, 20)]);
}

#[test]
fn an_open_question_makes_a_range_that_may_leave_the_band_open() {
    // P = 3×0.25 + 1×1 = 1.75; open q3 adds at least 2×0.2 and at most 2×1.
    // min = 100 × 2.15 / 6 = 35.83 -> 36; max = 100 × 3.75 / 6 = 62.5 -> 63 (half up).
    let o = run(&[("q1", "matig"), ("q2", "ja"), ("q3", "weet_niet")]);
    assert_eq!((o.score_min, o.score_max), (36, 63));
    // Answered weight 4 of 6 = 66.67 -> 67.
    assert_eq!(o.coverage, 67);
    // q3 cannot knock out: low = band of 36 (nog_niet), high = band of 63 (voorwaardelijk).
    assert_eq!(
        (o.band_low.id.as_str(), o.band_high.id.as_str()),
        ("nog_niet", "voorwaardelijk")
    );
    assert_eq!(o.status, Status::Undecided);
    assert_eq!(o.band, None);
    // q1 matig -> best goed: 100 × 3 × 0.75 / 6 = 37.5.
    assert_eq!(o.next_steps[0].gain, 37.5);
    assert_eq!(o.advice[0].links, ["m1"], "the option's own links");
    // Dimension a answered: (0.75 + 1) / 4 = 43.75 -> 44; b open: 0.2 to 1 -> 20 to 100.
    let dims: Vec<(u32, u32)> = o
        .dimensions
        .iter()
        .map(|d| (d.score_min, d.score_max))
        .collect();
    assert_eq!(dims, [(44, 44), (20, 100)]);
}

#[test]
fn a_range_inside_one_band_decides_it() {
    // P = 3 + 2 = 5; open q2 adds 0.5 to 1: 100 × 5.5 / 6 = 91.67 -> 92 to 100. Both
    // geschikt.
    let o = run(&[("q1", "goed"), ("q3", "a")]);
    assert_eq!((o.score_min, o.score_max), (92, 100));
    assert_eq!(o.status, Status::Decided);
    assert_eq!(o.band.unwrap().id, "geschikt");
}

#[test]
fn a_knockout_decides_the_lowest_band_and_comes_first() {
    // P = 0 + 1 + 2 = 3 -> 50, which alone would be voorwaardelijk.
    let o = run(&[("q1", "fout"), ("q2", "ja"), ("q3", "a")]);
    assert_eq!(o.score_min, 50);
    assert_eq!(o.knockouts, ["q1"]);
    assert_eq!(o.band.as_ref().unwrap().id, "nog_niet");
    assert_eq!(o.status, Status::Complete);
    assert_eq!(o.advice[0].level, Level::Knockout);
    // The knock-out is the first step: to the best answer, 100 × 3 × 1 / 6 = 50.
    let s = &o.next_steps[0];
    assert!(s.knockout);
    assert_eq!((s.target.as_str(), s.gain), ("goed", 50.0));
    // A knock-out with questions still open is decided too: 100 × (0 + 0.5 + 0.4) / 6 =
    // 15 to 100 × (0 + 1 + 2) / 6 = 50, capped at the lowest band.
    let o = run(&[("q1", "fout")]);
    assert_eq!((o.score_min, o.score_max), (15, 50));
    assert_eq!(o.status, Status::Decided);
    assert_eq!(o.band.unwrap().id, "nog_niet");
}

#[test]
fn band_boundaries_use_the_rounded_whole_score() {
    let c = shipped_checklist();
    // Find answer sets whose complete score is exactly 44, 45, 69 and 70.
    let mut rng = Lcg(3);
    let mut seen = std::collections::BTreeMap::new();
    // A cap at voorwaardelijk cannot change the band of 44 or 45; at 69 and 70 only sets
    // without caps count, so the score alone decides.
    for _ in 0..200_000 {
        let a = random(&c, &mut rng, 0);
        let o = score(&c, &a);
        let fits = match o.score_min {
            44 | 45 => o.caps.iter().all(|c| c.band.id == "voorwaardelijk"),
            69 | 70 => o.caps.is_empty(),
            _ => false,
        };
        if fits {
            seen.insert(o.score_min, o.band.unwrap().id);
        }
        if seen.len() == 4 {
            break;
        }
    }
    assert_eq!(seen.get(&44).map(String::as_str), Some("nog_niet"));
    assert_eq!(seen.get(&45).map(String::as_str), Some("voorwaardelijk"));
    assert_eq!(seen.get(&69).map(String::as_str), Some("voorwaardelijk"));
    assert_eq!(seen.get(&70).map(String::as_str), Some("geschikt"));
}

#[test]
fn rounding_is_half_up_on_whole_hundredths() {
    // 62.5 rounds up (above), and so does a gain of 37.45 points: q1 weight 3 of 6,
    // hundredths: 10 × 300 × (100 − 25) / 600 = 375 tenths = 37.5.
    let o = run(&[("q1", "matig"), ("q2", "ja"), ("q3", "a")]);
    // P = 0.75 + 1 + 2 = 3.75 -> 62.5 -> 63.
    assert_eq!(o.score_min, 63);
    assert_eq!(o.next_steps[0].gain, 37.5);
}

/// Every question and option id of checklist 2.0: a saved 2.x assessment must open
/// against 3.0 with all its answers.
const IDS_2_0: &[(&str, &[&str])] = &[
    ("maatwerk", &["standaard", "beperkt", "veel", "volledig"]),
    ("integratie", &["alle", "meeste", "niet_alle"]),
    (
        "impact",
        &["onafhankelijk", "eigen_pilot", "leverancier", "geen"],
    ),
    ("ict_basis", &["gereed", "deels", "niet"]),
    ("werkproces", &["weinig", "matig", "ingrijpend"]),
    (
        "opschaling",
        &["aangetoond", "aannemelijk", "twijfelachtig", "nee"],
    ),
    ("aanbieders_markt", &["vier_of_meer", "twee_drie", "een"]),
    ("leverancier_fase", &["gevestigd", "scale_up", "start_up"]),
    (
        "producttype",
        &["software", "hardware_software", "hardware"],
    ),
    (
        "gedeelde_behoefte",
        &["vastgelegd", "globaal", "uiteenlopend"],
    ),
    ("samenwerking", &["bestaand", "in_opbouw", "geen"]),
    (
        "pilots",
        &[
            "gedeeld",
            "nee",
            "zelfde_leverancier",
            "verschillende_leveranciers",
        ],
    ),
    ("medewerkers", &["structureel", "incidenteel", "niet"]),
    (
        "aantal_deelnemers",
        &["twee_tot_vijf", "zes_tot_vijftien", "meer_dan_vijftien"],
    ),
    (
        "domeinen",
        &["een_domein", "meerdere_geregeld", "meerdere_open"],
    ),
    ("ketenafhankelijk", &["nee", "ja_toegezegd", "ja_onzeker"]),
    ("projectleider", &["onafhankelijk", "uit_deelnemer", "geen"]),
    ("expertise_juridisch", &["ja", "nee"]),
    ("expertise_ict", &["ja", "nee"]),
    ("expertise_zorg", &["ja", "nee"]),
    ("expertise_inkoop", &["ja", "nee"]),
    ("kostenverdeling", &["afgesproken", "in_gesprek", "open"]),
    ("contractvorm", &["ja", "nee"]),
    ("integraal_pakket", &["volledig", "deels", "alleen_prijs"]),
    ("exit", &["geregeld", "deels", "niet"]),
    ("doorontwikkeling", &["ja", "beperkt", "nee"]),
    (
        "marktmacht",
        &[
            "klein_aandeel",
            "groot_aandeel_getoetst",
            "groot_aandeel_niet_getoetst",
        ],
    ),
    (
        "structureel",
        &["geregeld", "deels", "alleen_startsubsidie"],
    ),
    ("business_case", &["uitgewerkt", "globaal", "geen"]),
];

#[test]
fn shipped_checklist_keeps_its_ids_and_sound_rules() {
    let c = shipped_checklist();
    assert_eq!(c.version, "3.0");
    for (q, options) in IDS_2_0 {
        let question = c
            .question(q)
            .unwrap_or_else(|| panic!("2.0 question {q} is gone"));
        for o in *options {
            assert!(
                question.options.iter().any(|x| x.id == *o),
                "2.0 option {q}.{o} is gone"
            );
        }
    }
    // Three new questions for the factors the content audit found missing.
    assert_eq!(c.questions().count(), 29 + 3);
    for q in ["zorgkantoren", "mandaat", "voortouw"] {
        assert!(c.question(q).is_some(), "{q}");
    }
    // 49 in 2.0, minus aantal_deelnemers (now 0), plus 1 for each new question, plus 1
    // for contractvorm (2 instead of 1): 49 − 1 + 3 + 1 = 52.
    let total: f64 = c.questions().map(|q| q.weight).sum();
    assert_eq!(total, 52.0);
    assert_eq!(c.question("aantal_deelnemers").unwrap().weight, 0.0);
    let mut kos: Vec<String> = c
        .questions()
        .flat_map(|q| {
            q.options
                .iter()
                .filter(|o| o.knockout)
                .map(move |o| format!("{}.{}", q.id, o.id))
        })
        .collect();
    kos.sort();
    assert_eq!(kos, ["maatwerk.volledig", "opschaling.nee"]);
    // Every question links to guidance; every doel points higher.
    for q in c.questions() {
        assert!(!q.links.is_empty(), "{} has no links", q.id);
        for o in &q.options {
            if let Some(t) = &o.target {
                let t = q.options.iter().find(|x| &x.id == t).unwrap();
                assert!(t.score > o.score, "{}.{}", q.id, o.id);
            }
        }
    }
    // The best answers give 100 and a decided top band.
    let o = score(&c, &best(&c));
    assert_eq!((o.score_min, o.status), (100, Status::Complete));
    assert_eq!(o.band.unwrap().id, "geschikt");
}

#[test]
fn shipped_caps_and_shared_capabilities_are_the_ones_the_sources_name() {
    let c = shipped_checklist();
    let mut caps: Vec<String> = c
        .questions()
        .flat_map(|q| {
            q.options
                .iter()
                .filter_map(move |o| o.cap.as_ref().map(|b| format!("{}.{}->{b}", q.id, o.id)))
        })
        .collect();
    caps.sort();
    assert_eq!(
        caps,
        [
            "domeinen.meerdere_open->voorwaardelijk",   // 002:541-553
            "expertise_ict.nee->voorwaardelijk",        // 002:1343-1349
            "expertise_juridisch.nee->voorwaardelijk",  // 002:1343-1349
            "expertise_zorg.nee->voorwaardelijk",       // 002:1343-1349
            "gedeelde_behoefte.uiteenlopend->nog_niet", // 002:1852-1853
            "integratie.niet_alle->voorwaardelijk",     // 002:487-494, 1399-1402
            "ketenafhankelijk.ja_onzeker->nog_niet",    // 002:541-547
            "kostenverdeling.open->voorwaardelijk",     // 002:1490-1492
            "medewerkers.niet->voorwaardelijk",         // 002:1159-1162, 1416-1421
            "projectleider.geen->voorwaardelijk",       // 002:1335-1337, 1479-1483
        ]
    );
    let samen: Vec<&str> = c
        .questions()
        .filter(|q| q.group == leidraad::checklist::GroupRule::Samen)
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(
        samen,
        // 002:1532-1537; 617-618, 1697-1703; 1343-1347, 1702-1703; 786-790, 818-827;
        // 1470-1474.
        [
            "voortouw",
            "expertise_juridisch",
            "expertise_ict",
            "expertise_inkoop",
            "contractvorm"
        ]
    );
    // domeinen is something the participants can act on.
    assert_eq!(
        c.question("domeinen").unwrap().nature,
        leidraad::checklist::Nature::Actie
    );
}

#[test]
fn seven_failure_factors_at_their_worst_never_fit_now() {
    // The issue's case: seven preconditions or failure factors at their worst, everything
    // else at its best. 2.0 said "past nu" (72).
    let c = shipped_checklist();
    let mut a = best(&c);
    for (q, o) in [
        ("gedeelde_behoefte", "uiteenlopend"),
        ("medewerkers", "niet"),
        ("projectleider", "geen"),
        ("kostenverdeling", "open"),
        ("ketenafhankelijk", "ja_onzeker"),
        ("domeinen", "meerdere_open"),
        ("integratie", "niet_alle"),
    ] {
        a.insert(q.into(), o.into());
    }
    let o = score(&c, &a);
    // Two of them cap at the lowest band (no shared need, a chain not committed).
    assert_eq!(o.band.as_ref().unwrap().id, "nog_niet");
    assert_eq!(o.caps.len(), 7);
    assert_eq!(o.caps[0].band.id, "nog_niet");
    // Each alone, everything else best: never "past nu".
    for (q, o) in [
        ("medewerkers", "niet"),
        ("projectleider", "geen"),
        ("kostenverdeling", "open"),
        ("domeinen", "meerdere_open"),
        ("integratie", "niet_alle"),
    ] {
        let mut a = best(&c);
        a.insert(q.into(), o.into());
        let out = score(&c, &a);
        assert_eq!(out.band.unwrap().id, "voorwaardelijk", "{q}");
    }
    // Every question at its worst answer that is not a knock-out: not "past nu" either.
    let a = all_with(&c, |q| {
        q.options
            .iter()
            .filter(|o| !o.knockout)
            .min_by_key(|o| (o.score * 100.0).round() as i64)
            .unwrap()
            .id
            .clone()
    });
    assert_eq!(score(&c, &a).band.unwrap().id, "nog_niet");
}

#[test]
fn a_weight_zero_question_is_shown_but_never_scored() {
    let c = shipped_checklist();
    let mut a = best(&c);
    a.remove("aantal_deelnemers");
    let without = score(&c, &a);
    for o in ["twee_tot_vijf", "meer_dan_vijftien"] {
        a.insert("aantal_deelnemers".into(), o.into());
        let with = score(&c, &a);
        // Complete both times: the informational question is not counted as open.
        assert_eq!(with.status, Status::Complete);
        assert_eq!(
            (
                with.score_min,
                with.score_max,
                with.coverage,
                with.answered,
                with.total
            ),
            (100, 100, 100, 31, 31)
        );
        let shown = with
            .questions
            .iter()
            .find(|q| q.id == "aantal_deelnemers")
            .unwrap();
        assert_eq!(
            (shown.option.as_str(), shown.weight, shown.points),
            (o, 0.0, 0.0)
        );
        let mut masked = with.clone();
        masked.questions = without.questions.clone();
        assert_eq!(masked, without);
    }
}

#[test]
fn situation_questions_are_never_steps_unless_knocked_out() {
    let c = shipped_checklist();
    let o = score(&c, &worst(&c));
    let situation: Vec<&str> = c
        .questions()
        .filter(|q| q.nature == leidraad::checklist::Nature::Situatie)
        .map(|q| q.id.as_str())
        .collect();
    for s in &o.next_steps {
        assert!(
            s.cap.is_some() || !situation.contains(&s.question.as_str()),
            "{} is a given, not a step",
            s.question
        );
    }
    assert!(o.next_steps.len() <= 5);
}

// ---- leidraad assess ----

fn assess_cmd(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("assess")
        .arg("--root")
        .arg(repo_root())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn assess_prints_json_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(
        &file,
        "maatwerk: volledig\nintegratie: alle\nexit: weet_niet\n",
    )
    .unwrap();
    let out = assess_cmd(&["--answers", file.to_str().unwrap(), "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "checklist",
        "version",
        "score_min",
        "score_max",
        "coverage",
        "band",
        "band_low",
        "band_high",
        "dimensions",
        "knockouts",
        "open",
        "advice",
        "next_steps",
        "questions",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["checklist"], "centrale-inkoop");
    assert_eq!(v["band"]["id"], "nog_niet");
    assert_eq!(v["knockouts"][0], "maatwerk");
    // integratie alle (3 × 1) and maatwerk volledig (0); every open question at its worst
    // answer: 0.2 ict_basis + 0.3 werkproces + 0.4 aanbieders_markt + 0.3 leverancier_fase
    // + 0.7 producttype + 0.3 gedeelde_behoefte + 0.4 samenwerking + 0.3 pilots + 0.2
    // medewerkers + 0.4 domeinen + 0.3 zorgkantoren + 0.1 mandaat + 0.2 ketenafhankelijk
    // + 0.2 voortouw + 0.2 kostenverdeling + 0.6 contractvorm + 0.2 integraal_pakket + 0.1
    // doorontwikkeling + 0.3 marktmacht + 0.4 structureel + 0.1 business_case = 6.2
    // (impact, opschaling, projectleider, the expertise questions and exit: 0).
    // 100 × (3 + 6.2) / 52 = 17.69 -> 18.
    assert_eq!(v["score_min"], 18);
    assert!(
        v["open"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["question"] == "exit")
    );
    assert_eq!(v["next_steps"][0]["question"], "maatwerk");
    // The same outcome as the library gives.
    let c = shipped_checklist();
    let lib = score(
        &c,
        &answers(&[("maatwerk", "volledig"), ("integratie", "alle")]),
    );
    assert_eq!(
        normalize(v.clone()),
        normalize(serde_json::to_value(lib).unwrap())
    );
}

#[test]
fn assess_reads_a_version_1_result_file_and_prints_a_range() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    // Exported by checklist 1.0: its stored score is ignored, its answers count.
    std::fs::write(
        &file,
        r#"{"checklist": "centrale-inkoop", "version": "1.0", "score": 99, "band": "geschikt", "answers": {"maatwerk": "standaard", "opschaling": "nee"}, "innovatie": "Slimme sensoren"}"#,
    )
    .unwrap();
    let out = assess_cmd(&["--answers", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Slimme sensoren"));
    // A knock-out decides the band even with questions open: a range, not "99".
    assert!(text.contains("Score tussen"), "{text}");
    assert!(!text.contains("99"), "{text}");
    assert!(text.contains("[Knock-out]"), "{text}");
    assert!(
        text.contains("https://example.org/leidraad/"),
        "links as addresses: {text}"
    );
}

#[test]
fn assess_rejects_unknown_questions_and_options_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "maatwerk: standard\nimpakt: geen\n").unwrap();
    let out = assess_cmd(&["--answers", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.yaml:1:11: error[unknown-id]: unknown option `standard` for question `maatwerk`; did you mean `standaard`?"), "{err}");
    assert!(
        err.contains("a.yaml:2:1: error[unknown-id]: unknown question `impakt`"),
        "{err}"
    );
    assert!(err.contains("did you mean `impact`?"), "{err}");
}

#[test]
fn assess_rejects_a_foreign_result_file_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("f.json");
    std::fs::write(&foreign, r#"{"checklist": "iets-anders", "answers": {}}"#).unwrap();
    let out = assess_cmd(&["--answers", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("belongs to checklist `iets-anders`"));
    let newer = dir.path().join("n.json");
    std::fs::write(
        &newer,
        r#"{"checklist": "centrale-inkoop", "version": "7.0", "answers": {}}"#,
    )
    .unwrap();
    let out = assess_cmd(&["--answers", newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("version 7.0"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (name, text) in [
        ("list.yaml", "- a\n- b\n"),
        ("broken.json", "{\"maatwerk\": "),
        ("number.yaml", "maatwerk: 3\n"),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, text).unwrap();
        let out = assess_cmd(&["--answers", f.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(name),
            "{name}"
        );
    }
    let out = assess_cmd(&[
        "--answers",
        "/nonexistent.yaml",
        "--checklist",
        "centrale-inkop",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `centrale-inkoop`?"));
}

// ---- invalid checklists in a fixture site ----

const CHECKLIST: &str = r#"titel: "Test"
samenvatting: "Een testchecklist."
versie: "2.0"
banden:
  - { id: geschikt, vanaf: 70, titel: G, uitleg: g }
  - { id: nog_niet, vanaf: 0, titel: N, uitleg: n }
dimensies:
  - id: markt
    titel: Markt
    vragen:
      - id: aanbod
        vraag: "Hoeveel aanbieders?"
        gewicht: 2
        soort: situatie
        links: [smalle-markt]
        opties:
          - id: veel
            label: Veel
            score: 1
          - id: twee
            label: Twee
            score: 0.6
          - id: een
            label: Een
            score: 0.2
            doel: twee
            advies: "Pas op."
            links: [smalle-markt]
"#;

fn fixture_with_checklist(text: &str) -> Fixture {
    let f = Fixture::new("minimal");
    f.write("content/checklists/test.yaml", text);
    f
}

#[test]
fn fixture_checklist_builds_its_page() {
    let f = fixture_with_checklist(CHECKLIST);
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read_to_string(f.out().join("checklist/test.html")).unwrap();
    assert!(page.contains("Hoeveel aanbieders?"));
    assert!(page.contains("id=\"checklist-model\""));
}

fn checklist_error(from: &str, to: &str, expected: &[&str]) {
    let f = fixture_with_checklist(&CHECKLIST.replacen(from, to, 1));
    let msg = f.build_err();
    for e in expected {
        assert!(msg.contains(e), "expected {e:?} in:\n{msg}");
    }
}

#[test]
fn checklist_link_to_unknown_entry() {
    checklist_error(
        "            links: [smalle-markt]",
        "            links: [smale-markt]",
        &[
            "content/checklists/test.yaml:",
            "unknown id `smale-markt`; did you mean `smalle-markt`?",
        ],
    );
}

#[test]
fn checklist_question_without_links() {
    checklist_error(
        "        links: [smalle-markt]\n",
        "",
        &["question `aanbod` needs `links:`"],
    );
}

#[test]
fn checklist_unknown_soort() {
    checklist_error(
        "        soort: situatie",
        "        soort: situasie",
        &[
            "content/checklists/test.yaml:",
            "`soort` is `situasie`, which is not one of: actie, situatie; did you mean `situatie`?",
        ],
    );
}

#[test]
fn checklist_doel_unknown_or_lower() {
    checklist_error(
        "            doel: twee",
        "            doel: tweee",
        &["`doel: tweee`, which is not an option of this question; did you mean `twee`?"],
    );
    checklist_error(
        "            score: 0.6\n",
        "            score: 0.1\n",
        &["`doel: twee`, which does not score higher"],
    );
}

#[test]
fn checklist_advice_on_the_best_answer_is_never_shown() {
    checklist_error(
        "            label: Veel\n            score: 1\n",
        "            label: Veel\n            score: 1\n            advies: \"Goed zo.\"\n",
        &["option `aanbod.veel` is the best answer, so its `advies` would never be shown"],
    );
}

#[test]
fn checklist_score_outside_0_1() {
    checklist_error(
        "            score: 0.2",
        "            score: 1.2",
        &["score 1.2: a score must be between 0 and 1"],
    );
}

#[test]
fn checklist_weight_not_positive() {
    checklist_error(
        "        gewicht: 2",
        "        gewicht: -1",
        &["has weight -1: a weight must be a number from 0 to 1000 with at most two decimals"],
    );
}

#[test]
fn checklist_bands_not_covering_0_100() {
    checklist_error(
        "vanaf: 0,",
        "vanaf: 10,",
        &["one band must start at `vanaf: 0`"],
    );
}

#[test]
fn checklist_duplicate_ids() {
    checklist_error(
        "          - id: twee",
        "          - id: veel",
        &["has option `veel` twice"],
    );
}

#[test]
fn checklist_reserved_option_and_unknown_key() {
    checklist_error(
        "          - id: een",
        "          - id: weet_niet",
        &["option id `weet_niet` is reserved"],
    );
    checklist_error(
        "        gewicht: 2",
        "        gewigt: 2",
        &[
            "content/checklists/test.yaml:",
            "unknown field `gewigt`; did you mean `gewicht`?",
        ],
    );
}

#[test]
fn example_assessment_with_unknown_option_and_a_justification() {
    let f = fixture_with_checklist(CHECKLIST);
    f.edit(
        "leidraad.yaml",
        "      nummer: { type: integer }",
        "      nummer: { type: integer }\n      beoordeling: { type: assessment }",
    );
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "categorie: \"Markt\"",
        "categorie: \"Markt\"\nbeoordeling:\n  checklist: test\n  antwoorden:\n    aanbod: vele",
    );
    let msg = f.build_err();
    assert!(
        msg.contains("content/knelpunten/smalle-markt.md:8:"),
        "{msg}"
    );
    assert!(
        msg.contains("unknown option `vele` for question `aanbod`; did you mean `veel`?"),
        "{msg}"
    );
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "aanbod: vele",
        "aanbod: { antwoord: een, toelichting: \"Er is één leverancier (hoofdstuk 4.2).\" }",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read_to_string(f.out().join("knelpunten/smalle-markt.html")).unwrap();
    // 2 × 0.2 / 2 = 20, everything answered: one score, and the justification shown.
    assert!(page.contains("data-score-min=\"20\""), "{page}");
    assert!(page.contains("Score 20 van 100"));
    assert!(page.contains("Er is één leverancier (hoofdstuk 4.2)."));
}

#[test]
fn shipped_examples_show_their_range_and_justifications() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    leidraad::build::build(&repo_root(), Some(&out)).unwrap();
    let mut with = 0;
    for f in std::fs::read_dir(out.join("voorbeelden")).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        if text.contains("class=\"assessment\"") {
            with += 1;
            assert!(text.contains("data-score-min="));
            assert!(text.contains("<th scope=\"col\">Toelichting</th>"));
        }
    }
    assert!(with >= 3, "only {with} examples show an assessment");
    // The checklist explains its terms where it uses them: the glossary's abbreviations
    // as <abbr> in the help, the other terms in words.
    let page = std::fs::read_to_string(out.join("checklist/centrale-inkoop.html")).unwrap();
    for abbr in ["ECD", "AVG", "NZa", "VVT", "RVS", "Wlz", "Wmo", "Zvw"] {
        assert!(
            page.contains(&format!("\">{abbr}</abbr>")),
            "no <abbr> for {abbr}"
        );
    }
    for explained in [
        "Kopersmacht is de macht",
        "De mededingingsregels zijn de regels",
        "Een staffelkorting is een korting",
        "de lead-buyer: de inkoper",
        "Een exit-regeling legt vast",
    ] {
        assert!(page.contains(explained), "{explained}");
    }
}

#[test]
fn assess_keeps_each_answers_toelichting_as_untrusted_text() {
    let dir = tempfile::tempdir().unwrap();
    // The page's exported result: answers beside toelichtingen.
    let file = dir.path().join("export.json");
    std::fs::write(
        &file,
        r#"{"checklist": "centrale-inkoop", "version": "3.0", "antwoorden": {"maatwerk": "beperkt", "exit": "weet_niet"}, "toelichtingen": {"maatwerk": "Twee\ninstellingen\u001b[2J verschillen.", "exit": "Navragen bij de jurist."}}"#,
    )
    .unwrap();
    let out = assess_cmd(&["--answers", file.to_str().unwrap(), "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let q = |id: &str| {
        v["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        q("maatwerk")["toelichting"],
        "Twee\ninstellingen\u{1b}[2J verschillen."
    );
    assert_eq!(q("exit")["option"], "weet_niet");
    assert_eq!(q("exit")["toelichting"], "Navragen bij de jurist.");
    // In the text report on one line, the escape sequence shown, not run.
    let text =
        String::from_utf8(assess_cmd(&["--answers", file.to_str().unwrap()]).stdout).unwrap();
    assert!(
        text.contains("Toelichting: Twee instellingen\\u{1b}[2J verschillen."),
        "{text}"
    );
    // YAML written by hand: {antwoord, toelichting}; over 500 characters is an error at
    // its line, an unknown field gets the closest one.
    let long = dir.path().join("lang.yaml");
    std::fs::write(
        &long,
        format!("maatwerk: {{ antwoord: beperkt, toelichting: \"{}\" }}\nexit: {{ antwoord: niet, toelichtng: x }}\n", "a".repeat(501)),
    )
    .unwrap();
    let out = assess_cmd(&["--answers", long.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("lang.yaml:1:") && err.contains("501 characters; at most 500"),
        "{err}"
    );
    assert!(
        err.contains("lang.yaml:2:") && err.contains("did you mean `toelichting`?"),
        "{err}"
    );
}
