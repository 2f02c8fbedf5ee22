//! The site search index, built at build time and written as JavaScript files.
//!
//! Search has to work from a USB stick: over `file://` a browser refuses `fetch`, but it
//! does run a `<script>` from the same folder. So the index is a handful of scripts that
//! each hand their data to `leidraadSearch.add(name, data)` in the theme's searcher:
//!
//! - `search/meta.js`: documents (kind, title, path, glossary flag, first section), the
//!   kind labels, the stop words and how many shards of each sort exist;
//! - `search/terms-K.js`: stems → postings (section, count), split over shards by the
//!   first two letters of the stem, so a query loads only the shards of its words and a
//!   prefix of two or more letters stays in one shard;
//! - `search/text-J.js`: the plain text of the sections of a range of documents, for
//!   the excerpts under the results and the anchor of the nearest heading.
//!
//! Words are normalised by [`crate::dutch`] here and by `dutch.js` in the browser, which
//! a parity test keeps identical.

use crate::dutch;
use serde::Serialize;
use std::collections::BTreeMap;

/// Documents per term shard: small sites get one shard, a 10,000-entry site about 25,
/// which keeps each shard far below 300 KB gzipped.
const DOCS_PER_TERM_SHARD: usize = 400;
/// Documents per text shard.
pub const DOCS_PER_TEXT_SHARD: usize = 150;

/// Words too common to help a search, left out of the index and of queries. Dutch
/// function words only: a query for "de" finds nothing rather than everything.
pub const STOP_WORDS: &[&str] = &[
    "aan", "al", "als", "bij", "dan", "dat", "de", "die", "dit", "een", "en", "er", "het", "hij",
    "hun", "ik", "in", "is", "je", "met", "na", "naar", "niet", "nog", "of", "om", "ook", "op",
    "over", "te", "tot", "u", "uit", "van", "voor", "was", "wat", "we", "wel", "wij", "worden",
    "wordt", "ze", "zij", "zijn", "zo",
];

/// One part of a document: the text before the first heading, or a heading and the text
/// under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Section {
    /// The heading's anchor id; empty for the text before the first heading.
    pub anchor: String,
    /// The heading's text.
    pub heading: String,
    /// Plain text, whitespace collapsed.
    pub text: String,
}

/// What the index holds about one document, derived from its HTML once per edit. The
/// sections' text is not kept: the text shards derive it again from the HTML, so the
/// model does not hold every page's text twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DocIndex {
    /// How many sections it has.
    pub sections: usize,
    /// The stems, each followed by a newline, sorted; one string rather than one
    /// allocation per stem, which on a 10,000-entry site is the difference between tens
    /// of megabytes and a few.
    stems: String,
    /// Per stem, in the same order: (section within the document, count).
    postings: Vec<(u16, u16)>,
}

impl DocIndex {
    /// (stem, section within the document, count), sorted by stem and section.
    pub fn terms(&self) -> impl Iterator<Item = (&str, u16, u16)> {
        self.stems
            .split_terminator('\n')
            .zip(&self.postings)
            .map(|(t, &(s, n))| (t, s, n))
    }
}

/// A Markdown field of an entry as the search sees it: its label, the anchor of its
/// section on the page, its HTML.
pub struct Field<'a> {
    /// The field's label, shown as the section's heading.
    pub label: &'a str,
    /// The id of the field's section on the page.
    pub anchor: String,
    /// The rendered Markdown.
    pub html: &'a str,
}

