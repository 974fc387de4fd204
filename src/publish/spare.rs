//! The spare tree: the site before last, kept beside the output (`.daybrief-spare-<out>`) so a
//! rebuild touches only what changed. A build brings the spare up to date with the new site —
//! writing new and changed files as they are rendered, hard-linking files that are already in
//! the live site (or, within a day, already written), deleting files that are gone — and then
//! swaps it with the live site. The live site is never written: a failed or killed build leaves
//! it as it was. Files are always replaced by a new inode (never rewritten in place), so a file
//! shared by hard link with the live site cannot change under it.
//!
//! A tree's inventory is its `manifest.json`. The spare's is removed before the spare is
//! touched. A build that fails removes every file it wrote or linked (the whole spare when it
//! made it), so a full disk is left as it was, and writes a manifest for what the spare still
//! holds, so the next build can use it; a build that is killed leaves none, and the next build
//! starts the spare afresh.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Error;
use crate::fsutil;
use crate::render::{FileRecord, OutputFile};
use crate::sha::Sha256Sum;

mod folders;

/// Where the manifest of a tree is, relative to its root.
pub const MANIFEST: &str = "manifest.json";

/// Files of a tree by path: their SHA-256.
pub type Inventory = FxHashMap<String, Sha256Sum>;

/// Files placed in a tree: path and size.
type Placed = Vec<(String, u64)>;

/// The spare tree's folder for the output `out`.
pub fn spare_path(parent: &Path, out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    parent.join(format!(".daybrief-spare-{name}"))
}

/// The files a tree's manifest lists, or `None` when it has no readable manifest.
pub fn listed_files(tree: &Path) -> Option<Vec<FileRecord>> {
    #[derive(serde::Deserialize)]
    struct Listed {
        files: Vec<FileRecord>,
    }
    let bytes = fs::read(tree.join(MANIFEST)).ok()?;
    let listed: Listed = serde_json::from_slice(&bytes).ok()?;
    Some(listed.files)
}

/// [`listed_files`] by path.
pub fn inventory(tree: &Path) -> Option<Inventory> {
    Some(
        listed_files(tree)?
            .into_iter()
            .map(|f| (f.path, f.sha256))
            .collect(),
    )
}

/// What one update did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// Files written with new bytes.
    pub written: usize,
    /// Files hard-linked (or copied) from the live site or from an identical file just written.
    pub linked: usize,
    /// Files deleted.
    pub deleted: usize,
    /// PDF files printed (see `publish::pdf`), among those written or linked.
    pub printed: usize,
}

