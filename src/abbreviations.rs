//! Abbreviations from the glossary. An entry with the field [`FIELD`] (`afkorting_van`)
//! makes its title an abbreviation and the field's text its expansion. The Markdown
//! renderer marks the first use of each abbreviation in a piece of running text as
//! `<abbr>` linked to the entry ([`crate::markdown`]).
//!
//! The table is built once per build (and again after an edit that changes content), so
//! rendering looks up each word of the text once, however many abbreviations there are.

use crate::content::Content;
use crate::document::DocKind;
use crate::{FastMap, FastSet};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The field that makes an entry's title an abbreviation. A content convention shared
/// with the default theme's glossary template, which shows the same field.
pub const FIELD: &str = "afkorting_van";

/// One abbreviation and the entry that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Abbreviation {
    /// The abbreviation as written in text (the entry's title): `VVT`, `V&V`.
    pub text: String,
    /// What it stands for.
    pub expansion: String,
    /// The entry's id.
    pub id: String,
    /// The entry's output path, relative to the output root.
    pub path: String,
    /// The entry's file relative to `content/`, so its own page is left alone.
    pub content_path: PathBuf,
}

/// Every abbreviation of the site, by the first word of its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Abbreviations {
    /// Candidates per first run of letters and digits, longest text first (then by
    /// text and id, so the choice between two entries with one title is stable).
    by_first: FastMap<String, Vec<Abbreviation>>,
}

/// A character that belongs to a word. Everything else is a word boundary.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The first word of `text`, when `text` starts and ends with a word character (else
/// whole-word matching has no edges to hold on to).
fn first_word(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let last = text.chars().next_back()?;
    if !is_word(first) || !is_word(last) {
        return None;
    }
    let end = text.find(|c: char| !is_word(c)).unwrap_or(text.len());
    Some(&text[..end])
}

impl Abbreviations {
    /// The abbreviations defined by the content's entries.
    pub fn new(content: &Content) -> Self {
        Self::from_list(content.docs.iter().filter_map(|d| {
            if !matches!(d.kind, DocKind::Entry(_)) {
                return None;
            }
            let expansion = d.field(FIELD)?.as_str()?.trim();
            (!expansion.is_empty()).then(|| Abbreviation {
                text: d.title.trim().to_string(),
                expansion: expansion.to_string(),
                id: d.id.clone(),
                path: d.out_path.clone(),
                content_path: d.content_path.clone(),
            })
        }))
    }

    /// A table of the given abbreviations; ones whose text does not start and end with
    /// a letter or digit are left out.
    pub fn from_list(list: impl IntoIterator<Item = Abbreviation>) -> Self {
        let mut by_first: FastMap<String, Vec<Abbreviation>> = FastMap::default();
        for a in list {
            if let Some(word) = first_word(&a.text) {
                by_first.entry(word.to_string()).or_default().push(a);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| {
                b.text
                    .len()
                    .cmp(&a.text.len())
                    .then_with(|| a.text.cmp(&b.text))
                    .then_with(|| a.id.cmp(&b.id))
            });
        }
        Abbreviations { by_first }
    }

