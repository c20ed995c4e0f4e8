"""A plain folder of saved messages: .eml and .msg files, and .mbox files, found at
any depth, each read by its own importer. Other files (attachments saved beside the
messages, notes) are left alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..items import RawItem, Skipped
from . import Importer, mbox, register
from .files import read_message_file, relative

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


register(
    Importer("folder", "a folder of .eml, .msg and .mbox files", split=split, count=count, parse=None)
)  # each of its items carries its own file's format
