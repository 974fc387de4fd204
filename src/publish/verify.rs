//! Telling whether the files of a published tree are still the bytes its manifest lists, so a
//! file edited in place after publishing is never linked into the next site. When a site is
//! published, the size, modification time and inode of its files are recorded beside it (not
//! in it: the site stays byte-identical from build to build); a later build hashes only the
//! files whose record no longer matches. The records cover the live site and the spare.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use super::spare::{Inventory, inventory};

mod tree;
mod unchanged;
mod walk;

use crate::error::Error;
use crate::sha::Sha256Sum;
use tree::Tree;
pub use unchanged::live_is_intact;
pub(super) use walk::{Found, KnownFolder, KnownFolders, stat_tree, stat_tree_knowing};

/// What is recorded of a file: size, modification time in nanoseconds since the epoch (0
/// before it, the largest `i64` after 2262), inode.
pub(super) type Stat = (u64, i64, u64);

fn stat(path: &Path) -> Option<Stat> {
    stat_of(&fs::symlink_metadata(path).ok()?)
}

fn stat_of(meta: &fs::Metadata) -> Option<Stat> {
    if !meta.is_file() {
        return None;
    }
    stat_of_any(meta)
}

fn stat_of_any(meta: &fs::Metadata) -> Option<Stat> {
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.len(), modified, inode))
}

/// The records of the site in `out` and of its spare.
#[derive(Debug, Default)]
pub struct Records {
    path: PathBuf,
    live: FxHashMap<String, Stat>,
    spare: FxHashMap<String, Stat>,
    /// The live site's folders (`.` its root): modification time and inode. Adding, removing or
    /// renaming an entry changes its folder's time, so with these a build can tell that the
    /// site has no file more or less without listing its folders.
    live_folders: FxHashMap<String, (i64, u64)>,
    /// The spare's folders as they were when it was the live site ([`Records::live_folders`]
    /// then): a walk of the spare takes the entries of one whose time and inode still match
    /// from the records instead of listing it.
    spare_folders: FxHashMap<String, (i64, u64)>,
}

impl Records {
    /// Where the records of `out` are kept: beside it, like the spare.
    fn path_for(out: &Path) -> PathBuf {
        crate::fsutil::beside(out, "files")
    }

    /// The records of `out` and its spare; empty when there are none (every file is hashed).
    pub fn read(out: &Path) -> Records {
        let path = Self::path_for(out);
        let Ok(text) = fs::read_to_string(&path) else {
            return Records {
                path,
                ..Records::default()
            };
        };
        // The live site's lines and the spare's (100,000 at 1,000 real-size days) are taken
        // side by side, each pass skipping the other's.
        let ((live, live_folders), (spare, spare_folders)) = rayon::join(
            || tree_lines(&text, "live", FOLDER),
            || tree_lines(&text, "spare", SPARE_FOLDER),
        );
        Records {
            path,
            live,
            spare,
            live_folders,
            spare_folders,
        }
    }

