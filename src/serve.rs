//! `leidraad serve`: a local preview server that watches the site, rebuilds what an
//! edit affects, reloads open pages, and shows build errors in the browser.
//!
//! Pages are served from memory (the session's output), so no request can
//! reach a file outside the output, whatever its path. The live-reload script and the
//! event stream exist only here; `leidraad build` output never contains them.

use crate::FastMap;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::session::{Rebuilt, Session};
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

#[cfg(unix)]
mod gate;

/// Headers on every response of the preview server: the site's own content policy
/// (scripts, styles and images from the site only; see [`crate::view::CSP`]), no
/// framing by other sites, no referrer, no content sniffing.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("Content-Security-Policy", SERVE_CSP),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

/// The built site's policy ([`crate::view::CSP`]) plus what only a header can say.
const SERVE_CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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
    /// Host names the server answers besides IP addresses and `localhost` (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// Build status shared between the watcher and the request handlers.
#[derive(Debug, Default, Clone)]
struct Status {
    generation: u64,
    errors: Vec<Diagnostic>,
    /// Each error with the line of its file, as the overlay shows it.
    snippets: Vec<String>,
    /// The overlay's own words, in the site's language: title for one error, for
    /// several (`{n}`), and the close button.
    ui: [String; 3],
    /// When the last generation only brought outputs that show every page (the search
    /// index, the whole guide): their paths. Other open pages need no second reload.
    only: Option<Vec<String>>,
}

/// The overlay's words until the site's theme strings are known (the default theme's).
fn default_ui() -> [String; 3] {
    [
        "De site kan niet worden gebouwd (1 fout). U ziet de laatste goede versie.".into(),
        "De site kan niet worden gebouwd ({n} fouten). U ziet de laatste goede versie.".into(),
        "Sluiten".into(),
    ]
}

/// State shared by all threads, passed explicitly.
pub struct Shared {
    files: RwLock<Arc<FastMap<String, Arc<Vec<u8>>>>>,
    status: Mutex<Status>,
    changed: Condvar,
    base_path: RwLock<String>,
    /// The site's folder, to show the lines of files with problems.
    root: PathBuf,
    allow_hosts: Vec<String>,
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
    #[cfg(unix)]
    _backend: gate::Backend,
}

impl Server {
    /// Stops accepting requests and watching, and waits for the threads to end.
    pub fn shutdown(mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        self.http.unblock();
        // Wakes the gate's accept loop, which then sees `stop`.
        let _ = std::net::TcpStream::connect_timeout(&wake_addr(self.addr), Duration::from_secs(1));
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// The shared state (for tests and the command).
    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// The address of the site's home page, including the `base_url` path. A server on
    /// every address (`0.0.0.0`, `::`) is opened on this computer as `localhost`.
    pub fn url(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            format!("localhost:{}", self.addr.port())
        } else {
            self.addr.to_string()
        };
        format!("http://{host}{}", self.shared.base_path())
    }
}

/// Where to connect to reach a listener bound to `addr` (unspecified means loopback).
fn wake_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), addr.port())
        }
        _ => addr,
    }
}

