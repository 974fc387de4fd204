//! The whole build as a list of steps, behind one entry point: [`run`].

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use std::collections::BTreeMap;

use crate::cache::{FindingsCache, Key};
use crate::error::{Error, Report, Severity, Unlisted};
use crate::ident::Ids;
use crate::load::{DayCache, Inputs, Sources};
use crate::progress::{Progress, Stage};
use crate::render::units::Plan;
use crate::render::{BuildState, OutputFile, Rendered};
use crate::{cache, check, load, publish, render};

mod target;
mod window;

use target::{Prepared, Target};

/// Options of `build`, `check` and `serve`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Where content, templates and themes are read from.
    pub sources: Sources,
    /// Output folder (used when publishing).
    pub out: PathBuf,
    /// Fail on warnings.
    pub deny_warnings: bool,
    /// Write the build time into `manifest.json` (off by default: builds stay byte-identical).
    pub stamp_time: bool,
    /// Print each day's PDF files (`publish::pdf`): `Some(true)` for `--pdf`, `Some(false)`
    /// never (`serve`), `None` as the publication's `pdf` setting says.
    pub pdf: Option<bool>,
    /// How many days a build reads in full at once (`None`: [`window::READ_WINDOW`]); see
    /// [`window`].
    pub read_window: Option<usize>,
    /// Which warnings a build that publishes lists in [`BuildSummary::warnings`] (all of
    /// them with [`BuildOptions::deny_warnings`]: they fail it).
    pub listing: Listing,
}

impl BuildOptions {
    /// [`BuildOptions::listing`], all with [`BuildOptions::deny_warnings`].
    fn listing(&self) -> Listing {
        match self.deny_warnings {
            true => Listing::All,
            false => self.listing,
        }
    }
}

/// Which warnings a build that publishes lists ([`BuildOptions::listing`]); a check and a
/// render in memory list them all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Listing {
    /// Every warning (`--format json`, `serve`, tests).
    #[default]
    All,
    /// The warnings about the days it rendered and about no day file; those about the other
    /// days only counted, in [`BuildSummary::unlisted`]: what `daybrief build` prints. At 1,000
    /// real-size days, listing all 25,000 took a tenth of the time of adding a day.
    RenderedDays,
}

/// What a run is for.
#[derive(Debug, Clone, Copy)]
pub enum Goal<'a> {
    /// Every stage but publish: validates content and templates, writes nothing.
    Check,
    /// The site in memory ([`BuildSummary::site`]), for tests and `serve`.
    Render(Reuse<'a>),
    /// The site published into [`BuildOptions::out`], reusing what the last build there left.
    Publish,
}

/// What an in-memory render may start from instead of reading and computing everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reuse<'a> {
    /// Inputs already loaded (the fuzz targets build them in memory); `None`: read the sources.
    pub inputs: Option<&'a Inputs>,
    /// Day files parsed before: only the files whose bytes changed are parsed again.
    pub days: Option<&'a Arc<DayCache>>,
    /// Days typed before: only the files whose bytes changed are typed again.
    pub typed: Option<&'a check::TypedDays>,
    /// The state of an earlier render: its units whose key did not change are not rendered,
    /// their files are listed in [`Rendered::kept`].
    pub previous: Option<&'a BuildState>,
    /// The rules' findings of an earlier run.
    pub findings: Option<&'a FindingsCache>,
    /// Told the rendered days' files before the site-wide pages are rendered, when the run
    /// has found no error (`serve` shows them at once).
    pub days_done: Option<DaysDone<'a>>,
    /// Trusted digests of the input files: a day file whose digest is recorded is read only
    /// if its day is not in [`Reuse::typed`] or [`Reuse::days`].
    pub recorded: Option<&'a load::InputRecords>,
}

/// See [`Reuse::days_done`].
#[derive(Clone, Copy)]
pub struct DaysDone<'a>(pub &'a render::DaysDone<'a>);

