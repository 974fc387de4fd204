//! The archive over time: day-over-day changes, editions and their permanent addresses,
//! entity pages, feeds and the manifest, on the `archive` fixture, the real days and a sample.

mod common;

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use common::{copy_tree, fixture, read_tree, render, repo};
use daybrief::derive::{self, DayChanges};
use daybrief::load::{self, Sources};
use daybrief::{check, ident::sha256_hex};
use scraper::{Html, Selector};

fn derived(content: &Path) -> (daybrief::archive::Archive, derive::Derived, Vec<String>) {
    let mut inputs = load::load(&Sources::beside(content)).expect("content loads");
    let (archive, _) = check::check(&mut inputs).expect("content checks");
    let (derived, warnings) = derive::derive(&archive);
    let messages = warnings
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    (archive, derived, messages)
}

fn changes_on(
    archive: &daybrief::archive::Archive,
    derived: &derive::Derived,
    date: &str,
) -> DayChanges {
    archive
        .days
        .iter()
        .zip(&derived.days)
        .find(|(d, _)| d.date.format("%Y-%m-%d").to_string() == date)
        .map(|(day, d)| d.changes(archive, day))
        .expect("day in archive")
}

fn texts(html: &str, selector: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let selector = Selector::parse(selector).unwrap();
    document.select(&selector).map(common::text_of).collect()
}

#[test]
fn the_first_day_and_a_weekend_gap_are_labelled_explicitly() {
    let (archive, derived, _) = derived(&fixture("archive/content"));
    let first = changes_on(&archive, &derived, "2025-09-19");
    assert_eq!(first.label, "ngày đầu tiên của lưu trữ");
    assert_eq!((first.previous, first.gap_days), (None, None));
    let monday = changes_on(&archive, &derived, "2025-09-22");
    assert_eq!(monday.label, "so với ngày 19/9/2025");
    assert_eq!(monday.gap_days, Some(3));
    let shifts: Vec<(String, String, String)> = monday
        .status_shifts
        .iter()
        .map(|s| (s.entity.clone(), s.from.clone(), s.to.clone()))
        .collect();
    // "Hung Yên" on 22/9 is the declared alias of Hưng Yên: one entity, not a new row.
    assert_eq!(
        shifts,
        [
            ("Cao Bằng".into(), "VÀNG".into(), "XANH".into()),
            ("Hưng Yên".into(), "ĐỎ".into(), "VÀNG".into())
        ]
    );
    let xanh = monday.tables["phu_xanh"].sums["xanh"];
    // The current edition of 22/9 (the correction) has An Giang at 62.
    assert_eq!((xanh.before, xanh.after, xanh.delta), (105.0, 113.0, 8.0));
    let overdue = &monday.tables["qua_han"];
    assert_eq!(overdue.added, ["An Giang"]);
    assert_eq!(overdue.removed, ["Cao Bằng"]);
    let counts = &monday.status_counts["tien_do"];
    assert_eq!((counts["XANH"].before, counts["XANH"].after), (2.0, 3.0));
}

#[test]
fn a_typed_change_that_disagrees_with_the_previous_briefing_is_a_warning() {
    let (_, _, warnings) = derived(&fixture("archive/content"));
    assert_eq!(
        warnings,
        [
            "TĂNG / GIẢM of An Giang in `phu_xanh` is typed 3, but the change since 22/9/2025 computes to 0"
        ]
    );
}