    /// The live site's recorded files that `out` no longer holds with their recorded stat
    /// (stated in parallel; the manifest need not be read yet).
    fn live_changed(&self, out: &Tree) -> FxHashSet<String> {
        (self.live.par_iter())
            .filter(|(path, recorded)| out.file(path).as_ref() != Some(*recorded))
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// The files of `inventory` that the live site `out` no longer holds as listed; `changed`
    /// are the recorded ones [`Records::live_changed`] found changed (the others are intact).
    fn damaged_live(
        &self,
        out: &Path,
        inventory: &Inventory,
        changed: &FxHashSet<String>,
    ) -> BTreeSet<String> {
        let intact = |path: &str| self.live.contains_key(path) && !changed.contains(path);
        damaged_unless(&Tree::open(out), inventory, &self.live, intact)
    }

    /// The spare's folders whose entries the records know in full: every file in one is
    /// in `had` (the spare's files as listed) with a recorded stat, and none was found
    /// `damaged` this build. Its subfolders are the recorded folders under it. The root is left out
    /// (it holds the manifest, the stamp and the marker, which the records do not list).
    pub(super) fn known_spare_folders(
        &self,
        had: &Inventory,
        damaged: &BTreeSet<String>,
    ) -> KnownFolders {
        let holds = |path: &str| had.contains_key(path) && !damaged.contains(path);
        let mut known: KnownFolders = self
            .spare_folders
            .iter()
            .filter(|(folder, _)| folder.as_str() != ".")
            .map(|(folder, stat)| {
                let entry = KnownFolder {
                    stat: *stat,
                    entries: Vec::new(),
                };
                (folder.clone(), entry)
            })
            .collect();
        let mut unsure = BTreeSet::new();
        for folder in self.spare_folders.keys() {
            if folder == "." {
                continue;
            }
            if let Some(parent) = known.get_mut(parent_of(folder)) {
                parent.entries.push(Found {
                    path: folder.clone(),
                    stat: None,
                    bytes: 0,
                    folder: true,
                });
            }
        }
        for (path, stat) in &self.spare {
            let parent = parent_of(path);
            match known.get_mut(parent) {
                Some(folder) if holds(path) => folder.entries.push(Found {
                    path: path.clone(),
                    stat: Some(*stat),
                    bytes: stat.0,
                    folder: false,
                }),
                _ => {
                    unsure.insert(parent.to_owned());
                }
            }
        }
        for path in had.keys().filter(|path| holds(path)) {
            if !self.spare.contains_key(path) {
                unsure.insert(parent_of(path).to_owned());
            }
        }
        known.retain(|folder, _| !unsure.contains(folder));
        known
    }

    /// Checks the spare `tree`, which holds `had` as its manifest lists it: the files it no
    /// longer holds as listed, and the folders whose entries the records know in full and
    /// that no entry was added to, removed from or renamed in since (see
    /// [`Records::known_spare_folders`]).
    ///
    /// Most of the spare's files are hard links of the live site's. One with the live file's
    /// recorded stat (inode included), in a folder whose entries did not change, is that live
    /// file, which `live_checked` (the live site's files found intact) vouches for: it is not
    /// stated again.
    pub fn check_spare(
        &self,
        tree: &Path,
        had: &Inventory,
        live_checked: &Inventory,
    ) -> (BTreeSet<String>, KnownFolders) {
        let tree = &Tree::open(tree);
        // The root is never taken as unchanged: the update removes the manifest from it.
        let unchanged: FxHashMap<&str, (i64, u64)> = (self.spare_folders.par_iter())
            .filter(|(folder, _)| folder.as_str() != ".")
            .filter(|(folder, stat)| tree.folder(folder) == Some(**stat))
            .map(|(folder, stat)| (folder.as_str(), *stat))
            .collect();
        let is_live_file = |path: &str| {
            live_checked.contains_key(path)
                && self
                    .spare
                    .get(path)
                    .is_some_and(|spare| self.live.get(path) == Some(spare))
                && unchanged.contains_key(parent_of(path))
        };
        let damaged = damaged_unless(tree, had, &self.spare, is_live_file);
        let mut known = self.known_spare_folders(had, &damaged);
        known.retain(|folder, entry| unchanged.get(folder.as_str()) == Some(&entry.stat));
        (damaged, known)
    }

    /// Records the complete new site `staged` (its files `paths`) as the live site, and the
    /// current live site, whose `live_damaged` files are no longer trusted, as the spare it is
    /// about to become. `stats` are those of `staged`'s files found by a walk since the last
    /// was placed (the others are stated by path). Written before the swap; a swap that then
    /// fails only costs hashing.
    pub fn write_for_swap(
        &self,
        staged: &Path,
        paths: &[&str],
        stats: &FxHashMap<String, Option<Stat>>,
        folders: &[(String, Option<(i64, u64)>)],
        live_damaged: &BTreeSet<String>,
    ) -> Result<(), Error> {
        let staged = &Tree::open(staged);
        // Stated now, after the last file was placed or removed (a folder emptied since the
        // walk is gone: it is left out), unless its stat is known unchanged.
        let folders: Vec<(&str, Stat)> = folders
            .par_iter()
            .map(|(folder, known)| (folder.as_str(), *known))
            .chain(rayon::iter::once((".", None)))
            .filter_map(|(folder, known)| {
                let (modified, inode) = known.or_else(|| staged.folder(folder))?;
                Some((folder, (0, modified, inode)))
            })
            .collect();
        let live: Vec<(&str, Stat)> = paths
            .par_iter()
            .filter_map(|path| {
                let stat = match stats.get(*path) {
                    Some(found) => *found,
                    None => staged.file(path),
                }?;
                Some((*path, stat))
            })
            .collect();
        // Some 100,000 lines at 1,000 real-size days: written into two texts side by side, not
        // made one by one.
        let (mut text, spare) = rayon::join(
            || {
                let mut text = String::with_capacity(100 * (live.len() + self.live.len()));
                for (path, stat) in live {
                    push_line(&mut text, "live", path, stat);
                }
                text
            },
            || {
                let mut text = String::with_capacity(100 * self.live.len());
                for (path, stat) in &self.live {
                    if !live_damaged.contains(path) {
                        push_line(&mut text, "spare", path, *stat);
                    }
                }
                text
            },
        );
        for (folder, stat) in folders {
            push_line(&mut text, FOLDER, folder, stat);
        }
        text.push_str(&spare);
        // A folder holding a file edited since it was published is listed by the next walk.
        let edited: BTreeSet<&str> = live_damaged.iter().map(|p| parent_of(p)).collect();
        for (folder, (modified, inode)) in &self.live_folders {
            if !edited.contains(folder.as_str()) {
                push_line(&mut text, SPARE_FOLDER, folder, (0, *modified, *inode));
            }
        }
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
        // The manifest (8 MB at 1,000 real-size days) is read while the recorded files are
        // stated.
        let ((records, changed), files) = rayon::join(
            || {
                let records = Records::read(out);
                let changed = records.live_changed(&Tree::open(out));
                (records, changed)
            },
            || match out.is_dir() {
                true => inventory(out).unwrap_or_default(),
                false => Inventory::default(),
            },
        );
        let mut files = files;
        let damaged = records.damaged_live(out, &files, &changed);
        files.retain(|path, _| !damaged.contains(path));
        LiveSite {
            records,
            files,
            damaged,
        }
    }

    /// Whether the live site still holds `path` with the SHA-256 `sha`.
    pub fn holds(&self, path: &str, sha: &Sha256Sum) -> bool {
        self.files.get(path) == Some(sha)
    }
}

/// The tree name of the live site's folders in the records (older versions skip such lines).
const FOLDER: &str = "live-folder";

/// The tree name of the spare's folders in the records.
const SPARE_FOLDER: &str = "spare-folder";

/// The folder of a relative path: `.` for one at the root.
fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(parent, _)| parent)
}

