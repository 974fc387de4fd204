//! Typing one day table against its schema.

use std::path::Path;

use super::{at, error_at, warning_at};
use crate::archive::{Row, Schema, SpanPart, Table};
use crate::cell::{self, Cell};
use crate::error::{Diagnostic, Report};
use crate::model::Spanned;
use crate::model::cell::CellInput;
use crate::model::day::{DayTable, RowItem};
use crate::model::publication::StatusDecl;
use crate::model::schema::{ColumnType, TotalRow};
use crate::totals;

/// Types every row; `None` if any cell is wrong.
pub fn check_table(
    path: &Path,
    text: &str,
    id: &str,
    day_table: &Spanned<DayTable>,
    schema: &Schema,
    statuses: &[StatusDecl],
    report: &mut Report,
) -> Option<Table> {
    let before = report.error_count();
    let typer = Typer {
        path,
        text,
        id,
        schema,
        statuses,
    };
    let mut rows = Vec::new();
    // Rows still covered in each column by a cell spanning down from above, and where the
    // latest such cell is written.
    let mut below = vec![0usize; schema.columns.len()];
    let mut origin: Option<(usize, usize)> = None;
    for item in &day_table.value.rows {
        if !matches!(item.value, RowItem::Cells(_)) && below.iter().any(|n| *n > 0) {
            report.push(rowspan_error(
                &typer,
                origin,
                "reaches a caption, lost rows or a spanning block, not a row of cells",
            ));
            below.fill(0);
        }
        match &item.value {
            RowItem::Cells(cells) => {
                let above: Vec<bool> = below.iter().map(|n| *n > 0).collect();
                below.iter_mut().for_each(|n| *n = n.saturating_sub(1));
                if let Some(spanning) = cells
                    .iter()
                    .rfind(|c| matches!(c.value, CellInput::Spanning { rows: 2.., .. }))
                {
                    origin = Some(at(spanning));
                }
                if let Some((cells, marks, rowspans)) = typer.row(item, cells, 0, &above, report) {
                    for (column, down) in &rowspans {
                        below[*column] = down - 1;
                    }
                    rows.push(Row::Data {
                        cells,
                        span: None,
                        marks,
                        rowspans,
                    });
                }
            }
            RowItem::Group { text, level } => rows.push(Row::Group {
                text: text.clone(),
                level: *level,
            }),
            RowItem::Missing { from, to, note } => rows.push(Row::Missing {
                from: *from,
                to: *to,
                note: note.clone(),
            }),
            RowItem::Span {
                span,
                rows: sub_rows,
            } => {
                let lead = typer.row(item, span, 0, &[], report);
                for (i, sub) in sub_rows.iter().enumerate() {
                    let rest = typer.row(item, sub, span.len(), &[], report);
                    if let (Some((lead, lead_marks, _)), Some((rest, rest_marks, _))) =
                        (&lead, rest)
                    {
                        let mut cells = lead.clone();
                        cells.extend(rest);
                        let mut marks = lead_marks.clone();
                        marks.extend(rest_marks.into_iter().map(|(i, m)| (i + span.len(), m)));
                        let part = SpanPart {
                            columns: span.len(),
                            first: i == 0,
                            rows: sub_rows.len(),
                        };
                        rows.push(Row::Data {
                            cells,
                            span: Some(part),
                            marks,
                            rowspans: Vec::new(),
                        });
                    }
                }
            }
        }
    }
    if below.iter().any(|n| *n > 0) {
        report.push(rowspan_error(
            &typer,
            origin,
            "runs past the table's last row",
        ));
    }
    let given_total = typer.total(day_table, report);
    if report.error_count() > before {
        return None;
    }
    let table = Table {
        id: id.to_owned(),
        title: day_table
            .value
            .title
            .clone()
            .or_else(|| schema.title.clone()),
        note: day_table.value.note.clone(),
        rows,
        given_total,
    };
    if !sums_are_exact(&typer, day_table, &table, report) {
        return None;
    }
    compare_totals(&typer, day_table, &table, report);
    Some(table)
}

/// Sums of whole numbers are exact up to 2^53 − 1; a column whose sum goes beyond would be
/// published rounded (its total, the narrative's `sum`), so it is an error.
fn sums_are_exact(
    typer: &Typer,
    day_table: &Spanned<DayTable>,
    table: &Table,
    report: &mut Report,
) -> bool {
    let mut exact = true;
    for (i, column) in typer.schema.columns.iter().enumerate() {
        let sum: f64 = table
            .data_rows()
            .filter_map(|cells| cells.get(i).and_then(Cell::number))
            .map(f64::abs)
            .sum();
        if sum > cell::MAX_WHOLE as f64 {
            exact = false;
            report.push(
                error_at(
                    typer.path,
                    typer.text,
                    day_table,
                    format!(
                        "table `{}`: the values of `{}` add up to more than {}, beyond which sums are not exact",
                        typer.id,
                        column.label,
                        crate::vn::integer(cell::MAX_WHOLE)
                    ),
                )
                .expected("figures whose sum stays within 9.007.199.254.740.991")
                .hint("check the figures: a value this large is usually a slip"),
            );
        }
    }
    exact
}

