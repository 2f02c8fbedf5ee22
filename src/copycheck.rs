//! The copy check of `leidraad check --source-texts DIR`: runs of words in pages and
//! entries that match a source's plain text, outside quotations.
//!
//! A source entry names its text in a field of type `source_text`; the texts stay out of
//! the site (their copyright stays with their owners) and are read from DIR.

use crate::config::FieldType;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::DocKind;
use crate::model::Site;
use crate::prose::{self, Block};
use crate::{FastMap, fsutil};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

/// This many words in a row, the same as in a source, are a copied passage.
pub const RUN: usize = 12;

/// A source's plain text, as words.
struct SourceText {
    /// The file, for messages.
    file: PathBuf,
    /// Each word, normalised, and its line in the file.
    words: Vec<(String, usize)>,
}

/// Every run of [`RUN`] or more words that a page or entry shares with a source text.
pub fn findings(site: &Site, dir: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if !dir.is_dir() {
        diags.push(Diagnostic::error(
            dir,
            "io",
            "--source-texts: no such folder; give the folder that holds the sources' plain texts",
        ));
        return diags;
    }
    let texts = source_texts(site, dir, &mut diags);
    // Every window of RUN words of every source: where it first occurs.
    let mut windows: FastMap<u64, (usize, usize)> = FastMap::default();
    for (t, text) in texts.iter().enumerate() {
        let words: Vec<u64> = text.words.iter().map(|(w, _)| word_hash(w)).collect();
        for (i, window) in words.windows(RUN).enumerate() {
            windows.entry(window_hash(window)).or_insert((t, i));
        }
    }
    if windows.is_empty() {
        return diags;
    }
    let title = |id: &str| prose::title_of(site, id);
    for doc in &site.content.docs {
        for text in prose::texts(site, doc) {
            for block in prose::blocks(text.markdown, &title) {
                for (start, len, (t, i)) in copied(&block, &windows) {
                    let (line, col) =
                        prose::position(text.markdown, text.first_line, &block, start);
                    let source = &texts[t];
                    let quote: Vec<&str> = source.words[i..(i + len).min(source.words.len())]
                        .iter()
                        .map(|(w, _)| w.as_str())
                        .collect();
                    diags.push(
                        Diagnostic::warning(
                            &doc.file,
                            "copied-text",
                            format!(
                                "{len} words in a row are the same as in {}:{}: \"{}\"; write it in your own words, or mark it as a quotation („…” or a `>` block) and cite the source",
                                source.file.display(),
                                source.words[i].1,
                                quote.join(" ")
                            ),
                        )
                        .at(Some(line), Some(col)),
                    );
                }
            }
        }
    }
    diags
}

/// Hashes with a fixed seed, so pages and sources agree.
const SEED: foldhash::fast::FixedState =
    foldhash::fast::FixedState::with_seed(0x6c65_6964_7261_6164);

/// A normalised word as a number: runs are compared by these, not by strings.
fn word_hash(normal: &str) -> u64 {
    SEED.hash_one(normal)
}

fn window_hash(words: &[u64]) -> u64 {
    SEED.hash_one(words)
}

/// The copied runs in a block, outside quotations: (position, words, where in a source).
fn copied(
    block: &Block,
    windows: &FastMap<u64, (usize, usize)>,
) -> Vec<(usize, usize, (usize, usize))> {
    let mut out = Vec::new();
    for part in block.unquoted() {
        let spans = prose::words(&block.text, part);
        let words: Vec<u64> = spans
            .iter()
            .map(|r| word_hash(&prose::normal(&block.text[r.clone()])))
            .collect();
        let mut i = 0;
        while i + RUN <= words.len() {
            let Some(&found) = windows.get(&window_hash(&words[i..i + RUN])) else {
                i += 1;
                continue;
            };
            // One warning per run, however long it is.
            let mut end = i + RUN;
            while end < words.len()
                && windows.contains_key(&window_hash(&words[end + 1 - RUN..=end]))
            {
                end += 1;
            }
            out.push((spans[i].start, end - i, found));
            i = end;
        }
    }
    out
}

/// Reads the text of every source entry that names one; a missing file is a warning.
fn source_texts(site: &Site, dir: &Path, diags: &mut Diagnostics) -> Vec<SourceText> {
    let mut out = Vec::new();
    for doc in &site.content.docs {
        let DocKind::Entry(k) = doc.kind else {
            continue;
        };
        for (name, value) in &doc.fields {
            if site.config.kinds[k].fields[name].kind != FieldType::SourceText {
                continue;
            }
            let file = dir.join(value.as_str().unwrap_or_default());
            match fsutil::read_text(&file, 64 * fsutil::MAX_TEXT_BYTES) {
                Ok(text) => out.push(SourceText {
                    words: source_words(&text),
                    file,
                }),
                Err(e) => {
                    let (why, hint) = if e.source.kind() == std::io::ErrorKind::NotFound {
                        (
                            format!("there is no file {}", file.display()),
                            format!(
                                "put the plain text of the source in {}, or correct the file name in `{name}`",
                                dir.display()
                            ),
                        )
                    } else {
                        (
                            format!(
                                "cannot read the source text {}: {}",
                                file.display(),
                                e.source
                            ),
                            "save the source text as a plain UTF-8 text file".to_string(),
                        )
                    };
                    diags.push(
                        Diagnostic::warning(
                            &doc.file,
                            "source-text-missing",
                            format!("{why}, so the copy check skips this source"),
                        )
                        .at_pos(doc.positions.at(name))
                        .with_hint(hint),
                    )
                }
            }
        }
    }
    out
}

/// A source's words with their lines. A word split over two lines with a hyphen
/// ("zorg-\naanbieders") is one word, as it was written.
fn source_words(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut carry: Option<(String, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let spans = prose::words(line, 0..line.len());
        let last = spans.len().saturating_sub(1);
        for (j, span) in spans.iter().enumerate() {
            let mut word = prose::normal(&line[span.clone()]);
            let mut at = n + 1;
            if j == 0
                && let Some((head, head_line)) = carry.take()
            {
                word = head + &word;
                at = head_line;
            }
            let hyphenated = j == last && line[span.end..].trim_end() == "-";
            if hyphenated {
                carry = Some((word, at));
            } else {
                out.push((word, at));
            }
        }
        if spans.is_empty()
            && let Some(c) = carry.take()
        {
            out.push(c);
        }
    }
    out.extend(carry);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_hyphenated_over_two_lines_is_one_word() {
        let words: Vec<String> = source_words("de zorg-\naanbieders en\n\nde V&V-sector")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(words, ["de", "zorgaanbieders", "en", "de", "v", "v-sector"]);
    }
}
