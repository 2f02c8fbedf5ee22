//! The whole guide (`leidraad-compleet.html`): links written in a page's Markdown, raw
//! HTML included, point to their place inside the guide; its links are checked like
//! every page's; the footer pages come last; every printed page can carry its chapter's
//! number and title; a large site gets one document per chapter; a site can switch the
//! guide off.

use crate::common;

use common::{Fixture, broken_links, html_files, repo_root, run_in};

const GUIDE: &str = "leidraad-compleet.html";

fn read(f: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(f.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The chapter headings of a guide document: (number, title, anchor of the chapter).
fn chapters(html: &str) -> Vec<(String, String, String)> {
    html.split("<section class=\"chapter\" id=\"")
        .skip(1)
        .map(|s| {
            let anchor = s[..s.find('"').unwrap()].to_string();
            let h2 = &s[s.find("<h2").unwrap()..s.find("</h2>").unwrap()];
            let number = h2.split("<span class=\"number\">").nth(1).unwrap();
            let (number, title) = number.split_once("</span>").unwrap();
            (number.to_string(), title.trim().to_string(), anchor)
        })
        .collect()
}

/// Raw HTML in Markdown is read the way a browser reads it: a `>` inside a quoted
/// attribute does not end the tag, an unquoted `href` and a single-quoted `src` are
/// values too. In the guide the link goes to the chapter's copy of the heading, the
/// image path is taken from the site root, where the guide lives.
#[test]
fn links_in_raw_html_point_to_their_place_in_the_guide() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "Weinig aanbieders.",
        "Weinig aanbieders. <a title=\"kosten > baten\" href=../faalfactoren/maatwerk.html#wat-gaat-er-mis>Het maatwerk</a> en <img src='kaart.png' alt=\"Kaart\">.",
    );
    f.write("content/knelpunten/kaart.png", "PNG");
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let guide = read(&f, GUIDE);
    // The entry `faalfactoren/maatwerk` is the chapter `h-faalfactoren-maatwerk`; its
    // Markdown heading `wat-gaat-er-mis` gets the chapter's prefix.
    assert!(
        guide.contains(
            "<a title=\"kosten > baten\" href=\"#h-faalfactoren-maatwerk--wat-gaat-er-mis\">Het maatwerk</a>"
        ),
        "{guide}"
    );
    assert!(guide.contains("id=\"h-faalfactoren-maatwerk--wat-gaat-er-mis\""));
    // `kaart.png` next to `knelpunten/smalle-markt.html` is `knelpunten/kaart.png`.
    assert!(guide.contains("<img src='knelpunten/kaart.png' alt=\"Kaart\">"));
    assert!(f.out().join("knelpunten/kaart.png").is_file());
    // The page itself keeps what the author wrote.
    let page = read(&f, "knelpunten/smalle-markt.html");
    assert!(page.contains("href=../faalfactoren/maatwerk.html#wat-gaat-er-mis>"));
    assert_eq!(broken_links(&f.out()), Vec::<String>::new());
}

/// A link in raw HTML that leads nowhere is reported at the line and column of its
/// value, with single quotes as with double ones.
#[test]
fn a_broken_link_in_raw_html_is_reported_at_its_line() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "Weinig aanbieders.",
        "Weinig aanbieders.\n\n<p title=\"a > b\"><a href='nergens.html'>weg</a></p>",
    );
    let (code, out) = run_in(f.root(), &["check"]);
    assert_eq!(code, 1, "{out}");
    // Line 11 is `Weinig aanbieders.`, the raw HTML two lines further; the value starts
    // after `<p title="a > b"><a href='` (26 characters), so at column 27.
    assert!(
        out.contains("content/knelpunten/smalle-markt.md:13:27: error"),
        "{out}"
    );
    assert!(out.contains("nergens.html"), "{out}");
}

