//! Full-line comments out of the theme's scripts and stylesheets as they are published.
//!
//! The theme's JavaScript and CSS explain themselves in comments; a visitor's browser
//! need not download them (a third of the checklist page's script). Only comments that
//! take whole lines go: a `/* … */` block that starts a line and ends a line, or a line
//! that is only a `//` comment. Nothing inside a line is touched, so strings and regular
//! expressions stay as written. A JavaScript file with a template literal (a backtick
//! outside comments) is left whole: its text may span lines.

/// `bytes` without its full-line comments, for a file named `name` (`.js` or `.css`;
/// any other file is returned unchanged).
pub fn strip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let js = name.ends_with(".js") || name.ends_with(".mjs");
    let css = name.ends_with(".css");
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    if !(js || css) {
        return bytes.to_vec();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if in_block {
            if let Some(end) = trimmed.find("*/") {
                in_block = false;
                if !trimmed[end + 2..].trim().is_empty() {
                    // Code after the comment on its closing line: not a whole-line
                    // comment after all, so keep the file as written.
                    return bytes.to_vec();
                }
            }
            continue;
        }
        if let Some(body) = trimmed.strip_prefix("/*") {
            match body.find("*/") {
                Some(end) if body[end + 2..].trim().is_empty() => continue,
                Some(_) => {}
                None => {
                    in_block = true;
                    continue;
                }
            }
        } else if js && trimmed.starts_with("//") {
            continue;
        }
        if js && line.contains('`') {
            return bytes.to_vec();
        }
        out.push_str(line);
    }
    if in_block {
        // An unclosed comment: the browser would ignore the rest anyway; keep it as written.
        return bytes.to_vec();
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::strip;

    fn s(name: &str, text: &str) -> String {
        String::from_utf8(strip(name, text.as_bytes())).unwrap()
    }

    #[test]
    fn whole_line_comments_go() {
        let js = "/* Why.\n   More. */\nvar a = 1; // kept: not a whole line\n  // gone\nvar b = '/* in a string */';\n";
        assert_eq!(
            s("x.js", js),
            "var a = 1; // kept: not a whole line\nvar b = '/* in a string */';\n"
        );
        let css = "/* a */\n.x { color: red; } /* kept */\n  /* b\n c */\n.y::before { content: \"//\"; }\n";
        assert_eq!(
            s("x.css", css),
            ".x { color: red; } /* kept */\n.y::before { content: \"//\"; }\n"
        );
    }

    #[test]
    fn doubtful_files_stay_whole() {
        for (name, text) in [
            ("x.js", "var t = `a\n// not a comment\n`;\n"),
            ("x.js", "/* a\n b */ var c = 1;\n"),
            ("x.css", "/* never closed\n.x {}\n"),
            ("x.svg", "<!-- -->\n// x\n"),
            ("x.css", "// is no comment in CSS\n"),
        ] {
            assert_eq!(s(name, text), text, "{text}");
        }
    }
}
