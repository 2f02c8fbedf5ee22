//! How current a page is: the `bijgewerkt: YYYY-MM-DD` date from its front matter, or,
//! when the site is a git checkout, the date of the last commit that touched its file.
//!
//! The git dates come from one `git log` for the whole site ([`git_dates`]): a site has
//! thousands of files, and one process per file would cost seconds.

use crate::diagnostic::printable;
use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The example every date message shows, so authors see the shape they should write.
const EXAMPLE: &str = "write the date as YYYY-MM-DD, like 2026-12-01";

/// Month names for messages, which are in English like every other message.
const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date. Ordering is chronological (year, then month, then day), so dates
/// can be compared and sorted directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 0000 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// Reads a date written exactly as `YYYY-MM-DD` that exists on the calendar.
    ///
    /// Only this one form is accepted: `1-2-2026` means 1 February to one reader and
    /// 2 January to another, and a date that sorts as text is easy to check by eye. The
    /// error says what is wrong in words an author understands and, where the intent is
    /// clear (`2026-1-5`, `5-1-2026`), which date to write instead.
    pub fn parse(s: &str) -> Result<Date, String> {
        if s.trim().is_empty() {
            return Err(format!("the date is empty: {EXAMPLE}"));
        }
        let b = s.as_bytes();
        if b.len() > 10 && s.is_char_boundary(10) && Date::parse(&s[..10]).is_ok() {
            return Err(format!(
                "`{}` is not a date: there is text after the date; {EXAMPLE}",
                printable(s, 40)
            ));
        }
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(match loose(s) {
                Some(d) => format!(
                    "`{}` is not a date: {EXAMPLE}; did you mean {d}?",
                    printable(s, 40)
                ),
                None => format!("`{}` is not a date: {EXAMPLE}", printable(s, 40)),
            });
        }
        let num =
            |r: std::ops::Range<usize>| b[r].iter().fold(0u16, |n, c| n * 10 + u16::from(c - b'0'));
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        check(year, month, day).map_err(|why| format!("`{s}` is not a date: {why}"))?;
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The date the Dutch way, `1 december 2026`: no leading zero on the day, the month
    /// in words. The names come from the theme's strings, so a theme can change them.
    ///
    /// `months` should hold the 12 names, January first; if the month has no name there
    /// (too short a list, or a hand-made date with month 0 or 13) the ISO form is given
    /// instead, so a page never shows an empty month.
    pub fn dutch(&self, months: &[&str]) -> String {
        match usize::from(self.month)
            .checked_sub(1)
            .and_then(|i| months.get(i))
        {
            Some(name) => format!("{} {} {}", self.day, name, self.year),
            None => self.to_string(),
        }
    }
}

impl fmt::Display for Date {
    /// ISO 8601, `2026-12-01`: the form authors write and `<time datetime>` needs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether a year, month and day make a real date; if not, why, in words.
fn check(year: u16, month: u16, day: u16) -> Result<(), String> {
    if !(1..=12).contains(&month) {
        return Err(format!(
            "there is no month {month:02}; months go from 01 to 12"
        ));
    }
    if day == 0 {
        return Err("there is no day 00; days start at 01".to_string());
    }
    let last = days_in_month(year, month);
    if day > last {
        return Err(format!(
            "{} {year} has {last} days",
            ENGLISH_MONTHS[usize::from(month - 1)]
        ));
    }
    Ok(())
}

/// The number of days in a month (1 to 12) of the Gregorian calendar.
fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Gregorian leap years: every fourth year, except centuries not divisible by 400.
fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// The date an author most likely meant by a date written another common way: with
/// one-digit month or day (`2026-1-5`), or day first as is usual in Dutch (`5-1-2026`,
/// `05-01-2026`). Only for the hint in an error; such forms are never accepted.
fn loose(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = match (parts[0].len(), parts[1].len(), parts[2].len()) {
        (4, 1..=2, 1..=2) => (parts[0], parts[1], parts[2]),
        (1..=2, 1..=2, 4) => (parts[2], parts[1], parts[0]),
        _ => return None,
    };
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    check(year, month, day).ok()?;
    Some(Date {
        year,
        month: month as u8,
        day: day as u8,
    })
}

/// Variables that would point git at another repository than the one holding `root`.
/// Git sets some of them for hooks, so `leidraad check` in a pre-commit hook would
/// otherwise read the wrong history (or none: a relative `GIT_DIR` breaks with `-C`).
const REPOSITORY_ENV: [&str; 7] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
];

