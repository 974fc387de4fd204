//! The whole build as a list of steps.

use std::path::PathBuf;

use crate::error::{Error, Report};
use crate::load::{Inputs, Sources};
use crate::render::{OutputFile, RenderInput};
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
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Days built.
    pub days: usize,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Warnings found by the checks.
    pub warnings: Report,
}

/// Load, check, derive, chart and render: the site in memory, plus the warnings.
pub fn render_site(options: &BuildOptions) -> Result<(Vec<OutputFile>, Report, usize), Error> {
    let inputs = load::load(&options.sources)?;
    render_inputs(&inputs, options)
}

/// Check, derive, chart and render inputs already loaded (from disk, or built in memory as the
/// fuzz targets do): the site in memory, the warnings and the number of days. `sources` and
/// `out` of the options are not used.
pub fn render_inputs(
    inputs: &Inputs,
    options: &BuildOptions,
) -> Result<(Vec<OutputFile>, Report, usize), Error> {
    let (archive, mut warnings) = check::check(inputs)?;
    let (derived, two_day_warnings) = derive::derive(&archive);
    warnings.diagnostics.extend(two_day_warnings.diagnostics);
    warnings.sort();
    if options.deny_warnings && warnings.warning_count() > 0 {
        return Err(Error::DeniedWarnings(warnings));
    }
    let charts = chart::draw(&archive, &derived);
    let files = render::render(&RenderInput {
        archive: &archive,
        derived: &derived,
        charts: &charts,
        templates: &inputs.templates,
        theme: &inputs.theme_files,
        ids: &crate::ident::Ids::of(inputs),
        built_at: options
            .stamp_time
            .then(|| chrono::Local::now().to_rfc3339()),
    })?;
    Ok((files, warnings, archive.days.len()))
}

/// Builds the site and publishes it into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Error> {
    let (files, warnings, days) = render_site(options)?;
    let published = publish::publish(&files, &options.out)?;
    Ok(BuildSummary {
        days,
        files: published.files,
        bytes: published.bytes,
        warnings,
    })
}

/// Runs every stage but publish: validates content and templates without writing anything.
pub fn check_only(options: &BuildOptions) -> Result<Report, Error> {
    render_site(options).map(|(_, warnings, _)| warnings)
}
