//! The calculator (rekenhulp, issue 24): the business-case formulas on hand-made cases
//! (expected values worked out by hand, the arithmetic written in the test), PwC's 4 %
//! and 7 %, shares that add up to the external costs to the cent, parity between the Rust
//! and JavaScript engines on over a thousand inputs, `leidraad business-case`, and
//! validation errors for calculators and input files.

use crate::common;
use crate::common::answers::{Lcg, normalize};

use common::{Fixture, repo_root};
use leidraad::business_case::{Euros, Outcome, Warning, allocate, compute};
use leidraad::calculator::{Calculator, check_input};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn shipped() -> Calculator {
    let (site, _) = leidraad::site::load(&repo_root()).unwrap_or_else(|d| panic!("{d}"));
    site.content
        .calculators
        .iter()
        .find(|c| c.calculator.id == "samen-of-alleen")
        .expect("the shipped calculator")
        .calculator
        .clone()
}

/// Checks and computes an input written as YAML, with the shipped calculator's defaults.
fn case(c: &Calculator, yaml: &str) -> Outcome {
    let (value, at) = leidraad::yaml::load(yaml, 1, Path::new("case.yaml"), None)
        .unwrap_or_else(|d| panic!("{d}"));
    let checked =
        check_input(c, &value, &at, "", Path::new("case.yaml")).unwrap_or_else(|d| panic!("{d}"));
    compute(&checked.input)
}

/// Euros as the outcome holds them: cents.
fn eur(euros: f64) -> Euros {
    Euros((euros * 100.0).round() as i128)
}

// ---- the formulas, by hand ----

/// PwC's check (002:1571-1582): with a 67 % (70 %) lower price, no hours counted and a
/// share of K equal to 63 % of the stand-alone spend, the largest participant saves 4 %
/// (7 %). Largest: 1,000 users at € 100 for 1 year, S = € 100,000. The other: 250 users at
/// € 120, S = € 30,000. By volume, the largest carries 1,000 / 1,250 = 80 % of K, so
/// K = 0.63 × 100,000 / 0.8 = € 78,750 gives a share of € 63,000.
fn pwc_case(discount: &str) -> String {
    format!(
        "horizon_jaren: 1\nexterne_kosten: 78750\nverdeelsleutel: naar_volume\nkorting: {discount}\ndeelnemers:\n  - {{ naam: Grootste, gebruikers: 1000, prijs_alleen: 100, uurtarief: 0 }}\n  - {{ naam: Kleinere, gebruikers: 250, prijs_alleen: 120, uurtarief: 0 }}\n"
    )
}

#[test]
fn pwc_four_and_seven_percent_for_the_largest_participant() {
    let c = shipped();
    let share = 78_750.0 * 1000.0 / 1250.0;
    assert_eq!(share, 0.63 * 100_000.0);
    for (discount, saving_pct) in [("0.67", 4.0), ("0.70", 7.0)] {
        let o = case(&c, &pwc_case(discount));
        let big = &o.participants[0];
        let k: f64 = discount.parse().unwrap();
        let together = 100_000.0 * (1.0 - k) + share;
        assert_eq!(big.share, eur(share));
        assert_eq!(big.cost_alone, eur(100_000.0));
        assert_eq!(big.cost_together, eur(together));
        assert_eq!(big.saving, eur(100_000.0 - together));
        assert_eq!(big.saving_pct, Some(saving_pct), "{discount}");
        assert_eq!(big.price_cut_pct, Some(k * 100.0));
        // Saving = gain before the share − the share.
        assert_eq!(big.saving.0, big.break_even_share.0 - big.share.0);
        // Share 63 000 > half the gain (67 000 / 2, 70 000 / 2): warned.
        assert_eq!(big.warnings, vec![Warning::ShareOverHalf]);
    }
    // The smaller one at 67 %: 250 × € 120 × 0.33 = € 9,900 together, share 78,750 × 250 /
    // 1,250 = € 15,750, cost together € 25,650 against € 30,000: saves € 4,350 = 14.5 %.
    let o = case(&c, &pwc_case("0.67"));
    let small = &o.participants[1];
    assert_eq!(small.spend_together, eur(250.0 * 120.0 * 0.33));
    assert_eq!(small.share, eur(78_750.0 * 250.0 / 1250.0));
    assert_eq!(small.saving, eur(30_000.0 - (9_900.0 + 15_750.0)));
    assert_eq!(small.saving_pct, Some(14.5));
    // The smaller one saves more in euros (4,350 > 4,000) and in percent (14.5 > 4.0).
    assert_eq!(
        (o.group.most_saving, o.group.most_saving_pct),
        (Some(1), Some(1))
    );
}

#[test]
fn the_shipped_reconstruction_gives_pwc_figures_in_both_scenarios() {
    let c = shipped();
    let example = serde_yaml::to_string(&c.example.invoer).unwrap();
    assert!(
        c.example.titel.contains("reconstructie"),
        "labelled as such"
    );
    // Staffels 70 / 60 / 50 / 16.50 / 15 from 0 / 100 / 250 / 500 / 1000 users; the largest
    // (400 users) is at € 50; one staffel up is € 16.50 (67 % lower), the group's 1,000
    // users reach € 15 (70 % lower). 3 years: S = 400 × 50 × 3 = € 60,000. By volume it
    // carries 400 / 1,000 of K = € 94,500: € 37,800 = 63 % of S.
    for (scenario, together, pct) in [("voorzichtig", 16.5, 4.0), ("gunstig", 15.0, 7.0)] {
        let input = example.replace("scenario: voorzichtig", &format!("scenario: {scenario}"));
        let o = case(&c, &input);
        let big = &o.participants[0];
        assert_eq!(big.share, eur(94_500.0 * 0.4));
        assert_eq!(big.share, eur(0.63 * 60_000.0));
        assert_eq!(big.cost_together, eur(400.0 * together * 3.0 + 37_800.0));
        assert_eq!(big.saving_pct, Some(pct), "{scenario}");
        // Shares add up to K.
        let sum: i128 = o.participants.iter().map(|p| p.share.0).sum();
        assert_eq!(sum, eur(94_500.0).0);
    }
    // Cautious: the thuiszorg (240 users) goes from € 60 to € 50: 240 × 50 × 3 = € 36,000
    // plus a share of 0.24 × 94,500 = € 22,680, against 240 × 60 × 3 = € 43,200 alone.
    let o = case(&c, &example);
    let p = &o.participants[1];
    assert_eq!(p.saving, eur(43_200.0 - (36_000.0 + 22_680.0)));
    assert_eq!(p.warnings, vec![Warning::WorseOff, Warning::ShareOverHalf]);
    assert_eq!(o.group.cost_alone, eur(171_300.0));
    assert_eq!(o.group.saving, eur(171_300.0 - 207_600.0));
}

