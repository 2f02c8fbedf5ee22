//! The site search index, built at build time and written as JavaScript files.
//!
//! Search has to work from a USB stick: over `file://` a browser refuses `fetch`, but it
//! does run a `<script>` from the same folder. So the index is a set of scripts that each
//! hand their data to `leidraadSearch.add(name, data)` in the theme's searcher:
//!
//! - `search/meta.js`: per document a number (glossary entry, footer page, how many
//!   distinct terms its title has), the stop words, and the first term of each term
//!   shard but the first;
//! - `search/terms-K.js`: `[[term, postings], …]`, sorted by term and cut into shards of
//!   about equal size (by bytes, not by letters), so a query loads only the shards of its
//!   words and a prefix's terms are side by side. Postings are a flat list of
//!   `document − previous document, field, count`: field 0 is the title, 1 the document's
//!   search words (`ook_gezocht_als`), 2 and up its sections;
//! - `search/words.js`: the indexed words, most frequent first, for "Bedoelt u …?" when a
//!   query word matches nothing;
//! - `search/text-J.js`: kind, title, address and the text of each section of a few
//!   documents, loaded only for the results shown.
//!
//! The text comes from the Markdown events as the HTML is written ([`text`]); each
//! document is indexed once per edit ([`index_doc`], on all cores), and [`build`] puts the
//! site's index together, stemming each distinct word once. Words are normalised by
//! [`crate::dutch`] here and by `dutch.js` in the browser; [`query`] answers queries the
//! way `search.js` does, for tests. A parity test keeps both sides identical.

pub mod query;
pub mod text;

use crate::{FastMap, dutch};
use std::fmt::Write as _;
use text::Text;

/// Documents per text shard: a query loads the text of the results it shows, and two
/// documents per file keep that to about 2 KB gzipped per result.
pub const DOCS_PER_TEXT_SHARD: usize = 2;

/// Words too common to help a search, left out of the index and of queries (sorted).
/// Dutch function words only: a query for "de" finds nothing rather than everything.
pub const STOP_WORDS: &[&str] = &[
    "aan", "al", "als", "bij", "dan", "dat", "de", "die", "dit", "een", "en", "er", "het", "hij",
    "hun", "ik", "in", "is", "je", "met", "na", "naar", "niet", "nog", "of", "om", "ook", "op",
    "over", "te", "tot", "u", "uit", "van", "voor", "was", "wat", "we", "wel", "wij", "worden",
    "wordt", "ze", "zij", "zijn", "zo",
];

/// Whether a folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The field of a title word in postings.
pub const FIELD_TITLE: u16 = 0;
/// The field of a search word (`ook_gezocht_als`) in postings.
pub const FIELD_WORDS: u16 = 1;
/// The field of a document's first section; section `s` is field `FIRST_SECTION + s`.
pub const FIRST_SECTION: u16 = 2;

/// What the index holds about one document, made once per edit of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DocIndex {
    /// Its text by section, for the text shards and the link targets.
    pub text: Text,
    /// Its distinct folded words, each followed by a newline, numbered in this order:
    /// one string for all, not one allocation per word.
    words: String,
    /// (word number, field, count), sorted.
    postings: Vec<(u32, u16, u16)>,
}

impl DocIndex {
    /// (word, field, count), sorted by word number and field.
    pub fn postings(&self) -> impl Iterator<Item = (&str, u16, u16)> {
        let words: Vec<&str> = self.words.split_terminator('\n').collect();
        self.postings
            .iter()
            .map(move |&(w, f, n)| (words[w as usize], f, n))
    }
}

/// Indexes one document: its title, its search words and its text, word by word.
/// Stemming waits for [`build`], which meets each distinct word of the site once.
pub fn index_doc(title: &str, search_words: &[String], text: Text) -> DocIndex {
    // Every word folded into one string; each occurrence as (start, end, field).
    let mut folded = String::new();
    let mut seen: Vec<(u32, u32, u16)> = Vec::new();
    let mut buf = String::new();
    let mut add = |t: &str, field: u16| {
        dutch::each_word(t, &mut buf, |w| {
            if !is_stop_word(w) {
                let start = folded.len() as u32;
                folded.push_str(w);
                seen.push((start, folded.len() as u32, field));
            }
        })
    };
    add(title, FIELD_TITLE);
    for w in search_words {
        add(w, FIELD_WORDS);
    }
    for (n, s) in text.sections().enumerate() {
        let field = FIRST_SECTION + n as u16;
        add(s.heading, field);
        add(s.text, field);
    }
    let mut numbers: FastMap<&str, u32> = FastMap::default();
    let mut words = String::new();
    let mut pairs: Vec<(u32, u16)> = Vec::with_capacity(seen.len());
    for &(start, end, field) in &seen {
        let w = &folded[start as usize..end as usize];
        let next = numbers.len() as u32;
        let n = *numbers.entry(w).or_insert_with(|| {
            words.push_str(w);
            words.push('\n');
            next
        });
        pairs.push((n, field));
    }
    pairs.sort_unstable();
    let mut postings: Vec<(u32, u16, u16)> = Vec::new();
    for (w, f) in pairs {
        match postings.last_mut() {
            Some(last) if last.0 == w && last.1 == f => last.2 = last.2.saturating_add(1),
            _ => postings.push((w, f, 1)),
        }
    }
    DocIndex {
        text,
        words,
        postings,
    }
}

