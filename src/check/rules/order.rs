//! Rules about the rows as a list: numbering, duplicates, order, and group captions that count
//! their rows.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{DataRow, Line, TableContext, number, show};
use crate::cell::Cell;
use crate::check::phrase::Phrase;
use crate::error::Report;
use crate::model::rules::TableRules;

/// Applies the list rules of one table.
pub fn check(ctx: &TableContext, rules: &TableRules, report: &mut Report) {
    if let Some(column) = &rules.numbered {
        numbered(ctx, &column.value, report);
    }
    if !rules.unique.is_empty() {
        let ids: Vec<&str> = rules.unique.iter().map(|c| c.value.as_str()).collect();
        unique(ctx, &ids, report);
    }
    if let Some(sorted) = &rules.sorted {
        order(ctx, &sorted.value.by.value, sorted.value.descending, report);
    }
    if let Some(phrase) = &rules.group_count
        && let Ok(phrase) = Phrase::parse(&phrase.value)
    {
        group_counts(ctx, &phrase, report);
    }
}

/// Rows numbered 1, 2, 3 …; rows lost in the source keep their numbers, a row whose number the
/// source lost (`~`) takes its place in the count, and the numbering may start again at 1
/// under each group caption. After a wrong number the count goes on from the last right one,
/// so one slip gives one finding.
fn numbered(ctx: &TableContext, id: &str, report: &mut Report) {
    let Some((i, column)) = ctx.column(id) else {
        return;
    };
    let mut expected: i64 = 1;
    let mut after_group = false;
    for (at, line) in ctx.lines.iter().enumerate() {
        let row = match line {
            Line::Missing { to } => {
                expected = i64::from(*to) + 1;
                continue;
            }
            Line::Group { .. } => {
                after_group = true;
                continue;
            }
            Line::Data(row) if row.first => row,
            Line::Data(_) => continue,
        };
        let restart = std::mem::take(&mut after_group);
        let value = match row.cells[i] {
            Cell::Integer { value, .. } => value,
            Cell::Missing => {
                expected += 1;
                continue;
            }
            _ => continue,
        };
        // A 1 under a caption starts the count again when the group goes on with 2 (or ends).
        let restarts = restart && value == 1 && next_number(ctx, i, at).is_none_or(|n| n == 2);
        if value == expected || restarts {
            expected = value + 1;
            continue;
        }
        let what = if value > expected {
            let skipped = if value == expected + 1 {
                format!("{expected} is skipped")
            } else {
                format!("{expected}–{} are skipped", value - 1)
            };
            format!("row numbered {value} where {expected} was expected: {skipped}")
        } else {
            format!("row numbered {value} where {expected} was expected")
        };
        report.push(
            ctx.warning(row.at[i], format!("table `{}`, {}: {what}", ctx.id, super::label(column)))
                .expected(format!("row number {expected}"))
                .hint("rows are numbered 1, 2, 3 …; rows lost in the source are declared with `missing_rows`")
                .rule("numbered"),
        );
        expected = value.max(expected) + 1;
    }
}

/// The number of the next numbered row of the same group after line `at`, if any.
fn next_number(ctx: &TableContext, column: usize, at: usize) -> Option<i64> {
    for line in &ctx.lines[at + 1..] {
        match line {
            Line::Group { .. } | Line::Missing { .. } => return None,
            Line::Data(row) if row.first => {
                if let Cell::Integer { value, .. } = row.cells[column] {
                    return Some(value);
                }
            }
            Line::Data(_) => {}
        }
    }
    None
}

/// No two rows with the same values in `ids`.
fn unique(ctx: &TableContext, ids: &[&str], report: &mut Report) {
    let columns: Vec<usize> = ids
        .iter()
        .filter_map(|id| ctx.column(id))
        .map(|(i, _)| i)
        .collect();
    if columns.len() != ids.len() {
        return;
    }
    let mut seen: BTreeMap<Vec<String>, &DataRow> = BTreeMap::new();
    for row in ctx.data() {
        // Sub-rows of a block repeat the spanning cells.
        if !row.first && columns.iter().all(|c| *c < row.span_columns) {
            continue;
        }
        let key: Vec<String> = columns.iter().map(|c| normalised(&row.cells[*c])).collect();
        if key.iter().all(String::is_empty) {
            continue;
        }
        match seen.get(&key) {
            Some(first) => {
                let labels: Vec<String> = columns
                    .iter()
                    .map(|c| super::label(&ctx.schema.columns[*c]))
                    .collect();
                report.push(
                    ctx.warning(
                        row.at[columns[0]],
                        format!(
                            "table `{}`: {} repeats {} (same {})",
                            ctx.id,
                            ctx.row_name(row),
                            ctx.row_name(first),
                            labels.join(", ")
                        ),
                    )
                    .expected(format!(
                        "each row once; the first is on line {}",
                        first.at[columns[0]].0
                    ))
                    .hint("remove the repeated row if the source repeats it by mistake")
                    .rule("unique"),
                );
            }
            None => {
                seen.insert(key, row);
            }
        }
    }
}

