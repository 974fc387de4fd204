//! Files made from one period's days alone (a month's search index, an entity's history of an
//! earlier year): kept as they are while that period's days and their units' keys stay the
//! same, so that adding a day makes only the current month's index and no past year's page.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use super::{FileRecord, OutputFile, day_dir};
use crate::archive::Day;
use crate::error::Error;

/// Each such file by path, with the key of the period it was made from.
pub type YearFiles = BTreeMap<String, (String, FileRecord)>;

/// Each period's key (`period` names the period of a date: a year, or for the search index
/// the newest month): its days' folders and their units' keys (which cover every edition of the day, the
/// briefings its pages read and everything the pages share), in archive order.
pub fn keys<P: Ord>(
    days: &[Arc<Day>],
    unit_keys: &[String],
    period: impl Fn(NaiveDate) -> P,
) -> BTreeMap<P, String> {
    let mut hashers: BTreeMap<P, Sha256> = BTreeMap::new();
    for (day, key) in days.iter().zip(unit_keys) {
        let hasher = hashers.entry(period(day.date)).or_default();
        for part in [day_dir(day.date).as_bytes(), key.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hashers
        .into_iter()
        .map(|(period, hasher)| (period, crate::ident::hex(&hasher.finalize())))
        .collect()
}

/// The period of an entity's page of an earlier year.
pub fn year(date: NaiveDate) -> i32 {
    date.year()
}

/// The period of a search index file: the month of `newest` (the newest briefing's) has a file
/// of its own, `(year, Some(month))`; every other day is in its year's, `(year, None)`. Adding
/// a day then makes one month's index again, and a reader still loads one file a year.
pub fn search_period(newest: NaiveDate) -> impl Fn(NaiveDate) -> (i32, Option<u32>) {
    move |date| {
        let month = (date.year(), date.month());
        let own = month == (newest.year(), newest.month());
        (date.year(), own.then_some(date.month()))
    }
}

/// The record of the file at `path` when the previous build made it from the same `key`.
pub fn kept<'p>(previous: Option<&'p YearFiles>, path: &str, key: &str) -> Option<&'p FileRecord> {
    match previous?.get(path) {
        Some((was, record)) if was == key => Some(record),
        _ => None,
    }
}

/// What a renderer of year files made.
#[derive(Debug, Default)]
pub struct Made {
    /// The files made anew (with the renderer's other files).
    pub files: Vec<OutputFile>,
    /// The files unchanged since the previous build, kept as they are.
    pub kept: Vec<FileRecord>,
    /// Every such file, for the next build.
    pub years: YearFiles,
}

impl Made {
    /// The file at `path`, made from the period whose key is `key`: kept when the previous
    /// build made it from the same key, otherwise made with `make`.
    pub fn year_file(
        &mut self,
        previous: Option<&YearFiles>,
        path: String,
        key: &str,
        make: impl FnOnce() -> Result<Vec<u8>, Error>,
    ) -> Result<(), Error> {
        match kept(previous, &path, key) {
            Some(record) => self.keep(path, key, record.clone()),
            None => {
                let bytes = make()?;
                self.made(Some(key), OutputFile { path, bytes });
            }
        }
        Ok(())
    }

    /// Adds the file at `path`, kept as `record` (see [`kept`]), made from the period `key`.
    pub fn keep(&mut self, path: String, key: &str, record: FileRecord) {
        self.kept.push(record.clone());
        self.years.insert(path, (key.to_owned(), record));
    }

    /// Adds `file`, made anew from the period `key` (without one, it is made by every build).
    pub fn made(&mut self, key: Option<&str>, file: OutputFile) {
        if let Some(key) = key {
            let record = FileRecord::of(&file);
            self.years
                .insert(file.path.clone(), (key.to_owned(), record));
        }
        self.files.push(file);
    }

    /// Adds what `other` made.
    pub fn extend(&mut self, other: Made) {
        self.files.extend(other.files);
        self.kept.extend(other.kept);
        self.years.extend(other.years);
    }
}
