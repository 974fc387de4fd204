#!/bin/sh
# Fills fuzz/corpus/<target>/ with seeds from the repository's own files: the real days, the
# base fixture and the invalid-input corpus. The corpus itself stays out of git.
set -eu
cd "$(dirname "$0")"
days=corpus/day_file
others=corpus/publication_or_schema
mkdir -p "$days" "$others"

# A seed's name is its path in the repository, with `/` as `_`.
name() { echo "seed_$1" | sed 's|^seed_\.\./|seed_|; s|/|_|g'; }

for f in ../content/20*/*/*.yaml ../tests/fixtures/base/content/20*/*/*.yaml \
    ../tests/fixtures/invalid/*/content/20*/*/*.y*ml; do
    cp "$f" "$days/$(name "$f")"
done

# publication_or_schema: the first byte picks the file (0 publication, 1 tables/ho_so.yaml,
# 2 tables/tien_do.yaml of the base fixture).
seed() { { printf '%s' "$1"; cat "$2"; } > "$others/$(name "$2")"; }
for f in ../content/publication.yaml ../tests/fixtures/base/content/publication.yaml \
    ../tests/fixtures/invalid/*/content/publication.yaml; do
    seed 0 "$f"
done
seed 1 ../tests/fixtures/base/content/tables/ho_so.yaml
seed 2 ../tests/fixtures/base/content/tables/tien_do.yaml
for f in ../content/tables/*.yaml ../tests/fixtures/invalid/*/content/tables/*.yaml; do
    [ -e "$f" ] && seed 1 "$f"
done
echo "seeds: $(ls "$days" | wc -l) day files, $(ls "$others" | wc -l) publication and schema files"
