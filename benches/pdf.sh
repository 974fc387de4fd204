#!/usr/bin/env bash
# PDF benchmark (issue 17): how long `daybrief build --pdf` takes with the release binary.
# A benchmark, not a test: it measures and reports, it asserts no time.
#
# Usage: benches/pdf.sh [DAYS]
#   example  the example publication (content/), cold: no previous site, so every PDF file
#            of both days is printed (8 files: the day's and edition 1's report and deck);
#            then the same build without --pdf, for comparison
#   full     `daybrief sample --days DAYS` (default 100), cold, with --pdf, then without
#   add      `daybrief new` on the day after the last one, then build with --pdf: that day's
#            4 files are printed (the day before is rendered again for its "next day" link,
#            but its PDF files are kept); then the same day added to a site built without
#            --pdf, so that the difference is what the PDF files cost
# Prints the wall time of each step, the load average before it (other work on the machine
# slows Chromium down as much as daybrief), and how many PDF files were printed.
set -euo pipefail
cd "$(dirname "$0")/.."
unset LC_ALL
export LC_NUMERIC=C
days=${1:-100}
[[ $days =~ ^[1-9][0-9]*$ ]] || { sed -n '5,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
command -v chromium-headless-shell >/dev/null || command -v chromium >/dev/null ||
  { echo "needs Chromium (apt-get install chromium-headless-shell)"; exit 1; }
cargo build --release --locked --quiet
bin=$PWD/target/release/daybrief
dir=target/bench/pdf
rm -rf "$dir" && mkdir -p "$dir"

# step NAME COMMAND...: runs COMMAND, prints its wall time and the last line it printed.
step() {
  local name=$1 start log=$dir/$1.log
  shift
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$EPOCHREALTIME
  "$@" >"$log" 2>&1 || { tail -5 "$log"; echo "FAILED: $name"; exit 1; }
  awk -v s="$start" -v e="$EPOCHREALTIME" -v n="$name" -v l="$load" \
    'BEGIN { printf "%-14s %7.2f s   (load before: %s)\n", n, e - s, l }'
  echo "               $(tail -1 "$log")"
}

# daybrief prefers the headless shell (see README, PDF files).
browser=$(command -v chromium-headless-shell >/dev/null && echo chromium-headless-shell || echo chromium)
echo "cores: $(nproc), $browser $($browser --version 2>/dev/null), commit $(git rev-parse --short HEAD)"
step example-pdf "$bin" build --content content --out "$dir/example" --pdf
step example "$bin" build --content content --out "$dir/example-plain"
"$bin" sample --days "$days" --out "$dir/sample" >/dev/null
step "full-$days" "$bin" build --content "$dir/sample/content" --out "$dir/site" --pdf
step "full-$days-plain" "$bin" build --content "$dir/sample/content" --out "$dir/site-plain"
last=$(cd "$dir/sample/content" && ls -d [0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9].yaml | sort | tail -1)
next=$(date -d "${last%.yaml} + 1 day" +%F)
"$bin" new "$next" --content "$dir/sample/content" >/dev/null
step add "$bin" build --content "$dir/sample/content" --out "$dir/site" --pdf
step add-plain "$bin" build --content "$dir/sample/content" --out "$dir/site-plain"
echo "PDF files of the sample: $(find "$dir/site" -name '*.pdf' | wc -l), $(find "$dir/site" -name '*.pdf' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f MB", s / 1e6 }')"
