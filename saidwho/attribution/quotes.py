"""Quotation marks: find quoted passages by character offsets.

Handles curly (“…”) and straight ("…") double quotes, the doubled apostrophes (''…'')
that the New York Times archive uses, and single quotes, curly (U+2018 … U+2019) or
straight ('…'), as British outlets quote. News leaves multi-paragraph quotes open: a
paragraph that opens a quote without closing it continues in the next paragraph when it
reopens with a quote mark, so one :class:`Quote` may hold several ranges, one per paragraph.
Single quotes are only taken where they open at a word boundary and close before one,
since the same character is an apostrophe. Guillemets («…») pair as curly quotes do, and a
quote opened by the low-9 mark („) closes with either curly mark („…“ in German).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec
import numpy as np
import numpy.typing as npt

from saidwho.quotemarks import (
    DOUBLED_APOSTROPHE,
    GUILLEMETS,
    LEFT_DOUBLE,
    LEFT_GUILLEMET,
    LEFT_SINGLE,
    LOW_DOUBLE,
    RIGHT_DOUBLE,
    RIGHT_GUILLEMET,
    RIGHT_SINGLE,
    SINGLE,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
    char_class,
)
from saidwho.records import Kind

# Marks that only open or only close; a straight double quote or a doubled apostrophe may
# do either, as may the single marks (see ``_SINGLES``).
_OPEN = LEFT_DOUBLE + LEFT_GUILLEMET + LOW_DOUBLE
_CLOSE = RIGHT_DOUBLE + RIGHT_GUILLEMET
_MARK = re.compile(
    char_class(LEFT_DOUBLE + RIGHT_DOUBLE + LOW_DOUBLE + GUILLEMETS + STRAIGHT_DOUBLE)
    + f"|{DOUBLED_APOSTROPHE}|"
    + char_class(SINGLE)
)
# Opening single mark -> the marks that close it.
_SINGLES = {LEFT_SINGLE: RIGHT_SINGLE, STRAIGHT_SINGLE: STRAIGHT_SINGLE}
_PARAGRAPH = re.compile(r"[^\n]+")


class Quote(msgspec.Struct, frozen=True, kw_only=True):
    """A quoted passage, quote marks included; several ranges when it spans paragraphs."""

    ranges: list[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.ranges[0][0]

    @property
    def end(self) -> int:
        return self.ranges[-1][1]


def _is_opening(text: str, i: int, mark: str) -> bool:
    """Whether an ambiguous mark at ``i`` opens (follows a space or bracket) a quote."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if before.isspace() or before in "([{—\u2013-:":
        return not after.isspace()
    return False


def _single_closes(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    before = text[i - 1] if i > 0 else " "
    return not after.isalnum() and not before.isspace()


def _paragraph_quotes(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """Yield ``(start, end, closed)`` for the quotes in one paragraph."""
    opened: int | None = None
    opener = ""
    for m in _MARK.finditer(text, start, end):
        mark, i = m.group(), m.start()
        if mark in SINGLE:
            after = text[i + 1] if i + 1 < len(text) else " "
            if opened is None and mark in _SINGLES and _is_opening(text, i, mark) and after.isalnum():
                opened, opener = i, mark
            elif opener in _SINGLES and mark == _SINGLES[opener] and _single_closes(text, i):
                yield opened or 0, m.end(), True
                opened, opener = None, ""
            continue
        if opener in _SINGLES:
            # A double mark inside a single-quoted stretch: the single one was an apostrophe.
            opened, opener = None, ""
        if opened is None:
            if mark in _OPEN or (mark not in _CLOSE and _is_opening(text, i, mark)):
                opened, opener = i, mark
        elif mark in _OPEN and not (opener == LOW_DOUBLE and mark == LEFT_DOUBLE):
            opened, opener = i, mark
        else:
            yield opened, m.end(), True
            opened, opener = None, ""
    # An unclosed single mark is most often an apostrophe, except a left one opening the
    # paragraph: British copy runs a quote over paragraphs that each open with it.
    if opened is not None and (opener not in _SINGLES or (opener == LEFT_SINGLE and opened == start)):
        yield opened, start + len(text[start:end].rstrip()), False


def find_quotes(text: str) -> list[Quote]:
    """Return the quoted passages of ``text`` in order, joining multi-paragraph quotes."""
    quotes: list[Quote] = []
    pending: list[tuple[int, int]] | None = None
    for para in _PARAGRAPH.finditer(text):
        if not para.group().strip():
            continue
        first = len(para.group()) - len(para.group().lstrip()) + para.start()
        found = list(_paragraph_quotes(text, first, para.end()))
        if pending is not None:
            if found and found[0][0] == first:
                s, e, closed = found.pop(0)
                pending.append((s, e))
                if not closed:
                    continue
            quotes.append(Quote(ranges=pending))
            pending = None
        for s, e, closed in found:
            if closed:
                quotes.append(Quote(ranges=[(s, e)]))
            else:
                pending = [(s, e)]
    if pending is not None:
        quotes.append(Quote(ranges=pending))
    return quotes


def quoted_mask(text: str, quotes: list[Quote] | None = None) -> npt.NDArray[np.bool_]:
    """Per character of ``text``: whether it lies in a quote, marks included."""
    mask = np.zeros(len(text), dtype=bool)
    for quote in find_quotes(text) if quotes is None else quotes:
        for s, e in quote.ranges:
            mask[s:e] = True
    return mask


def quote_kind(text: str, mask: npt.NDArray[np.bool_], ranges: list[tuple[int, int]]) -> Kind:
    """``direct`` when every word of the content is quoted, ``mixed`` when some are."""
    inside = [bool(mask[i]) for s, e in ranges for i in range(s, e) if text[i].isalnum()]
    if inside and all(inside):
        return "direct"
    return "mixed" if any(inside) else "indirect"
