//! Invalid-input corpus: each folder in `tests/fixtures/invalid/` overlays broken files on the
//! base fixture. The build must fail with exit code 1, print exactly `expected.txt`, and leave
//! the previously built site untouched. A case's `args.txt` adds options (one per line), e.g.
//! `--deny-warnings` for content that only breaks consistency rules.
//!
//! `DAYBRIEF_BLESS=1 cargo test --test invalid_input` rewrites `expected.txt` from the actual
//! output, for review with `git diff` (the test still fails on a difference).

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::{copy_tree, fixture, read_tree};

fn run_case(name: &str) {
    run_case_with(name, |_| {});
}

fn run_case_with(name: &str, setup: impl Fn(&Path)) {
    let case = fixture("invalid").join(name);
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), work.path());
    daybrief_build(work.path()).success();
    let before = read_tree(&work.path().join("site"));
    assert!(before.contains_key("index.html"));

    for entry in walkdir::WalkDir::new(&case).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&case).unwrap();
        let meta = rel == Path::new("expected.txt") || rel == Path::new("args.txt");
        if entry.file_type().is_file() && !meta {
            let target = work.path().join(rel);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), target).unwrap();
        }
    }
    setup(work.path());
    let args: Vec<String> = fs::read_to_string(case.join("args.txt"))
        .map(|a| a.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    let expected_path = case.join("expected.txt");
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    let output = daybrief(work.path(), &args).code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    if std::env::var_os("DAYBRIEF_BLESS").is_some() && stderr != expected {
        fs::write(&expected_path, &stderr).unwrap();
    }
    assert_eq!(stderr, expected, "case {name}: message differs");
    assert_eq!(
        read_tree(&work.path().join("site")),
        before,
        "case {name}: site/ changed"
    );
    // A build that fails while rendering may leave the spare copy it was writing (see README,
    // "Incremental builds"), for the next build to reuse: then it must say what it holds.
    let leftovers: Vec<_> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(".daybrief-")
                && n != ".daybrief-spare-site"
                && n != ".daybrief-files-site"
                && n != ".daybrief-inputs-site"
                && n != ".daybrief-cache-site"
                && n != ".daybrief-days-site"
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "case {name}: staging folders left: {leftovers:?}"
    );
    let spare = work.path().join(".daybrief-spare-site");
    if spare.exists() {
        assert!(
            spare.join("manifest.json").is_file() && spare.join(".daybrief-site").is_file(),
            "case {name}: the spare left behind is not reusable"
        );
    }
}

fn daybrief_build(dir: &Path) -> assert_cmd::assert::Assert {
    daybrief(dir, &[])
}

fn daybrief(dir: &Path, extra: &[String]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("daybrief")
        .unwrap()
        .current_dir(dir)
        .args(["build", "--content", "content", "--out", "site"])
        .args(extra)
        .assert()
}

