//! Overriding the default theme one file at a time (issue 14): a site's own `base.html`
//! with only the `title` and `main` blocks works with every built-in template, and a
//! site that overrides just the header partial sees it on every page.

use crate::common;

use common::{Fixture, html_files, repo_root};
use std::path::Path;

/// A document skeleton with only the blocks every built-in template fills.
const MINIMAL_BASE: &str = r#"<!DOCTYPE html>
<html lang="{{ site.language }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ site.title }}{% endblock title %}</title>
</head>
<body>
<main id="inhoud">
{% block main %}{% endblock main %}
</main>
</body>
</html>
"#;

/// Every `.html` page in `out` contains `needle`.
fn every_page_contains(out: &Path, needle: &str) -> usize {
    let pages = html_files(out);
    for page in &pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(needle), "{} lacks {needle:?}", page.display());
    }
    pages.len()
}

#[test]
fn a_minimal_base_template_builds_the_fixture() {
    let f = Fixture::new("minimal");
    f.write("themes/default/templates/base.html", MINIMAL_BASE);
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let out = f.out();
    let n = every_page_contains(&out, "<main id=\"inhoud\">");
    assert!(n >= 10, "only {n} pages");
    let entry = std::fs::read_to_string(out.join("knelpunten/smalle-markt.html")).unwrap();
    assert!(entry.contains("<h1>Smalle markt</h1>"));
    assert!(
        !entry.contains("site-header"),
        "the site's own base replaces the default"
    );
}

/// The shipped site uses every built-in template: entry, factor, source, sources,
/// glossary, list, page, index, checklist, search, changes, the whole guide and 404.
#[test]
fn a_minimal_base_template_builds_with_every_built_in_template() {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    common::copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("leidraad.yaml"), dir.path().join("leidraad.yaml")).unwrap();
    let base = dir.path().join("themes/default/templates/base.html");
    std::fs::create_dir_all(base.parent().unwrap()).unwrap();
    std::fs::write(&base, MINIMAL_BASE).unwrap();
    let config = leidraad::config::load(dir.path()).unwrap().config;
    let templates: Vec<&str> = config
        .kinds
        .iter()
        .flat_map(|k| [k.template.as_str(), k.list_template.as_str()])
        .collect();
    for t in [
        "entry.html",
        "factor.html",
        "source.html",
        "sources.html",
        "glossary.html",
        "list.html",
    ] {
        assert!(
            templates.contains(&t),
            "the shipped site no longer uses {t}"
        );
    }
    leidraad::build::build(dir.path(), None).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("public");
    every_page_contains(&out, "<main id=\"inhoud\">");
    for page in [
        "checklist/centrale-inkoop.html",
        "zoeken.html",
        "wijzigingen.html",
        "leidraad-compleet.html",
        "404.html",
        "begrippen/index.html",
        "bronnen/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn an_overridden_header_partial_shows_on_every_page() {
    let f = Fixture::new("minimal");
    f.write(
        "themes/default/templates/partials/header.html",
        "<header class=\"eigen-kop\"><a href=\"{{ root }}index.html\">Eigen kop van {{ site.title }}</a></header>\n",
    );
    f.build().unwrap_or_else(|e| panic!("{e}"));
    let out = f.out();
    let n = every_page_contains(&out, "Eigen kop van Testleidraad");
    assert!(n >= 10, "only {n} pages");
    // The rest of the default theme is still there.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("class=\"site-footer\""));
    assert!(home.contains("static/style.css"));
    assert!(!home.contains("class=\"site-header\""));
}

/// The partials with the variables the build adds for the house style and feedback
/// (`house`, `footer_pages`, `feedback_email`, `canonical`, `description`, `og_title`),
/// rendered straight from the default theme.
fn render_partial(name: &str) -> String {
    render_partial_with(name, &[])
}

