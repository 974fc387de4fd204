//! Incremental builds give the same bytes as full builds. A sample archive is built once, then
//! changed step by step (nothing, a new day, a correction of an old day, a template, the theme,
//! a deleted day); after each step the site rebuilt in place must equal, file for file and byte
//! for byte, a clean build of the same content into an empty folder. Each step also checks that
//! the rebuild did only the work it should (days rendered), so a cache that silently rebuilt
//! everything, or reused a stale day, fails.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::build;
use daybrief::site::BuildSummary;

const DAYS: usize = 40;

fn build_into(content: &Path, out: &Path) -> BuildSummary {
    build(&common::options(content, out)).expect("the sample builds")
}

/// Builds `content` incrementally into `site`, and cleanly into a new folder; the two trees must
/// be identical (the spare beside `site` is not part of the site). Returns the incremental
/// build's summary.
fn rebuild_and_compare(content: &Path, site: &Path, step: &str) -> BuildSummary {
    let summary = build_into(content, site);
    let clean_root = tempfile::tempdir().unwrap();
    let clean = clean_root.path().join("site");
    let full = build_into(content, &clean);
    assert_eq!(
        full.rendered.len(),
        full.days,
        "{step}: a clean build renders every day"
    );
    assert_same_files(&common::read_tree(site), &common::read_tree(&clean), step);
    // The findings kept by the cache are exactly those a clean build finds.
    assert_eq!(
        summary.warnings.render(),
        full.warnings.render(),
        "{step}: the same warnings"
    );
    summary
}

/// `got` holds exactly the files of `expected`, with the same bytes.
fn assert_same_files(
    got: &std::collections::BTreeMap<String, Vec<u8>>,
    expected: &std::collections::BTreeMap<String, Vec<u8>>,
    step: &str,
) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{step}: the same files"
    );
    for (path, bytes) in expected {
        assert!(got[path] == *bytes, "{step}: {path} differs");
    }
}

/// The first `"[1, "<name>", <n>,` row of the online-dossier table, with `n` one higher.
fn change_one_figure(file: &Path) {
    let text = fs::read_to_string(file).unwrap();
    let table = text.find("  ho_so_truc_tuyen:").expect("the table");
    let row = table + text[table..].find("      - [1, \"").expect("its first row");
    let figure_start = row + text[row..].find("\", ").unwrap() + 3;
    let figure_end = figure_start + text[figure_start..].find(',').unwrap();
    let figure: u64 = text[figure_start..figure_end].parse().unwrap();
    let changed = format!(
        "{}{}{}",
        &text[..figure_start],
        figure + 1,
        &text[figure_end..]
    );
    fs::write(file, changed).unwrap();
}

