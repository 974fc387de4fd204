#!/usr/bin/env python3
"""A synthetic archive for measuring the search index: one real day file copied to N weekdays.

Stopgap until `daybrief sample` exists. With --vary, every day's narrative numbers change, about 3%
of the longer text cells are edited and about 5% of the status cells flip between XANH and VÀNG,
so text changes from day to day roughly the way a real archive's does. By default charts are
dropped: they do not touch the index, and the time series is quadratic in the archive's length.

With --keep-charts the publication's charts, the sections' charts and the slides' charts stay, so
each day is real-size (the benchmark's real-size archive, benches/archive.sh --real-size). Then
--vary also moves the tables' figures a little, consistently with the publication's rules (see
vary_figures), so that the days' charts differ as a real archive's do instead of being the
same bytes every day. Without --keep-charts the output is what it was (issue 15's measurement
without charts).

    python3 tools/synthetic_archive.py --days 1000 --vary --out /tmp/archive
    python3 tools/synthetic_archive.py --days 300 --vary --keep-charts --out /tmp/real
    daybrief build --content /tmp/archive/content --templates templates --themes themes --out /tmp/archive/site
"""
import argparse
import copy
import datetime
import pathlib
import random
import re
import shutil

import yaml

STATUS = re.compile(r"\((XANH|VÀNG|ĐỎ)\)$")
LETTER = re.compile(r"[^\W\d_]")


# libyaml's C loader and dumper when present: the pure-Python ones take seconds per day file.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(text):
    return yaml.load(text, Loader=LOADER)


def dump(data):
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10**6)


def drop_charts(sections):
    for s in sections:
        s.pop("charts", None)
        drop_charts(s.get("sections") or [])


# A percent or decimal cell as written in the real day: "96,37%", "10,71", "100".
DECIMAL = re.compile(r"^(\d{1,3})(?:,(\d+))?(%?)$")


def like(written, value):
    """`value` written as `written` is (decimal places, "%"), or None if that is no percentage."""
    m = DECIMAL.match(written) if isinstance(written, str) else None
    if not m:
        return None
    places = len(m.group(2) or "")
    return f"{value:.{places}f}".replace(".", ",") + m.group(3)


def vary_figures(table, columns, rules, rng):
    """Moves a table's figures a little, keeping them consistent with the publication's rules.

    Within each `parts` rule whose parts are plain columns, up to 3 units move from one part to
    another of the same row, so that rule's whole stays; then every other whole is summed
    again from its parts, every `percents` column is computed again from its ratio, and a
    given total row is summed again. Percentages and decimals that no rule derives move by up to
    ±1.5 within 0–100, as written. Computed columns (`change_of`) are left empty for the build
    to fill, as `daybrief new` leaves them. Other integers (counts, `same_as` copies, ranges
    against another column) stay. So the varied figures add hardly any warnings of their own (a
    `sorted` one where the order changes) and never an error. Only rows with one cell per column are
    touched: a rowspan or colspan shifts the cells of the rows it covers."""
    at = {c.get("id"): i for i, c in enumerate(columns)}
    parts = [
        r for r in rules.get("parts") or []
        if r.get("whole") in at and all(p in at for p in r.get("parts") or [])
    ]
    percents = [
        r for r in rules.get("percents") or []
        if r.get("column") in at and all(c in at for c in r.get("ratio") or [])
    ]
    wholes = {r["whole"] for r in parts}
    derived = wholes | {r["column"] for r in percents}
    rows = [r for r in table.get("rows") or [] if isinstance(r, list) and len(r) == len(columns)]
    for row in rows:
        for rule in parts:
            names = [p for p in rule["parts"] if p not in wholes and isinstance(row[at[p]], int)]
            if len(names) < 2:
                continue
            give, take = rng.sample(names, 2)
            moved = min(row[at[give]], rng.randint(0, 3))
            row[at[give]] -= moved
            row[at[take]] += moved
        # Wholes of wholes (a total of totals) need the inner ones first: repeat until stable.
        for _ in range(len(parts)):
            for rule in parts:
                values = [row[at[p]] for p in rule["parts"]]
                whole = at[rule["whole"]]
                if all(isinstance(v, int) for v in values) and isinstance(row[whole], int):
                    row[whole] = sum(values)
        for rule in percents:
            part, whole = (row[at[c]] for c in rule["ratio"])
            column = at[rule["column"]]
            if isinstance(part, int) and isinstance(whole, int) and whole > 0:
                row[column] = like(row[column], 100 * part / whole) or row[column]
        for i, (cell, column) in enumerate(zip(row, columns)):
            if column.get("change_of"):
                # Left empty for the build to compute, as `daybrief new` leaves it.
                row[i] = None
            fixed = i == 0 or column.get("key") or column.get("change_of")
            if fixed or column.get("id") in derived:
                continue
            if column.get("type") in ("percent", "decimal"):
                m = DECIMAL.match(cell) if isinstance(cell, str) else None
                if m and int(m.group(1)) <= 100:
                    value = float(f"{m.group(1)}.{m.group(2) or 0}") + rng.uniform(-1.5, 1.5)
                    row[i] = like(cell, min(100.0, max(0.0, value)))
    total = table.get("total")
    if isinstance(total, list) and 0 < len(total) <= len(columns):
        # The label may span the first columns: the cells line up from the right.
        for j, cell in enumerate(total):
            column = columns[len(columns) - len(total) + j]
            kind = column.get("total")
            if kind == "sum" and isinstance(cell, int):
                values = [row[at[column["id"]]] for row in rows]
                if all(isinstance(v, int) for v in values):
                    total[j] = sum(values)
            elif isinstance(kind, dict) and all(c in at for c in kind.get("ratio") or [None]):
                values = [[row[at[c]] for row in rows] for c in kind["ratio"]]
                if len(values) == 2 and all(isinstance(v, int) for vs in values for v in vs):
                    part, whole = (sum(vs) for vs in values)
                    if whole > 0:
                        total[j] = like(cell, 100 * part / whole) or cell


