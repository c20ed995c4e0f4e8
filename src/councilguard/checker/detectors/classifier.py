"""Detector type ``classifier``: a trained model's calibrated probability for a label.

params:
  model:     a shipped model (councilguard/checker/models/NAME.json)
  label:     the label (or list of labels, whose probabilities add up) that fires
  threshold: fire at or above this probability (default: the model's own threshold,
             chosen on held-out training scores; 0.5 for a multi-class model)
  clear:     at or above this the hit's ``score_band`` fact is ``clear``, below it
             ``borderline`` (default 0.85), so a rule can warn on borderline scores
             and block only clear ones
  given:     ``{MODEL: LABEL or [LABELS]}``: models this one is conditional on (the
             target model reads only targeted offensive text): the score becomes the
             product, P(OFF) × P(TIN | OFF) × P(IND | TIN)
  scope:     own (default), written, sent or all (see matching.py)
  canonical: score the canonical form of the text (canonical.py: "h a t e", tw@t and
             emoji read as words) instead of the text as written (default false)

The rule heads (``model: rule-heads``, one head per rule, see models/heads.py) take the
rule id as ``label``; their thresholds and ``clear`` default to those chosen for that
head at training time, and their hits say ``head_band`` (not ``score_band``), which the
engine never lets block when ``borderline``.

Short texts (up to ``SHORT`` characters: a tweet) are scored whole, as the models were
trained, and the hit points at the sentences that score highest. Longer texts are scored
sentence by sentence, so a spiteful line in a long e-mail is found and pointed at. The
hit's confidence is the calibrated probability: 0.8 means eight in ten such texts carry
the label in held-out data (see the reliability table in docs/evaluation.md).
"""

from __future__ import annotations

import json
from typing import Any

from .. import models
from ..intervals import Overlaps
from ..text import Analysis
from .base import Hit, Within, check_keys

KEYS = {"model", "label", "threshold", "clear", "given", "scope", "canonical"}
SHORT = 300


def _labels_of(name: str) -> list[str] | None:
    path = models.MODELS_DIR / f"{name}.json"
    if not path.exists():
        return None
    return list(json.loads(path.read_text(encoding="utf-8"))["labels"])


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def validate(params: dict[str, Any]) -> list[str]:
    problems = check_keys(params, KEYS, {"model", "label"})
    wanted = {params.get("model"): params.get("label")}
    given = params.get("given") or {}
    if not isinstance(given, dict):
        problems.append("given must map model names to labels")
        given = {}
    wanted.update(given)
    for name, label in wanted.items():
        if name is None:
            continue
        labels = _labels_of(str(name))
        if labels is None:
            problems.append(f"unknown model {name!r} (shipped: {', '.join(models.available())})")
        elif label is not None and any(x not in labels for x in _as_list(label)):
            problems.append(f"model {name!r} has no label {label!r} (labels: {', '.join(labels)})")
    for key in ("threshold", "clear"):
        value = params.get(key)
        if value is not None and not (isinstance(value, int | float) and 0 <= value <= 1):
            problems.append(f"{key} must be a probability between 0 and 1")
    if params.get("scope", "own") not in ("own", "written", "sent", "all"):
        problems.append("scope must be one of own, written, sent, all")
    if not isinstance(params.get("canonical", False), bool):
        problems.append("canonical must be true or false")
    return problems


def score(analysis: Analysis, text: str, params: dict[str, Any], floor: float = 0.0, refine: bool = True) -> float:
    """P(label) for ``text``, times the probabilities of the ``given`` conditions.

    The linear models cost microseconds and a refined model (a transformer) milliseconds,
    so the refined factors come last and each is asked only when the product could still
    reach ``floor``: otherwise the figure returned is an upper bound that is below
    ``floor`` (so a hit never depends on it). ``refine=False`` returns that bound
    without asking any transformer."""
    cache = analysis.cache
    chain = {**(params.get("given") or {}), params["model"]: params["label"]}
    probability = 1.0
    refined = []
    for name, label in chain.items():
        if models.refiner(name) is None:
            probability *= sum(models.predict(name, text, cache)[x] for x in _as_list(label))
        else:
            refined.append((name, _as_list(label)))
    for name, labels in refined:
        bound = probability * models.upper_bound(name, text, labels, cache)
        if not refine or bound < floor:
            probability = bound
            continue
        probability *= sum(models.predict(name, text, cache)[x] for x in labels)
    return probability


