//! The charts stay compact: styles are written once per group, numbers are whole pixels, and
//! the example briefing's charts stay within sizes measured when the compact writer came in
//! (about a third of what plotters' SVG backend wrote for the same charts).

mod common;

use std::collections::BTreeMap;

use common::{render, repo};

/// Attributes that style an element; only `<svg>`, `<g>` and the background may carry them.
const PRESENTATION: &[&str] = &[
    "fill",
    "stroke",
    "stroke-width",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "style",
    "class",
];

/// Geometry each drawn element may carry.
const GEOMETRY: &[(&str, &[&str])] = &[
    ("text", &["x", "y", "dy"]),
    ("path", &["d"]),
    ("circle", &["cx", "cy", "r"]),
    ("rect", &["x", "y", "width", "height"]),
];

fn charts() -> BTreeMap<String, String> {
    render(&repo().join("content"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(".svg") && !path.contains("/editions/"))
        .collect()
}

#[test]
fn the_example_briefings_charts_stay_small() {
    let site = render(&repo().join("content"));
    let charts: BTreeMap<&String, &String> = site
        .iter()
        .filter(|(path, _)| path.ends_with(".svg"))
        .collect();
    // The day's charts by the addresses earlier builds gave them.
    let day: Vec<(String, usize)> = site[".daybrief-moved.map"]
        .lines()
        .filter_map(|line| line.strip_prefix('"')?.split('"').next())
        .filter(|old| old.starts_with("2025/09/22/charts/"))
        .map(|old| (old.to_owned(), site[&common::moved(&site, old)].len()))
        .collect();
    assert_eq!(day.len(), 17);
    // Measured: 105,610 bytes for the 17 charts, the largest (bon_co_quan, 136 bars) 15,102;
    // plotters wrote 332,383 and 44,337.
    let total: usize = day.iter().map(|(_, n)| n).sum();
    assert!(
        total <= 116_000,
        "the charts of 22/9/2025 take {total} bytes"
    );
    for (path, n) in &day {
        assert!(*n <= 16_600, "{path} takes {n} bytes");
    }
    // A province's trend chart: 1,532 bytes at most (plotters: 3,124).
    for (path, svg) in charts.iter().filter(|(p, _)| p.starts_with("entities/")) {
        assert!(svg.len() <= 1_700, "{path} takes {} bytes", svg.len());
    }
}

#[test]
fn styles_are_written_once_per_group() {
    let (mut groups, mut marks) = (0, 0);
    for (path, svg) in &charts() {
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        let root = doc.root_element();
        let elements: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        let head: Vec<&str> = elements
            .iter()
            .take(3)
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(
            head,
            ["title", "desc", "rect"],
            "{path}: title, desc, background"
        );
        let mut previous: Option<Vec<(&str, &str)>> = None;
        for node in &elements[3..] {
            let name = node.tag_name().name();
            assert_eq!(name, "g", "{path}: <{name}> outside a group");
            groups += 1;
            let style: Vec<(&str, &str)> =
                node.attributes().map(|a| (a.name(), a.value())).collect();
            assert!(
                style.iter().all(|(k, _)| PRESENTATION.contains(k)),
                "{path}: {style:?}"
            );
            // Two groups in a row painted alike would be one group.
            assert_ne!(previous.as_ref(), Some(&style), "{path}: repeated group");
            previous = Some(style);
            let children: Vec<_> = node.children().filter(|n| n.is_element()).collect();
            assert!(!children.is_empty(), "{path}: an empty group");
            for child in children {
                let name = child.tag_name().name();
                let allowed = GEOMETRY
                    .iter()
                    .find(|(tag, _)| *tag == name)
                    .map(|(_, a)| *a)
                    .unwrap_or_else(|| panic!("{path}: <{name}> in a group"));
                for a in child.attributes() {
                    assert!(
                        allowed.contains(&a.name()),
                        "{path}: <{name}> carries {}",
                        a.name()
                    );
                    assert_pixels(path, a.value());
                }
                marks += match name {
                    "path" => child
                        .attribute("d")
                        .map_or(0, |d| d.matches(['M', 'm']).count()),
                    _ => 1,
                };
            }
        }
    }
    // Measured over the example site: 4,653 marks in 995 groups (4.7 a group); plotters wrote
    // every style on every element.
    assert!(
        marks >= groups * 4,
        "{marks} marks in {groups} groups: styles are repeated"
    );
}

/// Numbers in geometry are whole pixels (`dy` is the text's half x-height).
fn assert_pixels(path: &str, value: &str) {
    if value == ".5ex" {
        return;
    }
    for number in value
        .split(|c: char| c.is_ascii_alphabetic() || c == ' ' || c == '-')
        .filter(|n| !n.is_empty())
    {
        assert!(
            number.bytes().all(|b| b.is_ascii_digit()) && number.len() <= 4,
            "{path}: `{number}` in `{value}`"
        );
    }
}
