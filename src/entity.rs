//! Matching the names written in tables ("TP. Hà Nội", "UBND tỉnh Tuyên Quang", "Hung Yên")
//! to the publication's declared entities.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::archive::{Schema, Table};
use crate::cell::Cell;
use crate::model::chart::EntityDecl;
use crate::model::publication::{ColumnRef, Publication};

/// Prefixes that name the kind of body, not the place.
const PREFIXES: &[&str] = &["ubnd ", "tỉnh ", "thành phố ", "tp. ", "tp "];

/// Lower-cased name without administrative prefixes: "UBND Thành phố Hà Nội" → "hà nội".
pub fn canonical(name: &str) -> String {
    let mut text = normalise(name);
    loop {
        let before = text.len();
        for prefix in PREFIXES {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = rest.trim_start().to_owned();
            }
        }
        if text.len() == before {
            return text;
        }
    }
}

/// A name in NFC, lower case, with single spaces and none at either end. Names in tables are
/// mostly NFC already and singly spaced: those skip the composing and the re-spacing.
pub fn normalise(name: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let lower = if is_nfc_quick(name.chars()) == IsNormalized::Yes {
        name.to_lowercase()
    } else {
        name.nfc().collect::<String>().to_lowercase()
    };
    if crate::text::singly_spaced(&lower) {
        lower
    } else {
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The declared entities by canonical name and alias, built once per archive: matching a
/// name is then one normalisation and one lookup, not one per declared entity.
#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    by_name: std::collections::HashMap<String, usize>,
    /// Each declared spelling as written, with what its canonical form finds: tables mostly
    /// use the declared names, which then need no normalisation.
    by_spelling: std::collections::HashMap<String, usize>,
}

impl EntityIndex {
    /// Indexes `entities`; on a clash the first declared entity wins, as with [`find`].
    pub fn new(entities: &[EntityDecl]) -> EntityIndex {
        let mut by_name = std::collections::HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            by_name.entry(canonical(&e.name)).or_insert(i);
        }
        for (i, e) in entities.iter().enumerate() {
            for alias in &e.aliases {
                by_name.entry(canonical(alias)).or_insert(i);
            }
        }
        let by_spelling = entities
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .filter_map(|s| Some((s.clone(), *by_name.get(&canonical(s))?)))
            .collect();
        EntityIndex {
            by_name,
            by_spelling,
        }
    }

    /// Index of the entity a table name refers to.
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(&found) = self.by_spelling.get(name) {
            return Some(found);
        }
        self.by_name.get(&canonical(name)).copied()
    }
}

/// Index of the entity a table name refers to, by canonical name or declared alias.
pub fn find(entities: &[EntityDecl], name: &str) -> Option<usize> {
    let wanted = canonical(name);
    entities.iter().position(|e| {
        canonical(&e.name) == wanted || e.aliases.iter().any(|a| canonical(a) == wanted)
    })
}

/// What one day's tables say of each declared entity, as the entity pages read it: the status,
/// each trend's number and each note's text, by entity index (the first row naming an entity
/// wins). A day loaded from its outline keeps this instead of its tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DayEntities {
    /// For the entities whose status cell holds a status, its place in `statuses`.
    pub status: BTreeMap<usize, usize>,
    /// The statuses the day's cells print (code and label), each once: a few, shared by tens
    /// of entities.
    pub statuses: Vec<(String, String)>,
    /// One map per declared trend column: the entities whose cell holds a number.
    pub trends: Vec<BTreeMap<usize, f64>>,
    /// One map per declared note column: the entities whose cell is not blank.
    pub notes: Vec<BTreeMap<usize, String>>,
}

impl DayEntities {
    /// Reads `tables` as `publication`'s `entity_pages` declares; empty without it.
    pub fn of(
        tables: &BTreeMap<String, Table>,
        publication: &Publication,
        schemas: &BTreeMap<String, Schema>,
        index: &EntityIndex,
    ) -> DayEntities {
        let Some(decl) = &publication.entity_pages else {
            return DayEntities::default();
        };
        let cells = |column| cells_by_entity(tables, schemas, index, column);
        let (status, statuses) = statuses(cells(&decl.status));
        DayEntities {
            status,
            statuses,
            trends: (decl.trends.iter())
                .map(|c| {
                    (cells(c).into_iter())
                        .filter_map(|(entity, cell)| Some((entity, cell.number()?)))
                        .collect()
                })
                .collect(),
            notes: (decl.notes.iter())
                .map(|c| {
                    (cells(c).into_iter())
                        .map(|(entity, cell)| (entity, cell.display(None)))
                        .filter(|(_, text)| !text.trim().is_empty())
                        .collect()
                })
                .collect(),
        }
    }

    /// The status of entity `index`, if its cell holds one.
    pub fn status_of(&self, index: usize) -> Option<&(String, String)> {
        self.statuses.get(*self.status.get(&index)?)
    }

    /// The status of each entity that has one, in entity order.
    pub fn each_status(&self) -> impl Iterator<Item = &(String, String)> {
        (self.status.values()).filter_map(|at| self.statuses.get(*at))
    }
}

/// [`DayEntities::status`] and [`DayEntities::statuses`] of the status cells.
fn statuses(cells: BTreeMap<usize, &Cell>) -> (BTreeMap<usize, usize>, Vec<(String, String)>) {
    let mut statuses: Vec<(String, String)> = Vec::new();
    let mut status = BTreeMap::new();
    for (entity, cell) in cells {
        let Cell::Status { code, label } = cell else {
            continue;
        };
        let at = match statuses.iter().position(|(c, l)| c == code && l == label) {
            Some(at) => at,
            None => {
                statuses.push((code.clone(), label.clone()));
                statuses.len() - 1
            }
        };
        status.insert(entity, at);
    }
    (status, statuses)
}

/// The cell of `column` for each entity its table names (first row wins).
fn cells_by_entity<'t>(
    tables: &'t BTreeMap<String, Table>,
    schemas: &BTreeMap<String, Schema>,
    index: &EntityIndex,
    column: &ColumnRef,
) -> BTreeMap<usize, &'t Cell> {
    let mut found = BTreeMap::new();
    let (Some(table), Some(schema)) = (
        tables.get(&column.table.value),
        schemas.get(&column.table.value),
    ) else {
        return found;
    };
    let (Some(key), Some(at)) = (
        schema.key_index(),
        schema.column_index(&column.column.value),
    ) else {
        return found;
    };
    for cells in table.entity_rows() {
        let name = cells.get(key).map(|c| c.display(None)).unwrap_or_default();
        if let (Some(entity), Some(cell)) = (index.find(&name), cells.get(at)) {
            found.entry(entity).or_insert(cell);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(name: &str, aliases: &[&str]) -> EntityDecl {
        EntityDecl {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            tile: (0, 0),
        }
    }

    #[test]
    fn prefixes_and_aliases_map_to_one_entity() {
        let entities = [decl("Hà Nội", &[]), decl("Hưng Yên", &["Hung Yên"])];
        assert_eq!(find(&entities, "UBND Thành phố Hà Nội"), Some(0));
        assert_eq!(find(&entities, "TP. Hà Nội"), Some(0));
        assert_eq!(find(&entities, "Hung Yên"), Some(1));
        assert_eq!(find(&entities, "UBND tỉnh Hưng Yên"), Some(1));
        assert_eq!(find(&entities, "Cao Bằng"), None);
    }
}
