//! Atomic publishing under SIGKILL: builds of a sample archive are killed at random moments
//! spread over a whole build. After each kill `site/` must be exactly the previous or exactly the
//! new complete site, checked file by file against its own manifest, and no content file may
//! have changed. The seed is printed; `DAYBRIEF_KILL_SEED=<seed>` replays the same moments. The
//! report (seed, timings, where each kill landed) is printed and written to
//! `target/test-artefacts/publish-kill.txt`. Linux only: elsewhere publishing falls back to two
//! renames, with the short window the README documents.
#![cfg(target_os = "linux")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use daybrief::ident::sha256_hex;

/// Builds killed at a moment anywhere in a build.
const KILLS: usize = 24;
/// Builds killed at a moment while publishing (a short part of a build), so that every run
/// kills some builds while they update the spare, swap, and keep the old site as the spare.
const PUBLISHING_KILLS: usize = 8;
/// Days of the sample archive: 976 files, 13 MB of site; a debug build takes seconds.
const DAYS: usize = 30;
/// Kills are spread over this multiple of a measured build, so some builds finish first.
const SPREAD: f64 = 1.2;

fn daybrief() -> Command {
    Command::new(env!("CARGO_BIN_EXE_daybrief"))
}

fn run(command: &mut Command) {
    let output = command.output().expect("daybrief runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn build(content: &Path, site: &Path) -> Command {
    let mut command = daybrief();
    command
        .args(["build", "--content"])
        .arg(content)
        .arg("--out")
        .arg(site)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// SHA-256 of every file under `dir`, by relative path.
fn hash_tree(dir: &Path) -> BTreeMap<String, String> {
    common::read_tree(dir)
        .into_iter()
        .map(|(path, bytes)| (path, sha256_hex(&bytes)))
        .collect()
}

/// Checks that `site` is a complete site: every file its manifest lists exists with that
/// SHA-256, the marker exists, and no other file exists. Returns the manifest.
fn check_site(site: &Path) -> Result<String, String> {
    if !site.is_dir() {
        return Err(format!("{} does not exist", site.display()));
    }
    let manifest = fs::read_to_string(site.join("manifest.json"))
        .map_err(|e| format!("manifest.json: {e}"))?;
    let parsed: serde_json::Value =
        serde_json::from_str(&manifest).map_err(|e| format!("manifest.json: {e}"))?;
    let listed = parsed["files"]
        .as_array()
        .ok_or("manifest.json: no files")?;
    let mut expected = BTreeSet::from([
        "manifest.json".to_string(),
        ".daybrief-site".into(),
        ".daybrief-state.bin".into(),
        ".daybrief-stamp.json".into(),
    ]);
    let found = hash_tree(site);
    for entry in listed {
        let path = entry["path"].as_str().unwrap_or_default().to_string();
        match found.get(&path) {
            None => return Err(format!("{path} is missing")),
            Some(sha) if entry["sha256"] != *sha => return Err(format!("{path} differs")),
            Some(_) => expected.insert(path),
        };
    }
    let present: BTreeSet<String> = found.into_keys().collect();
    if let Some(extra) = present.difference(&expected).next() {
        return Err(format!("{extra} is not in the manifest"));
    }
    if let Some(missing) = expected.difference(&present).next() {
        return Err(format!("{missing} is missing"));
    }
    Ok(manifest)
}

/// The manifest of `site`, which must be complete.
fn verify_site(site: &Path) -> String {
    check_site(site).unwrap_or_else(|problem| panic!("{problem}"))
}

/// The spare tree beside `site/`: the site before last, which the next build updates in place.
const SPARE: &str = ".daybrief-spare-site";

/// Folders beside `site/` that are not a finished site: staging folders (of a running or
/// killed build, or an old site on its way to being the spare), and the spare while a build
/// updates it (its manifest is removed first and written last).
fn leftovers(parent: &Path) -> BTreeSet<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name != "site"
                && name != ".daybrief-files-site"
                && name != ".daybrief-inputs-site"
                && name != ".daybrief-cache-site"
                && name != ".daybrief-days-site"
        })
        .filter(|name| name != SPARE || !parent.join(SPARE).join("manifest.json").exists())
        .collect()
}

/// When to kill a build: a time after its start, or after publishing began (a staging folder
/// appeared, or the spare lost its manifest: see `leftovers`).
#[derive(Debug, Clone, Copy)]
enum Moment {
    AfterStart(Duration),
    AfterStaging(Duration),
}

/// What was seen of one build.
struct Run {
    /// When its staging folder appeared (publishing began), after the start.
    staging_seen: Option<Duration>,
    /// When it ended or was killed, after the start.
    ended: Duration,
    /// Whether it ended by itself (and succeeded) before the kill.
    finished: bool,
}

