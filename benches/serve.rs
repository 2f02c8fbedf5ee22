//! Serve benchmark: latency from saving a file to the changed page being served by
//! `leidraad serve`, started as authors start it: the release binary, run from inside the
//! site folder with no `--root`. Measured on the shipped site and on a 10,000-entry
//! synthetic site, for a body edit, a title edit and (10,000 entries) an edit of the footer
//! template every page uses. Latency is measured as a browser sees it: from the save to
//! the reload event on the server's event stream plus fetching the changed page.
//! Prints the median and 95th percentile over 20 edits, for the reload and for all outputs.
//!
//! Run with `cargo bench --bench serve`.
#![allow(unsafe_code)]

#[path = "../tests/it/common/synth.rs"]
mod synth;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn get(addr: SocketAddr, path: &str) -> String {
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

/// `leidraad serve --port 0` started inside `root`; returns the child, its address and
/// the base path of the site.
fn serve(root: &Path) -> (Child, SocketAddr, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Serving the site at") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "serve stopped");
    }
    let url = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let (host, base) = url.split_at(url.find('/').unwrap());
    std::thread::spawn(move || {
        let mut sink = String::new();
        while out.read_line(&mut sink).is_ok_and(|n| n > 0) {
            sink.clear();
        }
    });
    (child, host.parse().unwrap(), base.to_string())
}

/// Subscribes to the server's event stream, as the live-reload script does.
/// Status events: when each came and whether it only brought the outputs that show
/// every page (the second step of a rebuild).
fn events(addr: SocketAddr) -> std::sync::mpsc::Receiver<(Instant, bool)> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /__leidraad/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if line.starts_with("data: ") {
                let only = !line.contains("\"only\":null");
                if tx.send((Instant::now(), only)).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// Saves `file` 21 times with `change(original, marker)` and measures save -> reload
/// event -> `page` fetched with the marker (the first edit warms up and is not counted).
fn measure(
    label: &str,
    root: &Path,
    file: &str,
    page: &str,
    change: impl Fn(&str, &str) -> String,
) {
    let (mut child, addr, base) = serve(root);
    let rx = events(addr);
    rx.recv_timeout(Duration::from_secs(30))
        .expect("initial status");
    let url = format!("{base}{page}");
    let path = root.join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut times = Vec::new();
    let mut settled = Vec::new();
    for i in 0..21 {
        let marker = format!("Meetpunt-{i}-{}", std::process::id());
        std::fs::write(&path, change(&original, &marker)).unwrap();
        let saved = Instant::now();
        loop {
            rx.recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("edit {i}: no reload event"));
            if get(addr, &url).contains(&marker) {
                break;
            }
        }
        let reloaded = saved.elapsed();
        // The second step (search index, whole guide, ...), as an author saving at a
        // normal pace lets it finish: until its event, or a quiet second when there is none.
        let mut done = reloaded;
        while let Ok((at, only)) = rx.recv_timeout(Duration::from_secs(1)) {
            if only {
                done = at.duration_since(saved);
                break;
            }
        }
        if i > 0 {
            times.push(reloaded.as_secs_f64() * 1000.0);
            settled.push(done.as_secs_f64() * 1000.0);
        }
        // Let the watcher settle so edits do not merge.
        std::thread::sleep(Duration::from_millis(80));
    }
    std::fs::write(&path, original).unwrap();
    let stats = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        ((v[9] + v[10]) / 2.0, v[18])
    };
    let (median, p95) = stats(times);
    let (s_median, s_p95) = stats(settled);
    println!(
        "{label:<44} median {median:7.1} ms   p95 {p95:7.1} ms   all outputs {s_median:7.1} / {s_p95:7.1} ms   (20 edits)"
    );
    // SAFETY: kill only sends a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let _ = child.wait();
}

fn body_edit(original: &str, marker: &str) -> String {
    format!("{original}\n{marker}\n")
}

fn title_edit(original: &str, marker: &str) -> String {
    original.replacen("titel: \"", &format!("titel: \"{marker} "), 1)
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
        "shipped site: body edit",
        shipped.path(),
        "content/knelpunten/smalle-markt.md",
        "knelpunten/smalle-markt.html",
        body_edit,
    );
    measure(
        "shipped site: title edit",
        shipped.path(),
        "content/knelpunten/smalle-markt.md",
        "knelpunten/index.html",
        title_edit,
    );
    let synthetic = tempfile::tempdir().unwrap();
    synth::generate(synthetic.path(), 10_000);
    measure(
        "10,000 entries: body edit",
        synthetic.path(),
        "content/factoren/onderwerp-5001.md",
        "factoren/onderwerp-5001.html",
        body_edit,
    );
    measure(
        "10,000 entries: title edit",
        synthetic.path(),
        "content/factoren/onderwerp-5001.md",
        "factoren/index.html",
        title_edit,
    );
    // The footer partial, which every page uses: overridden once, then edited.
    let base = synthetic
        .path()
        .join("themes/default/templates/partials/footer.html");
    std::fs::create_dir_all(base.parent().unwrap()).unwrap();
    let default = leidraad::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "templates/partials/footer.html")
        .unwrap()
        .1;
    std::fs::write(&base, default).unwrap();
    measure(
        "10,000 entries: footer template edit",
        synthetic.path(),
        "themes/default/templates/partials/footer.html",
        "knelpunten/onderwerp-9996.html",
        |original, marker| original.replacen("</footer>", &format!("<p>{marker}</p></footer>"), 1),
    );
}
