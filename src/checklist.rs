//! The checklist model: readiness checklists written as YAML under `content/checklists/`,
//! their validation, and the validation of answer sets against them.

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, printable};
use crate::yaml::{self, Positions, Shape};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
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
    /// How a group's answer follows from its participants' answers.
    #[serde(rename = "groep", default)]
    pub group: GroupRule,
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

/// How a group answers a question (rules version 3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupRule {
    /// Every participant must meet it: the group has the weakest answer.
    #[default]
    Ieder,
    /// One participant can bring it for all (a buyer, a lawyer): the group has the best
    /// answer.
    Samen,
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
    /// Caps the band: choosing this option makes this band id the highest possible.
    #[serde(rename = "plafond", default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
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
    ("groep", Shape::Word(&["ieder", "samen"]), false),
    ("links", Shape::List(&Shape::Text), false),
    ("opties", Shape::List(&OPTION_SHAPE), true),
]);

const OPTION_SHAPE: Shape = Shape::Map(&[
    ("id", Shape::Text, true),
    ("label", Shape::Text, true),
    ("score", Shape::Number, true),
    ("knockout", Shape::Bool, false),
    ("plafond", Shape::Text, false),
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
        &too_many_questions,
    )?;
    let mut checklist = f.data;
    checklist.id = f.id;
    Ok(LoadedChecklist {
        checklist,
        file: f.file,
        positions: f.positions,
    })
}

/// A checklist of more than [`MAX_QUESTIONS`], counted on the positions alone, before a
/// checklist of thousands is read at all.
fn too_many_questions(file: &Path, text: &str) -> Option<Diagnostic> {
    let at = yaml::index(text, 1).ok()?;
    let questions = count_questions(&at);
    (questions > MAX_QUESTIONS).then(|| {
        Diagnostic::error(
            file,
            "too-many-questions",
            format!(
                "the checklist has {questions} questions; at most {MAX_QUESTIONS} are allowed: a visitor answers every one on one page"
            ),
        )
        .at_pos(at.key("dimensies"))
        .with_hint("split it into several checklists, each for one decision")
    })
}

/// The questions of a checklist, counted by where they are written.
fn count_questions(at: &yaml::Positions) -> usize {
    let mut total = 0;
    for d in 0.. {
        if at.value(&format!("dimensies.{d}")).is_none() {
            break;
        }
        total += (0..)
            .take_while(|q| at.value(&format!("dimensies.{d}.vragen.{q}")).is_some())
            .count();
    }
    total
}

/// The most questions one checklist may have. Every question is on the checklist page
/// and in the whole guide, with its options and advice, so a checklist of thousands of
/// small questions costs seventy times its size in memory to render; a real readiness
/// checklist has a few dozen (the shipped one has 29).
pub const MAX_QUESTIONS: usize = 500;

/// What checking a checklist's links needs to know of the site's documents.
pub trait KnownIds {
    /// Whether a document with this id exists (or exists but has its own error).
    fn exists(&self, id: &str) -> bool;
    /// Every id, for "did you mean".
    fn ids(&self) -> Vec<&str>;
}

/// Whether `x` is a whole number of hundredths (0.25, 3, 0.7), as the engine counts.
fn whole_hundredths(x: f64) -> bool {
    (x * 100.0 - (x * 100.0).round()).abs() < 1e-6
}

/// Collects a checklist's problems, each at its place in the file.
struct Checker<'a> {
    loaded: &'a LoadedChecklist,
    content: &'a dyn KnownIds,
    ids: Vec<&'a str>,
    diags: Diagnostics,
}

