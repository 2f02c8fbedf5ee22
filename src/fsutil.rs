//! Small file-system helpers whose errors always name the path.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// An I/O error together with the path it happened on.
#[derive(Debug)]
pub struct PathError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub source: io::Error,
    /// For a file that is not UTF-8: where the first byte that is not (line, column).
    pub pos: Option<(usize, usize)>,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for PathError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn with_path<T>(path: &Path, r: io::Result<T>) -> Result<T, PathError> {
    r.map_err(|source| PathError {
        path: path.to_path_buf(),
        source,
        pos: None,
    })
}

/// The largest Markdown or YAML file read unless `max_file_mb` in `leidraad.yaml` says
/// otherwise. Markdown of a few megabytes of brackets or `>` takes far more memory to
/// parse than its size, so a file past this is refused before it is read.
pub const MAX_TEXT_BYTES: u64 = 2 * 1024 * 1024;

/// Reads a UTF-8 text file of at most `max` bytes, without a byte-order mark.
pub fn read_text(path: &Path, max: u64) -> Result<String, PathError> {
    let size = with_path(path, std::fs::metadata(path))?.len();
    if size > max {
        return Err(PathError {
            path: path.to_path_buf(),
            pos: None,
            source: io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "the file is {}, more than the {} a text file may have (`max_file_mb` in leidraad.yaml sets the limit)",
                    megabytes(size),
                    megabytes(max)
                ),
            ),
        });
    }
    let mut bytes = with_path(path, std::fs::read(path))?;
    // A byte-order mark, which Windows editors write in front of UTF-8 text, is not
    // part of the text: accepted everywhere, like Windows line ends.
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Valid up to here, so this prefix is text.
        let before = std::str::from_utf8(good).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        PathError {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text"),
            pos: Some((line, column)),
        }
    })
}

/// A size for messages: `2.5 MB`.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

impl PathError {
    /// The diagnostic code: `file-too-large` for the size limit and `not-utf8` for a
    /// file in another encoding (problems in the site), else `io` (the file could not be
    /// read).
    pub fn code(&self) -> &'static str {
        if self.source.kind() == io::ErrorKind::FileTooLarge {
            "file-too-large"
        } else if self.pos.is_some() {
            "not-utf8"
        } else {
            "io"
        }
    }

    /// As a diagnostic of `file` (the path as the author knows it), with a hint where
    /// the author can act.
    pub fn into_diagnostic(self, file: impl Into<PathBuf>) -> crate::diagnostic::Diagnostic {
        let code = self.code();
        let d = crate::diagnostic::Diagnostic::error(
            file,
            code,
            format!("cannot read: {}", self.source),
        )
        .at_pos(self.pos);
        match code {
            "not-utf8" => d.with_hint(
                "save the file as UTF-8 (in most editors: Save as, encoding UTF-8); the first character that is not is here",
            ),
            _ => d,
        }
    }
}

/// Writes a file, creating its parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), PathError> {
    if let Some(parent) = path.parent() {
        with_path(parent, std::fs::create_dir_all(parent))?;
    }
    with_path(path, std::fs::write(path, bytes))
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), PathError> {
    with_path(path, std::fs::create_dir_all(path))
}

/// Renames a file or folder.
pub fn rename(from: &Path, to: &Path) -> Result<(), PathError> {
    with_path(from, std::fs::rename(from, to))
}

/// Removes a folder and everything in it.
pub fn remove_dir_all(path: &Path) -> Result<(), PathError> {
    with_path(path, std::fs::remove_dir_all(path))
}

/// Copies every file under `from` into `to`, keeping the relative layout.
pub fn copy_tree(from: &Path, to: &Path) -> Result<usize, PathError> {
    let mut count = 0;
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| PathError {
            pos: None,
            path: e.path().unwrap_or(from).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| io::Error::other("walk error")),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if let Some(parent) = dest.parent() {
            create_dir_all(parent)?;
        }
        with_path(entry.path(), std::fs::copy(entry.path(), &dest))?;
        count += 1;
    }
    Ok(count)
}
