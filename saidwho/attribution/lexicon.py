"""The cue lexicons (``saidwho/data/cue_*.txt``) as data, without spaCy: the rule extractor
matches them in a parse (``cues``), the tagger's reporting-word channel reads their word forms
(``encoding``), and training runs where spaCy is not installed. Also the words by which a
source asks not to be named, read by tidying and by resolution (``ANONYMITY_*``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

import msgspec


class Lexicon(msgspec.Struct, frozen=True, kw_only=True):
    """Cue words: verb lemma -> frames, reporting nouns, and phrases a cue can take along."""

    verbs: dict[str, frozenset[str]]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    preps: frozenset[tuple[str, str]]


def _lines(name: str) -> Iterator[str]:
    text = resources.files("saidwho.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@cache
def load_lexicon() -> Lexicon:
    """Read the shipped cue lexicons once per process."""
    verbs = {}
    phrases = [tuple(line.lower().split()) for line in _lines("cue_phrases.txt")]
    for line in _lines("cue_verbs.txt"):
        lemma, *frames = line.split()
        verbs[lemma] = frozenset(frames)
    return Lexicon(
        verbs=verbs,
        nouns=frozenset(_lines("cue_nouns.txt")),
        preps=frozenset((a, b) for a, b in (line.split() for line in _lines("cue_preps.txt"))),
        # Longest first, so "in a statement released" wins over "in a statement".
        phrases=tuple(sorted(phrases, key=len, reverse=True)),
    )


# How news writes that a source asked not to be named, or was granted anonymity: the one
# list both readers build their patterns from. ``tidy`` drops such a request read as a
# statement (cue "asked", content "not to be named"); ``resolve.anonymity`` marks the source
# it describes anonymous.
# Verbs of asking: "asked not to be named", "declined to be identified", "requested anonymity".
ANONYMITY_REQUEST_VERBS = (
    "asked", "asking", "requested", "requesting", "declined", "declining", "refused", "refusing",
    "wished", "preferred", "wanted", "agreed", "insisted", "demanded",
)  # fmt: skip
# Verbs of speaking: "spoke on condition of anonymity", "talked anonymously".
ANONYMITY_SPEAKING_VERBS = ("spoke", "speaking", "speak", "talked", "talking")
# Verbs of seeking or granting anonymity itself: "sought anonymity", "was granted anonymity"
# (not "declined anonymity", which says the opposite).
ANONYMITY_GRANT_VERBS = (
    "asked", "requested", "insisted on", "sought", "demanded", "was granted", "were granted", "granted",
    "given",
)  # fmt: skip
# What the source asks not to be: "not to be named", "declined to be identified".
ANONYMITY_UNNAMED = ("named", "identified")


def alternatives(words: Iterable[str]) -> str:
    """``words`` as a regular-expression group, ``(?:a|b)``; a space in one matches any."""
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) + ")"
