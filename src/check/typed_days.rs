//! Days typed before, kept in memory by `serve`: a save changes one file, and typing every
//! other day again would cost most of a rebuild. A day is reused when its file has the same
//! bytes and the publication and schemas that typed it are unchanged; what typing it said
//! (its warnings) is reused with it, so a rebuild reports exactly what a fresh one would.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use crate::archive::Day;
use crate::error::Diagnostic;
use crate::load::Inputs;

/// Typed days by file path.
#[derive(Debug, Default)]
pub struct TypedDays {
    by_path: Mutex<HashMap<PathBuf, Entry>>,
    /// How many days were reused, over all runs.
    reused: AtomicUsize,
}

#[derive(Debug)]
struct Entry {
    /// The SHA-256 of the file's bytes.
    digest: [u8; 32],
    /// What typed it: see [`basis`].
    basis: [u8; 32],
    day: Arc<Day>,
    /// What parsing, the chart declarations and typing said about it (warnings only: a day
    /// with errors is not kept).
    said: Vec<Diagnostic>,
}

/// The digest of what typing a day depends on besides its own file: the publication (its
/// statuses, entities, charts and appendices) and the table schemas.
pub fn basis(inputs: &Inputs) -> [u8; 32] {
    let mut hasher = Sha256::new();
    let mut part = |name: &str, bytes: &[u8]| {
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    part("publication", inputs.publication.text.as_bytes());
    for (id, schema) in &inputs.schemas {
        part(id, schema.text.as_bytes());
    }
    for id in &inputs.broken_schemas {
        part(id, b"broken");
    }
    hasher.finalize().into()
}

impl TypedDays {
    /// The day typed from the file at `path` with these bytes and this basis, and what typing
    /// it said; `None` when it was not typed so.
    pub fn get(
        &self,
        path: &Path,
        digest: &[u8; 32],
        basis: &[u8; 32],
    ) -> Option<(Arc<Day>, Vec<Diagnostic>)> {
        let entries = self.lock();
        let entry = entries.get(path)?;
        let same = entry.digest == *digest && entry.basis == *basis;
        same.then(|| {
            self.reused.fetch_add(1, Ordering::Relaxed);
            (entry.day.clone(), entry.said.clone())
        })
    }

    /// How many days were reused so far, over all runs.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Keeps a day typed without errors, with what typing it said.
    pub fn put(&self, path: &Path, basis: &[u8; 32], day: &Arc<Day>, said: &[Diagnostic]) {
        let entry = Entry {
            digest: day.digest,
            basis: *basis,
            day: day.clone(),
            said: said.to_vec(),
        };
        self.lock().insert(path.to_path_buf(), entry);
    }

    /// Forgets every file but `paths` (a file deleted, or now with errors).
    pub fn keep_only(&self, paths: &BTreeSet<&Path>) {
        self.lock().retain(|path, _| paths.contains(path.as_path()));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Entry>> {
        self.by_path.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
