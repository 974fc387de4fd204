//! Stage 3, **derive**: figures computed from the checked archive, for templates and charts.
//! Data in: an [`Archive`]. Data out: [`Derived`] (per-day table summaries, neighbours,
//! computed columns left empty and filled, day-over-day changes, edition changes, entity
//! histories, the calendar) and the warnings that need two days to find (typed TĂNG/GIẢM
//! against the computed change).

mod calendar;
pub mod changes;
pub mod computed_columns;
pub mod editions;
pub mod entities;
pub mod table_diff;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Cached, DayFindings, Report};
pub use calendar::calendar;
pub use changes::DayChanges;
pub use editions::EditionChanges;
pub use entities::EntityHistory;

use crate::archive::{Archive, Day, Schema, Table};
use crate::cell::Cell;
use crate::totals;

/// Everything derived from the archive.
#[derive(Debug, Clone)]
pub struct Derived {
    /// One entry per day, in archive order.
    pub days: Vec<DerivedDay>,
    /// Each edition's own figures (its frozen pages), by date and edition number: of every day,
    /// or of the days an incremental build renders (see [`derive_for`]).
    pub editions: BTreeMap<(NaiveDate, u32), DerivedDay>,
    /// Months that have briefings, oldest first.
    pub calendar: Vec<Month>,
    /// Entity histories, in declaration order.
    pub entities: Vec<EntityHistory>,
}

/// Figures for one day.
#[derive(Debug, Clone)]
pub struct DerivedDay {
    /// The day's date.
    pub date: NaiveDate,
    /// The previous briefing in the archive.
    pub previous: Option<NaiveDate>,
    /// The next briefing in the archive.
    pub next: Option<NaiveDate>,
    /// Summaries by table id, for `{{ tables.<id>.… }}` in the narrative.
    pub tables: BTreeMap<String, TableSummary>,
    /// Totals rows by table id (computed, or as given).
    pub totals: BTreeMap<String, Vec<Cell>>,
    /// The tables whose computed columns (`change_of`) were left empty, filled from the
    /// briefing compared with; read them through [`DerivedDay::table`].
    pub filled: BTreeMap<String, Table>,
    /// The edition (date, edition number) this one is compared with: the previous briefing
    /// in the archive, or for a frozen edition the previous briefing as it stood when this
    /// one was released. Its differences ([`DerivedDay::changes`], `changes` in templates)
    /// are computed when needed and not kept: they are the largest part of the figures.
    pub compared_with: Option<(NaiveDate, u32)>,
    /// What each correction of this day changed, oldest first (live pages only).
    pub edition_changes: Vec<EditionChanges>,
    /// Entities per status code, from the publication's `entity_pages.status` table.
    pub national: BTreeMap<String, usize>,
    /// Whether only [`DerivedDay::national`] and the neighbours were derived: the day is not
    /// rendered and no rule reads it, or it or the one it is compared with was loaded as an
    /// outline (`check::outlines`), so no page of this build reads its figures.
    pub outline: bool,
}

/// What the narrative can quote from a table.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TableSummary {
    /// Entity rows (a spanning block counts once).
    pub count: usize,
    /// Sum of each numeric column by id.
    pub sum: BTreeMap<String, f64>,
    /// Entity rows per status code, for each status column (first status column).
    pub status_count: BTreeMap<String, usize>,
}

/// A month of the archive calendar.
#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Weeks, Monday first; `None` outside the month.
    pub weeks: Vec<[Option<u32>; 7]>,
    /// Days of the month that have a briefing.
    pub briefing_days: Vec<u32>,
}

/// Computes everything templates need beyond the checked tables, plus two-day warnings.
pub fn derive(archive: &Archive) -> (Derived, Report) {
    let (mut derived, findings) = derive_for(archive, &|_| true, &|_| false);
    derived.entities = entities::histories(archive);
    let mut warnings = Report::default();
    warnings
        .diagnostics
        .extend(findings.into_values().flatten());
    (derived, warnings)
}

