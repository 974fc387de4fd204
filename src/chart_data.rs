//! Reading a chart's data out of a day table (the chart stage's, and the time series' figures
//! an outline keeps, `series`).

use crate::archive::{Archive, Day, Schema, Table};
use crate::cell::Cell;
use crate::model::Spanned;
use crate::model::chart::ChartDecl;

/// One category (an entity row) of a chart.
#[derive(Debug, Clone)]
pub struct Category {
    /// Label as written in the table.
    pub label: String,
    /// Values of the requested columns; `None` where missing.
    pub values: Vec<Option<f64>>,
    /// Status code, when the chart names a status column.
    pub status: Option<String>,
}

/// The schema and table a chart reads on a day (both checked to exist before drawing).
pub fn table<'a>(
    archive: &'a Archive,
    day: &'a Day,
    decl: &ChartDecl,
) -> Option<(&'a Schema, &'a Table)> {
    Some((
        archive.schemas.get(&decl.table.value)?,
        day.tables.get(&decl.table.value)?,
    ))
}

/// The entity rows of the chart's table with the values of `columns`.
pub fn categories(
    schema: &Schema,
    table: &Table,
    decl: &ChartDecl,
    columns: &[&Spanned<String>],
) -> Vec<Category> {
    let label = decl
        .label
        .as_ref()
        .and_then(|l| schema.column_index(&l.value))
        .or_else(|| schema.key_index());
    let indices: Vec<Option<usize>> = columns
        .iter()
        .map(|c| schema.column_index(&c.value))
        .collect();
    let status = decl
        .status
        .as_ref()
        .and_then(|s| schema.column_index(&s.value));
    table
        .entity_rows()
        .map(|cells| Category {
            label: label
                .and_then(|i| cells.get(i))
                .map(|c| crate::text::strip_tags(&c.display(None)))
                .unwrap_or_default(),
            values: indices
                .iter()
                .map(|i| i.and_then(|i| cells.get(i)).and_then(Cell::number))
                .collect(),
            status: status
                .and_then(|i| cells.get(i))
                .and_then(Cell::status)
                .map(str::to_owned),
        })
        .collect()
}

/// The label of a column, for legends.
pub fn column_label(schema: &Schema, id: &str) -> String {
    schema.columns.iter().find(|c| c.id == id).map_or_else(
        || id.to_owned(),
        |c| match c.groups.last() {
            Some(g) => format!("{g} – {}", c.label),
            None => c.label.clone(),
        },
    )
}

/// Sorts categories by the value at `key` (missing last), keeping table order for ties.
pub fn sort(categories: &mut [Category], key: impl Fn(&Category) -> Option<f64>, descending: bool) {
    categories.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => {
            let order = x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal);
            if descending { order.reverse() } else { order }
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}
