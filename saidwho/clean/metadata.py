"""Title, byline and date: recognise header lines and read authors and dates out of them."""

from __future__ import annotations

import datetime as dt
import re

from saidwho.clean.patterns import (
    BYLINE,
    BYLINE_END,
    DATE_LINE_FILLER,
    DATE_PATTERNS,
    NAME_SEPARATORS,
    NOT_A_PERSON,
)

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
# Titles are headline-length; longer unpunctuated lines are more likely a run-on paragraph.
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 30
NAME_PARTICLES = frozenset(
    ["de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al", "ibn"]
)


def find_date(line: str) -> tuple[str, re.Match[str]] | None:
    """The first date in ``line`` as ``YYYY-MM-DD``, with its match."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(line):
            iso = _iso(match)
            if iso is not None:
                return iso, match
    return None


def _iso(match: re.Match[str]) -> str | None:
    fields = match.groupdict()
    month = int(fields["mon"]) if fields.get("mon") else MONTHS[fields["month"][:3].lower()]
    try:
        return dt.date(int(fields["year"]), month, int(fields["day"])).isoformat()
    except ValueError:
        return None


def normalize_date(value: str | None) -> str | None:
    """``value`` as ``YYYY-MM-DD`` ("2016-03-01T10:00Z", "March 1, 2016"), or ``None``."""
    if not value:
        return None
    found = find_date(value)
    return found[0] if found else None


def is_date_line(line: str) -> bool:
    """True for a line holding only a date and its dressing ("Updated 3:04 PM ET, Tue March 1, 2016")."""
    found = find_date(line)
    if found is None:
        return False
    _, match = found
    rest = line[: match.start()] + " " + line[match.end() :]
    return not DATE_LINE_FILLER.sub(" ", rest).strip()


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """Authors and date of a "By ..." line, or ``None`` if ``line`` is not a byline."""
    match = BYLINE.match(line)
    if match is None:
        return None
    rest = match.group("rest")
    found = find_date(rest)
    names = rest[: found[1].start()] if found else rest
    end = BYLINE_END.search(names)
    authors = split_authors(names[: end.start()] if end else names)
    if not authors:
        return None
    return authors, found[0] if found else None


def split_authors(names: str | None) -> list[str]:
    """Person names from "A, B and C" or "A; B", dropping outlets and job titles."""
    if not names:
        return []
    pieces = (p.strip(" .,") for p in NAME_SEPARATORS.split(names))
    return [_tidy_name(p) for p in pieces if _looks_like_person(p)]


def _looks_like_person(piece: str) -> bool:
    tokens = piece.split()
    if not 2 <= len(tokens) <= 5:
        return False
    if any(t.casefold().strip(".,") in NOT_A_PERSON for t in tokens):
        return False
    return all(t[0].isupper() or t in NAME_PARTICLES for t in tokens) and tokens[0][0].isupper()


def _tidy_name(name: str) -> str:
    return name.title() if name.isupper() else name


def looks_like_title(line: str) -> bool:
    """A headline: a few words, not a byline, not ending like a sentence."""
    words = line.split()
    return (
        TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS
        and not line.endswith((".", ",", ";", ":"))
        and BYLINE.match(line) is None
    )


def same_title(line: str, title: str) -> bool:
    """True when ``line`` is ``title`` up to case and spacing."""
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()
