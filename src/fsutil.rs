//! File-system helpers that attach the path to every I/O error.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Reads a whole file as bytes, naming the path on failure.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    fs::read(path).map_err(|source| Error::io("read", path, source))
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

/// Renames a file or directory, naming both paths on failure.
pub fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    fs::rename(from, to).map_err(|source| Error::io("move", &describe_move(from, to), source))
}

fn describe_move(from: &Path, to: &Path) -> PathBuf {
    PathBuf::from(format!("{} -> {}", from.display(), to.display()))
}
