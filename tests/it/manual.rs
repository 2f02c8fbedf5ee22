//! The manual (`docs/`, a site built by leidraad) and the README cannot drift from the
//! program: the manual builds and checks without warnings, every problem code has its
//! page, and every command they show in a `console` block runs here, its output compared
//! with what is shown (`...` stands for any text in a line, or any lines on a line of
//! its own).
//!
//! A file's `console` blocks run as one shell session in a temporary folder, in order,
//! so `cd` carries over. A block whose info string says `console init` starts in a fresh
//! site made by `leidraad init mijn-leidraad`; `console repo` in a copy of the shipped
//! site, where `cargo run --release -- ARGS` stands for `leidraad ARGS`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// One `console` block: where it starts, and its commands with the output shown.
struct Block {
    start: Start,
    commands: Vec<(String, Vec<String>)>,
    line: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Start {
    /// Where the session is (a fresh empty folder at first).
    Here,
    /// A fresh `leidraad init` site.
    Init,
    /// A copy of the shipped site (the repository's content, config and theme).
    Repo,
}

/// The fenced blocks of a Markdown file: (info string, first line, lines).
fn fenced_blocks(markdown: &str) -> Vec<(String, usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, Vec<String>)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match open.as_mut() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some((info.trim().to_string(), i + 1, Vec::new()));
                }
            }
            Some((_, _, lines)) => {
                if line.trim_end() == "```" {
                    out.push(open.take().unwrap());
                } else {
                    lines.push(line.to_string());
                }
            }
        }
    }
    out
}

/// The README's quick start, exactly: the build of the shipped site and the tests.
const QUICK_START: [&str; 2] = ["cargo run --release -- build", "cargo test --locked"];

/// The `console` blocks of a file; a block that shows commands any other way fails.
fn console_blocks(file: &Path) -> Vec<Block> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut blocks = Vec::new();
    for (info, line, lines) in fenced_blocks(&text) {
        let mut words = info.split_whitespace();
        let lang = words.next().unwrap_or("");
        // The quick start's two commands stand bare, ready to copy: the build runs in the
        // README's own block for the manual (`--root docs`), the tests are what CI runs.
        if lang == "sh" && lines == QUICK_START {
            continue;
        }
        assert!(
            !matches!(lang, "sh" | "bash" | "shell" | "zsh" | "powershell"),
            "{}:{line}: commands go in a `console` block (`$ command` and its output), so that they are run and compared",
            file.display()
        );
        if lang != "console" {
            continue;
        }
        let start = match words.next() {
            None => Start::Here,
            Some("init") => Start::Init,
            Some("repo") => Start::Repo,
            Some(other) => panic!("{}:{line}: unknown start `{other}`", file.display()),
        };
        let mut commands: Vec<(String, Vec<String>)> = Vec::new();
        for l in lines {
            match l.strip_prefix("$ ") {
                Some(cmd) => commands.push((cmd.to_string(), Vec::new())),
                None => commands
                    .last_mut()
                    .unwrap_or_else(|| panic!("{}:{line}: output before a command", file.display()))
                    .1
                    .push(l),
            }
        }
        blocks.push(Block {
            start,
            commands,
            line,
        });
    }
    blocks
}

/// The shell form of one shown command: `cargo run --release --` runs the binary,
/// `leidraad serve` is stopped with Ctrl-C once it says where it serves.
fn shell_form(cmd: &str) -> Option<String> {
    let cmd = match cmd.strip_prefix("cargo run --release -- ") {
        Some(rest) => format!("leidraad {rest}"),
        None => cmd.to_string(),
    };
    if cmd == "cargo test --locked" {
        // The suite itself: `readme_test_command_is_what_ci_runs` checks it instead.
        return None;
    }
    assert!(
        !cmd.starts_with("cargo "),
        "`{cmd}`: a cargo command cannot run inside the tests"
    );
    if cmd.starts_with("leidraad serve") {
        return Some(format!(
            "{cmd} > \"$T/serve.out\" 2>&1 & pid=$!\n\
             for i in $(seq 1 1200); do grep -q 'Serving the site' \"$T/serve.out\" && break; sleep 0.05; done\n\
             kill -INT $pid; wait $pid; cat \"$T/serve.out\""
        ));
    }
    Some(cmd)
}

