#!/usr/bin/env bash
# The editor experience of issue 16: `daybrief new` starts a day file whose first line points at
# the JSON Schemas; the YAML language server (npm's yaml-language-server, as VS Code's YAML
# extension runs it) then flags a misspelt key with an exact message at the exact place.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/lib.sh
command -v node >/dev/null || apt_install nodejs npm
lock=tests/schema/package-lock.json stamp=tests/schema/node_modules/.installed-lock
if ! cmp -s "$lock" "$stamp"; then
  (cd tests/schema && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$lock" "$stamp"
fi
cargo build --quiet --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/base/content "$work/content"
./target/debug/daybrief new 2025-08-11 --content "$work/content" >/dev/null
day="$work/content/2025/08/11.yaml"
# `number:` (line 3, 0-based 2) misspelt as `numbr:`.
sed -i 's/^number:/numbr:/' "$day"
head -3 "$day"
node tests/schema/lsp_check.mjs "$day" 2 0 5 "Property numbr is not allowed."
