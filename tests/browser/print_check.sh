#!/usr/bin/env bash
# Prints every example day's deck and report with headless Chromium and checks the result:
#  - the deck's PDF has exactly one page per slide, in landscape;
#  - no slide's content overflows its box at printed size (measured in the browser);
#  - the report prints on A4 portrait.
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

cargo build --quiet --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site="$work/site"
./target/debug/daybrief build --out "$site" >/dev/null 2>&1

chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>/dev/null
}
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
size() { pdfinfo "$1" | awk '/^Page size:/ {print $3, $5}'; }

failures=0; checked=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for day in $(cd "$site" && ls -d [0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]); do
  name=${day//\//-}
  deck="$site/$day/slides/index.html"
  slides=$(grep -c '<section class="slide ' "$deck" || true)
  chrome --no-pdf-header-footer --print-to-pdf="$out/$name-deck.pdf" "file://$deck"
  got=$(pages "$out/$name-deck.pdf")
  read -r w h <<<"$(size "$out/$name-deck.pdf")"
  checked=$((checked + 1))
  [ "$got" = "$slides" ] || fail "$day deck: $slides slides but $got PDF pages"
  awk "BEGIN {exit !($w > $h)}" || fail "$day deck: page is not landscape ($w x $h pt)"
  dom=$(chrome --virtual-time-budget=10000 --dump-dom "file://$deck#kiem-tra")
  measured=$(grep -o 'data-slides="[0-9]*"' <<<"$dom" | grep -o '[0-9]*' || true)
  overflow=$(grep -o 'data-overflow="[^"]*"' <<<"$dom" | sed 's/data-overflow="\(.*\)"/\1/' || true)
  [ "$measured" = "$slides" ] || fail "$day deck: the browser measured '${measured}' slides, expected $slides"
  [ -z "$overflow" ] || fail "$day deck: content overflows on slide(s) $overflow"
  pdftoppm -png -r 40 "$out/$name-deck.pdf" "$out/$name-deck"

  chrome --no-pdf-header-footer --print-to-pdf="$out/$name-report.pdf" "file://$site/$day/index.html"
  read -r w h <<<"$(size "$out/$name-report.pdf")"
  awk "BEGIN {exit !($w < $h && $w > 590 && $w < 600)}" || fail "$day report: not A4 portrait ($w x $h pt)"
  pdftoppm -png -r 40 -f 1 -l 2 "$out/$name-report.pdf" "$out/$name-report"
  echo "$day: deck $slides slides = $got pages (${w}x${h} report), overflow: ${overflow:-none}"
done

echo "print-check: $((checked - failures)) passed, $failures failed"
[ "$failures" = 0 ]
