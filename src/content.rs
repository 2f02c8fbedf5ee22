//! The content model: free pages and entries read from `content/`, checked against the
//! kinds in the configuration, with relations resolved and backlinks computed.

use crate::config::{
    BUILTIN_KEYS, CitationRule, FieldType, KindConfig, PAGE_KEYS, RESERVED_DIRS, SiteConfig,
};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, find_key, find_word_from};
use crate::fsutil;
use rayon::prelude::*;
use serde_yaml::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Folder under the site root that holds all content.
pub const CONTENT_DIR: &str = "content";
/// Folder under `content/` with YAML data files for templates.
pub const DATA_DIR: &str = "data";

/// What a document is: a free page or an entry of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A free page (`content/<id>.md`); `index` is the home page.
    Page,
    /// An entry of the kind at this index in `SiteConfig::kinds`.
    Entry(usize),
}

/// A source citation: which source, which chapter or section.
#[derive(Debug, Clone)]
pub struct Citation {
    /// Id of an entry of a kind with `citations: optional` (the sources).
    pub source: String,
    /// Chapter, section or page.
    pub section: String,
    /// 1-based line in the file, for messages.
    pub line: usize,
}

/// An id mentioned in front matter, with where it was written.
#[derive(Debug, Clone)]
pub struct IdRef {
    /// The id as written.
    pub id: String,
    /// 1-based line and column in the file.
    pub pos: Option<(usize, usize)>,
}

/// One Markdown file of the site, parsed and checked.
#[derive(Debug, Clone)]
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
    /// Kind fields, in declaration order, checked against their types.
    pub fields: Vec<(String, Value)>,
    /// Relations by name, in declaration order.
    pub relations: Vec<(String, Vec<IdRef>)>,
    /// Citations.
    pub citations: Vec<Citation>,
    /// Free pages: show in the main navigation.
    pub menu: bool,
    /// Free pages: template other than the default.
    pub template: Option<String>,
    /// Markdown body.
    pub body: String,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    /// 1-based lines of front-matter keys, for messages about markdown fields.
    pub key_lines: HashMap<String, usize>,
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

/// Everything under `content/`, loaded and resolved.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// All documents, sorted by file path so builds are deterministic.
    pub docs: Vec<Doc>,
    /// Id to index in `docs`.
    pub by_id: HashMap<String, usize>,
    /// Path relative to `content/` to index in `docs`.
    pub by_path: HashMap<PathBuf, usize>,
    /// For each doc, the relations pointing at it: (source doc, relation index in its kind).
    pub backlinks: Vec<Vec<(usize, usize)>>,
    /// For each doc, the docs that cite it as a source.
    pub cited_by: Vec<Vec<usize>>,
    /// Data files by file stem, as JSON for templates.
    pub data: serde_json::Map<String, serde_json::Value>,
    /// Non-Markdown files to copy, relative to `content/`.
    pub assets: Vec<PathBuf>,
    /// Ids of files that exist but could not be read or parsed. Links to them are not
    /// reported again: the file's own error says what to fix.
    pub broken: HashSet<String>,
}

impl Content {
    /// The document with this id.
    pub fn get(&self, id: &str) -> Option<&Doc> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }
}

/// Reads, parses and checks all content of the site at `root`.
pub fn load(root: &Path, config: &SiteConfig) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let content_root = root.join(CONTENT_DIR);
    let files = discover(&content_root, config, &mut diags);

    let parsed: Vec<(Option<Doc>, Diagnostics)> = files
        .markdown
        .par_iter()
        .map(|(rel, kind)| parse_file(&content_root, rel, *kind, config))
        .collect();
    let mut content = Content {
        assets: files.assets,
        ..Content::default()
    };
    let mut docs = Vec::with_capacity(parsed.len());
    for ((doc, d), (rel, _)) in parsed.into_iter().zip(&files.markdown) {
        diags.extend(d);
        match doc {
            Some(doc) => docs.push(doc),
            None => {
                let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
                content.broken.insert(stem.into_owned());
            }
        }
    }

    for (stem, rel) in &files.data {
        match load_data(&content_root.join(rel), &Path::new(CONTENT_DIR).join(rel)) {
            Ok(v) => {
                content.data.insert(stem.clone(), v);
            }
            Err(d) => diags.push(d),
        }
    }

    for doc in docs {
        if let Some(&first) = content.by_id.get(&doc.id) {
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    "duplicate-id",
                    format!(
                        "id `{}` is already used by {}; ids (file names) must be unique across the site",
                        doc.id,
                        content.docs[first].file.display()
                    ),
                )
                .at(Some(1), Some(1)),
            );
            continue;
        }
        content.by_id.insert(doc.id.clone(), content.docs.len());
        content
            .by_path
            .insert(doc.content_path.clone(), content.docs.len());
        content.docs.push(doc);
    }
    resolve(&mut content, config, &mut diags);
    (content, diags)
}

