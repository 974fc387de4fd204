//! PDF files of each day (`build --pdf`, or `pdf: true` in publication.yaml): the report with its
//! appendices as one file, the deck as another, in the day's folder and in each edition's
//! permanent copy (names: `render::pdf_names`). They are printed by a headless Chromium from
//! the staging folder, once its pages and assets are in place, so what is printed is exactly
//! what is published, with the print style sheet. Only the units rendered by this build lack
//! their PDF files (a unit reused from the previous site keeps its own, see `render::units`), so
//! only they are printed: adding a day prints that day's files.

mod assemble;
mod browser;
mod lifetime;
mod syntax;

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Error;
use crate::render::{BuildState, FileRecord, OutputFile};

pub use browser::BROWSER_VARIABLE;
pub use lifetime::{Closing, Starting};

/// Tabs printing at once, at most: each takes a core while it lays out a page.
const MAX_TABS: usize = 4;

/// One PDF file to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The unit (day folder) it belongs to: "2025/09/22/".
    pub unit: String,
    /// The pages printed into it, in order, relative to the site root.
    pub pages: Vec<String>,
    /// Where it goes, relative to the site root.
    pub output: String,
}

/// The PDF files the units of `state` lack: those of the units this build rendered.
pub fn missing(state: &BuildState) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (unit, record) in &state.units {
        let Ok(date) = chrono::NaiveDate::parse_from_str(unit, "%Y/%m/%d/") else {
            continue;
        };
        let has = |path: &str| record.files.iter().any(|f| f.path == path);
        // The day's live pages, then each edition's permanent copy.
        let mut places = vec![(unit.clone(), None)];
        for file in &record.files {
            let edition = file
                .path
                .strip_prefix(unit.as_str())
                .and_then(|p| p.strip_prefix("editions/"))
                .and_then(|p| p.strip_suffix("/index.html"))
                .and_then(|n| n.parse::<u32>().ok());
            if let Some(n) = edition {
                places.push((format!("{unit}editions/{n}/"), Some(n)));
            }
        }
        for (place, edition) in places {
            let (report_name, deck_name) = crate::render::pdf_names(date, edition);
            let report = format!("{place}index.html");
            let appendices = format!("{place}appendices/index.html");
            let deck = format!("{place}slides/index.html");
            let mut wanted = Vec::new();
            if has(&report) {
                let mut pages = vec![report];
                pages.extend(has(&appendices).then_some(appendices));
                wanted.push((pages, format!("{place}{report_name}")));
            }
            if has(&deck) {
                wanted.push((vec![deck], format!("{place}{deck_name}")));
            }
            for (pages, output) in wanted {
                if !has(&output) {
                    jobs.push(Job {
                        unit: unit.clone(),
                        pages,
                        output,
                    });
                }
            }
        }
    }
    jobs
}

/// What a job's file is printed from: its pages without their day navigation (not printed, and
/// the only part of a day's pages that changes when a day is added after it), which name their
/// charts by content, and `assets` (the digest of the site's style sheets and scripts, [`assets_digest`]).
/// Chromium's version is not part of it.
pub fn print_key(tree: &Path, job: &Job, assets: &str) -> Result<String, Error> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(assets.as_bytes());
    for page in &job.pages {
        let path = tree.join(page);
        let html = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
        let printed = without_day_nav(&html);
        hasher.update((printed.len() as u64).to_le_bytes());
        hasher.update(printed);
    }
    // The pages name their charts by content (`render::shared`): their bytes cover the charts.
    Ok(crate::ident::hex(&hasher.finalize()))
}

/// The page without its `<nav class="day-nav">…</nav>` (the bytes before and after it).
fn without_day_nav(html: &[u8]) -> Vec<u8> {
    let find = |needle: &[u8], from: usize| {
        html.get(from..)
            .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
            .map(|at| at + from)
    };
    match find(b"<nav class=\"day-nav\"", 0) {
        Some(start) => match find(b"</nav>", start) {
            Some(end) => [&html[..start], &html[end + b"</nav>".len()..]].concat(),
            None => html.to_vec(),
        },
        None => html.to_vec(),
    }
}

