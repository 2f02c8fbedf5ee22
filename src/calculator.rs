//! The calculator ("rekenhulp") model: calculators written as YAML under
//! `content/rekenhulpen/`, their validation, and the reading and checking of business-case
//! inputs (an input file, or the example inside a calculator) into the engine's
//! [`Input`]. Every problem is reported at its value with a plain hint.
//!
//! Bounds keep every amount exact: in cents, the largest possible group total stays far
//! below 2^53, so the browser engine and JSON numbers carry it without rounding.

use crate::business_case::{Input, Key, Participant, Pricing, Scenario, Tier};
use crate::checklist::{ChecklistCitation, KnownIds};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, printable};
use crate::yaml::{self, Positions, Shape, join};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// Folder under `content/` with calculators.
pub use crate::files::CALCULATOR_DIR;

/// Most years a contract may run (`horizon_jaren`).
pub const MAX_YEARS: i64 = 30;
/// Most users of one participant (`gebruikers`).
pub const MAX_USERS: i64 = 1_000_000;
/// Highest price per user per year, in euros (`prijs_alleen`, staffel `prijs`).
pub const MAX_PRICE: f64 = 10_000.0;
/// Highest hourly rate, in euros (`uurtarief`).
pub const MAX_RATE: f64 = 1_000.0;
/// Most own hours (`uren_alleen`, `uren_samen`).
pub const MAX_HOURS: i64 = 100_000;
/// Highest external costs of the group, in euros (`externe_kosten`).
pub const MAX_EXTERNAL: f64 = 1_000_000_000.0;
/// Most participants.
pub const MAX_PARTICIPANTS: usize = 100;
/// Most staffels.
pub const MAX_TIERS: usize = 20;
/// Most characters of a name or title.
pub const MAX_NAME: usize = 200;

/// The input words of the keys and scenarios, in the order pages show them.
pub const KEYS: [&str; 3] = ["gelijk", "naar_volume", "naar_bruto_voordeel"];
/// See [`KEYS`].
pub const SCENARIOS: [&str; 2] = ["voorzichtig", "gunstig"];

/// A calculator: texts, defaults with their citations, and a worked example.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Calculator {
    /// Id: the file name without `.yaml`.
    #[serde(skip_deserializing)]
    pub id: String,
    /// Page title.
    #[serde(rename = "titel")]
    pub title: String,
    /// Short summary.
    #[serde(rename = "samenvatting")]
    pub summary: String,
    /// Version, stored with exported calculations.
    #[serde(rename = "versie")]
    pub version: String,
    /// Markdown introduction.
    #[serde(rename = "inleiding", default)]
    pub intro: String,
    /// Citations of the whole calculator.
    #[serde(rename = "bronnen", default)]
    pub citations: Vec<ChecklistCitation>,
    /// Label, help and default of every input.
    #[serde(rename = "invoer")]
    pub inputs: Inputs,
    /// Hints for choosing a discount, each with its citation.
    #[serde(rename = "tips", default)]
    pub hints: Vec<Note>,
    /// What the model leaves out, said beside the result.
    #[serde(rename = "buiten_beeld", default)]
    pub left_out: Vec<Note>,
    /// An example filled in.
    #[serde(rename = "voorbeeld")]
    pub example: Example,
}

/// Label, help, default and citation of one input.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Label of the form field.
    pub label: String,
    /// Help under the field.
    #[serde(default)]
    pub hulp: String,
    /// The default (only on the inputs that may have one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standaard: Option<serde_json::Value>,
    /// Source id of the default or help.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bron: Option<String>,
    /// Chapter or section of that source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sectie: Option<String>,
    /// Label and help of each choice (`verdeelsleutel`, `scenario`), in the file's order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub opties: IndexMap<String, Choice>,
}

/// One choice of a choice input.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Label.
    pub label: String,
    /// Help.
    #[serde(default)]
    pub hulp: String,
}

/// The texts of every input.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Inputs {
    pub titel: Field,
    pub horizon_jaren: Field,
    pub externe_kosten: Field,
    pub verdeelsleutel: Field,
    pub korting: Field,
    pub staffels: Field,
    pub scenario: Field,
    pub naam: Field,
    pub gebruikers: Field,
    pub prijs_alleen: Field,
    pub uurtarief: Field,
    pub uren_alleen: Field,
    pub uren_samen: Field,
}