/// Filler for the columns under a spanning total label.
static MISSING: Spanned<CellInput> = Spanned::new(
    CellInput::Null,
    crate::model::Place::UNKNOWN,
    crate::model::Place::UNKNOWN,
);

/// A cell spanning down (`rowspan`, written at `origin`) covers what it cannot.
fn rowspan_error(typer: &Typer, origin: Option<(usize, usize)>, what: &str) -> Diagnostic {
    let (line, column) = origin.unwrap_or((0, 0));
    Diagnostic::error(
        typer.path,
        line,
        column,
        format!("table `{}`: this cell spanning rows {what}", typer.id),
    )
    .expected("a `rowspan` that covers only the plain rows `[…]` after it, itself included")
    .hint("lower the `rowspan`, or write the rows it should cover after it")
    .with_source(typer.text)
}

/// A typed row, its footnote marks by column, and its cells spanning down (column, rows).
type TypedRow = (Vec<Cell>, Vec<(usize, String)>, Vec<(usize, usize)>);

/// How many columns `cells` fill: a spanning cell fills several.
fn covered_columns(cells: &[Spanned<CellInput>]) -> usize {
    cells
        .iter()
        .map(|c| match &c.value {
            CellInput::Spanning { columns, .. } => usize::from(*columns),
            _ => 1,
        })
        .sum()
}

struct Typer<'a> {
    path: &'a Path,
    text: &'a str,
    id: &'a str,
    schema: &'a Schema,
    statuses: &'a [StatusDecl],
}

impl Typer<'_> {
    /// Types `cells` as the columns starting at `offset`. For a sub-row of a span block the
    /// expected count is what remains after the spanning cells.
    fn row(
        &self,
        item: &Spanned<RowItem>,
        cells: &[Spanned<CellInput>],
        offset: usize,
        above: &[bool],
        report: &mut Report,
    ) -> Option<TypedRow> {
        let columns = &self.schema.columns;
        let covered_above = |i: usize| above.get(i).copied().unwrap_or(false);
        let expected = match &item.value {
            RowItem::Span { span, .. } if offset == 0 => span.len(),
            _ => (offset..columns.len())
                .filter(|i| !covered_above(*i))
                .count(),
        };
        let written = covered_columns(cells);
        if written != expected || offset + written > columns.len() {
            let cells_text = if written == cells.len() {
                format!("{written} cells")
            } else {
                format!("{} cells filling {written} columns", cells.len())
            };
            let (line, column) = cells.first().map_or_else(|| at(item), at);
            let labels: Vec<&str> = (offset.min(columns.len())..columns.len())
                .filter(|i| !covered_above(*i))
                .take(expected)
                .map(|i| columns[i].label.as_str())
                .collect();
            report.push(
                Diagnostic::error(
                    self.path,
                    line,
                    column,
                    format!(
                        "table `{}`: this row has {cells_text}, the table has {} columns here",
                        self.id, expected
                    ),
                )
                .expected(format!("{expected} cells: {}", labels.join(" | ")))
                .hint("write ~ for a missing value so the cells stay in their columns")
                .with_source(self.text),
            );
            return None;
        }
        let mut typed = Vec::with_capacity(written);
        let mut marks = Vec::new();
        let mut rowspans = Vec::new();
        let mut ok = true;
        let skip_above = |typed: &mut Vec<Cell>| {
            while covered_above(offset + typed.len()) {
                typed.push(Cell::Above);
            }
        };
        for raw in cells {
            skip_above(&mut typed);
            let index = offset + typed.len();
            let column = &columns[index];
            let (value, spans, down) = match &raw.value {
                CellInput::Spanning {
                    value,
                    columns,
                    rows,
                } => (value.as_ref(), usize::from(*columns), usize::from(*rows)),
                other => (other, 1, 1),
            };
            if down > 1 {
                rowspans.push((index, down));
            }
            let unmarked;
            let value = match value {
                CellInput::Str(s) if column.kind != ColumnType::Text && s.contains("[^") => {
                    let (rest, found) = crate::notes::take_marks(s);
                    marks.extend(found.into_iter().map(|m| (index, m)));
                    unmarked = CellInput::Str(rest);
                    &unmarked
                }
                other => other,
            };
            // A sentence across columns or rows is text, whatever the column holds elsewhere.
            let parsed =
                match cell::parse_with_words(value, column.kind, self.statuses, &column.words) {
                    Err(_) if spans > 1 || down > 1 => match value {
                        CellInput::Str(text) => Ok(Cell::Text { text: text.clone() }),
                        other => cell::parse(other, column.kind, self.statuses),
                    },
                    parsed => parsed,
                };
            match parsed {
                Ok(cell) => {
                    typed.push(cell);
                    typed.extend(std::iter::repeat_n(Cell::Covered, spans - 1));
                }
                Err(expected) => {
                    // Placeholders keep the next cells in their columns for their messages.
                    typed.extend(std::iter::repeat_n(Cell::Missing, spans));
                    let expected = with_typed_text(expected, self.text, raw);
                    ok = false;
                    report.push(
                        error_at(
                            self.path,
                            self.text,
                            raw,
                            format!(
                                "table `{}`, column `{}` ({}): wrong value",
                                self.id, column.id, column.label
                            ),
                        )
                        .expected(expected),
                    );
                }
            }
        }
        skip_above(&mut typed);
        ok.then_some((typed, marks, rowspans))
    }

    /// The typed totals row: columns with a rule are typed, the others are labels kept as text.
    fn total(&self, day_table: &Spanned<DayTable>, report: &mut Report) -> Option<Vec<Cell>> {
        let given = day_table.value.total.as_ref()?;
        if self.schema.total_row != TotalRow::Given {
            let (line, column) = at(day_table);
            let (line, column) = given
                .first()
                .map(at)
                .and_then(|(l, _)| super::locate::find_before(self.text, l, "total:"))
                .unwrap_or((line, column));
            report.push(
                Diagnostic::error(
                    self.path,
                    line,
                    column,
                    format!(
                        "table `{}` has a `total:` row but its schema says total_row: {:?}",
                        self.id, self.schema.total_row
                    )
                    .to_lowercase(),
                )
                .expected("`total_row: given` in the schema to type a totals row")
                .hint("remove `total:` here, or set `total_row: given` in the schema")
                .with_source(self.text),
            );
            return None;
        }
        let columns = self.schema.columns.len();
        // A shorter row puts its label over the leading columns, as printed: ["Tổng", 5107, …].
        let label_span = columns.saturating_sub(given.len()) + 1;
        if given.len() > columns || given.len() < 2 {
            let (line, column) = given.first().map_or_else(|| at(day_table), at);
            report.push(
                Diagnostic::error(
                    self.path,
                    line,
                    column,
                    format!(
                        "table `{}`: the total row has {} cells, the table has {} columns",
                        self.id,
                        given.len(),
                        columns
                    ),
                )
                .expected(format!(
                    "at most {columns} cells: a label, then the totals of the last columns"
                ))
                .with_source(self.text),
            );
            return None;
        }
        let mut cells = Vec::new();
        let placed = given
            .iter()
            .take(1)
            .chain(std::iter::repeat_n(&MISSING, label_span - 1))
            .chain(given.iter().skip(1));
        for (raw, column) in placed.zip(&self.schema.columns) {
            if column.total.is_none() {
                // Not compared with the rows, but a printed figure is published as printed.
                let typed =
                    cell::parse_with_words(&raw.value, column.kind, self.statuses, &column.words);
                cells.push(match (&raw.value, typed) {
                    (CellInput::Str(s), Err(_)) => Cell::Text { text: s.clone() },
                    (_, Ok(cell)) => cell,
                    (_, Err(_)) => Cell::Missing,
                });
                continue;
            }
            match cell::parse(&raw.value, column.kind, self.statuses) {
                Ok(cell) => cells.push(cell),
                Err(expected) => {
                    report.push(
                        error_at(
                            self.path,
                            self.text,
                            raw,
                            format!("table `{}`, total of `{}`: wrong value", self.id, column.id),
                        )
                        .expected(expected),
                    );
                    return None;
                }
            }
        }
        Some(cells)
    }
}

