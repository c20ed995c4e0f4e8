"""Detector type ``lexicon``: words and phrases from the rule or the pack's word lists.

params: terms, lexicons, obfuscation, scope (see matching.py); ``unless``: a spec
whose match in the same sentence cancels the hit ("not for publication" in a question
about what the phrase means); ``confidence`` (default 0.9).
"""

from __future__ import annotations

from typing import Any

from ..text import Analysis
from . import matching
from .base import Hit, check_keys

KEYS = {
    "terms", "lexicons", "obfuscation", "scope", "unless", "confidence", "patterns",
    "case_sensitive",
}  # fmt: skip


def validate(params: dict[str, Any]) -> list[str]:
    problems = check_keys(params, KEYS)
    spec = {k: v for k, v in params.items() if k in matching.SPEC_KEYS}
    problems += matching.validate_spec(spec)
    if "unless" in params:
        problems += matching.validate_spec(params["unless"], "unless")
    return problems


def detect(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    spec = {k: v for k, v in params.items() if k in matching.SPEC_KEYS}
    hits = matching.find(analysis, spec)
    if not hits:
        return []
    cancels = matching.find(analysis, params["unless"], "all") if "unless" in params else []
    kept = []
    for start, end, term in hits:
        sentence = analysis.sentence_of(start)
        if matching.within(cancels, *sentence):
            continue
        kept.append((start, end, term))
    if not kept:
        return []
    return [
        Hit(
            spans=[(s, e) for s, e, _ in kept],
            confidence=float(params.get("confidence", 0.9)),
            evidence={"matched": sorted({t for _, _, t in kept})},
        )
    ]
