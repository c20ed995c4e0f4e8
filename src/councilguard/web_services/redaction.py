""" "Remove the personal data": the spans of personal-data findings replaced through
the checker's redactor (Presidio's anonymizer), ready to be checked again."""

from __future__ import annotations

from ..checker.protocol import Protocol
from ..checker.redact import PERSONAL_DATA_RULES, redact
from ..checker.result import Finding, Result

__all__ = ["PERSONAL_DATA_RULES", "personal_data_findings", "remove_personal_data"]


def personal_data_findings(result: Result, protocol: Protocol | None = None) -> list[Finding]:
    """The findings whose spans are third parties' personal data (what one click removes)."""
    return [f for f in result.findings if f.rule in PERSONAL_DATA_RULES and f.spans]


def remove_personal_data(text: str, result: Result, protocol: Protocol | None = None) -> str:
    """The text with every personal-data span replaced; unchanged when there is none."""
    findings = personal_data_findings(result, protocol)
    return redact(text, findings) if findings else text