/// A cited remark: a hint, or something the model leaves out.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The text.
    pub tekst: String,
    /// Source id.
    pub bron: String,
    /// Chapter or section.
    pub sectie: String,
}

/// The worked example.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Its title (the shipped one says "reconstructie").
    pub titel: String,
    /// Where its numbers come from.
    pub uitleg: String,
    /// The input, in the shape of an input file.
    pub invoer: serde_json::Value,
}

const PLAIN: Shape = Shape::Map(&[
    ("label", Shape::Text, true),
    ("hulp", Shape::Text, false),
    ("bron", Shape::Text, false),
    ("sectie", Shape::Text, false),
]);

/// An input whose default is a whole number (years, hours).
const WHOLE_DEFAULT: Shape = Shape::Map(&[
    ("label", Shape::Text, true),
    ("hulp", Shape::Text, false),
    ("standaard", Shape::Integer, false),
    ("bron", Shape::Text, false),
    ("sectie", Shape::Text, false),
]);

/// An input whose default is a number (the discount).
const NUMBER_DEFAULT: Shape = Shape::Map(&[
    ("label", Shape::Text, true),
    ("hulp", Shape::Text, false),
    ("standaard", Shape::Number, false),
    ("bron", Shape::Text, false),
    ("sectie", Shape::Text, false),
]);

const CHOICE: Shape = Shape::Map(&[("label", Shape::Text, true), ("hulp", Shape::Text, false)]);

const KEY_FIELD: Shape = Shape::Map(&[
    ("label", Shape::Text, true),
    ("hulp", Shape::Text, false),
    ("standaard", Shape::Word(&KEYS), false),
    ("bron", Shape::Text, false),
    ("sectie", Shape::Text, false),
    (
        "opties",
        Shape::Map(&[
            ("gelijk", CHOICE, true),
            ("naar_volume", CHOICE, true),
            ("naar_bruto_voordeel", CHOICE, true),
        ]),
        true,
    ),
]);

const SCENARIO_FIELD: Shape = Shape::Map(&[
    ("label", Shape::Text, true),
    ("hulp", Shape::Text, false),
    ("standaard", Shape::Word(&SCENARIOS), false),
    ("bron", Shape::Text, false),
    ("sectie", Shape::Text, false),
    (
        "opties",
        Shape::Map(&[("voorzichtig", CHOICE, true), ("gunstig", CHOICE, true)]),
        true,
    ),
]);

const NOTE: Shape = Shape::Map(&[
    ("tekst", Shape::Text, true),
    ("bron", Shape::Text, true),
    ("sectie", Shape::Text, true),
]);

/// The structure of an input: an input file, a file exported by the page, or a
/// calculator's example.
pub const INPUT_SHAPE: Shape = Shape::Map(&[
    ("rekenhulp", Shape::Text, false),
    ("versie", Shape::Text, false),
    ("titel", Shape::Text, false),
    ("horizon_jaren", Shape::Integer, false),
    ("externe_kosten", Shape::Number, true),
    ("verdeelsleutel", Shape::Word(&KEYS), false),
    ("korting", Shape::Number, false),
    (
        "staffels",
        Shape::List(&Shape::Map(&[
            ("vanaf", Shape::Integer, true),
            ("prijs", Shape::Number, true),
        ])),
        false,
    ),
    ("scenario", Shape::Word(&SCENARIOS), false),
    (
        "deelnemers",
        Shape::List(&Shape::Map(&[
            ("naam", Shape::Text, true),
            ("gebruikers", Shape::Integer, true),
            ("prijs_alleen", Shape::Number, false),
            ("uurtarief", Shape::Number, true),
            ("uren_alleen", Shape::Integer, false),
            ("uren_samen", Shape::Integer, false),
        ])),
        true,
    ),
]);

