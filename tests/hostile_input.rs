//! Faulty and hostile input that must neither damage the site nor publish it wrong: output
//! folder edge cases, damaged site files, entity addresses, editions, files that are not files
//! (issue 14). Messages of plain input errors are in the invalid corpus (`invalid_input.rs`).

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::{copy_tree, fixture, render};

/// The base fixture copied into a new temporary folder, as `content/`.
fn base_copy() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), work.path());
    work
}

fn daybrief(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("daybrief").unwrap();
    command.current_dir(dir);
    command
}

#[test]
fn an_entity_named_without_latin_letters_has_its_own_page() {
    let work = base_copy();
    let content = work.path().join("content");
    let publication = content.join("publication.yaml");
    let text = fs::read_to_string(&publication).unwrap().replace(
        "  - { name: \"Hưng Yên\"",
        "  - { name: \"中文\", tile: [2, 1] }\n  - { name: \"Hưng Yên\"",
    ) + "entity_pages:\n  title: \"Tỉnh\"\n  status: { table: tien_do, column: trang_thai }\n";
    fs::write(&publication, text).unwrap();
    let day = content.join("2025/08/09.yaml");
    let text = fs::read_to_string(&day)
        .unwrap()
        .replace("[2, \"Đắk Lắk\", \"16/17\"", "[2, \"中文\", \"16/17\"");
    fs::write(&day, text).unwrap();
    let files = render(&content);
    let page = &files["entities/u4e2d-u6587/index.html"];
    assert!(page.contains("<h1>中文</h1>"), "{page}");
    assert!(files["entities/index.html"].contains("href=\"u4e2d-u6587/index.html\""));
}

#[test]
fn a_correction_released_before_the_original_is_refused() {
    let work = base_copy();
    let before = common::read_tree(&work.path().join("content"));
    let output = daybrief(work.path())
        .args(["correct", "2025-08-09", "--at", "2025-08-01 08:00"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: edition 2 is released at 2025-08-01 08:00, before the briefing of 2025-08-09 it corrects was issued: give a later time with --at\n"
    );
    assert_eq!(common::read_tree(&work.path().join("content")), before);
    daybrief(work.path())
        .args(["correct", "2025-08-09", "--at", "2025-08-09 18:00"])
        .assert()
        .success();
    let output = daybrief(work.path())
        .args(["correct", "2025-08-09", "--at", "2025-08-09 17:00"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: edition 3 is released at 2025-08-09 17:00, not after edition 2 (2025-08-09 18:00): give a later time with --at\n"
    );
}

/// The names directly under `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stderr_of(command: &mut Command) -> String {
    let output = command.assert().code(1).get_output().clone();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn the_current_folder_is_refused_as_output_with_nothing_written() {
    let work = base_copy();
    let out = work.path().join("empty");
    fs::create_dir(&out).unwrap();
    let content = work.path().join("content");
    let message = stderr_of(
        daybrief(&out)
            .args(["build", "--out", "."])
            .arg("--content")
            .arg(&content),
    );
    assert_eq!(
        message,
        "error: refusing to publish into `.`: it holds the folder you are working in, and a build replaces its output folder as a whole. Choose a folder of its own, such as --out site\n"
    );
    assert_eq!(names(&out), Vec::<String>::new());
    assert_eq!(names(work.path()), ["content", "empty"]);
}

#[test]
fn an_output_folder_inside_the_content_is_refused() {
    let work = base_copy();
    let before = common::read_tree(&work.path().join("content"));
    let message = stderr_of(daybrief(work.path()).args(["build", "--out", "content/site"]));
    let content = work.path().canonicalize().unwrap().join("content");
    assert_eq!(
        message,
        format!(
            "error: refusing to publish into `content/site`: it overlaps the content folder `{}`, and a build replaces its output folder as a whole. Choose a folder outside the sources, such as --out site\n",
            content.display()
        )
    );
    assert_eq!(common::read_tree(&work.path().join("content")), before);
    assert_eq!(names(work.path()), ["content"]);
}

#[cfg(unix)]
#[test]
fn an_output_link_is_followed_and_kept() {
    let work = base_copy();
    fs::create_dir(work.path().join("real")).unwrap();
    std::os::unix::fs::symlink("real", work.path().join("site")).unwrap();
    for _ in 0..2 {
        daybrief(work.path())
            .args(["build", "--out", "site"])
            .assert()
            .success();
        assert!(work.path().join("site").is_symlink());
        assert!(work.path().join("real/2025/08/09/index.html").is_file());
    }
    // A change after two builds goes through the spare beside the real folder.
    let day = work.path().join("content/2025/08/10.yaml");
    let text = fs::read_to_string(&day)
        .unwrap()
        .replace("Về tình hình thử nghiệm", "Về tình hình mới");
    fs::write(&day, text).unwrap();
    daybrief(work.path())
        .args(["build", "--out", "site"])
        .assert()
        .success();
    assert!(work.path().join("site").is_symlink());
    let page = fs::read_to_string(work.path().join("site/2025/08/10/index.html")).unwrap();
    assert!(page.contains("Về tình hình mới"));
    assert_eq!(
        names(work.path()),
        [
            ".daybrief-cache-real",
            ".daybrief-days-real",
            ".daybrief-files-real",
            ".daybrief-inputs-real",
            ".daybrief-spare-real",
            "content",
            "real",
            "site"
        ]
    );
}

/// Total bytes of the files under `dir`.
fn disk_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

/// A build that cannot write a file over 10 KiB, as on a full disk: bash's `ulimit -f`, with
/// the signal that would kill the process ignored, so writing fails with EFBIG.
fn build_on_full_disk(dir: &Path) -> String {
    let daybrief = assert_cmd::cargo::cargo_bin("daybrief");
    let output = std::process::Command::new("bash")
        .current_dir(dir)
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 10; exec '{}' build",
            daybrief.display()
        ))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stderr).unwrap()
}

