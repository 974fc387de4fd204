//! The checked archive: every day typed against its schemas. Produced by `check`,
//! read by `derive`, `chart` and `render`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cell::Cell;
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
    /// The days, oldest first.
    pub days: Vec<Day>,
}

impl Archive {
    /// The declared statuses.
    pub fn statuses(&self) -> &[StatusDecl] {
        &self.publication.statuses
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
    /// Grouped header.
    pub group: Option<String>,
    /// Totals rule.
    pub total: Option<TotalRule>,
    /// Fixed decimals.
    pub decimals: Option<u8>,
    /// Entity column.
    pub key: bool,
}

/// One checked day.
#[derive(Debug, Clone)]
pub struct Day {
    /// The briefing's date.
    pub date: NaiveDate,
    /// The file it came from.
    pub source: PathBuf,
    /// The file's text, for locating template errors.
    pub text: String,
    /// The narrative and metadata as written.
    pub file: DayFile,
    /// Typed tables by id.
    pub tables: BTreeMap<String, Table>,
    /// The appendices in order.
    pub appendices: Vec<Appendix>,
}

/// One appendix of a day.
#[derive(Debug, Clone)]
pub struct Appendix {
    /// Number as printed.
    pub number: String,
    /// Title (Tera not yet expanded); `None` when the source lost it.
    pub title: Option<String>,
    /// Table ids in order.
    pub tables: Vec<String>,
}

/// A typed table of one day.
#[derive(Debug, Clone)]
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
            Row::Data { cells, span } if span.is_none_or(|s| s.first) => Some(cells.as_slice()),
            _ => None,
        })
    }
}

/// A row of a typed table.
#[derive(Debug, Clone)]
pub enum Row {
    /// Cells for every column (spanning cells repeated in each sub-row).
    Data {
        /// One cell per column.
        cells: Vec<Cell>,
        /// Set when the leading cells span several rows.
        span: Option<SpanPart>,
    },
    /// A caption row.
    Group(String),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanPart {
    /// How many leading columns span.
    pub columns: usize,
    /// Whether this is the block's first row (which carries the spanning cells).
    pub first: bool,
    /// Rows in the block.
    pub rows: usize,
}
