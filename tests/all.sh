#!/usr/bin/env bash
# Runs every test of the project. `.ci/run` calls exactly this. Each step runs even when an
# earlier one failed; the last line sums them up.
#  1. cargo test: unit, snapshot, invalid-input corpus, example-content, link and structure tests;
#  2. the print check in a real browser (installs Debian's chromium and poppler-utils if needed);
#  3. the example site served by a real nginx under /bantin/ with docs/nginx.conf, crawled;
#  4. the Nu HTML Checker over every page and chart (npm's vnu-jar, with Java);
#  5. every page in headless Chromium over nginx and from file://: console errors, outside
#     requests, axe-core, slide keys, search; screenshots in target/test-artefacts/screenshots/;
#  6. the search check: the theme's search.js on the example site's real index under Node (exact
#     results), and the search page in Chromium from file:// and a web server (installs nodejs);
#  7. the JSON Schemas against check-jsonschema (every content folder, the invalid corpus);
#  8. the YAML language server on a day file made by `daybrief new` with a misspelt key.
#  9. the PDF check: the example built with --pdf, every PDF file compared with Chromium's own
#     print of its pages (installs chromium, chromium-headless-shell, poppler-utils and python3 if needed).
set -uo pipefail
cd "$(dirname "$0")/.."
steps=(
  "cargo test --locked"
  tests/browser/print_check.sh
  tests/hosting/nginx_check.sh
  tests/browser/html_check.sh
  tests/browser/page_check.sh
  tests/search/search_check.sh
  tests/schema/schema_check.sh
  tests/schema/lsp_check.sh
  tests/browser/pdf_check.sh
)
failed=()
for step in "${steps[@]}"; do
  echo "=== $step"
  start=$SECONDS
  $step || failed+=("$step")
  echo "=== $step: $((SECONDS - start)) s"
done
for step in "${failed[@]}"; do echo "FAILED: $step"; done
echo "tests/all.sh: $((${#steps[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
[ ${#failed[@]} = 0 ]
