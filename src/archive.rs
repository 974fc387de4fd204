//! The checked archive: every day typed against its schemas. Produced by `check`,
//! read by `derive`, `chart` and `render`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use crate::cell::Cell;
use crate::model::Spanned;
use crate::model::chart::ChartDecl;
use crate::model::day::DayFile;
use crate::model::publication::{Publication, StatusDecl};
use crate::model::schema::{ColumnType, TotalRow, TotalRule};

/// All days, oldest first, with the publication and schemas.
#[derive(Debug, Clone)]
pub struct Archive {
    /// The publication as written.
    pub publication: Publication,
    /// Where the publication file is, for diagnostics.
    pub publication_path: PathBuf,
    /// The publication file's text, for diagnostics.
    pub publication_text: String,
    /// Table schemas by id.
    pub schemas: BTreeMap<String, Schema>,
    /// The current (latest) edition of every day, oldest first.
    pub days: Vec<Arc<Day>>,
    /// Earlier editions that a correction replaced, by date then edition.
    pub superseded: Vec<Arc<Day>>,
    /// The publication's entities by name and alias.
    pub entity_index: crate::entity::EntityIndex,
}

impl Archive {
    /// Every edition of every day, by date then edition.
    pub fn all_editions(&self) -> Vec<&Day> {
        let mut all: Vec<&Day> = self
            .superseded
            .iter()
            .chain(&self.days)
            .map(|d| &**d)
            .collect();
        all.sort_by_key(|d| (d.date, d.edition));
        all
    }

    /// Every edition of `date`, oldest first (the last is the current one).
    pub fn editions_of(&self, date: NaiveDate) -> Vec<&Day> {
        let from = self.superseded.partition_point(|d| d.date < date);
        let to = self.superseded.partition_point(|d| d.date <= date);
        let mut editions: Vec<&Day> = self.superseded[from..to].iter().map(|d| &**d).collect();
        if let Ok(i) = self.days.binary_search_by_key(&date, |d| d.date) {
            editions.push(&self.days[i]);
        }
        editions
    }

    /// The edition of `date` that readers had at `moment`: the latest released by then
    /// (the first edition if none was).
    pub fn in_force(&self, date: NaiveDate, moment: NaiveDateTime) -> Option<&Day> {
        let editions = self.editions_of(date);
        editions
            .iter()
            .rev()
            .find(|e| e.released_at() <= moment)
            .or(editions.first())
            .copied()
    }

    /// The previous briefing as readers had it when `day` was released.
    pub fn previous_as_released(&self, day: &Day) -> Option<&Day> {
        let end = self.days.partition_point(|d| d.date < day.date);
        let previous = self.days[..end].last()?;
        self.in_force(previous.date, day.released_at())
    }

    /// The archive as it stood when `day` was released: the edition then in force of every
    /// earlier date, oldest first, then `day` itself. Frozen edition pages are drawn from this,
    /// so a later correction of an earlier day never changes their bytes.
    /// At most `limit` earlier dates are returned (the most recent ones).
    pub fn as_released(&self, day: &'_ Day, limit: usize) -> Vec<&Day> {
        let moment = day.released_at();
        let end = self.days.partition_point(|d| d.date < day.date);
        let mut history: Vec<&Day> = self.days[end.saturating_sub(limit)..end]
            .iter()
            .filter_map(|d| self.in_force(d.date, moment))
            .collect();
        if let Ok(i) = self.days.binary_search_by_key(&day.date, |d| d.date) {
            // `day` is one of this archive's editions; find it to return a reference into self.
            history.extend(
                self.editions_of(self.days[i].date)
                    .into_iter()
                    .find(|e| e.edition == day.edition),
            );
        }
        history
    }

    /// The editions in force of the `count` briefings to day `index` (the day's current edition
    /// last): what a time series of that day shows.
    pub fn window(&self, index: usize, count: usize) -> Vec<&Day> {
        self.days[(index + 1).saturating_sub(count)..=index]
            .iter()
            .map(|d| &**d)
            .collect()
    }

    /// The charts that apply to a day: the publication's, with the day's added or replacing them.
    pub fn charts_of<'a>(&'a self, day: &'a Day) -> BTreeMap<&'a str, &'a Spanned<ChartDecl>> {
        let mut charts: BTreeMap<&str, &Spanned<ChartDecl>> = (self.publication.charts.iter())
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        charts.extend(day.file.charts.iter().map(|(k, v)| (k.as_str(), v)));
        charts
    }

    /// The declared statuses.
    pub fn statuses(&self) -> &[StatusDecl] {
        &self.publication.statuses
    }
}

