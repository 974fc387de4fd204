//! Full-text search without a server: the search page, and an index per year built from the
//! day pages just rendered. `assets/search.js` (in the theme) loads the index and searches it.

mod extract;
mod html;
mod index;

use std::collections::BTreeMap;

use serde::Serialize;

pub use self::index::PageEntries;
use self::index::{DayEntries, PageKind};
use super::views::PageMeta;
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
    /// The index scripts, relative to the page, newest year first; `search.js` loads them in
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

/// `search/index.html` and one `search/<year>.js` per year of the archive, from each day's
/// entries (see [`day_entries`]), in archive order.
pub fn render_search(r: &Renderer, per_day: &[&[PageEntries]]) -> Result<Vec<OutputFile>, Error> {
    let mut years: BTreeMap<i32, Vec<DayEntries>> = BTreeMap::new();
    for (day, pages) in r.input.archive.days.iter().zip(per_day) {
        years
            .entry(chrono::Datelike::year(&day.date))
            .or_default()
            .push(DayEntries {
                dir: day_dir(day.date),
                date_text: vn::date(day.date),
                pages: pages.to_vec(),
            });
    }
    let path = "search/index.html".to_owned();
    let title = format!("Tìm kiếm — {}", r.input.archive.publication.name);
    let view = SearchPage {
        page: r.meta(&path, title, "search"),
        index_scripts: years.keys().rev().map(|y| format!("{y}.js")).collect(),
        archive: "../archive/index.html".into(),
    };
    let mut files = vec![OutputFile {
        bytes: r.page("search.html", &view)?,
        path,
    }];
    for (year, days) in &years {
        files.push(OutputFile {
            path: format!("search/{year}.js"),
            bytes: index::script(PAGES, days).into_bytes(),
        });
    }
    Ok(files)
}
