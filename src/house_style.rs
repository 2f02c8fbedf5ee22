//! The publisher's house style (`huisstijl` in `leidraad.yaml`): name, logo, favicon,
//! colours and an extra stylesheet. Colours reach the theme through its CSS custom
//! properties in a generated `static/huisstijl.css`, so no template or stylesheet needs
//! copying. Every text and control colour pair the theme derives from a chosen colour is
//! checked against WCAG 2.2 AA; a colour that fails is refused with the pair, the ratio
//! and the nearest shade that passes.

use crate::config::{CONFIG_FILE, Colours, SiteConfig};
use crate::contrast::{Rgb, contrast, format_ratio, nearest_passing, passes};
use crate::diagnostic::{Diagnostic, Diagnostics, printable};
use crate::yaml::Positions;
use serde::Serialize;
use std::path::Path;

/// Contrast WCAG 2.2 AA asks for normal text (1.4.3).
const TEXT: f64 = 4.5;

/// The default theme's own colours that the house colours meet (see `style.css`).
mod theme {
    use super::Rgb;
    pub(super) const BG: Rgb = Rgb {
        r: 0xfb,
        g: 0xfa,
        b: 0xf7,
    };
    pub(super) const SURFACE: Rgb = Rgb {
        r: 0xff,
        g: 0xff,
        b: 0xff,
    };
    pub(super) const TEXT: Rgb = Rgb {
        r: 0x1c,
        g: 0x22,
        b: 0x26,
    };
    pub(super) const HEADER_TEXT: Rgb = Rgb {
        r: 0xff,
        g: 0xff,
        b: 0xff,
    };
    pub(super) const DARK_BG: Rgb = Rgb {
        r: 0x12,
        g: 0x16,
        b: 0x18,
    };
    pub(super) const DARK_SURFACE: Rgb = Rgb {
        r: 0x1b,
        g: 0x21,
        b: 0x24,
    };
    pub(super) const DARK_TEXT: Rgb = Rgb {
        r: 0xe7,
        g: 0xec,
        b: 0xee,
    };
    pub(super) const DARK_HEADER_TEXT: Rgb = Rgb {
        r: 0xf2,
        g: 0xf7,
        b: 0xf9,
    };
}

/// What templates see as `house`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct House {
    /// The publisher's name.
    pub organisation: String,
    /// Output path of the logo, or empty.
    pub logo: String,
    /// Alternative text of the logo: the publisher's name, else the site title.
    pub logo_alt: String,
    /// Output path of the favicon.
    pub favicon: String,
    /// Output path of the extra stylesheet, or empty.
    pub stylesheet: String,
    /// Output path of the generated colour stylesheet.
    pub css: String,
}

/// Output path of the generated colour stylesheet.
pub const CSS_PATH: &str = "static/huisstijl.css";

/// The favicon of the default theme.
const DEFAULT_FAVICON: &str = "static/favicon.svg";

/// The house style of a site: files checked to exist, colours checked for contrast.
pub fn load(root: &Path, config: &SiteConfig, at: &Positions) -> (House, Diagnostics) {
    let hs = &config.huisstijl;
    let mut diags = Diagnostics::default();
    let mut file = |key: &str, value: &Option<String>| -> String {
        let Some(rel) = value.as_deref() else {
            return String::new();
        };
        match published_path(root, rel) {
            Ok(out) => out,
            Err((msg, near)) => {
                let hint = match near {
                    Some(near) => format!("did you mean `{key}: {near}`?"),
                    None => "name a file in the site's `static/` or `content/` folder, like `static/logo.svg`".to_string(),
                };
                diags.push(
                    Diagnostic::error(CONFIG_FILE, "house-style", msg)
                        .at_pos(at.at(&format!("huisstijl.{key}")))
                        .with_hint(hint),
                );
                String::new()
            }
        }
    };
    let logo = file("logo", &hs.logo);
    let favicon = file("favicon", &hs.favicon);
    let stylesheet = file("stylesheet", &hs.stylesheet);
    diags.extend(check_colours(&hs.kleuren, at));
    let organisation = hs.organisatie.clone().unwrap_or_default();
    let house = House {
        logo_alt: if organisation.is_empty() {
            config.title.clone()
        } else {
            organisation.clone()
        },
        organisation,
        logo,
        favicon: if favicon.is_empty() {
            DEFAULT_FAVICON.into()
        } else {
            favicon
        },
        stylesheet,
        css: CSS_PATH.into(),
    };
    (house, diags)
}

