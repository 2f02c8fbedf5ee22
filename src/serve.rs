//! `leidraad serve`: a local preview server that watches the site, rebuilds what an
//! edit affects, reloads open pages, and shows build errors in the browser.
//!
//! Pages are served from memory (the incremental session's output), so no request can
//! reach a file outside the output, whatever its path. The live-reload script and the
//! event stream exist only here; `leidraad build` output never contains them.

use crate::FastMap;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::incremental::{Rebuilt, Session};
use crate::watch::{self, Watch};
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::Duration;

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

/// Options of `leidraad serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root (made absolute at the start).
    pub root: PathBuf,
    /// Address to bind.
    pub bind: IpAddr,
    /// Port; `None` means 1111, or the next free one.
    pub port: Option<u16>,
    /// Poll for changes instead of relying on native file events.
    pub poll: bool,
}

/// Build status shared between the watcher and the request handlers.
#[derive(Debug, Default)]
struct Status {
    generation: u64,
    errors: Vec<Diagnostic>,
}

/// State shared by all threads, passed explicitly.
pub struct Shared {
    files: RwLock<Arc<FastMap<String, Arc<Vec<u8>>>>>,
    status: Mutex<Status>,
    changed: Condvar,
    base_path: RwLock<String>,
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
        format!("http://{}{}", self.addr, self.shared.base_path())
    }
}

impl Shared {
    /// The build generation: it grows with every rebuild that changed something.
    pub fn generation(&self) -> u64 {
        self.status().generation
    }