#[test]
fn every_kind_of_rebuild_equals_a_clean_build() {
    let root = tempfile::tempdir().unwrap();
    daybrief::sample::write_sample(root.path(), DAYS).unwrap();
    let content = root.path().join("content");
    let site = root.path().join("site");
    let dates = daybrief::sample::briefing_dates(DAYS);

    let first = rebuild_and_compare(&content, &site, "first build");
    assert_eq!(first.rendered.len(), DAYS);
    assert_eq!(first.outlined, 0, "nothing to outline from yet");
    // A rendered day is read in full with the two briefings before it (compared with the one
    // before, filled from the one before that); its time series read the 29 before it from
    // their outlines, as every other day with kept findings comes from its outline.
    let read_with = 3;

    let unchanged = rebuild_and_compare(&content, &site, "no change");
    assert!(
        unchanged.changes.is_none(),
        "an unchanged archive is up to date"
    );

    let new_day = *dates.last().unwrap() + chrono::Days::new(1);
    let before = common::read_tree(&site);
    daybrief::newday::new_day(&content, new_day, None).unwrap();
    let added = rebuild_and_compare(&content, &site, "one day added");
    // The archive's pages of another month carry their own id, not the build's: unchanged.
    let after = common::read_tree(&site);
    let month_page = |date: NaiveDate| format!("archive/{}/index.html", date.format("%Y/%m"));
    let (old_month, new_month) = (month_page(dates[0]), month_page(new_day));
    assert_ne!(old_month, new_month);
    assert!(
        before[&old_month] == after[&old_month],
        "{old_month} changed"
    );
    assert!(
        before[&new_month] != after[&new_month],
        "{new_month} did not change"
    );
    // The new day, and the day before it (its "next" link).
    assert_eq!(added.rendered.len(), 2);
    // The new day and the day before it are read in full, with the two before that.
    let last_four = [dates[DAYS - 3], dates[DAYS - 2], dates[DAYS - 1], new_day];
    assert_eq!(added.outlined, editions_outside(&content, &last_four));

    let old_day = dates[10];
    let at = old_day.and_hms_opt(20, 0, 0).unwrap() + chrono::Days::new(2);
    let created =
        daybrief::newday::start_correction(&content, old_day, at, Some("sửa một số liệu")).unwrap();
    change_one_figure(&created.path);
    let corrected = rebuild_and_compare(&content, &site, "an old day corrected");
    // The day, and the days whose charts show it (the series window), and no others.
    let window = daybrief::chart::SERIES_WINDOW;
    assert_eq!(corrected.rendered.len(), window.min(DAYS + 1 - 10));
    // Days 10 to 39 are rendered, so they and days 8 and 9 are read in full (every edition);
    // days 0 to 7 and the last are not.
    assert_eq!(corrected.outlined, editions_outside(&content, &dates[8..]));

    let templates = root.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    let report = fs::read_to_string(common::repo().join("templates/report.html")).unwrap();
    let block = report.find("{% block").expect("a block");
    let inside = block + report[block..].find("%}").unwrap() + 2;
    let edited = format!(
        "{}<!-- mẫu riêng -->{}",
        &report[..inside],
        &report[inside..]
    );
    fs::write(templates.join("report.html"), edited).unwrap();
    let templated = rebuild_and_compare(&content, &site, "a template changed");
    assert_eq!(
        templated.rendered.len(),
        DAYS + 1,
        "a template touches every day"
    );
    assert_eq!(templated.outlined, 0);

    let theme = root.path().join("themes/default");
    common::copy_tree(&common::repo().join("themes/default"), &theme);
    let css = theme.join("style.css");
    let styled = format!("{}\n/* màu riêng */\n", fs::read_to_string(&css).unwrap());
    fs::write(&css, styled).unwrap();
    rebuild_and_compare(&content, &site, "the theme changed");

    let last = content.join(format!("{}.yaml", new_day.format("%Y/%m/%d")));
    fs::remove_file(last).unwrap();
    let removed = rebuild_and_compare(&content, &site, "the last day deleted");
    assert_eq!(
        removed.rendered.len(),
        1,
        "the day before loses its next link"
    );
    let last_three = &dates[DAYS - read_with..];
    assert_eq!(removed.outlined, editions_outside(&content, last_three));
    assert!(!site.join(day_dir(new_day)).exists());
}

/// How many day files (editions) of `content` are of none of `dates`: the days a build holds
/// as outlines when it reads those dates in full.
fn editions_outside(content: &Path, dates: &[NaiveDate]) -> usize {
    walkdir::WalkDir::new(content)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter_map(|path| daybrief::day_path::date_from_path(&path))
        .filter(|date| !dates.contains(date))
        .count()
}

/// A time series that only the new day declares: the briefings it shows keep no points of it in
/// their outlines, so they are read in full, and the site equals a clean build.
#[test]
fn a_time_series_the_earlier_days_did_not_declare_reads_them_in_full() {
    let root = tempfile::tempdir().unwrap();
    daybrief::sample::write_sample(root.path(), DAYS).unwrap();
    let content = root.path().join("content");
    let site = root.path().join("site");
    let dates = daybrief::sample::briefing_dates(DAYS);
    rebuild_and_compare(&content, &site, "first build");

    let new_day = *dates.last().unwrap() + chrono::Days::new(1);
    let created = daybrief::newday::new_day(&content, new_day, None).unwrap();
    let own_chart = "charts:\n  xu_huong_do:\n    kind: time_series\n    table: phu_xanh_xa\n    \
                     value: do\n    title: \"Số xã ĐỎ qua các ngày báo cáo\"\n";
    let text = fs::read_to_string(&created.path).unwrap();
    fs::write(&created.path, format!("{text}{own_chart}")).unwrap();
    let added = rebuild_and_compare(&content, &site, "a day with a time series of its own");
    assert_eq!(added.rendered.len(), 2);
    // The new day's series shows it and the 29 briefings before it, all read in full; the
    // briefings before them stay outlines.
    let window = daybrief::chart::SERIES_WINDOW;
    let shown: Vec<NaiveDate> = (dates[DAYS + 1 - window..].iter().copied())
        .chain([new_day])
        .collect();
    assert_eq!(added.outlined, editions_outside(&content, &shown));
    let svg = common::read_tree(&site)
        .into_iter()
        .find(|(path, _)| path.starts_with("files/xu_huong_do."))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .expect("the new day's own time series is drawn");
    // Its points: the new day's and the 29 briefings' before it, read from their tables.
    assert!(svg.contains("<title id=\"t\">Số xã ĐỎ qua các ngày báo cáo</title>"));
    assert!(svg.contains("theo ngày, 30 ngày báo cáo:"), "{svg}");
}

