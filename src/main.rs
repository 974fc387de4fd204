//! The `daybrief` command: parses arguments, calls the library, prints the whole error chain.

mod cli;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use daybrief::load::Sources;
use daybrief::serve::{self, ServeOptions};
use daybrief::site::{self, BuildOptions, Listing};
use daybrief::{Diagnostic, Error, Report, Severity};

/// Builds a static, versioned site from one YAML data file per day.
#[derive(Parser)]
#[command(
    name = "daybrief",
    version,
    about,
    after_help = "Exit codes: 0 success, 1 content or I/O error, 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from the content folder into the output folder.
    Build {
        #[command(flatten)]
        paths: Paths,
        /// Output folder; replaced as a whole when the build succeeds.
        #[arg(long, default_value = "site")]
        out: PathBuf,
        /// Fail when the checks find warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Record the build time in manifest.json (otherwise identical input gives identical bytes).
        #[arg(long)]
        stamp_time: bool,
        /// How to print errors and warnings.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Print how long each stage took, and the peak memory after each, on stderr.
        #[arg(long)]
        timings: bool,
        /// Also make each day's report (with its appendices) and deck as PDF files, printed
        /// with Chromium (the default when publication.yaml has `pdf: true`).
        #[arg(long)]
        pdf: bool,
    },
    /// Validate content and templates without writing anything.
    Check {
        #[command(flatten)]
        paths: Paths,
        /// Fail when the checks find warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print errors and warnings.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Start a correction of a published day: copies its current edition to the next edition's
    /// file (DD.2.yaml, …) with `published:` set to now. Earlier editions are never changed.
    Correct {
        /// The day to correct, YYYY-MM-DD.
        date: chrono::NaiveDate,
        /// What the correction changes, shown on the day's page.
        #[arg(long)]
        reason: Option<String>,
        /// Release time, "YYYY-MM-DD HH:MM" (default: now).
        #[arg(long, value_parser = parse_time)]
        at: Option<chrono::NaiveDateTime>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Write a deterministic synthetic archive (marked "DỮ LIỆU MẪU") for demos and benchmarks.
    Sample {
        /// Number of briefing days.
        #[arg(long, default_value_t = 100)]
        days: usize,
        /// Folder to create; gets content/ (never overwrites an existing folder's files).
        #[arg(long)]
        out: PathBuf,
    },
    /// Preview the site in a browser: build in memory, serve, rebuild and reload on every save.
    Serve {
        #[command(flatten)]
        paths: Paths,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = serve::DEFAULT_PORT)]
        port: u16,
        /// Address to listen on; other machines can reach the preview only if this is not loopback.
        #[arg(long, default_value_t = serve::DEFAULT_BIND)]
        bind: IpAddr,
    },
    /// Start a day's file from the previous day's (or --from DATE).
    New {
        /// The new day, YYYY-MM-DD.
        date: chrono::NaiveDate,
        /// The day to copy, YYYY-MM-DD (default: the latest earlier day).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Write the JSON Schemas of publication.yaml, table schemas and day files, for editors
    /// (VS Code with the YAML extension) and validators.
    Schema {
        /// Folder to write into (default: .schema/ in the content folder, where the first line
        /// of day files made by `daybrief new` points).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Put a table's rows from a spreadsheet (XLSX, ODS, CSV, or text pasted from Excel on
    /// standard input) into a day's file; shows the change, writes it only with --write.
    Import {
        /// The day, YYYY-MM-DD (its file must exist: `daybrief new` starts it).
        date: chrono::NaiveDate,
        /// The table's id (its schema is content/tables/TABLE.yaml).
        table: String,
        /// The spreadsheet or CSV file; `-` reads standard input.
        file: PathBuf,
        /// The sheet to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Write the day file (without it, only the change is shown).
        #[arg(long)]
        write: bool,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

/// How findings are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// rustc-style messages on stderr (warnings of `check` on stdout).
    Human,
    /// One JSON object on stdout (see README, "Checks").
    Json,
}

/// The JSON printed with `--format json`. Field names are stable.
#[derive(serde::Serialize)]
struct JsonOutput<'a> {
    /// Format version: "daybrief/diagnostics/1".
    version: &'static str,
    /// "build" or "check".
    command: &'static str,
    /// Whether the command succeeded (exit code 0).
    ok: bool,
    /// Number of errors.
    errors: usize,
    /// Number of warnings.
    warnings: usize,
    /// Every finding, in file, line and column order.
    diagnostics: &'a [Diagnostic],
    /// What `build` wrote, when it succeeded.
    built: Option<Built>,
}

/// Summary of a successful build.
#[derive(serde::Serialize)]
struct Built {
    days: usize,
    files: usize,
    bytes: u64,
    out: String,
}

#[derive(clap::Args)]
struct Paths {
    /// Content folder (publication.yaml, tables/, YYYY/MM/DD.yaml).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Templates that override the built-in ones (default: templates/ beside the content folder).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Theme root (default: themes/ beside the content folder).
    #[arg(long)]
    themes: Option<PathBuf>,
}

impl Paths {
    fn sources(self) -> Sources {
        let mut sources = Sources::beside(&self.content);
        if let Some(t) = self.templates {
            sources.templates = t;
        }
        if let Some(t) = self.themes {
            sources.themes = t;
        }
        sources
    }
}

fn main() -> ExitCode {
    cli::allocator::tune();
    let cli = Cli::parse();
    let json = match &cli.command {
        Command::Build { format, .. } | Command::Check { format, .. } => {
            (*format == Format::Json).then_some(command_name(&cli.command))
        }
        Command::New { .. }
        | Command::Import { .. }
        | Command::Schema { .. }
        | Command::Correct { .. }
        | Command::Sample { .. }
        | Command::Serve { .. } => None,
    };
    match (run(cli.command), json) {
        (Ok(()), _) => ExitCode::SUCCESS,
        (Err(error), Some(command)) => {
            let report = error_report(&error);
            print_json(command, false, &report.diagnostics, None);
            ExitCode::from(1)
        }
        (Err(error), None) => {
            eprintln!("{}", error_chain(&error));
            ExitCode::from(1)
        }
    }
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Build { .. } => "build",
        Command::Check { .. } => "check",
        Command::New { .. } => "new",
        Command::Import { .. } => "import",
        Command::Schema { .. } => "schema",
        Command::Correct { .. } => "correct",
        Command::Sample { .. } => "sample",
        Command::Serve { .. } => "serve",
    }
}

