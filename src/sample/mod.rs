//! `daybrief sample`: a deterministic synthetic archive for demos and benchmarks. It has
//! gaps (Sundays, holidays, a few longer breaks), status changes, new and closed overdue
//! tasks, and corrections, so every archive feature is exercised. The publication says
//! `sample: true`, so every page built from it is marked "DỮ LIỆU MẪU".

mod day;
mod rng;

use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::error::Error;
use crate::fsutil;

const PUBLICATION: &str = include_str!("publication.yaml");
const TABLES: &[(&str, &str)] = &[
    ("tien_do_tinh", include_str!("tables/tien_do_tinh.yaml")),
    ("phu_xanh_xa", include_str!("tables/phu_xanh_xa.yaml")),
    (
        "ho_so_truc_tuyen",
        include_str!("tables/ho_so_truc_tuyen.yaml"),
    ),
    (
        "nhiem_vu_qua_han",
        include_str!("tables/nhiem_vu_qua_han.yaml"),
    ),
    ("vuong_mac_xa", include_str!("tables/vuong_mac_xa.yaml")),
];

/// Every how many briefings one gets a correction (a second edition).
pub const CORRECTION_EVERY: usize = 29;

/// The first briefing date of a sample archive.
pub fn first_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 2).unwrap_or_default()
}

/// The briefing dates of an archive of `days` days: weekdays and Saturdays, no holidays, and a
/// three-day break every 60th briefing.
pub fn briefing_dates(days: usize) -> Vec<NaiveDate> {
    let mut dates = Vec::with_capacity(days);
    let mut date = first_date();
    while dates.len() < days {
        let holiday = matches!(
            (date.month(), date.day()),
            (1, 1) | (4, 30) | (5, 1) | (9, 2)
        );
        if date.weekday() != Weekday::Sun && !holiday {
            dates.push(date);
            if dates.len() % 60 == 0 {
                date += chrono::TimeDelta::days(3);
            }
        }
        date += chrono::TimeDelta::days(1);
    }
    dates
}

/// The largest sample: thirty years of briefings, ample for any benchmark, and far from the
/// end of the calendar.
pub const MAX_SAMPLE_DAYS: usize = 10_000;

/// Writes `out/content/` (publication, tables, days and corrections). Refuses to write into a
/// folder that already has a `content/`. Returns the number of files written.
pub fn write_sample(out: &Path, days: usize) -> Result<usize, Error> {
    if !(1..=MAX_SAMPLE_DAYS).contains(&days) {
        return Err(Error::Refused(format!(
            "--days {days}: a sample has 1 to {MAX_SAMPLE_DAYS} days (about 30 years of briefings)"
        )));
    }
    let content = out.join("content");
    if content.exists() {
        return Err(Error::Refused(format!(
            "{} already exists; daybrief sample writes only into a new folder",
            content.display()
        )));
    }
    let mut written = 0;
    fsutil::write(&content.join("publication.yaml"), PUBLICATION.as_bytes())?;
    written += 1;
    for (id, text) in TABLES {
        fsutil::write(&content.join(format!("tables/{id}.yaml")), text.as_bytes())?;
        written += 1;
    }
    for file in day::days(days) {
        fsutil::write(&content.join(&file.path), file.text.as_bytes())?;
        written += 1;
    }
    Ok(written)
}
