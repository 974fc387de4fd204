//! Builds the view of one table: grouped headers, spanning key cells, missing values.

use crate::archive::{Row, Schema, SpanPart, Table};
use crate::cell::Cell;
use crate::model::schema::ColumnType;
use crate::render::views::{CellView, HeaderCell, RowView, TableView};
use crate::text::{escape_html, slug};

/// The view of `table`; `csv_href` is relative to the page that shows it.
pub fn table_view(
    schema: &Schema,
    table: &Table,
    title: Option<String>,
    total: Option<&[Cell]>,
    csv_href: String,
) -> TableView {
    let key = schema.key_index();
    let rows = table
        .rows
        .iter()
        .map(|row| match row {
            Row::Data {
                cells,
                span,
                marks,
                rowspans,
            } => RowView {
                kind: "data",
                cells: data_cells(schema, cells, *span, marks, rowspans, key),
                text: String::new(),
                level: 0,
            },
            Row::Group { text, level } => RowView {
                kind: "group",
                cells: Vec::new(),
                text: escape_html(text),
                level: *level,
            },
            Row::Missing { from, to, note } => RowView {
                kind: "missing",
                cells: Vec::new(),
                text: escape_html(&missing_rows_text(*from, *to, note.as_deref())),
                level: 0,
            },
        })
        .collect();
    TableView {
        id: table.id.clone(),
        title_html: title.as_deref().map(escape_html),
        title,
        intro_html: String::new(),
        note: table.note.clone(),
        notes: Vec::new(),
        header_rows: header_rows(schema),
        rows,
        total: total.map(|cells| total_view(schema, cells)),
        csv_name: format!("{}.csv", table.id),
        csv_href,
        columns: schema.columns.len(),
        wide: schema.columns.len() > 9,
        charts: Vec::new(),
    }
}

/// The cells of a data row: sub-rows of a spanning block leave out the spanning cells, a cell
/// spanning columns or rows leaves out what it covers, and marks follow their numbers.
fn data_cells(
    schema: &Schema,
    cells: &[Cell],
    span: Option<SpanPart>,
    marks: &[(usize, String)],
    rowspans: &[(usize, usize)],
    key: Option<usize>,
) -> Vec<CellView> {
    let mut views: Vec<CellView> = Vec::with_capacity(cells.len());
    for (i, cell) in cells.iter().enumerate() {
        if span.is_some_and(|s| !s.first && i < s.columns) {
            continue;
        }
        match cell {
            Cell::Covered => {
                if let Some(last) = views.last_mut() {
                    last.colspan += 1;
                }
                continue;
            }
            Cell::Above => continue,
            _ => {}
        }
        let spans = span.is_some_and(|s| s.first && i < s.columns);
        let down = rowspans
            .iter()
            .find(|(column, _)| *column == i)
            .map(|(_, n)| *n);
        let rowspan = match down {
            Some(rows) => rows,
            None if spans => span.map_or(1, |s| s.rows),
            None => 1,
        };
        let mut view = cell_view(schema, i, cell, rowspan, key == Some(i));
        for (_, mark) in marks.iter().filter(|(column, _)| *column == i) {
            view.html.push_str(&format!("[^{mark}]"));
        }
        views.push(view);
    }
    views
}

/// The totals row; the label spans the leading columns that have no total.
fn total_view(schema: &Schema, cells: &[Cell]) -> Vec<CellView> {
    let label_span = 1 + cells
        .iter()
        .zip(&schema.columns)
        .skip(1)
        .take_while(|(c, col)| matches!(c, Cell::Missing) && col.total.is_none())
        .count();
    let mut views: Vec<CellView> = cells
        .iter()
        .enumerate()
        .skip(label_span - 1)
        .map(|(i, c)| cell_view(schema, i, c, 1, false))
        .collect();
    if let (Some(first), Some(Cell::Text { text })) = (views.first_mut(), cells.first()) {
        first.html = escape_html(text);
        first.class = "total-label".into();
        first.colspan = label_span;
    }
    views
}

/// "Hàng 1–16: không có trong bản nguồn".
pub fn missing_rows_text(from: u32, to: u32, note: Option<&str>) -> String {
    let rows = if from == to {
        format!("Hàng {from}")
    } else {
        format!("Hàng {from}–{to}")
    };
    match note {
        // A note that names the rows itself is shown as written.
        Some(note) if note.starts_with("Hàng") => note.to_owned(),
        Some(note) => format!("{rows}: {note}"),
        None => format!("{rows}: không có dữ liệu"),
    }
}

