use super::*;
use crate::error::Severity;

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, day).unwrap_or_default()
}

fn finding(line: usize) -> Diagnostic {
    Diagnostic::warning(
        Path::new("content/2025/09/22.yaml"),
        line,
        3,
        "một phát hiện",
    )
    .expected("điều mong đợi")
    .hint("cách sửa")
    .rule("figures")
    .with_source("a\nbb\nccc\n")
}

#[test]
fn findings_come_back_exactly_under_their_key_only() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = folder.path().join("site");
    let keys = BTreeMap::from([(date(19), Key([1; 32])), (date(22), Key([2; 32]))]);
    let fresh = DayFindings::from([(date(19), vec![finding(2)]), (date(22), vec![finding(3)])]);
    let cache = FindingsCache::default().merge(&keys, fresh);
    let all: Vec<Diagnostic> = cache.findings().collect();
    assert_eq!(all, [finding(2), finding(3)]);
    assert_eq!(cache.write(&out), None);

    let (read, note) = FindingsCache::read(&out);
    assert_eq!(note, None);
    assert_eq!(
        read.hit(date(22), Some(&Key([2; 32]))),
        Some(vec![finding(3)])
    );
    assert!(read.holds(date(22), Some(&Key([2; 32]))));
    assert!(!read.holds(date(22), Some(&Key([9; 32]))));
    assert_eq!(read.hit(date(22), Some(&Key([9; 32]))), None);
    assert_eq!(read.hit(date(23), Some(&Key([2; 32]))), None);

    // A changed key takes the fresh findings, an unchanged one the kept ones.
    let keys = BTreeMap::from([(date(19), Key([1; 32])), (date(22), Key([7; 32]))]);
    let fresh = DayFindings::from([(date(22), vec![finding(1)])]);
    let merged = read.merge(&keys, fresh);
    assert_eq!(merged.count(Severity::Warning), 2);
    assert_eq!(merged.count(Severity::Error), 0);
    let all: Vec<Diagnostic> = merged.findings().collect();
    assert_eq!(all, vec![finding(2), finding(1)]);
    // Kept and fresh findings are written again, and read back, alike.
    assert_eq!(merged.write(&out), None);
    let (again, note) = FindingsCache::read(&out);
    assert_eq!(note, None);
    assert_eq!(again.findings().collect::<Vec<_>>(), all);
}

#[test]
fn a_file_that_is_not_a_cache_is_ignored_with_a_note() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = folder.path().join("site");
    let path = FindingsCache::path_for(&out);
    std::fs::write(&path, b"not a cache").unwrap_or_else(|e| panic!("{e}"));
    let (read, note) = FindingsCache::read(&out);
    assert_eq!(read.contents, file::Contents::default());
    assert_eq!(
        note.as_deref(),
        Some(
            format!(
                "ignored the findings cache {}: it is not a daybrief findings cache; every day was checked again",
                path.display()
            )
            .as_str()
        )
    );
}

#[test]
fn the_last_builds_warnings_come_back_in_report_order_with_the_rules_findings_stored_once() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = folder.path().join("site");
    let keys = BTreeMap::from([(date(19), Key([1; 32])), (date(22), Key([2; 32]))]);
    let fresh = DayFindings::from([(date(19), vec![finding(9)]), (date(22), vec![finding(3)])]);
    let mut cache = FindingsCache::default().merge(&keys, fresh);
    let found = cache.findings().collect();
    let typing = Diagnostic::warning(Path::new("content/2025/09/19.yaml"), 4, 1, "kiểu");
    let mut report = crate::error::Report { diagnostics: found };
    report.diagnostics.push(typing.clone());
    report.sort();
    cache.set_warnings("inputs", vec![typing.clone()]);
    assert_eq!(cache.write(&out), None);

    let (read, note) = FindingsCache::read(&out);
    assert_eq!(note, None);
    let kept_apart = read.contents.last_build.as_ref().map(|(_, w)| w.clone());
    assert_eq!(kept_apart, Some(vec![typing.clone()]));
    let all = |_| true;
    let (listed, unlisted) = read.warnings_of("inputs", &all).unwrap();
    assert_eq!((listed, unlisted.len()), (report.diagnostics, 0));
    assert_eq!(read.warnings_of("other inputs", &all), None);
    // Listing one day: the findings about the other day file are counted under its date, by
    // the file they are about (both entries' findings are about 22/9), whether kept or fresh.
    let only_19 = |day| day == date(19);
    let (listed, unlisted) = read.warnings_of("inputs", &only_19).unwrap();
    assert_eq!(listed, [typing]);
    assert_eq!(unlisted, BTreeMap::from([(date(22), 2)]));
    let (fresh_listed, fresh_unlisted) = cache.findings_listed(&only_19);
    assert_eq!((fresh_listed.len(), fresh_unlisted), (0, unlisted));
    let only_22 = |day| day == date(22);
    assert_eq!(
        read.findings_listed(&only_22),
        (cache.findings().collect(), BTreeMap::new())
    );
}

