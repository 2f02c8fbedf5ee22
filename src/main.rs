//! The `leidraad` command line: thin commands over the library.

use clap::{Parser, Subcommand};
use leidraad::site;
use std::path::PathBuf;
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, timings } => build(&root, out.as_deref(), timings),
    }
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
