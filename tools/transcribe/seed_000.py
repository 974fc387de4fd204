#!/usr/bin/env python3
"""Regenerate content/2025/08/09.yaml from seed 000 (report 20-BCHN/CQTTBCĐ, 09/8/2025).

Usage (from the repository root):

    python3 tools/transcribe/seed_000.py /work/shared/seeds/000_6910dfddfda57365.txt \
        > content/2025/08/09.yaml

The narrative part (number, title, recipients, sections, signature, ...) is hand-written in
tools/transcribe/seed_000_narrative.yaml and copied verbatim (minus its leading comment block).
Every table row is parsed from the tab-separated tables of the seed and appended as `tables:`.

Python 3 standard library only. The output is deterministic (UTF-8, LF line endings).
The script checks the exact header lines and the row counts of every table and stops with an
error if the seed does not look like the one it was written for.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NARRATIVE = os.path.join(HERE, "seed_000_narrative.yaml")

INT = "int"  # integer column: plain digits -> YAML integer, anything else kept as a string
STR = "str"  # every other column type (text, ratio, status, date, decimal, percent): a string

INT_RE = re.compile(r"-?[0-9]+")


class SeedError(Exception):
    pass


def fail(msg):
    raise SeedError(msg)


# --------------------------------------------------------------------------- YAML output


def scalar(value):
    if value is None:
        return "~"
    if isinstance(value, int):
        return str(value)
    if '"' in value or "\\" in value or any(ord(c) < 0x20 for c in value):
        # The seed has none of these; escape anyway so the output always parses.
        value = (value.replace("\\", "\\\\").replace('"', '\\"')
                 .replace("\t", "\\t").replace("\n", "\\n"))
    return '"' + value + '"'


def flow(values):
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def emit_row(row, out):
    kind = row[0]
    if kind == "row":
        out.append("      - " + flow(row[1]))
    elif kind == "group":
        out.append("      - { group: " + scalar(row[1]) + " }")
    elif kind == "missing":
        first, last, note = row[1], row[2], row[3]
        out.append("      - { missing_rows: [%d, %d], note: %s }" % (first, last, scalar(note)))
    elif kind == "span":
        lead, subrows = row[1], row[2]
        out.append("      - { span: " + flow(lead) + ",")
        for i, sub in enumerate(subrows):
            head = "          rows: [" if i == 0 else "                 "
            tail = "] }" if i == len(subrows) - 1 else ","
            out.append(head + flow(sub) + tail)
    else:
        fail("unknown row kind %r" % (kind,))


def emit_table(table_id, table, out):
    out.append("  %s:" % table_id)
    if table.get("title") is not None:
        out.append("    title: " + scalar(table["title"]))
    out.append("    rows:")
    for row in table["rows"]:
        emit_row(row, out)
    if table.get("total") is not None:
        out.append("    total: " + flow(table["total"]))


# --------------------------------------------------------------------------- seed parsing


class Seed:
    def __init__(self, text):
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = text.replace("\r\n", "\n").split("\n")

    def find(self, exact, start=0):
        for i in range(start, len(self.lines)):
            if self.lines[i] == exact:
                return i
        fail("line not found: %r" % (exact,))

    def find_prefix(self, prefix, start=0):
        for i in range(start, len(self.lines)):
            if self.lines[i].startswith(prefix):
                return i
        fail("line starting with %r not found" % (prefix,))

    def next_nonblank(self, i):
        while i < len(self.lines) and self.lines[i].strip() == "":
            i += 1
        return i

    def table_lines(self, after, header, repeat_headers=None):
        """Data lines of the table whose header (a list of lines) starts at the first non-blank
        line after index `after`. The table ends at a blank line, unless the next non-blank line
        repeats the header (a PDF page break): then it continues after the repeated header.
        Returns (list of (line_no, cells), index after the table)."""
        repeats = [header] + list(repeat_headers or [])
        i = self.next_nonblank(after + 1)
        if self.lines[i:i + len(header)] != header:
            fail("line %d: unexpected table header %r" % (i + 1, self.lines[i:i + len(header)]))
        i += len(header)
        rows = []
        while i < len(self.lines):
            line = self.lines[i]
            if line.strip() == "":
                j = self.next_nonblank(i)
                for rep in repeats:
                    if self.lines[j:j + len(rep)] == rep:
                        i = j + len(rep)
                        break
                else:
                    break
                continue
            rows.append((i + 1, line.split("\t")))
            i += 1
        return rows, i


def typed(cells, kinds, line_no):
    if len(cells) != len(kinds):
        fail("line %d: %d cells, expected %d" % (line_no, len(cells), len(kinds)))
    out = []
    for cell, kind in zip(cells, kinds):
        if cell == "":
            out.append(None)
        elif kind == INT and INT_RE.fullmatch(cell):
            out.append(int(cell))
        else:
            out.append(cell)
    return out


def is_int(cell):
    return INT_RE.fullmatch(cell) is not None


def simple_table(lines, kinds, count, groups=False):
    """Rows of a table whose first column is STT; with groups=True, lines whose first cell is
    not a number and whose other cells are empty are group caption rows."""
    rows = []
    stt = 0
    for line_no, cells in lines:
        if groups and not is_int(cells[0]) and all(c == "" for c in cells[1:]):
            rows.append(("group", cells[0]))
            continue
        row = typed(cells, kinds, line_no)
        stt += 1
        if row[0] != stt:
            fail("line %d: STT %r, expected %d" % (line_no, row[0], stt))
        rows.append(("row", row))
    if stt != count:
        fail("%d numbered rows, expected %d" % (stt, count))
    return rows


def tab(*cells):
    return "\t".join(cells)


H_NHOM = [tab("TT", "Nhóm nhiệm vụ", "Số nhiệm vụ", "Đơn vị chưa hoàn thành", "Phụ lục")]
H_PL1 = [tab("STT", "Tỉnh / Thành phố", "Tiến độ nhiệm vụ", "Ghi chú")]
H_PL2 = [tab("STT", "Nhiệm vụ cụ thể", "Đơn vị chưa hoàn thành")]
H_PL3 = [tab("STT", "Nhiệm vụ cụ thể", "Thời hạn hoàn thành", "Đơn vị thực hiện")]
H_PL4 = [tab("STT", "Tỉnh/thành phố", "Số xã", "XANH", "VÀNG", "ĐỎ", "Đã báo cáo",
             "Đã báo cáo (%)", "XANH (%)", "TĂNG / GIẢM (%)")]
H_PL5 = [tab("STT", "Tỉnh/ thành phố", "Tổng số xã",
             "% xã đã phổ biến văn bản liên quan TTH C",
             "% xã đã công bố bộ TTHC",
             "% xã đã niêm yết quy trình thực hiện TTHC sau sát nhập",
             "% xã đã có hệ thống mạng thông suốt",
             "% xã đã có máy lấy số xếp hàng tự động",
             "% xã đã trang bị màn hình hiển thị số thứ tự",
             "% xã đã trang bị bộ thiết bị hỗ trợ số hóa giấy tờ",
             "% xã đã trang bị thiết bị tra cứu TTHC",
             "% xã đã trang bị đủ máy tính cho cán bộ công chức",
             "% xã đã trang bị đủ thiết bị khác (máy phôtô, ...)",
             "% xã đã sử dụng lại dữ liệu người dùng đã số hóa",
             "% xã đã trang bị thiết bị an toàn",
             "% xã đã được trang bị CKS mật",
             "% xã đã được trang bị CKS công vụ",
             "% xã đã có đủ nhân sự hỗ trợ tại TT HCC",
             "% xã đã triển khai HT hợp trực tuyến từ TW đến cấp xã")]
H_PL6 = [tab("STT", "Tỉnh/thành phố", "Vướng mắc chính trong ngày", "Số xã gặp vướng mắc")]
H_PL7 = [tab("STT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Tính chất")]
H_PL8_I = [tab("STT", "Tên cơ quan", "Thực tiếp", "Thực tuyển", "Đã trả", "Tổng",
               "Tỉ lệ hồ sơ thực tuyển", "Trung bình ngày tháng 6")]
H_PL8_II = [tab("STT", "Tên cơ quan", "Trực tiếp", "Trực tuyến", "Đã trả", "Tổng",
                "Tỉ lệ hồ sơ trực tuyến")]
_SUB3 = ["Tỉnh", "Xã", "Tổng"] * 5
H_PL8_III = [tab("S T T", "Tên cơ quan", "Trực tiếp", "", "", "Trực tuyến", "", "", "Đã trả", "",
                 "", "Tổng", "", "", "Tỉ lệ hồ sơ trực tuyến", "", ""),
             tab("", "", *_SUB3)]
# The header repeated on the second page of table III reads "Tỉ hệ" instead of "Tỉ lệ".
H_PL8_III_REPEAT = [tab("S T T", "Tên cơ quan", "Trực tiếp", "", "", "Trực tuyến", "", "",
                        "Đã trả", "", "", "Tổng", "", "", "Tỉ hệ hồ sơ trực tuyến", "", ""),
                    tab("", "", *_SUB3)]


def parse(seed_text):
    s = Seed(seed_text)
    tables = {}

    # Section II: CÁC NHÓM NHIỆM VỤ TRỌNG TÂM (Số nhiệm vụ is text: "04" keeps its zero)
    i = s.find("II. CÁC NHÓM NHIỆM VỤ TRỌNG TÂM")
    lines, _ = s.table_lines(i, H_NHOM)
    tables["nhom_nhiem_vu"] = {"rows": simple_table(lines, [INT, STR, STR, STR, STR], 3)}

    # Phụ lục 1
    i = s.find("Phụ lục 1 Tình hình thực hiện các nhiệm vụ trong giai đoạn 2")
    lines, _ = s.table_lines(i, H_PL1)
    tables["tien_do_tinh"] = {"rows": simple_table(lines, [INT, STR, STR, STR], 34)}

    # Phụ lục 2 (group rows; rows 1 and 3 are the same task: both kept)
    i = s.find("Phụ lục 2")
    s.find("Các nhiệm vụ chưa hoàn thành đã quá hạn", i)
    lines, _ = s.table_lines(i + 1, H_PL2)
    tables["nhiem_vu_qua_han"] = {"rows": simple_table(lines, [INT, STR, STR], 7, groups=True)}

    # Phụ lục 3
    i = s.find("Phụ lục 3")
    lines, _ = s.table_lines(i + 1, H_PL3)
    tables["nhiem_vu_den_han"] = {
        "rows": simple_table(lines, [INT, STR, STR, STR], 6, groups=True)}

    # Phụ lục 4
    i = s.find("Phụ lục 4")
    lines, end = s.table_lines(i + 1, H_PL4)
    tables["phu_xanh_xa"] = {
        "rows": simple_table(lines, [INT, STR, INT, INT, INT, INT, INT, STR, STR, STR], 34)}

    # Phụ lục 5: heading and rows 1-16 are missing in the seed; the header follows table 4.
    lines, _ = s.table_lines(end, H_PL5)
    rows = []
    for line_no, cells in lines:
        rows.append(("row", typed(cells, [INT, STR, INT] + [STR] * 16, line_no)))
    stts = [r[1][0] for r in rows]
    if stts != list(range(17, 35)):
        fail("Phụ lục 5: STT %r, expected 17..34" % (stts,))
    tables["tieu_chi_xa"] = {
        "rows": [("missing", 1, 16, "Hàng 1–16 không có trong bản nguồn")] + rows}

    # Phụ lục 6: span rows, page breaks with repeated headers merged
    i = s.find("Phụ lục 6")
    lines, _ = s.table_lines(i + 1, H_PL6)
    rows = []
    for line_no, cells in lines:
        if len(cells) != 4:
            fail("line %d: %d cells, expected 4" % (line_no, len(cells)))
        sub = [c if c != "" else None for c in cells[2:]]
        if cells[0] == "" and cells[1] == "":
            if not rows:
                fail("line %d: continuation row before the first entry" % line_no)
            rows[-1][2].append(sub)
        else:
            stt = int(cells[0])
            if stt != len(rows) + 1:
                fail("line %d: STT %d, expected %d" % (line_no, stt, len(rows) + 1))
            rows.append(("span", [stt, cells[1]], [sub]))
    # The seed lists 33 provinces (1..33): TP. Huế has no entry. Nothing is added for it.
    if len(rows) != 33:
        fail("Phụ lục 6: %d entries, expected 33" % len(rows))
    tables["vuong_mac_xa"] = {"rows": rows}

    # Phụ lục 7: a row continued on the next page (empty STT) is joined to the row above
    i = s.find("Phụ lục 7")
    lines, _ = s.table_lines(i + 1, H_PL7)
    joined = []
    for line_no, cells in lines:
        if cells[0] == "":
            if not joined:
                fail("line %d: continuation row before the first row" % line_no)
            prev = joined[-1][1]
            if len(cells) != len(prev):
                fail("line %d: continuation row has %d cells" % (line_no, len(cells)))
            for k, c in enumerate(cells):
                if c != "":
                    prev[k] = prev[k] + " " + c if prev[k] else c
        else:
            joined.append((line_no, list(cells)))
    tables["nhiem_vu_thuong_xuyen"] = {"rows": simple_table(joined, [INT, STR, STR, STR], 15)}

    # Phụ lục 8: three sub-tables, titled by the sub-headings printed in the seed
    i = s.find("Phụ lục 8")
    t1 = s.find_prefix("I. ", i)
    t2 = s.find_prefix("II. ", t1)
    t3 = s.find_prefix("III. ", t2)
    for idx, header, table_id, kinds, total in (
            (t1, H_PL8_I, "ho_so_tinh_ngay", [INT, STR, INT, INT, INT, INT, STR, INT], True),
            (t2, H_PL8_II, "ho_so_xa_ngay", [INT, STR, INT, INT, INT, INT, STR], True),
            (t3, H_PL8_III, "ho_so_luy_ke", [INT, STR] + [INT] * 12 + [STR] * 3, True)):
        repeat = [H_PL8_III_REPEAT] if table_id == "ho_so_luy_ke" else None
        lines, _ = s.table_lines(idx, header, repeat)
        entry = {"title": s.lines[idx]}
        if total:
            line_no, cells = lines[-1]
            if cells[0] != "Tổng" or cells[1] != "":
                fail("line %d: expected the Tổng row" % line_no)
            entry["total"] = ["Tổng"] + typed(cells[2:], kinds[2:], line_no)
            lines = lines[:-1]
        entry["rows"] = simple_table(lines, kinds, 34)
        tables[table_id] = entry

    return tables


ORDER = ["nhom_nhiem_vu", "tien_do_tinh", "nhiem_vu_qua_han", "nhiem_vu_den_han",
         "phu_xanh_xa", "tieu_chi_xa", "vuong_mac_xa", "nhiem_vu_thuong_xuyen",
         "ho_so_tinh_ngay", "ho_so_xa_ngay", "ho_so_luy_ke"]


def narrative():
    with open(NARRATIVE, encoding="utf-8") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    text = "\n".join(lines).rstrip("\n") + "\n"
    if re.search(r"^tables:", text, re.M):
        fail("the narrative file must not contain a tables: key")
    return text


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: %s SEED_FILE > content/2025/08/09.yaml\n" % argv[0])
        return 2
    with open(argv[1], encoding="utf-8") as f:
        seed_text = f.read()
    try:
        tables = parse(seed_text)
        out = [narrative().rstrip("\n"), "tables:"]
        for table_id in ORDER:
            emit_table(table_id, tables[table_id], out)
    except SeedError as e:
        sys.stderr.write("seed_000.py: %s\n" % e)
        return 1
    sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
