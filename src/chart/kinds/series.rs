//! The time series across the archive: the national figure per day, and small multiples per
//! entity, so the day-over-day story can be seen.

use super::{Drawn, GRID, HEADER, INK, MUTED, SERIES, WIDTH, footer, header, no_data};
use crate::archive::{Archive, Day};
use crate::chart::canvas::{Align, Canvas};
use crate::model::chart::ChartDecl;
use crate::series;
use crate::vn;

/// `days` ends with the day being drawn; only days that have the table count.
pub fn time_series(archive: &Archive, days: &[&Day], decl: &ChartDecl, subtitle: &str) -> Drawn {
    if decl.value.is_none() {
        return no_data(&decl.title, subtitle);
    }
    let with_of = decl.of.is_some();
    let mut points = Vec::new();
    let mut per_entity: Vec<Vec<(usize, f64)>> =
        vec![Vec::new(); archive.publication.entities.len()];
    for day in days {
        // A day without the table is left out; a build never draws from an outline that does
        // not keep the point (`series::uncovered`, checked before rendering).
        let Ok(Some(point)) = series::point(archive, day, decl) else {
            continue;
        };
        let index = points.len();
        points.push((day.date, point.national));
        for (entity, value) in point.entities {
            if let Some(series) = per_entity.get_mut(entity) {
                series.push((index, value));
            }
        }
    }
    if points.iter().all(|(_, v)| v.is_none()) {
        return no_data(&decl.title, subtitle);
    }
    let unit = |v: f64| {
        if with_of {
            vn::percent(v, 1)
        } else {
            vn::decimal(v, vn::natural_decimals(v).min(1))
        }
    };
    let max = points.iter().filter_map(|p| p.1).fold(0.0, f64::max);
    let axis_max = if with_of || max <= 100.0 {
        100.0
    } else {
        max * 1.1
    };
    let multiples = !per_entity.iter().all(Vec::is_empty);
    let main_h = 200;
    let cell = (WIDTH as i32 - 32) / 6;
    let grid_rows = per_entity.len().div_ceil(6) as i32;
    let top = HEADER + 16;
    let height = (top + main_h + 40 + if multiples { 24 + grid_rows * 62 } else { 0 } + 34) as u32;
    let desc = format!("{} theo ngày, {}", decl.title, describe_days(&points, unit));
    let mut canvas = Canvas::new(WIDTH, height, &decl.title, &desc);
    header(&mut canvas, &decl.title, subtitle);
    let (x0, x1) = (70, WIDTH as i32 - 40);
    let (y0, y1) = (top + main_h, top + 10);
    let main = Plot {
        x: (x0, x1),
        y: (y0, y1),
        days: points.len(),
        max: axis_max,
    };
    let (x_of, y_of) = (|i| main.x(i), |v| main.y(v));
    for tick in 0..=4 {
        let v = axis_max * tick as f64 / 4.0;
        canvas.line((x0, y_of(v)), (x1, y_of(v)), GRID, 1);
        canvas.text(
            (x0 - 6, y_of(v)),
            &unit(v),
            11.0,
            MUTED,
            Align::Right,
            false,
        );
    }
    let line: Vec<(i32, i32)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| v.map(|v| (x_of(i), y_of(v))))
        .collect();
    if line.len() > 1 {
        canvas.path(&line, SERIES[0], 2);
    }
    // Long archives: label a handful of dates, and the value of the last day only.
    let step = label_step(points.len());
    let last = points.len().saturating_sub(1);
    for (i, (date, v)) in points.iter().enumerate() {
        let labelled = i % step == 0 || i == last;
        if labelled && (i == last || last - i >= step / 2 || step == 1) {
            canvas.text(
                (x_of(i), y0 + 16),
                &vn::date(*date),
                11.0,
                INK,
                Align::Center,
                false,
            );
        }
        match v {
            Some(v) if step == 1 || i == last => {
                canvas.dot((x_of(i), y_of(*v)), 4, SERIES[0]);
                canvas.text(
                    (x_of(i), y_of(*v) - 12),
                    &unit(*v),
                    11.0,
                    INK,
                    Align::Center,
                    true,
                );
            }
            Some(_) => {}
            None if step == 1 => {
                canvas.text((x_of(i), y0 - 10), "—", 11.0, MUTED, Align::Center, false)
            }
            None => {}
        }
    }
    if multiples {
        let gy = y0 + 40;
        canvas.text(
            (16, gy),
            "Theo tỉnh, thành phố",
            12.0,
            INK,
            Align::Left,
            true,
        );
        for (e, series) in per_entity.iter().enumerate() {
            let (cx, cy) = (16 + (e as i32 % 6) * cell, gy + 14 + (e as i32 / 6) * 62);
            canvas.outline((cx, cy), (cx + cell - 6, cy + 56), GRID);
            canvas.text(
                (cx + 4, cy + 9),
                &archive.publication.entities[e].name,
                9.5,
                INK,
                Align::Left,
                true,
            );
            let (sx0, sx1, sy0, sy1) = (cx + 6, cx + cell - 12, cy + 50, cy + 22);
            let small = Plot {
                x: (sx0, sx1),
                y: (sy0, sy1),
                days: points.len(),
                max: axis_max,
            };
            let pts: Vec<(i32, i32)> = series
                .iter()
                .map(|(i, v)| (small.x(*i), small.y(*v)))
                .collect();
            if pts.len() > 1 {
                canvas.path(&pts, SERIES[0], 1);
            }
            if step == 1 {
                for p in &pts {
                    canvas.dot(*p, 2, SERIES[0]);
                }
            }
            let last = series.last().map_or("—".into(), |(_, v)| unit(*v));
            canvas.text(
                (cx + cell - 10, cy + 9),
                &last,
                9.5,
                MUTED,
                Align::Right,
                false,
            );
        }
    }
    footer(&mut canvas, height, decl.source.as_deref());
    Drawn {
        svg: canvas.finish(),
        desc,
    }
}

