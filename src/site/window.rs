//! Deriving, the document rules and rendering, a window of days at a time. A build that reads
//! many days in full (a first build, a new template) would otherwise hold every typed day at
//! once: at 1,000 real-size days, about 1.4 GB. Each window types its days again from the
//! parsed-day cache, with the briefings before them that its pages read
//! (`check::read_in_full`), and the days the next window no longer needs are held as their
//! outlines again. An add-one-day build is one window: what it reads was never outlined.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::archive::Archive;
use crate::chart::Charts;
use crate::derive::Derived;
use crate::error::{Cached, DayFindings, Error, Report};
use crate::ident::Ids;
use crate::load::{DayInput, Inputs, TemplateSource};
use crate::progress::{Progress, Stage};
use crate::render::units::Plan;
use crate::render::{BuildState, DaysDone, RenderInput, UnitSink, Units};
use crate::{chart, check, derive, document_rules, render};

/// How many days a build reads in full at once, by default (the days rendered or checked; the
/// [`check::read_in_full`] briefings before them come on top).
pub const READ_WINDOW: usize = 64;

/// How many of `day_files` the rules still have to read (their findings are not `cached`):
/// when more than a window, the check stage holds each day as its outline once it is checked.
pub fn unchecked(day_files: &[DayInput], cached: Cached) -> usize {
    (day_files.iter())
        .filter(|input| crate::day_path::date_from_path(&input.path).is_none_or(|d| !cached(d)))
        .count()
}

/// What every window reads.
pub struct Pass<'a> {
    pub inputs: &'a Inputs,
    pub ids: &'a Ids,
    pub plan: &'a Plan,
    /// The dates whose units are rendered.
    pub stale: &'a BTreeSet<NaiveDate>,
    /// Whether a date's findings are kept (then no rule reads it).
    pub cached: Cached<'a>,
    /// The inputs of the days held as outlines, to type them again.
    pub outlined: &'a [DayInput],
    /// Whether the document rules may run (their configuration checked).
    pub rules_ok: bool,
    /// Days per window.
    pub window: usize,
    pub templates: &'a [TemplateSource],
    pub theme: &'a [(String, Vec<u8>)],
    pub previous: Option<&'a BuildState>,
    pub built_at: Option<String>,
}

/// What the windows made: the figures and charts the site-wide pages read, and every unit.
pub struct Done {
    pub derived: Derived,
    pub charts: Charts,
    pub units: Units,
}

/// Derives, applies the rules and renders (with `sink`) window by window, adding what typing
/// and the rules find to `report` and `fresh`.
pub fn derive_and_render(
    pass: &Pass,
    archive: &mut Archive,
    report: &mut Report,
    fresh: &mut DayFindings,
    sink: &UnitSink<'_>,
    days_done: Option<&DaysDone<'_>>,
    progress: &dyn Progress,
) -> Result<Done, Error> {
    let windows = windows(pass, archive);
    let mut units = Units::default();
    let mut last = None;
    let no_charts = Charts::default();
    for (number, window) in windows.iter().enumerate() {
        let in_window = |date: NaiveDate| window.contains(&date);
        let kept = |date: NaiveDate| (pass.cached)(date) || !in_window(date);
        let rendered: BTreeSet<NaiveDate> = pass.stale.intersection(window).copied().collect();
        let wanted = check::read_in_full(archive, &rendered, &kept);
        check::outline_again(archive, pass.outlined, &wanted, pass.ids);
        let errors = check::type_outlined(pass.inputs, archive, pass.outlined, &wanted);
        report.diagnostics.extend(errors.diagnostics);
        let (derived, two_day) = derive::derive_for(archive, &|d| rendered.contains(&d), &kept);
        add_findings(fresh, two_day);
        if pass.rules_ok {
            add_findings(fresh, document_rules::check(archive, &derived, &kept));
        }
        if number == 0 {
            progress.stage(Stage::Render, archive.days.len());
        }
        // A day's pages read no entity chart: those are drawn for the site-wide pages.
        let input = render_input(pass, archive, &derived, &no_charts);
        let days = &archive.days;
        let only = |i: usize| rendered.contains(&days[i].date);
        render::render_units(&input, pass.plan, pass.previous, sink, &only, &mut units)?;
        if windows.len() == 1 {
            last = Some(derived);
        }
    }
    // The rendered days are shown (by `serve`) before the site-wide figures are worked out;
    // only by a run without errors so far: a day with errors is left out.
    if let Some(show) = days_done.filter(|_| report.error_count() == 0) {
        render::show_days(&mut units, show);
    }
    // The units kept from the previous build, then the figures of the site-wide pages.
    let mut derived = match last {
        Some(derived) => derived,
        None => {
            check::outline_again(archive, pass.outlined, &BTreeSet::new(), pass.ids);
            derive::derive_for(archive, &|_| false, &|_| true).0
        }
    };
    progress.stage(Stage::Chart, archive.days.len());
    derived.entities = derive::entities::histories(archive);
    let charts = chart::draw_entities(archive, &derived);
    let input = render_input(pass, archive, &derived, &charts);
    let stale = |i: usize| pass.plan.stale[i];
    render::render_units(
        &input,
        pass.plan,
        pass.previous,
        sink,
        &|i| !stale(i),
        &mut units,
    )?;
    Ok(Done {
        derived,
        charts,
        units,
    })
}

/// The days read in full, rendered or checked, in order, cut into windows; one empty window
/// when there are none (the site-wide pages still need the figures).
fn windows(pass: &Pass, archive: &Archive) -> Vec<BTreeSet<NaiveDate>> {
    let read: Vec<NaiveDate> = (archive.days.iter())
        .map(|d| d.date)
        .filter(|d| pass.stale.contains(d) || !(pass.cached)(*d))
        .collect();
    if read.is_empty() {
        return vec![BTreeSet::new()];
    }
    read.chunks(pass.window)
        .map(|chunk| chunk.iter().copied().collect())
        .collect()
}

/// The input of the render stage for one window, or for the site-wide pages.
pub fn render_input<'a>(
    pass: &'a Pass,
    archive: &'a Archive,
    derived: &'a Derived,
    charts: &'a Charts,
) -> RenderInput<'a> {
    RenderInput {
        archive,
        derived,
        charts,
        templates: pass.templates,
        theme: pass.theme,
        ids: pass.ids,
        built_at: pass.built_at.clone(),
    }
}

fn add_findings(all: &mut DayFindings, more: DayFindings) {
    for (date, found) in more {
        all.entry(date).or_default().extend(found);
    }
}
