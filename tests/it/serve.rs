//! `leidraad serve` end to end, started the way authors start it: the `leidraad` binary
//! run from inside the site folder with no options but a free port. Covers live reload on
//! every kind of save, the error overlay, a broken site at start, path safety, content
//! types and load.
#![allow(unsafe_code)]

use crate::common;
use crate::common::synth;

use common::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `leidraad serve` on a copy of a fixture.
struct Running {
    child: Child,
    fixture: Fixture,
    addr: SocketAddr,
    events: mpsc::Receiver<serde_json::Value>,
    stdout: mpsc::Receiver<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Stops a running `serve` as Ctrl-C does.
pub(crate) fn stop(child: &mut Child) {
    // SAFETY: kill only sends a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let _ = child.wait();
}

/// Starts the binary in `dir` with `args` and waits for the address it prints. Later
/// lines of its output arrive on the returned channel.
fn spawn_in(dir: &Path, args: &[&str]) -> (Child, SocketAddr, mpsc::Receiver<String>) {
    spawn_with(dir, args, &[])
}

/// [`spawn_in`] with environment variables (test hooks).
fn spawn_with(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Child, SocketAddr, mpsc::Receiver<String>) {
    let (child, addr, rx, _) = spawn_full(dir, args, env);
    (child, addr, rx)
}

/// [`spawn_in`], also returning the line that says where it serves.
pub(crate) fn spawn_in_with_line(
    dir: &Path,
    args: &[&str],
) -> (Child, SocketAddr, mpsc::Receiver<String>, String) {
    spawn_full(dir, args, &[])
}

fn spawn_full(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Child, SocketAddr, mpsc::Receiver<String>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .arg("serve")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let started = Instant::now();
    while !line.contains("Serving the site at") {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 || started.elapsed() > Duration::from_secs(60) {
            panic!("serve did not start");
        }
    }
    let url = line.split("http://").nth(1).unwrap();
    let host: SocketAddr = url.split('/').next().unwrap().parse().unwrap();
    // Keep reading stdout so the child never blocks on a full pipe.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        while out.read_line(&mut line).is_ok_and(|n| n > 0) {
            let _ = tx.send(std::mem::take(&mut line));
        }
    });
    (child, host, rx, line)
}

fn start_fixture(fixture: Fixture) -> Running {
    start_fixture_with(fixture, &[])
}

