//! The sheet's rows under the header, typed by their columns exactly as a day file's cells are,
//! and written as YAML rows.

use unicode_normalization::UnicodeNormalization;

use super::cell_name;
use super::header::{Header, fold_header};
use super::number_format::number_text;
use super::source::{Sheet, SourceCell};
use crate::cell::{self, Cell};
use crate::check::rules::entities::Names;
use crate::model::cell::CellInput;
use crate::model::publication::StatusDecl;
use crate::model::schema::{ColumnType, TableSchema, TotalKeyword, TotalRow, TotalRule};

/// What the rows are checked against.
pub struct RowContext<'a> {
    /// The sheet.
    pub sheet: &'a Sheet,
    /// The table's schema.
    pub schema: &'a TableSchema,
    /// The publication's statuses (for status columns).
    pub statuses: &'a [StatusDecl],
    /// The declared entities, when the table's rules ask key cells to name one.
    pub entities: Option<Names<'a>>,
}

/// The rows read, and what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRows {
    /// One YAML flow sequence per row: `[1, "Cao Bằng", 56, "100"]`.
    pub yaml: Vec<String>,
    /// Rows left out and why: "row 40 of Phụ lục 4: the totals row, …".
    pub skipped: Vec<String>,
    /// The sheet's totals row as a day file's `total:` (only for `total_row: given`):
    /// `["Tổng", 15, 45, 60]`, the label over the leading columns.
    pub total: Option<String>,
}

struct Typed {
    row: usize,
    cells: Vec<Cell>,
}

/// Reads every row under `header`. All problems are gathered: `Err` lists them all.
pub fn read(ctx: &RowContext, header: &Header) -> Result<ImportedRows, Vec<String>> {
    let mut problems = Vec::new();
    let mut typed: Vec<Typed> = Vec::new();
    let mut yaml = Vec::new();
    let mut skipped = Vec::new();
    let mut totals: Option<Typed> = None;
    let mut total_yaml: Option<String> = None;
    let mut seen_entities: Vec<(usize, usize)> = Vec::new();
    let key = ctx
        .schema
        .columns
        .iter()
        .map(|c| &c.value)
        .position(|c| c.key);
    for (r, row) in ctx.sheet.rows.iter().enumerate().skip(header.last_row + 1) {
        let texts: Vec<Result<Option<String>, String>> = header
            .columns
            .iter()
            .map(|&c| cell_text(row.get(c).unwrap_or(&SourceCell::Empty)))
            .collect();
        if texts.iter().all(|t| matches!(t, Ok(None))) {
            continue;
        }
        let present: Vec<&str> = texts
            .iter()
            .filter_map(|t| t.as_ref().ok()?.as_deref())
            .collect();
        if present.iter().all(|t| is_column_number(t)) {
            skipped.push(format!("{}: the column numbers", row_name(ctx, r)));
            continue;
        }
        let is_totals =
            ctx.schema
                .columns
                .iter()
                .map(|c| &c.value)
                .zip(&texts)
                .any(|(column, text)| {
                    column.kind == ColumnType::Text
                        && matches!(text, Ok(Some(t)) if is_total_label(t, &ctx.schema.total_label))
                });
        if !is_totals
            && let Some(k) = key
            && let Ok(Some(name)) = &texts[k]
        {
            let at = format!("{}!{}", ctx.sheet.name, cell_name(r, header.columns[k]));
            check_entity(ctx, &at, name, r, &mut seen_entities, &mut problems);
        }
        let mut cells = Vec::new();
        let mut written = Vec::new();
        for ((column, &c), text) in ctx
            .schema
            .columns
            .iter()
            .map(|c| &c.value)
            .zip(&header.columns)
            .zip(texts)
        {
            let at = format!("{}!{}", ctx.sheet.name, cell_name(r, c));
            let text = match text {
                Ok(text) => text,
                Err(found) => {
                    problems.push(format!(
                        "{at}: expected {}, found {found}",
                        expected(column.kind)
                    ));
                    continue;
                }
            };
            if let Some(bad) = text
                .as_deref()
                .and_then(|t| t.chars().find(|c| crate::yaml::is_forbidden(*c)))
            {
                problems.push(format!(
                    "{at}: the control character U+{:04X} has no place in a table; expected text without it",
                    bad as u32
                ));
                continue;
            }
            let input = text.clone().map_or(CellInput::Null, CellInput::Str);
            match cell::parse_with_words(&input, column.kind, ctx.statuses, &column.words) {
                Ok(typed_cell) => {
                    written.push(yaml_scalar(&typed_cell, text.as_deref()));
                    cells.push(typed_cell);
                }
                Err(message) => problems.push(format!("{at}: {message}")),
            }
        }
        if cells.len() != ctx.schema.columns.len() {
            continue;
        }
        if is_totals {
            total_yaml = Some(total_line(ctx, &cells, &written));
            totals = Some(Typed { row: r, cells });
            continue;
        }
        yaml.push(format!("[{}]", written.join(", ")));
        typed.push(Typed { row: r, cells });
    }
    let given = ctx.schema.total_row == TotalRow::Given;
    if let (true, Some(totals)) = (given, &totals) {
        // A typed total is published as written; `daybrief check` compares it with the rows.
        skipped.push(format!(
            "{}: the totals row, written as `total:`",
            row_name(ctx, totals.row)
        ));
    }
    // Rows with problems are not summed: their totals would only repeat them.
    if let Some(totals) = totals.filter(|_| problems.is_empty() && !given) {
        let before = problems.len();
        check_totals(ctx, header, &typed, &totals, &mut problems);
        if problems.len() == before {
            skipped.push(format!(
                "{}: the totals row, equal to the sum of the rows (the table computes its own)",
                row_name(ctx, totals.row)
            ));
        }
    }
    if yaml.is_empty() && problems.is_empty() {
        problems.push(format!(
            "{}: no rows under the header (row {}); expected the table's rows there",
            ctx.sheet.name,
            header.last_row + 1
        ));
    }
    if problems.is_empty() {
        Ok(ImportedRows {
            yaml,
            skipped,
            total: total_yaml.filter(|_| given),
        })
    } else {
        Err(problems)
    }
}

