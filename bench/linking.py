"""The linking rules alone: gold Source/Cue/Content segments in, attributions out.

Feeds PolNeAR's gold segments (every span cut into its contiguous pieces, as the tagger sees
them) to ``saidwho.attribution.assemble.link`` and scores the attributions it builds against
the gold ones. The result is the ceiling the trained extractor can reach with perfect
tagging: its errors beyond this are the tagger's. -> bench/results/linking.json

Usage: python bench/linking.py [--split dev]
"""

from __future__ import annotations

import argparse
import sys

from _common import POLNEAR, context, write
from dev_rules import parsed

from saidwho.attribution.assemble import link
from saidwho.evaluate import Scores, format_table, score_document
from saidwho.formats.brat import from_attributions
from saidwho.train.polnear import load_split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    args = parser.parse_args()
    docs = parsed(args.split)
    scores = Scores()
    for ex in load_split(POLNEAR / args.split):
        doc = docs[ex.stem]
        segments = {role: [(s, e, 1.0) for s, e in spans] for role, spans in ex.spans.items()}
        pred = link(ex.text, segments, [s.start_char for s in doc.sents])
        score_document(scores, ex.text, from_attributions(pred), ex.attributions)
    path = write("linking", {**context(args.split), "input": "gold segments", "scores": scores.as_dict()})
    sys.stdout.write(format_table(scores) + f"\nwritten to {path}\n")


if __name__ == "__main__":
    main()
