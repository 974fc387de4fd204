//! A page per entity (province) with its latest year's history, a page per earlier year, and
//! their index in Vietnamese order.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::Datelike;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

use super::views::{ChartView, EntitiesPage, EntityDayView, EntityLink, EntityPage, LinkView};
use super::years::{Made, YearFiles};
use super::{OutputFile, Renderer, day_dir, root_from};
use crate::chart::trend_label;
use crate::derive::entities::{EntityDay, EntityHistory};
use crate::error::Error;
use crate::text::slug;
use crate::vn;
use rayon::prelude::*;

/// Entity pages, their trend charts, their earlier years' pages and the index; nothing without
/// `entity_pages`. A year's page is a year file ([`super::years`]): kept while the year's key
/// (`year_keys`) is the one `previous` made it from, so adding a day makes only the entities'
/// own pages again.
pub fn render_entities(
    r: &Renderer,
    year_keys: &BTreeMap<i32, String>,
    previous: Option<&YearFiles>,
) -> Result<Made, Error> {
    let archive = r.input.archive;
    let Some(decl) = &archive.publication.entity_pages else {
        return Ok(Made::default());
    };
    let histories = &r.input.derived.entities;
    let mut made = Made::default();
    let trend_labels: Vec<String> = decl
        .trends
        .iter()
        .map(|t| trend_label(archive, t))
        .collect();
    let status_label = decl.status.label.as_deref().unwrap_or("Trạng thái");
    let labels = Labels {
        decl,
        trends: &trend_labels,
        status: status_label,
        latest: archive.days.last().map(|d| d.date.year()),
        year_keys,
        previous,
    };
    // Each entity's page is its own: rendered in parallel, gathered in entity order (so the
    // first error reported is always the same one).
    let pages: Vec<Result<Made, Error>> = histories
        .par_iter()
        .enumerate()
        .map(|(index, history)| entity_page(r, &labels, index, history))
        .collect();
    for page in pages {
        made.extend(page?);
    }
    let mut entities: Vec<EntityLink> = histories
        .iter()
        .map(|h| {
            let latest = h.days.iter().rev().find(|d| d.status.is_some());
            EntityLink {
                name: h.name.clone(),
                href: format!("{}/index.html", h.slug),
                status: latest
                    .and_then(|d| d.status.as_deref())
                    .map(|(code, label)| (label.clone(), slug(code))),
                date_text: latest.map(|d| vn::date(d.date)).unwrap_or_default(),
            }
        })
        .collect();
    let collator = vietnamese_collator();
    entities.sort_by(|a, b| compare(collator.as_ref(), &a.name, &b.name));
    let index = EntitiesPage {
        page: r.meta(
            "entities/index.html",
            format!("{} — {}", decl.title, archive.publication.name),
            "entities",
        ),
        heading: decl.title.clone(),
        entities,
    };
    made.files.push(OutputFile {
        path: "entities/index.html".into(),
        bytes: r.page("entities.html", &index)?,
    });
    Ok(made)
}

/// What every entity page shows the same.
struct Labels<'a> {
    decl: &'a crate::model::publication::EntityPagesDecl,
    trends: &'a [String],
    status: &'a str,
    /// The year of the newest briefing: the one an entity's page shows.
    latest: Option<i32>,
    year_keys: &'a BTreeMap<i32, String>,
    previous: Option<&'a YearFiles>,
}

