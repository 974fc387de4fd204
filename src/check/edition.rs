//! Editions: `DD.yaml` is a day's first edition, `DD.2.yaml`, `DD.3.yaml`, … its corrections.
//! Every edition stays in `content/`; the archive keeps the latest as the day's current one.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::error_at;
use crate::archive::Day;
use crate::error::{Diagnostic, Report};
use crate::model::day::DayFile;

/// Reads `published:` and requires it on corrections.
pub fn check_published(
    path: &Path,
    text: &str,
    file: &DayFile,
    edition: u32,
    report: &mut Report,
) -> Option<NaiveDateTime> {
    let Some(published) = &file.published else {
        if edition > 1 {
            report.push(
                Diagnostic::error(
                    path,
                    1,
                    1,
                    format!("edition {edition} has no `published:` time"),
                )
                .expected("`published: YYYY-MM-DD HH:MM` on every correction")
                .hint("`daybrief correct DATE` starts a correction with the time filled in")
                .with_source(text),
            );
        }
        return None;
    };
    let raw = published.value.trim();
    let parsed = parse_release(raw);
    if parsed.is_none() {
        report.push(
            error_at(
                path,
                text,
                published,
                format!("`{raw}` is not a date and time"),
            )
            .expected("YYYY-MM-DD HH:MM, e.g. 2025-08-09 17:30"),
        );
    }
    parsed
}

/// A `published:` value: "YYYY-MM-DD HH:MM" (or with `T`, or with seconds).
pub fn parse_release(raw: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw.trim(), f).ok())
}

/// Why a correction of the briefing of `date` cannot be released at `at`, after the edition it
/// replaces (released at `before`, or on its date when that edition gives no time).
pub fn release_problem(
    date: NaiveDate,
    edition: u32,
    before: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> Option<String> {
    let time = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    match before {
        Some(before) if at <= before => Some(format!(
            "edition {edition} is released at {}, not after edition {} ({})",
            time(at),
            edition - 1,
            time(before)
        )),
        None if at.date() < date => Some(format!(
            "edition {edition} is released at {}, before the briefing of {date} it corrects was issued",
            time(at)
        )),
        _ => None,
    }
}

/// Splits checked files into each day's current edition and the superseded ones. Reports two
/// files for the same edition, a correction without its earlier editions, and release times
/// out of order.
pub fn split_editions(days: Vec<Arc<Day>>, report: &mut Report) -> (Vec<Arc<Day>>, Vec<Arc<Day>>) {
    let mut by_date: BTreeMap<NaiveDate, BTreeMap<u32, Arc<Day>>> = BTreeMap::new();
    for day in days {
        let editions = by_date.entry(day.date).or_default();
        if let Some(first) = editions.get(&day.edition) {
            report.push(duplicate(&day, first));
            continue;
        }
        editions.insert(day.edition, day);
    }
    let mut current = Vec::new();
    let mut superseded = Vec::new();
    for (_, editions) in by_date {
        let mut previous: Option<&Day> = None;
        for (expected, day) in (1..).zip(editions.values()) {
            if day.edition != expected {
                report.push(
                    Diagnostic::error(
                        &day.source,
                        1,
                        1,
                        format!("edition {} of {} has no edition {expected}", day.edition, day.date.format("%Y-%m-%d")),
                    )
                    .expected("editions numbered 1 (DD.yaml), 2 (DD.2.yaml), 3, … without gaps")
                    .hint("an edition is never deleted: restore the missing file from the published site or your backups")
                    .with_source(&day.text),
                );
            }
            let problem = match (previous, day.published) {
                (Some(previous), Some(at)) => {
                    release_problem(day.date, day.edition, previous.published, at)
                }
                _ => None,
            };
            if let Some(problem) = problem {
                let d = match &day.file.published {
                    Some(published) => error_at(&day.source, &day.text, published, problem)
                        .width(published.value.chars().count()),
                    None => Diagnostic::error(&day.source, 1, 1, problem).with_source(&day.text),
                };
                report.push(
                    d.expected("each correction released after the edition it replaces")
                        .hint("correct the `published:` time of this edition"),
                );
            }
            previous = Some(day);
        }
        let mut editions: Vec<Arc<Day>> = editions.into_values().collect();
        if let Some(last) = editions.pop() {
            current.push(last);
        }
        superseded.extend(editions);
    }
    (current, superseded)
}

fn duplicate(day: &Day, first: &Day) -> Diagnostic {
    Diagnostic::error(
        &day.source,
        1,
        1,
        format!(
            "duplicate day: {} edition {} is also given by {}",
            day.date.format("%Y-%m-%d"),
            day.edition,
            first.source.display()
        ),
    )
    .expected("one file per day and edition")
    .hint("keep one of the two files; a correction goes in a new file DD.2.yaml (`daybrief correct DATE`)")
    .with_source(&day.text)
}