/// Warns where a typed total disagrees with the sum of the rows. The typed value is kept.
fn compare_totals(
    typer: &Typer,
    day_table: &Spanned<DayTable>,
    table: &Table,
    report: &mut Report,
) {
    let (Some(given), Some(raw)) = (&table.given_total, &day_table.value.total) else {
        return;
    };
    let computed = totals::computed_row(typer.schema, table);
    let label_span = typer.schema.columns.len() + 1 - raw.len();
    for (i, column) in typer.schema.columns.iter().enumerate() {
        let raw_index = if i < label_span {
            0
        } else {
            i + 1 - label_span
        };
        if column.total.is_none() || totals::agrees(&given[i], &computed[i]) {
            continue;
        }
        report.push(
            warning_at(
                typer.path,
                typer.text,
                &raw[raw_index],
                format!(
                    "table `{}`: the total of `{}` is given as {} but the rows give {}",
                    typer.id,
                    column.label,
                    given[i].display(column.decimals),
                    computed[i].display(column.decimals)
                ),
            )
            .expected("the totals row to match its rows")
            .hint("the typed total is published as written; check the source")
            .rule("totals"),
        );
    }
}

/// For an unquoted decimal, the parsed number (2.000 → 2) hides what was typed: show the text.
fn with_typed_text(expected: String, text: &str, raw: &Spanned<CellInput>) -> String {
    let CellInput::Float(value) = raw.value else {
        return expected;
    };
    let (line, column) = at(raw);
    let typed: String = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .chars()
        .skip(column.saturating_sub(1))
        .take_while(|c| !matches!(c, ',' | ']' | ' '))
        .collect();
    if typed.is_empty() {
        return expected;
    }
    expected.replace(&format!("`{value}`"), &format!("`{typed}`"))
}
