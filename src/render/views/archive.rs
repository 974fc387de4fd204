//! Views of the archive-over-time pages: day-over-day changes, editions, entities, feeds.

use serde::Serialize;

use super::{ChartView, DayNav, EditionView, HeaderCell, LinkView, PageMeta, RowView};

/// A table's changes, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct TableChangesView {
    /// Table id (anchor on the appendices page).
    pub id: String,
    /// Title of the table.
    pub title: String,
    /// The appendices page's anchor for the table, relative to the page.
    pub href: String,
    /// Column sums that changed: label, before, after, signed delta.
    pub sums: Vec<ChangeRow>,
    /// Rows only in the later version, by key.
    pub added: Vec<String>,
    /// Rows only in the earlier version, by key.
    pub removed: Vec<String>,
    /// The rows only in the later version, with their columns.
    pub added_rows: Option<RowsView>,
    /// The rows only in the earlier version, with their columns.
    pub removed_rows: Option<RowsView>,
    /// Rows whose cells changed.
    pub changed: Vec<RowChangeView>,
}

/// Whole rows of a table (added or removed), under the table's own headers.
#[derive(Debug, Clone, Serialize)]
pub struct RowsView {
    /// "Dòng mới (3)".
    pub caption: String,
    /// The table's header rows.
    pub header_rows: Vec<Vec<HeaderCell>>,
    /// The rows.
    pub rows: Vec<RowView>,
}

/// One figure, before → after.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    /// What it is.
    pub label: String,
    /// Earlier value, formatted.
    pub before: String,
    /// Later value, formatted.
    pub after: String,
    /// Signed difference, formatted ("+12", "−0,98"); empty when not numeric.
    pub delta: String,
    /// "up", "down" or "same", for styling (the text always says it too).
    pub direction: &'static str,
}

/// A row whose cells changed.
#[derive(Debug, Clone, Serialize)]
pub struct RowChangeView {
    /// The row's key (entity).
    pub key: String,
    /// Its changed cells.
    pub cells: Vec<ChangeRow>,
}

/// The day-over-day page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesPage {
    /// Common fields.
    pub page: PageMeta,
    /// Navigation.
    pub nav: DayNav,
    /// Which edition.
    pub edition: EditionView,
    /// "09/8/2025".
    pub date_text: String,
    /// "so với ngày 08/8/2025" or "ngày đầu tiên của lưu trữ".
    pub label: String,
    /// The previous briefing's report, when there is one.
    pub previous_href: Option<String>,
    /// Days since the previous briefing, when more than one: "44 ngày".
    pub gap_note: Option<String>,
    /// Entities per status, before → after, per status table.
    pub status_counts: Vec<(String, Vec<ChangeRow>)>,
    /// Entities whose status changed: (entity, from, to, from slug, to slug).
    pub status_shifts: Vec<StatusShiftView>,
    /// Table changes, in appendix order.
    pub tables: Vec<TableChangesView>,
}

/// An entity whose status changed.
#[derive(Debug, Clone, Serialize)]
pub struct StatusShiftView {
    /// The entity.
    pub entity: String,
    /// Its page, when it is a declared entity.
    pub href: Option<String>,
    /// Table title it comes from.
    pub table: String,
    /// Earlier status and its CSS slug.
    pub from: (String, String),
    /// Later status and its CSS slug.
    pub to: (String, String),
}

/// The editions page of a day.
#[derive(Debug, Clone, Serialize)]
pub struct EditionsPage {
    /// Common fields.
    pub page: PageMeta,
    /// Navigation.
    pub nav: DayNav,
    /// The current edition.
    pub edition: EditionView,
    /// "09/8/2025".
    pub date_text: String,
    /// Every edition, oldest first.
    pub editions: Vec<EditionLink>,
    /// What each correction changed, oldest first.
    pub corrections: Vec<CorrectionView>,
}

/// An edition in the list.
#[derive(Debug, Clone, Serialize)]
pub struct EditionLink {
    /// Edition number.
    pub number: u32,
    /// "17h30 ngày 09/8/2025", when known.
    pub released: Option<String>,
    /// Its permanent report page.
    pub href: String,
    /// The correction note.
    pub correction: Option<String>,
    /// Its identifier.
    pub id: String,
}

/// What one correction changed.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    /// Earlier edition.
    pub from: u32,
    /// Later edition.
    pub to: u32,
    /// Anchor id.
    pub anchor: String,
    /// Nothing but the release time changed.
    pub empty: bool,
    /// Document fields.
    pub fields: Vec<ChangeRow>,
    /// Narrative paragraphs.
    pub paragraphs: Vec<crate::derive::editions::ParagraphChange>,
    /// Tables.
    pub tables: Vec<TableChangesView>,
    /// Tables added / removed, by title.
    pub tables_added: Vec<String>,
    /// Tables removed, by title.
    pub tables_removed: Vec<String>,
}

/// The index of entities.
#[derive(Debug, Clone, Serialize)]
pub struct EntitiesPage {
    /// Common fields.
    pub page: PageMeta,
    /// Heading.
    pub heading: String,
    /// Entities in Vietnamese alphabetical order.
    pub entities: Vec<EntityLink>,
}

/// An entity in the index.
#[derive(Debug, Clone, Serialize)]
pub struct EntityLink {
    /// Name.
    pub name: String,
    /// Its page.
    pub href: String,
    /// Latest status and its slug.
    pub status: Option<(String, String)>,
    /// Date of that status.
    pub date_text: String,
}

/// One entity's page (its latest year's history), or its history of an earlier year.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPage {
    /// Common fields.
    pub page: PageMeta,
    /// Name.
    pub name: String,
    /// The page's heading: the name, and the year on a year's page ("An Giang — năm 2025").
    pub heading: String,
    /// Where the page sits: the index of entities, and the entity's page from a year's page.
    pub up: Vec<LinkView>,
    /// The year whose days the history table shows.
    pub year: String,
    /// The pages of the earlier years, newest first (on the entity's page only).
    pub years: Vec<LinkView>,
    /// Other spellings it is matched by.
    pub aliases: Vec<String>,
    /// Label of the status column.
    pub status_label: String,
    /// Trend charts.
    pub trends: Vec<ChartView>,
    /// Latest notes: label, date, text.
    pub notes: Vec<(String, String, String)>,
    /// Trend column labels (the table's headers).
    pub trend_labels: Vec<String>,
    /// One row per day of `year`, newest first.
    pub days: Vec<EntityDayView>,
}

/// An entity on one day.
#[derive(Debug, Clone, Serialize)]
pub struct EntityDayView {
    /// "09/8/2025".
    pub date_text: String,
    /// The day's report.
    pub href: String,
    /// Status label and slug.
    pub status: Option<(String, String)>,
    /// Trend values, formatted ("" when missing).
    pub values: Vec<String>,
}

/// The Atom feed and the sitemap.
#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    /// Publication name.
    pub title: String,
    /// Address prefix of every link: the configured base address, or "" (relative).
    pub base: String,
    /// Feed id (a URN: stable without a base address).
    pub id: String,
    /// Newest update, RFC 3339.
    pub updated: String,
    /// Entries, newest first.
    pub entries: Vec<FeedEntry>,
    /// Every page address (for the sitemap), sorted.
    pub pages: Vec<String>,
}

/// One briefing in the feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// Title.
    pub title: String,
    /// Report address (prefixed with the base).
    pub href: String,
    /// URN id.
    pub id: String,
    /// RFC 3339 update time.
    pub updated: String,
    /// Summary text.
    pub summary: String,
}
