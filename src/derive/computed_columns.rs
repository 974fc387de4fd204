//! Computed columns left empty: a `change_of` cell written `~` (TĂNG/GIẢM in a day started by
//! `daybrief new`) is filled with the change since the previous briefing, computed from the
//! two days' typed values. A cell that cannot be computed stays missing.

use std::collections::BTreeMap;

use super::changes::decimals_of;
use super::table_diff;
use crate::archive::{Archive, Day, Row, Schema, Table};
use crate::cell::Cell;
use crate::model::schema::ColumnType;

/// The tables of `day` with a computed column left empty, filled from `previous` (by table
/// id); tables with nothing to fill are not returned. Nothing is filled when the previous
/// briefing is further back than the source compares with (`compare_changes_within_days`).
pub fn filled_tables(
    archive: &Archive,
    day: &Day,
    previous: Option<&Day>,
) -> BTreeMap<String, Table> {
    let Some(previous) = previous else {
        return BTreeMap::new();
    };
    let gap = (day.date - previous.date).num_days();
    if gap > i64::from(archive.publication.compare_changes_within_days) {
        return BTreeMap::new();
    }
    day.tables
        .iter()
        .filter_map(|(id, table)| {
            let schema = archive.schemas.get(id)?;
            let before = previous.tables.get(id)?;
            let filled = filled_table(archive, schema, table, before)?;
            Some((id.clone(), filled))
        })
        .collect()
}

/// `table` with its empty change cells computed against `before`; `None` when none was filled.
fn filled_table(
    archive: &Archive,
    schema: &Schema,
    table: &Table,
    before: &Table,
) -> Option<Table> {
    let computed: Vec<(usize, usize)> = schema
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, schema.column_index(c.change_of.as_deref()?)?)))
        .collect();
    if computed.is_empty() {
        return None;
    }
    let old: BTreeMap<String, &[Cell]> = table_diff::keyed_rows(schema, before, archive)
        .into_iter()
        .collect();
    // Keys in the order of the entity rows, as `keyed_rows` gives them.
    let keys: Vec<String> = table_diff::keyed_rows(schema, table, archive)
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    let mut filled = table.clone();
    let mut any = false;
    let entity_rows = filled.rows.iter_mut().filter_map(|row| match row {
        Row::Data { cells, span, .. } if span.is_none_or(|s| s.first) => Some(cells),
        _ => None,
    });
    for (cells, key) in entity_rows.zip(&keys) {
        for &(change, target) in &computed {
            if cells.get(change) != Some(&Cell::Missing) {
                continue;
            }
            let now = cells.get(target);
            let then = old.get(key).and_then(|c| c.get(target));
            let (Some(now), Some(then)) = (now, then) else {
                continue;
            };
            if let Some(cell) = change_cell(schema.columns[change].kind, now, then) {
                cells[change] = cell;
                any = true;
            }
        }
    }
    any.then_some(filled)
}

/// `now − then` as a cell of the change column's type, with as many decimals as the more
/// precise of the two values; a change of zero is written "0", as sources print it.
fn change_cell(kind: ColumnType, now: &Cell, then: &Cell) -> Option<Cell> {
    let (a, b) = (now.number()?, then.number()?);
    let decimals = decimals_of(now).max(decimals_of(then));
    let scale = 10f64.powi(i32::from(decimals));
    // `+ 0.0` turns a rounded −0 into 0.
    let delta = ((a - b) * scale).round() / scale + 0.0;
    let decimals = if delta == 0.0 { 0 } else { decimals };
    match kind {
        ColumnType::Integer if decimals == 0 => Some(Cell::Integer {
            value: delta as i64,
            digits: 0,
        }),
        ColumnType::Decimal => Some(Cell::Decimal {
            value: delta,
            decimals,
        }),
        ColumnType::Percent => Some(Cell::Percent {
            value: delta,
            decimals,
            sign: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal(value: f64, decimals: u8) -> Cell {
        Cell::Decimal { value, decimals }
    }

    #[test]
    fn the_change_keeps_the_decimals_typed_and_zero_reads_0() {
        let cell = |now, then| change_cell(ColumnType::Decimal, &now, &then);
        assert_eq!(
            cell(decimal(51.61, 2), decimal(50.81, 2)),
            Some(decimal(0.8, 2))
        );
        assert_eq!(
            cell(decimal(71.74, 2), decimal(72.83, 2)),
            Some(decimal(-1.09, 2))
        );
        assert_eq!(
            cell(decimal(20.0, 0), decimal(20.0, 2)),
            Some(decimal(0.0, 0))
        );
        assert_eq!(cell(Cell::Missing, decimal(20.0, 2)), None);
        assert_eq!(
            change_cell(
                ColumnType::Integer,
                &Cell::Integer {
                    value: 7,
                    digits: 0
                },
                &Cell::Integer {
                    value: 9,
                    digits: 0
                }
            ),
            Some(Cell::Integer {
                value: -2,
                digits: 0
            })
        );
    }
}