/// Where a site file named in `huisstijl` is published: `static/x` as `static/x`,
/// `content/x` as `x` (like every file under `content/`). The error says why not, with
/// the path of a file that is there and is likely meant.
fn published_path(root: &Path, rel: &str) -> Result<String, (String, Option<String>)> {
    let clean = rel.trim_start_matches("./");
    let bad = || format!("`{}` is not a file of the site", printable(rel, 80));
    if clean.split('/').any(|part| part == ".." || part.is_empty()) || clean.starts_with('/') {
        return Err((bad(), None));
    }
    let out = if clean.starts_with("static/") {
        clean.to_string()
    } else if let Some(rest) = clean.strip_prefix("content/") {
        crate::files::asset_output(Path::new(rest))
    } else {
        let moved = ["static", "content"]
            .iter()
            .map(|dir| format!("{dir}/{clean}"))
            .find(|p| root.join(p).is_file());
        return Err((
            format!(
                "`{}` is not in the site's `static/` or `content/` folder, so it is not published",
                printable(rel, 80)
            ),
            moved,
        ));
    };
    if !root.join(clean).is_file() {
        return Err((
            format!("there is no file `{}` in the site", printable(rel, 80)),
            near_file(root, clean),
        ));
    }
    Ok(out)
}

/// A file in the same folder whose name is close to the one in `rel` (another case, a
/// typo), as a path like `rel`.
fn near_file(root: &Path, rel: &str) -> Option<String> {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let names: Vec<String> = std::fs::read_dir(root.join(dir))
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let near = crate::diagnostic::closest(name, names.iter().map(String::as_str))?;
    Some(if dir.is_empty() {
        near.to_string()
    } else {
        format!("{dir}/{near}")
    })
}

/// One colour pair the theme makes from a house colour: the text colour and the
/// background, each given by the chosen colour.
struct Pair {
    /// What it is, for the message.
    what: &'static str,
    text: fn(Rgb) -> Rgb,
    background: fn(Rgb) -> Rgb,
}

/// The tints the theme makes from the accent colour (see [`stylesheet`]).
fn soft_light(a: Rgb) -> Rgb {
    mix(a, theme::SURFACE, 0.9)
}
fn soft_dark(a: Rgb) -> Rgb {
    mix(a, theme::DARK_SURFACE, 0.85)
}

/// The pairs the theme makes from a colour, by `kleuren` key. All are text: WCAG 2.2 AA
/// asks 4.5:1 (a control or focus ring in these colours, 3:1, then passes too).
fn pairs(key: &str) -> Vec<Pair> {
    let p = |what, text, background| Pair {
        what,
        text,
        background,
    };
    let own = |c: Rgb| c;
    match key {
        "primair" => vec![p(
            "the white header text on it",
            |_| theme::HEADER_TEXT,
            own,
        )],
        "primair_donker" => vec![p(
            "the light header text on it in dark mode",
            |_| theme::DARK_HEADER_TEXT,
            own,
        )],
        "accent" => vec![
            p("links in it on the page background", own, |_| theme::BG),
            p(
                "links in it on white boxes, and white button text on it",
                own,
                |_| theme::SURFACE,
            ),
            p("text in it on the light tint made from it", own, soft_light),
            p(
                "body text on the light tint made from it",
                |_| theme::TEXT,
                soft_light,
            ),
        ],
        "accent_donker" => vec![
            p("links in it on the dark page background", own, |_| {
                theme::DARK_BG
            }),
            p(
                "links in it on dark boxes, and dark button text on it",
                own,
                |_| theme::DARK_SURFACE,
            ),
            p("text in it on the dark tint made from it", own, soft_dark),
            p(
                "body text on the dark tint made from it",
                |_| theme::DARK_TEXT,
                soft_dark,
            ),
        ],
        _ => Vec::new(),
    }
}

