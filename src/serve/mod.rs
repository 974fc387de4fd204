//! `daybrief serve`: a local preview server. It builds the site in memory (it never writes
//! `site/` or the content), serves it, watches content, templates and themes, rebuilds on a
//! change and tells open pages to reload through Server-Sent Events. A failed build keeps the
//! last good site and shows its diagnostics over the page.
//!
//! Nothing here draws on the terminal: what the command line shows goes through [`Reporter`].

mod events;
mod http;
mod inject;
mod mime;
mod request;
mod routes;
mod state;
mod url_path;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::{Error, Report};
use crate::progress::Progress;
use crate::site::{self, BuildOptions};

pub use routes::{EVENTS_PATH, RESERVED, STATUS_PATH};
pub use state::{Finding, Problem};

/// Loopback: the preview is for the person at this machine.
pub const DEFAULT_BIND: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
/// The port when none is given.
pub const DEFAULT_PORT: u16 = 8000;

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build; `out` is not used, since nothing is written.
    pub build: BuildOptions,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 lets the system pick a free one.
    pub port: u16,
}

/// What the server tells the person running it.
#[derive(Debug)]
pub enum Notice<'a> {
    /// The first build is done and the server answers at `url`.
    Listening {
        /// `http://127.0.0.1:8000/`.
        url: &'a str,
        /// The folders watched for changes.
        watched: &'a [PathBuf],
    },
    /// Files changed; a rebuild starts.
    Changed {
        /// The changed files and folders.
        paths: &'a [PathBuf],
    },
    /// A build succeeded and its site is served.
    Built {
        /// The build number pages carry.
        build: u64,
        /// Days in the archive.
        days: usize,
        /// Files in the site.
        files: usize,
        /// How long the build took.
        elapsed: Duration,
        /// When the pages of the days it changed were served, before the site-wide pages (a
        /// build that changed days and had a site before).
        days_shown: Option<Duration>,
        /// The warnings of the checks.
        warnings: &'a Report,
    },
    /// A build failed; the previous site is still served.
    Failed {
        /// Why.
        error: &'a Error,
        /// How long the build took.
        elapsed: Duration,
    },
}

/// Receives the server's notices and gives each build its progress display.
pub trait Reporter {
    /// A build starts; the returned progress is told its stages and dropped when it ends.
    fn build_started(&self) -> Box<dyn Progress + '_>;
    /// Something happened.
    fn notice(&self, notice: Notice<'_>);
}

/// What the request threads and the build loop share.
#[derive(Debug, Default)]
struct Shared {
    state: state::SiteState,
    hub: events::Hub,
    /// The units of the last good site, so a rebuild renders only the days that changed.
    units: std::sync::Mutex<Option<crate::render::BuildState>>,
    /// Day files parsed so far, so a rebuild parses only the files that changed.
    days: std::sync::Arc<crate::load::DayCache>,
    /// Days typed so far, so a rebuild types only the files that changed.
    typed: crate::check::TypedDays,
    /// The rules' findings of the last good site, so a rebuild applies the rules only to the
    /// days that changed.
    findings: std::sync::Mutex<crate::cache::FindingsCache>,
    /// The digest of each input file with its stat, so a rebuild reads and hashes only the
    /// files whose stat changed (the others are not read at all: their days are typed).
    inputs: std::sync::Mutex<crate::load::InputRecords>,
}

/// Serves until the process is stopped. Returns only on an error that stops the server (the
/// port is taken, or watching is impossible); content errors are shown, never returned.
pub fn run(options: &ServeOptions, reporter: &dyn Reporter) -> Result<(), Error> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = http::listen(address)
        .map_err(|e| Error::Refused(format!("could not listen on {address}: {e}")))?;
    let url = match listener.local_addr() {
        Ok(bound) => format!("http://{bound}/"),
        Err(_) => format!("http://{address}/"),
    };
    let sources = &options.build.sources;
    let (watcher, watched) =
        watch::ChangeWatcher::new(&[&sources.content, &sources.templates, &sources.themes])?;
    let shared = Arc::new(Shared::default());
    rebuild(options, &shared, reporter);
    http::spawn_server(listener, shared.clone());
    reporter.notice(Notice::Listening {
        url: &url,
        watched: &watched,
    });
    while let Some(paths) = watcher.next_batch() {
        reporter.notice(Notice::Changed { paths: &paths });
        rebuild(options, &shared, reporter);
    }
    Err(Error::Refused("the file watcher stopped".into()))
}

