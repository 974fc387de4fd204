//! Files made from one year's days alone (a year's search index, an entity's history of a past
//! year): kept as they are while that year's days and their units' keys stay the same, so that
//! adding a day makes only the current year's files again.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Datelike;
use sha2::{Digest, Sha256};

use super::{FileRecord, OutputFile, day_dir};
use crate::archive::Day;
use crate::error::Error;

/// Each such file by path, with the key of the year it was made from.
pub type YearFiles = BTreeMap<String, (String, FileRecord)>;

/// Each year's key: its days' folders and their units' keys (which cover every edition of the
/// day, the briefings its pages read and everything the pages share), in archive order.
pub fn keys(days: &[Arc<Day>], unit_keys: &[String]) -> BTreeMap<i32, String> {
    let mut hashers: BTreeMap<i32, Sha256> = BTreeMap::new();
    for (day, key) in days.iter().zip(unit_keys) {
        let hasher = hashers.entry(day.date.year()).or_default();
        for part in [day_dir(day.date).as_bytes(), key.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hashers
        .into_iter()
        .map(|(year, hasher)| (year, crate::ident::hex(&hasher.finalize())))
        .collect()
}

/// What a renderer of year files made.
#[derive(Debug, Default)]
pub struct Made {
    /// The files made anew (with the renderer's other files).
    pub files: Vec<OutputFile>,
    /// The year files unchanged since the previous build, kept as they are.
    pub kept: Vec<FileRecord>,
    /// Every year file, for the next build.
    pub years: YearFiles,
}

impl Made {
    /// The year file at `path`, made from the year whose key is `key`: kept when the previous
    /// build made it from the same key, otherwise made with `make`.
    pub fn year_file(
        &mut self,
        previous: Option<&YearFiles>,
        path: String,
        key: &str,
        make: impl FnOnce() -> Result<Vec<u8>, Error>,
    ) -> Result<(), Error> {
        let record = match previous.and_then(|p| p.get(&path)) {
            Some((was, record)) if was == key => {
                self.kept.push(record.clone());
                record.clone()
            }
            _ => {
                let file = OutputFile {
                    bytes: make()?,
                    path: path.clone(),
                };
                let record = FileRecord::of(&file);
                self.files.push(file);
                record
            }
        };
        self.years.insert(path, (key.to_owned(), record));
        Ok(())
    }

    /// Adds what `other` made.
    pub fn extend(&mut self, other: Made) {
        self.files.extend(other.files);
        self.kept.extend(other.kept);
        self.years.extend(other.years);
    }
}
