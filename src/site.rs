//! The whole build as a list of steps.

use std::path::PathBuf;

use crate::error::{Error, Report};
use crate::load::{Inputs, Sources};
use crate::progress::{Progress, Silent, Stage};
use crate::render::units::STATE_PATH;
use crate::render::{BuildState, OutputFile, RenderInput, Rendered};
use crate::{chart, check, derive, load, publish, render};

/// Options of `build` and `check`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Where content, templates and themes are read from.
    pub sources: Sources,
    /// Output folder.
    pub out: PathBuf,
    /// Fail on warnings.
    pub deny_warnings: bool,
    /// Write the build time into `manifest.json` (off by default: builds stay byte-identical).
    pub stamp_time: bool,
    /// Print each day's PDF files (`publish::pdf`): `Some(true)` for `--pdf`, `Some(false)`
    /// never (`serve`), `None` as the publication's `pdf` setting says.
    pub pdf: Option<bool>,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Days in the site.
    pub days: usize,
    /// Files of the site.
    pub files: usize,
    /// Bytes of the site.
    pub bytes: u64,
    /// Days whose pages were rendered; the others were reused from the previous build.
    pub rendered_days: usize,
    /// Files written, linked and deleted to make the site; `None` when the site was already
    /// up to date (nothing changed since the last build) and nothing was done.
    pub changes: Option<publish::Changes>,
    /// Warnings found by the checks.
    pub warnings: Report,
}

/// Load, check, derive, chart and render: the site in memory, plus the warnings. Every stage
/// runs as far as it can, so one run reports all errors: days with errors are left out of the
/// later stages, which still check the other days' narrative and the templates.
pub fn render_site(options: &BuildOptions) -> Result<(Vec<OutputFile>, Report, usize), Error> {
    render_site_with_progress(options, &Silent)
}

/// [`render_site`], telling `progress` as each stage starts.
pub fn render_site_with_progress(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<(Vec<OutputFile>, Report, usize), Error> {
    let (inputs, report) = load_stage(options, progress, None)?;
    render_loaded(inputs, report, options, progress, None, None)
        .map(|o| (o.rendered.files, o.report, o.days))
}

/// [`render_site_with_progress`], reusing the units of `previous` (the state of an earlier
/// render that the caller kept, as `serve` does) and the day files `days` parsed before. The
/// files of the units it reuses are listed in `kept`, not rendered.
pub fn render_site_reusing(
    options: &BuildOptions,
    progress: &dyn Progress,
    previous: Option<&BuildState>,
    days: Option<&load::DayCache>,
) -> Result<(Rendered, Report, usize), Error> {
    let (inputs, report) = load_stage(options, progress, days)?;
    render_loaded(inputs, report, options, progress, previous, None)
        .map(|o| (o.rendered, o.report, o.days))
}

/// The load stage: the inputs and what loading them reported, or the report alone when the
/// publication could not be read. `days` reuses day files parsed before.
fn load_stage(
    options: &BuildOptions,
    progress: &dyn Progress,
    days: Option<&load::DayCache>,
) -> Result<(Inputs, Report), Error> {
    progress.stage(Stage::Load, 0);
    let loaded = load::load_all_with(&options.sources, days)?;
    let Some(inputs) = loaded.inputs else {
        return Err(Error::Content(loaded.report));
    };
    progress.stage(Stage::Check, inputs.days.len());
    Ok((inputs, loaded.report))
}

/// Check, derive, chart and render inputs already loaded (from disk, or built in memory as the
/// fuzz targets do): the site in memory, the warnings and the number of days. `sources` and
/// `out` of the options are not used.
pub fn render_inputs(
    inputs: &Inputs,
    options: &BuildOptions,
) -> Result<(Vec<OutputFile>, Report, usize), Error> {
    render_loaded(
        inputs.clone(),
        Report::default(),
        options,
        &Silent,
        None,
        None,
    )
    .map(|o| (o.rendered.files, o.report, o.days))
}

/// Check, derive, chart and render, reusing the units of `previous` that did not change.
fn render_loaded(
    mut inputs: Inputs,
    mut report: Report,
    options: &BuildOptions,
    progress: &dyn Progress,
    previous: Option<&BuildState>,
    publish_to: Option<(&std::path::Path, publish::LiveSite)>,
) -> Result<Outcome, Error> {
    let ids = crate::ident::Ids::of(&inputs);
    let day_files = std::mem::take(&mut inputs.days);
    let checked = check::check_all(&inputs, day_files);
    report.diagnostics.extend(checked.report.diagnostics);
    let mut archive = checked.archive;
    if let Some(pdf) = options.pdf {
        archive.publication.pdf = pdf;
    }
    let pdf = archive.publication.pdf;
    let template_errors = render::check_templates(&inputs.templates);
    // With broken templates the pages are still rendered, with the built-in templates, so that
    // the narrative's own errors are found in the same run.
    let templates = if template_errors.diagnostics.is_empty() {
        inputs.templates.clone()
    } else {
        load::builtin_templates()
    };
    report.diagnostics.extend(template_errors.diagnostics);
    let mut rendered = Rendered::default();
    let mut publisher = None;
    // Charts and pages can only be made from a publication whose declarations are sound.
    let days = archive.days.len();
    if checked.publication_ok {
        progress.stage(Stage::Derive, days);
        let plan = render::units::Plan::new(&archive, &ids, previous);
        let stale: std::collections::HashSet<chrono::NaiveDate> = archive
            .days
            .iter()
            .zip(&plan.stale)
            .filter(|(_, stale)| **stale)
            .map(|(day, _)| day.date)
            .collect();
        let (derived, two_day_warnings) =
            derive::derive_for(&archive, &|date| stale.contains(&date));
        report.diagnostics.extend(two_day_warnings.diagnostics);
        if checked.rules_ok {
            report
                .diagnostics
                .extend(crate::document_rules::check(&archive, &derived).diagnostics);
        }
        progress.stage(Stage::Chart, days);
        let charts = chart::draw_entities(&archive, &derived);
        progress.stage(Stage::Render, days);
        // With no error so far, each day's files go to the site as soon as they are rendered,
        // so they are never all held in memory.
        if report.error_count() == 0
            && let Some((out, live)) = publish_to
        {
            publisher = Some(publish::Publisher::begin(out, live)?);
        }
        let sink = |files: &[OutputFile], records: &[render::FileRecord]| match &publisher {
            Some(p) => p.put_unit(files, records).map(|()| true),
            None => Ok(false),
        };
        let result = render::render_reusing(
            &RenderInput {
                archive: &archive,
                derived: &derived,
                charts: &charts,
                templates: &templates,
                theme: &inputs.theme_files,
                ids: &ids,
                built_at: options
                    .stamp_time
                    .then(|| chrono::Local::now().to_rfc3339()),
            },
            &plan,
            previous,
            &sink,
        );
        match result {
            Ok(done) => rendered = done,
            Err(Error::Content(r)) => report.diagnostics.extend(r.diagnostics),
            Err(other) => return Err(other),
        }
    }
    report.sort();
    if report.error_count() > 0 {
        return Err(Error::Content(report));
    }
    if options.deny_warnings && report.warning_count() > 0 {
        return Err(Error::DeniedWarnings(report));
    }
    Ok(Outcome {
        rendered,
        report,
        days,
        publisher,
        pdf,
    })
}

/// What the stages before publishing made.
struct Outcome {
    rendered: Rendered,
    report: Report,
    days: usize,
    /// The site being published, when the build was asked to publish it.
    publisher: Option<publish::Publisher>,
    /// Whether its PDF files are printed.
    pdf: bool,
}

/// Builds the site and publishes it into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Error> {
    build_with_progress(options, &Silent)
}

