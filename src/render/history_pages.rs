//! The pages that read a day against others: "so với ngày trước" (day-over-day) and the
//! editions page (every edition's permanent address and what each correction changed).

use super::views::{
    ChangeRow, ChangesPage, CorrectionView, EditionLink, EditionView, EditionsPage, RowChangeView,
    RowsView, StatusShiftView, TableChangesView,
};
use super::{OutputFile, Renderer, day_dir};
use crate::archive::{Day, Row, Schema, Table};
use crate::cell::Cell;
use crate::derive::table_diff::{Change, TableChanges};
use crate::derive::{DayChanges, DerivedDay};
use crate::error::Error;
use crate::text::slug;
use crate::vn;

/// The day-over-day page and the editions page of a day's live pages.
pub fn render_history(
    r: &Renderer,
    day: &Day,
    derived: &DerivedDay,
    changes: &DayChanges,
    nav: impl Fn(&str) -> super::views::DayNav,
    edition: &EditionView,
) -> Result<Vec<OutputFile>, Error> {
    let dir = day_dir(day.date);
    let date_text = vn::date(day.date);
    let name = &r.input.archive.publication.name;
    let changes_path = format!("{dir}changes/index.html");
    let edition_id = r.input.ids.edition_of(day);
    let meta =
        |path: &str, title: String, section| r.day_meta(day, &edition_id, path, title, section);
    let page = ChangesPage {
        page: meta(
            &changes_path,
            format!("Ngày {date_text} {} — {name}", changes.label),
            "changes",
        ),
        nav: nav("../"),
        edition: edition.clone(),
        date_text: date_text.clone(),
        label: changes.label.clone(),
        previous_href: derived
            .previous
            .map(|d| format!("../../../../{}index.html", day_dir(d))),
        gap_note: changes
            .gap_days
            .filter(|g| *g > 1)
            .map(|g| format!("{g} ngày")),
        status_counts: changes
            .status_counts
            .iter()
            .map(|(id, counts)| {
                let rows = r
                    .input
                    .archive
                    .statuses()
                    .iter()
                    .filter_map(|s| counts.get(&s.code).map(|c| change_row(&s.code, *c, 0)))
                    .collect();
                (table_title(r, day, id), rows)
            })
            .collect(),
        status_shifts: changes
            .status_shifts
            .iter()
            .map(|s| StatusShiftView {
                href: entity_href(r, &s.entity, "../../../../"),
                entity: s.entity.clone(),
                table: table_title(r, day, &s.table),
                from: (s.from.clone(), slug(&s.from)),
                to: (s.to.clone(), slug(&s.to)),
            })
            .collect(),
        tables: day
            .appendices
            .iter()
            .flat_map(|a| &a.tables)
            .filter_map(|id| Some((id, changes.tables.get(id)?)))
            .filter(|(_, c)| !c.is_empty())
            .map(|(id, c)| table_changes_view(r, day, id, c, "../appendices/index.html"))
            .collect(),
    };
    let editions_path = format!("{dir}editions/index.html");
    let editions = r.input.archive.editions_of(day.date);
    let editions_page = EditionsPage {
        page: meta(
            &editions_path,
            format!("Các bản phát hành ngày {date_text} — {name}"),
            "editions",
        ),
        nav: nav("../"),
        edition: edition.clone(),
        date_text,
        editions: editions
            .iter()
            .map(|e| EditionLink {
                number: e.edition,
                released: e.published.map(vn::date_time),
                href: format!("{}/index.html", e.edition),
                correction: e.file.correction.clone(),
                id: r.input.ids.edition(&e.text),
            })
            .collect(),
        corrections: derived
            .edition_changes
            .iter()
            .map(|c| CorrectionView {
                from: c.from,
                to: c.to,
                anchor: format!("ban-{}", c.to),
                empty: c.is_empty(),
                fields: c
                    .fields
                    .iter()
                    .map(|f| text_row(&f.label, &f.before, &f.after))
                    .collect(),
                paragraphs: c.paragraphs.clone(),
                tables: c
                    .tables
                    .iter()
                    .map(|(id, t)| {
                        table_changes_view(
                            r,
                            day,
                            id,
                            t,
                            &format!("{}/appendices/index.html", c.to),
                        )
                    })
                    .collect(),
                tables_added: c
                    .tables_added
                    .iter()
                    .map(|id| table_title(r, day, id))
                    .collect(),
                tables_removed: c
                    .tables_removed
                    .iter()
                    .map(|id| table_title(r, day, id))
                    .collect(),
            })
            .collect(),
    };
    Ok(vec![
        OutputFile {
            path: changes_path,
            bytes: r.page("changes.html", &page)?,
        },
        OutputFile {
            path: editions_path,
            bytes: r.page("editions.html", &editions_page)?,
        },
    ])
}

