//! Row-by-row differences between two versions of a table: rows matched by their key (the
//! entity, or the text columns when there is no unique key), then compared cell by cell.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::archive::{Archive, Schema, Table};
use crate::cell::Cell;
use crate::model::schema::{ColumnType, TotalKeyword, TotalRule};

/// A number before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// Value in the earlier version.
    pub before: f64,
    /// Value in the later version.
    pub after: f64,
    /// `after - before`.
    pub delta: f64,
}

impl Change {
    /// A change between two values.
    pub fn between(before: f64, after: f64) -> Change {
        Change {
            before,
            after,
            delta: after - before,
        }
    }
}

/// What changed in one table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TableChanges {
    /// Column sums before and after, by column id (numeric columns present in both).
    pub sums: BTreeMap<String, Change>,
    /// Rows only in the later version, by key.
    pub added: Vec<String>,
    /// Rows only in the earlier version, by key.
    pub removed: Vec<String>,
    /// The cells of the rows only in the later version, in the order of `added`, a cell
    /// spanning down from above repeated (for pages, not the narrative).
    #[serde(skip)]
    pub added_rows: Vec<Vec<Cell>>,
    /// The cells of the rows only in the earlier version, in the order of `removed`.
    #[serde(skip)]
    pub removed_rows: Vec<Vec<Cell>>,
    /// Rows in both whose cells differ.
    pub changed: Vec<RowChange>,
}

impl TableChanges {
    /// Nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.sums.values().all(|c| c.delta == 0.0)
    }
}

/// The cells of one row that differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChange {
    /// The row's key as shown (the entity's declared name where one matches).
    pub key: String,
    /// The differing cells, left to right.
    pub cells: Vec<CellChange>,
}

/// One cell, old → new.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    /// Column id.
    pub column: String,
    /// Column label.
    pub label: String,
    /// The earlier value as shown ("" when missing).
    pub before: String,
    /// The later value as shown ("" when missing).
    pub after: String,
    /// For numbers: `after - before`.
    pub delta: Option<f64>,
    /// For status cells: the codes before and after.
    pub status: Option<(String, String)>,
}

/// Compares two versions of a table of the same schema.
pub fn diff(schema: &Schema, before: &Table, after: &Table, archive: &Archive) -> TableChanges {
    let old = keyed_rows(schema, before, archive);
    let new = keyed_rows(schema, after, archive);
    let mut changes = TableChanges::default();
    for (i, column) in schema.columns.iter().enumerate() {
        // Only columns whose total is a sum: a sum of percentages means nothing.
        let summed = matches!(column.total, Some(TotalRule::Keyword(TotalKeyword::Sum)));
        if summed
            && let (Some(b), Some(a)) = (
                crate::totals::column_sum(before, i),
                crate::totals::column_sum(after, i),
            )
        {
            changes
                .sums
                .insert(column.id.clone(), Change::between(b, a));
        }
    }
    let old_index: BTreeMap<&str, &[Cell]> = old.iter().map(|(k, c)| (k.as_str(), *c)).collect();
    let new_keys: std::collections::BTreeSet<&str> = new.iter().map(|(k, _)| k.as_str()).collect();
    let (new_whole, old_whole) = (whole_rows(after), whole_rows(before));
    for (index, (key, cells)) in new.iter().enumerate() {
        match old_index.get(key.as_str()) {
            None => {
                changes.added.push(key.clone());
                changes.added_rows.extend(new_whole.get(index).cloned());
            }
            Some(old_cells) => {
                let cells = cell_changes(schema, old_cells, cells);
                if !cells.is_empty() {
                    changes.changed.push(RowChange {
                        key: key.clone(),
                        cells,
                    });
                }
            }
        }
    }
    for (index, (key, _)) in old.iter().enumerate() {
        if !new_keys.contains(key.as_str()) {
            changes.removed.push(key.clone());
            changes.removed_rows.extend(old_whole.get(index).cloned());
        }
    }
    changes
}

