#!/usr/bin/env bash
# Validates every HTML page of the built example sites (the flagship and each publication in
# examples/), and every SVG chart, with the Nu HTML
# Checker (npm's vnu-jar, run with Java): zero errors allowed. Warnings are printed, not counted.
# Installs Java (Debian's default-jre-headless) and the npm packages when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/lib.sh
source tests/browser/setup.sh

browser_setup
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while read -r content; do
  build_publication "$content" "$work/site/$(publication_name "$content")"
done < <(publications)
pages=$(find "$work/site" -name '*.html' | wc -l)
charts=$(find "$work/site" -name '*.svg' | wc -l)
# vnu exits 1 when it reports an error; the report decides. Lines: "file:PATH":LINE.COL-LINE.COL: KIND: TEXT
java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar --skip-non-html --also-check-svg \
  --format gnu "$work/site" 2>"$work/report.txt" || true
# vnu reads the files from file:, where it takes the pages' Content-Security-Policy ('self') to
# block their own stylesheets; browsers load them (tests/browser/page_check.sh), so that note goes.
grep -v ': info warning: Resource violates Content Security Policy' "$work/report.txt" |
  sed "s|^\"file:$work/site/\([^\"]*\)\"|\1|" || true
failed=$({ grep -E ': (error|fatal|non-document-error):' "$work/report.txt" || true; } | cut -d'"' -f2 | sort -u | wc -l)
errors=$(grep -cE ': (error|fatal|non-document-error):' "$work/report.txt" || true)
echo "vnu checked $pages HTML pages and $charts SVG charts: $errors error(s)"
echo "vnu: $((pages + charts - failed)) passed, $failed failed"
[ "$failed" = 0 ]
