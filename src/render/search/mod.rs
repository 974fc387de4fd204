//! Full-text search without a server: the search page, and an index per year built from the
//! day pages just rendered. `assets/search.js` (in the theme) loads the index and searches it.

mod extract;
mod html;
mod index;

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use self::extract::Entry;
pub use self::index::PageEntries;
use self::index::{DayEntries, PageKind};
use super::views::PageMeta;
use super::{FileRecord, OutputFile, Renderer, day_dir};
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

/// Each year's index file, with the key of what it was made from: see [`render_search`].
pub type SearchYears = BTreeMap<String, (String, FileRecord)>;

/// What [`render_search`] made.
#[derive(Debug, Default)]
pub struct SearchFiles {
    /// The search page and the index files made anew.
    pub files: Vec<OutputFile>,
    /// The index files of the years unchanged since `previous`, kept as they are.
    pub kept: Vec<FileRecord>,
    /// Every year's index file, for the next build.
    pub years: SearchYears,
}

/// `search/index.html` and one `search/<year>.js` per year of the archive, from each day's
/// entries (see [`day_entries`]) and its unit's key, in archive order. A year's file is made
/// from its days' entries, which their units' keys cover: when they are the same days with the
/// same keys as in `previous`, the file is kept rather than made again.
pub fn render_search(
    r: &Renderer,
    per_day: &[&super::units::SearchEntries],
    unit_keys: &[String],
    previous: Option<&SearchYears>,
) -> Result<SearchFiles, Error> {
    // Each year's days: folder, date and entries, read only for a year made again.
    type Days<'a> = Vec<(String, chrono::NaiveDate, &'a super::units::SearchEntries)>;
    let mut years: BTreeMap<i32, (Days, Sha256)> = BTreeMap::new();
    for ((day, pages), key) in r.input.archive.days.iter().zip(per_day).zip(unit_keys) {
        let dir = day_dir(day.date);
        let (days, hasher) = years
            .entry(chrono::Datelike::year(&day.date))
            .or_insert_with(|| (Vec::new(), Sha256::new()));
        for part in [dir.as_bytes(), key.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        days.push((dir, day.date, *pages));
    }
    let path = "search/index.html".to_owned();
    let title = format!("Tìm kiếm — {}", r.input.archive.publication.name);
    let view = SearchPage {
        page: r.meta(&path, title, "search"),
        index_scripts: years.keys().rev().map(|y| format!("{y}.js")).collect(),
        archive: "../archive/index.html".into(),
    };
    let mut made = SearchFiles {
        files: vec![OutputFile {
            bytes: r.page("search.html", &view)?,
            path,
        }],
        ..SearchFiles::default()
    };
    for (year, (days, hasher)) in years {
        let path = format!("search/{year}.js");
        let key = crate::ident::hex(&hasher.finalize());
        let record = match previous.and_then(|p| p.get(&path)) {
            Some((was, record)) if *was == key => {
                made.kept.push(record.clone());
                record.clone()
            }
            _ => {
                let mut entries = Vec::with_capacity(days.len());
                for (dir, date, pages) in days {
                    entries.push(DayEntries {
                        dir,
                        date_text: vn::date(date),
                        pages: std::borrow::Cow::Borrowed(pages.pages()?),
                    });
                }
                let file = OutputFile {
                    bytes: index::script(PAGES, &entries).into_bytes(),
                    path: path.clone(),
                };
                let record = FileRecord::of(&file);
                made.files.push(file);
                record
            }
        };
        made.years.insert(path, (key, record));
    }
    Ok(made)
}
