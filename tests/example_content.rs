//! Checks the rendered example briefing of 09/8/2025 against figures read from the source.

mod common;

use common::{render, repo, text_of};
use scraper::{Html, Selector};

fn appendices_0908() -> Html {
    let site = render(&repo().join("content"));
    Html::parse_document(&site["2025/08/09/appendices/index.html"])
}

/// Integer value of a Vietnamese-formatted cell: "3.321" → 3321.
fn int(text: &str) -> i64 {
    text.replace('.', "")
        .parse()
        .unwrap_or_else(|_| panic!("not an integer: {text}"))
}

fn rows(html: &Html, table_id: &str) -> Vec<Vec<String>> {
    let selector = Selector::parse(&format!("#bang-{table_id} tbody tr")).unwrap();
    let cell = Selector::parse("th, td").unwrap();
    html.select(&selector)
        .map(|tr| tr.select(&cell).map(text_of).collect())
        .collect()
}

#[test]
fn appendix_4_has_34_provinces_3321_communes_and_2078_green() {
    let html = appendices_0908();
    let rows = rows(&html, "phu_xanh_xa");
    assert_eq!(rows.len(), 34);
    let communes: i64 = rows.iter().map(|r| int(&r[2])).sum();
    let green: i64 = rows.iter().map(|r| int(&r[3])).sum();
    assert_eq!((communes, green), (3321, 2078));
    assert_eq!(rows[0][..6], ["1", "Cao Bằng", "56", "3", "37", "16"]);
}

#[test]
fn appendix_8_table_i_total_row_is_as_printed() {
    let html = appendices_0908();
    let total = Selector::parse("#bang-ho_so_tinh_ngay tfoot td").unwrap();
    let cells: Vec<String> = html.select(&total).map(text_of).collect();
    assert_eq!(
        cells,
        [
            "Tổng", "5.107", "14.195", "3.924", "19.302", "73,54%", "93.205"
        ]
    );
}

#[test]
fn appendix_5_marks_rows_1_to_16_missing_and_keeps_17_to_34() {
    let html = appendices_0908();
    let rows = rows(&html, "tieu_chi_xa");
    assert_eq!(rows[0], ["Hàng 1–16 không có trong bản nguồn"]);
    assert_eq!(rows.len(), 1 + 18);
    assert_eq!(rows[1][..3], ["17", "Hung Yên", "104"]);
    assert_eq!(rows[18][..3], ["34", "Vĩnh Long", "124"]);
    let missing_title = Selector::parse("#phu-luc-5 h2 .missing").unwrap();
    assert_eq!(html.select(&missing_title).count(), 1);
}

#[test]
fn appendix_1_shows_status_colour_and_text() {
    let html = appendices_0908();
    let status = Selector::parse("#bang-tien_do_tinh tbody .status").unwrap();
    let labels: Vec<(String, String)> = html
        .select(&status)
        .map(|s| (s.value().attr("class").unwrap().to_owned(), text_of(s)))
        .collect();
    assert_eq!(labels.len(), 34);
    assert_eq!(
        labels
            .iter()
            .filter(|(c, _)| c == "status status-xanh")
            .count(),
        31
    );
    assert_eq!(
        labels[31],
        ("status status-vang".to_owned(), "CHẬM (VÀNG)".to_owned())
    );
}

#[test]
fn appendix_6_spans_each_province_over_its_obstacles() {
    let html = appendices_0908();
    let spanning = Selector::parse("#bang-vuong_mac_xa tbody th[rowspan=\"3\"]").unwrap();
    let first: Vec<String> = html.select(&spanning).take(2).map(text_of).collect();
    assert_eq!(first, ["An Giang", "Bắc Ninh"]);
}

#[test]
fn appendix_7_html_cells_are_sanitised_not_raw() {
    let site = render(&repo().join("content"));
    let page = &site["2025/08/09/appendices/index.html"];
    assert!(page.contains("<p>Chủ trì phối hợp với các cơ quan liên quan:</p>"));
    assert!(!page.contains("&lt;p&gt;"));
}

#[test]
fn the_report_has_every_part_of_the_administrative_layout() {
    let site = render(&repo().join("content"));
    let html = Html::parse_document(&site["2025/08/09/index.html"]);
    let one = |css: &str| {
        html.select(&Selector::parse(css).unwrap())
            .map(text_of)
            .collect::<Vec<_>>()
    };
    assert_eq!(one(".doc-number"), ["Số 20-BCHN/CQTTBCĐ"]);
    assert_eq!(
        one(".doc-subtitle"),
        ["(Tổng hợp, đối chiếu thông tin đến 16h00 ngày 09/8/2025)"]
    );
    assert_eq!(one(".recipients li").len(), 12);
    assert_eq!(
        one(".doc-body h2"),
        [
            "I. TỔNG QUAN TIẾN ĐỘ",
            "II. CÁC NHÓM NHIỆM VỤ TRỌNG TÂM",
            "III. PHÂN TÍCH, PHÁT HIỆN VẤN ĐỀ"
        ]
    );
    assert_eq!(one(".sig-name"), ["Đặng Khánh Toàn"]);
    assert_eq!(one(".distribution li").len(), 10);
    assert_eq!(
        one(".footnote.circulation"),
        ["1 Báo cáo này không đăng tải trên báo, đài và các mạng xã hội."]
    );
}

#[test]
fn the_heat_map_has_one_tile_for_each_of_the_34_provinces() {
    let site = render(&repo().join("content"));
    for day in ["2025/08/09", "2025/09/22"] {
        let svg = &site[&common::moved(&site, &format!("{day}/charts/ban_do_nhiet.svg"))];
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .map(|t| {
                t.split_once('>')
                    .unwrap()
                    .1
                    .split_once("</text>")
                    .unwrap()
                    .0
                    .trim()
            })
            .collect();
        let inputs =
            daybrief::load::load(&daybrief::load::Sources::beside(&repo().join("content")))
                .unwrap();
        let entities = &inputs.publication.value.entities;
        assert_eq!(entities.len(), 34);
        for e in entities {
            assert_eq!(
                texts.iter().filter(|t| **t == e.name).count(),
                1,
                "{day}: {}",
                e.name
            );
        }
        // Every province reports a status on both days: no tile is left without data.
        assert!(!texts.contains(&"—"), "{day}: a province has no status");
    }
}
