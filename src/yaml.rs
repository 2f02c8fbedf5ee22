//! YAML files: where every key and value is (from one pass of saphyr-parser's events),
//! syntax errors in plain words with a hint for the common traps, and a check of a
//! file's structure against a [`Shape`] that reports every problem at its value before
//! serde_yaml turns the file into data.

use crate::FastMap;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, printable};
use saphyr_parser::{Event, Parser, ScanError};
use serde_yaml::Value;
use std::path::Path;

/// A place in a file: 1-based line and column.
pub type Pos = (usize, usize);

/// Nesting deeper than this is an error at once: no real file needs it, and a file of
/// 40,000 `[` would otherwise cost seconds before failing.
pub const MAX_DEPTH: usize = 64;

/// Where each key and value of a YAML text is, by path: `kinds.2.id`, `opties.0.score`
/// (sequence items by index). The root value has the path "".
#[derive(Clone, Default, PartialEq)]
pub struct Positions {
    keys: FastMap<String, Pos>,
    values: FastMap<String, Pos>,
}

/// Positions are where things are written, not what they say: left out of the debug
/// form, which the session fingerprints (and whose hash-map order would differ between
/// two reads of the same file).
impl std::fmt::Debug for Positions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Positions { .. }")
    }
}

impl Positions {
    /// Where the key at `path` is written.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied()
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.values.get(path).copied()
    }

    /// The value's place, else its key's.
    pub fn at(&self, path: &str) -> Option<Pos> {
        self.value(path).or_else(|| self.key(path))
    }

    /// The line a text value's own text starts on. For a block text (`key: |`) the
    /// parser places the value at its text, on the line after the `|`.
    pub fn text_line(&self, path: &str) -> Option<usize> {
        self.value(path).map(|p| p.0)
    }

    /// The place of the mapping at `path` itself (for "missing field" problems): its
    /// value, or the start of the file.
    pub fn of_mapping(&self, path: &str) -> Pos {
        self.value(path).unwrap_or((1, 1))
    }
}

/// Joins a path and a key or index: `join("kinds.2", "id")`.
pub fn join(path: &str, part: impl std::fmt::Display) -> String {
    if path.is_empty() {
        part.to_string()
    } else {
        format!("{path}.{part}")
    }
}

/// A YAML problem before any data exists: syntax or nesting.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where.
    pub pos: Pos,
    /// Stable code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do, for the common traps.
    pub hint: Option<String>,
}

impl Problem {
    /// As a diagnostic of `file`.
    pub fn into_diagnostic(self, file: impl Into<std::path::PathBuf>) -> Diagnostic {
        let d = Diagnostic::error(file, self.code, self.message).at_pos(Some(self.pos));
        match self.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

enum Frame {
    /// A mapping: its path, and the key whose value comes next (None: a key comes next).
    Map(String, Option<String>),
    /// A sequence: its path and the next index.
    Seq(String, usize),
}

/// The place where `[`/`{` brackets first nest deeper than [`MAX_DEPTH`], if they do.
/// The parser's scanner reads a flow collection before it reports its events, so this
/// is checked on the text first.
fn flow_too_deep(text: &str) -> Option<Pos> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    for c in text.chars() {
        col += 1;
        match (quote, c) {
            (_, '\n') => {
                line += 1;
                col = 0;
                comment = false;
            }
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if depth > 0 => quote = Some(c),
            (None, '#') => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, col));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn too_deep(pos: Pos) -> Problem {
    Problem {
        pos,
        code: "too-deep",
        message: format!("the YAML is nested more than {MAX_DEPTH} levels deep here"),
        hint: Some("no leidraad file needs this much nesting; check for brackets or dashes that were not meant".into()),
    }
}

/// Indexes `text`, whose first line is line `first_line` of its file.
pub fn index(text: &str, first_line: usize) -> Result<Positions, Problem> {
    if let Some((line, col)) = flow_too_deep(text) {
        return Err(too_deep((line + first_line - 1, col)));
    }
    let mut positions = Positions::default();
    let mut stack: Vec<Frame> = Vec::new();
    let to_pos = |line: usize, col: usize| (line + first_line - 1, col + 1);
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| syntax_problem(text, first_line, &e))?;
        let at = to_pos(span.start.line(), span.start.col());
        let is_value = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if !is_value {
            if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
            }
            continue;
        }
        // The path of this node: a key, or a value under the innermost collection.
        let path = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Seq(p, i)) => {
                *i += 1;
                join(p, *i - 1)
            }
            Some(Frame::Map(p, pending)) => match pending.take() {
                Some(key) => join(p, key),
                None => {
                    // A key. Complex (collection) keys are not used in leidraad's files.
                    let key = match &event {
                        Event::Scalar(s, ..) => s.to_string(),
                        _ => "?".to_string(),
                    };
                    let path = join(p, &key);
                    positions.keys.entry(path).or_insert(at);
                    *pending = Some(key);
                    if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                        // Push a throwaway frame so its end pops it.
                        stack.push(Frame::Seq(String::new(), 0));
                    }
                    continue;
                }
            },
        };
        positions.values.entry(path.clone()).or_insert(at);
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map(path, None)),
            Event::SequenceStart(..) => stack.push(Frame::Seq(path, 0)),
            _ => {}
        }
        if stack.len() > MAX_DEPTH {
            return Err(too_deep(at));
        }
    }
    Ok(positions)
}

