//! The figures a time-series chart reads of each briefing it shows: worked out from the day's
//! tables, or kept in the day's outline (`check::outlines`). A day's time series shows the
//! [`SERIES_WINDOW`] briefings to it; with their figures in their outlines, adding a day types
//! that day and the two before it, not the 29 its charts read.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::archive::{Archive, Day, Schema};
use crate::chart_data::{Category, categories};
use crate::entity::EntityIndex;
use crate::model::chart::{ChartDecl, ChartKind};
use crate::model::publication::Publication;

/// A day's time series shows at most this many briefings (the most recent): enough to read a
/// month's trend, and each day's chart stays small however long the archive grows. The whole
/// history of each entity is on its page.
pub const SERIES_WINDOW: usize = 30;

/// What a time series reads of a day: its table, label column, value and denominator.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeriesKey {
    table: String,
    label: Option<String>,
    value: String,
    of: Option<String>,
}

impl SeriesKey {
    /// The key of a time-series declaration with a value column.
    pub fn of(decl: &ChartDecl) -> Option<SeriesKey> {
        if decl.kind != ChartKind::TimeSeries {
            return None;
        }
        Some(SeriesKey {
            table: decl.table.value.clone(),
            label: decl.label.as_ref().map(|l| l.value.clone()),
            value: decl.value.as_ref()?.value.clone(),
            of: decl.of.as_ref().map(|o| o.value.clone()),
        })
    }
}

/// One day's point of a time series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPoint {
    /// sum(value) / sum(of) × 100 with a denominator, else sum(value); none when no row has
    /// a value (or the denominators add up to zero).
    pub national: Option<f64>,
    /// Each row that names a declared entity and has a value, in table order: the entity's
    /// index and the row's value (value / of × 100 with a denominator).
    pub entities: Vec<(usize, f64)>,
}

/// A day's points by series; `None` where the day has no such table (the day is then left out
/// of the series).
pub type DaySeries = BTreeMap<SeriesKey, Option<DayPoint>>;

/// The point of `decl`'s series on a typed `day`; `None` when the day has no such table.
pub fn worked_out(
    schemas: &BTreeMap<String, Schema>,
    index: &EntityIndex,
    day: &Day,
    decl: &ChartDecl,
) -> Option<DayPoint> {
    let value = decl.value.as_ref()?;
    let schema = schemas.get(&decl.table.value)?;
    let table = day.tables.get(&decl.table.value)?;
    let columns: Vec<_> = std::iter::once(value).chain(&decl.of).collect();
    let with_of = decl.of.is_some();
    let rows = categories(schema, table, decl, &columns);
    Some(DayPoint {
        national: national(&rows, with_of),
        entities: (rows.iter())
            .filter_map(|c| Some((index.find(&c.label)?, entity_value(c, with_of)?)))
            .collect(),
    })
}

/// What an outline keeps of a typed `day`: the point of each time series the publication or
/// the day declares.
pub fn day_series(
    publication: &Publication,
    schemas: &BTreeMap<String, Schema>,
    index: &EntityIndex,
    day: &Day,
) -> DaySeries {
    (publication.charts.values())
        .chain(day.file.charts.values())
        .filter_map(|decl| {
            let key = SeriesKey::of(&decl.value)?;
            Some((key, worked_out(schemas, index, day, &decl.value)))
        })
        .collect()
}

/// A day held as an outline that does not keep the point a chart asks for.
#[derive(Debug)]
pub struct NotKept;

/// The point of `decl`'s series on `day`, typed or outlined; [`NotKept`] when the day is an
/// outline that does not keep it (a build types such days first: [`uncovered`]).
pub fn point(archive: &Archive, day: &Day, decl: &ChartDecl) -> Result<Option<DayPoint>, NotKept> {
    match &day.outline {
        None => Ok(worked_out(
            &archive.schemas,
            &archive.entity_index,
            day,
            decl,
        )),
        Some(outline) => {
            let key = SeriesKey::of(decl).ok_or(NotKept)?;
            outline.series.get(&key).cloned().ok_or(NotKept)
        }
    }
}

/// Whether [`point`] gives `decl`'s point on `day` (a typed day has every point), without
/// working it out.
fn has_point(day: &Day, decl: &ChartDecl) -> bool {
    match &day.outline {
        None => true,
        Some(outline) => SeriesKey::of(decl).is_some_and(|key| outline.series.contains_key(&key)),
    }
}

/// The dates of the briefings whose points the time series of day `index` read (its live
/// pages' and each of its editions') but whose outlines do not keep them: they are read in
/// full before the day is drawn.
pub fn uncovered(archive: &Archive, index: usize) -> Vec<NaiveDate> {
    let Some(current) = archive.days.get(index) else {
        return Vec::new();
    };
    let mut histories = vec![archive.window(index, SERIES_WINDOW)];
    for edition in archive.editions_of(current.date) {
        histories.push(archive.as_released(edition, SERIES_WINDOW - 1));
    }
    let mut dates = Vec::new();
    for history in histories {
        let Some(drawn) = history.last() else {
            continue;
        };
        let decls: Vec<&ChartDecl> = (archive.charts_of(drawn).into_values())
            .map(|d| &d.value)
            .filter(|d| SeriesKey::of(d).is_some())
            .collect();
        for day in history {
            if !decls.iter().all(|decl| has_point(day, decl)) {
                dates.push(day.date);
            }
        }
    }
    dates.sort();
    dates.dedup();
    dates
}

/// sum(value) / sum(of) × 100 when `of` is given, else the sum of `value`.
fn national(categories: &[Category], with_of: bool) -> Option<f64> {
    let num: f64 = categories.iter().filter_map(|c| c.values[0]).sum();
    if with_of {
        let den: f64 = categories
            .iter()
            .filter_map(|c| c.values.get(1).copied().flatten())
            .sum();
        (den > 0.0).then(|| num / den * 100.0)
    } else {
        categories
            .iter()
            .any(|c| c.values[0].is_some())
            .then_some(num)
    }
}

fn entity_value(c: &Category, with_of: bool) -> Option<f64> {
    let v = c.values[0]?;
    if with_of {
        let d = c.values.get(1).copied().flatten()?;
        (d > 0.0).then(|| v / d * 100.0)
    } else {
        Some(v)
    }
}
