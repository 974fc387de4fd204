//! Stating the files and folders of a published tree by their path within it, through a handle
//! on its root: the tree's own path (six folders deep in the benchmark) is then not looked up
//! again for each of its 47,000 files.

use std::path::{Path, PathBuf};

use super::Stat;

/// A tree whose files and folders are stated by their path within it.
pub(in crate::publish) struct Tree {
    path: PathBuf,
    /// The root, opened as a path (no read access needed); `None` elsewhere than on Linux, or
    /// when it cannot be opened (then every path is looked up from `path`).
    #[cfg(target_os = "linux")]
    root: Option<rustix::fd::OwnedFd>,
}

impl Tree {
    /// The tree at `path` (following a link, as a lookup by path does).
    pub(in crate::publish) fn open(path: &Path) -> Tree {
        Tree {
            path: path.to_path_buf(),
            #[cfg(target_os = "linux")]
            root: {
                use rustix::fs::{Mode, OFlags};
                let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
                rustix::fs::open(path, flags, Mode::empty()).ok()
            },
        }
    }

    /// The path of `relative` in the tree.
    pub(in crate::publish) fn join(&self, relative: &str) -> PathBuf {
        self.path.join(relative)
    }

    /// [`super::stat`] of the file at `relative`: a regular file's size, modification time and
    /// inode, not following a link.
    pub(in crate::publish) fn file(&self, relative: &str) -> Option<Stat> {
        #[cfg(target_os = "linux")]
        if let Some(root) = &self.root {
            let found = statx(root, relative, rustix::fs::AtFlags::SYMLINK_NOFOLLOW)?;
            return (found.0 == rustix::fs::FileType::RegularFile).then_some(found.1);
        }
        super::stat(&self.join(relative))
    }

    /// [`super::folder_stat`] of the folder at `relative` (`.` the root): its modification time
    /// and inode, following a link.
    pub(in crate::publish) fn folder(&self, relative: &str) -> Option<(i64, u64)> {
        #[cfg(target_os = "linux")]
        if let Some(root) = &self.root {
            let (kind, (_, modified, inode)) = statx(root, relative, rustix::fs::AtFlags::empty())?;
            return (kind == rustix::fs::FileType::Directory).then_some((modified, inode));
        }
        super::folder_stat(&self.join(relative))
    }
}

/// The type, size, modification time (as [`std::fs::Metadata::modified`] since the epoch, in
/// nanoseconds; 0 before it) and inode of `relative` under `root`.
#[cfg(target_os = "linux")]
fn statx(
    root: &rustix::fd::OwnedFd,
    relative: &str,
    flags: rustix::fs::AtFlags,
) -> Option<(rustix::fs::FileType, Stat)> {
    use rustix::fs::{FileType, StatxFlags};
    let mask = StatxFlags::TYPE | StatxFlags::SIZE | StatxFlags::MTIME | StatxFlags::INO;
    let found = rustix::fs::statx(root, relative, flags, mask).ok()?;
    let modified = match found.stx_mtime.tv_sec {
        secs if secs < 0 => 0,
        secs => {
            (secs.saturating_mul(1_000_000_000)).saturating_add(i64::from(found.stx_mtime.tv_nsec))
        }
    };
    let kind = FileType::from_raw_mode(found.stx_mode.into());
    Some((kind, (found.stx_size, modified, found.stx_ino)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_states_its_files_and_folders_as_a_lookup_by_path_does() {
        let root = tempfile::tempdir().unwrap();
        let site = root.path().join("site");
        std::fs::create_dir_all(site.join("2025/08/09")).unwrap();
        std::fs::write(site.join("2025/08/09/index.html"), "trang").unwrap();
        let tree = Tree::open(&site);
        let file = tree.file("2025/08/09/index.html");
        assert!(file.is_some());
        assert_eq!(
            file,
            super::super::stat(&site.join("2025/08/09/index.html"))
        );
        for folder in [".", "2025", "2025/08/09"] {
            let stated = tree.folder(folder);
            assert!(stated.is_some(), "{folder}");
            assert_eq!(
                stated,
                super::super::folder_stat(&site.join(folder)),
                "{folder}"
            );
        }
        assert_eq!(tree.file("2025/08/09"), None, "a folder is not a file");
        assert_eq!(
            tree.folder("2025/08/09/index.html"),
            None,
            "a file is not a folder"
        );
        assert_eq!(tree.file("2025/08/10/index.html"), None, "missing");
        #[cfg(unix)]
        {
            let link = site.join("2025/08/09/link.html");
            std::os::unix::fs::symlink(site.join("2025/08/09/index.html"), &link).unwrap();
            assert_eq!(
                tree.file("2025/08/09/link.html"),
                None,
                "a link is not followed"
            );
            std::os::unix::fs::symlink(site.join("2025"), site.join("linked")).unwrap();
            assert_eq!(
                tree.folder("linked"),
                tree.folder("2025"),
                "a linked folder is"
            );
        }
    }
}
