"""Broadcast transcripts: each speaker's turn is one statement.

A paragraph that opens with a speaker's label in capitals and a colon ("GRACE MBEKI:",
"ROCHE:", "DECLAN MARSH, COUNTY COUNCIL:", "SAMUEL ADEYEMI (Unity Party):") is that
speaker's turn: the label is the source, the colon the cue and the rest of the paragraph the
content, as PolNeAR marks the transcripts it holds ("TAPPER: ..."). What an extractor found
inside a turn is nested in it ("The council says ..." said by the reporter), and PolNeAR marks
the outer statement only, so it goes. Turns are read only where a text has at least
:data:`MIN_TURNS` labelled paragraphs, so a lone "UPDATE:" line or a colon headline is left
to the extractor, and only where someone speaks twice (a surname that recurs: "ANNA BELL,
HOST:" then "BELL:"), so a digest of datelined briefs ("NEW DELHI: ...", "MUMBAI: ...") is no
transcript; notes that are no one's words ("CORRECTION:", "EDITOR'S NOTE:") never count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from saidwho.attribution.quotes import quote_kind, quoted_mask
from saidwho.records import Attribution, Content, Span

# A transcript has a speaker change: one labelled paragraph is a note or a headline.
MIN_TURNS = 2
_WORD = r"[A-Z][A-Z'\u2019.\-]*[A-Z]"
_LABEL = re.compile(
    rf"(?m)^(?P<source>{_WORD}(?:[ \t]+{_WORD}){{0,4}}"
    r"(?:[ \t]*,[ \t]*[A-Z][A-Z'\u2019.\- ]{1,40}[A-Z]|[ \t]*\([^()\n]{1,40}\))?)"
    r"[ \t]*(?P<cue>:)[ \t]+(?P<content>\S[^\n]*)"
)
# Labels that head an editor's note or a section, not a speaker's words.
NOT_SPEAKERS = frozenset(
    {
        "update", "updated", "correction", "clarification", "editor's note", "editors note",
        "note", "breaking", "breaking news", "previously", "watch", "read more", "related",
        "photo", "video", "audio", "transcript", "source", "sources", "advertisement", "live",
        "warning", "disclaimer", "background", "analysis", "opinion", "comment", "more",
    }
)  # fmt: skip
CONFIDENCE = 0.75


def turns(text: str) -> list[Attribution]:
    """The turns of a transcript in ``text`` (none unless it has :data:`MIN_TURNS`)."""
    found: list[Attribution] = []
    surnames: Counter[str] = Counter()
    quoted = None
    for m in _LABEL.finditer(text):
        label = re.split(r"\s*[,(]", m.group("source"), maxsplit=1)[0]
        if label.lower().replace("\u2019", "'") in NOT_SPEAKERS:
            continue
        surnames[label.split()[-1]] += 1
        start, end = m.span("content")
        while end > start and text[end - 1].isspace():
            end -= 1
        quoted = quoted_mask(text) if quoted is None else quoted
        found.append(
            Attribution(
                id="",
                source=_span(text, *m.span("source")),
                cue=_span(text, *m.span("cue")),
                content=Content.of(text, [(start, end)]),
                kind=quote_kind(text, quoted, [(start, end)]),
                confidence=CONFIDENCE,
            )
        )
    return found if len(found) >= MIN_TURNS and max(surnames.values()) > 1 else []


def with_turns(text: str, found: list[Attribution]) -> list[Attribution]:
    """``found`` with a transcript's turns in place of what was read inside them."""
    spoken = turns(text)
    if not spoken:
        return found
    # Turns follow one another without overlapping: the last one starting before a cue is
    # the only one that can hold it.
    starts = [t.source.start if t.source else t.cue.start for t in spoken]
    ends = [t.content.spans[-1][1] for t in spoken]

    def inside(att: Attribution) -> bool:
        k = bisect_right(starts, att.cue.start) - 1
        return k >= 0 and att.cue.start < ends[k]

    return [a for a in found if not inside(a)] + spoken


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])
