//! Builds the small fixture publication and compares the pages with reviewed snapshots.

mod common;

use common::build;
use common::{fixture, options, read_tree, render};

#[test]
fn report_page_matches_snapshot() {
    let site = render(&fixture("base/content"));
    insta::assert_snapshot!("base_report_2025_08_09", site["2025/08/09/index.html"]);
}

#[test]
fn appendices_page_matches_snapshot() {
    let site = render(&fixture("base/content"));
    insta::assert_snapshot!(
        "base_appendices_2025_08_09",
        site["2025/08/09/appendices/index.html"]
    );
}

#[test]
fn home_and_archive_match_snapshots() {
    let site = render(&fixture("base/content"));
    insta::assert_snapshot!("base_index", site["index.html"]);
    insta::assert_snapshot!("base_archive", site["archive/index.html"]);
}

#[test]
fn the_site_has_exactly_these_files() {
    let site = render(&fixture("base/content"));
    let paths: Vec<&str> = site.keys().map(String::as_str).collect();
    let mut expected = vec![
        "README.md",
        "archive/2025/08/index.html",
        "archive/2025/index.html",
        "archive/index.html",
        "assets/deck.css",
        "assets/deck.js",
        "assets/print.css",
        "assets/search.css",
        "assets/search.js",
        "assets/statuses.css",
        "assets/style.css",
        "feed.xml",
        "index.html",
        "latest/index.html",
        "manifest.json",
        "search/2025-08.js",
        "search/index.html",
        "sitemap.xml",
    ];
    let days = ["2025/08/08", "2025/08/09", "2025/08/10"];
    // Live pages, then the permanent copy of edition 1. The fixture declares no slides, so no
    // day has a deck page.
    let per_day = [
        "appendices/index.html",
        "changes/index.html",
        "editions/index.html",
        "index.html",
        "editions/1/appendices/index.html",
        "editions/1/index.html",
    ];
    // The addresses earlier builds gave the charts and CSV files, live and in edition 1's copy.
    let tables = ["ho_so", "tien_do"];
    let charts = [
        "ban_do",
        "ho_so_chong",
        "nhom",
        "trang_thai",
        "ty_le",
        "xu_huong",
    ];
    let mut shared = std::collections::BTreeSet::new();
    for day in days {
        expected.extend(per_day.iter().map(|f| format!("{day}/{f}")).map(leak));
        let old = tables
            .iter()
            .map(|t| format!("appendices/{t}.csv"))
            .chain(charts.iter().map(|c| format!("charts/{c}.svg")));
        for old in old {
            // No day of the fixture was corrected: edition 1's copy and the live pages share
            // one file for each chart and CSV.
            let live = common::moved(&site, &format!("{day}/{old}"));
            let copy = common::moved(&site, &format!("{day}/editions/1/{old}"));
            assert_eq!(live, copy, "{day}/{old}");
            assert!(live.starts_with("files/"), "{live}");
            shared.insert(live);
        }
    }
    // Every shared file is one of those, and the days' charts and CSV files differ.
    assert_eq!(shared.len(), days.len() * (tables.len() + charts.len()));
    expected.extend(shared.into_iter().map(leak));
    expected.push(".daybrief-moved.map");
    expected.sort();
    assert_eq!(paths, expected);
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn csv_has_a_bom_crlf_and_the_source_values() {
    let site = render(&fixture("base/content"));
    let csv = &site[&common::moved(&site, "2025/08/09/appendices/ho_so.csv")];
    let expected = "\u{feff}STT,Tỉnh,Vướng mắc,Trực tiếp - Tỉnh,Trực tuyến - Tỉnh,Tổng,Tỉ lệ\r\n\
Hàng 1–2: Không có trong bản nguồn\r\n\
I. Nhóm miền núi\r\n\
3,Cao Bằng,Mạng chậm,1200,3400,4600,\"73,91%\"\r\n\
3,Cao Bằng,Thiếu máy,—,10,10,\"100,00%\"\r\n\
4,Hưng Yên,Không có,0,2000,2000,\"100,00%\"\r\n\
Tổng,,,1200,5410,6610,\"81,85%\"\r\n";
    assert_eq!(csv, expected);
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&options(&fixture("base/content"), &a)).unwrap();
    build(&options(&fixture("base/content"), &b)).unwrap();
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert!(ta.len() > 10);
    assert_eq!(ta, tb);
}

#[test]
fn every_link_is_relative_and_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&options(&fixture("base/content"), &out)).unwrap();
    let selector = scraper::Selector::parse("a[href], link[href]").unwrap();
    let mut checked = 0;
    for (path, bytes) in read_tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let page_dir = std::path::Path::new(path).parent().unwrap();
        for element in html.select(&selector) {
            let href = element.value().attr("href").unwrap();
            assert!(
                !href.starts_with('/') && !href.contains("://"),
                "{path}: absolute link {href}"
            );
            let target = href.split('#').next().unwrap();
            if target.is_empty() {
                continue;
            }
            let resolved = out.join(page_dir).join(target);
            assert!(resolved.is_file(), "{path}: broken link {href}");
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} links checked");
}
