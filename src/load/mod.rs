//! Stage 1, **load**: the only stage that reads the content, templates and theme from disk.
//! Data in: a content folder. Data out: [`Inputs`], every file parsed, plus a report of the
//! files that could not be parsed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use sha2::Digest;
use walkdir::WalkDir;

use crate::defaults;
use crate::error::{Diagnostic, Error, Report};
use crate::fsutil;
use crate::model::publication::Publication;
use crate::model::schema::TableSchema;
use crate::yaml;

mod day_cache;
mod day_input;
mod files;
mod input_records;

pub use day_cache::DayCache;
pub use day_input::DayInput;

pub use files::input_digest;
use files::{
    MAX_THEME_FILE_BYTES, linked_outside, read_content, read_support_file, refuse_outside_link,
    yaml_files,
};
pub use input_records::InputRecords;

/// Largest content file accepted. A day file of the example publication is about 60 KB.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Where to read from.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The content folder (`content/`).
    pub content: PathBuf,
    /// User templates that override the built-in ones (`templates/`); may not exist.
    pub templates: PathBuf,
    /// Theme root (`themes/`); may not exist.
    pub themes: PathBuf,
}

impl Sources {
    /// The usual layout: `content/`, `templates/` and `themes/` side by side.
    pub fn beside(content: &Path) -> Sources {
        let root = content.parent().unwrap_or(Path::new(""));
        Sources {
            content: content.to_path_buf(),
            templates: root.join("templates"),
            themes: root.join("themes"),
        }
    }
}

/// A parsed file with the text it came from (kept for diagnostics).
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Path as found (relative to the working directory when the content path is).
    pub path: PathBuf,
    /// The file's text, BOM removed.
    pub text: String,
    /// The SHA-256 of the file's bytes: what the build's keys and ids hash instead of the text,
    /// so that each file is hashed once.
    pub digest: [u8; 32],
    /// The parsed value.
    pub value: T,
}

/// One template's text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Name used in `{% extends %}` and `{% include %}`: `report.html`.
    pub name: String,
    /// The template text.
    pub text: String,
    /// The user file it came from; `None` for a built-in template.
    pub path: Option<PathBuf>,
}

/// Everything the later stages need, read once.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The publication file.
    pub publication: Loaded<Publication>,
    /// Table schemas by id, sorted.
    pub schemas: Vec<(String, Loaded<TableSchema>)>,
    /// Ids of the schema files that could not be parsed (already reported).
    pub broken_schemas: Vec<String>,
    /// Day files in path order, read; the check stage parses them.
    pub days: Vec<DayInput>,
    /// Templates: built-in ones, replaced by user files of the same name.
    pub templates: Vec<TemplateSource>,
    /// Theme files by relative path.
    pub theme_files: Vec<(String, Vec<u8>)>,
}

/// Reads and parses everything. Parse errors of all files are collected into one report.
pub fn load(sources: &Sources) -> Result<Inputs, Error> {
    let loaded = load_all(sources)?;
    match loaded.inputs {
        Some(inputs) if loaded.report.error_count() == 0 => Ok(inputs),
        _ => Err(Error::Content(loaded.report)),
    }
}

/// What [`load_all`] read: the files that parsed, and the problems of those that did not.
#[derive(Debug, Clone)]
pub struct LoadOutcome {
    /// Everything that parsed; `None` when the publication file itself is unusable.
    pub inputs: Option<Inputs>,
    /// Parse errors and warnings of every file, sorted.
    pub report: Report,
}

/// Reads and parses every file, keeping the ones that parsed so that the later checks can still
/// run on them. Only an I/O failure is an `Err`.
pub fn load_all(sources: &Sources) -> Result<LoadOutcome, Error> {
    load_all_with(sources, None, None)
}

