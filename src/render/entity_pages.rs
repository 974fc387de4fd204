//! A page per entity (province) with its history, and their index in Vietnamese order.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

use super::views::{ChartView, EntitiesPage, EntityDayView, EntityLink, EntityPage};
use super::{OutputFile, Renderer, day_dir};
use crate::chart::trend_label;
use crate::error::Error;
use crate::text::slug;
use crate::vn;

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
    let status_label = decl
        .status
        .label
        .clone()
        .unwrap_or_else(|| "Trạng thái".to_owned());
    for (index, history) in histories.iter().enumerate() {
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
            status_label: status_label.clone(),
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
            trend_labels: trend_labels.clone(),
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
