//! Finding the table's columns in a sheet by their header text.

use unicode_normalization::UnicodeNormalization;

use super::cell_name;
use super::source::{Sheet, SourceCell};
use crate::model::schema::TableSchema;

/// How far down a header may start (a title and a few caption lines above it).
const HEADER_SEARCH_ROWS: usize = 30;

/// Where the schema's columns are in the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The sheet column of each schema column, in schema order.
    pub columns: Vec<usize>,
    /// The header's last row (0-based): data starts under it.
    pub last_row: usize,
}

/// Header text compared without diacritics, case or repeated spaces: "Tỉnh/Thành phố" and
/// "TINH/THÀNH PHỐ" (NFD or NFC) are the same header.
pub fn fold_header(text: &str) -> String {
    let folded = crate::text::fold(&text.nfc().collect::<String>());
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn header_text(cell: &SourceCell) -> Option<String> {
    match cell {
        SourceCell::Text(t) if !t.trim().is_empty() => Some(fold_header(t)),
        SourceCell::Number { value, .. } => Some(value.to_string()),
        _ => None,
    }
}

/// Finds the first rows that hold a header for every schema column: each column's header is
/// the lowest text above the data in its sheet column, so a label merged over two header
/// rows and a group caption merged over several columns both work. When a label appears in
/// several columns ("Tỷ lệ" under two groups), the one under the column's `group` is taken,
/// and the columns are taken left to right.
pub fn find(sheet: &Sheet, schema: &TableSchema, sheet_name: &str) -> Result<Header, String> {
    let mut best: Option<(usize, Vec<Option<usize>>)> = None;
    for last_row in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let matched = match_columns(sheet, schema, last_row);
        if matched.iter().all(Option::is_some) {
            return Ok(Header {
                columns: matched.into_iter().flatten().collect(),
                last_row,
            });
        }
        let count = matched.iter().flatten().count();
        if best.as_ref().is_none_or(|(c, _)| count > *c) {
            best = Some((count, matched));
        }
    }
    let matched = best.map(|(_, m)| m).unwrap_or_default();
    let missing: Vec<String> = schema
        .columns
        .iter()
        .map(|c| &c.value)
        .enumerate()
        .filter(|(i, _)| matched.get(*i).is_none_or(Option::is_none))
        .map(|(_, c)| format!("\"{}\" (column `{}`)", c.label, c.id))
        .collect();
    Err(format!(
        "{sheet_name}: no header {} in the first {HEADER_SEARCH_ROWS} rows; headers found: {}",
        missing.join(", "),
        headers_found(sheet)
    ))
}

/// Every header-like text of the first rows, as `A3 "STT"`, for the error message.
fn headers_found(sheet: &Sheet) -> String {
    let found: Vec<String> = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter_map(move |(c, cell)| match cell {
                    SourceCell::Text(t) if !t.trim().is_empty() => Some(format!(
                        "{} \"{}\"",
                        cell_name(r, c),
                        t.nfc().collect::<String>()
                    )),
                    _ => None,
                })
        })
        .take(40)
        .collect();
    if found.is_empty() {
        "none".to_owned()
    } else {
        found.join(", ")
    }
}

fn match_columns(sheet: &Sheet, schema: &TableSchema, last_row: usize) -> Vec<Option<usize>> {
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    let lowest: Vec<Option<String>> = (0..width)
        .map(|c| {
            (0..=last_row)
                .rev()
                .find_map(|r| sheet.rows[r].get(c).and_then(header_text))
        })
        .collect();
    let groups = group_texts(sheet, last_row, width);
    let mut used = vec![false; width];
    schema
        .columns
        .iter()
        .map(|column| {
            let column = &column.value;
            let names: Vec<String> = std::iter::once(&column.label)
                .chain(&column.sheet_headers)
                .map(|n| fold_header(n))
                .collect();
            let candidates: Vec<usize> = (0..width)
                .filter(|c| !used[*c])
                .filter(|c| lowest[*c].as_ref().is_some_and(|t| names.contains(t)))
                .collect();
            let wanted_groups: Vec<String> = column
                .group
                .as_ref()
                .map(|g| g.levels().iter().map(|l| fold_header(l)).collect())
                .unwrap_or_default();
            let chosen = candidates
                .iter()
                .copied()
                .find(|c| {
                    !wanted_groups.is_empty()
                        && wanted_groups.iter().all(|g| groups[*c].contains(g))
                })
                .or_else(|| candidates.first().copied());
            if let Some(c) = chosen {
                used[c] = true;
            }
            chosen
        })
        .collect()
}

/// The texts above each column's header, a caption carried right over the empty cells after
/// it as a merged cell shows it.
fn group_texts(sheet: &Sheet, last_row: usize, width: usize) -> Vec<Vec<String>> {
    let mut groups = vec![Vec::new(); width];
    for row in sheet.rows.iter().take(last_row) {
        let mut carried: Option<String> = None;
        for (c, group) in groups.iter_mut().enumerate() {
            if let Some(text) = row.get(c).and_then(header_text) {
                carried = Some(text);
            }
            if let Some(text) = &carried {
                group.push(text.clone());
            }
        }
    }
    groups
}
