//! Typed view structs handed to the templates. Templates see exactly these fields.

use serde::Serialize;

use crate::model::day::Signature;

mod archive;
mod document;
pub use archive::*;
pub use document::*;

/// Fields every page has.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Relative prefix to the site root ("../../../"), so the site works under any sub-path
    /// and from `file://`.
    pub root: String,
    /// The page's `<title>`.
    pub title: String,
    /// Publication name.
    pub publication: String,
    /// Which navigation entry is current: "home", "archive", "report", "appendices".
    pub section: &'static str,
    /// The identifier shown in the footer: the edition's id on a day's pages, the build id
    /// elsewhere (see `manifest.json`).
    pub id: String,
    /// "Bản 2" on a day's pages.
    pub edition: Option<String>,
    /// Sample data: every page says so ("DỮ LIỆU MẪU").
    pub sample: bool,
    /// The publication has entity pages (the header links to their index).
    pub has_entities: bool,
}

/// A link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Relative address.
    pub href: String,
    /// Visible text.
    pub label: String,
}

/// Links around one day.
#[derive(Debug, Clone, Serialize)]
pub struct DayNav {
    /// Previous briefing.
    pub previous: Option<LinkView>,
    /// Next briefing.
    pub next: Option<LinkView>,
    /// The day's report page.
    pub report: String,
    /// The day's appendices page.
    pub appendices: String,
    /// The day's slide deck.
    pub slides: Option<String>,
    /// What changed since the previous briefing (live pages only).
    pub changes: Option<String>,
    /// The day's editions and what each correction changed (live pages only).
    pub editions: Option<String>,
    /// The archive page.
    pub archive: String,
    /// The day's PDF files, when the build makes them.
    pub pdf: Option<PdfLinks>,
}

/// The PDF files of a day's pages (or of an edition's permanent copy).
#[derive(Debug, Clone, Serialize)]
pub struct PdfLinks {
    /// The report with its appendices.
    pub report: String,
    /// The deck, when the day has one.
    pub slides: Option<String>,
}

/// Which edition a day's page shows, and how it relates to the others.
#[derive(Debug, Clone, Serialize)]
pub struct EditionView {
    /// 1 for the first release, 2 for the first correction, …
    pub number: u32,
    /// A permanent copy (never changes) rather than the day's live page.
    pub frozen: bool,
    /// When this edition was released: "17h30 ngày 09/8/2025".
    pub released: Option<String>,
    /// What the correction changed and why, as the file says.
    pub correction: Option<String>,
    /// When the replaced edition was released: "lúc 16h00 ngày 09/8/2025" or "ngày 09/8/2025".
    pub replaces: Option<String>,
    /// The replaced edition's permanent page.
    pub replaces_href: Option<String>,
    /// This edition's permanent page.
    pub permanent_href: String,
    /// The day's live report (the current edition).
    pub current_href: String,
    /// The day's editions page.
    pub editions_href: String,
}

/// The report page.
#[derive(Debug, Clone, Serialize)]
pub struct ReportPage {
    /// Common fields.
    pub page: PageMeta,
    /// The document.
    pub doc: DocView,
    /// Navigation.
    pub nav: DayNav,
    /// Which edition this is.
    pub edition: EditionView,
}

/// The administrative document.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    /// "09/8/2025".
    pub date_text: String,
    /// "ngày 9 tháng 8 năm 2025".
    pub date_long: String,
    /// Report number, if the source shows one.
    pub number: Option<String>,
    /// Title line.
    pub title: String,
    /// Subtitle with the data time.
    pub subtitle: Option<String>,
    /// Issuing body lines.
    pub issuer: Vec<String>,
    /// The Decree 30 header, when the publication declares `document:`.
    pub header: Option<HeaderView>,
    /// "Kính gửi" lines.
    pub recipients: Vec<String>,
    /// Intro paragraphs (sanitised HTML).
    pub intro_html: String,
    /// Sections, flattened in reading order with their depth.
    pub sections: Vec<SectionView>,
    /// Closing line (sanitised HTML).
    pub closing_html: String,
    /// "Nơi nhận" lines.
    pub distribution: Vec<String>,
    /// Signature block.
    pub signature: Option<Signature>,
    /// Footnotes, the circulation note first.
    pub footnotes: Vec<FootnoteView>,
}

