//! `dates::git_dates` against real git repositories made for the test: dates of the
//! newest commit per file, a site in a subfolder, names with a space and an `é`,
//! uncommitted files, and folders that are not repositories.

use leidraad::dates::{Date, git_dates};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Variables that would make git in the test use another repository or the tester's
/// settings.
const GIT_ENV: [&str; 9] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
];

/// Runs git in `dir` with fixed dates and identity and no user or system settings.
fn git(dir: &Path, when: &str, args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir);
    for var in GIT_ENV {
        cmd.env_remove(var);
    }
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => panic!("this test needs git on the PATH: running `git` failed: {e}"),
    };
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn rel(path: &str) -> PathBuf {
    path.split('/').collect()
}

const MARCH: &str = "2026-03-04T10:00:00+01:00";
const NOVEMBER: &str = "2026-11-20T15:30:00+01:00";

/// A repository with the site in `site/` and one file outside it: a first commit in
/// March with everything, a second in November that changes one page only.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, MARCH, &["init", "-q"]);
    write(repo, "README.md", "buiten de site\n");
    write(repo, "site/content/knelpunten/a.md", "a\n");
    write(repo, "site/content/knelpunten/b.md", "b\n");
    write(repo, "site/content/over ons é.md", "é\n");
    write(repo, "site/leidraad.yaml", "title: x\n");
    git(repo, MARCH, &["add", "-A"]);
    git(repo, MARCH, &["commit", "-q", "-m", "eerste"]);
    write(repo, "site/content/knelpunten/b.md", "b, herzien\n");
    write(repo, "README.md", "ook herzien\n");
    git(repo, NOVEMBER, &["commit", "-q", "-a", "-m", "tweede"]);
    // A new file that is not committed has no date.
    write(repo, "site/content/nieuw.md", "nieuw\n");
    dir
}

#[test]
fn newest_commit_per_file_at_the_top_of_the_repository() {
    let dir = repository();
    let dates = git_dates(dir.path());
    assert_eq!(dates.get(&rel("README.md")), Some(&date("2026-11-20")));
    assert_eq!(
        dates.get(&rel("site/content/knelpunten/a.md")),
        Some(&date("2026-03-04"))
    );
    assert_eq!(
        dates.get(&rel("site/content/knelpunten/b.md")),
        Some(&date("2026-11-20"))
    );
    assert_eq!(
        dates.get(&rel("site/content/over ons é.md")),
        Some(&date("2026-03-04"))
    );
    assert_eq!(dates.get(&rel("site/content/nieuw.md")), None);
    assert_eq!(dates.len(), 5, "{dates:?}");
}

#[test]
fn site_in_a_subfolder_gets_paths_relative_to_it() {
    let dir = repository();
    let dates = git_dates(&dir.path().join("site"));
    let expected = [
        ("content/knelpunten/a.md", "2026-03-04"),
        ("content/knelpunten/b.md", "2026-11-20"),
        ("content/over ons é.md", "2026-03-04"),
        ("leidraad.yaml", "2026-03-04"),
    ];
    for (path, when) in expected {
        assert_eq!(
            dates.get(&rel(path)),
            Some(&date(when)),
            "{path}: {dates:?}"
        );
    }
    // Files outside the site are not listed, the uncommitted one has no date.
    assert_eq!(dates.len(), expected.len(), "{dates:?}");
}

#[test]
fn the_date_is_the_one_on_the_committers_clock() {
    // Half past midnight on the 21st in Amsterdam is still the 20th in UTC: the page
    // shows the date the author saw.
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, MARCH, &["init", "-q"]);
    write(repo, "a.md", "a\n");
    git(repo, MARCH, &["add", "-A"]);
    git(
        repo,
        "2026-11-21T00:30:00+01:00",
        &["commit", "-q", "-m", "laat"],
    );
    let dates = git_dates(repo);
    assert_eq!(dates.get(&rel("a.md")), Some(&date("2026-11-21")));
}

#[test]
fn a_move_counts_as_a_change_and_deleted_files_do_no_harm() {
    let dir = repository();
    let repo = dir.path();
    git(
        repo,
        "2026-12-01T09:00:00+01:00",
        &[
            "mv",
            "site/content/knelpunten/a.md",
            "site/content/knelpunten/c.md",
        ],
    );
    git(
        repo,
        "2026-12-01T09:00:00+01:00",
        &["commit", "-q", "-m", "verplaatst"],
    );
    let dates = git_dates(&repo.join("site"));
    assert_eq!(
        dates.get(&rel("content/knelpunten/c.md")),
        Some(&date("2026-12-01"))
    );
    // The old name is still in the history; the build simply never asks for it.
    assert_eq!(
        dates.get(&rel("content/knelpunten/a.md")),
        Some(&date("2026-12-01"))
    );
}

