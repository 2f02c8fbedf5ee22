//! What a publisher does to make the guide theirs, the way they do it: `leidraad init`,
//! then edit `leidraad.yaml` and run the release-like binary from inside the site folder.
//! House style (files, colours and their contrast), old addresses (`aliassen`), the
//! default theme exported for editing, and the example `base_url`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// A new site from `init`, in a temporary folder.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", text(&out));
    let root = dir.path().join("site");
    (dir, root)
}

fn append(root: &Path, rel: &str, extra: &str) {
    let p = root.join(rel);
    let mut t = std::fs::read_to_string(&p).unwrap();
    t.push_str(extra);
    std::fs::write(p, t).unwrap();
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{rel} lacks {from}");
    std::fs::write(p, t.replacen(from, to, 1)).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("public").join(rel))
        .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
}

#[test]
fn a_house_style_needs_no_template_and_reaches_every_page() {
    let (_d, root) = site();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(
        root.join("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><rect width=\"40\" height=\"40\" fill=\"#6b2d5c\"/></svg>",
    )
    .unwrap();
    std::fs::write(
        root.join("static/eigen.css"),
        ".site-title { letter-spacing: 0.02em; }\n",
    )
    .unwrap();
    append(
        &root,
        "leidraad.yaml",
        "huisstijl:\n  organisatie: \"Brancheclub Zorg\"\n  logo: static/logo.svg\n  stylesheet: static/eigen.css\n  kleuren:\n    primair: \"#6b2d5c\"\n    accent: \"#8a2f6e\"\n    primair_donker: \"#3a1431\"\n    accent_donker: \"#f0a8dc\"\nfeedback_adres: \"reacties@brancheclub.example\"\n",
    );
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let css = read(&root, "static/huisstijl.css");
    assert!(
        css.contains("--header-bg: #6b2d5c;") && css.contains("--accent: #8a2f6e;"),
        "{css}"
    );
    assert!(
        css.contains("prefers-color-scheme: dark") && css.contains("--accent: #f0a8dc;"),
        "{css}"
    );
    assert!(root.join("public/static/logo.svg").is_file());
    assert!(root.join("public/static/eigen.css").is_file());
    // No theme file was copied into the site.
    assert!(!root.join("themes").exists());
}

#[test]
fn a_colour_with_too_little_contrast_is_refused_with_the_pair_ratio_and_a_shade_that_passes() {
    let (_d, root) = site();
    append(
        &root,
        "leidraad.yaml",
        "huisstijl:\n  kleuren:\n    accent: \"#ff9900\"\n",
    );
    let out = run(&root, &["build"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    let line = t
        .lines()
        .find(|l| l.contains("error[low-contrast]"))
        .unwrap_or_else(|| panic!("{t}"));
    // At the value, with the pair and its ratio: orange on the page background.
    assert!(line.starts_with("leidraad.yaml:"), "{line}");
    assert!(
        line.contains("#ff9900")
            && line.contains("links in it on the page background")
            && line.contains(":1 (#ff9900 on #fbfaf7)")
            && line.contains("needs 4.5:1"),
        "{line}"
    );
    let hint = t
        .lines()
        .find(|l| l.contains("nearest shade"))
        .unwrap_or_else(|| panic!("{t}"));
    let shade = hint.split('`').nth(1).unwrap();
    let s = leidraad::contrast::Rgb::parse(shade).unwrap();
    let bg = leidraad::contrast::Rgb::parse("#fbfaf7").unwrap();
    assert!(leidraad::contrast::contrast(s, bg) >= 4.5, "{hint}");
    // The suggested shade is accepted.
    edit(&root, "leidraad.yaml", "#ff9900", shade);
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_missing_logo_is_named_at_its_value() {
    let (_d, root) = site();
    append(
        &root,
        "leidraad.yaml",
        "huisstijl:\n  logo: static/logo.png\n",
    );
    let out = run(&root, &["check"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("error[house-style]: there is no file `static/logo.png` in the site"),
        "{t}"
    );
}

#[test]
fn an_old_address_redirects_and_a_clash_names_both_places() {
    let (_d, root) = site();
    edit(
        &root,
        "content/knelpunten/eerste-knelpunt.md",
        "titel:",
        "aliassen: [oud-knelpunt]\ntitel:",
    );
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let page = read(&root, "knelpunten/oud-knelpunt.html");
    assert!(
        page.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../knelpunten/eerste-knelpunt.html\">"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/knelpunten/eerste-knelpunt.html\">"
        ),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"../knelpunten/eerste-knelpunt.html\">Het eerste knelpunt</a>"),
        "{page}"
    );

    // The alias takes the address of a page that exists.
    edit(
        &root,
        "content/aanbevelingen/eerste-aanbeveling.md",
        "titel:",
        "aliassen: [oude-aanbeveling]\ntitel:",
    );
    std::fs::copy(
        root.join("content/aanbevelingen/eerste-aanbeveling.md"),
        root.join("content/aanbevelingen/tweede.md"),
    )
    .unwrap();
    let out = run(&root, &["build"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("content/aanbevelingen/tweede.md:2:12: error[alias-clash]: the old address `aanbevelingen/oude-aanbeveling.html` of alias `oude-aanbeveling` is taken: the alias at content/aanbevelingen/eerste-aanbeveling.md:2:12 is published there"),
        "{t}"
    );
    std::fs::remove_file(root.join("content/aanbevelingen/tweede.md")).unwrap();
    edit(
        &root,
        "content/aanbevelingen/eerste-aanbeveling.md",
        "[oude-aanbeveling]",
        "[eerste-aanbeveling, eerste-knelpunt]",
    );
    let t = text(&run(&root, &["build"]));
    assert!(
        t.contains("error[alias-clash]: `eerste-aanbeveling` is this page's own id"),
        "{t}"
    );
    // Another kind's folder: no clash with knelpunten/eerste-knelpunt.html.
    assert_eq!(t.matches("alias-clash").count(), 1, "{t}");
}

#[test]
fn the_exported_theme_builds_the_same_site_and_falls_behind_visibly() {
    let (_d, root) = site();
    let out = run(&root, &["build", "--out", "before"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&root, &["theme", "export"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(root.join("themes/default/templates/base.html").is_file());
    let again = run(&root, &["theme", "export"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("--force"), "{}", text(&again));
    let out = run(&root, &["build", "--out", "after"]);
    assert!(out.status.success(), "{}", text(&out));
    let files = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<_> = walk(dir)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert!(
        files(&root.join("before")) == files(&root.join("after")),
        "the exported theme changed the output"
    );
    // No warning while the copies match the binary's theme.
    let t = text(&run(&root, &["check"]));
    assert!(!t.contains("theme-outdated"), "{t}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_example_base_url_is_a_warning_that_ci_can_allow() {
    let (_d, root) = site();
    let out = run(&root, &["check", "--deny-warnings"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("leidraad.yaml:4:11: warning[placeholder-base-url]"),
        "{t}"
    );
    // The standard pages' „[…]” placeholders are warnings of their own (issue 22).
    let out = run(
        &root,
        &[
            "check",
            "--deny-warnings",
            "--allow",
            "placeholder-base-url",
            "--allow",
            "placeholder-text",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    edit(
        &root,
        "leidraad.yaml",
        "https://example.org/",
        "https://www.brancheclub.nl/leidraad/",
    );
    let out = run(
        &root,
        &["check", "--deny-warnings", "--allow", "placeholder-text"],
    );
    assert!(out.status.success(), "{}", text(&out));
}