fn day_dir(date: NaiveDate) -> String {
    date.format("%Y/%m/%d").to_string()
}

/// The findings cache beside the site may be cut short, overwritten or left by another
/// daybrief: the next build says it ignored it, and its site and warnings are exactly those of
/// a build without it. The example publication has warnings (a site with warnings is rebuilt
/// even when nothing changed), so its findings are what the cache holds.
#[test]
fn a_damaged_findings_cache_is_ignored_and_changes_nothing() {
    let content = common::repo().join("content");
    let root = tempfile::tempdir().unwrap();
    let site = root.path().join("site");
    let clean = build_into(&content, &site);
    assert!(
        clean.warnings.warning_count() > 0,
        "the example has warnings"
    );
    assert_eq!(clean.notes, Vec::<String>::new());
    let clean_tree = common::read_tree(&site);
    let cache = daybrief::site::findings_cache_path(&site);

    // Nothing changed: the site is up to date, its warnings said again from the cache.
    let kept = build_into(&content, &site);
    assert_eq!(kept.notes, Vec::<String>::new());
    assert!(kept.changes.is_none(), "up to date");
    assert_eq!(kept.warnings.render(), clean.warnings.render());

    let good = fs::read(&cache).unwrap();
    let magic_end = good.iter().position(|b| *b == b'\n').unwrap() + 1;
    let fingerprint_end = magic_end + good[magic_end..].iter().position(|b| *b == b'\n').unwrap();
    let mut other_version = good[..magic_end].to_vec();
    other_version.extend_from_slice(b"daybrief 0.0.1");
    other_version.extend_from_slice(&good[fingerprint_end..]);
    let damages: [(&str, Vec<u8>, &str); 3] = [
        (
            "truncated",
            good[..good.len() - 40].to_vec(),
            "it is damaged or cut short (its checksum does not match)",
        ),
        (
            "random bytes",
            (0..good.len()).map(|i| (i * 7919 % 251) as u8).collect(),
            "it is not a daybrief findings cache",
        ),
        (
            "another version",
            other_version,
            "it was made by another version of daybrief",
        ),
    ];
    for (damage, bytes, why) in damages {
        fs::write(&cache, bytes).unwrap();
        let rebuilt = build_into(&content, &site);
        assert!(
            rebuilt.changes.is_some(),
            "{damage}: without the cache the build runs"
        );
        assert_eq!(
            rebuilt.notes,
            vec![format!(
                "ignored the findings cache {}: {why}; every day was checked again",
                cache.display()
            )],
            "{damage}"
        );
        assert_eq!(
            rebuilt.warnings.render(),
            clean.warnings.render(),
            "{damage}"
        );
        assert!(
            common::read_tree(&site) == clean_tree,
            "{damage}: the site differs"
        );
        // The build wrote a good cache again.
        assert_eq!(fs::read(&cache).unwrap(), good, "{damage}");
    }
}

