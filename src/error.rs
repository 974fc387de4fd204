//! Errors and diagnostics. A content problem becomes a [`Diagnostic`] that names the file,
//! line and column; everything else is an [`Error`] with its cause chained.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Findings by date: what the rules found about each day (see `cache`).
pub type DayFindings = std::collections::BTreeMap<chrono::NaiveDate, Vec<Diagnostic>>;

/// Whether a day's rule findings are already known (kept by the cache), so the rules skip it.
pub type Cached<'a> = &'a (dyn Fn(chrono::NaiveDate) -> bool + Sync);

/// Whether a report lists the warnings about the day file of a date in full.
pub type Listed<'a> = &'a dyn Fn(chrono::NaiveDate) -> bool;

/// Warnings a report counts instead of listing, by the date of the day file they are about.
pub type Unlisted = std::collections::BTreeMap<chrono::NaiveDate, usize>;

/// The date under which a finding about `file` is counted instead of listed; `None` when
/// `listed` lists it (errors and findings about no day file always are).
pub fn unlisted_date(file: &Path, severity: Severity, listed: Listed) -> Option<chrono::NaiveDate> {
    if severity == Severity::Error {
        return None;
    }
    crate::day_path::date_from_path(file).filter(|date| !listed(*date))
}

/// Whether `listed` lists `finding`; when not, it is counted in `unlisted` under its date.
pub fn list_or_count(finding: &Diagnostic, listed: Listed, unlisted: &mut Unlisted) -> bool {
    match unlisted_date(&finding.file, finding.severity, listed) {
        Some(date) => {
            *unlisted.entry(date).or_default() += 1;
            false
        }
        None => true,
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

/// One finding about the content, pointing at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as given on the command line (relative paths stay relative).
    #[serde(serialize_with = "lossy_path")]
    pub file: PathBuf,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub column: usize,
    /// The column just past the marked text, when known exactly; 0 when the marker covers the
    /// token at `column`.
    pub end_column: usize,
    /// What is wrong.
    pub message: String,
    /// What was expected, shown under the marker.
    pub expected: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
    /// The consistency rule that found it (`parts`, `figures`, …), shown as `warning[parts]`;
    /// `None` for problems of form (syntax, types, references).
    pub rule: Option<String>,
    /// The source line the marker points into (filled in by [`Diagnostic::with_source`]).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Characters of the line left out before `source_line` (a long line is shown cropped).
    #[serde(skip)]
    pub source_shift: usize,
}

impl Diagnostic {
    /// An error at a place in a file.
    pub fn error(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line,
            column,
            end_column: 0,
            message: crate::text::show_invisible(&message.into()).into_owned(),
            expected: String::new(),
            hint: None,
            rule: None,
            source_line: None,
            source_shift: 0,
        }
    }

    /// A warning at a place in a file.
    pub fn warning(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    /// Sets the "expected …" label.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = expected.into();
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(crate::text::show_invisible(&hint.into()).into_owned());
        self
    }

    /// Marks `chars` characters from the column, instead of the token there.
    pub fn width(mut self, chars: usize) -> Self {
        self.end_column = self.column + chars;
        self
    }

    /// Names the rule that found it.
    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    /// Attaches the text of the line the diagnostic points at.
    pub fn with_source(mut self, file_text: &str) -> Self {
        if self.line > 0
            && let Some(line) = file_text.lines().nth(self.line - 1)
        {
            let (shown, shift) = crop_around(line, self.column, self.end_column);
            self.source_line = Some(shown);
            self.source_shift = shift;
        }
        self
    }

    /// Renders in rustc style, without colour so the text is stable.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let mut title = level.primary_title(self.message.as_str());
        if let Some(rule) = &self.rule {
            title = title.id(rule.as_str());
        }
        let mut group = Group::with_title(title);
        match &self.source_line {
            Some(text) if self.line > 0 => {
                let column = self.column.saturating_sub(self.source_shift);
                let start = char_to_byte(text, column.saturating_sub(1));
                let end = if self.end_column > self.column {
                    char_to_byte(text, self.end_column - self.source_shift - 1)
                } else {
                    marker_end(text, start)
                };
                let snippet = Snippet::source(text.as_str())
                    .line_start(self.line)
                    .annotation(
                        AnnotationKind::Primary
                            .span(start..end)
                            .label(self.expected.as_str()),
                    );
                // A cropped line would give the column within the crop: the place is told apart.
                group = if self.source_shift == 0 {
                    group.element(snippet.path(path.as_str()))
                } else {
                    let at = format!("at {path}:{}:{}", self.line, self.column);
                    group.element(snippet).element(Level::NOTE.message(at))
                };
            }
            _ => {
                let location = if self.line > 0 {
                    format!("{path}:{}:{}", self.line, self.column)
                } else {
                    path.clone()
                };
                group = group.element(Level::NOTE.message(format!("in {location}")));
                if !self.expected.is_empty() {
                    group = group.element(Level::NOTE.message(self.expected.as_str()));
                }
            }
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        Renderer::plain().render(&[group]).to_string()
    }

    /// The short one-line form: `file:line:column: error: message`.
    pub fn one_line(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {kind}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// The longest line shown whole under a message; longer ones are cropped around the marker, so
/// a thousand findings on one long line cost a thousand short lines, not a thousand long ones.
const SHOWN_LINE_CHARS: usize = 2000;

/// `line` cropped to about [`SHOWN_LINE_CHARS`] around columns `column`..`end_column`, with "…"
/// where text was left out; and how many characters before the marker the crop removed.
fn crop_around(line: &str, column: usize, end_column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= SHOWN_LINE_CHARS {
        return (line.to_owned(), 0);
    }
    // Wider than any terminal: the renderer trims it further, keeping the true column.
    let marked = end_column.saturating_sub(column).min(SHOWN_LINE_CHARS / 2);
    let first = column
        .saturating_sub(1)
        .saturating_sub(SHOWN_LINE_CHARS / 4);
    let last = (column + marked + SHOWN_LINE_CHARS / 4).min(length);
    let mut shown: String = line.chars().skip(first).take(last - first).collect();
    if last < length {
        shown.push('…');
    }
    if first == 0 {
        return (shown, 0);
    }
    // "…" takes the place of one character.
    (format!("…{shown}"), first - 1)
}

/// A path in JSON output: a name that is not UTF-8 is shown with U+FFFD, never an error.
fn lossy_path<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

/// The marker covers the token at `start` (up to the next space or separator), at least one char.
fn marker_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    if let Some(quoted) = rest.strip_prefix('"')
        && let Some(close) = quoted.find('"')
    {
        return start + close + 2;
    }
    let len: usize = rest
        .char_indices()
        .find(|(i, c)| *i > 0 && (c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':')))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    if len == 0 {
        (start + rest.chars().next().map_or(0, char::len_utf8)).max(start)
    } else {
        start + len
    }
}

