//! Faulty and hostile input that must neither damage the site nor publish it wrong: output
//! folder edge cases, damaged site files, entity addresses, editions, files that are not files
//! (issue 14). Messages of plain input errors are in the invalid corpus (`invalid_input.rs`).

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::{copy_tree, fixture, render};

/// The base fixture copied into a new temporary folder, as `content/`.
fn base_copy() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), work.path());
    work
}

fn daybrief(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("daybrief").unwrap();
    command.current_dir(dir);
    command
}

#[test]
fn an_entity_named_without_latin_letters_has_its_own_page() {
    let work = base_copy();
    let content = work.path().join("content");
    let publication = content.join("publication.yaml");
    let text = fs::read_to_string(&publication).unwrap().replace(
        "  - { name: \"Hưng Yên\"",
        "  - { name: \"中文\", tile: [2, 1] }\n  - { name: \"Hưng Yên\"",
    ) + "entity_pages:\n  title: \"Tỉnh\"\n  status: { table: tien_do, column: trang_thai }\n";
    fs::write(&publication, text).unwrap();
    let day = content.join("2025/08/09.yaml");
    let text = fs::read_to_string(&day)
        .unwrap()
        .replace("[2, \"Đắk Lắk\", \"16/17\"", "[2, \"中文\", \"16/17\"");
    fs::write(&day, text).unwrap();
    let files = render(&content);
    let page = &files["entities/u4e2d-u6587/index.html"];
    assert!(page.contains("<h1>中文</h1>"), "{page}");
    assert!(files["entities/index.html"].contains("href=\"u4e2d-u6587/index.html\""));
}

#[test]
fn a_correction_released_before_the_original_is_refused() {
    let work = base_copy();
    let before = common::read_tree(&work.path().join("content"));
    let output = daybrief(work.path())
        .args(["correct", "2025-08-09", "--at", "2025-08-01 08:00"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: edition 2 is released at 2025-08-01 08:00, before the briefing of 2025-08-09 it corrects was issued: give a later time with --at\n"
    );
    assert_eq!(common::read_tree(&work.path().join("content")), before);
    daybrief(work.path())
        .args(["correct", "2025-08-09", "--at", "2025-08-09 18:00"])
        .assert()
        .success();
    let output = daybrief(work.path())
        .args(["correct", "2025-08-09", "--at", "2025-08-09 17:00"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: edition 3 is released at 2025-08-09 17:00, not after edition 2 (2025-08-09 18:00): give a later time with --at\n"
    );
}
