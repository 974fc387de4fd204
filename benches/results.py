#!/usr/bin/env python3
"""Turns the measurements of benches/archive.sh into a Markdown results table.

    results.py BENCH_DIR [--readme README.md]

Reads BENCH_DIR/<days>/samples.tsv and meta.tsv for every size measured so far (and
BENCH_DIR/real-<days>/ for the real-size archives of `archive.sh --real-size`), prints the
tables, writes BENCH_DIR/results.md and, with --readme, replaces the block between the
benchmark markers in that file. Standard library only.
"""

import os
import re
import statistics
import sys

BEGIN = "<!-- benchmark results: written by benches/results.py -->"
END = "<!-- end of benchmark results -->"

STEPS = [
    ("full", "full build (clean output)"),
    ("nochange", "no-change rebuild"),
    ("first", "first rebuild after a clean build (adds a day)"),
    ("add", "add one day, rebuild"),
    ("correct", "correct one old day, rebuild"),
    ("copy", "copy floor: `cp -r` of the site"),
    ("delete", "`rm -rf` of that copy"),
    ("hugo", "Hugo on the plain Markdown pages"),
]
DAYBRIEF_STEPS = ("full", "nochange", "first", "add", "correct")


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def load_size(folder):
    meta = dict(read_tsv(os.path.join(folder, "meta.tsv")))
    samples = {}
    for _days, step, _run, wall, rss, user, system in read_tsv(
        os.path.join(folder, "samples.tsv")
    ):
        samples.setdefault(step, []).append(
            {"wall": float(wall), "rss": int(rss) * 1024, "cpu": float(user) + float(system)}
        )
    return meta, samples


def seconds(value):
    return f"{value:.3f}" if value < 10 else f"{value:.2f}" if value < 100 else f"{value:.1f}"


def megabytes(value):
    return f"{value / 1e6:,.0f}" if value >= 1e7 else f"{value / 1e6:.1f}"


def ratio(value):
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def percent(value):
    return f"{100 * value:.1f}%" if value < 0.1 else f"{100 * value:.0f}%"


def runs_label(meta):
    if meta["rebuild_runs"] == meta["runs"]:
        return meta["runs"]
    return f"{meta['runs']} (rebuilds: {meta['rebuild_runs']})"


def days_label(days, meta):
    """The days column: the sample's sizes as before, real-size archives marked."""
    return f"{days} (real-size)" if meta.get("kind") == "real-size" else f"{days}"


def medians(samples):
    return {step: statistics.median(s["wall"] for s in runs) for step, runs in samples.items()}


def peak(samples, steps):
    """The highest peak RSS in bytes over the runs of `steps`, or None if none ran."""
    values = [s["rss"] for step in steps for s in samples.get(step, [])]
    return max(values) if values else None


def targets_table(rows):
    """Rows of (days label, target, measured value or None, limit, format) as Markdown."""
    out = ["| days | target | measured | met |", "|---:|---|---:|---|"]
    for days, target, value, limit, shown in rows:
        if value is None:
            out.append(f"| {days} | {target} | not measured | — |")
            continue
        met = "yes" if value <= limit else f"no: {value / limit:.1f}× the target"
        out.append(f"| {days} | {target} | {shown(value)} | {met} |")
    return out


def seconds_unit(value):
    return f"{seconds(value)} s"


def megabytes_unit(value):
    return f"{value / 1e6:,.0f} MB"


def kilobytes_unit(value):
    return f"{value / 1e3:,.0f} KB"


def files_unit(value):
    return f"{value:.1f} files"


