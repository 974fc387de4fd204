//! A headless Chromium, kept offline, driven over the DevTools protocol: a WebSocket per tab,
//! one command at a time (each tab is used by one thread).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::error::Error;

mod devtools;

use devtools::Connection;
pub use devtools::Tab;

/// The variable naming the browser to use instead of the first Chromium found in `PATH`.
pub const BROWSER_VARIABLE: &str = "DAYBRIEF_CHROMIUM";

/// Names a Chromium has in `PATH`, most wanted first: the headless shell, which prints the
/// same bytes as the full browser (with [`HINTING`]) for about half the CPU time (Google's
/// `chrome-headless-shell`, Debian's `chromium-headless-shell`), then the full browsers.
const NAMES: [&str; 6] = [
    "chrome-headless-shell",
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The program Debian's `chromium-headless-shell` script runs. The script does not `exec` it,
/// so the browser would not get the parent-death signal: it is run directly.
const DEBIAN_HEADLESS_SHELL: &str = "/usr/lib/chromium/chromium-headless-shell";

/// Glyphs placed as laid out, not moved to the font's hinting grid: the headless shell hints
/// fully unless told, which spaces letters differently from the full browser (and splits words
/// in the PDF's text: "Bằ ng"). With it, both print the same bytes.
const HINTING: &str = "--font-render-hinting=none";

/// What to install, said in every error about a missing or broken browser.
const INSTALL: &str = "Debian: `apt-get install chromium-headless-shell`, or `chromium`";

/// How long a page may take to load and print.
const PAGE_TIMEOUT: Duration = Duration::from_secs(180);

/// How much of what the browser says on stderr is kept, in bytes.
const STDERR_KEPT: usize = 16 * 1024;

/// How long the browser may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running browser; stopped when dropped.
pub struct Browser {
    child: Child,
    /// Its profile, removed with it.
    _profile: tempfile::TempDir,
    port: u16,
    /// The browser's own endpoint: `/devtools/browser/<id>`.
    endpoint: String,
}

/// The browser to run: `DAYBRIEF_CHROMIUM`, or the first of [`NAMES`] in `PATH`.
fn executable() -> Result<PathBuf, Error> {
    if let Some(path) = std::env::var_os(BROWSER_VARIABLE) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        return Err(Error::Refused(format!(
            "{BROWSER_VARIABLE} names `{}`, which is not a file: PDF files are printed with Chromium. Install it ({INSTALL}) and set {BROWSER_VARIABLE} to its path, or leave {BROWSER_VARIABLE} unset",
            path.display()
        )));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(found) = find_in(&path, Path::new(DEBIAN_HEADLESS_SHELL)) {
        return Ok(found);
    }
    Err(Error::Refused(format!(
        "PDF files are printed with Chromium, and none was found (looked for {} in PATH). Install it ({INSTALL}), or set {BROWSER_VARIABLE} to its path, or build without PDF files (no --pdf, and no `pdf: true` in publication.yaml)",
        NAMES.join(", ")
    )))
}

/// The first of [`NAMES`] in the folders of `path`, in the folders' order; for Debian's
/// headless shell script, the program it runs (`debian`) when that is installed.
fn find_in(path: &std::ffi::OsStr, debian: &Path) -> Option<PathBuf> {
    std::env::split_paths(path).find_map(|dir| {
        NAMES.iter().find_map(|name| {
            let candidate = dir.join(name);
            if !candidate.is_file() {
                return None;
            }
            if *name == "chromium-headless-shell" && debian.is_file() {
                return Some(debian.to_path_buf());
            }
            Some(candidate)
        })
    })
}

/// Where the browser's profile goes unless `TMPDIR` says where: on Linux `/dev/shm`, a memory
/// file system (removing the profile, some 200 files, from a disk took 0.2–0.5 s, from memory
/// a few milliseconds). Otherwise, or if it cannot be written, the system's temporary folder.
fn in_memory() -> Option<&'static Path> {
    let shm = Path::new("/dev/shm");
    (cfg!(target_os = "linux") && std::env::var_os("TMPDIR").is_none() && shm.is_dir())
        .then_some(shm)
}

/// Whether this process runs as root, where Chromium refuses to start with its sandbox.
fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
    }
    #[cfg(not(unix))]
    false
}