/// A syntax error, with a plain message and a hint when the line shows a known trap.
fn syntax_problem(text: &str, first_line: usize, e: &ScanError) -> Problem {
    let mark = e.marker();
    let line_no = mark.line();
    let line = text.lines().nth(line_no.saturating_sub(1)).unwrap_or("");
    let at = |line: usize, col: usize| (line + first_line - 1, col);
    let pos = at(line_no, mark.col() + 1);
    if let Some((n, col)) = tab_near(text, line_no) {
        return Problem {
            pos: at(n, col),
            code: "yaml-syntax",
            message: "a tab is used for indentation".into(),
            hint: Some(
                "indent with spaces: YAML does not allow tabs at the start of a line".into(),
            ),
        };
    }
    if let Some((key, value)) = colon_in_value(line) {
        let col = line.find(value).unwrap_or(0) + 1;
        return Problem {
            pos: at(line_no, col),
            code: "yaml-syntax",
            message: format!("the value of `{key}` contains a colon followed by a space"),
            hint: Some(format!(
                "put the text in quotes: `{key}: \"{}\"`",
                value.replace('"', "\\\"")
            )),
        };
    }
    if let Some(p) = outside_list_item(text, line_no) {
        return Problem {
            pos: at(line_no, p.col),
            ..p.problem
        };
    }
    Problem {
        pos,
        code: "yaml-syntax",
        message: format!("the YAML cannot be read here: {}", e.info()),
        hint: Some(
            "check the indentation, quotes and brackets on this line and the line above".into(),
        ),
    }
}

/// Indentation with a tab near line `line_no` (1-based): (line, column of the tab). The
/// parser notices a tab on its own line, or one line early when the line above ends in a
/// plain value that could go on (`- id: aanbeveling`, then a tab), or a little later.
fn tab_near(text: &str, line_no: usize) -> Option<(usize, usize)> {
    let first = line_no.saturating_sub(3);
    text.lines()
        .enumerate()
        .skip(first)
        .take(line_no + 1 - first)
        .find_map(|(i, l)| {
            let indent = &l[..l.len() - l.trim_start().len()];
            indent
                .find('\t')
                .map(|t| (i + 1, indent[..t].chars().count() + 1))
        })
}

/// A problem found in the text, and the column it belongs at.
struct Placed {
    problem: Problem,
    col: usize,
}

