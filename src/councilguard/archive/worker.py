"""The work done for each message, wherever it runs (a local process or a Ray actor):
parse the raw item into a draft, apply the filters, check it, and return one record
for the journal. The checker is built once per worker, when the worker starts.

A record carries what the report needs and no more: the message's metadata, and for
each finding a short excerpt around each span (not the whole message), so the report
can show the words without the scan keeping every member's mail.
"""

from __future__ import annotations

import gc
import traceback
from typing import Any

from ..checker.draft import Draft, DraftError
from ..checker.engine import Checker
from ..checker.result import Result
from ..packs.timeline import Timeline
from . import importers
from .items import ParseContext, RawItem, SkipMessage
from .scan_options import ScanSettings

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
    """``owns_process``: this worker is the only work of its process (a local pool worker,
    a Ray actor), so it may manage the process's garbage collector. Not so for a scan
    run inline (the CLI with one process, or a thread of the web application)."""

    def __init__(self, settings: ScanSettings, owns_process: bool = False):
        rules = settings.filters.rules
        self.settings = settings
        self.owns_process = owns_process
        self.checker = Checker(settings.protocol, rules=None if rules is None else list(rules))
        self.timeline = Timeline.from_dirs(self.checker, settings.timeline, None if rules is None else list(rules))
        self.context = ParseContext(
            protocol=self.checker.protocol,
            social_account=settings.social_account,
            author=settings.author,
            mapping=dict(settings.mapping),
        )

    def process(self, items: list[RawItem]) -> list[dict[str, Any]]:
        """One record per item, in order. The messages that reach the checker are
        checked together (Checker.check_batch: one NER pass for the chunk); if that
        fails, each is checked alone, so the error lands on the message that caused it."""
        staged = [self._read(item) for item in items]
        waiting = [(record, draft) for record, draft in staged if draft is not None]
        # Each message against the version in force when it was sent: one batch per version.
        by_checker: dict[int, list[tuple[dict[str, Any], Draft]]] = {}
        checkers: dict[int, Checker] = {}
        for record, draft in waiting:
            checker = self.timeline.checker_on(draft.sent_at)
            checkers[id(checker)] = checker
            by_checker.setdefault(id(checker), []).append((record, draft))
        for key, group in by_checker.items():
            try:
                results: list[Result | None] = list(checkers[key].check_batch([draft for _, draft in group]))
            except Exception:  # noqa: BLE001 - found again, message by message, below
                results = [None] * len(group)
            for (record, draft), result in zip(group, results, strict=True):
                self._check(record, draft, result)
        if self.owns_process:
            _set_aside_long_lived_objects()
        return [record for record, _ in staged]

    def _read(self, item: RawItem) -> tuple[dict[str, Any], Draft | None]:
        """The item's record, and its draft when it is to be checked (not skipped,
        unreadable or filtered out)."""
        record: dict[str, Any] = {
            "key": item.key,
            "seq": item.seq,
            "archive": item.archive,
            "format": item.format,
            "locator": item.locator,
        }
        notes = list(item.notes)
        try:
            parsed = importers.parser(item.format)(item, self.context)
        except SkipMessage as exc:
            record.update(status="skipped", reason=str(exc), notes=notes)
            return record, None
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the scan
            record.update(status="error", reason=_describe(exc, "reading the message"), notes=notes)
            return record, None
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
            record.update(status="filtered", reason=why)
            return record, None
        try:
            return record, Draft.from_dict(draft)
        except DraftError as exc:
            record.update(status="skipped", reason=f"not a valid draft: {exc}")
            return record, None
        except Exception as exc:  # noqa: BLE001
            record.update(status="error", reason=_describe(exc, "checking the message"))
            return record, None

    def _check(self, record: dict[str, Any], draft: Draft, result: Result | None) -> None:
        """Fill in the record's verdict and findings (checking the draft now if the
        batch could not)."""
        if result is None:
            try:
                result = self.timeline.checker_on(draft.sent_at).check(draft)
            except Exception as exc:  # noqa: BLE001
                record.update(status="error", reason=_describe(exc, "checking the message"))
                return
        findings = []
        for finding in result.findings:
            out = finding.to_dict()
            out["excerpts"] = [_excerpt(draft.text, s.start, s.end) for s in finding.spans[:MAX_SPANS_SHOWN]]
            findings.append(out)
        record.update(status="checked", verdict=result.verdict, findings=findings)


def _set_aside_long_lived_objects() -> None:
    """Collect what the chunk left behind, then freeze whatever survived (the models and
    caches loaded so far) out of the cyclic garbage collector's sight. A scan makes
    millions of short-lived objects, so full collections run often, and each one walked
    the checker's hundreds of thousands of long-lived ones again: 5% of a scan's time.
    Frozen objects are still freed by reference counting, and the collection before the
    freeze means no cyclic garbage is frozen, so memory stays flat. Only in a process
    that does nothing else: in a web server it would also freeze whatever the request
    threads hold at that moment, and their cycles would never be collected."""
    gc.collect()
    gc.freeze()


def _describe(exc: Exception, doing: str) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    return f"internal error while {doing}: {type(exc).__name__}: {exc}{where}"
