//! The harness shared by the fuzz targets. The base fixture (`tests/fixtures/base/content`) is
//! loaded once; for each input one of its files is replaced by the fuzzer's bytes, which then go
//! through the path of `daybrief check` in memory: decode and parse (`load::parse_bytes`), then
//! check, derive, chart and render (`site::run` on inputs in memory).
//!
//! The invariant: no panic, no hang (libFuzzer's `-timeout`), and every finding is a
//! [`Diagnostic`] in one of the content files, at a line and column inside that file's text, or
//! at line 0 and column 0 for a finding about the whole file.
//!
//! The `narrative` target instead feeds text straight to the narrative language
//! ([`check_narrative`]), with the context of a real day of the example publication.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use daybrief::load::{self, Inputs, Sources};
use daybrief::model::day::DayFile;
use daybrief::model::publication::Publication;
use daybrief::model::schema::TableSchema;
use daybrief::narrative_lang::{self, Limits};
use daybrief::site::{self, BuildOptions, Listing};
use daybrief::{Diagnostic, Error, Report};

/// The base fixture, read from disk once per process, and the options of `daybrief check`.
static BASE: LazyLock<(Inputs, BuildOptions)> = LazyLock::new(|| {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base/content");
    let options = BuildOptions {
        sources: Sources::beside(&content),
        out: PathBuf::new(),
        deny_warnings: false,
        stamp_time: false,
        pdf: None,
        read_window: None,
        listing: Listing::All,
    };
    let inputs = load::load(&options.sources).expect("the base fixture loads");
    render_in_memory(&inputs, &options).expect("the base fixture builds");
    (inputs, options)
});

/// Checks and renders `inputs` in memory: the warnings.
fn render_in_memory(
    inputs: &Inputs,
    options: &BuildOptions,
) -> Result<daybrief::Report, daybrief::Error> {
    let reuse = site::Reuse {
        inputs: Some(inputs),
        ..site::Reuse::default()
    };
    site::run(options, site::Goal::Render(reuse), &daybrief::progress::Silent)
        .map(|summary| summary.warnings)
}

/// Which file of the base fixture the fuzzer's bytes replace.
#[derive(Debug, Clone, Copy)]
pub enum Replaced {
    /// The day file `2025/08/09.yaml`.
    Day,
    /// `publication.yaml`.
    Publication,
    /// The table schema at this index of the sorted schemas (`tables/ho_so.yaml`, …).
    Schema(usize),
}

impl Replaced {
    /// `selector` modulo (1 + number of schemas): 0 is the publication, then each schema in
    /// file-name order. With the base fixture, the seed prefixes `0`, `1`, `2` stand for
    /// `publication.yaml`, `tables/ho_so.yaml` and `tables/tien_do.yaml`.
    pub fn publication_or_schema(selector: u8) -> Replaced {
        match usize::from(selector) % (1 + BASE.0.schemas.len()) {
            0 => Replaced::Publication,
            n => Replaced::Schema(n - 1),
        }
    }
}

/// Replaces one base file with `bytes`, runs the checks and asserts the invariant. As in
/// `load::load_all`, a file that does not parse is left out and the others are still checked,
/// except the publication, without which nothing can be.
pub fn check_with(replaced: Replaced, bytes: &[u8]) {
    let (base, options) = &*BASE;
    let mut inputs = base.clone();
    let mut findings = Report::default();
    let path = match replaced {
        Replaced::Day => {
            let slot = inputs
                .days
                .iter()
                .position(|d| d.path.ends_with("2025/08/09.yaml"))
                .expect("the base fixture has 2025/08/09.yaml");
            let path = inputs.days[slot].path.clone();
            match load::parse_bytes::<DayFile>(&path, bytes, &mut findings) {
                Some(day) => inputs.days[slot] = load::DayInput::parsed(day),
                None => drop(inputs.days.remove(slot)),
            }
            path
        }
        Replaced::Publication => {
            let path = inputs.publication.path.clone();
            match load::parse_bytes::<Publication>(&path, bytes, &mut findings) {
                Some(publication) => inputs.publication = publication,
                None => {
                    assert!(findings.error_count() > 0, "a parse failure names an error");
                    assert_all_inside(&findings, &inputs, &path, bytes);
                    return;
                }
            }
            path
        }
        Replaced::Schema(index) => {
            let path = inputs.schemas[index].1.path.clone();
            match load::parse_bytes::<TableSchema>(&path, bytes, &mut findings) {
                Some(schema) => inputs.schemas[index].1 = schema,
                None => {
                    let (id, _) = inputs.schemas.remove(index);
                    inputs.broken_schemas.push(id);
                }
            }
            path
        }
    };
    match render_in_memory(&inputs, options) {
        Ok(warnings) => {
            assert_eq!(
                warnings.error_count(),
                0,
                "a successful check has no errors"
            );
            findings.diagnostics.extend(warnings.diagnostics);
        }
        Err(Error::Content(report)) => {
            assert!(report.error_count() > 0, "a failed check names an error");
            findings.diagnostics.extend(report.diagnostics);
        }
        Err(other) => panic!("not a content diagnostic: {other:?}"),
    }
    assert_all_inside(&findings, &inputs, &path, bytes);
}

