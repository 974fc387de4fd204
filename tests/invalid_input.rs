//! Invalid-input corpus: each folder in `tests/fixtures/invalid/` overlays broken files on the
//! base fixture. The build must fail with exit code 1, print exactly `expected.txt`, and leave
//! the previously built site untouched.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::{copy_tree, fixture, read_tree};

fn run_case(name: &str) {
    let case = fixture("invalid").join(name);
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), work.path());
    daybrief_build(work.path()).success();
    let before = read_tree(&work.path().join("site"));
    assert!(before.contains_key("index.html"));

    for entry in walkdir::WalkDir::new(&case).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&case).unwrap();
        if entry.file_type().is_file() && rel != Path::new("expected.txt") {
            let target = work.path().join(rel);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), target).unwrap();
        }
    }
    let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
    let output = daybrief_build(work.path()).code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, expected, "case {name}: message differs");
    assert_eq!(
        read_tree(&work.path().join("site")),
        before,
        "case {name}: site/ changed"
    );
    let leftovers: Vec<_> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".daybrief-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "case {name}: staging folders left: {leftovers:?}"
    );
}

fn daybrief_build(dir: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("daybrief")
        .unwrap()
        .current_dir(dir)
        .args(["build", "--content", "content", "--out", "site"])
        .assert()
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => { $( #[test] fn $name() { run_case(stringify!($name)); } )* };
}

cases!(
    yaml_syntax,
    unknown_field,
    missing_field,
    wrong_type,
    date_mismatch,
    impossible_date,
    duplicate_day,
    template_error,
    cell_type,
    row_length,
    unknown_status,
    unknown_table,
    expression_error,
    tab_indent,
    empty_file,
    not_utf8,
    chart_unknown_table,
    chart_unknown_column,
    chart_wrong_type,
    chart_unknown_in_section,
);

#[test]
fn every_case_folder_is_listed() {
    let mut folders: Vec<String> = fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let source = include_str!("invalid_input.rs");
    for folder in folders {
        assert!(
            source.contains(&format!("    {folder},\n")),
            "case folder {folder} has no test"
        );
    }
}