/// Runs a file's blocks as one session and returns, per command, what it printed.
fn run_session(blocks: &[Block], tmp: &Path) -> Vec<String> {
    let bin = tmp.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_leidraad"), bin.join("leidraad")).unwrap();
    let repo = common::repo_root();
    let mut script = String::from("exec 2>&1\nT=\"$PWD\"\n");
    let mut n = 0;
    for (b, block) in blocks.iter().enumerate() {
        match block.start {
            Start::Here => {}
            Start::Init => script.push_str(&format!(
                "mkdir -p \"$T/s{b}\" && cd \"$T/s{b}\" && leidraad init mijn-leidraad > /dev/null && cd mijn-leidraad\n"
            )),
            Start::Repo => script.push_str(&format!(
                "mkdir -p \"$T/s{b}\" && cd \"$T/s{b}\" && cp -r '{r}/leidraad.yaml' '{r}/content' '{r}/themes' '{r}/docs' . && rm -rf docs/public\n",
                r = repo.display()
            )),
        }
        for (cmd, _) in &block.commands {
            script.push_str(&format!("printf '\\036 {n}\\n'\n"));
            if let Some(shell) = shell_form(cmd) {
                script.push_str(&shell);
                script.push('\n');
            }
            n += 1;
        }
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(tmp)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut outputs = vec![String::new(); n];
    let mut current: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        if let Some(i) = line.strip_prefix("\u{1e} ") {
            current = Some(i.trim().parse().unwrap());
            continue;
        }
        if let Some(i) = current {
            outputs[i].push_str(line);
        }
    }
    outputs
}

/// `serve` takes the next free port when 1111 is taken (by another test, or a preview
/// the reader has open): the manual shows 1111.
fn port_as_shown(printed: &str) -> String {
    let mut out = String::with_capacity(printed.len());
    let mut rest = printed;
    while let Some(i) = rest.find("127.0.0.1:") {
        let after = &rest[i + "127.0.0.1:".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(&rest[..i]);
        out.push_str("127.0.0.1:");
        out.push_str(if digits > 0 { "1111" } else { "" });
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Whether `actual` lines match `expected` lines: a line `...` matches any number of
/// lines, and `...` inside a line any text.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => match actual.split_first() {
            Some((a, more)) => line_matches(e.trim_end(), a.trim_end()) && matches(rest, more),
            None => false,
        },
    }
}