/// One entity's page and its trend charts, and its pages of earlier years.
fn entity_page(
    r: &Renderer,
    labels: &Labels,
    index: usize,
    history: &EntityHistory,
) -> Result<Made, Error> {
    let archive = r.input.archive;
    let (decl, trend_labels) = (labels.decl, labels.trends);
    let mut made = Made::default();
    let dir = format!("entities/{}/", history.slug);
    let path = format!("{dir}index.html");
    let mut by_year: BTreeMap<i32, Vec<&EntityDay>> = BTreeMap::new();
    for day in &history.days {
        by_year.entry(day.date.year()).or_default().push(day);
    }
    let latest = labels.latest.unwrap_or_default();
    let current = by_year.remove(&latest).unwrap_or_default();
    for (year, days) in &by_year {
        let path = format!("{dir}{year}/index.html");
        let key = labels.year_keys.get(year).map_or("", String::as_str);
        made.year_file(labels.previous, path.clone(), key, || {
            year_page(r, labels, history, &path, *year, days)
        })?;
    }
    let mut trends = Vec::new();
    for (i, drawn) in r
        .input
        .charts
        .entities
        .get(index)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let name = format!("xu-huong-{}", i + 1);
        made.files.push(OutputFile {
            path: format!("{dir}{name}.svg"),
            bytes: drawn.svg.clone().into_bytes(),
        });
        trends.push(ChartView {
            name: name.clone(),
            title: format!("{} — {}", history.name, trend_labels[i]),
            desc: drawn.desc.clone(),
            src: format!("{name}.svg"),
            table_href: "#lich-su".into(),
        });
    }
    let view = EntityPage {
        page: r.meta(
            &path,
            format!("{} — {}", history.name, archive.publication.name),
            "entities",
        ),
        name: history.name.clone(),
        heading: history.name.clone(),
        up: vec![link("../index.html", decl.title.clone())],
        year: latest.to_string(),
        years: (by_year.keys().rev())
            .map(|year| link(&format!("{year}/index.html"), format!("Năm {year}")))
            .collect(),
        aliases: history.aliases.clone(),
        status_label: labels.status.to_owned(),
        trends,
        notes: decl
            .notes
            .iter()
            .zip(&history.notes)
            .filter_map(|(column, note)| {
                let (date, text) = note.as_ref()?;
                Some((trend_label(archive, column), vn::date(*date), text.clone()))
            })
            .collect(),
        trend_labels: trend_labels.to_vec(),
        days: rows(&current, &path),
    };
    made.files.push(OutputFile {
        path,
        bytes: r.page("entity.html", &view)?,
    });
    Ok(made)
}

/// An entity's history of one earlier year. It carries its own id (`ident::page_id`), not the
/// build's, so that its bytes change only with its year's days.
fn year_page(
    r: &Renderer,
    labels: &Labels,
    history: &EntityHistory,
    path: &str,
    year: i32,
    days: &[&EntityDay],
) -> Result<Vec<u8>, Error> {
    let archive = r.input.archive;
    let heading = format!("{} — năm {year}", history.name);
    let mut page = r.meta(
        path,
        format!("{heading} — {}", archive.publication.name),
        "entities",
    );
    page.id = crate::ident::PAGE_ID_PLACEHOLDER.into();
    let view = EntityPage {
        page,
        name: history.name.clone(),
        heading,
        up: vec![
            link("../../index.html", labels.decl.title.clone()),
            link("../index.html", history.name.clone()),
        ],
        year: year.to_string(),
        years: Vec::new(),
        aliases: Vec::new(),
        status_label: labels.status.to_owned(),
        trends: Vec::new(),
        notes: Vec::new(),
        trend_labels: labels.trends.to_vec(),
        days: rows(days, path),
    };
    Ok(crate::ident::page_id(&r.page("entity.html", &view)?))
}

/// The history table's rows, newest first, linked from the page at `path`.
fn rows(days: &[&EntityDay], path: &str) -> Vec<EntityDayView> {
    let root = root_from(path);
    days.iter()
        .rev()
        .map(|d| EntityDayView {
            date_text: vn::date(d.date),
            href: format!("{root}{}index.html", day_dir(d.date)),
            status: (d.status.as_deref()).map(|(code, label)| (label.clone(), slug(code))),
            values: (d.trends.iter())
                .map(|v| {
                    v.map(|v| vn::decimal(v, vn::natural_decimals(v).min(2)))
                        .unwrap_or_default()
                })
                .collect(),
        })
        .collect()
}

fn link(href: &str, label: String) -> LinkView {
    LinkView {
        href: href.to_owned(),
        label,
    }
}

/// The Vietnamese collation of CLDR (ICU's compiled data; no files at run time).
pub fn vietnamese_collator() -> Option<CollatorBorrowed<'static>> {
    Collator::try_new(locale!("vi").into(), CollatorOptions::default()).ok()
}

/// Vietnamese order; code-point order only if the collator could not be built.
pub fn compare(collator: Option<&CollatorBorrowed<'static>>, a: &str, b: &str) -> Ordering {
    match collator {
        Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
        None => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_sort_in_vietnamese_order() {
        let collator = vietnamese_collator();
        let mut names = vec![
            "Đà Nẵng",
            "Cao Bằng",
            "Bắc Ninh",
            "Cà Mau",
            "An Giang",
            "Điện Biên",
            "Đắk Lắk",
            "Đồng Nai",
            "Gia Lai",
            "Cần Thơ",
        ];
        names.sort_by(|a, b| compare(collator.as_ref(), a, b));
        assert_eq!(
            names,
            [
                "An Giang",
                "Bắc Ninh",
                "Cà Mau",
                "Cao Bằng",
                "Cần Thơ",
                "Đà Nẵng",
                "Đắk Lắk",
                "Điện Biên",
                "Đồng Nai",
                "Gia Lai"
            ]
        );
    }
}
