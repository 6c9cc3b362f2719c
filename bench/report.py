"""Write the benchmark figures into README.md, rules and model side by side.

Reads bench/results/accuracy-<extractor>.json and speed-<extractor>.json (written by
accuracy.py and speed.py) and replaces the block between the README's
``<!-- bench:start -->`` and ``<!-- bench:end -->`` markers.

Usage: python bench/report.py
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from _common import RESULTS, ROOT

from saidwho.evaluate import VIEWS

EXTRACTORS = ("model", "rules")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def accuracy_table(results: dict[str, dict[str, Any]]) -> list[str]:
    names = [n for n in EXTRACTORS if n in results]
    head = "| PolNeAR dev (84 articles) | " + " | ".join(f"{n} P / R / F1" for n in names) + " |"
    rows = [head, "|---" * (len(names) + 1) + "|"]
    for view in VIEWS:
        for role in ("source", "cue", "content"):
            cells = []
            for n in names:
                c = results[n]["scores"][view][role]
                cells.append(f"{c['p']:.3f} / {c['r']:.3f} / **{c['f1']:.3f}**")
            rows.append(f"| {view} {role} | " + " | ".join(cells) + " |")
    atts = [results[n]["scores"]["attribution"] for n in names]
    cells = [f"{a['p']:.3f} / {a['r']:.3f} / **{a['f1']:.3f}**" for a in atts]
    rows.append("| attribution | " + " | ".join(cells) + " |")
    return rows


def speed_table(results: dict[str, dict[str, Any]]) -> list[str]:
    names = [n for n in EXTRACTORS if n in results]
    rows = ["| `saidwho extract`, PolNeAR dev, text in → JSON out | " + " | ".join(names) + " |",
            "|---" * (len(names) + 1) + "|"]
    keys = sorted({k for n in names for k in results[n] if k.startswith("extract_")})
    for key in ["spacy_sm_words_per_s", "saidwho_parse_words_per_s", *keys]:
        label = key.replace("_", " ").replace("per s", "/ s")
        cells = [f"{results[n][key]:,}" if key in results[n] else "n/a" for n in names]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return rows


def _commits(results: dict[str, dict[str, Any]]) -> str:
    """Which commit each column was measured at (a table may mix runs of different days)."""
    return "Measured at " + ", ".join(f"{n}: commit `{r.get('commit')}`" for n, r in results.items()) + "."


def main() -> None:
    acc = {n: r for n in EXTRACTORS if (r := _load(f"accuracy-{n}"))}
    speed = {n: r for n in EXTRACTORS if (r := _load(f"speed-{n}"))}
    meta = next(iter({**acc, **speed}.values()), {})
    lines = [START, "", f"Measured on {meta.get('cpus')} CPU cores ({meta.get('machine')}), "
             f"Python {meta.get('python')}.", ""]
    lines += [*accuracy_table(acc), "", _commits(acc), "", *speed_table(speed), "", _commits(speed), "", END]
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if START not in text:
        sys.exit(f"{readme}: no {START} marker. Add the markers where the figures belong.")
    block = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    readme.write_text(block.sub(lambda _: "\n".join(lines), text), encoding="utf-8")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
