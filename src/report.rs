//! Printing assessment outcomes for `leidraad assess`: a readable text report in the
//! site's language (every label comes from the theme's strings) and the JSON form. Both
//! only lay out the engine's outcome; nothing is decided here. Names and justifications
//! come from files someone sent: the text report shows them with control characters
//! escaped and their length limited.

use crate::assess::{DONT_KNOW, GroupOutcome, Level, Outcome, Status};
use crate::checklist::{AnswerFile, Checklist, MAX_NOTE_CHARS, Question};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, printable};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `leidraad assess` on a loaded site ([`crate::site::load_clean`]): reads every answers
/// file and returns the report (one file: that assessment; several: the group). Every
/// problem is returned at once; `io` problems mean a file could not be read.
pub fn assess(
    site: &crate::model::Site,
    wanted: Option<&str>,
    files: &[PathBuf],
    json_format: bool,
) -> Result<String, Diagnostics> {
    let loaded = choose(&site.content.checklists, wanted)?;
    let checklist = &loaded.checklist;
    let mut diags = Diagnostics::default();
    let mut participants: Vec<Participant> = Vec::new();
    for path in files {
        match crate::checklist::read_answers(path, checklist) {
            Ok(f) => participants.push(Participant::new(path, f, checklist)),
            Err(d) => diags.extend(d),
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
    let t = Strings(&site.theme.strings);
    Ok(if participants.len() == 1 {
        let p = &participants[0];
        if json_format {
            pretty(&json(checklist, p))
        } else {
            text(checklist, p, &t, &link)
        }
    } else {
        let answers: Vec<_> = participants.iter().map(|p| p.answers.clone()).collect();
        let group = crate::assess::group(checklist, &answers);
        if json_format {
            pretty(&group_json(checklist, &participants, &group))
        } else {
            group_text(checklist, &participants, &group, &t, &link)
        }
    })
}

/// The checklist asked for, or the only one; a clear error otherwise.
fn choose<'a>(
    checklists: &'a [std::sync::Arc<crate::checklist::LoadedChecklist>],
    wanted: Option<&str>,
) -> Result<&'a crate::checklist::LoadedChecklist, Diagnostics> {
    let ids: Vec<&str> = checklists.iter().map(|c| c.checklist.id.as_str()).collect();
    let chosen = match wanted {
        Some(id) => checklists.iter().find(|c| c.checklist.id == id),
        None if checklists.len() == 1 => checklists.first(),
        None => None,
    };
    if let Some(c) = chosen {
        return Ok(c);
    }
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
    Err(Diagnostic::error(crate::files::CONTENT_DIR, "io", message).into())
}

fn pretty(v: &serde_json::Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(v).unwrap_or_default())
}

/// One participant: who, their answers and justifications, and their own outcome.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Participant {
    /// The file the answers came from.
    pub file: String,
    /// The name: the innovation named in the file, else the file's name.
    pub name: String,
    /// Who filled it in, if the file says.
    pub organisation: String,
    /// The version of the checklist the file was made with, when older than the site's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_from_version: Option<String>,
    /// Their own outcome.
    pub outcome: Outcome,
    /// Their answers.
    #[serde(skip)]
    pub answers: crate::assess::Answers,
    /// Their justification per question (`toelichting`).
    #[serde(skip)]
    pub notes: BTreeMap<String, String>,
    /// The innovation as the file names it.
    #[serde(skip)]
    pub innovation: Option<String>,
}

impl Participant {
    fn new(path: &Path, f: AnswerFile, checklist: &Checklist) -> Participant {
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
            read_from_version: f.older_version(checklist).map(str::to_string),
            outcome: crate::assess::score(checklist, &f.answers),
            answers: f.answers,
            notes: f.notes,
            innovation: f.innovation,
        }
    }

    /// How the text report names the participant: the names come from a file someone
    /// sent, so control characters are escaped and long names shortened.
    fn label(&self) -> String {
        printable(&self.raw_label(), 120)
    }

    fn raw_label(&self) -> String {
        if self.organisation.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.organisation, self.name)
        }
    }
}

