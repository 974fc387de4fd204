//! What `daybrief serve` prints: where it listens, each rebuild in one line, and the full
//! diagnostics of a failed build (the browser shows them too).

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use daybrief::Report;
use daybrief::progress::Progress;
use daybrief::serve::{Notice, Reporter};

use super::TerminalProgress;

/// Prints the server's notices; warnings are printed in full only when they change.
#[derive(Default)]
pub struct ServeReport {
    last_warnings: RefCell<Option<Report>>,
}

impl Reporter for ServeReport {
    fn build_started(&self) -> Box<dyn Progress + '_> {
        Box::new(TerminalProgress::start())
    }

    fn notice(&self, notice: Notice<'_>) {
        match notice {
            Notice::Listening { url, watched } => {
                say(&format!("serving {url}"));
                say(&format!(
                    "watching {}; press Ctrl-C to stop",
                    list(watched.iter().map(|p| p.display().to_string()))
                ));
            }
            Notice::Changed { paths } => say(&format!("changed: {}", changed(paths))),
            Notice::Built {
                build,
                days,
                files,
                elapsed,
                days_shown,
                warnings,
            } => {
                let mut last = self.last_warnings.borrow_mut();
                if last.as_ref() != Some(warnings) {
                    if warnings.warning_count() > 0 {
                        complain(&warnings.render());
                    }
                    *last = Some(warnings.clone());
                }
                let shown = days_shown
                    .map(|at| format!(" (changed days shown after {} ms)", at.as_millis()))
                    .unwrap_or_default();
                say(&format!(
                    "build {build}: {days} day(s), {files} files in {} ms{shown}{}",
                    elapsed.as_millis(),
                    match warnings.warning_count() {
                        0 => String::new(),
                        n => format!(", {n} warning(s)"),
                    }
                ));
            }
            Notice::Failed { error, elapsed } => {
                complain(&format!(
                    "{}\nbuild failed after {} ms; still serving the last good build",
                    crate::error_chain(error),
                    elapsed.as_millis()
                ));
            }
        }
    }
}

/// A line on stdout, flushed (a script may wait for it). A closed stdout must not stop the
/// server, so write errors are ignored, unlike `println!`, which panics.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Text on stderr; errors ignored, as in [`say`].
fn complain(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

fn changed(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    let mut text = list(paths.iter().take(SHOWN).map(|p| relative(p)));
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}

/// The watcher reports absolute paths; shown relative to the working folder, as typed.
fn relative(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