#[test]
fn hours_use_the_defaults_of_the_calculator() {
    let c = shipped();
    // No hours given: 50 alone and 10 together (002:1523-1527). At € 80 an hour that is
    // 50 × 80 = € 4,000 alone and 10 × 80 = € 800 together.
    let o = case(
        &c,
        "horizon_jaren: 2\nexterne_kosten: 1000\nverdeelsleutel: gelijk\nkorting: 0.10\ndeelnemers:\n  - { naam: A, gebruikers: 10, prijs_alleen: 100, uurtarief: 80 }\n  - { naam: B, gebruikers: 30, prijs_alleen: 100, uurtarief: 80, uren_alleen: 0, uren_samen: 0 }\n",
    );
    let a = &o.participants[0];
    assert_eq!(a.staff_alone, eur(4_000.0));
    assert_eq!(a.staff_together, eur(800.0));
    // S = 10 × 100 × 2 = 2,000; J = 1,800; gain 200 + 3,200 = 3,400; share 1,000 / 2 = 500.
    assert_eq!(a.break_even_share, eur(2_000.0 - 1_800.0 + 4_000.0 - 800.0));
    assert_eq!(a.share, eur(500.0));
    assert_eq!(a.saving, eur(3_400.0 - 500.0));
    assert_eq!(a.cost_alone, eur(6_000.0));
    assert_eq!(
        a.saving_pct,
        Some((1000.0f64 * 2_900.0 / 6_000.0).round() / 10.0)
    );
    let b = &o.participants[1];
    assert_eq!(b.staff_alone, eur(0.0));
    // B: S = 30 × 100 × 2 = 6,000, J = 5,400, gain 600, share 500 > 300: warned, saves 100.
    assert_eq!(b.saving, eur(100.0));
    assert_eq!(b.warnings, vec![Warning::ShareOverHalf]);
}

#[test]
fn shares_add_up_to_the_cent_largest_remainder_first_ties_by_order() {
    // € 100.00 in three: 3,333 cents each and one left, for the first (ties by order).
    assert_eq!(allocate(10_000, &[1, 1, 1]), vec![3_334, 3_333, 3_333]);
    // 100 cents by weights 1 and 2: exact parts 33.33 and 66.67; remainders 100 mod 3 = 1
    // and 200 mod 3 = 2, so the cent left goes to the second.
    assert_eq!(allocate(100, &[1, 2]), vec![33, 67]);
    // 7 cents by 1, 1, 1: 2 each, one left, for the first.
    assert_eq!(allocate(7, &[1, 1, 1]), vec![3, 2, 2]);
    // 5 cents by 3, 1, 3, 1 (sum 8): exact 1.875, 0.625, 1.875, 0.625; floors 1, 0, 1, 0
    // leave 3 cents: remainders 7, 5, 7, 5 (of 8): the two 7s, then the first 5.
    assert_eq!(allocate(5, &[3, 1, 3, 1]), vec![2, 1, 2, 0]);
    // Nobody weighs anything: equal.
    assert_eq!(allocate(10, &[0, 0, 0]), vec![4, 3, 3]);
    // Through the engine: € 0.10 over three equal participants.
    let c = shipped();
    let o = case(
        &c,
        "horizon_jaren: 1\nexterne_kosten: 0.10\nverdeelsleutel: gelijk\nkorting: 0\ndeelnemers:\n  - { naam: A, gebruikers: 1, prijs_alleen: 1, uurtarief: 0 }\n  - { naam: B, gebruikers: 1, prijs_alleen: 1, uurtarief: 0 }\n  - { naam: C, gebruikers: 1, prijs_alleen: 1, uurtarief: 0 }\n",
    );
    let shares: Vec<i128> = o.participants.iter().map(|p| p.share.0).collect();
    assert_eq!(shares, vec![4, 3, 3]);
}

