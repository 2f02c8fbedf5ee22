//! Integration tests of `leidraad build`: the shipped site, the output guarantees and
//! one fixture per class of bad input.

use crate::common;

use common::{Fixture, attr_values, broken_links, html_files, repo_root, snapshot, tags};
use std::path::Path;

/// Builds the shipped site once per test binary run into a temporary folder.
fn shipped() -> &'static Path {
    use std::sync::OnceLock;
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let report =
            leidraad::build::build(&repo_root(), Some(&out)).unwrap_or_else(|e| panic!("{e}"));
        assert!(report.warnings.is_empty(), "warnings: {}", report.warnings);
        dir
    })
    .path()
    .join("site")
    .leak()
}

#[test]
fn shipped_site_has_a_listing_and_entry_pages_for_every_kind() {
    let out = shipped();
    let config = leidraad::config::load(&repo_root()).unwrap().config;
    for kind in &config.kinds {
        assert!(
            out.join(&kind.path).join("index.html").is_file(),
            "no listing for {}",
            kind.id
        );
        let sources = std::fs::read_dir(repo_root().join("content").join(&kind.path)).unwrap();
        let mut n = 0;
        for f in sources {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "md") {
                let id = f.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(
                    out.join(&kind.path).join(format!("{id}.html")).is_file(),
                    "no page for {id}"
                );
                n += 1;
            }
        }
        assert!(n > 0, "kind {} has no entries", kind.id);
    }
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "static/style.css",
        "centrale-inkoop.html",
        "stand-van-zaken.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn shipped_content_meets_the_minimum_counts() {
    let count = |dir: &str| {
        std::fs::read_dir(repo_root().join("content").join(dir))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "md")
            })
            .count()
    };
    assert!(count("knelpunten") >= 12);
    assert!(count("voordelen") >= 5);
    assert!(count("nadelen") >= 4);
    assert_eq!(count("succesfactoren"), 4);
    assert_eq!(count("faalfactoren"), 4);
    assert_eq!(count("aanbevelingen"), 8);
    assert!(count("partijen") >= 5);
    assert!(count("voorbeelden") >= 7);
    assert!(count("begrippen") >= 25);
    assert_eq!(count("bronnen"), 5);
}

#[test]
fn every_internal_link_and_relation_in_the_shipped_site_resolves() {
    let out = shipped();
    let broken = broken_links(out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // Relations are rendered as links too: a failure factor links to the barriers it causes.
    let page = std::fs::read_to_string(out.join("faalfactoren/specifiek-maatwerk.html")).unwrap();
    assert!(page.contains("Leidt tot"));
    assert!(page.contains("../knelpunten/"));
}

#[test]
fn no_shipped_page_loads_anything_from_another_host() {
    let out = shipped();
    let external =
        |v: &str| v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//");
    for page in html_files(out) {
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        for tag in [
            "script", "link", "img", "source", "iframe", "video", "audio", "object", "embed",
        ] {
            for t in tags(&html, tag) {
                // A canonical link names the page's public address; nothing is loaded.
                if tag == "link" && t.contains("rel=\"canonical\"") {
                    continue;
                }
                for v in attr_values(t, "src")
                    .into_iter()
                    .chain(attr_values(t, "href"))
                {
                    assert!(!external(v), "{}: <{tag}> loads {v}", page.display());
                }
            }
        }
        assert!(
            html.contains("<html lang=\"nl\">"),
            "{} lacks lang",
            page.display()
        );
    }
    let css = std::fs::read_to_string(out.join("static/style.css")).unwrap();
    assert!(!css.contains("@import"));
    assert!(!css.contains("url(http") && !css.contains("url(//"));
}

#[test]
fn every_shipped_entry_cites_a_source_and_shows_it() {
    let out = shipped();
    let config = leidraad::config::load(&repo_root()).unwrap().config;
    for kind in config.kinds.iter().filter(|k| k.id != "bron") {
        for f in std::fs::read_dir(out.join(&kind.path)).unwrap() {
            let f = f.unwrap().path();
            if f.file_name().unwrap() == "index.html" {
                continue;
            }
            let html = std::fs::read_to_string(&f).unwrap();
            assert!(
                html.contains("class=\"citations\""),
                "{} shows no citation",
                f.display()
            );
            assert!(
                html.contains("../bronnen/"),
                "{} links no source",
                f.display()
            );
        }
    }
}

#[test]
fn business_case_table_and_backlinks_render() {
    let out = shipped();
    let example =
        std::fs::read_to_string(out.join("voorbeelden/regionale-medicatie-inkoop.html")).unwrap();
    assert!(example.contains("<table>"));
    assert!(example.contains("67"));
    assert!(example.contains("70"));
    // A barrier shows the factors and recommendations that point to it.
    let barrier = std::fs::read_to_string(out.join("knelpunten/individuele-pilots.html")).unwrap();
    assert!(barrier.contains("class=\"link-group backlinks\""));
}

#[test]
fn sitemap_and_404_use_the_base_url_path() {
    let out = shipped();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/leidraad/knelpunten/smalle-markt.html</loc>")
    );
    assert!(sitemap.contains("<loc>https://example.org/leidraad/</loc>"));
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(not_found.contains("href=\"/leidraad/static/style.css\""));
    assert!(not_found.contains("href=\"/leidraad/index.html\""));
}

