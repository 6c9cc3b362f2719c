"""The sentences a statement sits in, as character ranges.

The pipeline takes sentence starts from the parse (``doc.sents``) and records each
attribution's sentences on it (``Attribution.sentence``). Two places have no parse and cut
sentences from punctuation instead, with :func:`rough_sentence_starts`: training, which runs
without spaCy by design (``saidwho.train.linked``), and the store, for records made before
attributions carried their sentence (old JSON).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from saidwho.quotemarks import CLOSING, OPENING, char_class
from saidwho.records import Attribution

# End punctuation (and closing quotes or brackets), then space and a capital, a digit or an
# opening quote; or a line break. Not after a title or an initial ("Mr. Obama", "U.S. officials").
_SENTENCE_END = re.compile(
    rf"(\w*)[.!?]{char_class(CLOSING + ')]')}*\s+(?=[A-Z0-9]|{char_class(OPENING)})|\n\s*"
)
_ABBREVIATIONS = frozenset([
    "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "St", "Mt", "Lt", "Sen", "Rep", "Del", "Gov", "Gen", "Col",
    "Sgt", "Inc", "Co", "No", "Prof", "Rev", "v", "vs",
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
])  # fmt: skip


def rough_sentence_starts(text: str) -> list[int]:
    """Sentence starts after end punctuation and at line breaks, without a parse."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        word = m.group(1) or ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()) or m.end() >= len(text):
            continue
        starts.append(m.end())
    return starts


def statement_range(att: Attribution) -> tuple[int, int]:
    """The characters a statement covers: its source, cue and content spans."""
    starts = [att.cue.start] + [s for s, _ in att.content.spans]
    ends = [att.cue.end] + [e for _, e in att.content.spans]
    if att.source is not None:
        starts.append(att.source.start)
        ends.append(att.source.end)
    return min(starts), max(ends)


def sentence_range(text: str, starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the whole sentences holding it, given the sentences'
    ``starts`` (sorted), whitespace trimmed off both ends. A closing quote mark glued to a
    sentence's end belongs to it, though a parse may start the next sentence with it."""
    first = bisect_right(starts, start) - 1
    after = bisect_right(starts, max(start, end - 1))
    before = starts[first] if first >= 0 else 0
    stop = starts[after] if after < len(starts) else len(text)
    if before < start and _glued_close(text, before):
        before += 1
    if stop < len(text) and _glued_close(text, stop):
        stop += 1
    while before < start and text[before].isspace():
        before += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    return before, stop


def _glued_close(text: str, i: int) -> bool:
    """Whether ``text[i]`` closes a quote right after the word before it (``…unstable."``)."""
    return (
        text[i] in CLOSING
        and i > 0
        and not text[i - 1].isspace()
        and (i + 1 == len(text) or text[i + 1].isspace())
    )
