//! Watches content, templates and themes, and turns the stream of file events into batches:
//! one batch per save, however many events an editor's save makes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::Error;

/// A batch ends once no event came for this long. An editor's save (write, rename, chmod)
/// comes in well under this; it stays short because it adds to every reload.
const QUIET: Duration = Duration::from_millis(30);
/// Once a file of the site's sources is closed after writing, or renamed into place, its save
/// is done: the batch then waits only this long for the save's last events (a backup removed,
/// a mode set), instead of [`QUIET`].
const AFTER_SAVE: Duration = Duration::from_millis(5);
/// A batch never waits longer than this, so a stream of events cannot postpone the rebuild.
const LONGEST: Duration = Duration::from_millis(300);

/// The watched folders and the events from them.
pub struct ChangeWatcher {
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

impl ChangeWatcher {
    /// Watches every folder of `folders` that exists (recursively); returns those it watches.
    pub fn new(folders: &[&Path]) -> Result<(ChangeWatcher, Vec<PathBuf>), Error> {
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender)
            .map_err(|e| Error::Refused(format!("could not watch for changes: {e}")))?;
        let mut watched = Vec::new();
        for folder in folders.iter().filter(|f| f.is_dir()) {
            watcher
                .watch(folder, RecursiveMode::Recursive)
                .map_err(|e| {
                    Error::Refused(format!("could not watch `{}`: {e}", folder.display()))
                })?;
            watched.push(folder.to_path_buf());
        }
        Ok((
            ChangeWatcher {
                _watcher: watcher,
                events,
            },
            watched,
        ))
    }

    /// Blocks until files change; returns the changed paths, sorted, once events stop
    /// coming. `None` when the watcher has stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let mut saved = false;
        while changed.is_empty() {
            let event = self.events.recv().ok()?;
            saved |= collect(event, &mut changed);
        }
        let started = Instant::now();
        while started.elapsed() < LONGEST {
            match self
                .events
                .recv_timeout(if saved { AFTER_SAVE } else { QUIET })
            {
                Ok(event) => saved |= collect(event, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }
}

/// Adds the paths `event` changed to `changed`; whether it ends the save of a source file.
fn collect(event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>) -> bool {
    let Ok(event) = event else {
        return false;
    };
    let ends_a_save = ends_a_save(&event);
    let relevant = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    };
    if relevant {
        changed.extend(event.paths.into_iter().filter(|p| !is_editor_scratch(p)));
    }
    ends_a_save
}

/// Whether `event` is a source file (not an editor's scratch file) closed after writing, or
/// renamed into place: the last step of a save, in place or by rename.
fn ends_a_save(event: &notify::Event) -> bool {
    let last_path_is_a_source = || event.paths.last().is_some_and(|p| !is_editor_scratch(p));
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
            last_path_is_a_source()
        }
        _ => false,
    }
}

/// Editors' swap, backup and temporary files: changing them changes nothing in the site.
fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_ignored() {
        for name in [
            ".09.yaml.swp",
            "09.yaml~",
            "09.yaml.tmp",
            "4913",
            ".#09.yaml",
        ] {
            assert!(
                is_editor_scratch(&Path::new("content/2025/08").join(name)),
                "{name}"
            );
        }
        for name in ["09.yaml", "style.css", "base.html"] {
            assert!(
                !is_editor_scratch(&Path::new("content/2025/08").join(name)),
                "{name}"
            );
        }
    }

    #[test]
    fn a_save_ends_when_a_source_file_is_closed_after_writing_or_renamed_into_place() {
        let event = |kind, paths: &[&str]| {
            let mut event = notify::Event::new(kind);
            event.paths = paths.iter().map(PathBuf::from).collect();
            event
        };
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let renamed = |mode| EventKind::Modify(ModifyKind::Name(mode));
        let written = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Content));
        assert!(ends_a_save(&event(closed, &["c/09.yaml"])));
        assert!(ends_a_save(&event(renamed(RenameMode::To), &["c/09.yaml"])));
        assert!(ends_a_save(&event(
            renamed(RenameMode::Both),
            &["c/.09.yaml.tmp", "c/09.yaml"]
        )));
        // Vim's save: its test file closed, the original renamed to a backup, then written.
        assert!(!ends_a_save(&event(closed, &["c/4913"])));
        assert!(!ends_a_save(&event(
            renamed(RenameMode::From),
            &["c/09.yaml"]
        )));
        assert!(!ends_a_save(&event(
            renamed(RenameMode::Both),
            &["c/09.yaml", "c/09.yaml~"]
        )));
        assert!(!ends_a_save(&event(written, &["c/09.yaml"])));
    }

    #[test]
    fn saving_a_file_makes_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let (watcher, watched) =
            ChangeWatcher::new(&[dir.path(), &dir.path().join("absent")]).unwrap();
        assert_eq!(watched, [dir.path()]);
        let file = dir.path().join("09.yaml");
        std::fs::write(&file, "a").unwrap();
        std::fs::write(dir.path().join("09.yaml~"), "backup").unwrap();
        let batch = watcher.next_batch().unwrap();
        assert_eq!(batch, [file]);
    }
}