def vary_numbers(text, rng):
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), text)


def vary_markdown(node, rng):
    for key in ("intro", "body", "closing"):
        if isinstance(node.get(key), str):
            node[key] = vary_numbers(node[key], rng)
    for s in node.get("sections") or []:
        vary_markdown(s, rng)


def vary_cells(rows, rng, n):
    for row in rows:
        if isinstance(row, dict) and "rows" in row:
            vary_cells(row["rows"], rng, n)
        if not isinstance(row, list):
            continue
        for i, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            if STATUS.search(cell):
                if rng.random() < 0.05:
                    row[i] = cell.replace("(XANH)", "(VÀNG)") if "XANH" in cell else cell.replace("(VÀNG)", "(XANH)")
            elif len(cell) >= 15 and LETTER.search(cell) and rng.random() < 0.03:
                row[i] = f"{cell} (cập nhật ngày thứ {n})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--content", default="content", help="the real content folder")
    ap.add_argument("--day", default="2025/09/22.yaml", help="the day file to copy")
    ap.add_argument("--days", type=int, default=1000)
    ap.add_argument("--start", default="2022-01-03", help="first date; weekends are skipped")
    ap.add_argument("--vary", action="store_true", help="change text from day to day")
    ap.add_argument(
        "--keep-charts",
        action="store_true",
        help="keep the publication's, sections' and slides' charts (real-size days); "
        "with --vary the tables' figures vary too",
    )
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    src, out = pathlib.Path(a.content), pathlib.Path(a.out)
    shutil.rmtree(out / "content", ignore_errors=True)
    (out / "content").mkdir(parents=True)
    shutil.copytree(src / "tables", out / "content/tables")
    publication = load((src / "publication.yaml").read_text())
    if not a.keep_charts:
        publication.pop("charts", None)
    (out / "content/publication.yaml").write_text(dump(publication))
    base = load((src / a.day).read_text())
    if not a.keep_charts:
        base.pop("charts", None)
        drop_charts(base.get("sections") or [])
        for slide in base.get("slides") or []:
            slide.pop("chart", None)
    # Column types and the rules that tie the figures together, for varying them.
    rules = (publication.get("rules") or {}).get("tables") or {}
    schemas = {
        path.stem: load(path.read_text()) or {}
        for path in sorted((src / "tables").glob("*.yaml"))
    }

    date, made = datetime.date.fromisoformat(a.start), 0
    while made < a.days:
        if date.weekday() < 5:
            day = copy.deepcopy(base)
            day["date"] = date
            if a.vary:
                rng = random.Random(made)
                vary_markdown(day, rng)
                for table in (day.get("tables") or {}).values():
                    vary_cells(table.get("rows") or [], rng, made)
                if a.keep_charts:
                    # Its own generator, so the text varies exactly as without --keep-charts.
                    figures = random.Random(f"figures {made}")
                    for name, table in (day.get("tables") or {}).items():
                        columns = (schemas.get(name) or {}).get("columns") or []
                        vary_figures(table, columns, rules.get(name) or {}, figures)
            path = out / "content" / f"{date:%Y/%m/%d}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(day))
            made += 1
        date += datetime.timedelta(days=1)
    print(f"{made} days in {out / 'content'}, {a.start} to {date - datetime.timedelta(days=1)}")


if __name__ == "__main__":
    main()
