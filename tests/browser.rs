//! Runs the browser tests in `tests/browser/` (Node's test runner driving Debian's
//! Chromium through playwright-core, with axe-core) against a fresh build of the shipped
//! site. `.ci/run` installs Chromium and the npm packages and sets
//! `LEIDRAAD_REQUIRE_BROWSER=1`, so there a missing browser fails instead of skipping.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

fn browser_available(dir: &Path) -> Result<(), String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Err(format!("{chromium} not found (apt-get install chromium)"));
    }
    if !dir.join("node_modules/playwright-core").is_dir()
        || !dir.join("node_modules/axe-core").is_dir()
    {
        return Err("npm packages missing (npm ci --prefix tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node not found".into());
    }
    Ok(())
}

#[test]
fn browser_tests_pass_on_the_shipped_site() {
    let browser_dir = common::repo_root().join("tests/browser");
    if let Err(why) = browser_available(&browser_dir) {
        assert!(
            std::env::var("LEIDRAAD_REQUIRE_BROWSER").is_err(),
            "browser tests required but cannot run: {why}"
        );
        // Straight to the terminal: the test harness would hide an `eprintln!`.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED browser tests: {why}. They are not run, so this run does not cover the pages in a browser."
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    // The serve test starts the release-less binary Cargo built for the tests.
    leidraad::site::build(&common::repo_root(), Some(&out)).unwrap_or_else(|e| panic!("{e}"));
    // The test files are named one by one: Node 22 no longer accepts a folder here.
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&browser_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    let result = Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(&files)
        .env("SITE_DIR", &out)
        .env("LEIDRAAD_BIN", env!("CARGO_BIN_EXE_leidraad"))
        .env("LEIDRAAD_ROOT", common::repo_root())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "browser tests failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("# fail 0"), "{stdout}");
    // Measurements the tests print, for the record.
    for line in stdout.lines().filter(|l| l.contains("METRIC")) {
        eprintln!("{}", line.trim_start_matches(['#', ' ']));
    }
}
