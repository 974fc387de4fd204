#!/usr/bin/env bash
# Renders the built site's main pages (and every chart file) to PNG with headless Chromium, for a
# person to look at: tools/screenshots.sh [SITE_DIR] [OUT_DIR]. Default: site/ → screenshots/.
set -euo pipefail
site=$(realpath "${1:-site}")
out=${2:-screenshots}
mkdir -p "$out"
shot() { # url file width height
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size="$3,$4" \
    --screenshot="$2" "$1" 2>/dev/null
}
shot "file://$site/index.html" "$out/home.png" 1280 1000
shot "file://$site/archive/index.html" "$out/archive.png" 1280 1000
for day in $(cd "$site" && ls -d [0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]); do
  name=${day//\//-}
  shot "file://$site/$day/index.html" "$out/$name-report.png" 1280 6000
  shot "file://$site/$day/appendices/index.html" "$out/$name-appendices.png" 1280 9000
  shot "file://$site/$day/slides/index.html#1" "$out/$name-slide-1.png" 1280 720
  for svg in "$site/$day"/charts/*.svg; do
    shot "file://$svg" "$out/$name-chart-$(basename "$svg" .svg).png" 780 1000
  done
done
echo "screenshots in $out/"
