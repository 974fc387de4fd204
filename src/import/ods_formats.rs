//! The number formats of an ODS sheet's cells, which calamine does not give: without them a
//! percentage 0,626 shown "62,6%" would read 0,626, and "0,80" would read 0,8. Streams the
//! workbook's content.xml once, keeping only the formatted number cells of one sheet.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::source::{MAX_COLUMNS, MAX_ROWS};

/// content.xml is read up to this size (a day's workbook has well under 1 MB of it).
const MAX_CONTENT_BYTES: u64 = 64 * 1024 * 1024;
/// Most formatted cells remembered (a table has a few thousand).
const MAX_FORMATTED: usize = 200_000;

/// A number format in the terms of a spreadsheet format code (`0.00`, `#,##0`, `0.0%`).
#[derive(Default)]
struct NumberStyle {
    decimals: usize,
    min_decimals: Option<usize>,
    grouping: bool,
    percent: bool,
}

impl NumberStyle {
    fn code(&self) -> String {
        let mut code = if self.grouping { "#,##0" } else { "0" }.to_owned();
        if self.decimals > 0 {
            let required = self
                .min_decimals
                .unwrap_or(self.decimals)
                .min(self.decimals);
            code.push('.');
            code.push_str(&"0".repeat(required));
            code.push_str(&"#".repeat(self.decimals - required));
        }
        if self.percent {
            code.push('%');
        }
        code
    }
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

fn repeated(e: &BytesStart, name: &str) -> u32 {
    attribute(e, name)
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// What the scan of a workbook found, before calamine reads it.
#[derive(Debug, Default)]
pub struct OdsScan {
    /// The sheets' names, in order.
    pub names: Vec<String>,
    /// Format codes by (sheet index, row, column) of the number cells that have a number format.
    pub formats: HashMap<(usize, u32, u32), String>,
    /// The first cell holding a value beyond the rows and columns import reads, with its sheet
    /// index: a few bytes of `number-rows-repeated` ask for a billion cells, and calamine
    /// allocates every sheet's cells when it opens the file.
    pub beyond: Option<(usize, u32, u32)>,
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Scans every sheet of an ODS workbook. An unreadable file gives what was found so far:
/// calamine then reports the error.
pub fn scan(bytes: &[u8]) -> OdsScan {
    let mut result = OdsScan::default();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return result;
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return result;
    };
    let found = &mut result.formats;
    let mut reader =
        quick_xml::Reader::from_reader(BufReader::new(content.take(MAX_CONTENT_BYTES)));
    let mut buf = Vec::new();
    let mut data_styles: HashMap<String, NumberStyle> = HashMap::new();
    let mut cell_styles: HashMap<String, String> = HashMap::new();
    let mut current: Option<(String, NumberStyle)> = None;
    let mut table = 0usize;
    let (mut row, mut column) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    // A cell without a style of its own takes its column's default (LibreOffice writes a
    // column of percentages that way).
    let mut column_defaults: Vec<Option<String>> = Vec::new();
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        let (e, is_start) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                match e.name().as_ref() {
                    "number:number-style" | "number:percentage-style" => {
                        if let Some((name, style)) = current.take() {
                            data_styles.insert(name, style);
                        }
                    }
                    "table:table" => table += 1,
                    "table:table-row" => row = row.saturating_add(row_repeat),
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        match e.name().as_ref() {
            name @ ("number:number-style" | "number:percentage-style") => {
                let style = NumberStyle {
                    percent: name == "number:percentage-style",
                    ..NumberStyle::default()
                };
                if let Some(n) = attribute(e, "style:name") {
                    if is_start {
                        current = Some((n, style));
                    } else {
                        data_styles.insert(n, style);
                    }
                }
            }
            "number:number" => {
                if let Some((_, style)) = current.as_mut() {
                    style.decimals = attribute(e, "number:decimal-places")
                        .and_then(|d| d.parse().ok())
                        .unwrap_or(0)
                        .min(15);
                    style.min_decimals =
                        attribute(e, "number:min-decimal-places").and_then(|d| d.parse().ok());
                    style.grouping = attribute(e, "number:grouping").as_deref() == Some("true");
                }
            }
            "style:style" => {
                if let (Some(n), Some(data)) = (
                    attribute(e, "style:name"),
                    attribute(e, "style:data-style-name"),
                ) {
                    cell_styles.insert(n, data);
                }
            }
            "table:table" => {
                result
                    .names
                    .push(unescape(&attribute(e, "table:name").unwrap_or_default()));
                (row, column) = (0, 0);
                column_defaults.clear();
                if !is_start {
                    table += 1;
                }
            }
            "table:table-column" => {
                let style = attribute(e, "table:default-cell-style-name");
                let count = repeated(e, "table:number-columns-repeated") as usize;
                let room = (MAX_COLUMNS as usize).saturating_sub(column_defaults.len());
                column_defaults.extend(std::iter::repeat_n(style, count.min(room)));
            }
            "table:table-row" => {
                column = 0;
                row_repeat = repeated(e, "table:number-rows-repeated");
                if !is_start {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let count = repeated(e, "table:number-columns-repeated");
                let value_type = attribute(e, "office:value-type");
                let last_row = row.saturating_add(row_repeat - 1);
                let last_column = column.saturating_add(count - 1);
                if value_type.is_some() && (last_row >= MAX_ROWS || last_column >= MAX_COLUMNS) {
                    result.beyond = Some(if last_row >= MAX_ROWS {
                        (table, row.max(MAX_ROWS), column)
                    } else {
                        (table, row, column.max(MAX_COLUMNS))
                    });
                    break;
                }
                let numeric = matches!(value_type.as_deref(), Some("float" | "percentage"));
                let code = attribute(e, "table:style-name")
                    .or_else(|| column_defaults.get(column as usize).cloned().flatten())
                    .and_then(|s| cell_styles.get(&s))
                    .and_then(|d| data_styles.get(d))
                    .map(NumberStyle::code);
                // Only the sheet's extent is kept and at most MAX_FORMATTED cells, so repeats
                // of a hostile file cost little.
                if let (true, Some(code), true) = (numeric, code, found.len() < MAX_FORMATTED) {
                    for r in row..row.saturating_add(row_repeat).min(MAX_ROWS) {
                        for c in column..column.saturating_add(count).min(MAX_COLUMNS) {
                            found.insert((table, r, c), code.clone());
                        }
                    }
                }
                column = column.saturating_add(count);
            }
            _ => {}
        }
    }
    result
}
