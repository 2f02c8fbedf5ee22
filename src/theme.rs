//! The theme: Tera templates, translations and static files.
//!
//! The default theme is compiled into the binary, so a site needs no theme files of its
//! own; a site overrides single files by putting them under `themes/<name>/` with the
//! same relative path (`templates/entry.html`, `static/style.css`, `i18n.yaml`).

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tera::Tera;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// The files of the default theme, by path relative to the theme folder.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "i18n.yaml",
    "static/assess.js",
    "static/business-case.js",
    "static/checklist.js",
    "static/dutch.js",
    "static/favicon.svg",
    "static/rekenhulp.js",
    "static/search.js",
    "static/style.css",
    "templates/404.html",
    "templates/base.html",
    "templates/changes.html",
    "templates/changes.xml",
    "templates/checklist.html",
    "templates/entry.html",
    "templates/factor.html",
    "templates/glossary.html",
    "templates/index.html",
    "templates/list.html",
    "templates/page.html",
    "templates/partials/assessment.html",
    "templates/partials/breadcrumbs.html",
    "templates/partials/citations.html",
    "templates/partials/footer.html",
    "templates/partials/head.html",
    "templates/partials/header.html",
    "templates/partials/relations.html",
    "templates/redirect.html",
    "templates/rekenhulp.html",
    "templates/search.html",
    "templates/sitemap.xml",
    "templates/source.html",
    "templates/sources.html",
    "templates/whole-guide.css",
    "templates/whole-guide.html",
];

/// One theme file and where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Where an author finds it: the site's override or the default theme.
    pub origin: PathBuf,
}

/// A loaded theme, ready to render.
pub struct Theme {
    /// The compiled templates.
    pub tera: Tera,
    /// The UI strings for the site's language.
    pub strings: serde_json::Value,
    /// Files to copy to `static/` in the output, by path below `static/`.
    pub static_files: BTreeMap<String, ThemeFile>,
    /// For each template name, the file it came from (for messages).
    pub template_origin: BTreeMap<String, PathBuf>,
    /// For each template name, its source text.
    pub template_sources: BTreeMap<String, String>,
    /// For each template name, itself and every template it extends, includes or
    /// imports, directly or not.
    closures: BTreeMap<String, Vec<String>>,
}

impl Theme {
    /// The templates rendering `name` uses: itself and all it extends, includes or
    /// imports.
    pub fn closure(&self, name: &str) -> Vec<String> {
        self.closures
            .get(name)
            .cloned()
            .unwrap_or_else(|| vec![name.to_string()])
    }

    /// Where a template came from, for messages.
    pub fn origin(&self, template: &str) -> PathBuf {
        self.template_origin
            .get(template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("themes/default/templates/{template}")))
    }
}

/// Collects the default theme's files, overlaid with the site's own theme folder.
pub fn files(root: &Path, config: &SiteConfig) -> Result<BTreeMap<String, ThemeFile>, Diagnostic> {
    let mut files: BTreeMap<String, ThemeFile> = DEFAULT_THEME
        .iter()
        .map(|(path, bytes)| {
            (
                path.to_string(),
                ThemeFile {
                    bytes: bytes.to_vec(),
                    origin: PathBuf::from("themes/default").join(path),
                },
            )
        })
        .collect();
    let dir = root.join("themes").join(&config.theme);
    if !dir.is_dir() {
        if config.theme == "default" {
            return Ok(files);
        }
        let available: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        return Err(Diagnostic::error(
            crate::config::CONFIG_FILE,
            "unknown-theme",
            format!(
                "theme `{}` not found: there is no folder themes/{}/{}",
                config.theme,
                config.theme,
                did_you_mean(
                    &config.theme,
                    available.iter().map(String::as_str).chain(["default"])
                )
            ),
        ));
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        if crate::files::has_ignored_component(rel) {
            continue;
        }
        let key = rel.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(entry.path(), "io", format!("cannot read theme file: {e}"))
        })?;
        files.insert(
            key,
            ThemeFile {
                bytes,
                origin: Path::new("themes").join(&config.theme).join(rel),
            },
        );
    }
    Ok(files)
}

