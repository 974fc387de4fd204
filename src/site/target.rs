//! The output folder of a build that publishes: what its last build left there, checked once,
//! and the publishing of what this build made.

use std::path::PathBuf;
use std::sync::Arc;

use crate::cache::FindingsCache;
use crate::error::{Error, Report};
use crate::load::{self, DayCache};
use crate::progress::{Progress, Stage};
use crate::publish;
use crate::render::BuildState;

use super::{BuildOptions, BuildSummary, Made};

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
}

pub(super) enum Prepared {
    /// Nothing changed since the last build: the summary of the site as it is.
    UpToDate(Box<BuildSummary>),
    /// The target, and its live site checked once: what may be reused from it, by render and
    /// by publish.
    Ready(Box<(Target, publish::LiveSite)>),
}

impl Target {
    /// Checks the output folder and reads what the last build left, unless the inputs are
    /// exactly those of the last build: then nothing is done at all.
    pub(super) fn prepare(options: &BuildOptions) -> Result<Prepared, Error> {
        let out = publish::output_folder(&options.out, &options.sources)?;
        let known = load::InputRecords::read(&out);
        let (mut inputs_digest, input_records) = load::input_digest(&options.sources, &known)?;
        if options.pdf == Some(true) {
            // A site built without `--pdf` is not up to date for a build with it.
            inputs_digest.push_str("+pdf");
        }
        let (findings, note) = FindingsCache::read(&out);
        if !options.stamp_time
            && let Some(stamp) = publish::up_to_date(&out, &inputs_digest)
            && let Some(warnings) = match stamp.warnings {
                0 => Some(Vec::new()),
                // Said again from the cache; without it, the build runs to find them.
                count => findings
                    .warnings_of(&inputs_digest)
                    .filter(|kept| kept.len() == count),
            }
        {
            let warnings = Report {
                diagnostics: warnings,
            };
            if input_records.hashed() > 0 {
                input_records.write(&out);
            }
            if options.deny_warnings && warnings.warning_count() > 0 {
                return Err(Error::DeniedWarnings(warnings));
            }
            return Ok(Prepared::UpToDate(Box::new(BuildSummary {
                days: stamp.days,
                files: stamp.files,
                bytes: stamp.bytes,
                rendered: Vec::new(),
                changes: None,
                warnings,
                site: None,
                findings,
                notes: Vec::new(),
                outlined: 0,
            })));
        }
        let live = publish::LiveSite::check(&out);
        let previous = publish::previous_state(&out, &live);
        let target = Target {
            days: Arc::new(DayCache::beside(&out)),
            out,
            inputs_digest,
            input_records,
            previous,
            findings,
            notes: note.into_iter().collect(),
        };
        Ok(Prepared::Ready(Box::new((target, live))))
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
            files: &rendered.files,
            kept: &rendered.kept,
            state: BuildState {
                units: std::mem::take(&mut rendered.units),
                search_years: std::mem::take(&mut rendered.search_years),
            },
            previous: self.previous.as_ref(),
        };
        let published = publisher.finish(
            built,
            &self.inputs_digest,
            report.warning_count(),
            days,
            browser,
        )?;
        self.input_records.write(&self.out);
        let mut findings = findings;
        findings.set_warnings(&self.inputs_digest, others);
        self.notes.extend(findings.write(&self.out));
        self.notes.extend(self.days.notes());
        self.notes.extend(self.days.write());
        Ok(BuildSummary {
            days,
            files: published.files,
            bytes: published.bytes,
            rendered: rendered_dates,
            changes: Some(published.changes),
            warnings: report,
            site: None,
            findings,
            notes: self.notes,
            outlined,
        })
    }
}
