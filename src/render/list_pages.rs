//! The home page and the archive calendar.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::views::{
    ArchivePage, CalendarDay, DaySummary, IndexPage, MonthView, PageMeta, YearView,
};
use super::{OutputFile, Renderer, day_dir};
use crate::archive::Day;
use crate::error::Error;
use crate::vn;

/// How many briefings the home page lists.
const RECENT: usize = 10;

pub fn render_lists(r: &Renderer) -> Result<Vec<OutputFile>, Error> {
    let archive = r.input.archive;
    let publication = archive.publication.name.clone();
    let home = IndexPage {
        page: PageMeta {
            root: String::new(),
            title: publication.clone(),
            publication: publication.clone(),
            section: "home",
        },
        latest: archive.days.last().map(|d| summary(d, "")),
        recent: archive
            .days
            .iter()
            .rev()
            .take(RECENT)
            .map(|d| summary(d, ""))
            .collect(),
    };
    let archive_page = ArchivePage {
        page: PageMeta {
            root: "../".into(),
            title: format!("Lưu trữ — {publication}"),
            publication,
            section: "archive",
        },
        years: years(r, "../"),
        weekdays: vn::WEEKDAYS.to_vec(),
    };
    Ok(vec![
        OutputFile {
            path: "index.html".into(),
            bytes: r.page("index.html", &home)?,
        },
        OutputFile {
            path: "archive/index.html".into(),
            bytes: r.page("archive.html", &archive_page)?,
        },
    ])
}

/// A briefing in a list, with links relative to `root`.
pub fn summary(day: &Day, root: &str) -> DaySummary {
    let dir = day_dir(day.date);
    DaySummary {
        date_text: vn::date(day.date),
        date_long: vn::date_long(day.date),
        number: day.file.number.clone(),
        title: day.file.title.clone(),
        report: format!("{root}{dir}index.html"),
        appendices: format!("{root}{dir}appendices/index.html"),
        appendix_count: day.appendices.len(),
    }
}

fn years(r: &Renderer, root: &str) -> Vec<YearView> {
    let by_date: BTreeMap<NaiveDate, &Day> =
        r.input.archive.days.iter().map(|d| (d.date, d)).collect();
    let mut years: Vec<YearView> = Vec::new();
    for month in r.input.derived.calendar.iter().rev() {
        let view = MonthView {
            label: vn::month(month.year, month.month),
            anchor: format!("thang-{}-{:02}", month.year, month.month),
            weeks: month
                .weeks
                .iter()
                .map(|week| {
                    week.iter()
                        .map(|slot| {
                            let date = slot
                                .and_then(|d| NaiveDate::from_ymd_opt(month.year, month.month, d));
                            CalendarDay {
                                day: *slot,
                                href: date
                                    .filter(|d| by_date.contains_key(d))
                                    .map(|d| format!("{root}{}index.html", day_dir(d))),
                                label: date.map(vn::date_long).unwrap_or_default(),
                            }
                        })
                        .collect()
                })
                .collect(),
            briefings: month
                .briefing_days
                .iter()
                .filter_map(|d| NaiveDate::from_ymd_opt(month.year, month.month, *d))
                .filter_map(|d| by_date.get(&d))
                .map(|d| summary(d, root))
                .collect(),
        };
        match years.last_mut() {
            Some(y) if y.year == month.year => y.months.push(view),
            _ => years.push(YearView {
                year: month.year,
                months: vec![view],
            }),
        }
    }
    years
}
