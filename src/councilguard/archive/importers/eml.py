"""Single saved messages (.eml, RFC 5322 text as Outlook, Thunderbird and Apple Mail
export them). A folder of them is walked by ``folder``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..items import ParseContext, ParsedMessage, RawItem, Skipped
from . import Importer, register
from .emailmsg import message_to_draft
from .files import read_message_file

NAME = "eml"
SUFFIXES = (".eml",)
_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]")


def looks_like(head: bytes) -> bool:
    """Starts with RFC 5322 headers (and is not an mbox, which starts "From ")."""
    lines = head.splitlines()[:5]
    return bool(lines) and all(_HEADER.match(line) or line[:1] in (b" ", b"\t") for line in lines if line)


def count(path: Path) -> int:
    return 1


def split(path: Path) -> Iterator[RawItem | Skipped]:
    yield read_message_file(path, str(path), NAME, path.name)


def parse(item: RawItem, ctx: ParseContext) -> ParsedMessage:
    return message_to_draft(item.payload, item.key, ctx)


register(Importer("eml", "one saved .eml message", split=split, count=count, parse=parse))
