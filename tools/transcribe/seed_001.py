#!/usr/bin/env python3
"""Transcribe seed 001 (daily report, data as of 16h00 22/9/2025) into a daybrief day file.

Usage:
    python3 tools/transcribe/seed_001.py /work/shared/seeds/001_195afd24911ace09.txt \
        > content/2025/09/22.yaml

Python 3 standard library only.  The table rows of the appendices are regenerated
mechanically from the seed text where the layout allows it; everything that needs
human judgment (narrative, slides, titles, notes, the long-text tables whose columns
are interleaved by the PDF extraction) lives in the hand-kept file
seed_001_manual.yaml next to this script and is merged in verbatim.
See README_001.md for the procedure and every judgment call; seed_001_check.py (PyYAML)
checks the result.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MANUAL = os.path.join(HERE, "seed_001_manual.yaml")

# Province names as printed in the per-province tables of seed 001 (appendices 4-6, 13-20).
PROVINCES = [
    "An Giang", "Bắc Ninh", "Cà Mau", "TP. Cần Thơ", "Cao Bằng", "TP. Đà Nẵng", "Đắk Lắk",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "TP. Hà Nội", "Hà Tĩnh", "TP. Hải Phòng",
    "TP. Hồ Chí Minh", "TP. Huế", "Hưng Yên", "Khánh Hòa", "Lai Châu", "Lâm Đồng", "Lạng Sơn",
    "Lào Cai", "Nghệ An", "Ninh Bình", "Phú Thọ", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sơn La", "Tây Ninh", "Thái Nguyên", "Thanh Hóa", "Tuyên Quang", "Vĩnh Long",
]
# Bare names, used to find where a unit name ("Tỉnh ủy An Giang", "HĐND Thành phố Huế") ends
# in appendices 22-25.
BARE = [p[4:] if p.startswith("TP. ") else p for p in PROVINCES]

NUM_RE = re.compile(r"^-?\d[\d.,]*%?$")
RATIO_END_RE = re.compile(r"^(.*?)\s*(\d+/\d+ \(\d+(?:,\d+)?%\))$")
UNIT_PREFIX_RE = re.compile(r"^(Tỉnh ủy|Tinh ủy|Thành ủy|Đảng ủy|HĐND|MTTQ|UBND)\b")


class SeedError(Exception):
    pass


# --------------------------------------------------------------------------- text helpers

def join(raw_lines):
    """Rejoin a cell broken across lines.

    The extraction ends every wrapped line with a space, except where the PDF broke a word
    in the middle ("côn" / "g chức"); a continuation line that starts with a space also marks
    a word boundary.  So: join with a space when the previous line ends with whitespace or
    the next one starts with whitespace, otherwise concatenate directly.
    """
    out = ""
    prev = None
    for raw in raw_lines:
        if not raw.strip():
            continue
        if prev is None:
            out = raw.strip()
        elif prev[-1:].isspace() or raw[:1].isspace():
            out += " " + raw.strip()
        else:
            out += raw.strip()
        prev = raw
    return out


def load_seed(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.replace("\r\n", "\n").split("\n")
    # 1. Drop the incoming-document stamp of the Hai Phong People's Committee office.
    start = next(i for i, l in enumerate(lines) if l.strip() == "VĂN PHÒNG UBND TP HẢI PHÒNG")
    end = next(i for i, l in enumerate(lines) if i > start and l.strip() == "Cổng TTĐTTP")
    lines = lines[:start] + [""] * (end + 1 - start) + lines[end + 1:]
    # 2. Drop page numbers: a number alone after three empty lines, followed by "" and " ".
    for i in range(3, len(lines) - 2):
        if (lines[i].strip().isdigit() and not any(lines[i - k].strip() for k in (1, 2, 3))
                and lines[i + 1].strip() == "" and lines[i + 2] == " "):
            lines[i] = ""
    return lines


def appendix_blocks(lines):
    """Map appendix number -> list of raw lines after its 'Phụ lục N' heading."""
    caption = next(i for i, l in enumerate(lines) if l.strip() == "PHỤ LỤC")
    heads = [(i, int(m.group(1))) for i, l in enumerate(lines)
             if i > caption and (m := re.match(r"^\s*Phụ lục (\d+)\s*$", l))]
    blocks = {}
    for k, (i, n) in enumerate(heads):
        j = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        blocks[n] = lines[i + 1:j]
    if sorted(blocks) != list(range(1, 26)):
        raise SeedError("expected appendices 1..25, found %r" % sorted(blocks))
    return blocks


def body_lines(block, first_row_re=r"^1(\s|$)"):
    """Lines of a table from its first row on, without the page-break repeats of its header.

    The header is the run of lines from the first line starting with 'STT' up to the first
    row; a repeat starts at a line starting with 'STT' and runs while the lines are header
    lines.  Empty lines are dropped, except lines of two or more spaces, which the extraction
    uses to mark an empty paragraph inside a long text cell (appendices 23 and 25).
    """
    stt = next(i for i, l in enumerate(block) if l.strip().startswith("STT"))
    first = next(i for i, l in enumerate(block) if i > stt and re.match(first_row_re, l.strip()))
    header = {l.strip() for l in block[stt:first] if l.strip()}
    out = []
    in_header = False
    for raw in block[first:]:
        s = raw.strip()
        if not s:
            if len(raw) >= 2:
                out.append(raw)
            continue
        if s.startswith("STT"):
            in_header = True
            continue
        if in_header:
            if s in header:
                continue
            in_header = False
        out.append(raw)
    return out


def typed(tok, kind):
    if kind == "int":
        if re.fullmatch(r"\d+", tok):
            return int(tok)
        raise SeedError("not an integer: %r" % tok)
    if kind == "dec%":
        # appendix 4 prints "10,71%" in the columns that the shared schema phu_xanh_xa
        # (seed 000) types as decimal under a "(%)" header: keep the digits, drop the sign
        if not tok.endswith("%"):
            raise SeedError("expected a percentage: %r" % tok)
        return tok[:-1]
    return tok  # decimals, percents, ratios: kept exactly as printed


# --------------------------------------------------------------------------- parsers

def parse_numeric(lines, kinds, total=False):
    """Rows 'N <name> v1 v2 ...' (name possibly broken across lines), optional 'Tổng' row.

    kinds: the kinds of the value columns after the name ('int' or 'str').
    """
    tokens = join(lines).split()
    rows, tot = [], None
    pos, n = 0, 1
    while pos < len(tokens):
        if tokens[pos] == "Tổng" and total:
            vals = tokens[pos + 1:pos + 1 + len(kinds)]
            if len(vals) != len(kinds) or pos + 1 + len(kinds) != len(tokens):
                raise SeedError("bad total row: %r" % tokens[pos:])
            tot = ["Tổng"] + [typed(v, k) for v, k in zip(vals, kinds)]
            break
        if tokens[pos] != str(n):
            raise SeedError("expected row %d at %r" % (n, tokens[pos:pos + 5]))
        pos += 1
        name = []
        while not NUM_RE.match(tokens[pos]):
            name.append(tokens[pos])
            pos += 1
        vals = tokens[pos:pos + len(kinds)]
        if len(vals) != len(kinds) or not all(NUM_RE.match(v) for v in vals):
            raise SeedError("row %d: bad values %r" % (n, vals))
        pos += len(kinds)
        rows.append([n, " ".join(name)] + [typed(v, k) for v, k in zip(vals, kinds)])
        n += 1
    if total and tot is None:
        raise SeedError("total row missing")
    return rows, tot


def parse_status(lines):
    """Appendix 1: 'N <name> a/b <status label>' on one line each."""
    rows = []
    for n, raw in enumerate(lines, 1):
        m = re.match(r"^(\d+) (.+?) (\d+/\d+) (.+?)\s*$", raw.strip())
        if not m or int(m.group(1)) != n:
            raise SeedError("appendix 1 row %d: %r" % (n, raw))
        rows.append([n, m.group(2), m.group(3), m.group(4)])
    return rows


def split_province(rest):
    for p in sorted(PROVINCES, key=len, reverse=True):
        if rest == p or rest.startswith(p + " "):
            return p, rest[len(p):].strip()
    return None, rest


def parse_spans(lines):
    """Appendices 6, 13-20: a province cell spanning up to 3 sub-rows [text, 'a/b (x%)']."""
    rows = []
    n = 0
    cur = None
    pending = []  # raw lines of the sub-row being assembled

    def flush_pending():
        if not pending:
            return
        text = join(pending)
        m = RATIO_END_RE.match(text)
        if not m:
            raise SeedError("row %d: sub-row without ratio: %r" % (n, text))
        cur["rows"].append([m.group(1), m.group(2)])
        pending.clear()

    for raw in lines:
        s = raw.strip()
        m = re.match(r"^(\d+)(?: (.*))?$", s)
        if m and int(m.group(1)) == n + 1:
            prov, rest = split_province((m.group(2) or "").strip())
            if prov is not None:
                if pending:
                    raise SeedError("row %d: unfinished sub-row %r" % (n, pending))
                n += 1
                cur = {"span": [n, prov], "rows": []}
                rows.append(cur)
                if rest:
                    pending.append(rest + " ")
                    if RATIO_END_RE.match(join(pending)):
                        flush_pending()
                continue
        if cur is None:
            raise SeedError("text before first row: %r" % raw)
        pending.append(raw)
        if RATIO_END_RE.match(join(pending)):
            flush_pending()
    if pending:
        raise SeedError("unfinished sub-row at end: %r" % pending)
    return rows


# one entry of a "top 10" list: 'Lạng Sơn (3.08% (2/65))'
ENTRY = r"[^();\d]+ \(\d+(?:\.\d+)?% \(\d+/\d+\)\)"
LIST_RE = r"(?:Tất cả các tỉnh/thành phố|%s(?:; %s)*)" % (ENTRY, ENTRY)
CRIT_RE = re.compile(r"^(?P<crit>.*?) (?P<count>\d+) (?P<list>%s)(?: (?P<tail>.*))?$" % LIST_RE)
COMPLETE_RE = re.compile(r"^.*? \d+ %s$" % LIST_RE)


def parse_criteria(lines):
    """Appendices 9-12: [STT, criterion, number of provinces < 50%, top-10 list]."""
    groups = []  # raw lines per row
    n = 0
    for raw in lines:
        s = raw.strip()
        m = re.match(r"^(\d+)(?: (.*))?$", s)
        starts_next = m and int(m.group(1)) == n + 1
        if starts_next and groups:
            # a bare count equal to n+1 must not be taken for the next row: the current row
            # is complete only once its count and list have been read
            done = COMPLETE_RE.match(join(groups[-1]))
            if not done:
                # allow a criterion that continues after the list (page break), see below
                if not CRIT_RE.match(join(groups[-1])):
                    starts_next = False
        if starts_next:
            n += 1
            rest = m.group(2) or ""
            groups.append([(rest + " ") if rest else ""])
            continue
        if not groups:
            raise SeedError("text before first criterion: %r" % raw)
        groups[-1].append(raw)
    rows = []
    for i, g in enumerate(groups, 1):
        text = join(g)
        m = CRIT_RE.match(text)
        if not m:
            raise SeedError("criterion row %d not parsed: %r" % (i, text))
        crit = m.group("crit")
        if m.group("tail"):
            # the end of the criterion cell printed after the list, on the next page
            crit += " " + m.group("tail")
        rows.append([i, crit, int(m.group("count")), m.group("list")])
    return rows


PARA_START_RE = re.compile(r"^(\\?-|\d+\.|\(\d+\)|[a-zđ]\))")


def paragraphs(raw_lines, width):
    """Split a long text cell into paragraphs.

    A new paragraph starts after a whitespace-only line, at a line starting with a list
    marker ('-', '\\-', '1.', '(1)'), or before a line starting with an upper-case letter
    when the previous line ends with '.', ';' or ':' or is shorter than 3/4 of the widest
    line of the table (a wrapped line fills the column; a short one ends a paragraph).
    """
    paras, cur = [], []
    for raw in raw_lines:
        if raw == "":
            continue
        if not raw.strip():
            if cur:
                paras.append(cur)
                cur = []
            continue
        s = raw.strip()
        if cur:
            prev = cur[-1].strip()
            if PARA_START_RE.match(s) or (s[:1].isupper() and
                                          (prev[-1:] in ".;:" or len(prev) < 0.75 * width)):
                paras.append(cur)
                cur = []
        cur.append(raw)
    if cur:
        paras.append(cur)
    texts = [join(p) for p in paras]
    if len(texts) == 1:
        return texts[0]
    return "".join("<p>%s</p>" % t for t in texts)


def parse_units(lines):
    """Appendices 22-25: [STT, unit ('Tỉnh ủy An Giang'), obstacles (long text)]."""
    groups = []
    n = 0
    for raw in lines:
        s = raw.strip()
        m = re.match(r"^(\d+)(?: (.*))?$", s)
        if m and int(m.group(1)) == n + 1 and (not m.group(2) or UNIT_PREFIX_RE.match(m.group(2))):
            n += 1
            rest = m.group(2)
            groups.append([(rest + " ") if rest else ""])
            continue
        if not groups:
            raise SeedError("text before first unit: %r" % raw)
        groups[-1].append(raw)
    width = max(len(l.strip()) for l in lines)
    rows = []
    for i, g in enumerate(groups, 1):
        unit_lines = []
        text_lines = None
        for k, raw in enumerate(g):
            if text_lines is not None:
                text_lines.append(raw)
                continue
            if not raw.strip():
                continue
            unit_lines.append(raw)
            acc = join(unit_lines)
            ends = [mm.end() for p in BARE for mm in [re.search(r"\b%s\b" % re.escape(p), acc)] if mm]
            if ends:
                cut = min(ends)
                head = acc[:cut]
                rest = acc[cut:].strip()
                unit = head
                text_lines = [rest + " "] if rest else []
        if text_lines is None:
            raise SeedError("unit row %d: no province in %r" % (i, g))
        rows.append([i, unit, paragraphs(text_lines, width)])
    return rows


# --------------------------------------------------------------------------- the tables

INT, STR, DECPCT = "int", "str", "dec%"


def generate(lines):
    b = appendix_blocks(lines)
    t = {}
    t["tien_do_tinh"] = (parse_status(body_lines(b[1])), None)
    t["phu_xanh_xa"] = parse_numeric(body_lines(b[4]), [INT] * 5 + [DECPCT] * 3)
    t["tieu_chi_xa"] = parse_numeric(body_lines(b[5]), [INT] + [STR] * 16)
    t["vuong_mac_xa"] = (parse_spans(body_lines(b[6])), None)
    # appendix 8: three parts
    p8 = b[8]
    i2 = next(i for i, l in enumerate(p8) if l.strip().startswith("II. "))
    i3 = next(i for i, l in enumerate(p8) if l.strip().startswith("III. "))
    t["ho_so_tinh_ngay"] = parse_numeric(body_lines(p8[:i2]), [INT] * 4 + [STR, INT], total=True)
    t["ho_so_xa_ngay"] = parse_numeric(body_lines(p8[i2:i3]), [INT] * 4 + [STR], total=True)
    t["ho_so_luy_ke"] = parse_numeric(body_lines(p8[i3:]), [INT] * 12 + [STR] * 3, total=True)
    for n, tid in ((9, "dang_uy_xa_thap_nhat"), (10, "hdnd_xa_thap_nhat"),
                   (11, "ubnd_xa_thap_nhat"), (12, "mttq_xa_thap_nhat")):
        t[tid] = (parse_criteria(body_lines(b[n])), None)
    for n, tid in ((13, "vuong_mac_dang_uy_xa"), (14, "kien_nghi_dang_uy_xa"),
                   (15, "vuong_mac_hdnd_xa"), (16, "kien_nghi_hdnd_xa"),
                   (17, "vuong_mac_ubnd_xa"), (18, "kien_nghi_ubnd_xa"),
                   (19, "vuong_mac_mttq_xa"), (20, "kien_nghi_mttq_xa")):
        t[tid] = (parse_spans(body_lines(b[n])), None)
    t["ti_le_hoan_thanh_tinh_4_cap"] = parse_numeric(body_lines(b[21]), [STR] * 4)
    for n, tid in ((22, "vuong_mac_tinh_dang_uy"), (23, "vuong_mac_tinh_hdnd"),
                   (24, "vuong_mac_tinh_ubnd"), (25, "vuong_mac_tinh_mttq")):
        t[tid] = (parse_units(body_lines(b[n])), None)
    return t


# Order of the tables in the day file (appendix order; section II table first).
ORDER = [
    "nhom_nhiem_vu",
    "tien_do_tinh", "nhiem_vu_qua_han", "nhiem_vu_den_han", "phu_xanh_xa", "tieu_chi_xa",
    "vuong_mac_xa", "nhiem_vu_thuong_xuyen_dang_tien_hanh",
    "ho_so_tinh_ngay", "ho_so_xa_ngay", "ho_so_luy_ke",
    "dang_uy_xa_thap_nhat", "hdnd_xa_thap_nhat", "ubnd_xa_thap_nhat", "mttq_xa_thap_nhat",
    "vuong_mac_dang_uy_xa", "kien_nghi_dang_uy_xa", "vuong_mac_hdnd_xa", "kien_nghi_hdnd_xa",
    "vuong_mac_ubnd_xa", "kien_nghi_ubnd_xa", "vuong_mac_mttq_xa", "kien_nghi_mttq_xa",
    "ti_le_hoan_thanh_tinh_4_cap",
    "vuong_mac_tinh_dang_uy", "vuong_mac_tinh_hdnd", "vuong_mac_tinh_ubnd", "vuong_mac_tinh_mttq",
]


# --------------------------------------------------------------------------- YAML output

def scalar(v):
    if v is None:
        return "~"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v).replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % s


def flow(values):
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def emit_rows(rows, indent="      "):
    out = []
    for r in rows:
        if isinstance(r, dict) and "span" in r:
            subs = [flow(x) for x in r["rows"]]
            head = "%s- { span: %s," % (indent, flow(r["span"]))
            lines = ["%s    rows: [%s" % (indent, subs[0])]
            lines += ["%s           %s" % (indent, x) for x in subs[1:]]
            lines[-1] += "] }"
            for k in range(len(lines) - 1):
                lines[k] += ","
            out.append(head)
            out.extend(lines)
        else:
            out.append("%s- %s" % (indent, flow(r)))
    return out


# --------------------------------------------------------------------------- manual merge

def split_top(text):
    """Split a YAML document into (key, text) blocks at column-0 keys; drop column-0 comments."""
    blocks = []
    for line in text.split("\n"):
        if line.startswith("#"):
            continue
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):", line)
        if m:
            blocks.append([m.group(1), [line]])
        elif blocks:
            blocks[-1][1].append(line)
        elif line.strip():
            raise SeedError("manual file: content before first key: %r" % line)
    return [(k, "\n".join(v).rstrip("\n")) for k, v in blocks]


def split_second(text):
    """Split the body of a top-level block into its 2-space-indented keys."""
    blocks = {}
    order = []
    cur = None
    for line in text.split("\n")[1:]:
        m = re.match(r"^  ([A-Za-z_][A-Za-z0-9_]*):", line)
        if m:
            cur = m.group(1)
            order.append(cur)
            blocks[cur] = [line]
        elif cur is not None:
            blocks[cur].append(line)
        elif line.strip():
            raise SeedError("manual file: unexpected line %r" % line)
    return order, {k: "\n".join(v).rstrip("\n") for k, v in blocks.items()}


def apply_fixes(tables, fixes_text):
    """_fixes: one JSON object per line: {"table": id, "row": n, "sub": k, "col": c, "from": x, "to": y}."""
    for line in fixes_text.split("\n")[1:]:
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not s.startswith("- "):
            raise SeedError("bad fix line %r" % line)
        fx = json.loads(s[2:])
        rows, _ = tables[fx["table"]]
        row = rows[fx["row"] - 1]
        cells = row["rows"][fx["sub"] - 1] if "sub" in fx else row
        if cells[fx["col"]] != fx["from"]:
            raise SeedError("fix does not match the seed: %r (found %r)" % (fx, cells[fx["col"]]))
        cells[fx["col"]] = fx["to"]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    lines = load_seed(argv[1])
    tables = generate(lines)
    with open(MANUAL, encoding="utf-8") as f:
        manual = split_top(f.read())
    keys = [k for k, _ in manual]
    mtext = dict(manual)
    if "_fixes" in mtext:
        apply_fixes(tables, mtext["_fixes"])
    out = ["# Generated by tools/transcribe/seed_001.py from seeds/001_195afd24911ace09.txt",
           "# and tools/transcribe/seed_001_manual.yaml. Do not edit by hand: edit those and regenerate."]
    for k in keys:
        if k.startswith("_"):
            continue
        if k != "tables":
            out.append(mtext[k])
            continue
        morder, mtables = split_second(mtext["tables"])
        unknown = [x for x in morder if x not in ORDER]
        if unknown:
            raise SeedError("manual tables not in ORDER: %r" % unknown)
        out.append("tables:")
        for tid in ORDER:
            block = mtables.get(tid)
            if block is not None and re.search(r"^    rows:", block, re.M):
                out.append(block)  # a table transcribed by hand
                continue
            if tid not in tables:
                raise SeedError("table %s is neither generated nor in the manual file" % tid)
            rows, total = tables[tid]
            out.append(block if block is not None else "  %s:" % tid)
            out.append("    rows:")
            out.extend(emit_rows(rows))
            if total is not None:
                out.append("    total: %s" % flow(total))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