/// The parsed-day cache damaged three ways, its parsed days and its day outlines alike: each
/// time every damaged entry is ignored with a note, its file parsed and typed again, and the
/// site and warnings are those of a clean build.
#[test]
fn a_damaged_parsed_day_cache_is_ignored_and_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    common::copy_tree(&common::repo().join("content"), &content);
    let site = root.path().join("site");
    build_into(&content, &site);
    let folder = daybrief::load::DayCache::folder_for(&site);
    // The entries whose magic line starts with `magic`.
    let entries = |magic: &str| {
        let mut found: Vec<PathBuf> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| fs::read(p).unwrap().starts_with(magic.as_bytes()))
            .collect();
        found.sort();
        found
    };
    let kinds = [
        ("daybrief parsed day", "a parsed day"),
        ("daybrief day outline", "a day outline"),
    ];
    for (magic, _) in kinds {
        assert_eq!(entries(magic).len(), 2, "{magic}: one entry per day file");
    }
    type Damage = fn(&[u8]) -> Vec<u8>;
    let damages: [(&str, Damage, &str); 3] = [
        (
            "truncated",
            |good| good[..good.len() - 40].to_vec(),
            "it is damaged or cut short (its checksum does not match)",
        ),
        (
            "random bytes",
            |good| (0..good.len()).map(|i| (i * 7919 % 251) as u8).collect(),
            "it is not {kind}",
        ),
        (
            "another version",
            |good| {
                let magic_end = good.iter().position(|b| *b == b'\n').unwrap() + 1;
                let fingerprint_end =
                    magic_end + good[magic_end..].iter().position(|b| *b == b'\n').unwrap();
                let mut other = good[..magic_end].to_vec();
                other.extend_from_slice(b"daybrief 0.0.1");
                other.extend_from_slice(&good[fingerprint_end..]);
                other
            },
            "it was made by another version of daybrief",
        ),
    ];
    let edited = content.join("2025/09/22.yaml");
    for (step, (damage, damaged, why)) in damages.into_iter().enumerate() {
        let good: Vec<Vec<(PathBuf, Vec<u8>)>> = kinds
            .iter()
            .map(|(magic, _)| {
                entries(magic)
                    .into_iter()
                    .map(|p| (p.clone(), fs::read(&p).unwrap()))
                    .collect()
            })
            .collect();
        for (path, bytes) in good.iter().flatten() {
            fs::write(path, damaged(bytes)).unwrap();
        }
        // 22/9 changes, so the build runs and reads 9/8 from its damaged entries.
        let mut text = fs::read_to_string(&edited).unwrap();
        text.push_str(&format!("# sửa lần {step}\n"));
        fs::write(&edited, text).unwrap();
        let rebuilt = build_into(&content, &site);
        let mut notes = Vec::new();
        for ((magic, kind), good) in kinds.iter().zip(&good) {
            // 22/9's old entry is gone; 9/8's is there, written again as it was.
            let now = entries(magic);
            assert_eq!(now.len(), 2, "{damage}, {magic}: {now:?}");
            let kept: Vec<&(PathBuf, Vec<u8>)> = good.iter().filter(|(p, _)| p.exists()).collect();
            assert_eq!(kept.len(), 1, "{damage}, {magic}");
            let (nine_august, bytes) = kept[0];
            assert_eq!(&fs::read(nine_august).unwrap(), bytes, "{damage}, {magic}");
            let why = why.replace("{kind}", kind);
            let entry = nine_august.file_name().unwrap().to_string_lossy();
            notes.push(match *magic {
                "daybrief parsed day" => format!(
                    "ignored 1 entry of the parsed-day cache {}: {why} (entry {entry}); its file was parsed again",
                    folder.display(),
                ),
                _ => format!(
                    "ignored 1 day outline of the parsed-day cache {}: {why} (entry {entry}); its day was typed again",
                    folder.display(),
                ),
            });
        }
        assert_eq!(rebuilt.notes, notes, "{damage}");
        let clean_root = tempfile::tempdir().unwrap();
        let clean_site = clean_root.path().join("site");
        let clean = build_into(&content, &clean_site);
        assert_eq!(
            rebuilt.warnings.render(),
            clean.warnings.render(),
            "{damage}"
        );
        assert!(
            common::read_tree(&site) == common::read_tree(&clean_site),
            "{damage}: the site differs from a clean build"
        );
    }
}

