"""Detector type ``pattern``: regular expressions, for shapes a word list cannot hold
(shouting in capitals, "!!!", a promoter's imprint, a case reference).

params: patterns (required), scope, unless, confidence, as for ``lexicon``; and
``min_matches`` (default 1): how many matches it takes (one "!!!" is exuberance).
"""

from __future__ import annotations

from typing import Any

from ..text import Analysis
from . import lexicon
from .base import Hit, check_keys

KEYS = {"patterns", "scope", "unless", "confidence", "min_matches", "case_sensitive"}


def validate(params: dict[str, Any]) -> list[str]:
    problems = check_keys(params, KEYS, {"patterns"})
    inner = {k: v for k, v in params.items() if k != "min_matches"}
    return problems + [p for p in lexicon.validate(inner) if p not in problems]


def detect(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    inner = {k: v for k, v in params.items() if k != "min_matches"}
    hits = lexicon.detect(analysis, inner)
    if hits and len(hits[0].spans) < int(params.get("min_matches", 1)):
        return []
    return hits