def _sentences_in(analysis: Analysis, ranges: list[tuple[int, int]], within: Within) -> list[tuple[int, int]]:
    found = []
    windows = None if within is None else Overlaps(within)
    for start, end in analysis.sentences:
        if windows is not None and not windows.any(start, end):
            continue
        for a, b in ranges:
            lo, hi = max(start, a), min(end, b)
            if lo < hi and analysis.text[lo:hi].strip():
                found.append((lo, hi))
    return found


def _reader(analysis: Analysis, canonical: bool):  # noqa: ANN202
    """The text of an original range as the model should read it."""
    if not canonical:
        return lambda a, b: analysis.text[a:b]
    canon = analysis.canonical
    return canon.slice


def _scores(analysis: Analysis, texts: list[str], params: dict[str, Any], threshold: float) -> list[float]:
    """``score`` for each text: for the rule heads, one look-up each in the draft's table
    of every head's score (models.head_scores); for other models, the screen and the
    refiners in one call each, as ``score`` describes."""
    if params["model"] == models.HEADS and not params.get("given"):
        return models.head_scores(texts, params["label"], analysis.cache)
    models.featurise(texts, analysis.cache)
    # The texts that could reach the threshold go to each refiner in one call.
    candidates = [t for t in texts if score(analysis, t, params, threshold, refine=False) >= threshold]
    for chained in {**(params.get("given") or {}), params["model"]: None}:
        models.prefetch(chained, candidates, analysis.cache)
    return [score(analysis, t, params, threshold) for t in texts]


def _scored(
    analysis: Analysis, sentences: list[tuple[int, int]], read: Any, params: dict[str, Any], threshold: float
) -> list[tuple[float, int, int]]:
    """(score, start, end) for each sentence, read as the model should read it."""
    scores = _scores(analysis, [read(a, b) for a, b in sentences], params, threshold)
    return [(p, a, b) for p, (a, b) in zip(scores, sentences, strict=True)]


def detect(analysis: Analysis, params: dict[str, Any], within: Within = None) -> list[Hit]:
    """``within``: the windows a composite rule can still match in (see composite.py);
    a long text is scored only there. A short one is scored whole all the same."""
    ranges = analysis.ranges(params.get("scope", "own"))
    if not ranges:
        return []
    name = params["model"]
    is_heads = name == models.HEADS
    threshold = params.get("threshold")
    if threshold is None:
        threshold = models.head_threshold(params["label"]) if is_heads else models.decision_threshold(name)
    threshold = float(threshold)
    read = _reader(analysis, bool(params.get("canonical", False)))
    own_text = " ".join(read(a, b).strip() for a, b in ranges)
    whole = len(own_text) <= SHORT
    sentences = _sentences_in(analysis, ranges, None if whole else within)
    if not sentences:
        return []
    if whole:
        confidence = _scores(analysis, [own_text], params, threshold)[0]
        if confidence < threshold:
            return []
        # Point at the sentences that carry the score, or the one that carries most.
        scored = _scored(analysis, sentences, read, params, threshold)
        spans = [(a, b) for p, a, b in scored if p >= threshold] or [max(scored)[1:]]
    else:
        scored = _scored(analysis, sentences, read, params, threshold)
        spans = [(a, b) for p, a, b in scored if p >= threshold]
        if not spans:
            return []
        confidence = max(p for p, _, _ in scored)
    default_clear = models.rule_heads().card["clear"][params["label"]] if is_heads else 0.85
    clear = float(params.get("clear", default_clear))
    label = params["label"]
    band = "head_band" if is_heads else "score_band"
    return [
        Hit(
            spans=sorted(spans),
            confidence=round(confidence, 3),
            facts={
                "model": name,
                "label": label if isinstance(label, str) else "/".join(label),
                "score": round(confidence, 2),
                band: "clear" if confidence >= clear else "borderline",
            },
            evidence={"model_scores": {name: round(confidence, 3)}},
        )
    ]