/// [`load_all`], reusing the day files of `cache` that did not change. A day file that
/// `recorded` holds a trusted digest of (see [`InputRecords`]) is not read now: only if its day
/// is parsed (a day loaded from its outline never is).
pub fn load_all_with(
    sources: &Sources,
    cache: Option<&Arc<DayCache>>,
    recorded: Option<&InputRecords>,
) -> Result<LoadOutcome, Error> {
    let mut report = Report::default();
    let publication_path = sources.content.join("publication.yaml");
    if refuse_outside_link(&sources.content, &publication_path, &mut report) {
        return Ok(LoadOutcome {
            inputs: None,
            report,
        });
    }
    let kind = fsutil::not_a_file(&publication_path);
    if let Some(kind) = kind.filter(|k| *k != "missing") {
        report.push(yaml::not_a_file(&publication_path, kind));
        return Ok(LoadOutcome {
            inputs: None,
            report,
        });
    }
    if kind.is_some() {
        report.push(
            Diagnostic::error(&publication_path, 0, 0, "the publication file is missing")
                .expected("content/publication.yaml with name, statuses and appendices")
                .hint("run daybrief in the folder that holds `content/`, or pass --content DIR"),
        );
        return Ok(LoadOutcome {
            inputs: None,
            report,
        });
    }
    let publication = parse_file::<Publication>(&publication_path, &mut report)?;
    let mut broken_schemas = Vec::new();
    let schemas = load_schemas(
        &sources.content.join("tables"),
        &mut broken_schemas,
        &mut report,
    )?;
    let mut days = load_days(&sources.content, &mut report, cache, recorded)?;
    if publication.is_none() {
        // No stage after this one will run: the day files' own errors are found here.
        for day in std::mem::take(&mut days) {
            report.diagnostics.extend(day.parse().1.diagnostics);
        }
    }
    let templates = load_templates(&sources.templates)?;
    let theme_files = match &publication {
        Some(p) => load_theme_checked(&sources.themes, p, &mut report)?,
        None => Vec::new(),
    };
    report.sort();
    Ok(LoadOutcome {
        inputs: publication.map(|publication| Inputs {
            publication,
            schemas,
            broken_schemas,
            days,
            templates,
            theme_files,
        }),
        report,
    })
}

/// The theme named by the publication. The name is a folder under `themes/`: it may not hold a
/// path, so that a publication file can never make the build read files from elsewhere.
fn load_theme_checked(
    themes: &Path,
    publication: &Loaded<Publication>,
    report: &mut Report,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let name = publication.value.theme.as_str();
    let (line, column) = key_position(&publication.text, "theme");
    let at = |message: String| {
        Diagnostic::error(&publication.path, line, column, message).with_source(&publication.text)
    };
    if !is_plain_name(name) {
        report.push(
            at(format!("theme `{name}` is not a plain folder name"))
                .expected("a folder name under themes/: letters, digits, `-` and `_`")
                .hint("themes are read from themes/<name>/ beside the content folder; paths are not allowed"),
        );
        return Ok(Vec::new());
    }
    let dir = themes.join(name);
    if !dir.is_dir() && name != "default" {
        report.push(
            at(format!("theme `{name}` not found"))
                .expected(format!("a folder {}", dir.display()))
                .hint("create the folder, or use `theme: default`"),
        );
        return Ok(Vec::new());
    }
    load_theme(&dir, name)
}

/// Whether `name` can be used as a single file or folder name: ASCII letters, digits, `-`, `_`.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Line and column of a top-level `key:` in a YAML text (1, 1 when absent).
fn key_position(text: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map_or((1, 1), |i| {
            let line = text.lines().nth(i).unwrap_or("");
            let value = line[prefix.len()..].len() - line[prefix.len()..].trim_start().len();
            (i + 1, prefix.chars().count() + value + 1)
        })
}

fn load_schemas(
    dir: &Path,
    broken: &mut Vec<String>,
    report: &mut Report,
) -> Result<Vec<(String, Loaded<TableSchema>)>, Error> {
    let mut schemas = Vec::new();
    if !dir.is_dir() {
        return Ok(schemas);
    }
    let root = dir.parent().unwrap_or(dir);
    for path in yaml_files(dir, 1)? {
        if refuse_outside_link(root, &path, report) {
            continue;
        }
        let id = file_stem(&path);
        match parse_file::<TableSchema>(&path, report)? {
            Some(schema) => schemas.push((id, schema)),
            None => broken.push(id),
        }
    }
    Ok(schemas)
}

