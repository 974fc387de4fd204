#!/usr/bin/env bash
# `daybrief build --pdf` on the example publication (content/), in a real Chromium:
#  - every PDF file is checked against Chromium's own print of its pages by pdf_check.py (A4,
#    reports portrait and decks landscape with one page per slide, the same text page by page,
#    page numbers, embedded fonts, title and language); the pages of 22/9/2025 are compared as
#    images (pdftoppm), left in tests/browser/out-pdf/ for a person to look at; sizes printed;
#  - a second build into another folder gives byte-identical PDF files; a third one, printed by
#    the full browser (`chromium`) instead of the headless shell that daybrief prefers, places
#    every word of every file where the first did;
#  - adding a day (`daybrief new`) prints that day's files only: the day before it is rendered
#    again (its "next day" link changed) but prints the same, so its PDF files are kept, like the
#    other days' (the same files: same inode);
#  - `daybrief sample --days 2` built with --pdf passes the same checks (no page before the
#    slides for its banner);
#  - a page that cannot be printed is named in the error, and no Chromium outlives a build killed
#    while it prints (SIGKILL, SIGTERM, SIGINT) (`cargo test --test pdf -- --ignored`, once with
#    each browser).
# Times are printed, not asserted (benches/README has the measured figures).
# Installs Debian's chromium, chromium-headless-shell, poppler-utils and python3 when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/lib.sh
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromium-headless-shell >/dev/null || need+=(chromium-headless-shell)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
command -v python3 >/dev/null || need+=(python3)
apt_install "${need[@]}"

out=tests/browser/out-pdf
rm -rf "$out" && mkdir -p "$out"
cargo build --quiet --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A copy of the example, so that a day can be added to it.
cp -r content templates themes "$work/"
# Builds with --pdf into $1; $2: the PDF files it must print (0: none: the site is up to date,
# nothing is rendered or printed).
build() {
  local start=$SECONDS log summary content=${3:-$work/content}
  if ! log=$(./target/debug/daybrief build --content "$content" --out "$1" --pdf 2>&1); then
    echo "$log" | tail -5
    fail "daybrief build --pdf --out $1"
    return 1
  fi
  summary=$(tail -1 <<<"$log")
  echo "$summary [$((SECONDS - start)) s, debug build]"
  if [ "$2" != 0 ]; then
    [[ "$summary" == *"; $2 PDF file(s) printed" ]] || fail "the build should have printed $2 PDF files"
  else
    [[ "$summary" == "$1 is up to date: nothing changed since its build ("*")" ]] ||
      fail "a build with nothing changed rendered or printed"
  fi
}
pdfs() { (cd "$1" && find . -name '*.pdf' | sort); }

site="$work/site"
build "$site" 8 || exit 1
python3 tests/browser/pdf_check.py "$site" "$out" 2025-09-22 || fail "pdf_check.py"

again="$work/again"
build "$again" 8 || exit 1
[ "$(pdfs "$site")" = "$(pdfs "$again")" ] || fail "the second build made other PDF files"
identical=0
for f in $(pdfs "$site"); do
  if cmp -s "$site/$f" "$again/$f"; then identical=$((identical + 1)); else fail "$f differs between two builds"; fi
done
echo "two builds: $identical PDF files byte-identical"

# The full browser lays out every word where the headless shell does (fonts unhinted in both):
# the same words at the same places, to a millionth of a point (`pdftotext -bbox`). Images the
# browser draws itself (the striped placeholder of a missing image) may differ by a few pixels.
full="$work/full"
DAYBRIEF_CHROMIUM=$(command -v chromium) build "$full" 8 || exit 1
words() { pdftotext -bbox "$1" - | grep -v '<meta name="Producer"'; }
same=0
for f in $(pdfs "$site"); do
  if cmp -s <(words "$site/$f") <(words "$full/$f"); then same=$((same + 1)); else fail "$f: its words are placed otherwise by the headless shell and the full browser"; fi
done
echo "headless shell and full browser: $same PDF files with every word at the same place"

build "$site" 0
# Adding a day prints its 4 files (live and edition 1) and nothing else: 22/9's pages are
# rendered again (their "next day" link changed), but that navigation is not printed, so its
# files are linked from the previous site, like 9/8's: the same files (inodes).
inode() { stat -c %i "$1"; }
unchanged=(2025/08/09/bao-cao-2025-08-09.pdf 2025/09/22/bao-cao-2025-09-22.pdf
  2025/09/22/editions/1/trinh-chieu-2025-09-22-ban-1.pdf)
before=$(for f in "${unchanged[@]}"; do inode "$site/$f"; done)
./target/debug/daybrief new 2025-09-23 --content "$work/content" >/dev/null
build "$site" 4 || exit 1
for f in 2025/09/23/bao-cao-2025-09-23.pdf 2025/09/23/trinh-chieu-2025-09-23.pdf \
  2025/09/23/editions/1/bao-cao-2025-09-23-ban-1.pdf; do
  [ -f "$site/$f" ] || fail "adding a day: $f is missing"
done
[ "$(for f in "${unchanged[@]}"; do inode "$site/$f"; done)" = "$before" ] ||
  fail "adding a day replaced files of the days before it: ${unchanged[*]}"
[ "$(pdfs "$site" | wc -l)" = 12 ] || fail "after adding a day: $(pdfs "$site" | wc -l) PDF files, not 12"

# A sample publication's files (its banner is not printed before the slides: each slide
# carries the sample mark), checked the same way.
./target/debug/daybrief sample --days 2 --out "$work/sample" >/dev/null
build "$work/sample-site" 8 "$work/sample/content" || exit 1
mkdir -p "$out/sample"
python3 tests/browser/pdf_check.py "$work/sample-site" "$out/sample" \
  "$(cd "$work/sample-site" && ls -d [0-9]*/[0-9]*/[0-9]* | tail -1 | tr / -)" || fail "pdf_check.py on the sample"

cargo test --quiet --locked --test pdf -- --ignored >"$work/test.log" 2>&1 || { cat "$work/test.log"; fail "cargo test --test pdf -- --ignored"; }
# Again with Debian's chromium, a script that runs the browser with `exec`.
DAYBRIEF_CHROMIUM=$(command -v chromium) cargo test --quiet --locked --test pdf -- --ignored >"$work/test.log" 2>&1 ||
  { cat "$work/test.log"; fail "DAYBRIEF_CHROMIUM=chromium cargo test --test pdf -- --ignored"; }

echo "pdf-check: $((failures == 0 ? 1 : 0)) passed, $((failures == 0 ? 0 : 1)) failed"
[ "$failures" = 0 ]