/// [`build`], telling `progress` as each stage starts. Reuses what the previous build in
/// `options.out` left (see `render::units`): a build whose inputs did not change at all stops
/// after hashing them.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildSummary, Error> {
    let out = publish::output_folder(&options.out, &options.sources)?;
    let mut inputs_digest = load::input_digest(&options.sources)?;
    if options.pdf == Some(true) {
        // A site built without `--pdf` is not up to date for a build with it.
        inputs_digest.push_str("+pdf");
    }
    if !options.stamp_time
        && let Some(stamp) = publish::up_to_date(&out, &inputs_digest)
    {
        return Ok(BuildSummary {
            days: stamp.days,
            files: stamp.files,
            bytes: stamp.bytes,
            rendered_days: 0,
            changes: None,
            warnings: Report::default(),
        });
    }
    // The live site is checked once: what may be reused from it, by render and by publish.
    let live = publish::LiveSite::check(&out);
    let previous = publish::previous_state(&out, &live);
    let (inputs, loaded_report) = load_stage(options, progress, None)?;
    let Outcome {
        mut rendered,
        report: warnings,
        days,
        publisher,
        pdf,
    } = render_loaded(
        inputs,
        loaded_report,
        options,
        progress,
        previous.as_ref(),
        Some((&out, live)),
    )?;
    let state = BuildState {
        units: std::mem::take(&mut rendered.units),
    };
    rendered.files.push(OutputFile {
        path: STATE_PATH.into(),
        bytes: state.to_bytes(),
    });
    progress.stage(Stage::Publish, days);
    let Some(publisher) = publisher else {
        return Err(Error::Refused("nothing was rendered to publish".into()));
    };
    let published = publisher.finish(
        &rendered.files,
        &rendered.kept,
        &inputs_digest,
        warnings.warning_count(),
        days,
        pdf,
    )?;
    Ok(BuildSummary {
        days,
        files: published.files,
        bytes: published.bytes,
        rendered_days: rendered.rendered_units,
        changes: Some(published.changes),
        warnings,
    })
}

/// Runs every stage but publish: validates content and templates without writing anything.
pub fn check_only(options: &BuildOptions) -> Result<Report, Error> {
    render_site(options).map(|(_, warnings, _)| warnings)
}
