"""What an evidence pack is made of: each file's SHA-256 (so the Police, or a court,
can tell that the screenshot they hold is the one the councillor uploaded) and the
reports in time order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO


def sha256_of(stream: BinaryIO | Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    chunks: Iterator[bytes] = iter(lambda: stream.read(65536), b"") if hasattr(stream, "read") else iter(stream)  # type: ignore[union-attr]
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class TimelineEntry:
    when: date | datetime
    what: str
    ref: str = ""


def timeline(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Oldest first; a day alone sorts before the moments of that day."""

    def key(entry: TimelineEntry) -> tuple:
        when = entry.when
        if isinstance(when, datetime):
            return (when.date(), 1, when.replace(tzinfo=None).time(), entry.ref)
        return (when, 0, datetime.min.time(), entry.ref)

    return sorted(entries, key=key)
