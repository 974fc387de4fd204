//! The archive over time: day-over-day changes, editions and their permanent addresses,
//! entity pages, feeds and the manifest, on the `archive` fixture, the real days and a sample.

mod common;

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use common::{copy_tree, derived, fixture, read_tree, render, repo, texts};
use daybrief::derive::{self, DayChanges};
use daybrief::ident::sha256_hex;

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
fn a_day_neither_rendered_nor_read_by_the_rules_gets_only_what_the_site_wide_pages_read() {
    let (archive, full, _) = derived(&fixture("archive/content"));
    let monday = chrono::NaiveDate::from_ymd_opt(2025, 9, 22).unwrap();
    // Only 22/9 is rendered; every day's findings are kept from an earlier run.
    let (some, _) = derive::derive_for(&archive, &|d| d == monday, &|_| true);
    for (day, (part, whole)) in archive.days.iter().zip(some.days.iter().zip(&full.days)) {
        let shown = (part.date, part.previous, part.next, &part.national);
        assert_eq!(
            shown,
            (whole.date, whole.previous, whole.next, &whole.national)
        );
        if day.date == monday {
            assert!(!part.outline);
            assert_eq!(part.tables, whole.tables);
            assert_eq!(part.compared_with, whole.compared_with);
        } else {
            assert!(part.outline, "{}", day.date);
            assert!(
                part.tables.is_empty() && part.filled.is_empty(),
                "{}",
                day.date
            );
            assert!(!whole.outline && !whole.tables.is_empty(), "{}", day.date);
        }
    }
    // A day the rules read (its findings not kept) is derived in full.
    let (read, _) = derive::derive_for(&archive, &|_| false, &|d| d == monday);
    let whole: Vec<bool> = read.days.iter().map(|d| !d.outline).collect();
    assert_eq!(whole.iter().filter(|w| **w).count(), archive.days.len() - 1);
}

#[test]
fn a_typed_day_keeps_what_its_tables_say_of_each_entity_once_read() {
    let (archive, _, _) = derived(&fixture("archive/content"));
    for day in &archive.days {
        let read = daybrief::entity::DayEntities::of(
            &day.tables,
            &archive.publication,
            &archive.schemas,
            &archive.entity_index,
        );
        assert!(!read.status.is_empty(), "{}", day.date);
        assert_eq!(day.entities.get(), Some(&read), "{}", day.date);
    }
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

/// An entity's page shows the newest briefing's year; each earlier year has a page of its own,
/// linked from it, that carries its own id rather than the build's.
#[test]
fn an_entity_page_shows_its_latest_year_and_links_each_earlier_year() {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    copy_tree(&fixture("archive/content"), &content);
    let text = std::fs::read_to_string(content.join("2025/09/19.yaml")).unwrap();
    std::fs::create_dir_all(content.join("2024/09")).unwrap();
    let earlier = text.replacen("date: 2025-09-19", "date: 2024-09-19", 1);
    std::fs::write(content.join("2024/09/19.yaml"), earlier).unwrap();
    let site = render(&content);
    let page = &site["entities/hung-yen/index.html"];
    assert_eq!(
        texts(page, "#lich-su tbody th"),
        ["23/9/2025", "22/9/2025", "19/9/2025"]
    );
    assert_eq!(
        texts(page, "#lich-su h2"),
        ["Lịch sử theo ngày báo cáo năm 2025"]
    );
    assert_eq!(texts(page, ".entity-years a"), ["Năm 2024"]);
    assert!(page.contains(r#"<li><a href="2024/index.html">Năm 2024</a></li>"#));
    let year = &site["entities/hung-yen/2024/index.html"];
    assert_eq!(texts(year, "h1"), ["Hưng Yên — năm 2024"]);
    assert_eq!(
        texts(year, ".breadcrumb a"),
        ["Tỉnh, thành phố", "Hưng Yên"]
    );
    assert_eq!(texts(year, "#lich-su tbody th"), ["19/9/2024"]);
    assert!(year.contains(r#"<a href="../../../2024/09/19/index.html">19/9/2024</a>"#));
    assert_eq!(texts(year, ".entity-years a"), Vec::<String>::new());
    let build_id = texts(page, ".build-id");
    assert_eq!(build_id.len(), 1);
    assert_ne!(
        texts(year, ".build-id"),
        build_id,
        "a year's page has its own id"
    );
    assert!(!site.contains_key("entities/hung-yen/2025/index.html"));
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
