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
