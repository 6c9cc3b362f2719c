"""Two tagger models, end to end on PolNeAR dev -> bench/results/compare-models.json.

Runs the shipped pipeline (clean, blank boilerplate, parse once, then each model's tagging
through ``pipeline.analyse``: linking, tidying, resolution) and reports, per model, exact F1
per role and attribution-level F1, and the tagger's own words/s (tagging alone, same
documents, same process, the two models taking turns to go first). The difference
(candidate minus baseline) gets a 95% bootstrap interval over documents: dev has 84
articles, so this says which differences dev can tell apart.

Usage: python bench/compare_models.py --baseline DIR [--candidate DIR] [--resamples 2000]
                                      [--name compare-models]
(the candidate defaults to the shipped model; an earlier shipped model can be unpacked with
``git archive COMMIT saidwho/models/tagger | tar -x -C /tmp/prev``)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from _common import POLNEAR, context, parsed_split, write

from saidwho.attribution.encoding import ROLES
from saidwho.attribution.model import MODEL_DIR, ModelExtractor
from saidwho.evaluate import Counts, Scores, score_document
from saidwho.formats.brat import from_attributions
from saidwho.pipeline import analyse

FIGURES = (*ROLES, "attribution")


def _counts(scores: Scores, figure: str) -> Counts:
    return scores.attribution if figure == "attribution" else scores.exact[figure]


def _f1(per_doc: np.ndarray) -> float:
    """F1 from summed (tp_pred, tp_gold, pred, gold) rows."""
    tp_p, tp_g, pred, gold = per_doc.sum(axis=0)
    p, r = (tp_p / pred if pred else 0.0), (tp_g / gold if gold else 0.0)
    return float(2 * p * r / (p + r)) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--candidate", type=Path, default=MODEL_DIR)
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--name", default="compare-models", help="write bench/results/NAME.json")
    args = parser.parse_args()
    models = {
        "baseline": ModelExtractor(args.baseline, fresh=True),
        "candidate": ModelExtractor(args.candidate, fresh=True),
    }
    # counts[name][figure]: one (tp_pred, tp_gold, pred, gold) row per document
    counts: dict[str, dict[str, list[tuple[int, int, int, int]]]] = {
        name: {f: [] for f in FIGURES} for name in models
    }
    seconds, words = dict.fromkeys(models, 0.0), 0
    for k, item in enumerate(parsed_split(POLNEAR / "dev")):
        words += sum(not t.is_space and not t.is_punct for t in item.doc)
        # Alternate which model tags first: the second pass over a text runs a little faster.
        for name, extractor in list(models.items())[:: -1 if k % 2 else 1]:
            tick = time.perf_counter()
            tagged = extractor.tag(item.doc.text)
            seconds[name] += time.perf_counter() - tick
            atts = analyse(item.article, item.doc, extractor, tagged=tagged).attributions
            scores = Scores()
            score_document(scores, item.file_text, from_attributions(atts), item.gold)
            for figure in FIGURES:
                c = _counts(scores, figure)
                counts[name][figure].append((c.tp_pred, c.tp_gold, c.pred, c.gold))
    arrays = {n: {f: np.array(rows) for f, rows in by.items()} for n, by in counts.items()}
    rng = np.random.default_rng(0)
    n_docs = len(arrays["baseline"]["attribution"])
    samples = [rng.integers(0, n_docs, n_docs) for _ in range(args.resamples)]
    result: dict[str, object] = {
        "baseline": str(args.baseline),
        "candidate": str(args.candidate),
        "documents": n_docs,
        "tagging_words_per_s": {n: round(words / s) for n, s in seconds.items()},
    }
    for figure in FIGURES:
        base, cand = arrays["baseline"][figure], arrays["candidate"][figure]
        diffs = np.sort([_f1(cand[i]) - _f1(base[i]) for i in samples])
        result[figure] = {
            "baseline": round(_f1(base), 4),
            "candidate": round(_f1(cand), 4),
            "difference": round(_f1(cand) - _f1(base), 4),
            "interval_95": [round(float(np.quantile(diffs, q)), 4) for q in (0.025, 0.975)],
        }
    path = write(args.name, {**context("dev"), **result})
    sys.stdout.write(json.dumps(result, indent=2) + f"\nwritten to {path}\n")


if __name__ == "__main__":
    main()
