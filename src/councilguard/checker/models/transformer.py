"""A fine-tuned transformer classifier, run with onnxruntime and tokenizers only.

The shipped directory holds ``model.onnx`` (int8, logits out), ``tokenizer.json`` and
``meta.json`` (labels, temperature, threshold, test figures). No torch at run time, and
nothing fetched: both files load from the package. ``training/finetune.py`` builds it.

A session costs about 60 MB and a short text a few milliseconds, so the checker asks
this model only about sentences its cheap linear model already finds suspect (see
``councilguard.checker.models.cascade``).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .linear import ModelError

_MENTION_RUN = re.compile(r"(?:@USER\s*){2,}")


def normalise(text: str) -> str:
    """What the transformer reads, in training and in the checker alike. OLID writes
    every mention as @USER, and a run of them says no more than one does."""
    return _MENTION_RUN.sub("@USER ", text).strip()


@dataclass
class TransformerModel:
    name: str
    labels: list[str]
    temperature: float
    threshold: float
    screen: float  # the linear model's probability from which this model is asked
    blend: float  # the linear model's share in the probability reported for those texts
    max_tokens: int
    model_path: Path
    tokenizer_path: Path
    card: dict[str, Any] = field(default_factory=dict)
    # Opened on the first text that needs the model (about 0.4 s): a one-off check of a
    # post the linear model clears, the CLI's cold start, never pays for it.
    _session: Any = field(default=None, repr=False)
    _tokenizer: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_directory(cls, directory: Path, meta: dict[str, Any] | None = None) -> TransformerModel:
        model_path, tokenizer_path, meta_path = (directory / n for n in ("model.onnx", "tokenizer.json", "meta.json"))
        if meta is None:
            if not meta_path.exists():
                raise ModelError(f"{meta_path} is missing (run `make train-transformer`)")
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for path in (model_path, tokenizer_path):
            if not path.exists():
                raise ModelError(f"{path} is missing (run `make train-transformer`)")
        max_tokens = int(meta.get("max_tokens", 64))
        own = ("labels", "temperature", "threshold", "screen", "blend", "max_tokens")
        card = {k: v for k, v in meta.items() if k not in own}
        return cls(
            name=str(meta.get("name", directory.name)),
            labels=list(meta["labels"]),
            temperature=float(meta["temperature"]),
            threshold=float(meta["threshold"]),
            screen=float(meta.get("screen", 0.0)),
            blend=float(meta.get("blend", 0.0)),
            max_tokens=max_tokens,
            model_path=model_path,
            tokenizer_path=tokenizer_path,
            card=card,
        )

    def _opened(self) -> tuple[Any, Any]:
        if self._session is None:
            with self._lock:
                if self._session is None:
                    try:
                        import onnxruntime as ort
                        from tokenizers import Tokenizer
                    except ImportError as exc:  # pragma: no cover - both are runtime dependencies
                        raise ModelError(f"the transformer model needs onnxruntime and tokenizers: {exc}") from exc

                    options = ort.SessionOptions()
                    # One thread: the checker runs one process per core (web workers, scan
                    # workers), and a second thread per session would only fight them.
                    options.intra_op_num_threads = 1
                    options.inter_op_num_threads = 1
                    tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
                    # The model reads each text alone, as it was trained: cut to max_tokens
                    # and never padded (the shipped tokenizer.json pads to 128, and the
                    # graph would read those [PAD]s as words).
                    tokenizer.no_padding()
                    tokenizer.enable_truncation(self.max_tokens)
                    self._tokenizer = tokenizer
                    self._session = ort.InferenceSession(
                        str(self.model_path), options, providers=["CPUExecutionProvider"]
                    )
        return self._session, self._tokenizer

    def logits(self, texts: list[str]) -> np.ndarray:
        """Raw logits, one row per text (texts are normalised here).

        One text per run, never a padded batch: the int8 graph quantises its activations
        with one scale per run, so a text batched with longer or louder neighbours would
        score slightly differently from the same text alone. A text's score must not
        depend on what else is in the draft (or in the evaluation set), and on one CPU
        thread a batch saves nothing (measured: 14 ms per 40-token text either way)."""
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        if not texts:
            return out
        session, tokenizer = self._opened()
        for row, encoding in enumerate(tokenizer.encode_batch([normalise(t) for t in texts])):
            ids = np.asarray([encoding.ids], dtype=np.int64)
            out[row] = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        return out

    def proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities (temperature-scaled softmax), one row per text."""
        z = self.logits(texts) / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
