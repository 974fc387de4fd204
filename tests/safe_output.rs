//! Safe output for an intranet: every page carries the Content-Security-Policy; no output file
//! has an inline event handler, a `javascript:` address, an inline script or an address outside
//! the site; and markup typed into any text field comes out escaped or sanitised.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::render_site;
use common::{fixture, options, repo};
use scraper::{Html, Node, Selector};

/// The policy every page must carry, as written in `templates/base.html`.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// The one address allowed: the SVG namespace, an identifier that is never fetched.
const SVG_NAMESPACE: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

/// Attributes whose value is text for readers, never an address to follow.
const TEXT_ATTRIBUTES: &[&str] = &["alt", "title", "placeholder"];

/// Attributes whose value is an address the browser may load or follow.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "manifest",
    "xlink:href",
    "ping",
];

fn site(content: &Path) -> BTreeMap<String, Vec<u8>> {
    let (files, _, _) = render_site(&options(content, Path::new("unused"))).expect("site builds");
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Every problem found in a site, one line each; empty when the site is safe.
fn scan(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let mut report = |problem: String| problems.push(format!("{path}: {problem}"));
        match path.rsplit('.').next() {
            Some("html") => scan_html(&text, &mut report),
            Some("svg") => {
                // Text is escaped, so every `<` starts a tag: check the tags only.
                let tags = tags_only(&text.replacen(SVG_NAMESPACE, "", 1));
                for bad in ["://", "<script", "javascript:", "href", "<foreignobject"] {
                    if tags.to_lowercase().contains(bad) {
                        report(format!("`{bad}` in SVG"));
                    }
                }
                if has_event_attribute(&tags) {
                    report("event attribute in SVG".into());
                }
            }
            Some("css") => {
                for bad in ["://", "@import", "expression(", "url(//", "javascript:"] {
                    if text.contains(bad) {
                        report(format!("`{bad}` in CSS"));
                    }
                }
            }
            Some("js") => {
                for bad in [
                    "://",
                    "eval(",
                    "innerHTML",
                    "document.write",
                    "fetch(",
                    "XMLHttpRequest",
                ] {
                    if text.contains(bad) {
                        report(format!("`{bad}` in script"));
                    }
                }
            }
            Some("xml") => {
                // The feed and sitemap name their XML vocabularies; nothing else may be absolute.
                let rest = text
                    .replace("xmlns=\"http://www.w3.org/2005/Atom\"", "")
                    .replace("xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"", "");
                if rest.contains("://") {
                    report("an address in the feed or sitemap".into());
                }
            }
            _ => {
                if text.contains("://") {
                    report("an address in a data file".into());
                }
            }
        }
    }
    problems
}

fn scan_html(text: &str, report: &mut impl FnMut(String)) {
    let html = Html::parse_document(text);
    let csp = Selector::parse("meta[http-equiv=\"Content-Security-Policy\"]").unwrap();
    let policies: Vec<&str> = html
        .select(&csp)
        .filter_map(|m| m.value().attr("content"))
        .collect();
    if policies != [CSP] {
        report(format!("Content-Security-Policy is {policies:?}"));
    }
    let mut text_addresses = 0;
    for node in html.tree.nodes() {
        match node.value() {
            Node::Element(element) => {
                let name = element.name();
                if matches!(
                    name,
                    "iframe" | "object" | "embed" | "base" | "form" | "style" | "frame"
                ) {
                    report(format!("<{name}> element"));
                }
                if name == "script" {
                    let body: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    if !body.trim().is_empty() || element.attr("src").is_none() {
                        report("inline <script>".into());
                    }
                }
                for (attribute, value) in element.attrs() {
                    let squeezed: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_lowercase();
                    if attribute.to_lowercase().starts_with("on") {
                        report(format!("event attribute {attribute}=\"{value}\""));
                    }
                    if attribute == "style" {
                        report(format!("style attribute \"{value}\""));
                    }
                    if TEXT_ATTRIBUTES.contains(&attribute) || attribute.starts_with("aria-") {
                        // Shown or read out as text, never followed.
                        text_addresses += value.matches("://").count();
                        continue;
                    }
                    if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
                        report(format!("script address in {attribute}=\"{value}\""));
                    }
                    if value.contains("://") {
                        report(format!("address in {attribute}=\"{value}\""));
                    }
                    if URL_ATTRIBUTES.contains(&attribute) && leaves_site(&squeezed) {
                        report(format!("{attribute}=\"{value}\" leaves the site"));
                    }
                }
            }
            Node::Text(t) => text_addresses += t.matches("://").count(),
            _ => {}
        }
    }
    // An address may be shown as text (the source prints one), but nowhere else: not in an
    // attribute, a comment or a script.
    if text.matches("://").count() != text_addresses {
        report("an address outside the text".into());
    }
}