/// One searchable document as the index lists it.
pub struct Entry<'a> {
    /// Kind label shown above the result ("Knelpunt", "Pagina").
    pub kind: &'a str,
    /// The title.
    pub title: &'a str,
    /// Output path, relative to the site root.
    pub path: &'a str,
    /// A glossary entry: first for a one-word query that its title or search words hold.
    pub glossary: bool,
    /// A page linked from the footer (about, contact, privacy, accessibility): after
    /// the guidance.
    pub footer: bool,
    /// What [`index_doc`] made of it.
    pub index: &'a DocIndex,
}

/// How many term shards and text shards a site with `docs` documents has. A function of
/// the count alone, so the list of output files is known before anything is indexed.
/// The term shards are followed by one more file, the words for suggestions.
///
/// Term shards grow with the square root of the count (¾·√n): the shipped site of 161
/// documents gets 10 shards of about 4 KB gzipped, a 10,000-entry site 75 of about 20 KB;
/// a query loads the one or two its words fall in.
pub fn shard_counts(docs: usize) -> (usize, usize) {
    let terms = (docs * 9).isqrt().div_ceil(4).max(1);
    (terms + 1, docs.div_ceil(DOCS_PER_TEXT_SHARD).max(1))
}

/// The output path of term file `k` of a site with `docs` documents (see
/// [`shard_counts`]): a term shard, or the words after the last one.
pub fn terms_path(k: usize, docs: usize) -> String {
    if k + 1 == shard_counts(docs).0 {
        "search/words.js".into()
    } else {
        format!("search/terms-{k}.js")
    }
}

/// The index files that read every document: `search/meta.js`, then the term files in
/// the order of [`terms_path`].
#[derive(Debug, Default)]
pub struct Built {
    /// `search/meta.js`.
    pub meta: String,
    /// The term shards, then `search/words.js`.
    pub terms: Vec<String>,
}

/// A stem and its postings: (document, field, count), in document order.
type Postings = (String, Vec<(u32, u16, u16)>);

/// The site's term index while it is put together: every distinct word stemmed once.
#[derive(Default)]
struct Terms<'a> {
    /// Word → (stem number, occurrences so far).
    words: FastMap<&'a str, (u32, u32)>,
    /// Stem → stem number.
    numbers: FastMap<String, u32>,
    /// Per stem number: the stem, and its postings (document, field, count) in order.
    stems: Vec<Postings>,
}

impl<'a> Terms<'a> {
    fn stem_of(&mut self, word: &'a str, count: u16) -> u32 {
        if let Some(w) = self.words.get_mut(word) {
            w.1 = w.1.saturating_add(u32::from(count));
            return w.0;
        }
        let stem = dutch::stem(word);
        let next = self.stems.len() as u32;
        let n = match self.numbers.get(&stem) {
            Some(&n) => n,
            None => {
                self.numbers.insert(stem.clone(), next);
                self.stems.push((stem, Vec::new()));
                next
            }
        };
        self.words.insert(word, (n, u32::from(count)));
        n
    }
}

