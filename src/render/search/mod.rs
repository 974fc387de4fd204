//! Full-text search without a server: the search page, and an index per year (the newest
//! month's days in a file of their own) built from the day pages just rendered. `assets/search.js` (in the theme) loads the index and searches it.

mod extract;
mod html;
mod index;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

pub use self::extract::Entry;
pub use self::index::PageEntries;
use self::index::{DayEntries, PageKind};
use super::views::PageMeta;
use super::years::{Made, YearFiles};
use super::{OutputFile, Renderer, day_dir};
use crate::error::Error;
use crate::vn;

/// The pages of a day that are indexed, by path inside the day's folder.
const PAGES: &[PageKind] = &[
    PageKind {
        path: "",
        label: "Báo cáo",
    },
    PageKind {
        path: "appendices/",
        label: "Phụ lục",
    },
];

/// The search page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// Common fields.
    pub page: PageMeta,
    /// The index scripts, relative to the page, newest first; `search.js` loads them in
    /// this order.
    pub index_scripts: Vec<String>,
    /// The archive page, for readers without JavaScript.
    pub archive: String,
}

/// What the indexed pages of one day say, read from its freshly rendered `files`.
pub fn day_entries(dir: &str, files: &[OutputFile]) -> Vec<PageEntries> {
    PAGES
        .iter()
        .enumerate()
        .filter_map(|(page, kind)| {
            let path = format!("{dir}{}index.html", kind.path);
            let html = &files.iter().find(|f| f.path == path)?.bytes;
            Some(PageEntries {
                page,
                entries: extract::entries(&String::from_utf8_lossy(html)),
            })
        })
        .collect()
}

/// `search/index.html`, one `search/<year>.js` per year of the archive and
/// `search/<year>-<month>.js` for the newest briefing's month (`periods`: the key of each
/// period and the period of a date, [`super::years::search_period`]), from each day's entries
/// (see [`day_entries`]), in archive order. A file is kept rather than made again while its
/// period's key is the one `previous` made it from: adding a day makes the newest month's file
/// alone, however long the archive.
pub fn render_search(
    r: &Renderer,
    per_day: &[&super::units::SearchEntries],
    periods: (&BTreeMap<Period, String>, &dyn Fn(NaiveDate) -> Period),
    previous: Option<&YearFiles>,
) -> Result<Made, Error> {
    let (keys, period_of) = periods;
    // Each period's days: folder, date and entries, read only for a file made again.
    type Days<'a> = Vec<(String, NaiveDate, &'a super::units::SearchEntries)>;
    let mut periods: BTreeMap<Period, Days> = BTreeMap::new();
    for (day, pages) in r.input.archive.days.iter().zip(per_day) {
        let days = periods.entry(period_of(day.date)).or_default();
        days.push((day_dir(day.date), day.date, *pages));
    }
    let name = |period: &Period| match period {
        (year, None) => format!("{year}.js"),
        (year, Some(month)) => format!("{year}-{month:02}.js"),
    };
    let path = "search/index.html".to_owned();
    let title = format!("Tìm kiếm — {}", r.input.archive.publication.name);
    let view = SearchPage {
        page: r.meta(&path, title, "search"),
        index_scripts: periods.keys().rev().map(name).collect(),
        archive: "../archive/index.html".into(),
    };
    let mut made = Made {
        files: vec![OutputFile {
            bytes: r.page("search.html", &view)?,
            path,
        }],
        ..Made::default()
    };
    for (period, days) in periods {
        let key = keys.get(&period).map_or("", String::as_str);
        made.year_file(previous, format!("search/{}", name(&period)), key, || {
            let mut entries = Vec::with_capacity(days.len());
            for (dir, date, pages) in days {
                entries.push(DayEntries {
                    dir,
                    date_text: vn::date(date),
                    pages: std::borrow::Cow::Borrowed(pages.pages()?),
                });
            }
            Ok(index::script(PAGES, &entries).into_bytes())
        })?;
    }
    Ok(made)
}

/// A search index file's period: a year, with the month for the newest month's file.
pub type Period = (i32, Option<u32>);
