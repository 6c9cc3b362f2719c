"""Statements signed with a dash, a format of reader round-ups, pull quotes and embedded tweets:

    "He represents our greatest shame." ― Sonya Herridge
    "… yet almost all new income and wealth is going to the top 1 percent."
    - Bernie Sanders.
    While I respect the professionals at the FBI … above the law. — Paul Ryan (@SpeakerRyan) July 5, 2016

The dash is the cue, the name after it the source, and the quote before it (on the same line,
or alone on the line above) the content, marks included as PolNeAR train annotates them. A
line without quotation marks counts only when the name carries a Twitter handle (an
embedded tweet), so a caption's "— AP Photo" or a headline's "— Sanders vows to fight on"
is not read as a statement. The tagger rarely sees this format in training (11 of 23,289
train contents) and misses it; these rules take it, and an attribution they find replaces
any the tagger made of the same content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec

from saidwho.attribution.assemble import Cover
from saidwho.quotemarks import CLOSING, CLOSING_DOUBLE, LEFT_DOUBLE, OPENING, RIGHT_DOUBLE, char_class
from saidwho.records import Attribution, Content, Span

CONFIDENCE = 0.9
# A signed quotation opens and closes with any mark; the curly double marks count both ways
# round, as German closes with “ („…“) and Swedish opens with ” (”…”).
_OPENING = OPENING + RIGHT_DOUBLE
_CLOSING = CLOSING + LEFT_DOUBLE
# A quotation closed after its last punctuation and followed by words: the line holds a
# quote, then words of the writer's (a nested '"…he calls "hell" than…"' is no such close).
_CLOSED_THEN_WORDS = re.compile(r"[,.!?]" + char_class(CLOSING_DOUBLE) + r"\s+[^\W\d_]")
_LINE = re.compile(r"[^\n]+")
# The signing dash, then the rest of the line; the first dash with a signature after it wins.
_DASH = re.compile(
    r"(?:^|\s|(?<=[" + re.escape(_CLOSING) + r".!?]))"
    r"(--|[\u2015\u2014\u2013-])(?=\s*[^\W\d_])",
    re.M,
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_PARTICLES = frozenset({"de", "del", "della", "da", "dos", "van", "von", "der", "la", "le", "al", "bin", "y"})
_HANDLE = re.compile(r"\s*\(@\w+\)")
_URL = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")
_MARKUP = re.compile(r"(?:\s*<[^<>\n]*>)+")
_SPACES = re.compile(r"[ \t\u00a0]*")
_MAX_NAME_WORDS = 6
_MAX_TAIL_WORDS = 12
# A signature ends its line: only dashes this close to the end are tried, so a huge line
# full of dashes costs no more than a short one.
_MAX_SIGNATURE_CHARS = 200


def _signature(text: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """``(name_start, name_end, has_handle)`` when ``text[start:end]`` is a signature: a
    capitalised name of at most six words, then nothing, a handle, or a short tail set off by
    a comma or a full stop ("…, Philadelphia.", "(@SpeakerRyan) July 5, 2016")."""
    at = start
    words: list[tuple[int, int]] = []
    while len(words) < _MAX_NAME_WORDS:
        gap = _SPACES.match(text, at, end)
        m = _NAME_WORD.match(text, gap.end() if gap else at, end)
        if not m or not (m.group()[0].isupper() or m.group() in _PARTICLES):
            break
        word = m.group()
        if word.endswith(".") and not _initial(word):
            words.append((m.start(), m.end() - 1))  # "Sanders." ends the line, not the name
            break
        words.append(m.span())
        at = m.end()
    while words and text[words[-1][0] : words[-1][1]] in _PARTICLES:
        words.pop()
    if not words:
        return None
    name_start, name_end = words[0][0], words[-1][1]
    handle = _HANDLE.match(text, name_end, end)
    tail = text[handle.end() if handle else name_end : end].strip()
    if (tail and not (tail[0] in ",.(" or handle)) or len(tail.split()) > _MAX_TAIL_WORDS:
        return None
    return name_start, name_end, handle is not None


def _initial(word: str) -> bool:
    """ "A.", "N.", "Jr.", "St.": a full stop that belongs to the name."""
    return word[:-1].isalpha() and len(word) <= 4 and word[0].isupper()


def _quoted(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``text[start:end]`` trimmed, when it is one quotation: opens with a mark and ends with
    one, not closed before (a full stop or comma after the closing mark is left out)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;"):
        end -= 1
    if end - start < 3 or text[start] not in _OPENING or text[end - 1] not in _CLOSING:
        return None
    if _CLOSED_THEN_WORDS.search(text, start + 1, end - 1):
        return None  # '"…," the spokesperson told ABC. "…"': two quotes and a cue between
    return start, end


def _tweet(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The text of an embedded tweet's line before its signature, without markup or links."""
    if markup := _MARKUP.match(text, start, end):
        start = markup.end()
    if url := _URL.search(text, start, end):
        end = url.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if re.search(r"\w", text[start:end]) else None


def signed_statements(text: str) -> Iterator[tuple[Span, Span, tuple[int, int]]]:
    """``(source, cue, content range)`` for every dash-signed statement in ``text``."""
    previous: tuple[int, int] | None = None
    for line in _LINE.finditer(text):
        start, end = line.span()
        for dash in _DASH.finditer(text, max(start, end - _MAX_SIGNATURE_CHARS), end):
            sig = _signature(text, dash.end(), end)
            if sig is None:
                continue
            name_start, name_end, handle = sig
            if text[start : dash.start(1)].strip():
                content = _quoted(text, start, dash.start(1)) or (
                    _tweet(text, start, dash.start(1)) if handle else None
                )
            else:
                content = previous and _quoted(text, *previous)
            if content:
                yield (
                    Span(start=name_start, end=name_end, text=text[name_start:name_end]),
                    Span(start=dash.start(1), end=dash.end(1), text=dash.group(1)),
                    content,
                )
            break
        if text[start:end].strip():
            previous = (start, end)


def add_signed(text: str, attributions: list[Attribution]) -> list[Attribution]:
    """``attributions`` with every dash-signed statement added; one they already hold with an
    overlapping content or cue is replaced. Ids are renumbered in text order of the cues."""
    found = [
        Attribution(
            id="",
            source=source,
            cue=cue,
            content=Content.of(text, [content]),
            kind="direct",
            confidence=CONFIDENCE,
        )
        for source, cue, content in signed_statements(text)
    ]

    contents = Cover([r for f in found for r in f.content.spans])
    cues = Cover([(f.cue.start, f.cue.end) for f in found])

    def clashes(att: Attribution) -> bool:
        return any(map(contents.overlaps, att.content.spans)) or cues.overlaps((att.cue.start, att.cue.end))

    kept = [att for att in attributions if not clashes(att)] + found
    kept.sort(key=lambda a: (a.cue.start, a.cue.end))
    return [msgspec.structs.replace(att, id=f"A{i}") for i, att in enumerate(kept, 1)]
