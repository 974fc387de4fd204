//! The build state as stored (`STATE_PATH`): binary (postcard, sealed like the caches).
//!
//! Adding a day changes one year of the state, so the file is one block per year, its units
//! (key, files, PDF files and moved addresses) then its search entries (most of the state),
//! followed by a header (the search index keys and each year's lengths) and the header's
//! length. A year none of whose
//! units changed is written back as the bytes it was read as; its search entries are decoded
//! only when one of them is read. Within a year every distinct text is stored once and entries
//! name their texts by number (most of them repeat from day to day); read back, the entries
//! share their texts.
//!
//! The file is read whole once, to check it and decode its units, then let go: its blocks are
//! read again from the open file when a year's search entries are first wanted, and an
//! unchanged year's blocks are copied from it into the next state, which takes its CRC-32 from
//! theirs. A file changed behind the build's back thus leaves a state whose CRC does not match,
//! which the next build ignores.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use serde::{Deserialize, Serialize};

use super::{BuildState, FileRecord, STATE_PATH, UnitRecord};
use crate::error::Error;
use crate::fsutil::Piece;
use crate::render::moved::MovedAddresses;
use crate::render::search::{Entry, PageEntries};
use crate::render::years::YearFiles;
use origin::{Block, Origin, Parsed};

/// The magic line of the state file.
const STATE_MAGIC: &[u8] = b"daybrief build state 6\n";

/// A unit's search entries: made by this build, or still in its year's section of the state
/// file, decoded the first time any entry of that year is read.
#[derive(Clone)]
pub struct SearchEntries(Source);

#[derive(Clone)]
enum Source {
    Made(Arc<Vec<PageEntries>>),
    Stored {
        section: Arc<Section>,
        position: usize,
    },
}

/// One year's blocks of a state file as read.
struct Section {
    year: String,
    /// The folders of its units, in order.
    folders: Vec<String>,
    /// The state file the blocks are part of.
    origin: Arc<Origin>,
    /// The year's units.
    units: Block,
    /// The year's search entries.
    search: Block,
    decoded: OnceLock<Result<Vec<Arc<Vec<PageEntries>>>, String>>,
}

impl SearchEntries {
    /// Entries made by this build.
    pub fn made(pages: Vec<PageEntries>) -> SearchEntries {
        SearchEntries(Source::Made(Arc::new(pages)))
    }

    /// The unit's pages, decoding its year's section of the state on first use.
    pub fn pages(&self) -> Result<&[PageEntries], Error> {
        match &self.0 {
            Source::Made(pages) => Ok(pages),
            Source::Stored { section, position } => match section.decoded() {
                Ok(units) => Ok(&units[*position]),
                Err(why) => Err(Error::Refused(format!(
                    "internal error: the search entries of {} in the build state cannot be read ({why}); delete `{STATE_PATH}` in the site and build again",
                    section.year
                ))),
            },
        }
    }

    /// The same entries, each text replaced by the equal one `shared` already holds (and
    /// added to it otherwise): a build gathers every day's entries for the search index and
    /// the state, and most texts repeat from day to day.
    pub fn sharing(self, shared: &mut FxHashSet<Arc<str>>) -> SearchEntries {
        let Source::Made(pages) = self.0 else {
            return self;
        };
        let mut share = |text: Arc<str>| match shared.get(&text) {
            Some(same) => same.clone(),
            None => {
                shared.insert(text.clone());
                text
            }
        };
        let pages = (Arc::unwrap_or_clone(pages).into_iter())
            .map(|page| PageEntries {
                page: page.page,
                entries: (page.entries.into_iter())
                    .map(|entry| Entry {
                        anchor: share(entry.anchor),
                        title: share(entry.title),
                        blocks: entry.blocks.into_iter().map(&mut share).collect(),
                    })
                    .collect(),
            })
            .collect();
        SearchEntries::made(pages)
    }
}

impl Default for SearchEntries {
    fn default() -> SearchEntries {
        SearchEntries::made(Vec::new())
    }
}

impl PartialEq for SearchEntries {
    fn eq(&self, other: &SearchEntries) -> bool {
        matches!((self.pages(), other.pages()), (Ok(a), Ok(b)) if a == b)
    }
}

impl std::fmt::Debug for SearchEntries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::Made(pages) => pages.fmt(f),
            Source::Stored { section, position } => {
                write!(f, "stored in {} at {position}", section.year)
            }
        }
    }
}

