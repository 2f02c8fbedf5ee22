//! Seeded fuzzing of everything a site or a visitor hands to leidraad: front matter,
//! Markdown, YAML data, the configuration, checklists and answer files, mutated by byte
//! flips, truncation, deep nesting, YAML aliases and tags, huge numbers, NaN, NUL and
//! invalid UTF-8; and the shapes of issue 19: aliases with many keys, a file replaced by
//! a link to a device or a named pipe, many problems in one file, and Dutch text with
//! entities and multi-byte characters around them. Every case must end without a panic
//! or a hang, with every problem naming its file. On Linux each case's peak memory over
//! what the process held before is measured, and the largest ratio to the input's size
//! is printed for inputs of 64 KB and more.
//!
//! `LEIDRAAD_CAMPAIGN=full cargo test --release --test it fuzz -- --nocapture` runs the
//! full campaign of 20,000 cases; the default is a sample.

use crate::common;

use leidraad::diagnostic::{Diagnostics, Severity};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A seeded xorshift generator: the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const CHECKLIST: &str = "content/checklists/proef.yaml";
const ANSWERS: &str = "antwoorden.json";

/// Inserts that stress parsers: deep nesting, alias bombs, tags, extreme numbers.
const NASTY: &[&str] = &[
    "\0",
    "\u{feff}",
    ": : :",
    "- - - - - - - - - - - - - - - - - - - -",
    "&a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
    "!!binary aGVsbG8=",
    "!onbekend {a: 1}",
    "1e308",
    "-1e308",
    "99999999999999999999999999",
    ".nan",
    ".inf",
    "-.inf",
    "~",
    "'",
    "\"",
    "{{ site }}",
    "{% raw %}",
    "[](@",
    "](javascript:alert(1))",
    "<script>alert(1)</script>",
    "\n---\n",
    "\t",
    "\r\n",
    "ééé",
    "🙂",
];

/// Dutch sentences whose entities sit right beside multi-byte characters: the search
/// index decodes the entities of the rendered HTML (issue 19, item 1).
const DUTCH: &[&str] = &[
    "Samen inkopen in de V&V en „slimme zorg” werkt.",
    "Zorg & welzijn: één „aanpak” <samen> é&é ‘x’&#39;y’ &amp;é — “klaar”.",
    "ë&ï\"ö<ü>€&nbsp;🙂&",
    "&eacute;&#233;&#xE9;&#x1F642;&;&#;&#x;&bogus;„&”",
];

