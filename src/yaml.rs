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
///
/// A path is kept as the hash of its text ([`PathKey`]), not the text itself: a file of
/// 100,000 keys then costs a few megabytes of positions, not tens.
#[derive(Clone, Default, PartialEq)]
pub struct Positions {
    /// Path hash -> where its key is and where its value is; `(0, 0)` for none (lines
    /// count from 1). One table for both: a key and its value share the path.
    places: FastMap<u64, [(u32, u32); 2]>,
}

/// Which of the two places of a path.
const KEY: usize = 0;
const VALUE: usize = 1;

/// A place as stored: line and column fit in 32 bits (a file has at most a few million
/// lines).
fn narrow((line, col): Pos) -> (u32, u32) {
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

fn widen((line, col): (u32, u32)) -> Pos {
    (line as usize, col as usize)
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
        self.place(path, KEY)
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.place(path, VALUE)
    }

    fn place(&self, path: &str, which: usize) -> Option<Pos> {
        let p = self.places.get(&PathKey::of(path))?[which];
        (p.0 > 0).then(|| widen(p))
    }

    /// Records the first place of the key (`which` = [`KEY`]) or value at a path.
    fn record(&mut self, path: &PathKey, which: usize, at: Pos) {
        let slot = &mut self.places.entry(path.hash).or_default()[which];
        if slot.0 == 0 {
            *slot = narrow(at);
        }
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

/// A path as its hash, built a part at a time the way [`join`] builds its text: FNV-1a
/// over the bytes of `kinds.2.id`, so joining parts gives the hash of the joined text.
/// Two paths of one file with the same 64-bit hash (odds about 1 in 10^7 for a million
/// paths) would share a position in a message, nothing worse.
#[derive(Debug, Clone, Copy)]
struct PathKey {
    hash: u64,
    /// Whether the path's text is empty (the root): [`join`] adds no `.` after it.
    empty: bool,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl PathKey {
    const ROOT: PathKey = PathKey {
        hash: FNV_OFFSET,
        empty: true,
    };

    fn feed(mut hash: u64, bytes: &[u8]) -> u64 {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
        hash
    }

    /// The hash of a whole path's text.
    fn of(path: &str) -> u64 {
        PathKey::feed(FNV_OFFSET, path.as_bytes())
    }

    /// This path joined with a key.
    fn join(self, part: &[u8]) -> PathKey {
        let hash = if self.empty {
            self.hash
        } else {
            PathKey::feed(self.hash, b".")
        };
        PathKey {
            hash: PathKey::feed(hash, part),
            empty: self.empty && part.is_empty(),
        }
    }

    /// This path joined with a sequence index.
    fn join_index(self, i: usize) -> PathKey {
        let mut digits = [0u8; 20];
        let mut n = i;
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.join(&digits[at..])
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
    /// A mapping: its path, and the path of the key whose value comes next (None: a key
    /// comes next).
    Map(PathKey, Option<PathKey>),
    /// A sequence: its path and the next index.
    Seq(PathKey, usize),
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
    let mut aliases = AliasBudget::default();
    let to_pos = |line: usize, col: usize| (line + first_line - 1, col + 1);
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| syntax_problem(text, first_line, &e))?;
        let at = to_pos(span.start.line(), span.start.col());
        aliases.see(&event, at)?;
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
            None => PathKey::ROOT,
            Some(Frame::Seq(p, i)) => {
                *i += 1;
                p.join_index(*i - 1)
            }
            Some(Frame::Map(p, pending)) => match pending.take() {
                Some(key) => key,
                None => {
                    // A key. Complex (collection) keys are not used in leidraad's files.
                    let key = match &event {
                        Event::Scalar(s, ..) => p.join(s.as_bytes()),
                        _ => p.join(b"?"),
                    };
                    positions.record(&key, KEY, at);
                    *pending = Some(key);
                    if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                        // Push a throwaway frame so its end pops it.
                        stack.push(Frame::Seq(PathKey::ROOT, 0));
                    }
                    continue;
                }
            },
        };
        positions.record(&path, VALUE, at);
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

/// How much YAML the aliases (`*name`) of one file may repeat, in bytes as written plus
/// [`ALIAS_NODE`] per value: a fixed amount, however large the file. An alias repeats
/// its whole anchored value, and an anchored value may hold aliases itself, so a file of
/// a few lines can stand for gigabytes ("billion laughs"); a shared list of options
/// repeated a hundred times is a few kilobytes.
pub const ALIAS_BUDGET: u64 = 1024 * 1024;

/// What one value counts for beyond its text: an empty value still costs memory.
const ALIAS_NODE: u64 = 16;

/// The size of every anchored value, as it will be once its aliases are expanded, and
/// how much the aliases so far repeat in all.
#[derive(Default)]
struct AliasBudget {
    /// Anchor id -> expanded size.
    sizes: FastMap<usize, u64>,
    /// Open collections: anchor id (0 for none) and size so far.
    open: Vec<(usize, u64)>,
    repeated: u64,
}

impl AliasBudget {
    /// Counts one parser event; an error at the alias that goes past the budget.
    fn see(&mut self, event: &Event<'_>, at: Pos) -> Result<(), Problem> {
        match event {
            Event::Scalar(text, _, anchor, _) => {
                self.close(*anchor, ALIAS_NODE + text.len() as u64);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                self.open.push((*anchor, ALIAS_NODE));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, size)) = self.open.pop() {
                    self.close(anchor, size);
                }
            }
            Event::Alias(id) => {
                let size = self.sizes.get(id).copied().unwrap_or(ALIAS_NODE);
                self.repeated = self.repeated.saturating_add(size);
                if self.repeated > ALIAS_BUDGET {
                    return Err(Problem {
                        pos: at,
                        code: "yaml-aliases",
                        message: format!(
                            "the aliases (`*name`) in this file repeat more than {} of values; at most {} is allowed",
                            crate::fsutil::size(ALIAS_BUDGET),
                            crate::fsutil::size(ALIAS_BUDGET)
                        ),
                        hint: Some("write the values out instead of repeating them with aliases; repeated this often, aliases are a way to exhaust memory (a \"billion laughs\" file)".into()),
                    });
                }
                self.close(0, size);
            }
            _ => {}
        }
        Ok(())
    }

    /// A value of `size` is complete: remembered under its anchor, added to its parent.
    fn close(&mut self, anchor: usize, size: u64) {
        if anchor != 0 {
            self.sizes.insert(anchor, size);
        }
        if let Some(parent) = self.open.last_mut() {
            parent.1 = parent.1.saturating_add(size);
        }
    }
}