/// Runs a build of `content` into `site`, watching every millisecond for its staging folder
/// and its end, and kills it (SIGKILL) at `kill`.
fn watch_build(content: &Path, site: &Path, kill: Option<Moment>) -> Run {
    let parent = site.parent().unwrap();
    let before = leftovers(parent);
    let start = Instant::now();
    let mut child = build(content, site).spawn().unwrap();
    let mut staging_seen = None;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            // Not killed yet: it ended by itself, so it must have succeeded.
            assert!(status.success(), "build of {content:?}: {status}");
            let ended = start.elapsed();
            return Run {
                staging_seen,
                ended,
                finished: true,
            };
        }
        if staging_seen.is_none() && !leftovers(parent).is_subset(&before) {
            staging_seen = Some(start.elapsed());
        }
        let due = match kill {
            None => false,
            Some(Moment::AfterStart(after)) => start.elapsed() >= after,
            Some(Moment::AfterStaging(after)) => {
                staging_seen.is_some_and(|seen| start.elapsed() >= seen + after)
            }
        };
        if due {
            // An error would only mean that the build ended just now.
            let _ = child.kill();
            child.wait().unwrap();
            let ended = start.elapsed();
            return Run {
                staging_seen,
                ended,
                finished: false,
            };
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// splitmix64: enough randomness for delays, and replayable from the printed seed.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    }
}