/// An insert of one of the large shapes: aliases with many keys after them, or a long
/// list of ids or links that do not exist (many problems in one file).
fn large(rng: &mut Rng) -> String {
    // Up to 20,000 items in the full campaign; the sample keeps them smaller (a debug
    // build parses them ten times slower).
    let n = 500 + rng.below(common::campaign(3_000, 20_000));
    match rng.below(3) {
        0 => {
            let mut s = String::from("\nbom: &a [x, x, x, x, x, x, x, x, x]\n");
            for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
                s.push_str(&format!(
                    "{name}: &{name} [{}]\n",
                    vec![format!("*{prev}"); 9].join(", ")
                ));
            }
            s.extend((0..n).map(|i| format!("k{i}: 1\n")));
            s
        }
        1 => format!(
            "\nhangt_samen_met: [{}]\n",
            (0..n)
                .map(|i| format!("onbekend-{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => (0..n).map(|i| format!("[zie](@onbekend-{i}) ")).collect(),
    }
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(12) {
            9 => {
                let insert = DUTCH[rng.below(DUTCH.len())];
                bytes.splice(at..at, insert.bytes());
            }
            10 if rng.below(4) == 0 => {
                let insert = large(rng);
                bytes.splice(at..at, insert.into_bytes());
            }
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 => {
                let depth = 1 + rng.below(3000);
                let open = ["[", "{", "- ", "> ", "  "][rng.below(5)];
                let insert = open.repeat(depth);
                bytes.splice(at..at, insert.bytes());
            }
            3 | 4 => {
                let insert = NASTY[rng.below(NASTY.len())];
                bytes.splice(at..at, insert.bytes());
            }
            5 => {
                bytes.splice(at..at, [0xff, 0xfe, 0xc3]);
            }
            6 if !bytes.is_empty() => {
                // Duplicate a slice: repeated keys and lines.
                let from = rng.below(bytes.len());
                let len = rng.below(200).min(bytes.len() - from);
                let piece = bytes[from..from + len].to_vec();
                bytes.splice(at..at, piece);
            }
            7 if !bytes.is_empty() => {
                let from = rng.below(bytes.len());
                let to = (from + rng.below(100)).min(bytes.len());
                bytes.drain(from..to);
            }
            _ => {
                bytes.splice(at..at, std::iter::repeat_n(b'9', 1 + rng.below(400)));
            }
        }
    }
    bytes
}

/// A site with one file of every sort, and an answers file beside it.
fn fixture() -> common::Fixture {
    let f = common::Fixture::new("minimal");
    f.write(
        CHECKLIST,
        "titel: \"Proef\"\nsamenvatting: \"Twee vragen.\"\nversie: \"2.0\"\ninleiding: |\n  Zie [](@over).\nbanden:\n  - { id: goed, vanaf: 60, titel: \"Goed\", uitleg: \"Ja.\" }\n  - { id: slecht, vanaf: 0, titel: \"Slecht\", uitleg: \"Nee.\" }\ndimensies:\n  - id: d\n    titel: \"D\"\n    vragen:\n      - id: a\n        vraag: \"A?\"\n        gewicht: 2\n        links: [over]\n        opties:\n          - { id: ja, label: \"Ja\", score: 1 }\n          - { id: nee, label: \"Nee\", score: 0, knockout: true, advies: \"Niet doen.\", links: [over] }\n      - id: b\n        vraag: \"B?\"\n        gewicht: 1\n        soort: situatie\n        links: [over]\n        opties:\n          - { id: ja, label: \"Ja\", score: 1 }\n          - { id: deels, label: \"Deels\", score: 0.4, advies: \"Beter.\" }\n",
    );
    f.write(
        ANSWERS,
        "{\"checklist\": \"proef\", \"version\": \"2.0\", \"innovatie\": \"Sensor\", \"organisatie\": \"Zorg Noord\", \"answers\": {\"a\": \"ja\", \"b\": \"weet_niet\"}}",
    );
    f
}

fn targets(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .filter(|p| {
            let s = p.to_string_lossy();
            s.ends_with(".md") || s.ends_with(".yaml") || s.ends_with(".json")
        })
        .collect();
    out.sort();
    out
}

/// Every problem names a file of the site (or of its theme).
fn assert_named(diags: &Diagnostics, root: &Path, case: &str) {
    for d in diags.items() {
        let named = !d.file.as_os_str().is_empty()
            && (root.join(&d.file).exists() || d.file.starts_with("themes"));
        assert!(
            named,
            "{case}: a problem that names no file of the site: {d}"
        );
    }
}

fn run_campaign(cases: usize, seed: u64) -> (usize, Duration) {
    let f = fixture();
    let root = f.root().to_path_buf();
    let files = targets(&root);
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|p| std::fs::read(root.join(p)).unwrap())
        .collect();
    let mut rng = Rng(seed);
    let mut slowest = Duration::ZERO;
    let mut with_errors = 0;
    for case in 0..cases {
        let i = rng.below(files.len());
        let rel = &files[i];
        let mutated = mutate(&mut rng, &originals[i]);
        std::fs::write(root.join(rel), &mutated).unwrap();
        let special = rng.below(60) == 0 && special_file(&root.join(rel), rng.below(2));
        let label = format!(
            "case {case} (seed {seed}): {}{}",
            rel.display(),
            if special { " (a special file)" } else { "" }
        );
        let before = memory::start_case();
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| {
            if rel.as_os_str() == ANSWERS {
                let path = root.join(ANSWERS);
                let report = leidraad::site::load_clean(&root).and_then(|site| {
                    leidraad::report::assess(
                        &site,
                        Some("proef"),
                        std::slice::from_ref(&path),
                        case % 2 == 0,
                    )
                });
                match report {
                    Ok(_) => Diagnostics::default(),
                    Err(d) => {
                        // A broken answers file is named; so is a broken site.
                        assert!(
                            d.items().iter().any(|x| x.file == path
                                || x.file.to_string_lossy().contains("leidraad.yaml")
                                || x.file.starts_with("content")),
                            "{label}: {d}"
                        );
                        d
                    }
                }
            } else {
                leidraad::build::check(&root, leidraad::build::CheckOptions::default()).diags
            }
        });
        let elapsed = started.elapsed();
        if !special {
            memory::end_case(before, mutated.len(), &label);
        }
        let diags = result.unwrap_or_else(|_| {
            let text = String::from_utf8_lossy(&mutated);
            panic!(
                "{label}: panicked on {:?}",
                text.chars().take(300).collect::<String>()
            )
        });
        assert!(elapsed < common::HANG, "{label}: took {elapsed:?}");
        slowest = slowest.max(elapsed);
        assert_named(&diags, &root, &label);
        if diags.items().iter().any(|d| d.severity == Severity::Error) {
            with_errors += 1;
        }
        if special {
            // The link or pipe goes; the original comes back.
            let _ = std::fs::remove_file(root.join(rel));
        }
        std::fs::write(root.join(rel), &originals[i]).unwrap();
    }
    (with_errors, slowest)
}