/// The sections of a document: summary and body, then each Markdown field as a section
/// under its label.
pub fn doc_sections(summary: &str, body_html: &str, fields: &[Field<'_>]) -> Vec<Section> {
    let mut sections = html_sections(body_html);
    if sections.is_empty() {
        sections.push(Section::default());
    }
    if !summary.is_empty() {
        let first = &mut sections[0].text;
        *first = if first.is_empty() {
            summary.to_string()
        } else {
            format!("{summary} {first}")
        };
    }
    for field in fields {
        let mut parts = html_sections(field.html);
        if let Some(first) = parts.first_mut()
            && first.anchor.is_empty()
        {
            first.heading = field.label.to_string();
            first.anchor = field.anchor.clone();
        }
        sections.extend(parts);
    }
    // A document with thousands of headings still fits the u16 section numbers.
    sections.truncate(u16::MAX as usize);
    sections
}

/// The stems of a document, by section.
pub fn index_doc(summary: &str, body_html: &str, fields: &[Field<'_>]) -> DocIndex {
    let sections = doc_sections(summary, body_html, fields);
    let mut counts: BTreeMap<(String, u16), u16> = BTreeMap::new();
    for (s, section) in sections.iter().enumerate() {
        // Word by word rather than the whole text at once: whitespace separates words
        // anyway, and a 2 MB page then never becomes a list of 300,000 strings.
        for chunk in [&section.heading, &section.text]
            .into_iter()
            .flat_map(|t| t.split_whitespace())
        {
            for term in dutch::terms(chunk) {
                if STOP_WORDS.contains(&term.as_str()) {
                    continue;
                }
                let n = counts.entry((term, s as u16)).or_default();
                *n = n.saturating_add(1);
            }
        }
    }
    let mut stems = String::new();
    let mut postings = Vec::with_capacity(counts.len());
    for ((t, s), n) in counts {
        stems.push_str(&t);
        stems.push('\n');
        postings.push((s, n));
    }
    DocIndex {
        sections: sections.len(),
        stems,
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
    /// A glossary entry: boosted for one-word queries.
    pub glossary: bool,
    /// Stems by section.
    pub index: &'a DocIndex,
    /// The summary, body HTML and Markdown fields, for the sections' text.
    pub summary: &'a str,
    /// The body's HTML.
    pub body: &'a str,
    /// The visible Markdown fields.
    pub fields: Vec<Field<'a>>,
}

/// How many shards of each sort a site with `docs` documents has. A function of the
/// count alone, so the list of output files is known before anything is indexed.
pub fn shard_counts(docs: usize) -> (usize, usize) {
    (
        docs.div_ceil(DOCS_PER_TERM_SHARD).max(1),
        docs.div_ceil(DOCS_PER_TEXT_SHARD).max(1),
    )
}

/// The term shard of a stem: a hash of its first two characters. `search.js` computes
/// the same.
pub fn term_shard(stem: &str, shards: usize) -> usize {
    let mut chars = stem.chars();
    let a = chars.next().map_or(0, u32::from);
    let b = chars.next().map_or(0, u32::from);
    ((a * 31 + b) as usize) % shards.max(1)
}

/// `search/meta.js`.
pub fn meta_script(entries: &[Entry<'_>]) -> String {
    let (term_shards, text_shards) = shard_counts(entries.len());
    let mut kinds: Vec<&str> = Vec::new();
    let mut docs = Vec::with_capacity(entries.len());
    let mut first = 0usize;
    for e in entries {
        let k = kinds.iter().position(|k| *k == e.kind).unwrap_or_else(|| {
            kinds.push(e.kind);
            kinds.len() - 1
        });
        docs.push(serde_json::json!([
            k,
            e.title,
            e.path,
            u8::from(e.glossary),
            first
        ]));
        first += e.index.sections;
    }
    let data = serde_json::json!({
        "kinds": kinds,
        "docs": docs,
        "sections": first,
        "stop": STOP_WORDS,
        "termShards": term_shards,
        "textShards": text_shards,
        "docsPerTextShard": DOCS_PER_TEXT_SHARD,
    });
    script("meta", &data)
}

/// Every `search/terms-K.js` at once: each stem with its postings as a flat list
/// `[section, count, section, count, …]`, sections numbered across the site. One pass
/// over all documents for all shards.
pub fn terms_scripts(entries: &[Entry<'_>]) -> Vec<String> {
    let (shards, _) = shard_counts(entries.len());
    let mut maps: Vec<BTreeMap<&str, Vec<u32>>> = vec![BTreeMap::new(); shards];
    let mut first = 0u32;
    for e in entries {
        for (stem, s, n) in e.index.terms() {
            let list = maps[term_shard(stem, shards)].entry(stem).or_default();
            list.push(first + u32::from(s));
            list.push(u32::from(n));
        }
        first += e.index.sections as u32;
    }
    maps.iter()
        .enumerate()
        .map(|(k, map)| script(&format!("terms-{k}"), map))
        .collect()
}

/// `search/text-J.js`: `[first document, [[[anchor, heading, text], …], …]]`: the
/// sections of each document of text shard `shard`, whose entries (from `start`) are
/// given. Numbered by document, so a shard changes only when one of its own documents
/// does.
pub fn text_script(entries: &[Entry<'_>], start: usize, shard: usize) -> String {
    let docs: Vec<Vec<(String, String, String)>> = entries
        .iter()
        .map(|e| {
            doc_sections(e.summary, e.body, &e.fields)
                .into_iter()
                .map(|s| (s.anchor, s.heading, s.text))
                .collect()
        })
        .collect();
    script(&format!("text-{shard}"), &(start, docs))
}

fn script(name: &str, data: &impl Serialize) -> String {
    // Straight to text: a JSON value tree of a large shard would take many times its size.
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
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

/// Splits rendered HTML into sections at `<h2>` and `<h3>` headings with an id, as plain
/// text. Only for HTML this program wrote (pulldown-cmark's output, the author's raw
/// HTML inside it): tags are skipped, `<script>` and `<style>` with their content.
pub fn html_sections(html: &str) -> Vec<Section> {
    let mut sections = vec![Section::default()];
    let mut in_heading = false;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut sections, in_heading, rest);
            break;
        };
        push_text(&mut sections, in_heading, &rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let closing = tag.starts_with('/');
        match name.as_str() {
            "script" | "style" if !closing => {
                let end = format!("</{name}");
                match rest.to_ascii_lowercase().find(&end) {
                    Some(i) => rest = &rest[i..],
                    None => break,
                }
            }
            "h2" | "h3" if !closing => {
                if let Some(id) = attribute(tag, "id") {
                    sections.push(Section {
                        anchor: id,
                        ..Section::default()
                    });
                    in_heading = true;
                } else {
                    push_text(&mut sections, in_heading, " ");
                }
            }
            "h2" | "h3" => {
                in_heading = false;
                push_text(&mut sections, false, " ");
            }
            // Inline elements join their text to the words around them.
            "a" | "abbr" | "b" | "code" | "em" | "i" | "mark" | "s" | "small" | "span"
            | "strong" | "sub" | "sup" | "del" => {}
            _ => push_text(&mut sections, in_heading, " "),
        }
    }
    for s in &mut sections {
        s.text = collapse(&s.text);
        s.heading = collapse(&s.heading);
    }
    if sections.len() > 1 && sections[0].text.is_empty() {
        sections.remove(0);
    }
    sections
}

fn push_text(sections: &mut [Section], in_heading: bool, raw: &str) {
    let Some(s) = sections.last_mut() else { return };
    let target = if in_heading {
        &mut s.heading
    } else {
        &mut s.text
    };
    decode_into(target, raw);
}

/// The value of attribute `name` in the inside of a tag, quotes removed and decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[at..].find('"')? + at;
    let mut out = String::new();
    decode_into(&mut out, &tag[at..end]);
    Some(out)
}

/// Appends `raw` with HTML character references decoded.
fn decode_into(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_split_at_headings_with_their_anchor() {
        let html = "<p>Intro &amp; <em>meer</em>.</p>\n<h2 id=\"kosten\">Kosten &lt;hoog&gt;</h2>\n<p>Tekst<br>twee</p><script>var x = '<h2 id=\"nee\">';</script><h3>Zonder id</h3><p>drie</p>";
        let s = html_sections(html);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].text, "Intro & meer.");
        assert_eq!(s[1].anchor, "kosten");
        assert_eq!(s[1].heading, "Kosten <hoog>");
        assert_eq!(s[1].text, "Tekst twee Zonder id drie");
    }

    fn fields() -> Vec<Field<'static>> {
        vec![Field {
            label: "Waarom",
            anchor: "veld-waarom".into(),
            html: "<p>Omdat het kan.</p>",
        }]
    }

    #[test]
    fn a_document_is_indexed_by_stem_without_stop_words() {
        let d = index_doc(
            "Over leveranciers.",
            "<p>De leverancier levert.</p><h2 id=\"a\">Aanbestedingen</h2><p>Een aanbesteding.</p>",
            &fields(),
        );
        assert_eq!(d.sections, 3);
        let s = doc_sections(
            "Over leveranciers.",
            "<p>De leverancier levert.</p><h2 id=\"a\">Aanbestedingen</h2><p>Een aanbesteding.</p>",
            &fields(),
        );
        assert_eq!(s[0].text, "Over leveranciers. De leverancier levert.");
        assert_eq!(s[2].heading, "Waarom");
        assert_eq!(s[2].anchor, "veld-waarom");
        let count = |t: &str, s: u16| d.terms().find(|(x, y, _)| *x == t && *y == s).map(|x| x.2);
        assert_eq!(count("leverancier", 0), Some(2));
        assert_eq!(count("aanbested", 1), Some(2));
        assert_eq!(count("de", 0), None);
        assert_eq!(count("het", 2), None);
    }

    #[test]
    fn shards_follow_the_document_count_and_the_first_two_letters() {
        assert_eq!(shard_counts(0), (1, 1));
        assert_eq!(shard_counts(117), (1, 1));
        assert_eq!(shard_counts(10_000), (25, 67));
        assert_eq!(term_shard("leverancier", 25), term_shard("levering", 25));
        assert_eq!(term_shard("x", 1), 0);
    }
}