impl std::fmt::Debug for DaysDone<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DaysDone(..)")
    }
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Days in the site.
    pub days: usize,
    /// Files of the site (published, or rendered and kept in memory).
    pub files: usize,
    /// Bytes of the site (published, or rendered in memory).
    pub bytes: u64,
    /// The days whose pages were rendered; the others were reused from the previous build.
    pub rendered: Vec<NaiveDate>,
    /// Files written, linked and deleted to make the site; `None` when nothing was published
    /// (a check, a render in memory, or a site already up to date).
    pub changes: Option<publish::Changes>,
    /// Warnings found by the checks (see [`BuildOptions::listing`]).
    pub warnings: Report,
    /// The warnings about days that [`BuildSummary::warnings`] leaves out, counted by day.
    pub unlisted: Unlisted,
    /// The site in memory, for [`Goal::Render`].
    pub site: Option<Rendered>,
    /// The rules' findings of this run, for the next render in memory (`serve`); empty after a
    /// check, and after a build that publishes (it keeps them beside the site).
    pub findings: FindingsCache,
    /// What the user should know that is neither an error nor a warning (a cache ignored).
    pub notes: Vec<String>,
    /// Days loaded from their outlines and never typed in full (`check::outlines`).
    pub outlined: usize,
}

impl BuildSummary {
    /// The warnings about the days this run rendered, and about no day in particular; then how
    /// many warnings the other days have, and on how many days. A build prints the first in
    /// full and the rest as one line, so that today's new problem does not drown.
    pub fn warnings_about_rendered_days(&self) -> (Report, usize, usize) {
        let mut shown = Report::default();
        let mut other_days: std::collections::BTreeSet<NaiveDate> =
            self.unlisted.keys().copied().collect();
        let mut others = self.unlisted.values().sum();
        for warning in &self.warnings.diagnostics {
            match crate::day_path::date_from_path(&warning.file) {
                Some(date) if self.rendered.binary_search(&date).is_err() => {
                    others += 1;
                    other_days.insert(date);
                }
                _ => shown.push(warning.clone()),
            }
        }
        (shown, others, other_days.len())
    }
}

/// Runs the pipeline: load, check, derive, the document rules, chart, render, and for
/// [`Goal::Publish`] publish. Every stage runs as far as it can, so one run reports all errors:
/// days with errors are left out of the later stages, which still check the other days'
/// narrative and the templates.
pub fn run(
    options: &BuildOptions,
    goal: Goal,
    progress: &dyn Progress,
) -> Result<BuildSummary, Error> {
    let target = match goal {
        Goal::Publish => match Target::prepare(options)? {
            Prepared::UpToDate(summary) => return Ok(*summary),
            Prepared::Ready(ready) => Some(*ready),
        },
        Goal::Check | Goal::Render(_) => None,
    };
    let reuse = match goal {
        Goal::Render(reuse) => reuse,
        Goal::Check | Goal::Publish => Reuse::default(),
    };
    let days = reuse.days.or(target.as_ref().map(|(t, _)| &t.days));
    let recorded = (target.as_ref().map(|(t, _)| &t.input_records)).or(reuse.recorded);
    let (inputs, report) = match reuse.inputs {
        Some(inputs) => (inputs.clone(), Report::default()),
        None => load_stage(options, progress, days, recorded)?,
    };
    let (mut target, spare) = target.unzip();
    let made = make_site(
        options,
        inputs,
        report,
        progress,
        &reuse,
        target.as_mut(),
        spare,
    )?;
    match target {
        Some(target) => target.publish(made, progress),
        None => Ok(made.into_summary(matches!(goal, Goal::Render(_)))),
    }
}

/// The load stage: the inputs and what loading them reported, or the report alone when the
/// publication could not be read. `days` reuses day files parsed before; the day files
/// `recorded` vouches for are read only if they are parsed.
fn load_stage(
    options: &BuildOptions,
    progress: &dyn Progress,
    days: Option<&Arc<DayCache>>,
    recorded: Option<&load::InputRecords>,
) -> Result<(Inputs, Report), Error> {
    progress.stage(Stage::Load, 0);
    let loaded = load::load_all_with(&options.sources, days, recorded)?;
    let Some(inputs) = loaded.inputs else {
        return Err(Error::Content(loaded.report));
    };
    progress.stage(Stage::Check, inputs.days.len());
    Ok((inputs, loaded.report))
}

