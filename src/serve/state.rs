//! What the server shows: the last good site, its build number, and the problem of the latest
//! build when it failed. A build swaps in a new [`Snapshot`]; requests read the current one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::{Diagnostic, Error, Severity};

/// A site in memory: path → bytes. The bytes are shared, so a rebuild that reuses a file does
/// not copy it.
pub type Files = HashMap<String, Arc<[u8]>>;

/// Files served ahead of the site they will be part of: path → bytes and the build that last
/// changed them (see [`Snapshot::file`]).
type Ahead = HashMap<String, (Arc<[u8]>, u64)>;

/// One consistent view of the site.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts successful builds; pages carry it, so a page from an older build reloads. 0: no
    /// build has succeeded yet.
    pub build: u64,
    /// The last good site: path → bytes.
    pub(super) files: Arc<Files>,
    /// The changed days' pages a build serves ahead of its site-wide pages, over `files`: path
    /// → bytes and the build that last changed them. Shared rather than merged into `files`,
    /// so serving them costs the few files changed, not a copy of the whole site.
    pub(super) ahead: Arc<Ahead>,
    /// For each file of `files`, the build that last changed its bytes: a page reloads only
    /// when it, or the theme, changed (a build in two steps changes a day's pages first and
    /// the site-wide pages next; a page of one reloads once).
    pub(super) versions: Arc<HashMap<String, u64>>,
    /// The build that last changed a file under `assets/` (the theme: every page shows it).
    pub theme: u64,
    /// Why the latest build failed; `None` when it succeeded.
    pub problem: Option<Arc<Problem>>,
}

/// A failed build, as shown in the browser overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// One entry per finding; an error without a place in a file has `line` 0.
    pub findings: Vec<Finding>,
}

/// One finding of a failed build.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: String,
    /// The file, as the build named it; empty when the error is not about one file.
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// What is wrong, one line.
    pub message: String,
    /// The full rustc-style text, as the terminal shows it.
    pub text: String,
}

impl Problem {
    /// The findings of a failed build.
    pub fn from_error(error: &Error) -> Problem {
        let findings = match error {
            // The errors are what stops the build; its warnings stay on the terminal.
            Error::Content(report) => report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(Finding::from)
                .collect(),
            Error::DeniedWarnings(report) => report.diagnostics.iter().map(Finding::from).collect(),
            Error::Io { path, .. } => vec![Finding::whole(error, path.display().to_string())],
            Error::Refused(_) => vec![Finding::whole(error, String::new())],
        };
        Problem { findings }
    }
}

impl From<&Diagnostic> for Finding {
    fn from(d: &Diagnostic) -> Finding {
        Finding {
            severity: d.severity.to_string(),
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            text: d.render(),
        }
    }
}

impl Finding {
    fn whole(error: &Error, file: String) -> Finding {
        let mut text = format!("error: {error}");
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(&format!("\n  caused by: {cause}"));
            source = cause.source();
        }
        Finding {
            severity: "error".into(),
            file,
            line: 0,
            column: 0,
            message: error.to_string(),
            text,
        }
    }
}

impl Snapshot {
    /// The bytes of the site file `path`.
    pub fn file(&self, path: &str) -> Option<&Arc<[u8]>> {
        match self.ahead.get(path) {
            Some((bytes, _)) => Some(bytes),
            None => self.files.get(path),
        }
    }

    /// The build that last changed the bytes of `path`, if the site has it.
    fn changed_in(&self, path: &str) -> Option<u64> {
        match self.ahead.get(path) {
            Some((_, version)) => Some(*version),
            None => self.versions.get(path).copied(),
        }
    }

    /// Whether `bytes` are those the site has at `path`.
    fn holds(&self, path: &str, bytes: &Arc<[u8]>) -> bool {
        self.file(path)
            .is_some_and(|old| Arc::ptr_eq(old, bytes) || old.as_ref() == bytes.as_ref())
    }

    /// The version of the site file `path` that a page shows (and carries in its live script):
    /// the build that last changed it or the theme; for a path the site does not have (the
    /// not-found page), the current build.
    pub fn version_of(&self, path: &str) -> u64 {
        self.changed_in(path)
            .map_or(self.build, |changed| changed.max(self.theme))
    }

    /// The state as JSON, for `/__daybrief/status.json` and the reload events, as seen by the
    /// page of the site file `page` (see [`Snapshot::version_of`]). One line: JSON escapes the
    /// newlines of the diagnostics, so it fits in one SSE `data:` field.
    pub fn status_json(&self, page: &str) -> String {
        let status = Status {
            build: self.build,
            page: self.version_of(page),
            ok: self.problem.is_none(),
            findings: self.problem.as_ref().map_or(&[][..], |p| &p.findings),
        };
        serde_json::to_string(&status).unwrap_or_default()
    }
}