/// A year's search index, its entity pages and its archive page are made again only when one
/// of its days changed (the newest month's index and a month's archive page only when one of
/// the month's did): the other files are kept as they are, and still equal a fresh render's.
#[test]
fn a_year_whose_days_did_not_change_keeps_its_search_index_entity_and_archive_pages() {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    common::copy_tree(&common::repo().join("content"), &content);
    // A briefing in 2024 too: 9/8/2025's file, a year earlier.
    let text = fs::read_to_string(content.join("2025/08/09.yaml")).unwrap();
    fs::create_dir_all(content.join("2024/08")).unwrap();
    let earlier = text.replacen("date: 2025-08-09", "date: 2024-08-09", 1);
    fs::write(content.join("2024/08/09.yaml"), earlier).unwrap();
    let mut kept = Kept::default();
    serve_render_and_compare(&content, &mut kept, "first render");
    assert_eq!(kept.kept_site_wide, Vec::<String>::new());
    let edited = content.join("2025/09/22.yaml");
    let mut text = fs::read_to_string(&edited).unwrap();
    text.push_str("# sửa\n");
    fs::write(&edited, text).unwrap();
    serve_render_and_compare(&content, &mut kept, "22/9 edited");
    let mut expected: Vec<String> = (kept.site.keys())
        .filter(|path| path.starts_with("entities/") && path.ends_with("/2024/index.html"))
        .cloned()
        .collect();
    assert_eq!(expected.len(), 34, "each province has its page of 2024");
    // 2025's file holds August; September, the newest month, is in a file of its own.
    expected.extend(["search/2024.js".into(), "search/2025.js".into()]);
    // The archive's pages of 2024, of August 2024 and of August 2025; not 2025's nor
    // September's, which list 22/9.
    expected.extend([
        "archive/2024/index.html".into(),
        "archive/2024/08/index.html".into(),
        "archive/2025/08/index.html".into(),
    ]);
    expected.sort();
    kept.kept_site_wide.sort();
    assert_eq!(kept.kept_site_wide, expected);
}

/// The shared files of a site (`files/…`) by the day folders that link them, from its moved map.
fn shared_by_day(
    site: &Path,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let map = fs::read_to_string(site.join(".daybrief-moved.map")).unwrap();
    let mut users: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for line in map.lines().filter(|l| l.starts_with('"')) {
        let old = line.split('"').nth(1).unwrap();
        let shared = common::moved_in(site, old);
        users
            .entry(shared)
            .or_default()
            .insert(old[..10].to_owned());
    }
    users
}