/// What the stages before publishing made.
struct Made {
    rendered: Rendered,
    report: Report,
    days: usize,
    rendered_dates: Vec<NaiveDate>,
    findings: FindingsCache,
    /// The warnings besides the rules' findings.
    others: Vec<crate::error::Diagnostic>,
    /// The site being published, when the run publishes.
    publisher: Option<publish::Publisher>,
    /// The browser that prints its PDF files, started early, when they are printed.
    browser: Option<publish::pdf::Starting>,
    /// Days left as outlines.
    outlined: usize,
}

impl Made {
    fn into_summary(self, keep_site: bool) -> BuildSummary {
        let Rendered { files, kept, .. } = &self.rendered;
        let bytes = files.iter().map(|f| f.bytes.len() as u64).sum::<u64>()
            + kept.iter().map(|f| f.bytes).sum::<u64>();
        // A render in memory keeps the findings for the next one (`serve`); a check does not.
        let mut warnings = self.report;
        warnings.diagnostics.extend(self.findings.findings());
        let findings = if keep_site {
            self.findings
        } else {
            FindingsCache::default()
        };
        warnings.sort();
        BuildSummary {
            days: self.days,
            files: files.len() + kept.len(),
            bytes,
            rendered: self.rendered_dates,
            changes: None,
            warnings,
            unlisted: Unlisted::new(),
            site: keep_site.then_some(self.rendered),
            findings,
            notes: Vec::new(),
            outlined: self.outlined,
        }
    }
}