/// Loads templates and strings. Template syntax errors are reported with file and line.
pub fn load(
    root: &Path,
    config: &SiteConfig,
    config_positions: &crate::yaml::Positions,
) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    let files = files(root, config)
        .map_err(|d| Diagnostics::from(d.at_pos(config_positions.at("theme"))))?;
    let mut tera = Tera::new();
    let mut template_origin = BTreeMap::new();
    let mut sources = Vec::new();
    let mut static_files = BTreeMap::new();
    let mut strings = serde_json::Value::Null;
    for (path, file) in &files {
        if let Some(name) = path.strip_prefix("templates/") {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => {
                    template_origin.insert(name.to_string(), file.origin.clone());
                    sources.push((name.to_string(), text.to_string()));
                }
                Err(_) => diags.push(Diagnostic::error(
                    &file.origin,
                    "template",
                    "template is not valid UTF-8 text",
                )),
            }
        } else if let Some(rest) = path.strip_prefix("static/") {
            let bytes = crate::strip_comments::strip(rest, &file.bytes);
            let origin = file.origin.clone();
            static_files.insert(rest.to_string(), ThemeFile { bytes, origin });
        } else if path == "i18n.yaml" {
            match load_strings(file, &config.language, config_positions) {
                Ok(s) => strings = s,
                Err(d) => diags.push(d),
            }
        }
    }
    let decimal = strings
        .get("decimal_separator")
        .and_then(|v| v.as_str())
        .unwrap_or(".")
        .to_string();
    tera.register_filter("num", move |x: f64, _: tera::Kwargs, _: &tera::State| {
        format_number(x, &decimal)
    });
    tera.register_filter(
        "urlencode_strict",
        |x: &str, _: tera::Kwargs, _: &tera::State| urlencode_strict(x),
    );
    if let Err(e) = tera.add_raw_templates(sources.clone()) {
        let mut d = tera_error(&e, |name| {
            template_origin
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name))
        });
        if let Some((message, hint)) = unknown_tag(&e, &sources) {
            d.message = message;
            d.hint = Some(hint.into_boxed_str());
        }
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let scripts = ["checklist.js", "assess.js"].map(|name| {
        static_files.get(name).map_or(String::new(), |f| {
            String::from_utf8_lossy(&f.bytes).into_owned()
        })
    });
    let used = script_strings(&strings, &scripts);
    if let Some(map) = strings.as_object_mut() {
        map.insert(SCRIPT_STRINGS.into(), used);
    }
    let template_sources: BTreeMap<String, String> = sources.into_iter().collect();
    let closures = template_sources
        .keys()
        .map(|name| (name.clone(), closure_of(name, &template_sources)))
        .collect();
    Ok(Theme {
        tera,
        strings,
        static_files,
        template_origin,
        template_sources,
        closures,
    })
}

/// The key of [`Theme::strings`] that holds the strings the checklist page's scripts
/// use ([`script_strings`]): the page embeds those, not all of them (page weight).
pub const SCRIPT_STRINGS: &str = "checklist_script_strings";

