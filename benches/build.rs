//! Build benchmark: generates synthetic sites of 1,000 and 10,000 entries with relations
//! and Markdown bodies of about 1.5 KB, builds each with the release binary, and prints
//! pages per second and the build's peak memory (max RSS of the child process).
//!
//! Run with `cargo bench --bench build`. Sizes can be chosen: `cargo bench --bench build -- 500 2000`;
//! `cargo bench --bench build -- --generate 10000 DIR` only writes a synthetic site.
#![allow(unsafe_code)]

#[path = "../tests/it/common/synth.rs"]
mod synth;

use synth::generate;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Peak resident memory of all waited-for children, in MiB.
fn children_max_rss_mib() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct we pass.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    // `--generate N DIR` only writes the synthetic site, for other benchmarks to use.
    if let Some(i) = raw.iter().position(|a| a == "--generate") {
        let n: usize = raw[i + 1].parse().expect("--generate N DIR");
        let dir = Path::new(&raw[i + 2]);
        generate(dir, n);
        println!("generated {n} entries in {}", dir.display());
        return;
    }
    let args: Vec<usize> = raw.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if args.is_empty() {
        vec![1_000, 10_000]
    } else {
        args
    };
    let bin = env!("CARGO_BIN_EXE_leidraad");
    println!(
        "{:>8} {:>8} {:>12} {:>12} {:>14} {:>10}",
        "entries", "pages", "fresh s", "pages/s", "rebuild pages/s", "peak MiB"
    );
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let out = dir.path().join("public");
        let run = || {
            // Flush earlier runs' writes first, so they do not land in this run's time.
            // SAFETY: sync takes no arguments and cannot fail.
            unsafe { libc::sync() };
            let start = Instant::now();
            let result = Command::new(bin)
                .args(["build", "--root"])
                .arg(dir.path())
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            let secs = start.elapsed().as_secs_f64();
            assert!(
                result.status.success(),
                "{}",
                String::from_utf8_lossy(&result.stderr)
            );
            let pages: usize = String::from_utf8_lossy(&result.stdout)
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            (secs, pages)
        };
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        // Fresh: the output folder does not exist yet. Rebuild: it is replaced.
        let mut fresh = Vec::new();
        let mut pages = 0;
        for _ in 0..3 {
            let _ = std::fs::remove_dir_all(&out);
            let (s, p) = run();
            fresh.push(s);
            pages = p;
        }
        let rebuild: Vec<f64> = (0..3).map(|_| run().0).collect();
        // RUSAGE_CHILDREN is the maximum over all children so far; sizes run in
        // increasing order, so it is this size's peak.
        let peak = children_max_rss_mib();
        let (f, r) = (median(fresh), median(rebuild));
        println!(
            "{:>8} {:>8} {:>12.3} {:>12.0} {:>14.0} {:>10.1}",
            n,
            pages,
            f,
            pages as f64 / f,
            pages as f64 / r,
            peak
        );
        search_sizes(&out.join("search"));
    }
}

/// Prints the gzipped size of the search index: all of it, the meta, the largest term
/// shard, the words for suggestions and the largest text shard. A first query loads the
/// meta, the term shards of its words (one or two each) and the text shards of the
/// results it shows (two documents each, eight results at most in the header).
fn search_sizes(dir: &Path) {
    let gz = |path: &Path| -> usize {
        let out = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(path)
            .output()
            .expect("gzip");
        out.stdout.len()
    };
    let (mut all, mut terms, mut text, mut meta, mut words, mut shards) = (0, 0, 0, 0, 0, 0);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let size = gz(f);
        all += size;
        if name.starts_with("terms-") {
            terms = terms.max(size);
            shards += 1;
        } else if name.starts_with("text-") {
            text = text.max(size);
        } else if name == "words.js" {
            words = size;
        } else {
            meta = size;
        }
    }
    let kib = |n: usize| n as f64 / 1024.0;
    println!(
        "         search index {:.1} KiB gz ({} files, {shards} term shards); meta {:.1} KiB, largest term shard {:.1} KiB, words {:.1} KiB, largest text shard {:.1} KiB",
        kib(all),
        files.len(),
        kib(meta),
        kib(terms),
        kib(words),
        kib(text)
    );
    println!(
        "         a first query loads at most {:.1} KiB gz (meta, two term shards, eight text shards; the words only after a typo: +{:.1})",
        kib(meta + 2 * terms + 8 * text),
        kib(words)
    );
}