/// Reads and checks one Markdown file again (after an edit). `rel` is relative to
/// `content/`. Returns `None` with the problems when the file cannot be used.
pub fn reparse(root: &Path, config: &SiteConfig, rel: &Path) -> (Option<Doc>, Diagnostics) {
    let kind = match rel.components().count() {
        1 => Some(DocKind::Page),
        2 => {
            let dir = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default();
            config
                .kinds
                .iter()
                .position(|k| k.path == dir)
                .map(DocKind::Entry)
        }
        _ => None,
    };
    match kind {
        Some(kind) => parse_file(&root.join(CONTENT_DIR), rel, kind, config),
        None => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(
                Path::new(CONTENT_DIR).join(rel),
                "unknown-kind",
                "this file is not a page or an entry of a known kind",
            ));
            (None, d)
        }
    }
}

/// Files found under `content/`, sorted.
struct Files {
    markdown: Vec<(PathBuf, DocKind)>,
    data: Vec<(String, PathBuf)>,
    assets: Vec<PathBuf>,
}

/// Whether a file name is an editor's temporary or hidden file, never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn discover(content_root: &Path, config: &SiteConfig, diags: &mut Diagnostics) -> Files {
    let mut files = Files {
        markdown: Vec::new(),
        data: Vec::new(),
        assets: Vec::new(),
    };
    if !content_root.is_dir() {
        diags.push(Diagnostic::error(
            CONTENT_DIR,
            "content-missing",
            "there is no content/ folder next to leidraad.yaml",
        ));
        return files;
    }
    let walker = walkdir::WalkDir::new(content_root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    let kind_paths: Vec<&str> = config.kinds.iter().map(|k| k.path.as_str()).collect();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                diags.push(Diagnostic::error(path, "io", format!("cannot read: {e}")));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(content_root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let is_md = rel.extension().is_some_and(|e| e == "md");
        if entry.path_is_symlink() {
            // A link could point anywhere on the machine; the site never copies or serves it.
            diags.push(Diagnostic::warning(
                Path::new(CONTENT_DIR).join(&rel),
                "symlink",
                "symbolic links are skipped: copy the file into content/ instead",
            ));
            continue;
        }
        if entry.file_type().is_dir() {
            if parts.len() == 1 {
                let dir = parts[0].as_str();
                if !RESERVED_DIRS.contains(&dir) && !kind_paths.contains(&dir) {
                    diags.push(Diagnostic::error(
                        Path::new(CONTENT_DIR).join(&rel),
                        "unknown-kind",
                        format!(
                            "folder `{dir}` does not belong to any kind declared in leidraad.yaml{}",
                            did_you_mean(dir, kind_paths.iter().copied())
                        ),
                    ));
                }
            }
            continue;
        }
        match parts.as_slice() {
            [_] if is_md => files.markdown.push((rel, DocKind::Page)),
            [dir, _]
                if dir == DATA_DIR
                    && rel.extension().is_some_and(|e| e == "yaml" || e == "yml") =>
            {
                let stem = rel
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                files.data.push((stem, rel));
            }
            [dir, ..] if dir == "checklists" => {}
            [dir, _] if is_md => {
                if let Some(k) = config.kinds.iter().position(|k| &k.path == dir) {
                    files.markdown.push((rel, DocKind::Entry(k)));
                }
            }
            [dir, _, _, ..] if is_md && kind_paths.contains(&dir.as_str()) => {
                diags.push(Diagnostic::error(
                    Path::new(CONTENT_DIR).join(&rel),
                    "nested-entry",
                    format!("entries must sit directly in content/{dir}/, not in a subfolder"),
                ));
            }
            [dir, ..] if dir == DATA_DIR => {}
            _ if !is_md => files.assets.push(rel),
            _ => {}
        }
    }
    files
}

