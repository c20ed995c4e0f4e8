"""The rule heads: one calibrated linear head per language rule, over one shared encoding.

A sentence is encoded once: by the hashed word and character n-grams of ``features``
(TF-IDF), by the shared sentence encoder (``encoder.py``: MiniLM, 384 dimensions), or by
both side by side (``ngrams+sentence-encoder``). Each head reads the columns that won
for its rule at training time (cross-validated, per rule): its weights over the other
encoding's columns are zero, and the sentence encoder runs only when some head reads it.
The heads are the rows of two matrices (n-gram weights, int8; embedding weights,
float32), so scoring all of them is one product per encoding. Each row has its own Platt
calibration map, so the heads give, for each rule, the probability that the sentence
breaches it (see ``training/train_heads.py`` and the model card ``rule-heads.md``, which
says which encoding each rule reads and by how much it won).

Files: ``rule-heads.npz`` (arrays) and ``rule-heads.json`` (the rules, their thresholds
and the card's facts). Loaded on first use; safe to share between threads.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from . import features
from .linear import ModelError

NAME = "rule-heads"
_lock = threading.Lock()
_loaded: RuleHeads | None = None


NGRAMS, ENCODER = "ngrams", "sentence-encoder"
BOTH = f"{NGRAMS}+{ENCODER}"


@dataclass
class RuleHeads:
    rules: list[str]
    encoding: str  # NGRAMS, ENCODER or BOTH
    coef: np.ndarray  # (rules, seen n-gram columns) int8; (rules, 0) without n-grams
    scale: np.ndarray  # (rules,) float32
    intercept: np.ndarray  # (rules,) float32
    cal_a: np.ndarray  # (rules,) Platt slope
    cal_b: np.ndarray  # (rules,) Platt intercept
    thresholds: dict[str, float]
    seen: features.SeenColumns | None  # with n-grams only
    idf: np.ndarray | None
    card: dict[str, Any] = field(default_factory=dict)
    # (rules, encoder dimensions) float32, the embedding scale folded in; None without it
    embedding_coef: np.ndarray | None = None

    @cached_property
    def index(self) -> dict[str, int]:
        """Each rule's row."""
        return {rule: i for i, rule in enumerate(self.rules)}

    @property
    def reads_ngrams(self) -> bool:
        return self.seen is not None

    @property
    def reads_embeddings(self) -> bool:
        return self.embedding_coef is not None

    def z_ngrams(self, encoded: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Every head's n-gram share of its score (rows in ``rules`` order)."""
        positions, values = encoded
        return (self.coef[:, positions].astype(np.float32) @ values) * self.scale

    def z_embeddings(self, embeddings: np.ndarray) -> np.ndarray:
        """Every head's embedding share, (texts, rules), from (texts, dimensions)."""
        assert self.embedding_coef is not None
        return embeddings @ self.embedding_coef.T

    def proba(self, encoded: tuple[np.ndarray, np.ndarray] | None, embedding: np.ndarray | None) -> np.ndarray:
        """P(breach) for every rule from one text's encodings (each None when no head
        reads it)."""
        z = self.intercept.copy()
        if encoded is not None:
            z += self.z_ngrams(encoded)
        if embedding is not None:
            z += self.z_embeddings(embedding[None, :])[0]
        return self.calibrated(z)

    def encode_ngrams(self, counted: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The n-gram encoding of one text's counts: (column positions, TF-IDF values)."""
        assert self.seen is not None and self.idf is not None
        positions, indices, tf = features.select(*counted, self.seen)
        return positions, features.weigh(indices, tf, self.idf[positions])

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
        encoding = str(meta.get("encoding", NGRAMS))
        if encoding not in (NGRAMS, ENCODER, BOTH):
            raise ModelError(f"{meta_path} names an unknown encoding {encoding!r}: run `make train`")
        ngrams = encoding != ENCODER
        width = len(arrays["seen"]) if ngrams else 0
        embedding_coef = arrays["embedding_coef"].astype(np.float32) if encoding != NGRAMS else None
        if coef.dtype != np.int8 or coef.shape != (len(meta["labels"]), width):
            raise ModelError(f"{arrays_path} does not match {meta_path.name}: run `make train`")
        if embedding_coef is not None and embedding_coef.shape != (len(meta["labels"]), int(meta["dimensions"])):
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
            embedding_coef=embedding_coef,
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
    embedding_coef: np.ndarray | None = None,
) -> None:
    """``coef``: the n-gram weights (int8, ``scale`` per row; zero columns without
    n-grams); ``embedding_coef``: the embedding weights (float32), None without them."""
    arrays: dict[str, np.ndarray] = {
        "coef": coef.astype(np.int8),
        "scale": scale.astype(np.float32),
        "intercept": intercept.astype(np.float32),
        "cal_a": cal[0].astype(np.float32),
        "cal_b": cal[1].astype(np.float32),
    }
    if seen is not None and idf is not None:
        arrays.update(seen=seen.astype(np.int32), idf=idf.astype(np.float16))
    if embedding_coef is not None:
        arrays["embedding_coef"] = embedding_coef.astype(np.float32)
    np.savez_compressed(path(directory, "npz"), allow_pickle=False, **arrays)
    meta = {
        "name": NAME,
        "kind": "heads",
        "encoding": encoding,
        "dimensions": int(embedding_coef.shape[1]) if embedding_coef is not None else 0,
        "ngram_columns": int(coef.shape[1]),
        "labels": rules,
        "thresholds": thresholds,
        "features_version": features.VERSION,
        **card,
    }
    path(directory, "json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
