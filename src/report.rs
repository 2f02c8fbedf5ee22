//! Printing assessment outcomes for `leidraad assess`: a readable text report in the
//! site's language (every label comes from the theme's strings) and the JSON form. Both
//! only lay out the engine's outcome; nothing is decided here.

use crate::assess::{DONT_KNOW, Level, Outcome, Status};
use crate::checklist::Checklist;
use std::fmt::Write as _;

/// The outcome as JSON, plus the innovation name when known.
pub fn json(outcome: &Outcome, innovation: Option<&str>) -> serde_json::Value {
    let mut v = serde_json::to_value(outcome).unwrap_or_default();
    if let (Some(name), Some(map)) = (innovation, v.as_object_mut()) {
        map.insert("innovatie".into(), name.into());
    }
    v
}

/// Looks up theme strings and fills `{placeholders}`.
pub struct Strings<'a>(pub &'a serde_json::Value);

impl Strings<'_> {
    /// The string `key`, with each `{name}` replaced by its value.
    pub fn get(&self, key: &str, vars: &[(&str, String)]) -> String {
        let mut text = self.0[key].as_str().unwrap_or(key).to_string();
        for (name, value) in vars {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A number with the language's decimal separator.
    pub fn num(&self, x: f64) -> String {
        crate::theme::format_number(x, self.0["decimal_separator"].as_str().unwrap_or("."))
    }

    /// The one-line verdict: "Score 62 van 100", "Score tussen 58 en 66 van 100", or
    /// "Nog niet te zeggen: tussen A en B".
    pub fn verdict(&self, o: &Outcome) -> String {
        match o.status {
            Status::Empty => self.get("verdict_empty", &[]),
            Status::Complete => self.get("score_exact", &[("score", o.score_min.to_string())]),
            Status::Decided => self.get(
                "score_range",
                &[
                    ("min", o.score_min.to_string()),
                    ("max", o.score_max.to_string()),
                ],
            ),
            Status::Undecided => self.get(
                "band_undecided",
                &[
                    ("low", o.band_low.title.clone()),
                    ("high", o.band_high.title.clone()),
                ],
            ),
        }
    }

    /// The label of an advice level.
    pub fn level(&self, level: Level) -> String {
        let key = match level {
            Level::Knockout => "level_knockout",
            Level::Zwak => "level_zwak",
            Level::Aandacht => "level_aandacht",
        };
        self.get(key, &[])
    }
}

/// A readable report. `strings` are the theme's UI strings for the site's language;
/// `link` turns a guidance page id into something to read ("title: address").
pub fn text(
    checklist: &Checklist,
    outcome: &Outcome,
    strings: &serde_json::Value,
    innovation: Option<&str>,
    link: impl Fn(&str) -> String,
) -> String {
    let t = Strings(strings);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {})",
        checklist.title,
        t.get("report_version", &[]),
        checklist.version
    );
    if let Some(name) = innovation.filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "{}: {name}", t.get("report_innovation", &[]));
    }
    let _ = writeln!(out, "\n{}", t.verdict(outcome));
    if outcome.status != Status::Empty {
        if let Some(band) = &outcome.band {
            let _ = writeln!(out, "{}: {}", band.title, band.explanation);
        }
        let _ = writeln!(
            out,
            "{}",
            t.get(
                "coverage",
                &[
                    ("answered", outcome.answered.to_string()),
                    ("total", outcome.total.to_string()),
                    ("coverage", outcome.coverage.to_string()),
                ],
            )
        );
    }
    let links = |ids: &[String], out: &mut String| {
        for id in ids {
            let _ = writeln!(out, "     {} {}", t.get("read_about", &[]), link(id));
        }
    };
    let _ = writeln!(out, "\n{}:", t.get("next_steps", &[]));
    if outcome.next_steps.is_empty() {
        let _ = writeln!(out, "  {}", t.get("next_steps_none", &[]));
    }
    for (i, s) in outcome.next_steps.iter().enumerate() {
        let gain = t.get("gain", &[("gain", t.num(s.gain))]);
        let mv = t.get(
            "step_move",
            &[
                ("from", s.option_label.clone()),
                ("to", s.target_label.clone()),
            ],
        );
        let ko = if s.knockout {
            format!(" [{}]", t.get("level_knockout", &[]))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {}. {}{ko}\n     {mv} ({gain})",
            i + 1,
            s.question_text
        );
        links(&s.links, &mut out);
    }
    let _ = writeln!(out, "\n{}:", t.get("advice_title", &[]));
    if outcome.advice.is_empty() {
        let _ = writeln!(out, "  {}", t.get("advice_none", &[]));
    }
    for a in &outcome.advice {
        let _ = writeln!(
            out,
            "  - [{}] {} {}\n     {}",
            t.level(a.level),
            a.question_text,
            a.option_label,
            a.text
        );
        links(&a.links, &mut out);
    }
    let _ = writeln!(out, "\n{}:", t.get("open_points", &[]));
    if outcome.open.is_empty() {
        let _ = writeln!(out, "  {}", t.get("open_points_none", &[]));
    }
    for p in &outcome.open {
        let mut extra = vec![t.get("open_gain", &[("gain", t.num(p.gain))])];
        if p.could_knock_out {
            extra.insert(0, t.get("open_could_knock_out", &[]));
        }
        let _ = writeln!(out, "  - {} ({})", p.question_text, extra.join(", "));
        links(&p.links, &mut out);
    }
    let _ = writeln!(out, "\n{}:", t.get("dimensions_title", &[]));
    for d in &outcome.dimensions {
        let value = if d.score_min == d.score_max {
            d.score_min.to_string()
        } else {
            t.get(
                "dimension_range",
                &[
                    ("min", d.score_min.to_string()),
                    ("max", d.score_max.to_string()),
                ],
            )
        };
        let _ = writeln!(out, "  {:<40} {value}", d.title);
    }
    let _ = writeln!(out, "\n{}:", t.get("report_answers", &[]));
    for q in &outcome.questions {
        let Some(question) = checklist.question(&q.id) else {
            continue;
        };
        let answer = if q.option == DONT_KNOW {
            t.get("not_answered", &[])
        } else {
            question
                .options
                .iter()
                .find(|o| o.id == q.option)
                .map_or(q.option.clone(), |o| o.label.clone())
        };
        let _ = writeln!(
            out,
            "  - {}\n    {answer} ({} {} {} {})",
            question.text,
            t.num(q.points),
            t.get("points_of", &[]),
            t.num(q.weight),
            t.get("points", &[])
        );
    }
    out
}
