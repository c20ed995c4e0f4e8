"""The checker's trained models: small calibrated linear models over hashed n-grams,
and a fine-tuned transformer that refines one of them.

Each model is ``NAME.npz`` (arrays) + ``NAME.json`` (labels, threshold, figures) with a
model card ``NAME.md``; ``vectoriser.npz`` holds the IDF weights that all models share.
``make train`` rebuilds them all from ``../shared/data`` (see ``training/``).

    from councilguard.checker.models import load_model, predict
    predict("offensive", "You absolute clown")   # {"NOT": 0.1, "OFF": 0.9}

Models load on first use and stay loaded for the life of the process. Featurising a
text is the costly part, so ``weighted_features`` keeps the result in a per-draft cache
that every rule scoring the same sentence shares.

A *refiner* is a fine-tuned transformer shipped in a folder of its own whose
``meta.json`` says ``"refines": NAME``. It is a cascade, not a second opinion: the linear
model screens every text in microseconds, and a text whose linear P(positive) reaches the
refiner's ``screen`` is scored again by the transformer, whose calibrated probability,
mixed with the linear one in the proportion ``blend`` chosen at training time, then
stands. Below the screen the linear probability stands (it is small by construction).
The cascade is what ``make eval`` measures, so the published figures are the checker's.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from . import encoder, features, heads
from .linear import LinearTextModel, ModelError, load
from .transformer import TransformerModel

MODELS_DIR = Path(__file__).resolve().parent

__all__ = [
    "MODELS_DIR", "LinearTextModel", "ModelError", "available", "load_model", "predict",
    "weighted_features", "featurise", "idf", "vectoriser", "refiner", "decision_threshold", "prefetch", "forget_loaded",
    "upper_bound", "HEADS", "rule_heads", "head_threshold", "head_scores",
]  # fmt: skip

# The one model with a head per rule (heads.py): scored through ``predict`` like any
# other, its labels are rule ids and each label's probability stands on its own.
HEADS = heads.NAME

# Re-entrant: loading a model loads the vectoriser under the same lock.
_lock = threading.RLock()
_models: dict[str, LinearTextModel] = {}
_vectoriser: tuple[np.ndarray, np.ndarray] | None = None
_seen_columns: features.SeenColumns | None = None
_refiners: dict[str, TransformerModel | None] = {}


def available() -> list[str]:
    """Names of the shipped linear models (the rule heads are ``rule_heads()``)."""
    return sorted(p.stem for p in MODELS_DIR.glob("*.json") if p.stem != heads.NAME)


def _refiner_dirs() -> dict[str, Path]:
    found = {}
    for meta_path in MODELS_DIR.glob("*/meta.json"):
        refines = json.loads(meta_path.read_text(encoding="utf-8")).get("refines")
        if refines:
            found[str(refines)] = meta_path.parent
    return found


def forget_loaded() -> None:
    """Drop every loaded model, so the next use reads the files again (for training)."""
    global _vectoriser, _seen_columns
    with _lock:
        _models.clear()
        _refiners.clear()
        heads.forget()
        _vectoriser = _seen_columns = None


def refiner(name: str) -> TransformerModel | None:
    """The transformer that refines model ``name``, or None when none is shipped."""
    if name not in _refiners:
        with _lock:
            if name not in _refiners:
                directory = _refiner_dirs().get(name)
                _refiners[name] = TransformerModel.from_directory(directory) if directory else None
    return _refiners[name]


def decision_threshold(name: str) -> float:
    """The probability at which model ``name`` (with its refiner, if any) says the
    positive label: the refiner's threshold when there is one (it decides every text
    that could reach it), else the linear model's own; 0.5 for a multi-class model."""
    if name == HEADS:
        return 0.5
    model = load_model(name)
    if not model.binary:
        return 0.5
    ref = refiner(name)
    return ref.threshold if ref is not None else model.threshold


