//! `leidraad check` reports everything `leidraad build` rejects, with the same text, and
//! the build publishes nothing broken: every local link, image and download must exist.
//! Both commands run the way authors run them: from inside the site folder.

use crate::common;

use common::Fixture;
use std::process::Command;

/// Runs `leidraad <args>` inside the site folder; returns (exit code, stdout + stderr).
fn run(f: &Fixture, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_leidraad"))
        .args(args)
        .current_dir(f.root())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap(), text)
}

/// The `file:line:col: error[...]` lines of an output.
fn errors(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains(": error[")).collect()
}

/// `check` and `build` both fail with exactly the same error lines, each containing
/// every `expected` text; the previous output stays.
fn both_fail(f: &Fixture, expected: &[&str]) {
    let (check_code, check) = run(f, &["check"]);
    let (build_code, build) = run(f, &["build"]);
    assert_eq!(check_code, 1, "check must fail:\n{check}");
    assert_eq!(build_code, 1, "build must fail:\n{build}");
    assert_eq!(errors(&check), errors(&build), "check and build disagree");
    for e in expected {
        assert!(check.contains(e), "expected {e:?} in:\n{check}");
    }
    assert!(!f.root().join("public").exists(), "nothing was published");
}

#[test]
fn an_undefined_template_field_fails_check_as_it_fails_build() {
    let f = Fixture::new("minimal");
    let base = leidraad::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "templates/partials/footer.html")
        .unwrap()
        .1;
    let text = String::from_utf8_lossy(base).replace(
        "<p>{{ t.footer_offline }}</p>",
        "<p>{{ t.footer_offline }} {{ data.organisatie.telefon }}</p>",
    );
    assert!(text.contains("telefon"), "the footer partial changed");
    f.write("themes/default/templates/partials/footer.html", &text);
    both_fail(
        &f,
        &[
            "themes/default/templates/partials/footer.html:",
            "error[template]",
            "telefon",
        ],
    );
}

#[test]
fn a_missing_image_fails_with_its_line() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/over.md",
        "## Achtergrond\n",
        "## Achtergrond\n\n![Schema van de inkoop](../afbeeldingen/x.png)\n",
    );
    both_fail(
        &f,
        &[
            "content/over.md:9:1: error[broken-link]: link to `../afbeeldingen/x.png` leads outside the site's folder",
        ],
    );
}

#[test]
fn a_missing_image_in_a_folder_fails_with_a_suggestion() {
    let f = Fixture::new("minimal");
    f.write("content/afbeeldingen/schema.png", "png");
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "Weinig aanbieders.",
        "Weinig aanbieders.\n\n![Schema](../afbeeldingen/shema.png)",
    );
    both_fail(
        &f,
        &[
            "content/knelpunten/smalle-markt.md:13:1: error[broken-link]: link to `../afbeeldingen/shema.png`: there is no file `afbeeldingen/shema.png` in the site; did you mean `afbeeldingen/schema.png`?",
        ],
    );
}

#[test]
fn a_missing_download_fails_with_its_line() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/knelpunten/smalle-markt.md",
        "Weinig aanbieders.",
        "Weinig aanbieders. Lees de [bijlage](bijlage.pdf).",
    );
    both_fail(
        &f,
        &[
            "content/knelpunten/smalle-markt.md:11:28: error[broken-link]: link to `bijlage.pdf`: there is no file `knelpunten/bijlage.pdf` in the site\n",
        ],
    );
}

#[test]
fn a_link_without_at_to_an_existing_id_suggests_the_at() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/over.md",
        "Zie [de faalfactor]",
        "Zie [het knelpunt](smalle-markt) en [de faalfactor]",
    );
    both_fail(
        &f,
        &["content/over.md:9:5:", "did you mean `@smalle-markt`?"],
    );
}

#[test]
fn an_anchor_that_does_not_exist_fails() {
    let f = Fixture::new("minimal");
    f.edit("content/over.md", "#wat-gaat-er-mis", "#wat-gaat-mis");
    both_fail(
        &f,
        &[
            "content/over.md:9:",
            "error[unknown-anchor]",
            "did you mean `#wat-gaat-er-mis`?",
        ],
    );
}