/// The input files' digests, from the last rebuild's records for the files whose stat did
/// not change; `None` when the sources cannot be listed (the build then reads every file and
/// says why).
fn recorded_inputs(options: &ServeOptions, shared: &Shared) -> Option<crate::load::InputRecords> {
    let mut known = shared.inputs.lock().unwrap_or_else(PoisonError::into_inner);
    let (_, records) = crate::load::input_digest(&options.build.sources, &known).ok()?;
    *known = records.clone();
    Some(records)
}

/// Builds in memory, swaps the result in (or records the problem) and tells the open pages.
/// Only the days that changed are rendered; the others' files are shared with the last site.
fn rebuild(options: &ServeOptions, shared: &Shared, reporter: &dyn Reporter) {
    let started = Instant::now();
    let previous = shared
        .units
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    let findings = std::mem::take(
        &mut *shared
            .findings
            .lock()
            .unwrap_or_else(PoisonError::into_inner),
    );
    // The pages of the days that changed are served as soon as they are rendered, with the
    // last site's other files: the page being edited reloads without waiting for the site-wide
    // pages (home, calendar, entities, search), which follow in a second step.
    let days_shown = Mutex::new(None);
    let show_days = |rendered: &[crate::render::OutputFile]| {
        let last = shared.state.current();
        if last.build == 0 || rendered.is_empty() {
            return;
        }
        let changed = rendered
            .iter()
            .map(|file| (file.path.clone(), Arc::from(file.bytes.as_slice())));
        shared.state.ahead(changed);
        shared.hub.notify();
        *days_shown.lock().unwrap_or_else(PoisonError::into_inner) = Some(started.elapsed());
    };
    let result = {
        let progress = reporter.build_started();
        let recorded = recorded_inputs(options, shared);
        let reuse = site::Reuse {
            inputs: None,
            days: Some(&shared.days),
            typed: Some(&shared.typed),
            previous: previous.as_ref(),
            findings: Some(&findings),
            days_done: Some(site::DaysDone(&show_days)),
            recorded: recorded.as_ref(),
        };
        site::run(&options.build, site::Goal::Render(reuse), &*progress)
    };
    let elapsed = started.elapsed();
    match result {
        Ok(summary) => {
            let rendered = summary.site.unwrap_or_default();
            let (warnings, days) = (summary.warnings, summary.days);
            *shared
                .findings
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = summary.findings;
            let last = shared.state.current();
            let mut files = state::Files::with_capacity(rendered.files.len() + rendered.kept.len());
            for kept in &rendered.kept {
                if let Some(bytes) = last.file(&kept.path) {
                    files.insert(kept.path.clone(), bytes.clone());
                }
            }
            for file in rendered.files {
                files.insert(file.path, file.bytes.into());
            }
            let count = files.len();
            *shared.units.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(crate::render::BuildState {
                    units: rendered.units,
                    year_files: rendered.year_files,
                });
            let (snapshot, previous) = shared.state.succeeded(files);
            shared.hub.notify();
            drop(previous);
            reporter.notice(Notice::Built {
                build: snapshot.build,
                days,
                files: count,
                elapsed,
                days_shown: days_shown
                    .into_inner()
                    .unwrap_or_else(PoisonError::into_inner),
                warnings: &warnings,
            });
        }
        Err(error) => {
            // The last good site stays, and so do its units and findings.
            *shared.units.lock().unwrap_or_else(PoisonError::into_inner) = previous;
            *shared
                .findings
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = findings;
            shared.state.failed(Problem::from_error(&error));
            shared.hub.notify();
            reporter.notice(Notice::Failed {
                error: &error,
                elapsed,
            });
        }
    }
}
