//! Marks grouped by how they are painted, written as compact SVG.
//!
//! A chart draws its marks one after another, each with its own colour and style. Written that
//! way, every element repeats its style. Here a mark joins the last group that is painted the
//! same way, unless something painted after that group touches it: moving it earlier would then
//! change what is on top. So the picture is the one the marks drew in order, while each fill,
//! stroke and text style is written once, on a `<g>`, and each group's filled rectangles and
//! lines are one `<path>`. Coordinates are whole pixels; paths use relative steps where they are
//! shorter.

use std::fmt::Write;

use super::canvas::{Align, Rgb};
use crate::text::escape_html;

/// Where a mark may paint, anti-aliasing included, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Ink {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Ink {
    /// Touching counts: on a scaled-down chart a shared edge falls inside pixels that both
    /// marks paint, and which is painted last shows.
    fn touches(&self, other: &Ink) -> bool {
        self.x0 <= other.x1 && other.x0 <= self.x1 && self.y0 <= other.y1 && other.y0 <= self.y1
    }

    fn union(&self, other: &Ink) -> Ink {
        Ink {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// How a group's marks are painted: the attributes its `<g>` carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// Shapes: a fill (`None`: not filled) and a stroke with its width.
    Shape {
        fill: Option<Rgb>,
        stroke: Option<(Rgb, u32)>,
    },
    /// Text, vertically centred on its point.
    Text {
        size: f64,
        color: Rgb,
        bold: bool,
        align: Align,
    },
}

/// One thing drawn, in whole pixels.
#[derive(Debug, Clone)]
pub enum Mark {
    /// A rectangle from one corner to the opposite one.
    Rect((i32, i32), (i32, i32)),
    /// A line through two or more points.
    Line(Vec<(i32, i32)>),
    /// A disc: centre and radius.
    Dot((i32, i32), u32),
    /// Text at a point.
    Text((i32, i32), String),
}

struct Group {
    paint: Paint,
    marks: Vec<Mark>,
    ink: Vec<Ink>,
    bounds: Ink,
}

impl Group {
    fn touches(&self, ink: &[Ink], bounds: &Ink) -> bool {
        self.bounds.touches(bounds) && self.ink.iter().any(|a| ink.iter().any(|b| a.touches(b)))
    }
}

/// The marks of a chart, grouped.
#[derive(Default)]
pub struct Layers {
    groups: Vec<Group>,
}

impl Layers {
    /// Adds a mark painted with `paint` that paints within the boxes `ink` (at least one).
    pub fn add(&mut self, paint: Paint, mark: Mark, ink: Vec<Ink>) {
        let Some(bounds) = ink.iter().copied().reduce(|a, b| a.union(&b)) else {
            return;
        };
        // The last group this mark touches must stay under it: the mark may join that group or
        // any later one.
        let floor = self
            .groups
            .iter()
            .rposition(|g| g.touches(&ink, &bounds))
            .map_or(0, |i| i + 1);
        let joins = self
            .groups
            .iter()
            .rposition(|g| g.paint == paint)
            .filter(|&i| i + 1 >= floor);
        match joins.and_then(|i| self.groups.get_mut(i)) {
            Some(group) => {
                group.marks.push(mark);
                group.ink.extend(ink);
                group.bounds = group.bounds.union(&bounds);
            }
            None => self.groups.push(Group {
                paint,
                marks: vec![mark],
                ink,
                bounds,
            }),
        }
    }

    /// Writes every group, in painting order.
    pub fn write(&self, out: &mut String) {
        for group in &self.groups {
            out.push_str("<g");
            attributes(out, &group.paint);
            out.push_str(">\n");
            write_marks(out, group);
            out.push_str("</g>\n");
        }
    }
}

/// A group's marks in order: runs of filled rectangles and lines as one `<path>`.
fn write_marks(out: &mut String, group: &Group) {
    // Chromium strokes a `<rect>` with exact coverage, a path's edges and corners a shade
    // differently: outlined rectangles stay `<rect>`, so they look exactly as before.
    let stroked = matches!(
        group.paint,
        Paint::Shape {
            stroke: Some(_),
            ..
        }
    );
    let mut path = PathData::default();
    for mark in &group.marks {
        match mark {
            Mark::Rect(from, to) if !stroked => path.rect(*from, *to),
            Mark::Line(points) => path.line(points),
            _ => {
                path.flush(out);
                write_element(out, mark);
            }
        }
    }
    path.flush(out);
}

fn write_element(out: &mut String, mark: &Mark) {
    let _ = match mark {
        Mark::Rect((x0, y0), (x1, y1)) => writeln!(
            out,
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\"/>",
            x1 - x0,
            y1 - y0
        ),
        Mark::Dot((x, y), r) => writeln!(out, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\"/>"),
        Mark::Text((x, y), text) => writeln!(
            out,
            "<text x=\"{x}\" y=\"{y}\" dy=\".5ex\">{}</text>",
            escape_html(text)
        ),
        Mark::Line(_) => Ok(()),
    };
}

/// A colour in its shortest hex form (`#fff`, `#1e7b34`).
pub fn hex(Rgb(r, g, b): Rgb) -> String {
    if [r, g, b].iter().all(|c| c >> 4 == c & 15) {
        format!("#{:x}{:x}{:x}", r & 15, g & 15, b & 15)
    } else {
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// The presentation attributes of a group; defaults (no stroke, width 1, start, normal
/// weight) are left out.
fn attributes(out: &mut String, paint: &Paint) {
    match *paint {
        Paint::Shape { fill, stroke } => {
            let fill = fill.map_or_else(|| "none".to_owned(), hex);
            let _ = write!(out, " fill=\"{fill}\"");
            if let Some((color, width)) = stroke {
                let _ = write!(out, " stroke=\"{}\"", hex(color));
                if width != 1 {
                    let _ = write!(out, " stroke-width=\"{width}\"");
                }
            }
        }
        Paint::Text {
            size,
            color,
            bold,
            align,
        } => {
            let _ = write!(out, " font-size=\"{size}\" fill=\"{}\"", hex(color));
            if bold {
                out.push_str(" font-weight=\"bold\"");
            }
            match align {
                Align::Left => {}
                Align::Center => out.push_str(" text-anchor=\"middle\""),
                Align::Right => out.push_str(" text-anchor=\"end\""),
            }
        }
    }
}

/// Path data written with the shortest of each step's absolute and relative forms.
#[derive(Default)]
struct PathData {
    d: String,
    /// The current point.
    at: (i32, i32),
    /// The last command letter, which a repeated step leaves out.
    last: Option<char>,
}

impl PathData {
    /// Writes the path so far as one element, and starts afresh.
    fn flush(&mut self, out: &mut String) {
        if !self.d.is_empty() {
            let _ = writeln!(out, "<path d=\"{}\"/>", self.d);
        }
        *self = PathData::default();
    }

    fn command(&mut self, letter: char, args: &[i32]) {
        if self.last != Some(letter) {
            self.d.push(letter);
            self.last = Some(letter);
        }
        for n in args {
            // A minus sign separates numbers by itself.
            if *n >= 0 && self.d.ends_with(|c: char| c.is_ascii_digit()) {
                self.d.push(' ');
            }
            let _ = write!(self.d, "{n}");
        }
    }

    /// The shorter of an absolute and a relative step.
    fn step(&mut self, absolute: (char, &[i32]), relative: (char, &[i32])) {
        let length = |args: &[i32]| args.iter().map(|n| n.to_string().len() + 1).sum::<usize>();
        if length(relative.1) <= length(absolute.1) {
            self.command(relative.0, relative.1);
        } else {
            self.command(absolute.0, absolute.1);
        }
    }

    fn move_to(&mut self, (x, y): (i32, i32)) {
        let (dx, dy) = (x - self.at.0, y - self.at.1);
        // A new subpath always names its command, so it never reads as a repeated step.
        self.last = None;
        if self.d.is_empty() {
            self.command('M', &[x, y]);
        } else {
            self.step(('M', &[x, y]), ('m', &[dx, dy]));
        }
        self.at = (x, y);
    }

    fn line_to(&mut self, (x, y): (i32, i32)) {
        let (dx, dy) = (x - self.at.0, y - self.at.1);
        if dy == 0 {
            self.step(('H', &[x]), ('h', &[dx]));
        } else if dx == 0 {
            self.step(('V', &[y]), ('v', &[dy]));
        } else {
            self.step(('L', &[x, y]), ('l', &[dx, dy]));
        }
        self.at = (x, y);
    }

    fn rect(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) {
        self.move_to((x0, y0));
        self.line_to((x1, y0));
        self.line_to((x1, y1));
        self.line_to((x0, y1));
        self.command('z', &[]);
        self.last = None;
        // Closing returns to the subpath's start.
        self.at = (x0, y0);
    }

    fn line(&mut self, points: &[(i32, i32)]) {
        let Some((first, rest)) = points.split_first() else {
            return;
        };
        self.move_to(*first);
        for p in rest {
            self.line_to(*p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ink(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Ink> {
        vec![Ink { x0, y0, x1, y1 }]
    }

    const RED: Rgb = Rgb(255, 0, 0);
    const BLUE: Rgb = Rgb(0, 0, 255);

    fn fill(color: Rgb) -> Paint {
        Paint::Shape {
            fill: Some(color),
            stroke: None,
        }
    }

    fn written(layers: &Layers) -> String {
        let mut out = String::new();
        layers.write(&mut out);
        out
    }

    #[test]
    fn marks_that_do_not_touch_share_their_group() {
        let mut layers = Layers::default();
        layers.add(
            fill(RED),
            Mark::Rect((0, 0), (10, 10)),
            ink(0.0, 0.0, 10.0, 10.0),
        );
        layers.add(
            fill(BLUE),
            Mark::Rect((10, 0), (20, 10)),
            ink(10.0, 0.0, 20.0, 10.0),
        );
        layers.add(
            fill(RED),
            Mark::Rect((0, 20), (10, 30)),
            ink(0.0, 20.0, 10.0, 30.0),
        );
        assert_eq!(
            written(&layers),
            "<g fill=\"#f00\">\n<path d=\"M0 0h10v10H0zm0 20h10v10H0z\"/>\n</g>\n\
             <g fill=\"#00f\">\n<path d=\"M10 0h10v10H10z\"/>\n</g>\n"
        );
    }

    #[test]
    fn a_mark_over_a_later_group_keeps_its_place() {
        let mut layers = Layers::default();
        layers.add(
            fill(RED),
            Mark::Rect((0, 0), (10, 10)),
            ink(0.0, 0.0, 10.0, 10.0),
        );
        layers.add(
            fill(BLUE),
            Mark::Rect((5, 5), (20, 20)),
            ink(5.0, 5.0, 20.0, 20.0),
        );
        layers.add(
            fill(RED),
            Mark::Rect((15, 15), (30, 30)),
            ink(15.0, 15.0, 30.0, 30.0),
        );
        let svg = written(&layers);
        assert_eq!(svg.matches("<g").count(), 3, "{svg}");
        assert!(svg.ends_with("<g fill=\"#f00\">\n<path d=\"M15 15h15v15H15z\"/>\n</g>\n"));
    }

    #[test]
    fn outlined_rectangles_stay_rectangles_between_paths() {
        let mut layers = Layers::default();
        let grid = Paint::Shape {
            fill: None,
            stroke: Some((BLUE, 1)),
        };
        let line = |y| Mark::Line(vec![(0, y), (100, y)]);
        layers.add(grid, line(0), ink(0.0, -0.5, 100.0, 0.5));
        layers.add(
            grid,
            Mark::Rect((0, 10), (50, 20)),
            ink(-0.5, 9.5, 50.5, 20.5),
        );
        layers.add(grid, line(30), ink(0.0, 29.5, 100.0, 30.5));
        assert_eq!(
            written(&layers),
            "<g fill=\"none\" stroke=\"#00f\">\n<path d=\"M0 0h100\"/>\n\
             <rect x=\"0\" y=\"10\" width=\"50\" height=\"10\"/>\n<path d=\"M0 30h100\"/>\n</g>\n"
        );
    }

    #[test]
    fn lines_take_their_shortest_steps() {
        let mut d = PathData::default();
        d.line(&[(70, 84), (92, 84), (114, 80), (114, 90), (300, 90)]);
        assert_eq!(d.d, "M70 84h22l22-4v10h186");
        d.rect((300, 100), (1000, 120));
        assert_eq!(d.d, "M70 84h22l22-4v10h186m0 10h700v20H300z");
    }

    #[test]
    fn colours_are_written_short() {
        assert_eq!(hex(Rgb(255, 255, 255)), "#fff");
        assert_eq!(hex(Rgb(30, 123, 52)), "#1e7b34");
        assert_eq!(hex(Rgb(0x11, 0x22, 0x30)), "#112230");
    }
}
