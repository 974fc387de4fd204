//! Charts and CSV files by content. Each is written once, as `files/<name>.<hash>.<ext>` (the
//! first 16 hex digits of its SHA-256), and every page that shows it — the live pages of any
//! day and every edition's permanent copy with the same bytes — links it relatively. The name
//! changes whenever the bytes do, so a server may cache it for a year (`docs/nginx.conf`).
//!
//! The addresses earlier builds gave them (`YYYY/MM/DD/charts/<name>.svg`,
//! `YYYY/MM/DD/appendices/<table>.csv` and the same under `editions/N/`) are recorded for each
//! unit ([`super::UnitRecord::moved`]) and written into [`MOVED_MAP`], which nginx includes to
//! answer them with a redirect (`docs/nginx.conf`).

use super::{OutputFile, UnitRecord, root_from};

/// The folder of the shared files, relative to the site root.
pub const SHARED_DIR: &str = "files/";

/// The redirect map of the old addresses, relative to the site root: lines of an nginx `map`
/// block, `"<old address>" "<new address relative to the old one>";`. Hidden: a server does not
/// show it to readers.
pub const MOVED_MAP: &str = ".daybrief-moved.map";

/// Hex digits of the SHA-256 in a shared file's name (64 bits).
const HASH_DIGITS: usize = 16;

/// The name of a file with these bytes inside [`SHARED_DIR`]: `<stem>.<hash>.<ext>`.
pub fn shared_name(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let hash = crate::ident::sha256_hex(bytes);
    format!("{stem}.{}.{ext}", &hash[..HASH_DIGITS.min(hash.len())])
}