/// A folder's modification time and inode (following a link: the output folder may be one).
fn folder_stat(path: &Path) -> Option<(i64, u64)> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return None;
    }
    let (_, modified, inode) = stat_of_any(&meta)?;
    Some((modified, inode))
}

/// Adds a line of the records to `text`: tree, stat, path.
fn push_line(text: &mut String, tree: &str, path: &str, (size, modified, inode): Stat) {
    use std::fmt::Write;
    let _ = writeln!(text, "{tree}\t{size}\t{modified}\t{inode}\t{path}");
}

/// The files and the folders of one tree in the records `text`: the lines of `files` and of
/// `folders` (see [`Records`]).
fn tree_lines(
    text: &str,
    files: &str,
    folders: &str,
) -> (FxHashMap<String, Stat>, FxHashMap<String, (i64, u64)>) {
    let mut file_stats = FxHashMap::default();
    let mut folder_stats = FxHashMap::default();
    for line in text.lines() {
        let tree = line.split_once('\t').map_or(line, |(tree, _)| tree);
        if tree != files && tree != folders {
            continue;
        }
        let Some((tree, stat, path)) = parse_line(line) else {
            continue;
        };
        if tree == files {
            file_stats.insert(path.to_owned(), stat);
        } else {
            let (_, modified, inode) = stat;
            folder_stats.insert(path.to_owned(), (modified, inode));
        }
    }
    (file_stats, folder_stats)
}

/// A line of the records, as [`push_line`] writes it: tree, stat, path. `None` for a line cut short.
fn parse_line(line: &str) -> Option<(&str, Stat, &str)> {
    let mut parts = line.splitn(5, '\t');
    let tree = parts.next()?;
    let stat = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    Some((tree, stat, parts.next()?))
}

/// The files of `inventory` that `tree` no longer holds as listed: stated, and hashed when
/// their stat is not the recorded one; the files `intact` vouches for are taken as they are.
fn damaged_unless(
    tree: &Tree,
    inventory: &Inventory,
    records: &FxHashMap<String, Stat>,
    intact: impl Fn(&str) -> bool + Sync,
) -> BTreeSet<String> {
    // Stated by path: listing the site's thousands of folders costs more than the lookups.
    inventory
        .par_iter()
        .filter(|(path, sha)| {
            if intact(path) {
                return false;
            }
            let Some(now) = tree.file(path) else {
                return true;
            };
            if records.get(path.as_str()) == Some(&now) {
                return false;
            }
            fs::read(tree.join(path)).map_or(true, |bytes| Sha256Sum::of(&bytes) != **sha)
        })
        .map(|(path, _)| path.clone())
        .collect()
}
