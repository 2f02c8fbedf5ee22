//! The link check as a recorded job: the links and ids of every HTML output are kept,
//! and after an edit only pages whose links changed, pages with problems, or (when a
//! page or id disappeared) every page are checked again.

use crate::diagnostic::Diagnostics;
use crate::links::{self, PageLinks};
use crate::model::{Html, Job, Site};
use crate::site;
use crate::{FastMap, FastSet};
use rayon::prelude::*;

/// The links of every HTML output and what checking them found.
#[derive(Default)]
pub(super) struct LinkIndex {
    pages: FastMap<String, PageLinks>,
    found: FastMap<String, Diagnostics>,
    /// Pages whose links changed since the last check.
    recheck: FastSet<String>,
    /// An output or an id disappeared: every page is checked again.
    recheck_all: bool,
    /// Every output at the last check.
    known: FastSet<String>,
}

impl LinkIndex {
    /// Takes in freshly rendered pages' links; `outputs` is every output of the model.
    pub(super) fn update(&mut self, rendered: &[(String, PageLinks)], outputs: &FastSet<&str>) {
        let before = self.pages.len();
        self.pages.retain(|p, _| outputs.contains(p.as_str()));
        self.found.retain(|p, _| outputs.contains(p.as_str()));
        if self.pages.len() != before || self.known.iter().any(|p| !outputs.contains(p.as_str())) {
            self.recheck_all = true;
        }
        for (path, links) in rendered {
            match self.pages.get(path) {
                // Same links and ids as before: the earlier result of this page stands.
                Some(old) if old == links => continue,
                Some(old) if old.ids.iter().any(|id| !links.ids.contains(id)) => {
                    self.recheck_all = true;
                }
                _ => {}
            }
            self.pages.insert(path.clone(), links.clone());
            self.recheck.insert(path.clone());
        }
        self.known = outputs.iter().map(|p| p.to_string()).collect();
    }

    /// Checks what needs it and returns every current link problem, but for the pages
    /// in `later` (rendered from an older model, checked once rendered again).
    pub(super) fn check(
        &mut self,
        site: &Site,
        html: &Html,
        job_of: &FastMap<String, Job>,
        outputs: &FastSet<&str>,
        later: &FastSet<&str>,
    ) -> Diagnostics {
        let due = |p: &String| {
            site::link_checked(site, p)
                && (self.recheck_all
                    || self.recheck.contains(p)
                    || self.found.get(p).is_some_and(|d| !d.is_empty()))
        };
        let (to_check, waiting): (Vec<&String>, Vec<&String>) = self
            .pages
            .keys()
            .filter(|p| due(p))
            .partition(|p| !later.contains(p.as_str()));
        // What was due for the pages left for later stays due.
        let waiting: FastSet<String> = waiting.into_iter().cloned().collect();
        let origin = |p: &str| job_of.get(p).map(|&j| site::origin_of(site, html, j));
        let is_doc = |id: &str| site.content.by_id.contains_key(id);
        let base_path = site.config.base_path();
        let checked: Vec<(String, Diagnostics)> = to_check
            .into_par_iter()
            .map(|page| {
                let d = links::check_page(
                    page,
                    &self.pages[page],
                    &self.pages,
                    outputs,
                    &base_path,
                    &origin,
                    &is_doc,
                );
                (page.clone(), d)
            })
            .collect();
        self.found.extend(checked);
        self.recheck = waiting;
        self.recheck_all = false;
        let mut all = Diagnostics::default();
        for (page, d) in &self.found {
            if !later.contains(page.as_str()) {
                all.extend(d.clone());
            }
        }
        all
    }

    /// Every local page an output links to, without its fragment.
    pub(super) fn targets(&self, base_path: &str) -> FastSet<String> {
        let mut out = FastSet::default();
        for (page, links) in &self.pages {
            for url in &links.urls {
                if let Some(Some(t)) = links::local_target(page, url, base_path) {
                    out.insert(t.split('#').next().unwrap_or_default().to_string());
                }
            }
        }
        out
    }
}