impl Browser {
    /// Starts the browser, offline: no DNS, no proxy, no background requests of its own.
    pub fn launch() -> Result<Browser, Error> {
        let program = executable()?;
        let create = |dir: &Path| {
            tempfile::Builder::new()
                .prefix("daybrief-chromium-")
                .tempdir_in(dir)
        };
        let temp = std::env::temp_dir();
        let profile = match in_memory() {
            Some(dir) => create(dir).or_else(|_| create(&temp)),
            None => create(&temp),
        }
        .map_err(|e| Error::io("create", &temp, e))?;
        let scratch = profile.path().join("tmp");
        std::fs::create_dir(&scratch).map_err(|e| Error::io("create", &scratch, e))?;
        let mut command = Command::new(&program);
        command
            .args([
                "--headless",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-domain-reliability",
                "--disable-sync",
                "--disable-breakpad",
                "--disable-quic",
                "--no-pings",
                "--no-proxy-server",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
                "--mute-audio",
                // Every image loads with its page: printing a page with lazy images (charts are
                // `loading="lazy"`) waits some 2 s in Chromium even once they are all loaded.
                "--blink-settings=lazyLoadEnabled=false",
                HINTING,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            // Its own temporary files (the singleton socket's folder) go with the profile: it
            // is killed when done, and has no time to remove them itself.
            .env("TMPDIR", &scratch)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if is_root() {
            command.arg("--no-sandbox");
        }
        command.arg("about:blank");
        #[cfg(target_os = "linux")]
        never_outlive_this_process(&mut command);
        let mut child = command.spawn().map_err(|e| {
            Error::Refused(format!(
                "could not start Chromium (`{}`): {e}. Install it ({INSTALL})",
                program.display()
            ))
        })?;
        // What the browser says on stderr, its last few kilobytes: the reason when it fails.
        let said = Arc::new(Mutex::new(Vec::new()));
        let reader = child.stderr.take().map(|mut stderr| {
            let said = Arc::clone(&said);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n @ 1..) = stderr.read(&mut buffer) {
                    let mut said = said
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    said.extend_from_slice(&buffer[..n]);
                    let excess = said.len().saturating_sub(STDERR_KEPT);
                    said.drain(..excess);
                }
            })
        });
        let broken = |child: &mut Child, why: String| {
            stop(child);
            // Its last words may still be in the pipe: read them, but never wait long for a
            // pipe that a helper process might hold open.
            let waited = Instant::now();
            while reader.as_ref().is_some_and(|r| !r.is_finished())
                && waited.elapsed() < Duration::from_secs(2)
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            let said = said
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let said = String::from_utf8_lossy(&said);
            let tail: Vec<&str> = said.lines().rev().take(5).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            Error::Refused(format!(
                "Chromium (`{}`) {why}{}. Reinstall it (Debian: `apt-get install --reinstall chromium-headless-shell`, or `chromium`), or build without PDF files",
                program.display(),
                if tail.is_empty() {
                    String::new()
                } else {
                    format!(": {}", tail.join(" / "))
                }
            ))
        };
        let port_file = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        loop {
            if let Some((port, endpoint)) = read_port_file(&port_file) {
                return Ok(Browser {
                    child,
                    _profile: profile,
                    port,
                    endpoint,
                });
            }
            match child.try_wait() {
                Ok(Some(status)) => {
                    return Err(broken(
                        &mut child,
                        format!("stopped as it started ({status})"),
                    ));
                }
                Ok(None) if started.elapsed() > START_TIMEOUT => {
                    return Err(broken(
                        &mut child,
                        format!("did not start in {} s", START_TIMEOUT.as_secs()),
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(broken(&mut child, format!("could not be watched: {e}"))),
            }
        }
    }

    /// Opens a new tab.
    pub fn open_tab(&self) -> Result<Tab, String> {
        let mut browser = Connection::open(self.port, &self.endpoint)?;
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}))?;
        let id = target["targetId"]
            .as_str()
            .ok_or("the browser opened no tab")?
            .to_owned();
        let mut page = Connection::open(self.port, &format!("/devtools/page/{id}"))?;
        page.call("Page.enable", json!({}))?;
        Ok(Tab { page })
    }
}