/// [`derive`], with the editions' own figures only for the days `wanted` names: the other
/// days' frozen pages are not rendered. The two-day warnings are found for the days whose
/// findings are not `cached`, and returned by date. A day neither wanted nor read by the rules
/// (its findings `cached`) gets only what the site-wide pages read of it, as an outlined day
/// does: no page of this run is made from its figures (`serve` holds every day typed, and
/// would otherwise derive the whole archive again on every save). The entities' histories,
/// which only the entity pages read, are left to [`entities::histories`]: a build shows the
/// days it rendered before it works them out.
pub fn derive_for(
    archive: &Archive,
    wanted: &(dyn Fn(NaiveDate) -> bool + Sync),
    cached: Cached,
) -> (Derived, DayFindings) {
    let dates: Vec<NaiveDate> = archive.days.iter().map(|d| d.date).collect();
    // Each day only reads the archive: derived in parallel, gathered in archive order, one
    // day at a time between threads (the days derived in full are side by side).
    let per_day: Vec<(DerivedDay, Report)> = (0..archive.days.len())
        .into_par_iter()
        .with_max_len(1)
        .map(|i| {
            let day: &Day = &archive.days[i];
            let previous = i.checked_sub(1).map(|p| &*archive.days[p]);
            let mut own = Report::default();
            if !cached(day.date) {
                changes::check_typed_changes(archive, day, previous, &mut own);
            }
            let editions = archive.editions_of(day.date);
            let outlined = |d: &Day| d.outline.is_some();
            let unread = !wanted(day.date) && cached(day.date);
            let derived = if unread || outlined(day) || previous.is_some_and(outlined) {
                DerivedDay {
                    previous: previous.map(|p| p.date),
                    next: dates.get(i + 1).copied(),
                    ..outline_day(archive, day)
                }
            } else {
                DerivedDay {
                    previous: previous.map(|p| p.date),
                    next: dates.get(i + 1).copied(),
                    edition_changes: editions
                        .windows(2)
                        .map(|pair| editions::edition_changes(archive, pair[0], pair[1]))
                        .collect(),
                    ..derive_day(archive, day, previous)
                }
            };
            (derived, own)
        })
        .collect();
    let mut warnings = DayFindings::new();
    let days = per_day
        .into_iter()
        .map(|(derived, own)| {
            warnings.insert(derived.date, own.diagnostics);
            derived
        })
        .collect();
    let wanted_editions: Vec<&Day> = (archive.all_editions().into_iter())
        .filter(|day| wanted(day.date))
        .collect();
    let editions = wanted_editions
        .into_par_iter()
        .map(|day| {
            let derived = derive_day(archive, day, archive.previous_as_released(day));
            ((day.date, day.edition), derived)
        })
        .collect();
    let derived = Derived {
        days,
        editions,
        calendar: calendar(&dates),
        entities: Vec::new(),
    };
    (derived, warnings)
}

/// What the site-wide pages read of a day loaded as an outline; no neighbours.
fn outline_day(archive: &Archive, day: &Day) -> DerivedDay {
    DerivedDay {
        date: day.date,
        previous: None,
        next: None,
        tables: BTreeMap::new(),
        totals: BTreeMap::new(),
        filled: BTreeMap::new(),
        compared_with: None,
        edition_changes: Vec::new(),
        national: entities::national_status(archive, day),
        outline: true,
    }
}

/// The figures of one edition compared with `previous`; no neighbours.
fn derive_day(archive: &Archive, day: &Day, previous: Option<&Day>) -> DerivedDay {
    let filled = computed_columns::filled_tables(archive, day, previous);
    DerivedDay {
        date: day.date,
        previous: None,
        next: None,
        tables: summarise_day(archive, day, &filled),
        totals: day_totals(archive, day, &filled),
        filled,
        compared_with: previous.map(|p| (p.date, p.edition)),
        edition_changes: Vec::new(),
        national: entities::national_status(archive, day),
        outline: false,
    }
}

fn summarise_day(
    archive: &Archive,
    day: &Day,
    filled: &BTreeMap<String, Table>,
) -> BTreeMap<String, TableSummary> {
    day.tables
        .iter()
        .filter_map(|(id, table)| {
            let schema = archive.schemas.get(id)?;
            let table = filled.get(id).unwrap_or(table);
            Some((id.clone(), summarise(schema, table)))
        })
        .collect()
}

/// Count, column sums and status counts of one table.
pub fn summarise(schema: &Schema, table: &Table) -> TableSummary {
    let mut summary = TableSummary {
        count: table.entity_rows().count(),
        ..TableSummary::default()
    };
    for (i, column) in schema.columns.iter().enumerate() {
        if column.kind.is_numeric()
            && let Some(sum) = totals::column_sum(table, i)
        {
            summary.sum.insert(column.id.clone(), sum);
        }
    }
    if let Some(status_index) = schema
        .columns
        .iter()
        .position(|c| c.kind == crate::model::schema::ColumnType::Status)
    {
        for cells in table.entity_rows() {
            if let Some(code) = cells.get(status_index).and_then(Cell::status) {
                *summary.status_count.entry(code.to_owned()).or_default() += 1;
            }
        }
    }
    summary
}

fn day_totals(
    archive: &Archive,
    day: &Day,
    filled: &BTreeMap<String, Table>,
) -> BTreeMap<String, Vec<Cell>> {
    use crate::model::schema::TotalRow;
    day.tables
        .iter()
        .filter_map(|(id, table)| {
            let schema = archive.schemas.get(id)?;
            let table = filled.get(id).unwrap_or(table);
            match schema.total_row {
                TotalRow::None => None,
                TotalRow::Given => table.given_total.clone().map(|t| (id.clone(), t)),
                TotalRow::Computed => Some((id.clone(), totals::computed_row(schema, table))),
            }
        })
        .collect()
}

impl DerivedDay {
    /// Table `id` of `day` (the edition these figures are of) as published: with its empty
    /// computed columns filled where they could be.
    pub fn table<'a>(&'a self, day: &'a Day, id: &str) -> Option<&'a Table> {
        self.filled.get(id).or_else(|| day.tables.get(id))
    }

    /// The differences of `day` (the edition these figures are of) from the briefing it is
    /// compared with.
    pub fn changes(&self, archive: &Archive, day: &Day) -> DayChanges {
        let previous = self.compared_with.and_then(|(date, edition)| {
            archive
                .editions_of(date)
                .into_iter()
                .find(|e| e.edition == edition)
        });
        changes::day_changes(archive, day, previous)
    }
}
