//! Atomic output: pages are written into a staging folder beside the output folder,
//! which replaces the output only when everything succeeded.

use crate::fsutil::{self, PathError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Marker file that identifies a folder as leidraad output, so a build never replaces
/// a folder it did not write (such as an author's documents).
pub const MARKER: &str = ".leidraad-output";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A staging folder that becomes the output on `commit`, or disappears when dropped.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

/// Why the output folder may not be written.
pub fn refuse_reason(target: &Path, protected: &[PathBuf]) -> Option<String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let t = abs(target);
    for p in protected {
        let p = abs(p);
        if t == p || p.starts_with(&t) || t.starts_with(&p) {
            return Some(format!(
                "refusing to write the site to {}: it overlaps {}, which holds your own files",
                target.display(),
                p.display()
            ));
        }
    }
    if t.is_dir() && !t.join(MARKER).exists() {
        let non_empty = std::fs::read_dir(&t)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty {
            return Some(format!(
                "refusing to replace {}: the folder is not empty and was not written by leidraad (no {MARKER} file in it); choose another --out or empty it",
                target.display()
            ));
        }
    }
    None
}

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> Result<Self, PathError> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fsutil::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let prefix = format!(".{name}.tmp-");
        let ours = format!("{prefix}{}-", std::process::id());
        // A build stopped by Ctrl-C or a crash leaves its staging folder; clear those.
        if let Ok(entries) = std::fs::read_dir(parent) {
            for e in entries.flatten() {
                let file_name = e.file_name().to_string_lossy().into_owned();
                if file_name.starts_with(&prefix) && !file_name.starts_with(&ours) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let tmp = parent.join(format!("{ours}{n}"));
        if tmp.exists() {
            fsutil::remove_dir_all(&tmp)?;
        }
        fsutil::create_dir_all(&tmp)?;
        Ok(Staging {
            target: target.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<(), PathError> {
        fsutil::write(
            &self.tmp.join(MARKER),
            b"Written by leidraad; replaced on every build.\n",
        )?;
        let old = self.tmp.with_extension("old");
        let had_old = self.target.exists();
        if had_old {
            fsutil::rename(&self.target, &old)?;
        }
        if let Err(e) = fsutil::rename(&self.tmp, &self.target) {
            if had_old {
                // Put the previous output back so a failed swap loses nothing.
                let _ = fsutil::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            remove_tree_parallel(&old)?;
        }
        Ok(())
    }
}

/// Removes a folder tree, deleting files on all cores: on some file systems deleting
/// thousands of files is slow per file, not per byte.
fn remove_tree_parallel(dir: &Path) -> Result<(), PathError> {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let delete = || {
        files.par_iter().for_each(|f| {
            let _ = std::fs::remove_file(f);
        });
    };
    // Deleting waits on the disk, not the CPU: more threads than cores overlap the waits.
    match rayon::ThreadPoolBuilder::new().num_threads(8).build() {
        Ok(pool) => pool.install(delete),
        Err(_) => delete(),
    }
    fsutil::remove_dir_all(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}