#[test]
fn a_folder_that_is_not_a_repository_gives_no_dates() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "content/a.md", "a\n");
    // The test means something only if no repository encloses the temporary folder.
    let inside = Command::new("git")
        .arg("-C")
        .arg(dir.path())
        .args(["rev-parse", "--git-dir"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("this test needs git on the PATH");
    assert!(
        !inside.status.success(),
        "the temporary folder {} is inside a git repository; point TMPDIR elsewhere",
        dir.path().display()
    );
    assert!(git_dates(dir.path()).is_empty());
    assert!(git_dates(&dir.path().join("does-not-exist")).is_empty());
}

#[test]
fn a_repository_without_commits_gives_no_dates() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), MARCH, &["init", "-q"]);
    write(dir.path(), "a.md", "a\n");
    assert!(git_dates(dir.path()).is_empty());
}

/// A new site made by `leidraad init`, in a temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .current_dir(dir.path())
        .args(["init", "site"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let site = dir.path().join("site");
    (dir, site)
}

/// The user's path: `leidraad init`, two commits, a front-matter date, then
/// `cd site && leidraad build` with default flags. Pages, sitemap, the changes page and
/// its feed carry the right dates.
#[test]
fn a_built_site_shows_git_dates_and_front_matter_wins() {
    let (_dir, site) = init_site();
    let bin = env!("CARGO_BIN_EXE_leidraad");
    git(&site, "2026-03-04T10:00:00+01:00", &["init", "-q"]);
    git(&site, "2026-03-04T10:00:00+01:00", &["add", "."]);
    git(
        &site,
        "2026-03-04T10:00:00+01:00",
        &["commit", "-q", "-m", "first"],
    );
    let edit = |rel: &str, from: &str, to: &str| {
        let p = site.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} lacks {from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/knelpunten/eerste-knelpunt.md",
        "Beschrijf hier",
        "Nieuwe alinea.\n\nBeschrijf hier",
    );
    edit(
        "content/aanbevelingen/eerste-aanbeveling.md",
        "titel:",
        "bijgewerkt: 2025-01-10\ntitel:",
    );
    git(
        &site,
        "2026-11-20T09:00:00+01:00",
        &["commit", "-q", "-a", "-m", "second"],
    );
    let out = Command::new(bin)
        .current_dir(&site)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |rel: &str| std::fs::read_to_string(site.join("public").join(rel)).unwrap();
    let shown = |rel: &str| {
        let html = read(rel);
        let at = html
            .find("class=\"updated\"")
            .unwrap_or_else(|| panic!("{rel} has no date"));
        html[at..].split("</p>").next().unwrap().to_string()
    };
    assert!(
        shown("knelpunten/eerste-knelpunt.html")
            .contains("<time datetime=\"2026-11-20\">20 november 2026</time>"),
        "{}",
        shown("knelpunten/eerste-knelpunt.html")
    );
    // Committed on 20 November, but the author's date wins.
    assert!(
        shown("aanbevelingen/eerste-aanbeveling.html")
            .contains("<time datetime=\"2025-01-10\">10 januari 2025</time>")
    );
    let sitemap = read("sitemap.xml");
    assert!(
        sitemap.contains("knelpunten/eerste-knelpunt.html</loc><lastmod>2026-11-20</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap
            .contains("aanbevelingen/eerste-aanbeveling.html</loc><lastmod>2025-01-10</lastmod>"),
        "{sitemap}"
    );
    // The home page shows no date line, but the sitemap has its date.
    assert!(
        sitemap.contains("/</loc><lastmod>2026-03-04</lastmod>"),
        "{sitemap}"
    );
    let page = read("wijzigingen.html");
    let changes = page
        .split("<ol class=\"changes\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .unwrap_or_else(|| panic!("no list of changes:\n{page}"));
    let first = changes.find("eerste-knelpunt.html").unwrap();
    let home = changes.find("href=\"index.html\">").unwrap();
    let oldest = changes.find("eerste-aanbeveling.html").unwrap();
    assert!(first < home && home < oldest, "newest first:\n{changes}");
    let feed = read("wijzigingen.xml");
    assert!(
        feed.contains("<updated>2026-11-20T00:00:00Z</updated>"),
        "{feed}"
    );

    // Outside a repository there are no dates, and nothing breaks.
    std::fs::remove_dir_all(site.join(".git")).unwrap();
    let out = Command::new(bin)
        .current_dir(&site)
        .arg("build")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!read("knelpunten/eerste-knelpunt.html").contains("class=\"updated\""));
    assert!(read("aanbevelingen/eerste-aanbeveling.html").contains("10 januari 2025"));
}

#[test]
fn a_wrong_date_in_front_matter_is_an_error_at_its_value() {
    let (_dir, site) = init_site();
    let bin = env!("CARGO_BIN_EXE_leidraad");
    let p = site.join("content/knelpunten/eerste-knelpunt.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("titel:", "bijgewerkt: 2026-02-30\ntitel:", 1),
    )
    .unwrap();
    let out = Command::new(bin)
        .current_dir(&site)
        .args(["check"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("content/knelpunten/eerste-knelpunt.md:2:13: error[invalid-date]: `2026-02-30` is not a date: February 2026 has 28 days"),
        "{text}"
    );
}
