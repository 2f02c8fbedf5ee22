//! The `leidraad` command line: thin commands over the library.

use clap::{Parser, Subcommand};
use leidraad::site;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Build guidance websites from YAML and Markdown.
#[derive(Parser)]
#[command(name = "leidraad", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// Site root: the folder with leidraad.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: public/ under the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print how long each step took.
        #[arg(long)]
        timings: bool,
    },
    /// Score an answers file against a readiness checklist, without a browser.
    Assess {
        /// Site root: the folder with leidraad.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Checklist id (the file name in content/checklists/); needed when there are several.
        #[arg(long)]
        checklist: Option<String>,
        /// YAML or JSON: `question: option` pairs, or a result exported from the checklist page.
        #[arg(long)]
        answers: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Output format of `assess`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A readable report.
    Text,
    /// One JSON object.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, timings } => build(&root, out.as_deref(), timings),
        Command::Assess {
            root,
            checklist,
            answers,
            format,
        } => assess(&root, checklist.as_deref(), &answers, format),
    }
}

fn print_problems(diags: &leidraad::diagnostic::Diagnostics) {
    eprint!("{diags}");
}

fn assess(root: &Path, wanted: Option<&str>, answers: &Path, format: Format) -> ExitCode {
    let (site, _) = match site::load(root) {
        Ok(s) => s,
        Err(diags) => {
            print_problems(&diags);
            eprintln!("The site has errors; fix them first.");
            return ExitCode::from(1);
        }
    };
    let ids: Vec<&str> = site
        .checklists
        .iter()
        .map(|(c, _)| c.checklist.id.as_str())
        .collect();
    let chosen = match wanted {
        Some(id) => site.checklists.iter().find(|(c, _)| c.checklist.id == id),
        None if site.checklists.len() == 1 => site.checklists.first(),
        None => None,
    };
    let Some((loaded, _)) = chosen else {
        match wanted {
            Some(id) => eprintln!(
                "error: unknown checklist `{id}`{} (available: {})",
                leidraad::diagnostic::did_you_mean(id, ids.iter().copied()),
                ids.join(", ")
            ),
            None => eprintln!(
                "error: choose a checklist with --checklist (available: {})",
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            ),
        }
        return ExitCode::from(2);
    };
    let checklist = &loaded.checklist;
    let (answers, innovation) = match leidraad::checklist::read_answers(answers, checklist) {
        Ok(a) => a,
        Err(diags) => {
            print_problems(&diags);
            return ExitCode::from(1);
        }
    };
    let outcome = leidraad::assess::score(checklist, &answers);
    match format {
        Format::Json => {
            let json = leidraad::report::json(&outcome, innovation.as_deref());
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Text => print!(
            "{}",
            leidraad::report::text(
                checklist,
                &outcome,
                &site.theme.strings,
                innovation.as_deref()
            )
        ),
    }
    ExitCode::SUCCESS
}

fn build(root: &std::path::Path, out: Option<&std::path::Path>, timings: bool) -> ExitCode {
    match site::build(root, out) {
        Ok(report) => {
            eprint!("{}", report.warnings);
            if timings {
                for (step, d) in &report.steps {
                    eprintln!("{step:>18}: {:8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            println!(
                "Built {} pages into {} in {:.0} ms",
                report.pages,
                report.out.display(),
                report.elapsed.as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(site::BuildError::Site(diags)) => {
            eprint!("{diags}");
            let n = diags
                .items()
                .iter()
                .filter(|d| d.severity == leidraad::diagnostic::Severity::Error)
                .count();
            eprintln!(
                "Build failed: {n} error{}; the previous output was left as it was.",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Err(site::BuildError::Output(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
