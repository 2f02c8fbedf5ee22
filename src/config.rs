//! The site configuration (`leidraad.yaml`): title, language, theme and the kinds of entries.
//!
//! Kinds are data, not code: a publisher adds a kind by adding a block here.

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::fsutil;
use crate::yaml::{self, Positions, Shape};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

pub use crate::files::CONFIG_FILE;

/// Front-matter keys every document may carry, whatever its kind.
pub const BUILTIN_KEYS: [&str; 7] = [
    "titel",
    "samenvatting",
    "bronnen",
    "volgorde",
    "bijgewerkt",
    "aliassen",
    "ook_gezocht_als",
];

/// Extra front-matter keys of free pages.
pub const PAGE_KEYS: [&str; 3] = ["menu", "template", "voettekst"];

/// Content folders that are not kinds.
pub const RESERVED_DIRS: [&str; 3] = ["data", "checklists", "static"];

/// The whole `leidraad.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in the header and the browser tab.
    pub title: String,
    /// One-sentence description for the home page and search engines.
    #[serde(default)]
    pub description: String,
    /// Public address of the site, such as `https://example.org/leidraad/`.
    pub base_url: String,
    /// Language code of the content and of the theme's strings.
    #[serde(default = "default_language")]
    pub language: String,
    /// Name of the theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The kinds of entries, in navigation order.
    pub kinds: Vec<KindConfig>,
    /// Readability warnings of `leidraad check`.
    #[serde(default)]
    pub leesbaarheid: Readability,
    /// The largest Markdown or YAML file under `content/`, in megabytes (default 2).
    #[serde(default)]
    pub max_file_mb: Option<f64>,
    /// The version of the guidance, shown in the footer and on the title page of the
    /// whole guide.
    #[serde(default)]
    pub versie: Option<String>,
    /// The document with the whole guide (`leidraad-compleet.html`).
    #[serde(default)]
    pub hele_leidraad: WholeGuide,
    /// Where readers send feedback: every page gets a `mailto:` line with its title.
    #[serde(default)]
    pub feedback_adres: Option<String>,
    /// The publisher's own look: see [`crate::house_style`].
    #[serde(default)]
    pub huisstijl: HouseStyle,
}

/// The `huisstijl` block: the publisher's name, logo, favicon, colours and stylesheet.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseStyle {
    /// The publisher's name (alternative text of the logo, `og:site_name` context).
    #[serde(default)]
    pub organisatie: Option<String>,
    /// A file of the site (under `static/` or `content/`).
    #[serde(default)]
    pub logo: Option<String>,
    /// A file of the site (under `static/` or `content/`).
    #[serde(default)]
    pub favicon: Option<String>,
    /// An extra stylesheet of the site, loaded after the theme's.
    #[serde(default)]
    pub stylesheet: Option<String>,
    /// Colours as `#rrggbb`.
    #[serde(default)]
    pub kleuren: Colours,
}

/// The house colours; each one optional, the theme's own where absent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Header background and buttons (light mode).
    #[serde(default)]
    pub primair: Option<String>,
    /// Links and controls (light mode).
    #[serde(default)]
    pub accent: Option<String>,
    /// Header background and buttons (dark mode).
    #[serde(default)]
    pub primair_donker: Option<String>,
    /// Links and controls (dark mode).
    #[serde(default)]
    pub accent_donker: Option<String>,
}

/// The `hele_leidraad` block: the reading order of the whole-guide document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WholeGuide {
    /// Page ids, kind ids and `checklist/<id>`, in reading order. Whatever is left out
    /// follows in the default order (home, menu pages, other pages, kinds, checklists),
    /// so nothing is dropped by accident.
    #[serde(default)]
    pub volgorde: Vec<String>,
}

/// The `leesbaarheid` block: what `leidraad check` warns about in running text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readability {
    /// A sentence with more words than this gets a warning; 0 turns the check off.
    #[serde(default = "default_sentence_words")]
    pub max_zinslengte: usize,
    /// Name of a data file (`content/data/<name>.yaml`) mapping difficult words to
    /// plainer ones.
    #[serde(default)]
    pub woordenlijst: Option<String>,
}