def rule_heads() -> heads.RuleHeads:
    """The rule heads (loaded on first use)."""
    return heads.loaded(MODELS_DIR)


def head_threshold(rule: str) -> float:
    """The probability at which the head for ``rule`` says the sentence breaches it."""
    return rule_heads().thresholds[rule]


def _counted(text: str, cache: dict[str, object] | None) -> tuple[np.ndarray, np.ndarray]:
    key = "models.counts:" + text
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    counted = features.counts(text)
    if cache is not None:
        cache[key] = counted
    return counted


def _heads_row(text: str, cache: dict[str, object] | None) -> np.ndarray:
    """Every head's P(breach) for ``text``, in ``rule_heads().rules`` order: one product
    per text, shared through the draft's cache by every rule that reads it."""
    key = "models.heads:" + text
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    model = rule_heads()
    encoded = model.encode_ngrams(_counted(text, cache)) if model.reads_ngrams else None
    embedding = _embedded(text, cache) if model.reads_embeddings else None
    row = model.proba(encoded, embedding)
    if cache is not None:
        cache[key] = row
    return row


def _heads_proba(text: str, cache: dict[str, object] | None) -> dict[str, float]:
    return dict(zip(rule_heads().rules, map(float, _heads_row(text, cache)), strict=True))


def head_scores(texts: list[str], rule: str, cache: dict[str, object]) -> list[float]:
    """The head for ``rule``'s P(breach) for each text. A long e-mail's thirty sentences
    are read by fifteen heads: each sentence is encoded and scored by all of them once,
    and each rule then reads its column (a look-up, not a dictionary per rule)."""
    model = rule_heads()
    column = model.index[rule]
    prefetch_heads(texts, cache)
    return [float(_heads_row(text, cache)[column]) for text in texts]


def _embedded(text: str, cache: dict[str, object] | None) -> np.ndarray:
    key = "models.embedding:" + text
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    return encoder.shared().embed([text])[0]


def prefetch_heads(texts: list[str], cache: dict[str, object]) -> None:
    """Embed every text the rule heads will score in one batch: the sentence encoder
    reads a draft's sentences together, once for every rule (n-grams need no batch)."""
    model = rule_heads()
    if not model.reads_embeddings:
        return
    missing = [t for t in dict.fromkeys(texts) if "models.embedding:" + t not in cache]
    if len(missing) < 2:
        return  # one text costs the same on its own, when it is scored
    for text, vector in zip(missing, encoder.shared().embed(missing), strict=True):
        cache["models.embedding:" + text] = vector


def vectoriser() -> tuple[np.ndarray, np.ndarray]:
    """The hashed columns seen in training (sorted) and their IDF weights."""
    global _vectoriser
    if _vectoriser is None:
        with _lock:
            path = MODELS_DIR / "vectoriser.npz"
            if not path.exists():
                raise ModelError(f"{path} is missing (run `make train`)")
            with np.load(path, allow_pickle=False) as arrays:
                if int(arrays["version"]) != features.VERSION:
                    raise ModelError("vectoriser.npz was built for another featuriser: run `make train`")
                _vectoriser = (arrays["seen"], arrays["idf"].astype(np.float32))
    return _vectoriser


def idf() -> np.ndarray:
    return vectoriser()[1]


def load_model(name: str) -> LinearTextModel:
    model = _models.get(name)
    if model is None:
        with _lock:
            model = _models.get(name) or load(MODELS_DIR, name, len(vectoriser()[0]))
            _models[name] = model
    return model


def seen_columns() -> features.SeenColumns:
    global _seen_columns
    if _seen_columns is None:
        with _lock:
            if _seen_columns is None:
                _seen_columns = features.SeenColumns(vectoriser()[0])
    return _seen_columns