/// Every finding is inside its file: the fuzzed one (`path`, from `bytes`) or a base file.
fn assert_all_inside(findings: &Report, inputs: &Inputs, path: &Path, bytes: &[u8]) {
    let fuzzed_text = decoded(bytes);
    for diagnostic in &findings.diagnostics {
        let text = if diagnostic.file == path {
            fuzzed_text.as_str()
        } else {
            text_of(inputs, &diagnostic.file)
        };
        assert_inside(diagnostic, text);
    }
    // `daybrief check` prints them: rendering must not panic either.
    let _ = findings.render();
}

/// The text diagnostics of the fuzzed file refer to: BOM removed; invalid UTF-8 replaced, which
/// keeps the positions before the first invalid byte; lines as YAML counts them (LF, CRLF or a
/// lone CR each end a line).
fn decoded(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// The text of a content file of the inputs; a finding in any other file (a built-in template)
/// would blame the wrong file for bad content.
fn text_of<'a>(inputs: &'a Inputs, file: &Path) -> &'a str {
    if inputs.publication.path == *file {
        return &inputs.publication.text;
    }
    if let Some((_, schema)) = inputs.schemas.iter().find(|(_, s)| s.path == *file) {
        return &schema.text;
    }
    if let Some(day) = inputs.days.iter().find(|d| d.path == *file) {
        let bytes = day.bytes().expect("inputs made in memory hold their bytes");
        return std::str::from_utf8(bytes).expect("a day file that parsed is UTF-8");
    }
    panic!(
        "a finding names a file that is not a content file: {}",
        file.display()
    )
}

/// Line 0 and column 0 (the whole file), or a line of the text and a column from 1 to one past
/// its last character (in characters, as `Diagnostic` counts), with the source line attached
/// being that line.
fn assert_inside(diagnostic: &Diagnostic, text: &str) {
    let place = format!(
        "{}:{}:{} `{}`",
        diagnostic.file.display(),
        diagnostic.line,
        diagnostic.column,
        diagnostic.message
    );
    if diagnostic.line == 0 {
        assert_eq!(
            diagnostic.column, 0,
            "a whole-file finding has column 0: {place}"
        );
        return;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let line = lines
        .get(diagnostic.line - 1)
        .unwrap_or_else(|| panic!("line past the end ({} lines): {place}", lines.len()));
    let width = line.chars().count();
    assert!(
        (1..=width + 1).contains(&diagnostic.column),
        "column outside the line ({width} characters): {place}"
    );
    if let Some(source_line) = &diagnostic.source_line {
        assert_eq!(
            source_line, line,
            "the source line shown is not line {place}"
        );
    }
}

/// The narrative context of 22/9/2025 in the example publication (`content/`): many tables,
/// status shifts and row changes since 09/8/2025, so loops and paths have much to reach.
static NARRATIVE_CONTEXT: LazyLock<serde_json::Value> = LazyLock::new(|| {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let mut inputs = load::load(&Sources::beside(&content)).expect("the example content loads");
    let days = std::mem::take(&mut inputs.days);
    let archive = daybrief::check::check_all(&inputs, days, &|_| false, None, None).archive;
    let (derived, _) = daybrief::derive::derive(&archive);
    let (day, derived_day) = archive
        .days
        .iter()
        .zip(&derived.days)
        .find(|(day, _)| day.date.to_string() == "2025-09-22")
        .expect("the example content has 22/9/2025");
    let changes = derived_day.changes(&archive, day);
    daybrief::expressions::narrative_context(day, derived_day, &changes)
});

/// Evaluates `text` as a narrative text and as a bare expression (a figure rule's value).
/// Invariant: no panic, no hang, output within the budget, and an error's place inside the
/// text, on character boundaries.
pub fn check_narrative(text: &str) {
    let context = &*NARRATIVE_CONTEXT;
    let results = [
        narrative_lang::render(text, context),
        narrative_lang::render_expression(text, context),
    ];
    for result in results {
        match result {
            Ok(out) => assert!(
                out.len() <= Limits::NARRATIVE.output_bytes,
                "output beyond the budget: {} bytes",
                out.len()
            ),
            Err(error) => {
                assert!(
                    error.offset <= error.end && error.end <= text.len(),
                    "error outside the text: {error:?}"
                );
                assert!(
                    text.is_char_boundary(error.offset) && text.is_char_boundary(error.end),
                    "error inside a character: {error:?}"
                );
                assert!(!error.message.is_empty(), "an error says what is wrong");
                let (line, _) = error.position(text);
                assert!(line <= 1 + text.matches('\n').count(), "line past the end");
            }
        }
    }
}
