"""docs/performance.md is written by several benchmarks: each owns one section,
marked by HTML comments, and replaces only that section."""

from __future__ import annotations

import time
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
TITLE = "# Performance\n\nWritten by `make bench`; each section by its own benchmark. Same machine, same run for a figure and its anchor.\n"


def replace_section(name: str, markdown: str, doc: Path = DOC) -> None:
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    text = doc.read_text(encoding="utf-8") if doc.exists() else TITLE
    block = f"{start}\n{markdown.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop (ten million additions). This shared
    machine's speed varies between days, and within a day, by up to 3×: printed beside a
    benchmark's figures, it lets runs on different days be compared."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start