impl Default for Readability {
    fn default() -> Self {
        Readability {
            max_zinslengte: default_sentence_words(),
            woordenlijst: None,
        }
    }
}

fn default_sentence_words() -> usize {
    25
}

fn default_language() -> String {
    "nl".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

/// One kind of entry, such as barriers or recommendations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindConfig {
    /// Identifier used in relations (`targets`).
    pub id: String,
    /// Display name of one entry.
    pub singular: String,
    /// Display name of the collection.
    pub plural: String,
    /// Content folder under `content/` and URL segment in the output.
    pub path: String,
    /// Theme template for an entry page.
    #[serde(default = "default_entry_template")]
    pub template: String,
    /// Theme template for the listing page.
    #[serde(default = "default_list_template")]
    pub list_template: String,
    /// Introduction shown on the listing page.
    #[serde(default)]
    pub intro: String,
    /// Field whose value groups the listing page.
    #[serde(default)]
    pub group_by: Option<String>,
    /// Field (or `title`) that orders entries in listings.
    #[serde(default)]
    pub order_by: Option<String>,
    /// Whether entries must cite a source.
    #[serde(default)]
    pub citations: CitationRule,
    /// Extra front-matter fields, in display order.
    #[serde(default)]
    pub fields: IndexMap<String, FieldSpec>,
    /// Typed links to entries of other kinds.
    #[serde(default)]
    pub relations: Vec<RelationSpec>,
}

fn default_entry_template() -> String {
    "entry.html".to_string()
}

fn default_list_template() -> String {
    "list.html".to_string()
}

/// Whether a kind's entries must carry `bronnen`, and whether they are the sources.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationRule {
    /// Every entry cites at least one source.
    #[default]
    Required,
    /// Citations may be given.
    Optional,
    /// The entries are the sources that others cite; they may cite others themselves.
    Source,
}

/// Declaration of one extra front-matter field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The value's type.
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Must every entry set it?
    #[serde(default)]
    pub required: bool,
    /// Label shown on the page; the field name if absent.
    #[serde(default)]
    pub label: Option<String>,
    /// Allowed values (strings only).
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// Keep it off the page's details list (it is still available to templates).
    #[serde(default)]
    pub hidden: bool,
}

/// The type of a front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// One line of text.
    String,
    /// Markdown, rendered like the body.
    Markdown,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of short texts.
    List,
    /// Any YAML value, passed to templates as it is.
    Any,
    /// A filled-in checklist: `checklist`, `innovatie` and `antwoorden` (question: option).
    Assessment,
    /// The file name of a source's plain text, for `check --source-texts`; never shown.
    #[serde(rename = "source_text")]
    SourceText,
}

impl FieldType {
    /// How the type is named in messages to authors.
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::String => "a text",
            FieldType::Markdown => "a (Markdown) text",
            FieldType::Integer => "a whole number",
            FieldType::Number => "a number",
            FieldType::Boolean => "true or false",
            FieldType::List => "a list of texts",
            FieldType::Any => "any value",
            FieldType::SourceText => "a file name (like `rapport.txt`, no folders)",
            FieldType::Assessment => {
                "a filled-in checklist (`checklist:`, `innovatie:` and `antwoorden:` with question: option lines)"
            }
        }
    }
}

/// A typed relation from entries of one kind to entries of other kinds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationSpec {
    /// Front-matter key, such as `leidt_tot`.
    pub name: String,
    /// Heading on the source entry's page.
    pub label: String,
    /// Heading on the target entry's page, above the backlinks.
    pub backlink_label: String,
    /// Kind ids the relation may point to.
    pub targets: Vec<String>,
    /// Must every entry have at least one?
    #[serde(default)]
    pub required: bool,
}

impl SiteConfig {
    /// What classifying a path of the site needs.
    pub fn layout(&self) -> crate::files::Layout {
        crate::files::Layout {
            kind_paths: self.kinds.iter().map(|k| k.path.clone()).collect(),
            theme: self.theme.clone(),
        }
    }