    /// The build status. A thread that panicked while holding the lock cannot leave it
    /// half-written (every update is one assignment), so a poisoned lock is still usable.
    fn status(&self) -> std::sync::MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The files being served right now.
    fn files(&self) -> Arc<FastMap<String, Arc<Vec<u8>>>> {
        Arc::clone(&self.files.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn base_path(&self) -> String {
        self.base_path
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Publishes a build result: new files on success, the problems otherwise.
    fn publish(&self, session: &Session, result: &Result<Rebuilt, Diagnostics>) {
        if let Some(site) = session.site() {
            *self
                .base_path
                .write()
                .unwrap_or_else(PoisonError::into_inner) = site.config.base_path();
        }
        {
            let mut status = self.status();
            match result {
                Ok(r) => {
                    if r.paths.is_empty() && status.errors.is_empty() {
                        // Nothing changed (a save without changes): nothing to reload.
                        return;
                    }
                    *self.files.write().unwrap_or_else(PoisonError::into_inner) =
                        Arc::new(session.files.clone());
                    status.errors.clear();
                }
                Err(diags) => {
                    if status.errors == diags.items() {
                        // The same problems again: the overlay already shows them.
                        return;
                    }
                    status.errors = diags.items().to_vec();
                }
            }
            status.generation += 1;
        }
        self.changed.notify_all();
    }
}

/// Holds one of the limited request slots; gives it back however the handler ends.
struct Slot<'a>(&'a AtomicUsize);

impl<'a> Slot<'a> {
    fn take(counter: &'a AtomicUsize, max: usize) -> Option<Slot<'a>> {
        if counter.fetch_add(1, Ordering::SeqCst) >= max {
            counter.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(counter))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
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

/// Starts watching, builds the site, and serves it. The site may be broken: then every
/// page shows the problems until a save fixes them. `report` prints each build.
pub fn start(
    opts: &ServeOptions,
    listener: TcpListener,
    report: impl Fn(&Result<Rebuilt, Diagnostics>) + Send + 'static,
) -> Result<Server, String> {
    let root = crate::site::absolute_root(&opts.root);
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // The watcher runs before the first build, so saves during a long build are queued.
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let watcher = Watch::start(&root, tx, opts.poll)?;
    let (session, first) = Session::start(&root);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(FastMap::default())),
        status: Mutex::new(Status::default()),
        changed: Condvar::new(),
        base_path: RwLock::new("/".to_string()),
        in_flight: AtomicUsize::new(0),
        streams: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    });
    shared.publish(&session, &first);
    // The first build is generation 0, good or bad.
    shared.status().generation = 0;
    report(&first);
    let http =
        Arc::new(tiny_http::Server::from_listener(listener, None).map_err(|e| e.to_string())?);
    let mut threads = Vec::new();
    {
        let shared = Arc::clone(&shared);
        threads.push(std::thread::spawn(move || {
            rebuild_loop(session, &rx, watcher, &shared, report);
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

/// Waits for batches of changed files and publishes each rebuild.
fn rebuild_loop(
    mut session: Session,
    rx: &mpsc::Receiver<Vec<PathBuf>>,
    mut watcher: Watch,
    shared: &Shared,
    report: impl Fn(&Result<Rebuilt, Diagnostics>),
) {
    while !shared.stop.load(Ordering::SeqCst) {
        let paths = match watch::next_batch(rx, Duration::from_millis(200)) {
            Ok(p) => p,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut paths = paths;
        loop {
            let before = shared.generation();
            let result = session.update(&paths);
            shared.publish(&session, &result);
            if shared.generation() != before {
                report(&result);
            }
            // A folder created after the start (say themes/) needs a watch of its own,
            // and what was written into it before the watch began is read now.
            paths = watcher.add_new_folders();
            if paths.is_empty() {
                break;
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
        let shared = Arc::clone(shared);
        // One thread per request: a slow client holds only its own thread. The slot is
        // taken inside so it is released on every path, a panic included.
        let _ = std::thread::Builder::new().spawn(move || {
            let Some(_slot) = Slot::take(&shared.in_flight, MAX_IN_FLIGHT) else {
                let _ = request.respond(text_response(503, "busy"));
                return;
            };
            handle(request, &shared);
        });
    }
}

/// Extension for responses: headers whose values are made ASCII first (a non-ASCII
/// `base_url` path is percent-encoded), so adding one never fails or panics.
trait WithHeader {
    fn header(self, name: &str, value: &str) -> Self;
}

impl<R: std::io::Read> WithHeader for tiny_http::Response<R> {
    fn header(self, name: &str, value: &str) -> Self {
        let mut ascii = String::with_capacity(value.len());
        for b in value.bytes() {
            if b.is_ascii_graphic() || b == b' ' {
                ascii.push(b as char);
            } else {
                ascii.push_str(&format!("%{b:02X}"));
            }
        }
        match tiny_http::Header::from_bytes(name.as_bytes(), ascii.as_bytes()) {
            Ok(h) => self.with_header(h),
            Err(_) => self,
        }
    }
}

fn text_response(code: u16, text: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_data(text.as_bytes().to_vec())
        .with_status_code(code)
        .header("Content-Type", "text/plain; charset=utf-8")
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
        let _ =
            request.respond(text_response(405, "method not allowed").header("Allow", "GET, HEAD"));
        return;
    }
    let url = request.url().to_string();
    let path_only = url.split(['?', '#']).next().unwrap_or("");
    match path_only {
        LIVE_SCRIPT => {
            let r = tiny_http::Response::from_data(LIVE_JS.as_bytes().to_vec())
                .header("Content-Type", "text/javascript; charset=utf-8")
                .header("Cache-Control", "no-store");
            let _ = request.respond(r);
            return;
        }
        STATUS => {
            let r = tiny_http::Response::from_data(status_json(shared).into_bytes())
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store");
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
    if files.is_empty() {
        // No good build yet: a page that shows the problems and reloads once fixed.
        let r = tiny_http::Response::from_data(inject_live(WAITING_PAGE.as_bytes()))
            .with_status_code(503)
            .header("Content-Type", "text/html; charset=utf-8")
            .header("Cache-Control", "no-store");
        let _ = request.respond(r);
        return;
    }
    match resolve_path(&url, &shared.base_path()) {
        Target::Forbidden => {
            let _ = request.respond(text_response(403, "forbidden"));
        }
        Target::Redirect(to) => {
            let r = text_response(302, "").header("Location", &to);
            let _ = request.respond(r);
        }
        Target::File(path) => {
            // A folder without a trailing slash: send the browser to the folder.
            if !files.contains_key(&path) && files.contains_key(&format!("{path}/index.html")) {
                let location = format!("{}/", path_only.trim_end_matches('/'));
                let _ = request.respond(text_response(302, "").header("Location", &location));
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
                .header("Content-Type", content_type(&path))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
            let _ = request.respond(r);
        }
    }
}

/// Served while the site has never built: the live script shows the problems over it.
const WAITING_PAGE: &str = "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>leidraad serve</title></head><body><main><h1>De site is nog niet gebouwd</h1><p>Er staan fouten in de bestanden van de site. Herstel ze en sla op: deze pagina ververst vanzelf.</p></main></body></html>";

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
    title.textContent = 'De site kan niet worden gebouwd (' + errors.length + ' ' + (errors.length === 1 ? 'fout' : 'fouten') + '). U ziet de laatste goede versie.';
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
    fn the_overlay_and_the_waiting_page_address_the_author_formally() {
        for text in [LIVE_JS, WAITING_PAGE] {
            let lower = text.to_lowercase();
            for word in lower.split(|c: char| !c.is_alphabetic()) {
                assert!(!["je", "jij", "jouw"].contains(&word), "informal: {word}");
            }
        }
        assert!(LIVE_JS.contains("U ziet de laatste goede versie"));
    }

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
