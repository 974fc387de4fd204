//! Stage 4, **chart**: SVG charts drawn at build time, written as compact SVG (`canvas`, `layers`).
//! Data in: the archive. Data out: [`Charts`], one SVG document per day and declared chart.
//!
//! Charts are written as files named by their content (`files/<name>.<hash>.svg`, see
//! `render::shared`) and placed with `<img>`: one file serves the report, the appendices and the
//! slides of the day and of every edition copy with the same chart, is cached once, and prints as
//! vectors.

mod canvas;
mod kinds;
mod layers;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::archive::{Archive, Day};
use crate::model::chart::ChartKind;

pub use crate::series::SERIES_WINDOW;
pub use canvas::text_width;
pub use kinds::{Drawn, entity_trend};

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

/// Every drawn chart: the live pages' by day and name, and each edition's frozen copies.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    /// Charts of the day pages (current editions), by (day, name).
    pub files: BTreeMap<(NaiveDate, String), ChartFile>,
    /// Charts of the frozen edition pages, by (day, edition, name).
    pub editions: BTreeMap<(NaiveDate, u32, String), ChartFile>,
    /// Trend charts of the entity pages: per entity (declaration order), one per trend.
    pub entities: Vec<Vec<Drawn>>,
}

impl Charts {
    /// The charts of one page: live (`edition: None`) or a frozen edition's.
    pub fn of_page(&self, date: NaiveDate, edition: Option<u32>) -> Vec<&ChartFile> {
        match edition {
            None => self
                .files
                .range((date, String::new())..)
                .take_while(|(k, _)| k.0 == date)
                .map(|(_, c)| c)
                .collect(),
            Some(n) => self
                .editions
                .range((date, n, String::new())..)
                .take_while(|(k, _)| k.0 == date && k.1 == n)
                .map(|(_, c)| c)
                .collect(),
        }
    }

    /// A page's chart by name.
    pub fn get(&self, date: NaiveDate, edition: Option<u32>, name: &str) -> Option<&ChartFile> {
        match edition {
            None => self.files.get(&(date, name.to_owned())),
            Some(n) => self.editions.get(&(date, n, name.to_owned())),
        }
    }

    /// A page's charts drawn from `table`, in name order.
    pub fn for_table(&self, date: NaiveDate, edition: Option<u32>, table: &str) -> Vec<&ChartFile> {
        self.of_page(date, edition)
            .into_iter()
            .filter(|c| c.table == table)
            .collect()
    }
}

/// Draws every declared chart for every day that has its table, and for every edition, and the
/// entities' trend charts.
pub fn draw(archive: &Archive, derived: &crate::derive::Derived) -> Charts {
    let units: Vec<Charts> = (0..archive.days.len())
        .into_par_iter()
        .map(|index| draw_unit(archive, index))
        .collect();
    let mut charts = draw_entities(archive, derived);
    for unit in units {
        charts.files.extend(unit.files);
        charts.editions.extend(unit.editions);
    }
    charts
}

/// The entities' trend charts alone.
pub fn draw_entities(archive: &Archive, derived: &crate::derive::Derived) -> Charts {
    Charts {
        entities: entity_trends(archive, derived),
        ..Charts::default()
    }
}

/// The charts of day `index` of the archive: its live pages', and each of its editions'. A
/// build draws them just before it renders the day, so they are never all held at once.
pub fn draw_unit(archive: &Archive, index: usize) -> Charts {
    let mut charts = Charts::default();
    let Some(current) = archive.days.get(index) else {
        return charts;
    };
    let live_history = archive.window(index, SERIES_WINDOW);
    let live = draw_day(archive, &live_history);
    for edition in archive.editions_of(current.date) {
        let history = archive.as_released(edition, SERIES_WINDOW - 1);
        // An edition still in force, whose earlier days are all as they were when it was
        // released, has exactly the live charts: the same input, so the same bytes.
        let drawn = if same_days(&live_history, &history) {
            live.clone()
        } else {
            draw_day(archive, &history)
        };
        for chart in drawn {
            charts
                .editions
                .insert((chart.date, edition.edition, chart.name.clone()), chart);
        }
    }
    for chart in live {
        charts.files.insert((chart.date, chart.name.clone()), chart);
    }
    charts
}

/// Whether two histories are the very same editions (not merely equal-looking ones).
fn same_days(a: &[&Day], b: &[&Day]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::ptr::eq(*x, *y))
}

/// The charts of the last day of `history` (earlier days feed the time series).
fn draw_day(archive: &Archive, history: &[&Day]) -> Vec<ChartFile> {
    let Some(day) = history.last().copied() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for (name, decl) in archive.charts_of(day) {
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
            ChartKind::TimeSeries => kinds::time_series(archive, history, decl, &subtitle),
        };
        files.push(ChartFile {
            date: day.date,
            name: name.to_owned(),
            table: decl.table.value.clone(),
            title: decl.title.clone(),
            desc: drawn.desc,
            svg: drawn.svg,
        });
    }
    files
}

/// One chart per entity and declared trend.
fn entity_trends(archive: &Archive, derived: &crate::derive::Derived) -> Vec<Vec<Drawn>> {
    let Some(decl) = &archive.publication.entity_pages else {
        return Vec::new();
    };
    derived
        .entities
        .iter()
        .map(|history| {
            decl.trends
                .iter()
                .enumerate()
                .map(|(i, trend)| {
                    let label = trend_label(archive, trend);
                    let points: Vec<(NaiveDate, Option<f64>)> =
                        history.days.iter().map(|d| (d.date, d.trends[i])).collect();
                    entity_trend(
                        &format!("{} — {}", history.name, label),
                        "Theo các ngày báo cáo",
                        &points,
                    )
                })
                .collect()
        })
        .collect()
}

/// A declared column's label, or its table header.
pub fn trend_label(archive: &Archive, column: &crate::model::publication::ColumnRef) -> String {
    column.label.clone().unwrap_or_else(|| {
        archive
            .schemas
            .get(&column.table.value)
            .and_then(|s| s.columns.iter().find(|c| c.id == column.column.value))
            .map_or_else(|| column.column.value.clone(), |c| c.label.clone())
    })
}
