"""Remove personal data from a draft: the web page's one-click "remove the personal
data". Each span is replaced with a placeholder naming what was there ("[phone
number]", "[name]"), using Presidio's anonymizer so overlapping spans are resolved the
way Presidio resolves them.

    result = checker.check(draft)
    clean = redact(draft["text"], result.findings)       # findings, a Result, or spans
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .pii.entities import LABELS
from .result import Finding, Result, Span

PERSONAL_DATA_RULES = ("personal-data", "email-distribution-personal-data")
GENERIC = "PERSONAL_DATA"
_ENTITY_SPAN = re.compile(r"^(\d+):(\d+) (\w+)$")


def placeholder(entity_type: str) -> str:
    return f"[{LABELS.get(entity_type, 'personal data')}]"


def _spans_of(item: Any) -> list[tuple[int, int, str]]:
    if isinstance(item, Result):
        return [s for f in item.findings for s in _spans_of(f)]
    if isinstance(item, Finding):
        if item.rule not in PERSONAL_DATA_RULES:
            return []
        typed = [_ENTITY_SPAN.match(str(s)) for s in item.evidence.get("entity_spans", [])]
        if any(typed):
            return [(int(m.group(1)), int(m.group(2)), m.group(3)) for m in typed if m]
        return [(s.start, s.end, GENERIC) for s in item.spans]
    if isinstance(item, Span):
        return [(item.start, item.end, GENERIC)]
    if isinstance(item, dict):  # a finding or span from the JSON output
        if "rule" in item:
            if item["rule"] not in PERSONAL_DATA_RULES:
                return []
            typed = [_ENTITY_SPAN.match(str(s)) for s in (item.get("evidence") or {}).get("entity_spans", [])]
            if any(typed):
                return [(int(m.group(1)), int(m.group(2)), m.group(3)) for m in typed if m]
            return [(int(s["start"]), int(s["end"]), GENERIC) for s in item.get("spans", [])]
        return [(int(item["start"]), int(item["end"]), str(item.get("type", GENERIC)))]
    if hasattr(item, "entity_type") and hasattr(item, "start"):  # Presidio result, pii Entity
        return [(int(item.start), int(item.end), str(item.entity_type))]
    if hasattr(item, "type") and hasattr(item, "start"):
        return [(int(item.start), int(item.end), str(item.type))]
    if isinstance(item, tuple | list) and len(item) in (2, 3):
        return [(int(item[0]), int(item[1]), str(item[2]) if len(item) == 3 else GENERIC)]
    raise TypeError(f"cannot redact {type(item).__name__}: expected findings, a Result, spans or (start, end[, type])")


def redact(text: str, findings_or_spans: Result | Iterable[Any]) -> str:
    """``text`` with every personal-data span replaced by a placeholder."""
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    items = [findings_or_spans] if isinstance(findings_or_spans, Result) else list(findings_or_spans)
    spans = [s for item in items for s in _spans_of(item)]
    for start, end, _ in spans:
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}:{end} is outside the text (length {len(text)})")
    if not spans:
        return text
    results = [RecognizerResult(entity_type=t, start=a, end=b, score=1.0) for a, b, t in spans]
    operators = {t: OperatorConfig("replace", {"new_value": placeholder(t)}) for _, _, t in spans}
    return AnonymizerEngine().anonymize(text=text, analyzer_results=results, operators=operators).text