/// The digest of the files under `assets/` in `tree` (the theme's style sheets and scripts).
pub fn assets_digest(tree: &Path) -> Result<String, Error> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let assets = tree.join("assets");
    for entry in walkdir::WalkDir::new(&assets).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io("list", &assets, e.into()))?;
        if entry.file_type().is_file() {
            let bytes =
                std::fs::read(entry.path()).map_err(|e| Error::io("read", entry.path(), e))?;
            hasher.update(
                entry
                    .path()
                    .strip_prefix(&assets)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .as_bytes(),
            );
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
        }
    }
    Ok(crate::ident::hex(&hasher.finalize()))
}

/// Prints `jobs` from the site staged in `tree` with the browser `starting`, a few tabs in
/// parallel, handing each file to `place` as soon as it is made. Returns each file's unit and
/// record, in job order, and the browser's closing, to keep until the build is done. The
/// first page that cannot be printed stops the printing and is named in the error.
pub fn print(
    tree: &Path,
    jobs: &[Job],
    place: &(dyn Fn(&OutputFile, &FileRecord) -> Result<(), Error> + Sync),
    starting: Starting,
) -> Result<(Vec<(String, FileRecord)>, Closing), Error> {
    if jobs.is_empty() {
        return Ok((Vec::new(), Closing::stop(None, starting)));
    }
    let tree = std::fs::canonicalize(tree).map_err(|e| Error::io("find", tree, e))?;
    let browser = starting.browser()?;
    let tabs = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_TABS)
        .min(jobs.len());
    // The longest first (a report with its appendices takes several times a deck), so that
    // no tab is left with a long one at the end while the others wait.
    let mut order: Vec<(usize, &Job)> = jobs.iter().enumerate().collect();
    order.sort_by_key(|(_, job)| std::cmp::Reverse(job.pages.len()));
    let queue = Mutex::new(order.into_iter().collect::<VecDeque<_>>());
    let done = Mutex::new(Vec::with_capacity(jobs.len()));
    let failed = AtomicBool::new(false);
    let first_error = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..tabs {
            scope.spawn(|| {
                let fail = |error: Error| {
                    failed.store(true, Ordering::SeqCst);
                    lock(&first_error).get_or_insert(error);
                };
                while !failed.load(Ordering::SeqCst) {
                    let Some((index, job)) = lock(&queue).pop_front() else {
                        break;
                    };
                    // A fresh tab for each file: a page printed after another one in the same
                    // tab was laid out a little differently (chart text at 9.89 pt, not 9.9).
                    let mut tab = match browser.open_tab() {
                        Ok(tab) => tab,
                        Err(why) => {
                            return fail(Error::Refused(format!(
                                "could not open a tab of Chromium: {why}"
                            )));
                        }
                    };
                    let printed = print_job(&mut tab, &tree, job);
                    tab.close();
                    match printed.and_then(|file| {
                        let record = FileRecord::of(&file);
                        place(&file, &record).map(|()| record)
                    }) {
                        Ok(record) => lock(&done).push((index, job.unit.clone(), record)),
                        Err(error) => return fail(error),
                    }
                }
            });
        }
    });
    // Were no thread to be had, the browser is stopped here.
    let closing = Closing::stop(Some(browser), starting);
    if let Some(error) = lock(&first_error).take() {
        return Err(error);
    }
    let mut done = std::mem::take(&mut *lock(&done));
    done.sort_by_key(|(index, _, _)| *index);
    let done = done
        .into_iter()
        .map(|(_, unit, record)| (unit, record))
        .collect();
    Ok((done, closing))
}

