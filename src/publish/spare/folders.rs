//! The folders of a tree being updated: those of the placed paths, those the update changed
//! nothing in, and those it left empty.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use super::super::verify::{Found, KnownFolders};
use super::Placed;

/// `folders` of the tree, each with its stat when the records know it (`known`) and the update
/// changed nothing in it: a known folder was checked unchanged before the build wrote into the
/// tree, and only adding, removing or renaming an entry changes a folder's time. The folders
/// above every path the build wrote, linked or removed (`changed`) are stated again (one may
/// hold a folder it made), and so are the others: 8,500 folders at 1,000 days, of which an
/// added day changes a dozen.
pub(super) fn unchanged<'p>(
    folders: Vec<String>,
    changed: impl Iterator<Item = &'p String>,
    known: &KnownFolders,
) -> Vec<(String, Option<(i64, u64)>)> {
    let mut above: FxHashSet<&str> = FxHashSet::default();
    each_above(changed.map(String::as_str), |folder| above.insert(folder));
    folders
        .into_iter()
        .map(|folder| {
            let stat = match above.contains(folder.as_str()) {
                true => None,
                false => known.get(&folder).map(|known| known.stat),
            };
            (folder, stat)
        })
        .collect()
}

/// Gives `add` each folder above each of `paths`, the nearest first, until it says the folder
/// was added before (then so were the folders above it).
fn each_above<'a>(paths: impl Iterator<Item = &'a str>, mut add: impl FnMut(&'a str) -> bool) {
    for path in paths {
        let mut at = path;
        while let Some((parent, _)) = at.rsplit_once('/') {
            if !add(parent) {
                break;
            }
            at = parent;
        }
    }
}

/// The folders of the placed paths, as a walk of a tree holding exactly them would find them.
pub(super) fn of(placed: &Placed) -> Vec<Found> {
    let mut folders = BTreeSet::new();
    each_above(placed.iter().map(|(path, _)| path.as_str()), |folder| {
        folders.insert(folder)
    });
    folders
        .into_iter()
        .map(|folder| Found {
            path: folder.to_owned(),
            stat: None,
            bytes: 0,
            folder: true,
        })
        .collect()
}

/// Removes the folders left empty by deletions, deepest first, up to (not including) `root`.
pub(super) fn remove_empty(root: &Path, folders: BTreeSet<PathBuf>) {
    let mut folders: Vec<PathBuf> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        let mut current = folder.as_path();
        // `remove_dir` fails on a folder that still has files, which ends the climb.
        while current != root && current.starts_with(root) && fs::remove_dir(current).is_ok() {
            match current.parent() {
                Some(parent) => current = parent,
                None => break,
            }
        }
    }
}
