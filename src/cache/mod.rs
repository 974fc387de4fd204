//! The findings cache. The consistency rules are most of a build's work at archive scale
//! (the figure, entity, order and row rules, and the typed TĂNG/GIẢM against the computed
//! change), and what they find about a day depends only on that day, the two briefings before
//! it and what every day shares. So each build keeps their findings by date, under a [`Key`] of
//! exactly those inputs, in a compact binary file beside the site (see [`FindingsCache::path_for`]);
//! the next build runs the rules only for the days whose key changed and takes the others'
//! findings from the file.
//!
//! The file starts with a magic line, this program's fingerprint (a new daybrief ignores an
//! old file) and the CRC-32 of the rest, so a truncated, damaged or foreign file is ignored
//! with a note and the rules simply run again: the output never depends on the cache.

mod file;

pub(crate) use file::{StoredDiagnostic, stored};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::day_path::date_from_path;
use crate::error::{DayFindings, Diagnostic, Listed, Unlisted, list_or_count};
use crate::ident::{Ids, renderer_fingerprint};
use crate::load::Inputs;

/// What a day's findings are a function of: this program, everything the days share
/// (publication, schemas, templates, theme), every edition of the day and of the
/// [`BRIEFINGS_BEFORE`] briefings before it, with their paths (findings name their file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key([u8; 32]);

/// How many earlier briefings a day's findings read: the previous one (the change since it),
/// and the one before that (the previous briefing's computed columns left empty are filled
/// from it).
const BRIEFINGS_BEFORE: usize = 2;

/// The key of every date that has day files in `inputs`.
pub fn keys(inputs: &Inputs, ids: &Ids) -> BTreeMap<NaiveDate, Key> {
    // Each date's files: path and digest.
    type Files<'a> = Vec<(&'a Path, &'a [u8; 32])>;
    let mut files_by_date: BTreeMap<NaiveDate, Files> = BTreeMap::new();
    for day in &inputs.days {
        if let Some(date) = date_from_path(&day.path) {
            files_by_date
                .entry(date)
                .or_default()
                .push((&day.path, &day.digest));
        }
    }
    let dates: Vec<(&NaiveDate, &Files)> = files_by_date.iter().collect();
    let mut keys = BTreeMap::new();
    for (i, (date, _)) in dates.iter().enumerate() {
        let window = &dates[i.saturating_sub(BRIEFINGS_BEFORE)..=i];
        let mut hasher = Sha256::new();
        let mut part = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        part(renderer_fingerprint().as_bytes());
        part(ids.shared());
        for (path, digest) in window.iter().flat_map(|(_, files)| files.iter()) {
            part(path.to_string_lossy().as_bytes());
            part(*digest);
        }
        keys.insert(**date, Key(hasher.finalize().into()));
    }
    keys
}

/// The findings of the last build, by date, with the key they were found under; and the last
/// build's warnings with the digest of its inputs, so that a build of the same inputs can say
/// them again without doing anything.
#[derive(Debug, Clone, Default)]
pub struct FindingsCache {
    contents: file::Contents,
}

impl FindingsCache {
    /// Where the cache of the site `out` is kept: beside it, so that the site itself stays
    /// the same bytes from build to build, and a swap of the site never carries it along.
    pub fn path_for(out: &Path) -> PathBuf {
        crate::fsutil::beside(out, "cache")
    }

    /// The cache of the site `out`, and a note when a file was there but could not be used.
    /// A missing file is no news: the first build has none.
    pub fn read(out: &Path) -> (FindingsCache, Option<String>) {
        let path = Self::path_for(out);
        match file::read(&path) {
            Ok(None) => (FindingsCache::default(), None),
            Ok(Some(contents)) => (FindingsCache { contents }, None),
            Err(why) => (
                FindingsCache::default(),
                Some(format!(
                    "ignored the findings cache {}: {why}; every day was checked again",
                    path.display()
                )),
            ),
        }
    }

    /// Whether the cache keeps findings for `date` found under `key`.
    pub fn holds(&self, date: NaiveDate, key: Option<&Key>) -> bool {
        (self.contents.entries.get(&date)).is_some_and(|(stored, _)| Some(stored) == key)
    }