impl Checker<'_> {
    fn err(&mut self, path: &str, code: &'static str, msg: String) {
        let pos = self.loaded.positions.at(path);
        self.diags
            .push(Diagnostic::error(&self.loaded.file, code, msg).at_pos(pos));
    }

    /// An unknown guidance id, with the closest known one.
    fn link(&mut self, path: &str, what: &str, link: &str) {
        if !self.content.exists(link) {
            let hint = did_you_mean(link, self.ids.iter().copied());
            // No near id: say what to do, as for links in Markdown.
            let fix = if hint.is_empty() {
                ": no page or entry has this id (the file name without .md); correct it or remove it from `links:`"
            } else {
                ""
            };
            self.err(
                path,
                "unknown-id",
                format!("{what} links to unknown id `{link}`{hint}{fix}"),
            );
        }
    }

    fn bands(&mut self, c: &Checklist) {
        if c.bands.is_empty() {
            self.err(
                "banden",
                "invalid-checklist",
                "the checklist has no bands (`banden`)".into(),
            );
        }
        let mut band_ids = HashSet::new();
        for (bi, b) in c.bands.iter().enumerate() {
            if !band_ids.insert(b.id.as_str()) {
                let msg = format!("band `{}` is declared twice", b.id);
                self.err(&format!("banden.{bi}.id"), "duplicate-id", msg);
            }
            if !(0.0..=100.0).contains(&b.from) || !whole_hundredths(b.from) {
                let msg = format!(
                    "band `{}` starts at {}: use a number from 0 to 100 with at most two decimals",
                    b.id, b.from
                );
                self.err(&format!("banden.{bi}.vanaf"), "invalid-checklist", msg);
            }
        }
        if !c.bands.is_empty() && !c.bands.iter().any(|b| b.from == 0.0) {
            self.err(
                "banden",
                "invalid-checklist",
                "the bands do not cover 0..100: one band must start at `vanaf: 0`".into(),
            );
        }
    }

    fn question(&mut self, c: &Checklist, q: &Question, qp: &str) {
        // Bounded, so that sums of points stay exact whole numbers in both engines.
        if !(q.weight >= 0.0 && q.weight <= MAX_WEIGHT && whole_hundredths(q.weight)) {
            let msg = format!(
                "question `{}` has weight {}: a weight must be a number from 0 to {MAX_WEIGHT} with at most two decimals (0 means: shown, never scored)",
                q.id, q.weight
            );
            self.err(&format!("{qp}.gewicht"), "invalid-checklist", msg);
        }
        if q.options.is_empty() {
            let msg = format!("question `{}` has no options", q.id);
            self.err(&format!("{qp}.opties"), "invalid-checklist", msg);
        }
        if q.links.is_empty() {
            let msg = format!(
                "question `{}` needs `links:` with at least one id of a guidance page to read about it",
                q.id
            );
            self.err(&format!("{qp}.id"), "missing-field", msg);
        }
        for (li, link) in q.links.iter().enumerate() {
            self.link(
                &format!("{qp}.links.{li}"),
                &format!("question `{}`", q.id),
                link,
            );
        }
        let mut seen_options = HashSet::new();
        for (oi, o) in q.options.iter().enumerate() {
            let op = format!("{qp}.opties.{oi}");
            if !seen_options.insert(o.id.as_str()) {
                let msg = format!("question `{}` has option `{}` twice", q.id, o.id);
                self.err(&format!("{op}.id"), "duplicate-id", msg);
            }
            self.option(c, q, o, &op);
        }
    }

    fn option(&mut self, c: &Checklist, q: &Question, o: &AnswerOption, op: &str) {
        let best = q.best_option().map(|b| b.score).unwrap_or(0.0);
        let name = format!("{}.{}", q.id, o.id);
        if o.id == DONT_KNOW {
            let msg = format!(
                "question `{}`: option id `{DONT_KNOW}` is reserved; every question offers it already",
                q.id
            );
            self.err(&format!("{op}.id"), "invalid-checklist", msg);
        }
        if !(0.0..=1.0).contains(&o.score) || !whole_hundredths(o.score) {
            let msg = format!(
                "option `{name}` has score {}: a score must be between 0 and 1, with at most two decimals",
                o.score
            );
            self.err(&format!("{op}.score"), "invalid-checklist", msg);
        }
        if let Some(target) = &o.target {
            self.target(q, o, target, &format!("{op}.doel"));
        }
        if let Some(cap) = &o.cap {
            self.cap(c, q, o, cap, &format!("{op}.plafond"));
        }
        let capped = o.knockout || o.cap.is_some();
        if capped && o.score >= best && q.options.len() > 1 {
            let msg = format!(
                "option `{name}` is the best answer and caps the result; a cap belongs on a weak answer"
            );
            self.err(&format!("{op}.id"), "invalid-checklist", msg);
        }
        if capped && q.weight == 0.0 {
            let msg = format!(
                "option `{name}` caps the result, but question `{}` has weight 0 (shown, never scored); give it a weight or remove the cap",
                q.id
            );
            self.err(&format!("{op}.id"), "invalid-checklist", msg);
        }
        let shown = q.weight > 0.0 && (capped || o.score < best);
        if !shown && !o.advice.trim().is_empty() {
            let why = if q.weight == 0.0 {
                "belongs to a question with weight 0 (never scored)"
            } else {
                "is the best answer"
            };
            let msg =
                format!("option `{name}` {why}, so its `advies` would never be shown; remove it");
            self.err(&format!("{op}.advies"), "invalid-checklist", msg);
        }
        if q.weight > 0.0 && (o.score < 0.5 || capped) && o.advice.trim().is_empty() {
            let msg = format!(
                "option `{name}` scores below 0.5 or caps the result, so it needs `advies`"
            );
            self.err(&format!("{op}.id"), "missing-field", msg);
        }
        for (li, link) in o.links.iter().enumerate() {
            self.link(
                &format!("{op}.links.{li}"),
                &format!("option `{name}`"),
                link,
            );
        }
    }

    fn target(&mut self, q: &Question, o: &AnswerOption, target: &str, here: &str) {
        match q.options.iter().find(|t| t.id == target) {
            None => {
                let options = q.options.iter().map(|t| t.id.as_str());
                let hint =
                    crate::diagnostic::did_you_mean_or_list(target, "its options are", options, 20);
                let msg = format!(
                    "option `{}.{}` has `doel: {target}`, which is not an option of this question{hint}",
                    q.id, o.id
                );
                self.err(here, "unknown-id", msg);
            }
            Some(t) if t.score <= o.score => {
                let msg = format!(
                    "option `{}.{}` has `doel: {target}`, which does not score higher ({} against {}); a target must be an improvement",
                    q.id, o.id, t.score, o.score
                );
                self.err(here, "invalid-checklist", msg);
            }
            Some(_) => {}
        }
    }

    fn cap(&mut self, c: &Checklist, q: &Question, o: &AnswerOption, cap: &str, here: &str) {
        if o.knockout {
            let msg = format!(
                "option `{}.{}` has both `knockout: true` and `plafond: {cap}`; a knock-out already caps at the lowest band, so keep one",
                q.id, o.id
            );
            self.err(here, "invalid-checklist", msg);
        }
        if !c.bands.iter().any(|b| b.id == cap) {
            let hint = did_you_mean(cap, c.bands.iter().map(|b| b.id.as_str()));
            let msg = format!(
                "option `{}.{}` has `plafond: {cap}`, which is not a band of this checklist{hint}",
                q.id, o.id
            );
            self.err(here, "unknown-id", msg);
        }
    }
}

