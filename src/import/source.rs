//! Reading what staff give `import`: an XLSX or ODS workbook, a CSV file, or tab-separated text
//! pasted from Excel, into one sheet of cells. Bounded: the file's size is checked before it is
//! read and the sheet's extent while it is read, so a hostile file costs little.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Ods, Reader, Xlsx};
use chrono::NaiveDate;

use crate::error::Error;
use crate::fsutil::{self, Unreadable};

/// Largest file read (a workbook of a day's tables is well under 1 MB).
pub const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;
/// Most bytes a workbook may unpack to (its XML): a zip bomb is refused before calamine, which
/// holds a sheet's XML and all its shared strings in memory, opens it.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Most rows read from a sheet: a table has tens of rows, an archive sheet a few thousand.
pub const MAX_ROWS: u32 = 10_000;
/// Most columns read from a sheet.
pub const MAX_COLUMNS: u32 = 256;

/// Where the table comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFile {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

/// One cell as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceCell {
    /// Nothing in the cell.
    Empty,
    /// Text, as typed (a number stored as text is text here).
    Text(String),
    /// A number with its number format code (`0.0%`, `#,##0`), when the file gives one.
    Number {
        /// The value.
        value: f64,
        /// The format code; `None` for General or unknown.
        format: Option<String>,
    },
    /// A date.
    Date(NaiveDate),
    /// Anything a table cell cannot take (a boolean, an error such as `#DIV/0!`, a time),
    /// described for the message.
    Unusable(String),
}

/// One sheet: its name (for `Sheet!D7`) and its cells, row by row from A1.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Sheet name, or the file name for CSV and pasted text.
    pub name: String,
    /// Rows from row 1, cells from column A.
    pub rows: Vec<Vec<SourceCell>>,
}

/// Reads the sheet named `sheet` (default: the first) of `source`.
pub fn read(source: &SourceFile, sheet: Option<&str>) -> Result<Sheet, Error> {
    let (bytes, label) = match source {
        SourceFile::Path(path) => (read_file(path)?, file_label(path)),
        SourceFile::Stdin => (read_stdin()?, "stdin".to_owned()),
    };
    let shown = match source {
        SourceFile::Path(p) => p.display().to_string(),
        SourceFile::Stdin => "standard input".to_owned(),
    };
    if bytes.starts_with(b"PK\x03\x04") {
        check_unpacked_size(&bytes, &shown)?;
        let is_ods = bytes.get(30..38) == Some(b"mimetype")
            && bytes
                .get(38..)
                .is_some_and(|m| m.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"));
        return if is_ods {
            read_ods(bytes, sheet, &shown)
        } else {
            read_xlsx(bytes, sheet, &shown)
        };
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(Error::Refused(format!(
            "{shown} is an Excel 97–2003 workbook (XLS), which import does not read: save it as XLSX (Excel Workbook) and import that"
        )));
    }
    if let Some(name) = sheet {
        return Err(Error::Refused(format!(
            "--sheet {name}: {shown} is text (CSV or tab-separated), which has no sheets"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::Refused(format!(
            "{shown} is neither an XLSX or ODS workbook nor UTF-8 text (byte {} is not UTF-8): save it as XLSX, ODS or \"CSV UTF-8\"",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    read_delimited(
        text.strip_prefix('\u{FEFF}').unwrap_or(&text),
        label,
        &shown,
    )
}

/// Refuses a workbook whose entries declare more than [`MAX_UNPACKED_BYTES`] in all.
fn check_unpacked_size(bytes: &[u8], shown: &str) -> Result<(), Error> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // calamine names the damage
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(Error::Refused(format!(
            "{shown} unpacks to {total} bytes, more than the {MAX_UNPACKED_BYTES} bytes import reads: export only the table's sheet"
        )));
    }
    Ok(())
}

fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn too_large(shown: &str, size: u64) -> Error {
    Error::Refused(format!(
        "{shown} is {size} bytes, more than the {MAX_SOURCE_BYTES} bytes import reads: export only the table's sheet"
    ))
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let shown = path.display().to_string();
    fsutil::read_limited(path, MAX_SOURCE_BYTES).map_err(|e| match e {
        Unreadable::NotAFile(kind) => Error::Refused(format!("{shown} is {kind}, not a file")),
        Unreadable::TooLarge(size) => too_large(&shown, size),
        Unreadable::Io(e) => e,
    })
}

fn read_stdin() -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", Path::new("standard input"), e))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large("standard input", bytes.len() as u64));
    }
    Ok(bytes)
}

fn unreadable(shown: &str, kind: &str, error: impl std::fmt::Display) -> Error {
    Error::Refused(format!("{shown} could not be read as {kind}: {error}"))
}

/// The sheet `wanted`, or the first one; an unknown name lists the sheets there are.
fn pick_sheet(names: Vec<String>, wanted: Option<&str>, shown: &str) -> Result<String, Error> {
    use unicode_normalization::UnicodeNormalization;
    let found = match wanted {
        None => names.first().cloned(),
        Some(w) => {
            let w: String = w.nfc().collect();
            names
                .iter()
                .find(|n| n.nfc().collect::<String>() == w)
                .cloned()
        }
    };
    found.ok_or_else(|| {
        Error::Refused(format!(
            "{shown} has no sheet {}; its sheets are: {}",
            wanted.map_or_else(|| "at all".to_owned(), |w| format!("\"{w}\"")),
            names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

fn beyond_extent(shown: &str, sheet: &str, row: u32, column: u32) -> Error {
    Error::Refused(format!(
        "{shown}: sheet \"{sheet}\" has a cell at {}, beyond the {MAX_ROWS} rows and {MAX_COLUMNS} columns import reads: copy the table to a sheet of its own",
        super::cell_name(row as usize, column as usize)
    ))
}

/// Puts `cell` at (row, column), growing the grid.
fn place(rows: &mut Vec<Vec<SourceCell>>, row: u32, column: u32, cell: SourceCell) {
    if cell == SourceCell::Empty {
        return;
    }
    let (r, c) = (row as usize, column as usize);
    if rows.len() <= r {
        rows.resize_with(r + 1, Vec::new);
    }
    if rows[r].len() <= c {
        rows[r].resize(c + 1, SourceCell::Empty);
    }
    rows[r][c] = cell;
}

fn read_xlsx(bytes: Vec<u8>, wanted: Option<&str>, shown: &str) -> Result<Sheet, Error> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(shown, "XLSX", e))?;
    let name = pick_sheet(book.sheet_names(), wanted, shown)?;
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable(shown, "XLSX", e))?;
    let mut rows = Vec::new();
    // Streamed cell by cell, so a cell placed at XFD1048576 is refused, not allocated.
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| unreadable(shown, "XLSX", e))?
    {
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(beyond_extent(shown, &name, row, column));
        }
        let format = reader
            .styles()
            .get(style)
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
            .filter(|code| !code.eq_ignore_ascii_case("general"));
        place(&mut rows, row, column, from_xlsx(cell.get_value(), format));
    }
    Ok(Sheet { name, rows })
}

fn from_xlsx(value: &DataRef<'_>, format: Option<String>) -> SourceCell {
    match value {
        DataRef::Empty => SourceCell::Empty,
        DataRef::String(s) => SourceCell::Text(s.clone()),
        DataRef::SharedString(s) => SourceCell::Text((*s).to_owned()),
        DataRef::Int(i) => SourceCell::Number {
            value: *i as f64,
            format,
        },
        DataRef::Float(f) => SourceCell::Number { value: *f, format },
        DataRef::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day)).map_or_else(
                || SourceCell::Unusable("a date out of range".into()),
                SourceCell::Date,
            )
        }
        DataRef::DateTime(_) | DataRef::DurationIso(_) => SourceCell::Unusable("a duration".into()),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::Bool(b) => {
            SourceCell::Unusable(format!("the boolean {}", if *b { "TRUE" } else { "FALSE" }))
        }
        DataRef::Error(e) => SourceCell::Unusable(format!("the error {e}")),
    }
}

