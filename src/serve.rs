//! `leidraad serve`: a local preview server that watches the site, rebuilds what an
//! edit affects, reloads open pages, and shows build errors in the browser.
//!
//! Pages are served from memory (the incremental session's output), so no request can
//! reach a file outside the output, whatever its path. The live-reload script and the
//! event stream exist only here; `leidraad build` output never contains them.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::incremental::{Rebuilt, Session};
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Where the live-reload script is served.
pub const LIVE_SCRIPT: &str = "/__leidraad/live.js";
/// The server-sent event stream of build results.
pub const EVENTS: &str = "/__leidraad/events";
/// The current build status as JSON.
pub const STATUS: &str = "/__leidraad/status";

/// Requests handled at once; more get 503 instead of piling up.
const MAX_IN_FLIGHT: usize = 512;
/// Event streams open at once.
const MAX_STREAMS: usize = 128;
/// Quiet time after the last file event before rebuilding (one save = one rebuild).
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Options of `leidraad serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Address to bind.
    pub bind: IpAddr,
    /// Port; `None` means 1111, or the next free one.
    pub port: Option<u16>,
}

/// Build status shared between the watcher and the request handlers.
#[derive(Debug, Default)]
struct Status {
    generation: u64,
    errors: Vec<Diagnostic>,
}

/// State shared by all threads, passed explicitly.
pub struct Shared {
    files: RwLock<Arc<HashMap<String, Arc<Vec<u8>>>>>,
    status: Mutex<Status>,
    changed: Condvar,
    base_path: String,
    in_flight: AtomicUsize,
    streams: AtomicUsize,
    /// Set to stop the server.
    pub stop: AtomicBool,
}

/// A running server.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    http: Arc<tiny_http::Server>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Stops accepting requests and watching, and waits for the threads to end.
    pub fn shutdown(mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        self.http.unblock();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// The shared state (for tests and the command).
    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// The address of the site's home page, including the `base_url` path.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.shared.base_path)
    }
}

impl Shared {
    /// The build generation: it grows with every rebuild, good or bad.
    pub fn generation(&self) -> u64 {
        self.status().generation
    }

    /// The build status. A thread that panicked while holding the lock cannot leave it
    /// half-written (every update is one assignment), so a poisoned lock is still usable.
    fn status(&self) -> std::sync::MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The files being served right now.
    fn files(&self) -> Arc<HashMap<String, Arc<Vec<u8>>>> {
        Arc::clone(&self.files.read().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Binds the port: the one asked for, or 1111 and up to 20 more when none was asked.
pub fn bind(opts: &ServeOptions) -> Result<TcpListener, String> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (1111..1131).collect(),
    };
    let mut last = String::new();
    for port in &ports {
        match TcpListener::bind(SocketAddr::new(opts.bind, *port)) {
            Ok(l) => {
                if opts.port.is_none() && *port != 1111 {
                    eprintln!("Port 1111 is in use; using {port} instead.");
                }
                return Ok(l);
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(match opts.port {
        Some(p) => format!(
            "cannot listen on {}:{p}: {last}. Choose another port with --port.",
            opts.bind
        ),
        None => format!(
            "ports 1111 to 1130 on {} are all in use ({last}); choose one with --port",
            opts.bind
        ),
    })
}

/// Builds the site and starts serving and watching it. `report` prints each rebuild.
pub fn start(
    opts: &ServeOptions,
    listener: TcpListener,
    report: impl Fn(&Result<Rebuilt, Diagnostics>) + Send + 'static,
) -> Result<Server, Diagnostics> {
    let (session, first) = Session::start(&opts.root)?;
    report(&Ok(first));
    let addr = listener.local_addr().map_err(|e| io_diag(&opts.root, e))?;
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(session.files.clone())),
        status: Mutex::new(Status::default()),
        changed: Condvar::new(),
        base_path: session.site.config.base_path(),
        in_flight: AtomicUsize::new(0),
        streams: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    });
    let http = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| io_diag(&opts.root, std::io::Error::other(e.to_string())))?,
    );
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let watcher =
        watch(&opts.root, tx).map_err(|e| io_diag(&opts.root, std::io::Error::other(e)))?;
    let mut threads = Vec::new();
    {
        let shared = Arc::clone(&shared);
        threads.push(std::thread::spawn(move || {
            rebuild_loop(session, rx, watcher, &shared, report);
        }));
    }
    {
        let shared = Arc::clone(&shared);
        let http = Arc::clone(&http);
        threads.push(std::thread::spawn(move || accept_loop(&http, &shared)));
    }
    Ok(Server {
        addr,
        shared,
        http,
        threads,
    })
}

fn io_diag(root: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostic::error(root, "io", e.to_string()).into()
}

/// Watches `content/`, `themes/`, `static/` and `leidraad.yaml`, sending changed paths.
fn watch(root: &Path, tx: mpsc::Sender<PathBuf>) -> Result<notify::RecommendedWatcher, String> {
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let config = root_abs.join(crate::config::CONFIG_FILE);
    let watched_dirs: Vec<PathBuf> = ["content", "themes", "static"]
        .iter()
        .map(|d| root_abs.join(d))
        .collect();
    let dirs = watched_dirs.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            // The root itself is watched only for leidraad.yaml and new theme folders.
            let relevant = path == config || dirs.iter().any(|d| path.starts_with(d));
            if relevant {
                let _ = tx.send(path);
            }
        }
    })
    .map_err(|e| e.to_string())?;
    watcher
        .watch(&root_abs, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root_abs.display()))?;
    for dir in &watched_dirs {
        if dir.is_dir() {
            watcher
                .watch(dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }
    Ok(watcher)
}

/// Waits for file events, gathers a burst into one rebuild, and publishes the result.
fn rebuild_loop(
    mut session: Session,
    rx: mpsc::Receiver<PathBuf>,
    mut watcher: notify::RecommendedWatcher,
    shared: &Shared,
    report: impl Fn(&Result<Rebuilt, Diagnostics>),
) {
    let root =
        std::path::absolute(&session.site.root).unwrap_or_else(|_| session.site.root.clone());
    let folders: Vec<PathBuf> = ["content", "themes", "static"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    let mut watched: Vec<bool> = folders.iter().map(|d| d.is_dir()).collect();
    while !shared.stop.load(Ordering::SeqCst) {
        let first = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(p) => p,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut paths = BTreeSet::from([first]);
        let burst_start = Instant::now();
        // One editor save can touch a file several times: wait for a quiet moment.
        while let Ok(p) = rx.recv_timeout(DEBOUNCE) {
            paths.insert(p);
            if burst_start.elapsed() > Duration::from_millis(500) {
                break;
            }
        }
        let paths: Vec<PathBuf> = paths.into_iter().collect();
        let result = session.update(&paths);
        {
            let mut status = shared.status();
            match &result {
                Ok(_) => {
                    *shared.files.write().unwrap_or_else(PoisonError::into_inner) =
                        Arc::new(session.files.clone());
                    status.errors.clear();
                }
                Err(diags) => status.errors = diags.items().to_vec(),
            }
            status.generation += 1;
        }
        shared.changed.notify_all();
        report(&result);
        // A folder created after the start (say themes/) needs a watch of its own.
        for (dir, done) in folders.iter().zip(watched.iter_mut()) {
            if !*done && dir.is_dir() {
                *done = watcher.watch(dir, RecursiveMode::Recursive).is_ok();
            }
        }
    }
}

fn accept_loop(http: &tiny_http::Server, shared: &Arc<Shared>) {
    loop {
        let request = match http.recv() {
            Ok(r) => r,
            Err(_) => {
                if shared.stop.load(Ordering::SeqCst) {
                    return;
                }
                continue;
            }
        };
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        if shared.in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(text_response(503, "busy"));
            continue;
        }
        let shared = Arc::clone(shared);
        // One thread per request: a slow client holds only its own thread.
        let spawned = std::thread::Builder::new().spawn(move || {
            handle(request, &shared);
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // Thread could not start; the request was moved and is dropped (connection closes).
        }
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn text_response(code: u16, text: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(text.as_bytes().to_vec())
        .with_status_code(code)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// Content-Type by file extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Decodes `%xx` once. Returns `None` for malformed escapes or a decoded NUL.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if b == 0 {
                return None;
            }
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a request path maps to.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An output file path (relative, `/`-separated), possibly missing.
    File(String),
    /// Redirect to this location.
    Redirect(String),
    /// A path that tries to leave the output: refused.
    Forbidden,
}

/// Maps a request URL to an output path. Any `..`, backslash, encoded separator or NUL is
/// refused; the result never leaves the output because it is only a key into memory.
pub fn resolve_path(url: &str, base_path: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Target::Forbidden;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Target::Forbidden;
    }
    // Encoded slashes and dots in the raw path are suspicious; refuse them outright.
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%2e")
        || lower.contains("%25")
    {
        return Target::Forbidden;
    }
    if base_path != "/" {
        if decoded == "/" || decoded.is_empty() {
            return Target::Redirect(base_path.to_string());
        }
        if decoded == base_path.trim_end_matches('/') {
            return Target::Redirect(base_path.to_string());
        }
    }
    let inner = if base_path != "/" && decoded.starts_with(base_path) {
        &decoded[base_path.len()..]
    } else {
        decoded.trim_start_matches('/')
    };
    let mut parts = Vec::new();
    for seg in inner.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Target::Forbidden,
            s if s.contains(':') => return Target::Forbidden,
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if inner.is_empty() || inner.ends_with('/') {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Target::File(joined)
}

fn status_json(shared: &Shared) -> String {
    status_json_of(&shared.status())
}

fn status_json_of(status: &Status) -> String {
    let errors: Vec<serde_json::Value> = status
        .errors
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "file": d.file.to_string_lossy(),
                "line": d.line,
                "column": d.column,
                "code": d.code,
                "message": d.message,
                "text": d.to_string(),
            })
        })
        .collect();
    serde_json::json!({"generation": status.generation, "errors": errors}).to_string()
}

fn handle(request: tiny_http::Request, shared: &Shared) {
    let method = request.method().clone();
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        let _ = request.respond(
            text_response(405, "method not allowed").with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let url = request.url().to_string();
    let path_only = url.split(['?', '#']).next().unwrap_or("");
    match path_only {
        LIVE_SCRIPT => {
            let r = tiny_http::Response::from_data(LIVE_JS.as_bytes().to_vec())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(r);
            return;
        }
        STATUS => {
            let r = tiny_http::Response::from_data(status_json(shared).into_bytes())
                .with_header(header("Content-Type", "application/json"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(r);
            return;
        }
        EVENTS => {
            event_stream(request, shared);
            return;
        }
        _ => {}
    }
    let files = shared.files();
    match resolve_path(&url, &shared.base_path) {
        Target::Forbidden => {
            let _ = request.respond(text_response(403, "forbidden"));
        }
        Target::Redirect(to) => {
            let r = text_response(302, "").with_header(header("Location", &to));
            let _ = request.respond(r);
        }
        Target::File(path) => {
            // A folder without a trailing slash: send the browser to the folder.
            if !files.contains_key(&path) && files.contains_key(&format!("{path}/index.html")) {
                let location = format!("{}/", path_only.trim_end_matches('/'));
                let _ = request
                    .respond(text_response(302, "").with_header(header("Location", &location)));
                return;
            }
            let (code, path) = if files.contains_key(&path) {
                (200, path)
            } else {
                (404, "404.html".to_string())
            };
            let body = match files.get(&path) {
                Some(b) if path.ends_with(".html") => inject_live(b),
                Some(b) => b.to_vec(),
                None => b"not found".to_vec(),
            };
            let r = tiny_http::Response::from_data(body)
                .with_status_code(code)
                .with_header(header("Content-Type", content_type(&path)))
                .with_header(header("Cache-Control", "no-store"))
                .with_header(header("X-Content-Type-Options", "nosniff"));
            let _ = request.respond(r);
        }
    }
}

/// Adds the live-reload script to a page (serve only; built files never have it).
fn inject_live(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Server-sent events: the current status at once, then every new one.
fn event_stream(request: tiny_http::Request, shared: &Shared) {
    if shared.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        shared.streams.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(text_response(503, "too many event streams"));
        return;
    }
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    let mut last = u64::MAX;
    let mut ok = writer.write_all(head.as_bytes()).is_ok();
    while ok && !shared.stop.load(Ordering::SeqCst) {
        let payload = {
            // Returns at once when there is news; otherwise after a change or 15 s.
            let (guard, _) = shared
                .changed
                .wait_timeout_while(shared.status(), Duration::from_secs(15), |s| {
                    s.generation == last && !shared.stop.load(Ordering::SeqCst)
                })
                .unwrap_or_else(PoisonError::into_inner);
            if guard.generation == last {
                None
            } else {
                last = guard.generation;
                Some(status_json_of(&guard))
            }
        };
        ok = match payload {
            Some(json) => writer.write_all(format!("data: {json}\n\n").as_bytes()),
            None => writer.write_all(b": keep-alive\n\n"),
        }
        .and_then(|_| writer.flush())
        .is_ok();
    }
    shared.streams.fetch_sub(1, Ordering::SeqCst);
}

/// The browser side of live reload and the error overlay.
const LIVE_JS: &str = r#"// leidraad serve: reload after a successful rebuild; show build errors over the page.
(function () {
  'use strict';
  var generation = null;
  var overlay = null;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(errors) {
    hide();
    overlay = document.createElement('div');
    overlay.id = 'leidraad-errors';
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-labelledby', 'leidraad-errors-title');
    overlay.style.cssText = 'position:fixed;inset:auto 1rem 1rem 1rem;max-height:70vh;overflow:auto;z-index:2147483647;' +
      'background:#2b0b0e;color:#fff;border:3px solid #ff6b6b;border-radius:10px;padding:1rem 1.2rem;' +
      'font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 8px 30px rgba(0,0,0,.5)';
    var title = document.createElement('h2');
    title.id = 'leidraad-errors-title';
    title.style.cssText = 'margin:0 0 .5rem;font:700 17px/1.3 system-ui,sans-serif;color:#fff';
    title.textContent = 'De site kan niet worden gebouwd (' + errors.length + ' ' + (errors.length === 1 ? 'fout' : 'fouten') + '). Je ziet de laatste goede versie.';
    var list = document.createElement('ul');
    list.style.cssText = 'margin:0;padding-left:1.2rem';
    errors.forEach(function (e) {
      var li = document.createElement('li');
      li.textContent = e.text;
      list.appendChild(li);
    });
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Sluiten';
    close.style.cssText = 'margin-top:.8rem;font:600 15px system-ui,sans-serif;padding:.3rem .9rem;border-radius:6px;border:2px solid #fff;background:#fff;color:#2b0b0e;cursor:pointer';
    close.addEventListener('click', hide);
    overlay.append(title, list, close);
    document.body.appendChild(overlay);
  }
  function apply(status) {
    var first = generation === null;
    var changed = !first && status.generation !== generation;
    generation = status.generation;
    if (status.errors.length) { show(status.errors); return; }
    if (changed) { location.reload(); return; }
    hide();
  }
  var source = new EventSource('/__leidraad/events');
  source.onmessage = function (e) { apply(JSON.parse(e.data)); };
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_forms_are_refused() {
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/knelpunten/..%2f..%2fetc/passwd",
            "/%252e%252e/etc/passwd",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/a/%00",
            "/C:/Windows/win.ini",
        ] {
            assert_eq!(resolve_path(url, "/"), Target::Forbidden, "{url}");
        }
    }

    #[test]
    fn paths_map_to_output_files() {
        assert_eq!(resolve_path("/", "/"), Target::File("index.html".into()));
        assert_eq!(
            resolve_path("/knelpunten/", "/"),
            Target::File("knelpunten/index.html".into())
        );
        assert_eq!(
            resolve_path("/a/b.html?x=1#y", "/"),
            Target::File("a/b.html".into())
        );
        assert_eq!(
            resolve_path("//etc/passwd", "/"),
            Target::File("etc/passwd".into())
        );
        assert_eq!(
            resolve_path("/leidraad/a.html", "/leidraad/"),
            Target::File("a.html".into())
        );
        assert_eq!(
            resolve_path("/", "/leidraad/"),
            Target::Redirect("/leidraad/".into())
        );
    }
}
