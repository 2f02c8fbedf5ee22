//! `leidraad business-case`: loads the site's calculator, checks an input file and
//! prints the engine's outcome as text (in the site's language, every label from the
//! theme's strings) or JSON. Nothing is decided here.

use crate::business_case::{Euros, Outcome, Warning, compute};
use crate::calculator::{Calculator, CheckedInput, read_input};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, printable};
use crate::report::Strings;
use std::fmt::Write as _;
use std::path::Path;

/// On a loaded site ([`crate::site::load_clean`]): reads `input`, computes its business
/// case with the calculator it names (or the site's only one) and returns the report.
/// `io` problems mean a file could not be read.
pub fn run(
    site: &crate::model::Site,
    input: &Path,
    json_format: bool,
) -> Result<String, Diagnostics> {
    let calculators = &site.content.calculators;
    let ids: Vec<&str> = calculators
        .iter()
        .map(|c| c.calculator.id.as_str())
        .collect();
    let (wanted, wanted_at) = named_calculator(input).unzip();
    let chosen = match &wanted {
        Some(id) => calculators.iter().find(|c| &c.calculator.id == id),
        None if calculators.len() == 1 => calculators.first(),
        None => None,
    };
    let Some(loaded) = chosen else {
        let available = if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        };
        let message = match &wanted {
            Some(id) => format!(
                "unknown calculator `{}`{} (available: {available})",
                printable(id, 60),
                did_you_mean(id, ids.iter().copied())
            ),
            None => format!(
                "say which calculator with `rekenhulp:` in the file (available: {available})"
            ),
        };
        return Err(Diagnostic::error(input, "unknown-id", message)
            .at_pos(wanted_at.flatten())
            .into());
    };
    let checked = read_input(input, &loaded.calculator)?;
    let outcome = compute(&checked.input);
    if json_format {
        let mut text = serde_json::to_string_pretty(&outcome).unwrap_or_default();
        text.push('\n');
        return Ok(text);
    }
    Ok(text_report(
        &loaded.calculator,
        &checked,
        &outcome,
        Strings(&site.theme.strings),
    ))
}

/// The calculator an input file names with `rekenhulp:`, and where, read leniently: a
/// file that cannot be read is reported by [`read_input`] with its place.
fn named_calculator(path: &Path) -> Option<(String, Option<(usize, usize)>)> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    let id = value.get("rekenhulp")?.as_str()?.to_string();
    let at = crate::yaml::index(&text, 1).ok()?.at("rekenhulp");
    Some((id, at))
}

/// Whole euros with the language's thousands separator: `€ 60.000`.
pub fn money(amount: Euros, s: &Strings) -> String {
    let whole = amount.whole();
    let digits = whole.unsigned_abs().to_string();
    let sep = if s.0["decimal_separator"].as_str() == Some(",") {
        "."
    } else {
        ","
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(sep);
        }
        grouped.push(c);
    }
    format!("{}€ {grouped}", if whole < 0 { "−" } else { "" })
}

/// A percentage with one decimal, as the page shows it: `4,0%`.
fn pct(value: Option<f64>, s: &Strings) -> String {
    let sep = s.0["decimal_separator"].as_str().unwrap_or(".");
    value.map_or_else(
        || "–".to_string(),
        |v| format!("{v:.1}%").replace('-', "−").replace('.', sep),
    )
}

/// The report for people: per participant the amounts and warnings, then the group.
fn text_report(c: &Calculator, checked: &CheckedInput, o: &Outcome, s: Strings) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", c.title);
    if let Some(t) = &checked.title {
        let _ = writeln!(out, "{}", printable(t, 200));
    }
    let scenario = o
        .scenario
        .map(|sc| {
            let word = serde_json::to_value(sc).unwrap_or_default();
            let key = word.as_str().unwrap_or_default();
            c.inputs
                .scenario
                .opties
                .get(key)
                .map_or(key.to_string(), |x| x.label.clone())
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        s.get(
            "rekenhulp_report_setup",
            &[
                ("years", o.years.to_string()),
                ("costs", money(o.group.external_costs, &s)),
            ]
        )
    );
    if !scenario.is_empty() {
        let _ = writeln!(out, "{}: {scenario}", c.inputs.scenario.label);
    }
    for p in &o.participants {
        let _ = writeln!(out, "\n{}", printable(&p.name, 200));
        let rows = [
            ("rekenhulp_col_alone", money(p.cost_alone, &s)),
            ("rekenhulp_col_together", money(p.cost_together, &s)),
            ("rekenhulp_col_share", money(p.share, &s)),
            (
                "rekenhulp_col_saving",
                format!("{} ({})", money(p.saving, &s), pct(p.saving_pct, &s)),
            ),
            ("rekenhulp_col_break_even", money(p.break_even_share, &s)),
        ];
        for (key, value) in rows {
            let _ = writeln!(out, "  {}: {value}", s.get(key, &[]));
        }
        for w in &p.warnings {
            let key = match w {
                Warning::WorseOff => "rekenhulp_warn_worse_off",
                Warning::ShareOverHalf => "rekenhulp_warn_share_over_half",
            };
            let vars = [
                ("name", printable(&p.name, 60)),
                ("amount", money(Euros(-p.saving.0), &s)),
                ("share", money(p.share, &s)),
                ("gain", money(p.break_even_share, &s)),
            ];
            let _ = writeln!(out, "  ! {}", s.get(key, &vars));
            // The page says the name before the warnings; here the name is the heading.
        }
    }
    let g = &o.group;
    let _ = writeln!(out, "\n{}", s.get("rekenhulp_total", &[]));
    for (key, value) in [
        ("rekenhulp_col_alone", money(g.cost_alone, &s)),
        ("rekenhulp_col_together", money(g.cost_together, &s)),
        (
            "rekenhulp_col_saving",
            format!("{} ({})", money(g.saving, &s), pct(g.saving_pct, &s)),
        ),
    ] {
        let _ = writeln!(out, "  {}: {value}", s.get(key, &[]));
    }
    if !g.warnings.is_empty() {
        let _ = writeln!(out, "  ! {}", s.get("rekenhulp_warn_equal_split", &[]));
    }
    for note in &c.left_out {
        let _ = writeln!(out, "\n- {}", note.tekst);
    }
    out
}
