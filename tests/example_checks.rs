//! `daybrief check` on the example content finds the slips in the two transcribed briefings,
//! and nothing else. Each finding below was checked against the source documents (see
//! tools/transcribe/README*.md and the README's "Checks").

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::check_only;
use common::{options, repo};

/// Every finding, as `file:line:column: severity[rule]: message`.
const FINDINGS: &[&str] = &[
    // Narrative 09/8 III.3: 2.080 communes are typed; appendix 4's XANH column sums to 2.078.
    "content/2025/08/09.yaml:68:50: warning[figures]: the text says 2.080, but `tables.phu_xanh_xa.sum.xanh` is 2.078",
    // The appendix caption names report No. 18; the header is No. 20.
    "content/2025/08/09.yaml:94:41: warning[caption_matches_header]: the appendix caption names report No. 18-BCHN/CQTTBCĐ, but this report is No. 20-BCHN/CQTTBCĐ",
    // Appendix 2 lists the same task for the same unit twice (rows 1 and 3).
    "content/2025/08/09.yaml:142:13: warning[unique]: table `nhiem_vu_qua_han`: row 3 (Văn phòng Trung ương Đảng.) repeats row 1 (Văn phòng Trung ương Đảng.) (same Nhiệm vụ cụ thể, Đơn vị chưa hoàn thành)",
    // Appendix 6: shares truncated instead of rounded (the same source prints 5/99 as 5,1% elsewhere).
    "content/2025/08/09.yaml:274:75: warning[ratios]: table `vuong_mac_xa`, row 14 (Lào Cai), Số xã gặp vướng mắc: 5/99 (5,0%) is printed, but 5/99 = 5,05%",
    "content/2025/08/09.yaml:331:81: warning[ratios]: table `vuong_mac_xa`, row 29 (TP. Cần Thơ), Số xã gặp vướng mắc: 5/103 (4,8%) is printed, but 5/103 = 4,85%",
    "content/2025/08/09.yaml:332:87: warning[ratios]: table `vuong_mac_xa`, row 29 (TP. Cần Thơ), Số xã gặp vướng mắc: 5/103 (4,8%) is printed, but 5/103 = 4,85%",
    // Appendix 8 I: the printed totals leave out An Giang (and 93.205 is 2 short).
    "content/2025/08/09.yaml:403:21: warning[totals]: table `ho_so_tinh_ngay`: the total of `Thực tiếp` is given as 5.107 but the rows give 5.975",
    "content/2025/08/09.yaml:403:27: warning[totals]: table `ho_so_tinh_ngay`: the total of `Thực tuyển` is given as 14.195 but the rows give 17.930",
    "content/2025/08/09.yaml:403:34: warning[totals]: table `ho_so_tinh_ngay`: the total of `Đã trả` is given as 3.924 but the rows give 5.486",
    "content/2025/08/09.yaml:403:40: warning[totals]: table `ho_so_tinh_ngay`: the total of `Tổng` is given as 19.302 but the rows give 23.905",
    "content/2025/08/09.yaml:403:47: warning[totals]: table `ho_so_tinh_ngay`: the total of `Tỉ lệ hồ sơ thực tuyển` is given as 73,54% but the rows give 75,01%",
    "content/2025/08/09.yaml:403:57: warning[totals]: table `ho_so_tinh_ngay`: the total of `Trung bình ngày tháng 6` is given as 93.205 but the rows give 93.207",
    // 22/9: the caption's date was left blank ("ngày   /8/2025").
    "content/2025/09/22.yaml:106:67: warning[caption_matches_header]: the appendix caption's date `/8/2025` is not this report's date 22/9/2025 (no day; month 8, not 9)",
    // Appendix 5's heading says 3.319 communes; its "Tổng số xã" column sums to 3.321.
    "content/2025/09/22.yaml:121:38: warning[figures]: the text says 3.319, but `tables.tieu_chi_xa.sum.tong_so_xa` is 3.321",
    // Appendix 2: "I.2 … (2 nhiệm vụ)" is followed by one task.
    "content/2025/09/22.yaml:233:9: warning[group_count]: table `nhiem_vu_qua_han`: the group \"I.2. Nhóm II - Xây dựng hạ tầng số và các Cơ sở dữ liệu t…\" says 2, but 1 row follows it",
    // Appendix 3: row "1" after row 10, then 13.
    "content/2025/09/22.yaml:255:10: warning[numbered]: table `nhiem_vu_den_han`, STT: row numbered 1 where 11 was expected",
    "content/2025/09/22.yaml:256:10: warning[numbered]: table `nhiem_vu_den_han`, STT: row numbered 13 where 12 was expected: 12 is skipped",
    // The same heading, typed again as the table's title.
    "content/2025/09/22.yaml:297:38: warning[figures]: the text says 3.319, but `tables.tieu_chi_xa.sum.tong_so_xa` is 3.321",
    // Appendices 15 and 16: Sơn La's ratios use 74 communes; appendix 4 gives 75.
    "content/2025/09/22.yaml:1054:52: warning[same_as]: table `vuong_mac_hdnd_xa`, row 29 (Sơn La): Số xã gặp vướng mắc counts 74 here, but table `phu_xanh_xa` gives Số xã 75",
    "content/2025/09/22.yaml:1192:48: warning[same_as]: table `kien_nghi_hdnd_xa`, row 29 (Sơn La): Số xã gặp vướng mắc counts 74 here, but table `phu_xanh_xa` gives Số xã 75",
    // Appendix 22: "Tinh ủy" for "Tỉnh ủy".
    "content/2025/09/22.yaml:1825:14: warning[entities]: table `vuong_mac_tinh_dang_uy`, row 20 (Tinh ủy Quảng Ngãi): `Tinh ủy Quảng Ngãi` is not a declared entity",
];