impl Drop for Browser {
    /// Stops the browser and its helper processes before its profile is removed.
    fn drop(&mut self) {
        #[cfg(not(target_os = "linux"))]
        if let Ok(mut browser) = Connection::open(self.port, &self.endpoint) {
            // Asked to close, so that its helper processes end with it.
            let _ = browser.call("Browser.close", json!({}));
            let asked = Instant::now();
            while matches!(self.child.try_wait(), Ok(None))
                && asked.elapsed() < Duration::from_secs(5)
            {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        stop(&mut self.child);
    }
}

/// On Linux, the browser leads a process group of its own, its helpers in it, and is killed
/// when the thread that started it ends (daybrief killed or interrupted included).
#[cfg(target_os = "linux")]
fn never_outlive_this_process(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = rustix::process::getpid();
    command.process_group(0);
    // SAFETY: runs between fork and exec, and makes only two system calls (no allocation).
    unsafe {
        command.pre_exec(move || {
            let kill = rustix::process::Signal::KILL;
            rustix::process::set_parent_process_death_signal(Some(kill))?;
            // Daybrief may have ended before the line above: then nobody would kill it.
            if rustix::process::getppid() != Some(parent) {
                return Err(rustix::io::Errno::SRCH.into());
            }
            Ok(())
        });
    }
}

/// Stops the browser. On Linux its whole process group is killed at once (asking it to close
/// takes some 0.4 s, and its profile is thrown away), then awaited: a helper still running
/// might write into the profile as it is removed.
fn stop(child: &mut Child) {
    #[cfg(target_os = "linux")]
    {
        let group = rustix::process::Pid::from_child(child);
        // Not yet reaped: its pid still names its group.
        if matches!(child.try_wait(), Ok(None)) {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
        let _ = child.wait();
        let killed = Instant::now();
        while group_runs(group) && killed.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Whether a process of `group` has not exited yet. Exited ones may wait a while for their
/// new parent (init) to reap them, and write nothing meanwhile.
#[cfg(target_os = "linux")]
fn group_runs(group: rustix::process::Pid) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    let group = group.as_raw_pid().to_string();
    entries.filter_map(Result::ok).any(|entry| {
        if !entry
            .file_name()
            .as_encoded_bytes()
            .iter()
            .all(u8::is_ascii_digit)
        {
            return false;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            return false;
        };
        // `pid (name) state ppid pgrp …`; the name may hold spaces and parentheses.
        let mut fields = stat
            .rsplit_once(')')
            .map(|(_, f)| f)
            .unwrap_or("")
            .split_whitespace();
        let state = fields.next();
        let pgrp = fields.nth(1);
        pgrp == Some(group.as_str()) && !matches!(state, Some("Z" | "X" | "x"))
    })
}

/// `DevToolsActivePort`: the port, then the browser's endpoint.
fn read_port_file(path: &Path) -> Option<(u16, String)> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let port = lines.next()?.trim().parse().ok()?;
    let endpoint = lines.next()?.trim().to_owned();
    endpoint
        .starts_with("/devtools/")
        .then_some((port, endpoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headless_shell_is_preferred_and_debians_script_is_bypassed() {
        let root = tempfile::tempdir().unwrap();
        let dir = |name: &str| {
            let dir = root.path().join(name);
            std::fs::create_dir_all(&dir).unwrap();
            dir
        };
        let (first, second) = (dir("first"), dir("second"));
        let put = |dir: &Path, name: &str| std::fs::write(dir.join(name), "").unwrap();
        let path = std::env::join_paths([&first, &second]).unwrap();
        let debian = root.path().join("lib/chromium-headless-shell");
        assert_eq!(find_in(&path, &debian), None);
        put(&second, "chromium");
        assert_eq!(find_in(&path, &debian), Some(second.join("chromium")));
        put(&second, "chromium-headless-shell");
        // Debian's script, its program not installed: the script.
        assert_eq!(
            find_in(&path, &debian),
            Some(second.join("chromium-headless-shell"))
        );
        std::fs::create_dir_all(debian.parent().unwrap()).unwrap();
        std::fs::write(&debian, "").unwrap();
        assert_eq!(find_in(&path, &debian), Some(debian.clone()));
        // An earlier folder wins over a better name in a later one.
        put(&first, "google-chrome");
        assert_eq!(find_in(&path, &debian), Some(first.join("google-chrome")));
        put(&first, "chrome-headless-shell");
        assert_eq!(
            find_in(&path, &debian),
            Some(first.join("chrome-headless-shell"))
        );
    }
}
