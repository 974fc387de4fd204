//! `daybrief import DATE TABLE FILE`: one table's rows from a spreadsheet (XLSX, ODS), a CSV
//! file or text pasted from Excel, into a day file. Columns are found by their header, every
//! cell is typed by its column as a day file's cell is, and only the table's `rows:` block of
//! the day file changes. Nothing is written unless asked, nor when anything is wrong.

mod header;
mod number_format;
mod ods_formats;
mod rows;
pub mod source;
mod splice;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;
use crate::load::{self, Sources};
pub use source::SourceFile;

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The content folder.
    pub content: PathBuf,
    /// The day whose file gets the rows.
    pub date: NaiveDate,
    /// The table's schema id (`phu_xanh_xa`).
    pub table: String,
    /// The spreadsheet, CSV file or standard input.
    pub source: SourceFile,
    /// The sheet to read (default: the first).
    pub sheet: Option<String>,
    /// Write the day file; otherwise only show what would change.
    pub write: bool,
}

/// What an import did or would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The day file.
    pub day_file: PathBuf,
    /// Rows imported.
    pub rows: usize,
    /// Rows of the sheet left out, and why.
    pub skipped: Vec<String>,
    /// The change to the day file, as a unified diff (empty when nothing changes).
    pub diff: String,
    /// Whether the day file was written.
    pub written: bool,
}

/// `A1`-style name of a 0-based cell position: (6, 3) → "D7".
pub fn cell_name(row: usize, column: usize) -> String {
    format!("{}{}", column_letters(column), row + 1)
}

/// Spreadsheet column letters of a 0-based index: 0 → "A", 26 → "AA".
pub fn column_letters(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// Reads the table from the source, types it, and replaces its rows in the day's file
/// (writing only with `options.write`).
pub fn import(options: &ImportOptions) -> Result<Imported, Error> {
    let loaded = load::load_all(&Sources::beside(&options.content))?;
    let Some(inputs) = loaded.inputs else {
        return Err(Error::Content(loaded.report));
    };
    let Some((_, schema)) = inputs.schemas.iter().find(|(id, _)| *id == options.table) else {
        let known: Vec<&str> = inputs.schemas.iter().map(|(id, _)| id.as_str()).collect();
        return Err(Error::Refused(format!(
            "there is no table `{}` in {}; the tables are: {}",
            options.table,
            options.content.join("tables").display(),
            known.join(", ")
        )));
    };
    let day_file = day_file(&options.content, options.date)?;
    let sheet = source::read(&options.source, options.sheet.as_deref())?;
    let schema = &schema.value;
    let source_name = match &options.source {
        SourceFile::Path(p) => p.display().to_string(),
        SourceFile::Stdin => "standard input".to_owned(),
    };
    // A sheet's text may hold anything: control and invisible characters are shown as <U+…>.
    let refused = |problems: Vec<String>| {
        let text = format!(
            "{} problem(s) in {source_name}; nothing was written:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
        Error::Refused(printable(&text))
    };
    let header = header::find(&sheet, schema, &sheet.name).map_err(|p| refused(vec![p]))?;
    let publication = &inputs.publication.value;
    let rules = publication.rules.tables.get(&options.table);
    let entities = rules
        .filter(|r| r.value.entities || r.value.all_entities)
        .map(|_| {
            crate::check::rules::entities::Names::new(
                &publication.entities,
                &publication.rules.entity_prefixes,
            )
        });
    let context = rows::RowContext {
        sheet: &sheet,
        schema,
        statuses: &publication.statuses,
        entities,
    };
    let imported = rows::read(&context, &header).map_err(refused)?;
    let before = load::read_text(&day_file)?;
    let layout = |why: String| Error::Refused(format!("{}: {why}", day_file.display()));
    let mut after =
        splice::replace_rows(&before, &options.table, &imported.yaml).map_err(layout)?;
    if let Some(total) = &imported.total {
        after = splice::replace_total(&after, &options.table, total).map_err(layout)?;
    }
    // The result must still be a day file the loader reads.
    let mut report = crate::error::Report::default();
    let _: Option<load::Loaded<crate::model::day::DayFile>> =
        load::parse_bytes(&day_file, after.as_bytes(), &mut report);
    if report.error_count() > 0 {
        return Err(Error::Content(report));
    }
    let diff = unified_diff(&day_file, &before, &after);
    let written = options.write && before != after;
    if written {
        write_replacing(&day_file, after.as_bytes())?;
    }
    Ok(Imported {
        day_file,
        rows: imported.yaml.len(),
        skipped: imported.skipped,
        diff,
        written,
    })
}

/// `text` with control characters (line ends aside) and invisible ones written `<U+0007>`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() && c != '\n') || crate::text::is_invisible(c) {
                format!("<U+{:04X}>", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The current edition's file of `date`.
fn day_file(content: &Path, date: NaiveDate) -> Result<PathBuf, Error> {
    load::day_paths(content)?
        .into_iter()
        .filter(|(d, _)| *d == date)
        .map(|(_, p)| p)
        .next_back()
        .ok_or_else(|| {
            Error::Refused(format!(
                "there is no day file for {0} in {1}; start it with `daybrief new {0} --content {1}`",
                date.format("%Y-%m-%d"),
                content.display()
            ))
        })
}

fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let name = path.display().to_string();
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&name, &name)
        .to_string()
}

/// Replaces the file through a temporary file beside it, so a failed write leaves it whole.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temporary =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io("create a file in", dir, e))?;
    temporary
        .write_all(bytes)
        .map_err(|e| Error::io("write", temporary.path(), e))?;
    temporary
        .persist(path)
        .map_err(|e| Error::io("replace", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 255), "IV1");
    }
}