#[test]
fn by_gain_nobody_gaining_splits_equally_and_says_so() {
    let c = shipped();
    // No discount, equal hours: every gain is 0, so K = € 90 is split equally.
    let o = case(
        &c,
        "horizon_jaren: 1\nexterne_kosten: 90\nverdeelsleutel: naar_bruto_voordeel\nkorting: 0\ndeelnemers:\n  - { naam: A, gebruikers: 5, prijs_alleen: 10, uurtarief: 50, uren_alleen: 10, uren_samen: 10 }\n  - { naam: B, gebruikers: 9, prijs_alleen: 10, uurtarief: 50, uren_alleen: 10, uren_samen: 10 }\n  - { naam: C, gebruikers: 1, prijs_alleen: 10, uurtarief: 50, uren_alleen: 10, uren_samen: 10 }\n",
    );
    assert!(o.participants.iter().all(|p| p.share == eur(30.0)));
    assert_eq!(o.group.warnings, vec!["equal_split"]);
    assert!(
        o.participants
            .iter()
            .all(|p| p.warnings == vec![Warning::WorseOff])
    );
    assert_eq!((o.group.most_saving, o.group.most_saving_pct), (None, None));
    // By gain with gains: 10 × 100 × 0.2 = 200 and 10 × 100 × 0.2 × 3 = 600 (30 users);
    // the one without gain pays nothing: K = 80 gives 20 and 60.
    let o = case(
        &c,
        "horizon_jaren: 1\nexterne_kosten: 80\nverdeelsleutel: naar_bruto_voordeel\nkorting: 0.2\ndeelnemers:\n  - { naam: A, gebruikers: 10, prijs_alleen: 100, uurtarief: 0 }\n  - { naam: B, gebruikers: 30, prijs_alleen: 100, uurtarief: 0 }\n  - { naam: C, gebruikers: 5, prijs_alleen: 0, uurtarief: 0 }\n",
    );
    let shares: Vec<Euros> = o.participants.iter().map(|p| p.share).collect();
    assert_eq!(
        shares,
        vec![
            eur(80.0 * 200.0 / 800.0),
            eur(80.0 * 600.0 / 800.0),
            eur(0.0)
        ]
    );
    // C costs nothing alone: no percentage.
    assert_eq!(o.participants[2].saving_pct, None);
}

#[test]
fn the_half_gain_warning_starts_one_cent_above_half() {
    let c = shipped();
    // Two equal participants, each gains 100 × 10 × 0.1 = € 100; equal shares of K / 2.
    let with = |k: &str| {
        case(
            &c,
            &format!(
                "horizon_jaren: 1\nexterne_kosten: {k}\nverdeelsleutel: gelijk\nkorting: 0.1\ndeelnemers:\n  - {{ naam: A, gebruikers: 100, prijs_alleen: 10, uurtarief: 0 }}\n  - {{ naam: B, gebruikers: 100, prijs_alleen: 10, uurtarief: 0 }}\n"
            ),
        )
    };
    // Share € 50.00 = half of € 100: no warning. € 50.01: warned.
    assert!(with("100").participants[0].warnings.is_empty());
    assert_eq!(
        with("100.02").participants[0].warnings,
        vec![Warning::ShareOverHalf]
    );
    // Share € 100 = the gain: breaks even, not worse off; € 100.01 is.
    assert_eq!(with("200").participants[0].saving, eur(0.0));
    assert!(
        !with("200").participants[0]
            .warnings
            .contains(&Warning::WorseOff)
    );
    assert!(
        with("200.02").participants[0]
            .warnings
            .contains(&Warning::WorseOff)
    );
}

#[test]
fn staffels_cautious_goes_one_up_and_stops_at_the_highest() {
    let c = shipped();
    let input = |scenario: &str| {
        format!(
            "horizon_jaren: 1\nexterne_kosten: 0\nverdeelsleutel: gelijk\nstaffels:\n  - {{ vanaf: 0, prijs: 10 }}\n  - {{ vanaf: 50, prijs: 8 }}\n  - {{ vanaf: 100, prijs: 5 }}\nscenario: {scenario}\ndeelnemers:\n  - {{ naam: Klein, gebruikers: 20, uurtarief: 0 }}\n  - {{ naam: Groot, gebruikers: 120, uurtarief: 0 }}\n"
        )
    };
    let o = case(&c, &input("voorzichtig"));
    // Klein: own € 10, one up € 8. Groot: already at the highest (€ 5), stays there.
    assert_eq!(
        (
            o.participants[0].price_alone,
            o.participants[0].price_together
        ),
        (eur(10.0), eur(8.0))
    );
    assert_eq!(
        (
            o.participants[1].price_alone,
            o.participants[1].price_together
        ),
        (eur(5.0), eur(5.0))
    );
    assert_eq!(o.participants[1].price_cut_pct, Some(0.0));
    // Favourable: 140 users together reach the € 5 staffel for both.
    let o = case(&c, &input("gunstig"));
    assert_eq!(o.participants[0].price_together, eur(5.0));
    assert_eq!(o.participants[0].saving, eur(20.0 * (10.0 - 5.0)));
}

#[test]
fn the_largest_numbers_within_bounds_stay_exact() {
    let c = shipped();
    // 100 participants at every maximum: 1,000,000 users × € 10,000 × 30 years = € 3 × 10^11
    // each, 100,000 hours × € 1,000; K = € 10^9.
    let people: String = (0..100)
        .map(|i| format!("  - {{ naam: P{i}, gebruikers: 1000000, prijs_alleen: 10000, uurtarief: 1000, uren_alleen: 100000, uren_samen: 0 }}\n"))
        .collect();
    let o = case(
        &c,
        &format!(
            "horizon_jaren: 30\nexterne_kosten: 1000000000\nverdeelsleutel: naar_bruto_voordeel\nkorting: 1\ndeelnemers:\n{people}"
        ),
    );
    let each = 1_000_000.0 * 10_000.0 * 30.0 + 100_000.0 * 1_000.0;
    assert_eq!(o.participants[0].cost_alone, eur(each));
    assert_eq!(o.group.cost_alone.0, eur(each).0 * 100);
    // In cents the group total stays below 2^53, so JSON and JavaScript carry it exactly.
    assert!(o.group.cost_alone.0 < 1i128 << 53);
    assert_eq!(o.group.saving, eur(each * 100.0 - 1e9));
}

// ---- parity with the browser engine ----

/// 0, the maximum, or a value with 0 to 3 decimals (3 tests the rounding to cents).
fn amount(rng: &mut Lcg, max: f64) -> f64 {
    match rng.below(6) {
        0 => 0.0,
        1 => max,
        2 => rng.below(1000) as f64,
        3 => rng.below((max * 100.0) as usize + 1) as f64 / 100.0,
        4 => (rng.below((max * 1000.0) as usize + 1) as f64 / 1000.0).min(max),
        _ => rng.below(10_000) as f64 / 1000.0,
    }
}

