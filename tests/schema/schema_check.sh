#!/usr/bin/env bash
# The JSON Schemas of `daybrief schema` against an independent validator (check-jsonschema from
# PyPI, in a virtualenv under target/):
#  1. every content folder (the example, examples/*/content, the test fixtures) validates;
#  2. each case of the invalid corpus is refused by the schema when `check` refuses its
#     structure, and accepted when `check` refuses only its meaning (structural_cases.txt);
#  3. the committed content/.schema/ is what `daybrief schema` writes today.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/schema-venv
if [ ! -x "$venv/bin/check-jsonschema" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema==0.39.0
fi
validator="$venv/bin/check-jsonschema"
cargo build --quiet --locked
schemas=target/schema-check
rm -rf "$schemas"
./target/debug/daybrief schema --out "$schemas" >/dev/null
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The schema a content file answers to, by its place in the content folder.
schema_of() {
  case "$1" in
    */publication.yaml) echo publication ;;
    */tables/*.yaml) echo table ;;
    */[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.yaml) echo day ;;
  esac
}

validate() { # FILE… (all of one kind); prints the validator's output on failure
  local kind=$1; shift
  "$validator" --schemafile "$schemas/$kind.schema.json" "$@" >/tmp/schema_check.$$ 2>&1
  local status=$?
  [ $status = 0 ] || cat /tmp/schema_check.$$
  rm -f /tmp/schema_check.$$
  return $status
}

folders=(content examples/*/content tests/fixtures/base/content tests/fixtures/decree30/content tests/fixtures/archive/content)
files=0
for content in "${folders[@]}"; do
  mapfile -t days < <(find "$content" -path "$content/[0-9][0-9][0-9][0-9]/*" -name '*.yaml' | sort)
  mapfile -t tables < <(find "$content/tables" -name '*.yaml' 2>/dev/null | sort)
  validate publication "$content/publication.yaml" || fail "$content/publication.yaml"
  [ ${#tables[@]} = 0 ] || validate table "${tables[@]}" || fail "$content/tables"
  [ ${#days[@]} = 0 ] || validate day "${days[@]}" || fail "$content days"
  files=$((files + 1 + ${#tables[@]} + ${#days[@]}))
done
echo "content: $files files in ${#folders[@]} folders validated"

cases=0
for dir in tests/fixtures/invalid/*/; do
  name=$(basename "$dir")
  expect=$(awk -v n="$name" '$2 == n { print $1 }' tests/schema/structural_cases.txt)
  mapfile -t overlay < <(cd "$dir" && find . -name '*.yaml' -type f | sed 's|^\./||' | sort)
  [ ${#overlay[@]} = 0 ] && continue
  refused=no
  for file in "${overlay[@]}"; do
    kind=$(schema_of "$file")
    [ -n "$kind" ] || continue
    validate "$kind" "$dir$file" >/dev/null || refused=yes
  done
  cases=$((cases + 1))
  case "$expect:$refused" in
    structural:yes | not-yaml:yes | :no) ;;
    :yes) fail "$name: the schema refuses a case that check refuses only for its meaning" ;;
    *) fail "$name ($expect): the schema accepts what check refuses" ;;
  esac
done
echo "invalid corpus: $cases cases classified"

if ! diff -r "$schemas" content/.schema >/dev/null; then
  fail "content/.schema differs from what \`daybrief schema\` writes: run \`daybrief schema\` and commit"
fi
echo "schema_check: $((failures == 0 ? 1 : 0)) passed, $((failures == 0 ? 0 : 1)) failed"
[ $failures = 0 ]
