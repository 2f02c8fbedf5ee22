//! Comparing partners: the group rules of version 3 (`ieder` weakest, `samen` best,
//! unknowns never filled in, caps per participant, the view without a participant, the
//! agenda of every difference) on hand-made groups with the expected values worked out by
//! hand, parity between the Rust and JavaScript engines on 400 random groups, and
//! `leidraad assess` with several answer files.

use crate::common;
use crate::common::answers;

use answers::{Lcg, normalize, random_with_caps, shipped_checklist};
use common::repo_root;
use leidraad::assess::{Answers, Status, group, score};
use leidraad::checklist::Checklist;
use std::process::Command;

/// Five questions, total scored weight 8:
/// - q1 (weight 3, ieder): goed 1, matig 0.25, fout 0 (knock-out)
/// - q2 (weight 1, ieder, situatie): ja 1, nee 0.5
/// - s1 (weight 2, samen): ja 1, nee 0 (caps at voorwaardelijk)
/// - q3 (weight 2, ieder): a 1, b 0.6, c 0.2 (doel b), d 0.2 (same score, later)
/// - info (weight 0): x, y (both 1): shown, never scored
fn checklist() -> Checklist {
    leidraad::checklist::parse(
        "t",
        r#"
titel: T
samenvatting: S
versie: "3.0"
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
          - { id: matig, label: Matig, score: 0.25, advies: "doe iets" }
          - { id: fout, label: Fout, score: 0, knockout: true, advies: "stop" }
      - id: q2
        vraag: Q2?
        soort: situatie
        gewicht: 1
        links: [x2]
        opties:
          - { id: ja, label: Ja, score: 1 }
          - { id: nee, label: Nee, score: 0.5, advies: "let op" }
      - id: s1
        vraag: S1?
        groep: samen
        gewicht: 2
        links: [x4]
        opties:
          - { id: ja, label: Ja, score: 1 }
          - { id: nee, label: Nee, score: 0, plafond: voorwaardelijk, advies: "regel het" }
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
          - { id: d, label: D, score: 0.2, advies: "ook beter" }
      - id: info
        vraag: Info?
        gewicht: 0
        links: [x5]
        opties:
          - { id: x, label: X, score: 1 }
          - { id: y, label: Y, score: 1 }
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

/// Everything at its best, then `pairs` over it.
fn best_with(pairs: &[(&str, &str)]) -> Answers {
    let mut a = answers(&[
        ("q1", "goed"),
        ("q2", "ja"),
        ("s1", "ja"),
        ("q3", "a"),
        ("info", "x"),
    ]);
    for (q, o) in pairs {
        if *o == "weet_niet" {
            a.remove(*q);
        } else {
            a.insert(q.to_string(), o.to_string());
        }
    }
    a
}

#[test]
fn ieder_has_the_weakest_answer_and_samen_the_best() {
    let c = checklist();
    let g = group(
        &c,
        &[
            answers(&[
                ("q1", "goed"),
                ("q2", "ja"),
                ("s1", "nee"),
                ("q3", "d"),
                ("info", "x"),
            ]),
            answers(&[
                ("q1", "matig"),
                ("q2", "ja"),
                ("s1", "ja"),
                ("q3", "c"),
                ("info", "y"),
            ]),
        ],
    );
    // q1 ieder: goed (1) and matig (0.25) -> matig. s1 samen: nee and ja -> ja (one
    // participant brings it for both), so nee's cap does not apply. q3: c and d both
    // 0.2 -> the first in option order, c.
    let option = |q: &str| g.answers[q].option.clone();
    assert_eq!(option("q1").as_deref(), Some("matig"));
    assert_eq!(option("s1").as_deref(), Some("ja"));
    assert_eq!(option("q3").as_deref(), Some("c"));
    // (3×0.25 + 1×1 + 2×1 + 2×0.2) / 8 = 4.15 / 8 = 51.875 -> 52, voorwaardelijk.
    let o = &g.outcome;
    assert_eq!(
        (o.score_min, o.score_max, o.status),
        (52, 52, Status::Complete)
    );
    assert_eq!(o.band.as_ref().unwrap().id, "voorwaardelijk");
    assert!(o.caps.is_empty());
    // The group's answers are never one option shown as everyone's.
    assert_eq!(g.answers["s1"].answers.get("ja"), Some(&1));
    assert_eq!(g.answers["s1"].answers.get("nee"), Some(&1));
    // Agenda: every difference. q1 weight 3 × spread (1 − 0.25) = 2.25; s1 2 × 1 = 2;
    // q3 (c against d, both 0.2) and info (weight 0) differ with priority 0: question
    // order. q2 (both ja) is not on it.
    let agenda: Vec<(&str, f64)> = g
        .agenda
        .iter()
        .map(|a| (a.question.as_str(), a.priority))
        .collect();
    assert_eq!(
        agenda,
        [("q1", 2.25), ("s1", 2.0), ("q3", 0.0), ("info", 0.0)]
    );
    assert!(g.without.is_empty(), "A's cap does not lower the group");
}

#[test]
fn a_samen_unknown_is_never_filled_in_from_another_participant() {
    let c = checklist();
    let a = best_with(&[("s1", "nee")]);
    let b = best_with(&[("s1", "weet_niet")]);
    let g = group(&c, &[a.clone(), b]);
    // s1 stays open between A's nee (0) and the best (1): (3 + 1 + 0 + 2) / 8 = 75 to
    // 8 / 8 = 100; nee could still be the group's answer, so the low band is capped at
    // voorwaardelijk.
    let o = &g.outcome;
    assert_eq!((o.score_min, o.score_max), (75, 100));
    assert_eq!(o.status, Status::Undecided);
    assert_eq!(
        (o.band_low.id.as_str(), o.band_high.id.as_str()),
        ("voorwaardelijk", "geschikt")
    );
    assert_eq!(g.answers["s1"].option, None);
    // Coverage counts every participant's unknowns: answered weight per participant
    // 3+1+2+2 = 8 for A and 6 for B, of 2 × 8 = 16: 87.5 -> 88. s1 is not decided.
    assert_eq!((o.coverage, o.answered, o.total), (88, 3, 4));
    // Once a known answer is the best, the question is decided for the group.
    let g = group(&c, &[best_with(&[]), best_with(&[("s1", "weet_niet")])]);
    assert_eq!(g.answers["s1"].option.as_deref(), Some("ja"));
    assert_eq!(g.outcome.status, Status::Complete);
    // Everyone answered: the best known answer, here nee with its cap: 75, voorwaardelijk.
    let g = group(&c, &[a.clone(), a]);
    assert_eq!(g.outcome.score_min, 75);
    assert_eq!(g.outcome.band.unwrap().id, "voorwaardelijk");
}

#[test]
fn not_knowing_is_never_better_than_answering_truthfully() {
    let c = checklist();
    let a = best_with(&[("q1", "matig")]);
    // B truthfully has the knock-out answer.
    let truthful = group(&c, &[a.clone(), best_with(&[("q1", "fout")])]);
    // (0 + 1 + 2 + 2) / 8 = 62.5 -> 63, knocked out: nog_niet.
    assert_eq!(truthful.outcome.score_min, 63);
    assert_eq!(truthful.outcome.band.as_ref().unwrap().id, "nog_niet");
    // B says "weet niet" instead: q1 ieder stays open from the worst answer (0) up to A's
    // matig (0.25): 63 to (0.75 + 5) / 8 = 71.875 -> 72, and the knock-out is still
    // possible, so no verdict: between nog_niet and geschikt.
    let unknown = group(&c, &[a, best_with(&[("q1", "weet_niet")])]);
    let o = &unknown.outcome;
    assert_eq!((o.score_min, o.score_max), (63, 72));
    assert_eq!(o.band, None);
    assert_eq!(
        (o.band_low.id.as_str(), o.band_high.id.as_str()),
        ("nog_niet", "geschikt")
    );
    assert_eq!(unknown.answers["q1"].option, None);
    assert_eq!(o.open[0].question, "q1");
    assert!(o.open[0].could_knock_out);
}

#[test]
fn a_participant_whose_cap_lowers_the_group_gets_a_view_without_them() {
    let c = checklist();
    let g = group(
        &c,
        &[best_with(&[("q1", "fout")]), best_with(&[]), best_with(&[])],
    );
    // The knock-out of the first applies to all (ieder): (0 + 5) / 8 -> 63, nog_niet.
    assert_eq!(g.outcome.knockouts, ["q1"]);
    assert_eq!(g.outcome.band.as_ref().unwrap().id, "nog_niet");
    // Without the first, the other two: everything best, 100, geschikt.
    assert_eq!(g.without.len(), 1);
    assert_eq!(g.without[0].participant, 0);
    let w = &g.without[0].outcome;
    assert_eq!(
        (w.score_min, w.band.as_ref().unwrap().id.as_str()),
        (100, "geschikt")
    );
    // With two participants the view is the other one alone.
    let b = best_with(&[("q2", "nee")]);
    let g = group(&c, &[best_with(&[("s1", "nee"), ("q3", "c")]), b.clone()]);
    // s1 samen: B's ja counts, so A's cap does not lower the group: no view.
    assert!(g.without.is_empty());
    let g = group(&c, &[best_with(&[("q1", "fout")]), b.clone()]);
    assert_eq!(g.without[0].outcome, score(&c, &b));
}

#[test]
fn a_samen_capability_nobody_has_caps_the_group() {
    let c = checklist();
    // s1 is samen, but neither participant has it: the best known answer is nee, and
    // its cap holds for the group.
    let g = group(
        &c,
        &[best_with(&[("s1", "nee")]), best_with(&[("s1", "nee")])],
    );
    let caps: Vec<(&str, &str)> = g
        .outcome
        .caps
        .iter()
        .map(|c| (c.question.as_str(), c.band.id.as_str()))
        .collect();
    assert_eq!(caps, [("s1", "voorwaardelijk")]);
    // (3 + 1 + 0 + 2) / 8 = 75 would be geschikt; the cap keeps it at voorwaardelijk.
    assert_eq!(g.outcome.score_min, 75);
    assert_eq!(g.outcome.band.as_ref().unwrap().id, "voorwaardelijk");
    // The first step is the capped answer, to the best (1 − 0) × 2 / 8 = 25 points.
    let s = &g.outcome.next_steps[0];
    assert_eq!((s.question.as_str(), s.gain), ("s1", 25.0));
    assert_eq!(s.cap.as_ref().unwrap().id, "voorwaardelijk");
}

#[test]
fn a_group_of_one_is_the_single_outcome() {
    let c = checklist();
    for a in [
        answers(&[]),
        best_with(&[("q1", "weet_niet"), ("s1", "nee")]),
        best_with(&[("q3", "d")]),
    ] {
        let g = group(&c, std::slice::from_ref(&a));
        assert_eq!(g.outcome, score(&c, &a));
        assert!(g.without.is_empty());
    }
}

// ---- parity with the JavaScript engine ----

#[test]
fn javascript_and_rust_compare_groups_alike() {
    if Command::new("node").arg("--version").output().is_err() {
        assert!(
            std::env::var("LEIDRAAD_REQUIRE_BROWSER").is_err(),
            "node is required"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED group parity test: node not found"
        );
        return;
    }
    for (c, seed, n) in [(shipped_checklist(), 11, 300), (checklist(), 5, 100)] {
        let mut rng = Lcg(seed);
        let groups: Vec<Vec<Answers>> = (0..n)
            .map(|_| {
                let size = 2 + rng.below(5);
                (0..size).map(|_| random_with_caps(&c, &mut rng)).collect()
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("groups.json");
        std::fs::write(
            &input,
            serde_json::to_string(&serde_json::json!({"checklist": c, "groups": groups})).unwrap(),
        )
        .unwrap();
        let out = Command::new("node")
            .arg(repo_root().join("tests/parity/group.cjs"))
            .arg(&input)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let js: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(js.len(), groups.len());
        let (mut agenda, mut without, mut caps, mut unknowns, mut samen) = (0, 0, 0, 0, 0);
        for (i, (g, js)) in groups.iter().zip(js).enumerate() {
            let rust = group(&c, g);
            agenda += usize::from(!rust.agenda.is_empty());
            without += usize::from(!rust.without.is_empty());
            caps += usize::from(!rust.outcome.caps.is_empty());
            unknowns += usize::from(!rust.outcome.open.is_empty());
            samen += usize::from(c.questions().any(|q| {
                q.group == leidraad::checklist::GroupRule::Samen
                    && rust.answers[&q.id].answers.len() > 1
            }));
            assert_eq!(
                normalize(serde_json::to_value(&rust).unwrap()),
                normalize(js),
                "group {i} differs"
            );
        }
        // The groups exercise every rule: differences, caps, views without a participant,
        // open ranges and disagreeing samen questions.
        for (what, count) in [
            ("agenda", agenda),
            ("caps", caps),
            ("without", without),
            ("open", unknowns),
            ("samen", samen),
        ] {
            assert!(count > n / 20, "{what}: only {count} of {n} groups");
        }
    }
}

// ---- leidraad assess with several files ----

fn assess(dir: &std::path::Path, files: &[&str], format: &str) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_leidraad"));
    cmd.arg("assess").arg("--root").arg(repo_root());
    for f in files {
        cmd.arg("--answers").arg(dir.join(f));
    }
    cmd.args(["--format", format]).output().unwrap()
}

#[test]
fn assess_compares_two_or_more_files_as_a_group() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"checklist": "centrale-inkoop", "version": "3.0", "innovatie": "Sensor", "organisatie": "Zorg Noord", "answers": {"maatwerk": "standaard", "integratie": "alle", "exit": "geregeld", "expertise_inkoop": "nee"}, "toelichtingen": {"maatwerk": "De leverancier levert één versie."}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        "maatwerk: { antwoord: veel, toelichting: \"Eigen koppeling nodig.\" }\nintegratie: alle\nexit: weet_niet\nexpertise_inkoop: ja\n",
    )
    .unwrap();
    let out = assess(dir.path(), &["a.json", "b.yaml"], "json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["participants"][0]["name"], "Sensor");
    assert_eq!(v["participants"][0]["organisation"], "Zorg Noord");
    assert_eq!(
        v["participants"][1]["name"], "b",
        "the file name when none is given"
    );
    // ieder: maatwerk veel (0.25) beats standaard. samen: expertise_inkoop ja (B's buyer
    // serves both). exit: A knows, B does not: open, not filled in from A.
    assert_eq!(v["group_answers"]["maatwerk"]["option"], "veel");
    assert_eq!(v["group_answers"]["expertise_inkoop"]["option"], "ja");
    assert_eq!(
        v["group_answers"]["exit"]["option"],
        serde_json::Value::Null
    );
    assert_eq!(v["group_answers"]["exit"]["answers"]["geregeld"], 1);
    assert_eq!(v["group_answers"]["exit"]["answers"]["weet_niet"], 1);
    let agenda: Vec<&str> = v["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["question"].as_str().unwrap())
        .collect();
    // maatwerk: weight 3 × (1 − 0.25) = 2.25; expertise_inkoop 1 × 1 = 1; exit (known next
    // to unknown) 0.
    assert_eq!(agenda, ["maatwerk", "expertise_inkoop", "exit"]);
    assert_eq!(v["agenda"][0]["answers"][1], "veel");
    // Each participant's justification beside their answer.
    assert_eq!(
        v["agenda"][0]["notes"][0],
        "De leverancier levert één versie."
    );
    assert_eq!(v["agenda"][0]["notes"][1], "Eigen koppeling nodig.");
    assert_eq!(v["group"]["without"], serde_json::json!([]));
    // The group outcome is the engine's.
    let c = shipped_checklist();
    let expected = group(
        &c,
        &[
            [
                ("maatwerk", "standaard"),
                ("integratie", "alle"),
                ("exit", "geregeld"),
                ("expertise_inkoop", "nee"),
            ]
            .iter()
            .map(|(q, o)| (q.to_string(), o.to_string()))
            .collect(),
            [
                ("maatwerk", "veel"),
                ("integratie", "alle"),
                ("expertise_inkoop", "ja"),
            ]
            .iter()
            .map(|(q, o)| (q.to_string(), o.to_string()))
            .collect(),
        ],
    );
    let mut shown = v["group"].clone();
    shown.as_object_mut().unwrap().remove("without");
    assert_eq!(
        normalize(shown),
        normalize(serde_json::to_value(&expected.outcome).unwrap())
    );
    let text = String::from_utf8(assess(dir.path(), &["a.json", "b.yaml"], "text").stdout).unwrap();
    assert!(text.contains("Zorg Noord (Sensor)"), "{text}");
    assert!(text.contains("Als groep"), "{text}");
    assert!(text.contains("Eerst bespreken"), "{text}");
    assert!(
        text.contains("Toelichting: Eigen koppeling nodig."),
        "{text}"
    );
    assert!(
        text.contains("1× «Ja, dat staat allemaal in het contract», 1× «Weet ik niet»"),
        "{text}"
    );
}

#[test]
fn group_answers_are_worded_with_counts_and_knockouts_get_a_view_without() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, pilots) in [
        "nee",
        "zelfde_leverancier",
        "nee",
        "zelfde_leverancier",
        "nee",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("p{i}.yaml");
        let ko = if i == 4 { "maatwerk: volledig\n" } else { "" };
        std::fs::write(dir.path().join(&name), format!("pilots: {pilots}\n{ko}")).unwrap();
        files.push(name);
    }
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let text = String::from_utf8(assess(dir.path(), &names, "text").stdout).unwrap();
    // Never "Nee, nog niemand heeft een pilot gedaan" as everyone's answer.
    assert!(
        text.contains("3× «Nee, nog niemand heeft een pilot gedaan», 2× «Ja, ieder apart, maar allemaal met dezelfde leverancier»"),
        "{text}"
    );
    assert!(text.contains("Zonder p4:"), "{text}");
    let v: serde_json::Value =
        serde_json::from_slice(&assess(dir.path(), &names, "json").stdout).unwrap();
    assert_eq!(v["group"]["without"][0]["participant"], "p4");
    assert_eq!(v["group_answers"]["pilots"]["answers"]["nee"], 3);
    assert_eq!(
        v["group_answers"]["pilots"]["answers"]["zelfde_leverancier"],
        2
    );
    // Both score 0.7: the rule scores the first in option order, and says so.
    assert_eq!(v["group_answers"]["pilots"]["option"], "nee");
}

#[test]
fn another_checklist_is_an_error_and_an_older_version_is_read_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"checklist": "centrale-inkoop", "version": "3.0", "answers": {}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("oud.json"),
        r#"{"checklist": "centrale-inkoop", "version": "2.0", "answers": {"ketenafhankelijk": "nee", "impact": "onafhankelijk"}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ander.json"),
        r#"{"checklist": "iets-anders", "answers": {}}"#,
    )
    .unwrap();
    let out = assess(dir.path(), &["a.json", "oud.json"], "text");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Gemaakt met versie 2.0 van de checklist en gelezen met versie 3.0"),
        "{text}"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&assess(dir.path(), &["oud.json"], "json").stdout).unwrap();
    assert_eq!(v["read_from_version"], "2.0");
    // Its answers stand; the three new questions are open.
    assert_eq!(v["answered"], 2);
    let open: Vec<&str> = v["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["question"].as_str().unwrap())
        .collect();
    for q in ["zorgkantoren", "mandaat", "voortouw"] {
        assert!(open.contains(&q), "{q} open: {open:?}");
    }
    let out = assess(dir.path(), &["a.json", "ander.json"], "json");
    assert_eq!(out.status.code(), Some(1));
    // With --format json the errors are JSON too.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v[0]["file"].as_str().unwrap().ends_with("ander.json"),
        "{v}"
    );
    assert_eq!(v[0]["code"], "wrong-checklist");
}