const CALCULATOR_SHAPE: Shape = Shape::Map(&[
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
    (
        "invoer",
        Shape::Map(&[
            ("titel", PLAIN, true),
            ("horizon_jaren", WHOLE_DEFAULT, true),
            ("externe_kosten", PLAIN, true),
            ("verdeelsleutel", KEY_FIELD, true),
            ("korting", NUMBER_DEFAULT, true),
            ("staffels", PLAIN, true),
            ("scenario", SCENARIO_FIELD, true),
            ("naam", PLAIN, true),
            ("gebruikers", PLAIN, true),
            ("prijs_alleen", PLAIN, true),
            ("uurtarief", PLAIN, true),
            ("uren_alleen", WHOLE_DEFAULT, true),
            ("uren_samen", WHOLE_DEFAULT, true),
        ]),
        true,
    ),
    ("tips", Shape::List(&NOTE), false),
    ("buiten_beeld", Shape::List(&NOTE), false),
    (
        "voorbeeld",
        Shape::Map(&[
            ("titel", Shape::Text, true),
            ("uitleg", Shape::Text, true),
            ("invoer", INPUT_SHAPE, true),
        ]),
        true,
    ),
]);

/// A loaded calculator with its file, for messages.
#[derive(Debug, Clone)]
pub struct LoadedCalculator {
    /// The calculator.
    pub calculator: Calculator,
    /// File relative to the site root.
    pub file: PathBuf,
    /// Where each key and value of the file is.
    pub positions: Positions,
}

/// Loads one calculator file; `rel` is relative to `content/`. Its id is the file name.
pub fn load(root: &Path, rel: &Path, max: u64) -> Result<LoadedCalculator, Diagnostics> {
    let f = yaml::load_content::<Calculator>(
        root,
        rel,
        max,
        ("calculator", "invalid-calculator"),
        &CALCULATOR_SHAPE,
        &|_, _| None,
    )?;
    let mut calculator = f.data;
    calculator.id = f.id;
    Ok(LoadedCalculator {
        calculator,
        file: f.file,
        positions: f.positions,
    })
}

/// Checks a calculator's citations, defaults and example. `content` resolves source ids.
pub fn validate(loaded: &LoadedCalculator, content: &dyn KnownIds) -> Diagnostics {
    let c = &loaded.calculator;
    let at = &loaded.positions;
    let file = &loaded.file;
    let mut diags = Diagnostics::default();
    let ids = content.ids();
    let cite = |path: String, bron: &str, diags: &mut Diagnostics| {
        if !content.exists(bron) {
            diags.push(
                Diagnostic::error(
                    file,
                    "unknown-id",
                    format!(
                        "citation: unknown source `{bron}`{}",
                        did_you_mean(bron, ids.iter().copied())
                    ),
                )
                .at_pos(at.at(&path)),
            );
        }
    };
    for (i, b) in c.citations.iter().enumerate() {
        cite(format!("bronnen.{i}.bron"), &b.bron, &mut diags);
    }
    for (list, notes) in [("tips", &c.hints), ("buiten_beeld", &c.left_out)] {
        for (i, n) in notes.iter().enumerate() {
            cite(format!("{list}.{i}.bron"), &n.bron, &mut diags);
        }
    }
    for (name, field) in c.inputs.fields() {
        let path = format!("invoer.{name}");
        match (&field.bron, &field.sectie) {
            (Some(b), Some(_)) => cite(format!("{path}.bron"), b, &mut diags),
            (None, None) => {}
            _ => diags.push(
                Diagnostic::error(
                    file,
                    "missing-field",
                    format!("input `{name}` has only half a citation"),
                )
                .at_pos(at.key(&path))
                .with_hint("give both `bron` (the source id) and `sectie` (its chapter)"),
            ),
        }
    }
    let mut report = Report {
        file,
        at,
        diags: &mut diags,
    };
    let defaults = [
        ("horizon_jaren", 1.0, MAX_YEARS as f64),
        ("korting", 0.0, 1.0),
        ("uren_alleen", 0.0, MAX_HOURS as f64),
        ("uren_samen", 0.0, MAX_HOURS as f64),
    ];
    for (name, min, max) in defaults {
        let path = format!("invoer.{name}.standaard");
        if let Some(v) = c.inputs.default_number(name) {
            report.range(&path, v, min, max);
        }
    }
    let example = serde_yaml::to_value(&c.example.invoer).unwrap_or(Value::Null);
    match check_input(c, &example, at, "voorbeeld.invoer", file) {
        Ok(checked) => {
            if let Err(d) = belongs_to(&checked, c, at, "voorbeeld.invoer", file) {
                diags.push(d);
            }
        }
        Err(d) => diags.extend(d),
    }
    diags
}