impl Section {
    fn decoded(&self) -> &Result<Vec<Arc<Vec<PageEntries>>>, String> {
        self.decoded.get_or_init(|| {
            let bytes = self.origin.read(&self.search)?;
            let year: ReadYear = postcard::from_bytes(&bytes).map_err(|e| e.to_string())?;
            let texts: Vec<Arc<str>> = year.texts.into_iter().map(Arc::from).collect();
            let text = |n: u32| texts.get(n as usize).cloned().ok_or("a text out of range");
            if year.units.len() != self.folders.len() {
                return Err("its units are not those of the header".into());
            }
            let mut units = Vec::with_capacity(year.units.len());
            for ((folder, pages), expected) in year.units.into_iter().zip(&self.folders) {
                if folder != *expected {
                    return Err("its units are not those of the header".into());
                }
                let mut read = Vec::with_capacity(pages.len());
                for (page, entries) in pages {
                    let mut made = Vec::with_capacity(entries.len());
                    for e in entries {
                        made.push(Entry {
                            anchor: text(e.anchor)?,
                            title: text(e.title)?,
                            blocks: e.blocks.into_iter().map(text).collect::<Result<_, _>>()?,
                        });
                    }
                    read.push(PageEntries {
                        page,
                        entries: made,
                    });
                }
                units.push(Arc::new(read));
            }
            Ok(units)
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StoredEntry {
    anchor: u32,
    title: u32,
    blocks: Vec<u32>,
}

/// The header, after the years' blocks (in this order) and before its own length.
#[derive(Serialize, Deserialize)]
struct Header {
    year_files: YearFiles,
    /// Each year, and the length of its units and of its search entries.
    years: Vec<(String, u64, u64)>,
}

/// [`Header`] as written: borrowed from the state, so that writing it copies nothing.
#[derive(Serialize)]
struct WrittenHeader<'a> {
    year_files: &'a YearFiles,
    years: Vec<(&'a str, u64, u64)>,
}

/// [`StoredUnit`] as written.
#[derive(Serialize)]
struct WrittenUnit<'a> {
    folder: &'a str,
    key: &'a str,
    files: &'a [FileRecord],
    printed: &'a BTreeMap<String, String>,
    moved: &'a MovedAddresses,
}

#[derive(Serialize, Deserialize)]
struct StoredUnit {
    folder: String,
    key: String,
    files: Vec<FileRecord>,
    printed: BTreeMap<String, String>,
    moved: MovedAddresses,
}

/// A unit's pages: each page's kind and entries.
type StoredPages = Vec<(usize, Vec<StoredEntry>)>;

#[derive(Serialize)]
struct WrittenYear<'a> {
    texts: Vec<&'a str>,
    units: Vec<(&'a str, StoredPages)>,
}

#[derive(Deserialize)]
struct ReadYear {
    texts: Vec<String>,
    units: Vec<(String, StoredPages)>,
}

/// The year of a unit's folder ("2025/08/09/" → "2025").
fn year_of(folder: &str) -> &str {
    folder.split('/').next().unwrap_or_default()
}

impl BuildState {
    /// The state as `publish` stores it (see the module documentation). `previous` is the
    /// state this one was made from, if any: a year whose units are all its own, unchanged, is
    /// written back as it was read.
    pub fn to_bytes(&self, previous: Option<&BuildState>) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::new();
        for piece in self.to_pieces(previous)? {
            piece.append_to(&mut bytes).map_err(|e| {
                Error::Refused(format!("the last build state cannot be read again ({e})"))
            })?;
        }
        Ok(bytes)
    }

    /// [`BuildState::to_bytes`] as pieces to write one after another: the seal, each year's
    /// blocks, the header. A year written back as read is copied from the file it was read
    /// from, so the state (tens of megabytes at a thousand real-size days) is never held in one
    /// buffer; the seal's CRC-32 is made of its blocks' own.
    pub fn to_pieces(&self, previous: Option<&BuildState>) -> Result<Vec<Piece<'_>>, Error> {
        let mut years: BTreeMap<&str, Vec<(&str, &UnitRecord)>> = BTreeMap::new();
        for (folder, unit) in &self.units {
            years
                .entry(year_of(folder))
                .or_default()
                .push((folder, unit));
        }
        let same_records = |units: &[(&str, &UnitRecord)]| {
            units.iter().all(|(folder, unit)| {
                previous
                    .and_then(|p| p.units.get(*folder))
                    .is_some_and(|before| same_record(before, unit))
            })
        };
        let made = |bytes: Vec<u8>| (crc32fast::hash(&bytes), Piece::Bytes(Cow::Owned(bytes)));
        let mut pieces: Vec<(u32, Piece<'_>)> = Vec::with_capacity(2 * years.len() + 1);
        let mut lengths = Vec::with_capacity(years.len());
        for (year, units) in &years {
            let read = unchanged_section(units);
            let units_piece = match read.filter(|_| same_records(units)) {
                Some(section) => (section.units.crc, section.origin.piece(&section.units)),
                None => made(units_block(units, Vec::new())?),
            };
            let search_piece = match read {
                Some(section) => (section.search.crc, section.origin.piece(&section.search)),
                None => made(year_section(units, Vec::new())?),
            };
            lengths.push((*year, units_piece.1.len(), search_piece.1.len()));
            pieces.extend([units_piece, search_piece]);
        }
        let header = WrittenHeader {
            year_files: &self.year_files,
            years: lengths,
        };
        let mut header = postcard::to_allocvec(&header).map_err(unwritable)?;
        let header_length = header.len() as u64;
        header.extend_from_slice(&header_length.to_le_bytes());
        pieces.push(made(header));
        let mut crc = crc32fast::Hasher::new();
        for (piece_crc, piece) in &pieces {
            crc.combine(&crc32fast::Hasher::new_with_initial_len(
                *piece_crc,
                piece.len(),
            ));
        }
        let seal = crate::sealed::seal_checksum(STATE_MAGIC, crc.finalize());
        Ok(std::iter::once(Piece::Bytes(Cow::Owned(seal)))
            .chain(pieces.into_iter().map(|(_, piece)| piece))
            .collect())
    }

    /// Reads the state file at `path`; `None` when it is missing, from another version, or
    /// damaged (the build is then a full one). Its bytes are let go once its units are
    /// decoded: the file stays open for the rest (see the module documentation).
    pub fn read(path: &std::path::Path) -> Option<BuildState> {
        let file = std::fs::File::open(path).ok()?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut &file, &mut bytes).ok()?;
        let parsed = Parsed::of(&bytes)?;
        drop(bytes);
        parsed.into_state(Origin::File(file))
    }

    /// Reads a stored state from its bytes; `None` as for [`BuildState::read`].
    pub fn from_bytes(bytes: Vec<u8>) -> Option<BuildState> {
        let parsed = Parsed::of(&bytes)?;
        parsed.into_state(Origin::Bytes(bytes))
    }
}

/// Whether two records are the same but for their search entries.
fn same_record(a: &UnitRecord, b: &UnitRecord) -> bool {
    a.key == b.key && a.files == b.files && a.printed == b.printed && a.moved == b.moved
}

fn unwritable(e: postcard::Error) -> Error {
    Error::Refused(format!(
        "internal error: the build state cannot be written ({e})"
    ))
}

/// A year's units as stored (everything but their search entries), after `bytes`.
fn units_block(units: &[(&str, &UnitRecord)], bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    let written: Vec<WrittenUnit> = (units.iter())
        .map(|(folder, unit)| WrittenUnit {
            folder,
            key: &unit.key,
            files: &unit.files,
            printed: &unit.printed,
            moved: &unit.moved,
        })
        .collect();
    postcard::to_extend(&written, bytes).map_err(unwritable)
}

/// The block read for exactly these units, in this order: a year none of whose units was
/// rendered again is written back as it was read.
fn unchanged_section<'a>(units: &[(&str, &'a UnitRecord)]) -> Option<&'a Arc<Section>> {
    let mut read: Option<&'a Arc<Section>> = None;
    for (position, (folder, unit)) in units.iter().enumerate() {
        let Source::Stored {
            section,
            position: at,
        } = &unit.search.0
        else {
            return None;
        };
        let same = read.is_none_or(|r| Arc::ptr_eq(r, section));
        if !same
            || *at != position
            || section.folders.get(position).map(String::as_str) != Some(*folder)
        {
            return None;
        }
        read = Some(section);
    }
    read.filter(|section| section.folders.len() == units.len())
}