/// A chart or CSV file is one file however many days link it: deleting a day removes the files
/// only it linked and keeps those a day the build did not render still links.
#[test]
fn a_shared_file_lives_as_long_as_a_day_links_it() {
    let root = tempfile::tempdir().unwrap();
    daybrief::sample::write_sample(root.path(), DAYS).unwrap();
    let content = root.path().join("content");
    let site = root.path().join("site");
    rebuild_and_compare(&content, &site, "first build");
    let users = shared_by_day(&site);
    let listed: std::collections::BTreeSet<String> = fs::read_dir(site.join("files"))
        .unwrap()
        .map(|e| format!("files/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(
        listed,
        users.keys().cloned().collect(),
        "every shared file is linked, and every link has its file"
    );
    // A day with a file of its own and a file it shares with the two briefings before it or
    // more (the first of them is not rendered again when it is deleted).
    let (gone_day, only_its, still_shared) = users
        .iter()
        .filter(|(_, days)| days.len() >= 3)
        .filter_map(|(shared, days)| {
            let last = days.last()?;
            let own = users
                .iter()
                .find(|(_, d)| d.len() == 1 && d.contains(last))?;
            Some((last.clone(), own.0.clone(), shared.clone()))
        })
        .find(|(day, _, _)| !content.join(format!("{day}.2.yaml")).exists())
        .expect("the sample has a CSV file shared by three days");
    let sharing = users[&still_shared].len();
    fs::remove_file(content.join(format!("{gone_day}.yaml"))).unwrap();
    let summary = rebuild_and_compare(&content, &site, "a day that shares a file deleted");
    assert!(
        summary.rendered.len() < DAYS - 1,
        "the day sharing it was not rendered"
    );
    assert!(
        !site.join(&only_its).exists(),
        "{only_its} is linked by no day"
    );
    assert!(
        site.join(&still_shared).exists(),
        "{still_shared} is still linked"
    );
    assert_eq!(
        shared_by_day(&site)[&still_shared].len(),
        sharing - 1,
        "{still_shared}: one day fewer links it"
    );
}

/// What `serve` keeps from one in-memory render to the next.
#[derive(Default)]
struct Kept {
    typed: daybrief::check::TypedDays,
    days: std::sync::Arc<daybrief::load::DayCache>,
    previous: Option<daybrief::render::BuildState>,
    findings: daybrief::cache::FindingsCache,
    site: std::collections::BTreeMap<String, Vec<u8>>,
    /// The warnings of the last render.
    warnings: String,
    /// The site-wide files the last render kept from the one before (not day files).
    kept_site_wide: Vec<String>,
    /// The input files' digests by stat: the unchanged day files are not read again.
    inputs: daybrief::load::InputRecords,
}

/// Renders in memory as `serve` does, reusing what `kept` holds, and checks that the site and
/// the warnings equal a fresh render's. Returns how many days were reused typed.
fn serve_render_and_compare(content: &Path, kept: &mut Kept, step: &str) -> usize {
    use daybrief::site::{Goal, Reuse, run};
    let options = common::options(content, Path::new("unused"));
    let before = kept.typed.reused();
    let shown = std::sync::Mutex::new(Vec::new());
    let show = |files: &[daybrief::render::OutputFile]| {
        shown.lock().unwrap().extend(files.iter().cloned());
    };
    let (_, recorded) = daybrief::load::input_digest(&options.sources, &kept.inputs).unwrap();
    kept.inputs = recorded.clone();
    let reuse = Reuse {
        inputs: None,
        days: Some(&kept.days),
        typed: Some(&kept.typed),
        previous: kept.previous.as_ref(),
        findings: Some(&kept.findings),
        days_done: Some(daybrief::site::DaysDone(&show)),
        recorded: Some(&recorded),
    };
    let summary = run(&options, Goal::Render(reuse), &daybrief::progress::Silent).unwrap();
    let rendered = summary.site.unwrap();
    kept.kept_site_wide = (rendered.kept.iter())
        .map(|f| f.path.clone())
        .filter(|path| !path.starts_with("files/") && !path.starts_with(char::is_numeric))
        .collect();
    let mut site: std::collections::BTreeMap<String, Vec<u8>> = rendered
        .kept
        .iter()
        .map(|file| (file.path.clone(), kept.site[&file.path].clone()))
        .collect();
    site.extend(rendered.files.into_iter().map(|f| (f.path, f.bytes)));
    let (fresh, fresh_warnings, _) = common::render_site(&options).unwrap();
    let fresh: std::collections::BTreeMap<String, Vec<u8>> =
        fresh.into_iter().map(|f| (f.path, f.bytes)).collect();
    assert_same_files(&site, &fresh, step);
    assert_eq!(
        summary.warnings.render(),
        fresh_warnings.render(),
        "{step}: the same warnings"
    );
    // What was shown before the site-wide pages is exactly the rendered days' files, as the
    // finished site has them.
    let shown = shown.into_inner().unwrap();
    let days: Vec<String> = summary
        .rendered
        .iter()
        .map(|d| d.format("%Y/%m/%d/").to_string())
        .collect();
    for file in &shown {
        assert!(
            fresh[&file.path] == file.bytes,
            "{step}: {} shown",
            file.path
        );
    }
    for path in fresh
        .keys()
        .filter(|p| days.iter().any(|d| p.starts_with(d.as_str())))
    {
        assert!(
            shown.iter().any(|f| &f.path == path),
            "{step}: {path} of a rendered day was not shown early"
        );
    }
    kept.previous = Some(daybrief::render::BuildState {
        units: rendered.units,
        year_files: rendered.year_files,
    });
    kept.findings = summary.findings;
    kept.warnings = summary.warnings.render();
    kept.site = site;
    kept.typed.reused() - before
}

#[test]
fn serve_types_only_the_changed_days_and_renders_what_a_fresh_render_does() {
    const SERVED: usize = 12;
    let root = tempfile::tempdir().unwrap();
    daybrief::sample::write_sample(root.path(), SERVED).unwrap();
    let content = root.path().join("content");
    let dates = daybrief::sample::briefing_dates(SERVED);
    let file = |date: NaiveDate| content.join(format!("{}.yaml", date.format("%Y/%m/%d")));
    // A total given wrong: typing the day warns, and later renders that reuse the day typed
    // must still say so.
    let schema = content.join("tables/ho_so_truc_tuyen.yaml");
    let given = fs::read_to_string(&schema)
        .unwrap()
        .replace("total_row: computed", "total_row: given");
    fs::write(&schema, given).unwrap();
    let warned = file(dates[2]);
    let text = fs::read_to_string(&warned).unwrap();
    let table_end = text.find("\n  nhiem_vu_qua_han:").expect("the table after");
    let total = "\n    total: [\"Tổng\", 1, 1, 2, \"50%\"]";
    fs::write(
        &warned,
        format!("{}{total}{}", &text[..table_end], &text[table_end..]),
    )
    .unwrap();
    let mut kept = Kept::default();

    assert_eq!(serve_render_and_compare(&content, &mut kept, "first"), 0);
    let said = "the total of `Trực tiếp` is given as 1";
    assert!(kept.warnings.contains(said), "{}", kept.warnings);
    assert_eq!(
        serve_render_and_compare(&content, &mut kept, "no change"),
        SERVED
    );
    change_one_figure(&file(dates[3]));
    assert_eq!(
        serve_render_and_compare(&content, &mut kept, "a figure changed"),
        SERVED - 1,
        "every other day is reused"
    );
    change_one_figure(&file(dates[7]));
    assert_eq!(
        serve_render_and_compare(&content, &mut kept, "another day changed"),
        SERVED - 1
    );
    assert!(kept.warnings.contains(said), "still said when reused");
    fs::remove_file(file(dates[5])).unwrap();
    assert_eq!(
        serve_render_and_compare(&content, &mut kept, "a day deleted"),
        SERVED - 1
    );
    // The publication types every day: none is reused once it changes.
    let publication = content.join("publication.yaml");
    let text = fs::read_to_string(&publication).unwrap();
    fs::write(
        &publication,
        text.replacen("title: ", "title: Bản mới — ", 1),
    )
    .unwrap();
    assert_eq!(
        serve_render_and_compare(&content, &mut kept, "the publication changed"),
        0
    );
}

/// Sets the modification time of every file under `dir` to an hour ago: files long settled,
/// whose recorded stat a build trusts instead of hashing them.
fn settle(dir: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let file = fs::File::options().write(true).open(entry.path()).unwrap();
            file.set_modified(hour_ago).unwrap();
        }
    }
}

