//! Atomic output: pages are written into a staging folder beside the output folder,
//! which replaces the output only when everything succeeded. Builds of one output take
//! turns (a lock file beside it), so one build never touches another's staging folder.

use crate::fsutil::{self, PathError};
use std::path::{Component, Path, PathBuf};
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

/// The real place of a path: absolute, with every link and `..` of the part that exists
/// resolved (`site/content/../pub2` is `site/pub2`), and `..` in the rest taken away by
/// name. An output that is a link (`public -> /srv/www/live`) becomes its target, so the
/// build replaces the target's contents and keeps the link. A link to nothing is refused.
pub fn resolve(path: &Path) -> Result<PathBuf, String> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if std::fs::symlink_metadata(&abs).is_ok() && !abs.exists() {
        let to = std::fs::read_link(&abs).unwrap_or_default();
        return Err(format!(
            "refusing to write the site to {}: it is a link to {}, which does not exist; create that folder or remove the link",
            path.display(),
            to.display()
        ));
    }
    Ok(real(&abs))
}

/// [`resolve`] without the check: the longest existing part canonicalised, the rest
/// normalised by name.
fn real(abs: &Path) -> PathBuf {
    let mut existing = abs.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            // `..` at the end, or the root: normalise what there is by name.
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.iter().rev() {
        out.push(part);
    }
    // `..` and `.` of the part that does not exist yet.
    let mut clean = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Why the output folder may not be written. `target` is resolved (see [`resolve`]);
/// `protected` are the site's own files.
pub fn refuse_reason(target: &Path, protected: &[PathBuf]) -> Option<String> {
    let t = real(target);
    for p in protected {
        let p = real(p);
        if t == p || p.starts_with(&t) || t.starts_with(&p) {
            return Some(format!(
                "refusing to write the site to {}: it overlaps {}, which holds your own files",
                target.display(),
                p.display()
            ));
        }
    }
    if t.exists() && !t.is_dir() {
        return Some(format!(
            "refusing to write the site to {}: it is a file, not a folder; choose a folder with --out",
            target.display()
        ));
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

/// Held while a build writes an output: other builds of the same output wait for it.
/// The lock is the operating system's advisory lock on `.NAME.lock` beside the output;
/// it ends with the process, however that ends, so a killed build never blocks the next.
#[derive(Debug)]
pub struct OutputLock {
    _file: Option<std::fs::File>,
}

/// Takes the lock of the output folder `target`; `on_wait` is called once if another
/// build holds it, before waiting. Where the file system has no locks (some network
/// drives), builds go on without one.
pub fn lock(target: &Path, on_wait: impl FnOnce()) -> Result<OutputLock, PathError> {
    let (parent, left) = leftovers(target);
    fsutil::create_dir_all(&parent)?;
    let path = left.lock;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| PathError {
            path: path.clone(),
            source,
            pos: None,
        })?;
    let locked = match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => {
            on_wait();
            file.lock()
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    };
    match locked {
        Ok(()) => Ok(OutputLock { _file: Some(file) }),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Ok(OutputLock { _file: None }),
        Err(source) => Err(PathError {
            path,
            source,
            pos: None,
        }),
    }
}

/// The names an interrupted build may leave next to the output folder `NAME`.
struct Leftovers {
    /// `.NAME.tmp-*`: a staging folder (partial or complete), or after an exchange the
    /// previous output waiting to be deleted. Never needed again.
    staging_prefix: String,
    /// `.NAME.old`: the previous output, moved aside by the two-step swap.
    old: PathBuf,
    /// `.NAME.lock`: the lock builds of this output take turns with (see [`lock`]).
    lock: PathBuf,
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
    let lock = parent.join(format!(".{name}.lock"));
    (
        parent,
        Leftovers {
            staging_prefix: format!(".{name}.tmp-"),
            old,
            lock,
        },
    )
}

/// Finishes or undoes what an interrupted build left next to `target`, and says what
/// it did, one line per action. Called with the output's [`lock`] held, so every
/// staging folder found belongs to a build that has ended. Every interruption point of
/// [`Staging::commit`] leaves one of these states:
///
/// - staging folders `.NAME.tmp-*` (killed while writing, or while deleting the previous
///   output after the swap): deleted;
/// - `.NAME.old` and no `NAME` (killed between the two renames of the two-step swap): the
///   previous output is put back;
/// - `.NAME.old` and `NAME` (killed while deleting the previous output): deleted.
///
/// A leftover that cannot be deleted (read-only files, say) is reported and left; it
/// never stops the build.
pub fn recover(target: &Path) -> Result<Vec<String>, PathError> {
    let (parent, left) = leftovers(target);
    let mut done = Vec::new();
    let ours = format!("{}{}-", left.staging_prefix, std::process::id());
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for e in entries.flatten() {
            let file_name = e.file_name().to_string_lossy().into_owned();
            if file_name.starts_with(&left.staging_prefix) && !file_name.starts_with(&ours) {
                done.push(match remove_tree_parallel(&e.path()) {
                    Ok(()) => format!(
                        "removed {file_name}, left in {} by an interrupted build",
                        parent.display()
                    ),
                    Err(err) => undeletable(&e.path(), &err),
                });
            }
        }
    }
    if left.old.exists() {
        let old_name = left.old.file_name().unwrap_or_default().to_string_lossy();
        if target.exists() {
            match remove_tree_parallel(&left.old) {
                Ok(()) => done.push(format!(
                    "removed {old_name}, the previous output an interrupted build had not yet deleted"
                )),
                Err(err) => {
                    // Out of the way under a name of its own, so the two-step swap can
                    // use `.NAME.old` again; later builds try to delete it once more.
                    let aside = staging_path(&parent, &left);
                    fsutil::rename(&left.old, &aside)?;
                    done.push(undeletable(&aside, &err));
                }
            }
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

/// The report of a leftover folder that could not be deleted.
fn undeletable(dir: &Path, err: &PathError) -> String {
    format!(
        "could not delete {}, an earlier output: {}; the new site is in place, delete that folder by hand (check its permissions)",
        dir.display(),
        err
    )
}

/// A fresh staging folder name of this process beside the output.
fn staging_path(parent: &Path, left: &Leftovers) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    parent.join(format!("{}{}-{n}", left.staging_prefix, std::process::id()))
}

impl Staging {
    /// Creates an empty staging folder next to `target`, after clearing up what an
    /// interrupted build left there (see [`recover`]; its report is returned too).
    pub fn new(target: &Path) -> Result<(Self, Vec<String>), PathError> {
        let (parent, left) = leftovers(target);
        fsutil::create_dir_all(&parent)?;
        let recovered = recover(target)?;
        let tmp = staging_path(&parent, &left);
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

    /// The output folder this one replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Replaces the output folder with the staging folder. Where the file system can,
    /// the two folders trade places in one atomic step, so the output is always either
    /// the complete old or the complete new site; elsewhere the old one is moved aside
    /// first, and [`recover`] puts it back if the build stops in between. Returns what
    /// could not be cleared up (the previous output, if it cannot be deleted): the new
    /// site is in place all the same.
    pub fn commit(mut self) -> Result<Vec<String>, PathError> {
        fsutil::write(
            &self.tmp.join(MARKER),
            b"Written by leidraad; replaced on every build.\n",
        )?;
        pause("before-swap");
        if !self.target.exists() {
            fsutil::rename(&self.tmp, &self.target)?;
            self.committed = true;
            return Ok(Vec::new());
        }
        if exchange(&self.tmp, &self.target) {
            // The staging path now holds the previous output.
            self.committed = true;
            pause("after-swap");
            return Ok(remove_previous(&self.tmp));
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
        Ok(remove_previous(&left.old))
    }
}

/// Deletes the previous output after a swap; what cannot be deleted is reported.
fn remove_previous(dir: &Path) -> Vec<String> {
    match remove_tree_parallel(dir) {
        Ok(()) => Vec::new(),
        Err(err) => vec![undeletable(dir, &err)],
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