fn colour_entries(c: &Colours) -> [(&'static str, &Option<String>); 4] {
    [
        ("primair", &c.primair),
        ("accent", &c.accent),
        ("primair_donker", &c.primair_donker),
        ("accent_donker", &c.accent_donker),
    ]
}

fn ratio(p: &Pair, c: Rgb) -> f64 {
    contrast((p.text)(c), (p.background)(c))
}

/// The shade of `colour` nearest to it for which every pair passes: moved away from the
/// background it is set against (the first pair's), asking a little more each time
/// until the pairs with derived tints pass too.
fn suggest(colour: Rgb, pairs: &[Pair]) -> Option<Rgb> {
    let against = pairs.first().map(|p| {
        let bg = (p.background)(colour);
        if bg == colour { (p.text)(colour) } else { bg }
    })?;
    (0..=40)
        .map(|step| TEXT + f64::from(step) * 0.1)
        .filter_map(|min| nearest_passing(colour, against, min))
        .find(|s| pairs.iter().all(|p| passes(ratio(p, *s), TEXT)))
}

/// Every chosen colour against every pair the theme makes with it.
fn check_colours(c: &Colours, at: &Positions) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (key, value) in colour_entries(c) {
        let Some(text) = value else { continue };
        let pos = at.at(&format!("huisstijl.kleuren.{key}"));
        let colour = match Rgb::parse(text.trim()) {
            Ok(c) => c,
            Err(e) => {
                diags.push(Diagnostic::error(CONFIG_FILE, "invalid-colour", e).at_pos(pos));
                continue;
            }
        };
        let pairs = pairs(key);
        let Some(pair) = pairs.iter().find(|p| !passes(ratio(p, colour), TEXT)) else {
            continue;
        };
        let d = Diagnostic::error(
            CONFIG_FILE,
            "low-contrast",
            format!(
                "the colour {colour} of `{key}` has too little contrast for {}: {} ({} on {}), and WCAG 2.2 AA needs {} for text",
                pair.what,
                format_ratio(ratio(pair, colour)),
                (pair.text)(colour),
                (pair.background)(colour),
                format_ratio(TEXT),
            ),
        )
        .at_pos(pos);
        diags.push(match suggest(colour, &pairs) {
            Some(s) => d.with_hint(format!(
                "the nearest shade of this colour that passes is `{s}` ({} for {})",
                format_ratio(ratio(pair, s)),
                pair.what
            )),
            None => d.with_hint("no shade of this colour passes; choose another colour"),
        });
    }
    diags
}

/// `static/huisstijl.css`: the theme's custom properties for the chosen colours, light
/// and dark. Empty rules when no colour is chosen, so the file always exists.
pub fn stylesheet(config: &SiteConfig) -> String {
    let c = &config.huisstijl.kleuren;
    let parse = |v: &Option<String>| v.as_deref().and_then(|t| Rgb::parse(t.trim()).ok());
    let mut light = String::new();
    let mut dark = String::new();
    if let Some(p) = parse(&c.primair) {
        light.push_str(&format!("  --header-bg: {p};\n"));
    }
    if let Some(a) = parse(&c.accent) {
        light.push_str(&format!(
            "  --accent: {a};\n  --accent-strong: {};\n  --accent-soft: {};\n",
            mix(a, Rgb::BLACK, 0.3),
            soft_light(a)
        ));
    }
    if let Some(p) = parse(&c.primair_donker) {
        dark.push_str(&format!("    --header-bg: {p};\n"));
    }
    if let Some(a) = parse(&c.accent_donker) {
        dark.push_str(&format!(
            "    --accent: {a};\n    --accent-strong: {};\n    --accent-soft: {};\n",
            mix(a, Rgb::WHITE, 0.35),
            soft_dark(a)
        ));
    }
    let mut css = String::from(
        "/* Generated by leidraad from `huisstijl` in leidraad.yaml; edit the colours there. */\n",
    );
    if !light.is_empty() {
        css.push_str(&format!(":root {{\n{light}}}\n"));
    }
    if !dark.is_empty() {
        css.push_str(&format!(
            "@media (prefers-color-scheme: dark) {{\n  :root {{\n{dark}  }}\n}}\n"
        ));
    }
    css
}

