#!/bin/sh
# Runs one fuzz target in one process: fuzz/run.sh day_file|publication_or_schema|narrative
# [SECONDS] (default 600). Seeds the corpus from the repository's files first. cargo-fuzz needs
# nightly Rust for its sanitizer flags; RUSTC_BOOTSTRAP=1 lets a stable toolchain accept them.
set -eu
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh day_file|publication_or_schema|narrative [SECONDS]}
seconds=${2:-600}
# Narrative texts are short and made of the template language's words, not YAML's.
case "$target" in
narrative) dict=narrative.dict max_len=8192 ;;
*) dict=yaml.dict max_len=65536 ;;
esac
./seed.sh
RUSTC_BOOTSTRAP=1 exec cargo fuzz run "$target" "corpus/$target" -- \
    -dict="$dict" -max_len="$max_len" -timeout=10 -max_total_time="$seconds" \
    -print_final_stats=1
