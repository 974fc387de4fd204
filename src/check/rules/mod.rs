//! The consistency rules of the publication (`rules:`): checked once for their own sense
//! ([`check_config`]), then applied to every day's tables ([`check_day_tables`]). A broken rule
//! is an error; a day that breaks a rule gets a warning.

mod config;
pub(crate) mod entities;
mod order;
mod relations;
mod rows;

use std::collections::BTreeMap;

pub use config::check_config;

use super::at;
use crate::archive::{Day, Row, Schema, Table};
use crate::cell::Cell;
use crate::error::{Diagnostic, Report};
use crate::load::Loaded;
use crate::model::Spanned;
use crate::model::cell::CellInput;
use crate::model::day::{DayTable, RowItem};
use crate::model::publication::Publication;
use crate::model::rules::TableRules;

/// Applies the table rules to every table of a checked day.
pub fn check_day_tables(
    day: &Day,
    publication: &Loaded<Publication>,
    schemas: &BTreeMap<String, Schema>,
    report: &mut Report,
) {
    let rules = &publication.value.rules;
    let names = entities::Names::new(&publication.value.entities, &rules.entity_prefixes);
    for (id, table) in &day.tables {
        let (Some(schema), Some(raw)) = (schemas.get(id), day.file.tables.get(id)) else {
            continue;
        };
        let ctx = TableContext {
            day,
            id,
            schema,
            lines: lines(raw, table),
            raw,
            publication: &publication.value,
            schemas,
            names: &names,
        };
        if let Some(table_rules) = rules.tables.get(id) {
            apply(&ctx, &table_rules.value, report);
        }
        relations::check(&ctx, report);
    }
}

fn apply(ctx: &TableContext, rules: &TableRules, report: &mut Report) {
    rows::check(ctx, rules, report);
    order::check(ctx, rules, report);
    entities::check(ctx, rules, report);
}

/// One day table with everything a rule needs to check it and to say where.
pub(super) struct TableContext<'a> {
    pub day: &'a Day,
    pub id: &'a str,
    pub schema: &'a Schema,
    pub raw: &'a Spanned<DayTable>,
    pub lines: Vec<Line<'a>>,
    pub publication: &'a Publication,
    pub schemas: &'a BTreeMap<String, Schema>,
    /// The entities' names, for matching key cells.
    pub names: &'a entities::Names<'a>,
}

impl TableContext<'_> {
    /// A warning at a place in the day file.
    pub fn warning(&self, (line, column): (usize, usize), message: String) -> Diagnostic {
        Diagnostic::warning(&self.day.source, line, column, message).with_source(&self.day.text)
    }

    /// The column's index, label and type by id.
    pub fn column(&self, id: &str) -> Option<(usize, &crate::archive::Column)> {
        let i = self.schema.column_index(id)?;
        Some((i, &self.schema.columns[i]))
    }

    /// The data rows.
    pub fn data(&self) -> impl Iterator<Item = &DataRow<'_>> {
        self.lines.iter().filter_map(|l| match l {
            Line::Data(row) => Some(row),
            _ => None,
        })
    }

    /// How a row is named in a message: its number as printed (or its position) and its entity.
    pub fn row_name(&self, row: &DataRow) -> String {
        let number = match row.cells.first() {
            Some(Cell::Integer { value, .. }) => value.to_string(),
            _ => row.number.to_string(),
        };
        let key = self
            .schema
            .key_index()
            .and_then(|k| row.cells.get(k))
            .map(|c| crate::text::strip_tags(&c.display(None)))
            .filter(|k| !k.is_empty());
        match key {
            Some(key) => format!("row {number} ({})", short(&key)),
            None => format!("row {number}"),
        }
    }
}

/// A column's name in messages: its label, with its group when the label alone is ambiguous
/// ("Tỉnh (Trực tiếp)").
pub(super) fn label(column: &crate::archive::Column) -> String {
    let label = crate::notes::take_marks(&column.label).0;
    match column.groups.last() {
        Some(group) => format!("{label} ({})", crate::notes::take_marks(group).0),
        None => label,
    }
}

