"""Quotation marks: the one home of every set of them.

Every stage that looks for quotes (cleaning's label test, the rule extractor's quote finder and
token trimming, dash-signed statements, linking, resolution's clause breaks, tidying) derives
its set from the names below; where a stage takes a subset on purpose, it names the subset and
says why. The tagger's ``quote`` channel keeps a frozen copy of its own
(:data:`saidwho.attribution.encoding.OPEN_QUOTES`): the shipped model was trained on it.

All sets are strings, so they work with ``in`` for one character, with ``str.strip``, and, through
:func:`char_class`, in a regular expression.
"""

from __future__ import annotations

import re

STRAIGHT_DOUBLE = '"'  # opens and closes
LEFT_DOUBLE = "\u201c"  # “ opens in English (closes in German: „…“)
RIGHT_DOUBLE = "\u201d"  # ” closes
LOW_DOUBLE = "\u201e"  # „ low-9: opens in German and central European text
LEFT_GUILLEMET = "\u00ab"  # « opens in French, Spanish, Russian text
RIGHT_GUILLEMET = "\u00bb"  # » closes
STRAIGHT_SINGLE = "'"  # opens and closes, and is the apostrophe
LEFT_SINGLE = "\u2018"  # opens
RIGHT_SINGLE = "\u2019"  # closes, and is the curly apostrophe (O\u2019Malley)
BACKTICK = "`"  # a quote mark only in tokenised (Penn Treebank style) text: ``…''
DOUBLED_APOSTROPHE = "''"  # opens and closes in the New York Times archive: ''…''
DOUBLED_BACKTICK = "``"  # opens in Penn Treebank style text

CURLY_DOUBLE = LEFT_DOUBLE + RIGHT_DOUBLE
GUILLEMETS = LEFT_GUILLEMET + RIGHT_GUILLEMET
OPENING_DOUBLE = STRAIGHT_DOUBLE + LEFT_DOUBLE + LOW_DOUBLE + LEFT_GUILLEMET
CLOSING_DOUBLE = STRAIGHT_DOUBLE + RIGHT_DOUBLE + RIGHT_GUILLEMET
DOUBLE = STRAIGHT_DOUBLE + CURLY_DOUBLE + LOW_DOUBLE + GUILLEMETS
OPENING_SINGLE = STRAIGHT_SINGLE + LEFT_SINGLE
CLOSING_SINGLE = STRAIGHT_SINGLE + RIGHT_SINGLE
SINGLE = STRAIGHT_SINGLE + LEFT_SINGLE + RIGHT_SINGLE
OPENING = OPENING_DOUBLE + OPENING_SINGLE
CLOSING = CLOSING_DOUBLE + CLOSING_SINGLE
# Every one-character mark of running text (the backtick is one only in tokenised text).
QUOTE_MARKS = DOUBLE + SINGLE


def char_class(marks: str) -> str:
    """``marks`` as a regular-expression character class, each mark escaped."""
    return "[" + "".join(re.escape(m) for m in marks) + "]"
