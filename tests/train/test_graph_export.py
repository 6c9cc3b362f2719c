"""The export's graph rewrite for callers that never pad (the tagger)."""

import numpy as np
import pytest

from saidwho.attribution.encoding import Window, batch_inputs, encode, windows
from saidwho.attribution.model import ModelExtractor

pytestmark = pytest.mark.torch  # onnx comes with the [train] extra


def _attention(path, *, mask_reader=False):
    """Scores x @ x^T plus a padding mask's (1 - m) * -1e4, softmax, times x: a one-head
    attention whose padding mask comes in as an input, as the exporter writes it."""
    import onnx
    from onnx import TensorProto, helper

    nodes = [
        helper.make_node("Cast", ["mask"], ["m"], to=TensorProto.FLOAT),
        helper.make_node("Sub", ["one", "m"], ["inv"]),
        helper.make_node("Mul", ["inv", "big"], ["bias"]),
        helper.make_node("Unsqueeze", ["bias", "axis1"], ["bias3"]),
        helper.make_node("Transpose", ["x"], ["xt"], perm=[0, 2, 1]),
        helper.make_node("MatMul", ["x", "xt"], ["scores"]),
        helper.make_node("Add", ["scores", "bias3"], ["masked"]),
        helper.make_node("Softmax", ["masked"], ["p"], axis=-1),
        helper.make_node("MatMul", ["p", "x"], ["y"]),
    ]
    if mask_reader:  # something besides the scores reads the mask
        nodes.append(helper.make_node("Unsqueeze", ["m", "axis2"], ["m3"]))
        nodes.append(helper.make_node("Mul", ["y", "m3"], ["y2"]))
    inits = [
        helper.make_tensor("one", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("big", TensorProto.FLOAT, [], [-1e4]),
        helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
        helper.make_tensor("axis2", TensorProto.INT64, [1], [2]),
    ]
    graph = helper.make_graph(
        nodes,
        "attention",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["b", "s", 4]),
            helper.make_tensor_value_info("mask", TensorProto.INT64, ["b", "s"]),
        ],
        [helper.make_tensor_value_info("y2" if mask_reader else "y", TensorProto.FLOAT, ["b", "s", 4])],
        inits,
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def _run(path, **feed):
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    return session.run(None, {k: v for k, v in feed.items() if k in names})[0], names


def test_drop_padding_mask_keeps_unpadded_outputs_to_the_bit(tmp_path):
    from saidwho.train.export import drop_padding_mask

    graph = tmp_path / "attention.onnx"
    _attention(graph)
    x = np.random.default_rng(0).standard_normal((2, 5, 4)).astype(np.float32)
    full = np.ones((2, 5), dtype=np.int64)
    before, names = _run(graph, x=x, mask=full)
    assert names == {"x", "mask"}
    padded, _ = _run(graph, x=x, mask=np.array([[1, 1, 1, 0, 0]] * 2))
    assert not np.allclose(padded, before)  # the mask is read before the rewrite
    drop_padding_mask(graph, "mask")
    after, names = _run(graph, x=x, mask=full)
    assert names == {"x"}
    assert np.array_equal(after, before)


def test_drop_padding_mask_refuses_a_graph_that_reads_the_mask_elsewhere(tmp_path):
    from saidwho.train.export import drop_padding_mask

    graph = tmp_path / "attention.onnx"
    _attention(graph, mask_reader=True)
    written = graph.read_bytes()
    with pytest.raises(ValueError, match="more than the attention scores"):
        drop_padding_mask(graph, "mask")
    assert graph.read_bytes() == written


def test_shipped_tagger_reads_no_padding_mask_and_runs_a_padded_batch_window_by_window():
    extractor = ModelExtractor()
    assert "attention_mask" not in extractor.inputs
    doc = encode("Officials said on Tuesday that the bridge would reopen. " * 40, extractor.tokenizer)
    cls_id, sep_id = extractor.tokenizer.token_to_id("[CLS]"), extractor.tokenizer.token_to_id("[SEP]")
    long, short = windows(len(doc.ids))[0], Window(0, 60, 0, 60)
    together = extractor.run(batch_inputs(doc, [long, short], cls_id, sep_id))
    alone = [extractor.run(batch_inputs(doc, [w], cls_id, sep_id))[0] for w in (long, short)]
    assert np.array_equal(together[0], alone[0])
    assert np.array_equal(together[1, :62], alone[1])
    assert not together[1, 62:].any()
