"""The scan report: report.html for people; findings.csv, findings.jsonl, skipped.csv
and summary.json for other tools. Rebuilt from the journal at the end of every run,
so a resumed scan's report covers both runs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from ...checker.protocol import Protocol
from ..summary import ScanSummary
from .collect import MAX_SKIPPED_SHOWN, collect, skipped_records
from .html import render_html
from .tables import write_findings_csv, write_findings_jsonl, write_skipped_csv

JOURNAL = "journal.jsonl"


def write_report(output: Path, protocol: Protocol, manifest: dict[str, Any], summary: ScanSummary) -> dict[str, Path]:
    journal = output / JOURNAL
    facts = collect(journal)
    paths = {
        "html": output / "report.html",
        "csv": output / "findings.csv",
        "jsonl": output / "findings.jsonl",
        "skipped": output / "skipped.csv",
        "summary": output / "summary.json",
    }
    write_findings_jsonl(paths["jsonl"], facts)
    write_findings_csv(paths["csv"], facts)
    write_skipped_csv(paths["skipped"], journal)
    generated = datetime.now(UTC).strftime("%d %b %Y %H:%M UTC")
    skipped = list(islice(skipped_records(journal), MAX_SKIPPED_SHOWN))
    paths["html"].write_text(
        render_html(protocol, manifest, facts, skipped, interrupted=summary.interrupted, generated=generated),
        encoding="utf-8",
    )
    paths["summary"].write_text(
        json.dumps(
            {
                "complete": not summary.interrupted,
                "checked": facts.status["checked"],
                "with_findings": len(facts.flagged),
                "findings": facts.findings,
                "findings_by_rule": dict(facts.by_rule.most_common()),
                "filtered": facts.status["filtered"],
                "skipped": facts.status["skipped"],
                "errors": facts.status["error"],
                "skip_reasons": dict(facts.skip_reasons.most_common()),
                "engine": summary.engine,
                "workers": summary.workers,
                "seconds": round(summary.elapsed_seconds, 2),
                "messages_per_second": round(summary.messages_per_second, 1),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return paths
