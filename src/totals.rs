//! The totals row computed from a table's rows, per the schema's `total:` rules.

use crate::archive::{Schema, Table};
use crate::cell::Cell;
use crate::model::schema::{ColumnType, TotalKeyword, TotalRule};

/// Sum of a column over the entity rows; missing cells are skipped. `None` when every cell is
/// missing.
pub fn column_sum(table: &Table, index: usize) -> Option<f64> {
    let values: Vec<f64> = table
        .data_rows()
        .filter_map(|cells| cells.get(index).and_then(Cell::number))
        .collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

/// The computed totals cell of one column (`Missing` where there is no rule).
pub fn total_cell(schema: &Schema, table: &Table, index: usize) -> Cell {
    let column = &schema.columns[index];
    match &column.total {
        Some(TotalRule::Keyword(TotalKeyword::Sum)) => match column_sum(table, index) {
            Some(sum) => match column.kind {
                ColumnType::Integer => Cell::Integer {
                    value: sum.round() as i64,
                    digits: 0,
                },
                ColumnType::Percent => Cell::Percent {
                    value: sum,
                    decimals: column.decimals.unwrap_or(2),
                    sign: true,
                },
                _ => Cell::Decimal {
                    value: sum,
                    decimals: column.decimals.unwrap_or(2),
                },
            },
            None => Cell::Missing,
        },
        Some(TotalRule::Ratio { ratio: (num, den) }) => {
            let sum = |id: &str| schema.column_index(id).and_then(|i| column_sum(table, i));
            match (sum(num), sum(den)) {
                (Some(n), Some(d)) if d != 0.0 => Cell::Percent {
                    value: n / d * 100.0,
                    decimals: column.decimals.unwrap_or(2),
                    sign: true,
                },
                _ => Cell::Missing,
            }
        }
        None => Cell::Missing,
    }
}

/// The whole computed totals row; the label goes in the first column without a rule.
pub fn computed_row(schema: &Schema, table: &Table) -> Vec<Cell> {
    let mut labelled = false;
    (0..schema.columns.len())
        .map(|i| {
            if schema.columns[i].total.is_some() {
                total_cell(schema, table, i)
            } else if !labelled {
                labelled = true;
                Cell::Text {
                    text: schema.total_label.clone(),
                }
            } else {
                Cell::Missing
            }
        })
        .collect()
}

/// Whether a typed total agrees with the computed one, within the rounding of what was typed.
pub fn agrees(given: &Cell, computed: &Cell) -> bool {
    match (given.number(), computed.number()) {
        (Some(g), Some(c)) => {
            let decimals = match given {
                Cell::Decimal { decimals, .. } | Cell::Percent { decimals, .. } => *decimals,
                _ => 0,
            };
            let half_unit = 0.5 * 10f64.powi(-(decimals as i32));
            (g - c).abs() <= half_unit + 1e-9
        }
        _ => true,
    }
}
