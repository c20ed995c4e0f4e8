"""The work done for each message, wherever it runs (a local process or a Ray actor):
parse the raw item into a draft, apply the filters, check it, and return one record
for the journal. The checker is built once per worker, when the worker starts.

A record carries what the report needs and no more: the message's metadata, and for
each finding a short excerpt around each span (not the whole message), so the report
can show the words without the scan keeping every member's mail.
"""

from __future__ import annotations

import traceback
from typing import Any

from ..checker.draft import DraftError
from ..checker.engine import Checker
from .formats import PARSERS
from .items import ParseContext, RawItem, SkipMessage
from .settings import ScanSettings

EXCERPT_CHARS = 80
MAX_SPANS_SHOWN = 10


def _excerpt(text: str, start: int, end: int) -> dict[str, str]:
    left = max(0, start - EXCERPT_CHARS)
    right = min(len(text), end + EXCERPT_CHARS)
    return {
        "before": ("…" if left else "") + text[left:start],
        "text": text[start:end],
        "after": text[end:right] + ("…" if right < len(text) else ""),
    }


class MessageChecker:
    def __init__(self, settings: ScanSettings):
        rules = settings.filters.rules
        self.settings = settings
        self.checker = Checker(settings.protocol, rules=None if rules is None else list(rules))
        self.context = ParseContext(
            protocol=self.checker.protocol,
            social_account=settings.social_account,
            author=settings.author,
            mapping=dict(settings.mapping),
        )

    def process(self, items: list[RawItem]) -> list[dict[str, Any]]:
        return [self.process_one(item) for item in items]

    def process_one(self, item: RawItem) -> dict[str, Any]:
        record: dict[str, Any] = {
            "key": item.key,
            "seq": item.seq,
            "archive": item.archive,
            "format": item.format,
            "locator": item.locator,
        }
        notes = list(item.notes)
        try:
            parsed = PARSERS[item.format](item, self.context)
        except SkipMessage as exc:
            return {**record, "status": "skipped", "reason": str(exc), "notes": notes}
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the scan
            return {
                **record,
                "status": "error",
                "reason": _describe(exc, "reading the message"),
                "notes": notes,
            }
        draft = parsed.draft
        notes.extend(parsed.notes)
        record.update(
            message_id=parsed.message_id,
            subject=draft.get("subject", ""),
            sender=draft.get("sender", ""),
            from_name=parsed.from_name,
            sent_at=draft.get("sent_at"),
            channel=draft.get("channel", "social"),
            platform=draft.get("platform"),
            account=draft.get("account"),
            notes=notes,
        )
        why = self.settings.filters.why_filtered(record["sender"], record["sent_at"])
        if why:
            return {**record, "status": "filtered", "reason": why}
        try:
            result = self.checker.check(draft)
        except DraftError as exc:
            return {**record, "status": "skipped", "reason": f"not a valid draft: {exc}"}
        except Exception as exc:  # noqa: BLE001
            return {**record, "status": "error", "reason": _describe(exc, "checking the message")}
        findings = []
        for finding in result.findings:
            out = finding.to_dict()
            out["excerpts"] = [_excerpt(draft["text"], s.start, s.end) for s in finding.spans[:MAX_SPANS_SHOWN]]
            findings.append(out)
        record.update(status="checked", verdict=result.verdict, findings=findings)
        return record


def _describe(exc: Exception, doing: str) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    return f"internal error while {doing}: {type(exc).__name__}: {exc}{where}"
