"""Reading a scan's journal into what the report shows: the messages with findings in
archive order, counts by rule, severity and month, and what was skipped and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..journal import read_records

# The HTML page lists this many messages and skipped items; the CSV and JSONL files
# always hold all of them.
MAX_MESSAGES_SHOWN = 2000
MAX_ADVICE_SHOWN = 300
MAX_SKIPPED_SHOWN = 1000


@dataclass
class ScanFacts:
    flagged: list[dict[str, Any]] = field(default_factory=list)  # records with findings, by seq
    status: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_rule_severity: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    checked_by_month: Counter[str] = field(default_factory=Counter)
    flagged_by_month: Counter[str] = field(default_factory=Counter)  # needing review
    undated: int = 0
    filtered: Counter[str] = field(default_factory=Counter)
    skip_reasons: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    skipped_count: int = 0

    @property
    def needing_review(self) -> list[dict[str, Any]]:
        return [r for r in self.flagged if r.get("verdict", "ok") != "ok"]

    @property
    def advice_only(self) -> list[dict[str, Any]]:
        return [r for r in self.flagged if r.get("verdict", "ok") == "ok"]

    @property
    def findings(self) -> int:
        return sum(self.by_rule.values())


def unique_records(journal: Path) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for record in read_records(journal):
        if record["key"] not in seen:
            seen.add(record["key"])
            yield record


def _reason_kind(reason: str) -> str:
    """Group reasons that differ only in details ("message of 123 bytes…")."""
    head = reason.split("(", 1)[0].split(":", 1)[0].strip()
    return head if len(head) >= 12 else reason[:80]


def _note_kind(note: str) -> str:
    return note.split(";", 1)[0].split("(", 1)[0].split(":", 1)[0].strip()[:60]


def collect(journal: Path) -> ScanFacts:
    facts = ScanFacts()
    for record in unique_records(journal):
        status = record.get("status", "error")
        facts.status[status] += 1
        for note in record.get("notes") or []:
            facts.notes[_note_kind(note)] += 1
        if status == "filtered":
            facts.filtered[record.get("reason", "")] += 1
            continue
        if status in ("skipped", "error"):
            facts.skipped_count += 1
            facts.skip_reasons[_reason_kind(record.get("reason", ""))] += 1
            continue
        month = (record.get("sent_at") or "")[:7]
        if month:
            facts.checked_by_month[month] += 1
        else:
            facts.undated += 1
        findings = record.get("findings") or []
        if findings:
            facts.flagged.append(record)
            if month and record.get("verdict", "ok") != "ok":
                facts.flagged_by_month[month] += 1
        for finding in findings:
            facts.by_rule[finding["rule"]] += 1
            facts.by_severity[finding["severity"]] += 1
            facts.by_rule_severity[(finding["rule"], finding["severity"])] += 1
    facts.flagged.sort(key=lambda r: r.get("seq", 0))
    return facts


def skipped_records(journal: Path) -> Iterator[dict[str, Any]]:
    for record in unique_records(journal):
        if record.get("status") in ("skipped", "error"):
            yield record
