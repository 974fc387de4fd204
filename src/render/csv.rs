//! CSV downloads: UTF-8 with a BOM so Excel on Windows shows Vietnamese correctly, CRLF line
//! ends, comma-separated, quoted where needed. Numbers are written as in the source (decimal
//! comma), without thousands grouping. Text that a spreadsheet would read as a formula is
//! defused (OWASP's CSV injection advice): it starts with a `'`.

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
            defused(crate::notes::take_marks(&parts.join(" - ")).0)
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
            Row::Group { text, .. } => vec![defused(text.clone())],
            Row::Missing { from, to, note } => {
                vec![defused(missing_rows_text(*from, *to, note.as_deref()))]
            }
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
        (Cell::Text { text }, _) => defused(text_lines(&sanitize_cell(text))),
        (Cell::Word { text }, _) => defused(text.clone()),
        // Typed numbers, negative ones included, stay numbers.
        _ => cell.csv(decimals),
    }
}

/// Text that Excel or LibreOffice would take for a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first) starts with a `'`, which they show as text.
fn defused(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// A text cell as plain text: its paragraphs and line breaks stay line breaks inside the
/// field, footnote markers read `[1]`.
fn text_lines(html: &str) -> String {
    if !html.contains(['<', '&', '\n', '[']) {
        return crate::text::strip_tags(html);
    }
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
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_quoted(out, field);
    }
    out.push_str("\r\n");
}

fn push_quoted(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::{push_quoted, text_lines};

    fn quote(field: &str) -> String {
        let mut out = String::new();
        push_quoted(&mut out, field);
        out
    }

    #[test]
    fn formulas_are_defused_and_numbers_stay_numbers() {
        use crate::cell::Cell;
        use crate::model::schema::ColumnType;
        let text =
            |t: &str| super::field(&Cell::Text { text: t.to_owned() }, ColumnType::Text, None);
        assert_eq!(
            text("=HYPERLINK(\"http://x\",\"a\")"),
            "'=HYPERLINK(\"http://x\",\"a\")"
        );
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        // Leading white space goes with the text's layout, so a formula behind it is seen too.
        assert_eq!(text("\t=1+1"), "'=1+1");
        assert_eq!(text("Bình thường"), "Bình thường");
        let number = Cell::Integer {
            value: -5,
            digits: 0,
        };
        assert_eq!(super::field(&number, ColumnType::Integer, None), "-5");
    }

    #[test]
    fn paragraphs_stay_line_breaks_inside_the_quoted_field() {
        assert_eq!(text_lines("<p>Một</p><p>Hai <b>ba</b></p>"), "Một\nHai ba");
        assert_eq!(text_lines("Dòng một\nDòng hai"), "Dòng một\nDòng hai");
        assert_eq!(text_lines("Bộ Công an[^1]"), "Bộ Công an[1]");
        assert_eq!(quote(&text_lines("<p>Một</p><p>Hai</p>")), "\"Một\nHai\"");
    }
}