/// A link that works on its page but not in the guide (an id the page's template
/// makes, which the guide does not copy) is reported at the line that wrote it.
#[test]
fn a_link_that_breaks_only_in_the_guide_is_reported() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "Weinig aanbieders.",
        "Weinig aanbieders. Zie [de inhoud](@individuele-pilots#inhoud).",
    );
    // On its own page the link is fine: the entry template has `<main id="inhoud">`.
    let (code, out) = run_in(f.root(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/knelpunten/smalle-markt.md:11:24: error[unknown-anchor]"),
        "{out}"
    );
    assert!(out.contains("the whole guide"), "{out}");
    assert_eq!(out.matches(": error[").count(), 1, "once: {out}");
}

/// The guide's own links (its template) are checked too: a theme's guide template with
/// a broken link fails the build like any page's.
#[test]
fn a_broken_link_in_the_guide_template_is_reported() {
    let f = Fixture::new("minimal");
    let default = leidraad::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "templates/whole-guide.html")
        .unwrap()
        .1;
    let text = String::from_utf8(default.to_vec()).unwrap().replace(
        "<article class=\"whole-guide\">",
        "<article class=\"whole-guide\"><a href=\"weg.html\">weg</a>",
    );
    f.write("themes/default/templates/whole-guide.html", &text);
    let (code, out) = run_in(f.root(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("weg.html"), "{out}");
    assert!(out.contains(GUIDE), "{out}");
}

/// The pages of the footer (about, contact, privacy) come after the kinds, not before
/// the first entry.
#[test]
fn footer_pages_come_last() {
    let f = Fixture::new("minimal");
    f.write(
        "content/privacy.md",
        "---\ntitel: \"Privacy\"\nsamenvatting: \"Wat er met gegevens gebeurt.\"\nvoettekst: true\n---\nGeen cookies.\n",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let titles: Vec<String> = chapters(&read(&f, GUIDE))
        .into_iter()
        .map(|(n, t, _)| format!("{n} {t}"))
        .collect();
    // Home, the menu page, the three kinds in the order of leidraad.yaml, then the
    // footer page.
    assert_eq!(
        titles,
        [
            "1 Welkom",
            "2 Over deze site",
            "3 Knelpunten",
            "4 Faalfactoren",
            "5 Bronnen",
            "6 Privacy"
        ]
    );
}

/// The guide's stylesheet gives every chapter's printed pages a header with its number
/// and title, and the guide links it.
#[test]
fn every_chapter_has_a_running_header_in_print() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/over.md",
        "titel: \"Over deze site\"",
        "titel: 'Over \"deze\" site'",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let guide = read(&f, GUIDE);
    assert!(
        guide.contains("<link rel=\"stylesheet\" href=\"leidraad-compleet.css\">"),
        "{guide}"
    );
    let css = read(&f, "leidraad-compleet.css");
    let chapters = chapters(&guide);
    assert_eq!(chapters.len(), 5);
    for (n, title, anchor) in &chapters {
        // The title as a CSS string: a quote in it is escaped.
        let title = title.replace("&quot;", "\\\"");
        let page = format!("@page hoofdstuk-{n} {{");
        let at = css.find(&page).unwrap_or_else(|| panic!("{page}\n{css}"));
        let rule = &css[at..at + css[at..].find("\n  }").unwrap()];
        assert!(
            rule.contains(&format!("@top-left {{ content: \"{n} {title}\";")),
            "{rule}"
        );
        assert!(
            css.contains(&format!(
                ".whole-guide [id=\"{anchor}\"] {{ page: hoofdstuk-{n}; }}"
            )),
            "{css}"
        );
    }
    assert!(
        css.contains("content: \"2 Over \\\"deze\\\" site\";"),
        "{css}"
    );
}