/// For every file under `root` that git history knows, the committer date (`%cs`, in
/// the committer's own time zone) of the newest commit that touched it. Paths are
/// relative to `root` (`content/knelpunten/x.md`), also when `root` is a folder inside
/// the repository.
///
/// One `git log` for the whole site, so the cost does not grow with a process per
/// file. Dates are a nicety: when git is missing, `root` is not in a repository, the
/// repository has no commits or git fails in any other way, the map is empty and
/// nothing is printed. Files that are new and not yet committed have no entry; files
/// that were deleted may have one, which does no harm.
///
/// Choices, and why:
/// - `--no-renames`: a moved file counts as touched by the move. Following renames
///   needs `--follow`, which git only supports for one file per call; rename detection
///   also costs time on big commits and would depend on the user's `diff.renames`.
/// - `-z` with a NUL before each commit's date: paths come out byte for byte (no quoting
///   of `é` or spaces, so `core.quotepath` does not matter), and since a path is never
///   empty, an empty field marks the start of a commit unambiguously.
/// - `--relative` and the pathspec `.`: only files under `root`, named relative to it.
/// - The newest date wins rather than the first one listed: git lists newest first by
///   commit date, but not strictly so when clocks were off or old branches were merged.
/// - Merge commits list no files (git's default for `log`), so a change made on a
///   branch carries the date of the commit on that branch.
/// - Variables that point git at another repository (`GIT_DIR`, `GIT_WORK_TREE` and
///   the like) are removed: the repository is the one holding `root`. Settings that would change the output
///   (`log.showSignature`, colour, `log.showRoot`) are overridden on the command line.
///
/// A shallow clone (`git clone --depth 1`, the default in many CI checkouts) has only
/// the newest commit, so every file gets that commit's date.
pub fn git_dates(root: &Path) -> HashMap<PathBuf, Date> {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args([
            "-c",
            "log.showRoot=true",
            "log",
            "-z",
            "--name-only",
            "--no-renames",
            "--relative",
            "--no-color",
            "--no-show-signature",
            "--format=%x00%cs",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for var in REPOSITORY_ENV {
        cmd.env_remove(var);
    }
    let Ok(mut child) = cmd.spawn() else {
        return HashMap::new();
    };
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return HashMap::new();
    };
    let mut log = LogParser::default();
    for field in BufReader::new(stdout).split(0) {
        match field {
            Ok(field) => log.field(&field),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return HashMap::new();
            }
        }
    }
    match child.wait() {
        Ok(status) if status.success() => log.dates,
        _ => HashMap::new(),
    }
}

/// Where [`LogParser`] is in one commit's fields.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Before the first commit: the empty field that starts every commit.
    #[default]
    Start,
    /// The commit's date.
    Date,
    /// The first path; git puts a newline between the date and the list of paths.
    FirstPath,
    /// Further paths, or the empty field that starts the next commit.
    Path,
}

/// Reads the NUL-separated fields of `git log -z --name-only --format=%x00%cs`:
/// for each commit an empty field, the date, then the paths (the first one with a
/// newline in front); a commit that changed nothing under the folder has no paths.
#[derive(Default)]
struct LogParser {
    expect: Expect,
    /// The date of the commit being read; `None` if git gave something unexpected,
    /// in which case that commit's paths are skipped.
    date: Option<Date>,
    dates: HashMap<PathBuf, Date>,
}

