//! One Markdown file of the site: its front matter checked against its kind, and its
//! body. Relations are only collected here; [`crate::content::resolve`] checks them.

use crate::config::{BUILTIN_KEYS, CitationRule, FieldType, KindConfig, PAGE_KEYS, SiteConfig};
use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::files::CONTENT_DIR;
use crate::fsutil;
use crate::yaml::Positions;
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

/// What a document is: a free page or an entry of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// A free page (`content/<id>.md`); `index` is the home page.
    Page,
    /// An entry of the kind at this index in `SiteConfig::kinds`.
    Entry(usize),
}

/// A source citation: which source, which chapter or section.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Id of an entry of a kind with `citations: optional` (the sources).
    pub source: String,
    /// Chapter, section or page.
    pub section: String,
    /// 1-based line in the file, for messages.
    pub line: usize,
}

/// An id mentioned in front matter, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct IdRef {
    /// The id as written.
    pub id: String,
    /// 1-based line and column in the file.
    pub pos: Option<(usize, usize)>,
}

/// One Markdown file of the site, parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// Unique id: the file name without `.md`.
    pub id: String,
    /// Page or entry of a kind.
    pub kind: DocKind,
    /// Path relative to the site root, for messages.
    pub file: PathBuf,
    /// Path relative to `content/`, for resolving relative links.
    pub content_path: PathBuf,
    /// Output path relative to the output folder (`knelpunten/x.html`).
    pub out_path: String,
    /// Title (`titel`).
    pub title: String,
    /// Short summary (`samenvatting`).
    pub summary: String,
    /// Explicit order (`volgorde`).
    pub order: Option<i64>,
    /// Date of the last update set by the author (`bijgewerkt: YYYY-MM-DD`); without
    /// it the site takes the date of the last commit of the file.
    pub updated: Option<Date>,
    /// Earlier ids of this document (`aliassen`); each old address redirects here.
    pub aliases: Vec<String>,
    /// Words readers search with for this document that its text may not use
    /// (`ook_gezocht_als`, such as "aanbesteding" for a glossary entry): the search
    /// index leads them here.
    pub search_words: Vec<String>,
    /// Kind fields, in declaration order, checked against their types.
    pub fields: Vec<(String, Value)>,
    /// Relations by name, in declaration order.
    pub relations: Vec<(String, Vec<IdRef>)>,
    /// Citations.
    pub citations: Vec<Citation>,
    /// Free pages: show in the main navigation.
    pub menu: bool,
    /// Free pages: linked from the footer of every page (`voettekst`), like the
    /// accessibility and privacy statements.
    pub footer: bool,
    /// Free pages: template other than the default.
    pub template: Option<String>,
    /// Markdown body.
    pub body: String,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    /// Where each front-matter key and value is, in lines of the file.
    pub positions: Positions,
}

impl Doc {
    /// Every id named in this document's relations, in order.
    pub fn relations_ids(&self) -> Vec<&str> {
        self.relations
            .iter()
            .flat_map(|(_, refs)| refs.iter().map(|r| r.id.as_str()))
            .collect()
    }