/// A tree being brought up to date, file by file, from several threads.
pub struct Update {
    tree: PathBuf,
    live: PathBuf,
    /// What the tree held before (its manifest).
    had: Inventory,
    /// What the live site holds, as listed (files edited since are left out: written afresh,
    /// never linked).
    live_has: Inventory,
    /// The records of both trees, and the live files found edited since they were recorded.
    records: super::verify::Records,
    live_damaged: BTreeSet<String>,
    /// The tree's folders whose entries the records know, checked unchanged before this
    /// build wrote into it.
    known: super::verify::KnownFolders,
    /// What has been placed so far (path, SHA-256, size), and what that took.
    placed: Mutex<(Placed, Changes)>,
    /// Files this build wrote or linked (or began to), to remove if it fails.
    touched: Mutex<Vec<String>>,
    /// Paths placed so far: a shared chart or CSV file that several days link is placed once.
    claimed: Mutex<FxHashSet<String>>,
    /// Whether this build made the tree: then a failure removes it whole.
    fresh: bool,
    /// Folders of the tree this build made or found.
    folders: Mutex<FxHashSet<PathBuf>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Update {
    /// Starts updating `tree` (as opened and `checked`; `fresh` when this build made it),
    /// reusing the checked files of the live site `live`. Removes the tree's manifest first:
    /// until one is written again, what it holds is unknown.
    pub fn start(
        tree: &Path,
        checked: super::opening::Checked,
        live: &Path,
        fresh: bool,
    ) -> Result<Update, Error> {
        remove_if_present(&tree.join(MANIFEST))?;
        let super::opening::Checked {
            had,
            live: site,
            known,
        } = checked;
        let super::verify::LiveSite {
            records,
            files: live_has,
            damaged: live_damaged,
        } = site;
        Ok(Update {
            tree: tree.to_path_buf(),
            live: live.to_path_buf(),
            had,
            live_has,
            records,
            live_damaged,
            known,
            placed: Mutex::new((Vec::new(), Changes::default())),
            touched: Mutex::default(),
            claimed: Mutex::default(),
            fresh,
            folders: Mutex::default(),
        })
    }

    /// The folder being updated.
    pub fn tree(&self) -> &Path {
        &self.tree
    }

    /// The live site, whose files may be reused.
    pub fn live(&self) -> &Path {
        &self.live
    }

    /// Whether the live site lists `path`, untouched since it was published.
    pub fn live_lists(&self, path: &str) -> bool {
        self.live_has.contains_key(path)
    }

    /// Whether the live site holds `path` with these bytes, untouched since it was published.
    pub fn live_holds(&self, path: &str, sha256: &Sha256Sum) -> bool {
        self.live_has.get(path) == Some(sha256)
    }

    /// Places one day's files (with their records, in the same order).
    pub fn put_unit(&self, files: &[OutputFile], records: &[FileRecord]) -> Result<(), Error> {
        self.place(files, records)
    }

    /// Notes that `path` is about to be written, before a byte of it is.
    fn touch(&self, path: &str) {
        self.touched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(path.to_owned());
    }

    /// Whether `path` is placed for the first time in this build (and claims it).
    fn claim(&self, path: &str) -> bool {
        self.claimed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_owned())
    }

    fn place(&self, files: &[OutputFile], records: &[FileRecord]) -> Result<(), Error> {
        let mut changes = Changes::default();
        let mut placed = Vec::with_capacity(files.len());
        // Files of a day with the same bytes under two names: the second is linked.
        let mut first_of: FxHashMap<&Sha256Sum, &str> = FxHashMap::default();
        for (file, record) in files.iter().zip(records) {
            if !self.claim(&file.path) {
                continue;
            }
            let sha = &record.sha256;
            let earlier = first_of.get(sha).copied();
            first_of.entry(sha).or_insert(&file.path);
            placed.push((file.path.clone(), record.bytes));
            if self.had.get(&file.path) == Some(sha) {
                continue;
            }
            let target = super::safe_join(&self.tree, &file.path)?;
            self.touch(&file.path);
            self.clear(&target)?;
            if let Some(earlier) = earlier {
                self.link(&super::safe_join(&self.tree, earlier)?, &target)?;
                changes.linked += 1;
            } else if self.live_has.get(&file.path) == Some(sha) {
                self.link(&super::safe_join(&self.live, &file.path)?, &target)?;
                changes.linked += 1;
            } else {
                fsutil::write(&target, &file.bytes)?;
                changes.written += 1;
            }
        }
        self.record(placed, changes);
        Ok(())
    }

    /// Places files whose hash is not known yet (the site-wide pages).
    pub fn put_files(&self, files: &[OutputFile]) -> Result<(), Error> {
        let records: Vec<FileRecord> = files.iter().map(FileRecord::of).collect();
        self.put_unit(files, &records)
    }

    /// Writes a file of daybrief's own that no manifest lists (the build state) from
    /// `pieces`, one after another: it is never held in one buffer, nor hashed.
    pub fn put_own(&self, path: &str, pieces: &[fsutil::Piece]) -> Result<(), Error> {
        if !self.claim(path) {
            return Ok(());
        }
        let target = super::safe_join(&self.tree, path)?;
        self.touch(path);
        self.clear(&target)?;
        fsutil::write_pieces(&target, pieces)?;
        let bytes = pieces.iter().map(fsutil::Piece::len).sum();
        let changes = Changes {
            written: 1,
            ..Changes::default()
        };
        self.record(vec![(path.to_owned(), bytes)], changes);
        Ok(())
    }

