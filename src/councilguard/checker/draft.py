"""The checker's input: a draft e-mail or post and its context.

The shape is fixed by ``shared/spec/checker-contract.md``. ``Draft.from_dict`` is the
one place where untrusted input becomes a Draft: every wrong type, unknown enum value
or oversized text is refused here with a ``DraftError`` naming the field, so the
detectors never see malformed data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CHANNELS = ("email", "social")
ACCOUNTS = ("council", "personal", "party")
PLATFORMS = (
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "youtube",
    "blog",
    "snapchat",
    "tiktok",
    "other",
)

# A tweet is 280 characters, a long e-mail thread a few hundred kilobytes. Past this the
# draft is refused rather than checked slowly: the limit is part of the contract so a
# caller can split an archive message itself (the scanner checks the first part).
MAX_TEXT_CHARS = 200_000


class DraftError(ValueError):
    """A draft that cannot be checked; ``field`` names the offending input field."""

    def __init__(self, field_name: str, problem: str):
        self.field = field_name
        self.problem = problem
        super().__init__(f"{field_name}: {problem}")


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str = ""
    size: int | None = None
    source: str = ""


@dataclass(frozen=True)
class Image:
    source: str
    credit: str = ""


@dataclass(frozen=True)
class Meeting:
    name: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Recipients:
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.to + self.cc + self.bcc


@dataclass(frozen=True)
class Draft:
    text: str
    id: str | None = None
    subject: str = ""
    channel: str = "social"
    account: str = "personal"
    platform: str | None = None
    sender: str = ""
    recipients: Recipients = field(default_factory=Recipients)
    reply_all: bool = False
    forwarded: bool = False
    attachments: tuple[Attachment, ...] = ()
    images: tuple[Image, ...] = ()
    sent_at: datetime | None = None
    author: str | None = None
    bio: str = ""
    meetings_attending: tuple[Meeting, ...] = ()
    committees: tuple[str, ...] = ()
    pre_election: bool = False
    # Fields the contract does not know are kept (and ignored) so they can be echoed.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_email(self) -> bool:
        return self.channel == "email"

    @property
    def is_social(self) -> bool:
        return self.channel == "social"

    @classmethod
    def from_json(cls, raw: str | bytes) -> Draft:
        """Parse one JSON object; bytes must be UTF-8."""
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DraftError("text", f"input is not valid UTF-8 (byte {exc.start})") from None
        return cls.from_dict(parse_json(raw))

    @classmethod
    def from_dict(cls, obj: Any) -> Draft:
        if not isinstance(obj, dict):
            raise DraftError("draft", f"expected a JSON object, got {_type_name(obj)}")
        known = {
            "id", "text", "subject", "channel", "account", "platform", "sender", "recipients",
            "reply_all", "forwarded", "attachments", "images", "sent_at", "author", "bio",
            "meetings_attending", "committees", "pre_election",
        }  # fmt: skip
        if "text" not in obj:
            raise DraftError("text", "is required")
        text = _string(obj, "text")
        if not text.strip():
            raise DraftError("text", "is empty: there is nothing to check")
        if len(text) > MAX_TEXT_CHARS:
            raise DraftError(
                "text",
                f"is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,} "
                "(split the message or check it in parts)",
            )
        channel = _enum(obj, "channel", CHANNELS, default="social")
        default_account = "council" if channel == "email" else "personal"
        account = _enum(obj, "account", ACCOUNTS, default=default_account)
        platform = _enum(obj, "platform", PLATFORMS, default=None)
        draft_id = obj.get("id")
        if draft_id is not None and (isinstance(draft_id, bool) or not isinstance(draft_id, str | int)):
            raise DraftError("id", f"must be a string, got {_type_name(draft_id)}")
        if isinstance(draft_id, str):
            _text_ok(draft_id, "id")
        sent_at = _datetime(obj.get("sent_at"), "sent_at")
        meetings = _meetings(obj.get("meetings_attending"))
        sent_at, meetings = _one_kind_of_time(sent_at, meetings)
        return cls(
            text=text,
            id=None if draft_id is None else str(draft_id),
            subject=_string(obj, "subject"),
            channel=channel,
            account=account,
            platform=platform,
            sender=_string(obj, "sender").strip(),
            recipients=_recipients(obj.get("recipients")),
            reply_all=_bool(obj, "reply_all"),
            forwarded=_bool(obj, "forwarded"),
            attachments=tuple(_attachments(obj.get("attachments"))),
            images=tuple(_images(obj.get("images"))),
            sent_at=sent_at,
            author=_string(obj, "author") or None,
            bio=_string(obj, "bio"),
            meetings_attending=tuple(meetings),
            committees=tuple(_string_list(obj.get("committees"), "committees")),
            pre_election=_bool(obj, "pre_election"),
            extra={k: v for k, v in obj.items() if k not in known},
        )


def parse_json(raw: str) -> Any:
    """``json.loads`` with every way it can fail as a DraftError naming the problem: bad
    syntax, a number past Python's 4,300-digit limit, nesting past the recursion limit."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DraftError("json", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise DraftError("json", "is nested too deeply to read") from None
    except ValueError as exc:  # int() past sys.get_int_max_str_digits()
        raise DraftError("json", f"holds a number too long to read ({exc})") from None


# Characters inside a JSON string that json.dumps leaves as written (ensure_ascii=False)
# but that str.splitlines(), and readers like it, take for the end of a line.
_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")


def json_line(value: Any) -> str:
    """``value`` as one JSON Lines record (no trailing newline): UTF-8 as written, except
    the line separators other than ``\\n`` escaped, so a record echoing an id or a text
    that holds one is still exactly one line for every reader."""
    return _LINE_BREAK.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _string(obj: dict, name: str, label: str | None = None) -> str:
    value = obj.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DraftError(label or name, f"must be a string, got {_type_name(value)}")
    return _text_ok(value, label or name)


