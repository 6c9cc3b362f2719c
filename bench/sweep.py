"""Train several tagger recipes side by side and keep each one's dev logits, to be scored end
to end by ``bench/sweep_score.py``.

Made for a GPU (each recipe in its own process, sharing the card), where a recipe that takes
70 minutes on 2 CPU cores takes about one; it runs on CPU too. It needs torch, transformers,
tokenizers, numpy and msgspec, not spaCy: the texts to tag come ready-made from
``bench/sweep_score.py --texts FILE`` (PolNeAR dev as ``saidwho extract`` sees it).

Usage:
    python bench/sweep.py --data DIR --texts FILE --out DIR [--base DIR] [--device cuda]
        [--parallel N] NAME[:KEY=VALUE[,KEY=VALUE...]] ...

KEY is an option of ``saidwho.train.fit`` (epochs, seed, lr, crf, average_last, cue_words,
boundary_weight, batch_size, limit). Each recipe writes
OUT/NAME.npz: the float32 model's per-piece logits for every text (float16, concatenated),
their lengths, the pieces' character offsets, the CRF transitions if any, and the
per-epoch dev history.
"""

from __future__ import annotations

import argparse
import inspect
import json
import logging
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_TYPES = {
    "epochs": int,
    "seed": int,
    "batch_size": int,
    "limit": int,
    "average_last": int,
    "lr": float,
    "boundary_weight": float,
    "crf": bool,
    "cue_words": bool,
}


def parse_recipe(spec: str) -> tuple[str, dict[str, Any]]:
    """``"name:lr=1e-4,crf=1"`` -> ``("name", {"lr": 0.0001, "crf": True})``."""
    name, _, rest = spec.partition(":")
    options: dict[str, Any] = {}
    for pair in filter(None, rest.split(",")):
        key, _, value = pair.partition("=")
        if key not in _TYPES:
            raise SystemExit(f"{spec}: unknown option {key!r} (known: {', '.join(_TYPES)})")
        kind = _TYPES[key]
        options[key] = value.lower() in ("1", "true", "yes") if kind is bool else kind(value)
    return name, options


def run_recipe(
    name: str,
    options: dict[str, Any],
    data: Path,
    texts: list[str],
    out: Path,
    device: str,
    base: Path | None,
    threads: int,
) -> dict[str, Any]:
    import torch

    from saidwho.attribution.encoding import piece_logits
    from saidwho.train import _transitions, fit, torch_runner

    torch.set_num_threads(threads)
    # TF32 matrix products on a GPU: about twice as fast, and like any other seed-level
    # difference from the float32 CPU recipe, inside the run-to-run spread.
    torch.set_float32_matmul_precision("high")
    logging.basicConfig(level=logging.WARNING, format=f"{name} %(message)s")
    started = time.time()
    fitted = fit(data, device=device, base=base, **options)
    # Every option as it ran, defaults included: fit's defaults change when a recipe ships.
    defaults = {k: v.default for k, v in inspect.signature(fit).parameters.items() if k in _TYPES}
    options = {**defaults, **options}
    run = torch_runner(fitted.model, device)
    pairs = [piece_logits(run, text, fitted.tokenizer) for text in texts]
    transitions = _transitions(fitted.model)
    np.savez_compressed(
        out / f"{name}.npz",
        logits=np.concatenate([lg for lg, _ in pairs]).astype(np.float16),
        lengths=np.array([len(lg) for lg, _ in pairs]),
        offsets=np.concatenate([off for _, off in pairs]),
        transitions=np.array(transitions if transitions is not None else []),
        options=json.dumps(options, default=str),
        history=json.dumps(fitted.history),
    )
    return {"name": name, "minutes": round((time.time() - started) / 60, 1), "history": fitted.history}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--base", type=Path, default=None)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads per recipe")
    parser.add_argument("recipes", nargs="+")
    args = parser.parse_args()
    recipes = [parse_recipe(spec) for spec in args.recipes]
    texts = [row["text"] for row in json.loads(args.texts.read_text(encoding="utf-8"))]
    args.out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(args.parallel, mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(
                run_recipe, name, options, args.data, texts, args.out, args.device, args.base, args.threads
            )
            for name, options in recipes
        ]
        for future in futures:
            result = future.result()
            rows = [
                f"{h['epoch']}: " + "/".join(f"{v:.3f}" for v in h["dev_segment_f1"].values())
                for h in result["history"]
            ]
            sys.stdout.write(f"{result['name']} ({result['minutes']} min): " + "  ".join(rows) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
