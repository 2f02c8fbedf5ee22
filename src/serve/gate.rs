//! The front door of `leidraad serve`, the same on every platform. It accepts every
//! connection itself and reads the request head within limits: at most [`HEAD_BYTES`]
//! (else 431), complete within [`HEAD_TIMEOUT`] (else 408), at most [`CONNECTIONS`] at
//! once. When all are taken, the connection that has waited longest for its head is
//! closed to make room (slow clients cannot lock the author's browser out, whose heads
//! arrive at once); only when none is waiting is a new one answered 503. A well-formed
//! GET or HEAD goes on to the HTTP server (tiny_http, which has no such limits of its
//! own) over a loopback connection, as one request per connection, with a secret header
//! the server checks: a request that reaches the server some other way is refused.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The largest request head accepted: request line and headers.
pub(super) const HEAD_BYTES: usize = 64 * 1024;
/// Time a client has to send its whole request head.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections handled at once. Each waits in a thread with a small stack.
pub(super) const CONNECTIONS: usize = 1024;
/// Time a client has to take each part of an answer; a client that stops reading is
/// let go.
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// The header that shows the HTTP server a request came through the gate.
pub(super) const GATE_HEADER: &str = "X-Leidraad-Gate";

/// The HTTP server's side: a listener on a free loopback port, and the secret the gate
/// adds to every request it passes on.
pub(super) struct Backend {
    /// For tiny_http.
    pub(super) listener: TcpListener,
    /// Where the gate connects.
    pub(super) addr: SocketAddr,
    /// The value of [`GATE_HEADER`].
    pub(super) token: String,
}

impl Backend {
    /// Listens on a free port of this computer only.
    pub(super) fn new() -> std::io::Result<Backend> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .or_else(|_| TcpListener::bind((Ipv6Addr::LOCALHOST, 0)))?;
        let addr = listener.local_addr()?;
        Ok(Backend {
            listener,
            addr,
            token: secret(),
        })
    }
}

/// 128 unpredictable bits as hex: the standard library seeds its hash keys from the
/// operating system's random source, so the hash of a fixed value with fresh keys is
/// as good as a random number for a secret that lives as long as the server.
fn secret() -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    (0..2u64)
        .map(|i| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(i);
            format!("{:016x}", h.finish())
        })
        .collect()
}

/// Connections still sending their head, oldest first, so one can be closed to make
/// room.
#[derive(Default)]
struct Waiting {
    next: AtomicU64,
    queue: Mutex<VecDeque<(u64, TcpStream)>>,
}

impl Waiting {
    fn queue(&self) -> std::sync::MutexGuard<'_, VecDeque<(u64, TcpStream)>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a connection; its number, for [`Waiting::done`].
    fn add(&self, client: &TcpStream) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        if let Ok(handle) = client.try_clone() {
            self.queue().push_back((id, handle));
        }
        id
    }

    /// The head of connection `id` is read, or will never be.
    fn done(&self, id: u64) {
        let mut queue = self.queue();
        if let Some(i) = queue.iter().position(|(n, _)| *n == id) {
            queue.remove(i);
        }
    }

    /// Closes the connection that has waited longest; false when none is waiting.
    fn evict_oldest(&self) -> bool {
        let Some((_, stream)) = self.queue().pop_front() else {
            return false;
        };
        let _ = stream.shutdown(Shutdown::Both);
        true
    }
}