/// Puts the index of the whole site together: meta, term shards and words.
pub fn build(entries: &[Entry<'_>]) -> Built {
    let mut terms = Terms::default();
    // Documents with search words, by address, for the links that lead to them.
    let targets: FastMap<&str, usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.index.postings.iter().any(|p| p.1 == FIELD_WORDS))
        .map(|(i, e)| (e.path, i))
        .collect();
    let mut flags = Vec::with_capacity(entries.len());
    let mut mine: Vec<(u32, u16, u16)> = Vec::new();
    for (d, e) in entries.iter().enumerate() {
        mine.clear();
        for (w, f, n) in e.index.postings() {
            mine.push((terms.stem_of(w, n), f, n));
        }
        // A link to a document with search words finds this section by them too.
        for (s, href) in &e.index.text.links {
            let Some(&t) = targets.get(link_target(href)) else {
                continue;
            };
            if t == d {
                continue;
            }
            for (w, _, _) in entries[t].index.postings().filter(|p| p.1 == FIELD_WORDS) {
                mine.push((terms.stem_of(w, 0), FIRST_SECTION + s, 1));
            }
        }
        mine.sort_unstable();
        let mut title_terms = 0u32;
        let mut last: Option<(u32, u16)> = None;
        for &(t, f, n) in &mine {
            let list = &mut terms.stems[t as usize].1;
            if last == Some((t, f)) {
                if let Some(p) = list.last_mut() {
                    p.2 = p.2.saturating_add(n);
                }
                continue;
            }
            title_terms += u32::from(f == FIELD_TITLE);
            last = Some((t, f));
            list.push((d as u32, f, n));
        }
        flags.push(u32::from(e.glossary) | u32::from(e.footer) << 1 | title_terms << 2);
    }
    let (shards, _) = shard_counts(entries.len());
    let (bounds, mut files) = term_shards(&terms.stems, shards - 1);
    files.push(script("words", &vocabulary(&terms)));
    let meta = serde_json::json!({
        "flags": flags,
        "stop": STOP_WORDS,
        "bounds": bounds,
        "textShard": DOCS_PER_TEXT_SHARD,
    });
    Built {
        meta: script("meta", &meta),
        terms: files,
    }
}

/// The output path a link in the HTML leads to: `../`, `./` and the anchor taken off.
fn link_target(href: &str) -> &str {
    let mut p = href.split('#').next().unwrap_or_default();
    loop {
        match p.strip_prefix("../").or_else(|| p.strip_prefix("./")) {
            Some(rest) => p = rest,
            None => return p,
        }
    }
}

/// The term shards: every stem's entry `["stem",[…]]` in stem order, cut into `count`
/// runs of about equal bytes. Returns the first stem of every shard but the first (a
/// shard may be empty on a tiny site: its bound then equals the next one's).
fn term_shards(stems: &[Postings], count: usize) -> (Vec<String>, Vec<String>) {
    let mut order: Vec<usize> = (0..stems.len())
        .filter(|&i| !stems[i].1.is_empty())
        .collect();
    order.sort_unstable_by(|&a, &b| stems[a].0.cmp(&stems[b].0));
    // Every entry written once into one string; `ends[i]` is where entry `i` ends.
    let mut all = String::new();
    let mut ends = Vec::with_capacity(order.len());
    for &i in &order {
        let (stem, list) = &stems[i];
        all.push_str("[\"");
        all.push_str(stem);
        all.push_str("\",[");
        let mut prev = 0u32;
        for (n, &(d, f, c)) in list.iter().enumerate() {
            let sep = if n == 0 { "" } else { "," };
            let _ = write!(all, "{sep}{},{f},{c}", d - prev);
            prev = d;
        }
        all.push_str("]]");
        ends.push(all.len());
    }
    let total = all.len().max(1);
    let mut bounds = Vec::with_capacity(count.saturating_sub(1));
    let mut files = Vec::with_capacity(count);
    let (mut from, mut start) = (0usize, 0usize);
    for k in 0..count {
        // Shard k ends where the running size first reaches its share of the total.
        let goal = total * (k + 1) / count;
        let mut to = from;
        while to < order.len() && (k + 1 == count || ends[to] <= goal || to == from) {
            to += 1;
        }
        if k > 0 {
            bounds.push(match order.get(from) {
                Some(&i) => stems[i].0.clone(),
                None => bounds.last().cloned().unwrap_or_default(),
            });
        }
        let end = if to > from { ends[to - 1] } else { start };
        let mut text = String::with_capacity(end - start + 2);
        text.push('[');
        let mut at = start;
        for &e in &ends[from..to] {
            if at > start {
                text.push(',');
            }
            text.push_str(&all[at..e]);
            at = e;
        }
        text.push(']');
        files.push(script_of_json(&format!("terms-{k}"), &text));
        (from, start) = (to, end);
    }
    (bounds, files)
}

/// The words offered as "Bedoelt u …?": every indexed word of three letters or more
/// without digits, most frequent first, then alphabetical. The browser and
/// [`query::suggest`] take the first of the nearest.
fn vocabulary(terms: &Terms<'_>) -> Vec<String> {
    let mut words: Vec<(&str, u32)> = terms
        .words
        .iter()
        .filter(|(w, (_, n))| {
            *n > 0 && w.chars().count() >= 3 && !w.chars().any(|c| c.is_ascii_digit())
        })
        .map(|(w, (_, n))| (*w, *n))
        .collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    words.into_iter().map(|(w, _)| w.to_owned()).collect()
}