fn in_repo() -> Command {
    let mut command = Command::cargo_bin("daybrief").unwrap();
    command.current_dir(repo());
    command
}

#[test]
fn check_finds_the_slips_of_the_sources_and_nothing_else() {
    // Tests run in the package root, so paths read as in `daybrief check`.
    let report = check_only(&options(Path::new("content"), Path::new("unused")))
        .expect("the example content has no errors");
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}]: {}",
                d.file.display(),
                d.line,
                d.column,
                d.severity,
                d.rule.as_deref().unwrap_or("-"),
                d.message
            )
        })
        .collect();
    assert_eq!(found, FINDINGS);
}

#[test]
fn warnings_fail_only_when_denied() {
    in_repo().args(["check"]).assert().code(0);
    in_repo()
        .args(["check", "--deny-warnings"])
        .assert()
        .code(1);
}

#[test]
fn json_lists_every_finding_with_stable_fields() {
    let output = in_repo()
        .args(["check", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(json["version"], "daybrief/diagnostics/1");
    assert_eq!(json["command"], "check");
    assert_eq!(json["ok"], true);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], FINDINGS.len());
    assert_eq!(json["built"], serde_json::Value::Null);
    assert_eq!(
        json["diagnostics"][0],
        serde_json::json!({
            "severity": "warning",
            "file": "content/2025/08/09.yaml",
            "line": 68,
            "column": 50,
            "end_column": 55,
            "message": "the text says 2.080, but `tables.phu_xanh_xa.sum.xanh` is 2.078",
            "expected": "2.078 (figure rule \"hiện mới có {x}/{} xã, phường\", content/publication.yaml:240)",
            "hint": "check the figure against the table; writing the expression instead of the number keeps them equal",
            "rule": "figures"
        })
    );
    let denied = in_repo()
        .args(["check", "--format", "json", "--deny-warnings"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let denied: serde_json::Value = serde_json::from_slice(&denied).unwrap();
    assert_eq!(denied["ok"], false);
    assert_eq!(denied["warnings"], FINDINGS.len());
}

/// `daybrief build --content content --out site` with `extra` arguments, run in `dir`; it
/// must succeed.
fn build_in(dir: &Path, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("daybrief")
        .unwrap()
        .current_dir(dir)
        .args(["build", "--content", "content", "--out", "site"])
        .args(extra)
        .assert()
        .code(0)
        .get_output()
        .clone()
}

/// The warnings of `daybrief build --format json`, run in `dir`, as in [`FINDINGS`].
fn build_warnings(dir: &Path) -> Vec<String> {
    let output = build_in(dir, &["--format", "json"]).stdout;
    let json: serde_json::Value = serde_json::from_slice(&output).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}]: {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["rule"].as_str().unwrap_or("-"),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_new_day_adds_no_warnings_of_its_own() {
    let work = tempfile::tempdir().unwrap();
    common::copy_tree(&repo().join("content"), &work.path().join("content"));
    assert_eq!(build_warnings(work.path()), FINDINGS);
    Command::cargo_bin("daybrief")
        .unwrap()
        .current_dir(work.path())
        .args(["new", "2025-09-23", "--content", "content"])
        .assert()
        .success();
    // The copy repeats 22/9's own slips, one line higher (the generated-file header's two lines
    // are not copied, the editor's schema line comes first), and nothing else: its TĂNG/GIẢM
    // cells are left empty and computed.
    let repeated = FINDINGS
        .iter()
        .filter_map(|f| f.strip_prefix("content/2025/09/22.yaml:"))
        .map(|rest| {
            let (line, rest) = rest.split_once(':').unwrap();
            let line: usize = line.parse().unwrap();
            format!(
                "content/2025/09/23.yaml:{}:{}",
                line - 1,
                rest.replace("22/9/2025", "23/9/2025")
            )
        });
    let expected: Vec<String> = FINDINGS
        .iter()
        .map(|f| f.to_string())
        .chain(repeated)
        .collect();
    assert_eq!(build_warnings(work.path()), expected);

    let line = |path: &str, start: &str| {
        let text = std::fs::read_to_string(work.path().join(path)).unwrap();
        text.lines()
            .find(|l| l.trim_start().starts_with(start))
            .map(str::to_owned)
    };
    assert_eq!(
        line("content/2025/09/23.yaml", "- [6, \"Vĩnh Long\", 124,"),
        Some("      - [6, \"Vĩnh Long\", 124, 55, 69, 0, 124, \"100\", \"44,35\", ~]".into())
    );
    // Same figures as 22/9: the computed change is 0 (22/9 typed 0,80 for Vĩnh Long).
    assert_eq!(
        line(
            &format!(
                "site/{}",
                common::moved_in(
                    &work.path().join("site"),
                    "2025/09/23/appendices/phu_xanh_xa.csv"
                )
            ),
            "6,"
        ),
        Some("6,Vĩnh Long,124,55,69,0,124,100,\"44,35\",0".into())
    );
}

/// `daybrief build` in `dir`, human output: the places of the warnings printed in full
/// (`file:line:column` of each `-->` line), then the lines after them.
fn build_printed(dir: &Path) -> (Vec<String>, Vec<String>) {
    let output = build_in(dir, &[]).stderr;
    let stderr = String::from_utf8(output).unwrap();
    let places = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::to_owned)
        .collect();
    let summary = stderr
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()) && !l.contains('|'))
        .map(str::to_owned)
        .collect();
    (places, summary)
}

