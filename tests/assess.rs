//! The readiness checklist: scoring rules on the shipped checklist, parity between the
//! Rust engine and the theme's JavaScript engine, `leidraad assess`, and validation
//! errors for checklists and answer files.

mod common;

use common::{Fixture, repo_root};
use leidraad::assess::{Answers, Outcome, score};
use leidraad::checklist::Checklist;
use std::process::Command;

fn shipped_checklist() -> Checklist {
    let (site, _) = leidraad::site::load(&repo_root()).unwrap_or_else(|d| panic!("{d}"));
    site.content
        .checklist("centrale-inkoop")
        .expect("shipped checklist")
        .checklist
        .clone()
}

/// A small deterministic generator (no dependency needed for test data).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn all_with(
    c: &Checklist,
    mut pick: impl FnMut(&leidraad::checklist::Question) -> Option<String>,
) -> Answers {
    c.questions()
        .filter_map(|q| pick(q).map(|o| (q.id.clone(), o)))
        .collect()
}

fn best(c: &Checklist) -> Answers {
    all_with(c, |q| q.best_option().map(|o| o.id.clone()))
}

fn worst(c: &Checklist) -> Answers {
    all_with(c, |q| {
        q.options
            .iter()
            .min_by(|a, b| a.score.total_cmp(&b.score))
            .map(|o| o.id.clone())
    })
}

fn random(c: &Checklist, rng: &mut Lcg) -> Answers {
    all_with(c, |q| {
        // About one in six questions left open or answered "weet niet".
        match rng.below(12) {
            0 => None,
            1 => Some("weet_niet".to_string()),
            _ => Some(q.options[rng.below(q.options.len())].id.clone()),
        }
    })
}

/// Edge cases, band boundaries and random sets: at least 500 in all.
fn answer_sets(c: &Checklist) -> Vec<Answers> {
    let mut sets = vec![Answers::new(), best(c), worst(c)];
    for q in c.questions() {
        for o in q.options.iter().filter(|o| o.knockout) {
            let mut a = best(c);
            a.insert(q.id.clone(), o.id.clone());
            sets.push(a);
            let mut alone = Answers::new();
            alone.insert(q.id.clone(), o.id.clone());
            sets.push(alone);
        }
    }
    let mut rng = Lcg(20221128);
    let mut boundary = std::collections::BTreeMap::new();
    for _ in 0..80_000 {
        let a = random(c, &mut rng);
        let s = score(c, &a);
        if s.knockouts.is_empty() && [44.9, 45.0, 45.1, 69.9, 70.0, 70.1].contains(&s.score) {
            boundary.entry((s.score * 10.0) as i64).or_insert(a);
        }
    }
    assert!(
        boundary.len() >= 4,
        "found boundary totals {:?}",
        boundary.keys()
    );
    sets.extend(boundary.into_values());
    while sets.len() < 520 {
        sets.push(random(c, &mut rng));
    }
    sets
}

/// Numbers compared as numbers: Rust writes `45.0` where JavaScript writes `45`.
fn normalize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn js_outcomes(c: &Checklist, sets: &[Answers]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(
        &input,
        serde_json::to_string(&serde_json::json!({"checklist": c, "sets": sets})).unwrap(),
    )
    .unwrap();
    let out = Command::new("node")
        .arg(repo_root().join("tests/parity/score.cjs"))
        .arg(&input)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_parity(c: &Checklist, sets: &[Answers]) {
    if !node_available() {
        assert!(
            std::env::var("LEIDRAAD_REQUIRE_BROWSER").is_err(),
            "node is required"
        );
        eprintln!("SKIPPED parity test: node not found");
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
    let sets = answer_sets(&c);
    assert!(sets.len() >= 500);
    assert_parity(&c, &sets);
}

#[test]
fn engines_agree_on_awkward_weights_and_scores() {
    // Fractions that binary floating point cannot represent exactly.
    let c = leidraad::checklist::parse(
        "awkward",
        r#"
titel: T
samenvatting: S
versie: "2"
banden:
  - { id: hoog, vanaf: 66.7, titel: H, uitleg: h }
  - { id: laag, vanaf: 0, titel: L, uitleg: l }
dimensies:
  - id: d1
    titel: D1
    vragen:
      - { id: a, vraag: A, gewicht: 0.3, opties: [ { id: x, label: X, score: 0.33, advies: r, links: [] }, { id: y, label: Y, score: 0.1, advies: r, links: [] }, { id: z, label: Z, score: 0.7 } ] }
      - { id: b, vraag: B, gewicht: 1.7, opties: [ { id: x, label: X, score: 0.15, advies: r, links: [] }, { id: y, label: Y, score: 0.95 } ] }
  - id: d2
    titel: D2
    vragen:
      - { id: c, vraag: C, gewicht: 2.9, opties: [ { id: x, label: X, score: 0.45, advies: r, links: [] }, { id: y, label: Y, score: 0.55 }, { id: z, label: Z, score: 0.05, knockout: true, advies: k, links: [] } ] }
"#,
    )
    .unwrap();
    let mut rng = Lcg(7);
    let sets: Vec<Answers> = (0..300).map(|_| random(&c, &mut rng)).collect();
    assert_parity(&c, &sets);
}

// ---- the rules on the shipped checklist, checked by hand ----

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, o)| (q.to_string(), o.to_string()))
        .collect()
}