/// Prints one job's pages and joins them into its file.
fn print_job(tab: &mut browser::Tab, tree: &Path, job: &Job) -> Result<OutputFile, Error> {
    let mut parts = Vec::with_capacity(job.pages.len());
    let mut title = String::new();
    let mut lang = String::new();
    let mut site_url = String::new();
    for page in &job.pages {
        let failed =
            |why: String| Error::Refused(format!("could not print the page {page} to PDF: {why}"));
        let url = file_url(&tree.join(page));
        // Joined files are not tagged (see `assemble`), and tagging a long report's tables
        // costs Chromium much time: only a file printed from one page is.
        let printed = tab.print(&url, job.pages.len() == 1).map_err(failed)?;
        let pdf = syntax::parse(&printed.pdf)
            .map_err(|e| failed(format!("Chromium's PDF could not be read: {e}")))?;
        if parts.is_empty() {
            title = printed.title;
            lang = printed.lang;
            site_url = printed
                .url
                .strip_suffix(page.as_str())
                .unwrap_or_default()
                .to_owned();
        }
        parts.push(assemble::Part {
            pdf,
            url: printed.url,
        });
    }
    let folder = job.output.rsplit_once('/').map_or("", |(dir, _)| dir);
    let outside = |uri: &str| relative_link(uri, &site_url, folder, job);
    let metadata = assemble::Metadata {
        title: &title,
        lang: &lang,
        creator: concat!("daybrief ", env!("CARGO_PKG_VERSION"), " (Chromium)"),
    };
    let bytes = assemble::assemble(parts, &outside, &metadata)
        .map_err(|why| Error::Refused(format!("could not make {}: {why}", job.output)))?;
    Ok(OutputFile {
        path: job.output.clone(),
        bytes,
    })
}

/// The link a PDF in `folder` keeps for `uri`: a page of the site becomes its address relative
/// to the PDF (a page printed into the other PDF of the same place, that PDF); an address
/// outside the site is kept when it is on the web, dropped otherwise.
fn relative_link(uri: &str, site_url: &str, folder: &str, job: &Job) -> Option<String> {
    let Some(inside) = uri.strip_prefix(site_url).filter(|_| !site_url.is_empty()) else {
        let web = ["http://", "https://", "mailto:"]
            .iter()
            .any(|s| uri.starts_with(s));
        return web.then(|| uri.to_owned());
    };
    let (path, fragment) = match inside.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (inside, None),
    };
    let place = format!("{folder}/");
    let in_place = path.strip_prefix(place.as_str());
    let other_pdf = match in_place {
        Some("index.html" | "appendices/index.html") if job.output.contains("/trinh-chieu-") => {
            Some(job.output.replace("/trinh-chieu-", "/bao-cao-"))
        }
        Some("slides/index.html") if job.output.contains("/bao-cao-") => {
            Some(job.output.replace("/bao-cao-", "/trinh-chieu-"))
        }
        _ => None,
    };
    let target = match other_pdf {
        Some(pdf) => pdf.rsplit('/').next().unwrap_or_default().to_owned(),
        None => format!("{}{path}", "../".repeat(place.matches('/').count())),
    };
    Some(match fragment {
        Some(f) => format!("{target}#{f}"),
        None => target,
    })
}

