"""The gold checks of the plain-text scrapes in tests/data/scrapes/, shared by their test
(tests/clean/test_scrapes.py) and the benchmark that scores them (bench/scrapes.py).

Each file has these checks:

- title, authors (exact list), date (YYYY-MM-DD or null);
- boilerplate lines: every line starting with each listed prefix lies outside the body;
- body lines: every line starting with each listed prefix lies inside a body paragraph;
- boundaries: the first and the last body paragraph start with the gold's words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from saidwho.clean import clean
from saidwho.records import Article, RawDoc
from saidwho.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SCRAPES = ROOT / "tests" / "data" / "scrapes"


def load_gold() -> dict[str, dict[str, Any]]:
    """gold.json, each entry with the path of its text."""
    gold: dict[str, dict[str, Any]] = json.loads((SCRAPES / "gold.json").read_text(encoding="utf-8"))
    for name, entry in gold.items():
        entry["file"] = ROOT / entry["path"] if "path" in entry else SCRAPES / name
    return gold


def clean_file(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    return clean(RawDoc(source=path.name, format="txt", text=text), settings=Settings())


def checks(article: Article, gold: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Every check of one file as (kind, what, right)."""
    paragraphs = [article.text[s:e] for s, e in article.body]
    out = [
        ("title", repr(article.title), article.title == gold["title"]),
        ("authors", repr(article.authors), article.authors == gold["authors"]),
        ("date", repr(article.published), article.published == gold["date"]),
        ("first_body", paragraphs[0][:50] if paragraphs else "", _starts(paragraphs[:1], gold["first_body"])),
        ("last_body", paragraphs[-1][:50] if paragraphs else "", _starts(paragraphs[-1:], gold["last_body"])),
    ]
    for kind, want_in_body in (("boilerplate", False), ("body", True)):
        for prefix in gold[kind]:
            inside = [_in_body(article, start) for start in _line_starts(article.text, prefix)]
            out.append((kind, prefix, bool(inside) and all(i == want_in_body for i in inside)))
    return out


def _starts(paragraphs: list[str], prefix: str) -> bool:
    return bool(paragraphs) and paragraphs[0].startswith(prefix)


def _line_starts(text: str, prefix: str) -> list[int]:
    """Offsets of the stripped lines of ``text`` that start with ``prefix``."""
    starts, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(prefix):
            starts.append(pos + line.index(stripped))
        pos += len(line)
    return starts


def _in_body(article: Article, offset: int) -> bool:
    return any(start <= offset < end for start, end in article.body)
