"""Accuracy of an extractor on PolNeAR dev -> bench/results/accuracy-<extractor>.json.

Usage: python bench/accuracy.py [--extractor rules] [--split dev]
"""

from __future__ import annotations

import argparse
import sys

from _common import POLNEAR, context, write

from saidwho.evaluate import evaluate, format_table
from saidwho.settings import load_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--extractor", default="rules")
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    settings = load_settings({"extractor": args.extractor, "jobs": args.jobs})
    scores = evaluate(POLNEAR / args.split, settings=settings)
    path = write(
        f"accuracy-{args.extractor}",
        {**context(args.split), "extractor": args.extractor, "scores": scores.as_dict()},
    )
    sys.stdout.write(format_table(scores) + f"\nwritten to {path}\n")


if __name__ == "__main__":
    main()
