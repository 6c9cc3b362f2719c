"""Tell page chrome (ads, labels, calls to action, share bars) from article lines."""

from __future__ import annotations

import re

from saidwho.clean.patterns import (
    AUTHOR_NOTE,
    BLURB,
    BOILERPLATE,
    CAPTION,
    COMMENT_POLICY,
    MAX_BOILERPLATE_WORDS,
    PHOTO_CREDIT,
    SECTION_LABELS,
    SMALL_WORDS,
)
from saidwho.quotemarks import CLOSING_SINGLE, DOUBLE, OPENING_SINGLE, char_class

# A label is short: "Weapons of Mass Destruction (WMD)" has 5 words; real one-line
# paragraphs that short ('"No," he said.') carry sentence punctuation or quotes.
LABEL_MAX_WORDS = 6
# Share of content words that must be capitalised for a short line to read as a label.
LABEL_MIN_CAPITALISED = 0.75
_SENTENCE_END = (".", "!", "?", ":", ";", ",", '"', "\u201d", "\u2019", "'", "\u2026")
# Captions run longer than labels: two sentences and a credit.
CAPTION_MAX_WORDS = 60
# An outlet's blurb is one paragraph; a longer one is an article about the outlet.
BLURB_MAX_WORDS = 80
# Double quotes anywhere; single quotes only at a word's edge, so "Obama's" is no quote.
_QUOTES = re.compile(
    rf"{char_class(DOUBLE)}|(?:^|\s){char_class(OPENING_SINGLE)}|{char_class(CLOSING_SINGLE)}(?:\s|$)"
)


def is_boilerplate(line: str) -> bool:
    """True if a stripped line is page chrome rather than article text.

    .. note:: Subheadings inside a story read as labels too; they hold no quotes, so
       attribution loses nothing when they leave the body.
    """
    return is_chrome(line) or is_label(line)


def is_chrome(line: str) -> bool:
    """True if a line matches a known section label or boilerplate pattern."""
    if len(line.split()) > MAX_BOILERPLATE_WORDS:
        return False
    return line.casefold().strip(" :|") in SECTION_LABELS or any(
        pattern.search(line) for pattern in BOILERPLATE
    )


def is_label(line: str) -> bool:
    """A short title-case line without sentence punctuation: "World News", "Tweet"."""
    words = line.split()
    if not 1 <= len(words) <= LABEL_MAX_WORDS or line.endswith(_SENTENCE_END) or has_quote(line):
        return False
    content = [w for w in words if w.casefold() not in SMALL_WORDS and w[0].isalpha()]
    if not content:
        return False
    capitalised = sum(w[0].isupper() for w in content)
    return capitalised / len(content) >= LABEL_MIN_CAPITALISED


def has_quote(line: str) -> bool:
    """True if the line holds a quotation mark (apostrophes inside words don't count)."""
    return _QUOTES.search(line) is not None


def is_caption(line: str) -> bool:
    """A photo caption or credit: "FILE - A ship is docked ...", "Noah Whitford/NPR"."""
    if len(line.split()) > CAPTION_MAX_WORDS or has_quote(line):
        return False
    return CAPTION.search(line) is not None or PHOTO_CREDIT.search(line) is not None


def is_footer_note(line: str) -> bool:
    """The outlet's blurb, its comment policy or the writer's note, as found below a story
    (never tested inside it)."""
    if len(line.split()) > BLURB_MAX_WORDS or has_quote(line):
        return False
    return any(p.search(line) is not None for p in (BLURB, COMMENT_POLICY, AUTHOR_NOTE))
