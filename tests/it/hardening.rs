//! Hostile and careless input, each case from the attack campaign of issue 11: terminal
//! escapes and huge values in answer files, extreme numbers, broken JSON, an emptied
//! data file, script links and raw HTML, and a `static` folder that is a link. Every
//! command runs as an author runs it: the binary, inside the site folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A new site made by `leidraad init` (it has a three-question checklist).
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = run(dir.path(), &["init", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, root)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn answer_files_cannot_put_escape_sequences_on_the_terminal_or_flood_it() {
    let (_dir, root) = site();
    let long = "x".repeat(3000);
    let cases = [
        r#"{"checklist": "\u001b[2J\u001b]0;pwned\u0007", "answers": {}}"#.to_string(),
        format!("{{\"{long}\": \"ja\"}}"),
        "{\"doel\": \"\\u001b[31mrood\"}".to_string(),
        r#"{"checklist": "checklist", "innovatie": "\u001b[2Jweg", "answers": {"doel": "ja"}}"#
            .to_string(),
    ];
    for (i, json) in cases.iter().enumerate() {
        std::fs::write(root.join("a.json"), json).unwrap();
        for format in ["text", "json"] {
            let out = run(
                &root,
                &["assess", "--answers", "a.json", "--format", format],
            );
            let text = all_output(&out);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "case {i}: {text:?}"
            );
            assert!(text.len() < 2000, "case {i}: {} bytes echoed", text.len());
        }
    }
    // The escaped form is still readable.
    std::fs::write(root.join("a.json"), &cases[2]).unwrap();
    let text = all_output(&run(&root, &["assess", "--answers", "a.json"]));
    assert!(text.contains("\\u{1b}[31mrood"), "{text}");
}

#[test]
fn a_broken_json_answers_file_is_called_invalid_json_with_its_place() {
    let (_dir, root) = site();
    std::fs::write(
        root.join("a.json"),
        "{\n  \"doel\": \"ja\",\n  \"partners\" \"nee\"\n}\n",
    )
    .unwrap();
    let out = run(&root, &["assess", "--answers", "a.json"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("a.json:3:") && text.contains("invalid JSON"),
        "{text}"
    );
    assert!(!text.contains("YAML"), "{text}");
}

#[test]
fn extreme_numbers_are_refused_where_they_are_written() {
    let (_dir, root) = site();
    let checklist = root.join("content/checklists/checklist.yaml");
    let original = std::fs::read_to_string(&checklist).unwrap();
    for (from, to, says) in [
        ("gewicht: 2", "gewicht: 1e308", "from 0 to 1000"),
        (
            "gewicht: 2",
            "gewicht: .nan",
            "must be a number, found `.nan`",
        ),
        // Weight 0 is valid since checklist rules 3.0 (shown, never scored).
        ("gewicht: 2", "gewicht: -3", "from 0 to 1000"),
        (
            "score: 0.5 }",
            "score: .inf }",
            "`.inf`, which is not a usable number",
        ),
        (
            "vanaf: 45",
            "vanaf: .nan",
            "`.nan`, which is not a usable number",
        ),
        ("vanaf: 45", "vanaf: 120", "from 0 to 100"),
    ] {
        std::fs::write(&checklist, original.replacen(from, to, 1)).unwrap();
        let out = run(&root, &["check"]);
        let text = all_output(&out);
        assert_eq!(out.status.code(), Some(1), "{to}: {text}");
        assert!(
            text.contains("content/checklists/checklist.yaml:") && text.contains(says),
            "{to}: {text}"
        );
    }
    std::fs::write(&checklist, original).unwrap();
    // A number field and a data file.
    let config = root.join("leidraad.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replacen(
            "    citations: optional\n",
            "    citations: optional\n    fields:\n      kosten: { type: number }\n",
            1,
        ),
    )
    .unwrap();
    let entry = root.join("content/knelpunten/eerste-knelpunt.md");
    let body = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(
        &entry,
        body.replacen("---\n## ", "kosten: .inf\n---\n## ", 1),
    )
    .unwrap();
    std::fs::write(root.join("content/data/cijfers.yaml"), "groot: .nan\n").unwrap();
    let out = run(&root, &["check"]);
    let text = all_output(&out);
    assert!(
        text.contains("content/knelpunten/eerste-knelpunt.md:4:") && text.contains(".inf"),
        "{text}"
    );
    assert!(
        text.contains("content/data/cijfers.yaml") && text.contains(".nan"),
        "{text}"
    );
}

