//! The files a session reads, and bringing its model up to date after they changed.
//! What a changed file is (configuration, theme, content, a copied file) is decided by
//! its place ([`files::classify`]); what it affects is decided later, by comparing
//! fingerprints.
//!
//! Copied files are known by a key: `theme:<path>` for a theme's static file, and the
//! path relative to the site root for `static/` and content assets.

use super::State;
use crate::FastMap;
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::files::{self, CONTENT_DIR, Role, STATIC_DIR};
use crate::fingerprint::file_print;
use crate::model::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The files of one update, by what they are.
#[derive(Debug, Default)]
pub(super) struct Change {
    /// `leidraad.yaml` changed: the model is read again from the start.
    pub(super) config: bool,
    /// A file of the site's theme folder changed.
    pub(super) theme: bool,
    /// Files or folders under `content/`, relative to it (the empty path: all of it).
    pub(super) content: Vec<PathBuf>,
    /// Files or folders that may be copied (`static/…`, content assets), relative to the
    /// site root.
    pub(super) copied: Vec<PathBuf>,
}

impl Change {
    /// Sorts the changed `paths` (absolute or relative to `root`) by what they are.
    pub(super) fn of(root: &Path, paths: &[PathBuf], site: Option<&Site>) -> Change {
        let mut change = Change::default();
        let Some(site) = site else {
            return change;
        };
        let layout = site.config.layout();
        for path in paths {
            let rel = path.strip_prefix(root).unwrap_or(path);
            match files::classify(rel, &layout) {
                Role::Config => change.config = true,
                Role::Theme(_) => change.theme = true,
                Role::Static(_) => change.copied.push(rel.to_path_buf()),
                Role::Ignored => {
                    // A folder itself (created, renamed, deleted): read what is under it.
                    if rel == Path::new(CONTENT_DIR) {
                        change.content.push(PathBuf::new());
                        change.copied.push(rel.to_path_buf());
                    } else if rel == Path::new(STATIC_DIR) {
                        change.copied.push(rel.to_path_buf());
                    } else if rel.starts_with(files::THEMES_DIR) {
                        change.theme = true;
                    }
                }
                Role::Asset(r) => {
                    change.copied.push(rel.to_path_buf());
                    change.content.push(r);
                }
                Role::Page(r)
                | Role::Entry(_, r)
                | Role::StrayMarkdown(r)
                | Role::Data(r)
                | Role::Checklist(r)
                | Role::Calculator(r) => {
                    // A folder under content/ classifies like a file in it: read both.
                    if root.join(rel).is_dir() {
                        change.copied.push(rel.to_path_buf());
                    }
                    change.content.push(r);
                }
            }
        }
        change
    }
}

/// Brings `state` up to date with `change`. An error means the theme cannot be used;
/// the state keeps the working one and every later update tries again.
pub(super) fn apply(state: &mut State, change: &Change) -> Result<(), Diagnostics> {
    let site = &mut state.site;
    if change.theme || state.theme_broken {
        match crate::theme::load(&site.root, &site.config, &site.config_positions) {
            Ok(theme) => {
                site.theme = theme;
                state.theme_broken = false;
                rescan_theme(&mut state.files, site);
            }
            Err(d) => {
                state.theme_broken = true;
                return Err(d);
            }
        }
    }
    if !change.content.is_empty() {
        for rel in &change.content {
            state.sources.refresh(&site.root, rel, &site.config);
        }
        // Edits of existing documents re-resolve only those; anything else assembles
        // the model again.
        if !site
            .content
            .refresh(&state.sources, &site.config, &change.content)
        {
            let dates = Arc::clone(&site.content.git_dates);
            site.content = Content::assemble(&state.sources, &site.config).0;
            site.content.git_dates = dates;
        }
        site.abbreviations = crate::abbreviations::Abbreviations::new(&site.content);
    }
    for rel in &change.copied {
        rescan(&mut state.files, site, rel);
    }
    // A commit made while serving changes dates; `git rev-parse` tells cheaply.
    if site.content.git_dates.head != crate::dates::GitDates::head(&site.root) {
        site.content.git_dates = Arc::new(crate::dates::GitDates::read(&site.root));
    }
    let (house, problems) =
        crate::house_style::load(&site.root, &site.config, &site.config_positions);
    site.house = house;
    site.house_problems = problems;
    let mut diags = site.content.diagnostics(&state.sources);
    diags.extend(crate::site::model_checks(site));
    state.load_diags = diags;
    Ok(())
}

/// The fingerprint of every file a site may copy, read from disk.
pub(super) fn scan_files(site: &Site) -> FastMap<String, u64> {
    let mut prints = FastMap::default();
    rescan_theme(&mut prints, site);
    for dir in [STATIC_DIR, CONTENT_DIR] {
        rescan(&mut prints, site, Path::new(dir));
    }
    prints
}

fn rescan_theme(prints: &mut FastMap<String, u64>, site: &Site) {
    prints.retain(|k, _| !k.starts_with("theme:"));
    for (rel, file) in &site.theme.static_files {
        prints.insert(format!("theme:{rel}"), file_print(&file.bytes));
    }
}

/// Reads the prints of the copied files at or under `rel` (relative to the site root)
/// again: what is there now replaces what was there.
fn rescan(prints: &mut FastMap<String, u64>, site: &Site, rel: &Path) {
    let root = &site.root;
    let layout = site.config.layout();
    let key = files::slash_path(rel);
    prints.retain(|k, _| !(k == &key || k.starts_with(&format!("{key}/"))));
    let path = root.join(rel);
    // A `static` folder or a content file that is a link could point anywhere: skipped.
    if path.is_symlink() {
        return;
    }
    for entry in walkdir::WalkDir::new(&path) {
        let Ok(entry) = entry else { continue };
        let Ok(inner) = entry.path().strip_prefix(root) else {
            continue;
        };
        let copied = matches!(
            files::classify(inner, &layout),
            Role::Static(_) | Role::Asset(_)
        );
        if entry.path_is_symlink() || !entry.file_type().is_file() || !copied {
            continue;
        }
        if let Ok(bytes) = std::fs::read(entry.path()) {
            prints.insert(files::slash_path(inner), file_print(&bytes));
        }
    }
}

/// Every copied output and the key of its source: the theme's static files, then the
/// site's `static/` folder (which replaces a theme file of the same name), then content
/// assets.
pub(super) fn copies(site: &Site, prints: &FastMap<String, u64>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for rel in site.theme.static_files.keys() {
        out.insert(format!("static/{rel}"), format!("theme:{rel}"));
    }
    let mut statics: Vec<&String> = prints.keys().filter(|k| k.starts_with("static/")).collect();
    statics.sort();
    for key in statics {
        out.insert(key.clone(), key.clone());
    }
    for rel in &site.content.assets {
        out.insert(
            files::asset_output(rel),
            format!("{CONTENT_DIR}/{}", files::slash_path(rel)),
        );
    }
    out
}

/// The bytes of the copied file with this key.
pub(super) fn read_copy(site: &Site, key: &str) -> Result<Vec<u8>, Diagnostic> {
    if let Some(rel) = key.strip_prefix("theme:") {
        return site
            .theme
            .static_files
            .get(rel)
            .map(|f| f.bytes.clone())
            .ok_or_else(|| Diagnostic::error(rel, "io", "the theme file is gone"));
    }
    let path = site.root.join(key);
    std::fs::read(&path).map_err(|e| Diagnostic::error(key, "io", format!("cannot read: {e}")))
}