/// The positions of a JSON text that serde_json has read, by the same paths as
/// [`index`] gives (JSON is YAML too). Found without the YAML parser: its scanner keeps
/// every token of a `{ ... }` until the bracket closes, which for a 2 MB answers file is
/// over 100 MB.
pub fn index_json(text: &str) -> Positions {
    let mut scan = JsonScan {
        text,
        at: 0,
        line: 1,
        col: 1,
        positions: Positions::default(),
    };
    scan.value(PathKey::ROOT, 0);
    scan.positions
}

/// A pass over valid JSON, keeping the line and (character) column.
struct JsonScan<'t> {
    text: &'t str,
    at: usize,
    line: usize,
    col: usize,
    positions: Positions,
}

impl JsonScan<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn bump(&mut self) {
        let Some(c) = self.text[self.at..].chars().next() else {
            return;
        };
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
    }

    fn spaces(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.bump();
        }
    }

    /// A string at the cursor (on its quote), decoded.
    fn string(&mut self) -> String {
        let start = self.at;
        self.bump();
        while let Some(b) = self.peek() {
            self.bump();
            match b {
                b'\\' => self.bump(),
                b'"' => break,
                _ => {}
            }
        }
        let raw = &self.text[start..self.at];
        serde_json::from_str(raw).unwrap_or_default()
    }

    /// The value at the cursor, recorded at `path`; `depth` stops a text serde_json
    /// would not have read.
    fn value(&mut self, path: PathKey, depth: usize) {
        self.spaces();
        self.positions.record(&path, VALUE, (self.line, self.col));
        match self.peek() {
            Some(b'{') if depth < 256 => {
                self.bump();
                loop {
                    self.spaces();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        _ => {
                            self.bump();
                            return;
                        }
                    }
                    let pos = (self.line, self.col);
                    let key = path.join(self.string().as_bytes());
                    self.positions.record(&key, KEY, pos);
                    self.spaces();
                    self.bump(); // the colon
                    self.value(key, depth + 1);
                }
            }
            Some(b'[') if depth < 256 => {
                self.bump();
                let mut i = 0;
                loop {
                    self.spaces();
                    match self.peek() {
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        Some(b']') | None => {
                            self.bump();
                            return;
                        }
                        _ => {}
                    }
                    self.value(path.join_index(i), depth + 1);
                    i += 1;
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.bump();
                }
            }
        }
    }
}

