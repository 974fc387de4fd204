//! Column-number relations: a column numbered `(3) = (4) + (5)` in the column-number row holds
//! the sum of columns (4) and (5) on every row. The relation is read from the schema's
//! `number:` keys, so documenting it is declaring it.

use super::{DataRow, TableContext, label, number, show, typed_decimals};
use crate::archive::Schema;
use crate::error::Report;

/// `whole = Σ sign × term`, by column index.
struct Relation {
    whole: usize,
    terms: Vec<(f64, usize)>,
    /// The relation as printed: "(3) = (4) + (5)".
    printed: String,
}

/// Checks every relation of the table's column numbers on every row.
pub fn check(ctx: &TableContext, report: &mut Report) {
    let relations = relations(ctx.schema);
    if relations.is_empty() {
        return;
    }
    for row in ctx.data() {
        for relation in &relations {
            row_relation(ctx, row, relation, report);
        }
    }
}

fn row_relation(ctx: &TableContext, row: &DataRow, relation: &Relation, report: &mut Report) {
    let involved = relation
        .terms
        .iter()
        .map(|(_, i)| *i)
        .chain([relation.whole]);
    // Sub-rows of a spanning block repeat the spanning cells: check the rest once per sub-row.
    if !row.first && involved.clone().all(|i| i < row.span_columns) {
        return;
    }
    let Some(whole) = number(&row.cells[relation.whole]) else {
        return;
    };
    let mut sum = 0.0;
    let mut decimals = typed_decimals(&row.cells[relation.whole]);
    for (sign, i) in &relation.terms {
        let Some(value) = number(&row.cells[*i]) else {
            return;
        };
        decimals = decimals.max(typed_decimals(&row.cells[*i]));
        sum += sign * value;
    }
    if (sum - whole).abs() <= 0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9 {
        return;
    }
    let column = &ctx.schema.columns[relation.whole];
    report.push(
        ctx.warning(
            row.at[relation.whole],
            format!(
                "table `{}`, {}: {} is {}, but the column numbers say {} = {}",
                ctx.id,
                ctx.row_name(row),
                label(column),
                show(whole, decimals),
                relation.printed,
                show(sum, decimals)
            ),
        )
        .expected(relation.printed.clone())
        .hint("the header's column-number row states how the columns add up: check the figures against the source")
        .rule("column_numbers"),
    );
}

/// The relations stated by the column numbers: sums and differences of columns only.
fn relations(schema: &Schema) -> Vec<Relation> {
    // A column's own label is the leading "(k)" of its number.
    let label_of = |number: &str| {
        let number = number.trim_start();
        number
            .starts_with('(')
            .then(|| number.find(')'))
            .flatten()
            .map(|close| number[..=close].to_owned())
    };
    let index_of = |wanted: &str| {
        schema
            .columns
            .iter()
            .position(|c| c.number.as_deref().and_then(label_of).as_deref() == Some(wanted))
    };
    let mut out = Vec::new();
    for (whole, column) in schema.columns.iter().enumerate() {
        let Some(printed) = &column.number else {
            continue;
        };
        // Only "(k) = …": a whole that is one column, equal to the terms.
        let Some((whole_label, expression)) = printed.split_once('=') else {
            continue;
        };
        if label_of(whole_label).as_deref() != Some(whole_label.trim()) {
            continue;
        }
        let Some(terms) = terms(expression) else {
            continue;
        };
        let indexes: Option<Vec<(f64, usize)>> = terms
            .into_iter()
            .map(|(sign, label)| index_of(&label).map(|i| (sign, i)))
            .collect();
        if let Some(terms) = indexes.filter(|t| !t.is_empty() && t.iter().all(|(_, i)| *i != whole))
        {
            out.push(Relation {
                whole,
                terms,
                printed: printed.trim().to_owned(),
            });
        }
    }
    out
}

/// `(4) + (5) - (6)` as signed column labels; `None` for anything but sums and differences.
fn terms(expression: &str) -> Option<Vec<(f64, String)>> {
    let mut out = Vec::new();
    let mut sign = 1.0;
    let mut rest = expression.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('+') {
            rest = after.trim_start();
            continue;
        }
        if let Some(after) = rest.strip_prefix(['-', '–']) {
            sign = -sign;
            rest = after.trim_start();
            continue;
        }
        let inner = rest.strip_prefix('(')?;
        let close = inner.find(')')?;
        let label = &inner[..close];
        if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push((sign, format!("({label})")));
        sign = 1.0;
        rest = inner[close + 1..].trim_start();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::terms;

    #[test]
    fn sums_and_differences_are_read_and_nothing_else() {
        assert_eq!(
            terms(" (4) + (5) - (6)"),
            Some(vec![
                (1.0, "(4)".to_owned()),
                (1.0, "(5)".to_owned()),
                (-1.0, "(6)".to_owned())
            ])
        );
        assert_eq!(terms("(4) / (3)"), None);
        assert_eq!(terms("(6) ‹ hoặc = (3)"), None);
    }
}
