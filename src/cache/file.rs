//! The cache file: a magic line, the fingerprint of the program that wrote it, the CRC-32 of
//! the payload, then the payload in `postcard` (a compact, schema-less binary serde format).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Key;
use crate::error::{Diagnostic, Severity};
use crate::sealed;

const MAGIC: &[u8] = b"daybrief findings cache 3\n";

/// A cache file larger than this is not read (an archive of ten years keeps a few MB).
const MAX_BYTES: u64 = 256 << 20;

/// The entries by date.
pub(super) type Entries = BTreeMap<NaiveDate, (Key, Vec<Diagnostic>)>;

/// What the file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Contents {
    /// The rules' findings by date.
    pub entries: Entries,
    /// The last build's input digest and the warnings it reported besides the entries'
    /// findings.
    pub last_build: Option<(String, Vec<Diagnostic>)>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    entries: Vec<StoredEntry>,
    last_build: Option<(String, Vec<StoredDiagnostic>)>,
}

#[derive(Serialize, Deserialize)]
struct StoredEntry {
    /// Days since 1 January of year 1.
    date: i32,
    key: Key,
    findings: Vec<StoredDiagnostic>,
}

/// Every field of a [`Diagnostic`], the source line included: a kept finding prints exactly
/// as a fresh one.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredDiagnostic {
    error: bool,
    file: String,
    line: u64,
    column: u64,
    end_column: u64,
    message: String,
    expected: String,
    hint: Option<String>,
    rule: Option<String>,
    source_line: Option<String>,
    source_shift: u64,
}

/// The entries of the file at `path`: `None` when there is no file, `Err` with why when there
/// is one that cannot be used.
pub(super) fn read(path: &Path) -> Result<Option<Contents>, String> {
    let Some(bytes) = sealed::read(path, MAX_BYTES)? else {
        return Ok(None);
    };
    let payload = sealed::unseal(MAGIC, &bytes, "a daybrief findings cache")?;
    let stored: Stored =
        postcard::from_bytes(payload).map_err(|e| format!("it cannot be decoded ({e})"))?;
    let mut entries = Entries::new();
    for entry in stored.entries {
        let date = NaiveDate::from_num_days_from_ce_opt(entry.date)
            .ok_or("it holds a date that does not exist")?;
        let findings = entry.findings.into_iter().map(Diagnostic::from).collect();
        entries.insert(date, (entry.key, findings));
    }
    let last_build = stored
        .last_build
        .map(|(inputs, warnings)| (inputs, warnings.into_iter().map(Diagnostic::from).collect()));
    Ok(Some(Contents {
        entries,
        last_build,
    }))
}

/// Writes `contents` to `path`, through `<path>.partial` so that a kill leaves the old file or
/// the new one (and at most a partial file, which the next build overwrites). A day whose
/// findings name a file that is not UTF-8 is left out (found again), and so is such a build's
/// report.
pub(super) fn write(path: &Path, contents: &Contents) -> Result<(), String> {
    let entries = contents
        .entries
        .iter()
        .filter_map(|(date, (key, findings))| {
            Some(StoredEntry {
                date: chrono::Datelike::num_days_from_ce(date),
                key: *key,
                findings: stored(findings)?,
            })
        })
        .collect();
    let last_build = contents
        .last_build
        .as_ref()
        .and_then(|(inputs, warnings)| Some((inputs.clone(), stored(warnings)?)));
    let stored = Stored {
        entries,
        last_build,
    };
    let sealed = sealed::seal_with::<String>(MAGIC, 0, |bytes| {
        *bytes = postcard::to_extend(&stored, std::mem::take(bytes)).map_err(|e| e.to_string())?;
        Ok(())
    })?;
    sealed::write(path, &sealed)
}

/// `findings` as stored; `None` when one names a file whose path is not UTF-8.
pub(crate) fn stored(findings: &[Diagnostic]) -> Option<Vec<StoredDiagnostic>> {
    findings
        .iter()
        .map(StoredDiagnostic::try_from)
        .collect::<Result<Vec<_>, ()>>()
        .ok()
}

impl TryFrom<&Diagnostic> for StoredDiagnostic {
    type Error = ();

    fn try_from(d: &Diagnostic) -> Result<Self, ()> {
        Ok(StoredDiagnostic {
            error: d.severity == Severity::Error,
            file: d.file.to_str().ok_or(())?.to_owned(),
            line: d.line as u64,
            column: d.column as u64,
            end_column: d.end_column as u64,
            message: d.message.clone(),
            expected: d.expected.clone(),
            hint: d.hint.clone(),
            rule: d.rule.clone(),
            source_line: d.source_line.clone(),
            source_shift: d.source_shift as u64,
        })
    }
}

impl From<StoredDiagnostic> for Diagnostic {
    fn from(d: StoredDiagnostic) -> Self {
        Diagnostic {
            severity: if d.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            file: PathBuf::from(d.file),
            line: d.line as usize,
            column: d.column as usize,
            end_column: d.end_column as usize,
            message: d.message,
            expected: d.expected,
            hint: d.hint,
            rule: d.rule,
            source_line: d.source_line,
            source_shift: d.source_shift as usize,
        }
    }
}
