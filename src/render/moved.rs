//! A unit's old addresses of charts and CSV files (see [`super::shared`]), kept compactly: a
//! build holds every unit's, some 90 a real-size day.
//!
//! Nearly every old address follows from the shared file it now is: `files/<stem>.<hash>.svg`
//! was `charts/<stem>.svg` of the live pages or of an edition's permanent copy
//! (`editions/N/charts/<stem>.svg`), a CSV file `appendices/<stem>.csv`. Such an address is
//! kept as the copy it was in and the index of its file among the unit's shared files (8
//! bytes); any other is kept as written. Among the shared files only: the unit's PDF files join
//! its files after it was rendered (`publish`), and the files stay in path order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::FileRecord;
use super::shared::SHARED_DIR;

/// Old addresses relative to the unit's folder, each with its shared file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedAddresses {
    /// In address order: the copy (0 the live pages, N edition N's permanent copy) and the
    /// index of the file among the unit's shared files ([`shared_files`]).
    made: Vec<(u32, u32)>,
    /// Addresses that do not follow from their file, as written, with the shared name.
    written: Vec<(String, String)>,
}

/// An old address relative to its unit's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldAddress<'a> {
    /// Made from the copy it was in and its shared file's stem and extension.
    Made {
        copy: u32,
        stem: &'a str,
        ext: &'a str,
    },
    /// As written.
    Written(&'a str),
}

impl OldAddress<'_> {
    /// Appends the address to `out`.
    pub fn push_to(&self, out: &mut String) {
        match *self {
            OldAddress::Made { copy, stem, ext } => {
                if copy > 0 {
                    out.push_str("editions/");
                    out.push_str(&copy.to_string());
                    out.push('/');
                }
                out.push_str(folder_of(ext).unwrap_or_default());
                out.push_str(stem);
                out.push('.');
                out.push_str(ext);
            }
            OldAddress::Written(address) => out.push_str(address),
        }
    }
}

impl MovedAddresses {
    /// The addresses of `pairs` (old address, name of the shared file) of a unit with `files`
    /// (in path order); of equal old addresses the last wins.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>, files: &[FileRecord]) -> Self {
        let sorted: BTreeMap<String, String> = pairs.into_iter().collect();
        let mut moved = MovedAddresses::default();
        for (old, name) in sorted {
            match made_of(&old, &name, files) {
                Some(entry) => moved.made.push(entry),
                None => moved.written.push((old, name)),
            }
        }
        moved
    }

    /// Each old address with the name of its shared file, those made first, in address
    /// order, then those written; `files` are the unit's.
    pub fn iter<'a>(
        &'a self,
        files: &'a [FileRecord],
    ) -> impl Iterator<Item = (OldAddress<'a>, &'a str)> + Clone {
        let shared = shared_files(files);
        let made = self.made.iter().filter_map(move |&(copy, index)| {
            let name = shared.get(index as usize)?.path.strip_prefix(SHARED_DIR)?;
            let (stem, ext) = stem_and_ext(name)?;
            Some((OldAddress::Made { copy, stem, ext }, name))
        });
        let written = (self.written.iter()).map(|(old, name)| (OldAddress::Written(old), &**name));
        made.chain(written)
    }
}

/// The folder an old address of a shared file with extension `ext` was in.
fn folder_of(ext: &str) -> Option<&'static str> {
    match ext {
        "svg" => Some("charts/"),
        "csv" => Some("appendices/"),
        _ => None,
    }
}

/// The stem and extension of a shared file's name, `<stem>.<hash>.<ext>`.
fn stem_and_ext(name: &str) -> Option<(&str, &str)> {
    let (rest, ext) = name.rsplit_once('.')?;
    let (stem, _hash) = rest.rsplit_once('.')?;
    Some((stem, ext))
}

/// The copy and file index `old` is made from, when it follows from the shared file `name`.
fn made_of(old: &str, name: &str, files: &[FileRecord]) -> Option<(u32, u32)> {
    let (copy, in_copy) = match old.strip_prefix("editions/") {
        Some(rest) => {
            let (number, in_copy) = rest.split_once('/')?;
            let copy: u32 = number.parse().ok().filter(|n| *n > 0)?;
            (copy.to_string() == number).then_some((copy, in_copy))?
        }
        None => (0, old),
    };
    let (stem, ext) = stem_and_ext(name)?;
    let expected = [folder_of(ext)?, stem, ".", ext].concat();
    if in_copy != expected {
        return None;
    }
    let path = [SHARED_DIR, name].concat();
    let shared = shared_files(files);
    let index = shared
        .binary_search_by(|f| f.path.as_str().cmp(&path))
        .ok()?;
    Some((copy, u32::try_from(index).ok()?))
}

