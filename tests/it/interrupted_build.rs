//! Builds killed at any moment: the output is always the complete old or the complete
//! new site, and the next build finishes or undoes what was left and says so.
//!
//! The site has 3,000 entries, so a build takes over a second; 24 builds are killed at
//! seeded random moments and 7 more at each step of the swap, found through the
//! test-only hook `LEIDRAAD_TEST_PAUSE_MS` (the build announces each step and waits
//! there), with the atomic exchange and with the two-step fallback.

use crate::common::{self, synth};

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TITLES: [&str; 2] = [
    "Synthetische leidraad",
    "Synthetische leidraad, tweede versie",
];

/// Every file of a folder: path -> (size, hash).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            let mut h = std::hash::DefaultHasher::new();
            h.write(&bytes);
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                (bytes.len() as u64, h.finish()),
            )
        })
        .collect()
}

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// The complete output of each version.
    versions: [BTreeMap<PathBuf, (u64, u64)>; 2],
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        synth::generate(&root, 3000);
        let mut versions = [BTreeMap::new(), BTreeMap::new()];
        for v in [1, 0] {
            set_version(&root, v);
            let out = run(&root, &[]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            versions[v] = snapshot(&root.join("public"));
        }
        assert_ne!(versions[0], versions[1]);
        Site {
            _dir: dir,
            root,
            versions,
        }
    }

    fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Which complete version the output is, if it is one.
    fn output_version(&self) -> Option<usize> {
        if !self.public().is_dir() {
            return None;
        }
        let now = snapshot(&self.public());
        self.versions.iter().position(|v| *v == now)
    }

    /// Names next to the output that a build leaves only when interrupted.
    fn hidden(&self) -> Vec<String> {
        std::fs::read_dir(&self.root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect()
    }
}

fn set_version(root: &Path, v: usize) {
    let config = root.join("leidraad.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replace(TITLES[1], TITLES[0]);
    std::fs::write(&config, text.replacen(TITLES[0], TITLES[v], 1)).unwrap();
}

fn command(root: &Path, env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_leidraad"));
    c.arg("build").current_dir(root);
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

fn run(root: &Path, env: &[(&str, &str)]) -> std::process::Output {
    command(root, env).output().unwrap()
}

/// Starts a build whose stderr lines arrive on the returned channel.
fn start(root: &Path, env: &[(&str, &str)]) -> (Child, std::sync::mpsc::Receiver<String>) {
    let mut child = command(root, env)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

/// Kills a build; says whether it was still running (a kill after the end tests nothing).
fn kill(mut child: Child) -> bool {
    let running = matches!(child.try_wait(), Ok(None));
    let _ = child.kill();
    let _ = child.wait();
    running
}

/// After an interrupted build of version `next` over version `current`: the output is
/// one complete version; then an uninterrupted build of `next` succeeds, reports what it
/// cleared up, and leaves nothing hidden behind.
fn recovers(site: &Site, current: usize, next: usize, what: &str) {
    let now = site.output_version();
    assert!(
        now == Some(current) || now == Some(next),
        "{what}: the output is neither the complete old nor the complete new site (hidden: {:?})",
        site.hidden()
    );
    let left = site.hidden();
    let out = run(&site.root, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{what}: the next build failed: {stderr}"
    );
    assert_eq!(site.output_version(), Some(next), "{what}");
    assert_eq!(site.hidden(), Vec::<String>::new(), "{what}");
    if !left.is_empty() {
        assert!(
            stderr.contains("warning[recovered]"),
            "{what}: says nothing about {left:?}: {stderr}"
        );
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_site_and_the_next_build_recovers() {
    let site = Site::new();
    let mut current = 0;
    // A seeded generator: the same moments on every run.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next_random = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let started = Instant::now();
    let (child, _) = start(&site.root, &[]);
    let full = {
        let mut c = child;
        c.wait().unwrap();
        started.elapsed()
    };
    let rounds = common::campaign(6, 24);
    let mut interrupted = 0;
    for round in 0..rounds {
        let next = 1 - current;
        set_version(&site.root, next);
        // Within the time a build takes, so that (almost) every kill lands mid-build.
        let at = Duration::from_millis(next_random() % (full.as_millis() as u64).max(1));
        let (child, _) = start(&site.root, &[]);
        std::thread::sleep(at);
        interrupted += usize::from(kill(child));
        recovers(
            &site,
            current,
            next,
            &format!("killed after {at:?} (round {round})"),
        );
        current = next;
    }
    assert!(
        interrupted > 0,
        "no kill landed while a build ran (a build takes {full:?})"
    );
    // Exactly at each step of the swap, with the atomic exchange and without it.
    for no_exchange in [false, true] {
        for (step, extra_ms) in [
            ("before-swap", 0),
            ("after-swap", 0),
            ("after-swap", 520),
            ("between-renames", 0),
        ] {
            if step == "between-renames" && !no_exchange {
                continue;
            }
            let next = 1 - current;
            set_version(&site.root, next);
            let mut env = vec![("LEIDRAAD_TEST_PAUSE_MS", "500")];
            if no_exchange {
                env.push(("LEIDRAAD_TEST_NO_EXCHANGE", "1"));
            }
            let (child, lines) = start(&site.root, &env);
            let wanted = format!("leidraad-test-pause: {step}");
            let deadline = Instant::now() + common::HANG;
            while lines
                .recv_timeout(common::HANG)
                .expect("the build reached the step")
                != wanted
            {
                assert!(Instant::now() < deadline);
            }
            // 520 ms: past the pause, while the previous output is being deleted.
            std::thread::sleep(Duration::from_millis(extra_ms));
            kill(child);
            let what = format!(
                "killed at {step} +{extra_ms} ms (exchange: {})",
                !no_exchange
            );
            if step == "between-renames" {
                // The two-step swap has one moment without an output: the previous one is
                // complete beside it, and the next build puts it back before it starts.
                assert!(!site.public().exists(), "{what}");
                assert_eq!(
                    snapshot(&site.root.join(".public.old")),
                    site.versions[current],
                    "{what}"
                );
                let out = run(&site.root, &[("LEIDRAAD_TEST_NO_EXCHANGE", "1")]);
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    stderr.contains("put the previous output back"),
                    "{what}: {stderr}"
                );
                assert_eq!(site.output_version(), Some(next), "{what}");
                assert_eq!(site.hidden(), Vec::<String>::new(), "{what}");
            } else {
                recovers(&site, current, next, &what);
            }
            current = next;
        }
    }
}
