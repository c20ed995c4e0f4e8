"""The encodings a rule head can read (``training/train_heads.py``), each a ``matrix(texts)``:

- ``ngrams``: hashed word and character n-grams, sublinear TF-IDF (``train.Featuriser``);
- ``sentence-encoder``: the shared MiniLM sentence embedding (``models/encoder.py``, the
  same code the checker runs);
- ``ngrams+sentence-encoder``: both side by side, the embedding's columns scaled by
  ``EMBEDDING_SCALE`` so that the unit-norm embedding weighs like one of the two
  unit-norm n-gram blocks (``features.weigh``) rather than being drowned by them.
"""

from __future__ import annotations

import zlib

import numpy as np
import scipy.sparse as sp

from councilguard.checker.models import encoder, heads

from . import data
from .train import Featuriser

EMBEDDINGS = data.REPO / "build" / "heads-embeddings"
BUILT_ENCODER = data.REPO / "build" / "sentence-encoder"
EMBEDDING_SCALE = 1.0
NAMES = (heads.NGRAMS, heads.ENCODER, heads.BOTH)


class Embeddings:
    """The shared sentence encoder's embedding of each text, kept in build/ between
    runs: encoding is the slow part."""

    def __init__(self) -> None:
        if not BUILT_ENCODER.exists():
            raise SystemExit(f"{BUILT_ENCODER} is missing: run `make train-encoder` first")
        self.encoder = encoder.SentenceEncoder(BUILT_ENCODER)
        self.known: dict[str, np.ndarray] = {}
        EMBEDDINGS.mkdir(parents=True, exist_ok=True)

    @property
    def dimensions(self) -> int:
        return self.encoder.dimensions

    def matrix(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if missing:
            digest = zlib.crc32("\x00".join(missing).encode("utf-8"))
            path = EMBEDDINGS / f"{len(missing)}-{digest:08x}.npy"
            vectors = np.load(path) if path.exists() else self.encoder.embed(missing)
            if not path.exists():
                np.save(path, vectors)
            self.known.update(zip(missing, vectors, strict=True))
        return np.vstack([self.known[t] for t in texts]) if texts else np.zeros((0, self.dimensions))


class Both:
    """The n-gram columns, then the scaled embedding columns."""

    def __init__(self, ngrams: Featuriser, embeddings: Embeddings, scale: float = EMBEDDING_SCALE) -> None:
        self.ngrams, self.embeddings, self.scale = ngrams, embeddings, scale

    def matrix(self, texts: list[str]) -> sp.csr_matrix:
        dense = sp.csr_matrix(self.scale * self.embeddings.matrix(texts))
        return sp.hstack([self.ngrams.matrix(texts), dense]).tocsr()


def split_coef(encoding: str, coef: np.ndarray, ngram_columns: int, dimensions: int) -> tuple[np.ndarray, np.ndarray]:
    """One fitted head's weights as (n-gram weights, embedding weights with the scale
    folded in); the encoding it does not read gets zeros."""
    flat = coef.ravel()
    if encoding == heads.NGRAMS:
        return flat, np.zeros(dimensions)
    if encoding == heads.ENCODER:
        return np.zeros(ngram_columns), flat
    return flat[:ngram_columns], flat[ngram_columns:] * EMBEDDING_SCALE
