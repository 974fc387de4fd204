//! Every output file is well-formed: each XML file of a built site (the feed, the sitemap, every
//! SVG chart) parses with a standard XML parser, and no page holds a control character or a
//! Unicode non-character. Checked on every fixture and example site, the hostile one included.

mod common;

use std::path::Path;

use common::{fixture, render, repo};

fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r') && (c as u32) < 0xA0)
        || matches!(c as u32, 0xFDD0..=0xFDEF)
        || (c as u32) & 0xFFFE == 0xFFFE
}

fn assert_well_formed(content: &Path) {
    let site = render(content);
    let mut xml_files = 0;
    for (path, text) in &site {
        if let Some(c) = text.chars().find(|c| forbidden(*c)) {
            panic!("{}: {path} holds U+{:04X}", content.display(), c as u32);
        }
        if path.ends_with(".xml") || path.ends_with(".svg") {
            xml_files += 1;
            if let Err(e) = roxmltree::Document::parse(text) {
                panic!("{}: {path} is not well-formed XML: {e}", content.display());
            }
        }
    }
    assert!(
        xml_files >= 2,
        "{}: no feed or sitemap built",
        content.display()
    );
}

#[test]
fn the_fixture_sites_are_well_formed() {
    assert_well_formed(&fixture("base/content"));
    assert_well_formed(&fixture("hostile/content"));
    assert_well_formed(&fixture("decree30/content"));
}

#[test]
fn the_example_sites_are_well_formed() {
    assert_well_formed(&repo().join("content"));
    assert_well_formed(&repo().join("examples/vpcp-5333-2025/content"));
    assert_well_formed(&repo().join("examples/vpcp-cchc-2022/content"));
}

#[test]
fn the_check_finds_a_broken_file() {
    assert!(roxmltree::Document::parse("<feed><title>a\u{1b}</title></feed>").is_err());
    assert!(forbidden('\u{0}') && forbidden('\u{ffff}') && !forbidden('\t') && !forbidden('đ'));
}