#[test]
fn the_real_days_are_compared_across_their_gap() {
    let (archive, derived, _) = derived(&repo().join("content"));
    let changes = changes_on(&archive, &derived, "2025-09-22");
    assert_eq!(changes.label, "so với ngày 09/8/2025");
    assert_eq!(changes.gap_days, Some(44));
    // The golden keeps the headline figures and the size of each table's changes.
    let tables: serde_json::Map<String, serde_json::Value> = changes
        .tables
        .iter()
        .map(|(id, t)| {
            let value = serde_json::json!({
                "sums": t.sums,
                "rows_added": t.added.len(),
                "rows_removed": t.removed.len(),
                "rows_changed": t.changed.len(),
            });
            (id.clone(), value)
        })
        .collect();
    let golden = serde_json::json!({
        "label": changes.label,
        "gap_days": changes.gap_days,
        "status_counts": changes.status_counts,
        "status_shifts": changes.status_shifts,
        "tables": tables,
    });
    insta::assert_snapshot!(
        "real_days_changes",
        serde_json::to_string_pretty(&golden).unwrap()
    );
}

#[test]
fn a_correction_lists_exactly_what_changed() {
    let (_, derived, _) = derived(&fixture("archive/content"));
    let day = derived
        .days
        .iter()
        .find(|d| d.date.to_string() == "2025-09-22")
        .unwrap();
    assert_eq!(day.edition_changes.len(), 1);
    let correction = &day.edition_changes[0];
    assert_eq!((correction.from, correction.to), (1, 2));
    let paragraphs: Vec<(&str, &str)> = correction
        .paragraphs
        .iter()
        .map(|p| (p.kind, p.after.as_str()))
        .collect();
    assert_eq!(paragraphs, [("added", "Bản đính chính số liệu An Giang.")]);
    let (table, changes) = &correction.tables[0];
    assert_eq!(table, "phu_xanh");
    let cells: Vec<(String, String, String, String)> = changes
        .changed
        .iter()
        .flat_map(|r| {
            r.cells.iter().map(|c| {
                (
                    r.key.clone(),
                    c.label.clone(),
                    c.before.clone(),
                    c.after.clone(),
                )
            })
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("An Giang".into(), "XANH".into(), "61".into(), "62".into()),
            (
                "An Giang".into(),
                "XANH (%)".into(),
                "61".into(),
                "62".into()
            ),
            (
                "An Giang".into(),
                "TĂNG / GIẢM".into(),
                "1".into(),
                "2".into()
            ),
        ]
    );
}

#[test]
fn the_day_shows_its_latest_edition_and_links_the_earlier_one() {
    let site = render(&fixture("archive/content"));
    let notice = texts(&site["2025/09/22/index.html"], ".edition-notice");
    assert_eq!(
        notice,
        [
            "Bản cập nhật lần 2 (phát hành lúc 8h30 ngày 23/9/2025) — thay thế bản phát hành ngày 22/9/2025 ( xem bản trước ). Nội dung đính chính: sửa số xã XANH của An Giang. Những gì đã thay đổi ."
        ]
    );
    let frozen = texts(&site["2025/09/22/editions/1/index.html"], ".edition-notice");
    assert_eq!(
        frozen,
        [
            "Bản lưu cố định — bản 1 . Nội dung tại địa chỉ này không bao giờ thay đổi. Xem bản hiện hành của ngày này ."
        ]
    );
    let editions = texts(
        &site["2025/09/22/editions/index.html"],
        "table.editions tbody tr",
    );
    assert_eq!(editions.len(), 2);
    assert!(site.contains_key("2025/09/22/editions/2/appendices/index.html"));
}

#[test]
fn entities_are_indexed_in_vietnamese_order_with_aliases_merged() {
    let site = render(&fixture("archive/content"));
    assert_eq!(
        texts(&site["entities/index.html"], ".entity-index a"),
        ["An Giang", "Cao Bằng", "Đà Nẵng", "Hưng Yên"]
    );
    // Hưng Yên's history includes the days its name was typed "Hung Yên".
    let days = texts(&site["entities/hung-yen/index.html"], "#lich-su tbody th");
    assert_eq!(days, ["23/9/2025", "22/9/2025", "19/9/2025"]);
    let statuses = texts(
        &site["entities/hung-yen/index.html"],
        "#lich-su tbody .status-chip",
    );
    assert_eq!(statuses, ["VÀNG", "VÀNG", "ĐỎ"]);
}