/// A `file://` address for `path`, bytes other than unreserved ones and `/` escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for &b in path.to_string_lossy().as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::UnitRecord;

    fn unit(files: &[&str]) -> std::sync::Arc<UnitRecord> {
        std::sync::Arc::new(UnitRecord {
            key: "k".into(),
            files: files
                .iter()
                .map(|path| FileRecord {
                    path: (*path).into(),
                    bytes: 1,
                    sha256: crate::sha::Sha256Sum::of(b"ab"),
                })
                .collect(),
            search: Default::default(),
            printed: std::collections::BTreeMap::new(),
            moved: Default::default(),
        })
    }

    #[test]
    fn each_place_of_a_day_gets_a_report_and_a_deck_unless_it_has_them() {
        let mut state = BuildState::default();
        state.units.insert(
            "2025/09/22/".into(),
            unit(&[
                "2025/09/22/appendices/index.html",
                "2025/09/22/editions/1/index.html",
                "2025/09/22/editions/1/slides/index.html",
                "2025/09/22/editions/index.html",
                "2025/09/22/index.html",
                "2025/09/22/slides/index.html",
            ]),
        );
        // A day reused from a build with PDF files: nothing to print.
        state.units.insert(
            "2025/08/09/".into(),
            unit(&["2025/08/09/bao-cao-2025-08-09.pdf", "2025/08/09/index.html"]),
        );
        let job = |pages: &[&str], output: &str| Job {
            unit: "2025/09/22/".into(),
            pages: pages.iter().map(|p| (*p).to_owned()).collect(),
            output: output.into(),
        };
        assert_eq!(
            missing(&state),
            [
                job(
                    &["2025/09/22/index.html", "2025/09/22/appendices/index.html"],
                    "2025/09/22/bao-cao-2025-09-22.pdf"
                ),
                job(
                    &["2025/09/22/slides/index.html"],
                    "2025/09/22/trinh-chieu-2025-09-22.pdf"
                ),
                job(
                    &["2025/09/22/editions/1/index.html"],
                    "2025/09/22/editions/1/bao-cao-2025-09-22-ban-1.pdf"
                ),
                job(
                    &["2025/09/22/editions/1/slides/index.html"],
                    "2025/09/22/editions/1/trinh-chieu-2025-09-22-ban-1.pdf"
                ),
            ]
        );
    }

    #[test]
    fn the_day_navigation_is_not_part_of_what_is_printed() {
        let page = |next: &str| {
            format!(
                "<body><nav class=\"day-nav\" aria-label=\"x\"><a href=\"{next}\">Ngày sau</a></nav><p>Báo cáo</p></body>"
            )
        };
        assert_eq!(
            without_day_nav(page("../23/index.html").as_bytes()),
            b"<body><p>B\xC3\xA1o c\xC3\xA1o</p></body>"
        );
        assert_eq!(without_day_nav(b"<p>no nav</p>"), b"<p>no nav</p>");
        let tree = tempfile::tempdir().unwrap();
        let write = |text: &str| fs_write(tree.path(), "d/index.html", text);
        let job = Job {
            unit: "d/".into(),
            pages: vec!["d/index.html".into()],
            output: "d/bao-cao.pdf".into(),
        };
        write(&page("../23/index.html"));
        let key = print_key(tree.path(), &job, "css").unwrap();
        write(&page("../24/index.html"));
        assert_eq!(print_key(tree.path(), &job, "css").unwrap(), key);
        assert_ne!(print_key(tree.path(), &job, "css2").unwrap(), key);
        write("<p>Báo cáo khác</p>");
        assert_ne!(print_key(tree.path(), &job, "css").unwrap(), key);
        // Another chart is another file name in the page (`render::shared`).
        let with_chart = |name: &str| format!("{}<img src=\"../../files/{name}\">", page("x"));
        write(&with_chart("a.0123456789abcdef.svg"));
        let key = print_key(tree.path(), &job, "css").unwrap();
        write(&with_chart("a.fedcba9876543210.svg"));
        assert_ne!(print_key(tree.path(), &job, "css").unwrap(), key);
    }

    fn fs_write(root: &Path, path: &str, text: &str) {
        std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        std::fs::write(root.join(path), text).unwrap();
    }

    #[test]
    fn links_to_the_site_are_relative_to_the_file() {
        let deck = Job {
            unit: "2025/09/22/".into(),
            pages: vec!["2025/09/22/editions/2/slides/index.html".into()],
            output: "2025/09/22/editions/2/trinh-chieu-2025-09-22-ban-2.pdf".into(),
        };
        let site = "file:///tmp/x/";
        let link = |uri: &str| relative_link(uri, site, "2025/09/22/editions/2", &deck);
        assert_eq!(
            link("file:///tmp/x/2025/09/22/editions/2/appendices/index.html#bang-a"),
            Some("bao-cao-2025-09-22-ban-2.pdf#bang-a".into())
        );
        assert_eq!(
            link("file:///tmp/x/2025/09/22/index.html"),
            Some("../../../../../2025/09/22/index.html".into())
        );
        assert_eq!(
            link("https://example.org/a"),
            Some("https://example.org/a".into())
        );
        assert_eq!(link("file:///etc/passwd"), None);
        assert_eq!(
            file_url(Path::new("/tmp/a b/Bản.html")),
            "file:///tmp/a%20b/B%E1%BA%A3n.html"
        );
    }
}
