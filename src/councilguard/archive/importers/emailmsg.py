"""One RFC 5322 message (bytes) to a checker draft: shared by mbox, maildir and .eml.

Parsed with the ``compat32`` policy because it never raises on malformed headers; the
headers are decoded here with fallbacks, so a broken MIME structure or an unknown
charset costs a note, not the message.

Context the contract asks for, and how it is read:

* ``account``: ``council`` when the sender's domain is one of the protocol pack's
  e-mail domains, else ``personal``.
* ``reply_all``: a heuristic, as mail does not record which button was pressed. A
  message is a reply when its subject starts "Re:" (or a localised form) or it has an
  In-Reply-To header; a reply counts as reply-all when it went to more than one
  recipient (To and Cc together), e.g. a reply with a Cc, or "Re:" to two addresses.
* ``forwarded``: the subject starts "Fwd:"/"Fw:"/"FW:", or the message carries
  Resent-*/X-Forwarded-* headers, a "Forwarded message" block, or another message
  attached whole (message/rfc822).
* ``attachments``: name, content type and size only. The size of an encoded part is
  worked out from its encoded length, so a 50 MB attachment is never decoded.
"""

from __future__ import annotations

import re
from datetime import UTC
from email import message_from_bytes
from email.header import decode_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Any

from ...checker.draft import MAX_TEXT_CHARS
from ..items import ParseContext, ParsedMessage, SkipMessage
from .decoding import decode_bytes
from .htmltext import html_to_text

REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|vs|antw|ref)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)
FORWARD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw)\s*:\s*)*(?:fwd?|tr|wg|rv)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)
FORWARD_BLOCK = re.compile(
    r"^-{2,}\s*Forwarded message\s*-{2,}|^Begin forwarded message:", re.IGNORECASE | re.MULTILINE
)
FORWARD_HEADERS = (
    "resent-from",
    "resent-to",
    "x-forwarded-for",
    "x-forwarded-to",
    "x-forwarded-message-id",
)


def header_text(value: Any) -> str:
    """A header's value as text: RFC 2047 words decoded, raw 8-bit bytes guessed."""
    if value is None:
        return ""
    raw = str(value)
    if any("\udc80" <= c <= "\udcff" for c in raw):
        # compat32 keeps undeclared 8-bit header bytes as surrogates; recover the bytes.
        raw = decode_bytes(raw.encode("ascii", "surrogateescape"), None)[0]
    try:
        chunks = decode_header(raw)
    except (ValueError, IndexError):
        return _clean(raw)
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, charset)[0])
        else:
            out.append(chunk)
    return _clean("".join(out))


def _clean(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())


def _addresses(msg: Message, name: str) -> list[str]:
    values = [header_text(v) for v in msg.get_all(name, [])]
    try:
        pairs = getaddresses(values)
    except (ValueError, IndexError, TypeError):
        return []
    return [addr.strip() for _, addr in pairs if "@" in addr]


def _sent_at(msg: Message, envelope_date: str | None, notes: list[str]) -> str | None:
    for raw in (msg.get("Date"), envelope_date):
        if not raw:
            continue
        try:
            moment = parsedate_to_datetime(header_text(raw))
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if moment is None:
            continue
        if moment.tzinfo is None:  # "-0000" means "zone unknown"; UTC is the honest guess
            moment = moment.replace(tzinfo=UTC)
        return moment.isoformat()
    if msg.get("Date"):
        notes.append(f"unreadable Date header {header_text(msg.get('Date'))[:60]!r}")
    return None


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";", 1)[0].strip().lower()
    if disposition == "attachment":
        return True
    if part.get_content_maintype() in ("text", "multipart"):
        return bool(part.get_filename()) and disposition != "inline"
    return True  # images, applications, audio: files, whether shown inline or not