#[test]
fn pages_link_relatively_so_the_site_works_from_disk_and_under_a_sub_path() {
    let out = shipped();
    for page in html_files(out) {
        if page == Path::new("404.html") {
            continue;
        }
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        // The canonical link is the public address, absolute by design, not a link to follow.
        let canonical: Vec<&str> = tags(&html, "link")
            .into_iter()
            .filter(|t| t.contains("rel=\"canonical\""))
            .flat_map(|t| attr_values(t, "href"))
            .collect();
        for v in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
            .filter(|v| !canonical.contains(v))
        {
            assert!(
                !v.starts_with('/'),
                "{}: root-relative link {v} breaks under file://",
                page.display()
            );
            assert!(
                !v.ends_with('/'),
                "{}: folder link {v} breaks under file://",
                page.display()
            );
        }
    }
}

// ---- the fixture site and the output guarantees ----

#[test]
fn fixture_builds_with_relations_links_and_data() {
    let f = Fixture::new("minimal");
    let report = f.build().unwrap_or_else(|e| panic!("{e}"));
    // The 11 outputs of pages, listings, checklist, 404 and sitemap, plus the search
    // page and its seven index files (meta, two term shards and the suggestion words for
    // six documents, three text shards of two documents), the whole guide, the changes
    // page and its feed, and the house colours.
    assert_eq!(report.pages, 11 + 1 + 7 + 3 + 1);
    let out = f.out();
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains(r#"<a href="knelpunten/individuele-pilots.html">de individuele pilots</a>"#)
    );
    assert!(
        home.contains(r#"<a href="over.html">Over deze site</a>"#),
        "empty link text takes the title"
    );
    assert!(
        home.contains("Testorganisatie"),
        "data files reach templates"
    );
    let over = std::fs::read_to_string(out.join("over.html")).unwrap();
    assert!(
        over.contains(r#"href="faalfactoren/maatwerk.html#wat-gaat-er-mis""#),
        "relative .md link rewritten"
    );
    let barrier = std::fs::read_to_string(out.join("knelpunten/smalle-markt.html")).unwrap();
    assert!(
        barrier.contains("Veroorzaakt door"),
        "backlink group from the failure factor"
    );
    assert!(barrier.contains(r#"href="../faalfactoren/maatwerk.html""#));
    assert!(barrier.contains(r#"<h2 id="kern">"#));
    let factor = std::fs::read_to_string(out.join("faalfactoren/maatwerk.html")).unwrap();
    assert!(factor.contains("Waarom het ertoe doet"));
    assert!(
        factor.contains(r#"<a href="../knelpunten/smalle-markt.html">Smalle markt</a>"#),
        "links in markdown fields resolve"
    );
}

/// The part of a page from `start` to the end of its element's section (for counting
/// within the relations or citations only).
fn section<'a>(html: &'a str, start: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in page"));
    let rest = &html[i..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[test]
fn a_relation_and_its_backlinks_under_one_label_show_once() {
    let f = Fixture::new("minimal");
    // Both barriers now say they hang together: each is the other's relation and backlink,
    // under the same label.
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "categorie: \"Markt\"\n",
        "categorie: \"Markt\"\nhangt_samen_met: [individuele-pilots]\n",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    for (page, other) in [
        ("knelpunten/smalle-markt.html", "individuele-pilots.html"),
        ("knelpunten/individuele-pilots.html", "smalle-markt.html"),
    ] {
        let html = std::fs::read_to_string(f.out().join(page)).unwrap();
        let related = section(&html, "<section class=\"related\"");
        assert_eq!(
            related.matches("<h3>Hangt samen met</h3>").count(),
            1,
            "{page}: {related}"
        );
        assert_eq!(
            related
                .matches(&format!("href=\"../knelpunten/{other}\""))
                .count(),
            1,
            "{page} links {other} once"
        );
    }
    // A backlink group with a label of its own stays.
    let html = std::fs::read_to_string(f.out().join("knelpunten/smalle-markt.html")).unwrap();
    assert!(html.contains("<h3>Veroorzaakt door</h3>"));
}

#[test]
fn citations_are_short_and_the_full_reference_is_on_the_source_page() {
    let f = Fixture::new("minimal");
    f.edit(
        "leidraad.yaml",
        "list_template: sources.html",
        "list_template: sources.html\n    template: source.html",
    );
    f.edit(
        "leidraad.yaml",
        "referentie: { type: string, required: true }",
        "referentie: { type: string, required: true }\n      adres: { type: string, label: \"Vindplaats\" }",
    );
    f.edit(
        "content/bronnen/rapport.md",
        "referentie:",
        "adres: \"https://example.org/rapport.pdf\"\nreferentie:",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let reference = "Onderzoeksbureau (2022). Het rapport. Den Haag.";
    let entry = std::fs::read_to_string(f.out().join("knelpunten/smalle-markt.html")).unwrap();
    let citations = section(&entry, "<section class=\"citations\"");
    assert!(
        citations.contains(r#"<a href="../bronnen/rapport.html">Het rapport</a>, hoofdstuk 5.3"#),
        "{citations}"
    );
    assert!(!entry.contains(reference), "no full reference on an entry");
    let source = std::fs::read_to_string(f.out().join("bronnen/rapport.html")).unwrap();
    assert_eq!(
        source.matches(reference).count(),
        1,
        "once on the source page"
    );
    assert!(source.contains(r#"href="https://example.org/rapport.pdf""#));
    let listing = std::fs::read_to_string(f.out().join("bronnen/index.html")).unwrap();
    assert!(
        listing.contains(&format!(
            r#"<a href="../bronnen/rapport.html">{reference}</a>"#
        )),
        "the reference is the link on the sources page"
    );
    assert!(listing.contains(r#"href="https://example.org/rapport.pdf""#));
    assert!(!listing.contains("Lees verder"));
}

#[test]
fn pages_carry_a_description_a_favicon_and_open_graph_tags() {
    let f = Fixture::new("minimal");
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let entry = std::fs::read_to_string(f.out().join("knelpunten/smalle-markt.html")).unwrap();
    assert!(entry.contains(r#"<meta name="description" content="Er zijn weinig leveranciers.">"#));
    assert!(entry.contains(r#"<meta property="og:title" content="Smalle markt">"#));
    assert!(entry.contains(r#"<meta property="og:site_name" content="Testleidraad">"#));
    assert!(entry.contains(r#"<link rel="icon" href="../static/favicon.svg""#));
    assert!(f.out().join("static/favicon.svg").is_file());
    // The home page's heading is not the site title again.
    let home = std::fs::read_to_string(f.out().join("index.html")).unwrap();
    assert!(home.contains("<h1>Welkom</h1>"), "the page's own title");
}

#[test]
fn a_successful_build_replaces_the_output_and_leaves_no_staging_folder() {
    let f = Fixture::new("minimal");
    f.build().unwrap();
    f.write("public/stale.html", "old");
    f.build().unwrap();
    assert!(
        !f.out().join("stale.html").exists(),
        "old output is replaced, not merged"
    );
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.ends_with(".old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let f = Fixture::new("minimal");
    f.write("mine/notes.txt", "precious");
    let err = leidraad::build::build(f.root(), Some(&f.root().join("mine"))).unwrap_err();
    assert!(err.to_string().contains("not written by leidraad"), "{err}");
    assert_eq!(
        std::fs::read_to_string(f.root().join("mine/notes.txt")).unwrap(),
        "precious"
    );
    let err = leidraad::build::build(f.root(), Some(&f.root().join("content"))).unwrap_err();
    assert!(err.to_string().contains("refusing"), "{err}");
    assert!(f.root().join("content/index.md").is_file());
}

/// Builds the fixture, applies `break_it`, builds again: the build must fail with every
/// `expected` text in its message, and the first output must be exactly as it was.
fn assert_fails(break_it: impl FnOnce(&Fixture), expected: &[&str]) -> String {
    let f = Fixture::new("minimal");
    f.build()
        .unwrap_or_else(|e| panic!("fixture must build: {e}"));
    let before = snapshot(&f.out());
    break_it(&f);
    let msg = f.build_err();
    for e in expected {
        assert!(msg.contains(e), "expected {e:?} in:\n{msg}");
    }
    assert_eq!(
        snapshot(&f.out()),
        before,
        "a failed build changed the output"
    );
    let names: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains(".tmp")),
        "staging folder left: {names:?}"
    );
    msg
}

#[test]
fn yaml_syntax_error_in_front_matter() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/smalle-markt.md",
                "categorie: \"Markt\"",
                "categorie: [Markt",
            );
        },
        &["content/knelpunten/smalle-markt.md:", "error[yaml-syntax]"],
    );
}

#[test]
fn yaml_syntax_error_in_a_data_file() {
    assert_fails(
        |f| {
            f.write(
                "content/data/organisatie.yaml",
                "naam: \"Test\"\ncontact: [open\n",
            );
        },
        &["content/data/organisatie.yaml:", "error[yaml-syntax]"],
    );
}

#[test]
fn unknown_field_names_the_line_and_the_closest_field() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/smalle-markt.md",
                "categorie: \"Markt\"",
                "categorie: \"Markt\"\ncategori: \"Geld\"",
            );
        },
        &[
            "content/knelpunten/smalle-markt.md:5:1: error[unknown-field]: unknown field `categori`",
            "did you mean `categorie`?",
        ],
    );
}

#[test]
fn missing_required_field() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/smalle-markt.md",
                "samenvatting: \"Er zijn weinig leveranciers.\"\n",
                "",
            );
        },
        &[
            // At the closing `---` (line 8 less the removed line), above which it belongs.
            "content/knelpunten/smalle-markt.md:7:1: error[missing-field]: missing field `samenvatting`",
        ],
    );
}

#[test]
fn wrong_type_names_the_expected_type() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/individuele-pilots.md",
                "nummer: 1",
                "nummer: \"een\"",
            );
        },
        &[
            "content/knelpunten/individuele-pilots.md:5:9: error[wrong-type]: field `nummer` must be a whole number, found the text \"een\"",
        ],
    );
}

#[test]
fn value_outside_the_allowed_list() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/smalle-markt.md",
                "categorie: \"Markt\"",
                "categorie: \"Mark\"",
            );
        },
        &[
            "smalle-markt.md:4:12: error[invalid-value]",
            "did you mean `Markt`?",
        ],
    );
}

#[test]
fn duplicate_id_across_kinds() {
    assert_fails(
        |f| {
            f.write(
                "content/faalfactoren/smalle-markt.md",
                "---\ntitel: x\nsamenvatting: y\nwaarom: z\nbronnen:\n  - bron: rapport\n    sectie: \"1\"\n---\n",
            );
        },
        &["error[duplicate-id]: id `smalle-markt` is already used by content/"],
    );
}

#[test]
fn relation_to_unknown_id_suggests_the_closest() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/individuele-pilots.md",
                "[smalle-markt]",
                "[smalle-mrkt]",
            );
        },
        &[
            "content/knelpunten/individuele-pilots.md:6:19: error[unknown-id]: relation `hangt_samen_met` points to unknown id `smalle-mrkt`; did you mean `smalle-markt`?",
        ],
    );
}

