"""Narrow an int8 ONNX graph's weights to 7 bits, so that every x86 CPU scores alike.

onnxruntime multiplies the int8 graph's uint8 activations by its int8 weights with the
CPU's integer instructions. With AVX-512 VNNI each product is summed in 32 bits; with
AVX2 alone (many AMD EPYC and older Intel servers) two products are summed in 16 bits
first and saturate when both are large (255 × 127 × 2 > 32,767). The same model then
gave OLID level A macro-F1 0.802 on one machine and 0.795 on another, and a borderline
draft could be raised on one and not the other. Weights in [-64, 63] keep every pair
under the limit (255 × 64 × 2 = 32,640), so the integer arithmetic is exact on both
paths and the scores are the same wherever the checker runs. This is what
``quantize_dynamic(..., reduce_range=True)`` does from float weights; here it is done on
the quantised graph itself (each weight halved and rounded, its scale doubled), so that a
shipped model can be narrowed without retraining and a retrained one goes the same way.

    PYTHONPATH=src .venv-embed/bin/python -m training.seven_bit [model.onnx]

With no argument it narrows the shipped ``offensive-minilm`` graph; run
``python -m training.finetune --measure-only`` afterwards for its calibration, test
figures and card. A graph already narrowed is left as it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from . import data

SHIPPED = data.REPO / "src" / "councilguard" / "checker" / "models" / "offensive-minilm" / "model.onnx"
LOW, HIGH = -64, 63


def _weights(graph) -> list[tuple[str, str]]:  # noqa: ANN001
    """(weight, its scale) for every MatMulInteger whose weight is a stored int8 tensor."""
    stored = {i.name for i in graph.initializer}
    pairs = []
    for node in graph.node:
        if node.op_type == "MatMulInteger" and node.input[1] in stored and node.input[1].endswith("_quantized"):
            weight = node.input[1]
            pairs.append((weight, weight.removesuffix("_quantized") + "_scale"))
    return pairs


def narrow(path: Path) -> int:
    """Rewrite ``path`` in place with 7-bit weights; returns how many tensors changed
    (0 when the graph is already narrowed)."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    stored = {i.name: i for i in model.graph.initializer}
    pairs = _weights(model.graph)
    arrays = {w: numpy_helper.to_array(stored[w]) for w, _ in pairs}
    if all(int(a.min()) >= LOW and int(a.max()) <= HIGH for a in arrays.values()):
        return 0  # a full int8 channel always reaches ±127: this graph was narrowed before
    for weight, scale in pairs:
        values = arrays[weight]
        if values.dtype != np.int8:
            raise SystemExit(f"{path}: weight {weight} is {values.dtype}, not int8")
        zero = weight.removesuffix("_quantized") + "_zero_point"
        if zero in stored and numpy_helper.to_array(stored[zero]).any():
            raise SystemExit(f"{path}: weight {weight} is not symmetric (a zero point other than 0)")
        halved = np.clip(np.rint(values.astype(np.float32) / 2), LOW, HIGH).astype(np.int8)
        stored[weight].CopyFrom(numpy_helper.from_array(halved, weight))
        factor = numpy_helper.to_array(stored[scale])
        stored[scale].CopyFrom(numpy_helper.from_array((factor * 2).astype(factor.dtype), scale))
    onnx.save(model, str(path))
    return len(pairs)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else SHIPPED
    changed = narrow(path)
    print(f"{path}: {changed} weight tensors narrowed to 7 bits" if changed else f"{path}: already 7-bit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
