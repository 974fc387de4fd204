#!/usr/bin/env bash
# Runs every test of the project. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