/// One narrative section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// 1 for "I.", 2 for "1.", 3 for "a)".
    pub level: usize,
    /// Anchor id.
    pub anchor: String,
    /// Heading as printed: "I. TỔNG QUAN TIẾN ĐỘ".
    pub heading: String,
    /// Body (sanitised HTML).
    pub body_html: String,
    /// A table placed in the section.
    pub table: Option<TableView>,
    /// Charts placed in the section.
    pub charts: Vec<ChartView>,
}

/// A chart placed on a page.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Declared name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Text alternative.
    pub desc: String,
    /// The SVG file, relative to the page.
    pub src: String,
    /// The table it came from, relative to the page.
    pub table_href: String,
}

/// The appendices page.
#[derive(Debug, Clone, Serialize)]
pub struct AppendicesPage {
    /// Common fields.
    pub page: PageMeta,
    /// "09/8/2025".
    pub date_text: String,
    /// Report number.
    pub number: Option<String>,
    /// Caption under "PHỤ LỤC", verbatim.
    pub caption: Option<String>,
    /// Appendices in order.
    pub appendices: Vec<AppendixView>,
    /// Navigation.
    pub nav: DayNav,
    /// Which edition this is.
    pub edition: EditionView,
}

/// One appendix.
#[derive(Debug, Clone, Serialize)]
pub struct AppendixView {
    /// Number as printed.
    pub number: String,
    /// Anchor id: "phu-luc-1".
    pub anchor: String,
    /// "Phụ lục" or "PHỤ LỤC", as the source prints it.
    pub label: String,
    /// Title; `None` when the source lost it.
    pub title: Option<String>,
    /// The title as HTML, its footnote markers linked.
    pub title_html: Option<String>,
    /// This appendix's own caption, when it differs from the page's.
    pub caption: Option<String>,
    /// Lead-in (sanitised HTML).
    pub intro_html: String,
    /// Notes of the title and lead-in.
    pub notes: Vec<FootnoteView>,
    /// Tables directly under the appendix.
    pub tables: Vec<TableView>,
    /// Headed parts, flattened in reading order with their depth.
    pub parts: Vec<PartView>,
    /// Whether a table is wide enough to print the appendix on landscape pages.
    pub wide: bool,
}

/// A rendered table.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// Schema id.
    pub id: String,
    /// Title (sub-table heading), if any.
    pub title: Option<String>,
    /// The title as HTML, its footnote markers linked.
    pub title_html: Option<String>,
    /// Lead-in before the table (sanitised HTML).
    pub intro_html: String,
    /// Note under the table.
    pub note: Option<String>,
    /// The table's footnotes.
    pub notes: Vec<FootnoteView>,
    /// Header rows (two when columns are grouped).
    pub header_rows: Vec<Vec<HeaderCell>>,
    /// Body rows.
    pub rows: Vec<RowView>,
    /// Totals row.
    pub total: Option<Vec<CellView>>,
    /// CSV download, relative to the page (a shared file, named by its content).
    pub csv_href: String,
    /// The name the CSV file is saved under: "<table>.csv".
    pub csv_name: String,
    /// Column count, for caption rows.
    pub columns: usize,
    /// Whether the table is wide enough to print on a landscape page.
    pub wide: bool,
    /// Charts drawn from this table.
    pub charts: Vec<ChartView>,
}

/// A header cell.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderCell {
    /// Label (HTML: escaped, footnote markers linked).
    pub label: String,
    /// Columns spanned.
    pub colspan: usize,
    /// Rows spanned.
    pub rowspan: usize,
    /// "col" or "colgroup".
    pub scope: &'static str,
    /// "column-number" for the column-number row, else empty.
    pub class: &'static str,
}

/// A body row.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// "data", "group" or "missing".
    pub kind: &'static str,
    /// Cells of a data row.
    pub cells: Vec<CellView>,
    /// Caption of a group row or note of a missing-rows row (HTML).
    pub text: String,
    /// Nesting level of a group row (1 for a top caption).
    pub level: u8,
}

/// A body cell.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// Sanitised HTML content.
    pub html: String,
    /// CSS classes.
    pub class: String,
    /// Rows spanned (1 normally).
    pub rowspan: usize,
    /// Columns spanned (1 normally; the totals label may span the leading columns).
    pub colspan: usize,
    /// Whether this is the row's header cell (the key column).
    pub is_header: bool,
    /// Whether the value is missing.
    pub missing: bool,
}

