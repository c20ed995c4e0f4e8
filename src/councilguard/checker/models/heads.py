"""The rule heads: one calibrated linear head per language rule, over one shared encoding.

A sentence is encoded once, by the shared sentence encoder (``encoder.py``: MiniLM,
384 dimensions) or, in the alternative measured at training time, by the hashed word and
character n-grams of ``features``; every head scores that one encoding. The heads are
the rows of one matrix, so scoring all of them is one matrix-vector product. Each row
has its own Platt calibration map, so the heads give, for each rule, the probability
that the sentence breaches it (see ``training/train_heads.py`` and the model card
``rule-heads.md``, which says which encoding won and by how much).

Files: ``rule-heads.npz`` (arrays) and ``rule-heads.json`` (the rules, their thresholds
and the card's facts). Loaded on first use; safe to share between threads.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import features
from .linear import ModelError

NAME = "rule-heads"
_lock = threading.Lock()
_loaded: RuleHeads | None = None


@dataclass
class RuleHeads:
    rules: list[str]
    encoding: str  # "sentence-encoder" or "ngrams"
    coef: np.ndarray  # (rules, dimensions) int8
    scale: np.ndarray  # (rules,) float32
    intercept: np.ndarray  # (rules,) float32
    cal_a: np.ndarray  # (rules,) Platt slope
    cal_b: np.ndarray  # (rules,) Platt intercept
    thresholds: dict[str, float]
    seen: features.SeenColumns | None  # n-gram encoding only
    idf: np.ndarray | None
    card: dict[str, Any] = field(default_factory=dict)

    def encode_ngrams(self, counted: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The n-gram encoding of one text's counts: (column positions, TF-IDF values)."""
        assert self.seen is not None and self.idf is not None
        positions, indices, tf = features.select(*counted, self.seen)
        return positions, features.weigh(indices, tf, self.idf[positions])

    def proba_ngrams(self, encoded: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """P(breach) for every rule, from one n-gram encoding (rows in ``rules`` order)."""
        positions, values = encoded
        z = (self.coef[:, positions].astype(np.float32) @ values) * self.scale + self.intercept
        return self.calibrated(z)

    def proba_embeddings(self, embeddings: np.ndarray) -> np.ndarray:
        """P(breach), (texts, rules), from sentence embeddings (texts, dimensions)."""
        z = (embeddings @ self.coef.T.astype(np.float32)) * self.scale + self.intercept
        return self.calibrated(z)

    def calibrated(self, z: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.cal_a * z + self.cal_b)))


def path(directory: Path, ext: str) -> Path:
    return directory / f"{NAME}.{ext}"


def load(directory: Path) -> RuleHeads:
    meta_path, arrays_path = path(directory, "json"), path(directory, "npz")
    if not meta_path.exists() or not arrays_path.exists():
        raise ModelError(f"{arrays_path} is missing (run `make train`)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("features_version") != features.VERSION:
        raise ModelError(f"{NAME} was trained on features v{meta.get('features_version')}: run `make train`")
    with np.load(arrays_path, allow_pickle=False) as arrays:
        coef = arrays["coef"]
        encoding = str(meta.get("encoding", "ngrams"))
        ngrams = encoding == "ngrams"
        width = len(arrays["seen"]) if ngrams else int(meta.get("dimensions", 0))
        if coef.dtype != np.int8 or coef.shape != (len(meta["labels"]), width):
            raise ModelError(f"{arrays_path} does not match {meta_path.name}: run `make train`")
        return RuleHeads(
            rules=list(meta["labels"]),
            encoding=encoding,
            coef=coef,
            scale=arrays["scale"].astype(np.float32),
            intercept=arrays["intercept"].astype(np.float32),
            cal_a=arrays["cal_a"].astype(np.float32),
            cal_b=arrays["cal_b"].astype(np.float32),
            thresholds={k: float(v) for k, v in meta["thresholds"].items()},
            seen=features.SeenColumns(arrays["seen"]) if ngrams else None,
            idf=arrays["idf"].astype(np.float32) if ngrams else None,
            card={k: v for k, v in meta.items() if k not in ("labels", "thresholds")},
        )


def loaded(directory: Path) -> RuleHeads:
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = load(directory)
    return _loaded


def shipped_rules(directory: Path | None = None) -> list[str] | None:
    """The rules that have a head in the shipped files (None when none are shipped)."""
    meta = path(directory or Path(__file__).resolve().parent, "json")
    if not meta.exists():
        return None
    return list(json.loads(meta.read_text(encoding="utf-8"))["labels"])


def shipped_card(directory: Path | None = None) -> dict[str, Any]:
    """The shipped heads' description (rule-heads.json), or {} when none is shipped."""
    meta = path(directory or Path(__file__).resolve().parent, "json")
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}


def forget() -> None:
    global _loaded
    _loaded = None


def save(
    directory: Path,
    rules: list[str],
    coef: np.ndarray,
    scale: np.ndarray,
    intercept: np.ndarray,
    cal: tuple[np.ndarray, np.ndarray],
    encoding: str,
    seen: np.ndarray | None,
    idf: np.ndarray | None,
    thresholds: dict[str, float],
    card: dict[str, Any],
) -> None:
    arrays: dict[str, np.ndarray] = {
        "coef": coef.astype(np.int8),
        "scale": scale.astype(np.float32),
        "intercept": intercept.astype(np.float32),
        "cal_a": cal[0].astype(np.float32),
        "cal_b": cal[1].astype(np.float32),
    }
    if seen is not None and idf is not None:
        arrays.update(seen=seen.astype(np.int32), idf=idf.astype(np.float16))
    np.savez_compressed(path(directory, "npz"), allow_pickle=False, **arrays)
    meta = {
        "name": NAME,
        "kind": "heads",
        "encoding": encoding,
        "dimensions": int(coef.shape[1]),
        "labels": rules,
        "thresholds": thresholds,
        "features_version": features.VERSION,
        **card,
    }
    path(directory, "json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
