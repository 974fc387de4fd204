#!/usr/bin/env bash
# Runs every test of the project. `.ci/run` calls exactly this.
#  1. cargo test: unit, snapshot, invalid-input corpus and example-content tests;
#  2. the print check in a real browser (installs Debian's chromium and poppler-utils if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
tests/browser/print_check.sh