fn cell_view(
    schema: &Schema,
    index: usize,
    cell: &Cell,
    rowspan: usize,
    is_header: bool,
) -> CellView {
    let column = &schema.columns[index];
    let mut class = match column.kind {
        // A sentence spanning number columns is text, and wraps as text.
        _ if matches!(cell, Cell::Text { .. }) => "text".to_owned(),
        ColumnType::Integer | ColumnType::Decimal | ColumnType::Percent => "num".to_owned(),
        ColumnType::Ratio | ColumnType::Date => "center".to_owned(),
        ColumnType::Status => "status-cell".to_owned(),
        ColumnType::Text => "text".to_owned(),
    };
    let html = match cell {
        Cell::Missing => {
            class.push_str(" missing");
            "<span class=\"missing-mark\" title=\"Không có dữ liệu\">—</span><span class=\"sr-only\">không có dữ liệu</span>".to_owned()
        }
        Cell::Status { code, label } => format!(
            "<span class=\"status status-{}\">{}</span>",
            slug(code),
            escape_html(label)
        ),
        Cell::Text { text } => break_addresses(&paragraphs(&sanitize_cell(text))),
        Cell::Word { text } => {
            class.push_str(" word");
            escape_html(text)
        }
        other => escape_html(&other.display(column.decimals)),
    };
    CellView {
        html,
        class,
        rowspan,
        colspan: 1,
        is_header,
        missing: matches!(cell, Cell::Missing),
    }
}

/// Web addresses in a cell may wrap after each `/`, so a long one never widens its table past
/// the page.
fn break_addresses(html: &str) -> String {
    if !html.contains("://") {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 16);
    for word in html.split_inclusive(' ') {
        if word.contains("://") && !word.contains(['<', '>']) {
            out.push_str(&word.replace('/', "/<wbr>"));
        } else {
            out.push_str(word);
        }
    }
    out
}

/// A cell written on several lines shows each line as its own paragraph.
fn paragraphs(html: &str) -> String {
    let text = html.trim_matches('\n');
    if !text.contains('\n') {
        return text.to_owned();
    }
    text.split('\n')
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("<p>{}</p>", line.trim_end()))
        .collect()
}

/// Text cells may hold `<p>` fragments from the source systems: keep paragraphs and emphasis,
/// drop everything else.
pub fn sanitize_cell(text: &str) -> String {
    // Most cells are plain text, which the sanitiser would return unchanged: skip parsing them.
    if !text.contains(['<', '>', '&', '\r', '\0', '\u{a0}']) {
        return text.to_owned();
    }
    static CELL_HTML: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut builder = ammonia::Builder::empty();
            builder.add_tags(["p", "br", "b", "strong", "i", "em", "sup", "sub"]);
            builder
        });
    CELL_HTML.clean(&super::nesting::shallow(text)).to_string()
}

/// The header rows: one per grouping level, the labels under their groups (a label with fewer
/// groups above it spans down), then the column-number row when columns have numbers.
fn header_rows(schema: &Schema) -> Vec<Vec<HeaderCell>> {
    let columns = &schema.columns;
    let depth = columns.iter().map(|c| c.groups.len()).max().unwrap_or(0) + 1;
    let mut rows = Vec::with_capacity(depth + 1);
    for level in 0..depth {
        let mut row = Vec::new();
        let mut i = 0;
        while i < columns.len() {
            let column = &columns[i];
            if column.groups.len() > level {
                let prefix = &column.groups[..=level];
                let run = columns[i..]
                    .iter()
                    .take_while(|c| c.groups.len() > level && c.groups[..=level] == *prefix)
                    .count();
                row.push(header(&column.groups[level], run, 1, "colgroup"));
                i += run;
            } else {
                if column.groups.len() == level {
                    row.push(header(&column.label, 1, depth - level, "col"));
                }
                i += 1;
            }
        }
        rows.push(row);
    }
    if columns.iter().any(|c| c.number.is_some()) {
        rows.push(
            columns
                .iter()
                .map(|c| HeaderCell {
                    class: "column-number",
                    ..header(c.number.as_deref().unwrap_or(""), 1, 1, "col")
                })
                .collect(),
        );
    }
    rows
}

fn header(label: &str, colspan: usize, rowspan: usize, scope: &'static str) -> HeaderCell {
    HeaderCell {
        label: escape_html(label),
        colspan,
        rowspan,
        scope,
        class: "",
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_cell;

    fn through_the_sanitiser(text: &str) -> String {
        ammonia::Builder::empty()
            .add_tags(["p", "br", "b", "strong", "i", "em", "sup", "sub"])
            .clean(text)
            .to_string()
    }

    #[test]
    fn plain_cells_skip_the_sanitiser_with_the_same_result() {
        for text in [
            "Tuyên Quang",
            "  Đắk Lắk, \"Cà Mau\" 'x'\tvà\n62,6% (3.321)  ",
            "a = b; c / d ≥ e",
            "",
        ] {
            assert_eq!(sanitize_cell(text), through_the_sanitiser(text), "{text:?}");
        }
    }

    #[test]
    fn cells_with_markup_go_through_the_sanitiser() {
        for text in [
            "<p>Một</p><script>x</script>",
            "A & B",
            "a > b",
            "x\u{a0}y",
            "<b onclick=\"x\">đậm</b>",
        ] {
            assert_eq!(sanitize_cell(text), through_the_sanitiser(text), "{text:?}");
        }
        assert_eq!(sanitize_cell("<p>Một</p><script>x</script>"), "<p>Một</p>");
    }
}