/// `search/text-J.js`: `[first document, [[kind, title, path, [[anchor, heading,
/// text], …]], …]]` for the entries of text shard `shard` (from document `start`).
/// Numbered by document, so a shard changes only when one of its own documents does.
pub fn text_script(entries: &[Entry<'_>], start: usize, shard: usize) -> String {
    let docs: Vec<_> = entries
        .iter()
        .map(|e| {
            let sections: Vec<[&str; 3]> = e
                .index
                .text
                .sections()
                .map(|s| [s.anchor, s.heading, s.text])
                .collect();
            (e.kind, e.title, e.path, sections)
        })
        .collect();
    script(&format!("text-{shard}"), &(start, docs))
}

fn script(name: &str, data: &impl serde::Serialize) -> String {
    // Straight to text: a JSON value tree of a large shard would take many times its size.
    script_of_json(
        name,
        &serde_json::to_string(data).unwrap_or_else(|_| "null".into()),
    )
}

/// The script that hands the JSON text `json` to the searcher as `name`.
fn script_of_json(name: &str, json: &str) -> String {
    let mut out = String::with_capacity(json.len() + name.len() + 32);
    out.push_str("leidraadSearch.add(\"");
    out.push_str(name);
    out.push_str("\", ");
    // `<`, `>` and `&` only occur inside JSON strings, where their escapes mean the same,
    // and a `</script>` in a text can then never end anything.
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out.push_str(");\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_the_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("de") && is_stop_word("zo") && !is_stop_word("zorg"));
    }

    fn doc(title: &str, words: &[&str], body: &str) -> DocIndex {
        let mut t = Text::default();
        t.push("", "", &[body]);
        t.push("kosten", "Kosten", &["Hoge kosten."]);
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        index_doc(title, &words, t)
    }

    #[test]
    fn a_document_is_indexed_by_word_and_field_without_stop_words() {
        let d = doc(
            "De leverancier",
            &["Aanbesteding"],
            "De leverancier levert aan de leverancier.",
        );
        let got: Vec<(&str, u16, u16)> = d.postings().collect();
        assert_eq!(
            got,
            [
                ("leverancier", FIELD_TITLE, 1),
                ("leverancier", FIRST_SECTION, 2),
                ("aanbesteding", FIELD_WORDS, 1),
                ("levert", FIRST_SECTION, 1),
                ("kosten", FIRST_SECTION + 1, 2),
                ("hoge", FIRST_SECTION + 1, 1),
            ]
        );
    }

    #[test]
    fn shards_are_cut_by_size_and_listed_by_their_first_stem() {
        let idx: Vec<DocIndex> = (0..40)
            .map(|i| {
                doc(
                    &format!("Titel {i}"),
                    &[],
                    &format!("woord{i} gemeen {}", "x ".repeat(i)),
                )
            })
            .collect();
        let entries: Vec<Entry<'_>> = idx
            .iter()
            .map(|index| Entry {
                kind: "Pagina",
                title: "t",
                path: "p.html",
                glossary: false,
                footer: false,
                index,
            })
            .collect();
        let built = build(&entries);
        let (terms, _) = shard_counts(40);
        assert_eq!(terms, 5 + 1);
        assert_eq!(built.terms.len(), terms);
        let meta: serde_json::Value = serde_json::from_str(
            built
                .meta
                .trim_start_matches("leidraadSearch.add(\"meta\", ")
                .trim_end_matches(");\n"),
        )
        .unwrap();
        let bounds: Vec<&str> = meta["bounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect();
        assert_eq!(bounds.len(), terms - 2);
        // Every stem is in the shard its bounds give, and the shards are in order.
        let mut last = String::new();
        for (k, file) in built.terms[..terms - 1].iter().enumerate() {
            let json = file
                .split_once(", ")
                .unwrap()
                .1
                .trim_end()
                .trim_end_matches(");");
            let shard: Vec<(String, Vec<u32>)> = serde_json::from_str(json).unwrap();
            for (stem, postings) in &shard {
                assert_eq!(bounds.partition_point(|b| *b <= stem.as_str()), k, "{stem}");
                assert!(*stem > last);
                assert_eq!(postings.len() % 3, 0);
                last = stem.clone();
            }
            assert!(file.len() < built.terms.iter().map(String::len).sum::<usize>() / 2);
        }
    }

    #[test]
    fn links_are_followed_to_their_output_path() {
        assert_eq!(link_target("../../begrippen/a.html#x"), "begrippen/a.html");
        assert_eq!(link_target("./a.html"), "a.html");
        assert_eq!(link_target("#top"), "");
    }
}
