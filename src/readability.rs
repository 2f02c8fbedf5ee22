//! Readability warnings of `leidraad check` (the `leesbaarheid` block of `leidraad.yaml`):
//! sentences longer than `max_zinslengte` words, and words from the publisher's list of
//! difficult words used outside a quotation.

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::files::{CONFIG_FILE, CONTENT_DIR};
use crate::model::Site;
use crate::prose::{self, Block, BlockKind};
use std::path::PathBuf;

/// A difficult word or phrase and what to write instead.
#[derive(Debug, Clone)]
struct Listed {
    /// The entry as written in the list, for messages.
    entry: String,
    /// Its words, normalised.
    words: Vec<String>,
    /// The plainer alternative.
    instead: String,
}

/// Every readability warning of the site, and errors for a word list that cannot be used.
pub fn findings(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let rules = &site.config.leesbaarheid;
    let (list, list_file) = match word_list(site) {
        Ok(l) => l,
        Err(d) => {
            diags.push(d);
            (Vec::new(), PathBuf::new())
        }
    };
    let title = |id: &str| prose::title_of(site, id);
    for doc in &site.content.docs {
        for text in prose::texts(site, doc) {
            // One line index per text: many findings in one page cost no more each.
            let lines = crate::markdown::Lines::new(text.markdown, text.first_line);
            for block in prose::blocks(text.markdown, &title) {
                let at = |pos: usize| lines.pos(block.source_offset(pos));
                if rules.max_zinslengte > 0 && block.kind != BlockKind::Heading {
                    for s in prose::sentences(&block.text) {
                        let n = prose::words(&block.text, s.clone()).len();
                        if n > rules.max_zinslengte {
                            let (line, col) = at(s.start);
                            diags.push(
                                Diagnostic::warning(
                                    &doc.file,
                                    "long-sentence",
                                    format!(
                                        "sentence of {n} words, more than {} (leesbaarheid.max_zinslengte): \"{}\"; split it or leave words out",
                                        rules.max_zinslengte,
                                        opening(&block.text[s])
                                    ),
                                )
                                .at(Some(line), Some(col)),
                            );
                        }
                    }
                }
                for (pos, listed) in difficult(&block, &list) {
                    let (line, col) = at(pos);
                    diags.push(
                        Diagnostic::warning(
                            &doc.file,
                            "difficult-word",
                            format!(
                                "\"{}\" is on the list of difficult words ({}): write \"{}\", or explain it where it is first used",
                                listed.entry,
                                list_file.display(),
                                listed.instead
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

/// Sentence lengths of all running text (headings left out), for `check`'s summary.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stats {
    /// Sentences counted.
    pub sentences: usize,
    /// Words in them.
    pub words: usize,
    /// Sentences of more than 20 words.
    pub over_20: usize,
}

impl Stats {
    /// Words per sentence.
    pub fn mean(&self) -> f64 {
        self.words as f64 / self.sentences.max(1) as f64
    }

    /// Share of sentences over 20 words, in percent.
    pub fn over_20_percent(&self) -> f64 {
        100.0 * self.over_20 as f64 / self.sentences.max(1) as f64
    }
}

/// Counts the sentences and words of every page and entry body.
pub fn stats(site: &Site) -> Stats {
    let mut stats = Stats::default();
    let title = |id: &str| prose::title_of(site, id);
    for doc in &site.content.docs {
        for text in prose::texts(site, doc) {
            for block in prose::blocks(text.markdown, &title) {
                if block.kind == BlockKind::Heading {
                    continue;
                }
                for s in prose::sentences(&block.text) {
                    let n = prose::words(&block.text, s).len();
                    if n > 0 {
                        stats.sentences += 1;
                        stats.words += n;
                        stats.over_20 += usize::from(n > 20);
                    }
                }
            }
        }
    }
    stats
}

/// The first words of a sentence, to recognise it by.
fn opening(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= 8 {
        words.join(" ")
    } else {
        format!("{} …", words[..8].join(" "))
    }
}

/// Where a listed word or phrase occurs outside quotations: (position, entry).
fn difficult<'l>(block: &Block, list: &'l [Listed]) -> Vec<(usize, &'l Listed)> {
    let mut out = Vec::new();
    if list.is_empty() {
        return out;
    }
    for part in block.unquoted() {
        let spans = prose::words(&block.text, part);
        let word = |i: usize| &block.text[spans[i].clone()];
        for (i, span) in spans.iter().enumerate() {
            for listed in list {
                if spans.len() - i < listed.words.len() {
                    continue;
                }
                let found = if listed.words.len() == 1 {
                    // One word also matches its plural and inflected forms.
                    prose::strip_normal_prefix(word(i), &listed.words[0])
                        .is_some_and(|tail| matches!(tail.as_str(), "" | "s" | "en" | "n" | "e"))
                } else {
                    listed.words.iter().enumerate().all(|(k, w)| {
                        prose::strip_normal_prefix(word(i + k), w).is_some_and(|t| t.is_empty())
                    })
                };
                if found {
                    out.push((span.start, listed));
                }
            }
        }
    }
    out
}

/// The publisher's word list, from the data file `leesbaarheid.woordenlijst` names.
fn word_list(site: &Site) -> Result<(Vec<Listed>, PathBuf), Diagnostic> {
    let Some(name) = &site.config.leesbaarheid.woordenlijst else {
        return Ok((Vec::new(), PathBuf::new()));
    };
    let dir = PathBuf::from(CONTENT_DIR).join("data");
    let file = ["yaml", "yml"]
        .iter()
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .find(|f| site.root.join(f).is_file())
        .unwrap_or_else(|| dir.join(format!("{name}.yaml")));
    let at = site.config_positions.at("leesbaarheid.woordenlijst");
    let Some(value) = site.content.data.get(name) else {
        let names = site.content.data.keys().map(String::as_str);
        return Err(Diagnostic::error(
            CONFIG_FILE,
            "unknown-id",
            format!(
                "`leesbaarheid.woordenlijst` names the data file `{name}`, but there is no {}{}",
                file.display(),
                did_you_mean(name, names)
            ),
        )
        .at_pos(at));
    };
    let Some(map) = value.as_object() else {
        return Err(Diagnostic::error(
            &file,
            "invalid-data",
            "the word list must be `word: what to write instead` lines",
        ));
    };
    let mut list = Vec::new();
    for (entry, instead) in map {
        let Some(instead) = instead.as_str() else {
            return Err(Diagnostic::error(
                &file,
                "invalid-data",
                format!("`{entry}` needs a plainer alternative as text, like `{entry}: \"...\"`"),
            )
            .at_pos(value_place(site, &file, entry)));
        };
        let words = prose::words(entry, 0..entry.len())
            .into_iter()
            .map(|r| prose::normal(&entry[r]))
            .collect::<Vec<_>>();
        if !words.is_empty() {
            list.push(Listed {
                entry: entry.clone(),
                words,
                instead: instead.to_string(),
            });
        }
    }
    Ok((list, file))
}

/// Where the value of `key` is in a data file, for a message (read again only then).
fn value_place(site: &Site, file: &std::path::Path, key: &str) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(site.root.join(file)).ok()?;
    crate::yaml::index(&text, 1).ok()?.at(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn listed_words_match_their_inflections_and_phrases_match_whole() {
        let listed = |entry: &str| Listed {
            entry: entry.into(),
            words: phrase(entry),
            instead: String::new(),
        };
        let list = [listed("implementatie"), listed("in het kader")];
        let found = |text: &str| -> Vec<String> {
            prose::blocks(text, &|_| None)
                .flat_map(|b| {
                    difficult(&b, &list)
                        .into_iter()
                        .map(|(p, l)| (p, l.clone()))
                        .collect::<Vec<_>>()
                })
                .map(|(_, l)| l.entry.clone())
                .collect()
        };
        assert_eq!(found("De Implementaties zijn klaar."), ["implementatie"]);
        assert!(found("De implementatiefase.").is_empty());
        assert_eq!(found("In het kader van de wet."), ["in het kader"]);
        assert!(found("In het begin.").is_empty());
    }

    #[test]
    fn quoted_words_are_left_alone() {
        let list = vec![Listed {
            entry: "cruciaal".into(),
            words: phrase("cruciaal"),
            instead: "heel belangrijk".into(),
        }];
        let blocks = prose::blocks(
            "Dit is cruciaal. Zij zei: „dat is cruciaal”.\n\n> Ook hier cruciaal.\n",
            &|_| None,
        );
        let blocks: Vec<_> = blocks.collect();
        let found: Vec<usize> = blocks
            .iter()
            .flat_map(|b| difficult(b, &list))
            .map(|(p, _)| p)
            .collect();
        assert_eq!(found, [7]);
    }
}
