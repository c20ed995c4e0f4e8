"""The archive importers, one module per format, each registering itself in IMPORTERS;
and which one reads an archive: as asked (``--format``), or detected from what it is.

Detection looks at the structure first (a maildir's cur/new, an X download's
data/tweets.js, a Facebook export's posts files, a zip's members), then the file's
first bytes (an mbox starts "From ", a .msg is an OLE2 file, an .eml starts with
headers), then its extension.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..items import ParseContext, ParsedMessage, RawItem, Skipped


@dataclass(frozen=True)
class Importer:
    """One archive format: ``split`` cuts an archive into raw items in the scan's main
    process (cheap), ``count`` says how many to expect, ``parse`` turns an item into a
    draft in a worker. A folder has no ``parse``: each of its items names its own file's
    format."""

    name: str
    description: str
    split: Callable[[Path], Iterator[RawItem | Skipped]]
    count: Callable[[Path], int]
    parse: Callable[[RawItem, ParseContext], ParsedMessage] | None


# The one registry: each format's module registers its importer once, when imported below.
IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    if importer.name in IMPORTERS:
        raise ValueError(f"two importers registered as {importer.name!r}")
    IMPORTERS[importer.name] = importer
    return importer


def parser(name: str) -> Callable[[RawItem, ParseContext], ParsedMessage]:
    """The parse function for an item of this format (KeyError for none)."""
    parse = IMPORTERS[name].parse
    if parse is None:
        raise KeyError(name)
    return parse


# Importing each module registers its format; this order is the order formats are listed in.
from . import mbox, maildir, eml, msg, folder, twitter, facebook, tabular  # noqa: E402, F401, I001


class UnknownFormat(ValueError):
    """The archive's format could not be told; the message says what was seen."""


def detect(path: Path) -> str:
    if path.is_dir():
        if maildir.is_maildir(path):
            return "maildir"
        if twitter.looks_like_dir(path):
            return "twitter"
        if facebook.looks_like_dir(path):
            return "facebook"
        return "folder"
    suffix = path.suffix.lower()
    if suffix == ".zip":
        if twitter.looks_like_zip(path):
            return "twitter"
        if facebook.looks_like_zip(path):
            return "facebook"
        raise UnknownFormat("a zip without data/tweets.js or a Facebook posts file")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.strip():
        raise UnknownFormat("the file is empty")
    if msg.looks_like(head) or suffix == ".msg":
        return "msg"
    if mbox.looks_like(head):
        return "mbox"
    if twitter.looks_like(head):
        return "twitter"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix == ".json" and facebook.is_posts_file(path.name):
        return "facebook"
    if suffix == ".eml" or eml.looks_like(head):
        return "eml"
    if suffix in (".mbox", ".mbx"):
        return "mbox"
    raise UnknownFormat(f"not a format the scanner reads (use --format; formats: {', '.join(IMPORTERS)})")
