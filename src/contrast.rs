//! Colour contrast after WCAG 2.2: the house style's primary and accent colours must
//! give text at least 4.5:1 against its background and controls and focus rings at
//! least 3:1 (success criteria 1.4.3 and 1.4.11). When a colour falls short, the build
//! can name the nearest shade of it that does pass, so the author can pick that one
//! instead of guessing.

use crate::diagnostic::printable;
use std::fmt;

/// A colour in sRGB, 8 bits per channel, as written in a style (`#1f5f8b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red, 0 to 255.
    pub r: u8,
    /// Green, 0 to 255.
    pub g: u8,
    /// Blue, 0 to 255.
    pub b: u8,
}

/// The form every colour message asks for.
const EXAMPLE: &str = "write it as #rrggbb, like #1f5f8b";

impl Rgb {
    /// Reads `#rrggbb` or the short `#rgb` (each digit doubled, `#fa0` is `#ffaa00`), in
    /// upper or lower case: the two forms house styles copy from design tools. Names
    /// (`red`) and `rgb()` are refused so that every colour in a style reads the same way.
    pub fn parse(s: &str) -> Result<Rgb, String> {
        let Some(hex) = s.strip_prefix('#') else {
            if (s.len() == 3 || s.len() == 6) && is_hex(s) {
                return Err(format!(
                    "`{}` is not a colour: put a # in front, like #{}",
                    printable(s, 40),
                    s.to_ascii_lowercase()
                ));
            }
            return Err(if s.trim().is_empty() {
                format!("the colour is empty: {EXAMPLE}")
            } else {
                format!("`{}` is not a colour: {EXAMPLE}", printable(s, 40))
            });
        };
        if let Some(c) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(format!(
                "`{}` is not a colour: `{}` is not a digit 0-9 or a letter a-f; {EXAMPLE}",
                printable(s, 40),
                printable(c.encode_utf8(&mut [0; 4]), 40)
            ));
        }
        // Only ASCII hex digits from here on, so byte offsets are character offsets.
        let digit = |i: usize| hex_value(hex.as_bytes()[i]);
        match hex.len() {
            3 => Ok(Rgb {
                r: digit(0) * 17,
                g: digit(1) * 17,
                b: digit(2) * 17,
            }),
            6 => Ok(Rgb {
                r: digit(0) * 16 + digit(1),
                g: digit(2) * 16 + digit(3),
                b: digit(4) * 16 + digit(5),
            }),
            _ => Err(format!("`{}` is not a colour: {EXAMPLE}", printable(s, 40))),
        }
    }

    /// Black, the darkest shade any colour can take.
    pub const BLACK: Rgb = Rgb { r: 0, g: 0, b: 0 };
    /// White, the lightest shade any colour can take.
    pub const WHITE: Rgb = Rgb {
        r: 255,
        g: 255,
        b: 255,
    };
}

impl fmt::Display for Rgb {
    /// Always the long lowercase form, so a message shows the colour exactly as it
    /// can be pasted back into the style.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|c| c.is_ascii_hexdigit())
}