#[test]
fn relation_to_the_wrong_kind() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/individuele-pilots.md",
                "[smalle-markt]",
                "[maatwerk]",
            );
        },
        &["individuele-pilots.md:6:19: error[wrong-kind]"],
    );
}

#[test]
fn markdown_link_to_unknown_id() {
    assert_fails(
        |f| {
            f.edit("content/index.md", "(@over)", "(@ovr)");
        },
        &[
            "content/index.md:5:",
            "error[unknown-id]: link to unknown id `ovr`; did you mean `over`?",
        ],
    );
}

#[test]
fn markdown_link_to_unknown_anchor() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/individuele-pilots.md",
                "(@smalle-markt#kern)",
                "(@smalle-markt#kernn)",
            );
        },
        &[
            "content/knelpunten/individuele-pilots.md:13:",
            "error[unknown-anchor]: link to `@smalle-markt#kernn`",
            "did you mean `#kern`?",
        ],
    );
}

#[test]
fn relative_markdown_link_to_a_missing_file() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/smalle-markt.md",
                "individuele-pilots.md",
                "individuele-pilot.md",
            );
        },
        &[
            "content/knelpunten/smalle-markt.md:11:28: error[unknown-id]: link to `../knelpunten/individuele-pilot.md`",
            "there is no file content/knelpunten/individuele-pilot.md; did you mean `individuele-pilots`?",
        ],
    );
}