/// Check, derive, the rules, chart and render, reusing the units of the previous build and the
/// findings of the cache whose keys did not change. With a `target`, each day's files go to its
/// publisher as soon as they are rendered.
fn make_site(
    options: &BuildOptions,
    mut inputs: Inputs,
    mut report: Report,
    progress: &dyn Progress,
    reuse: &Reuse,
    mut target: Option<&mut Target>,
    spare: Option<publish::Opening>,
) -> Result<Made, Error> {
    // The findings kept by the last build move into this one's (`serve` keeps its own).
    let stored: Cow<FindingsCache> = match (target.as_deref_mut(), reuse.findings) {
        (Some(target), _) => Cow::Owned(std::mem::take(&mut target.findings)),
        (None, Some(findings)) => Cow::Borrowed(findings),
        (None, None) => Cow::Owned(FindingsCache::default()),
    };
    let target = target.as_deref();
    let previous = match target {
        Some(target) => target.previous.as_ref(),
        None => reuse.previous,
    };
    let ids = Ids::of(&inputs);
    let keys: BTreeMap<NaiveDate, Key> = cache::keys(&inputs, &ids);
    let cached = |date: NaiveDate| stored.holds(date, keys.get(&date));
    let day_files = std::mem::take(&mut inputs.days);
    let days_per_window = options.read_window.unwrap_or(window::READ_WINDOW).max(1);
    // A build that publishes loads the days no page or rule reads in full from their outlines;
    // one that checks more days than a window holds each as its outline once checked.
    let outlines = target.is_some().then(|| check::Outlines {
        ids: &ids,
        findings_kept: &cached,
        hold_outlines: window::unchecked(&day_files, &cached) > days_per_window,
    });
    let checked = check::check_all(&inputs, day_files, &cached, reuse.typed, outlines);
    report.diagnostics.extend(checked.report.diagnostics);
    let mut fresh = checked.findings;
    let mut archive = checked.archive;
    if let Some(pdf) = options.pdf {
        archive.publication.pdf = pdf;
    }
    // A build that prints, with no error so far, starts the browser now: it starts while the
    // days are derived and rendered.
    let prints = archive.publication.pdf && target.is_some() && report.error_count() == 0;
    let browser = prints.then(publish::pdf::Starting::begin);
    let templates = templates_to_use(&inputs, &mut report);
    let days = archive.days.len();
    let mut made = Made {
        rendered: Rendered::default(),
        report: Report::default(),
        days,
        rendered_dates: Vec::new(),
        findings: FindingsCache::default(),
        others: Vec::new(),
        publisher: None,
        browser,
        outlined: 0,
    };
    // Charts and pages can only be made from a publication whose declarations are sound.
    if checked.publication_ok {
        let plan = Plan::new(&archive, &ids, previous);
        let stale = plan.stale_dates(&archive);
        progress.stage(Stage::Derive, days);
        // With no error so far, each day's files go to the site as soon as they are rendered,
        // so they are never all held in memory.
        if report.error_count() == 0
            && let (Some(target), Some(spare)) = (target, spare)
        {
            made.publisher = Some(publish::Publisher::begin(&target.out, spare));
        }
        let sink = |files: &[OutputFile], records: &[render::FileRecord]| match &made.publisher {
            Some(p) => p.put_unit(files, records),
            None => Ok(false),
        };
        let pass = window::Pass {
            inputs: &inputs,
            ids: &ids,
            plan: &plan,
            stale: &stale,
            cached: &cached,
            outlined: &checked.outlined,
            rules_ok: checked.rules_ok,
            // Only a build that publishes holds days as outlines; the others hold every day
            // typed anyway, and would derive them all again in each window.
            window: match target {
                Some(_) => days_per_window,
                None => usize::MAX,
            },
            templates: &templates,
            theme: &inputs.theme_files,
            previous,
            built_at: options
                .stamp_time
                .then(|| chrono::Local::now().to_rfc3339()),
        };
        let days_done = reuse.days_done.map(|d| d.0);
        let done = window::derive_and_render(
            &pass,
            &mut archive,
            &mut report,
            &mut fresh,
            &sink,
            days_done,
            progress,
        );
        made.outlined = (archive.days.iter())
            .chain(&archive.superseded)
            .filter(|d| d.outline.is_some())
            .count();
        let site_wide = done.and_then(|done| {
            let input = window::render_input(&pass, &archive, &done.derived, &done.charts);
            progress.stage(Stage::SiteWide, archive.days.len());
            render::render_site_wide(&input, &plan, previous, done.units)
        });
        match site_wide {
            Ok(done) => made.rendered = done,
            Err(Error::Content(r)) => report.diagnostics.extend(r.diagnostics),
            Err(other) => return Err(other),
        }
        made.rendered_dates = stale.into_iter().collect();
    }
    publish::drop_in_background((archive, inputs));
    // What the report says besides the rules' findings, for the cache to say again.
    made.others = report.diagnostics.clone();
    // The rules' findings join the report once the cache no longer needs them
    // (`Made::into_summary`, `Target::publish`): 24,000 of them at 1,000 real-size days, held
    // twice, took some 20 MB.
    made.findings = stored.into_owned().merge(&keys, fresh);
    let failed = report.error_count() + made.findings.count(Severity::Error) > 0;
    let denied = options.deny_warnings
        && report.warning_count() + made.findings.count(Severity::Warning) > 0;
    if failed || denied {
        report.diagnostics.extend(made.findings.findings());
        report.sort();
        return Err(if failed {
            Error::Content(report)
        } else {
            Error::DeniedWarnings(report)
        });
    }
    made.report = report;
    Ok(made)
}

/// The templates to render with: with broken templates the pages are still rendered, with the
/// built-in templates, so that the narrative's own errors are found in the same run.
fn templates_to_use(inputs: &Inputs, report: &mut Report) -> Vec<load::TemplateSource> {
    let errors = render::check_templates(&inputs.templates);
    let templates = if errors.diagnostics.is_empty() {
        inputs.templates.clone()
    } else {
        load::builtin_templates()
    };
    report.diagnostics.extend(errors.diagnostics);
    templates
}

/// The output folder's cache file, for tests that damage it.
pub fn findings_cache_path(out: &Path) -> PathBuf {
    FindingsCache::path_for(out)
}