fn seed() -> u64 {
    match std::env::var("DAYBRIEF_KILL_SEED") {
        Ok(seed) => seed.parse().expect("DAYBRIEF_KILL_SEED is a number"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    }
}

/// Where a kill landed, in build order; each is one outcome of the match in the test.
const PHASES: [&str; 5] = [
    "before the swap, loading/checking/rendering  -> previous site",
    "before the swap, updating the spare/staging  -> previous site",
    "after the swap, old site not yet the spare   -> new site",
    "after the swap, old site is the spare        -> new site",
    "after the build had finished                 -> new site",
];

/// One of the two archives, and the manifest of its complete site.
struct Archive {
    content: PathBuf,
    manifest: String,
}

#[test]
fn a_killed_build_leaves_the_previous_or_the_new_complete_site() {
    let started = Instant::now();
    let root = tempfile::tempdir().unwrap();
    // Two archives: the sample, and the sample plus one day.
    // Three archives: the sample, plus one day, plus two days. Builds cycle through them, so
    // the spare (the site before last) always differs from the site being built and each
    // build really updates it.
    let contents: Vec<PathBuf> = ["a", "b", "c"]
        .iter()
        .map(|name| root.path().join(name).join("content"))
        .collect();
    run(daybrief()
        .args(["sample", "--days", &DAYS.to_string(), "--out"])
        .arg(root.path().join("a")));
    let last = *daybrief::sample::briefing_dates(DAYS).last().unwrap();
    for (i, content) in contents.iter().enumerate().skip(1) {
        common::copy_tree(&contents[i - 1], content);
        let next_day = last + chrono::Days::new(i as u64);
        run(daybrief()
            .args(["new", &next_day.to_string(), "--content"])
            .arg(content));
    }
    let content_before: Vec<_> = contents.iter().map(|c| hash_tree(c)).collect();

    let parent = root.path().join("out");
    fs::create_dir(&parent).unwrap();
    let site = parent.join("site");
    // c, then b, then a: normal replacements (the last with the spare in place), whose two
    // parts are timed (until publishing begins; from then until the end).
    let mut manifests = vec![String::new(); 3];
    let mut runs = Vec::new();
    for i in [2, 1, 0] {
        runs.push(watch_build(&contents[i], &site, None));
        manifests[i] = verify_site(&site);
    }
    assert!(manifests[0] != manifests[1] && manifests[1] != manifests[2]);
    let seen = |run: &Run| run.staging_seen.expect("publishing was seen");
    let timed = &runs[2];
    let publish = timed.ended - seen(timed);
    let render = runs.iter().map(seen).sum::<Duration>() / 3;
    let archives: Vec<Archive> = contents
        .into_iter()
        .zip(manifests)
        .map(|(content, manifest)| Archive { content, manifest })
        .collect();

    let seed = seed();
    let mut rng = Rng(seed);
    let mut counts = [0; PHASES.len()];
    let mut log = String::new();
    // Each build replaces the live site with the archive that is neither live nor the spare
    // (a, c, b, a, …), so the spare is never already the site being built.
    let mut current = 0;
    for kill in 0..KILLS + PUBLISHING_KILLS {
        let (previous, next) = (&archives[current], &archives[(current + 2) % 3]);
        // One kill in each of KILLS equal slices of the spread, at a random point of it, then
        // the same over the publishing part. A point in the publishing part is timed from when
        // the staging folder appears, so that a slow render on a busy machine does not push
        // the kills meant for publishing past its end.
        let (slice, slices, span) = if kill < KILLS {
            (kill, KILLS, render + publish)
        } else {
            (kill - KILLS, PUBLISHING_KILLS, publish)
        };
        let at = SPREAD * (slice as f64 + rng.unit()) / slices as f64;
        let mut point = span.mul_f64(at);
        if kill >= KILLS {
            point += render;
        }
        let moment = match point.checked_sub(render) {
            Some(after) => Moment::AfterStaging(after),
            None => Moment::AfterStart(point),
        };
        let before = leftovers(&parent);
        let run = watch_build(&next.content, &site, Some(moment));

        let now = check_site(&site)
            .unwrap_or_else(|e| panic!("kill {kill} (seed {seed}, {moment:?}): {e}"));
        let swapped = now == next.manifest;
        assert!(
            swapped || now == previous.manifest,
            "kill {kill} (seed {seed}, {moment:?}): site/ is complete but neither site"
        );
        let staged = !leftovers(&parent).is_subset(&before);
        let phase = match (swapped, staged, run.finished) {
            (false, false, _) => 0,
            (false, true, _) => 1,
            (true, true, _) => 2,
            (true, false, false) => 3,
            (true, false, true) => 4,
        };
        counts[phase] += 1;
        writeln!(
            log,
            "  kill {kill:>2} at {at:.3} of {}: {moment:?}, ended {:.2} s: {}",
            if kill < KILLS {
                "a build"
            } else {
                "publishing"
            },
            run.ended.as_secs_f64(),
            PHASES[phase]
        )
        .unwrap();
        if swapped {
            current = (current + 2) % 3;
        }
    }

    // An uncut build succeeds and removes every leftover of the killed ones.
    let next = (current + 2) % 3;
    watch_build(&archives[next].content, &site, None);
    assert_eq!(verify_site(&site), archives[next].manifest);
    assert_eq!(leftovers(&parent), BTreeSet::new(), "leftovers not removed");
    // The spare is the previous site, complete, ready for the next build to update.
    assert_eq!(verify_site(&parent.join(SPARE)), archives[current].manifest);
    let content_after: Vec<_> = archives.iter().map(|a| hash_tree(&a.content)).collect();
    assert_eq!(content_after, content_before);

    let mut report = format!(
        "publish kill test: {KILLS} + {PUBLISHING_KILLS} kills (SIGKILL), seed {seed}, sample of \
         {DAYS} days; one build {:.2} s until publishing + {:.2} s publishing; the kills spread \
         over {SPREAD} x a build, then over {SPREAD} x publishing\n",
        render.as_secs_f64(),
        publish.as_secs_f64()
    );
    for (phase, count) in PHASES.iter().zip(counts) {
        writeln!(report, "  {count:>2} x {phase}").unwrap();
    }
    writeln!(
        report,
        "total {:.1} s\n{log}",
        started.elapsed().as_secs_f64()
    )
    .unwrap();
    eprint!("{report}");
    let artefacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../test-artefacts");
    fs::create_dir_all(&artefacts).unwrap();
    fs::write(artefacts.join("publish-kill.txt"), report).unwrap();
}

#[test]
fn the_site_check_finds_a_changed_a_missing_and_an_extra_file() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let manifest = format!(
        r#"{{"files": [{{"path": "a/b.html", "sha256": "{}"}}]}}"#,
        sha256_hex(b"page")
    );
    fs::write(site.join("manifest.json"), &manifest).unwrap();
    fs::write(site.join(".daybrief-site"), "").unwrap();
    fs::write(site.join(".daybrief-state.bin"), "{}").unwrap();
    fs::write(site.join(".daybrief-stamp.json"), "{}").unwrap();
    fs::create_dir(site.join("a")).unwrap();
    fs::write(site.join("a/b.html"), "page").unwrap();
    assert_eq!(check_site(site), Ok(manifest));

    fs::write(site.join("a/c.html"), "stray").unwrap();
    assert_eq!(
        check_site(site),
        Err("a/c.html is not in the manifest".into())
    );
    fs::remove_file(site.join("a/c.html")).unwrap();
    fs::write(site.join("a/b.html"), "half").unwrap();
    assert_eq!(check_site(site), Err("a/b.html differs".into()));
    fs::remove_file(site.join("a/b.html")).unwrap();
    assert_eq!(check_site(site), Err("a/b.html is missing".into()));
    fs::write(site.join("a/b.html"), "page").unwrap();
    fs::remove_file(site.join(".daybrief-site")).unwrap();
    assert_eq!(check_site(site), Err(".daybrief-site is missing".into()));
}