#[test]
fn citation_of_unknown_source() {
    assert_fails(
        |f| {
            f.edit(
                "content/knelpunten/smalle-markt.md",
                "bron: rapport",
                "bron: raport",
            );
        },
        &[
            "content/knelpunten/smalle-markt.md:6:",
            "unknown source `raport`",
            "did you mean `rapport`?",
        ],
    );
}

#[test]
fn content_folder_of_an_unknown_kind() {
    assert_fails(
        |f| {
            f.write(
                "content/knelpunt/x.md",
                "---\ntitel: x\nsamenvatting: y\n---\n",
            );
        },
        &[
            "content/knelpunt/x.md: error[unknown-kind]",
            "did you mean `knelpunten`?",
        ],
    );
}

#[test]
fn relation_target_of_an_unknown_kind_in_the_configuration() {
    assert_fails(
        |f| {
            f.edit(
                "leidraad.yaml",
                "targets: [knelpunt]\n  - id: bron",
                "targets: [knelpnt]\n  - id: bron",
            );
        },
        &[
            "leidraad.yaml:",
            "error[unknown-kind]: relation `leidt_tot` of kind `faalfactor` points to unknown kind `knelpnt`; did you mean `knelpunt`?",
        ],
    );
}

#[test]
fn unknown_key_in_the_configuration() {
    assert_fails(
        |f| {
            f.edit(
                "leidraad.yaml",
                "    template: entry.html",
                "    tempate: entry.html",
            );
        },
        &[
            "leidraad.yaml:24:",
            "unknown field `tempate`; did you mean `template`?",
        ],
    );
}

