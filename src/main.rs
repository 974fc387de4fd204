//! The `daybrief` command: parses arguments, calls the library, prints the whole error chain.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use daybrief::Error;
use daybrief::load::Sources;
use daybrief::site::{self, BuildOptions};

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
    },
    /// Validate content and templates without writing anything.
    Check {
        #[command(flatten)]
        paths: Paths,
        /// Fail when the checks find warnings.
        #[arg(long)]
        deny_warnings: bool,
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
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error_chain(&error));
            ExitCode::from(1)
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
        } => {
            let options = BuildOptions {
                sources: paths.sources(),
                out,
                deny_warnings,
                stamp_time,
            };
            let summary = site::build(&options)?;
            if summary.warnings.warning_count() > 0 {
                eprintln!("{}", summary.warnings.render());
            }
            println!(
                "built {} day(s): {} files, {} bytes in {}",
                summary.days,
                summary.files,
                summary.bytes,
                options.out.display()
            );
        }
        Command::Check {
            paths,
            deny_warnings,
        } => {
            let options = BuildOptions {
                sources: paths.sources(),
                out: PathBuf::new(),
                deny_warnings,
                stamp_time: false,
            };
            let warnings = site::check_only(&options)?;
            println!("{}", warnings.render());
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
        Command::New {
            date,
            from,
            content,
        } => {
            let created = daybrief::newday::new_day(&content, date, from)?;
            println!(
                "created {} from {}; update its figures, then run `daybrief check`",
                created.path.display(),
                created.from.display()
            );
        }
    }
    Ok(())
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
