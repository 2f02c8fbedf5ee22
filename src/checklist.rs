//! The checklist model: readiness checklists written as YAML under `content/checklists/`,
//! their validation, and the validation of answer sets against them.

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, printable};
use crate::yaml::{self, Positions, Shape};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use crate::files::CHECKLIST_DIR;

/// The implicit "don't know" option every question has.
pub const DONT_KNOW: &str = "weet_niet";

/// Answers: question id to option id. Missing questions count as `weet_niet`.
pub type Answers = std::collections::BTreeMap<String, String>;

/// A checklist: bands and dimensions of weighted questions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Id: the file name without `.yaml`.
    #[serde(skip_deserializing)]
    pub id: String,
    /// Page title.
    #[serde(rename = "titel")]
    pub title: String,
    /// Short summary.
    #[serde(rename = "samenvatting")]
    pub summary: String,
    /// Version, stored with exported results.
    #[serde(rename = "versie")]
    pub version: String,
    /// Markdown introduction.
    #[serde(rename = "inleiding", default)]
    pub intro: String,
    /// Citations, as on entries.
    #[serde(rename = "bronnen", default)]
    pub citations: Vec<ChecklistCitation>,
    /// Result bands, each from a lower bound.
    #[serde(rename = "banden")]
    pub bands: Vec<Band>,
    /// Groups of questions.
    #[serde(rename = "dimensies")]
    pub dimensions: Vec<Dimension>,
}

/// A citation of a source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistCitation {
    /// Source id.
    pub bron: String,
    /// Chapter or section.
    pub sectie: String,
}

/// A result band such as `geschikt` from 70.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Band id.
    pub id: String,
    /// Lowest rounded total in this band.
    #[serde(rename = "vanaf")]
    pub from: f64,
    /// Heading.
    #[serde(rename = "titel")]
    pub title: String,
    /// What the result means.
    #[serde(rename = "uitleg")]
    pub explanation: String,
}

/// A group of questions with its own score.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Dimension id.
    pub id: String,
    /// Heading.
    #[serde(rename = "titel")]
    pub title: String,
    /// One-sentence explanation.
    #[serde(rename = "uitleg", default)]
    pub explanation: String,
    /// Questions in order.
    #[serde(rename = "vragen")]
    pub questions: Vec<Question>,
}

/// The largest weight a question may have.
pub const MAX_WEIGHT: f64 = 1000.0;

/// A weighted question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Question id.
    pub id: String,
    /// The question.
    #[serde(rename = "vraag")]
    pub text: String,
    /// Help text.
    #[serde(rename = "hulp", default)]
    pub help: String,
    /// Positive weight.
    #[serde(rename = "gewicht")]
    pub weight: f64,
    /// Whether the participants can change the answer before buying.
    #[serde(rename = "soort", default)]
    pub nature: Nature,
    /// Ids of guidance pages to read about this question (at least one).
    #[serde(default)]
    pub links: Vec<String>,
    /// Options, without the implicit `weet_niet`.
    #[serde(rename = "opties")]
    pub options: Vec<AnswerOption>,
}

/// Whether a question asks for something the participants can arrange, or for a given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Nature {
    /// The participants can change it before buying: it can become a next step.
    #[default]
    Actie,
    /// A given of the innovation, the market or the group: never a next step.
    Situatie,
}

/// One answer to a question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// Option id.
    pub id: String,
    /// The answer as shown.
    pub label: String,
    /// Score between 0 and 1.
    pub score: f64,
    /// Forces the lowest band.
    #[serde(default)]
    pub knockout: bool,
    /// Advice shown when this answer is a weak point or a knock-out.
    #[serde(rename = "advies", default)]
    pub advice: String,
    /// Ids of guidance pages that explain more.
    #[serde(default)]
    pub links: Vec<String>,
    /// The option of the same question (with a higher score) that can realistically be
    /// reached from this one; without it, the best option.
    #[serde(rename = "doel", default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