/// Checks a checklist's ids, numbers, bands, caps and links. `content` resolves link ids.
pub fn validate(loaded: &LoadedChecklist, content: &dyn KnownIds) -> Diagnostics {
    let c = &loaded.checklist;
    let mut check = Checker {
        loaded,
        content,
        ids: content.ids(),
        diags: Diagnostics::default(),
    };
    check.bands(c);
    let mut seen_dims = HashSet::new();
    let mut seen_questions = HashSet::new();
    for (di, d) in c.dimensions.iter().enumerate() {
        let dim = format!("dimensies.{di}");
        if !seen_dims.insert(d.id.as_str()) {
            let msg = format!("dimension `{}` is declared twice", d.id);
            check.err(&format!("{dim}.id"), "duplicate-id", msg);
        }
        if d.questions.is_empty() {
            let msg = format!("dimension `{}` has no questions", d.id);
            check.err(&format!("{dim}.vragen"), "invalid-checklist", msg);
        }
        for (qi, q) in d.questions.iter().enumerate() {
            let qp = format!("{dim}.vragen.{qi}");
            if !seen_questions.insert(q.id.as_str()) {
                let msg = format!("question `{}` is declared twice", q.id);
                check.err(&format!("{qp}.id"), "duplicate-id", msg);
            }
            check.question(c, q, &qp);
        }
    }
    if !c.dimensions.is_empty() && c.questions().all(|q| q.weight == 0.0) {
        check.err(
            "dimensies",
            "invalid-checklist",
            "every question has weight 0, so nothing can be scored; give at least one question a weight above 0".into(),
        );
    }
    for (ci, cit) in c.citations.iter().enumerate() {
        if !content.exists(&cit.bron) {
            let hint = did_you_mean(&cit.bron, check.ids.iter().copied());
            let msg = format!("citation: unknown source `{}`{hint}", cit.bron);
            check.err(&format!("bronnen.{ci}.bron"), "unknown-id", msg);
        }
    }
    check.diags
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
                        crate::diagnostic::did_you_mean_or_list(
                            option,
                            "its options are",
                            options,
                            20
                        )
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

/// The longest `toelichting` (justification) an answer may carry, in characters: the
/// same limit as the checklist page's input.
pub const MAX_NOTE_CHARS: usize = 500;

/// An answers file, read and checked.
#[derive(Debug, Clone, Default)]
pub struct AnswerFile {
    /// The answers (without `weet_niet`).
    pub answers: Answers,
    /// The justification given per question (`toelichting`), as written (untrusted).
    pub notes: BTreeMap<String, String>,
    /// The innovation assessed, if the file names it.
    pub innovation: Option<String>,
    /// Who filled it in, if the file says.
    pub organisation: Option<String>,
    /// The checklist version it was saved with, if the file says.
    pub version: Option<String>,
}

impl AnswerFile {
    /// The version the file was saved with, when its major version is older than the
    /// checklist's: its answers are read as they are, and new questions stay open.
    pub fn older_version(&self, checklist: &Checklist) -> Option<&str> {
        let v = self.version.as_deref()?;
        let major = |v: &str| {
            v.split('.')
                .next()
                .and_then(|m| m.trim().parse::<u64>().ok())
        };
        (major(v)? < major(&checklist.version)?).then_some(v)
    }
}

/// Where the values of a file are, for messages.
struct Place<'a> {
    path: &'a Path,
    at: &'a Positions,
}