/// What pages are told after each build.
#[derive(serde::Serialize)]
struct Status<'a> {
    build: u64,
    /// The version of the page asking: it reloads when this differs from its own.
    page: u64,
    ok: bool,
    findings: &'a [Finding],
}

/// The current snapshot, shared by the request threads and the build loop.
#[derive(Debug, Default)]
pub struct SiteState {
    current: Mutex<Arc<Snapshot>>,
}

impl SiteState {
    /// The snapshot to answer a request from.
    pub fn current(&self) -> Arc<Snapshot> {
        self.lock().clone()
    }

    /// A build succeeded: its files replace the site and the problem is cleared. Returns the
    /// new snapshot and the replaced one, which the caller drops once the pages are told: freeing
    /// a large site takes a moment that the reload need not wait for.
    pub fn succeeded(&self, files: Files) -> (Arc<Snapshot>, Arc<Snapshot>) {
        let mut current = self.lock();
        let build = current.build + 1;
        let mut theme = current.theme;
        let versions = files
            .iter()
            .map(|(path, bytes)| {
                let version = version_in(&current, build, path, bytes);
                if path.starts_with("assets/") && version == build {
                    theme = build;
                }
                (path.clone(), version)
            })
            .collect();
        let next = Arc::new(Snapshot {
            build,
            files: Arc::new(files),
            ahead: Arc::default(),
            versions: Arc::new(versions),
            theme,
            problem: None,
        });
        let previous = std::mem::replace(&mut *current, next.clone());
        (next, previous)
    }

    /// The first step of a build succeeded: `changed` (a day's pages) are served over the last
    /// good site, as a build of their own, until the whole site replaces them.
    pub fn ahead(&self, changed: impl IntoIterator<Item = (String, Arc<[u8]>)>) -> Arc<Snapshot> {
        let mut current = self.lock();
        let build = current.build + 1;
        let mut theme = current.theme;
        let mut ahead = (*current.ahead).clone();
        for (path, bytes) in changed {
            let version = version_in(&current, build, &path, &bytes);
            if path.starts_with("assets/") && version == build {
                theme = build;
            }
            ahead.insert(path, (bytes, version));
        }
        let next = Arc::new(Snapshot {
            build,
            files: current.files.clone(),
            ahead: Arc::new(ahead),
            versions: current.versions.clone(),
            theme,
            problem: None,
        });
        *current = next.clone();
        next
    }

