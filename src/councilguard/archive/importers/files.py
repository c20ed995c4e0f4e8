"""Reading one message file whole, with the size limit that keeps workers bounded."""

from __future__ import annotations

from pathlib import Path

from ..items import RawItem, Skipped
from ..limits import MAX_MESSAGE_BYTES


def read_message_file(path: Path, archive: str, fmt: str, locator: str) -> RawItem | Skipped:
    key = f"{archive}#{locator}"
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE_BYTES:
            return Skipped(
                key,
                archive,
                fmt,
                locator,
                f"file of {size:,} bytes is over the {MAX_MESSAGE_BYTES:,}-byte limit",
            )
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(key, archive, fmt, locator, f"cannot be read: {exc.strerror or exc}")
    return RawItem(key, archive, fmt, locator, data, size=len(data))


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name
