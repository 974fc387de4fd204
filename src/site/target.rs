//! The output folder of a build that publishes: what its last build left there, checked once,
//! and the publishing of what this build made.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache::FindingsCache;
use crate::error::{Error, Report, Severity, Unlisted};
use crate::load::{self, DayCache};
use crate::progress::{Progress, Stage};
use crate::publish;
use crate::render::BuildState;

use super::{BuildOptions, BuildSummary, Listing, Made};

/// The output folder of a run that publishes, and what its last build left there.
pub(super) struct Target {
    pub(super) out: PathBuf,
    pub(super) inputs_digest: String,
    /// The stat and digest of each input file, kept for the next build once this one succeeds.
    pub(super) input_records: load::InputRecords,
    pub(super) previous: Option<BuildState>,
    pub(super) findings: FindingsCache,
    /// The day files parsed by earlier builds.
    pub(super) days: Arc<DayCache>,
    pub(super) notes: Vec<String>,
    /// Which warnings the summary lists.
    listing: Listing,
}

pub(super) enum Prepared {
    /// Nothing changed since the last build: the summary of the site as it is.
    UpToDate(Box<BuildSummary>),
    /// The target, and its live site checked once: what may be reused from it, by render and
    /// by publish.
    Ready(Box<(Target, publish::Opening)>),
}

impl Target {
    /// Checks the output folder and reads what the last build left, unless the inputs are
    /// exactly those of the last build: then nothing is done at all. The findings cache and
    /// the build state are read on threads of their own while the live site is checked; the
    /// spare is then opened on another while the build goes on.
    pub(super) fn prepare(options: &BuildOptions) -> Result<Prepared, Error> {
        let out = publish::output_folder(&options.out, &options.sources)?;
        let known = load::InputRecords::read(&out);
        let (mut inputs_digest, input_records) = load::input_digest(&options.sources, &known)?;
        if options.pdf == Some(true) {
            // A site built without `--pdf` is not up to date for a build with it.
            inputs_digest.push_str("+pdf");
        }
        let last = std::thread::scope(|scope| {
            let findings_read = scope.spawn(|| FindingsCache::read(&out));
            let stamp = (!options.stamp_time)
                .then(|| publish::up_to_date(&out, &inputs_digest))
                .flatten();
            let mut findings_read = Reading::Started(findings_read);
            if let Some(stamp) = stamp {
                let (findings, note) = findings_read.finished();
                let said = up_to_date(
                    options,
                    &out,
                    stamp,
                    findings,
                    &input_records,
                    &inputs_digest,
                );
                match said? {
                    Ok(summary) => return Ok(Err(summary)),
                    Err(findings) => findings_read = Reading::Done((findings, note)),
                }
            }
            let state_read = scope.spawn(|| publish::stored_state(&out));
            let live = publish::LiveSite::check(&out);
            let previous = joined(state_read).map(|state| publish::reusable(state, &live));
            let (findings, note) = findings_read.finished();
            Ok(Ok((previous, live, findings, note)))
        });
        let (previous, live, findings, note) = match last? {
            Ok(last) => last,
            Err(summary) => return Ok(Prepared::UpToDate(Box::new(summary))),
        };
        let opening = publish::Opening::start(out.clone(), live);
        let target = Target {
            days: Arc::new(DayCache::beside(&out)),
            out,
            inputs_digest,
            input_records,
            previous,
            findings,
            notes: note.into_iter().collect(),
            listing: options.listing(),
        };
        Ok(Prepared::Ready(Box::new((target, opening))))
    }

