"""The scan's journal: one JSON record per message, appended as each batch finishes.

It is what makes a scan resumable. A record is written whole and flushed batch by
batch; when a scan is killed mid-write, the torn last line is cut off on the next
start, and only the messages whose records are complete count as done.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ..checker.draft import json_line


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete record; a torn or damaged line is passed over."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                return  # torn by an interruption mid-write
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            if isinstance(record, dict) and "key" in record:
                yield record


def repair(path: Path) -> int:
    """Cut a torn last line off the journal; return how many bytes were cut."""
    if not path.exists():
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as handle:
        # Read back from the end until the last newline: the torn part is after it.
        chunk = 65_536
        position = size
        while position > 0:
            start = max(0, position - chunk)
            handle.seek(start)
            data = handle.read(position - start)
            index = data.rfind(b"\n")
            if index != -1:
                keep = start + index + 1
                break
            position = start
        else:
            keep = 0
        if keep < size:
            handle.truncate(keep)
        return size - keep


class Journal:
    def __init__(self, path: Path):
        self.path = path
        self._handle: TextIO | None = None

    def open(self) -> Journal:
        repair(self.path)
        self._handle = self.path.open("a", encoding="utf-8")
        return self

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        assert self._handle is not None, "open the journal first"
        self._handle.write("".join(json_line(r) + "\n" for r in records))
        self._handle.flush()

    def sync(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self) -> None:
        if self._handle is not None:
            self.sync()
            self._handle.close()
            self._handle = None
