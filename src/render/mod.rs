//! Stage 5, **render**: pages, CSV and assets as files in memory; nothing touches the disk.
//! Data in: the archive, derived figures, charts, templates and theme. Data out: [`OutputFile`]s.

mod appendix_pages;
mod assets;
pub mod csv;
mod day_nav;
mod day_pages;
mod document;
mod engine;
mod entity_pages;
mod feeds;
mod history_pages;
mod list_pages;
mod manifest;
pub mod moved;
pub mod narrative;
mod nesting;
mod place;
mod search;
pub mod shared;
mod slides;
pub mod table;
pub mod units;
pub mod views;
pub mod years;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use tera::Tera;

use crate::archive::Archive;
use crate::chart::Charts;
use crate::derive::{Derived, DerivedDay};
use crate::error::{Error, Report};
use crate::load::TemplateSource;

pub use crate::expressions::register_filters;
pub use day_nav::pdf_names;
pub use manifest::with_files as manifest_with_files;
pub use units::{BuildState, FileRecord, UnitRecord};

/// A file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl FileRecord {
    /// The record of a rendered file.
    pub fn of(file: &OutputFile) -> FileRecord {
        FileRecord {
            path: file.path.clone(),
            bytes: file.bytes.len() as u64,
            sha256: crate::sha::Sha256Sum::of(&file.bytes),
        }
    }
}

/// What render needs.
pub struct RenderInput<'a> {
    /// The checked archive.
    pub archive: &'a Archive,
    /// Derived figures.
    pub derived: &'a Derived,
    /// Charts drawn by the chart stage: the entities' (each day's are drawn as it is rendered).
    pub charts: &'a Charts,
    /// Templates.
    pub templates: &'a [TemplateSource],
    /// Theme files by relative path.
    pub theme: &'a [(String, Vec<u8>)],
    /// Build and edition identifiers.
    pub ids: &'a crate::ident::Ids,
    /// Build time for `manifest.json`, only when the user asks for one (`--stamp-time`).
    pub built_at: Option<String>,
}

/// Shared state while rendering.
pub(crate) struct Renderer<'a> {
    pub input: &'a RenderInput<'a>,
    pub tera: Tera,
}

impl Renderer<'_> {
    /// The common fields of one of a day's pages: they show the edition and its id
    /// (`edition_id`, [`crate::ident::Ids::edition_of`] the day, hashed once for its pages).
    pub fn day_meta(
        &self,
        day: &crate::archive::Day,
        edition_id: &str,
        path: &str,
        title: String,
        section: &'static str,
    ) -> views::PageMeta {
        let mut meta = self.meta(path, title, section);
        meta.id = edition_id.to_owned();
        meta.edition = Some(format!("Bản {}", day.edition));
        meta
    }

    /// The common fields of a page at `path` (relative to the site root).
    pub fn meta(&self, path: &str, title: String, section: &'static str) -> views::PageMeta {
        let publication = &self.input.archive.publication;
        views::PageMeta {
            root: root_from(path),
            title,
            publication: publication.name.clone(),
            section,
            id: self.input.ids.build.clone(),
            edition: None,
            sample: publication.sample,
            has_entities: publication.entity_pages.is_some(),
        }
    }

    pub fn page(&self, name: &str, view: &impl serde::Serialize) -> Result<Vec<u8>, Error> {
        let context = tera::Context::from_serialize(view)
            .map_err(|e| engine::template_error(&e, self.input.templates))?;
        engine::render(&self.tera, name, &context, self.input.templates).map(String::into_bytes)
    }
}

/// Compiles the templates alone: the errors of every broken template, or nothing.
pub fn check_templates(templates: &[TemplateSource]) -> Report {
    match engine::build(templates) {
        Ok(_) => Report::default(),
        Err(Error::Content(report)) => report,
        Err(other) => {
            let mut report = Report::default();
            report.push(crate::error::Diagnostic::error(
                std::path::Path::new("templates"),
                0,
                0,
                other.to_string(),
            ));
            report
        }
    }
}

