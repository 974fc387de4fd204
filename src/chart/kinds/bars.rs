//! Bar charts: status summary, stacked parts, bars with thresholds, grouped series.

use super::{
    Drawn, GRID, HEADER, INK, MUTED, SERIES, WIDTH, footer, header, no_data, status_color, text_on,
};
use crate::archive::{Archive, Day, Schema};
use crate::chart::canvas::{Align, Canvas, text_width};
use crate::chart::data::{self, Category};
use crate::model::chart::ChartDecl;
use crate::model::schema::ColumnType;
use crate::vn;

const ROW: i32 = 20;
const LABEL_SIZE: f64 = 12.0;

/// Formats a value the way its column is shown.
fn format_value(schema: &Schema, column: &str, value: f64) -> String {
    match schema
        .columns
        .iter()
        .find(|c| c.id == column)
        .map(|c| (c.kind, c.decimals))
    {
        Some((ColumnType::Percent | ColumnType::Ratio, d)) => vn::percent(value, d.unwrap_or(2)),
        Some((ColumnType::Integer, _)) => vn::integer(value.round() as i64),
        Some((_, d)) => vn::decimal(
            value,
            d.unwrap_or_else(|| vn::natural_decimals(value).min(2)),
        ),
        None => vn::decimal(value, 2),
    }
}

/// Width of the label column for these categories.
fn label_width(categories: &[Category], extra: &[&str]) -> i32 {
    let widest = categories
        .iter()
        .map(|c| c.label.as_str())
        .chain(extra.iter().copied())
        .map(|l| text_width(l, LABEL_SIZE))
        .fold(0.0, f64::max);
    (widest as i32 + 14).clamp(80, 240)
}

/// Entities by status, with counts: one bar per status of the vocabulary.
pub fn status_summary(archive: &Archive, day: &Day, decl: &ChartDecl, subtitle: &str) -> Drawn {
    let Some((schema, table)) = data::table(archive, day, decl) else {
        return no_data(&decl.title, subtitle);
    };
    let categories = data::categories(schema, table, decl, &[]);
    let total = categories.iter().filter(|c| c.status.is_some()).count();
    if total == 0 {
        return no_data(&decl.title, subtitle);
    }
    let statuses = archive.statuses();
    let height = (HEADER + 12 + statuses.len() as i32 * 40 + 34) as u32;
    let counts: Vec<(String, usize)> = statuses
        .iter()
        .map(|s| {
            (
                s.code.clone(),
                categories
                    .iter()
                    .filter(|c| c.status.as_deref() == Some(&s.code))
                    .count(),
            )
        })
        .collect();
    let missing = categories.len() - total;
    let mut desc = counts
        .iter()
        .map(|(code, n)| format!("{code}: {n}/{}", categories.len()))
        .collect::<Vec<_>>()
        .join("; ");
    if missing > 0 {
        desc.push_str(&format!("; không có dữ liệu: {missing}"));
    }
    let mut canvas = Canvas::new(WIDTH, height, &decl.title, &desc);
    header(&mut canvas, &decl.title, subtitle);
    let (x0, x1) = (110, WIDTH as i32 - 150);
    for (i, (code, n)) in counts.iter().enumerate() {
        let y = HEADER + 12 + i as i32 * 40;
        canvas.text((16, y + 14), code, 14.0, INK, Align::Left, true);
        canvas.rect((x0, y), (x1, y + 28), BACKGROUND, Some(GRID));
        let w = ((x1 - x0) as f64 * *n as f64 / categories.len() as f64).round() as i32;
        if w > 0 {
            let fill = status_color(archive, code);
            canvas.rect((x0, y), (x0 + w, y + 28), fill, None);
        }
        let share = vn::percent(*n as f64 / categories.len() as f64 * 100.0, 1);
        canvas.text(
            (x1 + 10, y + 14),
            &format!("{n}/{} ({share})", categories.len()),
            14.0,
            INK,
            Align::Left,
            true,
        );
    }
    footer(&mut canvas, height, decl.source.as_deref());
    Drawn {
        svg: canvas.finish(),
        desc,
    }
}

const BACKGROUND: plotters::style::RGBColor = plotters::style::RGBColor(246, 246, 246);

