//! CSV downloads: UTF-8 with a BOM so Excel on Windows shows Vietnamese correctly, CRLF line
//! ends, comma-separated, quoted where needed. Numbers are written as in the source (decimal
//! comma), without thousands grouping.

use crate::archive::{Row, Schema, Table};
use crate::cell::Cell;
use crate::model::schema::ColumnType;
use crate::render::table::{missing_rows_text, sanitize_cell};
use crate::text::strip_tags;

/// The CSV bytes of a table, with its totals row.
pub fn table_csv(schema: &Schema, table: &Table, total: Option<&[Cell]>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = schema
        .columns
        .iter()
        .map(|c| {
            let mut parts: Vec<&str> = c.groups.iter().map(String::as_str).collect();
            parts.push(&c.label);
            crate::notes::take_marks(&parts.join(" - ")).0
        })
        .collect();
    push_record(&mut out, &header);
    for row in &table.rows {
        let record: Vec<String> = match row {
            Row::Data { cells, .. } => cells
                .iter()
                .zip(&schema.columns)
                .map(|(c, col)| match c {
                    // A value the source lacks is not an empty text.
                    Cell::Missing => MISSING.to_owned(),
                    _ => field(c, col.kind, col.decimals),
                })
                .collect(),
            Row::Group { text, .. } => vec![text.clone()],
            Row::Missing { from, to, note } => vec![missing_rows_text(*from, *to, note.as_deref())],
        };
        push_record(&mut out, &record);
    }
    if let Some(total) = total {
        let record: Vec<String> = total
            .iter()
            .zip(&schema.columns)
            .map(|(c, col)| field(c, col.kind, col.decimals))
            .collect();
        push_record(&mut out, &record);
    }
    out.into_bytes()
}

/// A missing value, as the pages show it.
const MISSING: &str = "—";

fn field(cell: &Cell, kind: ColumnType, decimals: Option<u8>) -> String {
    match (cell, kind) {
        (Cell::Text { text }, _) => text_lines(&sanitize_cell(text)),
        _ => cell.csv(decimals),
    }
}

/// A text cell as plain text: its paragraphs and line breaks stay line breaks inside the
/// field, footnote markers read `[1]`.
fn text_lines(html: &str) -> String {
    let broken = html
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("</p>", "\n");
    let lines: Vec<String> = broken
        .lines()
        .map(strip_tags)
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n").replace("[^", "[")
}

fn push_record(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields.iter().map(|f| quote(f)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{quote, text_lines};

    #[test]
    fn paragraphs_stay_line_breaks_inside_the_quoted_field() {
        assert_eq!(text_lines("<p>Một</p><p>Hai <b>ba</b></p>"), "Một\nHai ba");
        assert_eq!(text_lines("Dòng một\nDòng hai"), "Dòng một\nDòng hai");
        assert_eq!(text_lines("Bộ Công an[^1]"), "Bộ Công an[1]");
        assert_eq!(quote(&text_lines("<p>Một</p><p>Hai</p>")), "\"Một\nHai\"");
    }
}
