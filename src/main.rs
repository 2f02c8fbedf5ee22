//! The `leidraad` command line: thin commands over the library.

use clap::{Parser, Subcommand};
use leidraad::build as builder;
use leidraad::diagnostic::{Diagnostics, Severity};
use leidraad::site;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Output that stops quietly when the reader goes away (`leidraad check | head`): the
// standard macros panic on a closed pipe.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($t)*);
    }};
}
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}
macro_rules! err {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($t)*);
    }};
}
macro_rules! errln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

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
    /// Preview the site: build it, serve it on this machine, rebuild and reload on every save.
    Serve {
        /// Site root: the folder with leidraad.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on: an IP address or `localhost`. Anything but 127.0.0.1 or ::1
        /// shows the preview, with work you have not published yet, to your network.
        #[arg(long, default_value = "127.0.0.1", value_parser = parse_bind)]
        bind: std::net::IpAddr,
        /// Also answer requests for this host name (repeatable); by default only
        /// `localhost` and IP addresses are answered, against DNS rebinding.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_hosts: Vec<String>,
        /// Port (default: 1111, or the next free one).
        #[arg(long)]
        port: Option<u16>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Look for changes by polling instead of file events (network drives, some
        /// containers).
        #[arg(long)]
        poll: bool,
    },
    /// Check the site without writing anything: everything `build` checks, plus alt texts,
    /// empty entries, entries nothing links to, long sentences and difficult words.
    Check {
        /// Site root: the folder with leidraad.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format: text for people; json, github (GitHub Actions annotations) or
        /// gitlab (a GitLab Code Quality report) for CI.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Folder with the plain texts of the sources (named by their `source_text`
        /// field): warn about passages copied from them without quotation marks.
        #[arg(long, value_name = "DIR")]
        source_texts: Option<PathBuf>,
        /// Exit with 1 when there are warnings too (for CI).
        #[arg(long)]
        deny_warnings: bool,
        /// A warning code that `--deny-warnings` lets pass (repeatable), such as
        /// `placeholder-base-url` for a site that has no address yet. Still printed.
        #[arg(long = "allow", value_name = "CODE")]
        allow: Vec<String>,
    },
    /// Create a new site that builds and serves at once.
    Init {
        /// Folder for the new site (created if missing).
        dir: PathBuf,
        /// Write into a folder that is not empty (existing files with the same names are replaced).
        #[arg(long)]
        force: bool,
    },
    /// Work with the theme: `leidraad theme export [DIR]`.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    /// Score an answers file against a readiness checklist, without a browser.
    Assess {
        /// Site root: the folder with leidraad.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Checklist id (the file name in content/checklists/); needed when there are several.
        #[arg(long)]
        checklist: Option<String>,
        /// YAML or JSON: `question: option` pairs, or a result saved from the checklist page.
        /// Give it two or more times to compare partners' answers as a group.
        #[arg(long, required = true)]
        answers: Vec<PathBuf>,
        /// Output format: a readable report, or one JSON object.
        #[arg(long, value_enum, default_value = "text")]
        format: AssessFormat,
    },
    /// Compute a business case (rekenhulp) from an input file, without a browser.
    BusinessCase {
        /// Site root: the folder with leidraad.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// YAML or JSON: an input as the manual describes, or a file saved from the page.
        #[arg(long)]
        input: PathBuf,
        /// Output format: a readable report, or one JSON object.
        #[arg(long, value_enum, default_value = "text")]
        format: AssessFormat,
    },
}

#[derive(Subcommand)]
enum ThemeAction {
    /// Write the default theme's files for editing (default: themes/default, where the
    /// site's own theme files go). `check` then warns when a copied file falls behind.
    Export {
        /// Folder to write into.
        #[arg(default_value = "themes/default")]
        dir: PathBuf,
        /// Replace files that exist already.
        #[arg(long)]
        force: bool,
    },
}

/// Output format of `check`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A readable report, with the line of the file under each problem.
    Text,
    /// A JSON list of problems: severity, file, line, column, code, message, hint.
    Json,
    /// GitHub Actions annotations (`::error file=...::message`), for CI.
    Github,
    /// A GitLab Code Quality report (JSON), for CI.
    Gitlab,
}

/// Output format of `assess` and `business-case`: a report has no lines of a file to annotate, so there is
/// no CI format.
#[derive(Clone, Copy, clap::ValueEnum)]
enum AssessFormat {
    /// A readable report in the site's language.
    Text,
    /// One JSON object with the outcome; problems as a JSON list, like `check`.
    Json,
}