/// A justification as the text report shows it: on one line, control characters
/// escaped, at most [`MAX_NOTE_CHARS`] characters.
fn note_line(note: &str) -> String {
    let one_line: String = note
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    printable(&one_line, MAX_NOTE_CHARS)
}

/// The outcome's JSON with each question's justification in its per-question data.
fn outcome_json(outcome: &Outcome, notes: &BTreeMap<String, String>) -> serde_json::Value {
    let mut v = serde_json::to_value(outcome).unwrap_or_default();
    if let Some(questions) = v.get_mut("questions").and_then(|q| q.as_array_mut()) {
        for q in questions {
            let note = q["id"].as_str().and_then(|id| notes.get(id)).cloned();
            if let (Some(note), Some(map)) = (note, q.as_object_mut()) {
                map.insert("toelichting".into(), note.into());
            }
        }
    }
    v
}

/// One assessment as JSON: the outcome, the innovation name when known, and the older
/// version the file was made with.
pub fn json(_checklist: &Checklist, p: &Participant) -> serde_json::Value {
    let mut v = outcome_json(&p.outcome, &p.notes);
    if let Some(map) = v.as_object_mut() {
        if let Some(name) = &p.innovation {
            map.insert("innovatie".into(), name.clone().into());
        }
        if let Some(old) = &p.read_from_version {
            map.insert("read_from_version".into(), old.clone().into());
        }
    }
    v
}