/// The site as one build renders it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Files rendered by this build, in path order: every file, without a previous build.
    pub files: Vec<OutputFile>,
    /// Files of the units whose key did not change, reused from the previous build as they are.
    pub kept: Vec<FileRecord>,
    /// Every unit of the site, for the next build.
    pub units: BTreeMap<String, Arc<UnitRecord>>,
    /// The files made from one year's days, for the next build (see [`years`]).
    pub year_files: years::YearFiles,
    /// How many units (days) were rendered rather than reused.
    pub rendered_units: usize,
}

/// Receives each rendered day's files and their records; `Ok(true)` when it took them.
pub type UnitSink<'a> = dyn Fn(&[OutputFile], &[FileRecord]) -> Result<bool, Error> + Sync + 'a;

/// Told once every day is rendered, before the site-wide pages, with the rendered days' files
/// that the [`UnitSink`] did not take (`serve` shows them while the site-wide pages render).
pub type DaysDone<'a> = dyn Fn(&[OutputFile]) + Sync + 'a;

/// Renders the whole site. All narrative errors of all days are reported together.
pub fn render(input: &RenderInput) -> Result<Vec<OutputFile>, Error> {
    let plan = units::Plan::new(input.archive, input.ids, None);
    render_reusing(input, &plan, None, &|_, _| Ok(false), None).map(|rendered| rendered.files)
}

/// Renders the site, reusing the units of `previous` whose key has not changed (see
/// [`units`]). The site-wide pages (home, archive, entities, search, feeds, manifest) are always
/// rendered.
/// `plan` must have been made against `previous`. Each rendered day's files are offered to
/// `sink` (with their records) as soon as they are made; when it takes them (`Ok(true)`) they are
/// not kept in [`Rendered::files`], so a build that publishes as it renders never holds the
/// whole site in memory. `days_done`, when given, is told once every day is rendered without
/// error.
pub fn render_reusing(
    input: &RenderInput,
    plan: &units::Plan,
    previous: Option<&BuildState>,
    sink: &UnitSink<'_>,
    days_done: Option<&DaysDone<'_>>,
) -> Result<Rendered, Error> {
    let mut units = Units::default();
    render_units(input, plan, previous, sink, &|_| true, &mut units)?;
    if let Some(done) = days_done {
        show_days(&mut units, done);
    }
    render_site_wide(input, plan, previous, units)
}

/// The units of a run, gathered window by window ([`render_units`]) before the site-wide
/// pages are made ([`render_site_wide`]).
#[derive(Debug, Default)]
pub struct Units {
    /// The rendered days' files the sink did not take, and the site's units so far.
    rendered: Rendered,
    /// The narrative errors found so far: every day's are reported together.
    report: Report,
    /// The search texts of the units rendered so far, each held once.
    texts: rustc_hash::FxHashSet<std::sync::Arc<str>>,
}

