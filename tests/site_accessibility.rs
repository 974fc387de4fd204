//! Accessibility of the example site's structure, checked exactly on every page: the language,
//! table header scopes, text alternatives of charts, and status shown by text as well as colour.
//! axe-core checks the rendered pages in a real browser (tests/browser/page_check.sh).

mod common;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use common::{render, repo, text_of};
use scraper::{Html, Selector};

/// The example site, rendered once for all the tests of this file.
fn example_site() -> &'static BTreeMap<String, String> {
    static SITE: LazyLock<BTreeMap<String, String>> =
        LazyLock::new(|| render(&repo().join("content")));
    &SITE
}

fn pages(site: &BTreeMap<String, String>) -> Vec<(&str, Html)> {
    site.iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, text)| (p.as_str(), Html::parse_document(text)))
        .collect()
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// The text of the first `<name>` element of an SVG file.
fn svg_text(svg: &str, name: &str) -> String {
    let html = Html::parse_document(svg);
    select(&html, name)
        .first()
        .map(|e| text_of(*e))
        .unwrap_or_default()
}

#[test]
fn every_page_is_in_vietnamese() {
    let site = example_site();
    let pages = pages(site);
    assert!(pages.len() >= 8, "only {} pages", pages.len());
    for (path, html) in &pages {
        let lang = select(html, "html")[0].value().attr("lang");
        assert_eq!(lang, Some("vi"), "{path}");
    }
}

#[test]
fn every_table_header_cell_has_a_scope() {
    let site = example_site();
    let mut headers = 0;
    for (path, html) in &pages(site) {
        for th in select(html, "th") {
            let scope = th.value().attr("scope").unwrap_or("(none)");
            assert!(
                ["col", "colgroup", "row", "rowgroup"].contains(&scope),
                "{path}: <th> \"{}\" has scope {scope}",
                text_of(th)
            );
            headers += 1;
        }
    }
    assert!(headers > 1000, "only {headers} header cells");
}

#[test]
fn every_data_table_has_column_headers() {
    let site = example_site();
    let column_header = Selector::parse("thead th[scope=col], thead th[scope=colgroup]").unwrap();
    let mut tables = 0;
    for (path, html) in &pages(site) {
        for (n, table) in select(html, "table").into_iter().enumerate() {
            let headers = table.select(&column_header).count();
            assert!(headers > 0, "{path}: table {n} has no column headers");
            tables += 1;
        }
    }
    assert!(tables > 30, "only {tables} tables");
}

#[test]
fn every_image_has_a_text_alternative_that_describes_its_chart() {
    let site = example_site();
    let mut images = 0;
    for (path, html) in &pages(site) {
        for img in select(html, "img") {
            let src = img.value().attr("src").unwrap();
            let alt = img.value().attr("alt").unwrap_or_default();
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            let svg_path = common_path(dir, src);
            let svg = &site[&svg_path];
            let (title, desc) = (svg_text(svg, "title"), svg_text(svg, "desc"));
            assert!(!title.is_empty() && !desc.is_empty(), "{svg_path}");
            assert_eq!(alt, format!("{title}: {desc}"), "{path}: {src}");
            images += 1;
        }
    }
    assert!(images > 40, "only {images} images");
}

#[test]
fn every_chart_file_is_an_image_with_a_title_and_a_description() {
    let site = example_site();
    let charts: Vec<_> = site.iter().filter(|(p, _)| p.ends_with(".svg")).collect();
    assert!(charts.len() >= 29, "only {} charts", charts.len());
    for (path, svg) in charts {
        assert!(
            svg.contains(r#"role="img" aria-labelledby="t d""#),
            "{path}"
        );
        assert!(!svg_text(svg, "title").is_empty(), "{path}: no title");
        assert!(!svg_text(svg, "desc").is_empty(), "{path}: no desc");
    }
}

#[test]
fn every_status_is_written_as_well_as_coloured() {
    let site = example_site();
    let mut statuses = 0;
    for (path, html) in &pages(site) {
        for status in select(html, ".status") {
            assert!(
                !text_of(status).is_empty(),
                "{path}: a status shown by colour only"
            );
            statuses += 1;
        }
    }
    assert!(statuses >= 34 + 34 + 3, "only {statuses} statuses");
}

/// `dir/link` with `..` segments resolved.
fn common_path(dir: &str, link: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in link.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            name => parts.push(name),
        }
    }
    parts.join("/")
}
