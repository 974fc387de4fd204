//! Bar charts of one or more values per entity: bars with thresholds, grouped series.

use super::bars::{LABEL_SIZE, ROW, format_value, label_width};
use super::{Drawn, GRID, HEADER, INK, MUTED, SERIES, WIDTH, footer, header, no_data};
use crate::archive::{Archive, Day};
use crate::chart::canvas::{Align, Canvas, Rgb};
use crate::chart_data as data;
use crate::model::chart::ChartDecl;

/// One value per entity with reference lines (e.g. 50% and 90%); the lowest is highlighted.
pub fn threshold_bars(archive: &Archive, day: &Day, decl: &ChartDecl, subtitle: &str) -> Drawn {
    let Some((schema, table)) = data::table(archive, day, decl) else {
        return no_data(&decl.title, subtitle);
    };
    let Some(value) = &decl.value else {
        return no_data(&decl.title, subtitle);
    };
    let mut categories = data::categories(schema, table, decl, &[value]);
    if categories.iter().all(|c| c.values[0].is_none()) {
        return no_data(&decl.title, subtitle);
    }
    data::sort(
        &mut categories,
        |c| c.values[0],
        decl.sort.as_ref().is_none_or(|s| s.descending),
    );
    let max = categories
        .iter()
        .filter_map(|c| c.values[0])
        .fold(0.0, f64::max)
        .max(decl.thresholds.iter().copied().fold(0.0, f64::max));
    let axis_max = if max <= 100.0 { 100.0 } else { max * 1.05 };
    let lowest = categories
        .iter()
        .filter(|c| c.values[0].is_some())
        .min_by(|a, b| {
            a.values[0]
                .partial_cmp(&b.values[0])
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|c| c.label.clone());
    let lw = label_width(&categories, &[]);
    let (x0, x1) = (16 + lw, WIDTH as i32 - 80);
    let top = HEADER + 26;
    let height = (top + categories.len() as i32 * ROW + 12 + 34) as u32;
    let x_of = |v: f64| x0 + ((x1 - x0) as f64 * v / axis_max).round() as i32;
    let below: Vec<String> = decl
        .thresholds
        .iter()
        .map(|t| {
            let n = categories
                .iter()
                .filter(|c| c.values[0].is_some_and(|v| v < *t))
                .count();
            format!("{n} đơn vị dưới {}", format_value(schema, &value.value, *t))
        })
        .collect();
    let low_text = lowest
        .as_ref()
        .and_then(|l| categories.iter().find(|c| &c.label == l))
        .map(|c| {
            format!(
                "Thấp nhất: {} ({})",
                c.label,
                format_value(schema, &value.value, c.values[0].unwrap_or(0.0))
            )
        })
        .unwrap_or_default();
    let desc = format!(
        "{} theo {} đơn vị. {}. {}.",
        data::column_label(schema, &value.value),
        categories.len(),
        low_text,
        below.join("; ")
    );
    let mut canvas = Canvas::new(WIDTH, height, &decl.title, &desc);
    header(&mut canvas, &decl.title, subtitle);
    let bottom = top + categories.len() as i32 * ROW;
    for t in &decl.thresholds {
        let x = x_of(*t);
        canvas.line((x, top - 6), (x, bottom), MUTED, 1);
        canvas.text(
            (x, top - 14),
            &format_value(schema, &value.value, *t),
            11.0,
            MUTED,
            Align::Center,
            true,
        );
    }
    for (r, c) in categories.iter().enumerate() {
        let y = top + r as i32 * ROW;
        let is_low = Some(&c.label) == lowest.as_ref();
        canvas.text(
            (x0 - 8, y + ROW / 2 - 1),
            &c.label,
            LABEL_SIZE,
            INK,
            Align::Right,
            is_low,
        );
        match c.values[0] {
            Some(v) => {
                let fill = if is_low { Rgb(176, 32, 32) } else { SERIES[0] };
                canvas.rect((x0, y + 3), (x_of(v).max(x0 + 1), y + ROW - 3), fill, None);
                let mut label = format_value(schema, &value.value, v);
                if is_low {
                    label.push_str(" ◄ thấp nhất");
                }
                canvas.text(
                    (x_of(v) + 5, y + ROW / 2 - 1),
                    &label,
                    11.0,
                    INK,
                    Align::Left,
                    is_low,
                );
            }
            None => {
                canvas.text(
                    (x0 + 4, y + ROW / 2 - 1),
                    "— không có dữ liệu",
                    11.0,
                    MUTED,
                    Align::Left,
                    false,
                );
            }
        }
    }
    canvas.line((x0, top - 4), (x0, bottom), INK, 1);
    footer(&mut canvas, height, decl.source.as_deref());
    Drawn {
        svg: canvas.finish(),
        desc,
    }
}

/// Several series per entity (e.g. the 4 bodies' completion rates), side by side.
pub fn grouped_bars(archive: &Archive, day: &Day, decl: &ChartDecl, subtitle: &str) -> Drawn {
    let Some((schema, table)) = data::table(archive, day, decl) else {
        return no_data(&decl.title, subtitle);
    };
    let columns: Vec<_> = decl.columns.iter().collect();
    let mut categories = data::categories(schema, table, decl, &columns);
    if categories
        .iter()
        .all(|c| c.values.iter().all(Option::is_none))
    {
        return no_data(&decl.title, subtitle);
    }
    if let Some(sort) = &decl.sort {
        let i = decl
            .columns
            .iter()
            .position(|c| c.value == sort.by.value)
            .unwrap_or(0);
        data::sort(&mut categories, |c| c.values[i], sort.descending);
    }
    let n = columns.len() as i32;
    let bar = 7;
    let block = n * bar + 8;
    let max = categories
        .iter()
        .flat_map(|c| c.values.iter().flatten())
        .fold(0.0f64, |a, b| a.max(*b));
    let axis_max = if max <= 100.0 { 100.0 } else { max * 1.05 };
    let lw = label_width(&categories, &[]);
    let (x0, x1) = (16 + lw, WIDTH as i32 - 60);
    let names: Vec<String> = decl
        .columns
        .iter()
        .map(|c| data::column_label(schema, &c.value))
        .collect();
    let items: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (SERIES[i % SERIES.len()], n.clone()))
        .collect();
    let top = HEADER + 10 + super::legend(None, &items, HEADER + 4) * 20;
    let height = (top + categories.len() as i32 * block + 12 + 34) as u32;
    let averages: Vec<String> = (0..columns.len())
        .map(|i| {
            let v: Vec<f64> = categories.iter().filter_map(|c| c.values[i]).collect();
            let avg = if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            };
            format!(
                "{} trung bình {}",
                names[i],
                format_value(schema, &columns[i].value, avg)
            )
        })
        .collect();
    let desc = format!(
        "{} theo {} đơn vị. {}.",
        names.join(", "),
        categories.len(),
        averages.join("; ")
    );
    let mut canvas = Canvas::new(WIDTH, height, &decl.title, &desc);
    header(&mut canvas, &decl.title, subtitle);
    super::legend(Some(&mut canvas), &items, HEADER + 4);
    let x_of = |v: f64| x0 + ((x1 - x0) as f64 * v / axis_max).round() as i32;
    for t in [50.0, 100.0].iter().filter(|t| **t <= axis_max) {
        canvas.line(
            (x_of(*t), top - 4),
            (x_of(*t), top + categories.len() as i32 * block),
            GRID,
            1,
        );
    }
    for (r, c) in categories.iter().enumerate() {
        let y = top + r as i32 * block;
        canvas.text(
            (x0 - 8, y + block / 2 - 2),
            &c.label,
            LABEL_SIZE,
            INK,
            Align::Right,
            false,
        );
        for (s, value) in c.values.iter().enumerate() {
            let by = y + 2 + s as i32 * bar;
            match value {
                Some(v) => {
                    canvas.rect(
                        (x0, by),
                        (x_of(*v).max(x0 + 1), by + bar - 1),
                        SERIES[s % SERIES.len()],
                        None,
                    );
                    canvas.text(
                        (x_of(*v) + 3, by + bar / 2),
                        &format_value(schema, &columns[s].value, *v),
                        8.0,
                        INK,
                        Align::Left,
                        false,
                    );
                }
                None => canvas.text((x0 + 3, by + bar / 2), "—", 8.0, MUTED, Align::Left, false),
            }
        }
    }
    canvas.line(
        (x0, top - 4),
        (x0, top + categories.len() as i32 * block),
        INK,
        1,
    );
    footer(&mut canvas, height, decl.source.as_deref());
    Drawn {
        svg: canvas.finish(),
        desc,
    }
}
