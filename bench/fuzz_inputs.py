"""How many lightly damaged copies of a scrape and of a page come through reading and cleaning.

The copies are tests/ingest/test_ingest_fuzz.py's (60 of each, seeded): random bytes flipped
or inserted, a stray NUL, or the text saved as cp1252 or latin-1. A copy comes through when
it is read as one document and cleaned into an article with a body; a legacy-encoded copy
also counts as exact when its text is the original's. ``--before REV`` scores the same copies
with saidwho as of a git revision (checked out in a temporary worktree) for comparison.

    python bench/fuzz_inputs.py --before e901dd2   # -> bench/results/fuzz-inputs.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("wire_story.txt", "article_page.html")


def fuzz_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "tests" / "ingest" / "test_ingest_fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def counts() -> dict[str, Any]:
    """Per sample: copies through, by kind, and legacy copies whose text is exact."""
    from saidwho.clean import clean
    from saidwho.ingest import read_inputs
    from saidwho.records import RawDoc

    logging.disable(logging.CRITICAL)
    fuzz = fuzz_module()
    settings, out = fuzz.SETTINGS, {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in SAMPLES:
            through, total, exact = Counter[str](), Counter[str](), 0
            for copy, data, expected in fuzz.copies(name):
                kind = copy.split("-", 1)[1].removesuffix(f"-{name}")
                total[kind] += 1
                path = Path(tmp) / copy
                path.write_bytes(data)
                items = list(read_inputs([str(path)], settings=settings))
                if len(items) != 1 or not isinstance(items[0], RawDoc):
                    continue
                try:
                    article = clean(items[0], settings=settings)
                except Exception:  # a copy that does not come through is the figure
                    continue
                through[kind] += 1
                if expected is not None and items[0].format == "txt":
                    exact += article.text == expected
                elif expected is not None:
                    undamaged = RawDoc(source=copy, format="html", html=expected)
                    exact += article.text == clean(undamaged, settings=settings).text
            out[name] = {
                "copies": sum(total.values()),
                "through": sum(through.values()),
                "by_kind": {k: f"{through[k]}/{total[k]}" for k in total},
                "legacy_exact": exact,
                "legacy": total["cp1252"] + total["latin-1"],
            }
    return out


def counts_at(rev: str) -> dict[str, Any]:
    """``counts()`` with saidwho as of ``rev``, run in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=ROOT, check=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            child = subprocess.run(
                [sys.executable, __file__, "--counts-only"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    return dict(json.loads(child.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="also score saidwho as of this git revision")
    parser.add_argument("--counts-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.counts_only:
        sys.stdout.write(json.dumps(counts()))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from _common import context, write

    payload: dict[str, Any] = {**context("tests/data"), "now": counts()}
    if args.before:
        payload["before"] = {"rev": args.before, **counts_at(args.before)}
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    write("fuzz-inputs", payload)


if __name__ == "__main__":
    main()