/// A field written under a list item but not lined up with the item's first field:
/// `- bron: x` followed by `sectie: y` at the dash's column (line `line_no`, 1-based).
fn outside_list_item(text: &str, line_no: usize) -> Option<Placed> {
    let lines: Vec<&str> = text.lines().collect();
    let line = *lines.get(line_no.checked_sub(1)?)?;
    let indent = line.len() - line.trim_start().len();
    let (key, _) = line.trim_start().split_once(':')?;
    let above = lines[..line_no - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let dash = above.len() - above.trim_start().len();
    let item = above.trim_start().strip_prefix("- ")?;
    let item_key = item.split_once(':')?.0.trim();
    let plain = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    let wanted = dash + 2;
    (indent < wanted && plain(key) && plain(item_key)).then(|| Placed {
        col: indent + 1,
        problem: Problem {
            pos: (0, 0),
            code: "yaml-syntax",
            message: format!(
                "`{key}` is not indented like `{item_key}` on the line above, so it does not belong to the same list item"
            ),
            hint: Some(format!(
                "indent `{key}` with {wanted} spaces, so that it lines up with `{item_key}`: the fields of one `- ` item line up"
            )),
        },
    })
}

/// The hint for a value that YAML reads as nothing because `#` starts a comment:
/// `primair: #0b4a61` is an empty `primair`. `line` is the line of the file.
pub fn comment_hint(line: &str) -> Option<String> {
    let (key, rest) = line.trim_start().trim_start_matches("- ").split_once(':')?;
    let rest = rest.trim();
    (rest.starts_with('#') && !key.contains(' ')).then(|| {
        format!(
            "`#` starts a comment in YAML, so `{key}` is empty here: put the value in quotes, `{key}: \"{rest}\"`"
        )
    })
}

/// Adds [`comment_hint`] to the "found nothing" problems of `text` (whose first line is
/// `first_line` of its file) that lack a hint.
pub fn add_comment_hints(text: &str, first_line: usize, diags: &mut Diagnostics) {
    for d in diags.items_mut() {
        if d.hint.is_some() || !d.message.ends_with("found nothing") {
            continue;
        }
        let line = d
            .line
            .and_then(|l| l.checked_sub(first_line))
            .and_then(|i| text.lines().nth(i));
        if let Some(h) = line.and_then(comment_hint) {
            d.hint = Some(h.into_boxed_str());
        }
    }
}

/// "`titel` is written twice" for serde_yaml's duplicate-key error, at the second
/// occurrence (at or after line `from`, 1-based in `text`, whose first line is
/// `first_line` of its file): (line in the file, column, message, hint).
fn duplicate_key(
    text: &str,
    message: &str,
    from: usize,
    first_line: usize,
) -> Option<(usize, usize, String, String)> {
    let key = message
        .strip_prefix("duplicate entry with key \"")?
        .split('"')
        .next()?;
    let mut found = text.lines().enumerate().filter_map(|(i, l)| {
        let t = l.trim_start().trim_start_matches("- ");
        let k = t.split_once(':')?.0.trim().trim_matches(['"', '\'']);
        (k == key).then(|| (i + 1, l.len() - t.len() + 1))
    });
    let first = found.next()?;
    let (line, col) = found.find(|(l, _)| *l >= from).unwrap_or(first);
    let (first, line) = (first.0 + first_line - 1, line + first_line - 1);
    Some((
        line,
        col,
        format!("`{key}` is written twice (lines {first} and {line})"),
        format!("keep one of the two `{key}:` lines and remove the other"),
    ))
}

/// `key: some text: more` where the value is not quoted: (key, value).
fn colon_in_value(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start().trim_start_matches("- ");
    let (key, value) = t.split_once(": ")?;
    let value = value.trim();
    let quoted_or_flow = value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
    (!key.contains(' ') && !quoted_or_flow && value.contains(": ")).then_some((key, value))
}

/// What a YAML value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A text (numbers and true/false are accepted as texts too).
    Text,
    /// A number.
    Number,
    /// A whole number.
    Integer,
    /// true or false.
    Bool,
    /// A list whose items have this shape.
    List(&'static Shape),
    /// A text, or a list of texts.
    TextOrList,
    /// A mapping with these fields: (name, shape, required).
    Map(&'static [Field]),
    /// A mapping from free names to values of this shape.
    Names(&'static Shape),
    /// One of these words.
    Word(&'static [&'static str]),
    /// Anything.
    Any,
}

/// A field of a [`Shape::Map`]: name, shape and whether it is required.
pub type Field = (&'static str, Shape, bool);

/// Checks `value` against `shape`, reporting every problem at its value.
pub fn check_shape(
    value: &Value,
    shape: &Shape,
    path: &str,
    positions: &Positions,
    file: &Path,
    diags: &mut Diagnostics,
) {
    let name = path.rsplit('.').next().unwrap_or(path);
    let mut wrong = |expected: &str, hint: Option<String>| {
        let found = describe(value);
        let message = if path.is_empty() {
            format!("the file must be {expected}, found {found}")
        } else {
            format!("`{name}` must be {expected}, found {found}")
        };
        let mut d = Diagnostic::error(file, "wrong-type", message).at_pos(positions.at(path));
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        diags.push(d);
    };
    match shape {
        Shape::Any => {}
        Shape::Text => {
            if value.is_mapping() || value.is_sequence() || value.is_null() {
                wrong("a text", None);
            }
        }
        Shape::Number | Shape::Integer => {
            let ok = match shape {
                Shape::Integer => value.as_i64().is_some(),
                _ => value.as_f64().is_some_and(f64::is_finite),
            };
            if !ok {
                let what = if matches!(shape, Shape::Integer) {
                    "a whole number"
                } else {
                    "a number"
                };
                wrong(what, decimal_comma_hint(value));
            }
        }
        Shape::Bool => {
            if !value.is_bool() {
                wrong("true or false", None);
            }
        }
        Shape::Word(words) => match value.as_str() {
            Some(w) if words.contains(&w) => {}
            Some(w) => diags.push(
                Diagnostic::error(
                    file,
                    "invalid-value",
                    format!(
                        "`{name}` is `{}`, which is not one of: {}{}",
                        printable(w, 60),
                        words.join(", "),
                        did_you_mean(w, words.iter().copied())
                    ),
                )
                .at_pos(positions.at(path)),
            ),
            None => wrong(&format!("one of: {}", words.join(", ")), None),
        },
        Shape::TextOrList => match value {
            Value::String(_) => {}
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_shape(item, &Shape::Text, &join(path, i), positions, file, diags);
                }
            }
            _ => wrong("a text or a list of texts", None),
        },
        Shape::List(item_shape) => match value {
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_shape(item, item_shape, &join(path, i), positions, file, diags);
                }
            }
            _ => wrong("a list (lines starting with `- `)", None),
        },
        Shape::Names(item_shape) => match value {
            Value::Mapping(m) => {
                for (k, v) in m {
                    check_shape(
                        v,
                        item_shape,
                        &join(path, key_text(k)),
                        positions,
                        file,
                        diags,
                    );
                }
            }
            _ => wrong("a set of `name: ...` fields", None),
        },
        Shape::Map(fields) => {
            let Value::Mapping(m) = value else {
                return wrong("a set of `key: value` fields", None);
            };
            let names = fields.iter().map(|(n, _, _)| *n);
            for (k, v) in m {
                let key = key_text(k);
                let field_path = join(path, &key);
                match fields.iter().find(|(n, _, _)| *n == key) {
                    Some((_, shape, _)) => {
                        check_shape(v, shape, &field_path, positions, file, diags)
                    }
                    None => {
                        let mut d = Diagnostic::error(
                            file,
                            "unknown-field",
                            format!(
                                "unknown field `{}`{}",
                                printable(&key, 60),
                                did_you_mean(&key, names.clone())
                            ),
                        )
                        .at_pos(positions.key(&field_path).or(positions.at(&field_path)));
                        if key.bytes().all(|b| b.is_ascii_digit()) {
                            d = d.with_hint(
                                "a decimal comma splits a number in two inside `{ ... }`: write a point, like `0.5`",
                            );
                        } else if did_you_mean(&key, names.clone()).is_empty() {
                            let list: Vec<&str> = names.clone().collect();
                            d = d.with_hint(format!("allowed here: {}", list.join(", ")));
                        }
                        diags.push(d);
                    }
                }
            }
            for (name, _, required) in fields.iter() {
                if *required && !m.contains_key(*name) {
                    diags.push(
                        Diagnostic::error(file, "missing-field", format!("missing field `{name}`"))
                            .at_pos(Some(positions.of_mapping(path))),
                    );
                }
            }
        }
    }
}

