//! Listing and stating a published tree, taking what the records know of a folder whose
//! entries did not change instead of listing it.

use std::fs;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use super::{Stat, stat_of};

/// A file (anything but a folder) found under a tree.
#[derive(Clone)]
pub(in crate::publish) struct Found {
    /// Relative to the tree, with `/`.
    pub path: String,
    /// `None` when it is not a regular file.
    pub stat: Option<Stat>,
    /// Its size (of the link itself, for a link).
    pub bytes: u64,
    /// Whether it is a folder (then `stat` is `None` and `bytes` 0).
    pub folder: bool,
}

/// Every file and folder under `root`, files stated through its folder's handle (`statx` relative to the open
/// folder on Linux: no path lookup from the root for each file), folders in parallel. `None`
/// when a folder cannot be listed.
pub(in crate::publish) fn stat_tree(root: &Path) -> Option<Vec<Found>> {
    stat_tree_knowing(root, &KnownFolders::default(), &FxHashSet::default())
}

/// What the records say a folder holds (see [`Records::known_spare_folders`]).
pub(in crate::publish) struct KnownFolder {
    /// Its time and inode when recorded.
    pub(in crate::publish) stat: (i64, u64),
    /// Its files (with their recorded stats) and folders.
    pub(in crate::publish) entries: Vec<Found>,
}

/// Known folders by path relative to the tree (the root is never among them).
pub(in crate::publish) type KnownFolders = FxHashMap<String, KnownFolder>;

/// [`stat_tree`], taking the entries of a `known` folder from the records instead of listing
/// it; `known` holds only folders checked unchanged ([`Records::check_spare`]) before this
/// build wrote into them. The entries this build wrote, `written`, are left out: they are
/// stated by path.
pub(in crate::publish) fn stat_tree_knowing(
    root: &Path,
    known: &KnownFolders,
    written: &FxHashSet<&str>,
) -> Option<Vec<Found>> {
    walk_knowing(root, "", known, written)
}

fn walk_knowing(
    dir: &Path,
    prefix: &str,
    known: &KnownFolders,
    written: &FxHashSet<&str>,
) -> Option<Vec<Found>> {
    let walk = |dir: &Path, prefix: &str| walk_knowing(dir, prefix, known, written);
    if let Some(folder) = known.get(prefix) {
        let deeper: Option<Vec<Vec<Found>>> = folder
            .entries
            .par_iter()
            .filter(|entry| entry.folder)
            .map(|entry| walk(&dir.join(file_name(&entry.path)), &entry.path))
            .collect();
        let mut found: Vec<Found> = (folder.entries.iter())
            .filter(|entry| !written.contains(entry.path.as_str()))
            .cloned()
            .collect();
        found.extend(deeper?.into_iter().flatten());
        return Some(found);
    }
    let mut found = Vec::new();
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = if prefix.is_empty() {
            name.into_owned()
        } else {
            format!("{prefix}/{name}")
        };
        if entry.file_type().ok()?.is_dir() {
            found.push(Found {
                path: path.clone(),
                stat: None,
                bytes: 0,
                folder: true,
            });
            folders.push((entry.path(), path));
            continue;
        }
        let meta = entry.metadata().ok()?;
        found.push(Found {
            stat: stat_of(&meta),
            bytes: meta.len(),
            path,
            folder: false,
        });
    }
    let deeper: Option<Vec<Vec<Found>>> = folders
        .par_iter()
        .map(|(dir, prefix)| walk(dir, prefix))
        .collect();
    for more in deeper? {
        found.extend(more);
    }
    Some(found)
}

fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}
