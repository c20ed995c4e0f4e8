"""Detector type ``composite``: several signals that only mean something together.

Defamation risk is an identifiable person *and* an allegation of wrongdoing stated as
fact; predetermination is a pending quasi-judicial matter *and* a closed-mind stance.
Each item is a match spec (see matching.py) or ``{detector: TYPE, params: {...}}``,
and may carry ``fact: {...}`` that a severity condition can test when it matches. An
item may itself be a composite, so a rule can say "A, or B together with C".

params:
  all:    items that must all match within the window
  any:    items of which at least one must match within the window; each that does
          makes a hit of its own, with its own facts and spans
  none:   items that must not match within the window (hedges, questions, negations)
  window: ``sentence`` (default), ``neighbours`` (a sentence with the one before it: "it"
          in the second often means the matter named in the first) or ``text``
  confidence: the hit's confidence (default: the lowest of the items that matched)

Items are read in order, cheapest first by convention (word lists before models): once
the ``all`` items read so far leave only some windows where the rule could still match,
a model item (``classifier``, or a nested composite) scores only those windows. The
result is the same as scoring everything; the cost is a few sentences, not the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..intervals import Overlaps, Positions
from ..text import Analysis
from . import matching
from .base import Hit, Within, check_keys

KEYS = {"all", "any", "none", "window", "confidence", "scope"}
WINDOWS = ("sentence", "neighbours", "text")
# Detector types whose detect() takes ``within`` (see the module docstring).
NARROWABLE = frozenset({"classifier", "composite"})


@dataclass
class _Match:
    start: int | None  # None: a context signal that holds for the whole draft
    end: int | None
    confidence: float
    facts: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)


def _items(params: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    return [(group, i, item) for group in ("all", "any", "none") for i, item in enumerate(params.get(group) or [])]


def validate(params: dict[str, Any]) -> list[str]:
    from . import DETECTORS

    problems = check_keys(params, KEYS)
    if not params.get("all") and not params.get("any"):
        problems.append("needs 'all' or 'any'")
    if params.get("window", "sentence") not in WINDOWS:
        problems.append(f"window must be one of {', '.join(WINDOWS)}")
    for group, i, item in _items(params):
        where = f"{group}[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        item = {k: v for k, v in item.items() if k != "fact"}
        if "detector" in item:
            name = item["detector"]
            if name not in DETECTORS:
                problems.append(f"{where}: unknown detector {name!r}")
            else:
                problems += [f"{where}: {p}" for p in DETECTORS[name].validate(item.get("params") or {})]
        else:
            problems += matching.validate_spec(item, where)
    return problems


def _matches(analysis: Analysis, item: dict[str, Any], scope: str, within: Within = None) -> list[_Match]:
    from . import DETECTORS

    fact = dict(item.get("fact") or {})
    if "detector" in item:
        out = []
        detector, params = DETECTORS[item["detector"]], item.get("params") or {}
        narrowed = within is not None and item["detector"] in NARROWABLE
        for hit in detector.detect(analysis, params, within=within) if narrowed else detector.detect(analysis, params):
            facts = {**hit.facts, **fact}
            if not hit.spans:
                out.append(_Match(None, None, hit.confidence, facts, hit.evidence))
            for start, end in hit.spans:
                out.append(_Match(start, end, hit.confidence, facts, hit.evidence))
        return out
    # The item itself is the spec (matching.find reads no "fact"): the same object each
    # time, so the draft's cache of matches serves every rule that shares it.
    return [
        _Match(s, e, 1.0, fact, {"matched": [t]}) for s, e, t in matching.find(analysis, item, item.get("scope", scope))
    ]


def _windows(analysis: Analysis, window: str) -> list[tuple[int, int]]:
    sentences = analysis.sentences
    if window == "text" or not sentences:
        return [(0, len(analysis.text))]
    if window == "neighbours":
        return [(sentences[max(i - 1, 0)][0], end) for i, (_, end) in enumerate(sentences)]
    return sentences


def _narrow(windows: list[tuple[int, int]], found: list[_Match], within: Within) -> Within:
    """The windows (within ``within``) that hold one of ``found``."""
    if any(m.start is None for m in found):
        return within  # a draft-level signal holds in every window
    starts = Positions([m.start for m in found if m.start is not None])
    kept = [(a, b) for a, b in windows if starts.any(a, b)]
    if within is None:
        return kept
    overlaps = Overlaps(within)
    return [(a, b) for a, b in kept if overlaps.any(a, b)]


class _Found:
    """One item's matches, looked up by window: a long draft has thousands of windows
    and matches, and reading every match for every window was quadratic (issue 11)."""

    def __init__(self, matches: list[_Match]) -> None:
        self.matches = matches
        self._everywhere = [i for i, m in enumerate(matches) if m.start is None]
        self._placed = [i for i, m in enumerate(matches) if m.start is not None]
        self._starts = Positions([m.start for m in matches if m.start is not None])

    def inside(self, start: int, end: int) -> list[_Match]:
        """The matches that start in [start, end), and the draft-level signals, in the
        order the item found them."""
        indices = [self._placed[k] for k in self._starts.indices(start, end)]
        if self._everywhere:
            indices = sorted(indices + self._everywhere)
        return [self.matches[i] for i in indices]

    def any_inside(self, start: int, end: int) -> bool:
        return bool(self._everywhere) or self._starts.any(start, end)


def detect(analysis: Analysis, params: dict[str, Any], within: Within = None) -> list[Hit]:
    scope = params.get("scope", "own")
    window = params.get("window", "sentence")
    windows = _windows(analysis, window)
    # Narrowing is exact only where windows are sentences or sentence pairs.
    candidates: Within = None if window == "text" else within
    groups: dict[str, list[list[_Match]]] = {"all": [], "any": [], "none": []}
    for group, _, item in _items(params):
        found = _matches(analysis, item, scope, candidates)
        if group == "all" and not found:
            return []  # cheap exit: a required signal is absent from the whole draft
        groups[group].append(found)
        if group == "all" and window != "text":
            candidates = _narrow(windows, found, candidates)
            if not candidates and candidates is not None:
                return []
    if groups["any"] and not any(groups["any"]):
        return []
    required = [_Found(found) for found in groups["all"]]
    optional = [_Found(found) for found in groups["any"]]
    excluded = [_Found(found) for found in groups["none"]]
    hits = []
    for start, end in windows:
        used: list[_Match] = []
        ok = True
        for signal in required:
            inside = signal.inside(start, end)
            if not inside:
                ok = False
                break
            used.extend(inside)
        if not ok:
            continue
        if any(signal.any_inside(start, end) for signal in excluded):
            continue
        if not optional:
            hits.append(_hit(used, params))
            continue
        # Each ``any`` signal that holds is a hit of its own (with the ``all`` signals):
        # merged, one signal's facts and spans spoke for another's, so a word-list hit
        # inside a quotation was not "quoted" once a model scored the whole sentence.
        for signal in optional:
            inside = signal.inside(start, end)
            if inside:
                hits.append(_hit(used + inside, params))
    return hits


def _hit(used: list[_Match], params: dict[str, Any]) -> Hit:
    facts: dict[str, Any] = {}
    evidence: dict[str, Any] = {}
    for m in used:
        facts.update(m.facts)
        for key, value in m.evidence.items():
            if isinstance(value, list):
                evidence.setdefault(key, [])
                evidence[key] = sorted(set(evidence[key]) | set(map(str, value)))
            else:
                evidence[key] = value
    spans = sorted({(m.start, m.end) for m in used if m.start is not None and m.end is not None})
    confidence = float(params.get("confidence", min((m.confidence for m in used), default=1.0)))
    return Hit(spans=spans, confidence=confidence, facts=facts, evidence=evidence)
