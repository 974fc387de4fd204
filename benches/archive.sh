#!/usr/bin/env bash
# Archive-scale benchmark (issues 7 and 15): daybrief against the copy floor and Debian's Hugo.
# A benchmark, not a test: it measures and reports, it asserts no time.
#
# Usage: benches/archive.sh [--real-size] [--quick] [--runs N] [--rebuild-runs N] [--no-verify]
#                           [--full-only] [--readme] [DAYS ...]
#   DAYS         archive sizes in briefing days (default: 100 1000 3000; real-size: 300 1000)
#   --real-size  real-size days instead of `daybrief sample`'s light ones: copies of the real
#                22/9/2025 day with its tables, slides and charts, figures varied day to day
#                (tools/synthetic_archive.py --vary --keep-charts)
#   --quick      100 days only
#   --runs N     repetitions of each timed step (default 3); the median is reported
#   --rebuild-runs N  repetitions of the three rebuilds only (default: --runs)
#   --no-verify  skip the final clean build that checks the incrementally built site is
#                byte-identical to a full build of the same content
#   --full-only  time only the full build, the copy floor and Hugo (quicker; for the peak
#                memory of the largest archive)
#   --readme     also copy the results into README.md, between the benchmark markers
#
# For each size it generates `daybrief sample --days N` (or, with --real-size,
# `tools/synthetic_archive.py --days N --vary --keep-charts`) and times, with /usr/bin/time:
#   full         build from a fresh copy of the content into a folder that does not exist
#   copy         `cp -r` of the finished site to a fresh folder (the write-bandwidth floor)
#   nochange     the same build again, nothing changed
#   first        the first rebuild after that clean build: `daybrief new` on the day after the
#                last briefing, then build (once: it makes the spare copy the next builds update)
#   add          `daybrief new` on the day after the last briefing, then build (steady state)
#   correct      `daybrief correct` of an old day plus one figure changed with sed (awk on a
#                real-size day), then build
#   hugo         `hugo` on the same archive exported as plain Markdown (benches/hugo_export.py)
#   delete       `rm -rf` of each copy, last (what replacing a whole site costs on this disk)
# Everything lands in target/bench/<days>/ (real-size: target/bench/real-<days>/);
# benches/results.py writes target/bench/results.md from every size measured so far (each with
# its own date, command and commit).
set -euo pipefail
cd "$(dirname "$0")/.."
# EPOCHREALTIME and awk print "." decimals whatever the user's locale.
unset LC_ALL
export LC_NUMERIC=C
# shellcheck source=tests/lib.sh
source tests/lib.sh

command_line="benches/archive.sh${*:+ $*}"
sizes=()
runs=3
rebuild_runs=
verify=1
full_only=0
readme=0
real_size=0
usage() { sed -n '5,19p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --quick) sizes=(100) ;;
    --runs)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { usage; exit 2; }
      runs=$2
      shift
      ;;
    --rebuild-runs)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { usage; exit 2; }
      rebuild_runs=$2
      shift
      ;;
    --no-verify) verify=0 ;;
    --full-only) full_only=1 ;;
    --readme) readme=1 ;;
    --real-size) real_size=1 ;;
    -h | --help) usage; exit 0 ;;
    *)
      [[ $1 =~ ^[1-9][0-9]*$ ]] || { usage; exit 2; }
      sizes+=("$1")
      ;;
  esac
  shift