/// Whether a request for this host name (a `Host` header or the authority of an
/// absolute URL) is answered: IP addresses, `localhost` and the names allowed with
/// `--allow-host`. Any other name may be a web page on the internet that had its own
/// name point at this computer (DNS rebinding) to read the drafts.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:1111
        return rest
            .split(']')
            .next()
            .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed
            .iter()
            .any(|a| a.trim_end_matches('.').eq_ignore_ascii_case(&name))
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
        self.publish_as(session, result, false);
    }

    /// Publishes what [`Session::settle`] rendered: open pages reload only if they are
    /// among its outputs.
    fn publish_settled(&self, session: &Session, result: &Result<Rebuilt, Diagnostics>) {
        self.publish_as(session, result, true);
    }

    fn publish_as(&self, session: &Session, result: &Result<Rebuilt, Diagnostics>, settled: bool) {
        if let Some(site) = session.site() {
            *self
                .base_path
                .write()
                .unwrap_or_else(PoisonError::into_inner) = site.config.base_path();
        }
        {
            let mut status = self.status();
            if let Some(site) = session.site() {
                let t = |k: &str, fallback: &str| {
                    site.theme.strings[k]
                        .as_str()
                        .unwrap_or(fallback)
                        .to_string()
                };
                let d = default_ui();
                status.ui = [
                    t("serve_errors_one", &d[0]),
                    t("serve_errors_many", &d[1]),
                    t("serve_close", &d[2]),
                ];
            }
            match result {
                Ok(r) => {
                    if r.paths.is_empty() && status.errors.is_empty() {
                        // Nothing changed (a save without changes): nothing to reload.
                        return;
                    }
                    *self.files.write().unwrap_or_else(PoisonError::into_inner) =
                        Arc::new(session.files().clone());
                    status.errors.clear();
                    status.snippets.clear();
                    status.only = settled.then(|| r.paths.clone());
                }
                Err(diags) => {
                    if status.errors == diags.items() {
                        // The same problems again: the overlay already shows them.
                        return;
                    }
                    status.only = None;
                    status.errors = diags.items().to_vec();
                    status.snippets = diags
                        .items()
                        .iter()
                        .map(|d| {
                            let text = std::fs::read_to_string(self.root.join(&d.file)).ok();
                            crate::snippets::one(d, text.as_deref(), false)
                        })
                        .collect();
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
    let (mut session, first) = Session::start(&root);
    session.defer_aggregates = true;
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(FastMap::default())),
        status: Mutex::new(Status {
            ui: default_ui(),
            ..Status::default()
        }),
        changed: Condvar::new(),
        base_path: RwLock::new("/".to_string()),
        root: root.clone(),
        allow_hosts: opts.allow_hosts.clone(),
        in_flight: AtomicUsize::new(0),
        streams: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    });
    shared.publish(&session, &first);
    // The first build is generation 0, good or bad.
    shared.status().generation = 0;
    report(&first);
    let mut threads = Vec::new();
    // The gate takes the connections and passes good requests to tiny_http over a
    // private socket (see `gate`).
    #[cfg(unix)]
    let (http, backend) = {
        let backend = gate::Backend::new().map_err(|e| format!("cannot start the server: {e}"))?;
        let inner = std::os::unix::net::UnixListener::bind(&backend.socket)
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let http =
            Arc::new(tiny_http::Server::from_listener(inner, None).map_err(|e| e.to_string())?);
        let socket = backend.socket.clone();
        let shared = Arc::clone(&shared);
        threads.push(std::thread::spawn(move || {
            gate::run(&listener, &socket, &shared.stop);
        }));
        (http, backend)
    };
    #[cfg(not(unix))]
    let http =
        Arc::new(tiny_http::Server::from_listener(listener, None).map_err(|e| e.to_string())?);
    {
        let shared = Arc::clone(&shared);
        threads.push(std::thread::spawn(move || {
            rebuild_loop(session, &Saves::forward(rx), watcher, &shared, report);
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
        #[cfg(unix)]
        _backend: backend,
    })
}

/// Saves as the rebuild loop receives them, and a flag that is up while a save waits:
/// the outputs that show every page stop rendering for it.
struct Saves {
    rx: mpsc::Receiver<Vec<PathBuf>>,
    waiting: Arc<AtomicBool>,
}

impl Saves {
    /// Passes the watcher's batches on, raising the flag for each.
    fn forward(raw: mpsc::Receiver<Vec<PathBuf>>) -> Saves {
        let (tx, rx) = mpsc::channel();
        let waiting = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&waiting);
        std::thread::spawn(move || {
            for batch in raw {
                if tx.send(batch).is_err() {
                    return;
                }
                flag.store(true, Ordering::SeqCst);
            }
        });
        Saves { rx, waiting }
    }

    /// The next burst of saves, within `timeout`.
    fn next(&self, timeout: Duration) -> Result<Vec<PathBuf>, mpsc::RecvTimeoutError> {
        self.waiting.store(false, Ordering::SeqCst);
        watch::next_batch(&self.rx, timeout)
    }
}

/// How long a build that found problems waits for a further save before showing them:
/// an editor that truncates a file and writes it a moment later would otherwise show
/// an error about an empty file.
const SETTLE_ERRORS: Duration = Duration::from_millis(150);

/// Waits for batches of changed files and publishes each rebuild.
fn rebuild_loop(
    mut session: Session,
    saves: &Saves,
    mut watcher: Watch,
    shared: &Shared,
    report: impl Fn(&Result<Rebuilt, Diagnostics>),
) {
    while !shared.stop.load(Ordering::SeqCst) {
        let mut paths = match saves.next(Duration::from_millis(200)) {
            Ok(p) => p,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        loop {
            let before = shared.generation();
            let result = session.update(&paths);
            if result.is_err()
                && let Ok(more) = saves.next(SETTLE_ERRORS)
            {
                paths = more;
                continue;
            }
            shared.publish(&session, &result);
            if shared.generation() != before {
                report(&result);
            }
            // The edited page is served; now the outputs that show every page, unless
            // the author saves again meanwhile: that save comes first, and what is left
            // waits for the next round.
            if let Ok(more) = saves.next(Duration::ZERO) {
                paths = more;
                paths.extend(watcher.add_new_folders());
                continue;
            }
            if result.is_ok() {
                let flag = &*saves.waiting;
                let waiting = || flag.load(Ordering::SeqCst);
                if let Some(settled) = session.settle_until(&waiting) {
                    shared.publish_settled(&session, &settled);
                }
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
                return send(request, text_response(503, "busy"));
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

/// Sends a response with the security headers.
fn send<R: std::io::Read>(request: tiny_http::Request, mut response: tiny_http::Response<R>) {
    for (name, value) in SECURITY_HEADERS {
        response = response.header(name, value);
    }
    let _ = request.respond(response);
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
    // `//x` is the same path as `/x` here; kept, it would become a redirect to host `x`.
    let mut decoded = decoded;
    while decoded.contains("//") {
        decoded = decoded.replace("//", "/");
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

/// The status to send a stream that last saw generation `last`. When it slept through
/// one or more statuses, the one it missed may have named the page it shows (an edit,
/// then the outputs that show every page in a second step): then every page reloads.
fn news_for(status: &Status, last: u64) -> String {
    let missed = last != u64::MAX && status.generation > last.saturating_add(1);
    if missed && status.only.is_some() {
        let everything = Status {
            only: None,
            ..status.clone()
        };
        return status_json_of(&everything);
    }
    status_json_of(status)
}

fn status_json(shared: &Shared) -> String {
    status_json_of(&shared.status())
}

fn status_json_of(status: &Status) -> String {
    let errors: Vec<serde_json::Value> = status
        .errors
        .iter()
        .enumerate()
        .map(|(i, d)| {
            serde_json::json!({
                "severity": d.severity,
                "file": d.file.to_string_lossy(),
                "line": d.line,
                "column": d.column,
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
                "text": d.to_string(),
                "snippet": status.snippets.get(i).cloned().unwrap_or_else(|| d.to_string()),
            })
        })
        .collect();
    serde_json::json!({
        "generation": status.generation,
        "only": status.only,
        "errors": errors,
        "ui": {"one": status.ui[0], "many": status.ui[1], "close": status.ui[2]},
    })
    .to_string()
}

/// The authority and the path of a request target: `http://host:1/a` gives
/// (Some("host:1"), "/a"); an origin-form target `/a` gives (None, "/a").
fn split_target(url: &str) -> (Option<&str>, &str) {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &url[7..]
    } else if lower.starts_with("https://") {
        &url[8..]
    } else {
        return (None, url);
    };
    match rest.find(['/', '?', '#']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (Some(&rest[..i]), &rest[i..]),
        Some(i) => (Some(&rest[..i]), "/"),
        None => (Some(rest), "/"),
    }
}

fn handle(request: tiny_http::Request, shared: &Shared) {
    let method = request.method().clone();
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        let r = text_response(405, "method not allowed").header("Allow", "GET, HEAD");
        return send(request, r);
    }
    let raw = request.url().to_string();
    let (authority, url) = split_target(&raw);
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    for name in authority.into_iter().chain(host.as_deref()) {
        if !host_allowed(name, &shared.allow_hosts) {
            let bare = name.rsplit_once(':').map_or(name, |(n, _)| n);
            let text = format!(
                "Blocked: this preview answers only to localhost and IP addresses, not to `{}`. To preview under that name, start it with `leidraad serve --allow-host {}`.",
                crate::diagnostic::printable(bare, 80),
                crate::diagnostic::printable(bare, 80)
            );
            return send(request, text_response(403, &text));
        }
    }
    let path_only = url.split(['?', '#']).next().unwrap_or("");
    match path_only {
        LIVE_SCRIPT => {
            let r = tiny_http::Response::from_data(LIVE_JS.as_bytes().to_vec())
                .header("Content-Type", "text/javascript; charset=utf-8")
                .header("Cache-Control", "no-store");
            return send(request, r);
        }
        STATUS => {
            let r = tiny_http::Response::from_data(status_json(shared).into_bytes())
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store");
            return send(request, r);
        }
        EVENTS => return event_stream(request, shared),
        _ => {}
    }
    let files = shared.files();
    if files.is_empty() {
        // No good build yet: a page that shows the problems and reloads once fixed.
        let r = tiny_http::Response::from_data(inject_live(WAITING_PAGE.as_bytes()))
            .with_status_code(503)
            .header("Content-Type", "text/html; charset=utf-8")
            .header("Cache-Control", "no-store");
        return send(request, r);
    }
    let base = shared.base_path();
    match resolve_path(url, &base) {
        Target::Forbidden => send(request, text_response(403, "forbidden")),
        Target::Redirect(to) => send(request, text_response(302, "").header("Location", &to)),
        Target::File(path) => {
            // A folder without a trailing slash: send the browser to the folder, by a
            // path that starts with exactly one slash (`//x/` would name another host).
            if !files.contains_key(&path) && files.contains_key(&format!("{path}/index.html")) {
                let location = format!("{base}{path}/");
                return send(
                    request,
                    text_response(302, "").header("Location", &location),
                );
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
                .header("Cache-Control", "no-store");
            send(request, r);
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
        return send(request, text_response(503, "too many event streams"));
    }
    let mut writer = request.into_writer();
    let security: String = SECURITY_HEADERS
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n{security}Connection: keep-alive\r\n\r\n"
    );
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
                let json = news_for(&guard, last);
                last = guard.generation;
                Some(json)
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
  function show(errors, ui) {
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
    title.textContent = errors.length === 1 ? ui.one : ui.many.split('{n}').join(String(errors.length));
    var list = document.createElement('ul');
    list.style.cssText = 'margin:0;padding-left:1.2rem';
    errors.forEach(function (e) {
      var li = document.createElement('li');
      var pre = document.createElement('pre');
      pre.style.cssText = 'margin:0 0 .6rem;white-space:pre-wrap;font:inherit';
      pre.textContent = e.snippet || e.text;
      li.appendChild(pre);
      list.appendChild(li);
    });
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = ui.close;
    close.style.cssText = 'margin-top:.8rem;font:600 15px system-ui,sans-serif;padding:.3rem .9rem;border-radius:6px;border:2px solid #fff;background:#fff;color:#2b0b0e;cursor:pointer';
    close.addEventListener('click', hide);
    overlay.append(title, list, close);
    document.body.appendChild(overlay);
  }
  function apply(status) {
    var first = generation === null;
    var changed = !first && status.generation !== generation;
    generation = status.generation;
    if (status.errors.length) { show(status.errors, status.ui); return; }
    // A second generation that only brought pages like the search index or the whole
    // guide reloads just those.
    var mine = location.pathname.replace(/\/$/, '/index.html');
    var concerns = !status.only || status.only.some(function (p) { return mine.endsWith('/' + p); });
    if (changed && concerns) { location.reload(); return; }
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
    fn a_stream_that_missed_a_status_reloads_every_page() {
        let settled = Status {
            generation: 7,
            only: Some(vec!["search/meta.js".into()]),
            ..Status::default()
        };
        let json = |last| -> serde_json::Value {
            serde_json::from_str(&news_for(&settled, last)).unwrap()
        };
        // Saw generation 6 (the edit): the settled step concerns its outputs only.
        assert_eq!(json(6)["only"][0], "search/meta.js");
        // Slept through generation 6: the edit's reload must not be lost.
        assert!(json(5)["only"].is_null());
        // A new stream gets the status as it is.
        assert_eq!(json(u64::MAX)["only"][0], "search/meta.js");
    }

    #[test]
    fn the_overlay_and_the_waiting_page_address_the_author_formally() {
        let ui = default_ui().join(" ");
        for text in [LIVE_JS, WAITING_PAGE, ui.as_str()] {
            let lower = text.to_lowercase();
            for word in lower.split(|c: char| !c.is_alphabetic()) {
                assert!(!["je", "jij", "jouw"].contains(&word), "informal: {word}");
            }
        }
        assert!(ui.contains("U ziet de laatste goede versie"));
    }

    #[test]
    fn the_header_policy_is_the_page_policy_plus_frame_ancestors() {
        assert_eq!(
            SERVE_CSP,
            format!("{}; frame-ancestors 'none'", crate::view::CSP)
        );
    }

    #[test]
    fn hosts_are_ip_addresses_localhost_or_allowed_names() {
        let allowed = vec!["preview.test".to_string()];
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]:1111",
            "localhost",
            "LocalHost:80",
            "app.localhost",
            "192.168.1.20:1111",
            "Preview.Test.",
            "preview.test:1",
        ] {
            assert!(host_allowed(ok, &allowed), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "[evil]:1",
            "preview.test.evil",
        ] {
            assert!(!host_allowed(bad, &allowed), "{bad}");
        }
    }

    #[test]
    fn absolute_targets_split_into_authority_and_path() {
        assert_eq!(split_target("/a?b"), (None, "/a?b"));
        assert_eq!(
            split_target("http://127.0.0.1:1/a/b"),
            (Some("127.0.0.1:1"), "/a/b")
        );
        assert_eq!(split_target("HTTPS://host"), (Some("host"), "/"));
        assert_eq!(split_target("http://host?x"), (Some("host"), "/"));
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
