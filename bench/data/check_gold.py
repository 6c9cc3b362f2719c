"""Check a gold file of bench/data: board sets (NAME.json beside NAME.jsonl) or speaker-stance
pairs (*.jsonl): every span an exact substring, every label known, claims consistent.

Usage: python bench/data/check_gold.py FILE [FILE ...]   (exit 1 and one line a problem)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

STANCES = {"for", "against", "observing"}


def check_pair(p: dict, where: str) -> list[str]:
    bad = []
    for key in ("claim", "text", "cue", "content", "stance"):
        if not isinstance(p.get(key), str) or (key != "source" and not p[key].strip()):
            bad.append(f"{where}: '{key}' missing or empty")
    if bad:
        return bad
    if p["stance"] not in STANCES:
        bad.append(f"{where}: stance {p['stance']!r} not one of {sorted(STANCES)}")
    for key in ("source", "cue", "content"):
        if p.get(key) and p[key] not in p["text"]:
            bad.append(f"{where}: {key} {p[key]!r} is not in its text")
    return bad


def check_pairs(path: Path) -> list[str]:
    bad, n, labels = [], 0, Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            p = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(f"{where}: not JSON ({exc})")
            continue
        bad += check_pair(p, where)
        n += 1
        labels[p.get("stance")] += 1
    claims = {json.loads(x)["claim"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()}
    print(f"{path}: {n} pairs {dict(labels)}, {len(claims)} claims")  # noqa: T201
    return bad


def check_board(path: Path) -> list[str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    articles = {}
    for number, line in enumerate(path.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            a = json.loads(line)
            for key in ("url", "title", "published", "text"):
                if not isinstance(a.get(key), str):
                    return [f"{path.with_suffix('.jsonl')}:{number}: '{key}' missing"]
            articles[a["url"]] = a
    bad = []
    for key in ("claim", "event", "statements"):
        if key not in gold:
            bad.append(f"{path}: '{key}' missing")
    labels = Counter()
    for n, s in enumerate(gold.get("statements", [])):
        where = f"{path}: statement {n} ({s.get('content', '')[:40]!r})"
        a = articles.get(s.get("url"))
        if a is None:
            bad.append(f"{where}: url {s.get('url')!r} is no article of the .jsonl")
            continue
        labels[s.get("stance")] += 1
        if s.get("stance") not in STANCES | {"off"}:
            bad.append(f"{where}: stance {s.get('stance')!r}")
        where_text = a["title"] if s.get("headline") else a["text"]
        if s.get("text", "") not in where_text or not s.get("text"):
            bad.append(f"{where}: its text is not in the article{' title' if s.get('headline') else ''}")
        for key in ("source", "cue", "content"):
            if s.get(key) and s[key] not in s.get("text", ""):
                bad.append(f"{where}: {key} {s[key]!r} is not in its text")
        if not s.get("cue") or not s.get("content"):
            bad.append(f"{where}: cue and content are needed")
    print(f"{path}: {len(articles)} articles, {len(gold.get('statements', []))} statements {dict(labels)}")  # noqa: T201
    return bad


def main(paths: list[str]) -> int:
    bad = []
    for p in map(Path, paths):
        bad += check_board(p) if p.suffix == ".json" else check_pairs(p)
    for line in bad:
        print(line)  # noqa: T201
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