/// A year's section: each distinct text once, entries naming their texts by number.
fn year_section<'u>(units: &[(&'u str, &'u UnitRecord)], bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    let mut pages_of = Vec::with_capacity(units.len());
    for (folder, unit) in units {
        pages_of.push((*folder, unit.search.pages()?));
    }
    let mut texts: Vec<&'u str> = Vec::new();
    let mut numbers: FxHashMap<&'u str, u32> = FxHashMap::default();
    let mut stored_units = Vec::with_capacity(pages_of.len());
    for (folder, pages) in pages_of {
        let mut stored_pages = Vec::with_capacity(pages.len());
        for page in pages {
            let mut entries = Vec::with_capacity(page.entries.len());
            for e in &page.entries {
                let mut id = |text: &'u Arc<str>| -> u32 {
                    let text: &'u str = text;
                    *numbers.entry(text).or_insert_with(|| {
                        texts.push(text);
                        (texts.len() - 1) as u32
                    })
                };
                entries.push(StoredEntry {
                    anchor: id(&e.anchor),
                    title: id(&e.title),
                    blocks: e.blocks.iter().map(&mut id).collect(),
                });
            }
            stored_pages.push((page.page, entries));
        }
        stored_units.push((folder, stored_pages));
    }
    let written = WrittenYear {
        texts,
        units: stored_units,
    };
    postcard::to_extend(&written, bytes).map_err(unwritable)
}

mod origin;
#[cfg(test)]
mod tests;