/// A key as written: `5` for a number key, like the parser's event gives it.
fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => describe(other),
    }
}

/// "use a point" when a number was written with a decimal comma (`0,5`).
fn decimal_comma_hint(value: &Value) -> Option<String> {
    let s = value.as_str()?.trim();
    let (a, b) = s.split_once(',')?;
    (a.trim_start_matches('-')
        .bytes()
        .all(|c| c.is_ascii_digit())
        && !b.is_empty()
        && b.bytes().all(|c| c.is_ascii_digit()))
    .then(|| format!("use a point for decimals: `{a}.{b}`"))
}

/// A value as an author would call it.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => {
            format!("`{n}`, which is not a usable number")
        }
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text \"{}\"", printable(s, 40)),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a set of fields".into(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

/// Reads a YAML text whose first line is `first_line` of `file`: its positions and
/// value, or every problem (syntax and nesting first; then, with `shape`, the
/// structure).
pub fn load(
    text: &str,
    first_line: usize,
    file: &Path,
    shape: Option<&Shape>,
) -> Result<(Value, Positions), Diagnostics> {
    // A byte-order mark (Windows editors write one) is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let positions = index(text, first_line).map_err(|p| p.into_diagnostic(file))?;
    let value: Value = serde_yaml::from_str(text).map_err(|e| {
        // The parser above accepted the text; what serde_yaml refuses is rare (a key
        // written twice, an alias loop): report it where serde saw it.
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        if let Some((l, c, message, hint)) = duplicate_key(text, &message, line, first_line) {
            return Diagnostic::error(file, "duplicate-key", message)
                .at(Some(l), Some(c))
                .with_hint(hint);
        }
        Diagnostic::error(
            file,
            "yaml-syntax",
            format!("the YAML cannot be read: {message}"),
        )
        .at(Some(line + first_line - 1), Some(col))
    })?;
    if let Some(shape) = shape {
        let mut diags = Diagnostics::default();
        check_shape(&value, shape, "", &positions, file, &mut diags);
        add_comment_hints(text, first_line, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
    }
    Ok((value, positions))
}

/// A content file of YAML read for a content type (a checklist, a calculator): its id
/// (the file name), its path from the site root and where each key and value is.
#[derive(Debug, Clone)]
pub struct ContentFile<T> {
    /// The data.
    pub data: T,
    /// The file name without `.yaml`.
    pub id: String,
    /// The file, relative to the site root.
    pub file: std::path::PathBuf,
    /// Where each key and value of the file is.
    pub positions: Positions,
}

/// Reads `content/<rel>` as a `what` ("checklist"): the id must be a valid id, the text
/// must fit `shape`, and then it becomes `T` (else a problem with `code`). Every problem
/// names the file.
pub fn load_content<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    max: u64,
    (what, code): (&str, &'static str),
    shape: &Shape,
) -> Result<ContentFile<T>, Diagnostics> {
    let file = Path::new(crate::files::CONTENT_DIR).join(rel);
    let id = rel
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let text = crate::fsutil::read_text(&root.join(&file), max)
        .map_err(|e| Diagnostics::from(e.into_diagnostic(&file)))?;
    if !crate::files::is_valid_id(&id) {
        return Err(Diagnostic::error(
            &file,
            "invalid-id",
            format!(
                "file name `{id}` cannot be used as a {what} id: use lowercase letters a-z, digits, - and _ only"
            ),
        )
        .into());
    }
    let (value, positions) = load(&text, 1, &file, Some(shape))?;
    let data = serde_yaml::from_value(value).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            &file,
            code,
            format!("the {what} cannot be used: {e}"),
        ))
    })?;
    Ok(ContentFile {
        data,
        id,
        file,
        positions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_keys_and_values_by_path() {
        let text = "titel: Proef\nkinds:\n  - id: a\n    targets: [x, \"y\"]\n  - id: b\n";
        let p = index(text, 1).unwrap();
        assert_eq!(p.key("titel"), Some((1, 1)));
        assert_eq!(p.value("titel"), Some((1, 8)));
        assert_eq!(p.value("kinds.1.id"), Some((5, 9)));
        assert_eq!(p.value("kinds.0.targets.1"), Some((4, 18)), "at the quote");
        assert_eq!(p.key("kinds.0.targets"), Some((4, 5)));
        let b = index("t: |\n  Eerste regel\n  twee\n", 5).unwrap();
        assert_eq!((b.value("t"), b.text_line("t")), (Some((6, 3)), Some(6)));
        // Front matter starts on line 2 of its file.
        assert_eq!(index("titel: x\n", 2).unwrap().value("titel"), Some((2, 8)));
    }

    #[test]
    fn deep_nesting_stops_at_once() {
        let started = std::time::Instant::now();
        let p = index(&"[".repeat(40_000), 1).unwrap_err();
        assert_eq!((p.code, p.pos), ("too-deep", (1, 65)), "{p:?}");
        let nested: String = (0..100)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect();
        assert_eq!(index(&nested, 1).unwrap_err().code, "too-deep");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn traps_get_plain_hints() {
        let p = index("titel: AVG: de regels\n", 1).unwrap_err();
        assert_eq!(
            p.message,
            "the value of `titel` contains a colon followed by a space"
        );
        assert_eq!(
            p.hint.as_deref(),
            Some("put the text in quotes: `titel: \"AVG: de regels\"`")
        );
        assert_eq!(p.pos, (1, 8));
        let p = index("a:\n\tb: 1\n", 1).unwrap_err();
        assert_eq!(
            (p.pos, p.message.as_str()),
            ((2, 1), "a tab is used for indentation")
        );
        assert_eq!(
            decimal_comma_hint(&Value::String("0,5".into())).as_deref(),
            Some("use a point for decimals: `0.5`")
        );
    }

    #[test]
    fn a_tab_after_a_plain_value_is_found_on_its_own_line() {
        // The parser stops at line 2 (the value `b` could go on); the tab is on line 3.
        let p = index("kinds:\n  - id: b\n\tsingular: B\n", 1).unwrap_err();
        assert_eq!(
            (p.pos, p.message.as_str()),
            ((3, 1), "a tab is used for indentation")
        );
        // After spaces, at the tab's own column.
        let p = index("a:\n  b: 1\n  \tc: 2\n", 1).unwrap_err();
        assert_eq!(p.pos, (3, 3));
    }

    #[test]
    fn a_field_outside_its_list_item_is_named_with_the_indentation_to_use() {
        let text = "bronnen:\n  - bron: rapport\n  sectie: \"2\"\n";
        let p = index(text, 2).unwrap_err();
        assert_eq!(p.pos, (4, 3), "line 3 of the text is line 4 of the file");
        assert_eq!(
            p.message,
            "`sectie` is not indented like `bron` on the line above, so it does not belong to the same list item"
        );
        assert_eq!(
            p.hint.as_deref(),
            Some(
                "indent `sectie` with 4 spaces, so that it lines up with `bron`: the fields of one `- ` item line up"
            )
        );
    }

    #[test]
    fn an_unquoted_colour_is_explained_as_a_comment() {
        assert_eq!(
            comment_hint("    primair: #0b4a61").as_deref(),
            Some(
                "`#` starts a comment in YAML, so `primair` is empty here: put the value in quotes, `primair: \"#0b4a61\"`"
            )
        );
        assert_eq!(comment_hint("primair: \"#0b4a61\""), None);
        let err = load(
            "kleuren:\n  primair: #0b4a61\n",
            1,
            Path::new("x.yaml"),
            Some(&Shape::Map(&[(
                "kleuren",
                Shape::Map(&[("primair", Shape::Text, false)]),
                false,
            )])),
        )
        .unwrap_err();
        assert!(
            err.items()[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("`#` starts a comment")
        );
    }

    #[test]
    fn a_key_written_twice_is_named_at_its_second_line() {
        let err = load("titel: a\nx: 1\ntitel: b\n", 2, Path::new("p.md"), None).unwrap_err();
        let d = &err.items()[0];
        assert_eq!(
            (d.code, d.line, d.column),
            ("duplicate-key", Some(4), Some(1))
        );
        assert_eq!(d.message, "`titel` is written twice (lines 2 and 4)");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let (v, at) = load("\u{feff}titel: a\n", 1, Path::new("c.yaml"), None).unwrap();
        assert_eq!(v["titel"], "a");
        assert_eq!(at.value("titel"), Some((1, 8)));
    }
}