/// As [`render_partial`], with some variables set to other values.
fn render_partial_with(name: &str, extra: &[(&'static str, serde_json::Value)]) -> String {
    let f = Fixture::new("minimal");
    let loaded = leidraad::config::load(f.root()).unwrap_or_else(|e| panic!("{e}"));
    let theme = leidraad::theme::load(f.root(), &loaded.config, &loaded.positions)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut ctx = tera::Context::new();
    ctx.insert("t", &theme.strings);
    ctx.insert(
        "site",
        &serde_json::json!({
            "title": "Testleidraad", "description": "Een site.", "language": "nl",
            "base_url": "https://example.org/leidraad/", "version": "1.0",
        }),
    );
    ctx.insert("data", &serde_json::json!({}));
    ctx.insert("kinds", &serde_json::json!([]));
    ctx.insert("menu", &serde_json::json!([]));
    ctx.insert("checklists", &serde_json::json!([]));
    ctx.insert("breadcrumbs", &serde_json::json!([]));
    ctx.insert("root", "../");
    ctx.insert("path", "knelpunten/smalle-markt.html");
    ctx.insert("section", "knelpunt");
    ctx.insert("generator", "leidraad test");
    ctx.insert(
        "house",
        &serde_json::json!({
            "organisation": "Zorgbranche", "logo": "static/huisstijl/logo.svg",
            "logo_alt": "Zorgbranche", "favicon": "static/favicon.svg",
            "stylesheet": "static/eigen.css", "css": "static/huisstijl.css",
        }),
    );
    ctx.insert(
        "footer_pages",
        &serde_json::json!([{ "title": "Privacy", "path": "privacy.html", "summary": "",
            "id": "privacy", "kind": "" }]),
    );
    ctx.insert("feedback_email", "reactie@example.org");
    ctx.insert(
        "canonical",
        "https://example.org/leidraad/knelpunten/smalle-markt.html",
    );
    ctx.insert("description", "Er zijn weinig leveranciers.");
    ctx.insert("og_title", "Smalle markt & co");
    for (key, value) in extra {
        ctx.insert(*key, value);
    }
    theme
        .tera
        .render(name, &ctx)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn the_head_carries_canonical_open_graph_icon_and_stylesheets_in_order() {
    let head = render_partial("partials/head.html");
    for needle in [
        r#"<link rel="canonical" href="https://example.org/leidraad/knelpunten/smalle-markt.html">"#,
        r#"<meta property="og:title" content="Smalle markt &amp; co">"#,
        r#"<meta property="og:description" content="Er zijn weinig leveranciers.">"#,
        r#"<meta property="og:url" content="https://example.org/leidraad/knelpunten/smalle-markt.html">"#,
        r#"<meta property="og:site_name" content="Testleidraad">"#,
        r#"<meta property="og:type" content="website">"#,
        r#"<meta property="og:image" content="https://example.org/leidraad/static/huisstijl/logo.svg">"#,
        r#"<meta name="description" content="Er zijn weinig leveranciers.">"#,
        r#"<link rel="icon" href="../static/favicon.svg" type="image/svg+xml">"#,
    ] {
        assert!(head.contains(needle), "{needle} not in:\n{head}");
    }
    let order: Vec<usize> = [
        "../static/style.css",
        "../static/huisstijl.css",
        "../static/eigen.css",
    ]
    .iter()
    .map(|s| {
        head.find(s)
            .unwrap_or_else(|| panic!("{s} not in:\n{head}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{head}");
}

#[test]
fn the_header_shows_the_logo_before_the_title() {
    let header = render_partial("partials/header.html");
    let logo = header
        .find(r#"<img class="site-logo" src="../static/huisstijl/logo.svg" alt="Zorgbranche">"#)
        .unwrap_or_else(|| panic!("{header}"));
    assert!(logo < header.find("Testleidraad").unwrap());
}

#[test]
fn the_footer_has_a_prefilled_feedback_link_and_the_footer_pages() {
    let footer = render_partial("partials/footer.html");
    assert!(
        footer.contains(
            "href=\"mailto:reactie@example.org?subject=Reactie%20op%3A%20Smalle%20markt%20%26%20co&amp;body=Mijn%20reactie%20op%20https%3A%2F%2Fexample%2Eorg%2Fleidraad%2Fknelpunten%2Fsmalle%2Dmarkt%2Ehtml%3A\""
        ),
        "{footer}"
    );
    assert!(footer.contains("Klopt er iets niet, of mist u iets op deze pagina?"));
    assert!(footer.contains(">Mail ons uw reactie</a>"));
    assert!(footer.contains(r#"<a href="../privacy.html">Privacy</a>"#));
    assert!(footer.contains("Zorgbranche"));
}

#[test]
fn two_checklists_get_two_distinct_menu_entries() {
    let checklists = serde_json::json!([
        { "id": "a", "title": "Past centrale inkoop bij deze innovatie?", "summary": "", "path": "checklist/a.html" },
        { "id": "b", "title": "Is de leverancier er klaar voor?", "summary": "", "path": "checklist/b.html" },
    ]);
    let header = render_partial_with("partials/header.html", &[("checklists", checklists)]);
    assert!(
        header
            .contains(r#"href="../checklist/a.html">Past centrale inkoop bij deze innovatie?</a>"#),
        "{header}"
    );
    assert!(
        header.contains(r#"href="../checklist/b.html">Is de leverancier er klaar voor?</a>"#),
        "{header}"
    );
    let one = serde_json::json!([
        { "id": "a", "title": "Past centrale inkoop bij deze innovatie?", "summary": "", "path": "checklist/a.html" },
    ]);
    let header = render_partial_with("partials/header.html", &[("checklists", one)]);
    assert!(
        header.contains(r#"href="../checklist/a.html">Checklist</a>"#),
        "{header}"
    );
}