impl Inputs {
    /// Every input with its name, in form order.
    pub fn fields(&self) -> [(&'static str, &Field); 13] {
        [
            ("titel", &self.titel),
            ("horizon_jaren", &self.horizon_jaren),
            ("externe_kosten", &self.externe_kosten),
            ("verdeelsleutel", &self.verdeelsleutel),
            ("korting", &self.korting),
            ("staffels", &self.staffels),
            ("scenario", &self.scenario),
            ("naam", &self.naam),
            ("gebruikers", &self.gebruikers),
            ("prijs_alleen", &self.prijs_alleen),
            ("uurtarief", &self.uurtarief),
            ("uren_alleen", &self.uren_alleen),
            ("uren_samen", &self.uren_samen),
        ]
    }

    fn field(&self, name: &str) -> Option<&Field> {
        self.fields()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f)
    }

    /// The numeric default of an input, if it has one.
    pub fn default_number(&self, name: &str) -> Option<f64> {
        self.field(name)?.standaard.as_ref()?.as_f64()
    }

    /// The word default of a choice input, if it has one.
    pub fn default_word(&self, name: &str) -> Option<&str> {
        self.field(name)?.standaard.as_ref()?.as_str()
    }
}

/// Problems of one input, each at its value.
struct Report<'a> {
    file: &'a Path,
    at: &'a Positions,
    diags: &'a mut Diagnostics,
}

impl Report<'_> {
    fn push(&mut self, path: &str, code: &'static str, message: String, hint: Option<&str>) {
        let mut d = Diagnostic::error(self.file, code, message).at_pos(self.at.at(path));
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.diags.push(d);
    }

    /// Reports `value` outside `min..=max`; true when it is inside.
    fn range(&mut self, path: &str, value: f64, min: f64, max: f64) -> bool {
        let name = path.rsplit('.').find(|p| p.parse::<usize>().is_err());
        let name = name.unwrap_or(path);
        let shown = crate::theme::format_number(value, ".");
        if value < 0.0 && min >= 0.0 {
            self.push(
                path,
                "out-of-range",
                format!("`{name}` is {shown}: it cannot be negative"),
                Some("write the amount without a minus sign, or 0"),
            );
            false
        } else if value < min || value > max {
            let hint = if name == "korting" && value > 1.0 && value <= 100.0 {
                Some("a discount is a fraction: for 10 % write `0.10`")
            } else {
                Some(
                    "the manual (De rekenhulp, Grenzen) lists the bounds of every input; they keep every sum exact",
                )
            };
            self.push(
                path,
                "out-of-range",
                format!(
                    "`{name}` is {shown}, outside {} to {}",
                    crate::theme::format_number(min, "."),
                    crate::theme::format_number(max, ".")
                ),
                hint,
            );
            false
        } else {
            true
        }
    }
}

/// A checked input and what the file says about itself.
#[derive(Debug, Clone)]
pub struct CheckedInput {
    /// The input for the engine.
    pub input: Input,
    /// The calculation's own title, if given.
    pub title: Option<String>,
    /// The calculator it names, if any.
    pub calculator: Option<String>,
    /// The calculator version it was saved with, if any.
    pub version: Option<String>,
}

/// Euros to cents, half up (the browser engine does the same operations).
pub fn cents(euros: f64) -> i64 {
    (euros * 100.0 + 0.5).floor() as i64
}

/// A discount fraction to hundredths of a percent, half up.
pub fn basis_points(fraction: f64) -> i64 {
    (fraction * 10_000.0 + 0.5).floor() as i64
}