impl Place<'_> {
    fn error(&self, code: &'static str, key: &str, on_key: bool, msg: String) -> Diagnostic {
        let pos = if on_key {
            self.at.key(key)
        } else {
            self.at.at(key)
        };
        Diagnostic::error(self.path, code, msg).at_pos(pos)
    }
}

/// Reads the file as JSON (a `.json` file, so its mistakes are named as JSON mistakes) or
/// YAML, with the position of every value.
fn read_value(path: &Path) -> Result<(serde_json::Value, Positions), Diagnostics> {
    let text = crate::fsutil::read_text(path, crate::fsutil::MAX_TEXT_BYTES)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(path)))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        let (value, positions) = yaml::load(&text, 1, path, None)?;
        return Ok((serde_json::to_value(&value).unwrap_or_default(), positions));
    }
    match serde_json::from_str::<serde_json::Value>(&text) {
        // Positions by the same paths as for YAML, without the YAML scanner (see `yaml::index_json`).
        Ok(v) => Ok((v, yaml::index_json(&text))),
        Err(e) => Err(
            Diagnostic::error(path, "invalid-json", format!("invalid JSON: {e}"))
                .at(Some(e.line()), Some(e.column()))
                .with_hint("check the commas, quotes and brackets around this place")
                .into(),
        ),
    }
}