#[test]
fn a_text_repeated_from_day_to_day_is_stored_once() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = folder.path().join("site");
    let line = "Đã có 43/38 tỉnh, thành phố đạt trạng thái XANH. ".repeat(20);
    let said = |day: u32| {
        Diagnostic::warning(Path::new("content/2025/09/22.yaml"), 2, 3, "một phát hiện")
            .expected("điều mong đợi")
            .with_source(&format!("a\n{line}{day}\n"))
            .rule("figures")
    };
    let days: Vec<NaiveDate> = (1..=30).map(date).collect();
    let keys: BTreeMap<NaiveDate, Key> = days.iter().map(|d| (*d, Key([3; 32]))).collect();
    // Each day's finding quotes the same long line, but for its last characters.
    let fresh: DayFindings = (days.iter().zip(1..))
        .map(|(d, n)| (*d, vec![said(n), said(n)]))
        .collect();
    let cache = FindingsCache::default().merge(&keys, fresh);
    assert_eq!(cache.write(&out), None);
    let size = std::fs::metadata(FindingsCache::path_for(&out))
        .unwrap_or_else(|e| panic!("{e}"))
        .len();
    // 30 distinct source lines of about 1 KB each, written once each, not twice.
    let one_line = line.len() as u64;
    assert!(
        (30 * one_line..40 * one_line).contains(&size),
        "{size} bytes for 60 findings quoting 30 lines of {one_line} bytes"
    );
    let (read, note) = FindingsCache::read(&out);
    assert_eq!(note, None);
    for (d, n) in days.iter().zip(1..) {
        assert_eq!(
            read.hit(*d, Some(&Key([3; 32]))),
            Some(vec![said(n), said(n)])
        );
    }
}

#[test]
fn kept_findings_are_written_again_as_the_same_findings_found_afresh() {
    let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let kept_out = folder.path().join("kept");
    let fresh_out = folder.path().join("fresh");
    let said = |day: u32, line: usize| {
        Diagnostic::warning(Path::new("content/2025/09/22.yaml"), line, 3, "phát hiện")
            .expected(format!("điều mong đợi {}", day % 3))
            .with_source(&format!("a\ndòng {day}\n"))
            .rule("figures")
    };
    let days: Vec<NaiveDate> = (1..=6).map(date).collect();
    let keys: BTreeMap<NaiveDate, Key> = days.iter().map(|d| (*d, Key([4; 32]))).collect();
    let found = |d: &NaiveDate, n: u32| (*d, vec![said(n, 2), said(n + 1, 5)]);
    let all: DayFindings = days.iter().zip(1..).map(|(d, n)| found(d, n)).collect();
    // Five days written, read back (kept), and written again with the sixth found afresh …
    let first: DayFindings = (days.iter().zip(1..).take(5))
        .map(|(d, n)| found(d, n))
        .collect();
    let first_keys: BTreeMap<NaiveDate, Key> = keys.clone().into_iter().take(5).collect();
    let first_cache = FindingsCache::default().merge(&first_keys, first);
    assert_eq!(first_cache.write(&kept_out), None);
    let (read, note) = FindingsCache::read(&kept_out);
    assert_eq!(note, None);
    let sixth = DayFindings::from([found(&days[5], 6)]);
    assert_eq!(read.merge(&keys, sixth).write(&kept_out), None);
    // … are the bytes of the six found afresh: each text once, numbered in the same order.
    assert_eq!(
        FindingsCache::default().merge(&keys, all).write(&fresh_out),
        None
    );
    let bytes =
        |out: &Path| std::fs::read(FindingsCache::path_for(out)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bytes(&kept_out), bytes(&fresh_out));
}
