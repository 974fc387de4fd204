//! Staging folders a killed build left beside the output: recognised by their name and marker,
//! and removed by the next build unless a build still running holds their lock.

use std::fs::{self, File, TryLockError};
use std::path::Path;

use super::{MARKER, STAGING_PREFIX, is_replaceable};

/// Locks a folder's marker while the folder is written; the lock ends with the process, so a
/// killed build's folder is unlocked. `Err(())` when another build holds it; `Ok(None)` where
/// the file system has no locks (best effort).
pub fn lock_while_writing(dir: &Path) -> Result<Option<File>, ()> {
    let Ok(marker) = File::open(dir.join(MARKER)) else {
        return Ok(None);
    };
    match marker.try_lock() {
        Ok(()) => Ok(Some(marker)),
        Err(TryLockError::WouldBlock) => Err(()),
        Err(TryLockError::Error(_)) => Ok(None),
    }
}

/// Removes every folder beside `out` (but `out` itself) that is named like a staging folder, is
/// a real folder (not a link), holds a daybrief site, nothing, or only a README, and is not
/// being written. Failures are ignored: a leftover never affects the site, and the next build
/// tries again.
pub fn remove_abandoned(parent: &Path, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name.to_string_lossy().starts_with(STAGING_PREFIX)
            && out.file_name() != Some(&name)
            && entry.file_type().is_ok_and(|t| t.is_dir());
        let path = entry.path();
        if ours && is_replaceable(&path).unwrap_or(false) && !being_written(&path) {
            let _ = remove_marker_last(&path);
        }
    }
}

/// Deletes a site folder, its marker last: a deletion cut short by a kill leaves a folder that
/// is still recognisably ours, for the next build to finish.
pub fn remove_marker_last(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    fs::remove_dir_all(dir)
}

/// Whether a running build holds the folder's lock.
fn being_written(dir: &Path) -> bool {
    File::open(dir.join(MARKER))
        .is_ok_and(|marker| matches!(marker.try_lock(), Err(TryLockError::WouldBlock)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Creates `parent/name` holding `files`.
    fn folder(parent: &Path, name: &str, files: &[&str]) -> std::path::PathBuf {
        let dir = parent.join(name);
        fs::create_dir(&dir).unwrap();
        for file in files {
            fs::write(dir.join(file), "x").unwrap();
        }
        dir
    }

    #[test]
    fn only_abandoned_folders_of_ours_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let parent = root.path();
        let killed_while_writing = folder(parent, ".daybrief-staging-a", &[MARKER, "index.html"]);
        let killed_before_marker = folder(parent, ".daybrief-staging-b", &[]);
        let old_site_aside = folder(parent, ".daybrief-staging-c-old", &[MARKER, "feed.xml"]);
        let foreign = folder(parent, ".daybrief-staging-d", &["notes.txt"]);
        let site = folder(parent, "site", &[MARKER]);
        let named_like_staging = folder(parent, ".daybrief-staging-site", &[MARKER]);
        let other_name = folder(parent, "daybrief-staging-e", &[MARKER]);
        let running = folder(parent, ".daybrief-staging-f", &[MARKER]);
        let _lock = lock_while_writing(&running).expect("locks work on Linux file systems");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&site, parent.join(".daybrief-staging-g")).unwrap();

        remove_abandoned(parent, &named_like_staging);

        assert!(!killed_while_writing.exists());
        assert!(!killed_before_marker.exists());
        assert!(!old_site_aside.exists());
        for kept in [&foreign, &site, &named_like_staging, &other_name, &running] {
            assert!(kept.exists(), "{} was removed", kept.display());
        }
        assert!(site.join(MARKER).exists());
        #[cfg(unix)]
        assert!(parent.join(".daybrief-staging-g").is_symlink());
    }
}
