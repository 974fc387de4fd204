#!/usr/bin/env bash
# Search against the real index of the example site:
#  1. Node runs themes/default/search.js on the generated search/*.js (search_test.js);
#  2. headless Chromium opens the search page from file:// and from a local web server, with a
#     query in the address, and the page must show the expected results (so the index loads
#     without fetch and the page's CSP allows the scripts).
# Installs Debian's nodejs and chromium when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/lib.sh

need=()
command -v node >/dev/null || need+=(nodejs)
command -v chromium >/dev/null || need+=(chromium)
command -v python3 >/dev/null || need+=(python3)
apt_install "${need[@]}"
work="$(mktemp -d)"
site="$work/site"
build_example_site "$site"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

node tests/search/search_test.js "$site" || failures=$((failures + 1))

chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=10000 --dump-dom "$1" 2>/dev/null
}

# Opens the search page at `base` with `query` and checks the status line and the first link.
expect() {
  local base=$1 query=$2 status=$3 first=$4 dom got link
  dom=$(chrome "$base/search/index.html?q=$query")
  got=$(grep -o '<p class="search-status"[^>]*>[^<]*' <<<"$dom" | sed 's/.*>//' || true)
  link=$(grep -o 'class="search-link" href="[^"]*"' <<<"$dom" | head -1 | sed 's/.*href="//; s/"$//' || true)
  [ "$got" = "$status" ] || fail "$base ?q=$query: status '$got', expected '$status'"
  [ "$link" = "$first" ] || fail "$base ?q=$query: first result '$link', expected '$first'"
  echo "$base ?q=$query: $got${link:+, first $link}"
}

check_site() {
  expect "$1" "cao%20bang" "31 kết quả trong 2 bản tin" "../2025/09/22/index.html#muc-6-ii"
  expect "$1" "phu+xanh" "7 kết quả trong 2 bản tin" "../2025/09/22/index.html#muc-2-1"
  expect "$1" "kh%C3%B4ng%20c%C3%B3%20t%E1%BB%AB%20n%C3%A0y" "Không tìm thấy kết quả cho “không có từ này”." ""
}

check_site "file://$site"

# The same from a web server on a free port.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$site" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
port=""
for _ in $(seq 50); do
  port=$(grep -o 'port [0-9]*' "$work/server.log" | head -1 | cut -d' ' -f2 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -n "$port" ]; then
  check_site "http://127.0.0.1:$port"
else
  fail "the local web server did not start: $(cat "$work/server.log")"
fi

echo "search-check: $([ "$failures" = 0 ] && echo passed || echo "$failures failed")"
[ "$failures" = 0 ]
