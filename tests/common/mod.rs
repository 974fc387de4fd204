//! Shared test helpers: fixture trees copied into a temporary folder, and in-memory builds.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use daybrief::error::{Error, Report};
use daybrief::load::Sources;
use daybrief::progress::Silent;
use daybrief::render::OutputFile;
use daybrief::site::{self, BuildOptions, BuildSummary, Goal, Listing, Reuse};
use scraper::{Html, Selector};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Options for building the content folder `content` into `out`.
pub fn options(content: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        sources: Sources::beside(content),
        out: out.to_path_buf(),
        deny_warnings: false,
        stamp_time: false,
        pdf: None,
        read_window: None,
        listing: Listing::All,
    }
}

/// Builds and publishes into `options.out` (`daybrief build`).
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Error> {
    site::run(options, Goal::Publish, &Silent)
}

/// Checks without writing (`daybrief check`): the warnings.
pub fn check_only(options: &BuildOptions) -> Result<Report, Error> {
    site::run(options, Goal::Check, &Silent).map(|summary| summary.warnings)
}

/// Renders in memory: every file, the warnings and the number of days.
pub fn render_site(options: &BuildOptions) -> Result<(Vec<OutputFile>, Report, usize), Error> {
    let summary = site::run(options, Goal::Render(Reuse::default()), &Silent)?;
    let files = summary.site.map(|site| site.files).unwrap_or_default();
    Ok((files, summary.warnings, summary.days))
}

/// Renders a content folder in memory: path → text.
pub fn render(content: &Path) -> BTreeMap<String, String> {
    let (files, _, _) =
        render_site(&options(content, Path::new("unused"))).expect("fixture builds");
    files
        .into_iter()
        .map(|f| (f.path, String::from_utf8(f.bytes).unwrap_or_default()))
        .collect()
}

/// Text of the element matched by `selector`, whitespace collapsed.
pub fn text_of(element: scraper::ElementRef) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the chart or CSV file that earlier builds wrote at `old` ("2025/08/09/charts/a.svg",
/// "2025/08/09/appendices/t.csv") is now, from the site root: resolves the relative address
/// the site's `.daybrief-moved.map` gives it.
pub fn moved<V: AsRef<[u8]>>(site: &BTreeMap<String, V>, old: &str) -> String {
    let map = String::from_utf8_lossy(site[".daybrief-moved.map"].as_ref()).into_owned();
    let key = format!("\"{old}\" ");
    let line = map
        .lines()
        .find(|l| l.starts_with(&key))
        .unwrap_or_else(|| panic!("{old} is not in the moved map"));
    let relative = line.split('"').nth(3).expect("a quoted new address");
    let mut parts: Vec<&str> = old.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        if part == ".." {
            parts.pop().expect("the address stays in the site");
        } else {
            parts.push(part);
        }
    }
    parts.join("/")
}

/// [`moved`] in the site built into `site`.
pub fn moved_in(site: &Path, old: &str) -> String {
    let map = fs::read(site.join(".daybrief-moved.map")).expect("the site has a moved map");
    moved(
        &BTreeMap::from([(".daybrief-moved.map".to_owned(), map)]),
        old,
    )
}

/// The example content at `content` loaded, checked and derived: the archive, its derived
/// figures and the derive warnings' messages.
pub fn derived(
    content: &Path,
) -> (
    daybrief::archive::Archive,
    daybrief::derive::Derived,
    Vec<String>,
) {
    let mut inputs = daybrief::load::load(&Sources::beside(content)).expect("content loads");
    let (archive, _) = daybrief::check::check(&mut inputs).expect("content checks");
    let (derived, warnings) = daybrief::derive::derive(&archive);
    let messages = warnings
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    (archive, derived, messages)
}

/// The text of every element of `html` matching `selector`.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let selector = Selector::parse(selector).unwrap();
    document.select(&selector).map(text_of).collect()
}
