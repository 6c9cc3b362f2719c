"""Corrections that teach the model -> bench/results/review.json.

1. The last 20 PolNeAR train articles (by name) are extracted with the shipped model and
   stored; each article's gold is turned into reviewers' corrections over the model's
   output, as a reviewer would make them: a statement whose cue the gold shares keeps its
   place and gets its source and content fixed where they differ; a statement the gold
   lacks is deleted; a gold statement the model missed is added. Counted per operation.
2. ``saidwho export --reviewed --format brat`` writes those articles; ``saidwho eval`` of
   what it wrote against PolNeAR's own gold for them is the round trip (1.0 when every
   gold statement survived as a correction). A gold attribution without a cue cannot be a
   statement and is counted apart.
3. ``saidwho train`` twice at the same scale, without and with the reviewed articles
   (``--reviewed``, weight 3): the first ``--train-limit`` train articles (disjoint from
   the reviewed ones), ``--epochs`` epochs; each model's figures on PolNeAR dev are those
   ``saidwho train`` records (``dev_linked_tuned``: tagged, linked and scored end to end,
   its decoding offsets tuned on dev, the same for both). The shipped recipe (840
   articles, 5 epochs) takes about 83 minutes on 2 cores, twice that for the pair, so the
   default here is a reduced scale, recorded in the result: 120 articles, 3 epochs (at 60
   articles and 1 epoch neither model learns anything: dev F1 0.02). ``--train-limit 0
   --epochs 5`` runs the full recipe. ``--skip-train`` stops after step 2.

Usage: python bench/review.py [--train-limit 120] [--epochs 3] [--skip-train]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import POLNEAR, context, write

from saidwho import extract_many
from saidwho.corpus import open_store
from saidwho.evaluate import evaluate, gold_files
from saidwho.formats.brat import GoldAttribution, read_ann
from saidwho.records import Article, Failure, RawDoc
from saidwho.review import Correction
from saidwho.settings import Settings
from saidwho.store import Store, queries
from saidwho.store.corrections import record
from saidwho.store.export import export_brat
from saidwho.store.rows import store_key

REVIEWED = 20
WEIGHT = 3


def _span(ranges: Any) -> dict[str, int]:
    (start, end) = (ranges[0][0], ranges[-1][1])
    return {"start": start, "end": end}


def _content(gold: GoldAttribution) -> list[dict[str, int]]:
    """All of a gold attribution's content pieces, as one content (a record holds one)."""
    return [{"start": s, "end": e} for ranges in gold.content for s, e in ranges]


def _speaker(article: Article, source: Any) -> dict[str, Any] | None:
    if source is None:
        return None
    start, end = source[0][0], source[-1][1]
    for sp in article.speakers:
        if any((m.start, m.end) == (start, end) for m in sp.mentions):
            return {"speaker": sp.id}
    return {"name": article.text[start:end][:200], "type": "person"}


def corrections_for(key: str, article: Article, gold: list[GoldAttribution]) -> tuple[list[Correction], int]:
    """The corrections that turn the model's statements into the gold ones; the number of
    gold attributions without a cue (not representable)."""
    by_cue = {(a.cue.start, a.cue.end): a for a in article.attributions}
    out: list[Correction] = []
    matched: set[str] = set()
    no_cue = 0
    for g in gold:
        if not g.cue or not g.content:
            no_cue += 1
            continue
        cue = (g.cue[0][0], g.cue[-1][1])
        att = by_cue.get(cue)
        if att is None or att.id in matched:
            value = {"cue": _span(g.cue), "content": _content(g), "source": g.source and _span(g.source)}
            if (who := _speaker(article, g.source)) is not None:
                value["speaker"] = who
            out.append(Correction(article=key, op="add", value=value))
            continue
        matched.add(att.id)
        source = None if g.source is None else (g.source[0][0], g.source[-1][1])
        if source != ((att.source.start, att.source.end) if att.source else None):
            out.append(
                Correction(article=key, op="source", attribution=att.id, value=g.source and _span(g.source))
            )
        if [tuple(s) for s in att.content.spans] != sorted((s["start"], s["end"]) for s in _content(g)):
            out.append(Correction(article=key, op="content", attribution=att.id, value=_content(g)))
    out += [
        Correction(article=key, op="delete", attribution=a.id)
        for a in article.attributions
        if a.id not in matched
    ]
    return out, no_cue