fn start_fixture_with(fixture: Fixture, env: &[(&str, &str)]) -> Running {
    // A few files of every type the server must label correctly.
    for (name, bytes) in [
        (
            "static/logo.svg",
            &b"<svg xmlns='http://www.w3.org/2000/svg'/>"[..],
        ),
        ("static/foto.png", b"\x89PNG"),
        ("static/foto.jpg", b"\xff\xd8\xff"),
        ("static/data.json", b"{}"),
        ("static/lettertype.woff2", b"wOF2"),
    ] {
        let p = fixture.root().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let (child, addr, stdout) = spawn_with(fixture.root(), &["--port", "0"], env);
    let events = subscribe(addr);
    let first = events
        .recv_timeout(Duration::from_secs(10))
        .expect("initial status");
    Running {
        child,
        fixture,
        addr,
        events,
        stdout,
    }
    .with_first(first)
}

impl Running {
    fn with_first(self, first: serde_json::Value) -> Self {
        assert_eq!(first["generation"], 0, "{first}");
        self
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        request(self.addr, "GET", path)
    }

    /// The next status event of a rebuild, within a few seconds. The event that follows
    /// a rebuild with the outputs that show every page (`only`: the search index, the
    /// whole guide, ...) is part of that rebuild, not one of its own.
    fn next_event(&self) -> serde_json::Value {
        loop {
            let e = self
                .events
                .recv_timeout(Duration::from_secs(20))
                .expect("a rebuild event");
            if e["only"].is_null() {
                return e;
            }
        }
    }

    fn no_event_for(&self, d: Duration) {
        let until = std::time::Instant::now() + d;
        while let Some(left) = until.checked_duration_since(std::time::Instant::now()) {
            match self.events.recv_timeout(left) {
                Ok(e) if e["only"].is_null() => panic!("unexpected extra rebuild: {e}"),
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.fixture.root().join(rel)
    }
}

fn start() -> Running {
    start_fixture(Fixture::new("minimal"))
}

/// Reads the event stream on its own connection, sending each status as JSON.
pub(crate) fn subscribe(addr: SocketAddr) -> mpsc::Receiver<serde_json::Value> {
    let (tx, rx) = mpsc::channel();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /__leidraad/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    std::thread::spawn(move || {
        let reader = BufReader::new(stream);
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if let Some(json) = line.strip_prefix("data: ")
                && tx.send(serde_json::from_str(json).unwrap()).is_err()
            {
                return;
            }
        }
    });
    rx
}

/// A plain HTTP/1.0 request; returns status, content type and body.
pub(crate) fn request(addr: SocketAddr, method: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let body = raw[split + 4..].to_vec();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let ctype = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    (status, ctype, body)
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).to_string()
}

fn edit(path: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, t.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_pages_with_live_reload_only_in_serve_mode() {
    let r = start();
    let (code, ctype, body) = r.get("/leidraad/knelpunten/smalle-markt.html");
    assert_eq!(code, 200);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(text(&body).contains("/__leidraad/live.js"));
    let (code, _, _) = r.get("/");
    assert_eq!(code, 302, "the site lives under its base_url path");
    let (code, _, body) = r.get("/leidraad/");
    assert_eq!(code, 200);
    assert!(text(&body).contains("Welkom"));
    let (code, ctype, body) = r.get("/__leidraad/live.js");
    assert_eq!(
        (code, ctype.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    assert!(text(&body).contains("EventSource"));
    // A normal build never contains the script.
    r.fixture.build().unwrap();
    let built =
        std::fs::read_to_string(r.fixture.out().join("knelpunten/smalle-markt.html")).unwrap();
    assert!(!built.contains("__leidraad"));
}

#[test]
fn an_edit_reloads_and_serves_the_new_content() {
    let r = start();
    edit(
        &r.path("content/knelpunten/smalle-markt.md"),
        "Weinig aanbieders.",
        "Heel weinig aanbieders.",
    );
    let e = r.next_event();
    assert!(e["errors"].as_array().unwrap().is_empty());
    assert_eq!(e["generation"], 1);
    let (_, _, body) = r.get("/leidraad/knelpunten/smalle-markt.html");
    assert!(text(&body).contains("Heel weinig aanbieders."));
    // Started from inside the site folder without --root, the save is still rebuilt
    // incrementally (a root kept as `.` once made every save a full rebuild).
    let report = r.stdout.recv_timeout(Duration::from_secs(5)).unwrap();
    // The page and its text shard of the search index; what shows every page (the
    // search terms, the whole guide, the changes page, the sitemap) comes just after.
    assert!(report.starts_with("Rebuilt 2 pages "), "{report}");
}

#[test]
fn one_save_that_touches_a_file_three_times_rebuilds_once() {
    let r = start();
    let p = r.path("content/knelpunten/smalle-markt.md");
    let original = std::fs::read_to_string(&p).unwrap();
    for i in 0..3 {
        std::fs::write(&p, format!("{original}\nRegel {i}.\n")).unwrap();
    }
    let e = r.next_event();
    assert_eq!(e["generation"], 1);
    r.no_event_for(Duration::from_millis(400));
    let (_, _, body) = r.get("/leidraad/knelpunten/smalle-markt.html");
    assert!(text(&body).contains("Regel 2."));
}

#[test]
fn a_save_without_changes_reloads_nothing() {
    let r = start();
    let p = r.path("content/knelpunten/smalle-markt.md");
    let original = std::fs::read(&p).unwrap();
    std::fs::write(&p, &original).unwrap();
    r.no_event_for(Duration::from_millis(500));
}

#[test]
fn editor_saves_by_temp_file_and_rename_are_caught() {
    let r = start();
    let target = r.path("content/knelpunten/smalle-markt.md");
    let original = std::fs::read_to_string(&target).unwrap();
    // Like vim and many IDEs: write a temporary file, then rename it over the original.
    let tmp = r.path("content/knelpunten/.smalle-markt.md.swp");
    std::fs::write(
        &tmp,
        original.replace("Weinig aanbieders.", "Via hernoemen opgeslagen."),
    )
    .unwrap();
    std::fs::rename(&tmp, &target).unwrap();
    let e = r.next_event();
    assert!(e["errors"].as_array().unwrap().is_empty(), "{e}");
    let (_, _, body) = r.get("/leidraad/knelpunten/smalle-markt.html");
    assert!(text(&body).contains("Via hernoemen opgeslagen."));
}

#[test]
fn new_and_deleted_files_and_renamed_folders_are_caught() {
    let r = start();
    let new = r.path("content/knelpunten/nieuw.md");
    std::fs::write(&new, "---\ntitel: \"Nieuw knelpunt\"\nsamenvatting: \"Net toegevoegd.\"\ncategorie: \"Geld\"\nbronnen:\n  - bron: rapport\n    sectie: \"1\"\n---\nTekst.\n").unwrap();
    r.next_event();
    let (code, _, body) = r.get("/leidraad/knelpunten/nieuw.html");
    assert_eq!(code, 200);
    assert!(text(&body).contains("Nieuw knelpunt"));
    std::fs::remove_file(&new).unwrap();
    r.next_event();
    assert_eq!(r.get("/leidraad/knelpunten/nieuw.html").0, 404);

    // Renaming a folder away breaks the site (its entries vanish); renaming it back fixes it.
    std::fs::rename(r.path("content/faalfactoren"), r.path("content/oud")).unwrap();
    let e = r.next_event();
    assert!(
        !e["errors"].as_array().unwrap().is_empty(),
        "renamed folder noticed: {e}"
    );
    assert_eq!(
        r.get("/leidraad/faalfactoren/maatwerk.html").0,
        200,
        "last good site still served"
    );
    std::fs::rename(r.path("content/oud"), r.path("content/faalfactoren")).unwrap();
    let mut e = r.next_event();
    while !e["errors"].as_array().unwrap().is_empty() {
        e = r.next_event();
    }
    assert_eq!(r.get("/leidraad/faalfactoren/maatwerk.html").0, 200);
}

#[test]
fn images_in_their_own_folder_are_served_and_stray_files_are_not() {
    let r = start();
    std::fs::create_dir_all(r.path("content/afbeeldingen")).unwrap();
    std::fs::write(r.path("content/afbeeldingen/logo.png"), b"\x89PNG").unwrap();
    std::fs::write(r.path("content/~$concept.docx"), b"lock").unwrap();
    let e = r.next_event();
    assert!(e["errors"].as_array().unwrap().is_empty(), "{e}");
    assert_eq!(r.get("/leidraad/afbeeldingen/logo.png").0, 200);
    assert_eq!(r.get("/leidraad/~$concept.docx").0, 404);
}

#[test]
fn broken_yaml_shows_the_overlay_and_keeps_the_last_good_page() {
    let r = start();
    let p = r.path("content/knelpunten/smalle-markt.md");
    edit(&p, "categorie: \"Markt\"", "categorie: [Markt");
    let e = r.next_event();
    let errors = e["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{e}");
    assert_eq!(errors[0]["file"], "content/knelpunten/smalle-markt.md");
    assert!(errors[0]["line"].as_u64().unwrap() >= 4);
    assert!(
        errors[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("content/knelpunten/smalle-markt.md:")
    );
    let (code, _, body) = r.get("/leidraad/knelpunten/smalle-markt.html");
    assert_eq!(code, 200);
    assert!(
        text(&body).contains("Weinig aanbieders."),
        "the last good page is still served"
    );
    // A page opened now learns about the errors too.
    let (_, _, status) = r.get("/__leidraad/status");
    let status: serde_json::Value = serde_json::from_slice(&status).unwrap();
    assert_eq!(status["errors"].as_array().unwrap().len(), 1);

    edit(&p, "categorie: [Markt", "categorie: \"Markt\"");
    let e = r.next_event();
    assert!(
        e["errors"].as_array().unwrap().is_empty(),
        "overlay gone after the fix: {e}"
    );
}

#[test]
fn a_site_broken_at_start_is_served_with_its_problems_until_fixed() {
    let f = Fixture::new("minimal");
    let p = f.root().join("content/knelpunten/smalle-markt.md");
    edit(&p, "categorie: \"Markt\"", "categorie: [Markt");
    let (child, addr, stdout) = spawn_in(f.root(), &["--port", "0"]);
    let events = subscribe(addr);
    let r = Running {
        child,
        fixture: f,
        addr,
        events,
        stdout,
    };
    let first = r.next_event();
    assert_eq!(first["errors"].as_array().unwrap().len(), 1, "{first}");
    let (code, _, body) = r.get("/leidraad/knelpunten/smalle-markt.html");
    assert_eq!(code, 503);
    assert!(
        text(&body).contains("/__leidraad/live.js"),
        "the overlay script is there"
    );
    edit(&p, "categorie: [Markt", "categorie: \"Markt\"");
    let e = r.next_event();
    assert!(e["errors"].as_array().unwrap().is_empty(), "{e}");
    assert_eq!(r.get("/leidraad/knelpunten/smalle-markt.html").0, 200);
}

#[test]
fn a_save_during_a_long_first_build_is_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    synth::generate(dir.path(), 3000);
    let target = dir.path().join("content/knelpunten/onderwerp-0.md");
    let mut child = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Saved while the first build runs (it takes over a second at this size).
    std::thread::sleep(Duration::from_millis(300));
    edit(&target, "Onderwerp 0\"", "Tijdens het bouwen opgeslagen\"");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Serving the site at") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "serve stopped");
    }
    let host: SocketAddr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, _, body) = request(host, "GET", "/bench/knelpunten/onderwerp-0.html");
        if text(&body).contains("Tijdens het bouwen opgeslagen") {
            break;
        }
        assert!(Instant::now() < deadline, "the save was lost");
        std::thread::sleep(Duration::from_millis(100));
    }
    // SAFETY: kill only sends a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let _ = child.wait();
}

#[test]
fn a_template_error_is_reported_and_the_server_keeps_running() {
    let r = start();
    std::fs::create_dir_all(r.path("themes/default/templates")).unwrap();
    std::fs::write(
        r.path("themes/default/templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}{{ page.nope }}{% endblock main %}",
    )
    .unwrap();
    let e = r.next_event();
    let msg = e["errors"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(msg.contains("themes/default/templates/page.html"), "{e}");
    assert_eq!(r.get("/leidraad/over.html").0, 200);
    std::fs::remove_file(r.path("themes/default/templates/page.html")).unwrap();
    let e = r.next_event();
    assert!(e["errors"].as_array().unwrap().is_empty(), "{e}");
}

#[test]
fn no_request_reaches_outside_the_output() {
    let r = start();
    // A secret next to the site, and a symlink inside content pointing at it.
    let secret = r.fixture.root().join("geheim.txt");
    std::fs::write(&secret, "GEHEIM-WACHTWOORD").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, r.path("content/knelpunten/link.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", r.path("content/passwd")).unwrap();
    std::fs::write(
        r.path("content/knelpunten/smalle-markt.md"),
        std::fs::read_to_string(r.path("content/knelpunten/smalle-markt.md")).unwrap() + "\nx\n",
    )
    .unwrap();
    r.next_event();
    for path in [
        "/leidraad/../geheim.txt",
        "/../geheim.txt",
        "/leidraad/%2e%2e/geheim.txt",
        "/leidraad/%2E%2E%2Fgeheim.txt",
        "/leidraad/..%2f..%2fetc%2fpasswd",
        "/leidraad/%252e%252e/geheim.txt",
        "/leidraad/..\\geheim.txt",
        "/leidraad/knelpunten\\..\\..\\geheim.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/leidraad//etc/passwd",
        "/leidraad/C:/Windows/win.ini",
        "/leidraad/knelpunten/link.txt",
        "/leidraad/passwd",
        "/leidraad/%00",
    ] {
        let (code, _, body) = r.get(path);
        assert!(code == 403 || code == 404, "{path}: {code}");
        let body = text(&body);
        assert!(
            !body.contains("GEHEIM") && !body.contains("root:"),
            "{path} leaked content"
        );
    }
}

#[test]
fn content_types_head_and_the_404_page() {
    let r = start();
    for (path, ctype) in [
        ("/leidraad/index.html", "text/html; charset=utf-8"),
        ("/leidraad/static/style.css", "text/css; charset=utf-8"),
        (
            "/leidraad/static/checklist.js",
            "text/javascript; charset=utf-8",
        ),
        ("/leidraad/static/logo.svg", "image/svg+xml"),
        ("/leidraad/static/foto.png", "image/png"),
        ("/leidraad/static/foto.jpg", "image/jpeg"),
        ("/leidraad/static/data.json", "application/json"),
        ("/leidraad/sitemap.xml", "application/xml"),
        ("/leidraad/static/lettertype.woff2", "font/woff2"),
    ] {
        let (code, got, _) = r.get(path);
        assert_eq!((code, got.as_str()), (200, ctype), "{path}");
    }
    let (code, ctype, body) = request(r.addr, "HEAD", "/leidraad/index.html");
    assert_eq!((code, ctype.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.is_empty(), "HEAD has no body");
    let (code, ctype, body) = r.get("/leidraad/bestaat-niet.html");
    assert_eq!((code, ctype.as_str()), (404, "text/html; charset=utf-8"));
    assert!(
        text(&body).contains("Pagina niet gevonden"),
        "the theme's 404 page"
    );
    assert_eq!(request(r.addr, "POST", "/leidraad/index.html").0, 405);
}

#[test]
fn a_non_ascii_base_url_never_makes_the_server_fail() {
    let f = Fixture::new("minimal");
    edit(
        &f.root().join("leidraad.yaml"),
        "https://leidraad.test/leidraad/",
        "https://leidraad.test/zorg-één/",
    );
    let (child, addr, stdout) = spawn_in(f.root(), &["--port", "0"]);
    let r = Running {
        child,
        fixture: f,
        addr,
        events: mpsc::channel().1,
        stdout,
    };
    // More requests than the server has request slots: each must get an answer, and a
    // redirect to the (encoded) base path must not take the server down.
    for i in 0..600 {
        let path = if i % 2 == 0 {
            "/"
        } else {
            "/zorg-%C3%A9%C3%A9n"
        };
        let (code, _, _) = r.get(path);
        assert_eq!(code, 302, "request {i}");
    }
    let (code, _, body) = r.get("/zorg-%C3%A9%C3%A9n/index.html");
    assert_eq!(code, 200);
    assert!(text(&body).contains("Welkom"));
}

#[test]
fn two_hundred_simultaneous_connections_are_all_answered() {
    let r = start();
    let addr = r.addr;
    let start = Instant::now();
    let handles: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 {
                    "/leidraad/index.html"
                } else {
                    "/leidraad/static/style.css"
                };
                request(addr, "GET", path)
            })
        })
        .collect();
    let mut ok = 0;
    for h in handles {
        let (code, _, body) = h.join().unwrap();
        if code == 200 && !body.is_empty() {
            ok += 1;
        }
    }
    assert_eq!(ok, 200);
    assert!(start.elapsed() < common::HANG);
}