fn change_day(work: &Path, title: &str) {
    let day = work.join("content/2025/08/10.yaml");
    let text = fs::read_to_string(&day).unwrap();
    let start = text.find("title: ").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    fs::write(
        &day,
        format!("{}title: \"{title}\"{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn a_build_that_runs_out_of_disk_removes_what_it_wrote() {
    let work = base_copy();
    // The first build: nothing was there, nothing stays.
    let message = build_on_full_disk(work.path());
    assert!(message.starts_with("error: could not write `"), "{message}");
    assert_eq!(names(work.path()), ["content"]);
    // With a site and a spare, a failed rebuild leaves the site as it was and the disk no fuller.
    for title in ["Một", "Hai"] {
        change_day(work.path(), title);
        daybrief(work.path()).arg("build").assert().success();
    }
    let site = common::read_tree(&work.path().join("site"));
    let before = disk_bytes(work.path());
    // A title long enough that the day's pages are over the 10 KiB a file may take (the build
    // state alone, once over it, is now smaller).
    change_day(work.path(), &"Ba ".repeat(4000));
    build_on_full_disk(work.path());
    assert_eq!(common::read_tree(&work.path().join("site")), site);
    assert_eq!(
        names(work.path()),
        [
            ".daybrief-cache-site",
            ".daybrief-days-site",
            ".daybrief-files-site",
            ".daybrief-inputs-site",
            ".daybrief-spare-site",
            "content",
            "site"
        ]
    );
    assert!(disk_bytes(work.path()) <= before);
    // The next build, with room, reuses the spare and makes the same site as a clean build.
    daybrief(work.path()).arg("build").assert().success();
    daybrief(work.path())
        .args(["build", "--out", "clean"])
        .assert()
        .success();
    let mut built = common::read_tree(&work.path().join("site"));
    let mut clean = common::read_tree(&work.path().join("clean"));
    for tree in [&mut built, &mut clean] {
        tree.retain(|path, _| !path.starts_with(".daybrief-stamp"));
    }
    assert_eq!(built, clean);
}

/// Every file `manifest.json` lists has the listed SHA-256.
fn assert_manifest_matches(site: &Path) {
    use sha2::Digest;
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert!(files.len() > 50);
    for file in files {
        let path = file["path"].as_str().unwrap();
        let bytes = fs::read(site.join(path)).unwrap();
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sha, file["sha256"].as_str().unwrap(), "{path}");
    }
}

/// Overwrites the start of a file in place (same inode, same size).
fn damage_in_place(path: &Path, with: &[u8]) {
    use std::io::Write;
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    file.write_all(with).unwrap();
}

#[test]
fn a_file_edited_after_publishing_is_never_carried_forward() {
    let work = base_copy();
    let build = || daybrief(work.path()).arg("build").assert().success();
    build();
    change_day(work.path(), "Một");
    build();
    let site = work.path().join("site");
    // A page of a day that does not change, and a shared file, damaged in place.
    let page = site.join("2025/08/09/index.html");
    let style = site.join("assets/style.css");
    let (page_bytes, style_bytes) = (fs::read(&page).unwrap(), fs::read(&style).unwrap());
    damage_in_place(&page, b"XXXXXXXX");
    damage_in_place(&style, b"/*damaged*/");
    // Nothing else changed: the site is not "up to date", it is rebuilt whole.
    build();
    assert!(
        fs::read(&page).unwrap() == page_bytes,
        "the page is restored"
    );
    assert!(
        fs::read(&style).unwrap() == style_bytes,
        "the style is restored"
    );
    assert_manifest_matches(&site);
    // Damaged again, while another day changes: reused files are checked, not linked as they are.
    damage_in_place(&page, b"YYYYYYYY");
    fs::write(&style, b"body{}").unwrap();
    change_day(work.path(), "Hai");
    build();
    assert!(
        fs::read(&page).unwrap() == page_bytes,
        "the page is restored"
    );
    assert!(
        fs::read(&style).unwrap() == style_bytes,
        "the style is restored"
    );
    assert_manifest_matches(&site);
    // The spare shared the damaged page by hard link: the next build must not keep it either.
    change_day(work.path(), "Ba");
    build();
    assert_manifest_matches(&site);
    change_day(work.path(), "Bốn");
    build();
    assert_manifest_matches(&site);
}

#[test]
fn thousands_of_findings_on_one_line_are_capped_and_cropped() {
    let work = base_copy();
    let day = work.path().join("content/2025/08/09.yaml");
    let line = vec!["tổng 5 hồ sơ."; 4000].join(" ");
    let text = fs::read_to_string(&day)
        .unwrap()
        .replace("intro: |\n", &format!("intro: |\n  {line}\n\n"));
    fs::write(&day, text).unwrap();
    let output = daybrief(work.path()).arg("check").assert().success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let figures = stdout
        .lines()
        .filter(|l| l.starts_with("warning[figures]"))
        .count();
    assert_eq!(figures, 101, "100 findings and one line for the rest");
    assert!(stdout.contains(
        "warning[figures]: more than 100 findings of `figures` on this day: the rest are not shown"
    ));
    // The 100th finding is 99 repeats into the line: shown cropped, with its true column.
    let column = 2 + 99 * "tổng 5 hồ sơ. ".chars().count() + "tổng ".chars().count() + 1;
    assert!(
        stdout.contains(&format!("= note: at content/2025/08/09.yaml:7:{column}\n")),
        "{stdout}"
    );
    assert!(stdout.lines().all(|l| l.chars().count() < 400));
}

#[cfg(unix)]
#[test]
fn a_theme_file_that_is_a_link_is_refused() {
    let work = base_copy();
    let theme = work.path().join("themes/t");
    fs::create_dir_all(&theme).unwrap();
    fs::write(work.path().join("outside.css"), "body{}").unwrap();
    std::os::unix::fs::symlink(work.path().join("outside.css"), theme.join("style.css")).unwrap();
    let publication = work.path().join("content/publication.yaml");
    let text = fs::read_to_string(&publication).unwrap();
    fs::write(&publication, format!("theme: t\n{text}")).unwrap();
    let message = stderr_of(daybrief(work.path()).arg("build"));
    assert_eq!(
        message,
        "error: `themes/t/style.css` is a link: templates and themes hold their files themselves\n"
    );
    assert_eq!(names(work.path()), ["content", "outside.css", "themes"]);
}

#[test]
fn no_day_file_is_left_out_unseen() {
    let work = base_copy();
    let month = work.path().join("content/2025/08");
    fs::rename(month.join("10.yaml"), month.join("10.YAML")).unwrap();
    fs::create_dir(month.join("x")).unwrap();
    fs::copy(month.join("09.yaml"), month.join("x/11.yaml")).unwrap();
    fs::copy(month.join("09.yaml"), month.join("._12.yaml")).unwrap();
    let output = daybrief(work.path()).arg("build").assert().success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(output.get_output().stderr.clone()).unwrap();
    assert!(stdout.contains("built 3 day(s)"), "{stdout}");
    let ignored: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: file ignored: not a day file"))
        .collect();
    assert_eq!(ignored.len(), 2, "{stderr}");
    assert!(stderr.contains("content/2025/08/._12.yaml"));
    assert!(stderr.contains("content/2025/08/x/11.yaml"));
}

#[test]
fn note_ids_stay_unique_on_a_page() {
    let work = base_copy();
    let content = work.path().join("content");
    let day = content.join("2025/08/09.yaml");
    let text = fs::read_to_string(&day).unwrap().replace(
        "closing: \"Kính trình¹./.\"\n",
        "closing: \"Kính trình[^2]./.\"\nfootnotes:\n  - { mark: \"2\", text: \"Một\" }\n  - { mark: \"2\", text: \"Hai\" }\n  - { text: \"Ba\" }\n  - { text: \"Bốn\" }\n",
    );
    fs::write(&day, text).unwrap();
    let files = render(&content);
    let page = &files["2025/08/09/index.html"];
    assert_eq!(page.matches("id=\"fn-2\"").count(), 1, "{page}");
    assert_eq!(page.matches("id=\"fn-sao\"").count(), 0);
    assert!(page.contains("Bốn</p>"));
    let mut ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "every id once");
}

#[test]
fn a_file_added_to_or_removed_from_the_site_by_hand_is_noticed() {
    let work = base_copy();
    let build = || {
        let output = daybrief(work.path()).arg("build").assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    };
    build();
    assert!(build().contains("is up to date"));
    let site = work.path().join("site");
    // The site is checked against the records of its files and folders, without listing
    // them: a file more, or one fewer, in any folder must still be seen.
    let stray = site.join("2025/08/09/stray.html");
    fs::write(&stray, "").unwrap();
    assert!(!build().contains("is up to date"));
    assert!(!stray.exists(), "the stray file is removed");
    assert_manifest_matches(&site);
    assert!(build().contains("is up to date"));
    let page = site.join("2025/08/09/index.html");
    let bytes = fs::read(&page).unwrap();
    fs::remove_file(&page).unwrap();
    assert!(!build().contains("is up to date"));
    assert!(fs::read(&page).unwrap() == bytes, "the page is restored");
    assert!(build().contains("is up to date"));
}