impl LogParser {
    fn field(&mut self, field: &[u8]) {
        if field.is_empty() && self.expect != Expect::Date {
            self.expect = Expect::Date;
            return;
        }
        match self.expect {
            Expect::Start => {}
            Expect::Date => {
                self.date = std::str::from_utf8(field)
                    .ok()
                    .and_then(|s| Date::parse(s).ok());
                self.expect = Expect::FirstPath;
            }
            Expect::FirstPath | Expect::Path => {
                let path = match (self.expect, field.split_first()) {
                    (Expect::FirstPath, Some((b'\n', rest))) => rest,
                    _ => field,
                };
                self.expect = Expect::Path;
                if let (Some(date), Some(path)) = (self.date, native_path(path)) {
                    self.dates
                        .entry(path)
                        .and_modify(|d| *d = (*d).max(date))
                        .or_insert(date);
                }
            }
        }
    }
}

/// A path as git writes it (bytes, `/` between folders) as a path of this system, so
/// it equals the path the site's own file walk produces.
fn native_path(bytes: &[u8]) -> Option<PathBuf> {
    if bytes.is_empty() {
        return None;
    }
    let mut path = PathBuf::new();
    for part in bytes.split(|&c| c == b'/') {
        path.push(os_str(part)?);
    }
    Some(path)
}

#[cfg(unix)]
fn os_str(bytes: &[u8]) -> Option<&std::ffi::OsStr> {
    use std::os::unix::ffi::OsStrExt;
    Some(std::ffi::OsStr::from_bytes(bytes))
}

/// Elsewhere git writes paths as UTF-8; a path that is not is skipped.
#[cfg(not(unix))]
fn os_str(bytes: &[u8]) -> Option<&std::ffi::OsStr> {
    std::str::from_utf8(bytes).ok().map(std::ffi::OsStr::new)
}