fn iso_date(text: &str) -> SourceCell {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(
            || SourceCell::Unusable(format!("the date-time {text}")),
            SourceCell::Date,
        )
}

/// ODS: values from calamine, number formats read beside it (calamine gives none).
fn read_ods(bytes: Vec<u8>, wanted: Option<&str>, shown: &str) -> Result<Sheet, Error> {
    // Scanned before calamine opens the file: calamine allocates every sheet's cells at once.
    let scan = super::ods_formats::scan(&bytes);
    if let Some((sheet, row, column)) = scan.beyond {
        let name = scan.names.get(sheet).cloned().unwrap_or_default();
        return Err(beyond_extent(shown, &name, row, column));
    }
    let mut book = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(shown, "ODS", e))?;
    let names = book.sheet_names();
    let name = pick_sheet(names.clone(), wanted, shown)?;
    let index = names.iter().position(|n| *n == name).unwrap_or(0);
    let range = book
        .worksheet_range(&name)
        .map_err(|e| unreadable(shown, "ODS", e))?;
    let mut rows = Vec::new();
    if let (Some(_), Some((end_row, end_column))) = (range.start(), range.end())
        && (end_row >= MAX_ROWS || end_column >= MAX_COLUMNS)
    {
        return Err(beyond_extent(shown, &name, end_row, end_column));
    }
    for (row, column, value) in range.used_cells() {
        let (row, column) = (row as u32, column as u32);
        let start = range.start().unwrap_or((0, 0));
        let cell = match value {
            Data::Empty => SourceCell::Empty,
            Data::String(s) => SourceCell::Text(s.clone()),
            Data::Int(i) => SourceCell::Number {
                value: *i as f64,
                format: None,
            },
            Data::Float(f) => SourceCell::Number {
                value: *f,
                format: scan
                    .formats
                    .get(&(index, start.0 + row, start.1 + column))
                    .cloned(),
            },
            Data::DateTimeIso(s) => iso_date(s),
            Data::DateTime(_) | Data::DurationIso(_) => SourceCell::Unusable("a time".into()),
            Data::Bool(b) => {
                SourceCell::Unusable(format!("the boolean {}", if *b { "TRUE" } else { "FALSE" }))
            }
            Data::Error(e) => SourceCell::Unusable(format!("the error {e}")),
        };
        place(&mut rows, start.0 + row, start.1 + column, cell);
    }
    Ok(Sheet { name, rows })
}

/// CSV (comma or semicolon, as Excel writes it where the decimal mark is a comma) or the
/// tab-separated text Excel puts on the clipboard.
fn read_delimited(text: &str, name: String, shown: &str) -> Result<Sheet, Error> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') {
        b'\t'
    } else if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(shown, "CSV", e))?;
        for (column, field) in record.iter().enumerate() {
            if row >= MAX_ROWS as usize || column >= MAX_COLUMNS as usize {
                return Err(beyond_extent(shown, &name, row as u32, column as u32));
            }
            let cell = if field.trim().is_empty() {
                SourceCell::Empty
            } else {
                SourceCell::Text(field.to_owned())
            };
            place(&mut rows, row as u32, column as u32, cell);
        }
    }
    Ok(Sheet { name, rows })
}
