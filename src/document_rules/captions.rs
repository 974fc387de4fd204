//! `caption_matches_header`: every appendix caption names the report's own number and date.

use std::path::Path;

use crate::archive::{Archive, Day};
use crate::check::locate;
use crate::error::{Diagnostic, Report};

/// Every appendix caption ("(Kèm theo Báo cáo số 20-BCHN/CQTTBCĐ ngày 9/8/2025 …)") names the
/// day's number and date: the day's `appendix_caption` and each appendix's own `caption`.
pub(super) fn captions(archive: &Archive, day: &Day, report: &mut Report) {
    let own_list = day.file.appendices.is_some();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    if let Some(caption) = &day.file.appendix_caption {
        let line = locate::find(&day.text, 1, "appendix_caption:").map_or(1, |(l, _)| l);
        seen.push((caption, line));
        caption_names_report(
            archive,
            day,
            caption,
            (&day.source, &day.text, line),
            report,
        );
    }
    for appendix in &day.appendices {
        let Some(caption) = &appendix.decl.caption else {
            continue;
        };
        let (file, text) = if own_list {
            (day.source.as_path(), day.text.as_str())
        } else {
            (
                archive.publication_path.as_path(),
                archive.publication_text.as_str(),
            )
        };
        let from = seen
            .iter()
            .filter(|(c, _)| *c == caption)
            .map(|(_, l)| l + 1)
            .max();
        let Some((line, _)) = locate::find(text, from.unwrap_or(1), caption) else {
            continue;
        };
        seen.push((caption, line));
        caption_names_report(archive, day, caption, (file, text, line), report);
    }
}

/// One caption against the report's number and date; `at` is where it is written.
fn caption_names_report(
    archive: &Archive,
    day: &Day,
    caption: &str,
    at: (&Path, &str, usize),
    report: &mut Report,
) {
    let (file, file_text, line) = at;
    let place = |fragment: &str| {
        locate::find(file_text, line, fragment)
            .filter(|(l, _)| *l == line)
            .unwrap_or((line, 1))
    };
    let warn = |at: (usize, usize), message: String, expected: String| {
        Diagnostic::warning(file, at.0, at.1, message)
            .expected(expected)
            .hint("the caption is printed above the appendices: it should name this report")
            .rule("caption_matches_header")
            .with_source(file_text)
    };
    if let (Some(written), Some(number)) = (caption_number(caption), &day.file.number) {
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        if squeeze(&written) != squeeze(number) {
            let written = written.trim();
            report.push(
                warn(
                    place(written),
                    format!("the appendix caption names report No. {written}, but this report is No. {number}"),
                    format!("số {number}"),
                )
                .width(written.chars().count()),
            );
        }
    }
    let Some((written, parts)) = caption_date(caption) else {
        return;
    };
    let (want, printed) = report_date(archive, day);
    let problems: Vec<String> = ["day", "month", "year"]
        .iter()
        .zip(parts.iter().zip(want))
        .filter_map(|(what, (part, want))| match (part, want) {
            (None, Some(_)) => Some(format!("no {what}")),
            (Some(part), None) => Some(format!("{what} {part}, the report leaves it blank")),
            (Some(part), Some(want)) if *part != want => Some(format!("{what} {part}, not {want}")),
            _ => None,
        })
        .collect();
    if !problems.is_empty() {
        let shown = written.split_whitespace().collect::<Vec<_>>().join(" ");
        report.push(
            warn(
                place(&written),
                format!(
                    "the appendix caption's date `{shown}` is not this report's date {printed} ({})",
                    problems.join("; ")
                ),
                format!("ngày {printed}"),
            )
            .width(written.chars().count()),
        );
    }
}

/// The report's date as day, month and year, and as shown in messages: from the place-and-date
/// line as printed when the day gives one (a draft may leave the day blank), else its date.
fn report_date(archive: &Archive, day: &Day) -> ([Option<u32>; 3], String) {
    let printed = day
        .file
        .document
        .as_ref()
        .and_then(|d| d.place_date.clone())
        .or_else(|| {
            archive
                .publication
                .document
                .as_ref()
                .and_then(|d| d.place_date.clone())
        });
    if let Some(line) = printed
        && let Some((written, parts)) = caption_date(&line)
    {
        return (
            parts,
            written.split_whitespace().collect::<Vec<_>>().join(" "),
        );
    }
    let d = day.date;
    let parts = [
        Some(chrono::Datelike::day(&d)),
        Some(chrono::Datelike::month(&d)),
        Some(chrono::Datelike::year(&d) as u32),
    ];
    (parts, crate::vn::date(d))
}

/// The report number after "số" and before "ngày", as written (blanks kept).
fn caption_number(caption: &str) -> Option<String> {
    let lower = caption.to_lowercase();
    let start = match lower.find("báo cáo số") {
        Some(i) => i + "báo cáo số".len(),
        None => lower.find("số")? + "số".len(),
    };
    let end = lower[start..]
        .find("ngày")
        .map_or(lower.len(), |i| start + i);
    let number = caption.get(start..end)?;
    (!number.trim().is_empty()).then(|| number.trim_end().to_owned())
}

/// The date after "ngày", as written, and its day, month and year (`None` where left blank):
/// "9/8/2025", "  /8/2025", "14 tháng 6 năm 2025", "tháng năm 2022".
fn caption_date(caption: &str) -> Option<(String, [Option<u32>; 3])> {
    let lower = caption.to_lowercase();
    let start = lower.find("ngày")? + "ngày".len();
    let rest = caption.get(start..)?;
    let short: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '/' || *c == ' ')
        .collect();
    let number = |s: &str| s.trim().parse::<u32>().ok();
    if short.contains('/') {
        let parts: Vec<Option<u32>> = short.split('/').map(number).collect();
        let part = |i: usize| parts.get(i).copied().flatten();
        return Some((short.trim().to_owned(), [part(0), part(1), part(2)]));
    }
    // The long form: "[D] tháng [M] năm [Y]".
    let month_at = rest.to_lowercase().find("tháng")?;
    let year_at = rest.to_lowercase().find("năm")?;
    if month_at > year_at || rest[..month_at].trim().chars().any(|c| !c.is_ascii_digit()) {
        return None;
    }
    let after_year = &rest[year_at + "năm".len()..];
    let year_text: String = after_year
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .collect();
    let month_text = &rest[month_at + "tháng".len()..year_at];
    if month_text.trim().chars().any(|c| !c.is_ascii_digit()) {
        return None;
    }
    let written = rest[..year_at + "năm".len() + year_text.trim_end().len()].trim();
    Some((
        written.to_owned(),
        [
            number(&rest[..month_at]),
            number(month_text),
            number(&year_text),
        ],
    ))
}