/// serde_yaml's value of `text`, read in two steps where it can: serde_yaml checks the
/// text (keeping every event of it meanwhile, which it frees right after), then
/// [`plain_value`] builds the value. The peak memory is the larger of the two, not their
/// sum; what serde_yaml refuses is refused with its own words.
fn read_value(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<serde::de::IgnoredAny>(text)?;
    match plain_value(text) {
        Some(v) => Ok(v),
        None => serde_yaml::from_str(text),
    }
}

/// The value of a YAML text without anchors, aliases, tags, keys that are lists or
/// sets of fields, repeated keys or a second document, built from the parser's events as
/// they come; `None` for any other text, which serde_yaml then reads (and refuses where
/// it must). serde_yaml first keeps every event of the whole text, which for a large
/// file costs more than the value itself; this one keeps only the value. Plain scalars
/// get serde_yaml's own meaning ([`plain_scalar`]); a test holds the two equal.
fn plain_value(text: &str) -> Option<Value> {
    plain_tree(text)
}

/// A value tree [`plain_tree`] can build: serde_yaml's, or JSON for a file only
/// templates read (no YAML value in between, which for a data file of many small sets
/// of fields is the largest thing in memory).
trait Tree: Sized {
    type Fields;
    /// A scalar: quoted (`plain` false) it is text; plain it means what
    /// [`plain_scalar`] says. `None`: leave this text to serde_yaml.
    fn scalar(text: std::borrow::Cow<'_, str>, plain: bool) -> Option<Self>;
    fn list(items: Vec<Self>) -> Self;
    fn fields() -> Self::Fields;
    /// Adds a field; `None` for a key that is repeated or cannot be one.
    fn insert(fields: &mut Self::Fields, key: Self, value: Self) -> Option<()>;
    fn map(fields: Self::Fields) -> Self;
    fn nothing() -> Self;
}

impl Tree for Value {
    type Fields = serde_yaml::Mapping;
    fn scalar(text: std::borrow::Cow<'_, str>, plain: bool) -> Option<Self> {
        if plain {
            plain_scalar(&text)
        } else {
            Some(Value::String(text.into_owned()))
        }
    }
    fn list(items: Vec<Self>) -> Self {
        Value::Sequence(items)
    }
    fn fields() -> Self::Fields {
        serde_yaml::Mapping::new()
    }
    fn insert(fields: &mut Self::Fields, key: Self, value: Self) -> Option<()> {
        if key.is_mapping() || key.is_sequence() || fields.contains_key(&key) {
            return None;
        }
        fields.insert(key, value);
        Some(())
    }
    fn map(fields: Self::Fields) -> Self {
        Value::Mapping(fields)
    }
    fn nothing() -> Self {
        Value::Null
    }
}

impl Tree for serde_json::Value {
    type Fields = serde_json::Map<String, serde_json::Value>;
    /// As serde_json makes it of serde_yaml's value; `None` for `.nan` and `.inf`,
    /// which the YAML way refuses with its own message.
    fn scalar(text: std::borrow::Cow<'_, str>, plain: bool) -> Option<Self> {
        use serde_json::Value as J;
        if !plain {
            return Some(J::String(text.into_owned()));
        }
        Some(match plain_scalar(&text)? {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => J::from(u),
                (_, Some(i), _) => J::from(i),
                (_, _, Some(f)) => J::Number(serde_json::Number::from_f64(f)?),
                _ => return None,
            },
            Value::String(s) => J::String(s),
            _ => return None,
        })
    }
    fn list(items: Vec<Self>) -> Self {
        serde_json::Value::Array(items)
    }
    fn fields() -> Self::Fields {
        serde_json::Map::new()
    }
    /// Text keys only: serde_json writes a number or `true` as a key in its own way.
    fn insert(fields: &mut Self::Fields, key: Self, value: Self) -> Option<()> {
        let serde_json::Value::String(key) = key else {
            return None;
        };
        if fields.contains_key(&key) {
            return None;
        }
        fields.insert(key, value);
        Some(())
    }
    fn map(fields: Self::Fields) -> Self {
        serde_json::Value::Object(fields)
    }
    fn nothing() -> Self {
        serde_json::Value::Null
    }
}