/// Reads one data file; problems name it as `file` (relative to the site root).
fn load_data(path: &Path, file: &Path) -> Result<serde_json::Value, Diagnostic> {
    let text = fsutil::read_text(path)
        .map_err(|e| Diagnostic::error(file, "io", format!("cannot read: {e}")))?;
    let value: Value =
        serde_yaml::from_str(&text).map_err(|e| crate::config::yaml_error(file, &e, 0))?;
    serde_json::to_value(&value).map_err(|e| {
        Diagnostic::error(
            file,
            "wrong-type",
            format!("data file cannot be used by templates: {e}"),
        )
    })
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

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Output path of a document.
pub fn out_path(id: &str, kind: DocKind, config: &SiteConfig) -> String {
    match kind {
        DocKind::Page => format!("{id}.html"),
        DocKind::Entry(k) => format!("{}/{id}.html", config.kinds[k].path),
    }
}

fn parse_file(
    content_root: &Path,
    rel: &Path,
    kind: DocKind,
    config: &SiteConfig,
) -> (Option<Doc>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let file = Path::new(CONTENT_DIR).join(rel);
    let text = match fsutil::read_text(&content_root.join(rel)) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(&file, "io", format!("cannot read: {e}")));
            return (None, diags);
        }
    };
    let id = rel
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    if !is_valid_id(&id) {
        diags.push(Diagnostic::error(
            &file,
            "invalid-id",
            format!(
                "file name `{id}` cannot be used as an id: use lowercase letters a-z, digits, - and _ only"
            ),
        ));
        return (None, diags);
    }
    if kind == DocKind::Page && id == "404" {
        diags.push(Diagnostic::error(
            &file,
            "invalid-id",
            "id `404` is reserved for the not-found page of the theme",
        ));
        return (None, diags);
    }
    let Some((fm, body, body_line)) = split_front_matter(&text) else {
        diags.push(
            Diagnostic::error(
                &file,
                "front-matter",
                "the file must start with front matter: a line `---`, YAML fields such as `titel:`, and a closing `---`",
            )
            .at(Some(1), Some(1)),
        );
        return (None, diags);
    };
    let map = match serde_yaml::from_str::<Value>(fm) {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => serde_yaml::Mapping::new(),
        Ok(_) => {
            diags.push(
                Diagnostic::error(
                    &file,
                    "wrong-type",
                    "front matter must be a list of `key: value` fields",
                )
                .at(Some(2), Some(1)),
            );
            return (None, diags);
        }
        Err(e) => {
            diags.push(crate::config::yaml_error(&file, &e, 1));
            return (None, diags);
        }
    };

    let kind_cfg = match kind {
        DocKind::Entry(k) => Some(&config.kinds[k]),
        DocKind::Page => None,
    };
    let mut checker = FieldChecker {
        file: &file,
        fm,
        diags: &mut diags,
        key_lines: HashMap::new(),
    };
    let allowed = allowed_keys(kind_cfg);
    for key in map.keys() {
        let Some(key) = key.as_str() else {
            checker.err(
                None,
                "wrong-type",
                "front-matter keys must be plain words".into(),
            );
            continue;
        };
        checker
            .key_lines
            .insert(key.to_string(), find_key(fm, key).map_or(1, |p| p.0 + 1));
        if !allowed.iter().any(|a| a == key) {
            let what = kind_cfg.map_or("a page".to_string(), |k| format!("kind `{}`", k.id));
            checker.err(
                Some(key),
                "unknown-field",
                format!(
                    "unknown field `{key}` for {what}{}",
                    did_you_mean(key, allowed.iter().map(String::as_str))
                ),
            );
        }
    }

    let title = checker.required_string(&map, "titel");
    let summary = checker.required_string(&map, "samenvatting");
    let order = checker.optional_int(&map, "volgorde");
    let citations = checker.citations(&map);
    let mut doc = Doc {
        id: id.clone(),
        kind,
        out_path: out_path(&id, kind, config),
        file: file.clone(),
        content_path: rel.to_path_buf(),
        title,
        summary,
        order,
        fields: Vec::new(),
        relations: Vec::new(),
        citations,
        menu: false,
        template: None,
        body: body.to_string(),
        body_line,
        key_lines: HashMap::new(),
    };
    match kind_cfg {
        None => {
            doc.menu = checker.optional_bool(&map, "menu").unwrap_or(false);
            doc.template = checker.optional_string(&map, "template");
        }
        Some(k) => {
            if k.citations == CitationRule::Required && doc.citations.is_empty() {
                checker.err(
                    None,
                    "missing-field",
                    format!(
                        "missing field `bronnen`: every {} cites its source and chapter (`- bron: <id>` and `sectie: ...`)",
                        k.singular.to_lowercase()
                    ),
                );
            }
            doc.fields = checker.fields(&map, k);
            doc.relations = checker.relations(&map, k);
        }
    }
    doc.key_lines = std::mem::take(&mut checker.key_lines);
    (Some(doc), diags)
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
    fm: &'a str,
    diags: &'a mut Diagnostics,
    key_lines: HashMap<String, usize>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a set of fields",
        Value::Tagged(_) => "a tagged value",
    }
}