    /// Whether entries of the kind at index `k` can be cited as a source (`bron:`): the
    /// kinds with `citations: source`. A configuration without one keeps the rule of
    /// before: kinds with `citations: optional` are sources, if some kind requires
    /// citations (a site where nothing needs a source has no sources).
    pub fn is_source_kind(&self, k: usize) -> bool {
        let rule = |c: CitationRule| self.kinds.iter().any(|kind| kind.citations == c);
        match self.kinds[k].citations {
            CitationRule::Source => true,
            CitationRule::Optional => !rule(CitationRule::Source) && rule(CitationRule::Required),
            CitationRule::Required => false,
        }
    }

    /// Index of the kind with this id.
    pub fn kind_index(&self, id: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.id == id)
    }

    /// The largest text file read from `content/`, in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mb
            .filter(|mb| mb.is_finite() && *mb > 0.0)
            .map_or(crate::fsutil::MAX_TEXT_BYTES, |mb| {
                (mb * 1024.0 * 1024.0) as u64
            })
    }

    /// The path part of `base_url` (`/leidraad/` for `https://example.org/leidraad/`).
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url_slash(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

impl KindConfig {
    /// The label of a field: its declared label or its name.
    pub fn field_label<'a>(&'a self, name: &'a str) -> &'a str {
        self.fields
            .get(name)
            .and_then(|f| f.label.as_deref())
            .unwrap_or(name)
    }
}

/// The structure of `leidraad.yaml`, checked before it becomes a [`SiteConfig`] so that
/// every problem is reported at its value.
const CONFIG_SHAPE: Shape = Shape::Map(&[
    ("title", Shape::Text, true),
    ("description", Shape::Text, false),
    ("base_url", Shape::Text, true),
    ("language", Shape::Text, false),
    ("theme", Shape::Text, false),
    ("kinds", Shape::List(&KIND_SHAPE), true),
    (
        "leesbaarheid",
        Shape::Map(&[
            ("max_zinslengte", Shape::Integer, false),
            ("woordenlijst", Shape::Text, false),
        ]),
        false,
    ),
    ("max_file_mb", Shape::Number, false),
    ("versie", Shape::Text, false),
    ("feedback_adres", Shape::Text, false),
    (
        "huisstijl",
        Shape::Map(&[
            ("organisatie", Shape::Text, false),
            ("logo", Shape::Text, false),
            ("favicon", Shape::Text, false),
            ("stylesheet", Shape::Text, false),
            (
                "kleuren",
                Shape::Map(&[
                    ("primair", Shape::Text, false),
                    ("accent", Shape::Text, false),
                    ("primair_donker", Shape::Text, false),
                    ("accent_donker", Shape::Text, false),
                ]),
                false,
            ),
        ]),
        false,
    ),
    (
        "hele_leidraad",
        Shape::Map(&[("volgorde", Shape::List(&Shape::Text), false)]),
        false,
    ),
]);

const KIND_SHAPE: Shape = Shape::Map(&[
    ("id", Shape::Text, true),
    ("singular", Shape::Text, true),
    ("plural", Shape::Text, true),
    ("path", Shape::Text, true),
    ("template", Shape::Text, false),
    ("list_template", Shape::Text, false),
    ("intro", Shape::Text, false),
    ("group_by", Shape::Text, false),
    ("order_by", Shape::Text, false),
    (
        "citations",
        Shape::Word(&["required", "optional", "source"]),
        false,
    ),
    ("fields", Shape::Names(&FIELD_SHAPE), false),
    ("relations", Shape::List(&RELATION_SHAPE), false),
]);

const FIELD_SHAPE: Shape = Shape::Map(&[
    (
        "type",
        Shape::Word(&[
            "string",
            "markdown",
            "integer",
            "number",
            "boolean",
            "list",
            "any",
            "assessment",
            "source_text",
        ]),
        true,
    ),
    ("required", Shape::Bool, false),
    ("label", Shape::Text, false),
    ("values", Shape::List(&Shape::Text), false),
    ("hidden", Shape::Bool, false),
]);

const RELATION_SHAPE: Shape = Shape::Map(&[
    ("name", Shape::Text, true),
    ("label", Shape::Text, true),
    ("backlink_label", Shape::Text, true),
    ("targets", Shape::List(&Shape::Text), true),
    ("required", Shape::Bool, false),
]);

/// `leidraad.yaml`, read and checked: the configuration, its text and where each of its
/// keys and values is.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The configuration.
    pub config: SiteConfig,
    /// The file's text.
    pub text: String,
    /// Where each key and value is, for messages.
    pub positions: Positions,
}