def _encoded_size(part: Message) -> int:
    """The decoded size of a leaf part, computed from its encoded text without decoding."""
    payload = part.get_payload()
    if not isinstance(payload, str):
        return 0
    encoding = (part.get("Content-Transfer-Encoding") or "").strip().lower()
    if encoding == "base64":
        data = len(payload) - payload.count("\n") - payload.count("\r") - payload.count(" ")
        return max(0, data * 3 // 4 - payload.rstrip()[-2:].count("="))
    return len(payload.encode("utf-8", "surrogateescape"))


def _attachment(part: Message, index: int, notes: list[str]) -> dict[str, Any]:
    try:
        name = header_text(part.get_filename()) if part.get_filename() else ""
    except (ValueError, TypeError, LookupError):
        name = ""
    content_type = part.get_content_type()
    if content_type == "message/rfc822" and not name:
        inner = part.get_payload()
        first = inner[0] if isinstance(inner, list) and inner else None
        inner_subject = header_text(first.get("Subject")) if isinstance(first, Message) else ""
        name = (inner_subject or "forwarded message") + ".eml"
    if not name:
        name = f"part-{index}.{content_type.split('/')[-1]}"
    size = _encoded_size(part) if not part.is_multipart() else 0
    return {"name": name.replace("\x00", ""), "content_type": content_type, "size": size}


def _leaf_text(part: Message, notes: list[str]) -> str:
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError) as exc:
        notes.append(f"part {part.get_content_type()} could not be decoded ({exc})")
        return ""
    if not isinstance(data, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except (ValueError, LookupError):
        charset = None
    text, note = decode_bytes(data, charset)
    if note:
        notes.append(note)
    return text


def _walk(msg: Message, notes: list[str]):  # noqa: ANN202 - a generator of leaves
    """Leaf parts in order, not descending into attached messages (those are attachments)."""
    stack = [msg]
    while stack:
        part = stack.pop()
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend(c for c in reversed(children) if isinstance(c, Message))
            continue
        yield part


def message_to_draft(data: bytes, key: str, ctx: ParseContext, *, envelope_date: str | None = None) -> ParsedMessage:
    """Parse one message's bytes into a draft; SkipMessage when nothing can be checked."""
    notes: list[str] = []
    if not data.strip():
        raise SkipMessage("empty message")
    try:
        msg = message_from_bytes(data, policy=compat32)
    except Exception as exc:  # noqa: BLE001 - the parser is lenient; anything else is damage
        raise SkipMessage(f"unparseable message: {type(exc).__name__}: {exc}") from None
    if not msg.keys():
        raise SkipMessage("no headers: this is not an e-mail message")
    defects = sorted({type(d).__name__ for p in msg.walk() for d in getattr(p, "defects", [])})
    if defects:
        notes.append("broken MIME: " + ", ".join(defects))

    plain: list[str] = []
    html: list[str] = []
    attachments: list[dict[str, Any]] = []
    forwarded_inline = False
    for index, part in enumerate(_walk(msg, notes), start=1):
        if part.get_content_type() == "message/rfc822":
            forwarded_inline = True
            attachments.append(_attachment(part, index, notes))
        elif _is_attachment(part):
            attachments.append(_attachment(part, index, notes))
        elif part.get_content_type() == "text/plain":
            plain.append(_leaf_text(part, notes))
        elif part.get_content_type() == "text/html":
            html.append(_leaf_text(part, notes))
    if any(t.strip() for t in plain):
        body = "\n\n".join(t for t in plain if t.strip())
    elif html:
        body = "\n\n".join(html_to_text(h) for h in html)
        notes.append("HTML body converted to text")
    else:
        body = ""

    subject = header_text(msg.get("Subject"))
    from_name, sender = parseaddr(header_text(msg.get("From")))
    recipients = {k: _addresses(msg, k.capitalize()) for k in ("to", "cc", "bcc")}
    forwarded = bool(
        FORWARD_SUBJECT.match(subject)
        or any(msg.get(h) for h in FORWARD_HEADERS)
        or forwarded_inline
        or FORWARD_BLOCK.search(body)
    )
    draft = email_draft(
        key,
        ctx,
        body=body,
        subject=subject,
        sender=sender,
        recipients=recipients,
        attachments=attachments,
        sent_at=_sent_at(msg, envelope_date, notes),
        is_reply=bool(REPLY_SUBJECT.match(subject) or msg.get("In-Reply-To")),
        forwarded=forwarded,
        notes=notes,
    )
    return ParsedMessage(
        draft=draft,
        message_id=header_text(msg.get("Message-ID")),
        from_name=from_name,
        notes=notes,
    )


def email_draft(
    key: str,
    ctx: ParseContext,
    *,
    body: str,
    subject: str,
    sender: str,
    recipients: dict[str, list[str]],
    attachments: list[dict[str, Any]],
    sent_at: str | None,
    is_reply: bool,
    forwarded: bool,
    notes: list[str],
) -> dict[str, Any]:
    """The contract's draft for an e-mail, whatever file format it came from."""
    body = body.replace("\x00", "").replace("\r\n", "\n")
    if not body.strip():
        if not subject and not attachments:
            raise SkipMessage("no text to check (empty body and subject, no attachments)")
        # The contract needs text; checking the subject keeps the context rules
        # (attachments, recipients) working on a message that is all attachment.
        body = subject or "(no text)"
        notes.append("no body text: the subject was checked")
    if len(body) > MAX_TEXT_CHARS:
        notes.append(f"body of {len(body):,} characters truncated to the checker's {MAX_TEXT_CHARS:,}")
        body = body[:MAX_TEXT_CHARS]
    to_and_cc = recipients["to"] + recipients["cc"]
    draft: dict[str, Any] = {
        "id": key,
        "text": body,
        "subject": subject,
        "channel": "email",
        "recipients": recipients,
        "reply_all": is_reply and len(to_and_cc) > 1,
        "forwarded": forwarded,
        "attachments": attachments,
    }
    if sender:
        draft["sender"] = sender
        draft["account"] = ctx.account_for(sender)
    if sent_at:
        draft["sent_at"] = sent_at
    if ctx.author:
        draft["author"] = ctx.author
    return draft