/// Above `hele_leidraad.splitsen_vanaf` pages the guide is one document per chapter and
/// `leidraad-compleet.html` their contents; links between chapters go to the other
/// chapter's document, and every link and anchor exists.
#[test]
fn a_large_guide_is_split_per_chapter() {
    let f = Fixture::new("minimal");
    f.edit(
        "leidraad.yaml",
        "kinds:",
        "hele_leidraad:\n  splitsen_vanaf: 3\nkinds:",
    );
    let report = f.build().unwrap_or_else(|e| panic!("{e}"));
    assert!(report.warnings.is_empty(), "{}", report.warnings);
    let contents = read(&f, GUIDE);
    assert!(
        chapters(&contents).is_empty(),
        "the contents page has no chapters"
    );
    assert!(!contents.contains("Weinig aanbieders."));
    assert!(contents.contains(
        "<a href=\"leidraad-compleet-knelpunten.html#h-knelpunten-smalle-markt\"><span class=\"number\">3.2</span> Smalle markt</a>"
    ));
    let files = [
        "leidraad-compleet-index.html",
        "leidraad-compleet-over.html",
        "leidraad-compleet-knelpunten.html",
        "leidraad-compleet-faalfactoren.html",
        "leidraad-compleet-bronnen.html",
    ];
    for (n, file) in files.iter().enumerate() {
        let html = read(&f, file);
        let c = chapters(&html);
        assert_eq!(c.len(), 1, "{file}");
        assert_eq!(c[0].0, (n + 1).to_string(), "{file}");
        assert!(html.contains("href=\"leidraad-compleet.css\""), "{file}");
    }
    // From the page `over` (chapter 2) to a heading of an entry in chapter 4.
    assert!(read(&f, files[1]).contains(
        "href=\"leidraad-compleet-faalfactoren.html#h-faalfactoren-maatwerk--wat-gaat-er-mis\""
    ));
    // Within chapter 3, and a relation from chapter 4 to chapter 3.
    assert!(read(&f, files[2]).contains("href=\"#h-knelpunten-smalle-markt--kern\""));
    assert!(
        read(&f, files[3])
            .contains("href=\"leidraad-compleet-knelpunten.html#h-knelpunten-individuele-pilots\"")
    );
    assert_eq!(broken_links(&f.out()), Vec::<String>::new());
}

/// `hele_leidraad.aan: false`: no guide, no stylesheet for it, and no page links to it.
#[test]
fn a_site_can_switch_the_guide_off() {
    let f = Fixture::new("minimal");
    f.edit(
        "leidraad.yaml",
        "kinds:",
        "hele_leidraad:\n  aan: false\nkinds:",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    assert!(!f.out().join(GUIDE).exists());
    assert!(!f.out().join("leidraad-compleet.css").exists());
    let pages = html_files(&f.out());
    assert!(pages.len() > 10);
    for page in pages {
        let html = std::fs::read_to_string(f.out().join(&page)).unwrap();
        assert!(
            !html.contains("leidraad-compleet"),
            "{} links to the guide",
            page.display()
        );
    }
    // Not a value `aan` takes: said at its line.
    f.edit("leidraad.yaml", "aan: false", "aan: nee");
    let (code, out) = run_in(f.root(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("leidraad.yaml:8:"), "{out}");
}

/// The shipped site: the footer pages are the last four chapters, the question help is
/// its Markdown's HTML, and nothing in the guide is a button or a call to use the site
/// that would print.
#[test]
fn the_shipped_guide_ends_with_the_footer_pages_and_prints_no_buttons() {
    let dir = tempfile::tempdir().unwrap();
    leidraad::build::build(&repo_root(), Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let guide = std::fs::read_to_string(dir.path().join(GUIDE)).unwrap();
    let titles: Vec<String> = chapters(&guide).into_iter().map(|c| c.1).collect();
    assert_eq!(
        titles[titles.len() - 4..],
        [
            "Over deze leidraad",
            "Contact",
            "Privacyverklaring",
            "Toegankelijkheidsverklaring"
        ],
        "{titles:?}"
    );
    let first_entry = titles.iter().position(|t| t == "Knelpunten").unwrap();
    assert!(first_entry < titles.len() - 4);
    let article = &guide[guide.find("<article class=\"whole-guide\"").unwrap()..];
    assert!(!article.contains("<button"), "a button in the guide");
    // The checklist's call to fill it in is for the screen only.
    let cta = article
        .find(">Doe de checklist")
        .expect("the checklist link");
    let p = &article[article[..cta].rfind("<p").unwrap()..cta];
    assert!(p.contains("class=\"no-print\""), "{p}");
    // Question help is rendered Markdown (abbreviations linked inside the guide).
    assert!(
        article.contains("<div class=\"help\"><p>Het <a href=\"#h-begrippen-ecd\"><abbr"),
        "question help is not the Markdown's HTML"
    );
}
