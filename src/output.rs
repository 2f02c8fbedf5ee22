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

/// The names an interrupted build may leave next to the output folder `NAME`.
struct Leftovers {
    /// `.NAME.tmp-*`: a staging folder (partial or complete), or after an exchange the
    /// previous output waiting to be deleted. Never needed again.
    staging_prefix: String,
    /// `.NAME.old`: the previous output, moved aside by the two-step swap.
    old: PathBuf,
}

fn leftovers(target: &Path) -> (PathBuf, Leftovers) {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let old = parent.join(format!(".{name}.old"));
    (
        parent,
        Leftovers {
            staging_prefix: format!(".{name}.tmp-"),
            old,
        },
    )
}

/// Finishes or undoes what an interrupted build left next to `target`, and says what
/// it did, one line per action. Every interruption point of [`Staging::commit`] leaves
/// one of these states:
///
/// - staging folders `.NAME.tmp-*` (killed while writing, or while deleting the previous
///   output after the swap): deleted;
/// - `.NAME.old` and no `NAME` (killed between the two renames of the two-step swap): the
///   previous output is put back;
/// - `.NAME.old` and `NAME` (killed while deleting the previous output): deleted.
pub fn recover(target: &Path) -> Result<Vec<String>, PathError> {
    let (parent, left) = leftovers(target);
    let mut done = Vec::new();
    let ours = format!("{}{}-", left.staging_prefix, std::process::id());
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for e in entries.flatten() {
            let file_name = e.file_name().to_string_lossy().into_owned();
            if file_name.starts_with(&left.staging_prefix) && !file_name.starts_with(&ours) {
                fsutil::remove_dir_all(&e.path())?;
                done.push(format!(
                    "removed {file_name}, left in {} by an interrupted build",
                    parent.display()
                ));
            }
        }
    }
    if left.old.exists() {
        let old_name = left.old.file_name().unwrap_or_default().to_string_lossy();
        if target.exists() {
            remove_tree_parallel(&left.old)?;
            done.push(format!(
                "removed {old_name}, the previous output an interrupted build had not yet deleted"
            ));
        } else {
            fsutil::rename(&left.old, target)?;
            done.push(format!(
                "put the previous output back in {}: a build was interrupted while replacing it",
                target.display()
            ));
        }
    }
    Ok(done)
}

impl Staging {
    /// Creates an empty staging folder next to `target`, after clearing up what an
    /// interrupted build left there (see [`recover`]; its report is returned too).
    pub fn new(target: &Path) -> Result<(Self, Vec<String>), PathError> {
        let (parent, left) = leftovers(target);
        fsutil::create_dir_all(&parent)?;
        let recovered = recover(target)?;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = parent.join(format!("{}{}-{n}", left.staging_prefix, std::process::id()));
        if tmp.exists() {
            fsutil::remove_dir_all(&tmp)?;
        }
        fsutil::create_dir_all(&tmp)?;
        Ok((
            Staging {
                target: target.to_path_buf(),
                tmp,
                committed: false,
            },
            recovered,
        ))
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Replaces the output folder with the staging folder. Where the file system can,
    /// the two folders trade places in one atomic step, so the output is always either
    /// the complete old or the complete new site; elsewhere the old one is moved aside
    /// first, and [`recover`] puts it back if the build stops in between.
    pub fn commit(mut self) -> Result<(), PathError> {
        fsutil::write(
            &self.tmp.join(MARKER),
            b"Written by leidraad; replaced on every build.\n",
        )?;
        pause("before-swap");
        if !self.target.exists() {
            fsutil::rename(&self.tmp, &self.target)?;
            self.committed = true;
            return Ok(());
        }
        if exchange(&self.tmp, &self.target) {
            // The staging path now holds the previous output.
            self.committed = true;
            pause("after-swap");
            return remove_tree_parallel(&self.tmp);
        }
        let (_, left) = leftovers(&self.target);
        fsutil::rename(&self.target, &left.old)?;
        pause("between-renames");
        if let Err(e) = fsutil::rename(&self.tmp, &self.target) {
            // Put the previous output back so a failed swap loses nothing.
            let _ = fsutil::rename(&left.old, &self.target);
            return Err(e);
        }
        self.committed = true;
        pause("after-swap");
        remove_tree_parallel(&left.old)
    }
}

/// Swaps two folders atomically; false where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    if std::env::var_os("LEIDRAAD_TEST_NO_EXCHANGE").is_some() {
        return false;
    }
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Test hook: `LEIDRAAD_TEST_PAUSE_MS=N` announces each step of the swap on stderr and
/// waits N ms there, so a test can interrupt a build exactly at that point. Unset
/// (always, outside tests) it does nothing.
fn pause(step: &str) {
    if let Some(ms) = std::env::var("LEIDRAAD_TEST_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "leidraad-test-pause: {step}");
        std::thread::sleep(std::time::Duration::from_millis(ms));
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