/// Renders, or takes from `previous`, the units of the days `only` selects (by archive index)
/// into `units`; the days' own errors are kept there. See [`render_reusing`].
pub fn render_units(
    input: &RenderInput,
    plan: &units::Plan,
    previous: Option<&BuildState>,
    sink: &UnitSink<'_>,
    only: &(dyn Fn(usize) -> bool + Sync),
    units: &mut Units,
) -> Result<(), Error> {
    let renderer = Renderer {
        input,
        tera: engine::build(input.templates)?,
    };
    let archive = input.archive;
    let frozen = frozen_by_day(input);
    // Days are independent: render them in parallel, then gather in archive order so the
    // output (and the order of reported errors) never depends on scheduling.
    // The days picked first: rayon splits the work by position, and the days to render are
    // often side by side (the last two, a window), which one thread would otherwise get alone.
    let picked: Vec<usize> = (0..archive.days.len()).filter(|i| only(*i)).collect();
    let outcomes: Vec<Result<UnitOutcome, Error>> = picked
        .into_par_iter()
        .map(|index| {
            let day = &archive.days[index];
            let derived = &input.derived.days[index];
            let dir = day_dir(day.date);
            let key = plan.keys[index].clone();
            if !plan.stale[index]
                && let Some(unit) = previous.and_then(|p| p.units.get(&dir))
            {
                return Ok(UnitOutcome::Kept(dir, Arc::clone(unit)));
            }
            read_in_full(archive, index, derived)?;
            let charts = crate::chart::draw_unit(archive, index);
            let live = day_pages::Place::live(day.date);
            // The live pages and the permanent copies side by side: `serve` renders one day,
            // which would otherwise leave the other cores idle while the page waits.
            let copies = frozen.get(&day.date).map_or(&[][..], Vec::as_slice);
            let (live, copies) = rayon::join(
                || day_pages::render_day(&renderer, day, derived, &live, &charts),
                || {
                    (copies.par_iter())
                        .map(|(edition, derived)| {
                            let place = day_pages::Place::frozen(day.date, edition.edition);
                            day_pages::render_day(&renderer, edition, derived, &place, &charts)
                        })
                        .collect::<Vec<_>>()
                },
            );
            let day_pages::DayFiles {
                mut files,
                mut moved,
            } = live?;
            for copy in copies {
                let copy = copy?;
                files.extend(copy.files);
                moved.extend(copy.moved);
            }
            // The live pages and the permanent copies share the charts and CSV files they have
            // in common: one file each (the same path means the same bytes).
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files.dedup_by(|a, b| a.path == b.path);
            let search = search::day_entries(&dir, &files);
            let records: Vec<FileRecord> = files.iter().map(FileRecord::of).collect();
            let unit = UnitRecord {
                key,
                moved: moved::MovedAddresses::new(moved, &records),
                files: records,
                search: units::SearchEntries::made(search),
                printed: BTreeMap::new(),
            };
            if sink(&files, &unit.files)? {
                files = Vec::new();
            }
            Ok(UnitOutcome::Rendered(dir, unit, files))
        })
        .collect();
    let (rendered, report, texts) = (&mut units.rendered, &mut units.report, &mut units.texts);
    for outcome in outcomes {
        match outcome {
            Ok(UnitOutcome::Kept(dir, unit)) => {
                rendered.units.insert(dir, unit);
            }
            Ok(UnitOutcome::Rendered(dir, mut unit, files)) => {
                unit.search = std::mem::take(&mut unit.search).sharing(texts);
                rendered.files.extend(files);
                rendered.units.insert(dir, Arc::new(unit));
                rendered.rendered_units += 1;
            }
            Err(Error::Content(r)) => report.diagnostics.extend(r.diagnostics),
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// Tells `done` the rendered days' files that the sink did not take, unless a day had errors.
pub fn show_days(units: &mut Units, done: &DaysDone<'_>) {
    if units.report.error_count() > 0 {
        return;
    }
    let files = &mut units.rendered.files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    done(files);
}

/// The site-wide pages, once every unit is in `units`: the finished site, or the days' errors.
pub fn render_site_wide(
    input: &RenderInput,
    plan: &units::Plan,
    previous: Option<&BuildState>,
    units: Units,
) -> Result<Rendered, Error> {
    let Units {
        mut rendered,
        mut report,
        ..
    } = units;
    if report.error_count() > 0 {
        report.sort();
        return Err(Error::Content(report));
    }
    let renderer = Renderer {
        input,
        tera: engine::build(input.templates)?,
    };
    let archive = input.archive;
    rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
    rendered.files.dedup_by(|a, b| a.path == b.path);
    rendered.kept = units::kept_files(&rendered, previous, plan, archive);
    let none = units::SearchEntries::default();
    let per_day: Vec<&units::SearchEntries> = (archive.days.iter())
        .map(|day| (rendered.units.get(&day_dir(day.date))).map_or(&none, |u| &u.search))
        .collect();
    // The site-wide pages read the whole archive but not each other: made side by side.
    let before = previous.map(|p| &p.year_files);
    let ((search, lists), entities) = rayon::join(
        || {
            rayon::join(
                || {
                    let newest = archive.days.last().map(|d| d.date).unwrap_or_default();
                    let period = years::search_period(newest);
                    let keys = years::keys(&archive.days, &plan.keys, &period);
                    search::render_search(&renderer, &per_day, (&keys, &period), before)
                },
                || list_pages::render_lists(&renderer, &plan.keys, before),
            )
        },
        || {
            let keys = years::keys(&archive.days, &plan.keys, years::year);
            entity_pages::render_entities(&renderer, &keys, before)
        },
    );
    let mut made = search?;
    made.extend(entities?);
    made.extend(lists?);
    rendered.kept.extend(made.kept);
    rendered.year_files = made.years;
    let mut site_wide = made.files;
    let mut pages: Vec<String> = rendered
        .units
        .values()
        .flat_map(|u| u.files.iter().map(|f| &f.path))
        .chain(site_wide.iter().map(|f| &f.path))
        .chain(rendered.year_files.keys())
        .filter(|path| path.ends_with(".html"))
        .cloned()
        .collect();
    pages.sort();
    pages.dedup();
    // The map of moved addresses (10 MB at 1,000 real-size days) is written while the feeds
    // are made and the site-wide files hashed; its record joins the list after.
    let ((moved, moved_record), site_wide_records) = rayon::join(
        || {
            let moved = shared::moved_map(rendered.units.iter().map(|(dir, unit)| (dir, &**unit)));
            let record = FileRecord::of(&moved);
            (moved, record)
        },
        || -> Result<_, Error> {
            site_wide.extend(feeds::render_feeds(&renderer, &pages)?);
            site_wide.extend(assets::assets(input));
            Ok(site_wide.par_iter().map(FileRecord::of).collect::<Vec<_>>())
        },
    );
    let site_wide_records = site_wide_records?;
    let kept = rendered.year_files.values().map(|(_, kept)| kept);
    let mut listed = manifest::listed(&rendered.units, site_wide_records.iter().chain(kept));
    manifest::add_record(&mut listed, &moved_record);
    site_wide.push(moved);
    let editions = archive
        .all_editions()
        .into_iter()
        .map(|d| manifest::EditionEntry {
            date: d.date.format("%Y-%m-%d").to_string(),
            edition: d.edition,
            id: input.ids.edition_of(d),
            path: day_pages::edition_dir(d.date, d.edition),
        })
        .collect();
    site_wide.push(manifest::manifest(
        &listed,
        &input.ids.build,
        input.built_at.as_deref(),
        editions,
    ));
    rendered.files.extend(site_wide);
    rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(rendered)
}

/// Refuses to render day `index` unless it and its figures were read in full, and the
/// briefings its time series show were read in full or keep their points in their outlines:
/// a page is never made from what an outline does not keep (`check::outlines`).
fn read_in_full(archive: &Archive, index: usize, derived: &DerivedDay) -> Result<(), Error> {
    let day = &archive.days[index];
    let outlined = (archive.editions_of(day.date).into_iter())
        .find(|e| e.outline.is_some())
        .map(|e| e.date)
        .or(derived.outline.then_some(day.date))
        .or_else(|| crate::series::uncovered(archive, index).first().copied());
    match outlined {
        None => Ok(()),
        Some(date) => Err(Error::Refused(format!(
            "internal error: rendering {} needed {} in full, but only its outline was loaded; delete the folder `.daybrief-days-…` beside the site and build again",
            day.date, date
        ))),
    }
}

/// A unit as a build found it: reused, or rendered anew with its files.
enum UnitOutcome {
    Kept(String, Arc<UnitRecord>),
    Rendered(String, UnitRecord, Vec<OutputFile>),
}

/// Each day's editions (current one included) with their derived figures, for the permanent
/// copies (of the days whose editions were derived).
fn frozen_by_day<'a>(
    input: &'a RenderInput,
) -> BTreeMap<NaiveDate, Vec<(&'a crate::archive::Day, &'a DerivedDay)>> {
    let mut by_day: BTreeMap<NaiveDate, Vec<_>> = BTreeMap::new();
    for day in input.archive.all_editions() {
        if let Some(derived) = input.derived.editions.get(&(day.date, day.edition)) {
            by_day.entry(day.date).or_default().push((day, derived));
        }
    }
    by_day
}

/// The folder of a day, relative to the site root: "2025/08/09/".
pub fn day_dir(date: NaiveDate) -> String {
    date.format("%Y/%m/%d/").to_string()
}

/// The relative prefix from a page at `path` to the site root.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}
