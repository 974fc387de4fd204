//! Checks of one day file: its date, its tables and the references between them.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::schema::unknown_table;
use super::{Known, error_at, table};
use crate::archive::{Appendix, Day, WrittenText};
use crate::error::{Diagnostic, Report};
use crate::load::Loaded;
use crate::model::day::{DayFile, Section};
use crate::model::publication::Publication;
use crate::suggest::did_you_mean;

/// Checks one day. Problems go into `report`; `None` when the day has errors.
pub fn check_day(
    loaded: Loaded<DayFile>,
    publication: &Loaded<Publication>,
    known: &Known,
    report: &mut Report,
) -> Option<Day> {
    let (path, text, file) = (&loaded.path, &loaded.text, &loaded.value);
    let schemas = known.schemas;
    let before = report.error_count();
    // A table whose schema has errors cannot be typed; the schema's errors say why.
    let mut untyped = false;
    let date = check_date(path, text, file, report);
    let edition = crate::day_path::edition_from_path(path);
    if edition.is_none() {
        report.push(
            Diagnostic::error(path, 0, 0, "the file name is not a day or a correction").expected(
                "DD.yaml for a day's first edition, DD.2.yaml, DD.3.yaml, … for corrections",
            ),
        );
    }
    let published = super::edition::check_published(path, text, file, edition.unwrap_or(1), report);
    let mut tables = BTreeMap::new();
    for (id, day_table) in &file.tables {
        if known.broken.contains(id) {
            untyped = true;
            continue;
        }
        match schemas.get(id) {
            Some(schema) => {
                let statuses = &publication.value.statuses;
                if let Some(t) =
                    table::check_table(path, text, id, day_table, schema, statuses, report)
                {
                    tables.insert(id.clone(), t);
                }
            }
            None => {
                let ids: Vec<&str> = schemas.keys().map(String::as_str).collect();
                // The table points at its body; its id is the key above it.
                let (line, column) = super::at(day_table);
                let (line, column) =
                    super::locate::find_before(text, line, id).unwrap_or((line, column));
                let mut d =
                    Diagnostic::error(path, line, column, format!("table `{id}` has no schema"))
                        .with_source(text)
                        .expected("a schema file content/tables/<id>.yaml for every table");
                if let Some(best) = did_you_mean(id, &ids) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                report.push(d);
            }
        }
    }
    let declared = file
        .appendices
        .as_ref()
        .unwrap_or(&publication.value.appendices);
    // References into the publication file point there; references in the day file point here.
    let (ref_path, ref_text) = if file.appendices.is_some() {
        (path.as_path(), text.as_str())
    } else {
        (publication.path.as_path(), publication.text.as_str())
    };
    let mut appendices = Vec::new();
    for appendix in declared {
        for table in appendix.all_tables() {
            if !known.exists(&table.value) {
                report.push(unknown_table(ref_path, ref_text, table, schemas));
            } else if !file.tables.contains_key(&table.value) {
                report.push(
                    error_at(
                        ref_path,
                        ref_text,
                        table,
                        format!(
                            "appendix {} needs table `{}`, which {} does not give",
                            appendix.number,
                            table.value,
                            path.display()
                        ),
                    )
                    .expected(format!(
                        "`tables: {{ {}: {{ rows: … }} }}` in the day file",
                        table.value
                    ))
                    .hint(
                        "add the table to the day file, or give the day its own `appendices:` list",
                    ),
                );
            }
        }
        appendices.push(Appendix {
            number: appendix.number.clone(),
            title: appendix.title.clone(),
            tables: appendix
                .all_tables()
                .into_iter()
                .map(|t| t.value.clone())
                .collect(),
            decl: appendix.clone(),
        });
    }
    check_section_tables(path, text, &file.sections, file, report);
    check_section_charts(path, text, &file.sections, &publication.value, file, report);
    check_shown_once(path, text, &file.sections, &mut Default::default(), report);
    check_slides(path, text, file, &publication.value, report);
    if report.error_count() > before || untyped {
        return None;
    }
    Some(Day {
        date: date?,
        edition: edition?,
        published,
        source: loaded.path,
        text: loaded.text,
        digest: loaded.digest,
        file: loaded.value,
        written_texts: BTreeMap::new(),
        tables,
        appendices,
        outline: None,
        edition_id: Default::default(),
        entities: Default::default(),
    })
}

fn check_date(path: &Path, text: &str, file: &DayFile, report: &mut Report) -> Option<NaiveDate> {
    let Some(date) = NaiveDate::parse_from_str(file.date.value.trim(), "%Y-%m-%d").ok() else {
        report.push(
            error_at(
                path,
                text,
                &file.date,
                format!("`{}` is not a valid date", file.date.value),
            )
            .expected("a real date written YYYY-MM-DD, e.g. 2025-08-09"),
        );
        return None;
    };
    let expected = crate::day_path::date_from_path(path);
    if expected != Some(date) {
        let where_ = format!("content/{}.yaml", date.format("%Y/%m/%d"));
        let message = match expected {
            Some(p) => format!(
                "the date {} does not match the file's path, which says {}",
                date.format("%Y-%m-%d"),
                p.format("%Y-%m-%d")
            ),
            None => "the file's path is not a date (YYYY/MM/DD.yaml)".to_owned(),
        };
        report.push(
            error_at(path, text, &file.date, message)
                .expected("the same date as the path YYYY/MM/DD.yaml")
                .hint(format!("fix `date:`, or move the file to {where_}")),
        );
        return None;
    }
    Some(date)
}

