//! One outcome, every presenter: the same answer sets scored through the example page
//! (parsed from its HTML), `leidraad assess --format text` and `--format json` show the
//! same verdict, band, scores, steps, advice and open points. (The browser page is
//! compared with `leidraad assess` in tests/browser/checklist.test.mjs.)

use crate::common;

use std::process::Command;

/// Answer sets with every status: open with a third unknown, decided by a knock-out,
/// complete, and nearly empty.
fn answer_sets() -> Vec<Vec<(&'static str, &'static str)>> {
    vec![
        vec![
            ("maatwerk", "beperkt"),
            ("integratie", "meeste"),
            ("impact", "leverancier"),
            ("gedeelde_behoefte", "globaal"),
            ("projectleider", "uit_deelnemer"),
            ("kostenverdeling", "in_gesprek"),
            ("exit", "weet_niet"),
            ("marktmacht", "groot_aandeel_niet_getoetst"),
        ],
        vec![
            ("maatwerk", "volledig"),
            ("impact", "geen"),
            ("exit", "niet"),
        ],
        vec![("samenwerking", "in_opbouw")],
    ]
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `data-question` values of the list that starts with `open` (nested link lists
/// carry none), up to the next heading.
fn questions_of(section: &str, open: &str) -> Vec<String> {
    let Some(start) = section.find(&format!("<{open}")) else {
        return Vec::new();
    };
    let rest = &section[start..];
    let list = &rest[..rest.find("<h3>").unwrap_or(rest.len())];
    list.split("<li")
        .filter_map(|li| between(li, "data-question=\"", "\"").map(str::to_string))
        .collect()
}

#[test]
fn example_pages_assess_text_and_json_show_the_same_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let repo = common::repo_root();
    common::copy_dir(&repo.join("content"), &root.join("content"));
    std::fs::copy(repo.join("leidraad.yaml"), root.join("leidraad.yaml")).unwrap();
    for (i, set) in answer_sets().iter().enumerate() {
        let answers: String = set.iter().map(|(q, o)| format!("    {q}: {o}\n")).collect();
        std::fs::write(
            root.join(format!("content/voorbeelden/proef-{i}.md")),
            format!(
                "---\ntitel: \"Proef {i}\"\nsamenvatting: \"Een proef.\"\nsector: \"Verpleging, verzorging en thuiszorg\"\nbronnen:\n  - bron: pwc-centrale-inkoop-2022\n    sectie: \"8.1\"\nbeoordeling:\n  checklist: centrale-inkoop\n  antwoorden:\n{answers}---\nTekst.\n"
            ),
        )
        .unwrap();
        let yaml: String = set.iter().map(|(q, o)| format!("{q}: {o}\n")).collect();
        std::fs::write(root.join(format!("antwoorden-{i}.yaml")), yaml).unwrap();
    }
    let out = root.join("public");
    leidraad::build::build(root, Some(&out)).unwrap_or_else(|e| panic!("{e}"));
    let assess = |i: usize, format: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_leidraad"))
            .args(["assess", "--format", format, "--answers"])
            .arg(format!("antwoorden-{i}.yaml"))
            .current_dir(root)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let mut statuses = Vec::new();
    for i in 0..answer_sets().len() {
        let json: serde_json::Value = serde_json::from_str(&assess(i, "json")).unwrap();
        let text = assess(i, "text");
        let page =
            std::fs::read_to_string(out.join(format!("voorbeelden/proef-{i}.html"))).unwrap();
        let section = between(&page, "<section class=\"assessment\"", "</section>").unwrap();
        let section = format!("{section}</section>");
        statuses.push(json["status"].as_str().unwrap().to_string());

        // Verdict, scores and band.
        assert_eq!(
            between(&section, "data-status=\"", "\"").unwrap(),
            json["status"]
        );
        assert_eq!(
            between(&section, "data-score-min=\"", "\"").unwrap(),
            json["score_min"].to_string()
        );
        assert_eq!(
            between(&section, "data-score-max=\"", "\"").unwrap(),
            json["score_max"].to_string()
        );
        let band = json["band"]["id"].as_str().unwrap_or("");
        assert_eq!(between(&section, "data-band=\"", "\"").unwrap(), band);
        let verdict = unescape(between(&section, "<p class=\"verdict-line\">", "</p>").unwrap());
        assert!(
            text.contains(&verdict),
            "set {i}: text lacks {verdict:?}:\n{text}"
        );

        // Steps, in order.
        let steps: Vec<String> = json["next_steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["question"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            questions_of(&section, "ol class=\"next-steps\""),
            steps,
            "set {i}"
        );
        let mut at = 0;
        for s in json["next_steps"].as_array().unwrap() {
            let q = s["question_text"].as_str().unwrap();
            let found = text[at..]
                .find(q)
                .unwrap_or_else(|| panic!("set {i}: step {q:?} not in text order"));
            at += found + q.len();
        }

        // Advice: same items, levels and texts.
        let advice: Vec<(String, String, String)> = json["advice"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["question"].as_str().unwrap().to_string(),
                    a["level"].as_str().unwrap().to_string(),
                    a["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let shown: Vec<(String, String, String)> = section
            .split("<li class=\"level-")
            .skip(1)
            .map(|li| {
                (
                    between(li, "data-question=\"", "\"").unwrap().to_string(),
                    between(li, "data-level=\"", "\"").unwrap().to_string(),
                    unescape(between(li, "<p class=\"advice-text\">", "</p>").unwrap()),
                )
            })
            .collect();
        assert_eq!(shown, advice, "set {i}");
        for (_, _, t) in &advice {
            assert!(
                text.contains(t.as_str()),
                "set {i}: text lacks advice {t:?}"
            );
        }

        // Open points, in order.
        let open: Vec<String> = json["open"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["question"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            questions_of(&section, "ul class=\"open-points\""),
            open,
            "set {i}"
        );
    }
    // The sets cover different verdicts.
    statuses.sort();
    statuses.dedup();
    assert!(statuses.len() >= 2, "{statuses:?}");
}
