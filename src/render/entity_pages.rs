//! A page per entity (province) with its history, and their index in Vietnamese order.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

use super::views::{ChartView, EntitiesPage, EntityDayView, EntityLink, EntityPage};
use super::{OutputFile, Renderer, day_dir};
use crate::chart::trend_label;
use crate::derive::entities::EntityHistory;
use crate::error::Error;
use crate::text::slug;
use crate::vn;
use rayon::prelude::*;

/// Entity pages, their trend charts and the index; nothing without `entity_pages`.
pub fn render_entities(r: &Renderer) -> Result<Vec<OutputFile>, Error> {
    let archive = r.input.archive;
    let Some(decl) = &archive.publication.entity_pages else {
        return Ok(Vec::new());
    };
    let histories = &r.input.derived.entities;
    let mut files = Vec::new();
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
    };
    // Each entity's page is its own: rendered in parallel, gathered in entity order (so the
    // first error reported is always the same one).
    let pages: Vec<Result<Vec<OutputFile>, Error>> = histories
        .par_iter()
        .enumerate()
        .map(|(index, history)| entity_page(r, &labels, index, history))
        .collect();
    for page in pages {
        files.extend(page?);
    }
    let mut entities: Vec<EntityLink> = histories
        .iter()
        .map(|h| {
            let latest = h.days.iter().rev().find(|d| d.status.is_some());
            EntityLink {
                name: h.name.clone(),
                href: format!("{}/index.html", h.slug),
                status: latest
                    .and_then(|d| d.status.as_ref())
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
    files.push(OutputFile {
        path: "entities/index.html".into(),
        bytes: r.page("entities.html", &index)?,
    });
    Ok(files)
}

/// What every entity page shows the same.
struct Labels<'a> {
    decl: &'a crate::model::publication::EntityPagesDecl,
    trends: &'a [String],
    status: &'a str,
}

/// One entity's page and its trend charts.
fn entity_page(
    r: &Renderer,
    labels: &Labels,
    index: usize,
    history: &EntityHistory,
) -> Result<Vec<OutputFile>, Error> {
    let archive = r.input.archive;
    let (decl, trend_labels) = (labels.decl, labels.trends);
    let mut files = Vec::new();
    let dir = format!("entities/{}/", history.slug);
    let path = format!("{dir}index.html");
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
        files.push(OutputFile {
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
        days: history
            .days
            .iter()
            .rev()
            .map(|d| EntityDayView {
                date_text: vn::date(d.date),
                href: format!("../../{}index.html", day_dir(d.date)),
                status: d
                    .status
                    .as_ref()
                    .map(|(code, label)| (label.clone(), slug(code))),
                values: d
                    .trends
                    .iter()
                    .map(|v| {
                        v.map(|v| vn::decimal(v, vn::natural_decimals(v).min(2)))
                            .unwrap_or_default()
                    })
                    .collect(),
            })
            .collect(),
    };
    files.push(OutputFile {
        path,
        bytes: r.page("entity.html", &view)?,
    });
    Ok(files)
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
