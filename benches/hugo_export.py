#!/usr/bin/env python3
"""Exports a daybrief archive as a plain Hugo site, the reference peer of benches/archive.sh.

    hugo_export.py CONTENT_DIR SITE_DIR

One Markdown page per day (its latest edition): the report text as written in the YAML
(narrative expressions such as {{ tables.x.sum.y }} are left as they are; Hugo prints them as
text) and every appendix table as a Markdown table with its total row. Plus a config and a
trivial layout, so that `hugo` renders each page to HTML. No charts, slides, entity pages,
CSV or search: the peer does strictly less than daybrief. Standard library + PyYAML only.
"""

import os
import re
import shutil
import sys

import yaml

DAY_FILE = re.compile(r"^(\d{2})(?:\.(\d+))?\.yaml$")

CONFIG = """\
baseURL = "/"
title = "daybrief benchmark peer"
languageCode = "vi"
relativeURLs = true
buildFuture = true  # the sample archive runs years ahead of today
disableKinds = ["taxonomy", "term"]
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
{{ block "main" . }}{{ end }}
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .RegularPagesRecursive }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
"""


# libyaml's parser when PyYAML was built with it (Debian's is): 5–10× faster on 3,000 files.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return yaml.load(f, Loader=LOADER)


def latest_editions(content):
    """(date path "YYYY/MM/DD", file) of each day's latest edition, in date order."""
    days = {}
    for year in sorted(os.listdir(content)):
        if not re.fullmatch(r"\d{4}", year):
            continue
        for month in sorted(os.listdir(os.path.join(content, year))):
            folder = os.path.join(content, year, month)
            if not (re.fullmatch(r"\d{2}", month) and os.path.isdir(folder)):
                continue
            for name in os.listdir(folder):
                match = DAY_FILE.match(name)
                if not match:
                    continue
                key = f"{year}/{month}/{match.group(1)}"
                edition = int(match.group(2) or 1)
                if key not in days or days[key][0] < edition:
                    days[key] = (edition, os.path.join(folder, name))
    return [(key, days[key][1]) for key in sorted(days)]


def cell(value):
    if value is None:
        return "—"
    if isinstance(value, dict):  # a cell written as a mapping (value + note, colspan, rowspan)
        value = value.get("value", "")
    return str(value).replace("|", "\\|").replace("\n", " ")