/// `a` moved towards `b` by `t` (0: `a`, 1: `b`), per channel.
fn mix(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    Rgb {
        r: m(a.r, b.r),
        g: m(a.g, b.g),
        b: m(a.b, b.b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colours(key: &str, value: &str) -> Colours {
        let mut c = Colours::default();
        let v = Some(value.to_string());
        match key {
            "primair" => c.primair = v,
            "accent" => c.accent = v,
            "primair_donker" => c.primair_donker = v,
            _ => c.accent_donker = v,
        }
        c
    }

    #[test]
    fn the_default_theme_colours_pass_their_own_check() {
        for (key, value) in [
            ("primair", "#0b4a61"),
            ("accent", "#0b5a75"),
            ("primair_donker", "#0d2731"),
            ("accent_donker", "#8fd0ea"),
        ] {
            let d = check_colours(&colours(key, value), &Positions::default());
            assert!(d.is_empty(), "{key} {value}: {d:?}");
        }
    }

    #[test]
    fn a_light_accent_is_refused_with_the_pair_ratio_and_a_passing_shade() {
        let d = check_colours(&colours("accent", "#4aa3df"), &Positions::default());
        let d = d.items().first().expect("refused");
        assert_eq!(d.code, "low-contrast");
        assert!(
            d.message.contains("#4aa3df")
                && d.message.contains("links in it on the page background")
                && d.message.contains("4.5:1"),
            "{}",
            d.message
        );
        let hint = d.hint.as_deref().unwrap();
        let shade = hint.split('`').nth(1).unwrap();
        let s = Rgb::parse(shade).unwrap();
        assert!(
            pairs("accent").iter().all(|p| passes(ratio(p, s), 4.5)),
            "{hint}"
        );
        assert!(
            relative(s) < relative(Rgb::parse("#4aa3df").unwrap()),
            "darker: {hint}"
        );
    }

    fn relative(c: Rgb) -> f64 {
        crate::contrast::relative_luminance(c)
    }

    #[test]
    fn a_dark_header_in_dark_mode_must_carry_light_text_and_a_typo_is_named() {
        let d = check_colours(&colours("primair_donker", "#9ec5d6"), &Positions::default());
        let d = d.items().first().unwrap();
        assert!(d.message.contains("light header text"), "{}", d.message);
        let d = check_colours(&colours("primair", "#12345"), &Positions::default());
        assert_eq!(d.items().first().unwrap().code, "invalid-colour");
    }

    #[test]
    fn the_stylesheet_sets_only_the_chosen_colours() {
        let mut config: SiteConfig = serde_yaml::from_str(
            "title: t\nbase_url: https://a.nl/\nkinds: []\nhuisstijl:\n  kleuren:\n    accent: \"#0b5a75\"\n    primair_donker: \"#0d2731\"\n",
        )
        .unwrap();
        let css = stylesheet(&config);
        assert!(css.contains(":root {\n  --accent: #0b5a75;"), "{css}");
        assert!(
            css.contains(
                "@media (prefers-color-scheme: dark) {\n  :root {\n    --header-bg: #0d2731;"
            ),
            "{css}"
        );
        assert!(!css.contains("--header-bg: #0b"), "{css}");
        config.huisstijl.kleuren = Colours::default();
        assert!(!stylesheet(&config).contains("--"));
    }
}