/// Days listed in a chart's text alternative; longer series list their most recent days.
pub const MAX_DESCRIBED: usize = 31;

/// The text alternative of a series by date: "N ngày báo cáo (K ngày gần nhất): 09/8/2025 62,6;
/// …." with the last [`MAX_DESCRIBED`] days, each value shown by `show`.
pub fn describe_days(
    points: &[(chrono::NaiveDate, Option<f64>)],
    show: impl Fn(f64) -> String,
) -> String {
    let described = &points[points.len().saturating_sub(MAX_DESCRIBED)..];
    format!(
        "{} ngày báo cáo{}: {}.",
        points.len(),
        if described.len() < points.len() {
            format!(" ({} ngày gần nhất)", described.len())
        } else {
            String::new()
        },
        described
            .iter()
            .map(|(d, v)| format!(
                "{} {}",
                vn::date(*d),
                v.map_or("không có dữ liệu".into(), &show)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// Label every n-th day so that about eight dates fit under the axis.
pub fn label_step(points: usize) -> usize {
    if points <= 12 { 1 } else { points.div_ceil(8) }
}

/// A plot area: day index → x, value → y (y grows downwards in SVG).
pub struct Plot {
    pub x: (i32, i32),
    pub y: (i32, i32),
    pub days: usize,
    pub max: f64,
}

impl Plot {
    pub fn x(&self, day: usize) -> i32 {
        let (x0, x1) = self.x;
        if self.days <= 1 {
            (x0 + x1) / 2
        } else {
            x0 + ((x1 - x0) as f64 * day as f64 / (self.days - 1) as f64) as i32
        }
    }

    pub fn y(&self, value: f64) -> i32 {
        let (bottom, top) = self.y;
        bottom - ((bottom - top) as f64 * value / self.max).round() as i32
    }
}
