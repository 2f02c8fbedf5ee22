//! The site configuration (`leidraad.yaml`): title, language, theme and the kinds of entries.
//!
//! Kinds are data, not code: a publisher adds a kind by adding a block here.

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, find_key, find_word_from};
use crate::fsutil;
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

pub use crate::files::CONFIG_FILE;

/// Front-matter keys every document may carry, whatever its kind.
pub const BUILTIN_KEYS: [&str; 4] = ["titel", "samenvatting", "bronnen", "volgorde"];

/// Extra front-matter keys of free pages.
pub const PAGE_KEYS: [&str; 2] = ["menu", "template"];

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

/// Whether a kind's entries must carry `bronnen`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationRule {
    /// Every entry cites at least one source.
    #[default]
    Required,
    /// Citations may be given.
    Optional,
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

/// Reads and checks `leidraad.yaml` under `root`. On failure every problem is returned.
pub fn load(root: &Path) -> Result<(SiteConfig, String), Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let mut diags = Diagnostics::default();
    let text = match fsutil::read_text(&path, fsutil::MAX_TEXT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            let hint = if path.exists() {
                String::new()
            } else {
                format!(
                    "; is {} the site's folder? (`leidraad init DIR` creates a new site)",
                    root.display()
                )
            };
            diags.push(Diagnostic::error(
                CONFIG_FILE,
                "config-missing",
                format!("cannot read the site configuration: {e}{hint}"),
            ));
            return Err(diags);
        }
    };
    let config: SiteConfig = match serde_yaml::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            diags.push(yaml_error(CONFIG_FILE, &e, 0));
            return Err(diags);
        }
    };
    validate(&config, &text, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((config, text))
    }
}

use crate::files::is_valid_id as is_slug;

/// Checks what serde cannot: unique ids, known target kinds, known field names.
fn validate(config: &SiteConfig, text: &str, diags: &mut Diagnostics) {
    let mut err = |needle: &str, from: usize, code: &'static str, msg: String| {
        diags.push(
            Diagnostic::error(CONFIG_FILE, code, msg).at_pos(find_word_from(text, needle, from)),
        );
    };
    if !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://") {
        err(
            "base_url",
            1,
            "invalid-config",
            format!(
                "`base_url` must be a full address starting with https://, found `{}`",
                config.base_url
            ),
        );
    }
    let kind_ids: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
    for (i, kind) in config.kinds.iter().enumerate() {
        let kind_line = find_word_from(text, &kind.id, 1).map_or(1, |p| p.0);
        if kind_ids[..i].contains(&kind.id.as_str()) {
            err(
                &kind.id,
                kind_line + 1,
                "duplicate-id",
                format!("kind `{}` is declared twice", kind.id),
            );
        }
        if !is_slug(&kind.id) {
            err(
                &kind.id,
                kind_line,
                "invalid-config",
                format!("kind id `{}` may only contain a-z, 0-9, - and _", kind.id),
            );
        }
        if !is_slug(&kind.path) || RESERVED_DIRS.contains(&kind.path.as_str()) {
            err(
                &kind.path,
                kind_line,
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
                &kind.path,
                kind_line,
                "duplicate-id",
                format!("two kinds use the path `{}`", kind.path),
            );
        }
        for name in kind.fields.keys() {
            if BUILTIN_KEYS.contains(&name.as_str()) {
                err(
                    name,
                    kind_line,
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
                    field,
                    kind_line,
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
                    &rel.name,
                    kind_line,
                    "duplicate-id",
                    format!(
                        "kind `{}`: relation name `{}` is already used by a field or another relation",
                        kind.id, rel.name
                    ),
                );
            }
            for target in &rel.targets {
                if !kind_ids.contains(&target.as_str()) {
                    err(
                        target,
                        kind_line,
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
    if find_key(text, "kinds").is_none() || config.kinds.is_empty() {
        err(
            "kinds",
            1,
            "invalid-config",
            "the configuration declares no kinds".to_string(),
        );
    }
}

/// Turns a YAML error into a diagnostic at its position. `line_offset` is added to the
/// line (front matter starts after the opening `---`). Unknown-field messages get a
/// "did you mean" from serde's list of expected fields.
pub fn yaml_error(
    file: impl Into<std::path::PathBuf>,
    e: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let mut msg = e.to_string();
    // serde_yaml appends " at line N column M"; the position is printed separately.
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    let code = if msg.contains("unknown field") {
        if let Some(better) = improve_unknown_field(&msg) {
            msg = better;
        }
        "unknown-field"
    } else if msg.contains("missing field") {
        "missing-field"
    } else if msg.contains("invalid type") || msg.contains("unknown variant") {
        "wrong-type"
    } else {
        msg = format!("invalid YAML: {msg} (check quotes, brackets, colons and indentation)");
        "yaml-syntax"
    };
    let d = Diagnostic::error(file, code, msg);
    match e.location() {
        Some(loc) => d.at(Some(loc.line() + line_offset), Some(loc.column())),
        None => d,
    }
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" as
/// "unknown field `x`; did you mean `a`?" keeping the list when nothing is close.
fn improve_unknown_field(msg: &str) -> Option<String> {
    let start = msg.find("unknown field `")? + "unknown field `".len();
    let end = start + msg[start..].find('`')?;
    let field = &msg[start..end];
    let expected: Vec<&str> = msg[end..].split('`').skip(2).step_by(2).collect();
    let prefix = &msg[..start - "unknown field `".len()];
    let hint = did_you_mean(field, expected.iter().copied());
    Some(if hint.is_empty() {
        format!(
            "{prefix}unknown field `{field}`; allowed: {}",
            expected.join(", ")
        )
    } else {
        format!("{prefix}unknown field `{field}`{hint}")
    })
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
    fn unknown_field_message_suggests() {
        let m = improve_unknown_field(
            "kinds[0]: unknown field `tempate`, expected one of `id`, `template`, `path`",
        )
        .unwrap();
        assert_eq!(
            m,
            "kinds[0]: unknown field `tempate`; did you mean `template`?"
        );
    }
}
