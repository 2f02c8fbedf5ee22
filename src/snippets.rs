//! Diagnostics as people read them: the message, the line of the file with a caret
//! under the place, and the hint, laid out rustc-style by annotate-snippets. Used for
//! the terminal (in colour when it is one and `NO_COLOR` is not set) and, as plain
//! text, for the error overlay of `serve`.

use crate::FastMap;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, printable};
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use std::io::IsTerminal;
use std::path::Path;

/// Whether output to stderr/stdout should be coloured.
pub fn color_for(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colour for standard error, as the terminal and `NO_COLOR` say.
pub fn stderr_color() -> bool {
    color_for(std::io::stderr().is_terminal())
}

/// Colour for standard output, as the terminal and `NO_COLOR` say.
pub fn stdout_color() -> bool {
    color_for(std::io::stdout().is_terminal())
}

/// Every diagnostic with its snippet (see [`lines`] for which files are read).
pub fn render(diags: &Diagnostics, root: &Path, color: bool) -> String {
    let mut out = String::new();
    for (d, line) in diags.items().iter().zip(lines(diags, root)) {
        out.push_str(&with_line(d, line.as_deref(), color));
        out.push('\n');
    }
    out
}

/// Every diagnostic with its snippet, one text each, as the preview's overlay shows them.
pub fn each(diags: &Diagnostics, root: &Path) -> Vec<String> {
    diags
        .items()
        .iter()
        .zip(lines(diags, root))
        .map(|(d, line)| with_line(d, line.as_deref(), false))
        .collect()
}

/// The most of one line a snippet keeps; it shows at most 300 characters anyway.
const LINE_BYTES: usize = 4096;

/// The most of one file read to find lines: far past any file leidraad accepts.
const SCAN_BYTES: u64 = 256 * 1024 * 1024;

/// The line each diagnostic points at. Site files are relative to `root`; files named on
/// the command line to the current folder. Each file is read once, as a stream that
/// keeps only the lines asked for, so many problems in one file cost no more than one.
/// Only ordinary files are opened (never a device or a pipe), and a file refused as too
/// large or not a file is not read again for a snippet.
fn lines(diags: &Diagnostics, root: &Path) -> Vec<Option<String>> {
    let mut wanted: FastMap<&Path, Vec<usize>> = FastMap::default();
    let refused: Vec<&Path> = diags
        .items()
        .iter()
        .filter(|d| matches!(d.code, "file-too-large" | "not-a-file"))
        .map(|d| d.file.as_path())
        .collect();
    for d in diags.items() {
        if let Some(line) = d.line
            && !refused.contains(&d.file.as_path())
        {
            wanted.entry(&d.file).or_default().push(line);
        }
    }
    let mut found: FastMap<(&Path, usize), String> = FastMap::default();
    for (file, mut numbers) in wanted {
        numbers.sort_unstable();
        numbers.dedup();
        let opened = crate::fsutil::open_ordinary(&root.join(file))
            .or_else(|_| crate::fsutil::open_ordinary(file));
        if let Ok(f) = opened {
            for (n, text) in read_lines(f, &numbers) {
                found.insert((file, n), text);
            }
        }
    }
    diags
        .items()
        .iter()
        .map(|d| found.get(&(d.file.as_path(), d.line?)).cloned())
        .collect()
}

/// The lines `numbers` (1-based, sorted) of a file, each cut at [`LINE_BYTES`], read
/// leniently: a file that is not UTF-8 still shows its line.
fn read_lines(file: std::fs::File, numbers: &[usize]) -> Vec<(usize, String)> {
    use std::io::{BufRead as _, Read as _};
    let mut reader = std::io::BufReader::new(file.take(SCAN_BYTES));
    let mut out = Vec::new();
    let mut next = numbers.iter().copied().peekable();
    let mut line_no = 1;
    let mut current: Vec<u8> = Vec::new();
    while let Some(&want) = next.peek() {
        let Ok(buf) = reader.fill_buf() else { break };
        if buf.is_empty() {
            if line_no == want {
                out.push((want, String::from_utf8_lossy(&current).into_owned()));
            }
            break;
        }
        let (chunk, ends) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        if line_no == want && current.len() < LINE_BYTES {
            let room = LINE_BYTES - current.len();
            current.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        let line_done = ends > chunk.len();
        reader.consume(ends);
        if line_done {
            if line_no == want {
                out.push((want, String::from_utf8_lossy(&current).into_owned()));
                next.next();
            }
            current.clear();
            line_no += 1;
        }
    }
    out
}

/// One diagnostic with its snippet, given the file's text if known.
pub fn one(d: &Diagnostic, text: Option<&str>, color: bool) -> String {
    let line = d
        .line
        .and_then(|l| text.and_then(|t| t.lines().nth(l.saturating_sub(1))));
    with_line(d, line, color)
}

/// One diagnostic with its snippet, given the line it points at if known.
fn with_line(d: &Diagnostic, line: Option<&str>, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = printable(&d.message, usize::MAX);
    let path = d.file.display().to_string();
    let line_text = line
        // A tab shows as an arrow: one character, so the columns stay right, and visible.
        .map(|l| printable(&l.trim_end_matches('\r').replace('\t', "→"), 300));
    let title = level.primary_title(message.as_str()).id(d.code);
    let group = match (&line_text, d.line) {
        (Some(source), Some(line)) if !source.trim().is_empty() => {
            let span = span_at(source, d.column.unwrap_or(1));
            title.element(
                Snippet::source(source.as_str())
                    .line_start(line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        _ => {
            let mut origin = Origin::path(path.as_str());
            if let Some(line) = d.line {
                origin = origin.line(line);
                if let Some(c) = d.column {
                    origin = origin.char_column(c);
                }
            }
            title.element(origin)
        }
    };
    let hint = d.hint.as_deref().map(|h| printable(h, usize::MAX));
    let group = match &hint {
        Some(h) => group.element(Level::HELP.message(h.as_str())),
        None => group,
    };
    let report = [group];
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // The first line stays `file:line:column: error[code]: message`, which editors and
    // scripts recognise; annotate-snippets' own title line is replaced by it.
    let rendered = renderer.render(&report);
    let body = rendered.split_once('\n').map_or("", |(_, rest)| rest);
    let mut header = d.clone();
    header.hint = None;
    if body.is_empty() {
        header.to_string()
    } else {
        format!("{header}\n{body}")
    }
}

/// The bytes of the token that starts at 1-based character column `col`: up to a space
/// or a delimiter, at least one character.
fn span_at(line: &str, col: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    // A tab (shown as an arrow) is the fault itself.
    if rest.starts_with('→') {
        return start..start + '→'.len_utf8();
    }
    // A Markdown link is underlined whole, up to its closing parenthesis.
    if let Some(text_end) = rest
        .starts_with(['[', '!'])
        .then(|| rest.find("]("))
        .flatten()
        && let Some(close) = rest[text_end..].find(')')
    {
        return start..start + text_end + close + 1;
    }
    // A comma ends a token in a flow list (`a, b`), not inside a number (`1,5`).
    let mut chars = rest.char_indices().peekable();
    let mut len = rest.len();
    while let Some((i, c)) = chars.next() {
        let comma_ends = c == ',' && chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if i > 0 && (c.is_whitespace() || matches!(c, ']' | '}' | ')') || comma_ends) {
            len = i;
            break;
        }
    }
    let end = if len == 0 {
        (start + 1).min(line.len())
    } else {
        start + len
    };
    start.min(line.len())..end.max(start.min(line.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_shows_the_line_a_caret_and_the_hint() {
        let d = Diagnostic::error(
            "content/x.md",
            "yaml-syntax",
            "the value of `titel` contains a colon followed by a space",
        )
        .at(Some(2), Some(8))
        .with_hint("put the text in quotes: `titel: \"AVG: de regels\"`");
        let text = "---\ntitel: AVG: de regels\n---\n";
        let out = one(&d, Some(text), false);
        assert_eq!(
            out,
            "content/x.md:2:8: error[yaml-syntax]: the value of `titel` contains a colon followed by a space\n --> content/x.md:2:8\n  |\n2 | titel: AVG: de regels\n  |        ^^^^\n  |\n  = help: put the text in quotes: `titel: \"AVG: de regels\"`"
        );
    }

    #[test]
    fn a_problem_without_a_line_names_the_file() {
        let d = Diagnostic::error("content/y.md", "io", "cannot read");
        let out = one(&d, None, false);
        assert_eq!(
            out,
            "content/y.md: error[io]: cannot read\n--> content/y.md"
        );
    }
}