#[test]
fn a_day_rewritten_in_place_with_its_time_restored_is_rebuilt() {
    let root = tempfile::tempdir().unwrap();
    daybrief::sample::write_sample(root.path(), 3).unwrap();
    let content = root.path().join("content");
    let site = root.path().join("site");
    settle(&content);
    build_into(&content, &site);
    assert!(daybrief::load::InputRecords::path_for(&site).is_file());
    assert!(build_into(&content, &site).changes.is_none(), "up to date");

    // One figure of a day changed to another of as many digits, in place: same size, same
    // inode, and the modification time put back as it was.
    let date = daybrief::sample::briefing_dates(3)[1];
    let day = content.join(date.format("%Y/%m/%d.yaml").to_string());
    let before = fs::metadata(&day).unwrap();
    let text = fs::read_to_string(&day).unwrap();
    let table = text.find("  ho_so_truc_tuyen:").expect("the table");
    let row = table + text[table..].find("      - [1, \"").expect("its first row");
    let at = row + text[row..].find("\", ").unwrap() + 3;
    let digit = text.as_bytes()[at];
    assert!(digit.is_ascii_digit());
    let other = if digit == b'9' { b'8' } else { digit + 1 };
    {
        use std::io::{Seek, Write};
        let mut file = fs::File::options().write(true).open(&day).unwrap();
        file.seek(std::io::SeekFrom::Start(at as u64)).unwrap();
        file.write_all(&[other]).unwrap();
        file.set_modified(before.modified().unwrap()).unwrap();
    }
    let after = fs::metadata(&day).unwrap();
    assert_eq!(after.len(), before.len());
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());

    let rebuilt = rebuild_and_compare(&content, &site, "a day rewritten in place");
    assert!(rebuilt.changes.is_some(), "not up to date");
    assert!(rebuilt.rendered.contains(&date), "{:?}", rebuilt.rendered);
}