/// Reads and checks `leidraad.yaml` under `root`. On failure every problem is returned.
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let mut diags = Diagnostics::default();
    let text = match fsutil::read_text(&path, fsutil::MAX_TEXT_BYTES) {
        Ok(t) => t,
        Err(e) if path.exists() => return Err(e.into_diagnostic(CONFIG_FILE).into()),
        Err(_) => {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    "config-missing",
                    // The folder the author is in needs no name; another one does.
                    match std::env::current_dir() {
                        Ok(here) if here == root || root == Path::new(".") => {
                            format!("there is no {CONFIG_FILE} in this folder")
                        }
                        _ => format!("there is no {CONFIG_FILE} in {}", root.display()),
                    },
                )
                .with_hint("run leidraad in the site's folder (the one with leidraad.yaml), or create a new site with `leidraad init DIR`"),
            );
            return Err(diags);
        }
    };
    let (value, positions) = yaml::load(&text, 1, Path::new(CONFIG_FILE), Some(&CONFIG_SHAPE))?;
    let config: SiteConfig = serde_yaml::from_value(value).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            CONFIG_FILE,
            "invalid-config",
            format!("the configuration cannot be used: {e}"),
        ))
    })?;
    validate(&config, &positions, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(Loaded {
            config,
            text,
            positions,
        })
    }
}

use crate::files::is_valid_id as is_slug;

/// Whether `s` is a plain e-mail address (`naam@domein.nl`): one `@`, a name without
/// spaces or separators, and a domain of at least two parts. Enough to catch a web
/// address or a name where the address belongs; not a full RFC 5322 check.
pub fn is_email(s: &str) -> bool {
    let Some((name, domain)) = s.split_once('@') else {
        return false;
    };
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    name_ok && domain_ok
}