/// A justification from a file someone sent: text of at most [`MAX_NOTE_CHARS`].
fn note(place: &Place<'_>, key: &str, value: &serde_json::Value) -> Result<String, Diagnostic> {
    let Some(text) = value.as_str() else {
        let msg = format!(
            "`toelichting` must be text, found {}",
            printable(&value.to_string(), 60)
        );
        return Err(place.error("wrong-type", key, false, msg));
    };
    let text = text.trim();
    let n = text.chars().count();
    if n > MAX_NOTE_CHARS {
        let msg = format!(
            "this `toelichting` has {n} characters; at most {MAX_NOTE_CHARS} are allowed, so shorten it"
        );
        return Err(place.error("too-long", key, false, msg));
    }
    Ok(text.to_string())
}

/// Splits answers into option ids and justifications: a value is an option id, or
/// `{antwoord: <option id>, toelichting: <text>}`.
fn split_answers(
    place: &Place<'_>,
    prefix: &str,
    answers: serde_json::Map<String, serde_json::Value>,
    diags: &mut Diagnostics,
) -> (
    serde_json::Map<String, serde_json::Value>,
    BTreeMap<String, String>,
) {
    let mut raw = serde_json::Map::new();
    let mut notes = BTreeMap::new();
    // Taken apart, not copied: an answers file from a partner may be megabytes.
    for (q, value) in answers {
        let here = format!("{prefix}{q}");
        let serde_json::Value::Object(mut m) = value else {
            raw.insert(q, value);
            continue;
        };
        for k in m
            .keys()
            .filter(|k| !matches!(k.as_str(), "antwoord" | "toelichting"))
        {
            let msg = format!(
                "unknown field `{}` in the answer to `{}`{}",
                printable(k, 60),
                printable(&q, 60),
                did_you_mean(k, ["antwoord", "toelichting"])
            );
            diags.push(place.error("unknown-field", &format!("{here}.{k}"), true, msg));
        }
        match m.remove("antwoord") {
            Some(option) => {
                raw.insert(q.clone(), option);
            }
            None => {
                let msg = format!(
                    "the answer to `{}` needs `antwoord: <option id>`",
                    printable(&q, 60)
                );
                diags.push(place.error("missing-field", &here, true, msg));
            }
        }
        if let Some(v) = m.get("toelichting") {
            match note(place, &format!("{here}.toelichting"), v) {
                Ok(t) => {
                    notes.insert(q.clone(), t);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    (raw, notes)
}

/// The `toelichtingen` of an exported result: question id to text.
fn exported_notes(
    place: &Place<'_>,
    checklist: &Checklist,
    value: Option<&serde_json::Value>,
    notes: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return;
    };
    let Some(map) = value.as_object() else {
        let msg = "`toelichtingen` must be an object of `question: text` pairs".to_string();
        diags.push(place.error("wrong-type", "toelichtingen", false, msg));
        return;
    };
    let ids = || checklist.questions().map(|q| q.id.as_str());
    for (q, v) in map {
        let here = format!("toelichtingen.{q}");
        if checklist.question(q).is_none() {
            let msg = format!(
                "`toelichtingen` names unknown question `{}`{}",
                printable(q, 60),
                did_you_mean(q, ids())
            );
            diags.push(place.error("unknown-id", &here, true, msg));
            continue;
        }
        match note(place, &here, v) {
            Ok(t) if !t.is_empty() => {
                notes.insert(q.clone(), t);
            }
            Ok(_) => {}
            Err(d) => diags.push(d),
        }
    }
}

/// Checks that an exported result belongs to this checklist and a version it can read.
fn check_result(
    place: &Place<'_>,
    checklist: &Checklist,
    obj: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), Diagnostic> {
    if let Some(other) = obj.get("checklist").and_then(|c| c.as_str())
        && other != checklist.id
    {
        let msg = format!(
            "this result belongs to checklist `{}`, not `{}`",
            printable(other, 60),
            checklist.id
        );
        return Err(place.error("wrong-checklist", "checklist", false, msg));
    }
    if let Some(version) = obj.get("version").and_then(|v| v.as_str())
        && !can_read_version(version, &checklist.version)
    {
        let msg = format!(
            "this result was made with version {} of checklist `{}`; this site has version {}, which cannot read it",
            printable(version, 20),
            checklist.id,
            checklist.version
        );
        return Err(place.error("wrong-version", "version", false, msg));
    }
    Ok(())
}

/// Reads an answers file: YAML or JSON, either `question: option` pairs (an option id, or
/// `{antwoord, toelichting}`) or a result exported by the checklist page (an object with
/// `answers` or `antwoorden`, and `toelichtingen`). A result of an older major version is
/// read with its answers; new questions stay open. Problems carry the file, line and
/// closest valid id.
pub fn read_answers(path: &Path, checklist: &Checklist) -> Result<AnswerFile, Diagnostics> {
    let (json, at) = read_value(path)?;
    let place = Place { path, at: &at };
    let serde_json::Value::Object(mut obj) = json else {
        return Err(Diagnostic::error(
            path,
            "wrong-type",
            "the answers file must be an object of `question: option` lines, or an exported result",
        )
        .at(Some(1), Some(1))
        .into());
    };
    // An exported result keeps its answers in one member; a plain file is the answers.
    let key = ["answers", "antwoorden"]
        .into_iter()
        .find(|k| obj.contains_key(*k));
    let mut diags = Diagnostics::default();
    let (answers, exported, prefix) = match key {
        Some(k) => match obj.remove(k) {
            Some(serde_json::Value::Object(answers)) => {
                check_result(&place, checklist, &obj).map_err(Diagnostics::from)?;
                (answers, Some(&obj), format!("{k}."))
            }
            _ => {
                let msg = format!("`{k}` must be an object of `question: option` pairs");
                return Err(place.error("wrong-type", k, false, msg).into());
            }
        },
        None => (std::mem::take(&mut obj), None, String::new()),
    };
    let (raw, mut notes) = split_answers(&place, &prefix, answers, &mut diags);
    if let Some(obj) = exported {
        exported_notes(
            &place,
            checklist,
            obj.get("toelichtingen"),
            &mut notes,
            &mut diags,
        );
    }
    let line_of = |qid: &str| {
        at.key(&format!("{prefix}{qid}"))
            .map_or(usize::MAX, |(line, _)| line)
    };
    match validate_answers_ranked(checklist, &raw, line_of) {
        Ok(answers) if !diags.has_errors() => {
            let text_of = |key: &str| {
                exported
                    .and_then(|o| o.get(key))
                    .and_then(|n| n.as_str())
                    .map(str::to_string)
            };
            Ok(AnswerFile {
                answers,
                notes,
                innovation: text_of("innovatie"),
                organisation: text_of("organisatie"),
                version: text_of("version"),
            })
        }
        Ok(_) => {
            diags.sort();
            Err(diags)
        }
        Err(problems) => {
            for p in problems {
                let here = format!("{prefix}{}", p.question);
                let d = if p.question.is_empty() {
                    Diagnostic::error(path, "unknown-id", p.message)
                } else {
                    place.error("unknown-id", &here, !p.about_value, p.message)
                };
                diags.push(d);
            }
            diags.sort();
            Err(diags)
        }
    }
}