def review_store(store: Store, stems: list[str], train: Path) -> dict[str, Any]:
    raws = [
        RawDoc(
            source=str(train / "text" / f"{s}.txt"),
            format="txt",
            text=(train / "text" / f"{s}.txt").read_text(encoding="utf-8"),
        )
        for s in stems
    ]
    started = time.time()
    found = [r for r in extract_many(raws) if not isinstance(r, Failure)]
    store.add(found)
    extract_s = time.time() - started
    gold = gold_files(train / "attributions")
    ops: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    unrepresentable = 0
    started = time.time()
    for article, stem in zip(found, stems, strict=True):
        key = store_key(article.id, article.url)
        fixes, no_cue = corrections_for(key, article, read_ann(gold[stem]))
        unrepresentable += no_cue
        ops.update(f.op for f in fixes)
        outcomes.update(
            o.status for o in record(store.con, fixes, reviewer="PolNeAR gold", corpus=store.corpus)
        )
    return {
        "articles": len(found),
        "extract_seconds": round(extract_s, 1),
        "apply_seconds": round(time.time() - started, 1),
        "corrections": dict(ops),
        "outcomes": dict(outcomes),
        "gold_without_cue": unrepresentable,
        "machine_statements": sum(len(a.attributions) for a in found),
    }


def round_trip(store: Store, out: Path, stems: list[str], train: Path) -> dict[str, Any]:
    """Export the reviewed articles, score them against PolNeAR's gold for them."""
    export_brat(store.con, out / "reviewed", reviewed=True)
    gold_dir = out / "gold"
    (gold_dir / "attributions").mkdir(parents=True)
    (gold_dir / "text").mkdir()
    gold = gold_files(train / "attributions")
    for stem in stems:
        (gold_dir / "attributions" / f"{stem}.ann").symlink_to(gold[stem])
        (gold_dir / "text" / f"{stem}.txt").symlink_to(train / "text" / f"{stem}.txt")
    scores = evaluate(gold_dir, pred_dir=out / "reviewed" / "attributions", settings=Settings()).as_dict()
    return {
        "documents": scores["documents"],
        "attribution_f1": scores["attribution"]["f1"],
        "exact_f1": {role: scores["exact"][role]["f1"] for role in ("source", "cue", "content")},
    }


def retrain(out: Path, *, limit: int | None, epochs: int) -> dict[str, Any]:
    from saidwho.train.tagger import train

    runs = {}
    for name, reviewed in (("without", None), ("with_reviewed", out / "reviewed")):
        started = time.time()
        card = train(
            POLNEAR,
            out / f"model-{name}",
            epochs=epochs,
            limit=limit,
            reviewed=reviewed,
            reviewed_weight=WEIGHT,
        )
        runs[name] = {
            "dev": card["dev_linked_tuned"],
            "train_articles": card["train_articles"],
            "reviewed_articles": card["reviewed_articles"],
            "reviewed_weight": card["reviewed_weight"],
            "minutes": round((time.time() - started) / 60, 1),
        }
    runs["change"] = {
        k: round(runs["with_reviewed"]["dev"][k] - runs["without"]["dev"][k], 4)
        for k in runs["without"]["dev"]
    }
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--train-limit", type=int, default=120, help="PolNeAR train articles (0: all).")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--skip-train", action="store_true")
    args = parser.parse_args()
    train = POLNEAR / "train"
    stems = sorted(gold_files(train / "attributions"))[-REVIEWED:]
    result: dict[str, Any] = {**context("PolNeAR train (last 20 reviewed) and dev"), "reviewed_stems": stems}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        with open_store(out / "review.duckdb") as store:
            result["review"] = review_store(store, stems, train)
            result["round_trip"] = round_trip(store, out, stems, train)
            assert queries.counts(store.con)["corrections"] > 0
        if not args.skip_train:
            result["retrain"] = {
                "scale": {"train_limit": args.train_limit or "all", "epochs": args.epochs, "weight": WEIGHT},
                **retrain(out, limit=args.train_limit or None, epochs=args.epochs),
            }
    print(write("review", result))  # noqa: T201 - a script: the path written


if __name__ == "__main__":
    main()
