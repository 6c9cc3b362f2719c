"""Stance on Emergent and FNC-1 dev, and the time of a test-sized run -> bench/results/stance.json.

The dev split is the shipped model's own (20% of FNC-1 bodies, 20% of
Emergent claims, drawn by the seed in its card; ``saidwho.train.stance.split``): nothing in
it was trained on, though the epoch and the relatedness threshold were chosen on it.
Every pair goes through ``saidwho.claims.stance.stance_lines``, the function behind
``saidwho stance``, as JSON lines.

- Emergent (claim vs article headline): accuracy, macro-F1 and F1 per label over
  for / against / observing (an ``unrelated`` answer counts as wrong);
- FNC-1 (headline vs body): the FNC score relative to its maximum, macro-F1 and F1 per
  label over all four. FNC-1 reuses each headline with many bodies, so a split by body
  (as FNC-1's own) leaves every dev headline also in train, with other bodies; the
  competition test has new ones, and dev figures run high (the share is recorded);
- time: FNC-1 dev pairs, shuffled and repeated to 25,413 (the size of the FNC-1 test
  set), through the same function, on this machine (its load average is recorded: the
  machine may be shared);
- baseline: a TF-IDF logistic regression per corpus (claim and text TF-IDF vectors and
  their cosine; sklearn) trained on the same train split, scored on the same dev.

Usage: python bench/stance.py [--data ../shared/data] [--pairs 25413] [--no-baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import ROOT, context, write

from saidwho.claims.stance import MODEL_DIR, stance_lines
from saidwho.settings import usable_cores
from saidwho.train.stance import Pair, load_splits, scores

TEST_PAIRS = 25_413  # FNC-1's competition test set


def run(pairs: Sequence[Pair]) -> list[str]:
    """Each pair's label from ``saidwho stance``'s function, fed JSON lines."""
    lines = (json.dumps({"claim": p.claim, "text": p.text}) for p in pairs)
    out = []
    for item in stance_lines(lines, source="dev"):
        assert isinstance(item, dict), item
        out.append(item["stance"])
    return out


def timing(dev: Sequence[Pair], n: int, seed: int) -> dict[str, Any]:
    fnc = [p for p in dev if p.corpus == "fnc1"]
    random.Random(seed).shuffle(fnc)
    pairs = [fnc[k % len(fnc)] for k in range(n)]
    started = time.perf_counter()
    labels = run(pairs)
    seconds = time.perf_counter() - started
    return {
        "pairs": len(labels),
        "distinct_bodies": len({p.text for p in pairs}),
        "seconds": round(seconds, 1),
        "pairs_per_second": round(len(labels) / seconds, 1),
        "cores": usable_cores(),
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
    }


def baseline(train: Sequence[Pair], dev: Sequence[Pair]) -> dict[str, Any]:
    """TF-IDF logistic regression per corpus, trained on train, scored on dev."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    preds: dict[int, str] = {}
    for corpus in ("fnc1", "emergent"):
        tr = [p for p in train if p.corpus == corpus]
        idx = [n for n, p in enumerate(dev) if p.corpus == corpus]
        vec = TfidfVectorizer(max_features=5000, stop_words="english", sublinear_tf=True)
        vec.fit(sorted({t for p in tr for t in (p.claim, p.text)}))

        def features(pairs: Sequence[Pair], vec: Any = vec) -> Any:
            c, t = vec.transform([p.claim for p in pairs]), vec.transform([p.text for p in pairs])
            cos = np.asarray(c.multiply(t).sum(axis=1))
            return hstack([c, t, csr_matrix(cos)]).tocsr()

        model = LogisticRegression(max_iter=2000, C=10.0).fit(features(tr), [p.label for p in tr])
        for n, label in zip(idx, model.predict(features([dev[n] for n in idx])), strict=True):
            preds[n] = str(label)
    return scores(dev, [preds[n] for n in range(len(dev))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--pairs", type=int, default=TEST_PAIRS, help="pairs in the timed run (0: none)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    card = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    seed = card["recipe"]["seed"]
    train, dev = load_splits(args.data, seed)
    figures = scores(dev, run(dev))
    # FNC-1 reuses each headline with many bodies: every dev headline is also in train
    # (with other bodies), while the competition test has new headlines. Dev is easier.
    seen = {p.claim for p in train}
    figures["fnc1"]["dev_headlines_seen_in_train"] = sum(
        p.claim in seen for p in dev if p.corpus == "fnc1"
    ) / max(1, figures["fnc1"]["pairs"])
    payload: dict[str, Any] = {
        **context("dev"),
        "split": card["split"],
        "model": {"max_len": card["max_len"], "threshold": card["related"]["threshold"]},
        "dev": figures,
        **({"timing": timing(dev, args.pairs, seed)} if args.pairs else {}),
        **({"baseline_tfidf_lr": baseline(train, dev)} if not args.no_baseline else {}),
    }
    print(f"wrote {write('stance', payload)}")  # noqa: T201


if __name__ == "__main__":
    main()
