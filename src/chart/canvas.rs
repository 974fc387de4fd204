//! A small drawing surface over plotters' SVG backend. Text is written as SVG `<text>` with a
//! font stack, and widths are estimated from a fixed table, so the output never depends on the
//! fonts installed on the build machine.

use plotters::prelude::{DrawingBackend, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontFamily, FontStyle, FontTransform, RGBColor};
use plotters_backend::{BackendColor, BackendTextStyle};

use crate::text::escape_html;

/// Vietnamese-capable fonts, first available wins in the reader's browser.
pub const FONT_STACK: &str = "Arial, Noto Sans, Liberation Sans, sans-serif";

/// Horizontal text alignment.
#[derive(Clone, Copy)]
pub enum Align {
    /// Text starts at x.
    Left,
    /// Text is centred on x.
    Center,
    /// Text ends at x.
    Right,
}

/// Draws into an SVG string.
pub struct Canvas {
    svg: String,
    size: (u32, u32),
    title: String,
    desc: String,
}

struct Text {
    size: f64,
    color: RGBColor,
    bold: bool,
    anchor: Pos,
}

impl BackendTextStyle for Text {
    type FontError = std::fmt::Error;

    fn color(&self) -> BackendColor {
        self.color.to_backend_color()
    }
    fn size(&self) -> f64 {
        // plotters divides the size by 1.24 when writing SVG.
        self.size * 1.24
    }
    fn transform(&self) -> FontTransform {
        FontTransform::None
    }
    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }
    fn anchor(&self) -> Pos {
        self.anchor
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT_STACK)
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        let w = text_width(text, self.size) as i32;
        Ok(((0, 0), (w, self.size as i32)))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _: &str,
        _: (i32, i32),
        _: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        Ok(Ok(()))
    }
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

impl Canvas {
    /// A blank canvas with an accessible title and description.
    pub fn new(width: u32, height: u32, title: &str, desc: &str) -> Canvas {
        Canvas {
            svg: String::new(),
            size: (width, height),
            title: title.to_owned(),
            desc: desc.to_owned(),
        }
    }

    fn backend(&mut self) -> SVGBackend<'_> {
        // Each call appends a fragment; `finish` keeps only the body of each fragment.
        SVGBackend::with_string(&mut self.svg, self.size)
    }

    /// A filled rectangle with an optional outline.
    pub fn rect(
        &mut self,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        fill: RGBColor,
        stroke: Option<RGBColor>,
    ) {
        let mut b = self.backend();
        let _ = b.draw_rect((x0, y0), (x1, y1), &fill.filled(), true);
        if let Some(s) = stroke {
            let _ = b.draw_rect((x0, y0), (x1, y1), &s.stroke_width(1), false);
        }
        let _ = b.present();
    }

    /// A rectangle's outline only.
    pub fn outline(&mut self, from: (i32, i32), to: (i32, i32), color: RGBColor) {
        let mut b = self.backend();
        let _ = b.draw_rect(from, to, &color.stroke_width(1), false);
        let _ = b.present();
    }

    /// A line.
    pub fn line(&mut self, from: (i32, i32), to: (i32, i32), color: RGBColor, width: u32) {
        let mut b = self.backend();
        let _ = b.draw_line(from, to, &color.stroke_width(width));
        let _ = b.present();
    }

    /// A polyline.
    pub fn path(&mut self, points: &[(i32, i32)], color: RGBColor, width: u32) {
        let mut b = self.backend();
        let _ = b.draw_path(points.iter().copied(), &color.stroke_width(width));
        let _ = b.present();
    }

    /// A dot.
    pub fn dot(&mut self, center: (i32, i32), radius: u32, color: RGBColor) {
        let mut b = self.backend();
        let _ = b.draw_circle(center, radius, &color.filled(), true);
        let _ = b.present();
    }

    /// Text at `pos`, vertically centred.
    pub fn text(
        &mut self,
        pos: (i32, i32),
        text: &str,
        size: f64,
        color: RGBColor,
        align: Align,
        bold: bool,
    ) {
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let style = Text {
            size,
            color,
            bold,
            anchor: Pos::new(h, VPos::Center),
        };
        let mut b = self.backend();
        let _ = b.draw_text(text, &style, pos);
        let _ = b.present();
    }

    /// The finished SVG document, with `<title>` and `<desc>` for screen readers.
    pub fn finish(self) -> String {
        let (w, h) = self.size;
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"t d\" font-family=\"{FONT_STACK}\">\n<title id=\"t\">{}</title>\n<desc id=\"d\">{}</desc>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#FFFFFF\"/>\n",
            escape_html(&self.title),
            escape_html(&self.desc)
        );
        for line in self.svg.lines() {
            if line.starts_with("<svg") || line.starts_with("</svg") {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("</svg>\n");
        out
    }
}