def number(value):
    """A cell as a number ("2.000" and "62,6%" are Vietnamese-formatted), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip().rstrip("%").replace(".", "").replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return None
    return None


def vn_number(value, decimals=0):
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def total_row(schema, rows):
    """The computed total row: the label in the key column, sums, and ratios of sums."""
    columns = schema.get("columns", [])
    sums = {}
    for i, column in enumerate(columns):
        values = [number(row[i]) for row in rows if i < len(row)]
        sums[column.get("id")] = sum(v for v in values if v is not None)
    label_at = next((i for i, c in enumerate(columns) if c.get("key")), 0)
    out = []
    for i, column in enumerate(columns):
        total = column.get("total")
        if i == label_at:
            out.append(schema.get("total_label", "Tổng"))
        elif total == "sum":
            out.append(vn_number(sums[column["id"]]))
        elif isinstance(total, dict) and "ratio" in total:
            part, whole = total["ratio"]
            ratio = 100 * sums[part] / sums[whole] if sums.get(whole) else 0
            suffix = "%" if column.get("type") == "percent" else ""
            out.append(vn_number(ratio, column.get("decimals", 0)) + suffix)
        else:
            out.append("")
    return out


def table_rows(items):
    """(cells, is_data) for each row as shown: the real days' tables also have caption rows
    `{ group: … }`, rows sharing leading cells `{ span: [...], rows: [[...], ...] }` (the shared
    cells shown on the first of them) and `{ missing_rows: [from, to] }`; the sample's have
    plain rows only."""
    out = []
    for item in items or []:
        if isinstance(item, list):
            out.append((item, True))
        elif isinstance(item, dict) and "group" in item:
            out.append(([f"**{item['group']}**"], False))
        elif isinstance(item, dict) and "span" in item:
            span = item.get("span") or []
            for i, rest in enumerate(item.get("rows") or []):
                out.append(((span if i == 0 else [""] * len(span)) + list(rest), True))
        elif isinstance(item, dict) and "missing_rows" in item:
            first, last = (item.get("missing_rows") or ["?", "?"])[:2]
            note = f": {item['note']}" if item.get("note") else ""
            out.append(([f"(rows {first}–{last} missing{note})"], False))
    return out


def table_markdown(schema, table):
    rows = table_rows(table.get("rows"))
    columns = schema.get("columns", [])
    lines = [
        "| " + " | ".join(cell(c.get("label", c.get("id"))) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for row, _ in rows:
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    data = [row for row, is_data in rows if is_data]
    if schema.get("total_row") == "computed" and data:
        lines.append("| " + " | ".join(cell(v) for v in total_row(schema, data)) + " |")
    elif schema.get("total_row") == "given" and table.get("total"):
        lines.append("| " + " | ".join(cell(v) for v in table["total"]) + " |")
    return "\n".join(lines)


def sections_markdown(sections, depth, out):
    for section in sections or []:
        heading = ". ".join(
            str(part) for part in (section.get("number"), section.get("title")) if part
        )
        out.append("#" * min(depth, 6) + " " + heading)
        if section.get("body"):
            out.append(str(section["body"]).strip())
        sections_markdown(section.get("sections"), depth + 1, out)


def day_markdown(day, publication, schemas):
    date = str(day.get("date"))
    title = f"{day.get('number', '')} — {day.get('title', '')} ({date})"
    front = yaml.safe_dump({"title": title, "date": date}, allow_unicode=True, width=1000)
    out = ["---\n" + front + "---"]
    if day.get("intro"):
        out.append(str(day["intro"]).strip())
    sections_markdown(day.get("sections"), 2, out)
    if day.get("closing"):
        out.append(str(day["closing"]).strip())
    tables = day.get("tables") or {}
    # A day may list its own appendices (the real 22/9/2025 day does), instead of the publication's.
    for appendix in day.get("appendices") or publication.get("appendices") or []:
        present = [t for t in appendix.get("tables", []) if t in tables]
        if not present:
            continue
        out.append(f"## Phụ lục {appendix.get('number', '')}. {appendix.get('title', '')}")
        for table_id in present:
            schema = schemas.get(table_id, {"columns": []})
            if schema.get("title"):
                out.append(f"### {schema['title']}")
            out.append(table_markdown(schema, tables[table_id]))
    return "\n\n".join(out) + "\n"


def export(content, site):
    publication = load(os.path.join(content, "publication.yaml")) or {}
    schemas = {}
    tables_dir = os.path.join(content, "tables")
    for name in sorted(os.listdir(tables_dir)):
        if name.endswith(".yaml"):
            schemas[name[: -len(".yaml")]] = load(os.path.join(tables_dir, name)) or {}
    if os.path.exists(site):
        shutil.rmtree(site)
    layouts = os.path.join(site, "layouts", "_default")
    os.makedirs(layouts)
    files = {
        os.path.join(site, "config.toml"): CONFIG,
        os.path.join(layouts, "baseof.html"): BASEOF,
        os.path.join(layouts, "single.html"): SINGLE,
        os.path.join(layouts, "list.html"): LIST,
    }
    for path, text in files.items():
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    pages = 0
    page_bytes = 0
    for key, path in latest_editions(content):
        text = day_markdown(load(path), publication, schemas)
        target = os.path.join(site, "content", key + ".md")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = text.encode("utf-8")
        with open(target, "wb") as f:
            f.write(data)
        pages += 1
        page_bytes += len(data)
    return pages, page_bytes


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: hugo_export.py CONTENT_DIR SITE_DIR")
    pages, page_bytes = export(sys.argv[1], sys.argv[2])
    average = page_bytes // pages if pages else 0
    print(f"{pages} {page_bytes} {average}")


if __name__ == "__main__":
    main()