    /// A build failed: the last good files stay, with the problem beside them.
    pub fn failed(&self, problem: Problem) -> Arc<Snapshot> {
        let mut current = self.lock();
        *current = Arc::new(Snapshot {
            build: current.build,
            files: current.files.clone(),
            ahead: current.ahead.clone(),
            versions: current.versions.clone(),
            theme: current.theme,
            problem: Some(Arc::new(problem)),
        });
        current.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Arc<Snapshot>> {
        // A panic elsewhere cannot leave the Arc half-written, so a poisoned lock is still usable.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The version of `path` with `bytes` in build `build`, which follows `current`: the one it
/// had when its bytes are the same, otherwise `build`.
fn version_in(current: &Snapshot, build: u64, path: &str, bytes: &Arc<[u8]>) -> u64 {
    match current.changed_in(path) {
        Some(version) if current.holds(path, bytes) => version,
        _ => build,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::error::Report;

    fn file(path: &str, text: &str) -> Files {
        HashMap::from([(path.to_owned(), Arc::from(text.as_bytes()))])
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_files() {
        let state = SiteState::default();
        assert_eq!(state.current().build, 0);
        let (first, empty) = state.succeeded(file("index.html", "v1"));
        assert_eq!((first.build, empty.build, empty.files.len()), (1, 0, 0));
        assert_eq!(
            first.file("index.html").map(|b| &b[..]),
            Some(b"v1".as_slice())
        );
        let mut report = Report::default();
        report.push(Diagnostic::warning(
            Path::new("content/a.yaml"),
            1,
            1,
            "a warning",
        ));
        report.push(
            Diagnostic::error(
                Path::new("content/2025/08/09.yaml"),
                3,
                1,
                "unknown field `titel`",
            )
            .with_source("a\nb\ntitel: \"x\"\n"),
        );
        let failed = state.failed(Problem::from_error(&Error::Content(report)));
        assert_eq!(failed.build, 1);
        assert_eq!(&**failed.file("index.html").unwrap(), b"v1".as_slice());
        let findings = &failed.problem.as_ref().unwrap().findings;
        assert_eq!(findings.len(), 1, "only the error: {findings:?}");
        let finding = &findings[0];
        assert_eq!(
            (finding.file.as_str(), finding.line, finding.column),
            ("content/2025/08/09.yaml", 3, 1)
        );
        assert!(finding.text.starts_with("error: unknown field `titel`\n"));
        assert!(finding.text.contains("3 | titel: \"x\""));
        let (fixed, previous) = state.succeeded(file("index.html", "v2"));
        assert_eq!(&**previous.file("index.html").unwrap(), b"v1".as_slice());
        assert_eq!((fixed.build, fixed.problem.is_none()), (2, true));
        assert_eq!(&**fixed.file("index.html").unwrap(), b"v2".as_slice());
    }

    #[test]
    fn status_json_is_one_line() {
        let snapshot = Snapshot {
            build: 4,
            files: Arc::default(),
            ahead: Arc::default(),
            versions: Arc::default(),
            theme: 0,
            problem: Some(Arc::new(Problem {
                findings: vec![Finding {
                    severity: "error".into(),
                    file: "c/a\"b.yaml".into(),
                    line: 2,
                    column: 5,
                    message: "bad <tag>\tand \\".into(),
                    text: "line1\nline2\u{1}".into(),
                }],
            })),
        };
        assert_eq!(
            snapshot.status_json("index.html"),
            r#"{"build":4,"page":4,"ok":false,"findings":[{"severity":"error","file":"c/a\"b.yaml","line":2,"column":5,"message":"bad <tag>\tand \\","text":"line1\nline2\u0001"}]}"#
        );
        assert_eq!(
            Snapshot::default().status_json(""),
            r#"{"build":0,"page":0,"ok":true,"findings":[]}"#
        );
    }

    #[test]
    fn a_page_changes_version_when_its_bytes_or_the_theme_change() {
        let site = |pairs: &[(&str, &str)]| -> Files {
            pairs
                .iter()
                .map(|(path, text)| (path.to_string(), Arc::from(text.as_bytes())))
                .collect()
        };
        let state = SiteState::default();
        let day = "2025/08/09/index.html";
        state.succeeded(site(&[
            ("index.html", "home"),
            (day, "d1"),
            ("assets/a.css", "c1"),
        ]));
        let (second, _) = state.succeeded(site(&[
            ("index.html", "home"),
            (day, "d2"),
            ("assets/a.css", "c1"),
        ]));
        assert_eq!(
            (second.version_of("index.html"), second.version_of(day)),
            (1, 2),
            "the same bytes keep their version"
        );
        assert_eq!(second.version_of("missing.html"), 2);
        assert!(second.status_json(day).contains(r#""page":2,"#));
        let (third, _) = state.succeeded(site(&[
            ("index.html", "home"),
            (day, "d2"),
            ("assets/a.css", "c2"),
        ]));
        assert_eq!(
            (third.version_of("index.html"), third.version_of(day)),
            (3, 3),
            "a new theme shows on every page"
        );
        let failed = state.failed(Problem {
            findings: Vec::new(),
        });
        assert_eq!(failed.version_of(day), 3);
    }

    #[test]
    fn pages_served_ahead_are_read_over_the_site_until_the_whole_site_replaces_them() {
        let bytes = |text: &str| -> Arc<[u8]> { Arc::from(text.as_bytes()) };
        let state = SiteState::default();
        let (day, other) = ("2025/08/09/index.html", "2025/08/08/index.html");
        state.succeeded(Files::from([
            ("index.html".to_owned(), bytes("home")),
            (day.to_owned(), bytes("d1")),
            (other.to_owned(), bytes("o1")),
        ]));
        let ahead = state.ahead([
            (day.to_owned(), bytes("d2")),
            (other.to_owned(), bytes("o1")),
        ]);
        assert_eq!(ahead.build, 2);
        let read = |s: &Snapshot, path: &str| s.file(path).map(|b| b.to_vec());
        assert_eq!(read(&ahead, day), Some(b"d2".to_vec()));
        assert_eq!(read(&ahead, "index.html"), Some(b"home".to_vec()));
        assert_eq!(read(&ahead, "missing.html"), None);
        assert_eq!(
            (
                ahead.version_of(day),
                ahead.version_of(other),
                ahead.version_of("index.html")
            ),
            (2, 1, 1),
            "only the page whose bytes changed reloads"
        );
        assert_eq!(
            state
                .failed(Problem {
                    findings: Vec::new()
                })
                .version_of(day),
            2
        );
        let (whole, _) = state.succeeded(Files::from([
            ("index.html".to_owned(), bytes("home2")),
            (day.to_owned(), bytes("d2")),
        ]));
        assert_eq!(whole.build, 3);
        assert_eq!(
            (whole.version_of(day), whole.version_of("index.html")),
            (2, 3),
            "a page served ahead does not reload when the whole site follows"
        );
        assert_eq!(read(&whole, other), None);
    }

    #[test]
    fn an_io_error_names_its_file_and_cause() {
        let error = Error::io(
            "read",
            Path::new("content/x.yaml"),
            std::io::Error::other("disk gone"),
        );
        let finding = &Problem::from_error(&error).findings[0];
        assert_eq!(finding.file, "content/x.yaml");
        assert_eq!(
            finding.text,
            "error: could not read `content/x.yaml`\n  caused by: disk gone"
        );
    }
}