/// The group result as JSON: `participants`, `group` (the group's outcome, with
/// `without`: the others' outcome for each participant whose cap lowers the group's
/// band), `group_answers` and `agenda` (with each participant's justification).
pub fn group_json(
    checklist: &Checklist,
    participants: &[Participant],
    group: &GroupOutcome,
) -> serde_json::Value {
    let mut outcome = serde_json::to_value(&group.outcome).unwrap_or_default();
    let without: Vec<serde_json::Value> = group
        .without
        .iter()
        .map(|w| {
            serde_json::json!({
                "participant": participants.get(w.participant).map(Participant::raw_label),
                "outcome": w.outcome,
            })
        })
        .collect();
    if let Some(map) = outcome.as_object_mut() {
        map.insert("without".into(), without.into());
    }
    let mut agenda = serde_json::to_value(&group.agenda).unwrap_or_default();
    for item in agenda.as_array_mut().into_iter().flatten() {
        let q = item["question"].as_str().unwrap_or_default().to_string();
        let notes: Vec<Option<&String>> = participants.iter().map(|p| p.notes.get(&q)).collect();
        item["notes"] = serde_json::to_value(notes).unwrap_or_default();
    }
    let participants: Vec<serde_json::Value> = participants
        .iter()
        .map(|p| {
            let mut v = serde_json::to_value(p).unwrap_or_default();
            v["outcome"] = outcome_json(&p.outcome, &p.notes);
            v
        })
        .collect();
    serde_json::json!({
        "checklist": checklist.id,
        "version": checklist.version,
        "participants": participants,
        "group": outcome,
        "group_answers": group.answers,
        "agenda": agenda,
    })
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
    /// "Nog niet te zeggen: de score ligt tussen 34 en 94 ...".
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
                    ("min", o.score_min.to_string()),
                    ("max", o.score_max.to_string()),
                    ("low", o.band_low.title.clone()),
                    ("high", o.band_high.title.clone()),
                ],
            ),
        }
    }

    /// The verdict with the band's title when there is one.
    pub fn verdict_band(&self, o: &Outcome) -> String {
        match &o.band {
            Some(b) => format!("{}: {}", self.verdict(o), b.title),
            None => self.verdict(o),
        }
    }

    /// The label of an advice level.
    pub fn level(&self, level: Level) -> String {
        let key = match level {
            Level::Knockout => "level_knockout",
            Level::Plafond => "level_plafond",
            Level::Zwak => "level_zwak",
            Level::Aandacht => "level_aandacht",
        };
        self.get(key, &[])
    }

    /// How many points an open question can still move the score, and the cap it
    /// could bring.
    pub fn open_extra(&self, p: &crate::assess::OpenPoint) -> String {
        let mut extra = vec![self.get("open_moves", &[("moves", self.num(p.moves))])];
        if let Some(b) = &p.could_cap {
            extra.push(self.get("open_could_cap", &[("band", b.title.clone())]));
        }
        extra.join(", ")
    }

    /// How the participants answered a question: the one label when they agree, else
    /// "3× «Nee», 2× «Ja, met dezelfde leverancier»" (most chosen first, then in
    /// option order; "weet niet" last).
    pub fn group_answer(&self, q: &Question, counts: &BTreeMap<String, usize>) -> String {
        let label = |id: &str| {
            if id == DONT_KNOW {
                self.get("dont_know", &[])
            } else {
                q.options
                    .iter()
                    .find(|o| o.id == id)
                    .map_or(id.to_string(), |o| o.label.clone())
            }
        };
        if counts.len() == 1 {
            return counts.keys().next().map(|id| label(id)).unwrap_or_default();
        }
        let position = |id: &str| {
            q.options
                .iter()
                .position(|o| o.id == id)
                .unwrap_or(usize::MAX)
        };
        let mut ids: Vec<(&String, &usize)> = counts.iter().collect();
        ids.sort_by_key(|(id, n)| (std::cmp::Reverse(**n), position(id)));
        ids.iter()
            .map(|(id, n)| {
                self.get(
                    "group_answer_count",
                    &[("n", n.to_string()), ("label", label(id))],
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Writes a list of guidance pages under an item.
fn links(t: &Strings<'_>, link: &dyn Fn(&str) -> String, ids: &[String], out: &mut String) {
    for id in ids {
        let _ = writeln!(out, "     {} {}", t.get("read_about", &[]), link(id));
    }
}

/// The verdict block: verdict, band, the note that caps apply, and coverage.
fn verdict_block(t: &Strings<'_>, o: &Outcome, coverage_key: &str, out: &mut String) {
    let _ = writeln!(out, "{}", t.verdict(o));
    if o.status == Status::Empty {
        return;
    }
    if let Some(band) = &o.band {
        let _ = writeln!(out, "{}: {}", band.title, band.explanation);
    }
    if !o.caps.is_empty() {
        let _ = writeln!(out, "{}", t.get("capped_note", &[]));
    }
    let _ = writeln!(
        out,
        "{}",
        t.get(
            coverage_key,
            &[
                ("answered", o.answered.to_string()),
                ("total", o.total.to_string()),
                ("coverage", o.coverage.to_string()),
            ],
        )
    );
}

/// "Eerst regelen": every cap, with its band and advice. `answer` words the answer.
fn caps_block(
    t: &Strings<'_>,
    o: &Outcome,
    answer: &dyn Fn(&crate::assess::Cap) -> String,
    link: &dyn Fn(&str) -> String,
    out: &mut String,
) {
    if o.caps.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}:\n  {}",
        t.get("caps_title", &[]),
        t.get("caps_intro", &[])
    );
    for c in &o.caps {
        let band = t.get("cap_band", &[("band", c.band.title.clone())]);
        let _ = writeln!(
            out,
            "  - [{band}] {}: {}\n     {}",
            c.question_text,
            answer(c),
            c.text
        );
        links(t, link, &c.links, out);
    }
}

/// "Regel eerst dit": the steps, each with its move and gain. `from` words the answer.
fn steps_block(
    t: &Strings<'_>,
    o: &Outcome,
    heading: &str,
    from: &dyn Fn(&crate::assess::NextStep) -> String,
    link: &dyn Fn(&str) -> String,
    out: &mut String,
) {
    let _ = writeln!(out, "\n{heading}:");
    if o.next_steps.is_empty() {
        let _ = writeln!(out, "  {}", t.get("next_steps_none", &[]));
    }
    for (i, s) in o.next_steps.iter().enumerate() {
        let mv = t.get(
            "step_move",
            &[("from", from(s)), ("to", s.target_label.clone())],
        );
        let gain = t.get("gain", &[("gain", t.num(s.gain))]);
        let tag = match (&s.cap, s.knockout) {
            (_, true) => format!(" [{}]", t.get("level_knockout", &[])),
            (Some(b), false) => format!(" [{}]", t.get("cap_band", &[("band", b.title.clone())])),
            (None, false) => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}. {}{tag}\n     {mv} ({gain})",
            i + 1,
            s.question_text
        );
        links(t, link, &s.links, out);
    }
}

/// "Nog uitzoeken": the open questions with the points each can still move.
fn open_block(t: &Strings<'_>, o: &Outcome, link: &dyn Fn(&str) -> String, out: &mut String) {
    let _ = writeln!(out, "\n{}:", t.get("open_points", &[]));
    if o.open.is_empty() {
        let _ = writeln!(out, "  {}", t.get("open_points_none", &[]));
        return;
    }
    let _ = writeln!(out, "  {}", t.get("open_points_intro", &[]));
    for p in &o.open {
        let _ = writeln!(out, "  - {} ({})", p.question_text, t.open_extra(p));
        links(t, link, &p.links, out);
    }
}

/// The report's title line, and the note when the file was made with an older version.
fn header(t: &Strings<'_>, checklist: &Checklist, out: &mut String) {
    let _ = writeln!(
        out,
        "{} ({} {})",
        checklist.title,
        t.get("report_version", &[]),
        checklist.version
    );
}

fn older_note(t: &Strings<'_>, checklist: &Checklist, p: &Participant, out: &mut String) {
    if let Some(old) = &p.read_from_version {
        let _ = writeln!(
            out,
            "{}",
            t.get(
                "report_older_version",
                &[
                    ("saved", printable(old, 20)),
                    ("current", checklist.version.clone()),
                ],
            )
        );
    }
}

/// A readable report of one assessment. `link` turns a guidance page id into something
/// to read ("title: address").
pub fn text(
    checklist: &Checklist,
    p: &Participant,
    t: &Strings<'_>,
    link: &dyn Fn(&str) -> String,
) -> String {
    let o = &p.outcome;
    let mut out = String::new();
    header(t, checklist, &mut out);
    if let Some(name) = p.innovation.as_deref().filter(|n| !n.is_empty()) {
        let name = printable(name, 120);
        let _ = writeln!(out, "{}: {name}", t.get("report_innovation", &[]));
    }
    older_note(t, checklist, p, &mut out);
    out.push('\n');
    verdict_block(t, o, "coverage", &mut out);
    caps_block(t, o, &|c| c.option_label.clone(), link, &mut out);
    steps_block(
        t,
        o,
        &t.get("next_steps", &[]),
        &|s| s.option_label.clone(),
        link,
        &mut out,
    );
    let _ = writeln!(out, "\n{}:", t.get("advice_title", &[]));
    if o.advice.is_empty() {
        let _ = writeln!(out, "  {}", t.get("advice_none", &[]));
    }
    for a in &o.advice {
        let _ = writeln!(
            out,
            "  - [{}] {} {}\n     {}",
            t.level(a.level),
            a.question_text,
            a.option_label,
            a.text
        );
        links(t, link, &a.links, &mut out);
    }
    open_block(t, o, link, &mut out);
    dimensions_block(t, o, &mut out);
    answers_block(t, checklist, p, &mut out);
    out
}

fn dimensions_block(t: &Strings<'_>, o: &Outcome, out: &mut String) {
    let _ = writeln!(out, "\n{}:", t.get("dimensions_title", &[]));
    for d in &o.dimensions {
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
}

/// Every question with its answer, points and justification.
fn answers_block(t: &Strings<'_>, checklist: &Checklist, p: &Participant, out: &mut String) {
    let _ = writeln!(out, "\n{}:", t.get("report_answers", &[]));
    for q in &p.outcome.questions {
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
        let points = if q.weight == 0.0 {
            t.get("not_scored", &[])
        } else {
            format!(
                "{} {} {} {}",
                t.num(q.points),
                t.get("points_of", &[]),
                t.num(q.weight),
                t.get("points", &[])
            )
        };
        let _ = writeln!(out, "  - {}\n    {answer} ({points})", question.text);
        if let Some(note) = p.notes.get(&q.id) {
            let _ = writeln!(
                out,
                "    {}: {}",
                t.get("report_note", &[]),
                note_line(note)
            );
        }
    }
}

/// The group result as a readable report.
pub fn group_text(
    checklist: &Checklist,
    participants: &[Participant],
    group: &GroupOutcome,
    t: &Strings<'_>,
    link: &dyn Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    header(t, checklist, &mut out);
    let _ = writeln!(out, "\n{}:", t.get("group_participants", &[]));
    for p in participants {
        let _ = writeln!(out, "  - {}: {}", p.label(), t.verdict_band(&p.outcome));
        if p.read_from_version.is_some() {
            out.push_str("    ");
            older_note(t, checklist, p, &mut out);
        }
    }
    let o = &group.outcome;
    let _ = writeln!(out, "\n{}:", t.get("group_as_one", &[]));
    verdict_block(t, o, "coverage_group", &mut out);
    for w in &group.without {
        let name = participants
            .get(w.participant)
            .map(Participant::label)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}: {}",
            t.get("group_without", &[("name", name)]),
            t.verdict_band(&w.outcome)
        );
    }
    let worded = |q: &str| {
        let (Some(question), Some(a)) = (checklist.question(q), group.answers.get(q)) else {
            return String::new();
        };
        t.group_answer(question, &a.answers)
    };
    caps_block(t, o, &|c| worded(&c.question), link, &mut out);
    let heading = format!(
        "{} ({})",
        t.get("next_steps", &[]),
        t.get("group_as_one", &[])
    );
    steps_block(t, o, &heading, &|s| worded(&s.question), link, &mut out);
    agenda_block(t, checklist, participants, group, &mut out);
    open_block(t, o, link, &mut out);
    out
}