#[test]
fn a_script_link_fails() {
    let f = Fixture::new("minimal");
    f.edit(
        "content/over.md",
        "Zie [de faalfactor]",
        "[klik](javascript:alert(3)) Zie [de faalfactor]",
    );
    both_fail(&f, &["content/over.md:9:1:", "`javascript:`"]);
}

#[test]
fn images_in_a_folder_of_their_own_are_published() {
    let f = Fixture::new("minimal");
    f.write("content/afbeeldingen/logo.png", "\u{89}PNG");
    f.edit(
        "content/over.md",
        "## Achtergrond\n",
        "## Achtergrond\n\n![Logo van de uitgever](afbeeldingen/logo.png)\n",
    );
    let (code, text) = run(&f, &["check"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
    let (code, text) = run(&f, &["build"]);
    assert_eq!(code, 0, "{text}");
    assert!(f.root().join("public/afbeeldingen/logo.png").is_file());
}

#[test]
fn lock_files_are_not_published_and_stray_files_are_reported() {
    let f = Fixture::new("minimal");
    f.write("content/~$concept.docx", "lock");
    f.write("content/.~lock.concept.odt#", "lock");
    f.write("content/knelpunten/smalle-markt.md~", "backup");
    f.write("content/NOTES.txt", "interne aantekeningen");
    let (code, text) = run(&f, &["check"]);
    assert_eq!(code, 0, "warnings only:\n{text}");
    assert!(
        text.contains(
            "content/NOTES.txt: warning[unlinked-file]: not linked from any page, published anyway"
        ),
        "{text}"
    );
    assert!(
        !text.contains("concept"),
        "ignored files are not mentioned:\n{text}"
    );
    let (code, text) = run(&f, &["build"]);
    assert_eq!(code, 0, "{text}");
    let out = f.root().join("public");
    assert!(!out.join("~$concept.docx").exists());
    assert!(!out.join(".~lock.concept.odt#").exists());
    assert!(!out.join("knelpunten/smalle-markt.md~").exists());
    assert!(
        out.join("NOTES.txt").is_file(),
        "published anyway, as the warning says"
    );
}

#[test]
fn a_file_at_the_path_of_a_page_is_an_error() {
    let f = Fixture::new("minimal");
    f.write("content/over.html", "<p>oud</p>");
    both_fail(&f, &["content/over.html: error[output-conflict]"]);
}

#[test]
fn an_output_that_cannot_be_written_exits_2() {
    let f = Fixture::new("minimal");
    f.write("bestand", "geen map");
    let (code, text) = run(&f, &["build", "--out", "bestand/public"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("bestand"), "{text}");
}

#[test]
fn a_full_disk_exits_2_with_one_line_and_keeps_the_old_output() {
    let f = Fixture::new("minimal");
    let mnt = f.root().join("klein");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=48k", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        // Written straight to stderr so the skip is seen, not hidden as an "ok".
        eprintln!("SKIPPED a_full_disk_exits_2: cannot mount a small tmpfs here (needs root)");
        return;
    }
    // Fill the disk with a previous output first, then build into what is left.
    let (code, text) = run(&f, &["build", "--out", "klein/public"]);
    let filler = mnt.join("vulling");
    let _ = std::fs::write(&filler, vec![b'x'; 40 * 1024]);
    let (code2, text2) = run(&f, &["build", "--out", "klein/public"]);
    let staging_left = std::fs::read_dir(&mnt).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".public")
    });
    let _ = Command::new("umount").arg(&mnt).status();
    assert!(!staging_left, "no staging folder left behind");
    if code == 0 {
        assert_eq!(code2, 2, "{text2}");
    } else {
        assert_eq!(code, 2, "{text}");
    }
    let failing = if code == 0 { &text2 } else { &text };
    let lines: Vec<&str> = failing
        .lines()
        .filter(|l| l.contains("No space left on device"))
        .collect();
    assert_eq!(lines.len(), 1, "one line, not one per file:\n{failing}");
    assert!(lines[0].contains("cannot write the output"), "{failing}");
}
