"""Score the rule extractor on a PolNeAR split (train for error analysis, dev for figures).

Parses every article once with ``nlp.pipe`` and caches the Docs (DocBin) under
``bench/.cache/``, so rule changes re-score in seconds.

Example: python bench/dev_rules.py dev
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from spacy.tokens import Doc, DocBin

from saidwho.attribution.rules import RuleExtractor
from saidwho.evaluate import Scores, format_table, gold_files, score_document
from saidwho.formats.brat import from_attributions, read_ann
from saidwho.nlp import load_nlp
from saidwho.pipeline import analyse
from saidwho.records import Article

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
CACHE = Path(__file__).resolve().parent / ".cache"
log = logging.getLogger("dev_rules")


def parsed(split: str) -> dict[str, Doc]:
    """Return the split's Docs by stem, parsing and caching them on first use."""
    nlp = load_nlp()
    d = DATA / split
    stems = sorted(gold_files(d / "attributions"))
    cache = CACHE / f"{split}.spacy"
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        texts = [(d / "text" / f"{s}.txt").read_text(encoding="utf-8") for s in stems]
        docs = list(nlp.pipe(texts, batch_size=32))
        CACHE.mkdir(exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
    return dict(zip(stems, docs, strict=True))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("split", nargs="?", default="dev")
    args = ap.parse_args()
    docs = parsed(args.split)
    extractor = RuleExtractor()
    scores = Scores()
    gold = gold_files(DATA / args.split / "attributions")
    t0 = time.perf_counter()
    preds = {
        stem: analyse(Article(id=stem, source=stem, text=doc.text), doc, extractor).attributions
        for stem, doc in docs.items()
    }
    elapsed = time.perf_counter() - t0
    for stem, doc in docs.items():
        score_document(scores, doc.text, from_attributions(preds[stem]), read_ann(gold[stem]))
    ntok = sum(len(d) for d in docs.values())
    sys.stdout.write(format_table(scores) + "\n")
    sys.stdout.write(f"analyse: {elapsed:.2f}s for {ntok} tokens ({ntok / elapsed:,.0f} tok/s)\n")


if __name__ == "__main__":
    main()