/// Text compared without markup, case or spacing differences.
fn normalised(cell: &Cell) -> String {
    let text = crate::text::strip_tags(&cell.display(None));
    text.trim_end_matches(['.', ',', ';'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Rows in the declared order; the order starts again under each group caption.
fn order(ctx: &TableContext, by: &str, descending: bool, report: &mut Report) {
    let Some((i, column)) = ctx.column(by) else {
        return;
    };
    let mut previous: Option<(SortKey, &DataRow)> = None;
    let mut first_slip: Option<(&DataRow, &DataRow)> = None;
    let mut slips = 0;
    for line in &ctx.lines {
        let row = match line {
            Line::Data(row) if row.first => row,
            Line::Data(_) | Line::Missing { .. } => continue,
            Line::Group { .. } => {
                previous = None;
                continue;
            }
        };
        let Some(key) = SortKey::of(&row.cells[i], ctx.names) else {
            continue;
        };
        if let Some((before, before_row)) = &previous {
            let ordering = key.compare(before);
            let wrong = if descending {
                ordering == Ordering::Greater
            } else {
                ordering == Ordering::Less
            };
            if wrong {
                slips += 1;
                first_slip.get_or_insert((row, before_row));
            }
        }
        previous = Some((key, row));
    }
    let Some((row, before)) = first_slip else {
        return;
    };
    let key = ctx.schema.key_index();
    let name = |row: &DataRow| {
        if key == Some(i) {
            ctx.row_name(row)
        } else {
            format!("{}, {},", ctx.row_name(row), row.cells[i].display(None))
        }
    };
    let direction = if descending {
        "largest first"
    } else {
        "smallest first"
    };
    let more = if slips > 1 {
        format!(" ({slips} rows are out of order)")
    } else {
        String::new()
    };
    report.push(
        ctx.warning(
            row.at[i],
            format!(
                "table `{}` is not sorted by {} ({direction}): {} comes after {}{more}",
                ctx.id,
                super::label(column),
                name(row),
                name(before).trim_end_matches(','),
            ),
        )
        .expected(format!("rows sorted by {}, {direction}", super::label(column)))
        .hint("the publication declares this order: check whether a row was moved or a value mistyped")
        .rule("sorted"),
    );
}

/// How a cell sorts: numbers by value, names alphabetically without diacritics or prefixes.
enum SortKey {
    Number(f64),
    Text(String),
}

impl SortKey {
    fn of(cell: &Cell, names: &super::entities::Names) -> Option<SortKey> {
        match cell {
            Cell::Missing => None,
            Cell::Text { text } => Some(SortKey::Text(crate::text::fold(
                &names.canonical(&crate::text::strip_tags(text)),
            ))),
            Cell::Status { code, .. } => Some(SortKey::Text(code.clone())),
            Cell::Date { date } => Some(SortKey::Number(
                chrono::Datelike::num_days_from_ce(date) as f64
            )),
            other => number(other).map(SortKey::Number),
        }
    }

    fn compare(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Number(a), SortKey::Number(b)) => a.total_cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            _ => Ordering::Equal,
        }
    }
}

/// Captions such as "I.2 Nhóm II … (2 nhiệm vụ)" state how many rows follow them.
fn group_counts(ctx: &TableContext, phrase: &Phrase, report: &mut Report) {
    let mut groups: Vec<(&str, (usize, usize), usize)> = Vec::new();
    for line in &ctx.lines {
        match line {
            Line::Group { caption, at } => groups.push((caption, *at, 0)),
            Line::Data(row) if row.first => {
                if let Some(group) = groups.last_mut() {
                    group.2 += 1;
                }
            }
            _ => {}
        }
    }
    for (caption, at, rows) in groups {
        let Some(figure) = phrase.find_all(caption).into_iter().next() else {
            continue;
        };
        if (figure.value - rows as f64).abs() < 1e-9 {
            continue;
        }
        report.push(
            ctx.warning(
                at,
                format!(
                    "table `{}`: the group \"{}\" says {}, but {} row{} follow{} it",
                    ctx.id,
                    super::short(caption),
                    figure.typed,
                    show(rows as f64, 0),
                    if rows == 1 { "" } else { "s" },
                    if rows == 1 { "s" } else { "" }
                ),
            )
            .expected(format!("{rows}, the rows under this caption"))
            .hint("a row may be missing, or the caption's count is wrong: check the source")
            .rule("group_count"),
        );
    }
}
