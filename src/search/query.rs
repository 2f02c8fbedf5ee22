//! Answers queries from a built index exactly as `themes/default/static/search.js` does:
//! the same words and stems, prefix rule, suggestion and ranking. The site never runs
//! this; the tests do, to check the shipped index in Rust and to compare it with the
//! browser (a parity test runs both on the same queries).

use super::{FIELD_TITLE, FIELD_WORDS, FIRST_SECTION};
use crate::dutch;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// At most this many query words count; the browser keeps their matches in 32-bit masks.
pub const MAX_TERMS: usize = 30;

/// A built index, read from the `search/` folder of an output.
#[derive(Debug, Default)]
pub struct Index {
    flags: Vec<u32>,
    stop: Vec<String>,
    bounds: Vec<String>,
    /// Per shard: (stem, flat postings), sorted by stem.
    shards: Vec<Vec<(String, Vec<u32>)>>,
    /// The suggestion words, in their order of preference.
    words: Vec<String>,
    /// Per document: kind, title, path, and (anchor, heading, text) per section.
    docs: Vec<DocText>,
}

/// A document as the text shards give it.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct DocText {
    /// Kind label.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Output path.
    pub path: String,
    /// (anchor, heading, text) per section.
    pub sections: Vec<(String, String, String)>,
}

/// One query word as the searcher uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The folded word.
    pub word: String,
    /// Its stem.
    pub stem: String,
    /// Still being typed (the last word without a space after it): stems that go on
    /// from it match too.
    pub prefix: bool,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Document number.
    pub doc: usize,
    /// Its score (see [`Index::query`]).
    pub score: u32,
    /// The section that matched most (index into the document's sections).
    pub section: usize,
}

/// The answer to a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// Ranked results.
    pub hits: Vec<Hit>,
    /// Query words that matched nothing, each with the word searched instead.
    pub suggested: Vec<(String, String)>,
}

fn strip_script(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("leidraadSearch.add(\"")?;
    let (name, rest) = rest.split_once("\", ")?;
    Some((name, rest.trim_end().strip_suffix(");")?))
}

fn read(dir: &Path, file: &str) -> Result<(String, String), String> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (name, json) = strip_script(&text).ok_or_else(|| format!("{file}: not an index script"))?;
    Ok((name.to_string(), json.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| format!("{file}: {e}"))
}

impl Index {
    /// Reads the index under `search/` of the output folder `out`.
    pub fn load(out: &Path) -> Result<Index, String> {
        let dir = out.join("search");
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Meta {
            flags: Vec<u32>,
            stop: Vec<String>,
            bounds: Vec<String>,
            text_shard: usize,
        }
        let meta: Meta = parse("meta.js", &read(&dir, "meta.js")?.1)?;
        let mut index = Index {
            flags: meta.flags,
            stop: meta.stop,
            ..Index::default()
        };
        for k in 0..=meta.bounds.len() {
            let file = format!("terms-{k}.js");
            let shard: Vec<(String, Vec<u32>)> = parse(&file, &read(&dir, &file)?.1)?;
            index.shards.push(shard);
        }
        index.bounds = meta.bounds;
        index.words = parse("words.js", &read(&dir, "words.js")?.1)?;
        let texts = index.flags.len().div_ceil(meta.text_shard.max(1));
        for j in 0..texts {
            let file = format!("text-{j}.js");
            type Shard = (
                usize,
                Vec<(String, String, String, Vec<(String, String, String)>)>,
            );
            let (_, docs): Shard = parse(&file, &read(&dir, &file)?.1)?;
            index.docs.extend(
                docs.into_iter()
                    .map(|(kind, title, path, sections)| DocText {
                        kind,
                        title,
                        path,
                        sections,
                    }),
            );
        }
        Ok(index)
    }

    /// Document `doc` as the text shards give it.
    pub fn doc(&self, doc: usize) -> &DocText {
        &self.docs[doc]
    }

    /// Whether document `doc` is a footer page (about, contact, privacy, accessibility).
    pub fn is_footer(&self, doc: usize) -> bool {
        self.flags[doc] & 2 == 2
    }

