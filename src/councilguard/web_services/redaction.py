""""Remove the personal data": the spans of personal-data findings replaced through
the checker's redactor (Presidio's anonymizer), ready to be checked again."""

from __future__ import annotations

from ..checker.protocol import Protocol
from ..checker.result import Finding, Result

# Rules whose spans are third parties' personal data. A rule run by the personal_data
# detector counts too, so a pack that adds one needs no change here.
PERSONAL_DATA_RULES = frozenset({"personal-data", "email-distribution-personal-data"})


def personal_data_findings(result: Result, protocol: Protocol) -> list[Finding]:
    out = []
    for finding in result.findings:
        rule = protocol.rules.get(finding.rule)
        detector = rule.detector if rule else ""
        if (finding.rule in PERSONAL_DATA_RULES or detector == "personal_data") and finding.spans:
            out.append(finding)
    return out


def remove_personal_data(text: str, result: Result, protocol: Protocol) -> str:
    """The text with every personal-data span replaced; unchanged when there is none."""
    findings = personal_data_findings(result, protocol)
    if not findings:
        return text
    from ..checker.redact import redact  # Presidio loads on first use, not at import

    redacted = redact(text, findings)
    return redacted if isinstance(redacted, str) else redacted.text
