//! Incremental builds. A day's folder (`YYYY/MM/DD/`: its report, appendices, slides, changes
//! and editions pages, and every edition's permanent copy), with the charts and CSV files its
//! pages link in `files/` (shared with any other unit that has the same bytes, see
//! `render::shared`), is a **unit**. Its bytes are a pure function of a few inputs, hashed into
//! the unit's key:
//!
//! - the renderer: this program's own executable, so a new daybrief re-renders everything;
//! - everything shared: publication, schemas, templates and theme (`Ids::shared`), so editing
//!   any template invalidates every unit;
//! - whether the day's PDF files are built (`build --pdf`): its pages link them;
//! - every edition of the day, and the dates of the previous and next briefings (links);
//! - every edition of the [`SERIES_WINDOW`]` - 1` briefings before it: the time-series charts,
//!   the changes since the previous briefing and each edition's charts as released read them.
//!
//! The keys, each unit's files (path, size, SHA-256) and its search entries are kept in the
//! site's [`STATE_PATH`]. The next build renders only the units whose key changed, plus the
//! site-wide pages; `publish` reuses the other units' files as they are on disk. Keys hash
//! content only, never modification times.

mod stored;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::archive::{Archive, Day};
use crate::chart::SERIES_WINDOW;
use crate::ident::{Ids, renderer_fingerprint};

pub use stored::SearchEntries;

/// Where the build state is kept, relative to the site root. It is build bookkeeping, not a
/// page: `manifest.json` does not list it.
pub const STATE_PATH: &str = ".daybrief-state.bin";

/// What a build leaves for the next one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildState {
    /// The units by folder ("2025/08/09/"), shared: a build reuses most of the last one's
    /// records as they are, and copying them took a real-size rebuild tens of milliseconds.
    pub units: BTreeMap<String, Arc<UnitRecord>>,
    /// The files made from one year's days by path (a year's search index, an entity's history
    /// of a past year), with the key of the year they were made from (`render::years`).
    pub year_files: crate::render::years::YearFiles,
}

/// One unit of a finished build.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRecord {
    /// The unit's key.
    pub key: String,
    /// Its files, in path order.
    pub files: Vec<FileRecord>,
    /// What its report and appendices pages say, for the search index (shared, not copied,
    /// by the next build's record of a unit it reuses; read from the state only for a year
    /// whose index is made again).
    pub search: SearchEntries,
    /// Its PDF files, by path, with what each was printed from (`publish::pdf::print_key`): a
    /// file whose pages print the same is reused rather than printed again.
    pub printed: BTreeMap<String, String>,
    /// The addresses earlier builds gave its charts and CSV files, relative to the unit's
    /// folder ("charts/x.svg", "editions/1/appendices/t.csv"), and the shared file each is now
    /// (its name in `files/`, see `render::shared`).
    pub moved: crate::render::moved::MovedAddresses,
}

/// A file of the site, by its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// Path relative to the site root.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 (lowercase hex in `manifest.json`).
    pub sha256: crate::sha::Sha256Sum,
}