def issue15_sample(days, meta, samples):
    """Issue 15's targets for the sample (set on 1,000 days)."""
    median = medians(samples)
    full = median["full"]
    per_day = int(meta["days"])
    return [
        (days, "output per day ≤ 100 KB", int(meta["site_bytes"]) / per_day, 100e3, kilobytes_unit),
        (days, "output per day ≤ 15 files", int(meta["site_files"]) / per_day, 15.0, files_unit),
        (days, "full build ≤ 1.0× Hugo", full / median["hugo"], 1.0, ratio),
        (days, "full build ≤ 1.5× copy floor", full / median["copy"], 1.5, ratio),
        (days, "add one day ≤ 0.15 s", median.get("add"), 0.15, seconds_unit),
        (days, "first rebuild after a clean build ≤ 1.0 s", median.get("first"), 1.0, seconds_unit),
        (days, "correct one old day ≤ 0.3 s", median.get("correct"), 0.3, seconds_unit),
        (days, "no-change rebuild ≤ 0.05 s", median.get("nochange"), 0.05, seconds_unit),
    ]


def issue15_real(days, samples):
    """Issue 15's targets for the real-size archive (set on 1,000 days)."""
    median = medians(samples)
    return [
        (days, "add one day ≤ 0.5 s", median.get("add"), 0.5, seconds_unit),
        (days, "full build ≤ 40 s", median["full"], 40.0, seconds_unit),
        (days, "peak memory, full build ≤ 600 MB", peak(samples, ["full"]), 600e6, megabytes_unit),
        (days, "peak memory, add one day ≤ 200 MB", peak(samples, ["add"]), 200e6, megabytes_unit),
    ]


def report(sizes):
    out = ["# daybrief archive benchmark", ""]
    out.append(
        "Written by `benches/results.py` from the runs of `benches/archive.sh` (README, "
        "\"Benchmark\"). Times are wall-clock medians of the runs; ratios compare them with "
        "Hugo's time on the same archive exported as plain Markdown pages, and with the copy "
        "floor (`cp -r` of daybrief's own finished site on the same filesystem). "
        "MB = 10^6 bytes. The machine is shared: see the load averages."
    )
    out += [
        "",
        "| days | measured | command | commit | runs | load average before → after |",
        "|---:|---|---|---|---:|---|",
    ]
    machines = []
    for days, (meta, _) in sizes:
        out.append(
            f"| {days} | {meta['date']} | `{meta['command']}` | {meta['commit']} | "
            f"{runs_label(meta)} | {meta['load_before']} → {meta['load_after']} |"
        )
        machine = (
            f"{meta['nproc']} cores (`nproc`), {meta['cpu']}, {meta['memory']} RAM, "
            f"{meta['kernel']}, output on {meta['filesystem']}; Hugo {meta['hugo']} (Debian)"
        )
        machine = " ".join(machine.split())
        if machine not in machines:
            machines.append(machine)
    out += [""] + [f"Machine: {m}." for m in machines]

    out += [
        "",
        "| days | step | median (s) | range (s) | CPU (s) | peak RSS (MB) | × Hugo | × copy floor | of full build |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for days, (_, samples) in sizes:
        median = {step: statistics.median(s["wall"] for s in runs) for step, runs in samples.items()}
        for step, label in STEPS:
            runs = samples.get(step)
            if not runs:
                continue
            walls = [s["wall"] for s in runs]
            cpu = statistics.median(s["cpu"] for s in runs)
            rss = max(s["rss"] for s in runs)
            value = median[step]
            out.append(
                f"| {days} | {label} | {seconds(value)} | {seconds(min(walls))}–{seconds(max(walls))} "
                f"| {seconds(cpu)} | {megabytes(rss)} | {ratio(value / median['hugo'])} "
                f"| {ratio(value / median['copy'])} | {percent(value / median['full'])} |"
            )

    out += [
        "",
        "| days | daybrief site | Hugo input | Hugo site | incremental site = clean build |",
        "|---:|---|---|---|---|",
    ]
    for days, (meta, _) in sizes:
        out.append(
            f"| {days} | {int(meta['site_files']):,} files, {megabytes(int(meta['site_bytes']))} MB "
            f"| {int(meta['hugo_pages']):,} pages, {int(meta['hugo_page_average']) / 1000:.1f} KB each on average "
            f"| {int(meta['hugo_files']):,} files, {megabytes(int(meta['hugo_bytes']))} MB "
            f"| {meta['identical']} |"
        )

    sample_sizes = [(d, m) for d, m in sizes if m[0].get("kind") != "real-size"]
    real_sizes = [(d, m) for d, m in sizes if m[0].get("kind") == "real-size"]
    if sample_sizes:
        out += [
            "",
            "Targets of issue 7 (set on the 1000-day archive; peak memory at 3000 days):",
            "",
            "| days | target | measured | met |",
            "|---:|---|---:|---|",
        ]
    for days, (meta, samples) in sample_sizes:
        median = {step: statistics.median(s["wall"] for s in runs) for step, runs in samples.items()}
        full = median["full"]
        rss = max(s["rss"] for step in DAYBRIEF_STEPS for s in samples.get(step, []))
        def share_of_full(step):
            return median[step] / full if step in median else None

        targets = [
            ("full build ≤ 0.3× Hugo", full / median["hugo"], 0.3, ratio),
            ("full build ≤ 3× copy floor", full / median["copy"], 3.0, ratio),
            ("add one day ≤ 5% of full build", share_of_full("add"), 0.05, percent),
            ("no-change rebuild ≤ 2% of full build", share_of_full("nochange"), 0.02, percent),
            ("peak memory < 300 MB", rss / 1e6, 300.0, lambda v: f"{v:,.0f} MB"),
        ]
        for label, value, limit, shown in targets:
            if value is None:
                out.append(f"| {days} | {label} | not measured | — |")
                continue
            met = "yes" if value <= limit else f"no: {value / limit:.1f}× the target"
            out.append(f"| {days} | {label} | {shown(value)} | {met} |")
        out.append(
            f"| {days} | incremental output byte-identical to a clean build "
            f"| {meta['identical']} | {'yes' if meta['identical'] == 'yes' else '—' if meta['identical'] == 'skipped' else 'no'} |"
        )

    # Issue 15's targets; its `serve` latencies are measured by tools/serve_latency.mjs, not here.
    if sample_sizes:
        out += ["", "Targets of issue 15 for the sample (set on the 1000-day archive):", ""]
        out += targets_table(
            [row for days, (meta, samples) in sample_sizes for row in issue15_sample(days, meta, samples)]
        )
    if real_sizes:
        out += ["", "Targets of issue 15 for the real-size archive (set on 1000 days):", ""]
        out += targets_table(
            [row for days, (_, samples) in real_sizes for row in issue15_real(days, samples)]
        )
    return "\n".join(out) + "\n"


def replace_block(path, body):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"{path} has no benchmark markers ({BEGIN} … {END})")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{head}{BEGIN}\n\n{body}\n{END}{tail}")