/// Problems for standard error: with snippets, in colour on a terminal.
fn show_err(diags: &Diagnostics, root: &Path) {
    if !diags.is_empty() {
        err!(
            "{}",
            leidraad::snippets::render(
                diags,
                &site::absolute_root(root),
                leidraad::snippets::stderr_color()
            )
        );
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, timings } => build(&root, out.as_deref(), timings),
        Command::Serve {
            root,
            bind,
            allow_hosts,
            port,
            open,
            poll,
        } => serve(
            leidraad::serve::ServeOptions {
                root,
                bind,
                port,
                poll,
                allow_hosts,
            },
            open,
        ),
        Command::Check {
            root,
            format,
            source_texts,
            deny_warnings,
            allow,
        } => check(&root, format, source_texts, deny_warnings, &allow),
        Command::Init { dir, force } => init(&dir, force),
        Command::Theme {
            action: ThemeAction::Export { dir, force },
        } => match leidraad::theme_export::export(&dir, force) {
            Ok(files) => {
                outln!(
                    "Wrote the default theme into {} ({} files). Edit what you need and delete the rest: files you keep no longer follow updates of the default theme.",
                    dir.display(),
                    files.len()
                );
                ExitCode::SUCCESS
            }
            Err(msg) => {
                errln!("error: {msg}");
                ExitCode::from(2)
            }
        },
        Command::Assess {
            root,
            checklist,
            answers,
            format,
        } => assess(&root, checklist.as_deref(), &answers, format),
        Command::BusinessCase {
            root,
            input,
            format,
        } => report_or_problems(
            site::load_clean(&root).and_then(|site| {
                let json = matches!(format, AssessFormat::Json);
                leidraad::business_case_report::run(&site, &input, json)
            }),
            &root,
            format,
        ),
    }
}

fn assess(
    root: &Path,
    wanted: Option<&str>,
    answers: &[PathBuf],
    format: AssessFormat,
) -> ExitCode {
    let json = matches!(format, AssessFormat::Json);
    report_or_problems(
        site::load_clean(root)
            .and_then(|site| leidraad::report::assess(&site, wanted, answers, json)),
        root,
        format,
    )
}

/// Prints a report, or its problems in the chosen format with the exit code they call for.
fn report_or_problems(
    result: Result<String, Diagnostics>,
    root: &Path,
    format: AssessFormat,
) -> ExitCode {
    match result {
        Ok(text) => {
            out!("{text}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            match format {
                AssessFormat::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(diags.items()).unwrap_or_default()
                ),
                AssessFormat::Text => show_err(&diags, root),
            }
            exit_code(&diags)
        }
    }
}

