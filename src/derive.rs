//! Stage 3, **derive**: figures computed from the checked archive, for templates and charts.
//! Data in: an [`Archive`]. Data out: [`Derived`] (per-day table summaries, neighbours, the
//! calendar).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::archive::{Archive, Day, Schema, Table};
use crate::cell::Cell;
use crate::totals;

/// Everything derived from the archive.
#[derive(Debug, Clone)]
pub struct Derived {
    /// One entry per day, in archive order.
    pub days: Vec<DerivedDay>,
    /// Months that have briefings, oldest first.
    pub calendar: Vec<Month>,
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

/// Computes summaries, neighbours and the calendar.
pub fn derive(archive: &Archive) -> Derived {
    let dates: Vec<NaiveDate> = archive.days.iter().map(|d| d.date).collect();
    let days = archive
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| DerivedDay {
            date: day.date,
            previous: i.checked_sub(1).map(|p| dates[p]),
            next: dates.get(i + 1).copied(),
            tables: summarise_day(archive, day),
            totals: day_totals(archive, day),
        })
        .collect();
    Derived {
        days,
        calendar: calendar(&dates),
    }
}

fn summarise_day(archive: &Archive, day: &Day) -> BTreeMap<String, TableSummary> {
    day.tables
        .iter()
        .filter_map(|(id, table)| {
            let schema = archive.schemas.get(id)?;
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

fn day_totals(archive: &Archive, day: &Day) -> BTreeMap<String, Vec<Cell>> {
    use crate::model::schema::TotalRow;
    day.tables
        .iter()
        .filter_map(|(id, table)| {
            let schema = archive.schemas.get(id)?;
            match schema.total_row {
                TotalRow::None => None,
                TotalRow::Given => table.given_total.clone().map(|t| (id.clone(), t)),
                TotalRow::Computed => Some((id.clone(), totals::computed_row(schema, table))),
            }
        })
        .collect()
}

/// Month grids for every month that has at least one briefing.
pub fn calendar(dates: &[NaiveDate]) -> Vec<Month> {
    let mut months: BTreeMap<(i32, u32), Vec<u32>> = BTreeMap::new();
    for d in dates {
        months
            .entry((d.year(), d.month()))
            .or_default()
            .push(d.day());
    }
    months
        .into_iter()
        .filter_map(|((year, month), briefing_days)| {
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let length = days_in_month(year, month);
            let offset = first.weekday().num_days_from_monday() as usize;
            let mut weeks = Vec::new();
            let mut week = [None; 7];
            for day in 1..=length {
                let slot = (offset + day as usize - 1) % 7;
                week[slot] = Some(day);
                if slot == 6 {
                    weeks.push(week);
                    week = [None; 7];
                }
            }
            if week.iter().any(Option::is_some) {
                weeks.push(week);
            }
            Some(Month {
                year,
                month,
                weeks,
                briefing_days,
            })
        })
        .collect()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn august_2025_starts_on_a_friday() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 9).unwrap();
        let months = calendar(&[d]);
        assert_eq!(months.len(), 1);
        let m = &months[0];
        assert_eq!(
            m.weeks[0],
            [None, None, None, None, Some(1), Some(2), Some(3)]
        );
        assert_eq!(m.weeks.last().unwrap()[6], Some(31));
        assert_eq!(m.briefing_days, vec![9]);
    }
}
