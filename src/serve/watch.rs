//! Watches content, templates and themes, and turns the stream of file events into batches:
//! one batch per save, however many events an editor's save makes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::Error;

/// A batch ends once no event came for this long. An editor's save (write, rename, chmod)
/// comes in well under this; it stays short because it adds to every reload.
const QUIET: Duration = Duration::from_millis(30);
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
        while changed.is_empty() {
            let event = self.events.recv().ok()?;
            collect(event, &mut changed);
        }
        let started = Instant::now();
        while started.elapsed() < LONGEST {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => collect(event, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }
}

fn collect(event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>) {
    let Ok(event) = event else {
        return;
    };
    let relevant = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    };
    if relevant {
        changed.extend(event.paths.into_iter().filter(|p| !is_editor_scratch(p)));
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
