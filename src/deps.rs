//! What a rendered output read from the model. Views record every document, checklist,
//! list and template they use while they are built; that record is the dependency
//! graph of an incremental rebuild, so nobody keeps one by hand.

use std::collections::BTreeSet;

/// One thing an output can read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dep {
    /// What every template sees: site settings, kinds, menu, checklists, data, strings.
    Globals,
    /// A template file (the job's template and every template it includes or extends).
    Template(String),
    /// A document's link: id, title, summary, output path, kind name. Also read for an
    /// id that does not exist (yet), so its arrival is noticed.
    Link(String),
    /// A document's card: its link plus its fields (listings, source references).
    Card(String),
    /// Everything a document holds itself: front matter, body, HTML, scored checklist.
    Own(String),
    /// When a document was last updated (its `bijgewerkt`, or its last commit): lists of
    /// dates read this, not the whole document.
    Updated(String),
    /// The relations pointing at a document.
    Backlinks(String),
    /// The documents citing a document as a source.
    CitedBy(String),
    /// The entries of a kind, in listing order (kind index).
    Members(usize),
    /// The set of all documents and their output paths.
    Docs,
    /// A checklist and its introduction.
    Checklist(String),
    /// A calculator (its introduction is rendered with its page).
    Calculator(String),
    /// `leidraad.yaml` as a whole: what an output reads of it beyond the globals (kinds'
    /// templates, orders, labels) is not worth tracking key by key.
    Config,
    /// A file copied into the output as it is (theme, `static/` or content asset), by
    /// its path relative to the site root; for a theme file, `theme:<path>`.
    File(String),
}

/// The reads of one output.
pub type Reads = BTreeSet<Dep>;

/// Whether an output that read `reads` must be rendered again after `changed`.
pub fn affected(reads: &Reads, changed: &Reads) -> bool {
    if changed.len() < reads.len() {
        changed.iter().any(|d| reads.contains(d))
    } else {
        reads.iter().any(|d| changed.contains(d))
    }
}
