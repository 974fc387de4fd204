#!/usr/bin/env bash
# Prints every day's deck, report and appendices of every example publication (the flagship and
# examples/*) with headless Chromium and checks the result:
#  - the deck's PDF has exactly one page per slide, in landscape;
#  - each edition's permanent copy of the deck (editions/N/slides/) too, every page landscape,
#    and the current edition's copy has exactly the live deck's pages;
#  - no slide's content overflows its box at printed size (measured in the browser);
#  - the report prints on A4 portrait, with no page number on page 1 and "2" centred in the top
#    margin of page 2 (Decree 30/2020/NĐ-CP), read back with pdftotext;
#  - a report with the Decree 30 header has its national title and number on page 1;
#  - the appendices print on A4 pages.
# Pages are also rendered to PNG with pdftoppm in tests/browser/out/ for a person to look at.
# Installs Debian's chromium and poppler-utils when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/browser/out
rm -rf "$out" && mkdir -p "$out"

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

source tests/lib.sh
cargo build --quiet --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>/dev/null
}
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
size() { pdfinfo "$1" | awk '/^Page size:/ {print $3, $5}'; }

failures=0; checked=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The first line of text of PDF page N, trimmed.
first_line() { pdftotext -layout -f "$2" -l "$2" "$1" - | sed -n '/[^[:space:]]/{s/^[[:space:]]*//;s/[[:space:]]*$//;p;q}'; }

while read -r content; do
  pub=$(publication_name "$content")
  site="$work/$pub"
  ./target/debug/daybrief build --content "$content" --out "$site" >/dev/null 2>&1 || { fail "$pub: build"; continue; }
  for day in $(cd "$site" && ls -d [0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]); do
    name="$pub-${day//\//-}"
    deck="$site/$day/slides/index.html"
    if [ -f "$deck" ]; then
      slides=$(grep -c '<section class="slide ' "$deck" || true)
      chrome --no-pdf-header-footer --print-to-pdf="$out/$name-deck.pdf" "file://$deck"
      got=$(pages "$out/$name-deck.pdf")
      read -r w h <<<"$(size "$out/$name-deck.pdf")"
      checked=$((checked + 1))
      [ "$got" = "$slides" ] || fail "$pub $day deck: $slides slides but $got PDF pages"
      awk "BEGIN {exit !($w > $h)}" || fail "$pub $day deck: page is not landscape ($w x $h pt)"
      dom=$(chrome --virtual-time-budget=10000 --dump-dom "file://$deck#kiem-tra")
      measured=$(grep -o 'data-slides="[0-9]*"' <<<"$dom" | grep -o '[0-9]*' || true)
      overflow=$(grep -o 'data-overflow="[^"]*"' <<<"$dom" | sed 's/data-overflow="\(.*\)"/\1/' || true)
      [ "$measured" = "$slides" ] || fail "$pub $day deck: the browser measured '${measured}' slides, expected $slides"
      [ -z "$overflow" ] || fail "$pub $day deck: content overflows on slide(s) $overflow"
      pdftoppm -png -r 40 "$out/$name-deck.pdf" "$out/$name-deck"
      echo "$pub $day: deck $slides slides = $got pages, overflow: ${overflow:-none}"

      # Each edition's permanent copy of the deck prints its slides and nothing else, every page
      # landscape; the current edition's copy prints exactly the live deck's pages.
      current=$(cd "$site/$day/editions" && ls -d [0-9]* | sort -n | tail -1)
      for copy in "$site/$day"/editions/[0-9]*/slides/index.html; do
        [ -f "$copy" ] || continue
        edition=$(basename "$(dirname "$(dirname "$copy")")")
        copy_slides=$(grep -c '<section class="slide ' "$copy" || true)
        copy_pdf="$out/$name-edition-$edition-deck.pdf"
        chrome --no-pdf-header-footer --print-to-pdf="$copy_pdf" "file://$copy"
        copy_pages=$(pages "$copy_pdf")
        checked=$((checked + 1))
        portrait=$(pdfinfo -f 1 -l "$copy_pages" "$copy_pdf" | awk '/^Page +[0-9]+ size:/ { if ($4 <= $6) n++ } END { print n + 0 }')
        [ "$copy_pages" = "$copy_slides" ] || fail "$pub $day edition $edition deck: $copy_slides slides but $copy_pages PDF pages"
        [ "$portrait" = 0 ] || fail "$pub $day edition $edition deck: $portrait page(s) not landscape"
        if [ "$edition" = "$current" ]; then
          [ "$copy_pages" = "$got" ] || fail "$pub $day edition $edition deck: $copy_pages pages, the live deck $got"
        fi
        echo "$pub $day: edition $edition deck $copy_slides slides = $copy_pages pages, portrait pages: $portrait"
      done
    fi

    report="$out/$name-report.pdf"
    chrome --no-pdf-header-footer --print-to-pdf="$report" "file://$site/$day/index.html"
    checked=$((checked + 1))
    read -r w h <<<"$(size "$report")"
    awk "BEGIN {exit !($w < $h && $w > 590 && $w < 600)}" || fail "$pub $day report: not A4 portrait ($w x $h pt)"
    # Decree 30: page numbers from page 2, centred in the top margin; none on page 1.
    one=$(first_line "$report" 1)
    [ "$one" != 1 ] || fail "$pub $day report: page 1 carries a page number"
    if [ "$(pages "$report")" -ge 2 ]; then
      two=$(first_line "$report" 2)
      [ "$two" = 2 ] || fail "$pub $day report: page 2 starts with '$two', not its page number 2"
    fi
    if grep -q 'class="national-title"' "$site/$day/index.html"; then
      title=$(sed -n 's/.*<p class="national-title">\([^<]*\)<.*/\1/p' "$site/$day/index.html" | head -1)
      number=$(sed -n 's/.*<p class="doc-number">\([^<]*\)<.*/\1/p' "$site/$day/index.html" | head -1)
      text=$(pdftotext -f 1 -l 1 "$report" - | tr -s ' \n' ' ')
      grep -qF "$title" <<<"$text" || fail "$pub $day report: page 1 lacks the national title '$title'"
      grep -qF "$number" <<<"$text" || fail "$pub $day report: page 1 lacks the number '$number'"
    fi
    pdftoppm -png -r 40 -f 1 -l 2 "$report" "$out/$name-report"

    appendices="$out/$name-appendices.pdf"
    chrome --no-pdf-header-footer --print-to-pdf="$appendices" "file://$site/$day/appendices/index.html"
    checked=$((checked + 1))
    read -r aw ah <<<"$(size "$appendices")"
    awk "BEGIN {exit !(($aw > 590 && $aw < 600) || ($ah > 590 && $ah < 600))}" || fail "$pub $day appendices: not A4 ($aw x $ah pt)"
    pdftoppm -png -r 40 -f 1 -l 2 "$appendices" "$out/$name-appendices"
    echo "$pub $day: report ${w}x${h} pt, $(pages "$report") pages, page 2 numbered '${two:-}'; appendices $(pages "$appendices") pages"
  done
done < <(publications)

echo "print-check: $((checked - failures)) passed, $failures failed"
[ "$failures" = 0 ]
