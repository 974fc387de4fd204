//! Offline link check of the built sites (the fixture and the example content, built to disk):
//! every href, src and meta refresh of every page, and every url() of every stylesheet, is
//! relative, stays inside the site and names a file that exists; every fragment (`page.html#id`,
//! `#id`) names an element id of its target page.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::build;
use common::{fixture, options, read_tree, repo};
use scraper::{Html, Selector};

/// What one site's check found.
#[derive(Default)]
struct LinkReport {
    /// Links whose target file was found.
    files: usize,
    /// Fragments whose element was found.
    fragments: usize,
    /// One line per broken link.
    broken: Vec<String>,
}

/// Builds `content` into a temporary folder and returns its files.
fn built_site(content: &Path) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&options(content, &out)).expect("the site builds");
    read_tree(&out)
}

/// Decodes %XX escapes (UTF-8).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves a relative link from the file `from` to a site path, or says why it cannot.
fn resolve(from: &str, link: &str) -> Result<String, &'static str> {
    let has_scheme = link
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty());
    if has_scheme {
        return Err("not relative: it has a scheme");
    }
    if link.starts_with('/') {
        return Err("not relative: it starts with /");
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let decoded = percent_decode(link);
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or("climbs above the site root")?;
            }
            name => parts.push(name),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || link.is_empty() || path.is_empty() {
        path = if path.is_empty() {
            "index.html".into()
        } else {
            format!("{path}/index.html")
        };
    }
    Ok(path)
}

/// Every element id (and `a name`) of every HTML page.
fn ids_by_page(pages: &BTreeMap<String, Html>) -> BTreeMap<&str, BTreeSet<String>> {
    let with_id = Selector::parse("[id], a[name]").unwrap();
    pages
        .iter()
        .map(|(path, html)| {
            let ids = html
                .select(&with_id)
                .filter_map(|e| e.value().id().or_else(|| e.value().attr("name")))
                .map(str::to_owned)
                .collect();
            (path.as_str(), ids)
        })
        .collect()
}

/// Links of a stylesheet: `url(...)` and `@import "..."`.
fn css_links(css: &str) -> Vec<String> {
    let mut links = Vec::new();
    for (i, _) in css.match_indices("url(") {
        let rest = &css[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        links.push(rest[..end].trim().trim_matches(['"', '\'']).to_owned());
    }
    for (i, _) in css.match_indices("@import") {
        let rest = css[i + 7..].trim_start();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            links.extend(rest[1..].split(quote).next().map(str::to_owned));
        }
    }
    links.retain(|l| !l.starts_with("data:"));
    links
}

fn check_site(files: &BTreeMap<String, Vec<u8>>) -> LinkReport {
    let text = |path: &str| String::from_utf8_lossy(&files[path]).into_owned();
    let pages: BTreeMap<String, Html> = files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p.clone(), Html::parse_document(&text(p))))
        .collect();
    let ids = ids_by_page(&pages);
    let linking = Selector::parse("[href], [src], [srcset], [poster]").unwrap();
    let refresh = Selector::parse(r#"meta[http-equiv="refresh" i][content]"#).unwrap();
    let mut links: Vec<(&str, String)> = Vec::new();
    for (path, html) in &pages {
        for element in html.select(&linking) {
            let value = element.value();
            links.extend(
                ["href", "src", "poster"]
                    .iter()
                    .filter_map(|a| value.attr(a))
                    .map(|l| (path.as_str(), l.trim().to_owned())),
            );
            if let Some(srcset) = value.attr("srcset") {
                links.extend(srcset.split(',').filter_map(|c| {
                    c.split_whitespace()
                        .next()
                        .map(|l| (path.as_str(), l.to_owned()))
                }));
            }
        }
    }
    for (path, html) in &pages {
        // <meta http-equiv="refresh" content="0; url=TARGET">
        links.extend(html.select(&refresh).filter_map(|meta| {
            let content = meta.value().attr("content")?;
            let (_, target) = content.split_once("url=")?;
            Some((
                path.as_str(),
                target.trim().trim_matches(['"', '\'']).to_owned(),
            ))
        }));
    }
    for path in files.keys().filter(|p| p.ends_with(".css")) {
        links.extend(
            css_links(&text(path))
                .into_iter()
                .map(|l| (path.as_str(), l)),
        );
    }

    let mut report = LinkReport::default();
    for (from, link) in links {
        let (target, fragment) = link.split_once('#').unwrap_or((&link, ""));
        let target = target.split('?').next().unwrap_or_default();
        let resolved = if target.is_empty() && !link.is_empty() {
            Ok(from.to_owned())
        } else {
            resolve(from, target)
        };
        let resolved = match resolved {
            Ok(path) if files.contains_key(&path) => path,
            Ok(path) => {
                report
                    .broken
                    .push(format!("{from}: {link} → {path} does not exist"));
                continue;
            }
            Err(why) => {
                report.broken.push(format!("{from}: {link} {why}"));
                continue;
            }
        };
        report.files += 1;
        if fragment.is_empty() || from.ends_with(".css") {
            continue;
        }
        let fragment = percent_decode(fragment);
        match ids.get(resolved.as_str()) {
            Some(page_ids) if page_ids.contains(&fragment) => report.fragments += 1,
            Some(_) => report.broken.push(format!(
                "{from}: {link} → no id \"{fragment}\" in {resolved}"
            )),
            None => report.broken.push(format!(
                "{from}: {link} → a fragment of {resolved}, not a page"
            )),
        }
    }
    report
}

