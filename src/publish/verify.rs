//! Telling whether the files of a published tree are still the bytes its manifest lists, so a
//! file edited in place after publishing is never linked into the next site. When a site is
//! published, the size, modification time and inode of its files are recorded beside it (not
//! in it: the site stays byte-identical from build to build); a later build hashes only the
//! files whose record no longer matches. The records cover the live site and the spare.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::spare::{Inventory, inventory};
use crate::error::Error;

/// What is recorded of a file: size, modification time in nanoseconds, inode.
type Stat = (u64, i128, u64);

fn stat(path: &Path) -> Option<Stat> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128);
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.len(), modified, inode))
}

/// The records of the site in `out` and of its spare.
#[derive(Debug, Default)]
pub struct Records {
    path: PathBuf,
    live: HashMap<String, Stat>,
    spare: HashMap<String, Stat>,
}

impl Records {
    /// Where the records of `out` are kept: beside it, like the spare.
    fn path_for(out: &Path) -> PathBuf {
        crate::fsutil::beside(out, "files")
    }

    /// The records of `out` and its spare; empty when there are none (every file is hashed).
    pub fn read(out: &Path) -> Records {
        let path = Self::path_for(out);
        let mut records = Records {
            path: path.clone(),
            ..Records::default()
        };
        let Ok(text) = fs::read_to_string(&path) else {
            return records;
        };
        for line in text.lines() {
            let mut parts = line.splitn(5, '\t');
            let parsed = (|| {
                let tree = parts.next()?;
                let stat = (
                    parts.next()?.parse().ok()?,
                    parts.next()?.parse().ok()?,
                    parts.next()?.parse().ok()?,
                );
                Some((tree, parts.next()?.to_owned(), stat))
            })();
            match parsed {
                Some(("live", file, stat)) => records.live.insert(file, stat),
                Some(("spare", file, stat)) => records.spare.insert(file, stat),
                _ => None,
            };
        }
        records
    }

    /// The files of `inventory` that the live site `out` no longer holds as listed.
    pub fn damaged_live(&self, out: &Path, inventory: &Inventory) -> BTreeSet<String> {
        damaged(out, inventory, &self.live)
    }

    /// The files of `inventory` that the spare `tree` no longer holds as listed.
    pub fn damaged_spare(&self, tree: &Path, inventory: &Inventory) -> BTreeSet<String> {
        damaged(tree, inventory, &self.spare)
    }

    /// Records the complete new site `staged` (its files `paths`) as the live site, and the
    /// current live site, whose `live_damaged` files are no longer trusted, as the spare it is
    /// about to become. Written before the swap; a swap that then fails only costs hashing.
    pub fn write_for_swap(
        &self,
        staged: &Path,
        paths: &[&str],
        live_damaged: &BTreeSet<String>,
    ) -> Result<(), Error> {
        let live: Vec<String> = paths
            .par_iter()
            .filter_map(|path| {
                let stat = stat(&staged.join(path))?;
                Some(line("live", path, stat))
            })
            .collect();
        let spare = self
            .live
            .iter()
            .filter(|(path, _)| !live_damaged.contains(*path))
            .map(|(path, stat)| line("spare", path, *stat));
        let text: String = live.into_iter().chain(spare).collect();
        // Written in place: the records are only a hint, and a line cut short by a kill is
        // ignored (its file is hashed).
        crate::fsutil::write(&self.path, text.as_bytes())
    }
}

/// The live site's files as its manifest lists them, checked once per build: the ones that
/// may be reused, and the ones edited since they were published.
#[derive(Debug, Default)]
pub struct LiveSite {
    /// The records of the live site and its spare.
    pub(super) records: Records,
    /// Listed files that still hold the listed bytes, by path: their SHA-256.
    pub(super) files: Inventory,
    /// Listed files that no longer do.
    pub(super) damaged: BTreeSet<String>,
}

impl LiveSite {
    /// Checks the site in `out` (nothing when there is none).
    pub fn check(out: &Path) -> LiveSite {
        let records = Records::read(out);
        let mut files = if out.is_dir() {
            inventory(out).unwrap_or_default()
        } else {
            Inventory::new()
        };
        let damaged = records.damaged_live(out, &files);
        files.retain(|path, _| !damaged.contains(path));
        LiveSite {
            records,
            files,
            damaged,
        }
    }

    /// Whether the live site still holds `path` with the SHA-256 `sha`.
    pub fn holds(&self, path: &str, sha: &str) -> bool {
        self.files.get(path).is_some_and(|s| s == sha)
    }
}

fn line(tree: &str, path: &str, (size, modified, inode): Stat) -> String {
    format!("{tree}\t{size}\t{modified}\t{inode}\t{path}\n")
}

/// The files of `inventory` that `tree` no longer holds with the listed bytes: missing, or
/// changed since they were recorded and hashing to something else.
fn damaged(
    tree: &Path,
    inventory: &Inventory,
    records: &HashMap<String, Stat>,
) -> BTreeSet<String> {
    inventory
        .par_iter()
        .filter(|(path, sha)| {
            let file = tree.join(path);
            let Some(now) = stat(&file) else {
                return true;
            };
            if records.get(path.as_str()) == Some(&now) {
                return false;
            }
            fs::read(&file).map_or(true, |bytes| crate::ident::sha256_hex(&bytes) != **sha)
        })
        .map(|(path, _)| path.clone())
        .collect()
}