/// Whether `path` is a file of [`SHARED_DIR`] named by [`shared_name`]: its bytes never change.
pub fn is_named_by_content(path: &str) -> bool {
    let Some(name) = path.strip_prefix(SHARED_DIR) else {
        return false;
    };
    let mut parts = name.rsplitn(3, '.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && !name.contains('/')
        && hash.len() == HASH_DIGITS
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The shared file of `bytes` (its path under [`SHARED_DIR`]).
pub fn shared_file(stem: &str, ext: &str, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path: format!("{SHARED_DIR}{}", shared_name(stem, ext, &bytes)),
        bytes,
    }
}

/// A line of [`MOVED_MAP`]: the old address and the shared file `name` relative to it.
fn push_moved_line(text: &mut String, old: &str, name: &str) {
    text.push('"');
    text.push_str(old);
    text.push_str("\" \"");
    text.push_str(&root_from(old));
    text.push_str(SHARED_DIR);
    text.push_str(name);
    text.push_str("\";\n");
}

/// [`MOVED_MAP`] for every unit (by folder), in address order.
pub fn moved_map<'a>(
    units: impl Iterator<Item = (&'a String, &'a UnitRecord)> + Clone,
) -> OutputFile {
    let mut text = String::from(
        "# Written by daybrief: the old addresses of charts and CSV files and where they are now,\n\
         # relative to the old address. Included by a `map` block of docs/nginx.conf.\n",
    );
    // Units come in folder order and their addresses in order, so the lines usually are
    // written straight away; they are sorted (and made unique) only when they are not.
    let header = text.len();
    let mut previous = String::new();
    let mut address = String::new();
    let mut sorted = true;
    'units: for (dir, unit) in units.clone() {
        for (old, name) in unit.moved.iter(&unit.files) {
            address.clear();
            address.push_str(dir);
            old.push_to(&mut address);
            if !previous.is_empty() && address <= previous {
                sorted = false;
                break 'units;
            }
            push_moved_line(&mut text, &address, name);
            std::mem::swap(&mut previous, &mut address);
        }
    }
    if !sorted {
        text.truncate(header);
        let mut lines: Vec<(String, &str)> = units
            .flat_map(|(dir, unit)| {
                (unit.moved.iter(&unit.files)).map(move |(old, name)| {
                    let mut address = dir.clone();
                    old.push_to(&mut address);
                    (address, name)
                })
            })
            .collect();
        lines.sort_by(|a, b| a.0.cmp(&b.0));
        // The last of equal addresses wins, as it did in a map.
        lines.reverse();
        lines.dedup_by(|a, b| a.0 == b.0);
        lines.reverse();
        for (old, name) in lines {
            push_moved_line(&mut text, &old, name);
        }
    }
    OutputFile {
        path: MOVED_MAP.into(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::FileRecord;

    #[test]
    fn only_names_made_by_shared_name_are_named_by_content() {
        let made = shared_file("ban_do", "svg", b"<svg/>".to_vec());
        assert!(is_named_by_content(&made.path), "{}", made.path);
        for path in [
            "files/ban_do.svg",
            "files/ban_do.0123456789ABCDEF.svg",
            "files/ban_do.0123456789abcde.svg",
            "files/.0123456789abcdef.svg",
            "files/a/b.0123456789abcdef.svg",
            "2025/08/09/ban_do.0123456789abcdef.svg",
            "files/0123456789abcdef.svg",
        ] {
            assert!(!is_named_by_content(path), "{path}");
        }
    }
    use crate::render::moved::MovedAddresses;
    use std::collections::BTreeMap;

    #[test]
    fn names_follow_the_bytes() {
        let a = shared_name("ban_do", "svg", b"<svg/>");
        assert_eq!(a, shared_name("ban_do", "svg", b"<svg/>"));
        assert_ne!(a, shared_name("ban_do", "svg", b"<svg></svg>"));
        assert!(a.starts_with("ban_do.") && a.ends_with(".svg"));
        assert_eq!(a.len(), "ban_do.".len() + 16 + ".svg".len());
    }

    #[test]
    fn the_map_leads_from_each_old_address_to_its_file() {
        let files: Vec<FileRecord> = [
            "files/a.0123456789abcdef.svg",
            "files/t.fedcba9876543210.csv",
        ]
        .map(|path| {
            FileRecord::of(&OutputFile {
                path: path.into(),
                bytes: Vec::new(),
            })
        })
        .into();
        let unit = UnitRecord {
            key: String::new(),
            search: Default::default(),
            printed: BTreeMap::new(),
            moved: MovedAddresses::new(
                [
                    (
                        "charts/a.svg".to_owned(),
                        "a.0123456789abcdef.svg".to_owned(),
                    ),
                    (
                        "editions/1/appendices/t.csv".to_owned(),
                        "t.fedcba9876543210.csv".to_owned(),
                    ),
                ],
                &files,
            ),
            files,
        };
        let dir = "2025/09/22/".to_owned();
        let map = moved_map([(&dir, &unit)].into_iter());
        let text = String::from_utf8(map.bytes).unwrap();
        assert_eq!(
            text,
            "# Written by daybrief: the old addresses of charts and CSV files and where they are now,\n\
             # relative to the old address. Included by a `map` block of docs/nginx.conf.\n\
             \"2025/09/22/charts/a.svg\" \"../../../../files/a.0123456789abcdef.svg\";\n\
             \"2025/09/22/editions/1/appendices/t.csv\" \"../../../../../../files/t.fedcba9876543210.csv\";\n"
        );
    }

    fn moving(pairs: &[(&str, &str)]) -> UnitRecord {
        UnitRecord {
            key: String::new(),
            files: Vec::new(),
            search: Default::default(),
            printed: BTreeMap::new(),
            moved: MovedAddresses::new(
                (pairs.iter()).map(|(old, name)| (old.to_string(), name.to_string())),
                &[],
            ),
        }
    }

    /// A unit whose addresses sort before the previous unit's: the lines are sorted, and of
    /// two equal addresses the later unit's wins.
    #[test]
    fn lines_out_of_order_are_sorted_and_the_last_equal_address_wins() {
        let outer = (
            "a/".to_owned(),
            moving(&[("z.svg", "z.1.svg"), ("b/c.svg", "c.1.svg")]),
        );
        let inner = (
            "a/b/".to_owned(),
            moving(&[("c.svg", "c.2.svg"), ("d.svg", "d.2.svg")]),
        );
        let map = moved_map([(&outer.0, &outer.1), (&inner.0, &inner.1)].into_iter());
        let text = String::from_utf8(map.bytes).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines,
            [
                "\"a/b/c.svg\" \"../../files/c.2.svg\";",
                "\"a/b/d.svg\" \"../../files/d.2.svg\";",
                "\"a/z.svg\" \"../files/z.1.svg\";",
            ]
        );
    }
}
