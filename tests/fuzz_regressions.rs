//! Inputs the fuzz targets (`fuzz/`) found, kept as tests. Each replaces one file of the base
//! fixture in memory and runs the path of `daybrief check`, as the fuzz harness does, then
//! asserts the exact findings.

mod common;

use std::path::Path;

use common::{fixture, options};
use daybrief::Error;
use daybrief::load;
use daybrief::model::day::DayFile;
use daybrief::site::{self, BuildOptions};

/// The options of `daybrief check` on the base fixture.
fn base_options() -> BuildOptions {
    options(&fixture("base/content"), Path::new("unused"))
}

/// Replaces the day file 2025/08/09.yaml with `bytes` and checks: each finding as
/// `line:column: message | shown source line`.
fn check_day(bytes: &[u8]) -> Vec<String> {
    let options = base_options();
    let mut inputs = load::load(&options.sources).expect("the base fixture loads");
    let slot = inputs
        .days
        .iter()
        .position(|d| d.path.ends_with("2025/08/09.yaml"))
        .unwrap();
    let path = inputs.days[slot].path.clone();
    let mut report = daybrief::Report::default();
    let outcome = match load::parse_bytes::<DayFile>(&path, bytes, &mut report) {
        Some(day) => {
            inputs.days[slot] = day;
            site::render_inputs(&inputs, &options).map(|(_, warnings, _)| warnings)
        }
        None => Err(Error::Content(report)),
    };
    let report = match outcome {
        Ok(warnings) => warnings,
        Err(Error::Content(report)) => report,
        Err(other) => panic!("not a content diagnostic: {other:?}"),
    };
    report
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.file, path, "finding in another file: {d:?}");
            format!(
                "{}:{}: {} | {}",
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
    // Found by `day_file`: YAML counted line 2, the source line shown was missing.
    assert_eq!(
        check_day(b"\r\x020"),
        ["2:1: unexpected character: `\\u{2}' | \u{2}0"]
    );
}

#[test]
fn findings_after_lone_carriage_returns_name_the_line_shown() {
    let text = "date: 2025-08-09\rnumber: \"2-BC/TN\"\rtitel: x\r";
    assert_eq!(
        check_day(text.as_bytes()),
        ["3:1: unknown field `titel` | titel: x"]
    );
}
