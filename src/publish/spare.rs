//! The spare tree: the site before last, kept beside the output (`.daybrief-spare-<out>`) so a
//! rebuild touches only what changed. A build brings the spare up to date with the new site —
//! writing new and changed files, hard-linking files that are already in the live site, deleting
//! files that are gone — and then swaps it with the live site. The live site is never written:
//! a failed or killed build leaves it as it was. Files are always replaced by a new inode (never
//! rewritten in place), so a file shared by hard link with the live site cannot change under it.
//!
//! A tree's inventory is its `manifest.json`. It is removed before the spare is touched and
//! written last, so a spare whose update was cut short has none, and the next build starts it
//! afresh.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::fsutil;
use crate::render::{FileRecord, OutputFile};

/// Where the manifest of a tree is, relative to its root.
pub const MANIFEST: &str = "manifest.json";

/// Files of a tree by path: their SHA-256.
pub type Inventory = HashMap<String, String>;

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
    /// Files hard-linked (or copied) from the live site.
    pub linked: usize,
    /// Files deleted.
    pub deleted: usize,
}

/// The new site: the files rendered now, and those reused from the live site.
pub struct NewSite<'a> {
    /// Rendered files; the manifest among them is written last.
    pub files: &'a [OutputFile],
    /// Files reused as they are in the live site.
    pub kept: &'a [FileRecord],
}

/// Makes `tree` (holding the files of `had`) hold exactly `site`, reusing identical files of
/// the live site `live` (holding `live_has`).
pub fn update(
    tree: &Path,
    had: &Inventory,
    live: &Path,
    live_has: &Inventory,
    site: &NewSite,
) -> Result<Changes, Error> {
    let mut changes = Changes::default();
    remove_if_present(&tree.join(MANIFEST))?;
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    let mut manifest = None;
    for file in site.files {
        wanted.insert(&file.path);
        if file.path == MANIFEST {
            manifest = Some(file);
            continue;
        }
        let target = super::safe_join(tree, &file.path)?;
        // Hashing only when a copy of the path exists somewhere: a first build hashes nothing.
        let sha = (had.contains_key(&file.path) || live_has.contains_key(&file.path))
            .then(|| crate::ident::sha256_hex(&file.bytes));
        if sha.is_some() && had.get(&file.path) == sha.as_ref() {
            continue;
        }
        remove_if_present(&target)?;
        if sha.is_some() && live_has.get(&file.path) == sha.as_ref() {
            link_or_copy(&super::safe_join(live, &file.path)?, &target)?;
            changes.linked += 1;
        } else {
            fsutil::write(&target, &file.bytes)?;
            changes.written += 1;
        }
    }
    for record in site.kept {
        wanted.insert(&record.path);
        if had.get(&record.path) == Some(&record.sha256) {
            continue;
        }
        let target = super::safe_join(tree, &record.path)?;
        remove_if_present(&target)?;
        link_or_copy(&super::safe_join(live, &record.path)?, &target)?;
        changes.linked += 1;
    }
    let mut emptied = BTreeSet::new();
    for path in had.keys().filter(|p| !wanted.contains(p.as_str())) {
        let target = super::safe_join(tree, path)?;
        remove_if_present(&target)?;
        changes.deleted += 1;
        emptied.extend(target.parent().map(Path::to_path_buf));
    }
    remove_empty_folders(tree, emptied);
    if let Some(manifest) = manifest {
        fsutil::write(&tree.join(MANIFEST), &manifest.bytes)?;
        changes.written += 1;
    }
    Ok(changes)
}

fn remove_if_present(path: &Path) -> Result<(), Error> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io("remove", path, e)),
        _ => Ok(()),
    }
}

/// A hard link where the file system allows one, else a copy.
fn link_or_copy(from: &Path, to: &Path) -> Result<(), Error> {
    if let Some(parent) = to.parent() {
        fsutil::create_dir_all(parent)?;
    }
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Error::io("copy", from, e))
}

/// Removes the folders left empty by deletions, deepest first, up to (not including) `root`.
fn remove_empty_folders(root: &Path, folders: BTreeSet<PathBuf>) {
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
