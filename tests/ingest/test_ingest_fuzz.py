"""Lightly damaged and legacy-encoded copies of a scrape and a page all come through.

60 copies of each, from a seeded RNG: random bytes flipped or inserted, a stray NUL, or the
text (with curly quotes, é and an em dash worked in) saved as cp1252 or latin-1.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from offsets import assert_offsets

from saidwho.clean import clean
from saidwho.ingest import read_inputs
from saidwho.records import Article, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()
DATA = Path(__file__).parent.parent / "data"
COPIES = 60
KINDS = ("flip", "insert", "nul", "cp1252", "latin-1")


# Accented words worked into both texts; each is in cp1252 and in latin-1.
ACCENTED = {
    "council": "conseil \u00e9lu",
    "board": "conseil \u00e9lu",
    "owns": "poss\u00e8de \u00e0 M\u00fcnchen",
}


def legacy_text(text: str, codec: str) -> str:
    """``text`` with the non-ASCII punctuation a legacy file holds, all of it in ``codec``."""
    for word, accented in ACCENTED.items():
        text = text.replace(word, accented)
    if codec == "latin-1":  # no curly quotes or dashes in latin-1: guillemets instead
        return _outside_tags(text, lambda t: _pairs(t, '"', "\u00ab", "\u00bb").replace("\u2014", "-"))
    curly = _outside_tags(text, lambda t: _pairs(t, '"', "\u201c", "\u201d").replace("'", "\u2019"))
    return curly.replace("on Monday,", "on Monday \u2014")


def _outside_tags(html: str, change: Callable[[str], str]) -> str:
    parts = re.split(r"(<[^>]*>)", html)
    return "".join(part if part.startswith("<") else change(part) for part in parts)


def _pairs(text: str, mark: str, opening: str, closing: str) -> str:
    marks = iter([opening, closing] * text.count(mark))
    return "".join(next(marks) if ch == mark else ch for ch in text)


def damaged(original: bytes, text: str, kind: str, rng: random.Random) -> tuple[bytes, str | None]:
    """A damaged copy, and the text it must decode to when that is known (legacy copies)."""
    data = bytearray(original)
    if kind == "flip":
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == "insert":
        for _ in range(rng.randint(1, 3)):
            data.insert(rng.randrange(len(data)), rng.randrange(256))
    elif kind == "nul":
        data.insert(rng.randrange(len(data)), 0)
    else:
        legacy = legacy_text(text, kind)
        return legacy.encode(kind), legacy
    return bytes(data), None


def copies(name: str) -> Iterator[tuple[str, bytes, str | None]]:
    original = (DATA / name).read_bytes()
    text = original.decode("utf-8")
    rng = random.Random(18)
    for number in range(COPIES):
        kind = KINDS[number % len(KINDS)]
        data, expected = damaged(original, text, kind, rng)
        yield f"{number:02d}-{kind}-{name}", data, expected


def read_one(path: Path) -> RawDoc:
    (raw,) = read_inputs([str(path)], settings=SETTINGS)
    assert isinstance(raw, RawDoc), raw
    return raw


def body_of(article: Article) -> str:
    return "".join(article.text[start:end] for start, end in article.body)


@pytest.mark.parametrize("name", ["wire_story.txt", "article_page.html"])
def test_ingest_fuzz_damaged_copies_all_come_through(tmp_path: Path, name: str) -> None:
    for copy, data, expected in copies(name):
        path = tmp_path / copy
        path.write_bytes(data)
        raw = read_one(path)
        article = clean(raw, settings=SETTINGS)
        assert_offsets(article)
        assert " said" in body_of(article), copy  # a body, and an article's: it quotes people
        if expected is not None:
            assert raw.encoding == "cp1252", copy  # latin-1 is read as its superset
            if raw.format == "txt":
                assert article.text == expected, copy
            else:
                undamaged = RawDoc(source=copy, format="html", html=expected)
                assert article.text == clean(undamaged, settings=SETTINGS).text, copy