impl FieldChecker<'_> {
    /// Position of `key` in the file (front matter starts on line 2).
    fn pos(&self, key: Option<&str>) -> Option<(usize, usize)> {
        match key {
            Some(k) => find_key(self.fm, k).map(|(l, c)| (l + 1, c)),
            None => Some((1, 1)),
        }
    }

    fn err(&mut self, key: Option<&str>, code: &'static str, msg: String) {
        let pos = self.pos(key);
        self.diags
            .push(Diagnostic::error(self.file, code, msg).at_pos(pos));
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        self.err(
            Some(key),
            "wrong-type",
            format!(
                "field `{key}` must be {expected}, found {}",
                type_name(found)
            ),
        );
    }

    fn required_string(&mut self, map: &serde_yaml::Mapping, key: &str) -> String {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::String(_)) | None => {
                self.err(
                    None,
                    "missing-field",
                    format!("missing field `{key}` (required, may not be empty)"),
                );
                String::new()
            }
            Some(v) => {
                self.wrong_type(key, "a text", v);
                String::new()
            }
        }
    }

    fn optional_string(&mut self, map: &serde_yaml::Mapping, key: &str) -> Option<String> {
        match map.get(key)? {
            Value::String(s) => Some(s.clone()),
            v => {
                self.wrong_type(key, "a text", v);
                None
            }
        }
    }

    fn optional_int(&mut self, map: &serde_yaml::Mapping, key: &str) -> Option<i64> {
        match map.get(key)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            v => {
                self.wrong_type(key, "a whole number", v);
                None
            }
        }
    }

    fn optional_bool(&mut self, map: &serde_yaml::Mapping, key: &str) -> Option<bool> {
        match map.get(key)? {
            Value::Bool(b) => Some(*b),
            v => {
                self.wrong_type(key, "true or false", v);
                None
            }
        }
    }

    fn citations(&mut self, map: &serde_yaml::Mapping) -> Vec<Citation> {
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
        let start = self.pos(Some("bronnen")).map_or(1, |p| p.0);
        let mut out = Vec::new();
        for item in items {
            let (source, section) = match item {
                Value::Mapping(m) => {
                    for k in m.keys() {
                        let k = k.as_str().unwrap_or("?");
                        if k != "bron" && k != "sectie" {
                            let pos = find_key(self.fm, k).map(|(l, c)| (l + 1, c));
                            self.diags.push(
                                Diagnostic::error(
                                    self.file,
                                    "unknown-field",
                                    format!(
                                        "unknown field `{k}` in a citation{}",
                                        did_you_mean(k, ["bron", "sectie"])
                                    ),
                                )
                                .at_pos(pos),
                            );
                        }
                    }
                    (
                        m.get("bron").and_then(Value::as_str).map(str::to_string),
                        m.get("sectie").and_then(Value::as_str).map(str::to_string),
                    )
                }
                _ => (None, None),
            };
            match (source, section) {
                (Some(source), Some(section)) => {
                    let line = find_word_from(self.fm, &source, start).map_or(start, |p| p.0) + 1;
                    out.push(Citation {
                        source,
                        section,
                        line,
                    });
                }
                (None, _) => self.err(
                    Some("bronnen"),
                    "missing-field",
                    "each citation needs `bron:` (the id of a source) and `sectie:` (its chapter or section)".into(),
                ),
                (Some(source), None) => self.err(
                    Some("bronnen"),
                    "missing-field",
                    format!("citation of `{source}` needs `sectie:` with the chapter or section"),
                ),
            }
        }
        out
    }

    fn fields(&mut self, map: &serde_yaml::Mapping, kind: &KindConfig) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for (name, spec) in &kind.fields {
            let Some(value) = map.get(name.as_str()) else {
                if spec.required {
                    self.err(
                        None,
                        "missing-field",
                        format!(
                            "missing field `{name}` ({}), required for kind `{}`",
                            spec.kind.describe(),
                            kind.id
                        ),
                    );
                }
                continue;
            };
            let ok = match spec.kind {
                FieldType::String | FieldType::Markdown => value.is_string(),
                FieldType::Integer => value.as_i64().is_some(),
                FieldType::Number => value.is_number(),
                FieldType::Boolean => value.is_bool(),
                FieldType::List => value
                    .as_sequence()
                    .is_some_and(|s| s.iter().all(|v| v.is_string() || v.is_number())),
                FieldType::Any => true,
                FieldType::Assessment => value.as_mapping().is_some_and(|m| {
                    m.keys().all(|k| {
                        matches!(k.as_str(), Some("checklist" | "innovatie" | "antwoorden"))
                    }) && m.get("checklist").is_some_and(Value::is_string)
                        && m.get("innovatie").is_none_or(Value::is_string)
                        && m.get("antwoorden").is_some_and(Value::is_mapping)
                }),
            };
            if !ok {
                self.wrong_type(name, spec.kind.describe(), value);
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

    fn relations(
        &mut self,
        map: &serde_yaml::Mapping,
        kind: &KindConfig,
    ) -> Vec<(String, Vec<IdRef>)> {
        let mut out = Vec::new();
        for rel in &kind.relations {
            let ids: Vec<String> = match map.get(rel.name.as_str()) {
                None => Vec::new(),
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Sequence(items)) if items.iter().all(Value::is_string) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                Some(v) => {
                    self.wrong_type(&rel.name, "a list of ids", v);
                    continue;
                }
            };
            if rel.required && ids.is_empty() {
                self.err(
                    None,
                    "missing-field",
                    format!(
                        "missing relation `{}`: every {} needs at least one",
                        rel.name,
                        kind.singular.to_lowercase()
                    ),
                );
            }
            let start = self.pos(Some(&rel.name)).map_or(1, |p| p.0 - 1);
            let refs = ids
                .into_iter()
                .map(|id| IdRef {
                    pos: find_word_from(self.fm, &id, start).map(|(l, c)| (l + 1, c)),
                    id,
                })
                .collect();
            out.push((rel.name.clone(), refs));
        }
        out
    }
}

