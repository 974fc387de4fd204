//! The progress bar of long builds. It appears only when stderr is a terminal and the build
//! has run for a second, so quick builds print nothing extra and CI logs stay clean.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use daybrief::progress::{Progress, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Builds shorter than this never show the bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// The bar of one build; it clears itself when dropped.
pub struct TerminalProgress {
    bar: ProgressBar,
    reveal: Option<(Sender<()>, JoinHandle<()>)>,
    started: Mutex<Vec<(Stage, Instant)>>,
    /// The peak memory when each stage started, in MB.
    peaks: Mutex<Vec<u64>>,
}

/// The process's peak resident memory so far, in MB (Linux's `VmHWM`); `None` elsewhere.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

impl TerminalProgress {
    /// Starts timing a build; the bar stays hidden for the first second.
    pub fn start() -> TerminalProgress {
        let bar = ProgressBar::with_draw_target(
            Some(Stage::ALL.len() as u64),
            ProgressDrawTarget::hidden(),
        );
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} [{bar:24}] {pos}/{len} {msg} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        let reveal = std::io::stderr().is_terminal().then(|| {
            let (stop, stopped) = mpsc::channel::<()>();
            let shown = bar.clone();
            let timer = thread::spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(SHOW_AFTER) {
                    shown.set_draw_target(ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(Duration::from_millis(120));
                }
            });
            (stop, timer)
        });
        TerminalProgress {
            bar,
            reveal,
            started: Mutex::new(Vec::new()),
            peaks: Mutex::new(Vec::new()),
        }
    }
}

impl TerminalProgress {
    /// How long each stage took so far, for `--timings`: "load 0.31 s, check 0.05 s, …",
    /// then the peak memory at the end of each stage: "peak memory: 120, 180, … MB".
    pub fn timings(&self) -> String {
        let times = self.times();
        let peaks = self.peaks.lock().map(|p| p.clone()).unwrap_or_default();
        match peak_memory_mb() {
            Some(last) if !peaks.is_empty() => {
                let ends: Vec<String> = peaks
                    .iter()
                    .skip(1)
                    .chain([&last])
                    .map(u64::to_string)
                    .collect();
                format!("{times}; peak memory after each: {} MB", ends.join(", "))
            }
            _ => times,
        }
    }

    fn times(&self) -> String {
        let started = self.started.lock().map(|s| s.clone()).unwrap_or_default();
        let ends = started
            .iter()
            .skip(1)
            .map(|(_, at)| *at)
            .chain([Instant::now()]);
        started
            .iter()
            .zip(ends)
            .map(|((stage, from), to)| {
                format!("{} {:.2} s", stage.label(), (to - *from).as_secs_f64())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, stage: Stage, days: usize) {
        if let Ok(mut started) = self.started.lock() {
            started.push((stage, Instant::now()));
        }
        if let (Some(peak), Ok(mut peaks)) = (peak_memory_mb(), self.peaks.lock()) {
            peaks.push(peak);
        }
        self.bar.set_position(stage.number() as u64 - 1);
        self.bar.set_message(match days {
            0 => stage.label().to_owned(),
            n => format!("{}, {n} day(s)", stage.label()),
        });
    }
}

impl Drop for TerminalProgress {
    fn drop(&mut self) {
        if let Some((stop, timer)) = self.reveal.take() {
            drop(stop);
            // The timer only sleeps and draws; if it panicked there is nothing to clean up.
            let _ = timer.join();
        }
        self.bar.finish_and_clear();
    }
}
