//! Printing assessment outcomes for `leidraad assess`: a readable text report in the
//! site's language (every label comes from the theme's strings) and the JSON form. Both
//! only lay out the engine's outcome; nothing is decided here.

use crate::assess::{DONT_KNOW, GroupOutcome, Level, Outcome, Status};
use crate::checklist::{AnswerFile, Checklist};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The site at `root`, or its problems and one line saying to fix them first: a
/// command that reads the site's content needs a site without errors.
pub fn site_without_errors(root: &Path) -> Result<crate::model::Site, Diagnostics> {
    match crate::site::load(root) {
        Ok((site, diags)) if !diags.has_errors() => Ok(site),
        Ok((_, mut diags)) | Err(mut diags) => {
            diags.push(Diagnostic::error(
                crate::files::CONFIG_FILE,
                "site-errors",
                "the site has errors; fix them first (`leidraad check` lists them)",
            ));
            Err(diags)
        }
    }
}

/// `leidraad assess`: loads the site, reads every answers file, and returns the report
/// (one file: that assessment; several: the group). Every problem is returned at once;
/// `io` problems mean a file could not be read.
pub fn assess(
    root: &Path,
    wanted: Option<&str>,
    files: &[PathBuf],
    json_format: bool,
) -> Result<String, Diagnostics> {
    let site = site_without_errors(root)?;
    let checklists = &site.content.checklists;
    let ids: Vec<&str> = checklists.iter().map(|c| c.checklist.id.as_str()).collect();
    let chosen = match wanted {
        Some(id) => checklists.iter().find(|c| c.checklist.id == id),
        None if checklists.len() == 1 => checklists.first(),
        None => None,
    };
    let Some(loaded) = chosen else {
        let available = if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        };
        let message = match wanted {
            Some(id) => format!(
                "unknown checklist `{id}`{} (available: {available})",
                did_you_mean(id, ids.iter().copied())
            ),
            None => format!("choose a checklist with --checklist (available: {available})"),
        };
        // Choosing is part of reading the input: exit code 2, like an unreadable file.
        return Err(Diagnostic::error(crate::files::CONTENT_DIR, "io", message).into());
    };
    let checklist = &loaded.checklist;
    let mut diags = Diagnostics::default();
    let mut read: Vec<(&PathBuf, AnswerFile)> = Vec::new();
    for path in files {
        match crate::checklist::read_answers(path, checklist) {
            Ok(f) => read.push((path, f)),
            Err(d) => diags.extend(d),
        }
    }
    // A group compares answers to one version of the checklist.
    let first_version = read
        .iter()
        .find_map(|(p, f)| f.version.clone().map(|v| (*p, v)));
    if let Some((first, version)) = &first_version {
        for (path, f) in &read {
            if let Some(v) = &f.version
                && v != version
            {
                diags.push(Diagnostic::error(
                    *path,
                    "wrong-version",
                    format!(
                        "this result is for version {v} of the checklist, but {} is for version {version}; compare results of one version",
                        first.display()
                    ),
                ));
            }
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let base = site.config.base_url_slash();
    let link = |id: &str| match site.content.get(id) {
        Some(d) => format!("{}: {base}{}", d.title, d.out_path),
        None => id.to_string(),
    };
    let strings = &site.theme.strings;
    Ok(if read.len() == 1 {
        let f = &read[0].1;
        let outcome = crate::assess::score(checklist, &f.answers);
        if json_format {
            pretty(&json(&outcome, f.innovation.as_deref()))
        } else {
            text(checklist, &outcome, strings, f.innovation.as_deref(), link)
        }
    } else {
        let participants: Vec<Participant> = read
            .iter()
            .map(|(path, f)| Participant::new(path, f, checklist))
            .collect();
        let answers: Vec<_> = read.iter().map(|(_, f)| f.answers.clone()).collect();
        let group = crate::assess::group(checklist, &answers);
        if json_format {
            pretty(&group_json(checklist, &participants, &group))
        } else {
            group_text(checklist, &participants, &group, strings, link)
        }
    })
}

fn pretty(v: &serde_json::Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(v).unwrap_or_default())
}

