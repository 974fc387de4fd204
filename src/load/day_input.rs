//! A day file as read, parsed by the stage that types it: a parsed real-size day takes several
//! times its text in memory, so the check stage parses each day and types it at once, and the
//! parsed rows of every day are never all in memory together.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::day_cache::DayCache;
use sha2::{Digest, Sha256};

use super::files::read_content;
use super::{Loaded, parse_digested};
use crate::error::{Diagnostic, Report};
use crate::model::day::DayFile;

/// One day file: read, not yet parsed (or parsed already, for inputs made in memory).
#[derive(Debug, Clone)]
pub struct DayInput {
    /// Path as found.
    pub path: PathBuf,
    /// The SHA-256 of the file's bytes (see [`Loaded::digest`]).
    pub digest: [u8; 32],
    source: Source,
}

#[derive(Debug, Clone)]
enum Source {
    /// The bytes read, and the cache of earlier parses to look in first.
    Read {
        bytes: Vec<u8>,
        cache: Option<Arc<DayCache>>,
    },
    /// Parsed already.
    Parsed(Box<Loaded<DayFile>>),
    /// Not read yet: its digest is recorded (see `InputRecords`), and it is read only if it is
    /// parsed.
    Unread { cache: Option<Arc<DayCache>> },
}

impl DayInput {
    /// The bytes read from `path`, to be parsed by [`DayInput::parse`].
    pub(super) fn read(
        path: &Path,
        bytes: Vec<u8>,
        digest: [u8; 32],
        cache: Option<Arc<DayCache>>,
    ) -> DayInput {
        DayInput {
            path: path.to_path_buf(),
            digest,
            source: Source::Read { bytes, cache },
        }
    }

    /// A day file whose bytes have this recorded digest, read only when it is parsed.
    pub(super) fn unread(path: &Path, digest: [u8; 32], cache: Option<Arc<DayCache>>) -> DayInput {
        DayInput {
            path: path.to_path_buf(),
            digest,
            source: Source::Unread { cache },
        }
    }

    /// A day parsed already (inputs made in memory: the fuzz targets).
    pub fn parsed(day: Loaded<DayFile>) -> DayInput {
        DayInput {
            path: day.path.clone(),
            digest: day.digest,
            source: Source::Parsed(Box::new(day)),
        }
    }

    /// The file's bytes as read (for a day parsed already, its text); `None` when it was not
    /// read (see [`DayInput::unread`]).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Read { bytes, .. } => Some(bytes),
            Source::Parsed(day) => Some(day.text.as_bytes()),
            Source::Unread { .. } => None,
        }
    }

    /// The cache its day is parsed through, when it has one.
    pub fn cache(&self) -> Option<&Arc<DayCache>> {
        match &self.source {
            Source::Read { cache, .. } | Source::Unread { cache } => cache.as_ref(),
            Source::Parsed(_) => None,
        }
    }

    /// A handle that reads and parses the same file again, through the same cache, and only
    /// if it still has these bytes; `None` for a day made in memory.
    pub fn again(&self) -> Option<DayInput> {
        match &self.source {
            Source::Read { cache, .. } | Source::Unread { cache } => {
                Some(DayInput::unread(&self.path, self.digest, cache.clone()))
            }
            Source::Parsed(_) => None,
        }
    }

    /// The parsed day, or `None` with what parsing it reported.
    pub fn parse(self) -> (Option<Loaded<DayFile>>, Report) {
        let mut report = Report::default();
        let day = match self.source {
            Source::Parsed(day) => Some(*day),
            Source::Read {
                bytes,
                cache: Some(cache),
            } => cache.parse(&self.path, bytes, self.digest, &mut report),
            Source::Read { bytes, cache: None } => {
                parse_digested(&self.path, &bytes, self.digest, &mut report)
            }
            Source::Unread { cache } => {
                let bytes = match read_content(&self.path, &mut report) {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => return (None, report),
                    Err(e) => {
                        report.push(Diagnostic::error(&self.path, 0, 0, e.to_string()));
                        return (None, report);
                    }
                };
                if <[u8; 32]>::from(Sha256::digest(&bytes)) != self.digest {
                    report.push(
                        Diagnostic::error(
                            &self.path,
                            0,
                            0,
                            "the file changed while it was being built",
                        )
                        .expected("day files left as they are until the build ends")
                        .hint("build again"),
                    );
                    return (None, report);
                }
                let input = DayInput::read(&self.path, bytes, self.digest, cache);
                return input.parse();
            }
        };
        (day, report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A day file left unread is read when it is parsed, and only if it still has the bytes
    /// its recorded digest says.
    #[test]
    fn an_unread_day_is_read_when_parsed_and_must_still_match_its_digest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2025/08/09.yaml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = "date: 2025-08-09\ntitle: \"Về tình hình\"\n";
        std::fs::write(&path, text).unwrap();
        let digest: [u8; 32] = Sha256::digest(text.as_bytes()).into();

        let input = DayInput::unread(&path, digest, None);
        assert_eq!(input.bytes(), None, "not read yet");
        let (day, report) = input.parse();
        assert_eq!(report.diagnostics, Vec::new());
        let day = day.expect("parses");
        assert_eq!(day.text, text);
        assert_eq!(day.value.title, "Về tình hình");

        let (day, report) = DayInput::unread(&path, [0; 32], None).parse();
        assert!(day.is_none());
        let messages: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages, ["the file changed while it was being built"]);
    }
}
