"""What the fallback decoding adds off PolNeAR's genre -> bench/results/fallback-fnc.json.

Runs the shipped model over the first N bodies of FNC-1's train split (other outlets, rumour
stories; no attribution gold) as ``saidwho extract`` does, linking each tagging twice: with
the fallback decoding (what ships) and without it (strict segments only). Reports how many
attributions each gives, how many the fallback adds or changes, their confidence against
the rest, and a seeded sample of the added ones to judge by eye (the card's "Limits").

Usage: python bench/fallback_offgenre.py [--bodies 150] [--sample 20] [--seed 0]
(FNC-1 is read from ../shared/data/fnc1/train_bodies.csv, or SAIDWHO_FNC1)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import statistics
import sys
from pathlib import Path

from _common import ROOT, context, write

from saidwho.attribution.model import ModelExtractor
from saidwho.clean import clean
from saidwho.ingest import read_stream
from saidwho.nlp import load_nlp
from saidwho.pipeline import analyse, blank_outside
from saidwho.records import Attribution, RawDoc
from saidwho.settings import Settings

FNC1 = Path(os.environ.get("SAIDWHO_FNC1", ROOT.parent / "shared" / "data" / "fnc1"))


def _key(att: Attribution) -> tuple[object, ...]:
    return (
        att.cue.start,
        att.cue.end,
        tuple(map(tuple, att.content.spans)),
        None if att.source is None else (att.source.start, att.source.end),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=150)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    path = FNC1 / "train_bodies.csv"
    if not path.is_file():
        sys.stderr.write(
            f"{path}: not found; set SAIDWHO_FNC1 to the folder holding FNC-1's train_bodies.csv\n"
        )
        return 2
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for _, r in zip(range(args.bodies), csv.DictReader(f), strict=False)]
    lines = "".join(
        json.dumps({"text": r["articleBody"], "url": f"fnc1:{r['Body ID']}"}) + "\n" for r in rows
    ).encode()
    settings, nlp, model = Settings(), load_nlp(), ModelExtractor()
    strict = 0
    kept: list[float] = []
    added: list[tuple[str, Attribution]] = []
    for raw in read_stream(io.BufferedReader(io.BytesIO(lines)), str(path), settings=settings):
        assert isinstance(raw, RawDoc), raw
        article = clean(raw, settings=settings)
        doc = nlp(blank_outside(article.text, article.body))
        tagged = model.tag(doc.text)
        strict_only = analyse(article, doc, model, tagged=tagged._replace(fallback=None))
        without = {_key(a) for a in strict_only.attributions}
        strict += len(without)
        for att in analyse(article, doc, model, tagged=tagged).attributions:
            if _key(att) in without:
                kept.append(att.confidence)
            else:
                added.append((raw.source, att))
    new = [att.confidence for _, att in added]
    sample = random.Random(args.seed).sample(added, min(args.sample, len(added)))
    result = {
        **context("fnc1-train"),
        "bodies": len(rows),
        "words": sum(len(r["articleBody"].split()) for r in rows),
        "attributions_strict": strict,
        "attributions_with_fallback": len(kept) + len(added),
        "added_or_changed": len(added),
        "confidence_median": {
            "added": statistics.median(new) if new else None,
            "rest": statistics.median(kept) if kept else None,
        },
        "share_under_0.8": {
            "added": round(sum(c < 0.8 for c in new) / max(len(new), 1), 3),
            "rest": round(sum(c < 0.8 for c in kept) / max(len(kept), 1), 3),
        },
        "sample": [
            {
                "body": body,
                "confidence": att.confidence,
                "cue": att.cue.text,
                "source": att.source.text if att.source else None,
                "content": att.content.text[:200],
            }
            for body, att in sample
        ],
    }
    shown = {k: v for k, v in result.items() if k != "sample"}
    sys.stdout.write(json.dumps(shown, indent=2) + f"\nwritten to {write('fallback-fnc', result)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
