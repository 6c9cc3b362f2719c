"""A trained network written as a shipped model folder, the one way every trainer does it.

The graph is exported to ONNX with eager attention (what the exporter traces) on the CPU,
its MatMul and Gather weights quantized to int8 per channel (:func:`~.model.quantize_int8`),
and the tokenizer, the card (``model.json``) and any other files written beside it, in a
folder built next to ``out`` and swapped in at the end: ``out`` never holds half a model.
A ``MODEL.md`` written by hand in ``out`` is kept.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def write_folder(
    net: Any,
    out: Path,
    *,
    graph: str,
    inputs: Sequence[str],
    output: str,
    output_axes: dict[int, str],
    tokenizer: Path,
    card: dict[str, Any],
    length: int = 16,
    const_weights_only: bool = False,
    extra: Callable[[Path], None] | None = None,
) -> None:
    """Write ``net`` (a torch module with an ``encoder`` whose config names its attention)
    to ``out/graph``, its inputs ``inputs`` (int64, dynamic batch and length; traced at
    ``length`` pieces), its output ``output`` (dynamic on ``output_axes``), with
    ``tokenizer`` and ``card`` beside it; ``extra(folder)`` adds other files.
    ``const_weights_only`` leaves the MatMuls between two activations (attention) in float."""
    import torch

    from saidwho.train.model import quantize_int8

    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    fp32 = partial / f"{Path(graph).stem}.fp32.onnx"
    config = net.encoder.config
    attention = config._attn_implementation
    device = next(net.parameters()).device
    config._attn_implementation = "eager"  # the exporter traces eager attention
    try:
        net.cpu().eval()
        torch.onnx.export(
            net,
            tuple(torch.ones((1, length), dtype=torch.long) for _ in inputs),
            str(fp32),
            input_names=list(inputs),
            output_names=[output],
            dynamic_axes={**{k: {0: "batch", 1: "length"} for k in inputs}, output: output_axes},
            opset_version=17,
            dynamo=False,
        )
    finally:
        config._attn_implementation = attention
        net.to(device)
    quantize_int8(fp32, partial / graph, const_weights_only=const_weights_only)
    shutil.copy(tokenizer, partial / "tokenizer.json")
    if extra is not None:
        extra(partial)
    (partial / "model.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    if (out / "MODEL.md").is_file():
        shutil.copy(out / "MODEL.md", partial / "MODEL.md")
    shutil.rmtree(out, ignore_errors=True)
    partial.rename(out)