impl Question {
    /// The option with the highest score (the first, on ties).
    pub fn best_option(&self) -> Option<&AnswerOption> {
        self.options
            .iter()
            .fold(None, |best: Option<&AnswerOption>, o| match best {
                Some(b) if b.score >= o.score => Some(b),
                _ => Some(o),
            })
    }
}

impl Checklist {
    /// All questions in order, across dimensions.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.dimensions.iter().flat_map(|d| d.questions.iter())
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }
}

/// Parses checklist YAML (without validation beyond types). `id` becomes its id.
pub fn parse(id: &str, text: &str) -> Result<Checklist, serde_yaml::Error> {
    let mut c: Checklist = serde_yaml::from_str(text)?;
    c.id = id.to_string();
    Ok(c)
}

/// The structure of a checklist file, checked before it becomes a [`Checklist`] so
/// that every problem is reported at its value.
const CHECKLIST_SHAPE: Shape = Shape::Map(&[
    ("titel", Shape::Text, true),
    ("samenvatting", Shape::Text, true),
    ("versie", Shape::Text, true),
    ("inleiding", Shape::Text, false),
    (
        "bronnen",
        Shape::List(&Shape::Map(&[
            ("bron", Shape::Text, true),
            ("sectie", Shape::Text, true),
        ])),
        false,
    ),
    ("banden", Shape::List(&BAND_SHAPE), true),
    ("dimensies", Shape::List(&DIMENSION_SHAPE), true),
]);

const BAND_SHAPE: Shape = Shape::Map(&[
    ("id", Shape::Text, true),
    ("vanaf", Shape::Number, true),
    ("titel", Shape::Text, true),
    ("uitleg", Shape::Text, true),
]);

const DIMENSION_SHAPE: Shape = Shape::Map(&[
    ("id", Shape::Text, true),
    ("titel", Shape::Text, true),
    ("uitleg", Shape::Text, false),
    ("vragen", Shape::List(&QUESTION_SHAPE), true),
]);

const QUESTION_SHAPE: Shape = Shape::Map(&[
    ("id", Shape::Text, true),
    ("vraag", Shape::Text, true),
    ("hulp", Shape::Text, false),
    ("gewicht", Shape::Number, true),
    ("soort", Shape::Word(&["actie", "situatie"]), false),
    ("links", Shape::List(&Shape::Text), false),
    ("opties", Shape::List(&OPTION_SHAPE), true),
]);

const OPTION_SHAPE: Shape = Shape::Map(&[
    ("id", Shape::Text, true),
    ("label", Shape::Text, true),
    ("score", Shape::Number, true),
    ("knockout", Shape::Bool, false),
    ("advies", Shape::Text, false),
    ("links", Shape::List(&Shape::Text), false),
    ("doel", Shape::Text, false),
]);

/// A loaded checklist with its file, for messages.
#[derive(Debug, Clone)]
pub struct LoadedChecklist {
    /// The checklist.
    pub checklist: Checklist,
    /// File relative to the site root.
    pub file: PathBuf,
    /// Where each key and value of the file is.
    pub positions: Positions,
}

/// Loads one checklist file; `rel` is relative to `content/`. Its id is the file name.
pub fn load(root: &Path, rel: &Path, max: u64) -> Result<LoadedChecklist, Diagnostics> {
    let f = yaml::load_content::<Checklist>(
        root,
        rel,
        max,
        ("checklist", "invalid-checklist"),
        &CHECKLIST_SHAPE,
    )?;
    let mut checklist = f.data;
    checklist.id = f.id;
    Ok(LoadedChecklist {
        checklist,
        file: f.file,
        positions: f.positions,
    })
}

/// What checking a checklist's links needs to know of the site's documents.
pub trait KnownIds {
    /// Whether a document with this id exists (or exists but has its own error).
    fn exists(&self, id: &str) -> bool;
    /// Every id, for "did you mean".
    fn ids(&self) -> Vec<&str>;
}