/// The minimum, the maximum or anything between.
fn whole(rng: &mut Lcg, min: i64, max: i64) -> i64 {
    match rng.below(4) {
        0 => min,
        1 => max,
        _ => min + rng.below((max - min + 1) as usize) as i64,
    }
}

const NAMES: [&str; 6] = [
    "Thuiszorg De Linde",
    "Zorggroep \"Oost\"",
    "<script>alert(1)</script>",
    "Stichting Één & Twee",
    "Apotheek 't Hart",
    "ズ",
];

fn random_input(rng: &mut Lcg, i: usize) -> Value {
    let tiers = i % 2 == 1;
    let n = 2 + (i / 2) % 11;
    let key = ["gelijk", "naar_volume", "naar_bruto_voordeel"][(i / 22) % 3];
    let mut input = json!({
        "horizon_jaren": whole(rng, 1, 30),
        "externe_kosten": amount(rng, 1e9),
        "verdeelsleutel": key,
    });
    if tiers {
        let count = 1 + rng.below(20);
        let mut from = 0i64;
        let list: Vec<Value> = (0..count)
            .map(|t| {
                // 20 gaps of at most 5,000,000 stay below the bound of 100,000,000.
                if t > 0 {
                    let gap = if rng.below(2) == 0 { 300 } else { 5_000_000 };
                    from += 1 + rng.below(gap) as i64;
                }
                json!({ "vanaf": from, "prijs": amount(rng, 10_000.0) })
            })
            .collect();
        input["staffels"] = Value::Array(list);
        match (i / 66) % 3 {
            0 => input["scenario"] = json!("voorzichtig"),
            1 => input["scenario"] = json!("gunstig"),
            _ => {} // the calculator's default
        }
    } else {
        input["korting"] = json!(match rng.below(4) {
            0 => 0.0,
            1 => 1.0,
            2 => rng.below(101) as f64 / 100.0,
            _ => rng.below(1_000_001) as f64 / 1_000_000.0,
        });
    }
    let people: Vec<Value> = (0..n)
        .map(|p| {
            let mut person = json!({
                "naam": format!("{} {p}", NAMES[rng.below(6)]),
                "gebruikers": whole(rng, 1, 1_000_000),
                "uurtarief": amount(rng, 1000.0),
            });
            if !tiers {
                person["prijs_alleen"] = json!(amount(rng, 10_000.0));
            }
            if rng.below(3) > 0 {
                person["uren_alleen"] = json!(whole(rng, 0, 100_000));
                person["uren_samen"] = json!(whole(rng, 0, 100_000));
            }
            person
        })
        .collect();
    input["deelnemers"] = Value::Array(people);
    input
}

/// The JavaScript engine's answers: an outcome, or `{problems}` when refused.
fn js_outcomes(c: &Calculator, inputs: &[Value]) -> Option<Vec<Value>> {
    if !common::node_available() {
        assert!(
            std::env::var("LEIDRAAD_REQUIRE_BROWSER").is_err(),
            "node is required"
        );
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED parity test: node not found");
        return None;
    }
    let out = common::node_json(
        "tests/parity/business_case.cjs",
        &json!({ "calculator": c, "inputs": inputs }),
    );
    Some(serde_json::from_value(out).unwrap())
}

fn rust_outcome(c: &Calculator, input: &Value) -> Result<Outcome, String> {
    let value = serde_yaml::to_value(input).unwrap();
    let at = leidraad::yaml::Positions::default();
    check_input(c, &value, &at, "", Path::new("parity.json"))
        .map(|checked| compute(&checked.input))
        .map_err(|d| d.to_string())
}

#[test]
fn javascript_and_rust_engines_agree_on_every_field() {
    let c = shipped();
    let mut rng = Lcg(24);
    let mut inputs: Vec<Value> = (0..1200).map(|i| random_input(&mut rng, i)).collect();
    // Every key with nobody gaining, and a group at every maximum.
    for key in ["gelijk", "naar_volume", "naar_bruto_voordeel"] {
        inputs.push(
            json!({"horizon_jaren": 1, "externe_kosten": 12.34, "verdeelsleutel": key, "korting": 0,
            "deelnemers": [{"naam": "A", "gebruikers": 3, "prijs_alleen": 7, "uurtarief": 0},
                           {"naam": "B", "gebruikers": 5, "prijs_alleen": 7, "uurtarief": 0}]}),
        );
    }
    let max_person = json!({"naam": "M", "gebruikers": 1_000_000, "prijs_alleen": 10_000, "uurtarief": 1000, "uren_alleen": 100_000, "uren_samen": 0});
    inputs.push(json!({"horizon_jaren": 30, "externe_kosten": 1e9, "verdeelsleutel": "naar_bruto_voordeel", "korting": 0.5,
        "deelnemers": vec![max_person; 100]}));
    let mut seen = std::collections::BTreeSet::new();
    let rust: Vec<Outcome> = inputs
        .iter()
        .map(|input| rust_outcome(&c, input).unwrap_or_else(|e| panic!("{e}\n{input}")))
        .collect();
    for (input, o) in inputs.iter().zip(&rust) {
        seen.insert((
            input.get("staffels").is_some(),
            o.key,
            o.scenario.map(|s| format!("{s:?}")),
            o.participants.len(),
        ));
        // Shares add up to K to the cent, whatever the key.
        let sum: i128 = o.participants.iter().map(|p| p.share.0).sum();
        assert_eq!(sum, o.group.external_costs.0);
        assert!(o.group.cost_alone.0 < 1i128 << 53 && o.group.cost_together.0 < 1i128 << 53);
    }
    // Both modes, both scenarios, all three keys, 2 to 12 participants.
    let modes: std::collections::BTreeSet<_> =
        seen.iter().map(|s| (s.0, s.1, s.2.clone())).collect();
    assert_eq!(modes.len(), 3 + 3 * 2, "{modes:?}");
    for n in 2..=12 {
        assert!(
            seen.iter().any(|s| s.3 == n),
            "no input with {n} participants"
        );
    }
    assert!(rust.iter().any(|o| o.group.warnings == vec!["equal_split"]));
    assert!(inputs.len() >= 1000);
    let Some(js) = js_outcomes(&c, &inputs) else {
        return;
    };
    assert_eq!(js.len(), inputs.len());
    for (i, (o, js)) in rust.iter().zip(js).enumerate() {
        let r = normalize(serde_json::to_value(o).unwrap());
        assert_eq!(r, normalize(js), "input {i} differs: {}", inputs[i]);
    }
}

