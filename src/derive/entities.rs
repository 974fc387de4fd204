//! Each entity's history across the archive (status per day, trends, latest notes), and the
//! national status of each day, as declared by the publication's `entity_pages`.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::archive::{Archive, Day};
use crate::entity::DayEntities;
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
    /// Status code and label as printed, shared by every entity and day printing the same
    /// (a few statuses across tens of thousands of entity-days).
    pub status: Option<Arc<(String, String)>>,
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
    // Finding each entity's rows is the costly part, and each day's is independent; a day
    // loaded from its outline has them already.
    let found: Vec<_> = archive
        .days
        .par_iter()
        .with_max_len(1)
        .map(|day| (day, day_entities(archive, day)))
        .collect();
    let mut statuses: rustc_hash::FxHashSet<Arc<(String, String)>> = Default::default();
    let mut shared = |status: &(String, String)| match statuses.get(status) {
        Some(known) => Arc::clone(known),
        None => {
            let new = Arc::new(status.clone());
            statuses.insert(Arc::clone(&new));
            new
        }
    };
    for (day, found) in found {
        for (index, history) in histories.iter_mut().enumerate() {
            let status = found.status_of(index).map(&mut shared);
            let values: Vec<Option<f64>> = found
                .trends
                .iter()
                .map(|t| t.get(&index).copied())
                .collect();
            if status.is_some() || values.iter().any(Option::is_some) {
                history.days.push(EntityDay {
                    date: day.date,
                    status,
                    trends: values,
                });
            }
            for (slot, column) in history.notes.iter_mut().zip(&found.notes) {
                if let Some(text) = column.get(&index) {
                    *slot = Some((day.date, text.clone()));
                }
            }
        }
    }
    histories
}

/// What `day` says of each entity: kept with its outline, or read from its tables (once per
/// typed day, see [`Day::entities`]).
fn day_entities<'d>(archive: &Archive, day: &'d Day) -> &'d DayEntities {
    match &day.outline {
        Some(outline) => &outline.entities,
        None => day.entities.get_or_init(|| {
            DayEntities::of(
                &day.tables,
                &archive.publication,
                &archive.schemas,
                &archive.entity_index,
            )
        }),
    }
}

/// Entities per status code on one day, from the declared status table.
pub fn national_status(archive: &Archive, day: &Day) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (code, _) in day_entities(archive, day).each_status() {
        *counts.entry(code.clone()).or_default() += 1;
    }
    counts
}
