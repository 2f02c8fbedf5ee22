//! Serve benchmark: latency from saving a file to the changed page being served by
//! `leidraad serve`, on the shipped site and on the 10,000-entry synthetic site.
//! Prints the median and 95th percentile over 20 edits.
//!
//! Run with `cargo bench --bench serve`.

mod synth;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Edits `file` 20 times and measures save -> served for `page`.
fn measure(label: &str, root: &Path, file: &str, page: &str) {
    let opts = leidraad::serve::ServeOptions {
        root: root.to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: Some(0),
    };
    let listener = leidraad::serve::bind(&opts).unwrap();
    let server = leidraad::serve::start(&opts, listener, |_| {}).unwrap_or_else(|d| panic!("{d}"));
    let addr = server.addr;
    let base = server
        .url()
        .split_once(&addr.to_string())
        .unwrap()
        .1
        .to_string();
    let url = format!("{base}{page}");
    let path = root.join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut times = Vec::new();
    for i in 0..21 {
        let marker = format!("Meetpunt-{i}-{}", std::process::id());
        std::fs::write(&path, format!("{original}\n{marker}\n")).unwrap();
        let saved = Instant::now();
        loop {
            if get(addr, &url).contains(&marker) {
                break;
            }
            assert!(
                saved.elapsed() < Duration::from_secs(20),
                "edit {i} never appeared"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        if i > 0 {
            times.push(saved.elapsed().as_secs_f64() * 1000.0);
        }
        // Let the watcher settle so edits do not merge.
        std::thread::sleep(Duration::from_millis(60));
    }
    times.sort_by(f64::total_cmp);
    let median = (times[9] + times[10]) / 2.0;
    let p95 = times[18];
    println!("{label:<28} median {median:7.1} ms   p95 {p95:7.1} ms   (20 edits)");
    server.shutdown();
}

fn main() {
    let shipped = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &shipped.path().join("content"));
    std::fs::copy(
        repo.join("leidraad.yaml"),
        shipped.path().join("leidraad.yaml"),
    )
    .unwrap();
    measure(
        "shipped site (117 pages)",
        shipped.path(),
        "content/knelpunten/smalle-markt.md",
        "knelpunten/smalle-markt.html",
    );
    let synthetic = tempfile::tempdir().unwrap();
    synth::generate(synthetic.path(), 10_000);
    measure(
        "synthetic, 10,000 entries",
        synthetic.path(),
        "content/factoren/onderwerp-5001.md",
        "factoren/onderwerp-5001.html",
    );
}
