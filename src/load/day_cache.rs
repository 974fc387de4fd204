//! Day files parsed before, reused when their bytes are the same. Parsing YAML is most of what
//! reading an archive costs (a real-size day is 60–200 KB of it), and a build changes one or
//! two days: so `serve` keeps the parsed days in memory, and `build` keeps them in a folder
//! beside the site ([`DayCache::beside`]), one file per day file, named by the SHA-256 of this
//! program, the file's path and its bytes. A build reads the entries of the files it finds,
//! parses only the others and writes their entries; a successful build then deletes the
//! entries no file uses any more, and a failed one takes back those it wrote. An entry that cannot be used (cut short, damaged, from
//! another version) is ignored with a note and its file parsed again: the output never
//! depends on the cache.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use sha2::{Digest, Sha256};

use super::{Loaded, MAX_FILE_BYTES, parse_digested};
use crate::error::Report;
use crate::ident::{hex, renderer_fingerprint};
use crate::model::day::DayFile;
use crate::{sealed, yaml};

const MAGIC: &[u8] = b"daybrief parsed day 1\n";

/// The magic line of an outline entry (see [`DayCache::outline`]).
const OUTLINE_MAGIC: &[u8] = b"daybrief day outline 1\n";

/// The bytes of a day file and the day parsed from them.
type ParsedBytes = (Vec<u8>, Loaded<DayFile>);

/// Day files parsed before: in memory, and in a folder when the cache has one.
#[derive(Debug, Default)]
pub struct DayCache {
    /// By path: the bytes parsed and the day they gave (`serve`).
    by_path: Mutex<HashMap<PathBuf, ParsedBytes>>,
    /// The folder of entries, for `build`.
    store: Option<Store>,
}

