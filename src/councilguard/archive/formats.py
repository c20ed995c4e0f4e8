"""Which importer reads an archive: by ``--format``, or detected from what it is.

Detection looks at the structure first (a maildir's cur/new, an X download's
data/tweets.js, a Facebook export's posts files, a zip's members), then the file's
first bytes (an mbox starts "From ", a .msg is an OLE2 file, an .eml starts with
headers), then its extension.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import eml, facebook, folder, maildir, mbox, msg, tabular, twitter
from .items import ParseContext, ParsedMessage, RawItem, Skipped


@dataclass(frozen=True)
class Importer:
    name: str
    description: str
    split: Callable[[Path], Iterator[RawItem | Skipped]]
    count: Callable[[Path], int]


IMPORTERS = {
    i.name: i
    for i in (
        Importer("mbox", "an mbox file (Thunderbird, Gmail Takeout, mutt)", mbox.split, mbox.count),
        Importer("maildir", "a maildir folder (cur/, new/)", maildir.split, maildir.count),
        Importer("eml", "one saved .eml message", eml.split, eml.count),
        Importer("msg", "one Outlook .msg message", msg.split, msg.count),
        Importer("folder", "a folder of .eml, .msg and .mbox files", folder.split, folder.count),
        Importer(
            "twitter",
            "an X/Twitter archive (zip, folder or data/tweets.js)",
            twitter.split,
            twitter.count,
        ),
        Importer(
            "facebook",
            "a Facebook 'Download your information' export (JSON)",
            facebook.split,
            facebook.count,
        ),
        Importer("csv", "a CSV file with a column mapping (--map)", tabular.split_csv, tabular.count_csv),
        Importer(
            "jsonl",
            "a JSON Lines file with a column mapping (--map)",
            tabular.split_jsonl,
            tabular.count_jsonl,
        ),
    )
}

# The formats a worker parses (a folder's items carry the format of each file).
PARSERS: dict[str, Callable[[RawItem, ParseContext], ParsedMessage]] = {
    "mbox": mbox.parse,
    "maildir": maildir.parse,
    "eml": eml.parse,
    "msg": msg.parse,
    "twitter": twitter.parse,
    "facebook": facebook.parse,
    "csv": tabular.parse,
    "jsonl": tabular.parse,
}


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
