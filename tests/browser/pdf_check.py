#!/usr/bin/env python3
"""Checks the PDF files `daybrief build --pdf` made of a site (run by pdf_check.sh).

For each day and each edition's permanent copy, the report (with its appendices) and the deck
are compared with Chromium's own print of the same pages (`--print-to-pdf`, as print_check.sh
prints them), by the browser daybrief prints with (the headless shell when it is installed, as
daybrief prefers it; else `chromium`) and with its flag for the fonts' hinting:
  - the same number of pages, each of the same size, all A4 (reports start portrait, decks are
    landscape, one page per slide, each ending with its slide's number);
  - the same text on every page (pdftotext, Unicode NFC, spaces collapsed): the text is
    selectable, Vietnamese diacritics included;
  - page numbers as print_check.sh wants them: none on page 1, "2" on page 2, for the report and
    again for the appendices (numbered on their own);
  - every font embedded (pdffonts); the title is the page's <title> and the language its
    <html lang> (/Lang in the catalog);
  - for DAY (the day whose pages are compared as images), every page drawn by pdftoppm is the
    same image as Chromium's print of it (pixel for pixel); the images are left in OUT.
Prints each file's size. Exits 1 when a check fails.

Usage: pdf_check.py SITE OUT DAY
"""

import html
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

SITE, OUT, DAY = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
A4 = (595.0, 842.0)
failures = 0
checked = 0
failed_files = 0


def fail(message):
    global failures
    failures += 1
    print(f"FAIL: {message}")


def run(*args):
    return subprocess.run(args, check=True, capture_output=True).stdout


# The browser daybrief finds first (src/publish/pdf/browser.rs): the full browser and the
# headless shell draw some images (a striped placeholder) a few pixels apart.
BROWSER = "chromium-headless-shell" if shutil.which("chromium-headless-shell") else "chromium"


def chrome_print(page, pdf, profile):
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--font-render-hinting=none",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         page.resolve().as_uri()],
        check=True, capture_output=True)


def page_sizes(pdf):
    info = run("pdfinfo", "-f", "1", "-l", "100000", str(pdf)).decode()
    return [(float(w), float(h)) for w, h in
            re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info, re.M)]


def is_a4(size):
    w, h = sorted(size)
    return abs(w - A4[0]) < 1.5 and abs(h - A4[1]) < 1.5


def page_texts(pdf, count):
    return [normalise(run("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-").decode())
            for n in range(1, count + 1)]


