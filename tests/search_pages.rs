//! The search page, the header search box and the index files of the fixture publication.
//! (The search itself is tested on the real index by `tests/search/search_check.sh`.)

mod common;

use common::{fixture, render};

/// Resolves a relative address from the page at `page` to a path from the site root.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn every_page_links_to_the_search_page() {
    let site = render(&fixture("base/content"));
    let links = scraper::Selector::parse("header nav a[href]").unwrap();
    let mut pages = 0;
    for (path, html) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = scraper::Html::parse_document(html);
        let search: Vec<_> = doc
            .select(&links)
            .filter(|a| resolve(path, a.value().attr("href").unwrap()) == "search/index.html")
            .collect();
        assert_eq!(search.len(), 1, "{path}");
        let current = search[0].value().attr("aria-current");
        let expected = (path == "search/index.html").then_some("page");
        assert_eq!(current, expected, "{path}");
        pages += 1;
    }
    assert!(pages > 20, "{pages} pages");
}

#[test]
fn the_search_page_loads_the_script_and_every_index_file() {
    let site = render(&fixture("base/content"));
    let page = "search/index.html";
    let doc = scraper::Html::parse_document(&site[page]);
    let one = |css: &str| {
        doc.select(&scraper::Selector::parse(css).unwrap())
            .next()
            .unwrap_or_else(|| panic!("no {css}"))
            .value()
    };
    let script = resolve(page, one("head script[src]").attr("src").unwrap());
    assert_eq!(script, "assets/search.js");
    assert!(site.contains_key(&script));
    // The site allows no <form> (form-action 'none'): a search landmark with a field and a
    // button that search.js drives.
    assert!(!site[page].contains("<form"));
    assert_eq!(
        one("[role=search] input[type=search]").attr("name"),
        Some("q")
    );
    assert_eq!(one("[role=search] button").attr("type"), Some("button"));
    let search = one("#tim-kiem");
    assert_eq!(search.attr("data-root"), Some("../"));
    assert_eq!(search.attr("data-index"), Some("2025-08.js"));
    let indexes: Vec<&String> = site.keys().filter(|p| p.ends_with(".js")).collect();
    assert_eq!(
        indexes,
        ["assets/deck.js", "assets/search.js", "search/2025-08.js"]
    );
    // Without JavaScript the page says so and leads to the archive (HTML parsers read
    // <noscript> as text, so this looks at the markup).
    let noscript = site[page].split("<noscript>").nth(1).unwrap();
    let noscript = noscript.split("</noscript>").next().unwrap();
    assert!(
        noscript.contains("Tìm kiếm cần bật JavaScript"),
        "{noscript}"
    );
    assert!(
        noscript.contains(r#"<a href="../archive/index.html">"#),
        "{noscript}"
    );
}

#[test]
fn text_repeated_on_every_day_is_stored_once() {
    let site = render(&fixture("base/content"));
    let index = &site["search/2025-08.js"];
    // A table row is one block, its cells that hold only a number or "—" left out.
    assert_eq!(
        index.matches("\n\"Cao Bằng · SẴN SÀNG (XANH)\",\n").count(),
        1
    );
    for day in ["2025/08/08/", "2025/08/09/", "2025/08/10/"] {
        assert_eq!(index.matches(&format!("[\"{day}\",")).count(), 1, "{day}");
    }
    assert!(!index.contains("4600"));
    assert!(!index.contains("không có dữ liệu"));
}
