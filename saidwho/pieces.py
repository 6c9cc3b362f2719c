"""Long texts as consecutive pieces of bounded length, cut where a paragraph ends.

Stages whose memory grows with the length of what they hold at once (spaCy's parse, the
tagger's decoding) take a long text piece by piece; offsets into a piece plus the piece's
start are offsets into the text.
"""

from __future__ import annotations

import re

__all__ = ["split_text"]

# Where a piece may end, best first: after a line break and the blank space following it
# (a paragraph's end), after a sentence's closing punctuation, after any space.
_CUTS = (
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, max_chars: int) -> list[str]:
    """``text`` as consecutive pieces of at most ``max_chars`` characters (``"".join`` gives
    it back), each ending at the last paragraph end in reach, else sentence end, else space;
    a run of ``max_chars`` characters with no space is cut where it reaches the limit."""
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    pieces: list[str] = []
    at = 0
    while len(text) - at > max_chars:
        end = at + max_chars
        cut = end
        for pattern in _CUTS:
            found = [m.end() for m in pattern.finditer(text, at + 1, end)]
            if found:
                cut = found[-1]
                break
        pieces.append(text[at:cut])
        at = cut
    pieces.append(text[at:])
    return pieces
