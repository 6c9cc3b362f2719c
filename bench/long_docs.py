"""Cost of one long document: time and peak memory against length -> bench/results/long-docs.json.

Two seed texts, each repeated, paragraph after paragraph, to each size (default ~60 KB to
2 MB), written to a file, and run through the path of ``saidwho extract FILE --format json``:
read, clean, parse, extract, resolve, encode.

- ``example``: the package's example scrape (saidwho/data/example_article.txt, 1.5 KB, 11
  statements by 6 speakers);
- ``dense``: a wire story we wrote (bench/data/dense/port_strike.txt, 2.9 KB, 27 statements
  by 13 speakers: quotes split around their cues, pronouns, anonymous sources, a dateline).
  The example's few speakers hid a cost that grew with the square of the text on
  news with many (1 MB of a story like this took 13 times as long as 250 KB).

Each size runs in a fresh process, so its peak RSS (``os.wait4``'s ``ru_maxrss``) is its own:
the models loaded, then the one document. ``seconds`` is the document alone (the models are
loaded and warmed on a short text first), ``cpu_seconds`` its CPU time over all threads
(less disturbed by other work on a shared machine); ``wall_seconds`` includes start-up.
Linear cost means a flat ``seconds_per_kb``; ``ratio_1mb_250kb`` is time(1 MB) / time(250 KB).

Each text and extractor records its commit and the load average before and after it ran;
``--update`` measures only the texts and extractors named and keeps the others' figures.

Usage: python bench/long_docs.py [--texts example dense] [--extractor model rules]
       [--sizes 60 125 250 500 1000 2000] [--repeat 2] [--update]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import RESULTS, ROOT, context, write

SEED = ROOT / "saidwho" / "data" / "example_article.txt"
TEXTS = {"example": SEED, "dense": ROOT / "bench" / "data" / "dense" / "port_strike.txt"}
SIZES_KB = (60, 125, 250, 500, 1000, 2000)


def long_text(kb: int, seed_path: Path = SEED) -> str:
    """The seed text repeated to about ``kb`` thousand characters."""
    seed = seed_path.read_text(encoding="utf-8").strip()
    copies = max(1, round(kb * 1000 / (len(seed) + 2)))
    return "\n\n".join([seed] * copies) + "\n"


def child(path: str, extractor: str) -> None:
    """In the measured process: warm the models up, then time one document end to end."""
    from saidwho.formats import to_json
    from saidwho.ingest import read_inputs
    from saidwho.pipeline import process
    from saidwho.records import Article
    from saidwho.settings import load_settings

    settings = load_settings({"extractor": extractor})
    warm = Path(path).with_suffix(".warm.txt")
    warm.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in process(read_inputs([str(warm)], settings=settings), settings=settings):
        pass
    start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    results = list(process(read_inputs([path], settings=settings), settings=settings))
    attributions = sum(len(r.attributions) for r in results if isinstance(r, Article))
    for r in results:
        if isinstance(r, Article):
            to_json(r)
    seconds = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = now.ru_utime + now.ru_stime - cpu.ru_utime - cpu.ru_stime
    json.dump(
        {
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "attributions": attributions,
            "failures": [r.message for r in results if not isinstance(r, Article)],
        },
        sys.stdout,
    )


def measure(kb: int, extractor: str, timeout: float, seed: Path = SEED) -> dict[str, Any]:
    """One size in a fresh process: document seconds, wall seconds, peak RSS."""
    text = long_text(kb, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"long-{kb}kb.txt"
        path.write_text(text, encoding="utf-8")
        out = Path(tmp) / "out.json"
        start = time.perf_counter()
        with out.open("w") as fh:
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", str(path), "--extractor", extractor],
                stdout=fh,
                cwd=ROOT,
            )
            # Poll rather than block, so a run past ``timeout`` can be stopped and recorded.
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() - start > timeout:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.2)
        wall = time.perf_counter() - start
        row: dict[str, Any] = {
            "kb": round(len(text) / 1000, 1),
            "chars": len(text),
            "wall_seconds": round(wall, 2),
            "peak_mb": round(usage.ru_maxrss / 1024),
        }
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            row.update(seconds=None, finished=False, note=f"stopped after {timeout:.0f} s or failed")
            return row
        found = json.loads(out.read_text())
    row.update(
        seconds=round(found["seconds"], 2),
        seconds_per_kb=round(found["seconds"] / (len(text) / 1000), 4),
        cpu_seconds=round(found["cpu_seconds"], 2),
        attributions=found["attributions"],
        failures=found["failures"],
        finished=True,
    )
    return row


def best_of(kb: int, extractor: str, timeout: float, repeat: int, seed: Path = SEED) -> dict[str, Any]:
    """The fastest of ``repeat`` runs (other work on a shared machine only adds time), with
    every run's seconds and the highest peak."""
    runs = [measure(kb, extractor, timeout, seed) for _ in range(repeat)]
    done = [r for r in runs if r["finished"]]
    if not done:
        return runs[0]
    best = min(done, key=lambda r: r["seconds"])
    return {**best, "peak_mb": max(r["peak_mb"] for r in runs), "runs_seconds": [r["seconds"] for r in runs]}


def _ratio(rows: list[dict[str, Any]], big: int, small: int, key: str = "seconds") -> float | None:
    by_kb = {round(r["kb"] / 10) * 10: r.get(key) for r in rows}
    a, b = by_kb.get(big), by_kb.get(small)
    return round(a / b, 2) if a and b else None


def _peak_at(rows: list[dict[str, Any]], kb: int) -> int | None:
    return next((r["peak_mb"] for r in rows if round(r["kb"] / 10) * 10 == kb), None)


def run_text(seed: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Every size of one seed text with each extractor."""
    runs: dict[str, Any] = {}
    for extractor in args.extractor:
        load_before = os.getloadavg()[0]
        rows = []
        for kb in args.sizes:
            rows.append(best_of(kb, extractor, args.timeout, args.repeat, seed))
            sys.stderr.write(f"{seed.name} {extractor} {json.dumps(rows[-1])}\n")
        runs[extractor] = {
            "sizes": rows,
            "ratio_1mb_250kb": _ratio(rows, 1000, 250),
            "cpu_ratio_1mb_250kb": _ratio(rows, 1000, 250, "cpu_seconds"),
            "peak_mb_1mb": _peak_at(rows, 1000),
            "peak_mb_max": max(r["peak_mb"] for r in rows),
            "commit": context("")["commit"],
            "load_average": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        }
    return {"seed": str(seed.relative_to(ROOT)), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", nargs="+", default=list(TEXTS), choices=list(TEXTS))
    parser.add_argument("--extractor", nargs="+", default=["model", "rules"])
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES_KB), help="sizes in KB")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per size")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept")
    parser.add_argument("--out", default="long-docs")
    parser.add_argument(
        "--update",
        action="store_true",
        help="replace only the texts and extractors measured in the results file, keep the rest",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.extractor[0])
        return
    texts: dict[str, Any] = {}
    kept = RESULTS / f"{args.out}.json"
    if args.update and kept.is_file():
        texts = json.loads(kept.read_text(encoding="utf-8")).get("texts", {})
    for name in args.texts:
        found = run_text(TEXTS[name], args)
        texts.setdefault(name, found)["runs"].update(found["runs"])
    path = write(args.out, {**context("seed texts repeated"), "repeat": args.repeat, "texts": texts})
    sys.stderr.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()
