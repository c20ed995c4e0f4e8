"""The report's files for other tools: findings.jsonl (one message per line, findings
in the contract's shape plus where to find the message), findings.csv (one finding per
row, for a spreadsheet), skipped.csv (what could not be checked, and why)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ...checker.draft import json_line
from .collect import ScanFacts, skipped_records

FINDING_COLUMNS = (
    "archive", "locator", "message_id", "sent_at", "sender", "subject", "verdict",
    "rule", "severity", "clauses", "message", "spans", "confidence", "suggestion",
)  # fmt: skip
SKIPPED_COLUMNS = ("archive", "locator", "format", "status", "reason")


# What a spreadsheet reads as the start of a formula (CSV injection: "=cmd|' /C calc'!A0"
# in a scanned e-mail's subject would run when the Monitoring Officer opens the file).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A cell as a spreadsheet shows it, never as a formula: such text gets a leading "'"."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _safe_row(cells: list[Any]) -> list[Any]:
    return [spreadsheet_cell(c) for c in cells]


def _source(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record.get(k) for k in ("key", "archive", "format", "locator", "message_id")}


def write_findings_jsonl(path: Path, facts: ScanFacts) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in facts.flagged:
            line = {
                "id": record["key"],
                "source": _source(record),
                "subject": record.get("subject", ""),
                "sender": record.get("sender", ""),
                "sent_at": record.get("sent_at"),
                "channel": record.get("channel"),
                "account": record.get("account"),
                "verdict": record.get("verdict"),
                "findings": record.get("findings", []),
                "notes": record.get("notes", []),
            }
            out.write(json_line(line) + "\n")


def write_findings_csv(path: Path, facts: ScanFacts) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FINDING_COLUMNS)
        for record in facts.flagged:
            for finding in record.get("findings", []):
                writer.writerow(
                    _safe_row(
                        [
                            record.get("archive", ""),
                            record.get("locator", ""),
                            record.get("message_id", ""),
                            record.get("sent_at") or "",
                            record.get("sender", ""),
                            record.get("subject", ""),
                            record.get("verdict", ""),
                            finding["rule"],
                            finding["severity"],
                            " ".join(finding.get("clauses", [])),
                            finding.get("message", ""),
                            " | ".join(s["text"] for s in finding.get("spans", [])),
                            finding.get("confidence", ""),
                            finding.get("suggestion", ""),
                        ]
                    )
                )


def write_skipped_csv(path: Path, journal: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(SKIPPED_COLUMNS)
        for record in skipped_records(journal):
            writer.writerow(_safe_row([record.get(c, "") for c in SKIPPED_COLUMNS]))