/// "Eerst bespreken": every difference, with each participant's answer and
/// justification.
fn agenda_block(
    t: &Strings<'_>,
    checklist: &Checklist,
    participants: &[Participant],
    group: &GroupOutcome,
    out: &mut String,
) {
    let _ = writeln!(out, "\n{}:", t.get("group_agenda", &[]));
    if group.agenda.is_empty() {
        let _ = writeln!(out, "  {}", t.get("group_agenda_none", &[]));
    }
    for item in &group.agenda {
        let Some(q) = checklist.question(&item.question) else {
            continue;
        };
        let _ = writeln!(out, "  - {}", item.question_text);
        if let Some(a) = group.answers.get(&item.question) {
            let _ = writeln!(
                out,
                "    {}: {}",
                t.get("group_as_one", &[]),
                t.group_answer(q, &a.answers)
            );
        }
        for (p, a) in participants.iter().zip(&item.answers) {
            let one: BTreeMap<String, usize> = [(a.clone(), 1)].into_iter().collect();
            let _ = writeln!(out, "      {}: {}", p.label(), t.group_answer(q, &one));
            if let Some(note) = p.notes.get(&item.question) {
                let _ = writeln!(
                    out,
                    "        {}: {}",
                    t.get("report_note", &[]),
                    note_line(note)
                );
            }
        }
    }
}
