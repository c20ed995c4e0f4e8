"""The checker's trained models: small calibrated linear models over hashed n-grams.

Each model is ``NAME.npz`` (arrays) + ``NAME.json`` (labels, threshold, figures) with a
model card ``NAME.md``; ``vectoriser.npz`` holds the IDF weights that all models share.
``make train`` rebuilds them all from ``../shared/data`` (see ``training/``).

    from councilguard.checker.models import load_model, predict
    predict("offensive", "You absolute clown")   # {"NOT": 0.1, "OFF": 0.9}

Models load on first use and stay loaded for the life of the process. Featurising a
text is the costly part, so ``weighted_features`` keeps the result in a per-draft cache
that every rule scoring the same sentence shares.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from . import features
from .linear import LinearTextModel, ModelError, load

MODELS_DIR = Path(__file__).resolve().parent

__all__ = [
    "MODELS_DIR", "LinearTextModel", "ModelError", "available", "load_model", "predict",
    "weighted_features", "idf", "vectoriser",
]  # fmt: skip

# Re-entrant: loading a model loads the vectoriser under the same lock.
_lock = threading.RLock()
_models: dict[str, LinearTextModel] = {}
_vectoriser: tuple[np.ndarray, np.ndarray] | None = None


def available() -> list[str]:
    """Names of the shipped models."""
    return sorted(p.stem for p in MODELS_DIR.glob("*.json"))


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


def weighted_features(text: str, cache: dict[str, object] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """TF-IDF features of ``text``; with ``cache`` (a draft's ``Analysis.cache``) each
    distinct text is featurised once per draft, however many rules score it."""
    key = "models.features:" + text
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    seen, weights = vectoriser()
    positions, indices, tf = features.select(*features.counts(text), seen)
    result = (positions, features.weigh(indices, tf, weights[positions]))
    if cache is not None:
        cache[key] = result
    return result


def predict(name: str, text: str, cache: dict[str, object] | None = None) -> dict[str, float]:
    """Calibrated probability of each of the model's labels for ``text``."""
    model = load_model(name)
    key = f"models.proba:{name}:{text}"
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    proba = model.proba_weighted(*weighted_features(text, cache))
    if cache is not None:
        cache[key] = proba
    return proba
