//! The site's files: the one rule for files leidraad never reads, and the role of every
//! other path. Discovery (`build`), the watcher and incremental updates (`serve`) all
//! classify paths here, so they cannot disagree.

use std::path::{Component, Path, PathBuf};

/// Folder under the site root that holds all content.
pub const CONTENT_DIR: &str = "content";
/// Folder under `content/` with YAML data files for templates.
pub const DATA_DIR: &str = "data";
/// Folder under `content/` with readiness checklists.
pub const CHECKLIST_DIR: &str = "checklists";
/// Calculators (`rekenhulpen`), one YAML file each, below `content/`.
pub const CALCULATOR_DIR: &str = "rekenhulpen";
/// The site's own static files, copied to `static/` in the output.
pub const STATIC_DIR: &str = "static";
/// Folder with theme overrides (`themes/<name>/`).
pub const THEMES_DIR: &str = "themes";
/// File name of the site configuration, at the site root.
pub const CONFIG_FILE: &str = "leidraad.yaml";

/// Whether a file or folder name is never part of the site: hidden files, editor swap,
/// backup and lock files, and the files operating systems drop into folders.
///
/// This is the only ignore rule: content, static files, theme files and the watcher all
/// use it (the README lists it for authors).
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')                       // hidden, .#lock (Emacs), .DS_Store
        || name.ends_with('~')                  // backups
        || name.ends_with(".swp")
        || name.ends_with(".swx")               // vim swap files
        || name == "4913"                       // vim's write test
        || (name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || name.starts_with("~$")               // office lock files
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// The one rule for ids of documents, kinds and checklists: lowercase ASCII letters,
/// digits, `-` and `_`. Ids are file names and URL parts, so nothing else is safe.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// What classifying a path needs to know of the configuration.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The content folder of each kind, in configuration order.
    pub kind_paths: Vec<String>,
    /// The theme's folder name under `themes/`.
    pub theme: String,
}

/// Whether any component of a relative path is ignored.
pub fn has_ignored_component(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        Component::Normal(n) => is_ignored(&n.to_string_lossy()),
        _ => false,
    })
}

/// What a path of the site is, judged from the path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// `leidraad.yaml`.
    Config,
    /// A free page: `content/<id>.md`. The path is relative to `content/`.
    Page(PathBuf),
    /// An entry of the kind at this index: `content/<kind path>/<id>.md`.
    Entry(usize, PathBuf),
    /// Markdown where no page or entry can be (a folder that belongs to no kind, or a
    /// subfolder of a kind). Relative to `content/`.
    StrayMarkdown(PathBuf),
    /// A data file for templates: `content/data/<name>.yaml`. Relative to `content/`.
    Data(PathBuf),
    /// A readiness checklist: `content/checklists/<id>.yaml`. Relative to `content/`.
    Checklist(PathBuf),
    /// A calculator: `content/rekenhulpen/<id>.yaml`. Relative to `content/`.
    Calculator(PathBuf),
    /// Any other file under `content/`, published as it is. Relative to `content/`.
    Asset(PathBuf),
    /// A file of the site's theme folder, relative to `themes/<theme>/`.
    Theme(PathBuf),
    /// A file under `static/`, relative to it.
    Static(PathBuf),
    /// Ignored by [`is_ignored`], or not part of the site (the output folder, say).
    Ignored,
}

/// The role of `rel`, a path relative to the site root. Pure: it looks at no file.
pub fn classify(rel: &Path, layout: &Layout) -> Role {
    if has_ignored_component(rel) {
        return Role::Ignored;
    }
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let inner = |skip: usize| parts[skip..].iter().collect::<PathBuf>();
    match parts.as_slice() {
        [CONFIG_FILE] => Role::Config,
        [CONTENT_DIR, rest @ ..] if !rest.is_empty() => classify_content(rest, layout, inner(1)),
        // The theme folders themselves (created or renamed) count as theme changes.
        [THEMES_DIR] => Role::Theme(PathBuf::new()),
        [THEMES_DIR, theme, ..] if *theme == layout.theme => Role::Theme(inner(2)),
        [STATIC_DIR, ..] => Role::Static(inner(1)),
        _ => Role::Ignored,
    }
}

