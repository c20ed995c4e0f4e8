"""The checker's output: findings that cite the protocol, and the verdict.

One serializer (``to_dict``) serves the CLI's JSON, batch output, the scanner and the
API, so every consumer sees the same shape (``shared/spec/checker-contract.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Ordered from most to least serious; the order is used to pick the verdict and to sort.
SEVERITIES = ("block", "warn", "advise", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Finding:
    rule: str
    severity: str
    clauses: list[str]
    message: str
    suggestion: str
    spans: list[Span] = field(default_factory=list)
    confidence: float = 1.0
    # What the detector saw (entity types, model scores, matched terms): explains the
    # finding to the reader without repeating the draft's text.
    evidence: dict[str, Any] = field(default_factory=dict)
    # The protocol version the finding applies and the decision that adopted it
    # (additive to the contract: omitted when the pack names neither).
    version: str = ""
    adopted_by: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "clauses": list(self.clauses),
            "message": self.message,
            "suggestion": self.suggestion,
            "spans": [s.to_dict() for s in self.spans],
            "confidence": round(self.confidence, 3),
        }
        if self.evidence:
            out["evidence"] = self.evidence
        if self.version:
            out["version"] = self.version
        if self.adopted_by:
            out["adopted_by"] = self.adopted_by
        return out


def verdict_for(findings: list[Finding]) -> str:
    severities = {f.severity for f in findings}
    if "block" in severities:
        return "do-not-send"
    if "warn" in severities:
        return "review"
    return "ok"


@dataclass
class Result:
    id: str | None
    findings: list[Finding]
    protocol: str
    error: str | None = None
    # What the reader must know about how the draft was checked (a time budget spent and
    # the rules it left unchecked). The contract lets fields be added; absent when empty.
    notes: list[str] = field(default_factory=list)
    version: str = ""
    adopted_by: str = ""

    @property
    def verdict(self) -> str:
        return verdict_for(self.findings)

    def rules(self) -> list[str]:
        return [f.rule for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"id": self.id, "error": self.error, "protocol": self.protocol}
        out: dict[str, Any] = {
            "id": self.id,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "protocol": self.protocol,
        }
        if self.notes:
            out["notes"] = list(self.notes)
        if self.version:
            out["version"] = self.version
        if self.adopted_by:
            out["adopted_by"] = self.adopted_by
        return out

    @classmethod
    def failed(cls, draft_id: str | None, error: str, protocol: str) -> Result:
        return cls(id=draft_id, findings=[], protocol=protocol, error=error)