def main():
    args = sys.argv[1:]
    if len(args) not in (1, 3) or (len(args) == 3 and args[1] != "--readme"):
        sys.exit("usage: results.py BENCH_DIR [--readme README.md]")
    bench = args[0]
    found = []
    for name in os.listdir(bench):
        folder = os.path.join(bench, name)
        match = re.fullmatch(r"(real-)?([0-9]+)", name)
        if match and os.path.exists(os.path.join(folder, "meta.tsv")):
            meta, samples = load_size(folder)
            # Folders written before --real-size existed have no kind: they are the sample.
            meta.setdefault("kind", "real-size" if match.group(1) else "sample")
            found.append(((meta["kind"] == "real-size", int(match.group(2))), meta, samples))
    # The sample's sizes first, as before, then the real-size ones.
    found.sort(key=lambda size: size[0])
    sizes = [(days_label(days, meta), (meta, samples)) for (_, days), meta, samples in found]
    if not sizes:
        sys.exit(f"no measurements in {bench}")
    text = report(sizes)
    with open(os.path.join(bench, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    print(f"written to {os.path.join(bench, 'results.md')}")
    if len(args) == 3:
        # The README gets the tables without the page title.
        replace_block(args[2], text.split("\n", 2)[2])
        print(f"and into {args[2]}")


if __name__ == "__main__":
    main()