/// The files of `files` (in path order) under the shared folder.
fn shared_files(files: &[FileRecord]) -> &[FileRecord] {
    let start = files.partition_point(|f| f.path.as_str() < SHARED_DIR);
    let rest = &files[start..];
    &rest[..rest.partition_point(|f| f.path.starts_with(SHARED_DIR))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sha::Sha256Sum;

    fn file(path: &str) -> FileRecord {
        FileRecord {
            path: path.into(),
            bytes: 1,
            sha256: Sha256Sum::of(path.as_bytes()),
        }
    }

    fn addresses(moved: &MovedAddresses, files: &[FileRecord]) -> Vec<(String, String)> {
        (moved.iter(files))
            .map(|(old, name)| {
                let mut address = String::new();
                old.push_to(&mut address);
                (address, name.to_owned())
            })
            .collect()
    }

    /// Addresses that follow from their files are made again as they were given, in address
    /// order, the last of equal ones kept; the others are kept as written.
    #[test]
    fn old_addresses_read_back_as_given() {
        let files = [
            file("files/b.0123456789abcdef.svg"),
            file("files/b.fedcba9876543210.svg"),
            file("files/t.0123456789abcdef.csv"),
            file("index.html"),
        ];
        let pair = |old: &str, name: &str| (old.to_owned(), name.to_owned());
        let given = [
            pair("editions/2/charts/b.svg", "b.fedcba9876543210.svg"),
            pair("charts/b.svg", "b.0123456789abcdef.svg"),
            pair("editions/2/charts/b.svg", "b.0123456789abcdef.svg"),
            pair("appendices/t.csv", "t.0123456789abcdef.csv"),
            // Not made from their files: a copy numbered 0 or 01, another folder, a file the
            // unit lacks.
            pair("editions/0/charts/b.svg", "b.0123456789abcdef.svg"),
            pair("editions/01/charts/b.svg", "b.0123456789abcdef.svg"),
            pair("bieu_do/b.svg", "b.0123456789abcdef.svg"),
            pair("charts/c.svg", "c.0123456789abcdef.svg"),
        ];
        let moved = MovedAddresses::new(given.clone(), &files);
        assert_eq!(moved.made, [(0, 2), (0, 0), (2, 0)]);
        // A PDF file joining the unit's files (in path order) after it was rendered.
        let mut files = files.to_vec();
        files.push(file("2025/09/22/bao-cao-2025-09-22.pdf"));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(
            addresses(&moved, &files),
            [
                pair("appendices/t.csv", "t.0123456789abcdef.csv"),
                pair("charts/b.svg", "b.0123456789abcdef.svg"),
                pair("editions/2/charts/b.svg", "b.0123456789abcdef.svg"),
                pair("bieu_do/b.svg", "b.0123456789abcdef.svg"),
                pair("charts/c.svg", "c.0123456789abcdef.svg"),
                pair("editions/0/charts/b.svg", "b.0123456789abcdef.svg"),
                pair("editions/01/charts/b.svg", "b.0123456789abcdef.svg"),
            ]
        );
        let stored = postcard::to_allocvec(&moved).unwrap();
        assert_eq!(
            postcard::from_bytes::<MovedAddresses>(&stored).unwrap(),
            moved
        );
    }

    /// A file index beyond the unit's files (a state made for other files) is skipped, never
    /// a panic.
    #[test]
    fn an_index_beyond_the_files_is_skipped() {
        let files = [file("files/b.0123456789abcdef.svg")];
        let pair = (
            "charts/b.svg".to_owned(),
            "b.0123456789abcdef.svg".to_owned(),
        );
        let moved = MovedAddresses::new([pair], &files);
        assert_eq!(addresses(&moved, &files).len(), 1);
        assert_eq!(addresses(&moved, &[]).len(), 0);
    }
}
