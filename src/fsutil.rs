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
    })
}

/// The largest Markdown or YAML file read unless `max_file_mb` in `leidraad.yaml` says
/// otherwise. Markdown of a few megabytes of brackets or `>` takes far more memory to
/// parse than its size, so a file past this is refused before it is read.
pub const MAX_TEXT_BYTES: u64 = 2 * 1024 * 1024;

/// Reads a UTF-8 text file of at most `max` bytes.
pub fn read_text(path: &Path, max: u64) -> Result<String, PathError> {
    let size = with_path(path, std::fs::metadata(path))?.len();
    if size > max {
        return Err(PathError {
            path: path.to_path_buf(),
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
    with_path(path, std::fs::read_to_string(path))
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
    /// The diagnostic code: `file-too-large` for the size limit (a problem in the site),
    /// else `io` (the file could not be read).
    pub fn code(&self) -> &'static str {
        if self.source.kind() == io::ErrorKind::FileTooLarge {
            "file-too-large"
        } else {
            "io"
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
