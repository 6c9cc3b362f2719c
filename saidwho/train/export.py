"""A trained network written as a shipped model folder, the one way every trainer does it.

The graph is exported to ONNX with eager attention (what the exporter traces) on the CPU,
its MatMul and Gather weights quantized to int8 per channel (:func:`~.model.quantize_int8`),
for a caller that never pads without its padding mask (:func:`drop_padding_mask`), and the
tokenizer, the card (``model.json``) and any other files written beside it, in a
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
    unpadded: bool = False,
    extra: Callable[[Path], None] | None = None,
) -> None:
    """Write ``net`` (a torch module with an ``encoder`` whose config names its attention)
    to ``out/graph``, its inputs ``inputs`` (int64, dynamic batch and length; traced at
    ``length`` pieces), its output ``output`` (dynamic on ``output_axes``), with
    ``tokenizer`` and ``card`` beside it; ``extra(folder)`` adds other files.
    ``const_weights_only`` leaves the MatMuls between two activations (attention) in float;
    ``unpadded`` drops the padding mask, for callers that never pad (:func:`drop_padding_mask`)."""
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
    if unpadded:
        drop_padding_mask(partial / graph)
    shutil.copy(tokenizer, partial / "tokenizer.json")
    if extra is not None:
        extra(partial)
    (partial / "model.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    if (out / "MODEL.md").is_file():
        shutil.copy(out / "MODEL.md", partial / "MODEL.md")
    shutil.rmtree(out, ignore_errors=True)
    partial.rename(out)


def drop_padding_mask(graph: Path, mask: str = "attention_mask") -> None:
    """Rewrite ``graph`` (in place) for callers that never pad: every ``Add`` of the padding
    mask to the attention scores is bypassed, the mask's input and what computed from it are
    dropped.

    Where no position is padding the mask adds zeros, so the scores are unchanged to the
    bit (x + 0 == x) and so is every output; the tagger's windows of one text all have one
    length, so its batches never pad. The adds cost 12% of the tagger's CPU (a
    ``(batch, heads, length, length)`` tensor read and written in each layer).
    """
    import onnx

    model = onnx.load(str(graph))
    nodes = model.graph.node
    # Walk the nodes (stored in topological order) from the mask: an Add of something
    # computed from the mask to something that is not is where the mask meets the scores.
    derived, bypass = {mask}, {}
    for node in nodes:
        read = derived.intersection(node.input)
        if node.op_type == "Add" and len(read) == 1 and len(node.input) == 2:
            (bypass[node.output[0]],) = (x for x in node.input if x not in derived)
        elif read:
            derived.update(node.output)
    if not bypass:
        raise ValueError(f"{graph}: no Add of {mask} to bypass; was it exported with eager attention?")
    for node in nodes:
        node.input[:] = [bypass.get(x, x) for x in node.input]
    needed = {out.name for out in model.graph.output}
    live = []
    for node in reversed(nodes):
        if needed.intersection(node.output):
            live.append(node)
            needed.update(node.input)
    if derived.intersection(needed):
        raise ValueError(f"{graph}: more than the attention scores read {mask}; left as it is")
    del nodes[:]
    nodes.extend(reversed(live))
    kept_inputs = [i for i in model.graph.input if i.name != mask]
    del model.graph.input[:]
    model.graph.input.extend(kept_inputs)
    onnx.checker.check_model(model)
    onnx.save(model, str(graph))