def normalise(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def first_line(pdf, n):
    text = run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-").decode()
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def catalog_lang(pdf):
    data = pdf.read_bytes()
    catalog = re.search(rb"/Type /Catalog(.*?)>>\nendobj", data, re.S)
    lang = catalog and re.search(rb"/Lang \(([^)]*)\)", catalog.group(1))
    return lang.group(1).decode() if lang else None


def html_title_lang(page):
    text = page.read_text()
    title = html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
    lang = re.search(r'<html lang="([^"]*)"', text).group(1)
    return title, lang


def images(pdf, prefix):
    run("pdftoppm", "-r", "40", "-gray", str(pdf), str(prefix))
    return sorted(prefix.parent.glob(prefix.name + "-*.pgm"))


def check(pdf, pages, kind, profile, compare_images):
    """Checks one PDF file against Chromium's own print of `pages`."""
    global checked, failed_files
    checked += 1
    failures_before = failures
    name = str(pdf.relative_to(SITE))
    if not pdf.is_file():
        failed_files += 1
        return fail(f"{name} is missing")
    expected = []
    for i, page in enumerate(pages):
        printed = Path(profile) / f"part{i}.pdf"
        chrome_print(page, printed, Path(profile) / f"profile{i}")
        expected.append(printed)
    ours = page_sizes(pdf)
    theirs = [size for part in expected for size in page_sizes(part)]
    if ours != theirs:
        fail(f"{name}: pages {ours} but Chromium's print has {theirs}")
    if not all(is_a4(size) for size in ours):
        fail(f"{name}: not every page is A4: {ours}")
    if kind == "deck":
        slides = pages[0].read_text().count('<section class="slide ')
        # An edition's notice ("Bản lưu cố định") is shown on screen only: a permanent copy's
        # deck prints exactly its slides, as the live deck does.
        if len(ours) != slides:
            fail(f"{name}: {slides} slides but {len(ours)} pages")
        if not all(w > h for w, h in ours):
            fail(f"{name}: not every slide's page is landscape")
        # Each slide's number on its own page, last (bottom right), not all on the first.
        numbers = pages[0].read_text().count('<p class="slide-number"')
        for n, text in enumerate(page_texts(pdf, len(ours)) if numbers else [], start=1):
            if text.split()[-1:] != [str(n)]:
                fail(f"{name}: page {n} does not end with its slide number {n}")
                break
    elif ours and not ours[0][0] < ours[0][1]:
        fail(f"{name}: the first page is not portrait")
    our_text = page_texts(pdf, len(ours))
    their_text = [t for part in expected for t in page_texts(part, len(page_sizes(part)))]
    if our_text != their_text:
        differing = [i + 1 for i, (a, b) in enumerate(zip(our_text, their_text)) if a != b]
        fail(f"{name}: the text differs from Chromium's print on pages {differing}")
    if not any(re.search(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", t) for t in our_text):
        fail(f"{name}: no Vietnamese letter in its text")
    if kind == "report":
        start = 1
        for part in expected:
            count = len(page_sizes(part))
            if first_line(pdf, start) == "1":
                fail(f"{name}: page {start} (first of its part) carries a page number")
            if count >= 2 and first_line(pdf, start + 1) != "2":
                fail(f"{name}: page {start + 1} starts with '{first_line(pdf, start + 1)}', not its number 2")
            start += count
    fonts = run("pdffonts", str(pdf)).decode().splitlines()[2:]
    not_embedded = [f for f in fonts if f.split()[-5] != "yes"]
    if not fonts or not_embedded:
        fail(f"{name}: fonts not embedded: {not_embedded or 'no fonts at all'}")
    title, lang = html_title_lang(pages[0])
    info = run("pdfinfo", str(pdf)).decode()
    pdf_title = re.search(r"^Title: +(.*)$", info, re.M)
    if not pdf_title or pdf_title.group(1) != title:
        fail(f"{name}: title {pdf_title and pdf_title.group(1)!r}, not {title!r}")
    if catalog_lang(pdf) != lang:
        fail(f"{name}: language {catalog_lang(pdf)!r}, not {lang!r}")
    same = ""
    if compare_images:
        stem = name.replace("/", "-").removesuffix(".pdf")
        ours_png = images(pdf, OUT / stem)
        theirs_png = [png for i, part in enumerate(expected)
                      for png in images(part, OUT / f"{stem}-chromium{i}")]
        differing = [i + 1 for i, (a, b) in enumerate(zip(ours_png, theirs_png))
                     if a.read_bytes() != b.read_bytes()]
        if len(ours_png) != len(theirs_png) or differing:
            fail(f"{name}: as images, pages {differing} differ from Chromium's print "
                 f"({len(ours_png)} and {len(theirs_png)} pages)")
        else:
            same = f", {len(ours_png)} page images identical to Chromium's print"
    failed_files += failures > failures_before
    print(f"{name}: {pdf.stat().st_size} bytes, {len(ours)} pages{same}")


def check_links(page, expected):
    """The day's pages link their PDF files ("Tải PDF"), and the links lead to them."""
    global failures
    item = re.search(r'<li class="pdf-links">(.*?)</li>', page.read_text())
    hrefs = re.findall(r'href="([^"]*)"', item.group(1)) if item else []
    if hrefs != expected:
        fail(f"{page.relative_to(SITE)}: PDF links {hrefs}, not {expected}")
    for href in hrefs:
        if not (page.parent / href).is_file():
            fail(f"{page.relative_to(SITE)}: the link {href} leads nowhere")


for day_dir in sorted(SITE.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]")):
    day = str(day_dir.relative_to(SITE)).replace("/", "-")
    places = [(day_dir, "")] + [(d, f"-ban-{d.name}") for d in sorted((day_dir / "editions").glob("[0-9]*"))]
    for place, suffix in places:
        with tempfile.TemporaryDirectory() as profile:
            pages = [place / "index.html"]
            if (place / "appendices/index.html").is_file():
                pages.append(place / "appendices/index.html")
            compare = day == DAY and suffix == ""
            names = [f"bao-cao-{day}{suffix}.pdf"]
            if (place / "slides/index.html").is_file():
                names.append(f"trinh-chieu-{day}{suffix}.pdf")
            check_links(place / "index.html", names)
            check_links(place / "appendices/index.html", [f"../{n}" for n in names])
            check(place / f"bao-cao-{day}{suffix}.pdf", pages, "report", profile, compare)
            if (place / "slides/index.html").is_file():
                check(place / f"trinh-chieu-{day}{suffix}.pdf", [place / "slides/index.html"],
                      "deck", profile, compare)

unexpected = sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.pdf")
                    if not re.search(r"/(bao-cao|trinh-chieu)-\d{4}-\d\d-\d\d(-ban-\d+)?\.pdf$", str(p)))
if unexpected:
    fail(f"PDF files with unexpected names: {unexpected}")
if checked == 0:
    fail("no PDF file checked")
print(f"pdf files: {checked - failed_files} passed, {failed_files} failed")
sys.exit(1 if failures else 0)
