//! `manifest.json`: the SHA-256 of every file of the site and the build's identifier, so IT
//! can verify a copy (`sha256sum`), and readers can match a page's footer to a build.

use serde::Serialize;

use super::{FileRecord, OutputFile};

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
#[derive(Serialize)]
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
