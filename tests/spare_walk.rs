//! The spare's folders that no build touched since it was the live site are not listed, and
//! its files that are hard links of the live site's are not stated: the records say what they
//! hold. A file added to one, edited in place in one, or replaced in one, must still be found:
//! the next site equals a clean build.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

fn build_into(content: &Path, out: &Path) {
    common::build(&common::options(content, out)).expect("the example builds");
}

fn add_day(content: &Path, date: &str) {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    daybrief::newday::new_day(content, date, None).unwrap();
}

/// The example built, then built again with one more day: the spare is the first site.
/// Returns the folder holding it all, the content, the site and the spare.
fn built_twice() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    common::copy_tree(&common::repo().join("content"), &content);
    let site = root.path().join("site");
    let spare = root.path().join(".daybrief-spare-site");
    build_into(&content, &site);
    add_day(&content, "2025-09-23");
    build_into(&content, &site);
    (root, content, site, spare)
}

#[test]
fn a_file_added_or_edited_in_an_untouched_spare_folder_is_still_found() {
    let (root, content, site, spare) = built_twice();
    // The spare is the first site now, its folders as recorded when it was published.
    let records = fs::read_to_string(root.path().join(".daybrief-files-site")).unwrap();
    assert!(
        records.contains("spare-folder\t0\t") && records.contains("\t2025/08/09/appendices\n"),
        "the records know the spare's folders"
    );
    // 9/8 is not rendered again by the next build: its folders stay untouched by it.
    fs::write(spare.join("2025/08/09/appendices/stray.html"), "stray").unwrap();
    fs::create_dir(spare.join("2025/08/09/changes/stray")).unwrap();
    fs::write(spare.join("2025/08/09/changes/stray/file.txt"), "stray").unwrap();
    let deck = spare.join("2025/08/09/slides/index.html");
    let folder_time = fs::metadata(deck.parent().unwrap())
        .unwrap()
        .modified()
        .unwrap();
    // Edited in place: the same inode, the folder's time unchanged.
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&deck)
        .unwrap()
        .write_all(b"edited")
        .unwrap();
    assert_eq!(
        fs::metadata(deck.parent().unwrap())
            .unwrap()
            .modified()
            .unwrap(),
        folder_time
    );
    // Replaced by another file: a new inode, in a folder no build touches next. The spare's
    // other files there are the live site's, by hard link, and are not stated again.
    let page = spare.join("2025/08/09/index.html");
    let replacement = spare.join("2025/08/09/replacement.tmp");
    fs::write(&replacement, "replaced").unwrap();
    fs::rename(&replacement, &page).unwrap();
    add_day(&content, "2025-09-24");
    build_into(&content, &site);
    let clean = root.path().join("clean");
    build_into(&content, &clean);
    let (got, expected) = (common::read_tree(&site), common::read_tree(&clean));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &expected {
        assert!(got[path] == *bytes, "{path} differs from a clean build");
    }
}

/// The spare is opened while the build checks and renders: a build that finds errors must leave
/// it exactly as it was, its manifest included, and unlocked for the next build.
#[test]
fn a_build_with_errors_leaves_the_spare_as_it_was() {
    let (root, content, site, spare) = built_twice();
    let before = common::read_tree(&spare);
    assert!(
        before.contains_key("manifest.json"),
        "the spare lists its files"
    );
    let day = content.join("2025/09/23.yaml");
    let good = fs::read_to_string(&day).unwrap();
    fs::write(&day, good.replacen("date:", "date: [", 1)).unwrap();
    let failed = common::build(&common::options(&content, &site));
    assert!(
        matches!(failed, Err(daybrief::error::Error::Content(_))),
        "the broken day is an error"
    );
    assert!(
        common::read_tree(&spare) == before,
        "the spare is as it was"
    );
    fs::write(&day, good).unwrap();
    add_day(&content, "2025-09-24");
    build_into(&content, &site);
    let clean = root.path().join("clean");
    build_into(&content, &clean);
    assert!(common::read_tree(&site) == common::read_tree(&clean));
}

/// The records' lines for the live site's folders ("live-folder", size 0, time, inode, path).
fn recorded_live_folders(root: &Path) -> Vec<(i64, u64, String)> {
    let records = fs::read_to_string(root.join(".daybrief-files-site")).unwrap();
    records
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.splitn(5, '\t').collect();
            (fields[0] == "live-folder").then(|| {
                let time = fields[2].parse().unwrap();
                let inode = fields[3].parse().unwrap();
                (time, inode, fields[4].to_owned())
            })
        })
        .collect()
}

/// A folder's modification time in nanoseconds since the epoch, and its inode.
#[cfg(unix)]
fn folder_stat(folder: &Path) -> (i64, u64) {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(folder).unwrap();
    let since = meta
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH);
    (since.unwrap().as_nanos() as i64, meta.ino())
}

/// The folders of the new live site are recorded with their true time and inode, whether the
/// build stated them again (those it wrote into, and their parents: a new day's month) or took
/// them from the records (the days it did not touch): the next build then lists none of them.
#[cfg(unix)]
#[test]
fn the_live_sites_folders_are_recorded_as_they_are() {
    let (root, content, site, _spare) = built_twice();
    add_day(&content, "2025-09-24");
    build_into(&content, &site);
    let recorded = recorded_live_folders(root.path());
    let folders = walkdir::WalkDir::new(&site)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_dir())
        .count();
    assert_eq!(recorded.len(), folders, "every folder is recorded once");
    for untouched in ["2025/08/09/appendices", "2025/09"] {
        assert!(
            recorded.iter().any(|(_, _, path)| path == untouched),
            "{untouched}"
        );
    }
    for (time, inode, path) in &recorded {
        assert_eq!((*time, *inode), folder_stat(&site.join(path)), "{path}");
    }
}
