"""Parse features from the tagger's encoder: a prototype of the route past spaCy's speed
(docs/design.md) -> bench/results/parse-heads.json.

The tagger already runs its encoder over every word piece of a body. This measures what
small heads on that encoder's last layer, kept frozen (so the tagging stays as it is), give
back of what the analysis reads from spaCy: entities (BIO over spaCy's 18 labels), sentence
starts and coarse part of speech. The target is spaCy's own output (en_core_web_sm, the
pipeline's parse): silver, not gold. Heads are fitted on the first ``--train`` PolNeAR train
articles and scored on every PolNeAR dev article, each word read at its first piece:

- ``entities``: exact spans and labels, precision / recall / F1 against spaCy's;
- ``sentence_starts``: F1 of the words spaCy starts a sentence with;
- ``pos``: accuracy over words.

The heads are a linear layer and a one-hidden-layer network (256 wide), a few epochs of
Adam; ``--seed`` fixes them. The encoder's pass is the tagger's own (int8 ONNX, windows of
256 pieces), with its last layer exposed as a second output.

Usage: python bench/parse_heads.py [--train N] [--epochs N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, context, write

from saidwho.attribution.encoding import batch_inputs, encode, windows
from saidwho.nlp import load_nlp

POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
TAGGER = ROOT / "saidwho" / "models" / "tagger"
HIDDEN = "/encoder/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0"


def encoder_session(threads: int = 2) -> Any:
    """The shipped tagger graph with its encoder's last layer as a second output."""
    import onnx
    import onnxruntime as ort

    graph = onnx.load(str(TAGGER / "tagger.onnx"))
    graph.graph.output.append(onnx.helper.make_tensor_value_info(HIDDEN, onnx.TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    return ort.InferenceSession(graph.SerializeToString(), options, providers=["CPUExecutionProvider"])


def piece_states(session: Any, tokenizer: Any, text: str, words: Any) -> tuple[np.ndarray, np.ndarray]:
    """Per piece: the encoder's last layer (pieces, 384), from the window that keeps it,
    and the pieces' character offsets."""
    doc = encode(text, tokenizer, words)
    n = len(doc.ids)
    out = np.zeros((n, 384), dtype=np.float32)
    wins = windows(n) if n else []
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    inputs = {i.name for i in session.get_inputs()}
    for at in range(0, len(wins), 8):
        chunk = wins[at : at + 8]
        arrays = {k: v for k, v in batch_inputs(doc, chunk, cls_id, sep_id).items() if k in inputs}
        hidden = session.run([HIDDEN], arrays)[0]
        for row, w in enumerate(chunk):
            a, b = w.keep_start - w.start + 1, w.keep_end - w.start + 1
            out[w.keep_start : w.keep_end] = hidden[row, a:b]
    return out, doc.offsets


def word_rows(doc: Any, states: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Each non-space token's features (its first piece's state) and its index."""
    starts = offsets[:, 0]
    keep, rows = [], []
    for t in doc:
        if t.is_space:
            continue
        k = int(np.searchsorted(starts, t.idx))
        k = min(k, len(starts) - 1)
        if starts[k] > t.idx and k > 0:
            k -= 1
        rows.append(states[k])
        keep.append(t.i)
    return np.stack(rows) if rows else np.zeros((0, 384), np.float32), keep


def silver(doc: Any, keep: list[int], ent_labels: list[str], pos_labels: list[str]) -> dict[str, np.ndarray]:
    ent = []
    for i in keep:
        t = doc[i]
        tag = "O" if t.ent_iob_ in ("O", "") else f"{t.ent_iob_}-{t.ent_type_}"
        ent.append(ent_labels.index(tag) if tag in ent_labels else 0)
    return {
        "ent": np.asarray(ent),
        "sent": np.asarray([int(bool(doc[i].is_sent_start)) for i in keep]),
        "pos": np.asarray([pos_labels.index(doc[i].pos_) if doc[i].pos_ in pos_labels else 0 for i in keep]),
    }


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans from BIO tags (an I- without its B- opens a span)."""
    out, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and start is not None and tag[2:] == label:
            continue
        if start is not None:
            out.add((start, i, label))
            start = label = None
        if tag != "O":
            start, label = i, tag[2:]
    return out


def fit_head(x: np.ndarray, y: np.ndarray, classes: int, *, hidden: int, epochs: int, seed: int) -> Any:
    import torch

    torch.manual_seed(seed)
    layers: list[Any] = (
        [torch.nn.Linear(x.shape[1], hidden), torch.nn.GELU(), torch.nn.Linear(hidden, classes)]
        if hidden
        else [torch.nn.Linear(x.shape[1], classes)]
    )
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y).long()
    g = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(len(xt), generator=g)
        for at in range(0, len(order), 256):
            idx = order[at : at + 256]
            loss = torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    return net


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    import torch
    from tokenizers import Tokenizer

    torch.set_num_threads(2)
    tokenizer = Tokenizer.from_file(str(TAGGER / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    card = json.loads((TAGGER / "model.json").read_text(encoding="utf-8"))
    words = frozenset(card["reporting_words"]) if card.get("reporting_words") else None
    session = encoder_session()
    nlp = load_nlp()
    ner = nlp.get_pipe("ner")
    ent_labels = ["O"] + [f"{b}-{label}" for label in ner.labels for b in ("B", "I")]
    pos_labels = sorted({"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
                         "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"})  # fmt: skip

    def read(split: str, limit: int | None) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        files = sorted((POLNEAR / split / "text").glob("*.txt"))[:limit]
        texts = [f.read_text(encoding="utf-8") for f in files]
        xs: list[np.ndarray] = []
        ys: dict[str, list[np.ndarray]] = {"ent": [], "sent": [], "pos": []}
        timing = {"spacy_s": 0.0, "encoder_s": 0.0}
        for text in texts:
            t0 = time.process_time()
            doc = nlp(text)
            t1 = time.process_time()
            states, offsets = piece_states(session, tokenizer, text, words)
            t2 = time.process_time()
            timing["spacy_s"] += t1 - t0
            timing["encoder_s"] += t2 - t1
            x, keep = word_rows(doc, states, offsets)
            xs.append(x)
            for k, v in silver(doc, keep, ent_labels, pos_labels).items():
                ys[k].append(v)
        lengths = np.asarray([len(x) for x in xs])
        return {
            "x": np.concatenate(xs),
            "lengths": lengths,
            **{k: np.concatenate(v) for k, v in ys.items()},
        }, timing

    started = time.time()
    train, _ = read("train", args.train)
    dev, dev_timing = read("dev", None)
    results: dict[str, Any] = {
        "train_articles": args.train,
        "train_words": len(train["x"]),
        "dev_words": len(dev["x"]),
        "dev_cpu_seconds": {k: round(v, 2) for k, v in dev_timing.items()},
    }
    for name, hidden in (("linear", 0), ("mlp256", 256)):
        row: dict[str, Any] = {}
        heads = {}
        for task, classes in (("ent", len(ent_labels)), ("sent", 2), ("pos", len(pos_labels))):
            heads[task] = fit_head(
                train["x"], train[task], classes, hidden=hidden, epochs=args.epochs, seed=args.seed
            )
        with torch.no_grad():
            xd = torch.from_numpy(dev["x"])
            found = {task: heads[task](xd).argmax(1).numpy() for task in heads}
        # Entities: exact spans per article.
        tp = fp = fn = 0
        at = 0
        for n in dev["lengths"]:
            gold = spans([ent_labels[i] for i in dev["ent"][at : at + n]])
            got = spans([ent_labels[i] for i in found["ent"][at : at + n]])
            tp += len(gold & got)
            fp += len(got - gold)
            fn += len(gold - got)
            at += n
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        row["entities"] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / max(1e-9, p + r), 4),
        }
        g, f = dev["sent"], found["sent"]
        stp = int(((g == 1) & (f == 1)).sum())
        row["sentence_starts_f1"] = round(2 * stp / max(1, int(g.sum()) + int(f.sum())), 4)
        row["pos_accuracy"] = round(float((dev["pos"] == found["pos"]).mean()), 4)
        results[name] = row
    results["minutes"] = round((time.time() - started) / 60, 1)
    write("parse-heads", {**context("polnear dev (silver: en_core_web_sm)"), **results})
    print(json.dumps(results, indent=1))  # noqa: T201


if __name__ == "__main__":
    main()
