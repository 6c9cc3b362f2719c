"""Check a gold file of bench/data: board sets (NAME.json beside NAME.jsonl), speaker-stance
pairs (*.jsonl), BRAT attributions (*.ann, their text in ../text/) or a speaker checklist
(speakers.json beside attributions/): every span an exact substring, every label known,
claims consistent, every checklist event in its gold.

Usage: python bench/data/check_gold.py FILE [FILE ...]   (exit 1 and one line a problem)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

STANCES = {"for", "against", "observing"}
SPAN_LABELS = {"Source", "Cue", "Content", "Attribution", "Attribution-no-source"}
_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t(.*)$", re.S)
_E_LINE = re.compile(r"^(E\d+)\t(\S+):(T\d+)((?: \S+:T\d+)*)$")


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


def check_ann(path: Path) -> list[str]:
    """A BRAT gold file (PolNeAR's layout): each T line's text is what its offsets cut from
    the article; each event has one cue, some content, at most one source, all defined."""
    text = (path.parent.parent / "text" / f"{path.stem}.txt").read_text(encoding="utf-8")
    bad, spans, events = [], {}, 0
    records: list[tuple[int, str]] = []  # a span's text may run over several lines
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if records and not line.startswith(("T", "E")) and records[-1][1].startswith("T"):
            records[-1] = (records[-1][0], f"{records[-1][1]}\n{line}")
        else:
            records.append((number, line))
    for number, line in records:
        where = f"{path}:{number}"
        if m := _T_LINE.match(line):
            tid, label, spec, said = m.groups()
            ranges = [tuple(map(int, part.split())) for part in spec.split(";")]
            spans[tid] = label
            cut = " ".join(text[s:e] for s, e in ranges)
            if label not in SPAN_LABELS:
                bad.append(f"{where}: label {label!r} not one of {sorted(SPAN_LABELS)}")
            if any(not 0 <= s < e <= len(text) for s, e in ranges) or cut != said:
                bad.append(f"{where}: {tid} says {said!r} but its offsets cut {cut!r}")
            elif any(text[s:e] != text[s:e].strip() for s, e in ranges):
                bad.append(f"{where}: {tid} {said!r} has outer spaces")
        elif m := _E_LINE.match(line):
            events += 1
            roles = [arg.split(":") for arg in m.group(4).split()]
            missing = [ref for _, ref in roles if ref not in spans] + [m.group(3)] * (m.group(3) not in spans)
            counts = Counter(role for role, _ in roles)
            if missing:
                bad.append(f"{where}: {m.group(1)} names {missing}, never defined above it")
            if counts["Cue"] != 1 or not counts["Content"] or counts["Source"] > 1:
                bad.append(f"{where}: {m.group(1)} needs one Cue, some Content, at most one Source")
            if (m.group(2) == "Attribution") != bool(counts["Source"]):
                bad.append(f"{where}: {m.group(1)} is {m.group(2)} with {counts['Source']} sources")
        elif line.strip():
            bad.append(f"{where}: neither a T nor an E line")
    print(f"{path}: {events} attributions")  # noqa: T201
    return bad


def check_checklist(path: Path) -> list[str]:
    """A speaker checklist: each article has gold beside it, each event number is one of its
    attributions, each speaker has a name."""
    bad = []
    for stem, speakers in json.loads(path.read_text(encoding="utf-8"))["articles"].items():
        ann = path.parent / "attributions" / f"{stem}.ann"
        if not ann.is_file():
            bad.append(f"{path}: {stem}: no {ann}")
            continue
        numbers = {int(m.group(1)) for m in re.finditer(r"^E(\d+)\t", ann.read_text(encoding="utf-8"), re.M)}
        for speaker in speakers:
            if not speaker.get("name"):
                bad.append(f"{path}: {stem}: a speaker with no name")
            if unknown := set(speaker.get("attributions", [])) - numbers:
                name = speaker.get("name")
                bad.append(f"{path}: {stem}: {name!r} names events {sorted(unknown)} not in {ann.name}")
    print(f"{path}: {sum(len(v) for v in json.loads(path.read_text())['articles'].values())} speakers")  # noqa: T201
    return bad


def check_file(p: Path) -> list[str]:
    if p.suffix == ".ann":
        return check_ann(p)
    if p.suffix == ".json":
        checklist = "articles" in json.loads(p.read_text(encoding="utf-8"))
        return check_checklist(p) if checklist else check_board(p)
    return check_pairs(p)


def main(paths: list[str]) -> int:
    bad = []
    for p in map(Path, paths):
        bad += check_file(p)
    for line in bad:
        print(line)  # noqa: T201
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
