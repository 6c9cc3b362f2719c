"""An article's text cut at every attribution span boundary, for the highlighted view.

The pieces are plain strings; the template escapes each one (Jinja2 autoescape), so text
that looks like HTML is shown as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import NamedTuple

import msgspec

from saidwho.records import Article, Attribution, Speaker

# Where highlights nest (a source inside another statement's quote), the piece shows the
# most specific role: a source or cue is a few words, a content can run for paragraphs.
PRIORITY = {"source": 0, "cue": 1, "content": 2}


class Mark(NamedTuple):
    start: int
    end: int
    role: str
    attribution: Attribution


class Piece(msgspec.Struct, frozen=True, kw_only=True):
    """A run of text and the highlights covering all of it (none for plain text)."""

    text: str
    role: str | None = None  # the shown role: source, cue or content
    roles: tuple[str, ...] = ()  # every role covering the piece
    attribution: str | None = None  # the statement the shown role belongs to
    speaker: str | None = None  # its Speaker.id
    anchors: tuple[str, ...] = ()  # statements starting here: link targets #A1
    title: str = ""


def describe(speaker: Speaker) -> str:
    """``person, named``; ``person, anonymous (not authorised to speak)``; ``group, unnamed``."""
    if speaker.anonymous:
        reason = f" ({speaker.anonymity_reason})" if speaker.anonymity_reason else ""
        return f"{speaker.type}, anonymous{reason}"
    return f"{speaker.type}, {'named' if speaker.named else 'unnamed'}"


def _marks(article: Article) -> Iterator[Mark]:
    size = len(article.text)
    for att in article.attributions:
        spans = [(s, e, "content") for s, e in att.content.spans]
        spans.append((att.cue.start, att.cue.end, "cue"))
        if att.source is not None:
            spans.append((att.source.start, att.source.end, "source"))
        for start, end, role in spans:
            start, end = max(0, start), min(size, end)
            if start < end:
                yield Mark(start, end, role, att)


def _title(mark: Mark, speakers: dict[str, Speaker]) -> str:
    att = mark.attribution
    speaker = speakers.get(att.speaker) if att.speaker else None
    who = f"{speaker.name} ({describe(speaker)})" if speaker else "no speaker resolved"
    return f"{mark.role} of {att.id}, {att.kind}: {who}"


def pieces(article: Article) -> list[Piece]:
    """Cut ``article.text`` into pieces, each covered by the same set of highlights.

    A sweep over the span boundaries: each piece costs the number of spans open over it,
    so a long article with many statements stays linear.
    """
    text = article.text
    marks = sorted(_marks(article), key=lambda m: (m.start, m.end))
    speakers = {s.id: s for s in article.speakers}
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    opening: dict[int, list[Mark]] = {}
    for mark in marks:
        opening.setdefault(mark.start, []).append(mark)
    open_marks: list[Mark] = []
    anchored: set[str] = set()
    out: list[Piece] = []
    for start, end in pairwise(cuts):
        open_marks = [m for m in open_marks if m.end > start] + opening.get(start, [])
        if not open_marks:
            out.append(Piece(text=text[start:end]))
            continue
        shown = min(open_marks, key=lambda m: (PRIORITY[m.role], m.end - m.start))
        ids = {m.attribution.id for m in open_marks}
        anchors = tuple(sorted(ids - anchored))
        anchored |= ids
        out.append(
            Piece(
                text=text[start:end],
                role=shown.role,
                roles=tuple(sorted({m.role for m in open_marks}, key=PRIORITY.__getitem__)),
                attribution=shown.attribution.id,
                speaker=shown.attribution.speaker,
                anchors=anchors,
                title=_title(shown, speakers),
            )
        )
    return out
