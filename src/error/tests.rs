//! Sorting reports, and the warnings a report lists or counts.

use super::*;

#[test]
fn a_report_sorts_by_path_component_by_component_then_by_place() {
    let at = |file: &str, line| Diagnostic::warning(Path::new(file), line, 1, "x");
    // By bytes `2025-x.yaml` would come first ('-' sorts before '/').
    let mut report = Report {
        diagnostics: vec![
            at("content/2025-x.yaml", 1),
            at("content/2025/09/22.yaml", 7),
            at("content/2025/09/22.yaml", 2),
            at("content/2025/09/22.yaml", 7),
            at("content/2025/09/09.yaml", 30),
        ],
    };
    report.sort();
    let places: Vec<(String, usize)> = (report.diagnostics.iter())
        .map(|d| (d.file.display().to_string(), d.line))
        .collect();
    let expected = [
        ("content/2025/09/09.yaml", 30),
        ("content/2025/09/22.yaml", 2),
        ("content/2025/09/22.yaml", 7),
        ("content/2025-x.yaml", 1),
    ];
    assert_eq!(places, expected.map(|(f, l)| (f.to_owned(), l)));
}

#[test]
fn only_warnings_about_a_day_file_not_listed_are_counted() {
    let day = chrono::NaiveDate::from_ymd_opt(2025, 9, 22).unwrap();
    let listed = |date| date != day;
    let file = Path::new("content/2025/09/22.yaml");
    assert_eq!(unlisted_date(file, Severity::Warning, &listed), Some(day));
    assert_eq!(unlisted_date(file, Severity::Error, &listed), None);
    let other = Path::new("content/2025/09/19.2.yaml");
    assert_eq!(unlisted_date(other, Severity::Warning, &listed), None);
    let publication = Path::new("content/publication.yaml");
    assert_eq!(unlisted_date(publication, Severity::Warning, &listed), None);
    let mut report = Report {
        diagnostics: vec![
            Diagnostic::warning(file, 1, 1, "a"),
            Diagnostic::error(file, 2, 1, "b"),
            Diagnostic::warning(publication, 3, 1, "c"),
            Diagnostic::warning(file, 4, 1, "d"),
        ],
    };
    let mut unlisted = Unlisted::new();
    report.keep_listed(&listed, &mut unlisted);
    let left: Vec<usize> = report.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!((left, unlisted), (vec![2, 3], Unlisted::from([(day, 2)])));
}