/// Replaces `path` by a link to `/dev/zero` (`kind` 0) or by a named pipe (1): neither
/// may be read. False where that cannot be made.
fn special_file(path: &Path, kind: usize) -> bool {
    #[cfg(unix)]
    {
        let _ = std::fs::remove_file(path);
        if kind == 0 {
            return std::os::unix::fs::symlink("/dev/zero", path).is_ok();
        }
        std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success())
    }
    #[cfg(not(unix))]
    {
        let _ = (path, kind);
        false
    }
}

/// Peak memory per case, on Linux: the kernel's peak is reset before a case
/// (`/proc/self/clear_refs`) and read after it (`VmHWM`), over what the process held
/// before (`VmRSS`).
mod memory {
    use std::sync::Mutex;

    /// The largest (ratio, extra bytes, input bytes, case) of an input of 64 KB or more.
    pub(super) static WORST: Mutex<Option<(f64, usize, usize, String)>> = Mutex::new(None);

    fn status(field: &str) -> Option<usize> {
        let text = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = text.lines().find(|l| l.starts_with(field))?;
        let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    /// What the process holds now, after resetting the peak.
    pub(super) fn start_case() -> Option<usize> {
        std::fs::write("/proc/self/clear_refs", "5").ok()?;
        status("VmRSS:")
    }

    /// Records the case's peak over `before` against its input size.
    pub(super) fn end_case(before: Option<usize>, input: usize, label: &str) {
        let (Some(before), Some(peak)) = (before, status("VmHWM:")) else {
            return;
        };
        if input < 64 * 1024 {
            return;
        }
        let extra = peak.saturating_sub(before);
        let ratio = extra as f64 / input as f64;
        let mut worst = WORST
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if worst.as_ref().is_none_or(|w| ratio > w.0) {
            *worst = Some((ratio, extra, input, label.to_string()));
        }
    }
}

#[test]
fn mutated_sites_and_answer_files_never_panic_hang_or_lose_the_file_name() {
    let cases = common::campaign(800, 20_000);
    let started = Instant::now();
    let (with_errors, slowest) = run_campaign(cases, 0x5eed_1eed_2026_1201);
    eprintln!(
        "fuzz: {cases} cases in {:.1} s, {with_errors} with errors, slowest {slowest:?}",
        started.elapsed().as_secs_f64()
    );
    if let Some((ratio, extra, input, case)) = memory::WORST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .as_ref()
    {
        eprintln!(
            "fuzz: largest memory / input of an input of 64 KB or more: {ratio:.1} x ({:.1} MB over {:.1} MB, {case})",
            *extra as f64 / 1048576.0,
            *input as f64 / 1048576.0
        );
    }
    assert!(
        with_errors > cases / 10,
        "the mutations break things often enough to test the errors"
    );
}
