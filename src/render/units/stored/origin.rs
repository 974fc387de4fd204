//! Where a build state was read from, and reading it: checked block by block, its units
//! decoded, its bytes let go (see the parent module's documentation).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::{Header, STATE_MAGIC, SearchEntries, Section, Source, StoredUnit, year_of};
use crate::fsutil::Piece;
use crate::render::units::{BuildState, UnitRecord};
use crate::render::years::YearFiles;

/// Where a state was read from.
pub(super) enum Origin {
    /// Bytes in memory.
    Bytes(Vec<u8>),
    /// The state file, open (31 MB at a thousand real-size days, most of it search entries
    /// that a build adding a day never reads).
    File(std::fs::File),
}

/// A block of a state file: where it is, and its CRC-32 when the file was read.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) range: Range<usize>,
    pub(super) crc: u32,
}

impl Origin {
    /// The bytes of `block`, as they were when the state was read.
    pub(super) fn read(&self, block: &Block) -> Result<Cow<'_, [u8]>, String> {
        let bytes = match self {
            Origin::Bytes(bytes) => {
                Cow::Borrowed(bytes.get(block.range.clone()).ok_or("it is cut short")?)
            }
            Origin::File(file) => {
                let mut bytes = vec![0; block.range.len()];
                crate::fsutil::read_exact_at(file, &mut bytes, block.range.start as u64)
                    .map_err(|e| e.to_string())?;
                Cow::Owned(bytes)
            }
        };
        if crc32fast::hash(&bytes) != block.crc {
            return Err("the file changed since it was read".into());
        }
        Ok(bytes)
    }

    /// `block` as a piece of the next state file: its bytes, or a copy from the file.
    pub(super) fn piece(&self, block: &Block) -> Piece<'_> {
        match self {
            Origin::Bytes(bytes) => Piece::Bytes(Cow::Borrowed(&bytes[block.range.clone()])),
            Origin::File(file) => Piece::Copied {
                from: file,
                offset: block.range.start as u64,
                length: block.range.len() as u64,
            },
        }
    }
}

/// A state file's blocks as found and checked, its units decoded.
pub(super) struct Parsed {
    year_files: YearFiles,
    years: Vec<(String, Block, Block, Vec<StoredUnit>)>,
}

impl Parsed {
    pub(super) fn of(file: &[u8]) -> Option<Parsed> {
        let (claimed, payload) = crate::sealed::split(STATE_MAGIC, file, "a build state").ok()?;
        let mut at = file.len() - payload.len();
        let (rest, length) = payload.split_last_chunk::<8>()?;
        let header_at = rest
            .len()
            .checked_sub(usize::try_from(u64::from_le_bytes(*length)).ok()?)?;
        let header: Header = postcard::from_bytes(&rest[header_at..]).ok()?;
        let end = at + header_at;
        let block = |range: Range<usize>| {
            let crc = crc32fast::hash(file.get(range.clone())?);
            Some(Block { range, crc })
        };
        // The payload's CRC, made of the blocks' own (kept to check them when read again).
        let mut crc = crc32fast::Hasher::new();
        let mut blocks = Vec::with_capacity(header.years.len());
        for (year, units_length, search_length) in header.years {
            let units = at..at.checked_add(usize::try_from(units_length).ok()?)?;
            let search = units.end
                ..units
                    .end
                    .checked_add(usize::try_from(search_length).ok()?)?;
            if search.end > end {
                return None;
            }
            at = search.end;
            let (units, search) = (block(units)?, block(search)?);
            for read in [&units, &search] {
                let length = read.range.len() as u64;
                crc.combine(&crc32fast::Hasher::new_with_initial_len(read.crc, length));
            }
            blocks.push((year, units, search));
        }
        if at != end {
            return None;
        }
        crc.update(&file[end..]);
        if crc.finalize() != claimed {
            return None;
        }
        let mut years = Vec::with_capacity(blocks.len());
        for (year, units, search) in blocks {
            let stored: Vec<StoredUnit> = postcard::from_bytes(&file[units.range.clone()]).ok()?;
            years.push((year, units, search, stored));
        }
        Some(Parsed {
            year_files: header.year_files,
            years,
        })
    }

    pub(super) fn into_state(self, origin: Origin) -> Option<BuildState> {
        let origin = Arc::new(origin);
        let mut units = BTreeMap::new();
        for (year, units_block, search, stored) in self.years {
            let section = Arc::new(Section {
                folders: stored.iter().map(|unit| unit.folder.clone()).collect(),
                year,
                origin: Arc::clone(&origin),
                units: units_block,
                search,
                decoded: OnceLock::new(),
            });
            for (position, unit) in stored.into_iter().enumerate() {
                if year_of(&unit.folder) != section.year {
                    return None;
                }
                let search = SearchEntries(Source::Stored {
                    section: Arc::clone(&section),
                    position,
                });
                let record = UnitRecord {
                    key: unit.key,
                    files: unit.files,
                    search,
                    printed: unit.printed,
                    moved: unit.moved,
                };
                if units.insert(unit.folder, Arc::new(record)).is_some() {
                    return None;
                }
            }
        }
        Some(BuildState {
            units,
            year_files: self.year_files,
        })
    }
}
