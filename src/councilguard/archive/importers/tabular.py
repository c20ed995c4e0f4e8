"""CSV and JSON Lines exports (from a CRM, a social media tool, a spreadsheet), read
with a column mapping: ``--map text=body,sent_at=date,sender=from``.

A draft field with no mapping is read from the column of the same name, so a file
whose columns already use the contract's names needs no mapping at all. Recipients
in one cell may be separated by commas or semicolons. Dates may be ISO 8601, e-mail
style ("Tue, 10 Mar 2026 19:40:00 +0000"), UK style ("10/03/2026 19:40") or a Unix
timestamp. A row the contract refuses (an unknown channel, say) is recorded as
skipped with the contract's reason; the other rows go on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from ...checker.draft import MAX_TEXT_CHARS
from ..items import ParseContext, ParsedMessage, RawItem, SkipMessage, Skipped
from . import Importer, register

FIELDS = (
    "text", "subject", "channel", "account", "platform", "sender", "to", "cc", "bcc",
    "sent_at", "author", "bio", "id", "reply_all", "forwarded",
)  # fmt: skip
_UK_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
csv.field_size_limit(MAX_TEXT_CHARS * 4)


class MappingError(ValueError):
    """A --map option that cannot be used; the message says how to write it."""


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``text=body,sent_at=date`` to {"text": "body", "sent_at": "date"}."""
    mapping: dict[str, str] = {}
    for pair in (spec or "").split(","):
        if not pair.strip():
            continue
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise MappingError(f"{pair.strip()!r} is not FIELD=COLUMN (e.g. text=body,sent_at=date)")
        if field not in FIELDS:
            raise MappingError(f"{field!r} is not a draft field; use one of {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def parse_when(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) or str(value).strip().isdigit():
        number = float(value)
        return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, UTC).isoformat()
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is None:
        for pattern in _UK_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _addresses(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [a.strip() for a in str(value or "").replace(";", ",").split(",") if a.strip()]


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("1", "true", "yes", "y")


def _rows_csv(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.DictReader(text)
        try:
            for row in reader:
                yield reader.line_num, {k: v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            yield reader.line_num, f"unreadable CSV ({exc})"


def _rows_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8-sig", errors="replace"))
            except json.JSONDecodeError as exc:
                yield number, f"not JSON ({exc.msg} at column {exc.colno})"
                continue
            yield number, obj if isinstance(obj, dict) else "not a JSON object"


def _split(path: Path, fmt: str, rows: Iterator[tuple[int, dict[str, Any] | str]]) -> Iterator[RawItem | Skipped]:
    archive = str(path)
    for number, row in rows:
        key, locator = f"{archive}#{number}", f"line {number}"
        if isinstance(row, str):
            yield Skipped(key, archive, fmt, locator, row)
        else:
            yield RawItem(key, archive, fmt, locator, row, size=sum(len(str(v)) for v in row.values()))


def split_csv(path: Path) -> Iterator[RawItem | Skipped]:
    yield from _split(path, "csv", _rows_csv(path))


def split_jsonl(path: Path) -> Iterator[RawItem | Skipped]:
    yield from _split(path, "jsonl", _rows_jsonl(path))


def count_csv(path: Path) -> int:
    return sum(1 for _ in _rows_csv(path))


def count_jsonl(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def parse(item: RawItem, ctx: ParseContext) -> ParsedMessage:
    row = item.payload

    def cell(field: str) -> Any:
        return row.get(ctx.mapping.get(field, field))

    text = cell("text")
    if text is None:
        column = ctx.mapping.get("text", "text")
        raise SkipMessage(f"no {column!r} column (columns: {', '.join(map(str, row))}); map one with --map text=COLUMN")
    text = str(text).replace("\x00", "")
    if not text.strip():
        raise SkipMessage("empty text")
    notes: list[str] = []
    if len(text) > MAX_TEXT_CHARS:
        notes.append(f"text of {len(text):,} characters truncated to the checker's {MAX_TEXT_CHARS:,}")
        text = text[:MAX_TEXT_CHARS]
    draft: dict[str, Any] = {"id": item.key, "text": text}
    for field in ("subject", "channel", "account", "platform", "sender", "author", "bio"):
        value = cell(field)
        if value not in (None, ""):
            draft[field] = str(value)
    recipients = {k: _addresses(cell(k)) for k in ("to", "cc", "bcc")}
    if any(recipients.values()):
        draft["recipients"] = recipients
        draft.setdefault("channel", "email")
    for flag in ("reply_all", "forwarded"):
        if cell(flag) not in (None, ""):
            draft[flag] = _truthy(cell(flag))
    if "account" not in draft:
        if draft.get("channel") == "email" and draft.get("sender"):
            draft["account"] = ctx.account_for(draft["sender"])
        elif draft.get("channel", "social") == "social":
            draft["account"] = ctx.social_account
    raw_when = cell("sent_at")
    when = parse_when(raw_when)
    if when:
        draft["sent_at"] = when
    elif raw_when not in (None, ""):
        notes.append(f"unreadable date {str(raw_when)[:40]!r}")
    if ctx.author and "author" not in draft:
        draft["author"] = ctx.author
    source_id = cell("id")
    return ParsedMessage(draft=draft, message_id="" if source_id is None else str(source_id), notes=notes)


register(Importer("csv", "a CSV file with a column mapping (--map)", split=split_csv, count=count_csv, parse=parse))
register(
    Importer(
        "jsonl", "a JSON Lines file with a column mapping (--map)", split=split_jsonl, count=count_jsonl, parse=parse
    )
)