/// The entity rows' cells, in the order of [`keyed_rows`], each standing alone: a cell covered
/// by a cell spanning down from above (`rowspan`) takes that cell's value.
fn whole_rows(table: &Table) -> Vec<Vec<Cell>> {
    let mut latest: Vec<Cell> = Vec::new();
    table
        .entity_rows()
        .map(|cells| {
            latest.resize(cells.len().max(latest.len()), Cell::Missing);
            cells
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    if *cell == Cell::Above {
                        latest[i].clone()
                    } else {
                        latest[i] = cell.clone();
                        cell.clone()
                    }
                })
                .collect()
        })
        .collect()
}

fn cell_changes(schema: &Schema, before: &[Cell], after: &[Cell]) -> Vec<CellChange> {
    schema
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !is_row_number(&c.id) && !c.key)
        .filter_map(|(i, column)| {
            let (b, a) = (before.get(i)?, after.get(i)?);
            if b == a {
                return None;
            }
            let (shown_b, shown_a) = (b.display(column.decimals), a.display(column.decimals));
            let status = match (b.status(), a.status()) {
                (Some(x), Some(y)) if x != y => Some((x.to_owned(), y.to_owned())),
                (Some(_), Some(_)) => return None,
                _ => None,
            };
            if status.is_none() && shown_b == shown_a {
                return None;
            }
            Some(CellChange {
                column: column.id.clone(),
                label: column.label.clone(),
                before: shown_b,
                after: shown_a,
                delta: match (b.number(), a.number()) {
                    (Some(x), Some(y)) if column.kind != ColumnType::Ratio => Some(y - x),
                    _ => None,
                },
                status,
            })
        })
        .collect()
}

/// The row number column ("STT") changes whenever rows are re-ordered; it is not compared.
pub fn is_row_number(column_id: &str) -> bool {
    column_id == "stt"
}

/// Entity rows with a key each: the entity's declared name, the key cell's text, or (without
/// a key column) the row's text cells. Repeated keys get "(2)", "(3)", … in order.
pub fn keyed_rows<'t>(
    schema: &Schema,
    table: &'t Table,
    archive: &Archive,
) -> Vec<(String, &'t [Cell])> {
    // A key that repeats (one unit with several tasks) does not identify a row: use the text.
    let key_index = schema.key_index().filter(|&i| {
        let mut keys = std::collections::BTreeSet::new();
        table
            .entity_rows()
            .all(|cells| keys.insert(cells.get(i).map(|c| c.display(None)).unwrap_or_default()))
    });
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    table
        .entity_rows()
        .map(|cells| {
            let base = match key_index.and_then(|i| cells.get(i)) {
                Some(cell) => entity_name(&cell.display(None), archive),
                None => text_identity(schema, cells),
            };
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let key = if *n == 1 {
                base
            } else {
                format!("{base} ({n})")
            };
            (key, cells)
        })
        .collect()
}

/// The declared name of the entity a cell names, or the cell's own text.
pub fn entity_name(text: &str, archive: &Archive) -> String {
    match archive.entity_index.find(text) {
        Some(i) => archive.publication.entities[i].name.clone(),
        None => text.trim().to_owned(),
    }
}

fn text_identity(schema: &Schema, cells: &[Cell]) -> String {
    schema
        .columns
        .iter()
        .zip(cells)
        .filter(|(c, _)| c.kind == ColumnType::Text)
        .map(|(_, cell)| cell.display(None))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Row;

    #[test]
    fn a_row_under_a_cell_spanning_down_stands_alone_with_its_value() {
        let text = |t: &str| Cell::Text { text: t.into() };
        let row = |cells: Vec<Cell>| Row::Data {
            cells,
            span: None,
            marks: Vec::new(),
            rowspans: Vec::new(),
        };
        let table = Table {
            id: "t".into(),
            title: None,
            note: None,
            rows: vec![
                row(vec![text("Bộ Công an"), text("Nhiệm vụ 1")]),
                row(vec![Cell::Above, text("Nhiệm vụ 2")]),
                row(vec![text("Bộ Tư pháp"), text("Nhiệm vụ 3")]),
            ],
            given_total: None,
        };
        assert_eq!(
            whole_rows(&table),
            [
                vec![text("Bộ Công an"), text("Nhiệm vụ 1")],
                vec![text("Bộ Công an"), text("Nhiệm vụ 2")],
                vec![text("Bộ Tư pháp"), text("Nhiệm vụ 3")],
            ]
        );
    }
}
