//! The cache file: a magic line, the fingerprint of the program that wrote it, the CRC-32 of
//! the payload, then the payload in `postcard` (a compact, schema-less binary serde format).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::Key;
use crate::error::{Diagnostic, Listed, Severity, Unlisted, list_or_count, unlisted_date};
use crate::sealed;

const MAGIC: &[u8] = b"daybrief findings cache 4\n";

/// A cache file larger than this is not read (an archive of ten years keeps a few MB).
const MAX_BYTES: u64 = 256 << 20;

/// The entries by date.
pub(super) type Entries = BTreeMap<NaiveDate, (Key, Found)>;

/// A date's findings: found by this build, or kept as the file held them, their texts named
/// by number, until they are read (24,000 findings at 1,000 real-size days took 24 MB as
/// diagnostics, a fifth of that as numbers).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Found {
    /// Found by this build.
    Fresh(Vec<Diagnostic>),
    /// Read from the file; their texts are [`Contents::texts`].
    Kept(Vec<NumberedDiagnostic>),
}

impl Found {
    /// The findings, as diagnostics.
    pub fn diagnostics<'a>(&'a self, texts: &'a [String]) -> impl Iterator<Item = Diagnostic> + 'a {
        let (fresh, kept) = match self {
            Found::Fresh(found) => (&found[..], &[][..]),
            Found::Kept(found) => (&[][..], &found[..]),
        };
        (fresh.iter().cloned()).chain(kept.iter().map(|d| d.diagnostic(texts)))
    }

    /// Adds the findings `listed` lists to `found`, as diagnostics, and counts the others in
    /// `unlisted` (see [`crate::error::unlisted_date`]); only those listed are made
    /// diagnostics again.
    pub fn split(
        &self,
        texts: &[String],
        listed: Listed,
        found: &mut Vec<Diagnostic>,
        unlisted: &mut Unlisted,
    ) {
        match self {
            Found::Fresh(fresh) => {
                let listed = fresh.iter().filter(|d| list_or_count(d, listed, unlisted));
                found.extend(listed.cloned());
            }
            Found::Kept(kept) => {
                // A day's findings are about one file or a few: its date is read once.
                let mut last: Option<(u32, Severity, Option<NaiveDate>)> = None;
                for d in kept {
                    let severity = d.severity();
                    let date = match last {
                        Some((file, was, date)) if file == d.file && was == severity => date,
                        _ => {
                            let file = texts.get(d.file as usize).map_or("", String::as_str);
                            let date = unlisted_date(Path::new(file), severity, listed);
                            last = Some((d.file, severity, date));
                            date
                        }
                    };
                    match date {
                        Some(date) => *unlisted.entry(date).or_default() += 1,
                        None => found.push(d.diagnostic(texts)),
                    }
                }
            }
        }
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        match self {
            Found::Fresh(found) => found.iter().filter(|d| d.severity == severity).count(),
            Found::Kept(found) => (found.iter())
                .filter(|d| d.error == (severity == Severity::Error))
                .count(),
        }
    }
}

/// What the file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Contents {
    /// The rules' findings by date.
    pub entries: Entries,
    /// The texts the kept findings name by number: those of the file they were read from.
    pub texts: Arc<Vec<String>>,
    /// The last build's input digest and the warnings it reported besides the entries'
    /// findings.
    pub last_build: Option<(String, Vec<Diagnostic>)>,
}

/// The file's payload: every distinct text once (a day's findings repeat the texts and source
/// lines of the day before), then the findings naming their texts by number.
#[derive(Deserialize)]
struct Stored {
    texts: Vec<String>,
    entries: Vec<StoredEntry>,
    last_build: Option<(String, Vec<NumberedDiagnostic>)>,
}

/// [`Stored`] as written, borrowing the texts.
#[derive(Serialize)]
struct Written<'a> {
    texts: Vec<&'a str>,
    entries: Vec<StoredEntry>,
    last_build: Option<(&'a str, Vec<NumberedDiagnostic>)>,
}

#[derive(Serialize, Deserialize)]
struct StoredEntry {
    /// Days since 1 January of year 1.
    date: i32,
    key: Key,
    findings: Vec<NumberedDiagnostic>,
}

/// Every field of a [`Diagnostic`], the source line included (a kept finding prints exactly
/// as a fresh one), each text by its number in the file's texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct NumberedDiagnostic {
    error: bool,
    file: u32,
    line: u64,
    column: u64,
    end_column: u64,
    message: u32,
    expected: u32,
    hint: Option<u32>,
    rule: Option<u32>,
    source_line: Option<u32>,
    source_shift: u64,
}

/// The texts of a file being written, each once, by number.
#[derive(Default)]
struct Texts<'a> {
    list: Vec<&'a str>,
    numbers: FxHashMap<&'a str, u32>,
}

/// A kept text not numbered yet in the file being written.
const UNNUMBERED: u32 = u32::MAX;

impl<'a> Texts<'a> {
    fn number(&mut self, text: &'a str) -> u32 {
        *self.numbers.entry(text).or_insert_with(|| {
            self.list.push(text);
            (self.list.len() - 1) as u32
        })
    }