    /// Places files reused from the live site as they are there, in parallel: on the first
    /// rebuild after a clean build the spare is new and this links every file of the site.
    pub fn put_kept(&self, kept: &[FileRecord]) -> Result<(), Error> {
        use rayon::prelude::*;
        kept.par_chunks(512)
            .try_for_each(|chunk| self.place_kept(chunk))
    }

    /// Links (or copies) `from` to `target`, making its folder first unless this build saw
    /// it exist: in a new spare the first link into each of its thousands of folders would
    /// otherwise fail first.
    fn link(&self, from: &Path, target: &Path) -> Result<(), Error> {
        if let Some(parent) = target.parent() {
            let known = lock(&self.folders).contains(parent);
            if !known {
                fsutil::create_dir_all(parent)?;
                lock(&self.folders).insert(parent.to_path_buf());
            }
        }
        link_or_copy(from, target)
    }

    /// Removes whatever is at `target` before a file is placed there; nothing can be in a tree
    /// this build made, but what it placed itself, and no path is placed twice.
    fn clear(&self, target: &Path) -> Result<(), Error> {
        if self.fresh {
            return Ok(());
        }
        remove_if_present(target)
    }

    fn place_kept(&self, kept: &[FileRecord]) -> Result<(), Error> {
        let mut changes = Changes::default();
        let mut placed = Vec::with_capacity(kept.len());
        for record in kept {
            if !self.claim(&record.path) {
                continue;
            }
            placed.push((record.path.clone(), record.bytes));
            if self.had.get(&record.path) == Some(&record.sha256) {
                continue;
            }
            let target = super::safe_join(&self.tree, &record.path)?;
            self.touch(&record.path);
            self.clear(&target)?;
            self.link(&super::safe_join(&self.live, &record.path)?, &target)?;
            changes.linked += 1;
        }
        self.record(placed, changes);
        Ok(())
    }

    fn record(&self, placed: Placed, changes: Changes) {
        let mut state = self
            .placed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.0.extend(placed);
        state.1.written += changes.written;
        state.1.linked += changes.linked;
    }

    /// The files and bytes of the new site: what was placed, and `manifest`.
    pub fn totals(&self, manifest: &OutputFile) -> (usize, u64) {
        let state = self
            .placed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bytes = state.0.iter().map(|(_, b)| b).sum::<u64>() + manifest.bytes.len() as u64;
        (state.0.len() + 1, bytes)
    }