/// The strings `scripts` may ask for: every key written in quotes in them, and every
/// key that goes on from a quoted beginning (`'level_' + level`, `p[0] + '_one'`).
fn script_strings(strings: &serde_json::Value, scripts: &[String]) -> serde_json::Value {
    let Some(all) = strings.as_object() else {
        return serde_json::Value::Null;
    };
    let mut quoted: BTreeSet<&str> = BTreeSet::new();
    let key_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
    for script in scripts {
        // Every `'run'` of key letters between two quotes; a superset is harmless.
        let bytes = script.as_bytes();
        for (i, _) in script.match_indices('\'') {
            let run = bytes[i + 1..].iter().take_while(|&&b| key_byte(b)).count();
            if run > 0 && bytes.get(i + 1 + run) == Some(&b'\'') {
                quoted.insert(&script[i + 1..i + 1 + run]);
            }
        }
    }
    let wanted = |key: &str| {
        quoted.contains(key)
            || quoted.iter().any(|q| {
                q.len() >= 3
                    && key
                        .strip_prefix(q)
                        .is_some_and(|rest| q.ends_with('_') || rest.starts_with('_'))
            })
    };
    all.iter()
        .filter(|(k, _)| wanted(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Templates named in `{% extends %}`, `{% include %}` and `{% import %}` tags.
fn referenced_templates(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        let Some(len) = rest[start..].find("%}") else {
            break;
        };
        let tag =
            rest[start + 2..start + len].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if ["extends", "include", "import"]
            .iter()
            .any(|k| tag.starts_with(k))
        {
            for (i, part) in tag.split(['"', '\'']).enumerate() {
                if i % 2 == 1 {
                    out.push(part.to_string());
                }
            }
        }
        rest = &rest[start + len + 2..];
    }
    out
}

/// `name` and every template it uses, transitively, sorted.
fn closure_of(name: &str, sources: &BTreeMap<String, String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::from([name.to_string()]);
    let mut todo = vec![name.to_string()];
    while let Some(t) = todo.pop() {
        for r in sources
            .get(&t)
            .map(|s| referenced_templates(s))
            .unwrap_or_default()
        {
            if seen.insert(r.clone()) {
                todo.push(r);
            }
        }
    }
    seen.into_iter().collect()
}

/// A number as people read it: at most two decimals, no trailing zeros, with the
/// language's decimal separator (`0,25`, `3`, `62,5`).
pub fn format_number(x: f64, decimal_separator: &str) -> String {
    let text = format!("{:.2}", (x * 100.0).round() / 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let text = if text == "-0" { "0" } else { text };
    text.replace('.', decimal_separator)
}

/// Percent-encodes every byte that is not an ASCII letter or digit, for a value inside a
/// URL (`mailto:` subjects and bodies); the name and behaviour of Tera 1's filter.
pub fn urlencode_strict(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn load_strings(
    file: &ThemeFile,
    language: &str,
    config_positions: &crate::yaml::Positions,
) -> Result<serde_json::Value, Diagnostic> {
    let text = String::from_utf8_lossy(&file.bytes);
    let first = |mut d: Diagnostics| {
        d.sort();
        d.items().first().cloned().unwrap_or_else(|| {
            Diagnostic::error(&file.origin, "yaml-syntax", "the strings cannot be read")
        })
    };
    let value = crate::yaml::load(&text, 1, &file.origin, None)
        .map(|(v, _)| v)
        .map_err(first)?;
    let all: BTreeMap<String, BTreeMap<String, String>> =
        serde_yaml::from_value(value).map_err(|e| {
            Diagnostic::error(
                &file.origin,
                "wrong-type",
                format!("every string must be `key: \"text\"` under a language: {e}"),
            )
        })?;
    match all.get(language) {
        Some(strings) => Ok(serde_json::to_value(strings).unwrap_or_default()),
        // The author chose the language in leidraad.yaml; that is where to point.
        None => {
            let known: Vec<&str> = all.keys().map(String::as_str).collect();
            Err(Diagnostic::error(
                crate::config::CONFIG_FILE,
                "unknown-language",
                format!(
                    "the theme has no texts in language `{language}`{}",
                    did_you_mean(language, known.iter().copied())
                ),
            )
            .at_pos(config_positions.at("language"))
            .with_hint(format!(
                "the theme speaks: {}. To publish in `{language}`, run `leidraad theme export` (it writes themes/default/i18n.yaml, with the other theme files: delete those you do not change), then add a `{language}:` block with the same keys as the `nl:` block",
                known.join(", ")
            )))
        }
    }
}

/// A built-in template that shows a key a data file does not have
/// (`data.organisatie.naam`, and no `naam:` in `content/data/organisatie.yaml`): the
/// problem is the data file's, whose author does not have the template. `None` for any
/// other error, and for a template of the site's own (at `root`), where the template's
/// error with its list of the fields there is the better message.
pub fn missing_data_key(theme: &Theme, root: &Path, e: &tera::Error) -> Option<Diagnostic> {
    let tera::ErrorKind::RenderingError(report) = e.kind() else {
        return None;
    };
    if root.join(theme.origin(report.filename())).is_file() {
        return None;
    }
    let key = report
        .message()
        .strip_prefix("Field `")?
        .split('`')
        .next()?;
    let span = report.span();
    let source = theme.template_sources.get(report.filename())?;
    let line = source.lines().nth(span.start_line.checked_sub(1)?)?;
    // The expression up to the missing key: `data.organisatie.` or `data.x.adres.`.
    let before = line.get(..span.start_col)?;
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let inner = before[start..].strip_prefix("data.")?.strip_suffix('.')?;
    let (file, within) = match inner.split_once('.') {
        Some((file, within)) => (file, format!("{within}.{key}")),
        None => (inner, key.to_string()),
    };
    Some(
        Diagnostic::error(
            Path::new(crate::files::CONTENT_DIR)
                .join(crate::files::DATA_DIR)
                .join(format!("{file}.yaml")),
            "missing-data-key",
            format!(
                "the theme shows `data.{file}.{within}` ({}, line {}), but this data file has no `{within}`",
                theme.origin(report.filename()).display(),
                span.start_line
            ),
        )
        .with_hint(format!("add a line `{key}: ...` to this file")),
    )
}

/// Turns a Tera error into a diagnostic pointing at the template file and line.
pub fn tera_error(e: &tera::Error, origin: impl Fn(&str) -> PathBuf) -> Diagnostic {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let (message, hint) = plain_tera_message(report.message());
            // At the very start of a line the fault is at the end of the line before.
            let (line, col) = if span.start_col == 0 && span.start_line > 1 {
                (span.start_line - 1, None)
            } else {
                (span.start_line, Some(span.start_col + 1))
            };
            let d = Diagnostic::error(origin(report.filename()), "template", message)
                .at(Some(line), col);
            match hint {
                Some(h) => d.with_hint(h),
                None => d,
            }
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            origin(current),
            "missing-template",
            format!("template extends `{parent}`, which does not exist"),
        ),
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            origin(name),
            "missing-template",
            format!("template `{name}` does not exist"),
        ),
        other => Diagnostic::error("themes", "template", other.to_string()),
    }
}

/// The tags a template may use (Tera's), for "unknown tag".
const TAGS: [&str; 20] = [
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "break",
    "continue",
    "set",
    "set_global",
    "include",
    "extends",
    "block",
    "endblock",
    "macro",
    "endmacro",
    "import",
    "filter",
    "endfilter",
    "raw",
];

/// Tera's "Unknown tag", with the tag as written and the nearest real one: the message
/// has no name, so it is read from the template at the error's place.
fn unknown_tag(e: &tera::Error, sources: &[(String, String)]) -> Option<(String, String)> {
    let (tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report)) = e.kind()
    else {
        return None;
    };
    if report.message() != "Unknown tag" {
        return None;
    }
    let (_, source) = sources.iter().find(|(n, _)| n == report.filename())?;
    let tag = source.get(report.span().range.clone())?.trim();
    // Tags are short: `iff` is one letter from `if`, which the general rule finds too far.
    let near = match did_you_mean(tag, TAGS) {
        n if n.is_empty() => TAGS
            .iter()
            .find(|t| strsim::damerau_levenshtein(tag, t) == 1)
            .map(|t| format!("; did you mean `{t}`?"))
            .unwrap_or_default(),
        n => n,
    };
    Some((
        format!("`{{% {tag} %}}` is not a tag templates know{near}"),
        format!(
            "the tags are: {}",
            TAGS.iter()
                .filter(|t| !t.starts_with("end"))
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// Tera's parser messages in words for a theme author, with what to do.
fn plain_tera_message(message: &str) -> (String, Option<String>) {
    if message.contains("Unexpected end of input") {
        return (
            "the template ends while a `{% if %}`, `{% for %}` or `{% block %}` is still open"
                .into(),
            Some("close each one: `{% endif %}`, `{% endfor %}`, `{% endblock name %}`".into()),
        );
    }
    if let Some(rest) = message.strip_prefix("Found ")
        && let Some((found, expected)) = rest.split_once(" but expected ")
    {
        let quote = |t: &str| {
            let t = t.trim().trim_end_matches('.');
            if t.starts_with('`') {
                t.to_string()
            } else {
                format!("`{t}`")
            }
        };
        let found = if found.starts_with('`') {
            found.to_string()
        } else {
            format!("an {found}")
        };
        return (
            format!(
                "the template has {found} where {} is expected",
                quote(expected)
            ),
            Some(
                "check that every `{{ ... }}` ends with `}}` and every `{% ... %}` with `%}`"
                    .into(),
            ),
        );
    }
    if message.contains("would be ignored") {
        return (
            message.to_string(),
            Some("in a template that starts with `{% extends %}`, put content inside a `{% block %}`".into()),
        );
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_messages_are_put_plainly() {
        let (m, h) = plain_tera_message("Found identifier but expected `%}`");
        assert_eq!(m, "the template has an identifier where `%}` is expected");
        let (m, _) = plain_tera_message("Found `}` but expected }}.");
        assert_eq!(m, "the template has `}` where `}}` is expected");
        assert!(h.unwrap().contains("`%}`"));
        assert!(
            plain_tera_message("Unexpected end of input")
                .0
                .contains("still open")
        );
    }

    #[test]
    fn urlencode_strict_leaves_only_letters_and_digits() {
        assert_eq!(
            urlencode_strict("Reactie op: Smalle markt & één"),
            "Reactie%20op%3A%20Smalle%20markt%20%26%20%C3%A9%C3%A9n"
        );
        assert_eq!(
            urlencode_strict("https://example.org/a.html?x=1"),
            "https%3A%2F%2Fexample%2Eorg%2Fa%2Ehtml%3Fx%3D1"
        );
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(format_number(0.25, ","), "0,25");
        assert_eq!(format_number(3.0, ","), "3");
        assert_eq!(format_number(62.5, ","), "62,5");
        assert_eq!(format_number(0.7 * 3.0, "."), "2.1");
        assert_eq!(format_number(0.0, ","), "0");
    }

    #[test]
    fn template_closures_follow_extends_and_include() {
        let sources: BTreeMap<String, String> = [
            ("base.html", "<html>{% block main %}{% endblock main %}</html>"),
            ("entry.html", "{%- extends \"base.html\" %}{% block main %}{%- include \"partials/r.html\" %}{% endblock main %}"),
            ("factor.html", "{%- extends 'entry.html' %}"),
            ("partials/r.html", "r"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(
            closure_of("factor.html", &sources),
            ["base.html", "entry.html", "factor.html", "partials/r.html"]
        );
        assert_eq!(closure_of("base.html", &sources), ["base.html"]);
    }

    #[test]
    fn every_default_theme_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(
                    DEFAULT_THEME.iter().any(|(p, _)| *p == rel),
                    "themes/default/{rel} is not listed in theme::DEFAULT_THEME"
                );
            }
        }
    }
}