    /// The words offered as suggestions, in their order of preference.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// How many documents the index lists.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// Whether the index lists no document.
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// The query's words: folded, stop words left out, stemmed; the last one is matched
    /// as a prefix while it is typed (no space after it) and has two letters or more.
    pub fn terms(&self, q: &str) -> Vec<Term> {
        let typing = !q.ends_with(char::is_whitespace);
        let words: Vec<String> = dutch::words(q)
            .into_iter()
            .filter(|w| !self.stop.iter().any(|s| s == w))
            .take(MAX_TERMS)
            .collect();
        let last = words.len().saturating_sub(1);
        words
            .into_iter()
            .enumerate()
            .map(|(i, w)| Term {
                stem: dutch::stem(&w),
                prefix: typing && i == last && w.chars().count() >= 2,
                word: w,
            })
            .collect()
    }

    /// The shard that holds `stem`.
    fn shard_of(&self, stem: &str) -> usize {
        self.bounds.partition_point(|b| b.as_str() <= stem)
    }

    fn postings(&self, stem: &str) -> Option<&[u32]> {
        let shard = &self.shards[self.shard_of(stem)];
        let i = shard.binary_search_by(|(s, _)| s.as_str().cmp(stem)).ok()?;
        Some(&shard[i].1)
    }

    /// The indexed stems a term matches: its stem; while typed also the stems that go on
    /// from its stem or from the word as typed, and the stems of three letters less up
    /// to the word that the word has passed ("aanbestedi" has passed "aanbested").
    pub fn stems_for(&self, term: &Term) -> Vec<&str> {
        let mut out: BTreeSet<&str> = self.known_stems(term).into_iter().collect();
        if term.prefix {
            let chars: Vec<char> = term.word.chars().collect();
            for n in chars.len().saturating_sub(3).max(2)..=chars.len() {
                let p: String = chars[..n].iter().collect();
                if let Some(s) = self.exact(&p) {
                    out.insert(s);
                }
            }
        }
        out.into_iter().collect()
    }

