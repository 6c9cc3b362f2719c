"""A claim's label: a self-contained sentence that names its subject.

A claim is first seen as a statement's content ("that it killed the elusive leader", a
quote fragment); its label is the best of the contents that state it: no leading pronoun,
a named subject, a whole clause, not a fragment, cleaned of the "that" and quote marks
that reported speech leaves on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_PRONOUN = re.compile(
    r"^(he|she|it|they|we|i|you|this|that|these|those|his|her|their|its|our|my|there|here|"
    r"him|them|us|me|one|someone|such)\b",
    re.IGNORECASE,
)
_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_LEAD = re.compile(rf"^[\s{_MARKS}(\[]*(?:that\s+)?[\s{_MARKS}]*", re.IGNORECASE)
_TRAIL = re.compile(r"[\s\"'\u201c\u201d\u2018\u2019\u00ab\u00bb,;:.)\]-]+$")
_NAMED = re.compile(r"(?<!^)\b[A-Z][a-z]+|\b[A-Z]{2,}\b|\b\d")


def clean(content: str) -> str:
    """``content`` as a sentence: no leading "that" or quote marks, a capital first letter,
    no trailing punctuation or closing quotes."""
    text = _TRAIL.sub("", _LEAD.sub("", " ".join(content.split())))
    return text[:1].upper() + text[1:] if text else " ".join(content.split())


def quality(content: str) -> float:
    """How well ``content`` reads as a claim's label (higher is better)."""
    text = clean(content)
    n = len(text.split())
    score = 0.0
    if _PRONOUN.match(text):
        score -= 10
    if _NAMED.search(text):
        score += 3
    if n < 4:
        score -= 6
    elif n > 30:
        score -= (n - 30) / 5
    if re.search(r"[\"\u201c\u201d]", text):
        score -= 1  # a quote fragment inside
    return score


def best_label(contents: Sequence[str]) -> str:
    """The best label among the contents that state one claim (the first on a tie)."""
    if not contents:
        raise ValueError("best_label of no contents")
    best = max(range(len(contents)), key=lambda i: (quality(contents[i]), -i))
    return clean(contents[best])
