//! Printing assessment outcomes for `leidraad assess`: a readable text report in the
//! site's language (labels come from the theme's strings) and the JSON form.

use crate::assess::{DONT_KNOW, Outcome};
use crate::checklist::Checklist;
use crate::theme::format_number;
use std::fmt::Write as _;

/// The outcome as JSON, plus the innovation name when known.
pub fn json(outcome: &Outcome, innovation: Option<&str>) -> serde_json::Value {
    let mut v = serde_json::to_value(outcome).unwrap_or_default();
    if let (Some(name), Some(map)) = (innovation, v.as_object_mut()) {
        map.insert("innovatie".into(), name.into());
    }
    v
}

/// A readable report. `strings` are the theme's UI strings for the site's language.
pub fn text(
    checklist: &Checklist,
    outcome: &Outcome,
    strings: &serde_json::Value,
    innovation: Option<&str>,
) -> String {
    let t = |key: &str| strings[key].as_str().unwrap_or(key).to_string();
    let sep = strings["decimal_separator"].as_str().unwrap_or(".");
    let num = |x: f64| format_number(x, sep);
    let question = |id: &str| checklist.question(id);
    let label = |qid: &str, oid: &str| {
        if oid == DONT_KNOW {
            return t("dont_know");
        }
        question(qid)
            .and_then(|q| q.options.iter().find(|o| o.id == oid))
            .map_or(oid.to_string(), |o| o.label.clone())
    };
    let qtext = |id: &str| question(id).map_or(id.to_string(), |q| q.text.clone());
    let band = checklist.bands.iter().find(|b| b.id == outcome.band);

    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", checklist.title, checklist.version);
    if let Some(name) = innovation.filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "{}: {name}", t("report_innovation"));
    }
    let _ = writeln!(
        out,
        "\n{}: {} {} · {}",
        t("score_label"),
        num(outcome.score),
        t("score_of"),
        band.map_or(outcome.band.as_str(), |b| b.title.as_str())
    );
    if let Some(b) = band {
        let _ = writeln!(out, "{}", b.explanation);
    }
    if !outcome.knockouts.is_empty() {
        let _ = writeln!(out, "\n{}: {}", t("knockout_title"), t("knockout_intro"));
        for q in &outcome.knockouts {
            let advice = outcome.advice.iter().find(|a| &a.question == q);
            let _ = writeln!(
                out,
                "  - {} {}. {}",
                qtext(q),
                advice.map_or(String::new(), |a| label(q, &a.option)),
                advice.map_or("", |a| a.text.as_str())
            );
        }
    }
    let _ = writeln!(out, "\n{}:", t("next_steps"));
    if outcome.next_steps.is_empty() {
        let _ = writeln!(out, "  {}", t("next_steps_none"));
    }
    for (i, s) in outcome.next_steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {}\n     {} {} ({})",
            i + 1,
            qtext(&s.question),
            t("best_answer"),
            label(&s.question, &s.option),
            t("gain").replace("{gain}", &num(s.gain))
        );
    }
    let _ = writeln!(out, "\n{}:", t("dimensions_title"));
    for (d, dim) in outcome.dimensions.iter().zip(&checklist.dimensions) {
        let filled = (d.score / 10.0).round() as usize;
        let _ = writeln!(
            out,
            "  {:<32} {}{} {:>5}",
            dim.title,
            "#".repeat(filled.min(10)),
            ".".repeat(10 - filled.min(10)),
            num(d.score)
        );
    }
    let _ = writeln!(out, "\n{}:", t("weak_points"));
    if outcome.advice.is_empty() {
        let _ = writeln!(out, "  {}", t("weak_points_none"));
    }
    for a in &outcome.advice {
        let _ = writeln!(
            out,
            "  - {} {}",
            qtext(&a.question),
            label(&a.question, &a.option)
        );
        let _ = writeln!(out, "    {}", a.text);
        if !a.links.is_empty() {
            let _ = writeln!(out, "    {}: {}", t("read_more"), a.links.join(", "));
        }
    }
    let _ = writeln!(out, "\n{}:", t("open_points"));
    if outcome.open.is_empty() {
        let _ = writeln!(out, "  {}", t("open_points_none"));
    }
    for q in &outcome.open {
        let _ = writeln!(out, "  - {}", qtext(q));
    }
    let _ = writeln!(out, "\n{}:", t("report_answers"));
    for q in &outcome.questions {
        let answer = if q.option == DONT_KNOW {
            t("not_answered")
        } else {
            label(&q.id, &q.option)
        };
        let _ = writeln!(
            out,
            "  - {}\n    {answer} ({} {} {} {})",
            qtext(&q.id),
            num(q.points),
            t("points_of"),
            num(q.weight),
            t("points")
        );
    }
    out
}