fn line_matches(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split("...").collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || !actual[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// The Markdown files that show commands: the README and every page of the manual.
fn documents() -> Vec<PathBuf> {
    let root = common::repo_root();
    let mut files = vec![root.join("README.md")];
    files.extend(
        walkdir::WalkDir::new(root.join("docs/content"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    files.sort();
    files
}

#[test]
fn every_command_in_the_manual_and_the_readme_runs_as_shown() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in documents() {
        let blocks = console_blocks(&file);
        if blocks.is_empty() {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let outputs = run_session(&blocks, tmp.path());
        let mut n = 0;
        for block in &blocks {
            for (cmd, expected) in &block.commands {
                let printed = port_as_shown(&outputs[n]);
                let actual: Vec<&str> = printed.lines().collect();
                n += 1;
                if shell_form(cmd).is_none() {
                    continue;
                }
                ran += 1;
                if !matches(expected, &actual) {
                    failures.push(format!(
                        "{} (block at line {}): `{cmd}`\n--- shown:\n{}\n--- printed:\n{}",
                        file.strip_prefix(common::repo_root()).unwrap().display(),
                        block.line,
                        expected.join("\n"),
                        outputs[n - 1]
                    ));
                }
            }
        }
    }
    assert!(ran > 20, "only {ran} commands found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn wildcards_match_lines_and_text() {
    let e = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(matches(&e("a\n...\nd"), &["a", "b", "c", "d"]));
    assert!(matches(&e("a\n...\nd"), &["a", "d"]));
    assert!(!matches(&e("a\n...\nd"), &["a", "b"]));
    assert!(matches(
        &e("Built ... pages in ... ms"),
        &["Built 12 pages in 3.4 ms"]
    ));
    assert!(!matches(&e("Built ... pages"), &["Built 12 files"]));
    assert!(!matches(&e("a"), &["a", "b"]), "no output may be left over");
    assert_eq!(
        port_as_shown("at http://127.0.0.1:1112/ and 127.0.0.1:x"),
        "at http://127.0.0.1:1111/ and 127.0.0.1:x"
    );
}

/// The README's test command is the one CI runs (`.ci/run`).
#[test]
fn readme_test_command_is_what_ci_runs() {
    let root = common::repo_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let quick_start = fenced_blocks(&readme)
        .into_iter()
        .find(|(info, _, _)| info == "sh")
        .map(|(_, _, lines)| lines);
    assert_eq!(
        quick_start.as_deref(),
        Some(&QUICK_START.map(String::from)[..]),
        "the README's quick start is the build and `cargo test --locked`"
    );
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == "cargo test --locked"));
}

#[test]
fn the_manual_builds_and_checks_without_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo_root().join("docs"), tmp.path());
    let _ = std::fs::remove_dir_all(tmp.path().join("public"));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_leidraad"))
            .args(args)
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    // The manual has no address of its own yet, like the shipped site.
    let check = run(&[
        "check",
        "--deny-warnings",
        "--allow",
        "placeholder-base-url",
    ]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{text}");
    assert!(text.contains("0 errors, 1 warning"), "{text}");
    let build = run(&["build"]);
    let err = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{err}");
    assert!(err.is_empty(), "the build prints no warnings: {err}");
    let out = tmp.path().join("public");
    assert!(out.join("codes/unknown-id.html").is_file());
    assert!(common::broken_links(&out).is_empty());
}

/// Every code in the source is in `diagnostic::CODES`, has its page in the manual and a
/// line in the overview, and the manual has no page for a code that does not exist.
#[test]
fn every_problem_code_has_its_page() {
    let root = common::repo_root();
    let mut found = std::collections::BTreeSet::new();
    // Strings with a hyphen that are not codes: HTTP words, file names, folder names.
    const NOT_CODES: &[&str] = &[
        "after-swap",
        "allow-host",
        "aria-controls",
        "aria-describedby",
        "aria-labelledby",
        "before-swap",
        "between-renames",
        "content-length",
        "http-equiv",
        "keep-alive",
        "leidraad-compleet",
        "leidraad-serve-",
        "no-referrer",
        "no-store",
        "same-origin",
        "transfer-encoding",
        "xdg-open",
    ];
    for entry in walkdir::WalkDir::new(root.join("src"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap();
        // `"word-word"` literals, and the code argument of `Diagnostic::error(file, "io", ..)`.
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let s = &rest[..end];
            let word = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && s.starts_with(|c: char| c.is_ascii_lowercase());
            let before = text[..i].trim_end();
            let code_arg = before.ends_with(',')
                && before[..before.len() - 1]
                    .rsplit("Diagnostic::")
                    .next()
                    .is_some_and(|call| {
                        (call.starts_with("error(") || call.starts_with("warning("))
                            && call
                                .split_once('(')
                                .is_some_and(|(_, args)| !args.contains(','))
                    });
            if word && (s.contains('-') || code_arg) && !NOT_CODES.contains(&s) {
                found.insert(s.to_string());
            }
        }
    }
    let listed: std::collections::BTreeSet<String> = leidraad::diagnostic::CODES
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        found, listed,
        "diagnostic::CODES must list every code in src/ (or add a string that is no code to NOT_CODES)"
    );
    let overview = std::fs::read_to_string(root.join("docs/content/probleemcodes.md")).unwrap();
    let snapshots: String = ["every_kind_of_mistake", "the_audit_mistakes"]
        .iter()
        .map(|s| {
            std::fs::read_to_string(root.join(format!(
                "tests/it/snapshots/it__diagnostics__snapshot_of_{s}.snap"
            )))
            .unwrap()
        })
        .collect();
    let pages: std::collections::BTreeSet<String> =
        std::fs::read_dir(root.join("docs/content/codes"))
            .unwrap()
            .filter_map(Result::ok)
            .filter_map(|e| {
                e.file_name()
                    .to_string_lossy()
                    .strip_suffix(".md")
                    .map(str::to_string)
            })
            .collect();
    assert_eq!(pages, listed, "one page per code in docs/content/codes/");
    for code in &listed {
        assert!(
            overview.contains(&format!("[{code}](@{code})")),
            "probleemcodes.md links {code}"
        );
        let page =
            std::fs::read_to_string(root.join(format!("docs/content/codes/{code}.md"))).unwrap();
        assert!(page.contains(&format!("titel: \"{code}\"")), "{code}");
        assert!(page.contains("## Voorbeeld"), "{code}: an example");
        assert!(page.contains("## Wat doet u eraan?"), "{code}: the fix");
        // The example is real output: each problem line of it is in a reviewed snapshot
        // of the mistakes fixture, but for the few no fixture makes (a full disk, an
        // interrupted build, a file of megabytes, a theme copied by an older version, a
        // calculator that fits its shape yet cannot be read).
        const MADE_UP: &[&str] = &[
            "content-missing",
            "file-too-complex",
            "file-too-large",
            "internal",
            "invalid-calculator",
            "io",
            "leftover",
            "missing-data-key",
            "more-problems",
            "not-a-file",
            "recovered",
            "symlink",
            "theme-outdated",
            "too-many-kinds",
            "too-many-questions",
            "yaml-aliases",
        ];
        let example = page
            .split("```text\n")
            .nth(1)
            .and_then(|b| b.split("\n```").next())
            .unwrap_or_else(|| panic!("{code}: a ```text example"));
        for line in example
            .lines()
            .filter(|l| l.contains(": error[") || l.contains(": warning["))
        {
            assert!(
                MADE_UP.contains(&code.as_str()) || snapshots.lines().any(|s| s == line),
                "{code}: the example line is not in the mistakes snapshots:\n{line}"
            );
        }
    }
}