/// A text as YAML gives it: numbers and true/false count as text too.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Checks `value` (at `prefix` in its file) against `calculator` and makes it an engine
/// input. Missing hours, key and scenario take the calculator's defaults.
pub fn check_input(
    calculator: &Calculator,
    value: &Value,
    at: &Positions,
    prefix: &str,
    file: &Path,
) -> Result<CheckedInput, Diagnostics> {
    let mut diags = Diagnostics::default();
    yaml::check_shape(value, &INPUT_SHAPE, prefix, at, file, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let Value::Mapping(m) = value else {
        return Err(diags);
    };
    let get = |k: &str| m.get(k);
    let p = |k: &str| join(prefix, k);
    let mut r = Report {
        file,
        at,
        diags: &mut diags,
    };
    let defaults = &calculator.inputs;
    let missing = |r: &mut Report, key: &str, hint: &str| {
        r.diags.push(
            Diagnostic::error(file, "missing-field", format!("missing field `{key}`"))
                .at_pos(Some(at.of_mapping(prefix)))
                .with_hint(hint),
        );
    };
    let years = get("horizon_jaren")
        .and_then(Value::as_i64)
        .or_else(|| defaults.default_number("horizon_jaren").map(|v| v as i64));
    let years = match years {
        Some(y) if r.range(&p("horizon_jaren"), y as f64, 1.0, MAX_YEARS as f64) => y,
        Some(_) => 0,
        None => {
            missing(
                &mut r,
                "horizon_jaren",
                "how many years the contract runs, such as `horizon_jaren: 3`",
            );
            0
        }
    };
    let external = get("externe_kosten").and_then(Value::as_f64).unwrap_or(0.0);
    r.range(&p("externe_kosten"), external, 0.0, MAX_EXTERNAL);
    let key = get("verdeelsleutel")
        .and_then(Value::as_str)
        .or_else(|| defaults.default_word("verdeelsleutel"));
    let key = match key {
        Some("gelijk") => Key::Gelijk,
        Some("naar_bruto_voordeel") => Key::NaarBrutoVoordeel,
        Some(_) => Key::NaarVolume,
        None => {
            missing(
                &mut r,
                "verdeelsleutel",
                "one of: gelijk, naar_volume, naar_bruto_voordeel",
            );
            Key::NaarVolume
        }
    };
    let pricing = pricing(defaults, m, prefix, &mut r);
    let participants = participants(defaults, m, prefix, &pricing, &mut r);
    let title = get("titel").and_then(text_of);
    if let Some(t) = &title
        && t.chars().count() > MAX_NAME
    {
        r.push(
            &p("titel"),
            "too-long",
            format!(
                "the title has {} characters, more than {MAX_NAME}",
                t.chars().count()
            ),
            None,
        );
    }
    let calculator_id = get("rekenhulp").and_then(text_of);
    let version = get("versie").and_then(text_of);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(CheckedInput {
        input: Input {
            years,
            external_costs: cents(external),
            key,
            pricing,
            participants,
        },
        title,
        calculator: calculator_id,
        version,
    })
}

/// The prices: a discount (simple mode) or staffels, never both.
fn pricing(defaults: &Inputs, m: &serde_yaml::Mapping, prefix: &str, r: &mut Report) -> Pricing {
    let p = |k: &str| join(prefix, k);
    let discount = m.get("korting").and_then(Value::as_f64);
    let tiers = m.get("staffels").and_then(Value::as_sequence);
    let scenario = m.get("scenario").and_then(Value::as_str);
    match (discount, tiers) {
        (Some(_), Some(_)) => {
            r.push(
                &p("staffels"),
                "invalid-value",
                "the input has both `korting` and `staffels`".into(),
                Some("keep `korting` for one discount on every own price, or `staffels` for prices by number of users"),
            );
            Pricing::Discount { basis_points: 0 }
        }
        (None, None) => {
            r.diags.push(
                Diagnostic::error(r.file, "missing-field", "missing field `korting` or `staffels`")
                    .at_pos(Some(r.at.of_mapping(prefix)))
                    .with_hint("write `korting: 0.10` for a discount of 10 % on every own price, or a list of `staffels`"),
            );
            Pricing::Discount { basis_points: 0 }
        }
        (Some(k), None) => {
            r.range(&p("korting"), k, 0.0, 1.0);
            if scenario.is_some() {
                r.push(
                    &p("scenario"),
                    "invalid-value",
                    "`scenario` only applies to `staffels`".into(),
                    Some("remove `scenario`, or give `staffels` instead of `korting`"),
                );
            }
            Pricing::Discount {
                basis_points: basis_points(k),
            }
        }
        (None, Some(items)) => {
            let tiers = staffels(items, &p("staffels"), r);
            let scenario = match scenario.or_else(|| defaults.default_word("scenario")) {
                Some("gunstig") => Scenario::Gunstig,
                Some(_) => Scenario::Voorzichtig,
                None => {
                    r.diags.push(
                        Diagnostic::error(r.file, "missing-field", "missing field `scenario`")
                            .at_pos(Some(r.at.of_mapping(prefix)))
                            .with_hint(
                                "with staffels, say `scenario: voorzichtig` or `scenario: gunstig`",
                            ),
                    );
                    Scenario::Voorzichtig
                }
            };
            Pricing::Tiers { tiers, scenario }
        }
    }
}

fn staffels(items: &[Value], path: &str, r: &mut Report) -> Vec<Tier> {
    if items.is_empty() || items.len() > MAX_TIERS {
        r.push(
            path,
            "invalid-value",
            format!("there are {} staffels; give 1 to {MAX_TIERS}", items.len()),
            None,
        );
        return Vec::new();
    }
    let mut tiers = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = join(path, i);
        let from = item.get("vanaf").and_then(Value::as_i64).unwrap_or(0);
        let price = item.get("prijs").and_then(Value::as_f64).unwrap_or(0.0);
        let max_users = MAX_USERS * MAX_PARTICIPANTS as i64;
        r.range(&join(&here, "vanaf"), from as f64, 0.0, max_users as f64);
        r.range(&join(&here, "prijs"), price, 0.0, MAX_PRICE);
        if i == 0 && from != 0 {
            r.push(
                &join(&here, "vanaf"),
                "invalid-value",
                format!("the first staffel starts at {from}, not at 0"),
                Some("start the first staffel at `vanaf: 0`, so every participant has a price"),
            );
        }
        if let Some(prev) = tiers.last().map(|t: &Tier| t.from)
            && from <= prev
        {
            r.push(
                &join(&here, "vanaf"),
                "invalid-value",
                format!(
                    "staffel {} starts at {from}, not above the one before ({prev})",
                    i + 1
                ),
                Some("list the staffels from few to many users"),
            );
        }
        tiers.push(Tier {
            from,
            price: cents(price),
        });
    }
    tiers
}