/// The markup of tags, without the text between them.
fn tags_only(markup: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in markup.chars() {
        match c {
            '<' => {
                inside = true;
                out.push(c);
            }
            '>' => {
                inside = false;
                out.push(c);
            }
            _ if inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// A scheme ("https:", "mailto:") or a scheme-relative start ("//host").
fn leaves_site(url: &str) -> bool {
    if url.starts_with("//") || url.starts_with("\\\\") || url.starts_with("/\\") {
        return true;
    }
    match url.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn has_event_attribute(markup: &str) -> bool {
    markup.match_indices(" on").any(|(i, _)| {
        let rest = &markup[i + 3..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        !name.is_empty() && rest[name.len()..].trim_start().starts_with('=')
    })
}

#[test]
fn the_example_site_is_safe() {
    let files = site(&repo().join("content"));
    assert!(files.keys().filter(|p| p.ends_with(".html")).count() >= 8);
    assert_eq!(scan(&files), Vec::<String>::new());
}

#[test]
fn the_fixture_site_is_safe() {
    let files = site(&fixture("base/content"));
    assert_eq!(scan(&files), Vec::<String>::new());
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    let page = |body: &str| {
        format!(
            "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"></head><body>{body}</body></html>"
        )
    };
    let mut files = BTreeMap::new();
    files.insert(
        "ok.html".to_owned(),
        page("<p>https://nq57.vn</p>").into_bytes(),
    );
    files.insert(
        "a.html".to_owned(),
        page("<p onclick=\"x()\">a</p>").into_bytes(),
    );
    files.insert(
        "b.html".to_owned(),
        page("<a href=\" java\tscript:x()\">b</a>").into_bytes(),
    );
    files.insert(
        "c.html".to_owned(),
        page("<script>x()</script>").into_bytes(),
    );
    files.insert(
        "d.html".to_owned(),
        page("<img src=\"//evil.example/d.png\">").into_bytes(),
    );
    files.insert(
        "e.html".to_owned(),
        b"<html><body>no policy</body></html>".to_vec(),
    );
    files.insert(
        "f.svg".to_owned(),
        b"<svg><rect onload=\"x()\"/><text>&lt;a onclick=x&gt;</text></svg>".to_vec(),
    );
    files.insert(
        "h.html".to_owned(),
        page("<img alt=\"javascript:x() https://a.b\" src=\"x.png\">").into_bytes(),
    );
    files.insert(
        "g.css".to_owned(),
        b"a { background: url(https://evil.example/) }".to_vec(),
    );
    assert_eq!(
        scan(&files),
        [
            "a.html: event attribute onclick=\"x()\"",
            "b.html: script address in href=\" java\tscript:x()\"",
            "b.html: href=\" java\tscript:x()\" leaves the site",
            "c.html: inline <script>",
            "d.html: src=\"//evil.example/d.png\" leaves the site",
            "e.html: Content-Security-Policy is []",
            "f.svg: event attribute in SVG",
            "g.css: `://` in CSS",
        ]
    );
}

/// The payload typed into every plain text field of the hostile fixture, after its marker.
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&lt;a href=&quot;javascript:alert(3)&quot;&gt;x&lt;/a&gt;&quot;&gt;&lt;svg onload=alert(4)&gt;";

#[test]
fn markup_in_every_text_field_is_escaped_or_removed() {
    let files = site(&fixture("hostile/content"));
    assert_eq!(scan(&files), Vec::<String>::new());
    let page = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    let report = page("2025/08/09/index.html");
    let appendices = page("2025/08/09/appendices/index.html");
    let slides = page("2025/08/09/slides/index.html");
    let home = page("index.html");
    let map = page(&common::moved(&files, "2025/08/09/charts/ban_do.svg"));
    // Plain text fields: the markup is shown as text.
    let escaped = [
        (&report, "PUB_NAME"),
        (&home, "PUB_NAME"),
        (&report, "PUB_ISSUER"),
        (&report, "PUB_SUBTITLE"),
        (&report, "DATA_TIME"),
        (&appendices, "APPENDIX_TITLE"),
        (&appendices, "ENTITY"),
        (&map, "ENTITY"),
        (&report, "CHART_TITLE"),
        (&map, "CHART_TITLE"),
        (&map, "CHART_SUBTITLE"),
        (&map, "CHART_SOURCE"),
        (&appendices, "TOTAL_LABEL"),
        (&appendices, "COLUMN_LABEL"),
        (&appendices, "COLUMN_GROUP"),
        (&report, "NUMBER"),
        (&home, "NUMBER"),
        (&report, "DAY_TITLE"),
        (&home, "DAY_TITLE"),
        (&report, "RECIPIENT"),
        (&report, "SECTION_NUMBER"),
        (&report, "SECTION_TITLE"),
        (&report, "DISTRIBUTION"),
        (&report, "SIG_AUTHORITY"),
        (&report, "SIG_POSITION"),
        (&report, "SIG_NAME"),
        (&report, "NOTE_MARK"),
        (&report, "NOTE_TEXT"),
        (&report, "FOOTNOTE"),
        (&appendices, "CAPTION"),
        (&appendices, "TABLE_TITLE"),
        (&appendices, "TABLE_NOTE"),
        (&appendices, "MISSING_NOTE"),
        (&appendices, "GROUP_CAPTION"),
        (&appendices, "STATUS_LABEL"),
        (&slides, "SLIDE_TITLE"),
        (&slides, "SLIDE_SUBTITLE"),
        (&slides, "KPI_LABEL"),
        (&slides, "KPI_VALUE"),
        (&slides, "KPI_CHANGE"),
        (&slides, "LIST_LABEL"),
        (&slides, "LIST_CHANGE"),
        (&slides, "LIST_ITEM"),
        (&slides, "CHART_NOTE"),
    ];
    for (page, marker) in escaped {
        assert!(
            page.contains(&format!("{marker}{ESCAPED}")),
            "{marker} is not escaped"
        );
    }
    // Markdown and HTML cells: scripts, handlers, script and outside addresses removed.
    let sanitised = [
        (
            &report,
            "<p>INTRO  <img src=\"x\"> <a>x</a> <a>y</a> <a>z</a> <a>w</a>   </p><div>d</div><p></p>",
        ),
        (&report, "<p>BODY  </p> <p></p>"),
        (&report, "<p>CLOSING<img src=\"x\"><a>x</a>\"&gt;</p>"),
        (&appendices, "<td class=\"text\">CELLx\"&gt;</td>"),
        (
            &appendices,
            "<th scope=\"row\" class=\"text\">ENTITYx\"&gt;</th>",
        ),
        (&appendices, "<td class=\"text\"><p>CELL_P</p><p>b</p></td>"),
        (&slides, "<li>BULLET <a>x</a></li>"),
        (&slides, "<div class=\"slide-notes\"><p>NOTES <a>x</a></p>"),
    ];
    for (page, fragment) in sanitised {
        assert!(page.contains(fragment), "missing: {fragment}");
    }
}