done
# A real-size day builds into about five times a sample day's output: 3000 of them would take
# gigabytes, and issue 15 sets the real-size targets at 1000 days.
if [ ${#sizes[@]} -eq 0 ]; then
  if [ "$real_size" = 1 ]; then sizes=(300 1000); else sizes=(100 1000 3000); fi
fi
kind=sample
[ "$real_size" = 0 ] || kind=real-size
rebuild_runs=${rebuild_runs:-$runs}
[ "$full_only" = 0 ] || rebuild_runs=0

# Tools: GNU time (wall and peak RSS), Debian's hugo (the peer), PyYAML (the exporter).
missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v hugo >/dev/null || missing+=(hugo)
python=python3
if ! { command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; }; then
  python=/usr/bin/python3
  "$python" -c 'import yaml' 2>/dev/null || missing+=(python3 python3-yaml)
fi
apt_install "${missing[@]}"

echo "== cargo build --release --locked"
cargo build --release --locked
bin=$PWD/target/release/daybrief
bench=$PWD/target/bench
commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- src templates themes Cargo.toml Cargo.lock || commit="$commit+changes"

# Waits until the disk is quiet, so that one step's writes and deletions are not billed to the
# next: sync (which also waits for the journal commit and, on ext4 `-o discard`, its TRIMs),
# then up to 5 s more until the device's discard counter stays still for a second (other
# users of a shared disk may keep it moving; hence the cap).
# Before that, it waits until the benchmark's last deletion of many files is six minutes old:
# for a minute after a file is deleted, five more while its inode table block is unwritten,
# ext4 passes over its inode when it makes new files and folders (`recently_deleted` in
# fs/ext4/ialloc.c). Built in a new folder on this machine, the 1,000-day sample took 2.99 s
# (system time 0.78 s) with no deletion in the last six minutes, 4.65 s (2.77 s) right after
# deleting a copy of its site, 7.06 s (8.05 s) a minute after deleting a site and its spare; the
# first rebuild after it 0.46 s against 1.33 s. So every tree the benchmark is done with is
# moved into a trash folder and deleted at the end, after the last timed step, and the time of
# that deletion is kept for the next run.
discard_stat=/sys/class/block/$(basename "$(findmnt -no SOURCE -T "$PWD" 2>/dev/null || echo none)")/stat
trash=$bench/trash
deleted_at=$bench/last-deletion
settle() {
  sync
  local last since
  last=$(cat "$deleted_at" 2>/dev/null || echo 0)
  since=$((EPOCHSECONDS - last))
  if [ "$since" -lt 361 ]; then
    echo "  waiting $((361 - since)) s: files were deleted $since s ago (see settle)"
    sleep $((361 - since))
  fi
  [ -r "$discard_stat" ] || return 0
  local before after
  before=$(awk '{ print $12 }' "$discard_stat")
  for _ in 1 2 3 4 5; do
    sleep 1
    after=$(awk '{ print $12 }' "$discard_stat")
    [ "$after" != "$before" ] || return 0
    before=$after
  done
}

# measure STEP RUN COMMAND...: lets the disk settle, runs COMMAND under /usr/bin/time and
# appends one line to the size's samples.tsv: days, step, run, wall seconds (from
# EPOCHREALTIME, ms resolution; GNU time's %e has only 10 ms), peak RSS in KiB, user and
# system CPU seconds.
measure() {
  local step=$1 run=$2
  shift 2
  local log=$dir/logs/$step-$run.log timing=$dir/logs/$step-$run.time
  settle
  local start=$EPOCHREALTIME
  if ! /usr/bin/time -f '%e %M %U %S' -o "$timing" "$@" >"$log" 2>&1; then
    cat "$log" "$timing" >&2
    echo "FAIL: $*" >&2
    exit 1
  fi
  local end=$EPOCHREALTIME rss user system wall
  # %e is read but not used: EPOCHREALTIME gives milliseconds.
  read -r _ rss user system <"$timing"
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$days" "$step" "$run" "$wall" "$rss" "$user" "$system" \
    >>"$dir/samples.tsv"
  printf '  %-9s run %s: %8.3f s  %6d MB peak  (%s s CPU)\n' "$step" "$run" "$wall" \
    $((rss / 1024)) "$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')"
}

# Files and bytes under a folder, hidden files included.
tree_size() { find "$1" -type f -printf '%s\n' | awk '{ b += $1; n++ } END { print n + 0, b + 0 }'; }

# Briefing dates of a content folder, one per line, oldest first (corrections count once).
briefing_dates() {
  find "$1" -regextype posix-extended -regex '.*/[0-9]{4}/[0-9]{2}/[0-9]{2}(\.[0-9]+)?\.yaml' |
    sed -E 's#.*/([0-9]{4})/([0-9]{2})/([0-9]{2})[^/]*$#\1-\2-\3#' | sort -u
}

# One figure changed in a correction file: the first row's "Trực tiếp" count in the
# ho_so_truc_tuyen table of the sample publication, plus one.
change_one_figure() {
  local file=$1 old
  old=$(sed -n -E '/^  ho_so_truc_tuyen:/,/^  [a-z_]+:$/ s/^      - \[1, "[^"]*", ([0-9]+),.*/\1/p' "$file")
  [ -n "$old" ] || { echo "FAIL: no figure to change in $file" >&2; exit 1; }
  sed -i -E "/^  ho_so_truc_tuyen:/,/^  [a-z_]+:\$/ s/^(      - \\[1, \"[^\"]*\", )$old,/\\1$((old + 1)),/" "$file"
  grep -q ", $((old + 1))," "$file" || { echo "FAIL: sed changed nothing in $file" >&2; exit 1; }
}

# The same in a real-size day, which tools/synthetic_archive.py writes in block style (a row is
# `    - - 1` then one `      - cell` line per cell): the first integer cell after the row
# number of the ho_so_luy_ke table's first row (its first "Trực tiếp" count), plus one.
change_one_real_figure() {
  local file=$1 line old
  line=$(awk '
    /^  ho_so_luy_ke:$/ { table = 1; next }
    table && /^  [^ ]/ { exit }
    table && /^    - - / { row++; next }
    table && row == 1 && /^      - [0-9]+$/ { print NR " " $2; exit }
  ' "$file")
  [ -n "$line" ] || { echo "FAIL: no figure to change in $file" >&2; exit 1; }
  read -r line old <<<"$line"
  sed -i "${line}s/^      - $old\$/      - $((old + 1))/" "$file"
  sed -n "${line}p" "$file" | grep -qx "      - $((old + 1))" ||
    { echo "FAIL: sed changed nothing in $file" >&2; exit 1; }
}

for days in "${sizes[@]}"; do
  dir=$bench/$days
  [ "$real_size" = 0 ] || dir=$bench/real-$days
  work=$dir/work
  build=("$bin" build --content "$work/content" --out "$work/site")
  echo "== $days $kind days (runs: $runs, rebuilds: $rebuild_runs) in $dir"
  # The previous run's trees are deleted with the trash, after the last timed step.
  mkdir -p "$trash"
  [ ! -e "$dir" ] || mv "$dir" "$trash/$(basename "$dir")-$EPOCHSECONDS"
  mkdir -p "$dir/logs" "$dir/leftover"
  : >"$dir/samples.tsv"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ "$real_size" = 1 ]; then
    "$python" tools/synthetic_archive.py --days "$days" --vary --keep-charts --out "$dir/sample" >/dev/null
  else
    "$bin" sample --days "$days" --out "$dir/sample" >/dev/null
  fi

  # Full build: fresh content copy, no output folder, so any cache kept beside the content or
  # in the output starts empty. (A cache kept elsewhere would have to be cleared here.) Earlier
  # runs' trees are moved aside and deleted at the end, outside any timed step.
  for run in $(seq "$runs"); do
    [ ! -e "$work" ] || mv "$work" "$dir/leftover/full-$((run - 1))"
    mkdir -p "$work"
    cp -r "$dir/sample/content" "$work/content"
    measure full "$run" "${build[@]}"
  done
  read -r site_files site_bytes < <(tree_size "$work/site")

  for run in $(seq "$runs"); do
    measure copy "$run" cp -r "$work/site" "$dir/copy-$run"
  done
  for run in $(seq "$rebuild_runs"); do
    measure nochange "$run" "${build[@]}"
  done

  add_day() {
    last=$(briefing_dates "$work/content" | tail -n 1)
    "$bin" new "$(date -d "$last + 1 day" +%F)" --content "$work/content" >/dev/null
  }
  add_day
  measure first 1 "${build[@]}"
  for run in $(seq "$rebuild_runs"); do
    add_day
    measure add "$run" "${build[@]}"
  done

  # Old days at 10 %, 20 %, … of the archive; released two days after the briefing (after the
  # sample's own corrections, which come out the next morning).
  mapfile -t dates < <(briefing_dates "$work/content")
  for run in $(seq "$rebuild_runs"); do
    day=${dates[$(((days * (run % 10)) / 10))]}
    created=$("$bin" correct "$day" --content "$work/content" \
      --at "$(date -d "$day + 2 days" +%F) 10:00" --reason "benchmark: sửa một số liệu")
    created=$(echo "$created" | sed -E 's/^created (.*) from .*/\1/')
    if [ "$real_size" = 1 ]; then change_one_real_figure "$created"; else change_one_figure "$created"; fi
    measure correct "$run" "${build[@]}"
  done

  identical=skipped
  if [ "$verify" = 1 ] && [ "$rebuild_runs" -gt 0 ]; then
    # The clean build reads the same content path: the build id hashes the day files' paths.
    echo "  verify: clean build of the changed content, compared with the incremental site"
    mv "$work" "$dir/leftover/incremental"
    mkdir -p "$work"
    cp -r "$dir/leftover/incremental/content" "$work/content"
    "${build[@]}" >"$dir/logs/verify.log" 2>&1
    if diff -rq "$dir/leftover/incremental/site" "$work/site" >"$dir/logs/verify.diff" 2>&1; then
      identical=yes
    else
      identical="no ($(wc -l <"$dir/logs/verify.diff") files differ, see logs/verify.diff)"
    fi
    echo "  identical to a clean build: $identical"
  fi

  read -r hugo_pages hugo_page_bytes hugo_page_average < <("$python" benches/hugo_export.py \
    "$dir/sample/content" "$dir/hugo")
  for run in $(seq "$runs"); do
    measure hugo "$run" hugo --quiet --source "$dir/hugo" --destination "public-$run"
  done
  read -r hugo_files hugo_bytes < <(tree_size "$dir/hugo/public-$runs")

  # Last: the next timed step waits six minutes after it (see settle).
  for run in $(seq "$runs"); do
    measure delete "$run" rm -rf "$dir/copy-$run"
  done
  echo "$EPOCHSECONDS" >"$deleted_at"

  {
    printf 'days\t%s\n' "$days"
    printf 'kind\t%s\n' "$kind"
    printf 'runs\t%s\n' "$runs"
    printf 'rebuild_runs\t%s\n' "$rebuild_runs"
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'command\t%s\n' "$command_line"
    printf 'commit\t%s\n' "$commit"
    printf 'load_before\t%s\n' "$load_before"
    printf 'load_after\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'site_files\t%s\n' "$site_files"
    printf 'site_bytes\t%s\n' "$site_bytes"
    printf 'hugo_pages\t%s\n' "$hugo_pages"
    printf 'hugo_page_bytes\t%s\n' "$hugo_page_bytes"
    printf 'hugo_page_average\t%s\n' "$hugo_page_average"
    printf 'hugo_files\t%s\n' "$hugo_files"
    printf 'hugo_bytes\t%s\n' "$hugo_bytes"
    printf 'identical\t%s\n' "$identical"
    printf 'nproc\t%s\n' "$(nproc)"
    printf 'cpu\t%s\n' "$(sed -n -E 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
    printf 'memory\t%s\n' "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    printf 'kernel\t%s\n' "$(uname -sr)"
    printf 'filesystem\t%s\n' "$(findmnt -no FSTYPE,OPTIONS -T "$PWD" 2>/dev/null | tr -s ' ' || echo unknown)"
    printf 'hugo\t%s\n' "$(hugo version | cut -d' ' -f2)"
  } >"$dir/meta.tsv"

  mv "$dir/leftover" "$trash/leftover-$(basename "$dir")-$EPOCHSECONDS"
  mkdir -p "$trash/hugo-$(basename "$dir")-$EPOCHSECONDS"
  mv "$dir/hugo"/public-* "$trash/hugo-$(basename "$dir")-$EPOCHSECONDS/"
done

echo "== deleting the trees the runs are done with (untimed)"
rm -rf "$trash"
echo "$EPOCHSECONDS" >"$deleted_at"

report_args=("$bench")
[ "$readme" = 0 ] || report_args+=(--readme README.md)
"$python" benches/results.py "${report_args[@]}"