    /// The findings kept for `date`, when they were found under `key`.
    #[cfg(test)]
    fn hit(&self, date: NaiveDate, key: Option<&Key>) -> Option<Vec<Diagnostic>> {
        let (stored, found) = self.contents.entries.get(&date)?;
        (Some(stored) == key).then(|| found.diagnostics(&self.contents.texts).collect())
    }

    /// The cache to keep for the next build: for every date in `keys`, the kept findings where
    /// the key matches, `fresh` ones for the others. The kept findings move into it, never
    /// copied (an archive has tens of thousands), as they were read: [`FindingsCache::findings`]
    /// makes them diagnostics again.
    pub fn merge(
        mut self,
        keys: &BTreeMap<NaiveDate, Key>,
        mut fresh: DayFindings,
    ) -> FindingsCache {
        let mut next = FindingsCache::default();
        next.contents.texts = std::mem::take(&mut self.contents.texts);
        for (date, key) in keys {
            let found = match self.contents.entries.remove(date) {
                Some((stored, kept)) if stored == *key => kept,
                _ => file::Found::Fresh(fresh.remove(date).unwrap_or_default()),
            };
            next.contents.entries.insert(*date, (*key, found));
        }
        next
    }

    /// Every date's findings, in date order (the kept ones made diagnostics again).
    pub fn findings(&self) -> impl Iterator<Item = Diagnostic> {
        let texts = &self.contents.texts;
        (self.contents.entries.values()).flat_map(|(_, found)| found.diagnostics(texts))
    }

    /// The findings `listed` lists, in date order, made diagnostics again; the warnings of the
    /// other days counted by day instead (see [`crate::error::unlisted_date`]).
    pub fn findings_listed(&self, listed: Listed) -> (Vec<Diagnostic>, Unlisted) {
        let (mut found, mut unlisted) = (Vec::new(), Unlisted::new());
        for (_, entry) in self.contents.entries.values() {
            entry.split(&self.contents.texts, listed, &mut found, &mut unlisted);
        }
        (found, unlisted)
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: crate::error::Severity) -> usize {
        let found = self.contents.entries.values();
        found.map(|(_, found)| found.count(severity)).sum()
    }

    /// The warnings of the last build, in report order, when its inputs had the digest
    /// `inputs`: those kept apart and every kept finding of the rules that `listed` lists; the
    /// others counted by day.
    pub fn warnings_of(&self, inputs: &str, listed: Listed) -> Option<(Vec<Diagnostic>, Unlisted)> {
        let (digest, others) = self.contents.last_build.as_ref()?;
        if digest != inputs {
            return None;
        }
        let (found, mut unlisted) = self.findings_listed(listed);
        let mut report = crate::error::Report {
            diagnostics: (others.iter())
                .filter(|d| list_or_count(d, listed, &mut unlisted))
                .cloned()
                .collect(),
        };
        report.diagnostics.extend(found);
        report.sort();
        Some((report.diagnostics, unlisted))
    }

    /// Records the warnings of this build, whose inputs have the digest `inputs`: `others`,
    /// those besides the rules' findings, which the entries hold already (most of an
    /// archive's warnings: stored twice, they doubled the file).
    pub fn set_warnings(&mut self, inputs: &str, others: Vec<Diagnostic>) {
        self.contents.last_build = Some((inputs.to_owned(), others));
    }

    /// Writes the cache for the site `out`. A cache that cannot be written only costs the next
    /// build time, so the failure is returned as a note, not an error.
    pub fn write(&self, out: &Path) -> Option<String> {
        Self::write_sealed(out, self.seal())
    }

    /// The bytes [`FindingsCache::write`] writes, made apart from writing them: a build makes
    /// them while it finishes the site, and writes them only once the site is published.
    pub fn seal(&self) -> Sealed {
        Sealed(file::seal(&self.contents))
    }

    /// Writes the cache beside the site in `out` as `sealed`; see [`FindingsCache::write`].
    pub fn write_sealed(out: &Path, sealed: Sealed) -> Option<String> {
        let path = Self::path_for(out);
        let written = sealed
            .0
            .and_then(|bytes| crate::sealed::write(&path, &bytes));
        written.err().map(|why| {
            format!(
                "could not keep the findings cache {}: {why}",
                path.display()
            )
        })
    }
}

/// A findings cache sealed for its file ([`FindingsCache::seal`]), or why it could not be.
pub struct Sealed(Result<Vec<u8>, String>);

#[cfg(test)]
mod tests;
