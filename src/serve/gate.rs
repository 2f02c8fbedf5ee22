//! The front door of `leidraad serve`. It accepts every connection itself and reads the
//! request head within limits: at most [`HEAD_BYTES`] (else 431), complete within
//! [`HEAD_TIMEOUT`] (else 408), at most [`CONNECTIONS`] at once (else 503). Only a
//! well-formed GET or HEAD goes on to the HTTP server (tiny_http, which has no such
//! limits of its own), over a socket in a folder only this user can open, as one request
//! per connection.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The largest request head accepted: request line and headers.
pub(super) const HEAD_BYTES: usize = 64 * 1024;
/// Time a client has to send its whole request head.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections handled at once. Each waits in a thread with a small stack, so a few
/// hundred slow clients cannot crowd out the author's browser.
pub(super) const CONNECTIONS: usize = 1024;

/// A private folder holding the socket between the gate and the HTTP server; removed
/// when dropped.
pub(super) struct Backend {
    dir: PathBuf,
    /// The socket's path.
    pub(super) socket: PathBuf,
}

impl Backend {
    /// Creates the folder (mode 0700) under the system's temporary folder.
    pub(super) fn new() -> std::io::Result<Backend> {
        use std::os::unix::fs::DirBuilderExt;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("leidraad-serve-{}-{nanos}", std::process::id()));
        std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
        Ok(Backend {
            socket: dir.join("http.sock"),
            dir,
        })
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Accepts connections until `stop` is set (then one more connection wakes it).
pub(super) fn run(listener: &TcpListener, backend: &Path, stop: &AtomicBool) {
    let active = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut client) = conn else { continue };
        // Small responses go out at once instead of waiting for the peer's ACK.
        let _ = client.set_nodelay(true);
        if active.fetch_add(1, Ordering::SeqCst) >= CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            reply(
                &mut client,
                503,
                "Too many connections; try again in a moment.",
            );
            continue;
        }
        let counter = Arc::clone(&active);
        let backend = backend.to_path_buf();
        let spawned = std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || {
                connection(client, &backend);
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // Never started, so it cannot give its place back itself.
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

fn connection(mut client: TcpStream, backend: &Path) {
    let head = match read_head(&mut client) {
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
    let forwarded = match forward_head(&head) {
        Ok(h) => h,
        Err((code, text)) => return reply(&mut client, code, text),
    };
    let _ = client.set_read_timeout(None);
    let Ok(mut server) = UnixStream::connect(backend) else {
        return reply(&mut client, 503, "The preview server is stopping.");
    };
    if server.write_all(&forwarded).is_err() {
        return;
    }
    // The server closes after its one response (or when an event stream ends); a client
    // that goes away ends the copy with a write error.
    let _ = std::io::copy(&mut server, &mut client);
    let _ = client.shutdown(Shutdown::Both);
    let _ = server.shutdown(Shutdown::Both);
}

/// The head as the HTTP server gets it: GET and HEAD only, no body, one request per
/// connection. Errors are (status, explanation).
fn forward_head(head: &[u8]) -> Result<Vec<u8>, (u16, &'static str)> {
    let text = std::str::from_utf8(head).map_err(|_| (400, "The request head is not text."))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let method = request_line.split(' ').next().unwrap_or_default();
    if !matches!(method, "GET" | "HEAD") {
        return Err((405, "Only GET and HEAD requests are answered."));
    }
    let mut out = String::with_capacity(text.len() + 20);
    out.push_str(request_line);
    out.push_str("\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        let name = line.split(':').next().unwrap_or_default().trim();
        // The gate decides how long a connection lives and that there is no body.
        if [
            "connection",
            "keep-alive",
            "content-length",
            "transfer-encoding",
        ]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
        {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    Ok(out.into_bytes())
}

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
        let out = String::from_utf8(forward_head(head).unwrap()).unwrap();
        assert_eq!(
            out,
            "GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(forward_head(b"POST / HTTP/1.1\r\n\r\n").unwrap_err().0, 405);
    }

    #[test]
    fn the_end_of_the_head_is_found_across_reads() {
        assert_eq!(find_end(b"GET / HTTP/1.1\r\n\r\nrest"), Some(18));
        assert_eq!(find_end(b"GET / HTTP/1.1\r\n"), None);
    }
}