    /// `found` with its texts numbered: kept findings are numbered again, from the `texts` they
    /// were read with; `renumbered` holds the new number of each of those texts once known
    /// ([`UNNUMBERED`] before), so each is looked up once, not once per finding (24,000
    /// findings name 140,000 texts at 1,000 real-size days). `None` when a finding names a
    /// file whose path is not UTF-8.
    fn found(
        &mut self,
        found: &'a Found,
        texts: &'a [String],
        renumbered: &mut [u32],
    ) -> Option<Vec<NumberedDiagnostic>> {
        let kept = match found {
            Found::Fresh(fresh) => return self.numbered(fresh),
            Found::Kept(kept) => kept,
        };
        let mut again = |n: u32| {
            let slot = &mut renumbered[n as usize];
            if *slot == UNNUMBERED {
                *slot = self.number(&texts[n as usize]);
            }
            *slot
        };
        let renumbered = kept
            .iter()
            .map(|d| NumberedDiagnostic {
                file: again(d.file),
                message: again(d.message),
                expected: again(d.expected),
                hint: d.hint.map(&mut again),
                rule: d.rule.map(&mut again),
                source_line: d.source_line.map(&mut again),
                ..*d
            })
            .collect();
        Some(renumbered)
    }

    /// `findings` with their texts numbered; `None` when one names a file whose path is not
    /// UTF-8.
    fn numbered(&mut self, findings: &'a [Diagnostic]) -> Option<Vec<NumberedDiagnostic>> {
        if findings.iter().any(|d| d.file.to_str().is_none()) {
            return None;
        }
        let mut numbered = Vec::with_capacity(findings.len());
        for d in findings {
            numbered.push(NumberedDiagnostic {
                error: d.severity == Severity::Error,
                file: self.number(d.file.to_str()?),
                line: d.line as u64,
                column: d.column as u64,
                end_column: d.end_column as u64,
                message: self.number(&d.message),
                expected: self.number(&d.expected),
                hint: d.hint.as_deref().map(|t| self.number(t)),
                rule: d.rule.as_deref().map(|t| self.number(t)),
                source_line: d.source_line.as_deref().map(|t| self.number(t)),
                source_shift: d.source_shift as u64,
            });
        }
        Some(numbered)
    }
}

impl NumberedDiagnostic {
    /// The finding, with its texts from `texts` (which [`NumberedDiagnostic::names_texts_of`]).
    fn diagnostic(&self, texts: &[String]) -> Diagnostic {
        let text = |n: u32| texts.get(n as usize).cloned().unwrap_or_default();
        Diagnostic {
            severity: self.severity(),
            file: PathBuf::from(text(self.file)),
            line: self.line as usize,
            column: self.column as usize,
            end_column: self.end_column as usize,
            message: text(self.message),
            expected: text(self.expected),
            hint: self.hint.map(text),
            rule: self.rule.map(text),
            source_line: self.source_line.map(text),
            source_shift: self.source_shift as usize,
        }
    }

    fn severity(&self) -> Severity {
        match self.error {
            true => Severity::Error,
            false => Severity::Warning,
        }
    }

    /// Whether every text it names is one of `count` texts.
    fn names_texts_of(&self, count: usize) -> bool {
        let named = [self.file, self.message, self.expected].into_iter();
        (named
            .chain(self.hint)
            .chain(self.rule)
            .chain(self.source_line))
        .all(|n| (n as usize) < count)
    }
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
    let count = stored.texts.len();
    let named = |found: &[NumberedDiagnostic]| {
        (found.iter().all(|d| d.names_texts_of(count)))
            .then_some(())
            .ok_or("it names a text it does not hold")
    };
    let mut entries = Entries::new();
    for entry in stored.entries {
        let date = NaiveDate::from_num_days_from_ce_opt(entry.date)
            .ok_or("it holds a date that does not exist")?;
        named(&entry.findings)?;
        entries.insert(date, (entry.key, Found::Kept(entry.findings)));
    }
    let last_build = match stored.last_build {
        Some((inputs, warnings)) => {
            named(&warnings)?;
            let warnings = warnings.iter().map(|d| d.diagnostic(&stored.texts));
            Some((inputs, warnings.collect()))
        }
        None => None,
    };
    Ok(Some(Contents {
        entries,
        texts: Arc::new(stored.texts),
        last_build,
    }))
}

/// The bytes of `contents` as the cache file holds them (written by `sealed::write`, through
/// `<path>.partial` so that a kill leaves the old file or the new one). A day whose findings
/// name a file that is not UTF-8 is left out (found again), and so is such a build's report.
pub(super) fn seal(contents: &Contents) -> Result<Vec<u8>, String> {
    let mut texts = Texts::default();
    let mut renumbered = vec![UNNUMBERED; contents.texts.len()];
    let mut entries = Vec::with_capacity(contents.entries.len());
    for (date, (key, found)) in &contents.entries {
        if let Some(findings) = texts.found(found, &contents.texts, &mut renumbered) {
            entries.push(StoredEntry {
                date: chrono::Datelike::num_days_from_ce(date),
                key: *key,
                findings,
            });
        }
    }
    let last_build = (contents.last_build.as_ref())
        .and_then(|(inputs, warnings)| Some((inputs.as_str(), texts.numbered(warnings)?)));
    let written = Written {
        texts: texts.list,
        entries,
        last_build,
    };
    sealed::seal_with::<String>(MAGIC, 0, |bytes| {
        *bytes = postcard::to_extend(&written, std::mem::take(bytes)).map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Every field of a [`Diagnostic`], the source line included, with its texts: what typing a
/// day said, as its outline keeps it (`check::outlines`).
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
