//! Rules checked row by row: parts add up to the whole, percentages equal their ratio, ratios
//! make sense, values stay in range, statuses follow their value, and a figure equals the same
//! entity's figure in another table.

use std::collections::BTreeMap;

use super::{DataRow, TableContext, label, number, show, typed_decimals};
use crate::cell::Cell;
use crate::error::Report;
use crate::model::rules::{Bound, PercentRule, RangeRule, SameAsRule, StatusRule, TableRules};

/// Applies the row rules of one table.
pub fn check(ctx: &TableContext, rules: &TableRules, report: &mut Report) {
    for row in ctx.data() {
        for rule in &rules.parts {
            let ids: Vec<&str> = rule.value.parts.iter().map(|p| p.value.as_str()).collect();
            parts(ctx, row, &ids, &rule.value.whole.value, report);
        }
        for rule in &rules.percents {
            percent(ctx, row, &rule.value, report);
        }
        for column in &rules.ratios {
            ratio(ctx, row, &column.value, report);
        }
        for rule in &rules.ranges {
            range(ctx, row, &rule.value, report);
        }
        for rule in &rules.statuses {
            status(ctx, row, &rule.value, report);
        }
    }
    for rule in &rules.same_as {
        same_as(ctx, &rule.value, report);
    }
}

/// Spanning cells repeat in every sub-row; a rule on them is checked once per block.
fn applies(row: &DataRow, columns: &[usize]) -> bool {
    row.first || columns.iter().any(|c| *c >= row.span_columns)
}

fn parts(ctx: &TableContext, row: &DataRow, ids: &[&str], whole: &str, report: &mut Report) {
    let Some((w, whole_column)) = ctx.column(whole) else {
        return;
    };
    let mut indexes = Vec::new();
    let mut sum = 0.0;
    let mut decimals = typed_decimals(&row.cells[w]);
    for id in ids {
        let Some((i, _)) = ctx.column(id) else {
            return;
        };
        let Some(value) = number(&row.cells[i]) else {
            return;
        };
        decimals = decimals.max(typed_decimals(&row.cells[i]));
        sum += value;
        indexes.push(i);
    }
    indexes.push(w);
    let Some(total) = number(&row.cells[w]) else {
        return;
    };
    if !applies(row, &indexes) || (sum - total).abs() <= 0.5 * 10f64.powi(-i32::from(decimals)) {
        return;
    }
    let labels: Vec<String> = ids
        .iter()
        .filter_map(|id| ctx.column(id).map(|(_, c)| label(c)))
        .collect();
    report.push(
        ctx.warning(
            row.at[w],
            format!(
                "table `{}`, {}: {} = {}, but {} is {}",
                ctx.id,
                ctx.row_name(row),
                labels.join(" + "),
                show(sum, decimals),
                label(whole_column),
                show(total, decimals)
            ),
        )
        .expected(format!("{} = {}", label(whole_column), labels.join(" + ")))
        .hint("the parts must add up to the whole: check the figures against the source")
        .rule("parts"),
    );
}

fn percent(ctx: &TableContext, row: &DataRow, rule: &PercentRule, report: &mut Report) {
    let (Some((p, column)), Some((n, num_col)), Some((d, den_col))) = (
        ctx.column(&rule.column.value),
        ctx.column(&rule.ratio.0.value),
        ctx.column(&rule.ratio.1.value),
    ) else {
        return;
    };
    let (Some(typed), Some(num), Some(den)) = (
        number(&row.cells[p]),
        number(&row.cells[n]),
        number(&row.cells[d]),
    ) else {
        return;
    };
    if den == 0.0 || !applies(row, &[p, n, d]) {
        return;
    }
    let decimals = typed_decimals(&row.cells[p]);
    let exact = num / den * 100.0;
    if (typed - exact).abs() <= 0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9 {
        return;
    }
    report.push(
        ctx.warning(
            row.at[p],
            format!(
                "table `{}`, {}: {} is {}, but {} / {} = {} / {} = {}%",
                ctx.id,
                ctx.row_name(row),
                label(column),
                row.cells[p].display(None),
                label(num_col),
                label(den_col),
                show(num, 0),
                show(den, 0),
                show(exact, decimals.max(2))
            ),
        )
        .expected(format!(
            "{} = {} / {} × 100, rounded to the decimals typed",
            label(column),
            label(num_col),
            label(den_col)
        ))
        .hint("a percentage must equal its ratio: check the figures against the source")
        .rule("percents"),
    );
}

fn ratio(ctx: &TableContext, row: &DataRow, id: &str, report: &mut Report) {
    let Some((i, column)) = ctx.column(id) else {
        return;
    };
    let Cell::Ratio {
        numerator,
        denominator,
        share,
    } = &row.cells[i]
    else {
        return;
    };
    let (n, d) = (*numerator, *denominator);
    let problem = if d <= 0 {
        Some(format!("the denominator of {n}/{d} is not positive"))
    } else if n < 0 {
        Some(format!("{n}/{d}: the numerator is negative"))
    } else if n > d {
        Some(format!(
            "{n}/{d}: the numerator is larger than the denominator"
        ))
    } else {
        share.and_then(|(value, decimals)| {
            let exact = n as f64 / d as f64 * 100.0;
            let off = (value - exact).abs() > 0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9;
            off.then(|| {
                format!(
                    "{} is printed, but {n}/{d} = {}%",
                    row.cells[i].display(None),
                    show(exact, decimals.max(2))
                )
            })
        })
    };
    if let Some(problem) = problem {
        report.push(
            ctx.warning(
                row.at[i],
                format!(
                    "table `{}`, {}, {}: {problem}",
                    ctx.id,
                    ctx.row_name(row),
                    label(column)
                ),
            )
            .expected("0 ≤ numerator ≤ denominator, and the share in parentheses = numerator / denominator, rounded")
            .hint("check the figures against the source")
            .rule("ratios"),
        );
    }
}