#[test]
fn missing_template_suggests_the_closest() {
    assert_fails(
        |f| {
            f.edit(
                "leidraad.yaml",
                "template: entry.html",
                "template: entri.html",
            );
        },
        &[
            "leidraad.yaml:24:15: error[missing-template]: kind `faalfactor` uses template `entri.html`",
            "did you mean `entry.html`?",
        ],
    );
}

#[test]
fn tera_syntax_error_in_a_template() {
    assert_fails(
        |f| {
            f.write(
                "themes/default/templates/page.html",
                "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
            );
        },
        &["themes/default/templates/page.html:3:", "error[template]"],
    );
}

#[test]
fn tera_rendering_error_in_a_template() {
    assert_fails(
        |f| {
            f.write(
                "themes/default/templates/page.html",
                "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n{{ page.no_such_field }}\n{% endblock main %}\n",
            );
        },
        &["themes/default/templates/page.html:4:", "error[template]"],
    );
}

#[test]
fn all_problems_of_one_build_are_reported_together() {
    let msg = assert_fails(
        |f| {
            f.edit("content/index.md", "(@over)", "(@ovr)");
            f.edit(
                "content/knelpunten/individuele-pilots.md",
                "nummer: 1",
                "nummer: x",
            );
            f.write("content/knelpunten/kapot.md", "---\ntitel: [\n---\n");
        },
        &[
            "content/index.md:5:",
            "individuele-pilots.md:5:9",
            "content/knelpunten/kapot.md:",
        ],
    );
    assert!(msg.lines().count() >= 3);
}

