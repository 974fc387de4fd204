//! A small drawing surface that writes compact SVG. Text is written as SVG `<text>` with a font
//! stack, and widths are estimated from a fixed table, so the output never depends on the fonts
//! installed on the build machine. How marks become elements (shared styles on `<g>`, one
//! `<path>` per run of shapes) is in [`super::layers`].

use super::layers::{Ink, Layers, Mark, Paint};
use crate::text::escape_html;

/// Vietnamese-capable fonts, first available wins in the reader's browser.
pub const FONT_STACK: &str = "Arial, Noto Sans, Liberation Sans, sans-serif";

/// An opaque colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Horizontal text alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text starts at x.
    Left,
    /// Text is centred on x.
    Center,
    /// Text ends at x.
    Right,
}

/// Draws into an SVG document.
pub struct Canvas {
    size: (u32, u32),
    title: String,
    desc: String,
    layers: Layers,
}

/// Estimated width in pixels of `text` at `size` px in Arial-like fonts. Diacritics do not add
/// width; narrow and wide letters are weighted so labels fit without measuring real fonts.
pub fn text_width(text: &str, size: f64) -> f64 {
    use unicode_normalization::UnicodeNormalization;
    let em: f64 = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.25,
            'f' | 't' | 'r' | 'I' | '(' | ')' | '/' | '-' | ' ' => 0.33,
            'm' | 'w' | 'M' | 'W' => 0.85,
            c if c.is_ascii_digit() => 0.56,
            c if c.is_uppercase() => 0.68,
            _ => 0.54,
        })
        .sum();
    em * size
}

/// A box from `(x0, y0)` to `(x1, y1)`, grown by `by` on every side.
fn grown((x0, y0): (i32, i32), (x1, y1): (i32, i32), by: f64) -> Ink {
    Ink {
        x0: f64::from(x0.min(x1)) - by,
        y0: f64::from(y0.min(y1)) - by,
        x1: f64::from(x0.max(x1)) + by,
        y1: f64::from(y0.max(y1)) + by,
    }
}

/// Whether `b` lies on the way from `a` to `c`, going on in the same direction.
fn straight(a: (i32, i32), b: (i32, i32), c: (i32, i32)) -> bool {
    let (u, v) = ((b.0 - a.0, b.1 - a.1), (c.0 - b.0, c.1 - b.1));
    i64::from(u.0) * i64::from(v.1) == i64::from(u.1) * i64::from(v.0)
        && i64::from(u.0) * i64::from(v.0) + i64::from(u.1) * i64::from(v.1) > 0
}

impl Canvas {
    /// A blank canvas with an accessible title and description.
    pub fn new(width: u32, height: u32, title: &str, desc: &str) -> Canvas {
        Canvas {
            size: (width, height),
            title: title.to_owned(),
            desc: desc.to_owned(),
            layers: Layers::default(),
        }
    }

    /// A filled rectangle with an optional outline. An empty one draws nothing, as in SVG.
    pub fn rect(&mut self, from: (i32, i32), to: (i32, i32), fill: Rgb, stroke: Option<Rgb>) {
        self.rectangle(from, to, Some(fill), stroke);
    }

    /// A rectangle's outline only.
    pub fn outline(&mut self, from: (i32, i32), to: (i32, i32), color: Rgb) {
        self.rectangle(from, to, None, Some(color));
    }

    fn rectangle(
        &mut self,
        from: (i32, i32),
        to: (i32, i32),
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
    ) {
        if to.0 <= from.0 || to.1 <= from.1 {
            return;
        }
        let half = if stroke.is_some() { 0.5 } else { 0.0 };
        let ink = match fill {
            Some(_) => vec![grown(from, to, half)],
            // An outline paints its border only: the inside stays free for other marks.
            None => vec![
                grown(from, (to.0, from.1), half),
                grown((from.0, to.1), to, half),
                grown(from, (from.0, to.1), half),
                grown((to.0, from.1), to, half),
            ],
        };
        let paint = Paint::Shape {
            fill,
            stroke: stroke.map(|s| (s, 1)),
        };
        self.layers.add(paint, Mark::Rect(from, to), ink);
    }

    /// A line.
    pub fn line(&mut self, from: (i32, i32), to: (i32, i32), color: Rgb, width: u32) {
        self.path(&[from, to], color, width);
    }

    /// A polyline. One with no length draws nothing (butt ends), as in SVG.
    pub fn path(&mut self, points: &[(i32, i32)], color: Rgb, width: u32) {
        // A point repeated, or on the straight line between its neighbours, changes nothing.
        let mut kept: Vec<(i32, i32)> = Vec::with_capacity(points.len());
        for &p in points {
            match kept[..] {
                [.., last] if last == p => continue,
                [.., a, b] if straight(a, b, p) => {
                    kept.pop();
                }
                _ => {}
            }
            kept.push(p);
        }
        if kept.len() < 2 || width == 0 {
            return;
        }
        // Joins are mitred: a sharp turn reaches up to twice the width past its point
        // (the default miter limit, 4), a single segment only half the width.
        let reach = f64::from(width) * if kept.len() > 2 { 2.0 } else { 0.5 };
        let ink = kept.windows(2).map(|s| grown(s[0], s[1], reach)).collect();
        let paint = Paint::Shape {
            fill: None,
            stroke: Some((color, width)),
        };
        self.layers.add(paint, Mark::Line(kept), ink);
    }

    /// A dot.
    pub fn dot(&mut self, center: (i32, i32), radius: u32, color: Rgb) {
        if radius == 0 {
            return;
        }
        let r = radius as i32;
        let ink = vec![grown(
            (center.0 - r, center.1 - r),
            (center.0 + r, center.1 + r),
            0.0,
        )];
        let paint = Paint::Shape {
            fill: Some(color),
            stroke: None,
        };
        self.layers.add(paint, Mark::Dot(center, radius), ink);
    }

    /// Text at `pos`, vertically centred.
    pub fn text(
        &mut self,
        pos: (i32, i32),
        text: &str,
        size: f64,
        color: Rgb,
        align: Align,
        bold: bool,
    ) {
        if text.is_empty() {
            return;
        }
        // The width is an estimate: real fonts (bold ones above all) may run wider, so the box
        // where the text may paint is taken generously.
        let w = text_width(text, size) * 1.25 + 2.0;
        let x = f64::from(pos.0);
        let (x0, x1) = match align {
            Align::Left => (x - 2.0, x + w),
            Align::Center => (x - w / 2.0, x + w / 2.0),
            Align::Right => (x - w, x + 2.0),
        };
        // The baseline is half an x-height below y; diacritics stacked on capitals reach
        // about 0.7 em above y, descenders about 0.5 em below.
        let y = f64::from(pos.1);
        let ink = vec![Ink {
            x0,
            y0: y - size * 0.85 - 1.0,
            x1,
            y1: y + size * 0.6 + 1.0,
        }];
        let paint = Paint::Text {
            size,
            color,
            bold,
            align,
        };
        self.layers
            .add(paint, Mark::Text(pos, text.to_owned()), ink);
    }

    /// The finished SVG document, with `<title>` and `<desc>` for screen readers.
    pub fn finish(self) -> String {
        let (w, h) = self.size;
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"t d\" font-family=\"{FONT_STACK}\">\n<title id=\"t\">{}</title>\n<desc id=\"d\">{}</desc>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n",
            escape_html(&self.title),
            escape_html(&self.desc)
        );
        self.layers.write(&mut out);
        out.push_str("</svg>\n");
        out
    }
}