/// A key cell must name a declared entity, each once (when the table's rules ask for it).
fn check_entity(
    ctx: &RowContext,
    at: &str,
    name: &str,
    row: usize,
    seen: &mut Vec<(usize, usize)>,
    problems: &mut Vec<String>,
) {
    let Some(names) = &ctx.entities else {
        return;
    };
    // A name holding a control character is reported as such, once, by the cell's check.
    if name.chars().any(crate::yaml::is_forbidden) {
        return;
    }
    match names.find(name) {
        None => problems.push(format!(
            "{at}: \"{name}\" is not a declared entity; expected a name or alias listed under `entities:` in the publication"
        )),
        Some(entity) => match seen.iter().find(|(e, _)| *e == entity) {
            Some((_, first)) => problems.push(format!(
                "{at}: \"{name}\" names the same entity as row {}; expected each entity once",
                first + 1
            )),
            None => seen.push((entity, row)),
        },
    }
}

/// The sheet's totals row as `total:`: its label, over the label's column and those before
/// it, then the cells of the columns after.
fn total_line(ctx: &RowContext, cells: &[Cell], written: &[String]) -> String {
    let label_at = ctx
        .schema
        .columns
        .iter()
        .zip(cells)
        .position(|(c, cell)| {
            c.value.kind == ColumnType::Text
                && is_total_label(&cell.display(None), &ctx.schema.total_label)
        })
        .unwrap_or(0);
    let label = quoted(
        &cells
            .get(label_at)
            .map(|c| c.display(None))
            .unwrap_or_default(),
    );
    let values = written.get(label_at + 1..).unwrap_or_default().join(", ");
    if values.is_empty() {
        format!("[{label}]")
    } else {
        format!("[{label}, {values}]")
    }
}

fn row_name(ctx: &RowContext, row: usize) -> String {
    format!("row {} of {}", row + 1, ctx.sheet.name)
}

/// The cell as text; `Ok(None)` when empty, `Err` describing what a table cannot take.
fn cell_text(cell: &SourceCell) -> Result<Option<String>, String> {
    Ok(match cell {
        SourceCell::Empty => None,
        SourceCell::Text(t) if t.trim().is_empty() => None,
        SourceCell::Text(t) => Some(t.trim().nfc().collect()),
        SourceCell::Number { value, format } => Some(number_text(*value, format.as_deref())),
        SourceCell::Date(d) => Some(d.format("%-d/%-m/%Y").to_string()),
        SourceCell::Unusable(what) => return Err(what.clone()),
    })
}

fn expected(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Text => "text",
        ColumnType::Integer => "a whole number such as 3321 or \"3.321\"",
        ColumnType::Decimal => "a number such as \"62,6\"",
        ColumnType::Percent => "a percentage such as \"73,54%\"",
        ColumnType::Ratio => "a ratio such as \"17/17\" or \"8/102 (7,8%)\"",
        ColumnType::Status => "a status",
        ColumnType::Date => "a date such as \"30/7/2025\"",
    }
}

/// "(1)", "(2)": the column-number row under a header.
fn is_column_number(text: &str) -> bool {
    text.strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn is_total_label(text: &str, label: &str) -> bool {
    let folded = fold_header(text);
    folded == fold_header(label) || folded == "tong" || folded == "tong cong"
}

/// A row's cell as YAML: whole numbers bare, as a day file has them; everything else as the
/// text the sheet shows, quoted, so it is typed by its column exactly as typed text is.
fn yaml_scalar(cell: &Cell, text: Option<&str>) -> String {
    match (cell, text) {
        (Cell::Integer { value, digits: 0 }, _) => value.to_string(),
        (_, None) => "~".to_owned(),
        (_, Some(text)) => quoted(text),
    }
}

/// A YAML double-quoted scalar.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// The sheet's totals row is checked against the rows' sum, column by column where the schema
/// sums; the table computes its own totals, so the row itself is not written.
fn check_totals(
    ctx: &RowContext,
    header: &Header,
    rows: &[Typed],
    totals: &Typed,
    problems: &mut Vec<String>,
) {
    for (i, column) in ctx.schema.columns.iter().map(|c| &c.value).enumerate() {
        if column.total != Some(TotalRule::Keyword(TotalKeyword::Sum)) {
            continue;
        }
        let Some(stated) = totals.cells[i].number() else {
            continue;
        };
        let sum: f64 = rows.iter().filter_map(|r| r.cells[i].number()).sum();
        let decimals = match &totals.cells[i] {
            Cell::Decimal { decimals, .. } | Cell::Percent { decimals, .. } => *decimals,
            _ => 0,
        };
        let (stated_text, sum_text) = (
            crate::vn::decimal(stated, decimals),
            crate::vn::decimal(sum, decimals),
        );
        if stated_text != sum_text {
            problems.push(format!(
                "{}!{}: the totals row says {stated_text}, but the rows above sum to {sum_text}; expected the sum",
                ctx.sheet.name,
                cell_name(totals.row, header.columns[i])
            ));
        }
    }
}