/// Whether nothing has arrived yet on a connection (no answer, not closed).
fn unanswered(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 1];
    let waiting = matches!(
        stream.peek(&mut buf),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock
    );
    stream.set_nonblocking(false).unwrap();
    waiting
}

#[test]
fn a_slow_client_does_not_stall_others() {
    let r = start();
    // Opens a connection and sends half a request, then waits.
    let mut slow = TcpStream::connect(r.addr).unwrap();
    slow.write_all(b"GET /leidraad/index.html HTTP/1.1\r\nHo")
        .unwrap();
    for _ in 0..20 {
        assert_eq!(r.get("/leidraad/index.html").0, 200);
    }
    // The others were answered while the slow one still waits for its head timeout.
    assert!(
        unanswered(&slow),
        "the slow client was answered before the others"
    );
    drop(slow);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let f = Fixture::new("minimal");
    let (mut child, _, _) = spawn_in(f.root(), &["--port", "0"]);
    // SAFETY: kill only sends a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let leftovers: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_taken_port_is_reported_clearly() {
    let f = Fixture::new("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(["serve", "--port", &port])
        .current_dir(f.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("--port"));
}

/// Sends raw bytes and returns the whole response as text.
fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    // A server that answers before reading everything may close early: ignore that.
    let _ = stream.write_all(bytes);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {response:?}"))
}

