//! Runs the browser tests in `tests/browser/` (Node's test runner driving Debian's
//! Chromium through playwright-core, with axe-core) against one fresh build of the
//! shipped site. Each `*.test.mjs` file is one test here, and two run at a time (each
//! launches its own browser with its own profile, and servers take free ports).
//!
//! Without Chromium or the npm packages every file is reported as ignored, with the
//! reason in its name. `LEIDRAAD_REQUIRE_BROWSER=1` (set by `.ci/run`) turns that into a
//! failure: one variable, one meaning.

#[path = "it/common/mod.rs"]
mod common;

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Why the browser tests cannot run here, if they cannot.
fn missing_tools(dir: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} not found: apt-get install chromium"));
    }
    if !dir.join("node_modules/playwright-core").is_dir()
        || !dir.join("node_modules/axe-core").is_dir()
    {
        return Some("npm packages missing: npm ci --prefix tests/browser".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node not found: install Node.js".into());
    }
    None
}

/// The shipped site, built once for every file (the files only read it).
fn site() -> Result<&'static Path, Failed> {
    static SITE: OnceLock<Result<(tempfile::TempDir, PathBuf), String>> = OnceLock::new();
    let built = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = dir.path().join("site");
        leidraad::build::build(&common::repo_root(), Some(&out)).map_err(|e| e.to_string())?;
        Ok((dir, out))
    });
    match built {
        Ok((_, out)) => Ok(out.as_path()),
        Err(e) => Err(format!("the shipped site does not build: {e}").into()),
    }
}

fn run_file(file: &Path) -> Result<(), Failed> {
    let site = site()?;
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .arg(file)
        .env("SITE_DIR", site)
        .env("LEIDRAAD_BIN", env!("CARGO_BIN_EXE_leidraad"))
        .env("LEIDRAAD_ROOT", common::repo_root())
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || !stdout.contains("# fail 0") {
        return Err(format!("{}:\n{stdout}\n{stderr}", file.display()).into());
    }
    // Measurements the tests print, for the record (shown with --nocapture).
    for line in stdout.lines().filter(|l| l.contains("METRIC")) {
        println!("{}", line.trim_start_matches(['#', ' ']));
    }
    Ok(())
}

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads.get_or_insert(2);
    let dir = common::repo_root().join("tests/browser");
    let missing = missing_tools(&dir);
    let required = std::env::var("LEIDRAAD_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/browser exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    let trials = files
        .into_iter()
        .map(|file| {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            match &missing {
                Some(why) if required => {
                    let why = why.clone();
                    Trial::test(name, move || {
                        Err(format!("LEIDRAAD_REQUIRE_BROWSER=1 but {why}").into())
                    })
                }
                Some(why) => Trial::test(format!("{name} (needs the browser: {why})"), || Ok(()))
                    .with_ignored_flag(true),
                None => Trial::test(name, move || run_file(&file)),
            }
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