/// Parts stacked to 100% per entity (XANH/VÀNG/ĐỎ communes), sorted by the share of the sort
/// column, with the national total first. Part colours follow the status vocabulary's order.
pub fn stacked_bars(archive: &Archive, day: &Day, decl: &ChartDecl, subtitle: &str) -> Drawn {
    let Some((schema, table)) = data::table(archive, day, decl) else {
        return no_data(&decl.title, subtitle);
    };
    let columns: Vec<_> = decl.columns.iter().collect();
    let mut categories = data::categories(schema, table, decl, &columns);
    if categories.is_empty() {
        return no_data(&decl.title, subtitle);
    }
    let sort_index = decl
        .sort
        .as_ref()
        .and_then(|s| decl.columns.iter().position(|c| c.value == s.by.value))
        .unwrap_or(0);
    let share = |c: &Category| -> Option<f64> {
        let total: f64 = c.values.iter().flatten().sum();
        (total > 0.0 && c.values.iter().all(Option::is_some))
            .then(|| c.values[sort_index].unwrap_or(0.0) / total * 100.0)
    };
    data::sort(
        &mut categories,
        share,
        decl.sort.as_ref().is_none_or(|s| s.descending),
    );
    let national = Category {
        label: "Toàn quốc".into(),
        values: (0..columns.len())
            .map(|i| Some(categories.iter().filter_map(|c| c.values[i]).sum()))
            .collect(),
        status: None,
    };
    let rows: Vec<&Category> = std::iter::once(&national).chain(&categories).collect();
    let lw = label_width(&categories, &["Toàn quốc"]);
    let (x0, x1) = (16 + lw, WIDTH as i32 - 66);
    let legend_y = HEADER + 4;
    let top = HEADER + 30;
    let height = (top + rows.len() as i32 * ROW + 10 + 34) as u32;
    let colors: Vec<_> = (0..columns.len())
        .map(|i| {
            archive
                .statuses()
                .get(i)
                .map_or(SERIES[i % SERIES.len()], |s| super::parse_color(&s.color))
        })
        .collect();
    let names: Vec<String> = decl
        .columns
        .iter()
        .map(|c| data::column_label(schema, &c.value))
        .collect();
    let national_share = share(&national).map_or("—".into(), |s| vn::percent(s, 1));
    let desc = format!(
        "{} theo {} {}. Toàn quốc: {} ({} {}). {} đơn vị, sắp xếp theo tỉ lệ {} {}.",
        names.join(", "),
        categories.len(),
        "đơn vị",
        names
            .iter()
            .zip(&national.values)
            .map(|(n, v)| format!("{n} {}", vn::integer(v.unwrap_or(0.0) as i64)))
            .collect::<Vec<_>>()
            .join(", "),
        names[sort_index],
        national_share,
        categories.len(),
        names[sort_index],
        if decl.sort.as_ref().is_none_or(|s| s.descending) {
            "giảm dần"
        } else {
            "tăng dần"
        },
    );
    let mut canvas = Canvas::new(WIDTH, height, &decl.title, &desc);
    header(&mut canvas, &decl.title, subtitle);
    let items: Vec<_> = colors.iter().copied().zip(names.iter().cloned()).collect();
    super::legend(Some(&mut canvas), &items, legend_y);
    canvas.text(
        (WIDTH as i32 - 16, legend_y + 7),
        &format!("% {}", names[sort_index]),
        12.0,
        MUTED,
        Align::Right,
        false,
    );
    for (r, category) in rows.iter().enumerate() {
        let y = top + r as i32 * ROW;
        let bold = r == 0;
        canvas.text(
            (x0 - 8, y + ROW / 2 - 1),
            &category.label,
            LABEL_SIZE,
            INK,
            Align::Right,
            bold,
        );
        let total: f64 = category.values.iter().flatten().sum();
        if total <= 0.0 || category.values.iter().any(Option::is_none) {
            canvas.rect((x0, y + 2), (x1, y + ROW - 3), super::MISSING, Some(GRID));
            canvas.text(
                ((x0 + x1) / 2, y + ROW / 2 - 1),
                "không có dữ liệu",
                11.0,
                MUTED,
                Align::Center,
                false,
            );
            canvas.text(
                (x1 + 6, y + ROW / 2 - 1),
                "—",
                LABEL_SIZE,
                MUTED,
                Align::Left,
                false,
            );
            continue;
        }
        let mut x = x0 as f64;
        for (value, color) in category.values.iter().zip(&colors) {
            let v = value.unwrap_or(0.0);
            let w = (x1 - x0) as f64 * v / total;
            if w >= 0.5 {
                canvas.rect(
                    (x.round() as i32, y + 2),
                    ((x + w).round() as i32, y + ROW - 3),
                    *color,
                    None,
                );
                let label = vn::integer(v as i64);
                if text_width(&label, 10.0) + 4.0 < w {
                    canvas.text(
                        ((x + w / 2.0) as i32, y + ROW / 2 - 1),
                        &label,
                        10.0,
                        text_on(*color),
                        Align::Center,
                        false,
                    );
                }
            }
            x += w;
        }
        canvas.outline((x0, y + 2), (x1, y + ROW - 3), INK);
        let pct = share(category).map_or("—".into(), |s| vn::percent(s, 1));
        canvas.text(
            (x1 + 6, y + ROW / 2 - 1),
            &pct,
            LABEL_SIZE,
            INK,
            Align::Left,
            bold,
        );
    }
    footer(&mut canvas, height, decl.source.as_deref());
    Drawn {
        svg: canvas.finish(),
        desc,
    }
}

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
                let fill = if is_low {
                    plotters::style::RGBColor(176, 32, 32)
                } else {
                    SERIES[0]
                };
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