def _weighted(counted: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    # The bitmap costs some tens of milliseconds to build: a one-off check of a post
    # (the CLI's cold start) searches the sorted columns instead, with the same result.
    positions, indices, tf = features.select(*counted, _seen_columns or vectoriser()[0])
    return positions, features.weigh(indices, tf, idf()[positions])


def weighted_features(text: str, cache: dict[str, object] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """TF-IDF features of ``text``; with ``cache`` (a draft's ``Analysis.cache``) each
    distinct text is featurised once per draft, however many rules score it."""
    key = "models.features:" + text
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    result = _weighted(_counted(text, cache))
    if cache is not None:
        cache[key] = result
    return result


def featurise(texts: list[str], cache: dict[str, object]) -> None:
    """Put the features of every text not yet featurised into ``cache``, in one batch
    (features.counts_many): the sentences of a long e-mail cost far less together."""
    missing = [t for t in dict.fromkeys(texts) if "models.features:" + t not in cache]
    if len(missing) < 2:
        return  # one text is as cheap on its own, when it is scored
    seen_columns()
    uncounted = [t for t in missing if "models.counts:" + t not in cache]
    for text, counted in zip(uncounted, features.counts_many(uncounted), strict=True):
        cache["models.counts:" + text] = counted
    for text in missing:
        cache["models.features:" + text] = _weighted(cache["models.counts:" + text])  # type: ignore[arg-type]


def _linear(name: str, text: str, cache: dict[str, object] | None) -> dict[str, float]:
    key = f"models.linear:{name}:{text}"
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    proba = load_model(name).proba_weighted(*weighted_features(text, cache))
    if cache is not None:
        cache[key] = proba
    return proba


def _blended(ref: TransformerModel, refined: np.ndarray, linear: dict[str, float]) -> dict[str, float]:
    """The refiner's probabilities mixed with the linear model's, in the proportion
    chosen at training time (``blend``: the linear model's share)."""
    return {
        label: float((1 - ref.blend) * p + ref.blend * linear[label])
        for label, p in zip(ref.labels, refined, strict=True)
    }


def prefetch(name: str, texts: list[str], cache: dict[str, object]) -> None:
    """Score ``texts`` with model ``name`` into ``cache`` at once: the texts that pass the
    screen go to the refiner in one call, each scored on its own (see
    TransformerModel.logits)."""
    ref = refiner(name)
    if ref is None:
        return
    positive = ref.labels[-1]
    waiting = [
        t for t in dict.fromkeys(texts)
        if f"models.proba:{name}:{t}" not in cache and _linear(name, t, cache)[positive] >= ref.screen
    ]  # fmt: skip
    for text, row in zip(waiting, ref.proba(waiting) if waiting else [], strict=True):
        cache[f"models.proba:{name}:{text}"] = _blended(ref, row, _linear(name, text, cache))


def upper_bound(name: str, text: str, labels: list[str], cache: dict[str, object] | None = None) -> float:
    """The most that ``predict(name, text)`` could give ``labels`` together, knowing only
    the linear model's score: exact below the refiner's screen, and above it
    (1 - blend) + blend × the linear probability. Costs no transformer call."""
    linear = _linear(name, text, cache)
    ref = refiner(name)
    share = sum(linear[x] for x in labels)
    if ref is None or linear[ref.labels[-1]] < ref.screen:
        return share
    if f"models.proba:{name}:{text}" in (cache or {}):
        return sum(predict(name, text, cache)[x] for x in labels)
    return min(1.0, (1 - ref.blend) + ref.blend * share)


def predict(name: str, text: str, cache: dict[str, object] | None = None) -> dict[str, float]:
    """Calibrated probability of each of the model's labels for ``text`` (through the
    refiner when the linear model's score reaches its screen)."""
    if name == HEADS:
        return _heads_proba(text, cache)
    key = f"models.proba:{name}:{text}"
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    proba = _linear(name, text, cache)
    ref = refiner(name)
    if ref is not None and proba[ref.labels[-1]] >= ref.screen:
        proba = _blended(ref, ref.proba([text])[0], proba)
    if cache is not None:
        cache[key] = proba
    return proba
