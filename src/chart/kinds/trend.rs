//! One entity's figure across the archive (its page's trend charts).

use chrono::NaiveDate;

use super::series::{Plot, describe_days, label_step};
use super::{Drawn, GRID, HEADER, INK, MUTED, SERIES, WIDTH, header, no_data};
use crate::chart::canvas::{Align, Canvas};
use crate::vn;

/// A line of `points` (days without a value leave a gap in the dots, not a zero).
pub fn entity_trend(title: &str, subtitle: &str, points: &[(NaiveDate, Option<f64>)]) -> Drawn {
    if points.iter().all(|(_, v)| v.is_none()) {
        return no_data(title, subtitle);
    }
    let show = |v: f64| vn::decimal(v, vn::natural_decimals(v).min(2));
    let max = points.iter().filter_map(|p| p.1).fold(0.0, f64::max);
    let axis_max = if max <= 100.0 { 100.0 } else { max * 1.1 };
    let desc = describe_days(points, show);
    let height = 300;
    let mut canvas = Canvas::new(WIDTH, height, title, &desc);
    header(&mut canvas, title, subtitle);
    let top = HEADER + 16;
    let plot = Plot {
        x: (70, WIDTH as i32 - 40),
        y: (top + 180, top + 10),
        days: points.len(),
        max: axis_max,
    };
    for tick in 0..=4 {
        let v = axis_max * f64::from(tick) / 4.0;
        canvas.line((plot.x.0, plot.y(v)), (plot.x.1, plot.y(v)), GRID, 1);
        canvas.text(
            (plot.x.0 - 6, plot.y(v)),
            &show(v),
            11.0,
            MUTED,
            Align::Right,
            false,
        );
    }
    let line: Vec<(i32, i32)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| v.map(|v| (plot.x(i), plot.y(v))))
        .collect();
    if line.len() > 1 {
        canvas.path(&line, SERIES[0], 2);
    }
    let step = label_step(points.len());
    let last = points.len() - 1;
    for (i, (date, v)) in points.iter().enumerate() {
        if i == last || (i % step == 0 && last - i >= step / 2) {
            canvas.text(
                (plot.x(i), plot.y.0 + 16),
                &vn::date(*date),
                11.0,
                INK,
                Align::Center,
                false,
            );
        }
        if let Some(v) = v
            && (step == 1 || i == last)
        {
            canvas.dot((plot.x(i), plot.y(*v)), 4, SERIES[0]);
            canvas.text(
                (plot.x(i), plot.y(*v) - 12),
                &show(*v),
                11.0,
                INK,
                Align::Center,
                true,
            );
        }
    }
    Drawn {
        svg: canvas.finish(),
        desc,
    }
}