fn check_section_tables(
    path: &Path,
    text: &str,
    sections: &[Section],
    file: &DayFile,
    report: &mut Report,
) {
    for section in sections {
        if let Some(table) = &section.table
            && !file.tables.contains_key(&table.value)
        {
            let ids: Vec<&str> = file.tables.keys().map(String::as_str).collect();
            let mut d = error_at(
                path,
                text,
                table,
                format!(
                    "section table `{}` is not in this day's tables",
                    table.value
                ),
            )
            .expected(format!("one of: {}", ids.join(", ")));
            if let Some(best) = did_you_mean(&table.value, &ids) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            report.push(d);
        }
        check_section_tables(path, text, &section.sections, file, report);
    }
}

/// Each table and chart is placed in one section: the report page anchors each by its id
/// (`#bang-…`, `#bieu-do-…`), and an id given twice breaks the links to it.
fn check_shown_once<'a>(
    path: &Path,
    text: &str,
    sections: &'a [Section],
    seen: &mut std::collections::BTreeMap<(&'static str, &'a str), u64>,
    report: &mut Report,
) {
    for section in sections {
        let placed = section
            .table
            .iter()
            .map(|t| ("table", t))
            .chain(section.charts.iter().map(|c| ("chart", c)));
        for (kind, name) in placed {
            match seen.get(&(kind, name.value.as_str())) {
                Some(line) => report.push(
                    error_at(
                        path,
                        text,
                        name,
                        format!("{kind} `{}` is already placed at line {line}", name.value),
                    )
                    .expected(format!("each {kind} placed in one section"))
                    .hint("refer to it in the text instead (\"xem bảng …\"), or remove one"),
                ),
                None => {
                    seen.insert((kind, name.value.as_str()), name.referenced.line());
                }
            }
        }
        check_shown_once(path, text, &section.sections, seen, report);
    }
}

fn check_section_charts(
    path: &Path,
    text: &str,
    sections: &[Section],
    publication: &Publication,
    file: &DayFile,
    report: &mut Report,
) {
    for section in sections {
        for chart in &section.charts {
            if !publication.charts.contains_key(&chart.value)
                && !file.charts.contains_key(&chart.value)
            {
                let names: Vec<&str> = publication
                    .charts
                    .keys()
                    .chain(file.charts.keys())
                    .map(String::as_str)
                    .collect();
                let mut d = error_at(
                    path,
                    text,
                    chart,
                    format!("unknown chart `{}`", chart.value),
                )
                .expected(format!(
                    "a chart declared under `charts:`: {}",
                    names.join(", ")
                ));
                if let Some(best) = did_you_mean(&chart.value, &names) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                report.push(d);
            }
        }
        check_section_charts(path, text, &section.sections, publication, file, report);
    }
}

/// The day's own slides refer to declared charts, the day's tables and declared statuses.
fn check_slides(
    path: &Path,
    text: &str,
    file: &DayFile,
    publication: &Publication,
    report: &mut Report,
) {
    let codes: Vec<&str> = publication
        .statuses
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    for slide in &file.slides {
        if let Some(chart) = &slide.chart
            && !publication.charts.contains_key(&chart.value)
            && !file.charts.contains_key(&chart.value)
        {
            let names: Vec<&str> = publication
                .charts
                .keys()
                .chain(file.charts.keys())
                .map(String::as_str)
                .collect();
            let mut d = error_at(
                path,
                text,
                chart,
                format!("slide chart `{}` is not declared", chart.value),
            )
            .expected(format!("a chart under `charts:`: {}", names.join(", ")));
            if let Some(best) = did_you_mean(&chart.value, &names) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            report.push(d);
        }
        if let Some(excerpt) = &slide.table
            && !file.tables.contains_key(&excerpt.table.value)
        {
            let ids: Vec<&str> = file.tables.keys().map(String::as_str).collect();
            let mut d = error_at(
                path,
                text,
                &excerpt.table,
                format!(
                    "slide table `{}` is not in this day's tables",
                    excerpt.table.value
                ),
            )
            .expected(format!("one of: {}", ids.join(", ")));
            if let Some(best) = did_you_mean(&excerpt.table.value, &ids) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            report.push(d);
        }
        for list in &slide.lists {
            if let Some(status) = &list.status
                && !codes.contains(&status.as_str())
            {
                let (line, column) = super::locate::find(text, 1, &format!("status: {status}"))
                    .map_or((0, 0), |(line, column)| (line, column + "status: ".len()));
                report.push(
                    Diagnostic::error(
                        path,
                        line,
                        column,
                        format!("slide list `{}`: unknown status `{status}`", list.label),
                    )
                    .expected(format!("one of: {}", codes.join(", ")))
                    .with_source(text),
                );
            }
        }
    }
}

/// Replaces the rows of `day`'s tables as written by the text cells the later checks read,
/// once every check of the rows themselves is done.
pub fn keep_written_texts(day: &mut Day) {
    use crate::model::cell::CellInput;
    use crate::model::day::RowItem;
    for (id, table) in &mut day.file.tables {
        let rows = std::mem::take(&mut table.value.rows);
        table.value.total = None;
        let texts = rows
            .into_iter()
            .flat_map(|item| match item.value {
                RowItem::Cells(cells) => cells,
                RowItem::Span { span, rows } => {
                    span.into_iter().chain(rows.into_iter().flatten()).collect()
                }
                RowItem::Group { .. } | RowItem::Missing { .. } => Vec::new(),
            })
            .filter_map(|cell| match cell.value {
                CellInput::Str(text) => Some(WrittenText {
                    text,
                    line: cell.referenced.line(),
                }),
                CellInput::Spanning { value, .. } => match *value {
                    CellInput::Str(text) => Some(WrittenText {
                        text,
                        line: cell.referenced.line(),
                    }),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        day.written_texts.insert(id.clone(), texts);
    }
}
