"""A calibrated linear text model, scored with numpy alone.

The shipped files are plain arrays (``.npz``, loaded with ``allow_pickle=False``) and a
JSON description, so loading a model can never run code. Scoring is the few lines that
scikit-learn would run for a LogisticRegression on TF-IDF features, followed by the
calibration map fitted on out-of-fold scores at training time:

    z = scale * (coef · x) + intercept   (one row per class, one for a binary model;
                                        coef is int8, scale its per-row step)
    p = calibrate(z)                  (sigmoid for binary, softmax for several classes)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import features


class ModelError(Exception):
    """A model file that is missing, damaged or built for another featuriser."""


@dataclass
class LinearTextModel:
    name: str
    labels: list[str]
    coef: np.ndarray  # (k, columns seen in training) int8; k = 1 for a binary model
    scale: np.ndarray  # (k,) float32: a row's weights are coef * scale
    intercept: np.ndarray  # (k,)
    cal_coef: np.ndarray  # (k_out, k) calibration map on the raw scores
    cal_intercept: np.ndarray  # (k_out,)
    threshold: float  # default decision threshold for the positive label (binary models)
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def binary(self) -> bool:
        return len(self.labels) == 2

    def raw_scores(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        # A gather and a dot product per class: microseconds, whatever the vocabulary.
        return (self.coef[:, indices].astype(np.float32) @ values) * self.scale + self.intercept

    def calibrated(self, z: np.ndarray) -> np.ndarray:
        """Probabilities over ``labels`` from raw scores (rows of z are texts)."""
        z = np.atleast_2d(z)
        logits = z @ self.cal_coef.T + self.cal_intercept
        if self.binary:
            positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1)
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def proba_weighted(self, indices: np.ndarray, values: np.ndarray) -> dict[str, float]:
        """Calibrated probability of each label for one featurised, weighted text."""
        probs = self.calibrated(self.raw_scores(indices, values))[0]
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}


def save(directory: Path, model: LinearTextModel) -> None:
    """Write ``NAME.npz`` (arrays) and ``NAME.json`` (labels, threshold, card facts)."""
    np.savez_compressed(
        directory / f"{model.name}.npz",
        coef=model.coef.astype(np.int8),
        scale=model.scale.astype(np.float32),
        intercept=model.intercept.astype(np.float32),
        cal_coef=model.cal_coef.astype(np.float32),
        cal_intercept=model.cal_intercept.astype(np.float32),
    )
    meta = {
        "name": model.name,
        "labels": model.labels,
        "threshold": model.threshold,
        "features_version": features.VERSION,
        **model.card,
    }
    (directory / f"{model.name}.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def load(directory: Path, name: str, columns: int) -> LinearTextModel:
    meta_path, arrays_path = directory / f"{name}.json", directory / f"{name}.npz"
    if not meta_path.exists() or not arrays_path.exists():
        raise ModelError(f"model {name!r} is not shipped in {directory} (run `make train`)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("features_version") != features.VERSION:
        raise ModelError(
            f"model {name!r} was trained on features v{meta.get('features_version')}, "
            f"the checker builds v{features.VERSION}: run `make train`"
        )
    with np.load(arrays_path, allow_pickle=False) as arrays:
        coef = arrays["coef"]
        if coef.dtype != np.int8 or "scale" not in arrays:
            raise ModelError(f"model {name!r} was saved in an older format: run `make train`")
        if coef.shape[1] != columns:
            raise ModelError(f"model {name!r} has {coef.shape[1]} columns, the vectoriser {columns}: run `make train`")
        card = {k: v for k, v in meta.items() if k not in ("name", "labels", "threshold", "features_version")}
        return LinearTextModel(
            name=name,
            labels=list(meta["labels"]),
            coef=coef,
            scale=arrays["scale"],
            intercept=arrays["intercept"],
            cal_coef=arrays["cal_coef"],
            cal_intercept=arrays["cal_intercept"],
            threshold=float(meta["threshold"]),
            card=card,
        )
