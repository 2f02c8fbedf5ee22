//! `leidraad build` and `leidraad check`: a [`Session`] whose outputs go to a staging
//! folder that replaces the output folder, or nowhere, plus the findings only `check`
//! reports.

use crate::config;
use crate::diagnostic::Diagnostics;
use crate::files::{self, CONTENT_DIR};
use crate::output;
use crate::session::{Session, Target};
use crate::site::absolute_root;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Output files rendered from templates.
    pub pages: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// The output folder.
    pub out: PathBuf,
    /// Warnings (the build still succeeded).
    pub warnings: Diagnostics,
    /// Wall time of each step, in order.
    pub steps: Vec<(&'static str, Duration)>,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site's files; nothing was written.
    Site(Diagnostics),
    /// The output could not be written; the previous output is untouched.
    Output(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Site(d) => write!(f, "{d}"),
            BuildError::Output(m) => write!(f, "{m}"),
        }
    }
}

/// Builds the site at `root` into `out` (default `root/public`), atomically: a session
/// whose outputs go to a staging folder that replaces `out` when everything is right.
pub fn build(root: &Path, out: Option<&Path>) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let root = absolute_root(root);
    let out = out.map_or_else(|| root.join("public"), absolute_root);
    // The site's own files may never be inside, equal to or around the output folder;
    // that also rules out writing to the root itself or any folder that contains it.
    let own_files = [
        root.join(CONTENT_DIR),
        root.join(files::THEMES_DIR),
        root.join(files::STATIC_DIR),
        root.join(config::CONFIG_FILE),
    ];
    if let Some(reason) = output::refuse_reason(&out, &own_files) {
        return Err(BuildError::Output(reason));
    }
    let (session, result) = Session::start_for(&root, Target::Folder(out.clone()));
    let rendered = start.elapsed();
    if let Some(e) = session.output_error() {
        return Err(BuildError::Output(e.to_string()));
    }
    let built = result.map_err(BuildError::Site)?;
    session.commit().map_err(BuildError::Output)?;
    Ok(BuildReport {
        pages: built.rendered,
        elapsed: start.elapsed(),
        out,
        warnings: built.warnings,
        steps: vec![
            ("render", rendered),
            ("swap output", start.elapsed() - rendered),
        ],
    })
}

/// What `leidraad check` reports beyond a build's problems.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Folder with the plain texts of the sources, for the copy check.
    pub source_texts: Option<PathBuf>,
}

/// What `leidraad check` found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every problem, sorted.
    pub diags: Diagnostics,
    /// Sentence lengths of the running text, when the site could be read.
    pub prose: Option<crate::readability::Stats>,
}

/// `leidraad check`: every step of a build, rendered into memory and written nowhere,
/// plus the findings only `check` reports.
pub fn check(root: &Path, options: CheckOptions) -> Checked {
    let (session, result) = Session::start_for(root, Target::Nowhere);
    let (Some(site), Some(html)) = (session.site(), session.html()) else {
        return Checked {
            diags: result.err().unwrap_or_default(),
            prose: None,
        };
    };
    let mut diags = match result {
        Ok(r) => r.warnings,
        Err(d) => d,
    };
    let prose = Some(crate::readability::stats(site));
    diags.extend(crate::check::findings(site, html, &session.link_targets()));
    diags.extend(crate::theme_export::outdated(
        &site.root,
        &site.config.theme,
    ));
    diags.extend(crate::readability::findings(site));
    if let Some(dir) = &options.source_texts {
        diags.extend(crate::copycheck::findings(site, dir));
    }
    diags.sort();
    Checked { diags, prose }
}