/// The tree of a YAML text without anchors, aliases, tags, keys that are lists or sets
/// of fields, repeated keys or a second document, built from the parser's events as
/// they come; `None` for any other text (see [`plain_value`]).
fn plain_tree<T: Tree>(text: &str) -> Option<T> {
    // A block text (`|`) that ends the file without a line break: the two parsers keep
    // a different last line break. Every file leidraad reads ends with one.
    if !text.is_empty() && !text.ends_with('\n') {
        return None;
    }
    enum Open<T: Tree> {
        List(Vec<T>),
        Fields(T::Fields, Option<T>),
    }
    let mut open: Vec<Open<T>> = Vec::new();
    let mut root: Option<T> = None;
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, _) = item.ok()?;
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(v, style, 0, None) => {
                T::scalar(v, style == saphyr_parser::ScalarStyle::Plain)?
            }
            Event::SequenceStart(0, None) => {
                open.push(Open::List(Vec::new()));
                continue;
            }
            Event::MappingStart(0, None) => {
                open.push(Open::Fields(T::fields(), None));
                continue;
            }
            Event::SequenceEnd => match open.pop()? {
                Open::List(items) => T::list(items),
                Open::Fields(..) => return None,
            },
            Event::MappingEnd => match open.pop()? {
                Open::Fields(fields, None) => T::map(fields),
                _ => return None,
            },
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {
                continue;
            }
            // Anchors, aliases and tags.
            _ => return None,
        };
        match open.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::List(items)) => items.push(node),
            Some(Open::Fields(fields, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => T::insert(fields, key, node)?,
            },
        }
    }
    Some(root.unwrap_or_else(T::nothing))
}