    /// A field's value by name.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

pub use crate::files::is_valid_id;

/// The one mapping from a document to its output file, relative to the output folder.
pub fn out_path(id: &str, kind: DocKind, config: &SiteConfig) -> String {
    match kind {
        DocKind::Page => format!("{id}.html"),
        DocKind::Entry(k) => format!("{}/{id}.html", config.kinds[k].path),
    }
}

/// Splits `---` front matter from the body. Returns (front matter, body, body start line).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = fm.matches('\n').count() + 3;
            return Some((fm, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Reads and checks one Markdown file. `rel` is relative to `content/`. Returns `None`
/// (with the problems) when the file cannot be used at all.
pub fn parse(
    content_root: &Path,
    rel: &Path,
    kind: DocKind,
    config: &SiteConfig,
) -> (Option<Doc>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let file = Path::new(CONTENT_DIR).join(rel);
    let doc = read_source(
        content_root,
        rel,
        &file,
        config.max_file_bytes(),
        &mut diags,
    )
    .and_then(|text| {
        let id = doc_id(rel, kind, &file, &mut diags)?;
        let (fm, body, body_line) = front_matter(&text, &file, &mut diags)?;
        let (map, positions) = yaml_map(fm, &file, &mut diags).or_else(|| {
            // A body that ends up in the front matter: the closing `---` is missing and
            // a `---` rule in the text was taken for it.
            if let Some(d) = unclosed_before_rule(&file, fm, body_line) {
                diags = d.into();
            }
            None
        })?;
        let doc = build_doc(
            DocSource {
                id,
                kind,
                file: &file,
                rel,
                positions,
                body,
                body_line,
            },
            &map,
            config,
            &mut diags,
        );
        // `kleur: #fff` is an empty field: say that `#` starts a comment.
        crate::yaml::add_comment_hints(fm, 2, &mut diags);
        Some(doc)
    });
    (doc, diags)
}

fn read_source(
    content_root: &Path,
    rel: &Path,
    file: &Path,
    max: u64,
    diags: &mut Diagnostics,
) -> Option<String> {
    match fsutil::read_text(&content_root.join(rel), max) {
        Ok(t) => match too_much_markup(&t) {
            Some(message) => {
                diags.push(Diagnostic::error(file, "file-too-complex", message));
                None
            }
            None => Some(t),
        },
        Err(e) => {
            diags.push(e.into_diagnostic(file));
            None
        }
    }
}

/// Characters that can each start a node of the Markdown parser's tree.
const MARKUP: &[u8] = b"[]()*_<>|`\\!&~#\n";

/// Markdown dense with markup (`[[[[...`, `>>>>...`, thousands of one-word list items)
/// takes the parser 30 to 100 times its size in memory; the shipped pages have 2 to 5 %
/// markup. A file with more than this many markup characters may have at most one in
/// [`MARKUP_RATIO`], which keeps `check` within about 20 times the file's size.
const MARKUP_FREE: usize = 16 * 1024;
const MARKUP_RATIO: usize = 25;

/// Why a Markdown text is refused as too dense with markup to parse within bounded
/// memory, if it is. List markers at the start of a line count as markup too.
pub fn too_much_markup(text: &str) -> Option<String> {
    let mut markup = text.bytes().filter(|b| MARKUP.contains(b)).count();
    if markup <= MARKUP_FREE {
        return None;
    }
    markup += text
        .lines()
        .filter(|line| {
            let t = line.trim_start();
            t.starts_with(['-', '+'])
                || t.find(|c: char| !c.is_ascii_digit())
                    .is_some_and(|i| i > 0 && t[i..].starts_with(['.', ')']))
        })
        .count();
    (markup * MARKUP_RATIO > text.len()).then(|| {
        format!(
            "{markup} of its {} characters are Markdown markup ([ ] ( ) * _ < > | ` \\ ! & ~ #, line breaks and list markers); a page this big may have at most one in {MARKUP_RATIO}, or it takes too much memory to process: split it into several pages",
            text.len()
        )
    })
}

fn doc_id(rel: &Path, kind: DocKind, file: &Path, diags: &mut Diagnostics) -> Option<String> {
    let id = rel
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    if !is_valid_id(&id) {
        diags.push(invalid_file_name(file, &id, "md"));
        return None;
    }
    if kind == DocKind::Page && id == "404" {
        diags.push(Diagnostic::error(
            file,
            "invalid-id",
            "id `404` is reserved for the not-found page of the theme",
        ));
        return None;
    }
    Some(id)
}

/// "file name `X` cannot be used as an id", with the name to use instead.
pub fn invalid_file_name(file: &Path, id: &str, extension: &str) -> Diagnostic {
    let d = Diagnostic::error(
        file,
        "invalid-id",
        format!(
            "file name `{}` cannot be used as an id: use lowercase letters a-z, digits, - and _ only",
            crate::diagnostic::printable(id, 80)
        ),
    );
    let better = crate::files::slugify(id);
    if !id.chars().any(|c| c.is_alphanumeric()) {
        d
    } else {
        d.with_hint(format!(
            "rename the file to `{better}.{extension}` (the id is part of the page's address)"
        ))
    }
}

/// The problem when the front matter could not be read because the Markdown text is in
/// it: the closing `---` is missing, and a `---` rule further down (at line `body_line`
/// minus one) was taken for it. Recognised by an empty line followed by a Markdown
/// heading or a line of text that is not a field.
fn unclosed_before_rule(file: &Path, fm: &str, body_line: usize) -> Option<Diagnostic> {
    let lines: Vec<&str> = fm.lines().collect();
    let empty = lines.iter().position(|l| l.trim().is_empty())?;
    let text_follows = lines[empty..].iter().any(|l| {
        let t = l.trim_start();
        let heading = t.starts_with("##");
        let field = t.starts_with('#')
            || t.starts_with('-')
            || t.split_once(':').is_some_and(|(k, _)| !k.contains(' '));
        heading || (!t.is_empty() && !field && l.len() == t.len())
    });
    text_follows.then(|| {
        Diagnostic::error(
            file,
            "front-matter",
            "the front matter that starts on line 1 has no closing `---` line before the text",
        )
        .at(Some(empty + 2), Some(1))
        .with_hint(format!(
            "add a line with only `---` after the last field; now the `---` on line {} is taken as the end of the front matter",
            body_line - 1
        ))
    })
}

fn front_matter<'t>(
    text: &'t str,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<(&'t str, &'t str, usize)> {
    let found = split_front_matter(text);
    if found.is_none() {
        let opened = text.trim_start_matches('\u{feff}').starts_with("---");
        let d = if opened {
            // Where the fields seem to stop: the first empty line or Markdown heading.
            let line = text
                .lines()
                .enumerate()
                .skip(1)
                .find(|(_, l)| l.trim().is_empty() || l.starts_with('#'))
                .map_or(2, |(i, _)| i + 1);
            Diagnostic::error(
                file,
                "front-matter",
                "the front matter that starts on line 1 has no closing `---` line",
            )
            .at(Some(line), Some(1))
            .with_hint(
                "add a line with only `---` after the last field (before the text of the page)",
            )
        } else if text.trim_start_matches('\u{feff}').trim().is_empty() {
            Diagnostic::error(file, "front-matter", "the file is empty")
                .at(Some(1), Some(1))
                .with_hint("write a line `---`, then `titel: \"...\"` and `samenvatting: \"...\"`, then a line `---` and the text of the page; or delete the file")
        } else {
            Diagnostic::error(
                file,
                "front-matter",
                "the file does not start with front matter",
            )
            .at(Some(1), Some(1))
            .with_hint("start the file with a line `---`, then the fields (`titel: ...`, `samenvatting: ...`), then a line `---`")
        };
        diags.push(d);
    }
    found
}

/// The front matter as a mapping, with its positions (it starts on line 2).
fn yaml_map(fm: &str, file: &Path, diags: &mut Diagnostics) -> Option<(Mapping, Positions)> {
    match crate::yaml::load(fm, 2, file, None) {
        Ok((Value::Mapping(m), at)) => Some((m, at)),
        Ok((Value::Null, at)) => Some((Mapping::new(), at)),
        Ok(_) => {
            diags.push(
                Diagnostic::error(
                    file,
                    "wrong-type",
                    "front matter must be a list of `key: value` fields",
                )
                .at(Some(2), Some(1)),
            );
            None
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    }
}

/// The parts of a file that [`build_doc`] turns into a document.
struct DocSource<'a> {
    id: String,
    kind: DocKind,
    file: &'a Path,
    rel: &'a Path,
    positions: Positions,
    body: &'a str,
    body_line: usize,
}

fn build_doc(
    src: DocSource<'_>,
    map: &Mapping,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Doc {
    let kind_cfg = match src.kind {
        DocKind::Entry(k) => Some(&config.kinds[k]),
        DocKind::Page => None,
    };
    let mut checker = FieldChecker {
        file: src.file,
        at: &src.positions,
        closing_line: src.body_line.saturating_sub(1).max(1),
        diags,
    };
    checker.known_keys(map, kind_cfg);
    let mut doc = Doc {
        out_path: out_path(&src.id, src.kind, config),
        id: src.id,
        kind: src.kind,
        file: src.file.to_path_buf(),
        content_path: src.rel.to_path_buf(),
        title: checker.required_string(map, "titel"),
        summary: checker.required_string(map, "samenvatting"),
        order: checker.optional_int(map, "volgorde"),
        updated: checker.optional_date(map, "bijgewerkt"),
        aliases: checker.aliases(map),
        search_words: checker.search_words(map),
        citations: checker.citations(map),
        fields: Vec::new(),
        relations: Vec::new(),
        menu: false,
        footer: false,
        template: None,
        body: src.body.to_string(),
        body_line: src.body_line,
        positions: Positions::default(),
    };
    match kind_cfg {
        None => {
            doc.menu = checker.optional_bool(map, "menu").unwrap_or(false);
            doc.footer = checker.optional_bool(map, "voettekst").unwrap_or(false);
            doc.template = checker.optional_string(map, "template");
        }
        Some(k) => {
            if k.citations == CitationRule::Required && doc.citations.is_empty() {
                checker.missing(
                    format!(
                        "missing field `bronnen`: every {} cites its source and chapter",
                        k.singular.to_lowercase()
                    ),
                    format!(
                        "add `bronnen:` with a line `- bron: <id of a source>` and under it `sectie: \"<chapter>\"`; if {} need no sources, write `citations: optional` in kind `{}` in leidraad.yaml",
                        k.plural.to_lowercase(),
                        k.id
                    ),
                );
            }
            doc.fields = checker.fields(map, k);
            doc.relations = checker.relations(map, k);
        }
    }
    doc.positions = src.positions;
    doc
}

fn allowed_keys(kind: Option<&KindConfig>) -> Vec<String> {
    let mut keys: Vec<String> = BUILTIN_KEYS.iter().map(|s| s.to_string()).collect();
    match kind {
        None => keys.extend(PAGE_KEYS.iter().map(|s| s.to_string())),
        Some(k) => {
            keys.extend(k.fields.keys().cloned());
            keys.extend(k.relations.iter().map(|r| r.name.clone()));
        }
    }
    keys
}

/// Checks front-matter values one key at a time, reporting into `diags`.
struct FieldChecker<'a> {
    file: &'a Path,
    at: &'a Positions,
    /// The line of the closing `---`: a missing field is added above it.
    closing_line: usize,
    diags: &'a mut Diagnostics,
}

impl FieldChecker<'_> {
    /// Where the value of `key` is; the opening `---` for the whole front matter.
    fn pos(&self, key: Option<&str>) -> Option<(usize, usize)> {
        match key {
            Some(k) => self.at.at(k),
            None => Some((1, 1)),
        }
    }

    fn err(&mut self, key: Option<&str>, code: &'static str, msg: String) {
        let pos = self.pos(key);
        self.diags
            .push(Diagnostic::error(self.file, code, msg).at_pos(pos));
    }

    /// A field that is missing: reported at the closing `---`, above which it belongs,
    /// with what to write there.
    fn missing(&mut self, msg: String, hint: String) {
        self.diags.push(
            Diagnostic::error(self.file, "missing-field", msg)
                .at(Some(self.closing_line), Some(1))
                .with_hint(hint),
        );
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        self.err(
            Some(key),
            "wrong-type",
            format!(
                "field `{key}` must be {expected}, found {}",
                crate::yaml::describe(found)
            ),
        );
    }

    /// [`Self::wrong_type`] for a list field given one text: say how to write the list.
    fn not_a_list(&mut self, key: &str, expected: &str, found: &Value) {
        self.wrong_type(key, expected, found);
        if let (Value::String(s), Some(d)) = (found, self.diags.items_mut().last_mut()) {
            d.hint = Some(
                format!(
                    "write it as a list, in brackets: `{key}: [{}]`",
                    crate::diagnostic::printable(s, 60)
                )
                .into_boxed_str(),
            );
        }
    }

    /// Reports keys the document may not have.
    fn known_keys(&mut self, map: &Mapping, kind: Option<&KindConfig>) {
        let allowed = allowed_keys(kind);
        for key in map.keys() {
            let Some(key) = key.as_str() else {
                self.err(
                    None,
                    "wrong-type",
                    "front-matter keys must be plain words".into(),
                );
                continue;
            };
            if !allowed.iter().any(|a| a == key) {
                let what = kind.map_or("a page".to_string(), |k| format!("kind `{}`", k.id));
                let suggestion = did_you_mean(key, allowed.iter().map(String::as_str));
                let mut d = Diagnostic::error(
                    self.file,
                    "unknown-field",
                    format!("unknown field `{key}` for {what}{suggestion}"),
                )
                .at_pos(self.at.key(key));
                if suggestion.is_empty() {
                    d = d.with_hint(format!("allowed here: {}", allowed.join(", ")));
                }
                self.diags.push(d);
            }
        }
    }

    fn required_string(&mut self, map: &Mapping, key: &str) -> String {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::String(_)) | None => {
                self.missing(
                    format!("missing field `{key}` (required, may not be empty)"),
                    format!("add a line `{key}: \"...\"` above the closing `---`"),
                );
                String::new()
            }
            Some(v) => {
                self.wrong_type(key, "a text", v);
                String::new()
            }
        }
    }

    fn optional_string(&mut self, map: &Mapping, key: &str) -> Option<String> {
        match map.get(key)? {
            Value::String(s) => Some(s.clone()),
            v => {
                self.wrong_type(key, "a text", v);
                None
            }
        }
    }

    fn optional_date(&mut self, map: &Mapping, key: &str) -> Option<Date> {
        let text = self.optional_string(map, key)?;
        match Date::parse(text.trim()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(Some(key), "invalid-date", e);
                None
            }
        }
    }

    /// `aliassen`: old ids, each a valid id that is not this document's own.
    fn aliases(&mut self, map: &Mapping) -> Vec<String> {
        let Some(value) = map.get("aliassen") else {
            return Vec::new();
        };
        let Value::Sequence(items) = value else {
            self.not_a_list("aliassen", "a list of old ids", value);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let at = format!("aliassen.{n}");
            match item {
                Value::String(s) if is_valid_id(s) => out.push(s.clone()),
                Value::String(s) => self.err(
                    Some(&at),
                    "invalid-id",
                    format!(
                        "`{}` is not a valid id: use lowercase letters, digits and hyphens, like the old file name without `.md`",
                        crate::diagnostic::printable(s, 60)
                    ),
                ),
                v => self.wrong_type(&at, "an id", v),
            }
        }
        out
    }

    /// `ook_gezocht_als`: a list of words or short phrases, each one line of text.
    fn search_words(&mut self, map: &Mapping) -> Vec<String> {
        let Some(value) = map.get("ook_gezocht_als") else {
            return Vec::new();
        };
        let Value::Sequence(items) = value else {
            self.not_a_list(
                "ook_gezocht_als",
                "a list of words readers search with",
                value,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match item {
                Value::String(s) if !s.trim().is_empty() && !s.contains('\n') => {
                    out.push(s.trim().to_string())
                }
                v => self.wrong_type(&format!("ook_gezocht_als.{n}"), "a word or short phrase", v),
            }
        }
        out
    }

    fn optional_int(&mut self, map: &Mapping, key: &str) -> Option<i64> {
        match map.get(key)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            v => {
                self.wrong_type(key, "a whole number", v);
                None
            }
        }
    }

    fn optional_bool(&mut self, map: &Mapping, key: &str) -> Option<bool> {
        match map.get(key)? {
            Value::Bool(b) => Some(*b),
            v => {
                self.wrong_type(key, "true or false", v);
                None
            }
        }
    }

    fn citations(&mut self, map: &Mapping) -> Vec<Citation> {
        let Some(value) = map.get("bronnen") else {
            return Vec::new();
        };
        let Value::Sequence(items) = value else {
            self.wrong_type(
                "bronnen",
                "a list of `- bron: <id>` items with `sectie`",
                value,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let here = format!("bronnen.{i}");
            let (source, section) = match item {
                Value::Mapping(m) => {
                    self.citation_keys(m, &here);
                    (
                        m.get("bron").and_then(Value::as_str).map(str::to_string),
                        m.get("sectie").and_then(Value::as_str).map(str::to_string),
                    )
                }
                _ => (None, None),
            };
            match (source, section) {
                (Some(source), Some(section)) => {
                    let line = self.at.at(&format!("{here}.bron")).map_or(1, |p| p.0);
                    out.push(Citation {
                        source,
                        section,
                        line,
                    });
                }
                (None, _) => self.err(
                    Some(&here),
                    "missing-field",
                    "each citation needs `bron:` (the id of a source) and `sectie:` (its chapter or section)".into(),
                ),
                (Some(source), None) => {
                    self.err(
                        Some(&here),
                        "missing-field",
                        format!("citation of `{source}` needs `sectie:` with the chapter or section"),
                    );
                    if let Some(d) = self.diags.items_mut().last_mut() {
                        d.hint = Some(
                            "add a line `sectie: \"...\"` under `bron:`, lined up with it, like `sectie: \"hoofdstuk 2\"`".into(),
                        );
                    }
                }
            }
        }
        out
    }

    fn citation_keys(&mut self, m: &Mapping, here: &str) {
        for k in m.keys() {
            let k = k.as_str().unwrap_or("?");
            if k != "bron" && k != "sectie" {
                let pos = self.at.key(&format!("{here}.{k}"));
                let suggestion = did_you_mean(k, ["bron", "sectie"]);
                let mut d = Diagnostic::error(
                    self.file,
                    "unknown-field",
                    format!("unknown field `{k}` in a citation{suggestion}"),
                )
                .at_pos(pos);
                if suggestion.is_empty() {
                    d = d.with_hint(
                        "a citation has only `bron:` and `sectie:`; put a page number in `sectie`, like `sectie: \"hoofdstuk 2, pagina 12\"`",
                    );
                }
                self.diags.push(d);
            }
        }
    }

    fn fields(&mut self, map: &Mapping, kind: &KindConfig) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for (name, spec) in &kind.fields {
            let Some(value) = map.get(name.as_str()) else {
                if spec.required {
                    let example = match &spec.values {
                        Some(values) if !values.is_empty() => {
                            format!("`{name}: {}` (one of: {})", values[0], values.join(", "))
                        }
                        _ => format!("`{name}: ...` with {}", spec.kind.describe()),
                    };
                    self.missing(
                        format!(
                            "missing field `{name}` ({}), required for kind `{}`",
                            spec.kind.describe(),
                            kind.id
                        ),
                        format!("add a line {example} above the closing `---`"),
                    );
                }
                continue;
            };
            if !has_type(value, spec.kind) {
                self.wrong_type(name, spec.kind.describe(), value);
                continue;
            }
            if !all_finite(value) {
                self.err(
                    Some(name),
                    "wrong-type",
                    format!("field `{name}` holds .nan or .inf, which is not a number that can be shown or counted"),
                );
                continue;
            }
            if let (Some(values), Some(s)) = (&spec.values, value.as_str())
                && !values.iter().any(|v| v == s)
            {
                self.err(
                    Some(name),
                    "invalid-value",
                    format!(
                        "field `{name}` has value \"{s}\", which is not one of: {}{}",
                        values.join(", "),
                        did_you_mean(s, values.iter().map(String::as_str))
                    ),
                );
                continue;
            }
            out.push((name.clone(), value.clone()));
        }
        out
    }

    fn relations(&mut self, map: &Mapping, kind: &KindConfig) -> Vec<(String, Vec<IdRef>)> {
        let mut out = Vec::new();
        for rel in &kind.relations {
            // Each id with the path of its value, for its position.
            let ids: Vec<(String, String)> = match map.get(rel.name.as_str()) {
                None => Vec::new(),
                Some(Value::String(s)) => vec![(s.clone(), rel.name.clone())],
                Some(Value::Sequence(items)) if items.iter().all(Value::is_string) => items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        v.as_str()
                            .map(|s| (s.to_string(), format!("{}.{i}", rel.name)))
                    })
                    .collect(),
                Some(v) => {
                    self.wrong_type(&rel.name, "a list of ids", v);
                    continue;
                }
            };
            if rel.required && ids.is_empty() {
                self.missing(
                    format!(
                        "missing relation `{}`: every {} needs at least one",
                        rel.name,
                        kind.singular.to_lowercase()
                    ),
                    format!(
                        "add a line `{}: [<id>]` above the closing `---`, with the id of an entry of kind {}",
                        rel.name,
                        rel.targets
                            .iter()
                            .map(|t| format!("`{t}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                );
            }
            let refs = ids
                .into_iter()
                .map(|(id, path)| IdRef {
                    pos: self.at.at(&path),
                    id,
                })
                .collect();
            out.push((rel.name.clone(), refs));
        }
        out
    }
}

/// Whether every number in a YAML value is an ordinary one (no `.nan`, `.inf`).
pub fn all_finite(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.as_f64().is_none_or(f64::is_finite),
        Value::Sequence(s) => s.iter().all(all_finite),
        Value::Mapping(m) => m.iter().all(|(k, v)| all_finite(k) && all_finite(v)),
        Value::Tagged(t) => all_finite(&t.value),
        _ => true,
    }
}

