//! Problems found in a site, with the place they were found, printed for authors.
//!
//! Every validating step pushes into a [`Diagnostics`] list instead of stopping at the
//! first problem, so one build reports everything that is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// A short stable code such as `unknown-field`, for tools.
    pub code: &'static str,
    /// What is wrong, in words for authors.
    pub message: String,
    /// What to do about it; shown on a line of its own. Always in the JSON output: `null`
    /// when there is none.
    pub hint: Option<Box<str>>,
}

impl Diagnostic {
    /// An error in `file` with no known position yet.
    pub fn error(file: impl Into<PathBuf>, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning in `file` with no known position yet.
    pub fn warning(
        file: impl Into<PathBuf>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, code, message)
        }
    }

    /// Sets the 1-based line (and column, if known).
    pub fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Adds a hint: what the author can do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    /// Sets the position from a `(line, column)` pair.
    pub fn at_pos(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((l, c)) => self.at(Some(l), Some(c)),
            None => self,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Messages quote the site's and visitors' files: escape control characters, so an
        // escape sequence in a file cannot clear or retitle the terminal.
        write!(
            f,
            ": {label}[{}]: {}",
            self.code,
            printable(&self.message, usize::MAX)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {}", printable(hint, usize::MAX))?;
        }
        Ok(())
    }
}

/// How many problems of one file are listed; the rest are counted (see
/// [`Diagnostics::capped`]).
pub const LISTED_PER_FILE: usize = 100;

/// How many problems of one file are kept at all: ten times what is listed, so the
/// first hundred by line are among them when problems are found roughly in line order,
/// while a file of 200,000 unknown ids costs a few hundred kilobytes, not a gigabyte.
/// Problems past this are counted (see [`Diagnostics::capped`]).
pub const KEPT_PER_FILE: usize = 10 * LISTED_PER_FILE;

/// Every code a problem can have, for `check --allow` and the manual's list of codes
/// (docs/content/codes/, one page each; a test keeps the three in step with the code).
pub const CODES: &[&str] = &[
    "alias-clash",
    "broken-link",
    "config-missing",
    "content-missing",
    "copied-text",
    "difficult-word",
    "duplicate-anchor",
    "duplicate-id",
    "duplicate-key",
    "empty-data",
    "empty-entry",
    "file-too-complex",
    "file-too-large",
    "footnote-missing",
    "front-matter",
    "house-style",
    "image-alt",
    "internal",
    "invalid-calculator",
    "invalid-checklist",
    "invalid-colour",
    "invalid-config",
    "invalid-data",
    "invalid-date",
    "invalid-id",
    "invalid-json",
    "invalid-value",
    "io",
    "leftover",
    "long-sentence",
    "low-contrast",
    "missing-data-key",
    "missing-field",
    "missing-template",
    "more-problems",
    "nested-entry",
    "not-a-file",
    "not-utf8",
    "orphan",
    "out-of-range",
    "output-conflict",
    "placeholder-base-url",
    "placeholder-text",
    "raw-html",
    "recovered",
    "site-errors",
    "source-text-missing",
    "space-in-link",
    "symlink",
    "template",
    "theme-outdated",
    "too-deep",
    "too-long",
    "too-many-kinds",
    "too-many-questions",
    "unknown-anchor",
    "unknown-field",
    "unknown-id",
    "unknown-kind",
    "unknown-language",
    "unknown-theme",
    "unlinked-file",
    "wrong-calculator",
    "wrong-checklist",
    "wrong-kind",
    "wrong-type",
    "wrong-version",
    "yaml-aliases",
    "yaml-syntax",
];

/// All problems of one run, in the order found (at most [`KEPT_PER_FILE`] per file; the
/// rest counted).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Per file: problems kept, and errors and warnings not kept.
    per_file: crate::FastMap<PathBuf, Tally>,
}

/// The counts of one file's problems.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    kept: usize,
    dropped_errors: usize,
    dropped_warnings: usize,
}

