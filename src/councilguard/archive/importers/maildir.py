"""Maildir folders (cur/ and new/, one file per message), and Maildir++ subfolders
(".Sent", ".Archive", each with its own cur/ and new/).

Messages are read one file at a time in a sorted order, so two runs see the same
sequence; a message's key is its path inside the maildir. tmp/ holds messages still
being delivered and is left alone, as a mail client would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..items import ParseContext, ParsedMessage, RawItem, Skipped
from . import Importer, register
from .emailmsg import message_to_draft
from .files import read_message_file, relative

NAME = "maildir"


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def _message_files(root: Path) -> Iterator[Path]:
    folders = [root] + sorted(p for p in root.iterdir() if p.name.startswith(".") and is_maildir(p))
    for folder in folders:
        for sub in ("cur", "new"):
            for entry in sorted((folder / sub).iterdir()):
                if entry.is_file() and not entry.name.startswith("."):
                    yield entry


def count(path: Path) -> int:
    return sum(1 for _ in _message_files(path))


def split(path: Path) -> Iterator[RawItem | Skipped]:
    archive = str(path)
    for file in _message_files(path):
        yield read_message_file(file, archive, NAME, relative(file, path))


def parse(item: RawItem, ctx: ParseContext) -> ParsedMessage:
    return message_to_draft(item.payload, item.key, ctx)


register(Importer("maildir", "a maildir folder (cur/, new/)", split=split, count=count, parse=parse))