/// Accepts connections until `stop` is set (then one more connection wakes it).
pub(super) fn run(listener: &TcpListener, backend: SocketAddr, token: &str, stop: &AtomicBool) {
    let active = Arc::new(AtomicUsize::new(0));
    let waiting = Arc::new(Waiting::default());
    let token: Arc<str> = Arc::from(token);
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut client) = conn else {
            // Out of file handles, say: wait a moment instead of spinning.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        // Small responses go out at once instead of waiting for the peer's ACK.
        let _ = client.set_nodelay(true);
        if active.fetch_add(1, Ordering::SeqCst) >= CONNECTIONS && !waiting.evict_oldest() {
            active.fetch_sub(1, Ordering::SeqCst);
            reply(
                &mut client,
                503,
                "Too many connections; try again in a moment.",
            );
            continue;
        }
        let id = waiting.add(&client);
        let (counter, queue, token) = (
            Arc::clone(&active),
            Arc::clone(&waiting),
            Arc::clone(&token),
        );
        let spawned = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || {
                connection(client, id, &queue, backend, &token);
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // Never started, so it cannot give its place back itself.
            waiting.done(id);
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Why a request head was not read.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    TooLarge,
    Timeout,
    Closed,
}

/// Reads until the blank line that ends the head, within the limits.
fn read_head(client: &mut TcpStream) -> Result<Vec<u8>, HeadError> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Timeout);
        }
        let _ = client.set_read_timeout(Some(left));
        let n = match client.read(&mut buf) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::Timeout);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Closed),
        };
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = find_end(&head[from..]) {
            head.truncate(from + end);
            return Ok(head);
        }
        if head.len() > HEAD_BYTES {
            return Err(HeadError::TooLarge);
        }
    }
}

/// The position just after the first `\r\n\r\n`.
fn find_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

fn connection(mut client: TcpStream, id: u64, waiting: &Waiting, backend: SocketAddr, token: &str) {
    let head = read_head(&mut client);
    waiting.done(id);
    let head = match head {
        Ok(h) => h,
        Err(HeadError::TooLarge) => {
            return reply(
                &mut client,
                431,
                "Request header fields too large (at most 64 KiB).",
            );
        }
        Err(HeadError::Timeout) => {
            return reply(&mut client, 408, "The request took too long to arrive.");
        }
        Err(HeadError::Closed) => return,
    };
    let forwarded = match forward_head(&head, token) {
        Ok(h) => h,
        Err((code, text)) => return reply(&mut client, code, text),
    };
    let _ = client.set_read_timeout(None);
    let _ = client.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(mut server) = TcpStream::connect(backend) else {
        return reply(&mut client, 503, "The preview server is stopping.");
    };
    let _ = server.set_nodelay(true);
    if server.write_all(&forwarded).is_err() {
        return;
    }
    // The server closes after its one response (or when an event stream ends); a client
    // that goes away, or stops reading, ends the copy with a write error.
    relay(&mut server, &mut client);
    let _ = client.shutdown(Shutdown::Both);
    let _ = server.shutdown(Shutdown::Both);
}

/// Copies the server's answer to the client, its head saying that the connection closes
/// after it: the gate always closes, and tiny_http neither says so nor lets a handler
/// set the header, so a keep-alive client would wait for an answer that never comes.
fn relay(server: &mut TcpStream, client: &mut TcpStream) {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    loop {
        let n = match server.read(&mut buf) {
            Ok(0) | Err(_) => {
                let _ = client.write_all(&head);
                return;
            }
            Ok(n) => n,
        };
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = find_end(&head[from..]).map(|e| from + e) {
            let (h, rest) = head.split_at(end);
            let written = client
                .write_all(&with_close(h))
                .and_then(|()| client.write_all(rest));
            if written.is_err() {
                return;
            }
            break;
        }
        if head.len() > HEAD_BYTES {
            if client.write_all(&head).is_err() {
                return;
            }
            break;
        }
    }
    let _ = std::io::copy(server, client);
}

/// A response head (ending in the blank line) with `Connection: close`, unless it has a
/// `Connection` header already.
fn with_close(head: &[u8]) -> Vec<u8> {
    let has = String::from_utf8_lossy(head)
        .split("\r\n")
        .skip(1)
        .any(|line| {
            line.split(':')
                .next()
                .is_some_and(|name| name.trim().eq_ignore_ascii_case("connection"))
        });
    if has || head.len() < 4 {
        return head.to_vec();
    }
    [&head[..head.len() - 2], b"Connection: close\r\n\r\n"].concat()
}

