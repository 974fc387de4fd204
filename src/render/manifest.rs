//! `manifest.json`: the SHA-256 of every file of the site and the build's identifier, so IT
//! can verify a copy (`sha256sum`), and readers can match a page's footer to a build.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{FileRecord, OutputFile, UnitRecord};

#[derive(Serialize)]
struct Manifest<'a> {
    generator: &'static str,
    build_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    built_at: Option<&'a str>,
    editions: Vec<EditionEntry>,
    files: &'a [FileRecord],
}

/// An edition and its identifier (the one in its pages' footer).
#[derive(Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionEntry {
    /// `2025-08-09`.
    pub date: String,
    /// Edition number.
    pub edition: u32,
    /// Identifier.
    pub id: String,
    /// Permanent folder.
    pub path: String,
}

/// Every file of the site, each once, in path order: the units' files, the site-wide files
/// (hashed in parallel), and the `kept` files (search index years reused as they were).
pub fn listed<'a>(
    units: &BTreeMap<String, UnitRecord>,
    site_wide: &[OutputFile],
    kept: impl Iterator<Item = &'a FileRecord>,
) -> Vec<FileRecord> {
    let mut listed: Vec<FileRecord> = (units.values())
        .flat_map(|u| u.files.iter().cloned())
        .chain(site_wide.par_iter().map(FileRecord::of).collect::<Vec<_>>())
        .chain(kept.cloned())
        .collect();
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    // A shared file is listed by every unit that links it, and appears once.
    listed.dedup_by(|a, b| a.path == b.path);
    listed
}

/// Adds `record` to `listed` (in path order, as [`listed`] made it) in its place.
pub fn add_record(listed: &mut Vec<FileRecord>, record: FileRecord) {
    match listed.binary_search_by(|f| f.path.as_str().cmp(&record.path)) {
        Ok(at) => listed[at] = record,
        Err(at) => listed.insert(at, record),
    }
}

/// The manifest of `files` (which must not include the manifest itself).
pub fn manifest(
    files: &[FileRecord],
    build_id: &str,
    built_at: Option<&str>,
    editions: Vec<EditionEntry>,
) -> OutputFile {
    let manifest = Manifest {
        generator: concat!("daybrief ", env!("CARGO_PKG_VERSION")),
        build_id,
        built_at,
        editions,
        files,
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    bytes.push(b'\n');
    OutputFile {
        path: "manifest.json".into(),
        bytes,
    }
}

/// A manifest as read back, to add files to it: the same fields, in the same order, as
/// [`Manifest`], so it is written back the same way.
#[derive(Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadManifest {
    generator: String,
    build_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    built_at: Option<String>,
    editions: Vec<EditionEntry>,
    files: Vec<FileRecord>,
}

/// `manifest` (as [`manifest`] wrote it) with `extra` files added, in path order: the PDF files
/// that `publish` prints after the pages are rendered. `None` when it cannot be read.
pub fn with_files(manifest: &OutputFile, extra: &[FileRecord]) -> Option<OutputFile> {
    let mut read: ReadManifest = serde_json::from_slice(&manifest.bytes).ok()?;
    read.files.extend(extra.iter().cloned());
    read.files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut bytes = serde_json::to_vec_pretty(&read).ok()?;
    bytes.push(b'\n');
    Some(OutputFile {
        path: manifest.path.clone(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str) -> FileRecord {
        FileRecord {
            path: path.into(),
            bytes: 3,
            sha256: "ab".into(),
        }
    }

    #[test]
    fn files_are_added_in_path_order_and_the_rest_is_written_as_before() {
        let editions = || {
            vec![EditionEntry {
                date: "2025-09-22".into(),
                edition: 1,
                id: "abc".into(),
                path: "2025/09/22/editions/1/".into(),
            }]
        };
        let before = manifest(
            &[record("a.html"), record("c.html")],
            "id",
            None,
            editions(),
        );
        let after = with_files(&before, &[record("b.pdf")]).unwrap();
        let expected = manifest(
            &[record("a.html"), record("b.pdf"), record("c.html")],
            "id",
            None,
            editions(),
        );
        assert_eq!(
            String::from_utf8(after.bytes).unwrap(),
            String::from_utf8(expected.bytes).unwrap()
        );
        let unchanged = with_files(&before, &[]).unwrap();
        assert_eq!(unchanged.bytes, before.bytes);
        let stamped = manifest(&[], "id", Some("2025-09-22T10:00:00+07:00"), editions());
        assert_eq!(with_files(&stamped, &[]).unwrap().bytes, stamped.bytes);
    }
}
