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

/// Every diagnostic with its snippet. Files are read from `root` (once each); a file
/// that cannot be read gets the message without a snippet.
pub fn render(diags: &Diagnostics, root: &Path, color: bool) -> String {
    // Each file once, with where its lines start: finding a line stays constant time,
    // however many problems one file has.
    let mut texts: FastMap<std::path::PathBuf, Option<(String, Vec<usize>)>> = FastMap::default();
    let mut out = String::new();
    for d in diags.items() {
        // Site files are relative to the root; files named on the command line to the
        // current folder.
        // Read leniently: a file that is not UTF-8 still shows its line.
        let file = texts.entry(d.file.clone()).or_insert_with(|| {
            let bytes = std::fs::read(root.join(&d.file))
                .or_else(|_| std::fs::read(&d.file))
                .ok()?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let starts = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            Some((text, starts))
        });
        let line = file.as_ref().and_then(|(text, starts)| {
            let start = *starts.get(d.line?.checked_sub(1)?)?;
            let rest = &text[start..];
            Some(rest.split('\n').next().unwrap_or(rest))
        });
        out.push_str(&with_line(d, line, color));
        out.push('\n');
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
