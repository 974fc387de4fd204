#!/usr/bin/env python3
"""Lists every number of a region of a source document, one per line, for the fidelity tests.

usage: source_numbers.py SEED FIRST_LINE LAST_LINE > examples/<name>/fidelity/<part>.txt

A table row repeated exactly (the header rows a PDF repeats on every page) counts once.
A number is a run of digits with "." or "," between digit groups ("1.934", "62,6", "2025");
thousands dots are dropped ("1.934" → "1934") so that "1758" and "1.758" are the same figure,
and the decimal comma is kept. The built page must hold every number listed, as many times
(tests/example_fidelity.rs). Python 3 standard library only.
"""

import re
import sys

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text):
    return [m.group(0).replace(".", "") for m in NUMBER.finditer(text)]


def main():
    seed, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(seed, encoding="utf-8") as f:
        lines = f.read().split("\n")[first - 1 : last]
    seen = set()
    kept = []
    for line in lines:
        if "\t" in line and line in seen:
            continue
        seen.add(line)
        kept.append(line)
    print(f"# lines {first}-{last} of {seed.rsplit('/', 1)[-1]}, {len(lines) - len(kept)} repeated table rows left out")
    for n in numbers("\n".join(kept)):
        print(n)


if __name__ == "__main__":
    main()
