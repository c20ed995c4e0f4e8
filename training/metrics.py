"""Precision, recall, F1 and calibration figures, written out plainly so the evaluation
page and the model cards compute them the same way."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def prf(gold: Sequence[str], predicted: Sequence[str], label: str) -> dict[str, float]:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}


def report(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, object]:
    """Per-label P/R/F1 and macro-F1 over ``labels``."""
    per_label = {label: prf(gold, predicted, label) for label in labels}
    macro = sum(v["f1"] for v in per_label.values()) / len(per_label)
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / max(len(gold), 1)
    return {"labels": per_label, "macro_f1": macro, "accuracy": accuracy, "n": len(gold)}


def reliability(probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 10) -> dict[str, object]:
    """Binned predicted probability against the observed frequency, and the expected
    calibration error (the support-weighted gap between the two)."""
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    rows = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = (p >= lo) & ((p < hi) if b < bins - 1 else (p <= hi))
        count = int(inside.sum())
        if count == 0:
            rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "n": 0, "predicted": None, "observed": None})
            continue
        predicted, observed = float(p[inside].mean()), float(y[inside].mean())
        ece += count / len(p) * abs(predicted - observed)
        rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "n": count, "predicted": predicted, "observed": observed})
    return {"bins": rows, "ece": ece}