fn classify_content(parts: &[&str], layout: &Layout, rel: PathBuf) -> Role {
    let ext = rel.extension().map(|e| e.to_string_lossy().to_lowercase());
    let is_md = ext.as_deref() == Some("md");
    let is_yaml = matches!(ext.as_deref(), Some("yaml" | "yml"));
    match parts {
        [_] if is_md => Role::Page(rel),
        [DATA_DIR, _] if is_yaml => Role::Data(rel),
        [CHECKLIST_DIR, _] if is_yaml => Role::Checklist(rel),
        [CALCULATOR_DIR, _] if is_yaml => Role::Calculator(rel),
        [dir, _] if is_md => match layout.kind_paths.iter().position(|k| k == dir) {
            Some(k) => Role::Entry(k, rel),
            None => Role::StrayMarkdown(rel),
        },
        _ if is_md => Role::StrayMarkdown(rel),
        _ => Role::Asset(rel),
    }
}

/// Output path of a content asset: the same path as under `content/`.
pub fn asset_output(rel: &Path) -> String {
    slash_path(rel)
}

/// A relative path written with `/`, as URLs and output keys use it.
pub fn slash_path(rel: &Path) -> String {
    let text = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' && !text.starts_with("./") && !text.contains("/./") {
        return text.into_owned();
    }
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Turns heading text into an anchor id: lowercase ASCII, accents dropped, other
/// characters collapsed to single hyphens.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => Some('a'),
            'è' | 'é' | 'ê' | 'ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' => Some('i'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'ñ' => Some('n'),
            'ĳ' => {
                out.push('i');
                Some('j')
            }
            _ => None,
        };
        match mapped {
            Some(m) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(m);
            }
            None => pending_dash = true,
        }
    }
    if out.is_empty() {
        out.push_str("sectie");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Layout {
        Layout {
            kind_paths: vec!["knelpunten".into()],
            theme: "default".into(),
        }
    }

    #[test]
    fn editor_and_system_files_are_ignored() {
        for name in [
            ".smalle-markt.md.swp",
            "smalle-markt.md~",
            "x.swp",
            "x.swx",
            "4913",
            ".#smalle-markt.md",
            "#smalle-markt.md#",
            "~$concept.docx",
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            ".git",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["smalle-markt.md", "NOTES.txt", "logo.png", "a~b.md", "4914"] {
            assert!(!is_ignored(name), "{name}");
        }
    }

    #[test]
    fn ids_are_lowercase_slugs() {
        assert!(is_valid_id("smalle-markt_2"));
        for bad in ["", "Smalle", "a b", "é", "a.b", "../x"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn paths_get_their_role() {
        let c = config();
        let role = |p: &str| classify(Path::new(p), &c);
        assert_eq!(role("leidraad.yaml"), Role::Config);
        assert_eq!(role("content/index.md"), Role::Page("index.md".into()));
        assert_eq!(
            role("content/knelpunten/a.md"),
            Role::Entry(0, "knelpunten/a.md".into())
        );
        assert_eq!(
            role("content/onbekend/a.md"),
            Role::StrayMarkdown("onbekend/a.md".into())
        );
        assert_eq!(
            role("content/knelpunten/sub/a.md"),
            Role::StrayMarkdown("knelpunten/sub/a.md".into())
        );
        assert_eq!(
            role("content/data/organisatie.yaml"),
            Role::Data("data/organisatie.yaml".into())
        );
        assert_eq!(
            role("content/checklists/c.yaml"),
            Role::Checklist("checklists/c.yaml".into())
        );
        assert_eq!(
            role("content/afbeeldingen/logo.png"),
            Role::Asset("afbeeldingen/logo.png".into())
        );
        assert_eq!(
            role("content/knelpunten/schema.pdf"),
            Role::Asset("knelpunten/schema.pdf".into())
        );
        assert_eq!(
            role("content/data/notes/x.yaml"),
            Role::Asset("data/notes/x.yaml".into())
        );
        assert_eq!(
            role("themes/default/templates/base.html"),
            Role::Theme("templates/base.html".into())
        );
        assert_eq!(role("themes/other/templates/base.html"), Role::Ignored);
        assert_eq!(role("static/logo.svg"), Role::Static("logo.svg".into()));
        assert_eq!(role("content/~$concept.docx"), Role::Ignored);
        assert_eq!(role("content/.hidden/x.md"), Role::Ignored);
        assert_eq!(role("public/index.html"), Role::Ignored);
        assert_eq!(role("content"), Role::Ignored);
        assert_eq!(role("themes"), Role::Theme(PathBuf::new()));
        assert_eq!(role("themes/default"), Role::Theme(PathBuf::new()));
        assert_eq!(role("static"), Role::Static(PathBuf::new()));
    }
}