/// The head as the HTTP server gets it: GET and HEAD only, no body, one request per
/// connection, and the gate's secret. Errors are (status, explanation).
fn forward_head(head: &[u8], token: &str) -> Result<Vec<u8>, (u16, &'static str)> {
    let text = std::str::from_utf8(head).map_err(|_| (400, "The request head is not text."))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let method = request_line.split(' ').next().unwrap_or_default();
    if !matches!(method, "GET" | "HEAD") {
        return Err((405, "Only GET and HEAD requests are answered."));
    }
    let mut out = String::with_capacity(text.len() + 80);
    out.push_str(request_line);
    out.push_str("\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        let name = line.split(':').next().unwrap_or_default().trim();
        // The gate decides how long a connection lives and that there is no body; and
        // only the gate says a request came through it.
        if [
            "connection",
            "keep-alive",
            "content-length",
            "transfer-encoding",
            GATE_HEADER,
        ]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
        {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "{GATE_HEADER}: {token}\r\nConnection: close\r\n\r\n"
    ));
    Ok(out.into_bytes())
}

/// Files `leidraad-serve-<pid>-*` that earlier versions kept their socket in, left in
/// the temporary folder when such a server was killed: removed once their process is
/// gone. This version keeps no files.
pub(super) fn remove_stale_folders() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix("leidraad-serve-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<i32>().ok());
        if let Some(pid) = pid
            && !alive(pid)
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether a process exists (one of another user counts as existing).
#[cfg(unix)]
fn alive(pid: i32) -> bool {
    rustix::process::Pid::from_raw(pid).is_none_or(|p| {
        !matches!(
            rustix::process::test_kill_process(p),
            Err(rustix::io::Errno::SRCH)
        )
    })
}

#[cfg(not(unix))]
fn alive(_: i32) -> bool {
    true
}

/// Lets the server hold as many connections as the gate admits: many systems start
/// programs with room for only 1,024 open files, which slow clients alone could use up.
#[cfg(unix)]
pub(super) fn raise_open_file_limit() {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let want = limit.maximum.unwrap_or(u64::MAX).min(16 * 1024);
    if limit.current.is_some_and(|c| c < want) {
        let _ = setrlimit(
            Resource::Nofile,
            Rlimit {
                current: Some(want),
                maximum: limit.maximum,
            },
        );
    }
}

#[cfg(not(unix))]
pub(super) fn raise_open_file_limit() {}

/// A short plain-text answer, then the connection is closed.
fn reply(client: &mut TcpStream, code: u16, text: &str) {
    let reason = match code {
        400 => "Bad Request",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let allow = if code == 405 {
        "Allow: GET, HEAD\r\n"
    } else {
        ""
    };
    let body = format!("{text}\n");
    let response = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n{allow}{}Connection: close\r\n\r\n{body}",
        body.len(),
        super::SECURITY_HEADERS
            .iter()
            .map(|(k, v)| format!("{k}: {v}\r\n"))
            .collect::<String>()
    );
    let _ = client.set_write_timeout(Some(Duration::from_secs(5)));
    let _ = client.write_all(response.as_bytes());
    let _ = client.shutdown(Shutdown::Both);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forwarded_head_closes_after_one_request_and_has_no_body() {
        let head = b"GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Length: 5\r\nAccept: */*\r\n\r\n";
        let out = String::from_utf8(forward_head(head, "geheim").unwrap()).unwrap();
        assert_eq!(
            out,
            "GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\nX-Leidraad-Gate: geheim\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(
            forward_head(b"POST / HTTP/1.1\r\n\r\n", "geheim")
                .unwrap_err()
                .0,
            405
        );
        // A client cannot pass itself off as the gate.
        let forged = b"GET / HTTP/1.1\r\nx-leidraad-gate: geraden\r\n\r\n";
        let out = String::from_utf8(forward_head(forged, "geheim").unwrap()).unwrap();
        assert!(!out.contains("geraden") && out.contains("geheim"), "{out}");
    }

    #[test]
    fn secrets_differ_and_are_128_bits_of_hex() {
        let (a, b) = (secret(), secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn answers_say_the_connection_closes_unless_they_say_otherwise() {
        assert_eq!(
            with_close(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"),
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
        );
        let stream = b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n";
        assert_eq!(with_close(stream), stream);
    }

    #[test]
    fn the_end_of_the_head_is_found_across_reads() {
        assert_eq!(find_end(b"GET / HTTP/1.1\r\n\r\nrest"), Some(18));
        assert_eq!(find_end(b"GET / HTTP/1.1\r\n"), None);
    }
}