fn build(root: &std::path::Path, out: Option<&std::path::Path>, timings: bool) -> ExitCode {
    match builder::build(root, out) {
        Ok(report) => {
            show_err(&report.warnings, root);
            if timings {
                for (step, d) in &report.steps {
                    errln!("{step:>18}: {:8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            // Where the author is, as they would type it: `public`, not the whole path.
            let out = std::env::current_dir()
                .ok()
                .and_then(|here| report.out.strip_prefix(here).ok().map(Path::to_path_buf))
                .unwrap_or_else(|| report.out.clone());
            outln!(
                "Built {} pages into {} in {:.0} ms",
                report.pages,
                out.display(),
                report.elapsed.as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(builder::BuildError::Site(diags)) => {
            show_err(&diags, root);
            let n = diags
                .items()
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            errln!(
                "Build failed: {n} error{}; the previous output was left as it was.",
                if n == 1 { "" } else { "s" }
            );
            exit_code(&diags)
        }
        Err(builder::BuildError::Output(msg)) => {
            errln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// `--bind`: an IP address, or `localhost` for 127.0.0.1.
fn parse_bind(value: &str) -> Result<std::net::IpAddr, String> {
    if value.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    }
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .map_err(|_| format!("`{value}` is not an IP address or `localhost`"))
}

fn serve(opts: leidraad::serve::ServeOptions, open: bool) -> ExitCode {
    let bind = opts.bind;
    // Installed before anything else, so Ctrl-C at any moment stops cleanly.
    let (tx, rx) = std::sync::mpsc::channel();
    if ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .is_err()
    {
        errln!("warning: Ctrl-C handler not installed");
    }
    if !bind.is_loopback() {
        errln!(
            "warning: listening on {bind}, not only on this computer: anyone on your network can read the preview, with work you have not published yet."
        );
    }
    let listener = match leidraad::serve::bind(&opts) {
        Ok(l) => l,
        Err(msg) => {
            errln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    let root = opts.root.clone();
    let report = move |r: &Result<_, _>| report_rebuild(&root, r);
    let server = match leidraad::serve::start(&opts, listener, report) {
        Ok(s) => s,
        Err(msg) => {
            errln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    let url = server.url();
    outln!(
        "Serving the site at {url} (Ctrl-C to stop). Watching leidraad.yaml, content/, static/ and themes/."
    );
    if bind.is_unspecified() {
        outln!(
            "Other devices on your network use this computer's address with port {}.",
            server.addr.port()
        );
    }
    if open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        };
        if std::process::Command::new(opener)
            .arg(&url)
            .spawn()
            .is_err()
        {
            errln!("Could not open a browser; open {url} yourself.");
        }
    }
    let _ = rx.recv();
    outln!("Stopping.");
    server.shutdown();
    ExitCode::SUCCESS
}

fn report_rebuild(
    root: &Path,
    result: &Result<leidraad::session::Rebuilt, leidraad::diagnostic::Diagnostics>,
) {
    match result {
        Ok(r) => {
            show_err(&r.warnings, root);
            outln!(
                "{} {} page{} in {:.1} ms",
                if r.full { "Built" } else { "Rebuilt" },
                r.paths.len(),
                if r.paths.len() == 1 { "" } else { "s" },
                r.elapsed.as_secs_f64() * 1000.0
            );
        }
        Err(diags) => {
            show_err(diags, root);
            errln!(
                "The site has errors. The browser shows them and keeps the last good version; fix the file and save again."
            );
        }
    }
}

fn check(
    root: &Path,
    format: Format,
    source_texts: Option<PathBuf>,
    deny_warnings: bool,
    allow: &[String],
) -> ExitCode {
    // A typo in `--allow` would let nothing pass, silently.
    for code in allow {
        if !leidraad::diagnostic::CODES.contains(&code.as_str()) {
            errln!(
                "error: `--allow {code}`: there is no problem code `{code}`{}; the manual lists every code (Probleemcodes)",
                leidraad::diagnostic::did_you_mean(
                    code,
                    leidraad::diagnostic::CODES.iter().copied()
                )
            );
            return ExitCode::from(2);
        }
    }
    let builder::Checked { mut diags, prose } =
        builder::check(root, builder::CheckOptions { source_texts });
    // With errors, some pages were not read or not rendered, so a file they link to
    // looks unlinked: that warning would send the author after the wrong thing.
    if diags.has_errors() {
        diags.retain(|d| d.code != "unlinked-file");
    }
    let errors = diags
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let denied = diags
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Warning && !allow.iter().any(|a| a == d.code))
        .count();
    match format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(diags.items()).unwrap_or_default()
        ),
        Format::Github => out!("{}", leidraad::diagnostic::github(&diags)),
        Format::Gitlab => outln!("{}", leidraad::diagnostic::gitlab(&diags)),
        Format::Text => {
            if !diags.is_empty() {
                out!(
                    "{}",
                    leidraad::snippets::render(
                        &diags,
                        &site::absolute_root(root),
                        leidraad::snippets::stdout_color()
                    )
                );
            }
            if let Some(p) = prose.filter(|p| p.sentences > 0) {
                outln!(
                    "running text: {} sentences, {:.1} words per sentence, {:.1}% longer than 20 words",
                    p.sentences,
                    p.mean(),
                    p.over_20_percent()
                );
            }
            outln!(
                "{errors} error{}, {warnings} warning{}",
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" }
            );
        }
    }
    match exit_code(&diags) {
        code if code == ExitCode::SUCCESS && deny_warnings && denied > 0 => ExitCode::FAILURE,
        code => code,
    }
}

/// 0 when fine, 2 when a file could not be read or written, 1 for problems in the site.
fn exit_code(diags: &Diagnostics) -> ExitCode {
    if !diags.has_errors() {
        ExitCode::SUCCESS
    } else if diags
        .items()
        .iter()
        .any(|d| d.severity == Severity::Error && d.code == "io")
    {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

fn init(dir: &Path, force: bool) -> ExitCode {
    match leidraad::scaffold::init(dir, force) {
        Ok(files) => {
            outln!(
                "Created a new site in {} ({} files).",
                dir.display(),
                files.len()
            );
            outln!("Next: cd {} && leidraad serve", dir.display());
            ExitCode::SUCCESS
        }
        Err(msg) => {
            errln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