/// One participant of a group: who, and their own outcome.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Participant {
    /// The file the answers came from.
    pub file: String,
    /// The name: the innovation named in the file, else the file's name.
    pub name: String,
    /// Who filled it in, if the file says.
    pub organisation: String,
    /// Their own outcome.
    pub outcome: Outcome,
}

impl Participant {
    fn new(path: &Path, f: &AnswerFile, checklist: &Checklist) -> Participant {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Participant {
            file: path.display().to_string(),
            name: f
                .innovation
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or(stem),
            organisation: f.organisation.clone().unwrap_or_default(),
            outcome: crate::assess::score(checklist, &f.answers),
        }
    }

    /// How the text report names the participant: the names come from a file someone
    /// sent, so control characters are escaped and long names shortened.
    fn label(&self) -> String {
        crate::diagnostic::printable(&self.raw_label(), 120)
    }

    fn raw_label(&self) -> String {
        if self.organisation.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.organisation, self.name)
        }
    }
}

/// The group result as JSON: `participants`, `group` (the outcome of the weakest-link
/// answers), `group_answers` and `agenda`.
pub fn group_json(
    checklist: &Checklist,
    participants: &[Participant],
    group: &GroupOutcome,
) -> serde_json::Value {
    serde_json::json!({
        "checklist": checklist.id,
        "version": checklist.version,
        "participants": participants,
        "group": group.outcome,
        "group_answers": group.answers,
        "agenda": group.agenda,
    })
}

/// The group result as a readable report.
pub fn group_text(
    checklist: &Checklist,
    participants: &[Participant],
    group: &GroupOutcome,
    strings: &serde_json::Value,
    link: impl Fn(&str) -> String,
) -> String {
    let t = Strings(strings);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {})\n",
        checklist.title,
        t.get("report_version", &[]),
        checklist.version
    );
    let _ = writeln!(out, "{}:", t.get("group_participants", &[]));
    for p in participants {
        let band = p
            .outcome
            .band
            .as_ref()
            .map_or(String::new(), |b| format!(": {}", b.title));
        let _ = writeln!(out, "  - {}: {}{band}", p.label(), t.verdict(&p.outcome));
    }
    let o = &group.outcome;
    let band = o
        .band
        .as_ref()
        .map_or(String::new(), |b| format!(": {}", b.title));
    let _ = writeln!(
        out,
        "\n{}: {}{band}",
        t.get("group_as_one", &[]),
        t.verdict(o)
    );
    let _ = writeln!(out, "\n{}:", t.get("group_agenda", &[]));
    if group.agenda.is_empty() {
        let _ = writeln!(out, "  {}", t.get("group_agenda_none", &[]));
    }
    for item in &group.agenda {
        let _ = writeln!(out, "  - {}", item.question_text);
        let q = checklist.question(&item.question);
        for (p, a) in participants.iter().zip(&item.answers) {
            let label = if a == DONT_KNOW {
                t.get("dont_know", &[])
            } else {
                q.and_then(|q| q.options.iter().find(|o| &o.id == a))
                    .map_or(a.clone(), |o| o.label.clone())
            };
            let _ = writeln!(out, "      {}: {label}", p.label());
        }
    }
    let _ = writeln!(
        out,
        "\n{} ({}):",
        t.get("next_steps", &[]),
        t.get("group_as_one", &[])
    );
    if o.next_steps.is_empty() {
        let _ = writeln!(out, "  {}", t.get("next_steps_none", &[]));
    }
    for (i, s) in o.next_steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {}\n     {} ({})",
            i + 1,
            s.question_text,
            t.get(
                "step_move",
                &[
                    ("from", s.option_label.clone()),
                    ("to", s.target_label.clone())
                ]
            ),
            t.get("gain", &[("gain", t.num(s.gain))])
        );
        for id in &s.links {
            let _ = writeln!(out, "     {} {}", t.get("read_about", &[]), link(id));
        }
    }
    out
}

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
        let name = crate::diagnostic::printable(name, 120);
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
