#!/usr/bin/env bash
# Visits every page of the built example site in headless Chromium (tests/browser/pages.mjs):
# served by a real nginx under /bantin/ (docs/nginx.conf) and opened from file://. Checks console
# errors, requests to other hosts, axe-core accessibility, slide keys and search. Screenshots of
# each page type go to target/test-artefacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/lib.sh
source tests/hosting/nginx.sh
source tests/browser/setup.sh

nginx_ensure_installed
browser_setup
work=$(mktemp -d)
trap 'nginx_stop "$work/nginx"; rm -rf "$work"' EXIT
shots=target/test-artefacts/screenshots
rm -rf "$shots"
status=0
while read -r content; do
  name=$(publication_name "$content")
  echo "== $name"
  build_publication "$content" "$work/$name"
  nginx_start "$work/$name" "$work/nginx"
  node tests/browser/pages.mjs "$NGINX_URL/bantin/" "$work/$name" "$shots/$name" || status=1
  nginx_stop "$work/nginx"
done < <(publications)
exit $status