#[test]
fn the_real_provinces_are_indexed_in_vietnamese_order() {
    let site = render(&repo().join("content"));
    let names = texts(&site["entities/index.html"], ".entity-index a");
    assert_eq!(names.len(), 34);
    assert_eq!(
        &names[..5],
        ["An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ"]
    );
    let d = names.iter().position(|n| n == "Đà Nẵng").unwrap();
    assert!(
        names[d - 1].starts_with('C') && names[d + 1] == "Đắk Lắk",
        "{names:?}"
    );
}

#[test]
fn navigation_pages_feed_sitemap_and_manifest() {
    let site = render(&fixture("archive/content"));
    assert!(
        site["latest/index.html"]
            .contains(r#"<meta http-equiv="refresh" content="0; url=../2025/09/23/index.html">"#)
    );
    assert_eq!(
        texts(&site["archive/2025/09/index.html"], "td.has-briefing a"),
        ["19", "22", "23"]
    );
    let cells = texts(&site["archive/2025/09/index.html"], "td.has-briefing");
    assert_eq!(cells.len(), 3);
    assert!(site["archive/2025/09/index.html"].contains(r#"<td class="has-briefing status-xanh"><a href="../../../2025/09/23/index.html" aria-label="Báo cáo ngày 23 tháng 9 năm 2025: 2 XANH · 2 VÀNG · 0 ĐỎ""#));
    let feed = &site["feed.xml"];
    assert!(feed.contains("<title>Báo cáo ngày 22/9/2025 — bản cập nhật lần 2</title>"));
    assert!(feed.contains("<updated>2025-09-23T23:59:59+07:00</updated>"));
    assert!(site["sitemap.xml"].contains("<loc>2025/09/22/editions/1/index.html</loc>"));
    let manifest: serde_json::Value = serde_json::from_str(&site["manifest.json"]).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), site.len() - 1);
    for file in files {
        let path = file["path"].as_str().unwrap();
        assert_eq!(
            file["sha256"].as_str().unwrap(),
            sha256_hex(site[path].as_bytes()),
            "{path}"
        );
    }
    let build_id = manifest["build_id"].as_str().unwrap();
    assert!(
        site["index.html"].contains(&format!(r#"mã <span class="build-id">{build_id}</span>"#))
    );
    assert!(manifest.get("built_at").is_none());
}

#[test]
fn no_edition_is_ever_lost_or_changed() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("archive/content"), &dir.path().join("content"));
    let daybrief = || {
        let mut cmd = Command::cargo_bin("daybrief").unwrap();
        cmd.current_dir(dir.path());
        cmd
    };
    assert!(daybrief().arg("build").status().unwrap().success());
    let content_before = read_tree(&dir.path().join("content"));
    let first = read_tree(&dir.path().join("site"));
    let permanent = |site: &std::collections::BTreeMap<String, Vec<u8>>| {
        site.iter()
            .filter(|(p, _)| p.contains("/editions/") && !p.ends_with("editions/index.html"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    // A build never touches content.
    assert_eq!(read_tree(&dir.path().join("content")), content_before);
    let output = daybrief()
        .args([
            "correct",
            "2025-09-19",
            "--at",
            "2025-09-24 10:00",
            "--reason",
            "sửa số xã",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let correction = dir.path().join("content/2025/09/19.2.yaml");
    let text = std::fs::read_to_string(&correction).unwrap();
    assert!(
        text.starts_with(
            "date: 2025-09-19\npublished: 2025-09-24 10:00\ncorrection: \"sửa số xã\"\n"
        )
    );
    std::fs::write(
        &correction,
        text.replace("[1, \"Cao Bằng\", 50, 10,", "[1, \"Cao Bằng\", 50, 11,"),
    )
    .unwrap();
    assert!(daybrief().arg("build").status().unwrap().success());
    let second = read_tree(&dir.path().join("site"));
    let (before, after) = (permanent(&first), permanent(&second));
    for (path, bytes) in &before {
        assert_eq!(
            after.get(path),
            Some(bytes),
            "{path} changed or disappeared"
        );
    }
    assert!(after.contains_key("2025/09/19/editions/2/index.html"));
    // The earlier files are all still in content/, unchanged.
    let content_after = read_tree(&dir.path().join("content"));
    for (path, bytes) in &content_before {
        assert_eq!(content_after.get(path), Some(bytes), "{path}");
    }
}

#[test]
fn a_sample_archive_is_marked_and_exercises_gaps_and_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::cargo_bin("daybrief")
        .unwrap()
        .args(["sample", "--days", "32", "--out"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let content = dir.path().join("content");
    let (archive, derived, warnings) = derived(&content);
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(archive.days.len(), 32);
    assert_eq!(archive.superseded.len(), 1);
    let changes: Vec<DayChanges> = archive
        .days
        .iter()
        .zip(&derived.days)
        .map(|(day, d)| d.changes(&archive, day))
        .collect();
    assert!(changes.iter().any(|c| c.gap_days == Some(2)));
    assert!(changes.iter().any(|c| !c.status_shifts.is_empty()));
    let site = render(&content);
    for (path, text) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            text.contains("DỮ LIỆU MẪU"),
            "{path} is not marked as sample data"
        );
    }
}

/// The rows of every table matched by `selector`: each row's cells (header cells included).
fn table_rows(html: &str, selector: &str) -> Vec<Vec<Vec<String>>> {
    let document = Html::parse_document(html);
    let tables = Selector::parse(selector).unwrap();
    let rows = Selector::parse("tr").unwrap();
    let cells = Selector::parse("th, td").unwrap();
    document
        .select(&tables)
        .map(|table| {
            table
                .select(&rows)
                .map(|row| row.select(&cells).map(common::text_of).collect())
                .collect()
        })
        .collect()
}

#[test]
fn the_changes_page_shows_rows_added_and_removed_as_tables() {
    let site = render(&fixture("archive/content"));
    let page = &site["2025/09/22/changes/index.html"];
    let selector = "#thay-doi-qua_han table.row-changes";
    assert_eq!(
        texts(page, &format!("{selector} caption")),
        ["Dòng mới (1)", "Dòng không còn (1)"]
    );
    let header = || vec!["STT".to_owned(), "Nhiệm vụ".into(), "Đơn vị".into()];
    let row = |cells: [&str; 3]| cells.map(str::to_owned).to_vec();
    assert_eq!(
        table_rows(page, selector),
        [
            vec![header(), row(["2", "Cấp chữ ký số", "UBND tỉnh An Giang"])],
            vec![
                header(),
                row(["1", "Kết nối một cửa", "UBND tỉnh Cao Bằng"])
            ],
        ]
    );
    // Headers are column headers, the key cell heads its row.
    assert_eq!(
        texts(page, &format!("{selector} thead th[scope=col]")).len(),
        6
    );
    assert_eq!(
        texts(page, &format!("{selector} tbody th[scope=row]")),
        ["UBND tỉnh An Giang", "UBND tỉnh Cao Bằng"]
    );
}

#[test]
fn a_permanent_copy_links_to_the_previous_briefing_as_released() {
    let site = render(&fixture("archive/content"));
    let previous = |page: &str| {
        let document = Html::parse_document(&site[page]);
        let link = Selector::parse(".day-nav a[rel=prev]").unwrap();
        document
            .select(&link)
            .map(|a| {
                (
                    a.value().attr("href").unwrap_or("").to_owned(),
                    common::text_of(a),
                )
            })
            .collect::<Vec<_>>()
    };
    // 22/9 edition 1 was released with 19/9 in force; 23/9 after 22/9's correction (8h30 23/9).
    assert_eq!(
        previous("2025/09/22/editions/1/index.html"),
        [(
            "../../../../../2025/09/19/editions/1/index.html".into(),
            "← Ngày 19/9/2025".into()
        )]
    );
    assert_eq!(
        previous("2025/09/22/editions/2/appendices/index.html"),
        [(
            "../../../../../../2025/09/19/editions/1/index.html".into(),
            "← Ngày 19/9/2025".into()
        )]
    );
    assert_eq!(
        previous("2025/09/23/editions/1/appendices/index.html"),
        [(
            "../../../../../../2025/09/22/editions/2/index.html".into(),
            "← Ngày 22/9/2025".into()
        )]
    );
    assert!(site.contains_key("2025/09/22/editions/2/index.html"));
    assert_eq!(previous("2025/09/19/editions/1/index.html"), []);
    assert_eq!(
        texts(
            &site["2025/09/19/editions/1/index.html"],
            ".day-nav .disabled"
        ),
        ["← Không có ngày trước", "Không có ngày sau →"]
    );
}

#[test]
fn a_computed_column_left_empty_is_filled_from_the_previous_briefing() {
    let work = tempfile::tempdir().unwrap();
    let content = work.path().join("content");
    copy_tree(&fixture("archive/content"), &content);
    let edit = |path: &str, from: &str, to: &str| {
        let path = content.join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    // The first day has no previous briefing: its empty change stays missing.
    edit("2025/09/19.yaml", "\"20\", \"0\"]", "\"20\", ~]");
    // 23/9 leaves three changes empty and still types An Giang's (wrongly).
    edit("2025/09/23.yaml", "\"30\", \"0\"]", "\"30\", ~]");
    edit("2025/09/23.yaml", "\"70\", \"-5\"]", "\"70\", ~]");
    edit("2025/09/23.yaml", "\"40\", \"10\"]", "\"40\", ~]");
    let (archive, derived, warnings) = derived(&content);
    assert_eq!(
        warnings,
        [
            "TĂNG / GIẢM of An Giang in `phu_xanh` is typed 3, but the change since 22/9/2025 computes to 0"
        ]
    );
    let index = archive
        .days
        .iter()
        .position(|d| d.date.to_string() == "2025-09-23")
        .unwrap();
    let table = derived.days[index]
        .table(&archive.days[index], "phu_xanh")
        .unwrap();
    let changes: Vec<String> = table.entity_rows().map(|c| c[5].display(None)).collect();
    // Against 22/9 as corrected (An Giang 62): 30 − 30, 70 − 75, 40 − 30; An Giang as typed.
    assert_eq!(changes, ["0", "-5", "10", "3"]);
    assert_eq!(derived.days[index].tables["phu_xanh"].sum["tang_giam"], 8.0);

    let site = render(&content);
    let csv_rows = |old: &str| -> Vec<String> {
        site[&common::moved(&site, old)]
            .trim_start_matches('\u{feff}')
            .lines()
            .skip(1)
            .map(str::to_owned)
            .collect()
    };
    let filled = [
        "1,Cao Bằng,50,15,30,0",
        "2,TP. Đà Nẵng,40,28,70,-5",
        "3,Hưng Yên,20,8,40,10",
        "4,An Giang,100,62,62,3",
    ];
    assert_eq!(csv_rows("2025/09/23/appendices/phu_xanh.csv")[..4], filled);
    assert_eq!(
        csv_rows("2025/09/23/editions/1/appendices/phu_xanh.csv")[..4],
        filled
    );
    assert_eq!(
        csv_rows("2025/09/19/appendices/phu_xanh.csv")[0],
        "1,Cao Bằng,50,10,20,—"
    );
    let first_day = table_rows(
        &site["2025/09/19/appendices/index.html"],
        "#bang-phu_xanh table.data",
    );
    assert_eq!(
        first_day[0][1],
        ["1", "Cao Bằng", "50", "10", "20", "— không có dữ liệu"]
    );
}