fn participants(
    defaults: &Inputs,
    m: &serde_yaml::Mapping,
    prefix: &str,
    pricing: &Pricing,
    r: &mut Report,
) -> Vec<Participant> {
    let path = join(prefix, "deelnemers");
    let items = m
        .get("deelnemers")
        .and_then(Value::as_sequence)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if items.len() < 2 || items.len() > MAX_PARTICIPANTS {
        r.push(
            &path,
            "invalid-value",
            format!(
                "there {} {} participant{}; a business case needs 2 to {MAX_PARTICIPANTS}",
                if items.len() == 1 { "is" } else { "are" },
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ),
            Some("buying together needs at least two participants: add the others under `deelnemers`"),
        );
        return Vec::new();
    }
    let simple = matches!(pricing, Pricing::Discount { .. });
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = join(&path, i);
        let f = |k: &str| join(&here, k);
        let name = item.get("naam").and_then(text_of).unwrap_or_default();
        if name.trim().is_empty() || name.chars().count() > MAX_NAME {
            r.push(
                &f("naam"),
                "invalid-value",
                format!(
                    "participant {} needs a name of 1 to {MAX_NAME} characters",
                    i + 1
                ),
                None,
            );
        }
        let users = item.get("gebruikers").and_then(Value::as_i64).unwrap_or(0);
        r.range(&f("gebruikers"), users as f64, 1.0, MAX_USERS as f64);
        let price = item.get("prijs_alleen").and_then(Value::as_f64);
        match (simple, price) {
            (true, Some(v)) => {
                r.range(&f("prijs_alleen"), v, 0.0, MAX_PRICE);
            }
            (true, None) => r.diags.push(
                Diagnostic::error(r.file, "missing-field", "missing field `prijs_alleen`")
                    .at_pos(Some(r.at.of_mapping(&here)))
                    .with_hint("with `korting`, every participant needs its own price per user per year"),
            ),
            (false, Some(_)) => r.push(
                &f("prijs_alleen"),
                "invalid-value",
                "`prijs_alleen` does not apply with staffels".into(),
                Some("with staffels, the price alone is the staffel the participant's own users reach: remove `prijs_alleen`"),
            ),
            (false, None) => {}
        }
        let rate = item.get("uurtarief").and_then(Value::as_f64).unwrap_or(0.0);
        r.range(&f("uurtarief"), rate, 0.0, MAX_RATE);
        // A default is checked where the calculator gives it, not again here.
        let mut hours = |key: &str| match item.get(key).and_then(Value::as_i64) {
            Some(h) => {
                r.range(&f(key), h as f64, 0.0, MAX_HOURS as f64);
                h
            }
            None => match defaults.default_number(key) {
                Some(d) => d as i64,
                None => {
                    r.diags.push(
                        Diagnostic::error(
                            r.file,
                            "missing-field",
                            format!("missing field `{key}`"),
                        )
                        .at_pos(Some(r.at.of_mapping(&here))),
                    );
                    0
                }
            },
        };
        let hours_alone = hours("uren_alleen");
        let hours_together = hours("uren_samen");
        out.push(Participant {
            name,
            users,
            price_alone: price.filter(|_| simple).map_or(0, cents),
            hourly_rate: cents(rate),
            hours_alone,
            hours_together,
        });
    }
    out
}