/// Checks relation targets and citations against the known ids, and computes backlinks.
pub fn resolve(content: &mut Content, config: &SiteConfig, diags: &mut Diagnostics) {
    let ids: Vec<&str> = content.docs.iter().map(|d| d.id.as_str()).collect();
    let source_kinds: Vec<usize> = config
        .kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| k.citations == CitationRule::Optional)
        .map(|(i, _)| i)
        .collect();
    let mut backlinks = vec![Vec::new(); content.docs.len()];
    let mut cited_by: Vec<Vec<usize>> = vec![Vec::new(); content.docs.len()];
    for (di, doc) in content.docs.iter().enumerate() {
        for c in &doc.citations {
            if let Some(&s) = content.by_id.get(&c.source)
                && !cited_by[s].contains(&di)
            {
                cited_by[s].push(di);
            }
        }
    }
    content.cited_by = cited_by;
    for (di, doc) in content.docs.iter().enumerate() {
        let DocKind::Entry(k) = doc.kind else {
            check_citations(content, doc, &source_kinds, config, diags);
            continue;
        };
        let kind = &config.kinds[k];
        for (name, refs) in &doc.relations {
            let Some(rel_index) = kind.relations.iter().position(|r| &r.name == name) else {
                continue;
            };
            let rel = &kind.relations[rel_index];
            for r in refs {
                let Some(&target) = content.by_id.get(&r.id) else {
                    if content.broken.contains(&r.id) {
                        continue;
                    }
                    let candidates = content.docs.iter().filter(|d| {
                        matches!(d.kind, DocKind::Entry(tk) if rel.targets.contains(&config.kinds[tk].id))
                    });
                    let candidates: Vec<&str> = candidates.map(|d| d.id.as_str()).collect();
                    let hint = if candidates.is_empty() {
                        did_you_mean(&r.id, ids.iter().copied())
                    } else {
                        did_you_mean(&r.id, candidates.iter().copied())
                    };
                    diags.push(
                        Diagnostic::error(
                            &doc.file,
                            "unknown-id",
                            format!("relation `{name}` points to unknown id `{}`{hint}", r.id),
                        )
                        .at_pos(r.pos),
                    );
                    continue;
                };
                let target_doc = &content.docs[target];
                let target_kind = match target_doc.kind {
                    DocKind::Entry(tk) => Some(&config.kinds[tk]),
                    DocKind::Page => None,
                };
                if !target_kind.is_some_and(|tk| rel.targets.contains(&tk.id)) {
                    let what =
                        target_kind.map_or("a page".to_string(), |tk| format!("a {}", tk.id));
                    diags.push(
                        Diagnostic::error(
                            &doc.file,
                            "wrong-kind",
                            format!(
                                "relation `{name}` may point to {}, but `{}` is {what}",
                                rel.targets.join(" or "),
                                r.id
                            ),
                        )
                        .at_pos(r.pos),
                    );
                    continue;
                }
                if !backlinks[target].contains(&(di, rel_index)) {
                    backlinks[target].push((di, rel_index));
                }
            }
        }
        check_citations(content, doc, &source_kinds, config, diags);
    }
    content.backlinks = backlinks;
}

fn check_citations(
    content: &Content,
    doc: &Doc,
    source_kinds: &[usize],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) {
    let is_source = |d: &Doc| matches!(d.kind, DocKind::Entry(k) if source_kinds.contains(&k));
    for c in &doc.citations {
        match content.get(&c.source) {
            Some(d) if is_source(d) => {}
            None if content.broken.contains(&c.source) => {}
            found => {
                let sources: Vec<&str> = content
                    .docs
                    .iter()
                    .filter(|d| is_source(d))
                    .map(|d| d.id.as_str())
                    .collect();
                let what = if found.is_some() {
                    format!("`{}` is not a source", c.source)
                } else {
                    format!("unknown source `{}`", c.source)
                };
                let kinds: Vec<&str> = source_kinds
                    .iter()
                    .map(|&k| config.kinds[k].path.as_str())
                    .collect();
                diags.push(
                    Diagnostic::error(
                        &doc.file,
                        "unknown-id",
                        format!(
                            "citation: {what} (sources live in content/{}/){}",
                            kinds.join(", content/"),
                            did_you_mean(&c.source, sources.iter().copied())
                        ),
                    )
                    .at(Some(c.line), None),
                );
            }
        }
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
