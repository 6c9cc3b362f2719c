"""The cue lexicons (``saidwho/data/cue_*.txt``) as data, without spaCy: the rule extractor
matches them in a parse (``cues``), the tagger's reporting-word channel reads their word forms
(``encoding``), and training runs where spaCy is not installed."""

from __future__ import annotations

from collections.abc import Iterator
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