/// The day the newest file under `content/` was saved (UTC), from the file system: what
/// the changes feed gives as its `updated` when no page has a date (a site outside git
/// whose pages have no `bijgewerkt`). Links are not followed.
pub fn newest_saved(root: &Path) -> Option<Date> {
    let newest = walkdir::WalkDir::new(root.join(crate::files::CONTENT_DIR))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()?;
    let secs = newest.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    Some(Date {
        year: u16::try_from(year).ok()?,
        month,
        day,
    })
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's algorithm for
/// the proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn parses_valid_dates() {
        assert_eq!(Date::parse("2026-12-01"), Ok(date(2026, 12, 1)));
        assert_eq!(Date::parse("2026-01-31"), Ok(date(2026, 1, 31)));
        assert_eq!(Date::parse("1999-12-31"), Ok(date(1999, 12, 31)));
        assert_eq!(Date::parse("2026-04-30"), Ok(date(2026, 4, 30)));
    }

    #[test]
    fn leap_days() {
        assert_eq!(Date::parse("2024-02-29"), Ok(date(2024, 2, 29)));
        assert_eq!(Date::parse("2000-02-29"), Ok(date(2000, 2, 29)));
        assert_eq!(
            Date::parse("2023-02-29").unwrap_err(),
            "`2023-02-29` is not a date: February 2023 has 28 days"
        );
        assert_eq!(
            Date::parse("1900-02-29").unwrap_err(),
            "`1900-02-29` is not a date: February 1900 has 28 days"
        );
        assert_eq!(
            Date::parse("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a date: February 2026 has 28 days"
        );
        assert_eq!(
            Date::parse("2024-02-30").unwrap_err(),
            "`2024-02-30` is not a date: February 2024 has 29 days"
        );
    }

    #[test]
    fn impossible_months_and_days() {
        assert_eq!(
            Date::parse("2026-13-01").unwrap_err(),
            "`2026-13-01` is not a date: there is no month 13; months go from 01 to 12"
        );
        assert_eq!(
            Date::parse("2026-00-10").unwrap_err(),
            "`2026-00-10` is not a date: there is no month 00; months go from 01 to 12"
        );
        assert_eq!(
            Date::parse("2026-03-00").unwrap_err(),
            "`2026-03-00` is not a date: there is no day 00; days start at 01"
        );
        assert_eq!(
            Date::parse("2026-04-31").unwrap_err(),
            "`2026-04-31` is not a date: April 2026 has 30 days"
        );
    }

    #[test]
    fn other_shapes_are_refused_with_a_hint() {
        assert_eq!(
            Date::parse("1-2-2026").unwrap_err(),
            "`1-2-2026` is not a date: write the date as YYYY-MM-DD, like 2026-12-01; did you mean 2026-02-01?"
        );
        assert_eq!(
            Date::parse("2026-1-5").unwrap_err(),
            "`2026-1-5` is not a date: write the date as YYYY-MM-DD, like 2026-12-01; did you mean 2026-01-05?"
        );
        assert_eq!(
            Date::parse("05-01-2026").unwrap_err(),
            "`05-01-2026` is not a date: write the date as YYYY-MM-DD, like 2026-12-01; did you mean 2026-01-05?"
        );
        // No hint when the loose form is not a real date either.
        assert_eq!(
            Date::parse("2026-2-30").unwrap_err(),
            "`2026-2-30` is not a date: write the date as YYYY-MM-DD, like 2026-12-01"
        );
        for s in [
            "2026/12/01",
            "20261201",
            "1 december 2026",
            "２０２６-12-01",
        ] {
            assert_eq!(
                Date::parse(s).unwrap_err(),
                format!("`{s}` is not a date: write the date as YYYY-MM-DD, like 2026-12-01")
            );
        }
    }

    #[test]
    fn extra_text_and_empty() {
        assert_eq!(
            Date::parse("2026-12-01 (herzien)").unwrap_err(),
            "`2026-12-01 (herzien)` is not a date: there is text after the date; write the date as YYYY-MM-DD, like 2026-12-01"
        );
        assert_eq!(
            Date::parse("2026-12-01T10:00:00").unwrap_err(),
            "`2026-12-01T10:00:00` is not a date: there is text after the date; write the date as YYYY-MM-DD, like 2026-12-01"
        );
        assert!(Date::parse(" 2026-12-01").is_err());
        assert!(Date::parse("2026-12-01\n").is_err());
        assert_eq!(
            Date::parse("").unwrap_err(),
            "the date is empty: write the date as YYYY-MM-DD, like 2026-12-01"
        );
        assert_eq!(
            Date::parse("   ").unwrap_err(),
            "the date is empty: write the date as YYYY-MM-DD, like 2026-12-01"
        );
    }

    #[test]
    fn odd_input_never_panics_and_is_shown_safely() {
        for s in [
            "-",
            "--",
            "----------",
            "2026-12-0é",
            "é026-12-01",
            "2026-12-01é",
            "\u{1b}[31m",
            "9999-99-99",
            "0000-01-01",
            "2026-12-1-",
            "-2026-12-1",
        ] {
            let _ = Date::parse(s);
        }
        let long = "x".repeat(1000);
        let msg = Date::parse(&long).unwrap_err();
        assert!(msg.len() < 200, "{msg}");
        assert!(msg.contains('…'));
        let msg = Date::parse("a\u{1b}[2Jb").unwrap_err();
        assert!(!msg.contains('\u{1b}'), "{msg}");
    }

    #[test]
    fn days_since_1970_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 1970 to 2000 is 30 years with 7 leap days (72, 76, ..., 96): 10,957 days; then
        // January (31) and February of the leap year 2000 (29).
        assert_eq!(civil_from_days(10_957), (2000, 1, 1));
        assert_eq!(civil_from_days(10_957 + 31 + 29), (2000, 3, 1));
        assert_eq!(civil_from_days(10_957 + 31 + 28), (2000, 2, 29));
    }

    #[test]
    fn display_is_iso() {
        assert_eq!(date(2026, 12, 1).to_string(), "2026-12-01");
        assert_eq!(date(987, 3, 9).to_string(), "0987-03-09");
        for s in ["2026-12-01", "2024-02-29", "0001-01-01"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn dutch_form() {
        assert_eq!(date(2026, 12, 1).dutch(&MAANDEN), "1 december 2026");
        assert_eq!(date(2024, 2, 29).dutch(&MAANDEN), "29 februari 2024");
        assert_eq!(date(2026, 1, 5).dutch(&MAANDEN), "5 januari 2026");
        // A month without a name falls back to ISO rather than panicking.
        assert_eq!(date(2026, 12, 1).dutch(&MAANDEN[..11]), "2026-12-01");
        assert_eq!(date(2026, 0, 1).dutch(&MAANDEN), "2026-00-01");
        assert_eq!(date(2026, 13, 1).dutch(&MAANDEN), "2026-13-01");
    }

    #[test]
    fn ordering_is_chronological() {
        let mut v = [date(2026, 12, 1), date(2025, 12, 31), date(2026, 2, 3)];
        v.sort();
        assert_eq!(v, [date(2025, 12, 31), date(2026, 2, 3), date(2026, 12, 1)]);
    }

    fn parse_log(bytes: &[u8]) -> HashMap<PathBuf, Date> {
        let mut p = LogParser::default();
        let mut fields: Vec<&[u8]> = bytes.split(|&c| c == 0).collect();
        // Like BufRead::split: a trailing NUL gives no empty last field.
        if bytes.last() == Some(&0) {
            fields.pop();
        }
        for f in fields {
            p.field(f);
        }
        p.dates
    }

    #[test]
    fn log_parsing() {
        // Output captured from git 2.47: an empty commit, a path that starts with a
        // newline, a path that looks like a date, and a root commit.
        let out = b"\x002026-12-02\x00\x002026-12-01\x00\n\nnl.md\x002026-01-01\x00\x002026-11-20\x00\na.md\x00\x002026-03-04\x00\na.md\x00sub/b \xc3\xa9.md\x00";
        let dates = parse_log(out);
        assert_eq!(dates.len(), 4, "{dates:?}");
        assert_eq!(dates[Path::new("\nnl.md")], date(2026, 12, 1));
        assert_eq!(dates[Path::new("2026-01-01")], date(2026, 12, 1));
        assert_eq!(dates[Path::new("a.md")], date(2026, 11, 20));
        assert_eq!(dates[&Path::new("sub").join("b é.md")], date(2026, 3, 4));
    }

    #[test]
    fn log_parsing_keeps_the_newest_date_and_skips_garbage() {
        let out =
            b"\x002026-03-04\x00\na.md\x00\x002026-11-20\x00\na.md\x00\x00garbage\x00\nb.md\x00";
        let dates = parse_log(out);
        assert_eq!(dates[Path::new("a.md")], date(2026, 11, 20));
        assert!(!dates.contains_key(Path::new("b.md")));
        assert!(parse_log(b"").is_empty());
        assert!(parse_log(b"fatal: not a git repository\n").is_empty());
    }
}

/// The git dates of a site with the commit they were read at, so `serve` reads them
/// again only after a new commit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitDates {
    /// `HEAD` when the dates were read; `None` outside a repository.
    pub head: Option<String>,
    /// Paths relative to the site root → date of their last commit.
    pub dates: HashMap<PathBuf, Date>,
}

impl GitDates {
    /// Reads the dates of every file under `root` (empty without git).
    pub fn read(root: &Path) -> GitDates {
        GitDates {
            head: GitDates::head(root),
            dates: git_dates(root),
        }
    }

    /// The commit `HEAD` points at; one cheap `git rev-parse`.
    pub fn head(root: &Path) -> Option<String> {
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(root)
            .args(["rev-parse", "--verify", "--quiet", "HEAD"])
            .stdin(Stdio::null())
            .stderr(Stdio::null());
        for var in REPOSITORY_ENV {
            cmd.env_remove(var);
        }
        let out = cmd.output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}
