//! Watching the site's files for `serve`: the watcher starts before the first build, so
//! no save is lost, and events are debounced (notify-debouncer-full) into batches; a
//! batch is one rebuild.

use crate::files::{self, CONFIG_FILE, CONTENT_DIR, STATIC_DIR, THEMES_DIR};
use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long a file must be quiet before its event is passed on. Editors write a file in
/// several steps; this gathers them into one save.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// The folders under the root whose files make the site.
const WATCHED: [&str; 3] = [CONTENT_DIR, THEMES_DIR, STATIC_DIR];

/// A running watcher; dropping it stops watching.
pub struct Watch {
    debouncer: Box<dyn DebouncerHandle>,
    root: PathBuf,
    watched: Vec<bool>,
}

/// The parts of a debouncer `Watch` needs, over native events or polling.
trait DebouncerHandle: Send {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
    fn unwatch(&mut self, path: &Path) -> notify::Result<()>;
}

impl<T: notify::Watcher + Send> DebouncerHandle for Debouncer<T, RecommendedCache> {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        Debouncer::watch(self, path, mode)
    }
    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        Debouncer::unwatch(self, path)
    }
}

impl Watch {
    /// Starts watching `root` (absolute): `leidraad.yaml` and the content, theme and
    /// static folders. Each debounced batch of changed paths is sent to `tx`. With
    /// `poll`, files are polled instead of relying on native events (network drives).
    pub fn start(root: &Path, tx: mpsc::Sender<Vec<PathBuf>>, poll: bool) -> Result<Watch, String> {
        let config = root.join(CONFIG_FILE);
        let dirs: Vec<PathBuf> = WATCHED.iter().map(|d| root.join(d)).collect();
        let relevant = dirs.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut paths: Vec<PathBuf> = Vec::new();
            for event in events {
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    continue;
                }
                for path in &event.paths {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    // The root is watched only for leidraad.yaml and the site's folders.
                    let wanted = *path == config || relevant.iter().any(|d| path.starts_with(d));
                    if wanted && !files::is_ignored(&name) && !paths.contains(path) {
                        paths.push(path.clone());
                    }
                    // Renaming a file over another reports the hidden temporary name
                    // first; the target's own event carries the save.
                }
            }
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        };
        let mut debouncer: Box<dyn DebouncerHandle> = if poll {
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
            Box::new(
                notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
                    DEBOUNCE,
                    None,
                    handler,
                    RecommendedCache::new(),
                    config,
                )
                .map_err(|e| format!("cannot watch {}: {e}", root.display()))?,
            )
        } else {
            Box::new(
                notify_debouncer_full::new_debouncer(DEBOUNCE, None, handler)
                    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?,
            )
        };
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut watch = Watch {
            debouncer,
            root: root.to_path_buf(),
            watched: vec![false; WATCHED.len()],
        };
        watch.add_new_folders();
        Ok(watch)
    }

    /// Watches the site's folders that exist now but were not watched yet (created after
    /// the start, such as a first theme override). Returns the folders newly watched:
    /// files written into them before the watch began must be read by the caller.
    pub fn add_new_folders(&mut self) -> Vec<PathBuf> {
        let mut added = Vec::new();
        for (dir, done) in WATCHED.iter().zip(self.watched.iter_mut()) {
            let path = self.root.join(dir);
            if !*done && path.is_dir() {
                *done = self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok();
                if *done {
                    added.push(path);
                }
            }
        }
        added
    }
}

impl Watch {
    /// Forgets the watch of a site folder that a batch shows was deleted, created or
    /// renamed as a whole (`content/` restored from a backup, say): the old watch went
    /// with the old folder. [`Watch::add_new_folders`] then watches the folder that is
    /// there now and hands it back to be read again.
    pub fn forget_replaced(&mut self, batch: &[PathBuf]) {
        for (dir, done) in WATCHED.iter().zip(self.watched.iter_mut()) {
            let path = self.root.join(dir);
            if *done && (batch.contains(&path) || !path.is_dir()) {
                let _ = self.debouncer.unwatch(&path);
                *done = false;
            }
        }
    }
}

/// Waits up to `timeout` for the next batch and takes every batch already queued with
/// it, so a burst is one rebuild.
pub fn next_batch(
    rx: &mpsc::Receiver<Vec<PathBuf>>,
    timeout: Duration,
) -> Result<Vec<PathBuf>, mpsc::RecvTimeoutError> {
    let mut paths = rx.recv_timeout(timeout)?;
    while let Ok(more) = rx.try_recv() {
        for p in more {
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
    }
    Ok(paths)
}
