//! `leidraad theme export`: the default theme's files written out for editing, with a
//! record of what was written (`.leidraad-theme`), so `check` can tell when the default
//! theme has changed since a file was copied and the copy misses an improvement.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::theme::DEFAULT_THEME;
use std::path::{Path, PathBuf};

/// The record of an export, in the theme folder (a dot file: never published).
pub const MANIFEST: &str = ".leidraad-theme";

/// A short fingerprint of a file's bytes (FNV-1a, 64 bits): enough to notice a change,
/// and stable across versions and machines, unlike the standard library's hasher.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Writes every file of the default theme under `dir`, and the record. Refuses to
/// replace an existing file unless `force`: it may hold the author's changes.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>, String> {
    if !force {
        let existing: Vec<String> = DEFAULT_THEME
            .iter()
            .map(|(rel, _)| dir.join(rel))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(format!(
                "{} file(s) exist already and may hold your changes, for example {}; export into another folder to compare, or add --force to replace them",
                existing.len(),
                existing[0]
            ));
        }
    }
    let mut written = Vec::new();
    let mut manifest = format!(
        "# Written by `leidraad theme export` (leidraad {}): the default theme's files as\n# they were copied. `leidraad check` compares them with the default theme of the\n# leidraad it runs with, and warns when one has changed since.\n",
        env!("CARGO_PKG_VERSION")
    );
    for (rel, bytes) in DEFAULT_THEME {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        manifest.push_str(&format!("{} {rel}\n", fingerprint(bytes)));
        written.push(path);
    }
    let path = dir.join(MANIFEST);
    std::fs::write(&path, manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    written.push(path);
    Ok(written)
}

/// Warnings for theme files of the site that were exported from a default theme that
/// has changed since. Files without a record say nothing: there is no telling.
pub fn outdated(root: &Path, theme: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let dir = root.join("themes").join(theme);
    let Ok(manifest) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return diags;
    };
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let Some((old, rel)) = line.split_once(' ') else {
            continue;
        };
        let Some((_, now)) = DEFAULT_THEME.iter().find(|(r, _)| *r == rel) else {
            continue;
        };
        let Ok(copy) = std::fs::read(dir.join(rel)) else {
            continue;
        };
        if fingerprint(now) == old {
            continue;
        }
        let file = Path::new("themes").join(theme).join(rel);
        let d = if fingerprint(&copy) == old {
            Diagnostic::warning(
                file,
                "theme-outdated",
                "the default theme's version of this file has changed since it was copied, and the copy was never edited",
            )
            .with_hint("delete the copy to follow the default theme again")
        } else {
            Diagnostic::warning(
                file,
                "theme-outdated",
                "the default theme's version of this file has changed since it was copied and edited here",
            )
            .with_hint("`leidraad theme export NEW-FOLDER` writes the new version: compare and carry over what you need")
        };
        diags.push(d);
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_files_apart() {
        // Published FNV-1a test values.
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
        assert_eq!(fingerprint(b"a"), "af63dc4c8601ec8c");
        assert_ne!(fingerprint(b"ab"), fingerprint(b"ba"));
    }

    #[test]
    fn an_export_refuses_to_overwrite_and_a_changed_default_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("themes/default");
        let written = export(&theme, false).unwrap();
        assert_eq!(written.len(), DEFAULT_THEME.len() + 1);
        assert!(export(&theme, false).unwrap_err().contains("--force"));
        assert!(outdated(dir.path(), "default").is_empty());
        // Pretend base.html was copied from an older default: once unedited, once edited.
        let manifest = std::fs::read_to_string(theme.join(MANIFEST)).unwrap();
        let base = theme.join("templates/base.html");
        let old_text = "<!-- an older base.html -->";
        std::fs::write(&base, old_text).unwrap();
        let edited = manifest.lines().map(|l| {
            if l.ends_with(" templates/base.html") {
                format!("{} templates/base.html", fingerprint(old_text.as_bytes()))
            } else {
                l.to_string()
            }
        });
        std::fs::write(theme.join(MANIFEST), edited.collect::<Vec<_>>().join("\n")).unwrap();
        let d = outdated(dir.path(), "default");
        assert_eq!(d.len(), 1);
        let w = &d.items()[0];
        assert_eq!(w.code, "theme-outdated");
        assert_eq!(w.file, Path::new("themes/default/templates/base.html"));
        assert!(w.hint.as_deref().unwrap().contains("delete the copy"));
        std::fs::write(&base, "<!-- edited here -->").unwrap();
        let d = outdated(dir.path(), "default");
        assert!(
            d.items()[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("theme export NEW-FOLDER")
        );
    }
}