    /// Publishes what was made, then keeps the findings for the next build.
    pub(super) fn publish(
        mut self,
        made: Made,
        progress: &dyn Progress,
    ) -> Result<BuildSummary, Error> {
        let Made {
            mut rendered,
            report,
            days,
            rendered_dates,
            findings,
            others,
            publisher,
            browser,
            outlined,
        } = made;
        let Some(publisher) = publisher else {
            return Err(Error::Refused("nothing was rendered to publish".into()));
        };
        progress.stage(Stage::Publish, days);
        let built = publish::Built {
            files: std::mem::take(&mut rendered.files),
            kept: &rendered.kept,
            state: BuildState {
                units: std::mem::take(&mut rendered.units),
                year_files: std::mem::take(&mut rendered.year_files),
            },
            previous: self.previous.as_ref(),
        };
        // The findings are sealed while the site is finished, on the core it leaves idle, and
        // written once it is published; only then do they join the report.
        let mut findings = findings;
        let warning_count = report.warning_count() + findings.count(Severity::Warning);
        findings.set_warnings(&self.inputs_digest, others);
        let (published, sealed) = std::thread::scope(|scope| {
            let sealed = scope.spawn(|| findings.seal());
            let published =
                publisher.finish(built, &self.inputs_digest, warning_count, days, browser);
            (published, joined(sealed))
        });
        let published = published?;
        let mut report = report;
        let listed =
            |date| self.listing == Listing::All || rendered_dates.binary_search(&date).is_ok();
        let (found, mut unlisted) = findings.findings_listed(&listed);
        report.keep_listed(&listed, &mut unlisted);
        report.diagnostics.extend(found);
        report.sort();
        publish::drop_in_background((self.previous.take(), rendered, findings));
        self.input_records.write(&self.out);
        self.notes
            .extend(FindingsCache::write_sealed(&self.out, sealed));
        self.notes.extend(self.days.notes());
        self.notes.extend(self.days.write());
        Ok(BuildSummary {
            days,
            files: published.files,
            bytes: published.bytes,
            rendered: rendered_dates,
            changes: Some(published.changes),
            warnings: report,
            unlisted,
            site: None,
            findings: FindingsCache::default(),
            notes: self.notes,
            outlined,
        })
    }
}

/// A read on a thread of its own, or its result.
enum Reading<'scope, T> {
    Started(std::thread::ScopedJoinHandle<'scope, T>),
    Done(T),
}

impl<T> Reading<'_, T> {
    fn finished(self) -> T {
        match self {
            Reading::Started(handle) => joined(handle),
            Reading::Done(value) => value,
        }
    }
}

/// What a scoped thread returned; its panic goes on in this thread.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The summary of a site already built from these inputs (`stamp`), when the findings cache
/// can say its warnings again; otherwise the cache back, for the build to run.
fn up_to_date(
    options: &BuildOptions,
    out: &Path,
    stamp: publish::Stamp,
    findings: FindingsCache,
    input_records: &load::InputRecords,
    inputs_digest: &str,
) -> Result<Result<BuildSummary, FindingsCache>, Error> {
    // Nothing is rendered: only the warnings about no day are listed unless all are.
    let listed = |_| options.listing() == Listing::All;
    let (warnings, unlisted) = match stamp.warnings {
        0 => (Vec::new(), Unlisted::new()),
        // Said again from the cache; without it, the build runs to find them.
        count => match findings
            .warnings_of(inputs_digest, &listed)
            .filter(|(kept, unlisted)| kept.len() + unlisted.values().sum::<usize>() == count)
        {
            Some(kept) => kept,
            None => return Ok(Err(findings)),
        },
    };
    let warnings = Report {
        diagnostics: warnings,
    };
    if input_records.hashed() > 0 {
        input_records.write(out);
    }
    if options.deny_warnings && warnings.warning_count() > 0 {
        return Err(Error::DeniedWarnings(warnings));
    }
    Ok(Ok(BuildSummary {
        days: stamp.days,
        files: stamp.files,
        bytes: stamp.bytes,
        rendered: Vec::new(),
        changes: None,
        warnings,
        unlisted,
        site: None,
        findings,
        notes: Vec::new(),
        outlined: 0,
    }))
}
