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