#[derive(Debug)]
struct Store {
    dir: PathBuf,
    /// The names of the entries of this build's files.
    used: Mutex<BTreeSet<String>>,
    /// Why entries were ignored.
    ignored: Mutex<Vec<String>>,
    /// Why outline entries were ignored.
    ignored_outlines: Mutex<Vec<String>>,
    /// Why an entry could not be written, the first time.
    unwritten: Mutex<Option<String>>,
    /// The entries this build wrote, and whether it made the folder: taken back when the
    /// build fails (see `Drop`), so that a failed build leaves the disk as it found it.
    written: Mutex<(Vec<PathBuf>, bool)>,
    /// Whether the build succeeded ([`DayCache::write`] was called).
    kept: std::sync::atomic::AtomicBool,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl DayCache {
    /// A cache kept in the folder beside the site `out` (see [`DayCache::folder_for`]).
    pub fn beside(out: &Path) -> DayCache {
        DayCache {
            by_path: Mutex::default(),
            store: Some(Store {
                dir: Self::folder_for(out),
                used: Mutex::default(),
                ignored: Mutex::default(),
                ignored_outlines: Mutex::default(),
                unwritten: Mutex::default(),
                written: Mutex::default(),
                kept: std::sync::atomic::AtomicBool::new(false),
            }),
        }
    }

    /// The folder of the site `out`'s parsed days: beside the site, like the findings cache,
    /// so that the site stays the same bytes and a swap of the site never carries it along.
    pub fn folder_for(out: &Path) -> PathBuf {
        crate::fsutil::beside(out, "days")
    }

    /// The day file at `path` with these bytes, parsed, or taken from the cache when its
    /// bytes are those of an earlier parse; what parsing it found goes into `report`.
    pub(super) fn parse(
        &self,
        path: &Path,
        bytes: Vec<u8>,
        digest: [u8; 32],
        report: &mut Report,
    ) -> Option<Loaded<DayFile>> {
        if let Some((cached, day)) = lock(&self.by_path).get(path)
            && *cached == bytes
        {
            return Some(day.clone());
        }
        let Some(store) = &self.store else {
            let day = parse_digested::<DayFile>(path, &bytes, digest, report);
            match &day {
                Some(day) => lock(&self.by_path).insert(path.to_path_buf(), (bytes, day.clone())),
                None => lock(&self.by_path).remove(path),
            };
            return day;
        };
        let name = entry_name(path, &digest);
        if let Some(day) = store.read(&name, path, &bytes, digest) {
            lock(&store.used).insert(name);
            return Some(day);
        }
        let day = parse_digested::<DayFile>(path, &bytes, digest, report);
        if let Some(day) = &day {
            // Written now, not held until the build ends: at a full build they are as large
            // as the archive. A build that fails takes them back (`Drop for Store`).
            if let Err(why) = store.put(&name, &day.value) {
                lock(&store.unwritten).get_or_insert(why);
            }
            lock(&store.used).insert(name);
        }
        day
    }

    /// The outline kept for the file at `path` with these bytes, typed on `basis`, decoded by
    /// `decode`; `None` when the folder has none (or only one that cannot be used: why is kept
    /// for [`DayCache::note`]). A day outline is what check keeps of a typed day that no page
    /// of a build renders (`check::outlines`); it is stored beside the parsed day, and the
    /// parsed day's entry is kept for when the day is needed in full.
    pub fn outline<T>(
        &self,
        path: &Path,
        digest: &[u8; 32],
        basis: &[u8; 32],
        decode: impl FnOnce(&[u8]) -> Result<T, String>,
    ) -> Option<T> {
        let store = self.store.as_ref()?;
        let name = outline_name(path, digest, basis);
        let entry = store.dir.join(&name);
        let decoded = sealed::read(&entry, MAX_FILE_BYTES as u64).and_then(|stored| {
            let Some(stored) = stored else {
                return Ok(None);
            };
            decode(sealed::unseal(OUTLINE_MAGIC, &stored, "a day outline")?).map(Some)
        });
        match decoded {
            Ok(Some(value)) => {
                let mut used = lock(&store.used);
                used.insert(name);
                used.insert(entry_name(path, digest));
                Some(value)
            }
            Ok(None) => None,
            Err(why) => {
                lock(&store.ignored_outlines).push(format!("{why} (entry {name})"));
                // Written again once the day is typed.
                let _ = std::fs::remove_file(&entry);
                None
            }
        }
    }

    /// Keeps `payload` as the outline of the file at `path` with these bytes, typed on `basis`
    /// (unless the folder has it already). Only a cache with a folder keeps outlines.
    pub fn put_outline(&self, path: &Path, digest: &[u8; 32], basis: &[u8; 32], payload: &[u8]) {
        let Some(store) = &self.store else {
            return;
        };
        let name = outline_name(path, digest, basis);
        if !store.dir.join(&name).is_file()
            && let Err(why) = store.put_sealed(&name, OUTLINE_MAGIC, payload)
        {
            lock(&store.unwritten).get_or_insert(why);
        }
        lock(&store.used).insert(name);
    }

    /// Whether outlines can be kept: the cache has a folder (`build`, not `serve`).
    pub fn keeps_outlines(&self) -> bool {
        self.store.is_some()
    }

    /// A note for each kind of entry of the folder that could not be used: parsed days, then
    /// outlines.
    pub fn notes(&self) -> Vec<String> {
        let Some(store) = self.store.as_ref() else {
            return Vec::new();
        };
        let kinds = [
            (
                &store.ignored,
                ["entry", "entries"],
                ["its file was", "their files were"],
                "parsed",
            ),
            (
                &store.ignored_outlines,
                ["day outline", "day outlines"],
                ["its day was", "their days were"],
                "typed",
            ),
        ];
        kinds
            .into_iter()
            .filter_map(|(ignored, entries, files, again)| {
                let ignored = lock(ignored);
                let why = ignored.first()?;
                let plural = usize::from(ignored.len() != 1);
                Some(format!(
                    "ignored {} {} of the parsed-day cache {}: {why}; {} {again} again",
                    ignored.len(),
                    entries[plural],
                    store.dir.display(),
                    files[plural],
                ))
            })
            .collect()
    }

    /// Deletes the entries no file of this build used; a note when an entry could not be
    /// written or the folder could not be kept.
    pub fn write(&self) -> Option<String> {
        let store = self.store.as_ref()?;
        store.kept.store(true, std::sync::atomic::Ordering::SeqCst);
        let why = lock(&store.unwritten)
            .clone()
            .map_or_else(|| store.delete_unused(), Err);
        why.err().map(|why| {
            format!(
                "could not keep the parsed-day cache {}: {why}",
                store.dir.display()
            )
        })
    }
}

/// The name of the outline entry of the file at `path` whose bytes have this SHA-256, typed on
/// `basis`.
fn outline_name(path: &Path, digest: &[u8; 32], basis: &[u8; 32]) -> String {
    let mut hasher = Sha256::new();
    for part in [
        renderer_fingerprint().as_bytes(),
        b"outline",
        basis,
        path.to_string_lossy().as_bytes(),
        digest,
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

/// The name of the entry of the file at `path` whose bytes have this SHA-256.
fn entry_name(path: &Path, digest: &[u8; 32]) -> String {
    let mut hasher = Sha256::new();
    for part in [
        renderer_fingerprint().as_bytes(),
        path.to_string_lossy().as_bytes(),
        digest,
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

impl Store {
    /// The day kept under `name` for the file at `path` with these bytes; `None` (with why
    /// in `ignored`) when there is no usable entry.
    fn read(
        &self,
        name: &str,
        path: &Path,
        bytes: &[u8],
        digest: [u8; 32],
    ) -> Option<Loaded<DayFile>> {
        let entry = self.dir.join(name);
        let decoded = sealed::read(&entry, MAX_FILE_BYTES as u64 * 4).and_then(|stored| {
            let Some(stored) = stored else {
                return Ok(None);
            };
            let payload = sealed::unseal(MAGIC, &stored, "a parsed day")?;
            rmp_serde::from_slice::<DayFile>(payload)
                .map(Some)
                .map_err(|e| format!("it cannot be decoded ({e})"))
        });
        let value = match decoded {
            Ok(value) => value?,
            Err(why) => {
                lock(&self.ignored).push(format!("{why} (entry {name})"));
                return None;
            }
        };
        // The same bytes decoded without error before: they need no checking again.
        let text = yaml::decode_checked_text(bytes)?;
        Some(Loaded {
            path: path.to_path_buf(),
            text,
            digest,
            value,
        })
    }

    /// Writes the entry `name` for `day`.
    fn put(&self, name: &str, day: &DayFile) -> Result<(), String> {
        let payload = rmp_serde::to_vec(day).map_err(|e| e.to_string())?;
        self.put_sealed(name, MAGIC, &payload)
    }

    /// Writes the entry `name`: `payload` sealed under `magic`.
    fn put_sealed(&self, name: &str, magic: &[u8], payload: &[u8]) -> Result<(), String> {
        let entry = self.dir.join(name);
        {
            let mut written = lock(&self.written);
            if !self.dir.is_dir() {
                std::fs::create_dir(&self.dir).map_err(|e| e.to_string())?;
                written.1 = true;
            }
            written.0.push(entry.clone());
        }
        let done = sealed::write(&entry, &sealed::seal(magic, payload));
        if done.is_err() {
            let _ = std::fs::remove_file(sealed::partial_path(&entry));
        }
        done
    }

    fn delete_unused(&self) -> Result<(), String> {
        let used = lock(&self.used);
        let Ok(found) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        for found in found {
            let found = found.map_err(|e| e.to_string())?;
            let name = found.file_name().to_string_lossy().into_owned();
            // Only what a cache writes: entries and partial entries.
            let stem = name.strip_suffix(".partial").unwrap_or(&name);
            let ours = stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit());
            if ours && (stem.len() != name.len() || !used.contains(&name)) {
                std::fs::remove_file(found.path()).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }
}

/// A build that failed takes back the entries it wrote (and the folder, if it made it): the
/// disk is left as the build found it, as the site is.
impl Drop for Store {
    fn drop(&mut self) {
        if self.kept.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let (entries, made_folder) = &*lock(&self.written);
        for entry in entries {
            let _ = std::fs::remove_file(entry);
        }
        if *made_folder {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_bytes;

    /// Every day file of the repository that parses: read back from its entry, it is the same
    /// day, every line and column included.
    #[test]
    fn an_entry_gives_back_exactly_the_parsed_day() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for folder in ["content", "examples", "tests/fixtures"] {
            for file in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
                let file = file.expect("walk the repository");
                let path = file.path();
                let is_day = path.extension().is_some_and(|e| e == "yaml")
                    && crate::day_path::date_from_path(path).is_some();
                if !is_day {
                    continue;
                }
                let bytes = std::fs::read(path).expect("read a day file");
                let Some(parsed) = parse_bytes::<DayFile>(path, &bytes, &mut Report::default())
                else {
                    continue;
                };
                let payload = rmp_serde::to_vec(&parsed.value).expect("encode");
                let decoded: DayFile = rmp_serde::from_slice(&payload).expect("decode");
                assert_eq!(
                    format!("{decoded:?}"),
                    format!("{:?}", parsed.value),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 45, "only {checked} day files were read back");
    }

    #[test]
    fn entries_are_named_by_path_and_bytes() {
        let a = entry_name(Path::new("content/2025/09/22.yaml"), &[1; 32]);
        assert_eq!(a.len(), 64);
        assert_ne!(
            a,
            entry_name(Path::new("content/2025/09/23.yaml"), &[1; 32])
        );
        assert_ne!(
            a,
            entry_name(Path::new("content/2025/09/22.yaml"), &[2; 32])
        );
    }
}