#[test]
fn both_engines_refuse_the_same_bad_inputs() {
    let c = shipped();
    let good = json!({"horizon_jaren": 3, "externe_kosten": 1000, "verdeelsleutel": "gelijk", "korting": 0.1,
        "deelnemers": [{"naam": "A", "gebruikers": 10, "prijs_alleen": 5, "uurtarief": 40},
                       {"naam": "B", "gebruikers": 20, "prijs_alleen": 6, "uurtarief": 40}]});
    let with = |path: &[&str], value: Value| {
        let mut v = good.clone();
        let mut at = &mut v;
        for p in &path[..path.len() - 1] {
            at = match p.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*p],
            };
        }
        let last = path[path.len() - 1];
        if value.is_null() {
            at.as_object_mut().unwrap().remove(last);
        } else {
            at[last] = value;
        }
        v
    };
    let bad = vec![
        with(&["korting"], json!("0,10")),
        with(&["korting"], json!(10)),
        with(&["korting"], json!(-0.1)),
        with(&["externe_kosten"], json!(-1)),
        with(&["externe_kosten"], json!(2e9)),
        with(&["horizon_jaren"], json!(0)),
        with(&["horizon_jaren"], json!(2.5)),
        with(&["verdeelsleutel"], json!("naar_volum")),
        with(&["deelnemers", "0", "gebruikers"], json!(0)),
        with(&["deelnemers", "0", "gebruikers"], json!(-5)),
        with(&["deelnemers", "0", "naam"], json!("")),
        with(&["deelnemers", "0", "naam"], json!("x".repeat(201))),
        with(&["deelnemers", "0", "uurtarief"], json!(1000.01)),
        with(&["deelnemers", "1", "uren_samen"], json!(-1)),
        with(&["deelnemers", "1", "prijs_alleen"], Value::Null),
        with(&["deelnemers", "1", "gebruikerss"], json!(3)),
        with(&["kortingg"], json!(0.1)),
        with(&["scenario"], json!("gunstig")),
        with(&["staffels"], json!([{"vanaf": 0, "prijs": 1}])),
        with(
            &["deelnemers"],
            json!([{"naam": "A", "gebruikers": 10, "prijs_alleen": 5, "uurtarief": 40}]),
        ),
        with(&["korting"], Value::Null),
        json!([1, 2]),
        {
            let mut v = with(&["korting"], Value::Null);
            v["staffels"] = json!([{"vanaf": 5, "prijs": 1}]);
            v
        },
        {
            let mut v = with(&["korting"], Value::Null);
            v["staffels"] = json!([{"vanaf": 0, "prijs": 1}, {"vanaf": 0, "prijs": 2}]);
            v
        },
    ];
    assert!(rust_outcome(&c, &good).is_ok());
    for input in &bad {
        assert!(rust_outcome(&c, input).is_err(), "Rust accepts {input}");
    }
    let Some(js) = js_outcomes(&c, &bad) else {
        return;
    };
    for (input, out) in bad.iter().zip(js) {
        assert!(
            out.get("problems").is_some(),
            "JavaScript accepts {input}: {out}"
        );
    }
}

// ---- leidraad business-case ----

fn business_case(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("business-case")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A copy of the shipped site, to run the command from inside it as authors do.
fn site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_root().join("content"), &dir.path().join("content"));
    std::fs::copy(
        repo_root().join("leidraad.yaml"),
        dir.path().join("leidraad.yaml"),
    )
    .unwrap();
    dir
}