impl Diagnostics {
    /// Adds one problem (counted only, past [`KEPT_PER_FILE`] in its file).
    pub fn push(&mut self, d: Diagnostic) {
        let tally = match self.per_file.get_mut(d.file.as_path()) {
            Some(t) => t,
            None => self.per_file.entry(d.file.clone()).or_default(),
        };
        if tally.kept < KEPT_PER_FILE {
            tally.kept += 1;
            self.items.push(d);
        } else if d.severity == Severity::Error {
            tally.dropped_errors += 1;
        } else {
            tally.dropped_warnings += 1;
        }
    }

    /// Adds all problems of another list.
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        for (file, t) in other.per_file {
            if t.dropped_errors + t.dropped_warnings > 0 {
                let mine = self.per_file.entry(file).or_default();
                mine.dropped_errors += t.dropped_errors;
                mine.dropped_warnings += t.dropped_warnings;
            }
        }
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The problems, in the order found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Keeps only the problems for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// The problems, to add a hint or a position found later.
    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// Sorts by file, line and column so reports read top to bottom.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.items.dedup();
    }

    /// At most `max` problems per file, errors before warnings, in the order they had;
    /// for a file with more, one line more says how many were left out. Thousands of
    /// problems in one file are one mistake repeated (a pasted list of ids, say): the
    /// first hundred show it, and printing every one would take minutes.
    pub fn capped(self, max: usize) -> Diagnostics {
        let mut counts: crate::FastMap<&Path, (usize, usize)> = crate::FastMap::default();
        for d in &self.items {
            let c = counts.entry(&d.file).or_default();
            match d.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
            }
        }
        // Those counted but never kept.
        for (file, t) in &self.per_file {
            if t.dropped_errors + t.dropped_warnings > 0 {
                let c = counts.entry(file).or_default();
                c.0 += t.dropped_errors;
                c.1 += t.dropped_warnings;
            }
        }
        if counts.values().all(|(e, w)| e + w <= max) {
            return self;
        }
        // Per file: how many errors and warnings are kept, and the summary still owed.
        let mut room: crate::FastMap<PathBuf, (usize, usize, Option<Diagnostic>)> = counts
            .iter()
            .filter(|(_, (e, w))| e + w > max)
            .map(|(file, &(errors, warnings))| {
                let (listed_errors, listed_warnings) = self
                    .items
                    .iter()
                    .filter(|d| d.file == *file)
                    .fold((0, 0), |(e, w), d| match d.severity {
                        Severity::Error => (e + 1, w),
                        Severity::Warning => (e, w + 1),
                    });
                let keep_errors = listed_errors.min(max);
                let keep_warnings = (max - keep_errors).min(listed_warnings);
                let left_out = errors + warnings - keep_errors - keep_warnings;
                let summary = Diagnostic {
                    severity: if errors > keep_errors {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    ..Diagnostic::error(
                        *file,
                        "more-problems",
                        format!(
                            "and {left_out} more problems in this file (only the first {max} are listed, errors first); fix these and check again"
                        ),
                    )
                };
                (file.to_path_buf(), (keep_errors, keep_warnings, Some(summary)))
            })
            .collect();
        let mut items = Vec::with_capacity(self.items.len().min(room.len() * (max + 1) + 64));
        let mut last: Option<PathBuf> = None;
        for d in self.items {
            if last.as_ref() != Some(&d.file)
                && let Some(prev) = last.take()
                && let Some(summary) = room.get_mut(&prev).and_then(|r| r.2.take())
            {
                items.push(summary);
            }
            last = Some(d.file.clone());
            let Some(r) = room.get_mut(&d.file) else {
                items.push(d);
                continue;
            };
            let left = match d.severity {
                Severity::Error => &mut r.0,
                Severity::Warning => &mut r.1,
            };
            if *left > 0 {
                *left -= 1;
                items.push(d);
            }
        }
        // Summaries not yet placed (the last file, or files in more than one run).
        items.extend(room.into_values().filter_map(|r| r.2));
        let mut out = Diagnostics::default();
        for d in items {
            out.push(d);
        }
        out
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are no problems.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        let mut diags = Diagnostics::default();
        diags.push(d);
        diags
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The candidate closest to `wanted`, if one is close enough to be a likely typo: at
/// most about three edits in ten characters. A suggestion that is not really near (an id
/// of a deleted page against an unrelated one) misleads more than none.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let score = strsim::normalized_damerau_levenshtein(&wanted_lower, &c.to_lowercase());
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `" (did you mean `x`?)"` when a close candidate exists, else an empty string.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(wanted, candidates) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

/// `"; did you mean `x`?"` when a close candidate exists, else `"; <what> are: a, b, c"`
/// (all of them, when there are at most `max`): a wrong value with nothing close still
/// learns what it may be.
pub fn did_you_mean_or_list<'a>(
    wanted: &str,
    what: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
    max: usize,
) -> String {
    match closest(wanted, candidates.clone()) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() || all.len() > max {
                return String::new();
            }
            let listed: Vec<String> = all.iter().map(|c| format!("`{c}`")).collect();
            format!("; {what}: {}", listed.join(", "))
        }
    }
}