fn run(c: &Checklist, pairs: &[(&str, &str)]) -> Outcome {
    score(c, &answers(pairs))
}

#[test]
fn shipped_checklist_keeps_the_agreed_ids_weights_and_knockouts() {
    let c = shipped_checklist();
    let ids: Vec<&str> = c.questions().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), 29);
    let total: f64 = c.questions().map(|q| q.weight).sum();
    assert_eq!(total, 49.0);
    let knockouts: Vec<String> = c
        .questions()
        .flat_map(|q| {
            q.options
                .iter()
                .filter(|o| o.knockout)
                .map(move |o| format!("{}.{}", q.id, o.id))
        })
        .collect();
    assert_eq!(
        knockouts,
        [
            "maatwerk.volledig",
            "integratie.niet_alle",
            "opschaling.nee"
        ]
    );
    let dims: Vec<&str> = c.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        dims,
        [
            "innovatie",
            "leverancier_markt",
            "deelnemers",
            "organisatie",
            "contract",
            "financiering"
        ]
    );
}

#[test]
fn a_partial_answer_set_scores_as_computed_by_hand() {
    let c = shipped_checklist();
    // 3*0.7 + 3*0.6 + 2*0.7 + 3*0.6 + 3*0.6 = 8.9 of 49 weight -> 18.16 -> 18.2
    let o = run(
        &c,
        &[
            ("maatwerk", "beperkt"),
            ("integratie", "meeste"),
            ("impact", "eigen_pilot"),
            ("opschaling", "aannemelijk"),
            ("gedeelde_behoefte", "globaal"),
            ("projectleider", "geen"),
            ("exit", "niet"),
        ],
    );
    assert_eq!(o.score, 18.2);
    assert_eq!(o.band, "nog_niet");
    // innovatie: (2.1 + 1.8 + 1.4) / 11 = 48.18 -> 48.2
    assert_eq!(o.dimensions[0].score, 48.2);
    assert_eq!(
        o.advice
            .iter()
            .map(|a| a.question.as_str())
            .collect::<Vec<_>>(),
        ["projectleider", "exit"]
    );
    assert_eq!(o.open.len(), 22);
    // Largest gains are 100*2*1/49 = 4.08 -> 4.1, first five in question order.
    let steps: Vec<(&str, f64)> = o
        .next_steps
        .iter()
        .map(|s| (s.question.as_str(), s.gain))
        .collect();
    assert_eq!(
        steps,
        [
            ("ict_basis", 4.1),
            ("aanbieders_markt", 4.1),
            ("samenwerking", 4.1),
            ("medewerkers", 4.1),
            ("domeinen", 4.1)
        ]
    );
}

#[test]
fn a_knockout_forces_nog_niet_even_with_a_high_total() {
    let c = shipped_checklist();
    let mut a = best(&c);
    a.insert("opschaling".into(), "nee".into());
    let o = score(&c, &a);
    // Everything best but one weight-3 question: 46/49 = 93.9
    assert_eq!(o.score, 93.9);
    assert_eq!(o.band, "nog_niet");
    assert_eq!(o.knockouts, ["opschaling"]);
    assert_eq!(o.next_steps.len(), 1);
    assert_eq!(o.next_steps[0].question, "opschaling");
    assert_eq!(o.next_steps[0].option, "aangetoond");
    assert_eq!(o.next_steps[0].gain, 6.1);
    assert!(!o.advice[0].text.is_empty(), "the knock-out says why");
}

#[test]
fn knockouts_come_first_then_largest_gain() {
    let c = shipped_checklist();
    let mut a = best(&c);
    a.insert("integratie".into(), "niet_alle".into());
    a.insert("maatwerk".into(), "volledig".into());
    a.insert("exit".into(), "niet".into()); // gain 100*2/49 = 4.1
    a.insert("producttype".into(), "hardware".into()); // gain 100*1*0.5/49 = 1.0
    let o = score(&c, &a);
    let steps: Vec<&str> = o.next_steps.iter().map(|s| s.question.as_str()).collect();
    assert_eq!(steps, ["maatwerk", "integratie", "exit", "producttype"]);
}

