"""Does saidwho.claims.group put headlines of one claim together? -> bench/results/claims-group.json.

Emergent train (``../shared/data/emergent``): each article headline's claim is its
``claimId``. Claims are split by a hash of their id: a quarter held out, three quarters to
tune. On the tune quarter, a grid over the blend weight and the merge threshold (the values
``saidwho/claims/group.py`` ships were chosen there) and over a TF-IDF average-link
baseline's threshold; on the held-out quarter, B-cubed F1 (Bagga & Baldwin 1998) of:

- ``group``: ``saidwho.claims.group`` on all held-out headlines at once;
- ``incremental``: the same headlines fed to one ``ClaimIndex`` in shuffled batches of 16
  (three shuffles, mean): stored claims that a later batch brings within the threshold of
  each other merge (the older id kept), labels followed through the merges;
- ``incremental_256``: the same in batches of 256, about what one ``saidwho ingest`` batch
  of 16 articles holds;
- ``tfidf_average_link``: TF-IDF (sublinear tf, smoothed idf, fit on the held-out headlines)
  cosine, average link, at its tuned threshold.

Usage: python bench/claims_group.py
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, context, write

from saidwho.claims.embed import embed
from saidwho.claims.group import THRESHOLD, WEIGHT, ClaimIndex, average_link, group, words

EMERGENT = ROOT.parent / "shared" / "data" / "emergent" / "url-versions-2015-06-14-clean-train.csv"
FLOOR = 0.94


def held_out(claim_id: str) -> bool:
    return int(hashlib.sha1(claim_id.encode()).hexdigest(), 16) % 4 == 0


def load() -> dict[str, tuple[list[str], list[str]]]:
    with EMERGENT.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    split: dict[str, tuple[list[str], list[str]]] = {"tune": ([], []), "held_out": ([], [])}
    for row in rows:
        texts, gold = split["held_out" if held_out(row["claimId"]) else "tune"]
        texts.append(row["articleHeadline"])
        gold.append(row["claimId"])
    return split


def bcubed(labels: Sequence[object], gold: Sequence[str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering against gold classes."""
    clusters: dict[object, set[int]] = defaultdict(set)
    classes: dict[str, set[int]] = defaultdict(set)
    for i, (label, g) in enumerate(zip(labels, gold, strict=True)):
        clusters[label].add(i)
        classes[g].add(i)
    p = r = 0.0
    for label, g in zip(labels, gold, strict=True):
        both = len(clusters[label] & classes[g])
        p += both / len(clusters[label])
        r += both / len(classes[g])
    p, r = p / len(gold), r / len(gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def tfidf_similarity(texts: Sequence[str]) -> np.ndarray:
    """Cosine of sublinear-tf, smoothed-idf TF-IDF vectors (scikit-learn's defaults)."""
    docs = [re.findall(r"\b\w\w+\b", t.lower()) for t in texts]
    vocab: dict[str, int] = {}
    for d in docs:
        for w in d:
            vocab.setdefault(w, len(vocab))
    x = np.zeros((len(docs), len(vocab)))
    for row, d in enumerate(docs):
        for w in d:
            x[row, vocab[w]] += 1
    df = (x > 0).sum(0)
    x = np.where(x > 0, 1 + np.log(np.where(x > 0, x, 1)), 0) * (np.log((1 + len(docs)) / (1 + df)) + 1)
    x /= np.linalg.norm(x, axis=1, keepdims=True).clip(min=1e-12)
    return np.asarray(x @ x.T)


def tfidf_average_link(sims: np.ndarray, threshold: float) -> list[int]:
    s = sims.astype(np.float64).copy()
    np.fill_diagonal(s, -np.inf)
    return average_link(s, np.ones(len(s)), threshold=threshold)


def incremental(texts: Sequence[str], vectors: np.ndarray, seed: int, batch: int = 16) -> list[int]:
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    index = ClaimIndex()
    labels = [0] * len(texts)
    for at in range(0, len(order), batch):
        chunk = order[at : at + batch]
        found = index.add(vectors[chunk], [words(texts[i]) for i in chunk])
        for i, (claim, _) in zip(chunk, found, strict=True):
            labels[i] = claim
    # Claims that later batches merged go by the id that absorbed them.
    return [index.resolve(c) for c in labels]


class MemoisedEmbed:
    """The grid groups the same headlines many times: embed each once."""

    def __init__(self) -> None:
        self.seen: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.seen]
        self.seen.update(zip(todo, embed(todo), strict=True))
        return np.stack([self.seen[t] for t in texts]) if texts else embed([])


def main() -> None:
    encode = MemoisedEmbed()
    split = load()
    tune_texts, tune_gold = split["tune"]
    held_texts, held_gold = split["held_out"]
    grid = []
    for weight in (1.0, 0.8, 0.7, 0.6, 0.5):
        for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55):
            labels = group(tune_texts, weight=weight, threshold=threshold, encode=encode)
            grid.append({"weight": weight, "threshold": threshold, **bcubed(labels, tune_gold)})
    tune_sims = tfidf_similarity(tune_texts)
    baseline_grid = [
        {"threshold": t, **bcubed(tfidf_average_link(tune_sims, t), tune_gold)}
        for t in (0.05, 0.08, 0.1, 0.12, 0.15, 0.2)
    ]
    best_baseline = max(baseline_grid, key=lambda r: r["f1"])["threshold"]
    started = time.perf_counter()
    grouped = group(held_texts, encode=encode)
    seconds = time.perf_counter() - started
    vectors = embed(held_texts)
    runs = [bcubed(incremental(held_texts, vectors, seed), held_gold) for seed in (1, 2, 3)]
    big = [bcubed(incremental(held_texts, vectors, seed, batch=256), held_gold) for seed in (1, 2, 3)]
    held = {
        "group": {**bcubed(grouped, held_gold), "seconds": round(seconds, 2)},
        "incremental": {k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0]},
        "incremental_runs": runs,
        "incremental_256": {k: round(float(np.mean([r[k] for r in big])), 4) for k in big[0]},
        "tfidf_average_link": {
            "threshold": best_baseline,
            **bcubed(tfidf_average_link(tfidf_similarity(held_texts), best_baseline), held_gold),
        },
    }
    payload = {
        **context("emergent train, claims split by sha1(claimId) % 4: 0 held out, else tune"),
        "data": {
            "tune": {"headlines": len(tune_texts), "claims": len(set(tune_gold))},
            "held_out": {"headlines": len(held_texts), "claims": len(set(held_gold))},
        },
        "shipped": {"weight": WEIGHT, "threshold": THRESHOLD},
        "floor": FLOOR,
        "held_out": held,
        "tune_grid": grid,
        "tune_baseline_grid": baseline_grid,
    }
    path = write("claims-group", payload)
    print(  # noqa: T201
        f"{path}: held out B-cubed F1 group {held['group']['f1']}, incremental "
        f"{held['incremental']['f1']}, tf-idf average link {held['tfidf_average_link']['f1']}"
    )


if __name__ == "__main__":
    main()
