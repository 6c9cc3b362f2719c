"""Where the model's contents miss on PolNeAR dev -> bench/results/content_errors.json.

Runs the model extractor as ``saidwho extract`` does (clean, blank boilerplate, parse, tag,
link, tidy), keeping the tagger's segments, and sorts every gold content that is not
predicted exactly: found with a wrong boundary, not tagged at all, tagged exactly but grouped
wrongly (glued to another segment, or a piece of a discontinuous content left out), or
tagged with no cue in reach. Also scores exact content per contiguous
piece, the way sequence-labelling papers count spans (MODEL.md quotes both).

Usage: python bench/content_errors.py [--split dev]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from _common import POLNEAR, context, write

from saidwho.attribution import tidy
from saidwho.attribution.linking import link
from saidwho.attribution.model import ModelExtractor
from saidwho.clean import clean
from saidwho.evaluate import gold_files
from saidwho.export.brat import Ranges, from_attributions, read_ann
from saidwho.ingest import read_inputs
from saidwho.nlp import load_nlp
from saidwho.pipeline import blank_outside
from saidwho.records import RawDoc
from saidwho.settings import Settings


def _touches(a: Ranges, b: Ranges) -> bool:
    return any(min(e1, e2) > max(s1, s2) for s1, e1 in a for s2, e2 in b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    args = parser.parse_args()
    split = POLNEAR / args.split
    gold = gold_files(split / "attributions")
    settings, nlp, extractor = Settings(), load_nlp(), ModelExtractor()
    paths = [str(split / "text" / f"{stem}.txt") for stem in sorted(gold)]
    kinds: Counter[str] = Counter()
    pieces: Counter[str] = Counter()
    for raw, stem in zip(read_inputs(paths, settings=settings), sorted(gold), strict=True):
        assert isinstance(raw, RawDoc), raw
        article = clean(raw, settings=settings)
        doc = nlp(blank_outside(article.text, article.body))
        segments = extractor.segments(doc)
        atts = tidy(article.text, link(doc.text, segments, [s.start_char for s in doc.sents]))
        predicted = {c for a in from_attributions(atts) for c in a.content}
        tagged = {(s, e) for s, e, _ in segments["content"]}
        golds = {c for a in read_ann(gold[stem]) for c in a.content if c}
        for g in golds:
            if g in predicted:
                kinds["exact"] += 1
            elif not all(r in tagged for r in g):
                kinds["wrong boundary" if any(_touches(g, (r,)) for r in tagged) else "not tagged"] += 1
            else:
                kinds["wrong grouping" if any(_touches(g, p) for p in predicted) else "no cue in reach"] += 1
        pred_pieces = {r for c in predicted for r in c}
        gold_pieces = {r for c in golds for r in c}
        pieces.update(tp=len(pred_pieces & gold_pieces), pred=len(pred_pieces), gold=len(gold_pieces))
    p, r = pieces["tp"] / pieces["pred"], pieces["tp"] / pieces["gold"]
    result = {"gold_contents": dict(kinds), "piece_exact": {"p": round(p, 4), "r": round(r, 4),
                                                            "f1": round(2 * p * r / (p + r), 4)}}
    path = write("content_errors", {**context(args.split), **result})
    sys.stdout.write(json.dumps(result, indent=2) + f"\nwritten to {path}\n")


if __name__ == "__main__":
    main()