/// The key of day `index` of the archive (see the module documentation); `day_digests` holds
/// [`day_digest`] of every day.
fn unit_key(archive: &Archive, ids: &Ids, day_digests: &[[u8; 32]], index: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(renderer_fingerprint().as_bytes());
    hasher.update(ids.shared());
    // The day's pages link their PDF files only when they are built (nothing is added without
    // them, so those keys stay as they were).
    if archive.publication.pdf {
        hasher.update(b"pdf");
    }
    let date_at = |i: Option<usize>| {
        i.and_then(|i| archive.days.get(i))
            .map(|d| d.date.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    hasher.update(date_at(index.checked_sub(1)).as_bytes());
    hasher.update(b"|");
    hasher.update(date_at(Some(index + 1)).as_bytes());
    let from = (index + 1).saturating_sub(SERIES_WINDOW);
    for digest in &day_digests[from..=index] {
        hasher.update(digest);
    }
    crate::ident::hex(&hasher.finalize())
}

/// The digest of every edition of a day (date, number and file digest of each): hashed once per day,
/// then fed to the keys of the day and of the days after it.
fn day_digest(archive: &Archive, day: &Day) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for edition in archive.editions_of(day.date) {
        let head = format!("{}#{}", edition.date.format("%Y-%m-%d"), edition.edition);
        for part in [head.as_bytes(), &edition.digest] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher.finalize().into()
}

/// Which units a build renders: each day's key, and whether it must be rendered (no previous
/// build, or a key that changed).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Keys, by archive index.
    pub keys: Vec<String>,
    /// Whether the day must be rendered, by archive index.
    pub stale: Vec<bool>,
}

impl Plan {
    /// The dates of the days the plan renders.
    pub fn stale_dates(&self, archive: &Archive) -> std::collections::BTreeSet<chrono::NaiveDate> {
        archive
            .days
            .iter()
            .zip(&self.stale)
            .filter(|(_, stale)| **stale)
            .map(|(day, _)| day.date)
            .collect()
    }

    /// The plan against `previous` (`None`: render everything).
    pub fn new(archive: &Archive, ids: &Ids, previous: Option<&BuildState>) -> Plan {
        use rayon::prelude::*;
        let digests: Vec<[u8; 32]> = archive
            .days
            .par_iter()
            .map(|day| day_digest(archive, day))
            .collect();
        let keys: Vec<String> = (0..archive.days.len())
            .into_par_iter()
            .map(|index| unit_key(archive, ids, &digests, index))
            .collect();
        let stale = archive
            .days
            .iter()
            .zip(&keys)
            .map(|(day, key)| {
                previous
                    .and_then(|p| p.units.get(&super::day_dir(day.date)))
                    .is_none_or(|unit| unit.key != *key)
            })
            .collect();
        Plan { keys, stale }
    }
}

/// The files of the units this build reused, each once, less those a rendered unit also has
/// (a shared chart or CSV file): what `publish` takes from the live site as it is. In path
/// order; of a path listed twice, the last unit's record.
pub(super) fn kept_files(
    rendered: &super::Rendered,
    previous: Option<&BuildState>,
    plan: &Plan,
    archive: &Archive,
) -> Vec<FileRecord> {
    let mut fresh = rustc_hash::FxHashSet::default();
    let mut kept: Vec<&FileRecord> = Vec::new();
    for (day, stale) in archive.days.iter().zip(&plan.stale) {
        let dir = super::day_dir(day.date);
        let Some(unit) = rendered.units.get(&dir) else {
            continue;
        };
        let reused = !*stale && previous.is_some_and(|p| p.units.contains_key(&dir));
        for file in &unit.files {
            if reused {
                kept.push(file);
            } else {
                fresh.insert(file.path.as_str());
            }
        }
    }
    // Days come in order and so, mostly, do their files: a stable sort finds the runs (a map
    // of 47,000 paths took 17 ms of an add at 1,000 real-size days).
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    kept.dedup_by(|later, earlier| {
        let same = later.path == earlier.path;
        if same {
            *earlier = *later;
        }
        same
    });
    kept.into_iter()
        .filter(|file| !fresh.contains(file.path.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;
    use crate::render::search::{Entry, PageEntries};

    fn unit(key: &str, blocks: &[&str]) -> UnitRecord {
        UnitRecord {
            key: key.into(),
            files: vec![FileRecord {
                path: format!("{key}/index.html"),
                bytes: 3,
                sha256: crate::sha::Sha256Sum::of(b"ab"),
            }],
            search: SearchEntries::made(vec![PageEntries {
                page: 1,
                entries: vec![Entry {
                    anchor: "muc-1".into(),
                    title: "Tình hình".into(),
                    blocks: blocks.iter().map(|b| (*b).into()).collect(),
                }],
            }]),
            printed: BTreeMap::from([("a.pdf".into(), "k".into())]),
            moved: crate::render::moved::MovedAddresses::new(
                [("charts/x.svg".into(), "x-1.svg".into())],
                &[],
            ),
        }
    }

    /// A state reads back as it was written; a text two units share is stored once and shared
    /// once read; a damaged or foreign state is not read.
    #[test]
    fn the_state_reads_back_with_each_text_stored_once() {
        let repeated = "Cao Bằng · phủ XANH toàn tỉnh ".repeat(50);
        let state = BuildState {
            units: BTreeMap::from([
                (
                    "2025/08/09/".into(),
                    Arc::new(unit("a", &[&repeated, "hôm qua"])),
                ),
                (
                    "2025/08/10/".into(),
                    Arc::new(unit("b", &[&repeated, "hôm nay"])),
                ),
            ]),
            year_files: BTreeMap::from([(
                "search/2025.js".into(),
                (
                    "key".into(),
                    FileRecord::of(&OutputFile {
                        path: "search/2025.js".into(),
                        bytes: b"x".to_vec(),
                    }),
                ),
            )]),
        };
        let bytes = state.to_bytes(None).unwrap_or_else(|e| panic!("{e}"));
        let occurrences = bytes
            .windows(repeated.len())
            .filter(|w| *w == repeated.as_bytes())
            .count();
        assert_eq!(occurrences, 1, "the shared text is stored once");
        let read = BuildState::from_bytes(bytes.clone()).expect("reads back");
        assert_eq!(read, state);
        let block = |folder: &str| {
            let pages = read.units[folder].search.pages();
            pages.unwrap_or_else(|e| panic!("{e}"))[0].entries[0].blocks[0].clone()
        };
        assert!(std::sync::Arc::ptr_eq(
            &block("2025/08/09/"),
            &block("2025/08/10/")
        ));
        assert_eq!(
            BuildState::from_bytes(bytes[..bytes.len() - 1].to_vec()),
            None
        );
        assert_eq!(BuildState::from_bytes(b"{\"units\": {}}\n".to_vec()), None);
    }
}
