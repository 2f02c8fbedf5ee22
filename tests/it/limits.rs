//! Limits on what a site's files may cost: a size limit for Markdown and YAML files
//! (`max_file_mb`), a refusal of Markdown too dense with markup, and the peak memory of
//! `leidraad check` on the largest accepted page: under 20 times its size.
#![allow(unsafe_code)]

use crate::common;

use common::Fixture;
use std::process::Command;

const MB: usize = 1024 * 1024;

/// Runs `leidraad check` inside the site and returns (exit code, stdout, peak memory of
/// the process in bytes).
#[allow(clippy::zombie_processes)] // waited for with wait4, which also gives its usage
fn check(f: &Fixture) -> (i32, String, usize) {
    let child = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("check")
        .current_dir(f.root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let stdout = child.stdout.unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 waits for our own child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // ru_maxrss is in kilobytes on Linux.
    (
        code,
        reader.join().unwrap(),
        usage.ru_maxrss as usize * 1024,
    )
}

/// A page of `size` bytes repeating `pattern`.
fn page(f: &Fixture, pattern: &str, size: usize) {
    let head = "---\ntitel: \"Over\"\nsamenvatting: \"Proef.\"\n---\n";
    let body: String = pattern.chars().cycle().take(size - head.len()).collect();
    f.write("content/over.md", &format!("{head}{body}"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name_and_the_limit_can_be_raised() {
    let f = Fixture::new("minimal");
    page(&f, "Een gewone zin met woorden. ", 2 * MB + 10);
    let (code, out, _) = check(&f);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/over.md: error[file-too-large]")
            && out.contains("more than the 2 MB")
            && out.contains("max_file_mb"),
        "{out}"
    );
    // A YAML data file too.
    f.write(
        "content/data/groot.yaml",
        &format!("tekst: \"{}\"\n", "a".repeat(2 * MB)),
    );
    let (_, out, _) = check(&f);
    assert!(
        out.contains("content/data/groot.yaml: error[file-too-large]"),
        "{out}"
    );
    f.remove("content/data/groot.yaml");
    let config = std::fs::read_to_string(f.root().join("leidraad.yaml")).unwrap();
    f.write("leidraad.yaml", &format!("max_file_mb: 3\n{config}"));
    let (code, out, _) = check(&f);
    assert!(!out.contains("file-too-large"), "{out}");
    assert_ne!(code, 2, "{out}");
}

#[test]
fn markdown_dense_with_markup_is_refused_with_a_clear_error() {
    let f = Fixture::new("minimal");
    for pattern in ["[", ">", "- x\n", "*a", "[a](b)"] {
        page(&f, pattern, MB);
        let (code, out, _) = check(&f);
        assert_eq!(code, 1, "{pattern:?}: {out}");
        assert!(
            out.contains("content/over.md: error[file-too-complex]") && out.contains("split it"),
            "{pattern:?}: {out}"
        );
    }
    // The same markup in a small page is fine.
    page(&f, "[", 4000);
    let (_, out, _) = check(&f);
    assert!(!out.contains("file-too-complex"), "{out}");
}

#[test]
fn check_needs_less_than_twenty_times_the_size_of_the_largest_accepted_page() {
    let f = Fixture::new("minimal");
    page(&f, "Kort. ", 200);
    let (_, _, base) = check(&f);
    let size = 2 * MB - 100;
    // Plain prose, and the densest markup that is still accepted.
    for pattern in [
        "Gewone zin met een paar woorden erin en nog wat meer tekst. ",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa *b* ",
        "[a](b) aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ",
        "| a | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa |
",
    ] {
        page(&f, pattern, size);
        let (code, out, peak) = check(&f);
        assert_ne!(code, 2, "{out}");
        assert!(!out.contains("file-too-complex"), "{pattern:?} is accepted: {out}");
        let ratio = peak.saturating_sub(base) as f64 / size as f64;
        eprintln!("{pattern:?}: {:.1} MB over the base, {ratio:.1} x", (peak - base) as f64 / MB as f64);
        assert!(ratio < 20.0, "{pattern:?}: {ratio:.1} x the page's size");
    }
}