#[test]
fn every_link_and_fragment_of_the_example_site_resolves() {
    let report = check_site(&built_site(&repo().join("content")));
    assert_eq!(report.broken, Vec::<String>::new());
    // The two example days: 8 pages, 29 charts, 39 CSV downloads, each table's chart links and
    // each appendix table of contents.
    assert!(report.files > 250, "only {} links checked", report.files);
    assert!(report.fragments > 80, "only {} fragments", report.fragments);
}

#[test]
fn every_link_and_fragment_of_the_fixture_site_resolves() {
    let report = check_site(&built_site(&fixture("base/content")));
    assert_eq!(report.broken, Vec::<String>::new());
    assert!(report.files > 150, "only {} links checked", report.files);
    assert!(report.fragments > 25, "only {} fragments", report.fragments);
}

#[test]
fn the_link_check_finds_each_kind_of_broken_link() {
    let page = |body: &str| {
        format!("<!DOCTYPE html><html><body><p id=\"here\">x</p>{body}</body></html>").into_bytes()
    };
    let files = BTreeMap::from([
        (
            "index.html".to_owned(),
            page(concat!(
                r#"<a href="a/index.html#here">ok</a><a href="a/index.html#nowhere">1</a>"#,
                r##"<a href="#here">ok</a><a href="#gone">2</a><img src="missing.svg">"##,
                r#"<a href="https://example.org/">4</a><a href="/abs.html">5</a>"#,
                r#"<a href="../up.html">6</a><a href="style.css#x">7</a><a href="a/">ok</a>"#
            )),
        ),
        (
            "a/index.html".to_owned(),
            page(r#"<meta http-equiv="refresh" content="0; url=../b/index.html">"#),
        ),
        (
            "style.css".to_owned(),
            b"p { background: url(\"gone.svg\") } q { background: url(a/index.html) }".to_vec(),
        ),
    ]);
    let report = check_site(&files);
    assert_eq!(
        report.broken,
        [
            "index.html: a/index.html#nowhere → no id \"nowhere\" in a/index.html",
            "index.html: #gone → no id \"gone\" in index.html",
            "index.html: missing.svg → missing.svg does not exist",
            "index.html: https://example.org/ not relative: it has a scheme",
            "index.html: /abs.html not relative: it starts with /",
            "index.html: ../up.html climbs above the site root",
            "index.html: style.css#x → a fragment of style.css, not a page",
            "a/index.html: ../b/index.html → b/index.html does not exist",
            "style.css: gone.svg → gone.svg does not exist",
        ]
    );
    assert_eq!((report.files, report.fragments), (7, 2));
}
