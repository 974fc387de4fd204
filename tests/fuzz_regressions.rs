//! Inputs the fuzz targets (`fuzz/`) found, kept as tests. Each replaces one file of a copy of
//! the base fixture and runs `daybrief check` (`site::check_only`), then asserts the exact
//! findings.

mod common;

use std::fs;

use common::check_only;
use common::{copy_tree, fixture, options};
use daybrief::Error;

/// Writes `bytes` as `content/<relative>` over a copy of the base fixture and checks it: each
/// finding as `file:line:column: message | the source line shown`.
fn check_replacing(relative: &str, bytes: &[u8]) -> Vec<String> {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), work.path());
    let content = work.path().join("content");
    fs::write(content.join(relative), bytes).unwrap();
    let report = match check_only(&options(&content, &work.path().join("site"))) {
        Ok(warnings) => warnings,
        Err(Error::Content(report)) => report,
        Err(other) => panic!("not a content diagnostic: {other:?}"),
    };
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} | {}",
                d.file.strip_prefix(&content).unwrap().display(),
                d.line,
                d.column,
                d.message,
                d.source_line.as_deref().unwrap_or("<none>")
            )
        })
        .collect()
}

#[test]
fn a_lone_carriage_return_ends_a_line_as_in_yaml() {
    // Found by `day_file` (input `\r\x020`): YAML counted line 2, the line shown was missing.
    assert_eq!(
        check_replacing("2025/08/09.yaml", b"\r\x020"),
        ["2025/08/09.yaml:2:1: the text holds the character U+0002 | \u{2}0"]
    );
}

#[test]
fn findings_after_lone_carriage_returns_name_the_line_shown() {
    let text = "date: 2025-08-09\rnumber: \"2-BC/TN\"\rtitel: x\r";
    assert_eq!(
        check_replacing("2025/08/09.yaml", text.as_bytes()),
        ["2025/08/09.yaml:3:1: unknown field `titel` | titel: x"]
    );
}
