//! Checks of chart declarations against the table schemas: every named table and column
//! exists and has a type the chart kind can plot.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Known, error_at};
use crate::error::Report;
use crate::model::Spanned;
use crate::model::chart::{ChartDecl, ChartKind};
use crate::model::schema::ColumnType;
use crate::suggest::did_you_mean;

/// The largest threshold a chart draws: beyond it a line is no longer a place on the axis.
const MAX_THRESHOLD: f64 = 1e12;

/// Checks every chart of a `charts:` map.
pub fn check_charts(
    path: &Path,
    text: &str,
    charts: &BTreeMap<String, Spanned<ChartDecl>>,
    known: &Known,
    has_entities: bool,
    report: &mut Report,
) {
    for (name, decl) in charts {
        let c = &decl.value;
        if !crate::load::is_plain_name(name) {
            // The declaration points at its body; the name is the key above it.
            let (line, column) = super::at(decl);
            let (line, column) =
                super::locate::find_before(text, line, name).unwrap_or((line, column));
            report.push(
                crate::error::Diagnostic::error(
                    path,
                    line,
                    column,
                    format!("chart name `{name}` is not a plain name"),
                )
                .with_source(text)
                .expected("letters, digits, `-` and `_`: the name is used as the chart's file name")
                .hint("rename the chart, e.g. `ty_le_truc_tuyen`"),
            );
            continue;
        }
        if known.broken.contains(&c.table.value) {
            continue;
        }
        let Some(schema) = known.schemas.get(&c.table.value) else {
            let ids: Vec<&str> = known.schemas.keys().map(String::as_str).collect();
            let mut d = error_at(
                path,
                text,
                &c.table,
                format!("chart `{name}`: unknown table `{}`", c.table.value),
            )
            .expected("a table with a schema in content/tables/");
            if let Some(best) = did_you_mean(&c.table.value, &ids) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            report.push(d);
            continue;
        };
        let column = |field: &Spanned<String>,
                      allowed: &[ColumnType],
                      what: &str,
                      report: &mut Report| {
            let ids: Vec<&str> = schema.columns.iter().map(|c| c.id.as_str()).collect();
            match schema.columns.iter().find(|col| col.id == field.value) {
                None => {
                    let mut d = error_at(path, text, field, format!("chart `{name}`: table `{}` has no column `{}`", c.table.value, field.value))
                        .expected(format!("one of: {}", ids.join(", ")));
                    if let Some(best) = did_you_mean(&field.value, &ids) {
                        d = d.hint(format!("did you mean `{best}`?"));
                    }
                    report.push(d);
                }
                Some(col) if !allowed.contains(&col.kind) => report.push(
                    error_at(path, text, field, format!("chart `{name}`: column `{}` is of type {}, which cannot be used as {what}", field.value, col.kind.name()))
                        .expected(format!("a column of type {}", allowed.iter().map(|t| t.name()).collect::<Vec<_>>().join(" or "))),
                ),
                Some(_) => {}
            }
        };
        const NUMBER: &[ColumnType] = &[
            ColumnType::Integer,
            ColumnType::Decimal,
            ColumnType::Percent,
            ColumnType::Ratio,
        ];
        if let Some(label) = &c.label {
            column(label, &[ColumnType::Text], "labels", report);
        } else if schema.key_index().is_none() && c.kind != ChartKind::StatusSummary {
            report.push(
                error_at(
                    path,
                    text,
                    &c.table,
                    format!(
                        "chart `{name}`: table `{}` has no key column for labels",
                        c.table.value
                    ),
                )
                .expected(
                    "`label: <column>` in the chart, or `key: true` on a column of the table",
                ),
            );
        }
        for col in &c.columns {
            column(col, NUMBER, "a value", report);
        }
        for col in c.value.iter().chain(&c.of) {
            column(col, NUMBER, "a value", report);
        }
        if let Some(status) = &c.status {
            column(status, &[ColumnType::Status], "a status", report);
        }
        if let Some(sort) = &c.sort {
            column(&sort.by, NUMBER, "a sort key", report);
        }
        let needs = match c.kind {
            ChartKind::StatusSummary => c.status.is_none().then_some("`status: <status column>`"),
            ChartKind::StackedBars | ChartKind::GroupedBars => c
                .columns
                .is_empty()
                .then_some("`columns: [<value columns>]`"),
            ChartKind::ThresholdBars | ChartKind::TimeSeries => {
                c.value.is_none().then_some("`value: <column>`")
            }
            ChartKind::TileMap => {
                (c.value.is_none() && c.status.is_none()).then_some("`value:` or `status:`")
            }
        };
        if let Some(needs) = needs {
            report.push(
                error_at(
                    path,
                    text,
                    decl,
                    format!("chart `{name}`: this kind of chart needs {needs}"),
                )
                .expected(needs),
            );
        }
        if let Some(bad) = c
            .thresholds
            .iter()
            .find(|t| !t.is_finite() || t.abs() > MAX_THRESHOLD)
        {
            report.push(
                error_at(
                    path,
                    text,
                    decl,
                    format!("chart `{name}`: the threshold {bad:e} cannot be drawn"),
                )
                .expected("thresholds between -1.000.000.000.000 and 1.000.000.000.000, in the value column's unit"),
            );
        }
        if c.kind == ChartKind::TileMap && !has_entities {
            report.push(error_at(path, text, decl, format!("chart `{name}`: a tile map needs `entities:` with tile positions in the publication")).expected("entities: [{ name, aliases, tile: [row, column] }]"));
        }
    }
}