/// At most 60 characters of a long cell.
fn short(text: &str) -> String {
    if text.chars().count() <= 60 {
        return text.to_owned();
    }
    let cut: String = text.chars().take(57).collect();
    format!("{}…", cut.trim_end())
}

/// A typed table row next to where it was written.
pub(super) enum Line<'a> {
    /// A data row.
    Data(DataRow<'a>),
    /// A caption row over the rows that follow.
    Group {
        caption: &'a str,
        at: (usize, usize),
    },
    /// Rows lost in the source, up to row `to`.
    Missing { to: u32 },
}

/// A data row: its typed cells and the place of each cell in the day file.
pub(super) struct DataRow<'a> {
    /// Typed cells, one per column.
    pub cells: &'a [Cell],
    /// Line and column of each cell.
    pub at: Vec<(usize, usize)>,
    /// 1-based position among the data rows, for messages.
    pub number: usize,
    /// Whether this row starts an entity (not a later sub-row of a spanning block).
    pub first: bool,
    /// How many leading cells span the block's sub-rows (0 for a plain row).
    pub span_columns: usize,
}

/// Pairs each typed row with the raw row item it came from.
fn lines<'a>(raw: &'a Spanned<DayTable>, table: &'a Table) -> Vec<Line<'a>> {
    let mut typed = table.rows.iter();
    let mut out = Vec::new();
    let mut number = 0;
    let mut data = |cells: &'a [Cell], at: Vec<(usize, usize)>, first: bool, span: usize| {
        number += 1;
        Line::Data(DataRow {
            cells,
            at,
            number,
            first,
            span_columns: span,
        })
    };
    for item in &raw.value.rows {
        match &item.value {
            RowItem::Cells(cells) => {
                if let Some(Row::Data { cells: typed, .. }) = typed.next() {
                    out.push(data(typed, written_positions(typed, cells), true, 0));
                }
            }
            RowItem::Group { text: caption, .. } => {
                typed.next();
                out.push(Line::Group {
                    caption,
                    at: at(item),
                });
            }
            RowItem::Missing { to, .. } => {
                typed.next();
                out.push(Line::Missing { to: *to });
            }
            RowItem::Span { span, rows } => {
                for (i, sub) in rows.iter().enumerate() {
                    if let Some(Row::Data { cells: typed, .. }) = typed.next() {
                        let at_cells = written_positions(typed, &[span.as_slice(), sub].concat());
                        out.push(data(typed, at_cells, i == 0, span.len()));
                    }
                }
            }
        }
    }
    out
}

/// The number a cell holds for arithmetic: a ratio as its share in percent.
pub(super) fn number(cell: &Cell) -> Option<f64> {
    cell.number()
}

/// Decimals typed in a numeric cell (0 for integers).
pub(super) fn typed_decimals(cell: &Cell) -> u8 {
    match cell {
        Cell::Decimal { decimals, .. } | Cell::Percent { decimals, .. } => *decimals,
        _ => 0,
    }
}

/// A value shown the Vietnamese way with `decimals` decimals.
pub(crate) fn show(value: f64, decimals: u8) -> String {
    if decimals == 0 && value.fract().abs() < 1e-9 {
        crate::vn::integer(value.round() as i64)
    } else {
        crate::vn::decimal(value, decimals)
    }
}

/// Where each column's cell was written: a cell spanning columns stands for each of them; a
/// column covered from a row above points at the row's first cell.
fn written_positions(typed: &[Cell], cells: &[Spanned<CellInput>]) -> Vec<(usize, usize)> {
    let row_start = cells.first().map_or((0, 0), at);
    let mut written = cells.iter().flat_map(|c| {
        let columns = match &c.value {
            CellInput::Spanning { columns, .. } => usize::from(*columns),
            _ => 1,
        };
        std::iter::repeat_n(at(c), columns)
    });
    typed
        .iter()
        .map(|cell| match cell {
            Cell::Above => row_start,
            _ => written.next().unwrap_or(row_start),
        })
        .collect()
}