/// The warnings the findings cache keeps from the last build are denied as fresh ones are: a
/// build that adds a day after one that warned about an older day fails with the message a
/// clean build of the same content prints, that older day's warning included.
#[test]
fn warnings_kept_in_the_findings_cache_are_denied_as_fresh_ones() {
    let warned = fixture("invalid").join("change_typed_wrong/content");
    let prepare = |dir: &Path| {
        copy_tree(&fixture("base"), dir);
        copy_tree(&warned, &dir.join("content"));
    };
    let add_day = |dir: &Path| {
        Command::cargo_bin("daybrief")
            .unwrap()
            .current_dir(dir)
            .args(["new", "--content", "content", "2025-08-11"])
            .assert()
            .success();
    };
    let denied = ["--deny-warnings".to_owned()];
    let built = tempfile::tempdir().unwrap();
    prepare(built.path());
    daybrief_build(built.path()).success();
    add_day(built.path());
    let kept = daybrief(built.path(), &denied).code(1).get_output().clone();

    let clean = tempfile::tempdir().unwrap();
    prepare(clean.path());
    add_day(clean.path());
    let fresh = daybrief(clean.path(), &denied).code(1).get_output().clone();

    let kept = String::from_utf8(kept.stderr).unwrap();
    assert_eq!(kept, String::from_utf8(fresh.stderr).unwrap());
    assert!(
        kept.contains("--> content/2025/08/09.yaml:33:7")
            && kept.ends_with("warnings are denied (--deny-warnings)\n"),
        "{kept}"
    );
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => { $( #[test] fn $name() { run_case(stringify!($name)); } )* };
}

/// A publication file that is a named pipe: named as one, never opened (opening blocks).
#[cfg(unix)]
#[test]
fn publication_is_a_pipe() {
    run_case_with("publication_is_a_pipe", |work| {
        let publication = work.join("content/publication.yaml");
        fs::remove_file(&publication).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&publication)
            .status()
            .unwrap();
        assert!(made.success());
    });
}

/// A day file that is a link to a device: named as one, never read.
#[cfg(unix)]
#[test]
fn day_file_is_a_device() {
    run_case_with("day_file_is_a_device", |work| {
        std::os::unix::fs::symlink("/dev/zero", work.join("content/2025/08/11.yaml")).unwrap();
    });
}

/// A day file that links to a file outside the content folder: never read, so its text is
/// neither printed nor published.
#[cfg(unix)]
#[test]
fn day_file_links_outside() {
    run_case_with("day_file_links_outside", |work| {
        fs::write(
            work.join("secret.yaml"),
            "date: 2025-08-11\nSECRET: \"x\"\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(
            work.join("secret.yaml"),
            work.join("content/2025/08/11.yaml"),
        )
        .unwrap();
    });
}

/// A schema file whose name cannot be an id (it names the CSV file and the anchor).
#[test]
fn table_file_name() {
    run_case_with("table_file_name", |work| {
        let tables = work.join("content/tables");
        fs::copy(tables.join("ho_so.yaml"), tables.join("Hồ sơ #1.yaml")).unwrap();
    });
}

/// A 2 GiB day file (sparse, so the test costs no disk): refused from its size, unread.
#[test]
fn huge_sparse_file() {
    run_case_with("huge_sparse_file", |work| {
        let day = fs::File::create(work.join("content/2025/08/11.yaml")).unwrap();
        day.set_len(2 << 30).unwrap();
    });
}

/// 50,000 nested `<div>`s in a narrative: an error at the text, found in linear time (the
/// sanitiser's parser would take quadratic time). Written by the test: 550 KB.
#[test]
fn narrative_nested_too_deep() {
    run_case_with("narrative_nested_too_deep", |work| {
        let day = work.join("content/2025/08/09.yaml");
        let nested = format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let text = fs::read_to_string(&day)
            .unwrap()
            .replace("intro: |\n", &format!("intro: |\n  {nested}\n\n"));
        fs::write(&day, text).unwrap();
    });
}

/// A day file just over the 1 MiB limit, written by the test rather than kept in the repository.
#[test]
fn oversized_file() {
    run_case_with("oversized_file", |work| {
        let day = work.join("content/2025/08/09.yaml");
        let mut text = fs::read_to_string(&day).unwrap();
        text.push_str("# padding\n");
        while text.len() <= daybrief::load::MAX_FILE_BYTES {
            text.push_str("# Dòng đệm để tệp vượt quá giới hạn kích thước cho phép.\n");
        }
        fs::write(&day, text).unwrap();
    });
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
    bom_with_error,
    crlf_with_error,
    alias_bomb,
    nesting_too_deep,
    template_unknown_variable,
    two_broken_templates,
    many_errors,
    slide_unknown_chart,
    slide_unknown_status,
    section_unknown_table,
    appendix_missing_table,
    theme_path_escape,
    theme_absolute_path,
    chart_name_path,
    day_chart_name_path,
    table_id_path,
    status_color_injection,
    row_rules_denied,
    list_rules_denied,
    document_rules_denied,
    rules_config_errors,
    rules_unknown_field,
    schema_unknown_field,
    schema_missing_columns,
    duplicate_column_id,
    publication_wrong_type,
    date_not_a_date,
    impossible_path,
    total_row_not_given,
    cell_boolean,
    row_mapping_mixed,
    yaml_duplicate_key,
    yaml_bad_indent,
    decree30_rules,
    status_without_statuses,
    spanning_cell_overflow,
    rowspan_past_end,
    number_too_large,
    base_url_not_an_address,
    control_characters,
    entity_addresses,
    invisible_in_name,
    correction_before_original,
    narrative_loop_budget,
    narrative_output_budget,
    narrative_unknown_filter,
    narrative_set_tag,
    title_expression_error,
    publication_collisions,
    sum_beyond_exact,
    placed_twice,
    colspan_negative,
    change_typed_wrong,
);

#[test]
fn every_case_folder_is_listed() {
    let mut folders: Vec<String> = fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let source = include_str!("invalid_input.rs");
    assert!(folders.len() >= 40, "only {} cases", folders.len());
    for folder in folders {
        assert!(
            source.contains(&format!("    {folder},\n"))
                || source.contains(&format!("run_case_with(\"{folder}\"")),
            "case folder {folder} has no test"
        );
    }
}

/// `--format json` reports the same errors on stdout, with nothing on stderr.
#[test]
fn errors_as_json() {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), work.path());
    copy_tree(&fixture("invalid").join("date_mismatch"), work.path());
    let output = Command::cargo_bin("daybrief")
        .unwrap()
        .current_dir(work.path())
        .args(["build", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(output.stderr.is_empty());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "version": "daybrief/diagnostics/1",
            "command": "build",
            "ok": false,
            "errors": 1,
            "warnings": 0,
            "diagnostics": [{
                "severity": "error",
                "file": "content/2025/08/09.yaml",
                "line": 1,
                "column": 7,
                "end_column": 0,
                "message": "the date 2025-08-10 does not match the file's path, which says 2025-08-09",
                "expected": "the same date as the path YYYY/MM/DD.yaml",
                "hint": "fix `date:`, or move the file to content/2025/08/10.yaml",
                "rule": null
            }],
            "built": null
        })
    );
}

/// A successful build says what it wrote.
#[test]
fn build_summary_as_json() {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), work.path());
    let output = Command::cargo_bin("daybrief")
        .unwrap()
        .current_dir(work.path())
        .args(["build", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 0);
    assert_eq!(json["built"]["days"], 3);
    assert_eq!(json["built"]["out"], "site");
    let files = read_tree(&work.path().join("site")).len();
    assert_eq!(
        json["built"]["files"],
        files - 1,
        "every file but the marker"
    );
}
