"""Is `saidwho extract`'s output unchanged? -> bench/results/identical.json.

Runs ``saidwho extract FOLDER --format jsonl`` with this checkout and with a clean export of
``--against REV`` (``git archive``, as ``bench/speed.py --against`` does) on each set: PolNeAR
dev, the scrapes and the off-genre articles of the gold, and the dense story of
``bench/long_docs.py``. Compares the two outputs document by document (the JSON line as
written, so offsets, speakers and every field) and lists each document that differs, with
the first field that does. A speed change passes when every set is identical.

Usage: python bench/identical.py --against REV [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import POLNEAR, ROOT, context, write
from _revision import export

SETS = {
    "polnear_dev": POLNEAR / "dev" / "text",
    "scrapes": ROOT / "tests" / "data" / "scrapes",
    "offgenre": ROOT / "bench" / "data" / "offgenre" / "text",
    "dense": ROOT / "bench" / "data" / "dense",
}


def outputs(folder: Path, pythonpath: str | None, jobs: int) -> dict[str, str]:
    """Each document's JSON line from ``saidwho extract``, by its file name."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    saidwho = str(Path(sys.executable).with_name("saidwho"))
    command = [saidwho, "extract", str(folder), "--format", "jsonl", "-q", "--jobs", str(jobs)]
    lines = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return {Path(json.loads(line)["source"]).name: line for line in lines.splitlines() if line.strip()}


def first_difference(new: Any, old: Any, at: str = "") -> str:
    """Where two decoded outputs first differ, as a path (``attributions[3].speaker``)."""
    if isinstance(new, dict) and isinstance(old, dict):
        for key in sorted(set(new) | set(old)):
            if new.get(key) != old.get(key):
                return first_difference(new.get(key), old.get(key), f"{at}.{key}" if at else key)
    if isinstance(new, list) and isinstance(old, list):
        if len(new) != len(old):
            return f"{at} (length {len(new)} vs {len(old)})"
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            if a != b:
                return first_difference(a, b, f"{at}[{i}]")
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", metavar="REV", required=True)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        commit = export(args.against, Path(tmp))
        for name, folder in SETS.items():
            new, old = outputs(folder, None, args.jobs), outputs(folder, tmp, args.jobs)
            differing = {
                doc: first_difference(json.loads(new[doc]), json.loads(old[doc]))
                for doc in sorted(new)
                if doc in old and new[doc] != old[doc]
            }
            found[name] = {
                "documents": len(new),
                "identical": sum(1 for doc in new if new[doc] == old.get(doc)),
                "only_in_one": sorted(set(new) ^ set(old)),
                "differing": differing,
            }
            sys.stdout.write(f"{name}: {found[name]['identical']} of {len(new)} identical\n")
    path = write("identical", {**context("dev"), "against": commit, "jobs": args.jobs, "sets": found})
    sys.stdout.write(f"written to {path}\n")
    sys.exit(0 if all(not s["differing"] and not s["only_in_one"] for s in found.values()) else 1)


if __name__ == "__main__":
    main()
