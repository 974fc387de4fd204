//! Stage 4, **chart**: SVG charts drawn at build time with plotters' SVG backend.
//! Data in: the archive. Data out: [`Charts`], one SVG document per day and declared chart.
//!
//! Charts are written as files (`YYYY/MM/DD/charts/<name>.svg`) and placed with `<img>`: one
//! file serves the report, the appendices and the slides, is cached once, and prints as vectors.

mod canvas;
mod data;
mod kinds;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::archive::{Archive, Day};
use crate::model::Spanned;
use crate::model::chart::{ChartDecl, ChartKind};

pub use canvas::text_width;

/// One drawn chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartFile {
    /// The day.
    pub date: NaiveDate,
    /// Declared name.
    pub name: String,
    /// The table it came from.
    pub table: String,
    /// Title (also the SVG `<title>`).
    pub title: String,
    /// Text alternative: what the chart shows, in words (also the SVG `<desc>`).
    pub desc: String,
    /// The SVG document.
    pub svg: String,
}

/// Every drawn chart, by day and name.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    /// Charts by (day, name).
    pub files: BTreeMap<(NaiveDate, String), ChartFile>,
}

impl Charts {
    /// A day's chart by name.
    pub fn get(&self, date: NaiveDate, name: &str) -> Option<&ChartFile> {
        self.files.get(&(date, name.to_owned()))
    }

    /// A day's charts drawn from `table`, in name order.
    pub fn for_table(&self, date: NaiveDate, table: &str) -> Vec<&ChartFile> {
        self.files
            .values()
            .filter(|c| c.date == date && c.table == table)
            .collect()
    }
}

/// The charts that apply to a day: the publication's, with the day's added or replacing them.
pub fn declared<'a>(
    archive: &'a Archive,
    day: &'a Day,
) -> BTreeMap<&'a str, &'a Spanned<ChartDecl>> {
    let mut charts: BTreeMap<&str, &Spanned<ChartDecl>> = archive
        .publication
        .charts
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    charts.extend(day.file.charts.iter().map(|(k, v)| (k.as_str(), v)));
    charts
}

/// Draws every declared chart for every day that has its table.
pub fn draw(archive: &Archive) -> Charts {
    let mut files = BTreeMap::new();
    for (index, day) in archive.days.iter().enumerate() {
        for (name, decl) in declared(archive, day) {
            let decl = &decl.value;
            if !day.tables.contains_key(&decl.table.value) {
                continue;
            }
            let subtitle = decl
                .subtitle
                .clone()
                .unwrap_or_else(|| format!("Số liệu ngày {}", crate::vn::date(day.date)));
            let drawn = match decl.kind {
                ChartKind::StatusSummary => kinds::status_summary(archive, day, decl, &subtitle),
                ChartKind::StackedBars => kinds::stacked_bars(archive, day, decl, &subtitle),
                ChartKind::ThresholdBars => kinds::threshold_bars(archive, day, decl, &subtitle),
                ChartKind::GroupedBars => kinds::grouped_bars(archive, day, decl, &subtitle),
                ChartKind::TileMap => kinds::tile_map(archive, day, decl, &subtitle),
                ChartKind::TimeSeries => {
                    kinds::time_series(archive, &archive.days[..=index], decl, &subtitle)
                }
            };
            files.insert(
                (day.date, name.to_owned()),
                ChartFile {
                    date: day.date,
                    name: name.to_owned(),
                    table: decl.table.value.clone(),
                    title: decl.title.clone(),
                    desc: drawn.desc,
                    svg: drawn.svg,
                },
            );
        }
    }
    Charts { files }
}
