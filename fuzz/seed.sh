#!/bin/sh
# Fills fuzz/corpus/<target>/ with seeds from the repository's own files: the real days, the
# base fixture and the invalid-input corpus, and for `narrative` the texts with markup in them.
# The corpus itself stays out of git.
set -eu
cd "$(dirname "$0")"
days=corpus/day_file
others=corpus/publication_or_schema
narrative=corpus/narrative
mkdir -p "$days" "$others" "$narrative"

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
# narrative: every line of the repository's YAML that holds markup, the figure rules' values,
# and the forms the files do not use yet.
n=0
for f in ../content/*.yaml ../content/20*/*/*.yaml ../examples/*/content/*.yaml \
    ../examples/*/content/20*/*/*.yaml ../tests/fixtures/*/content/*.yaml \
    ../tests/fixtures/*/content/20*/*/*.yaml ../tests/fixtures/invalid/*/content/20*/*/*.y*ml; do
    [ -e "$f" ] || continue
    grep -ahE '\{[{%#]|value: "' "$f" | while IFS= read -r line; do
        printf '%s' "$line" > "$narrative/seed_$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
    done
done
forms() {
    printf '%s' "$1" > "$narrative/seed_form_$n"
    n=$((n + 1))
}
forms '{% for s in changes.status_shifts %}{{ loop.index }}. {{ s.entity }}: {{ s.from }} → {{ s.to }}{% if not loop.last %}; {% endif %}{% endfor %}'
forms '{% for id, t in tables %}{% for c, v in t.sum %}{{ id }}.{{ c }} = {{ v | vn_number(decimals=1) }}{% endfor %}{% endfor %}'
forms '{% if changes.previous %}{{ changes.label }}{% elif edition > 1 %}x{% else %}y{% endif %}'
forms '{{ (tables.phu_xanh_xa.sum.xanh / tables.phu_xanh_xa.sum.so_xa * 100) | round(precision=2) | vn_percent }}'
forms '{{ tables.tien_do_tinh.status_count["ĐỎ"] | default(value=0) + 1 }} {{ "XANH" not in changes.status_counts.tien_do_tinh }}'
forms '{{- date | vn_date_padded -}} {#- note -#} {{ number | upper | length }} {{ -3 | abs }} {{ 7 % 3 }} {{ 7 | pad2 }}'
forms 'tables.tien_do_tinh.status_count.XANH | default(value=0)'
forms '{% for a in changes.status_shifts %}{% for b in changes.status_shifts %}{% for c in changes.status_shifts %}{% for d in changes.status_shifts %}{{ a.entity }} {{ d.to }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}'
forms '{{ changes.status_shifts | first }} {{ (changes.status_shifts | last)["to"] | lower }} {{ changes.status_shifts[-1].entity }}'
echo "seeds: $(ls "$days" | wc -l) day files, $(ls "$others" | wc -l) publication and schema files, $(ls "$narrative" | wc -l) narrative texts"