    /// The stems a term matches as a word the index knows: its stem, and while typed the
    /// stems that go on from its stem or from the word (or the word without the last of
    /// a double vowel, see [`undoubled`]). None: the word is unknown, and
    /// the nearest known word is searched instead.
    pub fn known_stems(&self, term: &Term) -> Vec<&str> {
        let mut out: BTreeSet<&str> = BTreeSet::new();
        if let Some(i) = self.exact(&term.stem) {
            out.insert(i);
        }
        if term.prefix {
            for p in [&term.stem, &term.word, &undoubled(&term.word)] {
                // Every shard whose range may hold a stem that starts with `p`.
                let end = format!("{p}\u{FFFF}");
                for list in &self.shards[self.shard_of(p)..=self.shard_of(&end)] {
                    let from = list.partition_point(|(s, _)| s.as_str() < p.as_str());
                    for (s, _) in list[from..]
                        .iter()
                        .take_while(|(s, _)| s.starts_with(p.as_str()))
                    {
                        out.insert(s);
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    fn exact(&self, stem: &str) -> Option<&str> {
        let shard = &self.shards[self.shard_of(stem)];
        shard
            .binary_search_by(|(s, _)| s.as_str().cmp(stem))
            .ok()
            .map(|i| shard[i].0.as_str())
    }

    /// Ranked results for `q`. A word the index does not know (see [`Index::known_stems`])
    /// is replaced by the nearest indexed word ([`suggest`]), if there is one. Ranking: the number of query words
    /// in the title or search words (×1000); a glossary entry whose title or search
    /// words hold the only query word (+500); a title fully covered by the query (+300);
    /// the number of query words found (×100); the count of their occurrences (up to 99).
    /// Footer pages come after all others; ties go by document order.
    pub fn query(&self, q: &str) -> Answer {
        let mut terms = self.terms(q);
        let mut suggested = Vec::new();
        for t in &mut terms {
            if !self.known_stems(t).is_empty() {
                continue;
            }
            if let Some(s) = suggest(&t.word, &self.words) {
                suggested.push((t.word.clone(), s.to_string()));
                *t = Term {
                    word: s.to_string(),
                    stem: dutch::stem(s),
                    prefix: false,
                };
            }
        }
        Answer {
            hits: self.rank(&terms),
            suggested,
        }
    }

    /// The ranked results for parsed terms.
    pub fn rank(&self, terms: &[Term]) -> Vec<Hit> {
        #[derive(Default)]
        struct Acc<'a> {
            mask: u32,
            title: u32,
            tf: u32,
            title_stems: BTreeSet<&'a str>,
            sections: BTreeMap<u32, u32>,
        }
        let mut hits: BTreeMap<usize, Acc<'_>> = BTreeMap::new();
        for (qi, term) in terms.iter().enumerate() {
            for stem in self.stems_for(term) {
                let p = self.postings(stem).unwrap_or_default();
                let mut doc = 0usize;
                for c in p.chunks_exact(3) {
                    doc += c[0] as usize;
                    let (field, count) = (c[1], c[2]);
                    let h = hits.entry(doc).or_default();
                    h.mask |= 1 << qi;
                    if field <= u32::from(FIELD_WORDS) {
                        h.title |= 1 << qi;
                        if field == u32::from(FIELD_TITLE) {
                            h.title_stems.insert(stem);
                        }
                    } else {
                        h.tf += count;
                        *h.sections
                            .entry(field - u32::from(FIRST_SECTION))
                            .or_default() += count;
                    }
                }
            }
        }
        let all = (1u32 << terms.len()) - 1;
        let mut out: Vec<(bool, Hit)> = hits
            .into_iter()
            .map(|(doc, h)| {
                let flags = self.flags[doc];
                let title_terms = (flags >> 2) as usize;
                let covered =
                    title_terms > 0 && h.title_stems.len() == title_terms && h.title == all;
                let score = h.title.count_ones() * 1000
                    + if terms.len() == 1 && flags & 1 == 1 && h.title != 0 {
                        500
                    } else {
                        0
                    }
                    + if covered { 300 } else { 0 }
                    + h.mask.count_ones() * 100
                    + h.tf.min(99);
                // The section with the most occurrences; the first of equals.
                let mut best = (0u32, 0u32);
                for (&s, &n) in &h.sections {
                    if n > best.1 {
                        best = (s, n);
                    }
                }
                let hit = Hit {
                    doc,
                    score,
                    section: best.0 as usize,
                };
                (flags & 2 == 2, hit)
            })
            .collect();
        out.sort_by(|(fa, a), (fb, b)| {
            fa.cmp(fb)
                .then(b.score.cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
        out.into_iter().map(|(_, h)| h).collect()
    }
}

/// A typed word that ends in a double vowel without one of them: the stemmer undoubles
/// "kantoor" to "kantor", so "zorgkantoo" goes on as "zorgkanto". Other words as they are.
pub fn undoubled(word: &str) -> String {
    let b = word.as_bytes();
    match b {
        [.., x, y] if x == y && matches!(x, b'a' | b'e' | b'o' | b'u') => {
            word[..word.len() - 1].to_string()
        }
        _ => word.to_string(),
    }
}

/// The first of the nearest `words` to a folded query word that matched nothing: at
/// most one edit away for words up to four letters, two for longer ones (an edit is a
/// letter added, dropped, changed, or two neighbours swapped). None for words under three
/// letters. `search.js` computes the same.
pub fn suggest<'a>(word: &str, words: &'a [String]) -> Option<&'a str> {
    let w: Vec<char> = word.chars().collect();
    if w.len() < 3 {
        return None;
    }
    let max = if w.len() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    let mut v: Vec<char> = Vec::new();
    for candidate in words {
        v.clear();
        v.extend(candidate.chars());
        if v.len().abs_diff(w.len()) > max {
            continue;
        }
        let d = distance(&w, &v);
        if d <= max && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, s)| s)
}

/// The optimal string alignment distance (Levenshtein with swaps of neighbours).
pub fn distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn distances_count_single_edits() {
        for (a, b, n) in [
            ("leverancer", "leverancier", 1),
            ("leverance", "leverancier", 2),
            ("inkoopp", "inkoop", 1),
            ("levreancier", "leverancier", 1),
            ("abc", "abc", 0),
            ("", "abc", 3),
            ("ca", "abc", 3),
            ("cliënt", "client", 1),
        ] {
            assert_eq!(distance(&chars(a), &chars(b)), n, "{a} {b}");
        }
    }

    #[test]
    fn suggestions_take_the_first_of_the_nearest() {
        let words: Vec<String> = ["leveranciers", "leverancier", "levering", "pilot", "plot"]
            .map(String::from)
            .to_vec();
        assert_eq!(suggest("leverancer", &words), Some("leverancier"));
        // Equally near: the earlier (more frequent) word.
        assert_eq!(suggest("pilt", &words), Some("pilot"));
        assert_eq!(suggest("xyzxyz", &words), None);
        assert_eq!(suggest("pl", &words), None);
        // Short words allow one edit only.
        assert_eq!(suggest("plat", &words), Some("plot"));
        assert_eq!(suggest("pxat", &words), None);
    }
}
