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

from _common import POLNEAR, context, parsed_split, write

from saidwho.attribution.model import ModelExtractor
from saidwho.evaluate import Scores, score_document
from saidwho.formats.brat import Ranges, from_attributions
from saidwho.pipeline import analyse


def _touches(a: Ranges, b: Ranges) -> bool:
    return any(min(e1, e2) > max(s1, s2) for s1, e1 in a for s2, e2 in b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    args = parser.parse_args()
    extractor = ModelExtractor()
    kinds: Counter[str] = Counter()
    scores = Scores()
    for item in parsed_split(POLNEAR / args.split):
        doc = item.doc
        tagging = extractor.tag(doc.text)
        atts = from_attributions(analyse(item.article, doc, extractor, tagged=tagging).attributions)
        predicted = {c for a in atts for c in a.content}
        # Tagged: decoded at the model's offsets, or taken from its fallback by linking.
        tagged = {(s, e) for s, e, _ in tagging.segments["content"]} | {r for c in predicted for r in c}
        golds = {c for a in item.gold for c in a.content if c}
        for g in golds:
            if g in predicted:
                kinds["exact"] += 1
            elif not all(r in tagged for r in g):
                kinds["wrong boundary" if any(_touches(g, (r,)) for r in tagged) else "not tagged"] += 1
            else:
                kinds["wrong grouping" if any(_touches(g, p) for p in predicted) else "no cue in reach"] += 1
        score_document(scores, item.file_text, atts, item.gold)
    piece = scores.piece["content"]
    result = {
        "gold_contents": dict(kinds),
        "piece_exact": {
            "p": round(piece.precision, 4),
            "r": round(piece.recall, 4),
            "f1": round(piece.f1, 4),
        },
    }
    path = write("content_errors", {**context(args.split), **result})
    sys.stdout.write(json.dumps(result, indent=2) + f"\nwritten to {path}\n")


if __name__ == "__main__":
    main()