#[test]
fn garbage_input_never_panics() {
    let cases: [(&str, &[u8]); 6] = [
        ("content/knelpunten/leeg.md", b""),
        ("content/knelpunten/binair.md", &[0xff, 0xfe, 0x00, 0x9f]),
        ("content/knelpunten/lijst.md", b"---\n- a\n- b\n---\n"),
        ("content/knelpunten/open.md", b"---\ntitel: x\n"),
        (
            "content/knelpunten/Hoofd Letters.md",
            b"---\ntitel: x\nsamenvatting: y\n---\n",
        ),
        ("content/data/lijst.yaml", b"- [a\n"),
    ];
    for (path, bytes) in cases {
        let f = Fixture::new("minimal");
        let p = f.root().join(path);
        std::fs::write(&p, bytes).unwrap();
        let msg = f.build_err();
        assert!(
            msg.contains(path.rsplit('/').next().unwrap()),
            "{path}: {msg}"
        );
    }
}

#[test]
fn a_staging_folder_left_by_an_interrupted_build_is_cleared() {
    let f = Fixture::new("minimal");
    let stale = f.root().join(".public.tmp-999999-0");
    std::fs::create_dir_all(stale.join("knelpunten")).unwrap();
    std::fs::write(stale.join("index.html"), "half").unwrap();
    f.build().unwrap();
    assert!(!stale.exists());
}

#[test]
fn help_and_version_work_for_every_command() {
    let bin = env!("CARGO_BIN_EXE_leidraad");
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let version = run(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("leidraad {}", env!("CARGO_PKG_VERSION"))
    );
    let help = String::from_utf8_lossy(&run(&["--help"]).stdout).to_string();
    for command in ["build", "serve", "check", "init", "assess"] {
        assert!(help.contains(command), "--help lists {command}");
        let out = run(&[command, "--help"]);
        assert!(out.status.success(), "{command} --help");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage: leidraad"),
            "{command} --help"
        );
    }
    assert_eq!(
        run(&["bouw"]).status.code(),
        Some(2),
        "an unknown command is a usage error"
    );
}

#[test]
fn the_build_command_prints_one_summary_line_and_exits_by_outcome() {
    let f = Fixture::new("minimal");
    let bin = env!("CARGO_BIN_EXE_leidraad");
    let ok = std::process::Command::new(bin)
        .args(["build", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    assert!(ok.status.success());
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("Built 23 pages into ") && stdout.trim_end().ends_with(" ms"),
        "{stdout}"
    );
    f.edit("content/index.md", "(@over)", "(@ovr)");
    let bad = std::process::Command::new(bin)
        .args(["build", "--root"])
        .arg(f.root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("content/index.md:5:"));
}

/// The reader is addressed as "u" everywhere the theme speaks: every UI string and the
/// page `serve` shows while a site is broken (its overlay script is checked in serve.rs).
#[test]
fn the_theme_addresses_the_reader_formally() {
    let text =
        std::fs::read_to_string(common::repo_root().join("themes/default/i18n.yaml")).unwrap();
    let strings: serde_yaml::Mapping =
        serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap()["nl"]
            .as_mapping()
            .unwrap()
            .clone();
    assert!(strings.len() > 100, "the strings were read");
    let informal = ["je", "jij", "jou", "jouw", "jullie", "jezelf"];
    for (key, value) in &strings {
        let value = value.as_str().unwrap_or_default().to_lowercase();
        for word in value.split(|c: char| !c.is_alphabetic()) {
            assert!(
                !informal.contains(&word),
                "{key:?} says \"{word}\": {value}"
            );
        }
    }
}