    /// Every abbreviation, in no particular order.
    pub fn all(&self) -> impl Iterator<Item = &Abbreviation> {
        self.by_first.values().flatten()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Every whole-word, case-sensitive occurrence in `text`, in order, as (byte offset,
    /// abbreviation). Each word is looked up once; occurrences do not overlap, and the
    /// longest abbreviation starting at a word wins (`V&V` before `V`). The edges of
    /// `text` count as word boundaries.
    pub fn find<'s, 't>(&'s self, text: &'t str) -> Matches<'s, 't> {
        Matches {
            table: self,
            text,
            at: 0,
        }
    }

    /// What an edit changed, for rebuilding only what shows it: `None` when the set of
    /// abbreviation texts changed (any text may now match or stop matching), otherwise
    /// the ids of entries whose expansion, page or choice changed (only text that read
    /// one of them can differ).
    pub fn stale_ids(&self, new: &Abbreviations) -> Option<FastSet<String>> {
        let texts = |t: &Abbreviations| -> BTreeSet<String> {
            t.by_first
                .values()
                .flatten()
                .map(|a| a.text.clone())
                .collect()
        };
        if texts(self) != texts(new) {
            return None;
        }
        let mut ids = FastSet::default();
        for (word, list) in &self.by_first {
            let other = new.by_first.get(word);
            if other != Some(list) {
                ids.extend(
                    list.iter()
                        .chain(other.into_iter().flatten())
                        .map(|a| a.id.clone()),
                );
            }
        }
        Some(ids)
    }
}

/// The iterator of [`Abbreviations::find`].
pub struct Matches<'s, 't> {
    table: &'s Abbreviations,
    text: &'t str,
    /// Where the next word may start: always at a boundary.
    at: usize,
}

impl<'s> Iterator for Matches<'s, '_> {
    type Item = (usize, &'s Abbreviation);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        while self.at < text.len() {
            let rest = &text[self.at..];
            let Some(skip) = rest.find(is_word) else {
                self.at = text.len();
                return None;
            };
            let start = self.at + skip;
            let word_len = text[start..]
                .find(|c: char| !is_word(c))
                .unwrap_or(text.len() - start);
            let word = &text[start..start + word_len];
            let found = self.table.by_first.get(word).and_then(|list| {
                list.iter().find(|a| {
                    text[start..].starts_with(a.text.as_str())
                        && !text[start + a.text.len()..].starts_with(is_word)
                })
            });
            match found {
                Some(a) => {
                    self.at = start + a.text.len();
                    return Some((start, a));
                }
                None => self.at = start + word_len,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr(text: &str, id: &str, expansion: &str) -> Abbreviation {
        Abbreviation {
            text: text.into(),
            expansion: expansion.into(),
            id: id.into(),
            path: format!("begrippen/{id}.html"),
            content_path: PathBuf::from(format!("begrippen/{id}.md")),
        }
    }

    fn table() -> Abbreviations {
        Abbreviations::from_list([
            abbr("VVT", "vvt", "Verpleging, verzorging en thuiszorg"),
            abbr("V&V", "vv", "Verpleging en verzorging"),
            abbr("V", "v", "Vijf"),
            abbr("NZa", "nza", "Nederlandse Zorgautoriteit"),
            abbr("(X)", "x", "niet bruikbaar"),
        ])
    }

    fn found(text: &str) -> Vec<(usize, &'static str)> {
        let t = Box::leak(Box::new(table()));
        t.find(text).map(|(i, a)| (i, a.text.as_str())).collect()
    }

    #[test]
    fn whole_words_only_and_case_sensitive() {
        assert_eq!(found("VVT"), [(0, "VVT")]);
        assert_eq!(found("de VVT."), [(3, "VVT")]);
        assert_eq!(found("(VVT)"), [(1, "VVT")]);
        assert_eq!(found("VVT's en VVT-sector"), [(0, "VVT"), (9, "VVT")]);
        assert!(found("VVTs vvt Vvt vvtx xVVT VVT2 VVTé éVVT").is_empty());
    }

    #[test]
    fn the_longest_abbreviation_at_a_word_wins_and_ampersands_work() {
        assert_eq!(found("de V&V en V"), [(3, "V&V"), (10, "V")]);
        assert_eq!(found("V&Vx"), [(0, "V")]);
        assert_eq!(found("V&V's"), [(0, "V&V")]);
    }

    #[test]
    fn accented_letters_are_word_characters() {
        assert_eq!(found("NZa’s café NZaé"), [(0, "NZa")]);
    }

    #[test]
    fn texts_without_word_edges_are_left_out() {
        assert!(found("(X) X").is_empty());
        assert!(!table().is_empty());
        assert!(Abbreviations::default().is_empty());
    }

    #[test]
    fn stale_ids_name_what_changed() {
        let old = table();
        assert_eq!(old.stale_ids(&table()), Some(FastSet::default()));
        let mut changed: Vec<Abbreviation> = old.by_first.values().flatten().cloned().collect();
        for a in &mut changed {
            if a.id == "vvt" {
                a.expansion = "Anders".into();
            }
        }
        let new = Abbreviations::from_list(changed.clone());
        assert_eq!(
            old.stale_ids(&new),
            Some(FastSet::from_iter(["vvt".to_string()]))
        );
        changed.retain(|a| a.id != "nza");
        assert_eq!(old.stale_ids(&Abbreviations::from_list(changed)), None);
    }
}
