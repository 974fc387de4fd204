//! Putting the staged site in place of the output folder. On Linux the two folders are
//! exchanged in one `renameat2(RENAME_EXCHANGE)` call, so the output path always holds either
//! the complete old or the complete new site. Elsewhere, or on a file system without that call,
//! the old site is renamed aside and the new one renamed in: between those two renames (a few
//! microseconds) the output path does not exist.

use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::fsutil;

/// Moves the complete site `staged` to `out`. Returns where the previous site now is, to be
/// deleted.
pub fn swap_in(staged: &Path, out: &Path) -> Result<Option<PathBuf>, Error> {
    if !out.exists() {
        fsutil::rename(staged, out)?;
        return Ok(None);
    }
    match exchange(staged, out) {
        Ok(true) => Ok(Some(staged.to_path_buf())),
        Ok(false) => two_renames(staged, out).map(Some),
        Err(e) => Err(Error::io("swap", staged, e)),
    }
}

/// Swaps two folders atomically; `Ok(false)` when the kernel or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The fallback: old site aside, new site in. Puts the old site back if the second rename fails.
fn two_renames(staged: &Path, out: &Path) -> Result<PathBuf, Error> {
    let mut aside = staged.as_os_str().to_owned();
    aside.push("-old");
    let aside = PathBuf::from(aside);
    fsutil::rename(out, &aside)?;
    if let Err(e) = fsutil::rename(staged, out) {
        let _ = std::fs::rename(&aside, out);
        return Err(e);
    }
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder `root/name` holding one file `<file>.txt` that says `file`.
    fn folder_with(root: &Path, name: &str, file: &str) -> PathBuf {
        let dir = root.join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join(format!("{file}.txt")), file).unwrap();
        dir
    }

    fn assert_swapped(out: &Path, previous: &Path) {
        assert_eq!(std::fs::read_to_string(out.join("new.txt")).unwrap(), "new");
        assert!(!out.join("old.txt").exists());
        assert_eq!(
            std::fs::read_to_string(previous.join("old.txt")).unwrap(),
            "old"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_exchange_swaps_the_folders_on_linux() {
        let root = tempfile::tempdir().unwrap();
        let out = folder_with(root.path(), "site", "old");
        let staged = folder_with(root.path(), "new", "new");
        let previous = swap_in(&staged, &out).unwrap().unwrap();
        assert_swapped(&out, &previous);
        assert_eq!(previous, staged);
    }

    #[test]
    fn the_fallback_moves_the_old_site_aside() {
        let root = tempfile::tempdir().unwrap();
        let out = folder_with(root.path(), "site", "old");
        let staged = folder_with(root.path(), "new", "new");
        let previous = two_renames(&staged, &out).unwrap();
        assert_swapped(&out, &previous);
        assert_eq!(previous, root.path().join("new-old"));
        assert!(!staged.exists());
    }

    #[test]
    fn a_first_build_just_renames() {
        let root = tempfile::tempdir().unwrap();
        let staged = folder_with(root.path(), "new", "new");
        let out = root.path().join("site");
        assert_eq!(swap_in(&staged, &out).unwrap(), None);
        assert_eq!(std::fs::read_to_string(out.join("new.txt")).unwrap(), "new");
    }
}