#[test]
fn business_case_prints_json_with_the_keys_of_the_issue() {
    let site = site_copy();
    std::fs::write(site.path().join("pwc.yaml"), pwc_case("0.67")).unwrap();
    let out = business_case(site.path(), &["--input", "pwc.yaml", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "name",
        "cost_alone",
        "cost_together",
        "share",
        "saving",
        "saving_pct",
        "break_even_share",
        "warnings",
    ] {
        assert!(
            v["participants"][0].get(key).is_some(),
            "missing participants[].{key}"
        );
    }
    for key in ["cost_alone", "cost_together", "saving"] {
        assert!(v["group"].get(key).is_some(), "missing group.{key}");
    }
    // Amounts in euros, as numbers.
    assert_eq!(v["participants"][0]["share"], json!(63000));
    assert_eq!(v["participants"][0]["saving_pct"], json!(4.0));
    assert_eq!(v["participants"][1]["spend_together"], json!(9900));
    assert_eq!(v["group"]["cost_alone"], json!(130000));
    assert_eq!(v["participants"][0]["warnings"], json!(["share_over_half"]));
    // The same outcome as the library gives.
    let lib = case(&shipped(), &pwc_case("0.67"));
    assert_eq!(normalize(v), normalize(serde_json::to_value(lib).unwrap()));
    // Text, in the site's language.
    let out = business_case(site.path(), &["--input", "pwc.yaml"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Grootste"), "{text}");
    assert!(text.contains("Besparing: € 4.000 (4,0%)"), "{text}");
    assert!(text.contains("Aandeel projectkosten: € 63.000"), "{text}");
}

#[test]
fn business_case_reads_a_json_file_saved_by_the_page() {
    let site = site_copy();
    let file = json!({"rekenhulp": "samen-of-alleen", "versie": "1.0", "titel": "Sleutel <b>2027</b>",
        "horizon_jaren": 3, "externe_kosten": 20000, "verdeelsleutel": "gelijk", "staffels": [{"vanaf": 0, "prijs": 12.5}, {"vanaf": 100, "prijs": 10}],
        "deelnemers": [{"naam": "A", "gebruikers": 80, "uurtarief": 55.5}, {"naam": "B", "gebruikers": 40, "uurtarief": 55.5}]});
    std::fs::write(
        site.path().join("saved.json"),
        serde_json::to_string_pretty(&file).unwrap(),
    )
    .unwrap();
    let out = business_case(site.path(), &["--input", "saved.json", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // No scenario: the calculator's default, cautious. A (80 users) is at € 12.50 and goes
    // one staffel up to € 10: 80 × 12.5 × 3 = 3,000 alone, 80 × 10 × 3 = 2,400 together;
    // hours by default 50 and 10 at € 55.50: 2,775 and 555; share 20,000 / 2 = 10,000.
    assert_eq!(v["scenario"], json!("voorzichtig"));
    let amount = |key: &str| v["participants"][0][key].as_f64();
    assert_eq!(amount("cost_alone"), Some(3_000.0 + 50.0 * 55.5));
    assert_eq!(
        amount("cost_together"),
        Some(2_400.0 + 10.0 * 55.5 + 10_000.0)
    );
}

fn expect_error(site: &Path, name: &str, text: &str, expected: &[&str]) {
    std::fs::write(site.join(name), text).unwrap();
    let out = business_case(site, &["--input", name]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for e in expected {
        assert!(err.contains(e), "expected {e:?} for {name} in:\n{err}");
    }
}

#[test]
fn business_case_rejects_bad_input_at_its_place_with_a_plain_hint() {
    let site = site_copy();
    let dir = site.path();
    let base = pwc_case("0.67");
    expect_error(
        dir,
        "comma.yaml",
        &base.replace("korting: 0.67", "korting: 0,10"),
        &[
            "comma.yaml:4:10: error[wrong-type]: `korting` must be a number, found the text \"0,10\"",
            "help: use a point for decimals: `0.10`",
        ],
    );
    expect_error(
        dir,
        "percent.yaml",
        &base.replace("korting: 0.67", "korting: 10"),
        &[
            "percent.yaml:4:10: error[out-of-range]: `korting` is 10, outside 0 to 1",
            "a discount is a fraction: for 10 % write `0.10`",
        ],
    );
    expect_error(
        dir,
        "negative.yaml",
        &base.replace("gebruikers: 250", "gebruikers: -250"),
        &["negative.yaml:7:35: error[out-of-range]: `gebruikers` is -250: it cannot be negative"],
    );
    expect_error(
        dir,
        "typo.yaml",
        &base.replace("verdeelsleutel:", "verdeelsleutl:"),
        &[
            "typo.yaml:3:1: error[unknown-field]: unknown field `verdeelsleutl`; did you mean `verdeelsleutel`?",
        ],
    );
    expect_error(
        dir,
        "type.yaml",
        &base.replace("horizon_jaren: 1", "horizon_jaren: twee"),
        &[
            "type.yaml:1:16: error[wrong-type]: `horizon_jaren` must be a whole number, found the text \"twee\"",
        ],
    );
    expect_error(
        dir,
        "one.yaml",
        &base.lines().take(6).collect::<Vec<_>>().join("\n"),
        &[
            "one.yaml:6:3: error[invalid-value]: there is 1 participant; a business case needs 2 to 100",
            "help: buying together needs at least two participants",
        ],
    );
    expect_error(
        dir,
        "key.yaml",
        &base.replace("naar_volume", "naar_volum"),
        &[
            "key.yaml:3:17: error[invalid-value]: `verdeelsleutel` is `naar_volum`, which is not one of: gelijk, naar_volume, naar_bruto_voordeel; did you mean `naar_volume`?",
        ],
    );
    expect_error(
        dir,
        "both.yaml",
        &format!("{base}staffels: [{{vanaf: 0, prijs: 1}}]\n"),
        &["both.yaml:8:11: error[invalid-value]: the input has both `korting` and `staffels`"],
    );
    expect_error(
        dir,
        "broken.json",
        "{\"horizon_jaren\": 3,\n \"korting\": }",
        &["broken.json:2:13: error[invalid-json]"],
    );
    expect_error(
        dir,
        "list.json",
        "[1, 2]",
        &["list.json:1:1: error[wrong-type]: the file must be a set of `key: value` fields"],
    );
    expect_error(
        dir,
        "other.yaml",
        &format!("rekenhulp: samen-of-aleen\n{base}"),
        &[
            "other.yaml:1:12: error[unknown-id]: unknown calculator `samen-of-aleen`; did you mean `samen-of-alleen`?",
        ],
    );
    expect_error(
        dir,
        "newer.yaml",
        &format!("versie: \"7.0\"\n{base}"),
        &["newer.yaml:1:9: error[wrong-version]: this input was saved with version 7.0"],
    );
    // JSON positions too, and every problem at once.
    expect_error(
        dir,
        "many.json",
        "{\n  \"horizon_jaren\": 1,\n  \"externe_kosten\": -5,\n  \"korting\": 1.5,\n  \"deelnemers\": [\n    {\"naam\": \"A\", \"gebruikers\": 1, \"prijs_alleen\": 1, \"uurtarief\": 0},\n    {\"naam\": \"\", \"gebruikers\": 0, \"prijs_alleen\": 1, \"uurtarief\": 0}\n  ]\n}\n",
        &[
            "many.json:3:21: error[out-of-range]: `externe_kosten` is -5: it cannot be negative",
            "many.json:4:14: error[out-of-range]: `korting` is 1.5, outside 0 to 1",
            "many.json:7:14: error[invalid-value]: participant 2 needs a name",
            "many.json:7:32: error[out-of-range]: `gebruikers` is 0, outside 1 to 1000000",
        ],
    );
    // A file that is not there cannot be read: exit 2, like `assess`.
    let out = business_case(dir, &["--input", "missing.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.yaml"));
}

// ---- the content type ----

const CALCULATOR: &str = r#"titel: "Rekenhulp"
samenvatting: "Reken het uit."
versie: "1.0"
inleiding: "Zie [de markt](@smalle-markt)."
bronnen:
  - { bron: rapport, sectie: "hoofdstuk 8" }
invoer:
  titel: { label: "Naam" }
  horizon_jaren: { label: "Jaren" }
  externe_kosten: { label: "Kosten" }
  verdeelsleutel:
    label: "Verdeling"
    standaard: naar_volume
    bron: rapport
    sectie: "hoofdstuk 8"
    opties:
      gelijk: { label: "Gelijk" }
      naar_volume: { label: "Naar volume" }
      naar_bruto_voordeel: { label: "Naar voordeel" }
  korting: { label: "Korting", standaard: 0.1 }
  staffels: { label: "Staffels" }
  scenario:
    label: "Scenario"
    opties:
      voorzichtig: { label: "Voorzichtig" }
      gunstig: { label: "Gunstig" }
  naam: { label: "Naam" }
  gebruikers: { label: "Gebruikers" }
  prijs_alleen: { label: "Prijs" }
  uurtarief: { label: "Uurtarief" }
  uren_alleen: { label: "Uren alleen", standaard: 50 }
  uren_samen: { label: "Uren samen", standaard: 10 }
tips:
  - { tekst: "Tot 20%.", bron: rapport, sectie: "hoofdstuk 4" }
buiten_beeld:
  - { tekst: "De invoering.", bron: rapport, sectie: "hoofdstuk 8" }
voorbeeld:
  titel: "Voorbeeld (reconstructie)"
  uitleg: "Verzonnen."
  invoer:
    horizon_jaren: 3
    externe_kosten: 1000
    korting: 0.10
    deelnemers:
      - { naam: "A", gebruikers: 10, prijs_alleen: 100, uurtarief: 50 }
      - { naam: "B", gebruikers: 20, prijs_alleen: 100, uurtarief: 50 }
"#;

fn fixture_with(text: &str) -> Fixture {
    let f = Fixture::new("minimal");
    f.write("content/rekenhulpen/test.yaml", text);
    f
}

fn calculator_error(from: &str, to: &str, expected: &[&str]) {
    assert!(CALCULATOR.contains(from), "{from}");
    let f = fixture_with(&CALCULATOR.replacen(from, to, 1));
    let msg = f.build_err();
    for e in expected {
        assert!(msg.contains(e), "expected {e:?} in:\n{msg}");
    }
}

#[test]
fn a_calculator_builds_its_page_with_the_model_and_citations() {
    let f = fixture_with(CALCULATOR);
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read_to_string(f.out().join("rekenhulp/test.html")).unwrap();
    assert!(page.contains("id=\"rekenhulp-model\""));
    assert!(page.contains("static/business-case.js"));
    // The intro's link and the citations resolve to titles.
    assert!(
        page.contains("href=\"../knelpunten/smalle-markt.html\""),
        "{page}"
    );
    assert!(page.contains("hoofdstuk 8"));
    assert!(
        !page.contains(" style="),
        "no style attributes under the CSP"
    );
    let sitemap = std::fs::read_to_string(f.out().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("rekenhulp/test.html"));
    assert_eq!(common::broken_links(&f.out()), Vec::<String>::new());
}

#[test]
fn calculator_unknown_key_with_did_you_mean() {
    calculator_error(
        "  uren_samen: { label: \"Uren samen\", standaard: 10 }",
        "  uren_samne: { label: \"Uren samen\", standaard: 10 }",
        &[
            "content/rekenhulpen/test.yaml:32:3: error[unknown-field]: unknown field `uren_samne`; did you mean `uren_samen`?",
            "missing field `uren_samen`",
        ],
    );
}

#[test]
fn calculator_wrong_type_and_decimal_comma() {
    calculator_error("standaard: 0.1 }", "standaard: 0,1 }", &["test.yaml:20:"]);
    calculator_error(
        "  korting: { label: \"Korting\", standaard: 0.1 }",
        "  korting: { label: \"Korting\", standaard: \"0,1\" }",
        &[
            "content/rekenhulpen/test.yaml:20:43: error[wrong-type]: `standaard` must be a number, found the text \"0,1\"",
            "hint: use a point for decimals: `0.1`",
        ],
    );
    calculator_error(
        "    externe_kosten: 1000",
        "    externe_kosten: 0,10",
        &[
            "test.yaml:42:21: error[wrong-type]: `externe_kosten` must be a number, found the text \"0,10\"",
            "use a point for decimals: `0.10`",
        ],
    );
}

#[test]
fn calculator_negative_numbers_and_a_discount_outside_0_1() {
    calculator_error(
        "uren_alleen: { label: \"Uren alleen\", standaard: 50 }",
        "uren_alleen: { label: \"Uren alleen\", standaard: -50 }",
        &["test.yaml:31:51: error[out-of-range]: `standaard` is -50: it cannot be negative"],
    );
    calculator_error(
        "    korting: 0.10",
        "    korting: 1.10",
        &["test.yaml:43:14: error[out-of-range]: `korting` is 1.1, outside 0 to 1"],
    );
    calculator_error(
        "{ naam: \"B\", gebruikers: 20,",
        "{ naam: \"B\", gebruikers: -20,",
        &["test.yaml:46:34: error[out-of-range]: `gebruikers` is -20: it cannot be negative"],
    );
}

#[test]
fn calculator_example_with_fewer_than_two_participants() {
    calculator_error(
        "      - { naam: \"B\", gebruikers: 20, prijs_alleen: 100, uurtarief: 50 }\n",
        "",
        &[
            "test.yaml:45:7: error[invalid-value]: there is 1 participant; a business case needs 2 to 100",
        ],
    );
}

#[test]
fn calculator_unknown_source_and_half_a_citation() {
    calculator_error(
        "  - { tekst: \"Tot 20%.\", bron: rapport,",
        "  - { tekst: \"Tot 20%.\", bron: raport,",
        &[
            "test.yaml:34:32: error[unknown-id]: citation: unknown source `raport`; did you mean `rapport`?",
        ],
    );
    calculator_error(
        "    bron: rapport\n    sectie: \"hoofdstuk 8\"\n    opties:",
        "    bron: rapport\n    opties:",
        &["error[missing-field]: input `verdeelsleutel` has only half a citation"],
    );
    calculator_error(
        "inleiding: \"Zie [de markt](@smalle-markt).\"",
        "inleiding: \"Zie [de markt](@smale-markt).\"",
        &[
            "test.yaml:4:",
            "smale-markt",
            "did you mean `smalle-markt`?",
        ],
    );
}

#[test]
fn init_makes_a_calculator_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    leidraad::scaffold::init(dir.path(), false).unwrap();
    let out = dir.path().join("public");
    leidraad::build::build(dir.path(), Some(&out)).unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read_to_string(out.join("rekenhulp/rekenhulp.html")).unwrap();
    assert!(page.contains("rekenhulp-model"));
}

#[test]
fn editing_a_calculator_or_what_it_shows_renders_it_again_as_a_full_build_would() {
    let site = site_copy();
    let root = site.path();
    let (mut session, first) = leidraad::session::Session::start(root);
    first.unwrap_or_else(|d| panic!("{d}"));
    let edit = |rel: &str, from: &str, to: &str| {
        let p = root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        // Saved the way editors save: a new file renamed over the old one.
        let tmp = p.with_extension("tmp~");
        std::fs::write(&tmp, text.replacen(from, to, 1)).unwrap();
        std::fs::rename(&tmp, &p).unwrap();
        p
    };
    let calculator = "content/rekenhulpen/samen-of-alleen.yaml";
    for (rel, from, to, page, shows) in [
        // The calculator itself: a label, its title (also in every page's globals).
        (
            calculator,
            "label: \"Naam van de berekening\"",
            "label: \"Naam van uw berekening\"",
            "rekenhulp/samen-of-alleen.html",
            "Naam van uw berekening",
        ),
        (
            calculator,
            "titel: \"Rekenhulp: samen of alleen inkopen?\"",
            "titel: \"Rekenhulp samen inkopen\"",
            "rekenhulp/samen-of-alleen.html",
            "Rekenhulp samen inkopen",
        ),
        // A page its introduction links to (the link keeps its own text).
        (
            "content/begrippen/lead-buyer.md",
            "titel: \"Lead-buyer\"",
            "titel: \"Lead-buyer (inkoper)\"",
            "rekenhulp/samen-of-alleen.html",
            "begrippen/lead-buyer.html",
        ),
        // The source it cites.
        (
            "content/bronnen/pwc-centrale-inkoop-2022.md",
            "titel: \"Centrale inkoop van digitale innovaties in de V&V\"",
            "titel: \"Centrale inkoop (PwC)\"",
            "rekenhulp/samen-of-alleen.html",
            "Centrale inkoop (PwC)",
        ),
        // The checklist question that links to it.
        (
            "content/checklists/centrale-inkoop.yaml",
            "Met de [rekenhulp](@rekenhulp/samen-of-alleen) rekent u",
            "Met de [rekenhulp](@rekenhulp/samen-of-alleen) berekent u",
            "checklist/centrale-inkoop.html",
            "rekenhulp/samen-of-alleen.html\">rekenhulp</a> berekent u",
        ),
    ] {
        let p = edit(rel, from, to);
        session.update(&[p]).unwrap_or_else(|d| panic!("{d}"));
        let text = String::from_utf8_lossy(&session.files()[page]).into_owned();
        assert!(text.contains(shows), "{rel}: {page} shows {shows:?}");
        let (fresh, r) = leidraad::session::Session::start(root);
        r.unwrap_or_else(|d| panic!("{d}"));
        let differ: Vec<&String> = fresh
            .files()
            .iter()
            .filter(|(path, bytes)| session.files().get(*path) != Some(*bytes))
            .map(|(path, _)| path)
            .collect();
        assert!(differ.is_empty(), "{rel}: not as a full build: {differ:?}");
        assert_eq!(fresh.files().len(), session.files().len());
    }
}

#[test]
fn shipped_calculator_cites_every_default_and_hint() {
    let c = shipped();
    for (name, f) in c.inputs.fields() {
        if f.standaard.is_some() {
            assert!(
                f.bron.is_some() && f.sectie.is_some(),
                "default of {name} without citation"
            );
        }
    }
    assert!(
        c.inputs.uurtarief.standaard.is_none(),
        "the hourly rate is the visitor's own"
    );
    assert_eq!(c.inputs.default_number("uren_alleen"), Some(50.0));
    assert_eq!(c.inputs.default_number("uren_samen"), Some(10.0));
    assert!(c.hints.len() >= 3 && c.left_out.len() >= 3);
    let left: String = c.left_out.iter().map(|n| n.tekst.as_str()).collect();
    for word in ["invoering", "scholing", "5 tot 6 maanden"] {
        assert!(left.contains(word), "the model leaves out: {word}");
    }
}