/// Checks what the structure cannot: unique ids, known target kinds, known field names.
fn validate(config: &SiteConfig, at: &Positions, diags: &mut Diagnostics) {
    if !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://") {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                "invalid-config",
                format!(
                    "`base_url` must be a full address starting with https://, found `{}`",
                    config.base_url
                ),
            )
            .at_pos(at.at("base_url"))
            .with_hint(format!(
                "write the whole address, like `base_url: \"https://{}\"`",
                config.base_url.trim_start_matches('/')
            )),
        );
    }
    if let Some(address) = &config.feedback_adres
        && !is_email(address)
    {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                "invalid-config",
                format!(
                    "`feedback_adres` must be an e-mail address, found `{}`: every page would get a mail link that does not work",
                    crate::diagnostic::printable(address, 80)
                ),
            )
            .at_pos(at.at("feedback_adres"))
            .with_hint("write only the e-mail address, like `feedback_adres: \"leidraad@uw-organisatie.nl\"`; a contact page can be linked in the text of a page"),
        );
    }
    // Problems are about a value, except where `key` says the key itself.
    let mut err = |path: &str, code: &'static str, msg: String| {
        let key = path.strip_prefix("key:");
        let pos = match key {
            Some(path) => at.key(path),
            None => at.at(path),
        };
        diags.push(Diagnostic::error(CONFIG_FILE, code, msg).at_pos(pos));
    };
    let kind_ids: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
    for (i, kind) in config.kinds.iter().enumerate() {
        let here = |part: &str| format!("kinds.{i}.{part}");
        if kind_ids[..i].contains(&kind.id.as_str()) {
            err(
                &here("id"),
                "duplicate-id",
                format!("kind `{}` is declared twice", kind.id),
            );
        }
        if !is_slug(&kind.id) {
            err(
                &here("id"),
                "invalid-config",
                format!("kind id `{}` may only contain a-z, 0-9, - and _", kind.id),
            );
        }
        if !is_slug(&kind.path) || RESERVED_DIRS.contains(&kind.path.as_str()) {
            err(
                &here("path"),
                "invalid-config",
                format!(
                    "kind `{}` has path `{}`: a path may only contain a-z, 0-9, - and _, and may not be one of {}",
                    kind.id,
                    kind.path,
                    RESERVED_DIRS.join(", ")
                ),
            );
        }
        if config.kinds[..i].iter().any(|k| k.path == kind.path) {
            err(
                &here("path"),
                "duplicate-id",
                format!("two kinds use the path `{}`", kind.path),
            );
        }
        for name in kind.fields.keys() {
            if BUILTIN_KEYS.contains(&name.as_str()) {
                err(
                    &format!("key:{}", here(&format!("fields.{name}"))),
                    "invalid-config",
                    format!(
                        "kind `{}` declares field `{name}`, which every entry already has",
                        kind.id
                    ),
                );
            }
        }
        let field_names: Vec<&str> = kind.fields.keys().map(String::as_str).collect();
        for (key, value) in [("group_by", &kind.group_by), ("order_by", &kind.order_by)] {
            if let Some(field) = value
                && field != "title"
                && !kind.fields.contains_key(field)
            {
                err(
                    &here(key),
                    "unknown-field",
                    format!(
                        "kind `{}`: `{key}` names field `{field}`, which the kind does not declare{}",
                        kind.id,
                        did_you_mean(field, field_names.iter().copied().chain(["title"]))
                    ),
                );
            }
        }
        for (ri, rel) in kind.relations.iter().enumerate() {
            if kind.fields.contains_key(&rel.name)
                || BUILTIN_KEYS.contains(&rel.name.as_str())
                || kind.relations[..ri].iter().any(|r| r.name == rel.name)
            {
                err(
                    &here(&format!("relations.{ri}.name")),
                    "duplicate-id",
                    format!(
                        "kind `{}`: relation name `{}` is already used by a field or another relation",
                        kind.id, rel.name
                    ),
                );
            }
            for (ti, target) in rel.targets.iter().enumerate() {
                if !kind_ids.contains(&target.as_str()) {
                    err(
                        &here(&format!("relations.{ri}.targets.{ti}")),
                        "unknown-kind",
                        format!(
                            "relation `{}` of kind `{}` points to unknown kind `{target}`{}",
                            rel.name,
                            kind.id,
                            did_you_mean(target, kind_ids.iter().copied())
                        ),
                    );
                }
            }
        }
    }
    if config.kinds.is_empty() {
        err(
            "kinds",
            "invalid-config",
            "the configuration declares no kinds".to_string(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_sub_path_site() {
        let mut c: SiteConfig =
            serde_yaml::from_str("title: t\nbase_url: https://example.org/leidraad\nkinds: []\n")
                .unwrap();
        assert_eq!(c.base_path(), "/leidraad/");
        c.base_url = "https://example.org".into();
        assert_eq!(c.base_path(), "/");
        assert_eq!(c.base_url_slash(), "https://example.org/");
    }

    #[test]
    fn every_problem_of_the_configuration_is_at_its_value() {
        let text = "title: t\nbase_url: example.org\nkinds:\n  - id: a\n    singular: A\n    plural: As\n    path: a\n    relations:\n      - { name: r, label: R, backlink_label: B, targets: [b, a, c] }\n";
        let (value, positions) =
            yaml::load(text, 1, Path::new(CONFIG_FILE), Some(&CONFIG_SHAPE)).unwrap();
        let config: SiteConfig = serde_yaml::from_value(value).unwrap();
        let mut diags = Diagnostics::default();
        validate(&config, &positions, &mut diags);
        let places: Vec<(Option<usize>, Option<usize>)> =
            diags.items().iter().map(|d| (d.line, d.column)).collect();
        // base_url's value, then each unknown target at its own place.
        assert_eq!(
            places,
            [
                (Some(2), Some(11)),
                (Some(9), Some(59)),
                (Some(9), Some(65))
            ]
        );
    }
}
