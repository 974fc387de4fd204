//! Chart drawing time per day on the example content: `cargo bench --bench charts`.
//! A benchmark, not a test: it prints figures and asserts nothing.

use std::path::Path;
use std::time::Instant;

use daybrief::load::{self, Sources};
use daybrief::{chart, check, derive};

fn main() {
    let mut inputs =
        load::load(&Sources::beside(Path::new("content"))).expect("example content loads");
    let (archive, _) = check::check(&mut inputs).expect("example content checks");
    let (derived, _) = derive::derive(&archive);
    let rounds = 50;
    chart::draw(&archive, &derived); // warm-up
    let mut samples = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let charts = chart::draw(&archive, &derived);
        samples.push(start.elapsed().as_secs_f64());
        assert!(!charts.files.is_empty());
    }
    samples.sort_by(f64::total_cmp);
    let charts = chart::draw(&archive, &derived).files.len();
    let days = archive.days.len();
    let median = samples[rounds / 2];
    println!(
        "chart::draw over {days} days, {charts} charts: median {:.2} ms per build, {:.2} ms per day, {:.3} ms per chart (min {:.2} ms, max {:.2} ms, {rounds} rounds)",
        median * 1e3,
        median * 1e3 / days as f64,
        median * 1e3 / charts as f64,
        samples[0] * 1e3,
        samples[rounds - 1] * 1e3
    );
}
