//! The home page, the archive (all years, each year, each month) and the "latest" address.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::views::{
    ArchivePage, CalendarDay, DaySummary, IndexPage, LinkView, MonthView, YearView,
};
use super::years::{self, Made, YearFiles};
use super::{FileRecord, OutputFile, Renderer, day_dir};
use crate::archive::Day;
use crate::derive::{DerivedDay, Month};
use crate::error::Error;
use crate::text::slug;
use crate::vn;

/// How many briefings the home page lists.
const RECENT: usize = 10;

/// The home page, the archive's pages and the "latest" address. A year's page and a month's
/// are made from that period's days alone (each carries its own id): kept as they are while
/// the period's days and their units' keys (`unit_keys`, in archive order) stay as they were
/// in the previous build's `before` ([`years`]), so adding a day makes its year's and month's.
pub fn render_lists(
    r: &Renderer,
    unit_keys: &[String],
    before: Option<&YearFiles>,
) -> Result<Made, Error> {
    let archive = r.input.archive;
    let publication = archive.publication.name.clone();
    let derived: BTreeMap<NaiveDate, &DerivedDay> =
        r.input.derived.days.iter().map(|d| (d.date, d)).collect();
    let summary = |day: &Day, root: &str| summary(r, day, derived.get(&day.date).copied(), root);
    let home = IndexPage {
        page: r.meta("index.html", publication.clone(), "home"),
        latest: archive.days.last().map(|d| summary(d, "")),
        recent: archive
            .days
            .iter()
            .rev()
            .take(RECENT)
            .map(|d| summary(d, ""))
            .collect(),
    };
    let mut made = Made::default();
    made.files.push(OutputFile {
        path: "index.html".into(),
        bytes: r.page("index.html", &home)?,
    });
    let calendar = Calendar {
        r,
        derived: &derived,
    };
    let all_years = calendar.years(&r.input.derived.calendar, "../");
    made.files.push(calendar.page(
        "archive/index.html",
        format!("Lưu trữ — {publication}"),
        "Lưu trữ báo cáo".into(),
        Vec::new(),
        all_years,
        false,
    )?);
    let mut by_year: BTreeMap<i32, Vec<Month>> = BTreeMap::new();
    for month in &r.input.derived.calendar {
        by_year.entry(month.year).or_default().push(month.clone());
    }
    let year_keys = years::keys(&archive.days, unit_keys, years::year);
    let month_keys = years::keys(&archive.days, unit_keys, |d| (d.year(), d.month()));
    // A page per year and per month, made in parallel (unless kept) and gathered in order (so
    // the first error reported is always the same one).
    let pages: Vec<(i32, Option<&Month>)> = by_year
        .iter()
        .flat_map(|(year, months)| {
            std::iter::once((*year, None)).chain(months.iter().map(|m| (*year, Some(m))))
        })
        .collect();
    let rendered: Vec<Result<Page, Error>> = pages
        .par_iter()
        .map(|&(year, month)| {
            let (path, key) = match month {
                None => (format!("archive/{year}/index.html"), year_keys.get(&year)),
                Some(month) => (
                    format!("archive/{year}/{:02}/index.html", month.month),
                    month_keys.get(&(year, month.month)),
                ),
            };
            if let Some((key, record)) =
                key.and_then(|key| Some((key, years::kept(before, &path, key)?)))
            {
                return Ok(Page::Kept(path, key, record.clone()));
            }
            let file = match month {
                None => calendar.page(
                    &path,
                    format!("Năm {year} — {publication}"),
                    format!("Báo cáo năm {year}"),
                    vec![LinkView {
                        href: "../index.html".into(),
                        label: "Lưu trữ".into(),
                    }],
                    calendar.years(&by_year[&year], "../../"),
                    true,
                ),
                Some(month) => {
                    let up = vec![
                        LinkView {
                            href: "../../index.html".into(),
                            label: "Lưu trữ".into(),
                        },
                        LinkView {
                            href: "../index.html".into(),
                            label: format!("Năm {year}"),
                        },
                    ];
                    let label = vn::month(month.year, month.month);
                    calendar.page(
                        &path,
                        format!("{label} — {publication}"),
                        format!("Báo cáo {}", label.to_lowercase()),
                        up,
                        calendar.years(std::slice::from_ref(month), "../../../"),
                        true,
                    )
                }
            }?;
            Ok(Page::Made(key, file))
        })
        .collect();
    for page in rendered {
        match page? {
            Page::Kept(path, key, record) => made.keep(path, key, record),
            Page::Made(key, file) => made.made(key.map(String::as_str), file),
        }
    }
    made.files.push(latest(r)?);
    Ok(made)
}