/// The home page.
#[derive(Debug, Clone, Serialize)]
pub struct IndexPage {
    /// Common fields.
    pub page: PageMeta,
    /// The latest briefing.
    pub latest: Option<DaySummary>,
    /// Recent briefings, newest first.
    pub recent: Vec<DaySummary>,
}

/// A briefing in a list.
#[derive(Debug, Clone, Serialize)]
pub struct DaySummary {
    /// "09/8/2025".
    pub date_text: String,
    /// "ngày 9 tháng 8 năm 2025".
    pub date_long: String,
    /// Report number.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Report page.
    pub report: String,
    /// Appendices page.
    pub appendices: String,
    /// Number of appendices.
    pub appendix_count: usize,
    /// Entities per status that day, in words: "31 XANH · 3 VÀNG · 0 ĐỎ".
    pub status_text: String,
    /// Edition of the current version (1 unless corrected).
    pub edition: u32,
}

/// The archive page, a year's page or a month's page.
#[derive(Debug, Clone, Serialize)]
pub struct ArchivePage {
    /// Common fields.
    pub page: PageMeta,
    /// Page heading.
    pub heading: String,
    /// Links up: the archive, the year.
    pub up: Vec<LinkView>,
    /// Years, newest first.
    pub years: Vec<YearView>,
    /// Weekday headings.
    pub weekdays: Vec<&'static str>,
    /// Whether the publication has statuses to colour the calendar with.
    pub has_statuses: bool,
}

/// A year of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    /// The year.
    pub year: i32,
    /// The year's own page.
    pub href: String,
    /// Months, newest first.
    pub months: Vec<MonthView>,
}

/// A month grid.
#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    /// "Tháng 8/2025".
    pub label: String,
    /// Anchor id.
    pub anchor: String,
    /// The month's own page.
    pub href: String,
    /// Weeks of seven slots.
    pub weeks: Vec<Vec<CalendarDay>>,
    /// Briefings this month.
    pub briefings: Vec<DaySummary>,
}

/// One slot of a month grid.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarDay {
    /// Day of month; `None` outside the month.
    pub day: Option<u32>,
    /// The report page when there is a briefing.
    pub href: Option<String>,
    /// Accessible label: "ngày 9 tháng 8 năm 2025".
    pub label: String,
    /// Slug of the status most entities had that day (colours the cell), if declared.
    pub status: Option<String>,
    /// The counts behind it, in words: "31 XANH · 3 VÀNG · 0 ĐỎ".
    pub status_text: String,
}

/// The slide deck page.
#[derive(Debug, Clone, Serialize)]
pub struct SlidesPage {
    /// Common fields.
    pub page: PageMeta,
    /// "09/8/2025".
    pub date_text: String,
    /// Slides in order.
    pub slides: Vec<SlideView>,
    /// Navigation.
    pub nav: DayNav,
    /// Which edition this is.
    pub edition: EditionView,
}

/// One slide.
#[derive(Debug, Clone, Serialize)]
pub struct SlideView {
    /// 1-based number, also the slide's address (`#5`).
    pub number: usize,
    /// Title.
    pub title: Option<String>,
    /// Subtitle with the data time.
    pub subtitle: Option<String>,
    /// Bullets (sanitised HTML, one per bullet).
    pub bullets: Vec<String>,
    /// KPI tiles.
    pub kpis: Vec<crate::model::day::Kpi>,
    /// Entity lists.
    pub lists: Vec<EntityListView>,
    /// A chart.
    pub chart: Option<ChartView>,
    /// What the source's picture showed, when there is no chart for it.
    pub chart_note: Option<String>,
    /// A table excerpt.
    pub table: Option<TableView>,
    /// Notes (sanitised HTML).
    pub notes_html: String,
    /// Text density class ("d0" … "d3"), so long slides still fit one page.
    pub density: &'static str,
    /// Whether the slide has a visual (chart, placeholder or table) beside its text.
    pub has_visual: bool,
    /// Whether the slide has text beside its visual.
    pub has_text: bool,
}

/// An entity list on a slide.
#[derive(Debug, Clone, Serialize)]
pub struct EntityListView {
    /// Heading.
    pub label: String,
    /// CSS class of the status colour.
    pub status_class: String,
    /// Change as printed.
    pub change: Option<String>,
    /// Number of entities.
    pub count: usize,
    /// Entity names.
    pub items: Vec<String>,
}

/// `latest/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct LatestPage {
    /// Common fields.
    pub page: PageMeta,
    /// The newest briefing's report, relative to this page.
    pub target: String,
}