#[test]
fn band_boundaries() {
    let c = shipped_checklist();
    assert_eq!(c.band_for(70.0), "geschikt");
    assert_eq!(c.band_for(69.9), "voorwaardelijk");
    assert_eq!(c.band_for(45.0), "voorwaardelijk");
    assert_eq!(c.band_for(44.9), "nog_niet");
    assert_eq!(c.band_for(0.0), "nog_niet");
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
fn assess_prints_json_with_the_required_fields() {
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
        "score",
        "band",
        "dimensions",
        "knockouts",
        "open",
        "advice",
        "next_steps",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["checklist"], "centrale-inkoop");
    assert_eq!(v["band"], "nog_niet");
    assert_eq!(v["knockouts"][0], "maatwerk");
    assert_eq!(v["score"].as_f64(), Some(6.1)); // 3/49
    assert!(v["open"].as_array().unwrap().iter().any(|q| q == "exit"));
}

#[test]
fn assess_reads_an_exported_result_file_and_prints_a_text_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    std::fs::write(
        &file,
        r#"{"checklist": "centrale-inkoop", "score": 1, "answers": {"maatwerk": "standaard", "opschaling": "nee"}, "innovatie": "Slimme sensoren"}"#,
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
    assert!(text.contains("Score: 6,1 van 100"), "{text}");
    assert!(text.contains("Knock-out"));
}

#[test]
fn assess_rejects_unknown_questions_and_options_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "maatwerk: standard\nimpakt: geen\n").unwrap();
    let out = assess_cmd(&["--answers", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.yaml:1:1: error[unknown-id]: unknown option `standard` for question `maatwerk`; did you mean `standaard`?"), "{err}");
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
versie: "1"
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
        opties:
          - id: veel
            label: Veel
            score: 1
          - id: een
            label: Een
            score: 0.2
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
    assert!(page.contains("<fieldset"));
    assert!(page.contains("type=\"radio\" name=\"aanbod\" id=\"aanbod--weet_niet\""));
    assert!(page.contains("<script type=\"application/json\" id=\"checklist-model\">"));
    assert!(
        !page.contains("cdn") && !page.contains("https://"),
        "page loads nothing remote"
    );
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
        "links: [smalle-markt]",
        "links: [smale-markt]",
        &[
            "content/checklists/test.yaml:22:21: error[unknown-id]: option `aanbod.een` links to unknown id `smale-markt`; did you mean `smalle-markt`?",
        ],
    );
}

#[test]
fn checklist_score_outside_0_1() {
    checklist_error(
        "score: 0.2",
        "score: 1.2",
        &[
            "content/checklists/test.yaml:",
            "score 1.2: a score must be between 0 and 1",
        ],
    );
}

#[test]
fn checklist_weight_not_positive() {
    checklist_error(
        "gewicht: 2",
        "gewicht: 0",
        &[
            "content/checklists/test.yaml:13:",
            "weight must be a positive number",
        ],
    );
}

#[test]
fn checklist_bands_not_covering_0_100() {
    checklist_error(
        "{ id: nog_niet, vanaf: 0,",
        "{ id: nog_niet, vanaf: 10,",
        &["content/checklists/test.yaml:", "do not cover 0..100"],
    );
}

#[test]
fn checklist_duplicate_ids() {
    checklist_error(
        "          - id: een",
        "          - id: veel",
        &["error[duplicate-id]: question `aanbod` has option `veel` twice"],
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
            "content/checklists/test.yaml:13:",
            "unknown field `gewigt`; did you mean `gewicht`?",
        ],
    );
}

#[test]
fn example_assessment_with_unknown_option() {
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
        "aanbod: een",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read_to_string(f.out().join("knelpunten/smalle-markt.html")).unwrap();
    // 2 * 0.2 / 2 = 20
    assert!(
        page.contains("<span class=\"score-number\">20</span>"),
        "the example page shows the engine's score"
    );
}

#[test]
fn shipped_examples_show_their_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    leidraad::site::build(&repo_root(), Some(&out)).unwrap();
    let mut with = 0;
    for f in std::fs::read_dir(out.join("voorbeelden")).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        if text.contains("class=\"assessment\"") {
            with += 1;
        }
    }
    assert!(with >= 3, "only {with} examples show an assessment");
}
