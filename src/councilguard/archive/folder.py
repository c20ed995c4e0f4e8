"""A plain folder of saved messages: .eml and .msg files, and .mbox files, found at
any depth, each read by its own importer. Other files (attachments saved beside the
messages, notes) are left alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from . import mbox
from .files import read_message_file, relative
from .items import RawItem, Skipped

NAME = "folder"
_BY_SUFFIX = {".eml": "eml", ".msg": "msg"}


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and (path.suffix.lower() in _BY_SUFFIX or path.suffix.lower() == ".mbox"):
            yield path


def count(path: Path) -> int:
    return sum(mbox.count(f) if f.suffix.lower() == ".mbox" else 1 for f in _files(path))


def split(path: Path) -> Iterator[RawItem | Skipped]:
    archive = str(path)
    for file in _files(path):
        if file.suffix.lower() == ".mbox":
            yield from mbox.split(file)
        else:
            yield read_message_file(file, archive, _BY_SUFFIX[file.suffix.lower()], relative(file, path))
