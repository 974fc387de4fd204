//! Checks of the rules themselves: every table and column they name exists and has a type the
//! rule can use. These are errors: a rule that cannot be applied would silently check nothing.

use crate::archive::Schema;
use crate::check::phrase::Phrase;
use crate::check::{Known, error_at};
use crate::error::Report;
use crate::load::Loaded;
use crate::model::Spanned;
use crate::model::publication::Publication;
use crate::model::rules::{Bound, TableRules};
use crate::model::schema::ColumnType;
use crate::suggest::did_you_mean;

const NUMBERS: &[ColumnType] = &[
    ColumnType::Integer,
    ColumnType::Decimal,
    ColumnType::Percent,
];

/// Checks `rules:` against the schemas, the statuses and the entities.
pub fn check_config(publication: &Loaded<Publication>, known: &Known, report: &mut Report) {
    let rules = &publication.value.rules;
    let (path, text) = (publication.path.as_path(), publication.text.as_str());
    for figure in &rules.figures {
        if let Err(problem) = Phrase::parse(&figure.value.text) {
            report.push(
                error_at(path, text, figure, format!("figure rule: {problem}"))
                    .expected("text with one {x}, e.g. \"hiện mới có {x}/{} xã, phường\""),
            );
        }
        if figure.value.value.trim().is_empty() {
            report.push(
                error_at(path, text, figure, "figure rule: `value` is empty")
                    .expected("an expression such as tables.phu_xanh_xa.sum.xanh"),
            );
        }
    }
    if let Some(words) = &rules.appendix_citations
        && words.trim().is_empty()
    {
        report.push(
            crate::error::Diagnostic::error(path, 0, 0, "`appendix_citations` is empty")
                .expected("the words that cite an appendix, e.g. \"Phụ lục\""),
        );
    }
    for (id, table_rules) in &rules.tables {
        if known.broken.contains(id) {
            continue;
        }
        let Some(schema) = known.schemas.get(id) else {
            let ids: Vec<&str> = known.schemas.keys().map(String::as_str).collect();
            // The rules point at their body; the table id is the key above it.
            let (line, column) = crate::check::at(table_rules);
            let (line, column) = crate::check::locate::find_before(text, line, &format!("{id}:"))
                .unwrap_or((line, column));
            let mut d = crate::error::Diagnostic::error(
                path,
                line,
                column,
                format!("rules for unknown table `{id}`"),
            )
            .with_source(text)
            .expected("a table with a schema in content/tables/");
            if let Some(best) = did_you_mean(id, &ids) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            report.push(d);
            continue;
        };
        let checker = Checker {
            path,
            text,
            id,
            schema,
            publication: &publication.value,
            known,
        };
        checker.table(table_rules, report);
    }
}

struct Checker<'a> {
    path: &'a std::path::Path,
    text: &'a str,
    id: &'a str,
    schema: &'a Schema,
    publication: &'a Publication,
    known: &'a Known<'a>,
}

