//! Opening the spare for a build: locking it, reading its manifest and checking its files
//! against the records. None of that writes anything, so it runs on a thread of its own while
//! the build checks, derives and renders ([`Opening::start`]); the spare is written only once
//! the first file is placed (`Publisher`), and a build that finds errors leaves it as it was.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use super::spare::{self, Inventory};
use super::verify::{KnownFolders, LiveSite};
use super::{MARKER, MARKER_TEXT, busy, is_replaceable, leftovers, refuse_foreign_folder};
use crate::error::Error;
use crate::fsutil;

/// The spare being opened on a thread of its own. Dropped, it waits for the thread, so the
/// spare's lock is released when the build ends.
pub struct Opening {
    thread: Option<JoinHandle<Result<Opened, Error>>>,
}

impl Opening {
    /// Opens the spare of the site in `out`, whose live site was checked as `live`, in the
    /// background (see [`in_the_background`]).
    pub fn start(out: PathBuf, live: LiveSite) -> Opening {
        let open = move || in_the_background(|| open(out, live));
        Opening {
            thread: Some(std::thread::spawn(open)),
        }
    }

    /// Opens the spare of `out` (with no live site) once `ready` says so, for tests.
    #[cfg(test)]
    pub(super) fn when(ready: std::sync::mpsc::Receiver<()>, out: PathBuf) -> Opening {
        let open = move || {
            ready.recv().map_or_else(
                |_| Err(Error::Refused("never".into())),
                |()| open(out, LiveSite::default()),
            )
        };
        Opening {
            thread: Some(std::thread::spawn(open)),
        }
    }

    /// Whether the spare is opened (or could not be): [`Opening::wait`] returns at once.
    pub(super) fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// The opened spare, once the thread is done.
    pub(super) fn wait(mut self) -> Result<Opened, Error> {
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(opened)) => opened,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Err(Error::Refused("the spare was already opened".into())),
        }
    }
}

impl Drop for Opening {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The spare being written.
pub(super) struct Writing {
    pub(super) update: spare::Update,
    /// Held while the spare is written, so two builds never write it at once.
    pub(super) lock: Option<File>,
}

/// Starts writing the spare as `opened` found it: a spare left by an update cut short is
/// removed, a missing one made.
pub(super) fn start_writing(opened: Opened) -> Result<Writing, Error> {
    let Opened {
        out,
        parent,
        spare,
        mut lock,
        found,
        checked,
    } = opened;
    fsutil::create_dir_all(&parent)?;
    leftovers::remove_abandoned(&parent, &out);
    if found == Found::CutShort {
        lock = None;
        leftovers::remove_marker_last(&spare).map_err(|e| Error::io("remove", &spare, e))?;
    }
    if !spare.exists() {
        fsutil::create_dir_all(&spare)?;
        // The marker comes first, so a folder left by a kill is recognisably ours.
        fsutil::write(&spare.join(MARKER), MARKER_TEXT)?;
        lock = leftovers::lock_while_writing(&spare).map_err(|()| busy(&spare, &out))?;
    }
    let fresh = found != Found::Spare;
    let update = spare::Update::start(&spare, checked, &out, fresh)?;
    Ok(Writing { update, lock })
}

/// Runs `work`, its parallel parts included, on one thread of its own that takes only the
/// CPU the build leaves idle, on Linux: while the build checks and renders on every core,
/// opening the spare waits; it runs while the site-wide pages are finished on one. A build
/// that needs the spare before then waits for it, which frees a core for it.
fn in_the_background<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "daybrief-spare".into())
        .start_handler(|_| lower_priority())
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// The lowest priority for this thread (on Linux a thread has a priority of its own).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::nice(19);
}

/// The spare as opened, before anything was written.
pub(super) struct Opened {
    pub(super) out: PathBuf,
    pub(super) parent: PathBuf,
    pub(super) spare: PathBuf,
    /// Held while the spare is written, so two builds never write it at once.
    pub(super) lock: Option<File>,
    pub(super) found: Found,
    pub(super) checked: Checked,
}

/// What was found beside the site where the spare goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// No spare: the build makes one.
    Nothing,
    /// A spare with a readable manifest, checked.
    Spare,
    /// A spare with no manifest, left by an update cut short: what it holds is unknown, so it
    /// starts afresh.
    CutShort,
}

/// What an update of the spare starts from: the spare's files found as its manifest lists
/// them, the live site as checked, and the spare's folders whose entries the records know.
pub(super) struct Checked {
    pub(super) had: Inventory,
    pub(super) live: LiveSite,
    pub(super) known: KnownFolders,
}

/// Locks and checks the spare beside `out`, writing nothing.
fn open(out: PathBuf, live: LiveSite) -> Result<Opened, Error> {
    refuse_foreign_folder(&out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let spare = spare::spare_path(&parent, &out);
    let mut lock = None;
    let mut had = None;
    let present = spare.exists() || spare.is_symlink();
    if present {
        if !spare.is_dir() || spare.is_symlink() || !is_replaceable(&spare)? {
            return Err(Error::Refused(format!(
                "refusing to use `{}` as the spare copy of the site: it is not a folder daybrief made. Move it away",
                spare.display()
            )));
        }
        lock = leftovers::lock_while_writing(&spare).map_err(|()| busy(&spare, &out))?;
        had = spare::inventory(&spare);
    }
    let (found, checked) = match had {
        Some(had) => (Found::Spare, check(&spare, had, live)),
        None => {
            let found = if present {
                Found::CutShort
            } else {
                Found::Nothing
            };
            let checked = Checked {
                had: Inventory::default(),
                live,
                known: KnownFolders::default(),
            };
            (found, checked)
        }
    };
    Ok(Opened {
        out,
        parent,
        spare,
        lock,
        found,
        checked,
    })
}

/// The spare's files that still hold what its manifest lists, and its folders whose entries
/// the records know.
fn check(tree: &Path, mut had: Inventory, live: LiveSite) -> Checked {
    let (damaged, known) = live.records.check_spare(tree, &had, &live.files);
    had.retain(|path, _| !damaged.contains(path));
    Checked { had, live, known }
}

#[cfg(test)]
mod tests {
    use super::super::{HELD_WHILE_OPENING, Publisher};
    use super::*;
    use crate::render::{FileRecord, OutputFile};

    #[test]
    fn days_rendered_while_the_spare_opens_are_held_then_placed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        let (go, ready) = std::sync::mpsc::channel();
        let publisher = Publisher::begin(&out, Opening::when(ready, out.clone()));
        let page = OutputFile {
            path: "2025/01/01/index.html".into(),
            bytes: b"day".to_vec(),
        };
        let put = || {
            let record = FileRecord::of(&page);
            publisher.put_unit(std::slice::from_ref(&page), std::slice::from_ref(&record))
        };
        for _ in 0..HELD_WHILE_OPENING {
            assert!(!put().unwrap(), "held while the spare opens");
        }
        let spare = spare::spare_path(root.path(), &out);
        assert!(
            !spare.exists(),
            "nothing is written before the spare is opened"
        );
        go.send(()).unwrap();
        assert!(put().unwrap(), "placed once the spare is opened");
        let placed = std::fs::read(spare.join("2025/01/01/index.html")).unwrap();
        assert_eq!(placed, b"day");
    }
}