#[test]
fn only_localhost_ip_addresses_and_allowed_names_are_answered() {
    let r = start();
    let port = r.addr.port();
    for path in [
        "/leidraad/index.html",
        "/__leidraad/status",
        "/__leidraad/events",
    ] {
        let resp = raw(
            r.addr,
            format!("GET {path} HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n").as_bytes(),
        );
        assert_eq!(status_of(&resp), 403, "{path}: {resp}");
        assert!(resp.contains("--allow-host evil.example"), "{resp}");
        assert!(!resp.contains("generation"), "no status leaks: {resp}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "LOCALHOST".to_string(),
    ] {
        let resp = raw(
            r.addr,
            format!("GET /leidraad/index.html HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(status_of(&resp), 200, "{host}");
    }
    // Absolute-form targets: answered for this host, refused for another.
    let ok = raw(
        r.addr,
        format!("GET http://127.0.0.1:{port}/leidraad/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status_of(&ok), 200, "{ok}");
    let bad = raw(
        r.addr,
        format!(
            "GET http://evil.example/leidraad/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status_of(&bad), 403, "{bad}");

    let f = Fixture::new("minimal");
    let (mut child, addr, _) = spawn_in(f.root(), &["--port", "0", "--allow-host", "preview.test"]);
    let resp = raw(
        addr,
        b"GET /leidraad/index.html HTTP/1.1\r\nHost: preview.test\r\n\r\n",
    );
    assert_eq!(status_of(&resp), 200, "{resp}");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn every_response_carries_the_security_headers() {
    let r = start();
    for request in [
        "GET /leidraad/index.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /leidraad/bestaat-niet.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n",
        "DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    ] {
        let resp = raw(r.addr, request.as_bytes());
        let head = resp.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
        for header in [
            "content-security-policy: default-src 'self'",
            "frame-ancestors 'none'",
            "x-frame-options: deny",
            "referrer-policy: no-referrer",
            "x-content-type-options: nosniff",
        ] {
            assert!(head.contains(header), "{request:?} lacks {header}: {head}");
        }
        assert!(!head.contains("unsafe-inline"), "{head}");
    }
    // The event stream too, read up to its head.
    let mut stream = TcpStream::connect(r.addr).unwrap();
    stream
        .write_all(b"GET /__leidraad/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut head = String::new();
    let mut reader = BufReader::new(stream);
    while !head.ends_with("\r\n\r\n") {
        if reader.read_line(&mut head).unwrap() == 0 {
            break;
        }
    }
    assert!(head.contains("X-Frame-Options: DENY"), "{head}");
}

#[test]
fn an_oversized_head_gets_431_and_a_stalled_one_408_while_others_are_answered() {
    let r = start();
    let mut huge = b"GET /leidraad/index.html HTTP/1.1\r\nHost: localhost\r\nX-Groot: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    let resp = raw(r.addr, &huge);
    assert_eq!(status_of(&resp), 431, "{resp}");
    // 300 clients that send half a head and wait (slowloris).
    let stalled: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(r.addr).unwrap();
            s.write_all(b"GET /leidraad/index.html HTTP/1.1\r\nHo")
                .unwrap();
            s
        })
        .collect();
    for _ in 0..20 {
        assert_eq!(r.get("/leidraad/index.html").0, 200);
    }
    // Answered while the stalled ones still wait for their head timeout: the normal
    // requests did not queue behind them.
    assert!(
        stalled.iter().all(unanswered),
        "a stalled client was sent away before the normal requests were answered"
    );
    // The stalled ones are sent away after the head timeout (10 s).
    let mut first = stalled.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = String::new();
    let _ = first.read_to_string(&mut answer);
    assert_eq!(status_of(&answer), 408, "{answer}");
}

#[test]
fn a_double_slash_never_redirects_to_another_host() {
    let r = start();
    let resp = raw(
        r.addr,
        b"GET //leidraad/knelpunten HTTP/1.1\r\nHost: localhost\r\n\r\n",
    );
    let location = resp
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap_or_else(|| panic!("{resp}"));
    assert!(
        location.starts_with('/') && !location.starts_with("//"),
        "{location}"
    );
    assert_eq!(location, "/leidraad/knelpunten/");
}

#[test]
fn bind_takes_localhost_and_a_wildcard_prints_an_address_to_open() {
    let f = Fixture::new("minimal");
    let (mut child, addr, _) = spawn_in(f.root(), &["--port", "0", "--bind", "localhost"]);
    assert!(addr.ip().is_loopback(), "{addr}");
    let _ = child.kill();
    let _ = child.wait();
    let mut child = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .current_dir(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Serving the site at") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "serve did not start");
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("http://localhost:"), "{line}");
    assert!(!line.contains("0.0.0.0"), "{line}");
}

#[test]
fn a_keep_alive_client_gets_its_answer_at_once_and_a_closed_connection() {
    let r = start();
    let mut stream = TcpStream::connect(r.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /leidraad/index.html HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    // The whole answer, and the end of the connection, arrive at once: no waiting for
    // a delayed acknowledgement or an idle keep-alive timeout.
    assert_eq!(status_of(&out), 200);
    assert!(out.contains("</html>"));
    // The server closed the connection (read_to_string reached its end): no idle
    // keep-alive wait. How soon is the serve bench's to measure, not a test's.
    assert!(started.elapsed() < common::HANG);
}

/// Saves the way many editors do: the new text into a temporary file beside the
/// original, then renamed over it.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    save(path, &text.replacen(from, to, 1));
}

/// Waits for the next status; asserts whether it shows problems.
fn expect_errors(r: &Running, wanted: bool) -> serde_json::Value {
    let e = r.next_event();
    let has = !e["errors"].as_array().unwrap().is_empty();
    assert_eq!(has, wanted, "{e}");
    e
}

#[test]
fn published_files_changed_while_the_site_is_broken_arrive_once_it_is_fixed() {
    let r = start();
    let page = r.path("content/knelpunten/smalle-markt.md");
    let over = r.path("content/over.md");
    std::fs::create_dir_all(r.path("content/afbeeldingen")).unwrap();
    std::fs::write(r.path("content/afbeeldingen/schema.png"), b"\x89PNG schema").unwrap();
    replace_in(
        &page,
        "Weinig aanbieders.",
        "Weinig aanbieders. ![Schema](../afbeeldingen/schema.png)",
    );
    expect_errors(&r, false);
    assert_eq!(r.get("/leidraad/afbeeldingen/schema.png").0, 200);

    // A folder of images renamed, then the link fixed.
    std::fs::rename(r.path("content/afbeeldingen"), r.path("content/plaatjes")).unwrap();
    expect_errors(&r, true);
    replace_in(
        &page,
        "../afbeeldingen/schema.png",
        "../plaatjes/schema.png",
    );
    expect_errors(&r, false);
    assert_eq!(r.get("/leidraad/plaatjes/schema.png").0, 200);
    assert_eq!(r.get("/leidraad/afbeeldingen/schema.png").0, 404);

    // An image renamed, then the link fixed.
    std::fs::rename(
        r.path("content/plaatjes/schema.png"),
        r.path("content/plaatjes/schema-2.png"),
    )
    .unwrap();
    expect_errors(&r, true);
    replace_in(&page, "schema.png", "schema-2.png");
    expect_errors(&r, false);
    assert_eq!(r.get("/leidraad/plaatjes/schema-2.png").0, 200);
    assert_eq!(r.get("/leidraad/plaatjes/schema.png").0, 404);

    // While another page is broken: an image added and linked, a static file changed,
    // an unlinked download deleted. All of it is there once the page is fixed.
    std::fs::create_dir_all(r.path("content/bijlagen")).unwrap();
    std::fs::write(r.path("content/bijlagen/weg.pdf"), b"%PDF weg").unwrap();
    std::fs::write(r.path("static/x.txt"), "v1").unwrap();
    expect_errors(&r, false);
    assert_eq!(r.get("/leidraad/bijlagen/weg.pdf").0, 200);
    replace_in(&over, "titel: \"Over deze site\"", "titel: Over: deze site");
    expect_errors(&r, true);
    std::fs::write(r.path("content/plaatjes/nieuw.png"), b"\x89PNG nieuw").unwrap();
    replace_in(
        &page,
        "Weinig aanbieders.",
        "Weinig aanbieders. ![Nieuw](../plaatjes/nieuw.png)",
    );
    std::fs::write(r.path("static/x.txt"), "v2").unwrap();
    std::fs::remove_file(r.path("content/bijlagen/weg.pdf")).unwrap();
    // Each save while broken shows the problem again (or nothing new).
    std::thread::sleep(Duration::from_millis(800));
    while r.events.try_recv().is_ok() {}
    replace_in(&over, "titel: Over: deze site", "titel: \"Over deze site\"");
    expect_errors(&r, false);
    assert_eq!(r.get("/leidraad/plaatjes/nieuw.png").0, 200);
    assert_eq!(text(&r.get("/leidraad/static/x.txt").2), "v2");
    assert_eq!(r.get("/leidraad/bijlagen/weg.pdf").0, 404);
}

/// The shipped site in a temporary folder (content and configuration; the theme is the
/// built-in one).
fn shipped() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    common::copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("leidraad.yaml"), dir.path().join("leidraad.yaml")).unwrap();
    Fixture { dir }
}

/// The errors `leidraad check --format json` reports, run inside the site folder, as
/// (file, line, column, code, message).
fn check_errors(root: &Path) -> std::collections::BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(["check", "--format", "json"])
        .current_dir(root)
        .output()
        .unwrap();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    errors_of(&found)
}

fn errors_of(list: &[serde_json::Value]) -> std::collections::BTreeSet<String> {
    list.iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{}:{}: {} {}",
                d["file"], d["line"], d["column"], d["code"], d["message"]
            )
        })
        .collect()
}

#[test]
fn the_overlay_shows_exactly_what_check_shows() {
    let r = start_fixture(shipped());
    let checklist = r.path("content/checklists/centrale-inkoop.yaml");
    let good = std::fs::read_to_string(&checklist).unwrap();
    // The first quoted label without its closing quote.
    let label = good
        .lines()
        .find(|l| l.trim_start().starts_with("label: \""))
        .unwrap();
    let unclosed = good.replacen(label, label.trim_end().trim_end_matches('"'), 1);
    // A decimal comma, a missing quote, a byte-order mark (with a wrong weight): each
    // breaks the checklist only.
    for broken in [
        good.replacen("score: 0.", "score: 0,", 1),
        unclosed,
        format!("\u{feff}{}", good.replacen("gewicht: ", "gewicht: veel", 1)),
    ] {
        assert_ne!(broken, good);
        save(&checklist, &broken);
        let e = expect_errors(&r, true);
        let overlay = errors_of(e["errors"].as_array().unwrap());
        assert_eq!(overlay, check_errors(r.fixture.root()));
        save(&checklist, &good);
        expect_errors(&r, false);
    }
}

#[test]
fn a_save_while_the_every_page_outputs_render_does_not_wait_for_them() {
    // Each output of the second step (search index, whole guide, changes, ...) takes
    // 1.5 s here, so a second save surely arrives while they render.
    let r = start_fixture_with(
        Fixture::new("minimal"),
        &[("LEIDRAAD_TEST_SETTLE_MS", "1500")],
    );
    let page = r.path("content/knelpunten/smalle-markt.md");
    // A title: it shows in the search index, the whole guide, the changes page and feed.
    replace_in(
        &page,
        "titel: \"Smalle markt\"",
        "titel: \"Smalle markt (1)\"",
    );
    expect_errors(&r, false);
    replace_in(
        &r.path("content/over.md"),
        "## Achtergrond",
        "## Achtergrond en doel",
    );
    // Before the second save's page arrives, the second step of the first one stopped
    // after the outputs already under way (one per core), not after all of them.
    let mut settled_before = 0;
    loop {
        let e = r.events.recv_timeout(common::HANG).expect("a status");
        match e["only"].as_array() {
            Some(only) => settled_before += only.len(),
            None => break,
        }
    }
    assert!(
        settled_before <= 2,
        "{settled_before} outputs of the first save's second step came first"
    );
    let (_, _, body) = r.get("/leidraad/over.html");
    assert!(text(&body).contains("Achtergrond en doel"));
}

#[test]
fn a_save_written_in_two_steps_shows_no_error_in_between() {
    let r = start();
    let page = r.path("content/knelpunten/smalle-markt.md");
    let good = std::fs::read_to_string(&page).unwrap();
    // A slow editor or a loaded machine: the file is emptied, and written a moment later.
    std::fs::write(&page, "").unwrap();
    std::thread::sleep(Duration::from_millis(60));
    std::fs::write(
        &page,
        good.replace("Weinig aanbieders.", "In twee stappen."),
    )
    .unwrap();
    let e = expect_errors(&r, false);
    assert!(e["only"].is_null(), "{e}");
    let (_, _, body) = r.get("/leidraad/knelpunten/smalle-markt.html");
    assert!(text(&body).contains("In twee stappen."));
    r.no_event_for(Duration::from_millis(500));
}