/// The place `file:line:column` of each finding of [`FINDINGS`] in `file`.
fn places_in(file: &str) -> Vec<String> {
    FINDINGS
        .iter()
        .filter(|f| f.starts_with(file))
        .map(|f| f.split(": ").next().unwrap().to_owned())
        .collect()
}

#[test]
fn a_build_prints_in_full_only_the_warnings_of_the_days_it_rendered() {
    let work = tempfile::tempdir().unwrap();
    common::copy_tree(&repo().join("content"), &work.path().join("content"));
    // The first build renders both days: every warning in full.
    let (places, summary) = build_printed(work.path());
    let all: Vec<String> = FINDINGS
        .iter()
        .map(|f| f.split(": ").next().unwrap().to_owned())
        .collect();
    assert_eq!(places, all);
    assert_eq!(summary, ["0 error(s), 21 warning(s)"]);
    // After an edit of 22/9 only that day is rendered: 9/8's warnings are one line.
    let day = work.path().join("content/2025/09/22.yaml");
    let mut text = std::fs::read_to_string(&day).unwrap();
    text.push_str("# sửa lúc 16h\n");
    std::fs::write(&day, text).unwrap();
    let (places, summary) = build_printed(work.path());
    assert_eq!(places, places_in("content/2025/09/22.yaml"));
    assert_eq!(
        summary,
        [
            "0 error(s), 9 warning(s)",
            "12 cảnh báo ở 1 ngày khác — `daybrief check` liệt kê đầy đủ"
        ]
    );
    // Nothing changed: no day is rendered, every warning is counted; `--format json` still
    // lists them all, from the cache.
    let (places, summary) = build_printed(work.path());
    assert_eq!(places, Vec::<String>::new());
    assert_eq!(
        summary,
        ["21 cảnh báo ở 2 ngày khác — `daybrief check` liệt kê đầy đủ"]
    );
    assert_eq!(build_warnings(work.path()), FINDINGS);
    // Denied, they fail it, every one listed.
    let denied = Command::cargo_bin("daybrief")
        .unwrap()
        .current_dir(work.path())
        .args([
            "build",
            "--content",
            "content",
            "--out",
            "site",
            "--deny-warnings",
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let denied = String::from_utf8(denied).unwrap();
    let places: Vec<&str> = (denied.lines())
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .collect();
    assert_eq!(places.len(), FINDINGS.len(), "{denied}");
    // `check` still lists them all.
    assert_eq!(
        check_only(&options(&work.path().join("content"), Path::new("unused")))
            .unwrap()
            .warning_count(),
        FINDINGS.len()
    );
}
