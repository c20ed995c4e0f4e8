"""mbox files, streamed: one message at a time, whatever the file's size.

``mailbox.mbox`` indexes the whole file before yielding anything and keeps that table
in memory; this splitter reads line by line instead and yields each message's bytes as
soon as its last line is read. A message starts at a "From " line at the start of the
file or after a blank line, or at one that looks like a real envelope line (address
then date), which keeps a "From here on…" line in a body from splitting a message.

A message's key is the byte offset of its "From " line: stable while the file is
unchanged, which is what resuming needs. A file cut off mid-message (a copy that
stopped early) still yields what is there, with a note; a last message cut off inside
its headers is recorded as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..items import ParseContext, ParsedMessage, RawItem, Skipped
from ..limits import MAX_MESSAGE_BYTES
from . import Importer, register
from .emailmsg import message_to_draft

NAME = "mbox"
_ENVELOPE = re.compile(rb"^From \S+ +.*\d{1,2}:\d{2}(?::\d{2})?.*\d{4}\s*$")


def _is_separator(line: bytes, previous_blank: bool) -> bool:
    return line.startswith(b"From ") and (previous_blank or bool(_ENVELOPE.match(line)))


def looks_like(head: bytes) -> bool:
    return head.startswith(b"From ") and b"\n" in head


def count(path: Path) -> int:
    total, previous_blank = 0, True
    with path.open("rb") as handle:
        for line in handle:
            if _is_separator(line, previous_blank):
                total += 1
            previous_blank = line in (b"\n", b"\r\n")
    return total


def _envelope_date(line: bytes) -> str | None:
    # "From sender@example.org  Thu Aug 22 12:36:23 2002": everything after the address.
    parts = line.decode("latin-1").split(None, 2)
    return parts[2].strip() if len(parts) == 3 else None


def split(path: Path) -> Iterator[RawItem | Skipped]:
    archive = str(path)
    offset = 0
    start: int | None = None
    envelope = b""
    lines: list[bytes] = []
    size = 0
    oversize = False
    previous_blank = True
    last_line = b""

    def finish(truncated: bool) -> RawItem | Skipped:
        key = f"{archive}#{start}"
        locator = f"byte {start}"
        if oversize:
            return Skipped(
                key,
                archive,
                NAME,
                locator,
                f"message of {size:,} bytes is over the {MAX_MESSAGE_BYTES:,}-byte limit",
            )
        data = b"".join(lines)
        if truncated and b"\n\n" not in data and b"\r\n\r\n" not in data:
            return Skipped(
                key,
                archive,
                NAME,
                locator,
                "truncated: the file ends inside this message's headers",
            )
        notes = ["truncated: the file ends inside this message; checked what was there"] if truncated else []
        date = _envelope_date(envelope)
        return RawItem(
            key,
            archive,
            NAME,
            locator,
            data,
            size=len(data),
            context={"envelope_date": date},
            notes=notes,
        )

    with path.open("rb") as handle:
        for line in handle:
            if _is_separator(line, previous_blank):
                if start is not None:
                    yield finish(False)
                elif offset:
                    yield Skipped(
                        f"{archive}#0",
                        archive,
                        NAME,
                        "byte 0",
                        f"{offset:,} bytes before the first message are not a message",
                    )
                start, envelope, lines, size, oversize = offset, line, [], 0, False
            elif start is not None:
                size += len(line)
                if size > MAX_MESSAGE_BYTES:
                    oversize, lines = True, []
                elif not oversize:
                    lines.append(line)
            offset += len(line)
            previous_blank = line in (b"\n", b"\r\n")
            last_line = line
    if start is not None:
        yield finish(truncated=bool(last_line) and not last_line.endswith(b"\n"))
    elif offset:
        yield Skipped(f"{archive}#0", archive, NAME, "byte 0", 'no "From " line: this is not an mbox file')


# Writers of mbox files put ">" before body lines starting "From " (mboxo) and before
# lines already starting ">From " (mboxrd); one ">" comes off to give the words back.
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def parse(item: RawItem, ctx: ParseContext) -> ParsedMessage:
    data = _ESCAPED_FROM.sub(rb"\1", item.payload)
    return message_to_draft(data, item.key, ctx, envelope_date=item.context.get("envelope_date"))


register(Importer("mbox", "an mbox file (Thunderbird, Gmail Takeout, mutt)", split=split, count=count, parse=parse))
