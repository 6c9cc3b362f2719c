"""Build the off-genre gold set's BRAT files from its marked-up sources.

Each ``bench/data/offgenre/marked/<stem>.txt`` is an article with its attributions marked
inline, numbered per attribution: ``{S3|the source}``, ``{C3|said}``, ``{Q3|the content}``.
A content marked twice under one number is one discontinuous content (a split quote); a
span shared by two attributions carries both numbers (``{S5,6|The spokesman}``). An
attribution without a source is one with no ``S``. This writes ``text/<stem>.txt`` (the
marks removed) and ``attributions/<stem>.ann`` in PolNeAR's layout: ``T`` lines for
Source, Cue, Content and the Attribution trigger, ``E<n>`` lines numbered as in the
marks, which is how ``speakers.json`` names them.

Usage: python bench/offgenre_gold.py [--check]   (--check: exit 1 if the files are stale)
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "data" / "offgenre"
_OPEN = re.compile(r"\{([SCQ])([\d,]+)\|")
_LABELS = {"S": "Source", "C": "Cue", "Q": "Content"}
_WORDS = re.compile("\\w+(?:['\u2019]\\w+)*")

Ranges = tuple[tuple[int, int], ...]


@dataclass
class Marked:
    """One article: its plain text and, per attribution number, the ranges of each role."""

    text: str
    roles: dict[int, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)


def parse(marked: str, *, name: str = "<marked>") -> Marked:
    """Strip the marks from ``marked``, keeping each mark's range in the plain text."""
    out: list[str] = []
    stack: list[tuple[str, list[int], int]] = []
    length = 0
    found = Marked("")
    i = 0
    while i < len(marked):
        if m := _OPEN.match(marked, i):
            stack.append((m.group(1), [int(n) for n in m.group(2).split(",")], length))
            i = m.end()
            continue
        if marked[i] == "}":
            if not stack:
                raise SystemExit(f"{name}: '}}' with no mark open at offset {i}. Remove it.")
            role, ids, start = stack.pop()
            for n in ids:
                found.roles.setdefault(n, {}).setdefault(role, []).append((start, length))
        else:
            out.append(marked[i])
            length += 1
        i += 1
    if stack:
        raise SystemExit(f"{name}: mark {stack[-1][0]}{stack[-1][1]} is never closed. Close it.")
    found.text = "".join(out)
    return found


def check(article: Marked, name: str) -> list[str]:
    """What is wrong with an article's marks (empty when nothing)."""
    problems = []
    for n, roles in sorted(article.roles.items()):
        if len(roles.get("C", [])) != 1 or not roles.get("Q"):
            problems.append(f"{name}: attribution {n} needs exactly one cue and some content")
        if len(roles.get("S", [])) > 1:
            problems.append(f"{name}: attribution {n} has {len(roles['S'])} sources; mark one")
        for role, ranges in roles.items():
            for s, e in ranges:
                piece = article.text[s:e]
                if not piece or piece != piece.strip():
                    problems.append(f"{name}: {role}{n} {piece!r} is empty or has outer spaces")
    words = len(_WORDS.findall(article.text))
    if not 150 <= words <= 450:
        problems.append(f"{name}: {words} words; the set's articles have 150-450")
    return problems


def to_ann(article: Marked) -> str:
    """The article's attributions as PolNeAR writes them (spans shared by events once)."""
    lines: list[str] = []
    ids: dict[tuple[str, Ranges], str] = {}
    count = 0

    def t_line(label: str, ranges: Ranges, *, shared: bool = True) -> str:
        nonlocal count
        key = (label, ranges)
        if shared and key in ids:
            return ids[key]
        count += 1
        tid = f"T{count}"
        if shared:
            ids[key] = tid
        spec = ";".join(f"{s} {e}" for s, e in ranges)
        lines.append(f"{tid}\t{label} {spec}\t" + " ".join(article.text[s:e] for s, e in ranges))
        return tid

    for n, roles in sorted(article.roles.items()):
        args = []
        if "S" in roles:
            args.append(f"Source:{t_line('Source', tuple(sorted(roles['S'])))}")
        cue = tuple(roles["C"])
        args.append(f"Cue:{t_line('Cue', cue)}")
        args.append(f"Content:{t_line('Content', tuple(sorted(roles['Q'])))}")
        event = "Attribution" if "S" in roles else "Attribution-no-source"
        trigger = t_line(event, cue, shared=False)
        lines.append(f"E{n}\t{event}:{trigger} " + " ".join(args))
    return "\n".join(lines) + "\n"


def build(*, write: bool) -> list[str]:
    """Build (or, with ``write=False``, compare) every article; return what is wrong or stale."""
    problems: list[str] = []
    for path in sorted((GOLD / "marked").glob("*.txt")):
        article = parse(path.read_text(encoding="utf-8"), name=path.name)
        problems += check(article, path.name)
        outputs = {
            GOLD / "text" / path.name: article.text,
            GOLD / "attributions" / f"{path.stem}.ann": to_ann(article),
        }
        for out, content in outputs.items():
            if write:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(content, encoding="utf-8")
            elif not out.is_file() or out.read_text(encoding="utf-8") != content:
                problems.append(f"{out}: stale. Run python bench/offgenre_gold.py")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args()
    problems = build(write=not args.check)
    for problem in problems:
        sys.stderr.write(problem + "\n")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
