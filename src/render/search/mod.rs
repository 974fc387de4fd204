//! Full-text search without a server: the search page, and an index per year built from the
//! day pages just rendered. `assets/search.js` (in the theme) loads the index and searches it.

mod extract;
mod html;
mod index;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use self::index::{DayEntries, PageEntries, PageKind};
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

/// `search/index.html` and one `search/<year>.js` per year of the archive, from the rendered
/// `pages` (the report and appendices pages of every day are read).
pub fn render_search(r: &Renderer, pages: &[OutputFile]) -> Result<Vec<OutputFile>, Error> {
    let by_path: HashMap<&str, &[u8]> = pages
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    let mut years: BTreeMap<i32, Vec<DayEntries>> = BTreeMap::new();
    for day in &r.input.archive.days {
        let dir = day_dir(day.date);
        let pages = PAGES
            .iter()
            .enumerate()
            .filter_map(|(page, kind)| {
                let html = by_path.get(format!("{dir}{}index.html", kind.path).as_str())?;
                Some(PageEntries {
                    page,
                    entries: extract::entries(&String::from_utf8_lossy(html)),
                })
            })
            .collect();
        years
            .entry(chrono::Datelike::year(&day.date))
            .or_default()
            .push(DayEntries {
                dir,
                date_text: vn::date(day.date),
                pages,
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