/// A value from an untrusted file or request as a message may show it: control
/// characters escaped (an escape sequence could clear or retitle the terminal), and at
/// most `max` characters, then `…`.
pub fn printable(value: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Shows `path` relative to `root` when it lies inside it.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// One GitHub Actions workflow command per problem (`::error file=…,line=…::message`), so
/// the problems show on the lines of a pull request.
pub fn github(diags: &Diagnostics) -> String {
    // The escapes GitHub's workflow commands define for values and properties.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diags.items() {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![format!("file={}", prop(&d.file.to_string_lossy()))];
        if let Some(l) = d.line {
            props.push(format!("line={l}"));
        }
        if let Some(c) = d.column {
            props.push(format!("col={c}"));
        }
        props.push(format!("title={}", prop(d.code)));
        let mut message = printable(&d.message, usize::MAX);
        if let Some(h) = &d.hint {
            message.push_str(&format!("\nhint: {h}"));
        }
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

/// One issue of a GitLab Code Quality report.
#[derive(serde::Serialize)]
struct CodeQuality<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation,
}

#[derive(serde::Serialize)]
struct CodeQualityLocation {
    path: String,
    lines: CodeQualityLines,
}

#[derive(serde::Serialize)]
struct CodeQualityLines {
    begin: usize,
}

/// A GitLab Code Quality report (a JSON list of issues), so the problems show in a merge
/// request. Errors are `major`, warnings `minor`. The fingerprint is made of the file,
/// the code and the message (not the line), numbered when the same one occurs more than
/// once, so a problem keeps its fingerprint when lines above it move.
pub fn gitlab(diags: &Diagnostics) -> String {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let issues: Vec<CodeQuality<'_>> = diags
        .items()
        .iter()
        .map(|d| {
            let path = d.file.to_string_lossy().replace('\\', "/");
            let key = format!("{path}\u{0}{}\u{0}{}", d.code, d.message);
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let mut description = printable(&d.message, usize::MAX);
            if let Some(h) = &d.hint {
                description.push_str(&format!(" (hint: {})", printable(h, usize::MAX)));
            }
            CodeQuality {
                description,
                check_name: d.code,
                fingerprint: fingerprint(&format!("{key}\u{0}{n}")),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: CodeQualityLocation {
                    path,
                    lines: CodeQualityLines {
                        begin: d.line.unwrap_or(1),
                    },
                },
            }
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_default()
}

/// 32 hexadecimal digits that stay the same for the same text on every machine and in
/// every version (two FNV-1a hashes; not for security, only to tell issues apart).
fn fingerprint(text: &str) -> String {
    let fnv = |seed: u64| {
        text.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x8422_2325_cbf2_9ce4)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["individuele-pilots", "smalle-markt", "kostenverdeling"];
        assert_eq!(
            closest("individuele-pilot", ids),
            Some("individuele-pilots")
        );
        assert_eq!(closest("kostenverdeeling", ids), Some("kostenverdeling"));
        assert_eq!(closest("zzzz", ids), None);
        // An old id of a deleted page is not "near" an unrelated one.
        assert_eq!(
            closest("oude-marktanalyse", ["marktverstoring", "marktverkenning"]),
            None
        );
        assert_eq!(closest("tempate", ["template", "title"]), Some("template"));
    }

    #[test]
    fn a_file_with_many_problems_lists_the_first_errors_and_counts_the_rest() {
        let mut diags = Diagnostics::default();
        for line in 1..=150 {
            diags.push(Diagnostic::warning("a.md", "difficult-word", "w").at(Some(line), Some(1)));
        }
        diags.push(Diagnostic::error("a.md", "unknown-id", "e").at(Some(151), Some(1)));
        diags.push(Diagnostic::error("b.md", "unknown-id", "e").at(Some(1), Some(1)));
        let capped = diags.capped(100);
        let a: Vec<&Diagnostic> = capped
            .items()
            .iter()
            .filter(|d| d.file == Path::new("a.md"))
            .collect();
        // 100 listed, the error among them though it comes last, then the summary.
        assert_eq!(a.len(), 101);
        assert_eq!(a.iter().filter(|d| d.code == "unknown-id").count(), 1);
        assert_eq!(a.iter().filter(|d| d.code == "difficult-word").count(), 99);
        // 151 problems, 100 listed: 51 left out, all of them warnings.
        assert_eq!(a[100].code, "more-problems");
        assert!(
            a[100]
                .message
                .starts_with("and 51 more problems in this file")
        );
        assert_eq!(a[100].severity, Severity::Warning);
        assert_eq!(capped.items().last().unwrap().file, Path::new("b.md"));
        assert_eq!(capped.len(), 102);
    }

    #[test]
    fn past_the_kept_number_problems_are_only_counted() {
        let mut diags = Diagnostics::default();
        for line in 1..=5000 {
            diags.push(Diagnostic::error("a.md", "unknown-id", "e").at(Some(line), Some(1)));
        }
        let mut more = Diagnostics::default();
        more.push(Diagnostic::warning("a.md", "difficult-word", "w").at(Some(1), Some(1)));
        diags.extend(more);
        assert_eq!(diags.len(), KEPT_PER_FILE);
        let capped = diags.capped(LISTED_PER_FILE);
        // 5,001 problems, 100 listed.
        assert!(
            capped.items()[100]
                .message
                .starts_with("and 4901 more problems")
        );
        assert_eq!(capped.items()[100].severity, Severity::Error);
        assert_eq!(capped.items()[99].line, Some(100));
    }

    #[test]
    fn lists_the_candidates_when_none_is_close() {
        assert_eq!(
            did_you_mean_or_list("Ja", "the options are", ["ja", "nee"], 10),
            "; did you mean `ja`?"
        );
        assert_eq!(
            did_you_mean_or_list("misschien", "the options are", ["ja", "nee"], 10),
            "; the options are: `ja`, `nee`"
        );
        assert_eq!(
            did_you_mean_or_list("misschien", "the options are", ["ja", "nee"], 1),
            ""
        );
    }

    #[test]
    fn gitlab_issues_have_every_field_and_distinct_stable_fingerprints() {
        let mut diags = Diagnostics::default();
        let d = Diagnostic::error("content/a.md", "unknown-id", "boo")
            .at(Some(3), Some(2))
            .with_hint("do this");
        diags.push(d.clone());
        diags.push(d.at(Some(9), Some(1)));
        diags.push(Diagnostic::warning(
            "leidraad.yaml",
            "placeholder-base-url",
            "x",
        ));
        let v: serde_json::Value = serde_json::from_str(&gitlab(&diags)).unwrap();
        let issues = v.as_array().unwrap();
        assert_eq!(issues.len(), 3);
        assert_eq!(issues[0]["description"], "boo (hint: do this)");
        assert_eq!(issues[0]["check_name"], "unknown-id");
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(issues[0]["location"]["path"], "content/a.md");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
        assert_eq!(issues[2]["severity"], "minor");
        assert_eq!(
            issues[2]["location"]["lines"]["begin"], 1,
            "no line: the first"
        );
        let prints: Vec<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert!(prints.iter().all(|p| p.len() == 32));
        assert_ne!(prints[0], prints[1], "the same problem twice: two issues");
        // The same text gives the same fingerprint, whatever line it moved to.
        assert_eq!(fingerprint("a"), fingerprint("a"));
        // Nothing hashed: the two seeds, as written in `fingerprint`.
        assert_eq!(fingerprint(""), "cbf29ce48422232584222325cbf29ce4");
    }

    #[test]
    fn prints_path_line_column() {
        let d = Diagnostic::error("content/a.md", "unknown-field", "boo").at(Some(3), Some(1));
        assert_eq!(d.to_string(), "content/a.md:3:1: error[unknown-field]: boo");
    }
}