/// Reads an input file (YAML, or JSON for a `.json` file) for `calculator`. Problems
/// carry the file, line and column.
pub fn read_input(path: &Path, calculator: &Calculator) -> Result<CheckedInput, Diagnostics> {
    let text = crate::fsutil::read_text(path, crate::fsutil::MAX_TEXT_BYTES)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(path)))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (value, at) = if is_json {
        match serde_json::from_str::<serde_json::Value>(&text) {
            // JSON is YAML too: the same parser gives its positions.
            Ok(v) => (
                serde_yaml::to_value(&v).unwrap_or(Value::Null),
                yaml::index(&text, 1).unwrap_or_default(),
            ),
            Err(e) => {
                return Err(
                    Diagnostic::error(path, "invalid-json", format!("invalid JSON: {e}"))
                        .at(Some(e.line()), Some(e.column()))
                        .with_hint("check the commas, quotes and brackets around this place")
                        .into(),
                );
            }
        }
    } else {
        yaml::load(&text, 1, path, None)?
    };
    let checked = check_input(calculator, &value, &at, "", path)?;
    belongs_to(&checked, calculator, &at, "", path)?;
    Ok(checked)
}

/// The calculator and version an input names (`rekenhulp:`, `versie:`) must be this
/// calculator and a version it can read. `prefix` is where the input is in its file.
fn belongs_to(
    checked: &CheckedInput,
    calculator: &Calculator,
    at: &Positions,
    prefix: &str,
    path: &Path,
) -> Result<(), Diagnostic> {
    if let Some(other) = &checked.calculator
        && other != &calculator.id
    {
        return Err(Diagnostic::error(
            path,
            "wrong-calculator",
            format!(
                "this input is for calculator `{}`, not `{}`",
                printable(other, 60),
                calculator.id
            ),
        )
        .at_pos(at.at(&join(prefix, "rekenhulp"))));
    }
    if let Some(v) = &checked.version
        && !crate::checklist::can_read_version(v, &calculator.version)
    {
        return Err(Diagnostic::error(
            path,
            "wrong-version",
            format!(
                "this input was saved with version {} of calculator `{}`; this site has version {}, which cannot read it",
                printable(v, 20),
                calculator.id,
                calculator.version
            ),
        )
        .at_pos(at.at(&join(prefix, "versie"))));
    }
    Ok(())
}
