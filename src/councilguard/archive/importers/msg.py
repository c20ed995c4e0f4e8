"""Outlook .msg files (an OLE2 compound file per message), read with extract-msg.

The file's bytes travel to the worker, which opens them in memory: a cluster worker
needs no access to the archive's disk. A file that is not a .msg (or is damaged) is
recorded as skipped with extract-msg's reason.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any

from ..items import ParseContext, ParsedMessage, RawItem, SkipMessage, Skipped
from . import Importer, register
from .decoding import decode_bytes
from .emailmsg import FORWARD_BLOCK, FORWARD_SUBJECT, REPLY_SUBJECT, email_draft
from .files import read_message_file
from .htmltext import html_to_text

NAME = "msg"
SUFFIXES = (".msg",)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RECIPIENT_KINDS = {1: "to", 2: "cc", 3: "bcc"}


def looks_like(head: bytes) -> bool:
    return head.startswith(OLE_MAGIC)


def count(path: Path) -> int:
    return 1


def split(path: Path) -> Iterator[RawItem | Skipped]:
    yield read_message_file(path, str(path), NAME, path.name)


def _open(data: bytes) -> Any:
    if not data.startswith(OLE_MAGIC):
        raise SkipMessage("not an Outlook .msg file (it is not an OLE2 compound file)")
    import extract_msg  # the archive extra; imported here so the rest works without it

    # extract-msg logs every odd property at WARNING; the skip reason says enough.
    logging.getLogger("extract_msg").setLevel(logging.ERROR)
    try:
        # A file object, not bytes: olefile takes short bytes for a file name.
        return extract_msg.openMsg(io.BytesIO(data), delayAttachments=False)
    except Exception as exc:  # noqa: BLE001 - extract-msg raises many kinds for damage
        raise SkipMessage(f"not an Outlook .msg file ({exc})") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return decode_bytes(value, None)[0]
    return str(value).replace("\x00", "")


def _recipients(msg: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"to": [], "cc": [], "bcc": []}
    for recipient in getattr(msg, "recipients", None) or []:
        address = _text(getattr(recipient, "email", ""))
        kind = _RECIPIENT_KINDS.get(int(getattr(recipient, "type", 1) or 1), "to")
        if "@" in address:
            out[kind].append(address)
    if not any(out.values()):  # no recipient table: fall back to the display headers
        for kind in out:
            value = _text(getattr(msg, kind, ""))
            out[kind] = [a for _, a in getaddresses([value.replace(";", ",")]) if "@" in a]
    return out


def _attachments(msg: Any) -> list[dict[str, Any]]:
    out = []
    for index, att in enumerate(getattr(msg, "attachments", None) or [], start=1):
        name = _text(getattr(att, "longFilename", None) or getattr(att, "shortFilename", None))
        data = getattr(att, "data", None)
        size = len(data) if isinstance(data, bytes) else 0
        content_type = _text(getattr(att, "mimetype", None)) or "application/octet-stream"
        if not isinstance(data, bytes) and data is not None:  # an embedded message
            content_type = "message/rfc822"
            name = name or _text(getattr(data, "subject", "")) + ".msg"
        out.append({"name": name or f"attachment-{index}", "content_type": content_type, "size": size})
    return out


def parse(item: RawItem, ctx: ParseContext) -> ParsedMessage:
    msg = _open(item.payload)
    notes: list[str] = []
    try:
        subject = " ".join(_text(msg.subject).split())
        body = _text(getattr(msg, "body", None))
        if not body.strip():
            html = getattr(msg, "htmlBody", None)
            if html:
                body = html_to_text(_text(html))
                notes.append("HTML body converted to text")
        from_name, sender = parseaddr(_text(getattr(msg, "sender", "")))
        recipients = _recipients(msg)
        attachments = _attachments(msg)
        sent = getattr(msg, "date", None)
        message_id = _text(getattr(msg, "messageId", ""))
        headers_forwarded = bool(getattr(msg, "header", None) and msg.header.get("Resent-From"))
    except SkipMessage:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged property stream
        raise SkipMessage(f"damaged .msg file ({type(exc).__name__}: {exc})") from None
    finally:
        msg.close()
    draft = email_draft(
        item.key,
        ctx,
        body=body,
        subject=subject,
        sender=sender,
        recipients=recipients,
        attachments=attachments,
        sent_at=(sent if sent.tzinfo else sent.replace(tzinfo=UTC)).isoformat() if isinstance(sent, datetime) else None,
        is_reply=bool(REPLY_SUBJECT.match(subject)),
        forwarded=bool(FORWARD_SUBJECT.match(subject) or headers_forwarded or FORWARD_BLOCK.search(body)),
        notes=notes,
    )
    return ParsedMessage(draft=draft, message_id=message_id, from_name=from_name, notes=notes)


register(Importer("msg", "one Outlook .msg message", split=split, count=count, parse=parse))