/// A plain (unquoted) scalar as serde_yaml 0.9 reads it into a value: nothing (empty,
/// `~`, `null`), true or false, a whole number (also `0x`, `0o`, `0b`), a number
/// (also `.inf`, `.nan`), else text. `None` for a whole number too large for 64 bits,
/// which serde_yaml refuses.
fn plain_scalar(v: &str) -> Option<Value> {
    if v.is_empty() || matches!(v, "null" | "Null" | "NULL" | "~") {
        return Some(Value::Null);
    }
    match v {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Some(n) = unsigned_int(v, u64::from_str_radix) {
        return Some(Value::Number(n.into()));
    }
    if let Some(n) = negative_int(v, i64::from_str_radix) {
        return Some(Value::Number(n.into()));
    }
    if unsigned_int(v, u128::from_str_radix).is_some()
        || negative_int(v, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !leading_zero_digits(v)
        && let Some(f) = float(v)
    {
        return Some(Value::Number(f.into()));
    }
    Some(Value::String(v.to_string()))
}

/// `0123`: digits after a leading zero are text in YAML 1.2.
fn leading_zero_digits(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// A whole number of zero or more, as serde_yaml reads one (`+5`, `0x1f`, `0o17`, `0b101`).
fn unsigned_int<T>(v: &str, parse: Radix<T>) -> Option<T> {
    let unsigned = v.strip_prefix('+').unwrap_or(v);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = parse(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || leading_zero_digits(v) {
        return None;
    }
    parse(unsigned, 10).ok()
}

/// A negative whole number, as serde_yaml reads one (`-5`, `-0x1f`).
fn negative_int<T>(v: &str, parse: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = v.strip_prefix(prefix)
            && let Ok(n) = parse(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if leading_zero_digits(v) {
        return None;
    }
    parse(v, 10).ok()
}

/// A number with a fraction or exponent, or `.inf`/`.nan`, as serde_yaml reads one.
fn float(v: &str) -> Option<f64> {
    let unsigned = match v.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => v,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(v, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(v, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
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

/// What [`load_for_templates`] read: JSON straight away, or the YAML value when the
/// text needs serde_yaml (tags, aliases, keys that are not text, `.nan`, ...).
pub enum ForTemplates {
    /// The value as templates get it.
    Json(serde_json::Value),
    /// The value as [`load`] gives it.
    Yaml(Value),
}

/// [`load`] for a file that only templates read (a data file): the same checks and
/// problems, but where it can the value is built as JSON at once.
pub fn load_for_templates(
    text: &str,
    first_line: usize,
    file: &Path,
) -> Result<ForTemplates, Diagnostics> {
    index(text, first_line).map_err(|p| Diagnostics::from(p.into_diagnostic(file)))?;
    if serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_ok()
        && let Some(json) = plain_tree::<serde_json::Value>(text)
    {
        return Ok(ForTemplates::Json(json));
    }
    load(text, first_line, file, None).map(|(value, _)| ForTemplates::Yaml(value))
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
    let value: Value = read_value(text).map_err(|e| {
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

/// Reads `content/<rel>` as a `what` ("checklist"): the id must be a valid id, `precheck`
/// may refuse the text before it is parsed (given the file and the text), the text must
/// fit `shape`, and then it becomes `T` (else a problem with `code`). Every problem names
/// the file.
pub fn load_content<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    max: u64,
    (what, code): (&str, &'static str),
    shape: &Shape,
    precheck: &dyn Fn(&Path, &str) -> Option<Diagnostic>,
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
    if let Some(d) = precheck(&file, &text) {
        return Err(d.into());
    }
    let (value, positions) = load(&text, 1, &file, Some(shape))?;
    drop(text);
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

    /// What serde_yaml makes of a text, and what [`read_value`] makes of it, must agree:
    /// the same value (NaN compared by its debug text), or both an error. (The words may
    /// differ for a text with two problems: the check reports a syntax error further on
    /// before a repeated key that serde_yaml would meet first.)
    fn same_as_serde(text: &str) {
        let ours = read_value(text);
        let theirs = serde_yaml::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert!(
                a == b || format!("{a:?}") == format!("{b:?}"),
                "{text:?}: {a:?} != {b:?}"
            ),
            (Err(_), Err(_)) => {}
            _ => panic!("{text:?}: {ours:?} but serde_yaml: {theirs:?}"),
        }
        // The JSON made at once is the JSON made of serde_yaml's value.
        if let (Some(json), Ok(value)) = (plain_tree::<serde_json::Value>(text), &theirs) {
            assert_eq!(Some(json), serde_json::to_value(value).ok(), "{text:?}");
        }
    }

    #[test]
    fn plain_values_are_serde_yamls_values() {
        for scalar in [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nUll",
            "true",
            "True",
            "TRUE",
            "tRue",
            "yes",
            "no",
            "on",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "-007",
            "+7",
            "++7",
            "-+7",
            "7_000",
            "1.5",
            "1,5",
            "-1.5",
            "+1.5",
            ".5",
            "5.",
            "1e3",
            "1E3",
            "1e999",
            "-1e999",
            "1e-999",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            ".NAN",
            "-.nan",
            "nan",
            "inf",
            "infinity",
            "0x1f",
            "0X1f",
            "-0x1f",
            "+0x1f",
            "0x-1",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "0b2",
            "0x",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999",
            "2026-12-01",
            "12:30",
            "1:2:3",
            "a b",
            "é",
            "🙂",
            "#0b4a61",
            "'x'",
            "\"x\"",
        ] {
            for text in [
                format!("a: {scalar}\n"),
                format!("- {scalar}\n"),
                format!("{scalar}: 1\n"),
                format!("a: '{scalar}'\n"),
                format!("[{scalar}]\n"),
                format!("{{a: {scalar}}}\n"),
            ] {
                same_as_serde(&text);
            }
        }
        for text in [
            "",
            "# alleen commentaar\n",
            "---\n",
            "---\na: 1\n...\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\na: 2\n",
            "1: a\n1.0: b\n",
            "? [a]\n: b\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 5\n",
            "a: !onbekend {b: 1}\n",
            "<<: {a: 1}\n",
            "a: |\n  een\n  twee\n",
            "a: >-\n  een\n  twee\n\n  drie\n",
            "a: |+\n  x\n\n",
            "a: \"tab\\there \\u00e9 \\x41\"\n",
            "a: 'it''s'\n",
            "a: een\n  twee\n   drie\n",
            "a:\n  - b: 1\n    c: [1, 2, {d: e}]\n  - []\n  - {}\n",
            "a: b: c\n",
            "\u{feff}a: 1\n",
            "a: 1 # commentaar\n",
            "a: \"\"\nb: ''\nc:\n",
        ] {
            same_as_serde(text);
        }
        // The site's own files.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in ["content", "tests/fixtures", "themes"] {
            for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let p = e.path();
                let text = std::fs::read_to_string(p).unwrap_or_default();
                let yaml = p.extension().is_some_and(|x| x == "yaml" || x == "yml");
                let front = p.extension().is_some_and(|x| x == "md") && text.starts_with("---\n");
                if yaml {
                    same_as_serde(&text);
                    read += usize::from(plain_value(&text).is_some());
                } else if front && let Some((fm, _, _)) = crate::document::split_front_matter(&text)
                {
                    same_as_serde(fm);
                    read += usize::from(plain_value(fm).is_some());
                }
            }
        }
        assert!(read > 100, "{read} files read the quick way");
    }

    #[test]
    fn plain_values_stay_serde_yamls_values_in_mutated_files() {
        // Seeded mutations of the fixtures' YAML: cut, a byte changed, a piece inserted.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let texts: Vec<String> = walkdir::WalkDir::new(root.join("tests/fixtures"))
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        let pieces = [
            ": ", "- ", "\n", "  ", "'", "\"", "#", "|\n", ">-\n", "[", "]", "{", "}", ",", "0x1f",
            ".inf", "~", "é", "\t", "? ", "&a ", "*a", "!!str ", "---\n", "...\n",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        for text in &texts {
            for _ in 0..200 {
                let mut t = text.clone().into_bytes();
                let at = next(t.len() + 1);
                match next(3) {
                    0 => t.truncate(at),
                    1 if !t.is_empty() => {
                        let i = at.min(t.len() - 1);
                        t[i] = b" :-#'\"[]{}\n0a"[next(13)];
                    }
                    _ => {
                        let piece = pieces[next(pieces.len())];
                        t.splice(at..at, piece.bytes());
                    }
                }
                if let Ok(t) = String::from_utf8(t) {
                    same_as_serde(&t);
                }
            }
        }
    }

    #[test]
    fn json_positions_are_the_yaml_parsers_positions() {
        for text in [
            "{\"checklist\": \"proef\", \"answers\": {\"v0\": \"ja\", \"v1\": \"nee\"}}",
            "{\n  \"a\": [1, {\"b\": \"é\"}, [true, null]],\n  \"c\\u0064\": -1.5e3,\n  \"é\": \"x\"\n}\n",
            "[]",
            "{}",
            "\"los\"",
            "{\"a\": {\"b\": {\"c\": []}}, \"d\": \"\\\"}\"}",
        ] {
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "{text}"
            );
            assert_eq!(index_json(text), index(text, 1).unwrap(), "{text}");
        }
    }

    #[test]
    fn path_hashes_join_like_the_text() {
        let root = PathKey::ROOT;
        assert_eq!(root.hash, PathKey::of(""));
        let id = root.join(b"kinds").join_index(12).join(b"id");
        assert_eq!(id.hash, PathKey::of("kinds.12.id"));
        assert_eq!(id.hash, PathKey::of(&join(&join("kinds", 12), "id")));
        assert_ne!(id.hash, PathKey::of("kinds.1.2id"));
        // An empty key at the root is joined like the text: no dot after "".
        assert_eq!(
            root.join(b"").join(b"x").hash,
            PathKey::of(&join(&join("", ""), "x"))
        );
        assert_eq!(root.join_index(0).hash, PathKey::of("0"));
    }

    #[test]
    fn aliases_may_repeat_a_fixed_amount() {
        // A shared list of options, repeated: fine.
        let shared: String =
            std::iter::once("opties: &o [ja, nee, deels, weet_niet]\n".to_string())
                .chain((0..100).map(|i| format!("v{i}: *o\n")))
                .collect();
        assert!(index(&shared, 1).is_ok());
        // Nine levels of nine: 9^9 values from a few lines.
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            bomb.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(", ")
            ));
        }
        let p = index(&bomb, 3).unwrap_err();
        assert_eq!(p.code, "yaml-aliases");
        // An `x` counts 16 + 1 = 17; `a` 16 + 9 × 17 = 169, `b` 16 + 9 × 169 = 1,537,
        // `c` 13,849, `d` 124,657. Up to `d` the aliases repeat 9 × (169 + 1,537 +
        // 13,849) = 139,995; the eighth `*d` of `e` passes 1 MB (139,995 + 8 × 124,657 =
        // 1,137,251 > 1,048,576), on the text's line 5: the file's line 7.
        assert_eq!(p.pos.0, 7, "{p:?}");
        // The budget is fixed: 100,000 more keys in the file do not raise it.
        let upto_d = bomb.lines().take(4).collect::<Vec<_>>().join("\n");
        let keys: String = (0..100_000).map(|i| format!("k{i}: 1\n")).collect();
        for (aliases, fits) in [(7, true), (8, false)] {
            let e = vec!["*d"; aliases].join(", ");
            let text = format!("{upto_d}\ne: [{e}]\n{keys}");
            assert_eq!(index(&text, 1).is_ok(), fits, "{aliases} aliases of d");
        }
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
