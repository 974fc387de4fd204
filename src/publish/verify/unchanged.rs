//! Whether a site that may have nothing to do is still exactly as it was published: the
//! no-change build's check, from the live site's records alone.

use std::fs;
use std::path::Path;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::{FOLDER, Records, Stat, Tree, parse_line, stat_tree};
use crate::publish::spare::inventory;

/// Whether the live site `out` holds exactly what was published there: `files` files and
/// `bytes` bytes besides the stamp and the marker, each with the size, time and inode recorded
/// when it was published, or else (a file touched, the records gone) hashing to the SHA-256
/// the manifest lists. One walk counts and checks; the manifest is read only when a record
/// does not match.
pub fn live_is_intact(out: &Path, files: usize, bytes: u64) -> bool {
    let text = fs::read_to_string(Records::path_for(out)).unwrap_or_default();
    let records = LiveRecords::parse(&text);
    if records.unchanged(out, files, bytes) {
        return true;
    }
    let recorded: FxHashMap<&str, Stat> = records.files.into_iter().collect();
    let Some(found) = stat_tree(out) else {
        return false;
    };
    let own = |path: &str| path == crate::publish::STAMP_PATH || path == crate::publish::MARKER;
    let (mut counted, mut total) = (0usize, 0u64);
    let mut unsure = Vec::new();
    for file in &found {
        if file.folder || own(&file.path) {
            continue;
        }
        counted += 1;
        total += file.bytes;
        let recorded =
            file.stat.is_some() && recorded.get(file.path.as_str()) == file.stat.as_ref();
        if !recorded {
            unsure.push(file.path.as_str());
        }
    }
    if counted != files || total != bytes {
        return false;
    }
    if unsure.is_empty() {
        return true;
    }
    let Some(listed) = inventory(out) else {
        return false;
    };
    unsure.par_iter().all(|path| {
        let Some(sha) = listed.get(*path) else {
            return false;
        };
        fs::read(out.join(path)).is_ok_and(|bytes| crate::sha::Sha256Sum::of(&bytes) == *sha)
    })
}

/// The live site's lines of the records, borrowed from their text: all that a build which
/// may have nothing to do reads (it parses no spare line and builds no map).
struct LiveRecords<'t> {
    files: Vec<(&'t str, Stat)>,
    folders: Vec<(&'t str, (i64, u64))>,
}

impl<'t> LiveRecords<'t> {
    fn parse(text: &'t str) -> LiveRecords<'t> {
        let mut records = LiveRecords {
            files: Vec::new(),
            folders: Vec::new(),
        };
        for line in text.lines() {
            if line.starts_with("spare") {
                continue;
            }
            match parse_line(line) {
                Some(("live", stat, file)) => records.files.push((file, stat)),
                Some((FOLDER, (_, modified, inode), folder)) => {
                    records.folders.push((folder, (modified, inode)))
                }
                _ => {}
            }
        }
        records
    }

    /// Whether the live site `out` is exactly as recorded, `files` files of `bytes` bytes:
    /// every folder with its recorded time and inode (so no entry was added, removed or
    /// renamed in any of them) and every file with its recorded stat. Stated by path, in
    /// parallel, without listing a folder. `false` also when the records cannot tell (an
    /// older version wrote them, a file was touched).
    fn unchanged(&self, out: &Path, files: usize, bytes: u64) -> bool {
        if !self.folders.iter().any(|(folder, _)| *folder == ".")
            || self.files.len() != files
            || self.files.iter().map(|(_, (size, _, _))| size).sum::<u64>() != bytes
        {
            return false;
        }
        let out = &Tree::open(out);
        self.folders
            .par_iter()
            .all(|(folder, recorded)| out.folder(folder) == Some(*recorded))
            && self
                .files
                .par_iter()
                .all(|(file, recorded)| out.file(file) == Some(*recorded))
    }
}
