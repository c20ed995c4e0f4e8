"""What every detector type shares: the Hit it returns and its parameter checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from typing import Protocol as TypingProtocol

from ..text import Analysis


@dataclass
class Hit:
    """One reason for a rule to fire. Spans index the original text (start, end)."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 1.0
    # Facts that severity conditions may test (``on_deciding_committee``, ``region``…).
    facts: dict[str, Any] = field(default_factory=dict)
    # What the detector saw, shown to the reader (entity types, matched terms, scores).
    evidence: dict[str, Any] = field(default_factory=dict)


class Detector(TypingProtocol):
    """A detector type: ``validate`` checks a rule's params when the pack loads,
    ``detect`` reads one analysed draft."""

    def validate(self, params: dict[str, Any]) -> list[str]: ...

    def detect(self, analysis: Analysis, params: dict[str, Any]) -> list[Hit]: ...


# Where a composite rule can still match, as original-text ranges: detectors that cost
# real time per sentence (a model) read only these (None: the whole draft).
Within = list[tuple[int, int]] | None


def check_keys(
    params: dict[str, Any], allowed: set[str], required: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    problems = [f"unknown parameter {k!r}" for k in sorted(set(params) - allowed)]
    problems += [f"missing parameter {k!r}" for k in sorted(required - set(params))]
    return problems
