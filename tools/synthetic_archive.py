#!/usr/bin/env python3
"""A synthetic archive for measuring the search index: one real day file copied to N weekdays.

Stopgap until `daybrief sample` exists. With --vary, every day's narrative numbers change, about 3%
of the longer text cells are edited and about 5% of the status cells flip between XANH and VÀNG,
so text changes from day to day roughly the way a real archive's does. Charts are dropped: they do
not touch the index, and the time series is quadratic in the archive's length.

    python3 tools/synthetic_archive.py --days 1000 --vary --out /tmp/archive
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
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    src, out = pathlib.Path(a.content), pathlib.Path(a.out)
    shutil.rmtree(out / "content", ignore_errors=True)
    (out / "content").mkdir(parents=True)
    shutil.copytree(src / "tables", out / "content/tables")
    publication = load((src / "publication.yaml").read_text())
    publication.pop("charts", None)
    (out / "content/publication.yaml").write_text(dump(publication))
    base = load((src / a.day).read_text())
    base.pop("charts", None)
    drop_charts(base.get("sections") or [])
    for slide in base.get("slides") or []:
        slide.pop("chart", None)

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
            path = out / "content" / f"{date:%Y/%m/%d}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(day))
            made += 1
        date += datetime.timedelta(days=1)
    print(f"{made} days in {out / 'content'}, {a.start} to {date - datetime.timedelta(days=1)}")


if __name__ == "__main__":
    main()
