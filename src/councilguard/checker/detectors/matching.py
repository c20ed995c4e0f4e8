"""Match specs: the small vocabulary that lexicon, pattern and composite rules share.

A spec is a mapping with any of ``terms`` (words and phrases), ``lexicons`` (names of
the pack's shared word lists), ``patterns`` (regular expressions on the folded text)
and ``obfuscation`` (also read sh1t, b@stard, f*ck); ``case_sensitive`` matches the
patterns on the original text rather than the folded one (capitals, proper names).
``scope`` picks which part of the draft is read: ``own`` (default: the author's words,
not quoted replies or the signature), ``written`` (the author's words and signature: what
the member wrote and sends), ``sent`` (everything but the signature) or ``all``.
"""

from __future__ import annotations

from typing import Any

from .. import terms as term_lib
from ..patterns import linear_safety
from ..text import Analysis

SPEC_KEYS = {"terms", "lexicons", "patterns", "obfuscation", "scope", "case_sensitive"}
SCOPES = ("own", "written", "sent", "all")


def validate_spec(spec: Any, where: str = "") -> list[str]:
    prefix = f"{where}: " if where else ""
    if not isinstance(spec, dict):
        return [f"{prefix}expected a mapping"]
    problems = [f"{prefix}unknown key {k!r}" for k in sorted(set(spec) - SPEC_KEYS)]
    if not any(spec.get(k) for k in ("terms", "lexicons", "patterns")):
        problems.append(f"{prefix}needs terms, lexicons or patterns")
    for key in ("terms", "lexicons", "patterns"):
        value = spec.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(f"{prefix}{key} must be a list of strings")
    patterns = spec.get("patterns") or []
    for i, pattern in enumerate(patterns if isinstance(patterns, list) else []):
        problem = linear_safety(pattern) if isinstance(pattern, str) else None
        if problem:
            problems.append(f"{prefix}patterns[{i}] {pattern!r} {problem}")
    if spec.get("scope", "own") not in SCOPES:
        problems.append(f"{prefix}scope must be one of {', '.join(SCOPES)}")
    return problems


def find(analysis: Analysis, spec: dict[str, Any], scope: str | None = None) -> list[tuple[int, int, str]]:
    """Every (start, end, what-matched) for a spec, in original-text offsets.

    Remembered per draft: a rule's vetoes are read again by its learned route, and
    several rules share a spec, so a long e-mail asked 71 questions of which 44 were
    distinct. The cache keeps the spec itself beside the answer, so a spec that
    is garbage-collected cannot hand its id, and its answer, to another."""
    scope = scope or spec.get("scope", "own")
    key = f"matching.find:{id(spec)}:{scope}"
    cached = analysis.cache.get(key)
    if isinstance(cached, tuple) and cached[0] is spec:
        return list(cached[1])
    hits = _find(analysis, spec, scope)
    analysis.cache[key] = (spec, hits)
    return list(hits)


def _find(analysis: Analysis, spec: dict[str, Any], scope: str) -> list[tuple[int, int, str]]:
    hits: list[tuple[int, int, str]] = []
    words = term_lib.expand(spec, analysis.protocol)
    if words:
        matcher = term_lib.compiled(words, bool(spec.get("obfuscation", False)))
        hits.extend(matcher.find(analysis, scope))
    patterns = tuple(spec.get("patterns") or ())
    if patterns:
        case_sensitive = bool(spec.get("case_sensitive", False))
        hits.extend(term_lib.find_patterns(analysis, patterns, scope, case_sensitive))
    return sorted(set(hits))


def within(hits: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    return [h for h in hits if start <= h[0] < end]


def find_in_text(text: str, spec: dict[str, Any], protocol: Any = None) -> list[tuple[int, int, str]]:
    """Match a spec against a string that is not the draft's body (a bio, a subject)."""
    from ..draft import Draft

    return find(Analysis(Draft(text=text), protocol), spec, "all")
