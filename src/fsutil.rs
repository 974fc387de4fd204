//! File-system helpers that attach the path to every I/O error.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What a build keeps beside its output folder `out` (never inside it, so the site stays the
/// same bytes and a swap never carries it along): `.daybrief-<kind>-<name of out>`.
pub fn beside(out: &Path, kind: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".daybrief-{kind}-{name}"))
}

/// Creates a directory and its parents, naming the path on failure.
pub fn create_dir_all(path: &Path) -> Result<(), Error> {
    fs::create_dir_all(path).map_err(|source| Error::io("create directory", path, source))
}

/// Writes a file, creating its parent directories first.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|source| Error::io("write", path, source))
}

/// A piece of a file that [`write_pieces`] writes: bytes, or a range of another file, which is
/// copied without being read into memory (by the kernel on Linux: `copy_file_range`).
pub enum Piece<'a> {
    /// Bytes in memory.
    Bytes(std::borrow::Cow<'a, [u8]>),
    /// `length` bytes of `from`, from `offset`.
    Copied {
        /// The file copied from, which nothing else reads at its position meanwhile.
        from: &'a fs::File,
        /// Where the range starts.
        offset: u64,
        /// How long it is.
        length: u64,
    },
}

impl Piece<'_> {
    /// Bytes in the piece.
    pub fn len(&self) -> u64 {
        match self {
            Piece::Bytes(bytes) => bytes.len() as u64,
            Piece::Copied { length, .. } => *length,
        }
    }

    /// Whether the piece has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the piece to `to`.
    fn write_to(&self, to: &mut fs::File) -> std::io::Result<()> {
        use std::io::{Read, Seek, SeekFrom, Write};
        match self {
            Piece::Bytes(bytes) => to.write_all(bytes),
            Piece::Copied {
                from,
                offset,
                length,
            } => {
                let mut from: &fs::File = from;
                from.seek(SeekFrom::Start(*offset))?;
                let copied = std::io::copy(&mut from.take(*length), to)?;
                if copied == *length {
                    Ok(())
                } else {
                    Err(std::io::ErrorKind::UnexpectedEof.into())
                }
            }
        }
    }
}

impl Piece<'_> {
    /// Appends the piece's bytes to `bytes`.
    pub fn append_to(&self, bytes: &mut Vec<u8>) -> std::io::Result<()> {
        match self {
            Piece::Bytes(piece) => bytes.extend_from_slice(piece),
            Piece::Copied {
                from,
                offset,
                length,
            } => {
                let at = bytes.len();
                let length = usize::try_from(*length).map_err(std::io::Error::other)?;
                bytes.resize(at + length, 0);
                read_exact_at(from, &mut bytes[at..], *offset)?;
            }
        }
        Ok(())
    }
}

/// Fills `buffer` from `file` at `offset`, without moving the file's position on Unix.
pub fn read_exact_at(file: &fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buffer)
    }
}

/// [`write`] for a file made of `pieces`, written one after another.
pub fn write_pieces(path: &Path, pieces: &[Piece]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let mut file = fs::File::create(path).map_err(|source| Error::io("write", path, source))?;
    for piece in pieces {
        piece
            .write_to(&mut file)
            .map_err(|source| Error::io("write", path, source))?;
    }
    Ok(())
}

/// Renames a file or directory, naming both paths on failure.
pub fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    fs::rename(from, to).map_err(|source| Error::io("move", &describe_move(from, to), source))
}

fn describe_move(from: &Path, to: &Path) -> PathBuf {
    PathBuf::from(format!("{} -> {}", from.display(), to.display()))
}

/// Why a file could not be read by [`read_limited`].
#[derive(Debug)]
pub enum Unreadable {
    /// Not a regular file (or a link to one): what it is instead, "a named pipe (FIFO)".
    NotAFile(&'static str),
    /// Larger than the limit: its size in bytes.
    TooLarge(u64),
    /// Reading failed.
    Io(Error),
}

/// What `path` is when it is not a regular file (following links): `None` for a regular file.
/// Asked before opening, so a named pipe or a device is never opened (opening a pipe blocks).
pub fn not_a_file(path: &Path) -> Option<&'static str> {
    let followed = fs::metadata(path);
    let linked = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let kind = match followed {
        Err(_) if linked => return Some("a link to nothing"),
        Err(_) => return Some("missing"),
        Ok(m) => kind_of(&m.file_type())?,
    };
    Some(if linked {
        match kind {
            "a folder" => "a link to a folder",
            "a named pipe (FIFO)" => "a link to a named pipe (FIFO)",
            "a socket" => "a link to a socket",
            "a character device" => "a link to a character device",
            "a block device" => "a link to a block device",
            _ => "a link to something that is not a file",
        }
    } else {
        kind
    })
}

fn kind_of(file_type: &fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
    }
    Some("not a regular file")
}

/// Reads a regular file of at most `max_bytes`, deciding from its type and size before reading
/// it, so a device, a pipe or a 2 GiB file costs nothing. A file that grows while it is read is
/// still cut at the limit.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Unreadable> {
    use std::io::Read;
    if let Some(kind) = not_a_file(path) {
        return Err(Unreadable::NotAFile(kind));
    }
    let io = |e| Unreadable::Io(Error::io("read", path, e));
    let file = fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > max_bytes {
        return Err(Unreadable::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(Unreadable::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn odd_files_are_named_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        let dangling = dir.path().join("dangling.yaml");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
        let kind = |p: &Path| match read_limited(p, 10) {
            Err(Unreadable::NotAFile(kind)) => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(&fifo), "a named pipe (FIFO)");
        assert_eq!(kind(&link), "a link to a named pipe (FIFO)");
        assert_eq!(kind(&dangling), "a link to nothing");
        assert_eq!(kind(Path::new("/dev/zero")), "a character device");
        assert_eq!(kind(dir.path()), "a folder");
        let big = dir.path().join("big.yaml");
        let file = fs::File::create(&big).unwrap();
        file.set_len(2 << 30).unwrap();
        assert!(matches!(
            read_limited(&big, 1 << 20),
            Err(Unreadable::TooLarge(2147483648))
        ));
    }
}
