//! The digest of each input file, kept beside the site (`.daybrief-inputs-<out>`) with the
//! file's size, times and inode, so that a build whose inputs did not change stats them
//! instead of reading and hashing them all. Like git's index, a record is trusted only when
//! the file's times are older than the moment its digest was taken by more than any file
//! system's time granularity: a file rewritten in the same clock tick, with the same size,
//! could otherwise keep its stat ("racily clean"). The records are a hint: missing, damaged
//! or foreign ones only cost hashing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

const MAGIC: &str = "daybrief inputs 1";

/// How much older than its digest a file's times must be for its record to be trusted: more
/// than the coarsest time stamps (FAT's 2 s) and than the lag of a file system's clock.
const RACY_NANOS: i128 = 3_000_000_000;

/// What is recorded of a file: size, modification and change times in nanoseconds, inode.
pub(super) type Stat = (u64, i128, i128, u64);

/// Digests of input files by path, with the stat they were taken at.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct InputRecords {
    /// When the digests were taken (after every file was read), in nanoseconds.
    taken: i128,
    files: HashMap<PathBuf, (Stat, [u8; 32])>,
    /// Files hashed rather than taken from earlier records.
    hashed: usize,
}

fn nanos(time: std::io::Result<SystemTime>) -> i128 {
    time.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

/// The stat of a regular file (not a link: its target could change under it unseen).
#[cfg(unix)]
pub(super) fn stat(path: &Path) -> Option<Stat> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let ctime = i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec());
    Some((meta.len(), nanos(meta.modified()), ctime, meta.ino()))
}

/// Without inodes and change times, nothing is trusted: every file is hashed.
#[cfg(not(unix))]
pub(super) fn stat(_path: &Path) -> Option<Stat> {
    None
}

impl InputRecords {
    /// Where the records of the site `out` are kept.
    pub fn path_for(out: &Path) -> PathBuf {
        crate::fsutil::beside(out, "inputs")
    }

    /// The records kept for `out`; empty when there are none or they cannot be read.
    pub fn read(out: &Path) -> InputRecords {
        let Ok(text) = std::fs::read_to_string(Self::path_for(out)) else {
            return InputRecords::default();
        };
        Self::parse(&text).unwrap_or_default()
    }

    fn parse(text: &str) -> Option<InputRecords> {
        let mut lines = text.lines();
        let taken = lines.next()?.strip_prefix(MAGIC)?.strip_prefix('\t')?;
        let mut records = InputRecords {
            taken: taken.parse().ok()?,
            files: HashMap::new(),
            hashed: 0,
        };
        for line in lines {
            let mut parts = line.splitn(6, '\t');
            let mut field = || parts.next();
            let stat = (
                field()?.parse().ok()?,
                field()?.parse().ok()?,
                field()?.parse().ok()?,
                field()?.parse().ok()?,
            );
            let digest = crate::sha::Sha256Sum::from_hex(field()?)?.0;
            records
                .files
                .insert(PathBuf::from(field()?), (stat, digest));
        }
        Some(records)
    }

    /// The digest recorded for `path` when the file still has the recorded stat `now` and was
    /// old enough when it was hashed that a rewrite could not have kept that stat.
    /// The recorded digest of the file at `path` as it is now, when the record can be trusted.
    pub(super) fn trusted_digest(&self, path: &Path) -> Option<[u8; 32]> {
        self.digest_of(path, stat(path))
    }

    pub(super) fn digest_of(&self, path: &Path, now: Option<Stat>) -> Option<[u8; 32]> {
        let now = now?;
        let (recorded, digest) = self.files.get(path)?;
        let settled = now.1.max(now.2) + RACY_NANOS < self.taken;
        (*recorded == now && settled).then_some(*digest)
    }

    /// Records made of `files` (path, stat before it was read, digest), taken now, `hashed` of
    /// them read for it.
    pub(super) fn taken_now(
        files: impl IntoIterator<Item = (PathBuf, Stat, [u8; 32])>,
        hashed: usize,
    ) -> Self {
        InputRecords {
            taken: nanos(Ok(SystemTime::now())),
            hashed,
            files: files
                .into_iter()
                .map(|(path, stat, digest)| (path, (stat, digest)))
                .collect(),
        }
    }

    /// How many files were read and hashed to make these records (0 when read back).
    pub fn hashed(&self) -> usize {
        self.hashed
    }

    /// Keeps the records beside `out`; a failure only costs hashing next time, so it is
    /// ignored.
    pub fn write(&self, out: &Path) {
        use std::fmt::Write;
        let mut text = format!("{MAGIC}\t{}\n", self.taken);
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        for (path, ((size, modified, changed, inode), digest)) in files {
            // A path that cannot be written on one line is simply not recorded.
            let Some(path) = path.to_str().filter(|p| !p.contains(['\n', '\r'])) else {
                continue;
            };
            let _ = writeln!(
                text,
                "{size}\t{modified}\t{changed}\t{inode}\t{}\t{path}",
                crate::ident::hex(digest)
            );
        }
        // Written in place, no temporary file to leave behind: a line cut short by a kill
        // names no file, or fails to parse (then nothing is trusted), or has the wrong inode.
        let _ = std::fs::write(Self::path_for(out), text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_trusted_only_when_the_file_settled_before_it_was_hashed() {
        let stat = (10, 1_000_000_000_000, 1_000_000_000_000, 7);
        let path = PathBuf::from("content/2025/01/01.yaml");
        let mut records = InputRecords::taken_now([(path.clone(), stat, [1; 32])], 1);
        assert_eq!(records.digest_of(&path, Some(stat)), Some([1; 32]));
        // Another size, time or inode: hashed again.
        assert_eq!(
            records.digest_of(&path, Some((11, stat.1, stat.2, 7))),
            None
        );
        assert_eq!(
            records.digest_of(&path, Some((10, stat.1, stat.2 + 1, 7))),
            None
        );
        // Hashed in the same tick as it was written: a rewrite could keep the stat.
        records.taken = stat.1 + 1;
        assert_eq!(records.digest_of(&path, Some(stat)), None);
        let text = {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("site");
            records.taken = stat.1 + RACY_NANOS + 1;
            records.write(&out);
            std::fs::read_to_string(InputRecords::path_for(&out)).unwrap()
        };
        records.hashed = 0;
        assert_eq!(InputRecords::parse(&text), Some(records));
        // A digest cut short, or another format: nothing is trusted.
        assert_eq!(
            InputRecords::parse(&text.replacen("\t0101", "\t01", 1)),
            None
        );
        assert_eq!(
            InputRecords::parse(&text.replacen("inputs 1", "inputs 2", 1)),
            None
        );
    }
}