    /// Deletes what the tree held but the new site lacks, then writes `manifest` last: the tree
    /// is complete. Returns what the update took.
    pub fn finish(&self, manifest: &OutputFile) -> Result<Changes, Error> {
        let (placed, mut changes) = std::mem::take(
            &mut *self
                .placed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut wanted: FxHashSet<&str> = placed.iter().map(|(p, _)| p.as_str()).collect();
        wanted.extend([MANIFEST, super::MARKER, super::STAMP_PATH]);
        // Every file the tree holds, listed or not (a file put there by hand goes too), so the
        // tree ends up exactly the new site. The same walk states the files for the records.
        // A tree this build made holds only what it placed: its folders are those of the
        // placed paths, and its files are stated by path (listing them costs more).
        // Its folders untouched since it was the live site, until this build, are not listed:
        // the records know what they held, and this build knows what it wrote there.
        let mut found = folders::of(&placed);
        if !self.fresh {
            let touched = lock(&self.touched);
            let written: FxHashSet<&str> = touched.iter().map(String::as_str).collect();
            let walked = super::verify::stat_tree_knowing(&self.tree, &self.known, &written)
                .ok_or_else(|| Error::io("list", &self.tree, io::ErrorKind::Other.into()))?;
            let walked_folders: FxHashSet<&str> = (walked.iter())
                .filter(|file| file.folder)
                .map(|file| file.path.as_str())
                .collect();
            found.retain(|folder| !walked_folders.contains(folder.path.as_str()));
            found.extend(walked);
        }
        let mut stats = FxHashMap::with_capacity_and_hasher(found.len(), Default::default());
        let mut folders = Vec::new();
        let mut emptied = BTreeSet::new();
        let mut removed = Vec::new();
        for file in found {
            if file.folder {
                folders.push(file.path);
                continue;
            }
            if wanted.contains(file.path.as_str()) {
                stats.insert(file.path, file.stat);
                continue;
            }
            let path = self.tree.join(&file.path);
            remove_if_present(&path)?;
            changes.deleted += 1;
            emptied.extend(path.parent().map(Path::to_path_buf));
            removed.push(file.path);
        }
        folders::remove_empty(&self.tree, emptied);
        self.touch(MANIFEST);
        fsutil::write(&self.tree.join(MANIFEST), &manifest.bytes)?;
        stats.remove(MANIFEST);
        changes.written += 1;
        let mut paths: Vec<&str> = placed.iter().map(|(p, _)| p.as_str()).collect();
        paths.push(MANIFEST);
        let touched = lock(&self.touched);
        let folders = folders::unchanged(folders, touched.iter().chain(&removed), &self.known);
        self.records
            .write_for_swap(&self.tree, &paths, &stats, &folders, &self.live_damaged)?;
        Ok(changes)
    }

    /// A failed build: removes every file it wrote or linked (the whole tree when it made it)
    /// and records what the tree still holds, so the next build can update it instead of
    /// starting afresh. When that cannot be done, the tree is removed.
    pub fn abandon(self) {
        if self.fresh {
            let _ = super::leftovers::remove_marker_last(&self.tree);
            return;
        }
        let touched = self
            .touched
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut holds = self.had;
        let mut emptied = BTreeSet::new();
        let mut removed_all = true;
        for path in touched {
            holds.remove(&path);
            let target = self.tree.join(&path);
            removed_all &= remove_if_present(&target).is_ok();
            emptied.extend(target.parent().map(Path::to_path_buf));
        }
        folders::remove_empty(&self.tree, emptied);
        let mut files: Vec<FileRecord> = holds
            .into_iter()
            .map(|(path, sha256)| FileRecord {
                path,
                bytes: 0,
                sha256,
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        #[derive(serde::Serialize)]
        struct Listed {
            files: Vec<FileRecord>,
        }
        let recorded = removed_all
            && serde_json::to_vec(&Listed { files })
                .is_ok_and(|bytes| fs::write(self.tree.join(MANIFEST), bytes).is_ok());
        if !recorded {
            let _ = fs::remove_file(self.tree.join(MANIFEST));
            let _ = super::leftovers::remove_marker_last(&self.tree);
        }
    }
}

fn remove_if_present(path: &Path) -> Result<(), Error> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("remove", path, e)),
        _ => Ok(()),
    }
}

/// A hard link where the file system allows one, else a copy.
fn link_or_copy(from: &Path, to: &Path) -> Result<(), Error> {
    // The folder usually exists already: linking first saves a `mkdir` and a `stat` a file.
    let linked = match fs::hard_link(from, to) {
        Err(e)
            if e.kind() == io::ErrorKind::NotFound && to.parent().is_some_and(|p| !p.is_dir()) =>
        {
            if let Some(parent) = to.parent() {
                fsutil::create_dir_all(parent)?;
            }
            fs::hard_link(from, to)
        }
        linked => linked,
    };
    if linked.is_ok() {
        return Ok(());
    }
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Error::io("copy", from, e))
}