/// A year's or a month's archive page: kept from the previous build (path, key, record), or
/// made (from the period's key, when it has one).
enum Page<'k> {
    Kept(String, &'k String, FileRecord),
    Made(Option<&'k String>, OutputFile),
}

/// `latest/index.html`: a stable address that forwards to the newest briefing, without
/// JavaScript (a meta refresh plus a plain link).
fn latest(r: &Renderer) -> Result<OutputFile, Error> {
    let target = r
        .input
        .archive
        .days
        .last()
        .map(|d| format!("../{}index.html", day_dir(d.date)))
        .unwrap_or_else(|| "../index.html".into());
    let view = super::views::LatestPage {
        page: r.meta("latest/index.html", "Báo cáo mới nhất".into(), "latest"),
        target,
    };
    Ok(OutputFile {
        path: "latest/index.html".into(),
        bytes: r.page("latest.html", &view)?,
    })
}

/// A briefing in a list, with links relative to `root`.
pub fn summary(r: &Renderer, day: &Day, derived: Option<&DerivedDay>, root: &str) -> DaySummary {
    let dir = day_dir(day.date);
    DaySummary {
        date_text: vn::date(day.date),
        date_long: vn::date_long(day.date),
        number: day.file.number.clone(),
        title: day.file.title.clone(),
        report: format!("{root}{dir}index.html"),
        appendices: format!("{root}{dir}appendices/index.html"),
        appendix_count: day.appendix_count(),
        status_text: derived
            .map(|d| status_text(r, &d.national))
            .unwrap_or_default(),
        edition: day.edition,
    }
}

/// "31 XANH · 3 VÀNG · 0 ĐỎ" in the declared status order; empty when nothing is declared.
pub fn status_text(r: &Renderer, counts: &BTreeMap<String, usize>) -> String {
    if counts.is_empty() {
        return String::new();
    }
    r.input
        .archive
        .statuses()
        .iter()
        .map(|s| format!("{} {}", counts.get(&s.code).copied().unwrap_or(0), s.code))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The status most entities had (the first declared one on a tie).
fn dominant(r: &Renderer, counts: &BTreeMap<String, usize>) -> Option<String> {
    let statuses = r.input.archive.statuses();
    let best = statuses
        .iter()
        .filter_map(|s| counts.get(&s.code).map(|n| (*n, s)))
        .filter(|(n, _)| *n > 0)
        .fold(None, |best: Option<(usize, _)>, (n, s)| match best {
            Some((m, _)) if m >= n => best,
            _ => Some((n, s)),
        });
    best.map(|(_, s)| slug(&s.code))
}

struct Calendar<'a> {
    r: &'a Renderer<'a>,
    derived: &'a BTreeMap<NaiveDate, &'a DerivedDay>,
}

impl Calendar<'_> {
    /// An archive page. `own_id`: it carries its own id (`ident::page_id`), not the build's
    /// (a year's and a month's pages), so that adding a day rewrites only its year's and month's.
    fn page(
        &self,
        path: &str,
        title: String,
        heading: String,
        up: Vec<LinkView>,
        years: Vec<YearView>,
        own_id: bool,
    ) -> Result<OutputFile, Error> {
        let mut page = self.r.meta(path, title, "archive");
        if own_id {
            page.id = crate::ident::PAGE_ID_PLACEHOLDER.into();
        }
        let view = ArchivePage {
            page,
            heading,
            up,
            years,
            weekdays: vn::WEEKDAYS.to_vec(),
            has_statuses: !self.r.input.archive.statuses().is_empty(),
        };
        let bytes = self.r.page("archive.html", &view)?;
        Ok(OutputFile {
            path: path.into(),
            bytes: if own_id {
                crate::ident::page_id(&bytes)
            } else {
                bytes
            },
        })
    }

    /// Years (newest first) of the given months, with links relative to `root`.
    fn years(&self, months: &[Month], root: &str) -> Vec<YearView> {
        let by_date: BTreeMap<NaiveDate, &Day> = self
            .r
            .input
            .archive
            .days
            .iter()
            .map(|d| (d.date, &**d))
            .collect();
        let mut years: Vec<YearView> = Vec::new();
        for month in months.iter().rev() {
            let view = self.month(month, root, &by_date);
            match years.last_mut() {
                Some(y) if y.year == month.year => y.months.push(view),
                _ => years.push(YearView {
                    year: month.year,
                    href: format!("{root}archive/{}/index.html", month.year),
                    months: vec![view],
                }),
            }
        }
        years
    }

    fn month(&self, month: &Month, root: &str, by_date: &BTreeMap<NaiveDate, &Day>) -> MonthView {
        let slot = |slot: &Option<u32>| {
            let date = slot.and_then(|d| NaiveDate::from_ymd_opt(month.year, month.month, d));
            let national = date.and_then(|d| self.derived.get(&d)).map(|d| &d.national);
            CalendarDay {
                day: *slot,
                href: date
                    .filter(|d| by_date.contains_key(d))
                    .map(|d| format!("{root}{}index.html", day_dir(d))),
                label: date.map(vn::date_long).unwrap_or_default(),
                status: national.and_then(|n| dominant(self.r, n)),
                status_text: national.map(|n| status_text(self.r, n)).unwrap_or_default(),
            }
        };
        MonthView {
            label: vn::month(month.year, month.month),
            anchor: format!("thang-{}-{:02}", month.year, month.month),
            href: format!("{root}archive/{}/{:02}/index.html", month.year, month.month),
            weeks: month
                .weeks
                .iter()
                .map(|w| w.iter().map(slot).collect())
                .collect(),
            briefings: month
                .briefing_days
                .iter()
                .filter_map(|d| NaiveDate::from_ymd_opt(month.year, month.month, *d))
                .filter_map(|d| by_date.get(&d))
                .map(|d| summary(self.r, d, self.derived.get(&d.date).copied(), root))
                .collect(),
        }
    }
}