#[test]
fn an_emptied_data_file_is_named_not_blamed_on_a_template() {
    let (_dir, root) = site();
    std::fs::write(root.join("content/data/organisatie.yaml"), "naam: Test\n").unwrap();
    assert!(run(&root, &["build"]).status.success());
    std::fs::write(root.join("content/data/organisatie.yaml"), "").unwrap();
    let out = run(&root, &["build"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("content/data/organisatie.yaml: error[empty-data]"),
        "{text}"
    );
    assert!(!text.contains(".html"), "no template is blamed: {text}");
}

#[test]
fn script_links_are_errors_and_risky_raw_html_is_a_warning() {
    let (_dir, root) = site();
    let page = root.join("content/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    for link in [
        "javascript:alert(3)",
        "JavaScript:alert(3)",
        "vbscript:x",
        "data:text/html,<b>x</b>",
    ] {
        std::fs::write(&page, format!("{text}\n[klik]({link})\n")).unwrap();
        let out = run(&root, &["build"]);
        assert_eq!(out.status.code(), Some(1), "{link}: {}", all_output(&out));
    }
    std::fs::write(
        &page,
        format!("{text}\n<script>alert(1)</script>\n\n<img src=\"x.png\" alt=\"\" onerror=\"alert(2)\">\n\n<iframe src=\"https://example.org\"></iframe>\n\n<p style=\"color:red\">rood</p>\n"),
    )
    .unwrap();
    let out = run(&root, &["check"]);
    let text = all_output(&out);
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("warning[raw-html]"))
        .collect();
    assert_eq!(warnings.len(), 4, "{text}");
    assert!(warnings[0].contains("<script>"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_static_folder_that_is_a_link_is_not_followed() {
    let (dir, root) = site();
    let secret = dir.path().join("geheim");
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(secret.join("wachtwoord.txt"), "hunter2").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("static")).unwrap();
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(!root.join("public/static/wachtwoord.txt").exists());
}

// ---- Issue 19: special files, refused outputs, leftovers, many problems, small points.

/// Runs the binary in `dir` with at most 2 GB of address space, so a run that reads
/// without end fails at once instead of exhausting the machine; a hang is killed.
fn bounded(dir: &Path, args: &[&str]) -> crate::limits::Measured {
    crate::limits::run_measured(dir, args, Some(2 << 30))
}

#[cfg(unix)]
#[test]
fn links_to_a_device_or_a_named_pipe_are_skipped_without_being_read() {
    let (dir, root) = site();
    let fifo = dir.path().join("pijp");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", root.join("content/nul.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("content/nul.pdf")).unwrap();
    std::os::unix::fs::symlink(&fifo, root.join("content/pijp.md")).unwrap();
    for command in ["check", "build"] {
        let m = bounded(&root, &[command]);
        let text = m.text();
        assert_eq!(m.signal, None, "{command} was killed: {text}");
        assert_eq!(m.code, 0, "{command}: {text}");
        for name in ["nul.md", "nul.pdf", "pijp.md"] {
            assert!(
                text.contains(&format!("content/{name}: warning[symlink]")),
                "{command}: {name}: {text}"
            );
        }
        assert!(m.peak < 500 << 20, "{command}: {} MB", m.peak >> 20);
    }
}

#[cfg(unix)]
#[test]
fn assess_refuses_a_device_or_a_named_pipe_as_answers() {
    let (_dir, root) = site();
    assert!(
        Command::new("mkfifo")
            .arg(root.join("antwoorden.yaml"))
            .status()
            .unwrap()
            .success()
    );
    for answers in ["/dev/zero", "antwoorden.yaml"] {
        let m = bounded(&root, &["assess", "--answers", answers]);
        let text = m.text();
        assert_eq!(m.signal, None, "{answers}: killed: {text}");
        assert_eq!(m.code, 1, "{answers}: {text}");
        assert!(
            text.contains(&format!("{answers}: error[not-a-file]"))
                && text.contains("not an ordinary file"),
            "{answers}: {text}"
        );
    }
}

#[test]
fn build_out_a_file_is_refused_and_the_file_kept() {
    let (_dir, root) = site();
    std::fs::write(root.join("README.md"), "notes\n").unwrap();
    let out = run(&root, &["build", "--out", "README.md"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("README.md") && text.contains("not a folder"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("README.md")).unwrap(),
        "notes\n"
    );
    let hidden: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".README"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    // A folder with files of its own and no marker is refused too; an empty one is used,
    // and every output gets the marker.
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/notes.txt"), "mijn notities").unwrap();
    let out = run(&root, &["build", "--out", "docs"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(root.join("docs/notes.txt").exists());
    std::fs::create_dir_all(root.join("leeg")).unwrap();
    let out = run(&root, &["build", "--out", "leeg"]);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(root.join("leeg/.leidraad-output").is_file());
}

#[test]
fn an_out_path_is_normalised_before_it_is_judged() {
    let (_dir, root) = site();
    let out = run(&root, &["build", "--out", "content/../pub2"]);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(root.join("pub2/index.html").is_file());
    assert!(!root.join("content/pub2").exists());
    let out = run(&root, &["build", "--out", "pub2/../content/x"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(all_output(&out).contains("holds your own files"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_updated_through_its_link() {
    let (dir, root) = site();
    let live = dir.path().join("www/live");
    std::fs::create_dir_all(&live).unwrap();
    std::os::unix::fs::symlink(&live, root.join("public")).unwrap();
    for title in ["Eerste versie", "Tweede versie"] {
        let config = std::fs::read_to_string(root.join("leidraad.yaml")).unwrap();
        let line = config.lines().find(|l| l.starts_with("title:")).unwrap();
        std::fs::write(
            root.join("leidraad.yaml"),
            config.replacen(line, &format!("title: \"{title}\""), 1),
        )
        .unwrap();
        let out = run(&root, &["build"]);
        assert!(out.status.success(), "{}", all_output(&out));
        assert!(
            std::fs::symlink_metadata(root.join("public"))
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link is kept"
        );
        let home = std::fs::read_to_string(live.join("index.html")).unwrap();
        assert!(home.contains(title), "{title}");
        assert!(live.join(".leidraad-output").is_file());
    }
    // Nothing is left beside the live folder but the lock.
    let beside: Vec<String> = std::fs::read_dir(live.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "live" && n != ".live.lock")
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

/// Makes `file` impossible to delete: immutable (as root, where permissions do not
/// stop deleting), else its folder read-only. False where neither works.
#[cfg(unix)]
fn undeletable(file: &Path, on: bool) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let chattr = Command::new("chattr")
        .arg(if on { "+i" } else { "-i" })
        .arg(file)
        .status()
        .is_ok_and(|s| s.success());
    let folder = file.parent().unwrap();
    let mode = if on { 0o555 } else { 0o755 };
    if !chattr {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    if !on {
        return true;
    }
    // Whether it holds: a probe file cannot be created beside it nor the file removed.
    let probe = folder.join("probe");
    let held = std::fs::write(&probe, "x").is_err() || chattr;
    let _ = std::fs::remove_file(&probe);
    held
}

#[cfg(unix)]
#[test]
fn an_old_output_that_cannot_be_deleted_is_reported_and_later_builds_go_on() {
    let (_dir, root) = site();
    assert!(run(&root, &["build"]).status.success());
    let stuck = root.join("public/static/vast.txt");
    std::fs::write(&stuck, "vast").unwrap();
    if !undeletable(&stuck, true) {
        eprintln!("SKIPPED: cannot make a file undeletable here");
        return;
    }
    let mut outputs = Vec::new();
    for _ in 0..2 {
        let out = run(&root, &["build"]);
        outputs.push(all_output(&out));
        assert!(out.status.success(), "{}", all_output(&out));
    }
    // Each leftover is named, with what to do; the new site is in place.
    let leftovers: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".public.tmp-")
        })
        .collect();
    for p in &leftovers {
        let stuck = p.join("static/vast.txt");
        if stuck.exists() {
            undeletable(&stuck, false);
        }
    }
    assert!(!leftovers.is_empty());
    assert!(
        outputs[0].contains("could not delete") && outputs[0].contains(".public.tmp-"),
        "{}",
        outputs[0]
    );
    assert!(root.join("public/index.html").is_file());
    assert!(!root.join("public/static/vast.txt").exists());
}

#[test]
fn many_problems_in_one_file_list_the_first_hundred_and_count_the_rest() {
    let (_dir, root) = site();
    let entry = root.join("content/aanbevelingen/eerste-aanbeveling.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    let ids: Vec<String> = (0..5000).map(|i| format!("onbekend-{i}")).collect();
    let text = text.replacen(
        "---\n",
        &format!("---\npakt_aan: [{}]\n", ids.join(", ")),
        1,
    );
    // The scaffold may already name targets; keep only the first `pakt_aan`.
    let mut seen = false;
    let text: String = text
        .lines()
        .filter(|l| {
            if l.starts_with("pakt_aan:") {
                let keep = !seen;
                seen = true;
                return keep;
            }
            true
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&entry, text).unwrap();
    let m = bounded(&root, &["check"]);
    let out = m.text();
    let listed = out
        .lines()
        .filter(|l| {
            l.starts_with("content/aanbevelingen/eerste-aanbeveling.md:")
                && l.contains("error[unknown-id]")
        })
        .count();
    assert_eq!(listed, 100, "{}", &out[..out.len().min(3000)]);
    assert!(
        out.contains("and 4900 more problems in this file"),
        "{}",
        &out[out.len().saturating_sub(3000)..]
    );
    assert_eq!(m.code, 1);
}

#[test]
fn script_links_and_refreshes_in_raw_html_are_flagged() {
    let (_dir, root) = site();
    let page = root.join("content/over.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!(
            "{text}\n<a href=\"javascript:alert(1)\">klik</a>\n\n<a href='JavaScript:alert(2)'>b</a> <img src=\" vbscript:x\" alt=\"\">\n\n<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n\n<a href=\"https://example.org/javascript:\">gewoon</a>\n"
        ),
    )
    .unwrap();
    let out = run(&root, &["check"]);
    let text = all_output(&out);
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("warning[raw-html]"))
        .collect();
    assert_eq!(warnings.len(), 4, "{text}");
    assert_eq!(
        warnings
            .iter()
            .filter(|l| l.contains("javascript:") || l.contains("script link"))
            .count(),
        3,
        "{text}"
    );
    assert!(warnings[3].contains("refresh"), "{text}");
}

#[test]
fn a_house_stylesheet_that_is_a_page_is_refused_at_its_value() {
    let (_dir, root) = site();
    let config = std::fs::read_to_string(root.join("leidraad.yaml")).unwrap();
    std::fs::write(
        root.join("leidraad.yaml"),
        format!("{config}huisstijl:\n  stylesheet: content/over.md\n"),
    )
    .unwrap();
    let out = run(&root, &["build"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(errors.len(), 1, "one problem, at the value: {text}");
    assert!(
        errors[0].starts_with("leidraad.yaml:") && errors[0].contains("content/over.md"),
        "{text}"
    );
}

#[test]
fn a_data_file_without_a_key_the_theme_shows_names_the_key() {
    let (_dir, root) = site();
    std::fs::write(
        root.join("content/data/organisatie.yaml"),
        "contact: \"info@zorg.test\"\n",
    )
    .unwrap();
    let out = run(&root, &["build"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("content/data/organisatie.yaml") && text.contains("`naam`"),
        "{text}"
    );
    assert!(
        !text.contains("partials/footer.html:"),
        "not blamed on the theme: {text}"
    );
}

#[cfg(unix)]
#[test]
fn a_content_folder_that_is_a_link_is_refused_not_used() {
    let (dir, root) = site();
    let elsewhere = dir.path().join("elders");
    std::fs::rename(root.join("content"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("content")).unwrap();
    let out = run(&root, &["build"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("content: error[symlink]") && text.contains("link"),
        "{text}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn the_changes_feed_has_a_real_date_outside_git() {
    let (_dir, root) = site();
    let out = run(&root, &["build"]);
    assert!(out.status.success(), "{}", all_output(&out));
    let feed = std::fs::read_to_string(root.join("public/wijzigingen.xml")).unwrap();
    let updated = feed
        .split("<updated>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap();
    assert!(!updated.starts_with("1970"), "{updated}");
    // The day the newest content file was saved: today, for a site just made.
    let year: u32 = updated[..4].parse().unwrap();
    assert!(year >= 2024, "{updated}");
}
