//! Bar charts of counts: the status summary and stacked parts, and the helpers all bar charts share.

use super::{
    Drawn, GRID, HEADER, INK, MUTED, SERIES, WIDTH, footer, header, no_data, status_color, text_on,
};
use crate::archive::{Archive, Day, Schema};
use crate::chart::canvas::{Align, Canvas, Rgb, text_width};
use crate::chart_data::{self as data, Category};
use crate::model::chart::ChartDecl;
use crate::model::schema::ColumnType;
use crate::vn;

pub(super) const ROW: i32 = 20;
pub(super) const LABEL_SIZE: f64 = 12.0;

/// Formats a value the way its column is shown.
pub(super) fn format_value(schema: &Schema, column: &str, value: f64) -> String {
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
pub(super) fn label_width(categories: &[Category], extra: &[&str]) -> i32 {
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

const BACKGROUND: Rgb = Rgb(246, 246, 246);

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
