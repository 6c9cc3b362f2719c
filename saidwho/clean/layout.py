"""Plain text → title, byline, body paragraphs and boilerplate lines, offsets kept.

The stages, in order:

1. split the text into lines, each stripped to exact ``[start, end)`` offsets;
2. in the header (the leading run of title, byline, date and label lines) find the
   byline or date line, the title and labels;
3. everywhere, mark boilerplate lines (``boilerplate.is_boilerplate``); the rest is body;
4. join body lines into paragraphs: blank-line blocks when the text is hard-wrapped,
   else one paragraph a line.
"""

from __future__ import annotations

import itertools
from typing import Literal, NamedTuple

import msgspec

from saidwho.clean.boilerplate import is_boilerplate, is_chrome
from saidwho.clean.metadata import find_date, is_date_line, looks_like_title, parse_byline, same_title

Role = Literal["title", "byline", "boilerplate", "body"]

# The header ends at its first line that is no title, byline, date or label, or here.
HEADER_MAX_LINES = 8
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ":", ")")


class Line(NamedTuple):
    """One stripped line: ``text == document[start:end]``; blank lines have ``text == ""``."""

    start: int
    end: int
    text: str


class Layout(msgspec.Struct, frozen=True, kw_only=True):
    """What ``analyse`` found in a plain text."""

    title: str | None = None
    authors: list[str] = msgspec.field(default_factory=list)
    published: str | None = None
    body: list[tuple[int, int]] = msgspec.field(default_factory=list)
    boilerplate: list[tuple[int, int]] = msgspec.field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with surrounding whitespace (and line breaks) cut off."""
    lines: list[Line] = []
    pos = 0
    for chunk in text.splitlines(keepends=True):
        stripped = chunk.strip()
        start = pos + (len(chunk) - len(chunk.lstrip()) if stripped else 0)
        lines.append(Line(start, start + len(stripped), stripped))
        pos += len(chunk)
    return lines


def analyse(text: str, *, title: str | None = None) -> Layout:
    """Find title, byline, body and boilerplate in ``text``.

    Args:
        title: a known title (from JSONL or HTML metadata); only a line equal to it is
            taken as the title line, and no other line is guessed.
    """
    lines = [line for line in split_lines(text) if line.text]
    roles, authors, published, found_title = _header_roles(lines, title)
    roles += [_role(line.text) for line in lines[len(roles) :]]
    if "body" not in roles:  # never lose a text that is all headline: it is the body
        roles = ["body" if r == "title" else r for r in roles]
        found_title = title
    body = [line for line, role in zip(lines, roles, strict=True) if role == "body"]
    return Layout(
        title=found_title,
        authors=authors,
        published=published,
        body=_paragraphs(text, body),
        boilerplate=[(ln.start, ln.end) for ln, r in zip(lines, roles, strict=True) if r == "boilerplate"],
    )


def _role(line: str) -> Role:
    return "boilerplate" if is_boilerplate(line) else "body"


def _header_roles(
    lines: list[Line], title: str | None
) -> tuple[list[Role], list[str], str | None, str | None]:
    """Roles of the header lines, with the authors, date and title read from them."""
    roles: list[Role] = []
    authors: list[str] = []
    published: str | None = None
    found_title = title
    title_line_seen = False
    header = lines[:HEADER_MAX_LINES]
    for line, after in zip(header, [*lines[1:], None][: len(header)], strict=True):
        text = line.text
        byline = parse_byline(text) if not authors else None
        if byline is not None:
            authors, published = byline[0], published or byline[1]
            roles.append("byline")
        elif published is None and is_date_line(text):
            published = _date_of(text)
            roles.append("byline")
        elif not title_line_seen and _is_title(text, title) and not _runs_on(line, after):
            found_title, title_line_seen = found_title or text, True
            roles.append("title")
        elif is_boilerplate(text):
            roles.append("boilerplate")
        else:
            break
    return roles, authors, published, found_title


def _is_title(text: str, title: str | None) -> bool:
    if title is not None:
        return same_title(text, title)
    return looks_like_title(text) and not is_chrome(text)


def _runs_on(line: Line, after: Line | None) -> bool:
    """True when the next line continues this one's sentence (hard-wrapped prose)."""
    return after is not None and after.text[0].islower() and not line.text.endswith(_SENTENCE_END)


def _date_of(text: str) -> str | None:
    found = find_date(text)
    return found[0] if found else None


def _paragraphs(text: str, body: list[Line]) -> list[tuple[int, int]]:
    """Join body lines into paragraph ranges."""
    if not body:
        return []
    wrapped = any(_continues(text, a, b) and not a.text.endswith(_SENTENCE_END) for a, b in _pairs(body))
    ranges = [(body[0].start, body[0].end)]
    for prev, line in _pairs(body):
        if wrapped and _continues(text, prev, line):
            ranges[-1] = (ranges[-1][0], line.end)
        else:
            ranges.append((line.start, line.end))
    return ranges


def _pairs(body: list[Line]) -> list[tuple[Line, Line]]:
    return list(itertools.pairwise(body))


def _continues(text: str, prev: Line, line: Line) -> bool:
    """True when ``line`` follows ``prev`` on the very next line (no blank line between)."""
    gap = text[prev.end : line.start]
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n") <= 1