fn load_days(
    content: &Path,
    report: &mut Report,
    cache: Option<&Arc<DayCache>>,
    recorded: Option<&InputRecords>,
) -> Result<Vec<DayInput>, Error> {
    let mut day_paths = Vec::new();
    // Deeper than day files, so that a day put one folder too deep is reported, not missed.
    for path in yaml_files(content, 6)? {
        let relative = path.strip_prefix(content).unwrap_or(&path);
        let depth = relative.components().count();
        if depth == 1 && relative == Path::new("publication.yaml") {
            continue;
        }
        if refuse_outside_link(content, &path, report) {
            continue;
        }
        if relative.starts_with("tables") {
            continue;
        }
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if depth != 3 || hidden {
            report.push(
                Diagnostic::warning(&path, 0, 0, "file ignored: not a day file")
                    .expected("day files live at content/YYYY/MM/DD.yaml")
                    .hint("move it to content/YYYY/MM/DD.yaml, or out of content/"),
            );
            continue;
        }
        day_paths.push(path);
    }
    // Read in parallel (each file hashed as it is read), gathered in path order.
    let read: Vec<Result<(Option<DayInput>, Report), Error>> = day_paths
        .par_iter()
        .map(|path| {
            let mut own = Report::default();
            if let Some(digest) = recorded.and_then(|r| r.trusted_digest(path)) {
                return Ok((Some(DayInput::unread(path, digest, cache.cloned())), own));
            }
            let bytes = read_content(path, &mut own)?;
            let day = bytes.map(|bytes| {
                let digest = sha2::Sha256::digest(&bytes).into();
                DayInput::read(path, bytes, digest, cache.cloned())
            });
            Ok((day, own))
        })
        .collect();
    let mut days = Vec::new();
    for result in read {
        let (day, own) = result?;
        report.diagnostics.extend(own.diagnostics);
        days.extend(day);
    }
    Ok(days)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads and parses one YAML file. A content problem goes into the report and gives `None`;
/// only an I/O failure is an `Err`.
fn parse_file<T: DeserializeOwned>(
    path: &Path,
    report: &mut Report,
) -> Result<Option<Loaded<T>>, Error> {
    Ok(read_content(path, report)?.and_then(|bytes| parse_bytes(path, &bytes, report)))
}

/// Parses the bytes of one content file, as read from `path`, in memory: size, encoding and
/// YAML are checked as for a file on disk. A problem goes into the report and gives `None`.
pub fn parse_bytes<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    report: &mut Report,
) -> Option<Loaded<T>> {
    parse_digested(path, bytes, sha2::Sha256::digest(bytes).into(), report)
}

/// [`parse_bytes`], for bytes whose SHA-256 is known.
fn parse_digested<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    digest: [u8; 32],
    report: &mut Report,
) -> Option<Loaded<T>> {
    let text = match yaml::decode_text(path, bytes, MAX_FILE_BYTES) {
        Ok(text) => text,
        Err(diagnostic) => {
            report.push(*diagnostic);
            return None;
        }
    };
    match yaml::parse::<T>(path, &text) {
        Ok(value) => Some(Loaded {
            path: path.to_path_buf(),
            text,
            digest,
            value,
        }),
        Err(diagnostic) => {
            report.push(*diagnostic);
            None
        }
    }
}

/// The templates compiled into the binary.
pub fn builtin_templates() -> Vec<TemplateSource> {
    defaults::TEMPLATES
        .iter()
        .map(|(name, text)| TemplateSource {
            name: name.to_string(),
            text: text.to_string(),
            path: None,
        })
        .collect()
}

fn load_templates(dir: &Path) -> Result<Vec<TemplateSource>, Error> {
    let mut templates = builtin_templates();
    if !dir.is_dir() {
        return Ok(templates);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("list", dir, e.into()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let name = template_name(dir, entry.path());
        let bytes = read_support_file(entry.path(), MAX_FILE_BYTES as u64)?;
        let source = TemplateSource {
            name,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            path: Some(entry.path().to_path_buf()),
        };
        match templates.iter_mut().find(|t| t.name == source.name) {
            Some(slot) => *slot = source,
            None => templates.push(source),
        }
    }
    Ok(templates)
}

fn template_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn load_theme(dir: &Path, name: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
    if !dir.is_dir() {
        if name == "default" {
            return Ok(defaults::THEME
                .iter()
                .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
                .collect());
        }
        return Err(Error::Refused(format!(
            "theme `{name}` not found: expected a folder {}",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("list", dir, e.into()))?;
        if !entry.file_type().is_dir() {
            files.push((
                template_name(dir, entry.path()),
                read_support_file(entry.path(), MAX_THEME_FILE_BYTES)?,
            ));
        }
    }
    Ok(files)
}

/// Day files under `content` with the date their path stands for, oldest first (a day's
/// editions in order, so the last of a date is its current edition).
pub fn day_paths(content: &Path) -> Result<Vec<(chrono::NaiveDate, PathBuf)>, Error> {
    let mut days: Vec<(chrono::NaiveDate, u32, PathBuf)> = yaml_files(content, 3)?
        .into_iter()
        .filter(|p| !linked_outside(content, p))
        .filter_map(|p| {
            let date = crate::day_path::date_from_path(&p)?;
            Some((date, crate::day_path::edition_from_path(&p)?, p))
        })
        .collect();
    days.sort();
    Ok(days.into_iter().map(|(d, _, p)| (d, p)).collect())
}

/// Reads one content file as text (for `daybrief new`).
pub fn read_text(path: &Path) -> Result<String, Error> {
    let mut report = Report::default();
    let Some(bytes) = read_content(path, &mut report)? else {
        return Err(Error::Content(report));
    };
    Ok(String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned())
}