impl Checker<'_> {
    fn table(&self, rules: &Spanned<TableRules>, report: &mut Report) {
        let r = &rules.value;
        if r.entities || r.all_entities {
            if self.schema.key_index().is_none() {
                report.push(
                    error_at(
                        self.path,
                        self.text,
                        rules,
                        format!("rules for `{}`: entity rules need a key column", self.id),
                    )
                    .expected("`key: true` on the entity column of the schema"),
                );
            }
            if self.publication.entities.is_empty() {
                report.push(
                    error_at(
                        self.path,
                        self.text,
                        rules,
                        format!(
                            "rules for `{}`: entity rules need `entities:` in the publication",
                            self.id
                        ),
                    )
                    .expected("entities: [{ name, aliases, tile }]"),
                );
            }
        }
        if let Some(column) = &r.numbered {
            self.column(column, &[ColumnType::Integer], "row numbers", report);
        }
        for column in &r.unique {
            self.column(column, &[], "", report);
        }
        if let Some(phrase) = &r.group_count
            && let Err(problem) = Phrase::parse(&phrase.value)
        {
            report.push(
                error_at(
                    self.path,
                    self.text,
                    phrase,
                    format!("group_count: {problem}"),
                )
                .expected("text with one {x}, e.g. \"({x} nhiệm vụ)\""),
            );
        }
        for rule in &r.parts {
            for part in &rule.value.parts {
                self.column(part, NUMBERS, "a part", report);
            }
            self.column(&rule.value.whole, NUMBERS, "a whole", report);
        }
        for rule in &r.percents {
            self.column(
                &rule.value.column,
                &[ColumnType::Percent, ColumnType::Decimal],
                "a percentage",
                report,
            );
            self.column(&rule.value.ratio.0, NUMBERS, "a numerator", report);
            self.column(&rule.value.ratio.1, NUMBERS, "a denominator", report);
        }
        for column in &r.ratios {
            self.column(column, &[ColumnType::Ratio], "a ratio", report);
        }
        for rule in &r.ranges {
            self.column(&rule.value.column, NUMBERS, "a bounded value", report);
            for bound in [&rule.value.min, &rule.value.max].into_iter().flatten() {
                if let Bound::Column(id) = bound
                    && self.schema.column_index(id).is_none()
                {
                    let spanned = Spanned::new(id.clone(), rule.referenced, rule.defined);
                    self.column(&spanned, NUMBERS, "a bound", report);
                }
            }
            if rule.value.min.is_none() && rule.value.max.is_none() {
                report.push(
                    error_at(
                        self.path,
                        self.text,
                        rule,
                        "a range needs `min:`, `max:` or both",
                    )
                    .expected("{ column: <id>, min: 0, max: <number or column> }"),
                );
            }
        }
        for rule in &r.statuses {
            self.column(
                &rule.value.column,
                &[ColumnType::Status],
                "a status",
                report,
            );
            let mut from_types = NUMBERS.to_vec();
            from_types.push(ColumnType::Ratio);
            self.column(
                &rule.value.from,
                &from_types,
                "the value a status follows",
                report,
            );
            let codes: Vec<&str> = self
                .publication
                .statuses
                .iter()
                .map(|s| s.code.as_str())
                .collect();
            for level in &rule.value.levels {
                for code in &level.status {
                    if !codes.contains(&code.as_str()) {
                        let (line, column) = crate::check::at(rule);
                        let (line, column) = crate::check::locate::find(self.text, line, code)
                            .unwrap_or((line, column));
                        report.push(
                            crate::error::Diagnostic::error(
                                self.path,
                                line,
                                column,
                                format!("status rule: unknown status `{code}`"),
                            )
                            .with_source(self.text)
                            .expected(if codes.is_empty() {
                                let at = crate::check::locate::find(self.text, 1, "statuses:")
                                    .map_or(String::new(), |(l, _)| format!(" (line {l})"));
                                format!("a declared status, but `statuses:`{at} declares none")
                            } else {
                                format!("one of: {}", codes.join(", "))
                            }),
                        );
                    }
                }
            }
            if rule
                .value
                .levels
                .windows(2)
                .any(|pair| pair[0].min <= pair[1].min)
            {
                report.push(
                    error_at(self.path, self.text, rule, "status levels must go from the highest `min` to the lowest")
                        .expected("levels: [{ min: 100, … }, { min: 50, … }, { min: 0, … }]")
                        .hint("the first level whose `min` the value reaches applies, so a lower level first would hide the others"),
                );
            }
            if rule.value.levels.is_empty() {
                report.push(
                    error_at(self.path, self.text, rule, "a status rule needs `levels:`").expected(
                        "levels: [{ min: 100, status: [XANH] }, { min: 0, status: [VÀNG, ĐỎ] }]",
                    ),
                );
            }
        }
        if let Some(sorted) = &r.sorted {
            self.column(&sorted.value.by, &[], "", report);
        }
        for rule in &r.same_as {
            let mut types = NUMBERS.to_vec();
            types.push(ColumnType::Ratio);
            self.column(&rule.value.column, &types, "a compared value", report);
            let other_id = &rule.value.table;
            match self.known.schemas.get(&other_id.value) {
                Some(other) => {
                    let other_checker = Checker {
                        schema: other,
                        id: &other_id.value,
                        ..*self
                    };
                    other_checker.column(&rule.value.other, &types, "a compared value", report);
                    if other.key_index().is_none() || self.schema.key_index().is_none() {
                        report.push(
                            error_at(
                                self.path,
                                self.text,
                                other_id,
                                "`same_as` matches rows by entity: both tables need a key column",
                            )
                            .expected("`key: true` on the entity column of both schemas"),
                        );
                    }
                }
                None if self.known.broken.contains(&other_id.value) => {}
                None => {
                    let ids: Vec<&str> = self.known.schemas.keys().map(String::as_str).collect();
                    let mut d = error_at(
                        self.path,
                        self.text,
                        other_id,
                        format!("unknown table `{}`", other_id.value),
                    )
                    .expected("a table with a schema in content/tables/");
                    if let Some(best) = did_you_mean(&other_id.value, &ids) {
                        d = d.hint(format!("did you mean `{best}`?"));
                    }
                    report.push(d);
                }
            }
        }
    }

    /// The column exists and, when `allowed` is not empty, has one of those types.
    fn column(
        &self,
        field: &Spanned<String>,
        allowed: &[ColumnType],
        what: &str,
        report: &mut Report,
    ) {
        let ids: Vec<&str> = self.schema.columns.iter().map(|c| c.id.as_str()).collect();
        match self.schema.columns.iter().find(|c| c.id == field.value) {
            None => {
                let mut d = error_at(
                    self.path,
                    self.text,
                    field,
                    format!(
                        "rules for `{}`: table `{}` has no column `{}`",
                        self.id, self.id, field.value
                    ),
                )
                .expected(format!("one of: {}", ids.join(", ")));
                if let Some(best) = did_you_mean(&field.value, &ids) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                report.push(d);
            }
            Some(c) if !allowed.is_empty() && !allowed.contains(&c.kind) => report.push(
                error_at(
                    self.path,
                    self.text,
                    field,
                    format!(
                        "rules for `{}`: column `{}` is of type {}, which cannot be used as {what}",
                        self.id,
                        field.value,
                        c.kind.name()
                    ),
                )
                .expected(format!(
                    "a column of type {}",
                    allowed
                        .iter()
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            ),
            Some(_) => {}
        }
    }
}