fn table_title(r: &Renderer, day: &Day, id: &str) -> String {
    let from_day = day.tables.get(id).and_then(|t| t.title.clone());
    let from_schema = r
        .input
        .archive
        .schemas
        .get(id)
        .and_then(|s| s.title.clone());
    let title = from_day.or(from_schema).unwrap_or_else(|| id.to_owned());
    // Titles may hold expressions ("… ngày {{ date | vn_date }}"); the id is enough to find it.
    if title.contains("{{") {
        title.split("{{").next().unwrap_or(id).trim().to_owned()
    } else {
        title
    }
}

fn table_changes_view(
    r: &Renderer,
    day: &Day,
    id: &str,
    changes: &TableChanges,
    appendices: &str,
) -> TableChangesView {
    let schema = r.input.archive.schemas.get(id);
    let label = |column: &str| {
        schema
            .and_then(|s| s.columns.iter().find(|c| c.id == column))
            .map_or(column.to_owned(), |c| c.label.clone())
    };
    let decimals = |column: &str| {
        schema
            .and_then(|s| s.columns.iter().find(|c| c.id == column))
            .and_then(|c| c.decimals)
            .unwrap_or(2)
    };
    TableChangesView {
        id: id.to_owned(),
        title: table_title(r, day, id),
        href: format!("{appendices}#bang-{id}"),
        sums: changes
            .sums
            .iter()
            .filter(|(_, c)| c.delta != 0.0)
            .map(|(column, c)| change_row(&format!("Tổng {}", label(column)), *c, decimals(column)))
            .collect(),
        added: changes.added.clone(),
        removed: changes.removed.clone(),
        added_rows: schema.and_then(|s| rows_view(s, id, &changes.added_rows, "Dòng mới")),
        removed_rows: schema
            .and_then(|s| rows_view(s, id, &changes.removed_rows, "Dòng không còn")),
        changed: changes
            .changed
            .iter()
            .map(|row| RowChangeView {
                key: row.key.clone(),
                cells: row
                    .cells
                    .iter()
                    .map(|cell| {
                        let mut shown = text_row(&cell.label, &cell.before, &cell.after);
                        if let Some(d) = cell.delta {
                            shown.delta = signed(d, decimals(&cell.column));
                            shown.direction = direction(d);
                        }
                        shown
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Whole rows under the table's headers, captioned "`what` (N)"; `None` without rows.
fn rows_view(schema: &Schema, id: &str, rows: &[Vec<Cell>], what: &str) -> Option<RowsView> {
    if rows.is_empty() {
        return None;
    }
    let rows = rows
        .iter()
        .map(|cells| Row::Data {
            cells: cells.clone(),
            span: None,
            marks: Vec::new(),
            rowspans: Vec::new(),
        })
        .collect();
    let table = Table {
        id: id.to_owned(),
        title: None,
        note: None,
        rows,
        given_total: None,
    };
    let view = super::table::table_view(schema, &table, None, None, String::new());
    Some(RowsView {
        caption: format!("{what} ({})", table.rows.len()),
        header_rows: view.header_rows,
        rows: view.rows,
    })
}

fn change_row(label: &str, change: Change, decimals: u8) -> ChangeRow {
    ChangeRow {
        label: label.to_owned(),
        before: number(change.before, decimals),
        after: number(change.after, decimals),
        delta: signed(change.delta, decimals),
        direction: direction(change.delta),
    }
}

fn text_row(label: &str, before: &str, after: &str) -> ChangeRow {
    let shown = |t: &str| {
        if t.is_empty() {
            "—".to_owned()
        } else {
            t.to_owned()
        }
    };
    ChangeRow {
        label: label.to_owned(),
        before: shown(before),
        after: shown(after),
        delta: String::new(),
        direction: "same",
    }
}

fn number(value: f64, decimals: u8) -> String {
    if value.fract() == 0.0 {
        vn::integer(value as i64)
    } else {
        vn::decimal(value, vn::natural_decimals(value).min(decimals))
    }
}

/// "+12", "−0,98", "0": the sign is always written, with a real minus sign.
fn signed(delta: f64, decimals: u8) -> String {
    let delta = (delta * 10f64.powi(i32::from(decimals))).round() / 10f64.powi(i32::from(decimals));
    let magnitude = number(delta.abs(), decimals);
    match delta {
        d if d > 0.0 => format!("+{magnitude}"),
        d if d < 0.0 => format!("−{magnitude}"),
        _ => "0".into(),
    }
}

fn direction(delta: f64) -> &'static str {
    match delta {
        d if d > 0.0 => "up",
        d if d < 0.0 => "down",
        _ => "same",
    }
}

/// The page of a declared entity, relative from a page at `root`.
pub fn entity_href(r: &Renderer, name: &str, root: &str) -> Option<String> {
    r.input.archive.publication.entity_pages.as_ref()?;
    let index = r.input.archive.entity_index.find(name)?;
    let entity = &r.input.archive.publication.entities[index];
    Some(format!("{root}entities/{}/index.html", slug(&entity.name)))
}
