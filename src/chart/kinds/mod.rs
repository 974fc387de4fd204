//! The chart kinds. Each returns the SVG and a sentence describing what it shows.

mod bars;
mod map;
mod series;
mod trend;
mod value_bars;

pub use bars::{stacked_bars, status_summary};
pub use map::tile_map;
pub use series::time_series;
pub use trend::entity_trend;
pub use value_bars::{grouped_bars, threshold_bars};

use super::canvas::{Align, Canvas, Rgb};
use crate::archive::Archive;

/// A drawn chart.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// SVG document.
    pub svg: String,
    /// Text alternative.
    pub desc: String,
}

/// Chart width in pixels; charts scale down with the page.
pub const WIDTH: u32 = 760;
/// Height of the title block.
pub const HEADER: i32 = 58;

pub const INK: Rgb = Rgb(26, 26, 26);
pub const MUTED: Rgb = Rgb(90, 90, 90);
pub const GRID: Rgb = Rgb(200, 200, 200);
pub const MISSING: Rgb = Rgb(235, 235, 235);
/// Series colours that stay distinct in grayscale (dark to light).
pub const SERIES: [Rgb; 4] = [
    Rgb(31, 78, 121),
    Rgb(214, 114, 30),
    Rgb(90, 160, 90),
    Rgb(170, 170, 215),
];

/// Title, subtitle: every chart starts the same way.
pub fn header(canvas: &mut Canvas, title: &str, subtitle: &str) {
    canvas.text((16, 20), title, 16.0, INK, Align::Left, true);
    canvas.text((16, 42), subtitle, 12.0, MUTED, Align::Left, false);
}

/// Lays out legend entries left to right, wrapping before the right edge. Returns the number
/// of lines used. With `canvas` = None it only measures.
pub fn legend(canvas: Option<&mut Canvas>, items: &[(Rgb, String)], y: i32) -> i32 {
    let mut positions = Vec::new();
    let (mut x, mut line) = (16, 0);
    for (_, label) in items {
        let w = 34 + crate::chart::canvas::text_width(label, 12.0) as i32;
        if x > 16 && x + w > WIDTH as i32 - 16 {
            x = 16;
            line += 1;
        }
        positions.push((x, y + line * 20));
        x += w;
    }
    if let Some(canvas) = canvas {
        for ((color, label), (x, y)) in items.iter().zip(positions) {
            canvas.rect((x, y), (x + 14, y + 14), *color, Some(INK));
            canvas.text((x + 20, y + 7), label, 12.0, INK, Align::Left, false);
        }
    }
    line + 1
}

/// Source line at the bottom.
pub fn footer(canvas: &mut Canvas, height: u32, source: Option<&str>) {
    if let Some(source) = source {
        canvas.text(
            (16, height as i32 - 12),
            &format!("Nguồn: {source}"),
            11.0,
            MUTED,
            Align::Left,
            false,
        );
    }
}

/// The colour of a status code from the publication (gray when unknown).
pub fn status_color(archive: &Archive, code: &str) -> Rgb {
    archive
        .statuses()
        .iter()
        .find(|s| s.code == code)
        .map_or(MISSING, |s| parse_color(&s.color))
}

/// "#1e7b34" → RGB.
pub fn parse_color(hex: &str) -> Rgb {
    let h = hex.trim_start_matches('#');
    let channel = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(128)
    };
    Rgb(channel(0), channel(2), channel(4))
}

/// Black or white text, whichever reads on `fill`.
pub fn text_on(fill: Rgb) -> Rgb {
    let Rgb(r, g, b) = fill;
    let luminance = 0.299 * r as f64 + 0.587 * g as f64 + 0.114 * b as f64;
    if luminance > 150.0 {
        INK
    } else {
        Rgb(255, 255, 255)
    }
}

/// The explicit "no data" chart.
pub fn no_data(title: &str, subtitle: &str) -> Drawn {
    let mut canvas = Canvas::new(WIDTH, 140, title, "Không có dữ liệu để vẽ biểu đồ.");
    header(&mut canvas, title, subtitle);
    canvas.rect((16, 64), (WIDTH as i32 - 16, 124), MISSING, Some(GRID));
    canvas.text(
        (WIDTH as i32 / 2, 94),
        "Không có dữ liệu",
        14.0,
        MUTED,
        Align::Center,
        true,
    );
    Drawn {
        svg: canvas.finish(),
        desc: "Không có dữ liệu.".into(),
    }
}
