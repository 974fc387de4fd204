//! Reading content, template and theme files safely: the type and size of each file are
//! decided before it is read, links that leave the content folder are refused, and the inputs'
//! digest never reads a file a build would refuse.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::input_records::{self, InputRecords, Stat};
use super::{MAX_FILE_BYTES, Sources};
use crate::error::{Diagnostic, Error, Report};
use crate::{fsutil, yaml};

/// The largest theme file (a font or an image) a build reads.
pub(super) const MAX_THEME_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// YAML files under `dir` up to `max_depth`, in sorted path order so the build is deterministic.
pub(super) fn yaml_files(dir: &Path, max_depth: usize) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).max_depth(max_depth).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("list", &path, e.into())
        })?;
        // `.YAML` too: Windows tools upper-case extensions, and a file skipped unseen would be
        // a briefing or a correction silently left out.
        let is_yaml = entry
            .path()
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"));
        // Links and odd files too: reading them says what they are (never blocks).
        if !entry.file_type().is_dir() && is_yaml {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Whether `path` is a link to something outside the content folder `root`, reported: such a
/// file is never read, so no content file can make a build print or publish another file
/// (`/proc/self/environ`, a key).
pub(super) fn refuse_outside_link(root: &Path, path: &Path, report: &mut Report) -> bool {
    if !linked_outside(root, path) {
        return false;
    }
    report.push(
        Diagnostic::error(
            path,
            0,
            0,
            "this is a link to a file outside the content folder",
        )
        .expected("a file inside the content folder")
        .hint("copy the file into the content folder instead of linking to it"),
    );
    true
}

pub(super) fn linked_outside(root: &Path, path: &Path) -> bool {
    if !path.is_symlink() {
        return false;
    }
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(target)) => target.is_file() && !target.starts_with(root),
        // A link to nothing, a pipe or a device is reported as such when it is read.
        _ => false,
    }
}

/// The bytes of a content file, or `None` with a diagnostic when it is not a regular file or is
/// over the size limit (decided before reading). Only an I/O failure is an `Err`.
pub(super) fn read_content(path: &Path, report: &mut Report) -> Result<Option<Vec<u8>>, Error> {
    match fsutil::read_limited(path, MAX_FILE_BYTES as u64) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(fsutil::Unreadable::NotAFile(kind)) => {
            report.push(yaml::not_a_file(path, kind));
            Ok(None)
        }
        Err(fsutil::Unreadable::TooLarge(size)) => {
            report.push(yaml::too_large(path, size, MAX_FILE_BYTES));
            Ok(None)
        }
        Err(fsutil::Unreadable::Io(e)) => Err(e),
    }
}

/// A template or theme file, refused when it is a link, not a regular file, or over
/// `max_bytes`.
pub(super) fn read_support_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    // A link could publish any file of the machine as a theme file.
    if path.is_symlink() {
        return Err(Error::Refused(format!(
            "`{}` is a link: templates and themes hold their files themselves",
            path.display()
        )));
    }
    fsutil::read_limited(path, max_bytes).map_err(|problem| match problem {
        fsutil::Unreadable::Io(e) => e,
        fsutil::Unreadable::NotAFile(kind) => Error::Refused(format!(
            "`{}` is {kind}, not a file: templates and themes hold files only",
            path.display()
        )),
        fsutil::Unreadable::TooLarge(size) => Error::Refused(format!(
            "`{}` is too large: {size} bytes, the limit is {max_bytes} bytes",
            path.display()
        )),
    })
}

/// The SHA-256 of a file; of its size and modification time when it is too large for a build
/// to read (the build then refuses it, so reading gigabytes to hash them would be wasted); of
/// what it is when it is not a file (a pipe is never opened).
pub(super) fn digest_file(path: &Path) -> Result<[u8; 32], Error> {
    use sha2::{Digest, Sha256};
    match fsutil::read_limited(path, MAX_THEME_FILE_BYTES) {
        Ok(bytes) => Ok(Sha256::digest(&bytes).into()),
        Err(fsutil::Unreadable::Io(e)) => Err(e),
        Err(fsutil::Unreadable::NotAFile(kind)) => Ok(Sha256::digest(kind).into()),
        Err(fsutil::Unreadable::TooLarge(_)) => {
            let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            Ok(Sha256::digest(format!("{} {modified:?}", meta.len())).into())
        }
    }
}

/// The SHA-256 of the renderer and of every file under the content, templates and themes
/// folders (paths and bytes, in sorted order): when it equals the previous build's, the site
/// would come out byte-identical, so the build can stop early. Cheaper than loading: files are
/// read and hashed, not parsed; and a file (the executable too) that `known` has a trusted
/// record of is only stated. Returns the digest and the records of this run.
pub fn input_digest(
    sources: &Sources,
    known: &InputRecords,
) -> Result<(String, InputRecords), Error> {
    use sha2::{Digest, Sha256};
    let mut files = Vec::new();
    for (label, dir) in [
        ("content", &sources.content),
        ("templates", &sources.templates),
        ("themes", &sources.themes),
    ] {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_path_buf();
                Error::io("list", &path, e.into())
            })?;
            if !entry.file_type().is_dir() {
                let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let name = format!("{label}/{}", relative.to_string_lossy());
                files.push((name, entry.into_path()));
            }
        }
    }
    let executable = executable_record(known);
    // Stated before it is read: a change after the stat leaves a record that no longer
    // matches, never a record of the new stat with the old digest.
    let digests: Vec<Result<Digested, Error>> = files
        .par_iter()
        .map(|(_, path)| {
            let before = input_records::stat(path);
            match known.digest_of(path, before) {
                Some(digest) => Ok((digest, before, false)),
                None => Ok((digest_file(path)?, before, true)),
            }
        })
        .collect();
    let mut hashed = usize::from(executable.as_ref().is_some_and(|(_, read)| *read));
    let mut hasher = Sha256::new();
    hasher.update(crate::ident::renderer_fingerprint().as_bytes());
    let mut records = Vec::with_capacity(files.len() + 1);
    records.extend(executable.map(|(record, _)| record));
    for ((name, path), digest) in files.into_iter().zip(digests) {
        let (digest, stat, read) = digest?;
        hashed += usize::from(read);
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update(digest);
        records.extend(stat.map(|stat| (path, stat, digest)));
    }
    Ok((
        crate::ident::hex(&hasher.finalize()),
        InputRecords::taken_now(records, hashed),
    ))
}

/// A file's digest, its stat before it was read, and whether it was read (not recorded).
type Digested = ([u8; 32], Option<Stat>, bool);

/// A file's path, stat and digest, as recorded.
type Record = (PathBuf, Stat, [u8; 32]);

/// The record of the executable: its digest, the renderer's fingerprint, is taken from `known`
/// when trusted (and set as the fingerprint), else hashed (then `true`). `None` when it cannot
/// be stated.
fn executable_record(known: &InputRecords) -> Option<(Record, bool)> {
    let path = std::env::current_exe().ok()?;
    let before = input_records::stat(&path)?;
    let (digest, read) = match known.digest_of(&path, Some(before)) {
        Some(digest) => (digest, false),
        None => (crate::ident::executable_digest().ok()?, true),
    };
    crate::ident::known_executable_digest(&digest);
    Some(((path, before, digest), read))
}