/// Prints the JSON object of `--format json` on stdout.
fn print_json(command: &'static str, ok: bool, diagnostics: &[Diagnostic], built: Option<Built>) {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let errors = count(Severity::Error);
    let warnings = count(Severity::Warning);
    let output = JsonOutput {
        version: "daybrief/diagnostics/1",
        command,
        ok,
        errors,
        warnings,
        diagnostics,
        built,
    };
    match serde_json::to_string_pretty(&output) {
        // A closed pipe (`| head`) is not worth a panic.
        Ok(text) => {
            use std::io::Write;
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
        Err(e) => eprintln!("error: could not write JSON: {e}"),
    }
}

/// Any error as findings: content errors as they are, others as one finding naming the path.
fn error_report(error: &Error) -> Report {
    match error {
        Error::Content(report) | Error::DeniedWarnings(report) => report.clone(),
        Error::Io { path, .. } => {
            let mut report = Report::default();
            report.push(Diagnostic::error(path, 0, 0, error_chain(error)));
            report
        }
        Error::Refused(message) => {
            let mut report = Report::default();
            report.push(Diagnostic::error(std::path::Path::new(""), 0, 0, message));
            report
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Build {
            paths,
            out,
            deny_warnings,
            stamp_time,
            format,
            timings,
            pdf,
        } => {
            let options = BuildOptions {
                sources: paths.sources(),
                out,
                deny_warnings,
                stamp_time,
                pdf: pdf.then_some(true),
                read_window: None,
                // `--format json` lists every warning; the terminal only today's in full.
                listing: match format {
                    Format::Json => Listing::All,
                    Format::Human => Listing::RenderedDays,
                },
            };
            let progress = cli::TerminalProgress::start();
            let summary = site::run(&options, site::Goal::Publish, &progress);
            if timings {
                eprintln!("timings: {}", progress.timings());
            }
            let summary = summary?;
            if format == Format::Json {
                let built = Built {
                    days: summary.days,
                    files: summary.files,
                    bytes: summary.bytes,
                    out: options.out.display().to_string(),
                };
                print_json("build", true, &summary.warnings.diagnostics, Some(built));
                return Ok(());
            }
            for note in &summary.notes {
                eprintln!("note: {note}");
            }
            print_build_warnings(&summary);
            match summary.changes {
                None => println!(
                    "{} is up to date: nothing changed since its build ({} day(s), {} files, {} bytes)",
                    options.out.display(),
                    summary.days,
                    summary.files,
                    summary.bytes
                ),
                Some(changes) => println!(
                    "built {} day(s): {} files, {} bytes in {} ({} day(s) rendered, {} unchanged; {} files written, {} reused, {} deleted){}",
                    summary.days,
                    summary.files,
                    summary.bytes,
                    options.out.display(),
                    summary.rendered.len(),
                    summary.days - summary.rendered.len(),
                    changes.written,
                    changes.linked,
                    changes.deleted,
                    match changes.printed {
                        0 => String::new(),
                        n => format!("; {n} PDF file(s) printed"),
                    }
                ),
            }
        }
        Command::Check {
            paths,
            deny_warnings,
            format,
        } => {
            let options = BuildOptions {
                sources: paths.sources(),
                out: PathBuf::new(),
                deny_warnings,
                stamp_time: false,
                pdf: None,
                read_window: None,
                listing: Listing::All,
            };
            let warnings =
                site::run(&options, site::Goal::Check, &daybrief::progress::Silent)?.warnings;
            match format {
                Format::Json => print_json("check", true, &warnings.diagnostics, None),
                Format::Human => println!("{}", warnings.render()),
            }
        }
        Command::Correct {
            date,
            reason,
            at,
            content,
        } => {
            let at = at.unwrap_or_else(|| chrono::Local::now().naive_local());
            let created =
                daybrief::newday::start_correction(&content, date, at, reason.as_deref())?;
            println!(
                "created {} from {}; make the correction, then run `daybrief check`",
                created.path.display(),
                created.from.display()
            );
        }
        Command::Sample { days, out } => {
            let written = daybrief::sample::write_sample(&out, days)?;
            println!(
                "wrote a sample archive of {days} days ({} files) into {}; build it with `daybrief build --content {}`",
                written,
                out.display(),
                out.join("content").display()
            );
        }
        Command::Serve { paths, port, bind } => {
            let options = ServeOptions {
                build: BuildOptions {
                    sources: paths.sources(),
                    out: PathBuf::new(),
                    deny_warnings: false,
                    stamp_time: false,
                    pdf: Some(false),
                    read_window: None,
                    listing: Listing::All,
                },
                bind,
                port,
            };
            serve::run(&options, &cli::ServeReport::default())?;
        }
        Command::New {
            date,
            from,
            content,
        } => {
            let created = daybrief::newday::new_day(&content, date, from)?;
            let computed = match created.computed_emptied {
                0 => String::new(),
                n => format!(
                    " ({n} cells of computed columns, `change_of`, are left empty: the build computes them)"
                ),
            };
            println!(
                "created {} from {}{computed}; update its figures, then run `daybrief check`",
                created.path.display(),
                created.from.display()
            );
        }
        Command::Schema { out, content } => {
            let out = out.unwrap_or_else(|| content.join(daybrief::editor_schema::DEFAULT_FOLDER));
            for path in daybrief::editor_schema::write(&out)? {
                println!("wrote {}", path.display());
            }
        }
        Command::Import {
            date,
            table,
            file,
            sheet,
            write,
            content,
        } => cli::import(date, table, file, sheet, write, content)?,
    }
    Ok(())
}

/// The warnings of the days the build rendered in full, the others' as one line (`check`
/// lists them all).
fn print_build_warnings(summary: &site::BuildSummary) {
    let (shown, others, other_days) = summary.warnings_about_rendered_days();
    if shown.warning_count() > 0 {
        eprintln!("{}", shown.render());
    }
    if others > 0 {
        eprintln!("{others} cảnh báo ở {other_days} ngày khác — `daybrief check` liệt kê đầy đủ");
    }
}

fn parse_time(text: &str) -> Result<chrono::NaiveDateTime, String> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .map_err(|_| format!("`{text}` is not a time written YYYY-MM-DD HH:MM"))
}

/// The error and every cause under it, one per line.
fn error_chain(error: &Error) -> String {
    if let Error::Content(_) | Error::DeniedWarnings(_) = error {
        return error.to_string();
    }
    let mut text = format!("error: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    text
}
