//! The tile-grid heat map: one labelled tile per entity, placed north to south.

use super::{
    Drawn, GRID, HEADER, INK, MISSING, WIDTH, footer, header, no_data, status_color, text_on,
};
use crate::archive::{Archive, Day};
use crate::chart::canvas::Rgb;
use crate::chart::canvas::{Align, Canvas, text_width};
use crate::chart_data as data;
use crate::model::chart::ChartDecl;
use crate::vn;

const TILE_W: i32 = 104;
const TILE_H: i32 = 46;
const GAP: i32 = 4;

/// Value bins of the colour scale (lower bounds), light to dark green.
const BINS: [(f64, Rgb); 5] = [
    (0.0, Rgb(237, 248, 233)),
    (25.0, Rgb(186, 228, 179)),
    (50.0, Rgb(116, 196, 118)),
    (75.0, Rgb(49, 163, 84)),
    (100.0, Rgb(0, 109, 44)),
];

fn bin_color(value: f64) -> Rgb {
    BINS.iter()
        .rev()
        .find(|(low, _)| value >= *low)
        .map_or(BINS[0].1, |(_, c)| *c)
}

/// Tiles coloured by status (`status:`) or by a 0–100 value (`value:`).
pub fn tile_map(archive: &Archive, day: &Day, decl: &ChartDecl, subtitle: &str) -> Drawn {
    let entities = &archive.publication.entities;
    let Some((schema, table)) = data::table(archive, day, decl) else {
        return no_data(&decl.title, subtitle);
    };
    if entities.is_empty() {
        return no_data(&decl.title, subtitle);
    }
    let value_columns: Vec<_> = decl.value.iter().collect();
    let categories = data::categories(schema, table, decl, &value_columns);
    let mut per_entity = vec![None; entities.len()];
    for c in &categories {
        if let Some(i) = archive.entity_index.find(&c.label) {
            per_entity[i] = Some(c);
        }
    }
    if per_entity.iter().all(Option::is_none) {
        return no_data(&decl.title, subtitle);
    }
    let rows = entities.iter().map(|e| e.tile.0).max().unwrap_or(0) as i32 + 1;
    let cols = entities.iter().map(|e| e.tile.1).max().unwrap_or(0) as i32 + 1;
    let grid_w = cols * (TILE_W + GAP);
    let left = (WIDTH as i32 - grid_w) / 2;
    let top = HEADER + 34;
    let height = (top + rows * (TILE_H + GAP) + 16 + 34) as u32;
    let by_status = decl.status.is_some();
    let mut described = Vec::new();
    let mut canvas_items = Vec::new();
    for (entity, found) in entities.iter().zip(&per_entity) {
        let (fill, value_text) = match found {
            Some(c) if by_status => match &c.status {
                Some(code) => (status_color(archive, code), code.clone()),
                None => (MISSING, "—".into()),
            },
            Some(c) => match c.values.first().copied().flatten() {
                Some(v) => (bin_color(v), vn::percent(v, 1)),
                None => (MISSING, "—".into()),
            },
            None => (MISSING, "—".into()),
        };
        described.push(format!(
            "{} {}",
            entity.name,
            if value_text == "—" {
                "không có dữ liệu".into()
            } else {
                value_text.clone()
            }
        ));
        canvas_items.push((entity, fill, value_text));
    }
    let desc = format!(
        "Bản đồ ô {} tỉnh, thành phố: {}.",
        entities.len(),
        described.join("; ")
    );
    let mut canvas = Canvas::new(WIDTH, height, &decl.title, &desc);
    header(&mut canvas, &decl.title, subtitle);
    legend(&mut canvas, archive, by_status);
    for (entity, fill, value_text) in canvas_items {
        let x = left + entity.tile.1 as i32 * (TILE_W + GAP);
        let y = top + entity.tile.0 as i32 * (TILE_H + GAP);
        canvas.rect((x, y), (x + TILE_W, y + TILE_H), fill, Some(GRID));
        let ink = text_on(fill);
        let size = if text_width(&entity.name, 11.0) > (TILE_W - 6) as f64 {
            9.5
        } else {
            11.0
        };
        canvas.text(
            (x + TILE_W / 2, y + 15),
            &entity.name,
            size,
            ink,
            Align::Center,
            true,
        );
        canvas.text(
            (x + TILE_W / 2, y + 32),
            &value_text,
            11.0,
            ink,
            Align::Center,
            false,
        );
    }
    footer(&mut canvas, height, decl.source.as_deref());
    Drawn {
        svg: canvas.finish(),
        desc,
    }
}

fn legend(canvas: &mut Canvas, archive: &Archive, by_status: bool) {
    let y = HEADER + 6;
    let mut x = 16;
    let mut item = |canvas: &mut Canvas, fill: Rgb, label: &str| {
        canvas.rect((x, y), (x + 16, y + 14), fill, Some(INK));
        canvas.text((x + 22, y + 7), label, 11.0, INK, Align::Left, false);
        x += 34 + text_width(label, 11.0) as i32;
    };
    if by_status {
        for s in archive.statuses() {
            item(canvas, super::parse_color(&s.color), &s.code);
        }
    } else {
        for (i, (low, color)) in BINS.iter().enumerate() {
            let label = match BINS.get(i + 1) {
                Some((high, _)) => format!("{}–<{}%", *low as i64, *high as i64),
                None => format!("{}%", *low as i64),
            };
            item(canvas, *color, &label);
        }
    }
    item(canvas, MISSING, "không có dữ liệu");
}
