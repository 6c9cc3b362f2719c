"""Does a fixed-seed training repeat its weights? -> bench/results/train-repeat.json.

Trains one short epoch (``saidwho.train.tagger.fit`` on the first N train articles, seed 1) three
times, each in a fresh process: twice as this CPU runs it, once with torch's kernels held
to AVX2 (``ATEN_CPU_CAPABILITY=avx2``, as on a CPU without AVX-512), and hashes the weights.
Equal hashes for the first two and a different one for the third mean a fixed seed repeats
the bytes on one kind of CPU only (the model card's "Rerun on another host").

Usage: python bench/train_repeat.py [--limit 40]   (about a minute per run on 2 cores)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from _common import POLNEAR, context, write

RUNS = (("native", None), ("native again", None), ("avx2", "avx2"))


def _train_and_hash(limit: int) -> str:
    from saidwho.train.tagger import fit

    model = fit(POLNEAR, epochs=1, limit=limit, average_last=0).model
    digest = hashlib.sha256()
    for _, tensor in sorted(model.state_dict().items()):
        digest.update(tensor.detach().cpu().numpy().tobytes())
    return digest.hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(_train_and_hash(args.limit) + "\n")
        return 0
    hashes = {}
    for name, capability in RUNS:
        env = {k: v for k, v in os.environ.items() if k != "ATEN_CPU_CAPABILITY"}
        if capability:
            env["ATEN_CPU_CAPABILITY"] = capability
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", "--limit", str(args.limit)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        hashes[name] = done.stdout.split()[-1]
    result = {
        **context("train"),
        "articles": args.limit,
        "weights_sha256": hashes,
        "repeats_on_this_cpu": hashes["native"] == hashes["native again"],
        "repeats_with_avx2_kernels": hashes["native"] == hashes["avx2"],
    }
    sys.stdout.write(json.dumps(result, indent=2) + f"\nwritten to {write('train-repeat', result)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