/// Whether a front-matter value has the declared type.
fn has_type(value: &Value, t: FieldType) -> bool {
    match t {
        FieldType::String | FieldType::Markdown => value.is_string(),
        FieldType::Integer => value.as_i64().is_some(),
        FieldType::Number => value.as_f64().is_some_and(f64::is_finite),
        FieldType::Boolean => value.is_bool(),
        FieldType::List => value
            .as_sequence()
            .is_some_and(|s| s.iter().all(|v| v.is_string() || v.is_number())),
        FieldType::Any => true,
        FieldType::SourceText => value.as_str().is_some_and(|name| {
            !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\'])
        }),
        FieldType::Assessment => value.as_mapping().is_some_and(|m| {
            m.keys()
                .all(|k| matches!(k.as_str(), Some("checklist" | "innovatie" | "antwoorden")))
                && m.get("checklist").is_some_and(Value::is_string)
                && m.get("innovatie").is_none_or(Value::is_string)
                && m.get("antwoorden").is_some_and(Value::is_mapping)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let (fm, body, line) = split_front_matter("---\ntitel: a\nx: b\n---\nbody\n").unwrap();
        assert_eq!(fm, "titel: a\nx: b\n");
        assert_eq!(body, "body\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("---\ntitel: a\n").is_none());
    }
}