/// Checks a checklist's ids, numbers, bands and links. `content` resolves link ids.
pub fn validate(loaded: &LoadedChecklist, content: &dyn KnownIds) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let c = &loaded.checklist;
    let at = &loaded.positions;
    let mut err = |path: &str, code: &'static str, msg: String| {
        diags.push(Diagnostic::error(&loaded.file, code, msg).at_pos(at.at(path)));
    };
    if c.bands.is_empty() {
        err(
            "banden",
            "invalid-checklist",
            "the checklist has no bands (`banden`)".into(),
        );
    }
    let mut band_ids = HashSet::new();
    for (bi, b) in c.bands.iter().enumerate() {
        if !band_ids.insert(b.id.as_str()) {
            err(
                &format!("banden.{bi}.id"),
                "duplicate-id",
                format!("band `{}` is declared twice", b.id),
            );
        }
        if !(0.0..=100.0).contains(&b.from) {
            err(
                &format!("banden.{bi}.vanaf"),
                "invalid-checklist",
                format!("band `{}` starts at {}, outside 0..100", b.id, b.from),
            );
        }
    }
    if !c.bands.is_empty() && !c.bands.iter().any(|b| b.from == 0.0) {
        err(
            "banden",
            "invalid-checklist",
            "the bands do not cover 0..100: one band must start at `vanaf: 0`".into(),
        );
    }
    let mut seen_dims = HashSet::new();
    let mut seen_questions = HashSet::new();
    let ids: Vec<&str> = content.ids();
    for (di, d) in c.dimensions.iter().enumerate() {
        let dim = format!("dimensies.{di}");
        if !seen_dims.insert(d.id.as_str()) {
            err(
                &format!("{dim}.id"),
                "duplicate-id",
                format!("dimension `{}` is declared twice", d.id),
            );
        }
        if d.questions.is_empty() {
            err(
                &format!("{dim}.vragen"),
                "invalid-checklist",
                format!("dimension `{}` has no questions", d.id),
            );
        }
        for (qi, q) in d.questions.iter().enumerate() {
            let qp = format!("{dim}.vragen.{qi}");
            if !seen_questions.insert(q.id.as_str()) {
                err(
                    &format!("{qp}.id"),
                    "duplicate-id",
                    format!("question `{}` is declared twice", q.id),
                );
            }
            // Bounded, so that sums of points stay ordinary numbers (1e308 made `inf`).
            if !(q.weight > 0.0 && q.weight <= MAX_WEIGHT) {
                err(
                    &format!("{qp}.gewicht"),
                    "invalid-checklist",
                    format!(
                        "question `{}` has weight {}: a weight must be a number above 0 and at most {MAX_WEIGHT}",
                        q.id, q.weight
                    ),
                );
            }
            if q.options.is_empty() {
                err(
                    &format!("{qp}.opties"),
                    "invalid-checklist",
                    format!("question `{}` has no options", q.id),
                );
            }
            if q.links.is_empty() {
                err(
                    &format!("{qp}.id"),
                    "missing-field",
                    format!(
                        "question `{}` needs `links:` with at least one id of a guidance page to read about it",
                        q.id
                    ),
                );
            }
            for (li, link) in q.links.iter().enumerate() {
                if !content.exists(link) {
                    err(
                        &format!("{qp}.links.{li}"),
                        "unknown-id",
                        format!(
                            "question `{}` links to unknown id `{link}`{}",
                            q.id,
                            did_you_mean(link, ids.iter().copied())
                        ),
                    );
                }
            }
            let best = q.best_option().map(|b| b.score).unwrap_or(0.0);
            let mut seen_options = HashSet::new();
            for (oi, o) in q.options.iter().enumerate() {
                let op = format!("{qp}.opties.{oi}");
                if o.id == DONT_KNOW {
                    err(
                        &format!("{op}.id"),
                        "invalid-checklist",
                        format!(
                            "question `{}`: option id `{DONT_KNOW}` is reserved; every question offers it already",
                            q.id
                        ),
                    );
                }
                if !seen_options.insert(o.id.as_str()) {
                    err(
                        &format!("{op}.id"),
                        "duplicate-id",
                        format!("question `{}` has option `{}` twice", q.id, o.id),
                    );
                }
                if !(0.0..=1.0).contains(&o.score) {
                    err(
                        &format!("{op}.score"),
                        "invalid-checklist",
                        format!(
                            "option `{}.{}` has score {}: a score must be between 0 and 1",
                            q.id, o.id, o.score
                        ),
                    );
                }
                if let Some(target) = &o.target {
                    let here = format!("{op}.doel");
                    match q.options.iter().find(|t| &t.id == target) {
                        None => err(
                            &here,
                            "unknown-id",
                            format!(
                                "option `{}.{}` has `doel: {target}`, which is not an option of this question{}",
                                q.id,
                                o.id,
                                did_you_mean(target, q.options.iter().map(|t| t.id.as_str()))
                            ),
                        ),
                        Some(t) if t.score <= o.score => err(
                            &here,
                            "invalid-checklist",
                            format!(
                                "option `{}.{}` has `doel: {target}`, which does not score higher ({} against {}); a target must be an improvement",
                                q.id, o.id, t.score, o.score
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                if o.score >= best && !o.knockout && !o.advice.trim().is_empty() {
                    err(
                        &format!("{op}.advies"),
                        "invalid-checklist",
                        format!(
                            "option `{}.{}` is the best answer, so its `advies` would never be shown; remove it",
                            q.id, o.id
                        ),
                    );
                }
                if (o.score < 0.5 || o.knockout) && o.advice.trim().is_empty() {
                    err(
                        &format!("{op}.id"),
                        "missing-field",
                        format!(
                            "option `{}.{}` scores below 0.5 or is a knock-out, so it needs `advies`",
                            q.id, o.id
                        ),
                    );
                }
                for (li, link) in o.links.iter().enumerate() {
                    if !content.exists(link) {
                        err(
                            &format!("{op}.links.{li}"),
                            "unknown-id",
                            format!(
                                "option `{}.{}` links to unknown id `{link}`{}",
                                q.id,
                                o.id,
                                did_you_mean(link, ids.iter().copied())
                            ),
                        );
                    }
                }
            }
        }
    }
    for (ci, cit) in c.citations.iter().enumerate() {
        if !content.exists(&cit.bron) {
            err(
                &format!("bronnen.{ci}.bron"),
                "unknown-id",
                format!(
                    "citation: unknown source `{}`{}",
                    cit.bron,
                    did_you_mean(&cit.bron, ids.iter().copied())
                ),
            );
        }
    }
    diags
}

/// Whether a result saved with checklist version `saved` can be read by version
/// `current`: the same or an older major version (question ids stay; scores are always
/// computed again). The browser page applies the same rule.
pub fn can_read_version(saved: &str, current: &str) -> bool {
    let major = |v: &str| {
        v.split('.')
            .next()
            .and_then(|m| m.trim().parse::<u64>().ok())
    };
    match (major(saved), major(current)) {
        (Some(s), Some(c)) => s <= c,
        _ => saved == current,
    }
}

/// A problem with one answer, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    /// The question id as given.
    pub question: String,
    /// Whether the answer (not the question id) is wrong.
    pub about_value: bool,
    /// What is wrong.
    pub message: String,
}

/// Checks raw answers (question id to option id) against a checklist. `weet_niet` is
/// accepted for every question. The first [`MAX_LISTED_PROBLEMS`] problems are
/// returned with a message (in key order), the rest counted in one last problem.
pub fn validate_answers(
    checklist: &Checklist,
    raw: &serde_json::Map<String, serde_json::Value>,
) -> Result<Answers, Vec<AnswerProblem>> {
    validate_answers_ranked(checklist, raw, |_| 0)
}

/// What is wrong with one answer, before it is put in words.
enum Wrong<'a> {
    Question,
    NotText(&'a serde_json::Value),
    Option(&'a str),
}

/// [`validate_answers`], listing first the problems `rank` puts first (the line of the
/// answer in its file), so the listed ones are the first a reader meets.
pub fn validate_answers_ranked(
    checklist: &Checklist,
    raw: &serde_json::Map<String, serde_json::Value>,
    rank: impl Fn(&str) -> usize,
) -> Result<Answers, Vec<AnswerProblem>> {
    let mut answers = Answers::new();
    let mut wrong: Vec<(usize, &str, Wrong<'_>)> = Vec::new();
    for (qid, value) in raw {
        let Some(q) = checklist.question(qid) else {
            wrong.push((rank(qid), qid, Wrong::Question));
            continue;
        };
        let Some(option) = value.as_str() else {
            wrong.push((rank(qid), qid, Wrong::NotText(value)));
            continue;
        };
        if option == DONT_KNOW {
            continue;
        }
        if !q.options.iter().any(|o| o.id == option) {
            wrong.push((rank(qid), qid, Wrong::Option(option)));
            continue;
        }
        answers.insert(qid.clone(), option.to_string());
    }
    if wrong.is_empty() {
        return Ok(answers);
    }
    wrong.sort_by_key(|w| w.0);
    let more = wrong.len().saturating_sub(MAX_LISTED_PROBLEMS);
    wrong.truncate(MAX_LISTED_PROBLEMS);
    // Only the listed problems get a suggestion: finding the closest id is the costly part.
    let question_ids: Vec<&str> = checklist.questions().map(|q| q.id.as_str()).collect();
    let mut problems: Vec<AnswerProblem> = wrong
        .into_iter()
        .map(|(_, qid, w)| match w {
            Wrong::Question => AnswerProblem {
                question: qid.to_string(),
                about_value: false,
                message: format!(
                    "unknown question `{}` in checklist `{}`{}",
                    printable(qid, 60),
                    checklist.id,
                    did_you_mean(qid, question_ids.iter().copied())
                ),
            },
            Wrong::NotText(value) => AnswerProblem {
                question: qid.to_string(),
                about_value: true,
                message: format!(
                    "answer to `{}` must be an option id (text), found {}",
                    printable(qid, 60),
                    printable(&value.to_string(), 60)
                ),
            },
            Wrong::Option(option) => {
                let options = checklist
                    .question(qid)
                    .into_iter()
                    .flat_map(|q| q.options.iter().map(|o| o.id.as_str()))
                    .chain([DONT_KNOW]);
                AnswerProblem {
                    question: qid.to_string(),
                    about_value: true,
                    message: format!(
                        "unknown option `{}` for question `{qid}`{}",
                        printable(option, 60),
                        did_you_mean(option, options)
                    ),
                }
            }
        })
        .collect();
    if more > 0 {
        // A file of junk (200,000 unknown keys) should not bury the terminal: the first
        // ones say what is wrong, the count says how much.
        problems.push(AnswerProblem {
            question: String::new(),
            about_value: false,
            message: format!(
                "and {more} more problems with answers like these (only the first {MAX_LISTED_PROBLEMS} are listed)"
            ),
        });
    }
    Err(problems)
}

/// How many problems of one set of answers are listed; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// An answers file, read and checked.
#[derive(Debug, Clone, Default)]
pub struct AnswerFile {
    /// The answers (without `weet_niet`).
    pub answers: Answers,
    /// The innovation assessed, if the file names it.
    pub innovation: Option<String>,
    /// Who filled it in, if the file says.
    pub organisation: Option<String>,
    /// The checklist version it was saved with, if the file says.
    pub version: Option<String>,
}

/// Reads an answers file: YAML or JSON, either `question: option` pairs or an exported
/// result (an object with an `answers` member). Problems carry the file, line and
/// closest valid id.
pub fn read_answers(path: &Path, checklist: &Checklist) -> Result<AnswerFile, Diagnostics> {
    let mut diags = Diagnostics::default();
    let text = match crate::fsutil::read_text(path, crate::fsutil::MAX_TEXT_BYTES) {
        Ok(t) => t,
        Err(e) => return Err(e.into_diagnostic(path).into()),
    };
    // A `.json` file is read as JSON, so its mistakes are named as JSON mistakes.
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (json, at) = if is_json {
        match serde_json::from_str::<serde_json::Value>(&text) {
            // JSON is YAML too: the same parser gives its positions.
            Ok(v) => (v, yaml::index(&text, 1).unwrap_or_default()),
            Err(e) => {
                diags.push(
                    Diagnostic::error(path, "invalid-json", format!("invalid JSON: {e}"))
                        .at(Some(e.line()), Some(e.column()))
                        .with_hint("check the commas, quotes and brackets around this place"),
                );
                return Err(diags);
            }
        }
    } else {
        let (value, positions) = yaml::load(&text, 1, path, None)?;
        (serde_json::to_value(&value).unwrap_or_default(), positions)
    };
    let Some(obj) = json.as_object() else {
        diags.push(
            Diagnostic::error(path, "wrong-type", "the answers file must be an object of `question: option` lines, or an exported result")
                .at(Some(1), Some(1)),
        );
        return Err(diags);
    };
    let (raw, innovation, prefix) = match obj.get("answers") {
        Some(serde_json::Value::Object(answers)) => {
            if let Some(other) = obj.get("checklist").and_then(|c| c.as_str())
                && other != checklist.id
            {
                diags.push(
                    Diagnostic::error(
                        path,
                        "wrong-checklist",
                        format!(
                            "this result belongs to checklist `{}`, not `{}`",
                            printable(other, 60),
                            checklist.id
                        ),
                    )
                    .at_pos(at.at("checklist")),
                );
                return Err(diags);
            }
            if let Some(version) = obj.get("version").and_then(|v| v.as_str())
                && !can_read_version(version, &checklist.version)
            {
                diags.push(
                    Diagnostic::error(
                        path,
                        "wrong-version",
                        format!(
                            "this result was made with version {} of checklist `{}`; this site has version {}, which cannot read it",
                            printable(version, 20),
                            checklist.id,
                            checklist.version
                        ),
                    )
                    .at_pos(at.at("version")),
                );
                return Err(diags);
            }
            (answers.clone(), Some(obj), "answers.")
        }
        Some(_) => {
            diags.push(
                Diagnostic::error(
                    path,
                    "wrong-type",
                    "`answers` must be an object of `question: option` pairs",
                )
                .at_pos(at.at("answers")),
            );
            return Err(diags);
        }
        None => (obj.clone(), None, ""),
    };
    let text_of = |key: &str| {
        innovation
            .and_then(|o| o.get(key))
            .and_then(|n| n.as_str())
            .map(str::to_string)
    };
    let line_of = |qid: &str| {
        at.key(&format!("{prefix}{qid}"))
            .map_or(usize::MAX, |(line, _)| line)
    };
    match validate_answers_ranked(checklist, &raw, line_of) {
        Ok(answers) => Ok(AnswerFile {
            answers,
            innovation: text_of("innovatie"),
            organisation: text_of("organisatie"),
            version: text_of("version"),
        }),
        Err(problems) => {
            for p in problems {
                let here = format!("{prefix}{}", p.question);
                let pos = if p.question.is_empty() {
                    None
                } else if p.about_value {
                    at.at(&here)
                } else {
                    at.key(&here)
                };
                diags.push(Diagnostic::error(path, "unknown-id", p.message).at_pos(pos));
            }
            diags.sort();
            Err(diags)
        }
    }
}