def _text_ok(value: str, name: str) -> str:
    if "\x00" in value:
        raise DraftError(name, "contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        # A lone surrogate (JSON's "\ud800" escape) is not text and cannot be written out.
        raise DraftError(name, f"is not valid Unicode text (a lone surrogate at character {exc.start})") from None
    return value


def _bool(obj: dict, name: str) -> bool:
    value = obj.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise DraftError(name, f"must be true or false, got {_type_name(value)}")
    return value


def _enum(obj: dict, name: str, allowed: tuple[str, ...], default: str | None) -> Any:
    value = obj.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise DraftError(name, f"must be a string, got {_type_name(value)}")
    if value not in allowed:
        raise DraftError(name, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _string_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise DraftError(name, f"must be an array of strings, got {_type_name(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise DraftError(f"{name}[{i}]", f"must be a string, got {_type_name(item)}")
        _text_ok(item, f"{name}[{i}]")
    return list(value)


def _recipients(value: Any) -> Recipients:
    if value is None:
        return Recipients()
    if isinstance(value, list):  # a bare list is read as "to", a common shorthand
        return Recipients(to=tuple(_string_list(value, "recipients")))
    if not isinstance(value, dict):
        raise DraftError("recipients", f"must be an object with to/cc/bcc, got {_type_name(value)}")
    for key in value:
        if key not in ("to", "cc", "bcc"):
            raise DraftError(f"recipients.{key}", "is not one of to, cc, bcc")
    return Recipients(
        to=tuple(_string_list(value.get("to"), "recipients.to")),
        cc=tuple(_string_list(value.get("cc"), "recipients.cc")),
        bcc=tuple(_string_list(value.get("bcc"), "recipients.bcc")),
    )


def _objects(value: Any, name: str) -> list[tuple[str, dict]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DraftError(name, f"must be an array of objects, got {_type_name(value)}")
    out = []
    for i, item in enumerate(value):
        label = f"{name}[{i}]"
        if isinstance(item, str):  # a bare file name or image source
            item = {"name": item, "source": item}
        if not isinstance(item, dict):
            raise DraftError(label, f"must be an object, got {_type_name(item)}")
        out.append((label, item))
    return out


def _attachments(value: Any) -> list[Attachment]:
    out = []
    for label, item in _objects(value, "attachments"):
        name = _string(item, "name", f"{label}.name")
        if not name:
            raise DraftError(f"{label}.name", "is required")
        size = item.get("size")
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
            raise DraftError(f"{label}.size", "must be a whole number of bytes")
        out.append(
            Attachment(
                name=name,
                content_type=_string(item, "content_type", f"{label}.content_type"),
                size=size,
                source=_url_ok(_string(item, "source", f"{label}.source"), f"{label}.source") if "name" in item else "",
            )
        )
    return out


def _images(value: Any) -> list[Image]:
    out = []
    for label, item in _objects(value, "images"):
        source = _url_ok(_string(item, "source", f"{label}.source"), f"{label}.source")
        if not source:
            raise DraftError(f"{label}.source", "is required")
        out.append(Image(source=source, credit=_string(item, "credit", f"{label}.credit")))
    return out


def _url_ok(value: str, name: str) -> str:
    """A source the context detector can read: a URL that parses (``http://[::1`` does not)."""
    try:
        # Read as the context detector reads it: a source without "//" is taken as a host.
        urlsplit(value if "//" in value else "//" + value)
    except ValueError as exc:
        raise DraftError(name, f"{value[:80]!r} is not a valid URL ({exc})") from None
    return value


# A time without an offset is the council's local time (the contract's examples are
# Havering's); used only when a draft mixes times with and without one.
try:
    LOCAL_ZONE: Any = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # no tz database on this machine
    LOCAL_ZONE = UTC


def _one_kind_of_time(sent_at: datetime | None, meetings: list[Meeting]) -> tuple[datetime | None, list[Meeting]]:
    """All naive or all aware: comparing the two kinds raises TypeError in the detectors.
    When they are mixed, the naive ones are read as local time."""
    times = [t for t in (sent_at, *(x for m in meetings for x in (m.start, m.end))) if t is not None]
    if len({t.tzinfo is None for t in times}) < 2:
        return sent_at, meetings

    def aware(t: datetime) -> datetime:
        return t.replace(tzinfo=LOCAL_ZONE) if t.tzinfo is None else t

    return (
        None if sent_at is None else aware(sent_at),
        [Meeting(m.name, aware(m.start), aware(m.end)) for m in meetings],
    )


def _datetime(value: Any, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise DraftError(name, f"must be an ISO 8601 date-time string, got {_type_name(value)}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise DraftError(name, f"{value!r} is not an ISO 8601 date-time") from None


def _meetings(value: Any) -> list[Meeting]:
    out = []
    for label, item in _objects(value, "meetings_attending"):
        start = _datetime(item.get("start"), f"{label}.start")
        end = _datetime(item.get("end"), f"{label}.end")
        if start is None or end is None:
            raise DraftError(label, "needs both start and end")
        if (start.tzinfo is None) == (end.tzinfo is None) and end < start:
            raise DraftError(f"{label}.end", "is before start")
        if (start.tzinfo is None) != (end.tzinfo is None):
            start, end = (t.replace(tzinfo=LOCAL_ZONE) if t.tzinfo is None else t for t in (start, end))
            if end < start:
                raise DraftError(f"{label}.end", "is before start")
        out.append(Meeting(name=_string(item, "name", f"{label}.name"), start=start, end=end))
    return out