impl Day {
    /// How many appendices the day has, outlined or not.
    pub fn appendix_count(&self) -> usize {
        self.outline
            .as_ref()
            .map_or(self.appendices.len(), |outline| outline.appendix_count)
    }

    /// When this edition counts as released: its `published:` time, or the end of its day.
    pub fn released_at(&self) -> NaiveDateTime {
        self.published
            .unwrap_or_else(|| self.date.and_hms_opt(23, 59, 59).unwrap_or_default())
    }
}

/// A checked table schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Default title.
    pub title: Option<String>,
    /// Totals-row rule.
    pub total_row: TotalRow,
    /// Label of the totals row.
    pub total_label: String,
    /// Columns, left to right.
    pub columns: Vec<Column>,
}

impl Schema {
    /// Index of a column by id.
    pub fn column_index(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }

    /// Index of the key (entity) column.
    pub fn key_index(&self) -> Option<usize> {
        self.columns.iter().position(|c| c.key)
    }
}

/// A checked column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Identifier.
    pub id: String,
    /// Header label.
    pub label: String,
    /// Type.
    pub kind: ColumnType,
    /// Grouped headers above the label, outer first (empty: none).
    pub groups: Vec<String>,
    /// The column-number row's cell: "(1)", "(3) = (4) + (5)".
    pub number: Option<String>,
    /// Texts this number column may hold instead of a number.
    pub words: Vec<String>,
    /// Totals rule.
    pub total: Option<TotalRule>,
    /// Fixed decimals.
    pub decimals: Option<u8>,
    /// Entity column.
    pub key: bool,
    /// The column whose change since the previous briefing this column types.
    pub change_of: Option<String>,
}

/// One checked day.
#[derive(Debug, Clone)]
pub struct Day {
    /// The briefing's date.
    pub date: NaiveDate,
    /// Edition: 1 for `DD.yaml`, N for the correction `DD.N.yaml`.
    pub edition: u32,
    /// When this edition was released, if the file says.
    pub published: Option<chrono::NaiveDateTime>,
    /// The file it came from.
    pub source: PathBuf,
    /// The file's text, for locating template errors.
    pub text: String,
    /// The SHA-256 of the file's bytes (see [`crate::load::Loaded::digest`]).
    pub digest: [u8; 32],
    /// The narrative and metadata as written. The tables' rows as written are emptied once
    /// the day is checked (they are the largest part of a parsed day): the typed
    /// [`Day::tables`] and [`Day::written_texts`] keep what the later stages read.
    pub file: DayFile,
    /// The text cells of each table as written, with their line, by table id: the checks of
    /// figures typed in text read them after the written rows are gone.
    pub written_texts: BTreeMap<String, Vec<WrittenText>>,
    /// Typed tables by id.
    pub tables: BTreeMap<String, Table>,
    /// The appendices in order.
    pub appendices: Vec<Appendix>,
    /// `Some` when only the day's outline was loaded (see `check::outlines`): a day no page of
    /// this build renders, kept with what the site-wide pages read of it.
    pub outline: Option<Outline>,
    /// [`crate::ident::Ids::edition_of`] this day, once worked out: `serve` keeps typed days
    /// from build to build, and would otherwise hash every day's text again on each save.
    pub edition_id: EditionIdMemo,
    /// What the day's tables say of each entity ([`crate::entity::DayEntities::of`]), once
    /// read: `serve` keeps typed days from build to build, and the entity pages and the
    /// national statuses read every day's. A day is typed again when its publication or
    /// schemas change (`check::typed_days`), so this never outlives what it was read with.
    pub entities: std::sync::OnceLock<crate::entity::DayEntities>,
}

/// A day's edition id with the hash of what the pages share that it was worked out with.
#[derive(Debug, Default)]
pub struct EditionIdMemo(std::sync::Mutex<Option<([u8; 32], String)>>);

impl EditionIdMemo {
    /// The id worked out with `shared`, if it was.
    pub fn get(&self, shared: &[u8; 32]) -> Option<String> {
        let memo = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        memo.as_ref()
            .filter(|(with, _)| with == shared)
            .map(|(_, id)| id.clone())
    }

