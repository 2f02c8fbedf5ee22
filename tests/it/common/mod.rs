//! Helpers shared by the integration tests: a fixture-site builder and an HTML link checker.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many cases a long campaign runs (kill trials, random edits, fuzz cases): a small
/// seeded sample by default, so the README's test command runs in minutes; the full size
/// when `LEIDRAAD_CAMPAIGN=full`, as `.ci/run` sets it.
pub fn campaign(sample: usize, full: usize) -> usize {
    if std::env::var("LEIDRAAD_CAMPAIGN").is_ok_and(|v| v == "full") {
        full
    } else {
        sample
    }
}

/// The limit after which a test calls a run hung. Generous on purpose: speed is
/// measured by `cargo bench`, and a loaded machine must not fail the suite.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(120);

/// The repository root (the shipped site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of a fixture site in a temporary folder, to change and build.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A copy of `tests/fixtures/<name>`.
    pub fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo_root().join("tests/fixtures").join(name), dir.path());
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Writes (or overwrites) a file of the site.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Replaces `from` by `to` in a file, asserting `from` is there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let p = self.dir.path().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(p, text.replacen(from, to, 1)).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.dir.path().join(rel)).unwrap();
        self
    }

    pub fn build(&self) -> Result<leidraad::build::BuildReport, leidraad::build::BuildError> {
        leidraad::build::build(self.root(), None)
    }

    /// Builds, expecting failure; returns the printed problems.
    pub fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(e) => e.to_string(),
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, to compare output before and after.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The values of attribute `name` in all tags of `html` (double-quoted attributes).
pub fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let start = i + needle.len();
        let end = start + rest[start..].find('"').unwrap();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Tags (the text between `<name` and `>`) of one element name.
pub fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("<{name}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        if after.starts_with([' ', '>', '\n', '/']) {
            let end = after.find('>').unwrap_or(after.len());
            out.push(&after[..end]);
        }
        rest = &rest[i + needle.len()..];
    }
    out
}

/// All HTML files under `out`, relative paths.
pub fn html_files(out: &Path) -> Vec<PathBuf> {
    snapshot(out)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Checks every internal `href`/`src` of every HTML page: the file exists and, for
/// `#anchors`, the target has an element with that id. Returns the broken links.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for page in html_files(out) {
        if page == Path::new("404.html") {
            continue; // Its links are root-relative on purpose (served at any depth).
        }
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        let dir = page.parent().unwrap_or(Path::new(""));
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (file, anchor) = match link.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (link, None),
            };
            let target = if file.is_empty() {
                page.clone()
            } else {
                normalize(&dir.join(file))
            };
            let full = out.join(&target);
            if !full.is_file() {
                broken.push(format!(
                    "{}: {link} -> missing {}",
                    page.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(a) = anchor {
                let text = std::fs::read_to_string(&full).unwrap();
                if !text.contains(&format!("id=\"{a}\"")) {
                    broken.push(format!("{}: {link} -> no id {a}", page.display()));
                }
            }
        }
    }
    broken
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
pub mod answers;
pub mod synth;

/// Runs `leidraad <args>` inside the site folder `dir`, as authors do; returns the exit
/// code and stdout followed by stderr.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Whether `node` runs here (the parity tests need it).
pub fn node_available() -> bool {
    std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs a parity script of the repository (`tests/parity/…`) with `node` on `input`,
/// passed as a JSON file, and returns what it prints (JSON).
pub fn node_json(script: &str, input: &serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    std::fs::write(&file, serde_json::to_string(input).unwrap()).unwrap();
    let out = std::process::Command::new("node")
        .arg(repo_root().join(script))
        .arg(&file)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
