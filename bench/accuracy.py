"""Accuracy of an extractor on PolNeAR dev -> bench/results/accuracy-<extractor>.json.

``--limit N`` scores the first N articles (by file name) only and writes
``accuracy-<extractor>-first<N>.json``. ``--check`` is CI's cheap end-to-end gate: the model
on the first CHECK_ARTICLES dev articles (about 20 s on 2 cores), nothing written, exit 1
if a figure is under its floor in CHECK_FLOORS.

Usage: python bench/accuracy.py [--extractor rules] [--split dev] [--jobs N] [--limit N]
       python bench/accuracy.py --check
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _common import POLNEAR, context, write

from saidwho.evaluate import Scores, evaluate, format_table, gold_files
from saidwho.settings import load_settings

CHECK_ARTICLES = 20
# The model on the first 20 dev articles scored 0.862 / 0.797 / 0.697 exact source / cue /
# content F1 and 0.832 attribution F1 (bench/results/accuracy-model-first20.json); each
# floor sits about 4 points under, past the run-to-run and small-edit noise of 20 articles.
CHECK_FLOORS = {
    ("exact", "source"): 0.82,
    ("exact", "cue"): 0.76,
    ("exact", "content"): 0.66,
    ("attribution", None): 0.79,
}


def score(split_dir: Path, extractor: str, jobs: int, limit: int | None) -> Scores:
    """Scores of ``extractor`` on a PolNeAR split, or on its first ``limit`` articles."""
    settings = load_settings({"extractor": extractor, "jobs": jobs})
    if limit is None:
        return evaluate(split_dir, settings=settings)
    gold = gold_files(split_dir / "attributions")
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp)  # the same layout, holding links to the first ``limit`` articles
        (subset / "text").mkdir()
        (subset / "attributions").mkdir()
        for stem in sorted(gold)[:limit]:
            (subset / "text" / f"{stem}.txt").symlink_to(split_dir / "text" / f"{stem}.txt")
            (subset / "attributions" / gold[stem].name).symlink_to(gold[stem])
        return evaluate(subset, settings=settings)


def check(scores: Scores) -> list[tuple[bool, str]]:
    """One ``(ok, line)`` per floor in CHECK_FLOORS."""
    lines = []
    for (view, role), floor in CHECK_FLOORS.items():
        value = round((getattr(scores, view)[role] if role else scores.attribution).f1, 4)
        label = f"model {view} {role} F1" if role else "model attribution F1"
        ok = value >= floor
        verdict, sign = ("ok      ", ">=") if ok else ("UNDER   ", "<")
        lines.append(
            (ok, f"{verdict} {label}, first {CHECK_ARTICLES} dev articles: {value:g} {sign} floor {floor:g}")
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--extractor", default="rules")
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="score the first N articles only")
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"the model on the first {CHECK_ARTICLES} dev articles against CHECK_FLOORS",
    )
    args = parser.parse_args()
    if args.check:
        args.extractor, args.split, args.limit = "model", "dev", CHECK_ARTICLES
    split_dir = POLNEAR / args.split
    if not (split_dir / "attributions").is_dir():
        sys.exit(
            f"{split_dir}: no PolNeAR split here. Put PolNeAR in ../shared/data/polnear "
            "or point SAIDWHO_POLNEAR at it."
        )
    scores = score(split_dir, args.extractor, args.jobs, args.limit)
    sys.stdout.write(format_table(scores) + "\n")
    if args.check:
        lines = check(scores)
        sys.stdout.write("".join(line + "\n" for _, line in lines))
        sys.exit(0 if all(ok for ok, _ in lines) else 1)
    name = f"accuracy-{args.extractor}" + (f"-first{args.limit}" if args.limit else "")
    limit = {"limit": args.limit} if args.limit else {}
    path = write(
        name, {**context(args.split), "extractor": args.extractor, **limit, "scores": scores.as_dict()}
    )
    sys.stdout.write(f"written to {path}\n")


if __name__ == "__main__":
    main()
