//! Each entity's history across the archive (status per day, trends, latest notes), and the
//! national status of each day, as declared by the publication's `entity_pages`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::archive::{Archive, Day};
use crate::cell::Cell;
use crate::model::publication::ColumnRef;
use crate::text::slug;

/// One entity's history.
#[derive(Debug, Clone)]
pub struct EntityHistory {
    /// Declared name.
    pub name: String,
    /// Folder name of its page: "cao-bang".
    pub slug: String,
    /// Other spellings declared for it.
    pub aliases: Vec<String>,
    /// One entry per briefing that mentions the entity in any declared table, oldest first.
    pub days: Vec<EntityDay>,
    /// The latest value of each declared note column, with its date.
    pub notes: Vec<Option<(NaiveDate, String)>>,
}

/// An entity on one day.
#[derive(Debug, Clone)]
pub struct EntityDay {
    /// The briefing's date.
    pub date: NaiveDate,
    /// Status code and label as printed.
    pub status: Option<(String, String)>,
    /// One value per declared trend column.
    pub trends: Vec<Option<f64>>,
}

/// Histories of every declared entity, in declaration order; empty without `entity_pages`.
pub fn histories(archive: &Archive) -> Vec<EntityHistory> {
    let Some(decl) = &archive.publication.entity_pages else {
        return Vec::new();
    };
    let entities = &archive.publication.entities;
    let mut histories: Vec<EntityHistory> = entities
        .iter()
        .map(|e| EntityHistory {
            name: e.name.clone(),
            slug: slug(&e.name),
            aliases: e.aliases.clone(),
            days: Vec::new(),
            notes: vec![None; decl.notes.len()],
        })
        .collect();
    // Finding each entity's rows is the costly part, and each day's is independent.
    let rows: Vec<_> = archive
        .days
        .par_iter()
        .map(|day| {
            let status = rows_by_entity(archive, day, &decl.status);
            let trends: Vec<_> = decl
                .trends
                .iter()
                .map(|c| rows_by_entity(archive, day, c))
                .collect();
            let notes: Vec<_> = decl
                .notes
                .iter()
                .map(|c| rows_by_entity(archive, day, c))
                .collect();
            (day, status, trends, notes)
        })
        .collect();
    for (day, status, trends, notes) in rows {
        for (index, history) in histories.iter_mut().enumerate() {
            let status = status.get(&index).and_then(|c| match c {
                Cell::Status { code, label } => Some((code.clone(), label.clone())),
                _ => None,
            });
            let values: Vec<Option<f64>> = trends
                .iter()
                .map(|t| t.get(&index).and_then(|c| c.number()))
                .collect();
            if status.is_some() || values.iter().any(Option::is_some) {
                history.days.push(EntityDay {
                    date: day.date,
                    status,
                    trends: values,
                });
            }
            for (slot, column) in history.notes.iter_mut().zip(&notes) {
                if let Some(text) = column.get(&index).map(|c| c.display(None))
                    && !text.trim().is_empty()
                {
                    *slot = Some((day.date, text));
                }
            }
        }
    }
    histories
}

/// The cell of `column` for each entity that the table names (first row wins).
fn rows_by_entity<'d>(
    archive: &Archive,
    day: &'d Day,
    column: &ColumnRef,
) -> BTreeMap<usize, &'d Cell> {
    let mut found = BTreeMap::new();
    let (Some(table), Some(schema)) = (
        day.tables.get(&column.table.value),
        archive.schemas.get(&column.table.value),
    ) else {
        return found;
    };
    let (Some(key), Some(index)) = (
        schema.key_index(),
        schema.column_index(&column.column.value),
    ) else {
        return found;
    };
    for cells in table.entity_rows() {
        let name = cells.get(key).map(|c| c.display(None)).unwrap_or_default();
        if let (Some(entity), Some(cell)) = (archive.entity_index.find(&name), cells.get(index)) {
            found.entry(entity).or_insert(cell);
        }
    }
    found
}

/// Entities per status code on one day, from the declared status table.
pub fn national_status(archive: &Archive, day: &Day) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let Some(decl) = &archive.publication.entity_pages else {
        return counts;
    };
    for cell in rows_by_entity(archive, day, &decl.status).values() {
        if let Some(code) = cell.status() {
            *counts.entry(code.to_owned()).or_default() += 1;
        }
    }
    counts
}