fn range(ctx: &TableContext, row: &DataRow, rule: &RangeRule, report: &mut Report) {
    let Some((i, column)) = ctx.column(&rule.column.value) else {
        return;
    };
    let Some(value) = number(&row.cells[i]) else {
        return;
    };
    let bound = |b: &Option<Bound>| -> Option<(f64, String, Option<usize>)> {
        match b.as_ref()? {
            Bound::Number(n) => Some((*n, show(*n, crate::vn::natural_decimals(*n)), None)),
            Bound::Column(id) => {
                let (j, c) = ctx.column(id)?;
                let v = number(&row.cells[j])?;
                Some((
                    v,
                    format!("{} {}", label(c), row.cells[j].display(None)),
                    Some(j),
                ))
            }
        }
    };
    let low = bound(&rule.min).filter(|(min, _, _)| value < *min - 1e-9);
    let high = bound(&rule.max).filter(|(max, _, _)| value > *max + 1e-9);
    let Some((_, limit, other)) = low.as_ref().or(high.as_ref()) else {
        return;
    };
    let mut columns = vec![i];
    columns.extend(other);
    if !applies(row, &columns) {
        return;
    }
    let relation = if low.is_some() {
        "below its minimum"
    } else {
        "above its maximum"
    };
    report.push(
        ctx.warning(
            row.at[i],
            format!(
                "table `{}`, {}: {} is {}, {relation} {limit}",
                ctx.id,
                ctx.row_name(row),
                label(column),
                row.cells[i].display(None)
            ),
        )
        .expected(format!("{} within its declared range", label(column)))
        .hint("a count cannot be negative or larger than its total: check the source")
        .rule("ranges"),
    );
}

fn status(ctx: &TableContext, row: &DataRow, rule: &StatusRule, report: &mut Report) {
    let (Some((s, column)), Some((v, from))) =
        (ctx.column(&rule.column.value), ctx.column(&rule.from.value))
    else {
        return;
    };
    let (Some(code), Some(value)) = (row.cells[s].status(), number(&row.cells[v])) else {
        return;
    };
    let Some(level) = rule.levels.iter().find(|l| value + 1e-9 >= l.min) else {
        return;
    };
    if level.status.iter().any(|allowed| allowed == code) || !applies(row, &[s, v]) {
        return;
    }
    report.push(
        ctx.warning(
            row.at[s],
            format!(
                "table `{}`, {}: {} is {code}, but {} {} calls for {}",
                ctx.id,
                ctx.row_name(row),
                label(column),
                label(from),
                row.cells[v].display(None),
                level.status.join(" or ")
            ),
        )
        .expected(format!(
            "{}: {} is {}%, in the rule's level from {}",
            level.status.join(" or "),
            label(from),
            show(value, 2),
            show(level.min, crate::vn::natural_decimals(level.min))
        ))
        .hint("the status must follow the declared rule: check the status and the value against the source")
        .rule("statuses"),
    );
}

fn same_as(ctx: &TableContext, rule: &SameAsRule, report: &mut Report) {
    let (Some((i, column)), Some(other_schema), Some(other_table)) = (
        ctx.column(&rule.column.value),
        ctx.schemas.get(&rule.table.value),
        ctx.day.tables.get(&rule.table.value),
    ) else {
        return;
    };
    let (Some(j), Some(other_key), Some(key)) = (
        other_schema.column_index(&rule.other.value),
        other_schema.key_index(),
        ctx.schema.key_index(),
    ) else {
        return;
    };
    let entities = &ctx.publication.entities;
    let mut theirs: BTreeMap<usize, &Cell> = BTreeMap::new();
    for cells in other_table.entity_rows() {
        let name = cells[other_key].display(None);
        if let Some(e) = ctx.names.find(&name) {
            theirs.insert(e, &cells[j]);
        }
    }
    let other_label = label(&other_schema.columns[j]);
    // A spanning block repeats its entity: one finding per entity is enough.
    let mut reported = std::collections::BTreeSet::new();
    for row in ctx.data() {
        let name = row.cells[key].display(None);
        let Some(entity) = ctx.names.find(&name) else {
            continue;
        };
        if reported.contains(&entity) {
            continue;
        }
        let (Some(mine), Some(their)) = (
            count_of(&row.cells[i]),
            theirs.get(&entity).and_then(|c| count_of(c)),
        ) else {
            continue;
        };
        if (mine - their).abs() < 1e-9 {
            continue;
        }
        reported.insert(entity);
        report.push(
            ctx.warning(
                row.at[i],
                format!(
                    "table `{}`, {}: {} counts {} here, but table `{}` gives {} {}",
                    ctx.id,
                    ctx.row_name(row),
                    label(column),
                    show(mine, 0),
                    rule.table.value,
                    other_label,
                    show(their, 0)
                ),
            )
            .expected(format!(
                "the same figure as `{}.{}` for {}",
                rule.table.value, rule.other.value, entities[entity].name
            ))
            .hint("the same entity's figure must agree between tables of one day")
            .rule("same_as"),
        );
    }
}

/// The figure compared by `same_as`: a ratio's denominator (its total), or a number.
fn count_of(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Ratio { denominator, .. } => Some(*denominator as f64),
        other => number(other),
    }
}