/// The value of one ASCII hex digit; callers have checked it is one.
fn hex_value(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// One sRGB channel (0 to 255) as linear light, 0 to 1.
///
/// The threshold is 0.04045, from the sRGB standard (IEC 61966-2-1). WCAG 2's text still
/// says 0.03928, copied from an older draft of that standard; the two differ only for
/// channel values between 0.03928 and 0.04045, and no 8-bit value lies there (10/255 is
/// 0.0392, 11/255 is 0.0431), so every colour a style can write gets the same result.
fn linear(channel: u8) -> f64 {
    let c = f64::from(channel) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// How light a colour is to the eye, from 0 (black) to 1 (white): the WCAG 2 relative
/// luminance, the weighted sum of the linear channels.
pub fn relative_luminance(c: Rgb) -> f64 {
    0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
}

/// The WCAG 2 contrast ratio, from 1 (identical) to 21 (black on white). The order of
/// the two colours does not matter: the lighter one always goes on top.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (light, dark) = if la >= lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// Whether a ratio meets a minimum, with no rounding: WCAG sets a threshold, and
/// 4.499:1 does not meet 4.5:1. Rounding error in the arithmetic cannot tip the balance:
/// it is near 1e-15, while the ratio of any two 8-bit colours lies more than 1e-7 away
/// from 3, 4.5 or 7. A ratio that is not a number never passes.
pub fn passes(ratio: f64, min: f64) -> bool {
    ratio >= min
}

/// A ratio for people, `3.2:1`: one decimal, cut off rather than rounded, and without
/// a trailing `.0` (`3:1`, `21:1`, as WCAG writes its thresholds).
///
/// Rounding would show a failing 4.47 as `4.5:1`, the very threshold it misses, and a
/// message saying "4.5:1 is below 4.5:1" helps nobody. Cutting off shows a value at or
/// below the real one, so for thresholds with one decimal (3, 4.5, 7) a failing ratio
/// always shows below the threshold and a passing one at or above it. Black on white
/// computes to exactly 21, so cutting off does not turn it into `20.9:1`.
pub fn format_ratio(r: f64) -> String {
    if !r.is_finite() {
        return "?:1".to_string();
    }
    let tenths = (r * 10.0).floor();
    if tenths % 10.0 == 0.0 {
        format!("{:.0}:1", tenths / 10.0)
    } else {
        format!("{:.1}:1", tenths / 10.0)
    }
}

/// How finely [`nearest_passing`] steps through lightness: 1/2000 moves a channel by at
/// most a quarter of one 8-bit step, so no shade along the way is skipped.
const LIGHTNESS_STEPS: u32 = 2000;

/// The shade of `colour` closest to it that reaches `min` against `against`, or `None`
/// if even black and white do not (a mid-grey background against 7:1, say). A colour
/// that already passes is returned unchanged.
///
/// Shades are the colour with the same hue and saturation in HSL and a different
/// lightness: that keeps the colour recognisably the same (a blue stays a blue, a yellow
/// darkens into an olive rather than a grey), it is the slider authors find in every
/// colour picker, and its ends are exactly black and white. Mixing with black or white
/// instead would wash light colours out towards grey before they got dark enough.
///
/// Lightness is moved in small steps both ways at once, the way that raises contrast
/// first, and the first shade that passes is the answer: the nearest in lightness. Both
/// ways matter when the colour is close to the background's lightness: the way that
/// raises contrast at first may run out at white or black, while the other way, after
/// passing through the background's lightness, gets there.
pub fn nearest_passing(colour: Rgb, against: Rgb, min: f64) -> Option<Rgb> {
    if passes(contrast(colour, against), min) {
        return Some(colour);
    }
    let (h, s, l) = to_hsl(colour);
    let ways = if relative_luminance(colour) >= relative_luminance(against) {
        [1.0, -1.0]
    } else {
        [-1.0, 1.0]
    };
    let step = 1.0 / f64::from(LIGHTNESS_STEPS);
    for k in 1..=LIGHTNESS_STEPS + 1 {
        for way in ways {
            let raw = l + way * f64::from(k) * step;
            // Past the end by more than a step: this way has already tried black or white.
            if raw < -step || raw > 1.0 + step {
                continue;
            }
            let shade = from_hsl(h, s, raw.clamp(0.0, 1.0));
            if passes(contrast(shade, against), min) {
                return Some(shade);
            }
        }
    }
    None
}

/// Hue (0 to 6, in sixths of the circle), saturation and lightness (0 to 1).
fn to_hsl(c: Rgb) -> (f64, f64, f64) {
    let (r, g, b) = (
        f64::from(c.r) / 255.0,
        f64::from(c.g) / 255.0,
        f64::from(c.b) / 255.0,
    );
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    let chroma = max - min;
    if chroma == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = chroma / (1.0 - (2.0 * l - 1.0).abs());
    let h = if max == r {
        ((g - b) / chroma).rem_euclid(6.0)
    } else if max == g {
        (b - r) / chroma + 2.0
    } else {
        (r - g) / chroma + 4.0
    };
    (h, s.min(1.0), l)
}

/// The colour for a hue (0 to 6), saturation and lightness, rounded to 8 bits.
fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
    let chroma = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = chroma * (1.0 - (h.rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match h {
        h if h < 1.0 => (chroma, x, 0.0),
        h if h < 2.0 => (x, chroma, 0.0),
        h if h < 3.0 => (0.0, chroma, x),
        h if h < 4.0 => (0.0, x, chroma),
        h if h < 5.0 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = l - chroma / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Rgb {
        r: byte(r),
        g: byte(g),
        b: byte(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(s: &str) -> Rgb {
        Rgb::parse(s).unwrap()
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn parses_long_and_short_forms() {
        assert_eq!(
            rgb("#1f5f8b"),
            Rgb {
                r: 0x1f,
                g: 0x5f,
                b: 0x8b
            }
        );
        assert_eq!(rgb("#1F5F8B"), rgb("#1f5f8b"));
        assert_eq!(rgb("#fa0"), rgb("#ffaa00"));
        assert_eq!(rgb("#FFF"), Rgb::WHITE);
        assert_eq!(rgb("#000000"), Rgb::BLACK);
    }

    #[test]
    fn refuses_other_forms_in_plain_words() {
        assert_eq!(
            Rgb::parse("#12345").unwrap_err(),
            "`#12345` is not a colour: write it as #rrggbb, like #1f5f8b"
        );
        assert_eq!(
            Rgb::parse("#1234567").unwrap_err(),
            "`#1234567` is not a colour: write it as #rrggbb, like #1f5f8b"
        );
        assert_eq!(
            Rgb::parse("#").unwrap_err(),
            "`#` is not a colour: write it as #rrggbb, like #1f5f8b"
        );
        assert_eq!(
            Rgb::parse("#12g456").unwrap_err(),
            "`#12g456` is not a colour: `g` is not a digit 0-9 or a letter a-f; write it as #rrggbb, like #1f5f8b"
        );
        assert_eq!(
            Rgb::parse("1F5F8B").unwrap_err(),
            "`1F5F8B` is not a colour: put a # in front, like #1f5f8b"
        );
        assert_eq!(
            Rgb::parse("red").unwrap_err(),
            "`red` is not a colour: write it as #rrggbb, like #1f5f8b"
        );
        assert_eq!(
            Rgb::parse("").unwrap_err(),
            "the colour is empty: write it as #rrggbb, like #1f5f8b"
        );
        for s in [
            "#ééé",
            "#１２３",
            "# 1f5f8b",
            "#1f5f8b ",
            "rgb(0,0,0)",
            "#\u{1b}[2J",
            "##123",
        ] {
            let e = Rgb::parse(s).unwrap_err();
            assert!(!e.contains('\u{1b}'), "{e}");
        }
    }

    #[test]
    fn displays_lowercase_long_form() {
        assert_eq!(rgb("#1F5F8B").to_string(), "#1f5f8b");
        assert_eq!(rgb("#fA0").to_string(), "#ffaa00");
        assert_eq!(Rgb::BLACK.to_string(), "#000000");
    }

    #[test]
    fn luminance_ends() {
        assert_eq!(relative_luminance(Rgb::BLACK), 0.0);
        assert_eq!(relative_luminance(Rgb::WHITE), 1.0);
        // Published value for #808080 (mid grey): 0.2158605.
        assert!(close(relative_luminance(rgb("#808080")), 0.215_860_5, 1e-6));
    }

    #[test]
    fn published_ratios() {
        assert_eq!(contrast(Rgb::BLACK, Rgb::WHITE), 21.0);
        assert_eq!(format_ratio(contrast(Rgb::BLACK, Rgb::WHITE)), "21:1");
        // #767676 is the lightest grey that passes AA on white, #777777 the darkest
        // that fails (WebAIM: 4.54:1 and 4.48:1).
        let grey76 = contrast(Rgb::WHITE, rgb("#767676"));
        assert!(close(grey76, 4.54, 0.005), "{grey76}");
        assert!(passes(grey76, 4.5));
        let grey77 = contrast(rgb("#777777"), Rgb::WHITE);
        assert!(close(grey77, 4.48, 0.005), "{grey77}");
        assert!(!passes(grey77, 4.5));
        let blue = contrast(rgb("#0000ff"), Rgb::WHITE);
        assert!(close(blue, 8.59, 0.005), "{blue}");
        let red = contrast(rgb("#ff0000"), Rgb::WHITE);
        assert!(close(red, 4.0, 0.005), "{red}");
        assert!(!passes(red, 4.5));
        assert!(passes(red, 3.0));
    }

    #[test]
    fn identical_colours_and_symmetry() {
        for c in ["#000", "#fff", "#1f5f8b", "#777777"] {
            assert_eq!(contrast(rgb(c), rgb(c)), 1.0);
        }
        let pairs = [("#1f5f8b", "#fff"), ("#ff0", "#121212"), ("#777", "#000")];
        for (a, b) in pairs {
            assert_eq!(contrast(rgb(a), rgb(b)), contrast(rgb(b), rgb(a)));
        }
    }

    #[test]
    fn passing_has_no_rounding() {
        assert!(passes(4.5, 4.5));
        assert!(!passes(4.499, 4.5));
        assert!(!passes(4.499_999_9, 4.5));
        assert!(passes(3.0, 3.0));
        assert!(!passes(f64::NAN, 3.0));
    }

    #[test]
    fn ratios_are_cut_off_for_display() {
        assert_eq!(format_ratio(4.47), "4.4:1");
        assert_eq!(format_ratio(4.499_999), "4.4:1");
        assert_eq!(format_ratio(4.54), "4.5:1");
        assert_eq!(format_ratio(3.25), "3.2:1");
        assert_eq!(format_ratio(2.999), "2.9:1");
        assert_eq!(format_ratio(3.0), "3:1");
        assert_eq!(format_ratio(1.0), "1:1");
        assert_eq!(format_ratio(8.592), "8.5:1");
        assert_eq!(format_ratio(f64::NAN), "?:1");
        assert_eq!(format_ratio(f64::INFINITY), "?:1");
        // The failing grey shows below the threshold, not as 4.5:1.
        assert_eq!(format_ratio(contrast(rgb("#777"), Rgb::WHITE)), "4.4:1");
    }

    #[test]
    fn every_grey_on_white_shows_on_the_right_side_of_the_threshold() {
        for v in 0..=255u8 {
            let grey = Rgb { r: v, g: v, b: v };
            for min in [3.0, 4.5, 7.0] {
                let ratio = contrast(grey, Rgb::WHITE);
                let shown: f64 = format_ratio(ratio).trim_end_matches(":1").parse().unwrap();
                assert_eq!(passes(ratio, min), shown >= min, "{grey} {ratio}");
            }
        }
    }

    #[test]
    fn hsl_round_trip() {
        for c in [
            "#1f5f8b", "#ffff99", "#777777", "#ff0000", "#00ff00", "#0000ff", "#ff00ff", "#123456",
            "#fedcba", "#000000", "#ffffff", "#808000",
        ] {
            let (h, s, l) = to_hsl(rgb(c));
            assert_eq!(from_hsl(h, s, l), rgb(c), "{c}");
        }
    }

    #[test]
    fn nearest_passing_grey() {
        let shade = nearest_passing(rgb("#777777"), Rgb::WHITE, 4.5).unwrap();
        assert_eq!(shade, rgb("#767676"));
    }

    #[test]
    fn a_passing_colour_is_kept() {
        let c = rgb("#1f5f8b");
        assert_eq!(nearest_passing(c, Rgb::WHITE, 4.5), Some(c));
    }

    #[test]
    fn nearest_passing_light_yellow_darkens_and_stays_yellow() {
        let yellow = rgb("#ffff99");
        let shade = nearest_passing(yellow, Rgb::WHITE, 4.5).unwrap();
        assert!(passes(contrast(shade, Rgb::WHITE), 4.5), "{shade}");
        assert!(relative_luminance(shade) < relative_luminance(yellow));
        // Yellow: red and green equal, blue lowest.
        assert!(
            shade.r.abs_diff(shade.g) <= 1 && shade.b < shade.r,
            "{shade}"
        );
        // The nearest: one step lighter no longer passes.
        let (h, s, l) = to_hsl(shade);
        let lighter = from_hsl(h, s, l + 1.0 / 255.0);
        assert!(!passes(contrast(lighter, Rgb::WHITE), 4.5), "{lighter}");
    }

    #[test]
    fn nearest_passing_in_dark_mode_lightens() {
        let dark = rgb("#121212");
        let blue = rgb("#1f5f8b");
        assert!(!passes(contrast(blue, dark), 4.5));
        let shade = nearest_passing(blue, dark, 4.5).unwrap();
        assert!(passes(contrast(shade, dark), 4.5), "{shade}");
        assert!(
            relative_luminance(shade) > relative_luminance(blue),
            "{shade}"
        );
        // Still a blue: blue the strongest channel, red the weakest.
        assert!(shade.b > shade.g && shade.g > shade.r, "{shade}");
        // UI components need only 3:1, so a shade closer to the original will do.
        let ui = nearest_passing(blue, dark, 3.0).unwrap();
        assert!(passes(contrast(ui, dark), 3.0), "{ui}");
        assert!(relative_luminance(ui) < relative_luminance(shade));
    }

    #[test]
    fn nearest_passing_may_have_to_cross_the_background() {
        // Slightly lighter than a mid grey: lighter shades never reach 4.5:1 (white
        // gives 4.48:1), darker ones do once past the background.
        let bg = rgb("#777777");
        let shade = nearest_passing(rgb("#7a7a7a"), bg, 4.5).unwrap();
        assert!(passes(contrast(shade, bg), 4.5), "{shade}");
        assert!(relative_luminance(shade) < relative_luminance(bg));
    }

    #[test]
    fn nothing_passes_when_even_black_and_white_fail() {
        let bg = rgb("#777777");
        assert_eq!(nearest_passing(rgb("#1f5f8b"), bg, 7.0), None);
        assert_eq!(nearest_passing(Rgb::WHITE, Rgb::WHITE, 21.5), None);
        assert_eq!(nearest_passing(Rgb::WHITE, Rgb::WHITE, f64::NAN), None);
        // Black and white themselves are reachable as answers.
        assert_eq!(
            nearest_passing(rgb("#333333"), Rgb::WHITE, 21.0),
            Some(Rgb::BLACK)
        );
        assert_eq!(
            nearest_passing(rgb("#cccccc"), Rgb::BLACK, 21.0),
            Some(Rgb::WHITE)
        );
    }
}
