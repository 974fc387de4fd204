//! Charts of the fixture publication: one snapshot per kind, and properties that must hold
//! whatever the drawing details.

mod common;

use common::{fixture, render};

fn svg(date: &str, name: &str) -> String {
    let site = render(&fixture("base/content"));
    site[&common::moved(&site, &format!("{date}/charts/{name}.svg"))].clone()
}

#[test]
fn status_summary_snapshot() {
    insta::assert_snapshot!("chart_status_summary", svg("2025/08/09", "trang_thai"));
}

#[test]
fn stacked_bars_snapshot() {
    insta::assert_snapshot!("chart_stacked_bars", svg("2025/08/09", "ho_so_chong"));
}

#[test]
fn threshold_bars_snapshot() {
    insta::assert_snapshot!("chart_threshold_bars", svg("2025/08/09", "ty_le"));
}

#[test]
fn grouped_bars_snapshot() {
    insta::assert_snapshot!("chart_grouped_bars", svg("2025/08/09", "nhom"));
}

#[test]
fn tile_map_snapshot() {
    insta::assert_snapshot!("chart_tile_map", svg("2025/08/09", "ban_do"));
}

#[test]
fn time_series_snapshot() {
    insta::assert_snapshot!("chart_time_series", svg("2025/08/09", "xu_huong"));
}

/// The text of every `<text>` element, in order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|part| {
            part.split_once('>')
                .unwrap()
                .1
                .split_once("</text>")
                .unwrap()
                .0
                .trim()
                .to_owned()
        })
        .collect()
}

#[test]
fn the_tile_map_has_one_tile_per_declared_entity() {
    let svg = svg("2025/08/09", "ban_do");
    let texts = texts(&svg);
    for name in ["Cao Bằng", "Đắk Lắk", "Hưng Yên"] {
        assert_eq!(
            texts.iter().filter(|t| *t == name).count(),
            1,
            "{name} in {texts:?}"
        );
    }
    // Cao Bằng and Đắk Lắk report; Hưng Yên is not in the table that day.
    assert_eq!(texts.iter().filter(|t| *t == "—").count(), 1);
}

#[test]
fn vietnamese_labels_round_trip_exactly() {
    let svg = svg("2025/08/09", "ban_do");
    assert!(svg.contains("<title id=\"t\">Bản đồ nhiệt</title>"));
    assert!(texts(&svg).contains(&"Đắk Lắk".to_owned()));
    let ty_le = svg_texts("2025/08/09", "ty_le");
    assert!(
        ty_le.contains(&"73,91% ◄ thấp nhất".to_owned()),
        "{ty_le:?}"
    );
    assert!(ty_le.contains(&"90,00%".to_owned()), "{ty_le:?}");
}

fn svg_texts(date: &str, name: &str) -> Vec<String> {
    texts(&svg(date, name))
}

#[test]
fn every_chart_of_a_day_without_data_says_so() {
    for name in ["trang_thai", "ho_so_chong", "ty_le", "nhom", "ban_do"] {
        let svg = svg("2025/08/10", name);
        assert!(
            texts(&svg).contains(&"Không có dữ liệu".to_owned())
                || svg.contains("không có dữ liệu"),
            "{name}"
        );
    }
    let empty = svg("2025/08/10", "ty_le");
    assert_eq!(
        texts(&empty).last().map(String::as_str),
        Some("Không có dữ liệu")
    );
}

#[test]
fn the_time_series_reads_every_day_up_to_the_current_one() {
    let texts = svg_texts("2025/08/10", "xu_huong");
    for date in ["08/8/2025", "09/8/2025", "10/8/2025"] {
        assert!(
            texts.contains(&date.to_owned()),
            "{date} missing in {texts:?}"
        );
    }
    let first = svg_texts("2025/08/08", "xu_huong");
    assert!(
        !first.contains(&"09/8/2025".to_owned()),
        "a day's chart must not show later days"
    );
}

#[test]
fn charts_are_placed_in_the_report_and_next_to_their_table() {
    let site = render(&fixture("base/content"));
    let report = &site["2025/08/09/index.html"];
    // Charts are shared files named by their content, linked relatively.
    let ban_do = common::moved(&site, "2025/08/09/charts/ban_do.svg");
    assert!(ban_do.starts_with("files/ban_do."), "{ban_do}");
    assert!(report.contains(&format!("<img src=\"../../../{ban_do}\"")));
    let appendices = &site["2025/08/09/appendices/index.html"];
    let ty_le = common::moved(&site, "2025/08/09/charts/ty_le.svg");
    assert!(appendices.contains(&format!("<img src=\"../../../../{ty_le}\"")));
    assert!(appendices.contains("<a href=\"index.html#bang-ho_so\">Bảng số liệu</a>"));
}
