#!/usr/bin/env python3
"""Consistency checks for content/2025/09/22.yaml (seed 001).  Needs PyYAML (checking only).

    python3 tools/transcribe/seed_001_check.py            # from the repository root

Checks: regeneration is byte-identical; every table has a schema; every row has as many cells
as the schema has columns (span rows: len(span) + len(sub-row)); row numbers; given totals
equal the column sums; the per-province tables have 34 rows (appendix 6: 32, as printed);
integer cells are integers; ratio cells look like 'a/b (x%)' and agree with their share.
"""

import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DAY = os.path.join(ROOT, "content", "2025", "09", "22.yaml")
SEED = "/work/shared/seeds/001_195afd24911ace09.txt"

PER_PROVINCE = {
    "tien_do_tinh": 34, "phu_xanh_xa": 34, "tieu_chi_xa": 34, "vuong_mac_xa": 32,
    "ho_so_tinh_ngay": 34, "ho_so_xa_ngay": 34, "ho_so_luy_ke": 34,
    "vuong_mac_dang_uy_xa": 34, "kien_nghi_dang_uy_xa": 34, "vuong_mac_hdnd_xa": 34,
    "kien_nghi_hdnd_xa": 34, "vuong_mac_ubnd_xa": 34, "kien_nghi_ubnd_xa": 34,
    "vuong_mac_mttq_xa": 34, "kien_nghi_mttq_xa": 34, "ti_le_hoan_thanh_tinh_4_cap": 34,
    "vuong_mac_tinh_dang_uy": 27, "vuong_mac_tinh_hdnd": 30, "vuong_mac_tinh_ubnd": 4,
    "vuong_mac_tinh_mttq": 28,
}

errors = []


def err(msg):
    errors.append(msg)


def main():
    if os.path.exists(SEED):
        out = subprocess.run([sys.executable, os.path.join(ROOT, "tools/transcribe/seed_001.py"), SEED],
                             capture_output=True, check=True).stdout
        with open(DAY, "rb") as f:
            if f.read() != out:
                err("content/2025/09/22.yaml differs from the script's output")
    with open(DAY, encoding="utf-8") as f:
        day = yaml.safe_load(f)
    referenced = [t for a in day["appendices"] for t in a["tables"]]
    referenced += [s["table"] for s in day["sections"] if s.get("table")]
    if sorted(referenced) != sorted(day["tables"]):
        err("tables referenced %r vs declared %r" % (sorted(referenced), sorted(day["tables"])))
    if [a["number"] for a in day["appendices"]] != [str(i) for i in range(1, 26)]:
        err("appendix numbers")
    for tid, t in day["tables"].items():
        path = os.path.join(ROOT, "content", "tables", tid + ".yaml")
        if not os.path.exists(path):
            err("%s: no schema" % tid)
            continue
        with open(path, encoding="utf-8") as f:
            schema = yaml.safe_load(f)
        cols = schema["columns"]
        n = len(cols)
        data_rows = []
        for i, r in enumerate(t["rows"]):
            if isinstance(r, dict) and "group" in r:
                continue
            if isinstance(r, dict) and "span" in r:
                for sub in r["rows"]:
                    if len(r["span"]) + len(sub) != n:
                        err("%s row %d: %d+%d cells, schema has %d" % (tid, i, len(r["span"]), len(sub), n))
                    cells = r["span"] + sub
                    data_rows.append(cells)
                    check_cells(tid, cols, cells)
                continue
            if len(r) != n:
                err("%s row %d: %d cells, schema has %d: %r" % (tid, i, len(r), n, r[:2]))
            data_rows.append(r)
            check_cells(tid, cols, r)
        keys = []
        for r in t["rows"]:
            if isinstance(r, dict) and "span" in r:
                keys.append(r["span"][0])
            elif isinstance(r, list):
                keys.append(r[0])
        if tid in PER_PROVINCE:
            if len(keys) != PER_PROVINCE[tid]:
                err("%s: %d rows, expected %d" % (tid, len(keys), PER_PROVINCE[tid]))
            if keys != list(range(1, len(keys) + 1)):
                err("%s: row numbers %r" % (tid, keys))
        if "total" in t:
            tot = t["total"]
            if len(tot) != n - 1:
                err("%s: total has %d cells, expected %d" % (tid, len(tot), n - 1))
            for j, c in enumerate(cols[2:], start=2):
                v = tot[j - 1]
                if c.get("total") == "sum":
                    s = sum(r[j] for r in data_rows)
                    if s != v:
                        err("%s: total of %s is %r, rows sum to %r" % (tid, c["id"], v, s))
    if errors:
        print("\n".join(errors))
        return 1
    print("ok: %d tables, %d slides" % (len(day["tables"]), len(day["slides"])))
    return 0


def check_cells(tid, cols, cells):
    for c, v in zip(cols, cells):
        ty = c["type"]
        if v is None:
            continue
        if ty == "integer" and not isinstance(v, int):
            err("%s: %s not an integer: %r" % (tid, c["id"], v))
        if ty == "ratio":
            m = re.fullmatch(r"(\d+)/(\d+)(?: \((\d+(?:,\d+)?)%\))?", str(v))
            if not m:
                err("%s: %s not a ratio: %r" % (tid, c["id"], v))
            elif m.group(3):
                share = int(m.group(1)) / int(m.group(2)) * 100
                if abs(share - float(m.group(3).replace(",", "."))) > 0.051:
                    err("%s: %r: share does not match" % (tid, v))
        if ty in ("percent", "decimal") and not re.fullmatch(r"-?\d+(?:,\d+)?%?", str(v)):
            err("%s: %s not a number: %r" % (tid, c["id"], v))
        if ty == "date" and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", str(v)):
            err("%s: %s not a date: %r" % (tid, c["id"], v))


if __name__ == "__main__":
    sys.exit(main())
