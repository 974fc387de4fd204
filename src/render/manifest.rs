//! `manifest.json`: the SHA-256 of every file of the site and the build's identifier, so IT
//! can verify a copy (`sha256sum`), and readers can match a page's footer to a build.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{FileRecord, OutputFile, UnitRecord};

#[derive(Serialize, Clone, Copy)]
struct Manifest<'a> {
    generator: &'static str,
    build_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    built_at: Option<&'a str>,
    editions: &'a [EditionEntry],
    files: &'a [&'a FileRecord],
}

/// Files per piece of the list serialised on its own: the pieces are made side by side.
const PIECE: usize = 2048;

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

/// Every file of the site, each once, in path order: the units' files and the `others` (the
/// site-wide files, the search index years reused as they were), as they are (47,000 records
/// at 1,000 real-size days, not copied).
pub fn listed<'a>(
    units: &'a BTreeMap<String, std::sync::Arc<UnitRecord>>,
    others: impl Iterator<Item = &'a FileRecord>,
) -> Vec<&'a FileRecord> {
    let mut listed: Vec<&FileRecord> = (units.values())
        .flat_map(|u| u.files.iter())
        .chain(others)
        .collect();
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    // A shared file is listed by every unit that links it, and appears once.
    listed.dedup_by(|a, b| a.path == b.path);
    listed
}

/// Adds `record` to `listed` (in path order, as [`listed`] made it) in its place.
pub fn add_record<'a>(listed: &mut Vec<&'a FileRecord>, record: &'a FileRecord) {
    match listed.binary_search_by(|f| f.path.as_str().cmp(&record.path)) {
        Ok(at) => listed[at] = record,
        Err(at) => listed.insert(at, record),
    }
}

/// The manifest of `files` (which must not include the manifest itself).
pub fn manifest(
    files: &[&FileRecord],
    build_id: &str,
    built_at: Option<&str>,
    editions: Vec<EditionEntry>,
) -> OutputFile {
    let manifest = Manifest {
        generator: concat!("daybrief ", env!("CARGO_PKG_VERSION")),
        build_id,
        built_at,
        editions: &editions,
        files,
    };
    let mut bytes = pretty_in_pieces(manifest, PIECE);
    bytes.push(b'\n');
    OutputFile {
        path: "manifest.json".into(),
        bytes,
    }
}

/// `serde_json::to_vec_pretty(&manifest)`, its list of files serialised `piece` files at a
/// time in parallel (47,000 files at 1,000 real-size days took 40 ms on one core). Each piece
/// is a pretty array whose lines are indented one level more: a JSON string holds no newline,
/// so each line is a line of the whole.
fn pretty_in_pieces(manifest: Manifest<'_>, piece: usize) -> Vec<u8> {
    let outer = serde_json::to_vec_pretty(&Manifest {
        files: &[],
        ..manifest
    })
    .unwrap_or_default();
    const EMPTY: &[u8] = b"\"files\": []";
    let at = outer.windows(EMPTY.len()).rposition(|w| w == EMPTY);
    let (Some(at), false) = (at, manifest.files.is_empty()) else {
        return outer;
    };
    let pieces: Vec<Vec<u8>> = (manifest.files.par_chunks(piece.max(1)))
        .map(|files| {
            let array = serde_json::to_vec_pretty(files).unwrap_or_default();
            // Without "[\n" and "\n]", each line two spaces further in.
            let inner = &array[2..array.len() - 2];
            let mut out = Vec::with_capacity(inner.len() + inner.len() / 16);
            for line in inner.split(|&b| b == b'\n') {
                if !out.is_empty() {
                    out.push(b'\n');
                }
                out.extend_from_slice(b"  ");
                out.extend_from_slice(line);
            }
            out
        })
        .collect();
    let mut bytes = Vec::with_capacity(outer.len() + pieces.iter().map(Vec::len).sum::<usize>());
    bytes.extend_from_slice(&outer[..at]);
    bytes.extend_from_slice(b"\"files\": [\n");
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 {
            bytes.extend_from_slice(b",\n");
        }
        bytes.extend_from_slice(piece);
    }
    bytes.extend_from_slice(b"\n  ]");
    bytes.extend_from_slice(&outer[at + EMPTY.len()..]);
    bytes
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
            sha256: crate::sha::Sha256Sum::of(b"ab"),
        }
    }

    /// The list made in pieces is byte for byte serde_json's, whatever the pieces' size, with
    /// paths that JSON must escape.
    #[test]
    fn the_manifest_made_in_pieces_is_serde_jsons() {
        let paths = [
            "a \"b\".html",
            "c\\d\n.csv",
            "đ/ế.svg",
            "\u{1}x",
            "e",
            "f",
            "g",
        ];
        let files: Vec<FileRecord> = (paths.iter())
            .enumerate()
            .map(|(i, path)| FileRecord {
                path: (*path).into(),
                bytes: i as u64 * 1000,
                sha256: crate::sha::Sha256Sum([i as u8; 32]),
            })
            .collect();
        let refs: Vec<&FileRecord> = files.iter().collect();
        let editions = [EditionEntry {
            date: "2025-09-22".into(),
            edition: 2,
            id: "abc".into(),
            path: "2025/09/22/editions/2/".into(),
        }];
        for count in [0, 1, 2, 7] {
            let manifest = Manifest {
                generator: "daybrief test",
                build_id: "id",
                built_at: Some("2025-09-22T10:00:00+07:00"),
                editions: &editions,
                files: &refs[..count],
            };
            let expected = serde_json::to_vec_pretty(&manifest).unwrap();
            for piece in [1, 2, 3, 7, 100] {
                let got = pretty_in_pieces(manifest, piece);
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(expected.clone()).unwrap(),
                    "{count} files in pieces of {piece}"
                );
            }
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
            &[&record("a.html"), &record("c.html")],
            "id",
            None,
            editions(),
        );
        let after = with_files(&before, &[record("b.pdf")]).unwrap();
        let expected = manifest(
            &[&record("a.html"), &record("b.pdf"), &record("c.html")],
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