/// All findings of one run, errors first in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Takes results made in parallel, each with its own report, in order: keeps their
    /// findings in that order and returns the results.
    pub fn gather<T>(&mut self, per_item: Vec<(T, Report)>) -> Vec<T> {
        let mut items = Vec::with_capacity(per_item.len());
        for (item, own) in per_item {
            self.diagnostics.extend(own.diagnostics);
            items.push(item);
        }
        items
    }

    /// Adds a finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Moves the warnings `listed` does not list out of the report, counting them in
    /// `unlisted` by date.
    pub fn keep_listed(&mut self, listed: Listed, unlisted: &mut Unlisted) {
        self.diagnostics
            .retain(|d| list_or_count(d, listed, unlisted));
    }

    /// Sorts by file, line and column so output order does not depend on traversal order.
    pub fn sort(&mut self) {
        // Paths compare component by component, which made most of the time of sorting an
        // archive's 25,000 warnings: each file is ranked once, in the order of its path.
        let ranks: Vec<u32> = {
            let mut files: Vec<&Path> = self.diagnostics.iter().map(|d| d.file.as_path()).collect();
            files.sort_unstable();
            files.dedup();
            let rank: rustc_hash::FxHashMap<&Path, u32> = (files.iter().enumerate())
                .map(|(at, file)| (*file, at as u32))
                .collect();
            (self.diagnostics.iter())
                .map(|d| rank[d.file.as_path()])
                .collect()
        };
        let mut ranked: Vec<(u32, Diagnostic)> = ranks
            .into_iter()
            .zip(std::mem::take(&mut self.diagnostics))
            .collect();
        // Every field takes part, so the order never depends on the order findings were made
        // in (kept findings of the cache join fresh ones).
        ranked.sort_by(|(rank_a, a), (rank_b, b)| {
            (rank_a, a.line, a.column, a.severity, &a.message)
                .cmp(&(rank_b, b.line, b.column, b.severity, &b.message))
                .then_with(|| {
                    (a.end_column, &a.expected, &a.hint, &a.rule).cmp(&(
                        b.end_column,
                        &b.expected,
                        &b.hint,
                        &b.rule,
                    ))
                })
                .then_with(|| {
                    (&a.source_line, a.source_shift).cmp(&(&b.source_line, b.source_shift))
                })
        });
        self.diagnostics = ranked.into_iter().map(|(_, d)| d).collect();
        self.diagnostics.dedup();
    }

    /// Renders every finding followed by a summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.render());
            out.push_str("\n\n");
        }
        out.push_str(&format!(
            "{} error(s), {} warning(s)",
            self.error_count(),
            self.warning_count()
        ));
        out
    }
}

/// Anything that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content has errors; the report says where.
    #[error("{}", .0.render())]
    Content(Report),
    /// Warnings were found and `--deny-warnings` was given.
    #[error("{}\nwarnings are denied (--deny-warnings)", .0.render())]
    DeniedWarnings(Report),
    /// A file or directory could not be read or written.
    #[error("could not {action} `{}`", path.display())]
    Io {
        /// What we were doing.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying cause.
        #[source]
        source: std::io::Error,
    },
    /// A request that cannot be carried out (for example `new` on an existing day).
    #[error("{0}")]
    Refused(String),
}

impl Error {
    /// The same error again, for a second caller (an I/O error keeps its kind and message).
    pub fn again(&self) -> Self {
        match self {
            Error::Content(report) => Error::Content(report.clone()),
            Error::DeniedWarnings(report) => Error::DeniedWarnings(report.clone()),
            Error::Io {
                action,
                path,
                source,
            } => Error::Io {
                action,
                path: path.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            Error::Refused(text) => Error::Refused(text.clone()),
        }
    }

    /// An I/O error with its path.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

#[cfg(all(test, unix))]
mod json_tests {
    use super::*;

    #[test]
    fn a_file_name_that_is_not_utf8_still_gives_json() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"content/2025/08/1\xff.yaml"));
        let json = serde_json::to_string(&Diagnostic::error(path, 1, 1, "x")).unwrap();
        assert!(
            json.contains("\"file\":\"content/2025/08/1\u{FFFD}.yaml\""),
            "{json}"
        );
    }
}

#[cfg(test)]
mod tests;
