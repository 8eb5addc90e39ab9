"""bench/results.md, where each benchmark writes its own section and leaves the others' alone:
`make bench` (the API against the floors) and `make bench-scale` (2,000 against 1,000,000 posts)."""

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
TITLE = "# Benchmark results\n"


def write_section(name, text):
    """Puts `text` in place of the section `name` wrote last time, or after the others."""
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    section = f"{begin}\n{text.strip()}\n{end}\n"
    current = RESULTS.read_text() if RESULTS.exists() else TITLE
    pattern = re.compile(rf"{re.escape(begin)}.*?{re.escape(end)}\n", re.DOTALL)
    if pattern.search(current):
        RESULTS.write_text(pattern.sub(lambda _: section, current))
    else:
        RESULTS.write_text(f"{current.rstrip()}\n\n{section}")
