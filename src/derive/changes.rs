//! Day-over-day differences: what changed since the previous briefing in the archive.
//! Exposed to templates and the narrative as `changes`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::computed_columns;
use super::table_diff::{self, Change, TableChanges};
use crate::archive::{Archive, Day};
use crate::error::{Diagnostic, Report};
use crate::model::schema::ColumnType;
use crate::vn;

/// What changed since the previous briefing (`changes` in templates).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DayChanges {
    /// The previous briefing compared with, `2025-08-08`; `None` on the archive's first day.
    pub previous: Option<String>,
    /// The same, as Vietnamese readers write it: `08/8/2025`.
    pub previous_text: Option<String>,
    /// Days between the two briefings (1 for consecutive days).
    pub gap_days: Option<i64>,
    /// "so với ngày 08/8/2025", or "ngày đầu tiên của lưu trữ" on the first day.
    pub label: String,
    /// Entity counts per status, for each table with a status column: table → code → change.
    pub status_counts: BTreeMap<String, BTreeMap<String, Change>>,
    /// Entities whose status changed, in table order.
    pub status_shifts: Vec<StatusShift>,
    /// Row and cell changes by table id (tables present on both days).
    pub tables: BTreeMap<String, TableChanges>,
}

/// An entity whose status changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusShift {
    /// Table id.
    pub table: String,
    /// The entity.
    pub entity: String,
    /// Earlier status code.
    pub from: String,
    /// Later status code.
    pub to: String,
}

/// Differences of `day` against `previous` (or the first-day marker when there is none).
pub fn day_changes(archive: &Archive, day: &Day, previous: Option<&Day>) -> DayChanges {
    let Some(previous) = previous else {
        return DayChanges {
            label: "ngày đầu tiên của lưu trữ".into(),
            ..DayChanges::default()
        };
    };
    let mut changes = DayChanges {
        previous: Some(previous.date.format("%Y-%m-%d").to_string()),
        previous_text: Some(vn::date(previous.date)),
        gap_days: Some((day.date - previous.date).num_days()),
        label: format!("so với ngày {}", vn::date(previous.date)),
        ..DayChanges::default()
    };
    // Computed columns left empty are compared as filled, as both pages show them.
    let filled_now = computed_columns::filled_tables(archive, day, Some(previous));
    let filled_then =
        computed_columns::filled_tables(archive, previous, archive.previous_as_released(previous));
    for (id, table) in &day.tables {
        let table = filled_now.get(id).unwrap_or(table);
        let (Some(schema), Some(before)) = (archive.schemas.get(id), previous.tables.get(id))
        else {
            continue;
        };
        let before = filled_then.get(id).unwrap_or(before);
        let diff = table_diff::diff(schema, before, table, archive);
        if let Some(status_index) = schema
            .columns
            .iter()
            .position(|c| c.kind == ColumnType::Status)
        {
            let (old, new) = (
                super::summarise(schema, before).status_count,
                super::summarise(schema, table).status_count,
            );
            let codes = archive.statuses().iter().map(|s| s.code.clone());
            let per_code = codes
                .map(|code| {
                    let b = old.get(&code).copied().unwrap_or(0) as f64;
                    let a = new.get(&code).copied().unwrap_or(0) as f64;
                    (code, Change::between(b, a))
                })
                .collect();
            changes.status_counts.insert(id.clone(), per_code);
            let status_id = &schema.columns[status_index].id;
            for row in &diff.changed {
                for cell in row.cells.iter().filter(|c| &c.column == status_id) {
                    if let Some((from, to)) = &cell.status {
                        changes.status_shifts.push(StatusShift {
                            table: id.clone(),
                            entity: row.key.clone(),
                            from: from.clone(),
                            to: to.clone(),
                        });
                    }
                }
            }
        }
        changes.tables.insert(id.clone(), diff);
    }
    changes
}

/// Compares typed change columns (`change_of:`, e.g. TĂNG/GIẢM) with the change computed from
/// the previous briefing, when it is recent enough for the source to have compared with it.
pub fn check_typed_changes(
    archive: &Archive,
    day: &Day,
    previous: Option<&Day>,
    report: &mut Report,
) {
    let Some(previous) = previous else { return };
    let gap = (day.date - previous.date).num_days();
    if gap > i64::from(archive.publication.compare_changes_within_days) {
        return;
    }
    for (id, table) in &day.tables {
        let (Some(schema), Some(before)) = (archive.schemas.get(id), previous.tables.get(id))
        else {
            continue;
        };
        let old: BTreeMap<String, &[crate::cell::Cell]> =
            table_diff::keyed_rows(schema, before, archive)
                .into_iter()
                .collect();
        for (change_index, column) in schema.columns.iter().enumerate() {
            let Some(target) = column.change_of.as_deref() else {
                continue;
            };
            let Some(target_index) = schema.column_index(target) else {
                continue;
            };
            for (key, cells) in table_diff::keyed_rows(schema, table, archive) {
                let typed = cells.get(change_index).and_then(|c| c.number());
                let now = cells.get(target_index).and_then(|c| c.number());
                let then = old.get(&key).and_then(|c| c.get(target_index)?.number());
                let (Some(typed), Some(now), Some(then)) = (typed, now, then) else {
                    continue;
                };
                let computed = now - then;
                let decimals =
                    decimals_of(&cells[change_index]).max(decimals_of(&cells[target_index]));
                let tolerance = 10f64.powi(-i32::from(decimals)) + 1e-9;
                if (typed - computed).abs() > tolerance {
                    report.push(typed_change_warning(
                        day,
                        id,
                        &column.label,
                        &key,
                        typed,
                        computed,
                        previous.date,
                        decimals,
                    ));
                }
            }
        }
    }
}

/// The decimals a number was typed with (0 for a whole number or no number).
pub(super) fn decimals_of(cell: &crate::cell::Cell) -> u8 {
    match cell {
        crate::cell::Cell::Decimal { decimals, .. }
        | crate::cell::Cell::Percent { decimals, .. } => *decimals,
        _ => 0,
    }
}

#[allow(clippy::too_many_arguments)]
fn typed_change_warning(
    day: &Day,
    table: &str,
    label: &str,
    key: &str,
    typed: f64,
    computed: f64,
    previous: NaiveDate,
    decimals: u8,
) -> Diagnostic {
    let (line, column) = locate(&day.text, table, key);
    Diagnostic::warning(
        &day.source,
        line,
        column,
        format!(
            "{label} of {key} in `{table}` is typed {}, but the change since {} computes to {}",
            vn::decimal(typed, decimals),
            vn::date(previous),
            vn::decimal(computed, decimals)
        ),
    )
    .expected(format!(
        "{} (today's value minus the previous briefing's)",
        vn::decimal(computed, decimals)
    ))
    .hint("check the figure against the previous briefing; the typed value is published as written")
    .with_source(&day.text)
}

/// The line of a table's row that names `key` (for pointing at it), or the table's line.
fn locate(text: &str, table: &str, key: &str) -> (usize, usize) {
    let table_line = text
        .lines()
        .position(|l| l.trim_start().starts_with(&format!("{table}:")))
        .unwrap_or(0);
    let wanted = crate::entity::canonical(key);
    text.lines()
        .enumerate()
        .skip(table_line)
        .find(|(_, l)| crate::entity::canonical(l).contains(&wanted))
        .map(|(i, l)| (i + 1, l.len() - l.trim_start().len() + 1))
        .unwrap_or((table_line + 1, 1))
}
