"""The shared sentence encoder: all-MiniLM-L6-v2 as an int8 ONNX graph, run with
onnxruntime and tokenizers only (no torch, nothing fetched).

Every rule head reads the same 384-d embedding of a sentence, so a draft's sentences are
encoded once, in one batch, however many rules score them. The graph pools and
normalises inside (``training/export_encoder.py`` builds it); the tokenizer pads a batch
to its longest text and the attention mask keeps padding out of the mean.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from .linear import ModelError

DIRECTORY = Path(__file__).resolve().parent / "sentence-encoder"
BATCH = 32


class SentenceEncoder:
    def __init__(self, directory: Path = DIRECTORY):
        self.directory = directory
        meta_path = directory / "meta.json"
        for path in (meta_path, directory / "model.onnx", directory / "tokenizer.json"):
            if not path.exists():
                raise ModelError(f"{path} is missing (run `make train`)")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.dimensions = int(self.meta["dimensions"])
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _open(self) -> None:
        # Opened on the first sentence that needs it (about 0.3 s), never at import.
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            tokenizer = Tokenizer.from_file(str(self.directory / "tokenizer.json"))
            tokenizer.enable_truncation(int(self.meta["max_tokens"]))
            tokenizer.enable_padding()
            self._tokenizer = tokenizer
            self._session = ort.InferenceSession(
                str(self.directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
            )

    def embed(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dimensions) float32 unit vectors, in order."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if self._session is None:
            self._open()
        out = []
        # Similar lengths batch together, so little of each batch is padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            chunk = [texts[i] for i in order[start : start + BATCH]]
            encoded = self._tokenizer.encode_batch(chunk)
            ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out.append(self._session.run(None, feeds)[0].astype(np.float32))
        stacked = np.vstack(out)
        result = np.empty_like(stacked)
        result[order] = stacked
        return result


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared() -> SentenceEncoder:
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = SentenceEncoder()
    return _shared
