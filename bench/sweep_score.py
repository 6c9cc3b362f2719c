"""Score the recipes of ``bench/sweep.py`` end to end on PolNeAR dev, as ``saidwho extract``
would with each one's tagger: decode its cached logits (offsets tuned on dev end to end, as
``saidwho train`` tunes them), link, tidy, score against the gold.

Usage:
    python bench/sweep_score.py --texts FILE           # write dev's texts for bench/sweep.py
    python bench/sweep_score.py NPZ ... [--ensemble] [--name sweep]
                                     # score each recipe (and their mean) -> results/NAME.json
    python bench/sweep_score.py --model DIR            # the same for an exported model

Float32 logits, so about half a point above what the same tagger scores after int8 export.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from _common import POLNEAR, context, parsed_split, write

from saidwho.attribution.encoding import ROLES, Tagging, decode_each, widen
from saidwho.attribution.model import ModelExtractor
from saidwho.evaluate import Scores, score_document
from saidwho.formats.brat import from_attributions
from saidwho.pipeline import analyse
from saidwho.train.linked import FALLBACK_BIAS, tune_linked
from saidwho.train.polnear import Example, load_split


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _load(path: Path) -> tuple[list[np.ndarray], list[np.ndarray], Any, dict[str, Any]]:
    with np.load(path) as z:
        bounds = np.cumsum([0, *z["lengths"]])
        logits = [z["logits"][a:b].astype(np.float32) for a, b in itertools.pairwise(bounds)]
        offsets = [z["offsets"][a:b] for a, b in itertools.pairwise(bounds)]
        transitions = z["transitions"].tolist() or None
        meta = {"options": json.loads(str(z["options"])), "history": json.loads(str(z["history"]))}
    return logits, offsets, transitions, meta


def score(
    parsed: list[Any],
    gold: list[Example],
    logits: list[np.ndarray],
    offsets: list[np.ndarray],
    transitions: Any,
) -> dict[str, Any]:
    """Tune offsets on dev end to end (``gold``: dev's examples, in ``parsed``'s order), then
    score end to end as ``saidwho extract`` runs."""
    o_bias, tuned = tune_linked(list(zip(zip(logits, offsets, strict=True), gold, strict=True)), transitions)
    # The recipe's tagging, linked as the shipped extractor links any tagging (no model runs).
    linker = ModelExtractor()
    scores = Scores()
    for item, lg, off in zip(parsed, logits, offsets, strict=True):
        strict, fallback = (
            widen(item.doc.text, found)
            for found in decode_each(lg, off, [o_bias, FALLBACK_BIAS], transitions)
        )
        tagged = Tagging(strict, fallback)
        atts = analyse(item.article, item.doc, linker, tagged=tagged).attributions
        score_document(scores, item.file_text, from_attributions(atts), item.gold)
    out: dict[str, Any] = {"o_bias": o_bias, "tuned": tuned}
    out |= {r: round(scores.exact[r].f1, 4) for r in ROLES}
    out["content_piece"] = round(scores.piece["content"].f1, 4)
    out["attribution"] = round(scores.attribution.f1, 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("npz", nargs="*", type=Path)
    parser.add_argument("--texts", type=Path, help="write dev's texts (as extract sees them) here")
    parser.add_argument("--model", type=Path, help="also score this exported model (int8 ONNX)")
    parser.add_argument("--ensemble", action="store_true", help="also score the mean of all logits")
    parser.add_argument("--name", default="sweep", help="write bench/results/NAME.json")
    args = parser.parse_args()
    parsed = list(parsed_split(POLNEAR / "dev"))
    examples = {ex.stem: ex for ex in load_split(POLNEAR / "dev")}
    gold = [examples[item.stem] for item in parsed]
    if args.texts:
        rows = [{"stem": p.stem, "text": p.doc.text} for p in parsed]
        args.texts.write_text(json.dumps(rows), encoding="utf-8")
        say(f"{len(rows)} texts written to {args.texts}")
    runs = {path.stem: _load(path) for path in args.npz}
    results: dict[str, Any] = {}
    if args.model:
        from saidwho.attribution.encoding import piece_logits

        model = ModelExtractor(args.model, fresh=True)
        pairs = [piece_logits(model.run, p.doc.text, model.tokenizer, words=model.words) for p in parsed]
        runs[str(args.model)] = (
            [lg for lg, _ in pairs],
            [off for _, off in pairs],
            model.card.get("transitions"),
            {"options": {}, "history": model.card["history"]},
        )
    for name, (logits, offsets, transitions, meta) in runs.items():
        last = meta["history"][-1]
        results[name] = {
            "options": meta["options"],
            "float_segment_f1": {r: round(v, 4) for r, v in last["dev_segment_f1"].items()},
            "end_to_end": score(parsed, gold, logits, offsets, transitions),
        }
        say(f"{name} {json.dumps(results[name])}")
    if args.ensemble and len(runs) > 1:
        members = list(runs.values())
        mean = [np.mean(stack, axis=0) for stack in zip(*(m[0] for m in members), strict=True)]
        # CRF members: their transitions are averaged too; a mix of CRF and plain members
        # decodes without transitions.
        trans = [m[2] for m in members]
        mean_trans = np.mean(trans, axis=0).tolist() if all(t is not None for t in trans) else None
        results["ensemble"] = {
            "members": list(runs),
            "end_to_end": score(parsed, gold, mean, members[0][1], mean_trans),
        }
        say(f"ensemble {json.dumps(results['ensemble'])}")
    if results:
        say(f"written to {write(args.name, {**context('dev'), 'recipes': results})}")


if __name__ == "__main__":
    main()