    /// Remembers `id`, worked out with `shared`.
    pub fn set(&self, shared: [u8; 32], id: String) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((shared, id));
    }
}

impl Clone for EditionIdMemo {
    fn clone(&self) -> Self {
        let memo = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        EditionIdMemo(std::sync::Mutex::new(memo.clone()))
    }
}

/// What an outlined day keeps that its other fields no longer give.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// `Ids::edition` of the day's text (which the outline does not keep).
    pub edition_id: String,
    /// What its tables say of each entity (the outline keeps no table).
    pub entities: crate::entity::DayEntities,
    /// The points of the time series the publication and the day declare.
    pub series: crate::series::DaySeries,
    /// How many appendices the day has: all that the site-wide pages read of them (the
    /// outline keeps none; they were two fifths of a real-size day's outline).
    pub appendix_count: usize,
}

/// A text cell as written in a day file.
#[derive(Debug, Clone)]
pub struct WrittenText {
    /// The cell's text.
    pub text: String,
    /// Its line in the day file.
    pub line: u64,
}

/// One appendix of a day.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Appendix {
    /// Number as printed.
    pub number: String,
    /// Title (Tera not yet expanded); `None` when the source lost it.
    pub title: Option<String>,
    /// Table ids in order, those of its parts included.
    pub tables: Vec<String>,
    /// The appendix as declared: its caption, lead-in, notes and headed parts.
    pub decl: crate::model::publication::AppendixDecl,
}

/// A typed table of one day.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// Schema id.
    pub id: String,
    /// Title for this day (day override or schema default; Tera not yet expanded).
    pub title: Option<String>,
    /// Note under the table.
    pub note: Option<String>,
    /// Rows in order.
    pub rows: Vec<Row>,
    /// The totals row as typed, for `total_row: given`.
    pub given_total: Option<Vec<Cell>>,
}

impl Table {
    /// The data rows' cells.
    pub fn data_rows(&self) -> impl Iterator<Item = &[Cell]> {
        self.rows.iter().filter_map(|r| match r {
            Row::Data { cells, .. } => Some(cells.as_slice()),
            _ => None,
        })
    }

    /// Data rows that start an entity (the first sub-row of a spanning block counts once).
    pub fn entity_rows(&self) -> impl Iterator<Item = &[Cell]> {
        self.rows.iter().filter_map(|r| match r {
            Row::Data { cells, span, .. } if span.is_none_or(|s| s.first) => Some(cells.as_slice()),
            _ => None,
        })
    }
}

/// A row of a typed table.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Row {
    /// Cells for every column (spanning cells repeated in each sub-row).
    Data {
        /// One cell per column.
        cells: Vec<Cell>,
        /// Set when the leading cells span several rows.
        span: Option<SpanPart>,
        /// Footnote marks typed after a number (`"02[^3]"`): the column and the mark.
        marks: Vec<(usize, String)>,
        /// Cells spanning down (`{ rowspan: N, value }`): the column and the rows covered.
        rowspans: Vec<(usize, usize)>,
    },
    /// A caption row.
    Group {
        /// The caption.
        text: String,
        /// Nesting level, 1 for a top caption.
        level: u8,
    },
    /// Rows lost in the source.
    Missing {
        /// First missing row number.
        from: u32,
        /// Last missing row number.
        to: u32,
        /// Why.
        note: Option<String>,
    },
}

/// Where a sub-row sits in a spanning block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpanPart {
    /// How many leading columns span.
    pub columns: usize,
    /// Whether this is the block's first row (which carries the spanning cells).
    pub first: bool,
    /// Rows in the block.
    pub rows: usize,
}

#[cfg(test)]
mod tests {
    use super::EditionIdMemo;

    #[test]
    fn an_edition_id_is_remembered_for_what_the_pages_shared_when_it_was_worked_out() {
        let memo = EditionIdMemo::default();
        assert_eq!(memo.get(&[1; 32]), None);
        memo.set([1; 32], "abc".to_owned());
        assert_eq!(memo.get(&[1; 32]).as_deref(), Some("abc"));
        // A template or the publication changed: worked out again, then remembered anew.
        assert_eq!(memo.get(&[2; 32]), None);
        memo.set([2; 32], "def".to_owned());
        assert_eq!(memo.get(&[2; 32]).as_deref(), Some("def"));
        assert_eq!(memo.get(&[1; 32]), None);
        assert_eq!(memo.clone().get(&[2; 32]).as_deref(), Some("def"));
    }
}
