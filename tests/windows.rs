//! A build that reads more days than a window holds (`BuildOptions::read_window`) types them
//! window by window and holds the others as outlines: its site must be byte for byte the one a
//! build reading every day at once makes, for a first build, a template change and a new day.

mod common;

use std::fs;
use std::path::Path;

use daybrief::site::{BuildOptions, BuildSummary};

const DAYS: usize = 30;

fn build(content: &Path, out: &Path, read_window: Option<usize>) -> BuildSummary {
    let options = BuildOptions {
        read_window,
        ..common::options(content, out)
    };
    common::build(&options).expect("the sample builds")
}

fn assert_same_site(windowed: &Path, whole: &Path, step: &str) {
    let (got, expected) = (common::read_tree(windowed), common::read_tree(whole));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{step}: the same files"
    );
    for (path, bytes) in &expected {
        assert!(got[path] == *bytes, "{step}: {path} differs");
    }
}

/// The day files under `content` (each edition is one).
fn day_files(content: &Path) -> usize {
    common::read_tree(content)
        .keys()
        .filter(|path| path.starts_with("20") && path.ends_with(".yaml"))
        .count()
}

#[test]
fn a_build_in_windows_of_days_makes_the_same_site() {
    let root = tempfile::tempdir().unwrap();
    daybrief::sample::write_sample(root.path(), DAYS).unwrap();
    let content = root.path().join("content");
    let (windowed, whole) = (root.path().join("windowed"), root.path().join("whole"));

    let first = build(&content, &windowed, Some(4));
    let reference = build(&content, &whole, None);
    assert_same_site(&windowed, &whole, "first build");
    assert_eq!(first.warnings.render(), reference.warnings.render());
    // Every day file (corrections included) was checked, then held as its outline; none is
    // held in full at the end.
    assert_eq!(first.outlined, day_files(&content), "days held as outlines");
    assert_eq!(reference.outlined, 0, "one window: nothing outlined");

    // A template change renders every day again, from outlines, window by window.
    let templates = root.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    let report = fs::read_to_string(common::repo().join("templates/report.html")).unwrap();
    let block = report.find("{% block").expect("a block");
    let inside = block + report[block..].find("%}").unwrap() + 2;
    let edited = format!("{}<!-- mẫu -->{}", &report[..inside], &report[inside..]);
    fs::write(templates.join("report.html"), edited).unwrap();
    let templated = build(&content, &windowed, Some(4));
    build(&content, &whole, None);
    assert_eq!(templated.rendered.len(), DAYS);
    assert_same_site(&windowed, &whole, "a template changed");

    // A new day is one window.
    let new_day = *daybrief::sample::briefing_dates(DAYS).last().unwrap() + chrono::Days::new(1);
    daybrief::newday::new_day(&content, new_day, None).unwrap();
    let added = build(&content, &windowed, Some(4));
    build(&content, &whole, None);
    assert_eq!(added.rendered.len(), 2);
    assert_same_site(&windowed, &whole, "a day added");
}
