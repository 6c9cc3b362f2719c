"""Cue detection: reporting verbs, "according to" and reporting nouns in a parsed Doc.

The lexicons are data (``saidwho/data/cue_*.txt``). A verb is a cue only in the frames its
lexicon line names, because "show" reports in "polls show that ..." but rarely in "show
up". A cue's span is the verb group as PolNeAR marks it: auxiliaries and negation before
the verb ("has said", "did not deny"), a particle after it ("pointed out") and a
lexicon-listed phrase ("said in a statement").
"""

from __future__ import annotations

from typing import Literal

import msgspec
from spacy.tokens import Doc, Token

from saidwho.attribution.lexicon import Lexicon
from saidwho.nlp import lemma

Frame = Literal["clause", "object", "bare"]
CueKind = Literal["verb", "according", "noun"]

_CLAUSE_DEPS = frozenset({"ccomp"})
_GROUP_DEPS = frozenset({"aux", "auxpass", "neg"})


class Cue(msgspec.Struct, frozen=True, kw_only=True):
    """A cue found in a Doc: token indices ``[start, end)`` and its head token."""

    head: int
    start: int
    end: int
    kind: CueKind


def frame(token: Token) -> Frame:
    """How a verb takes its complement: a clause, a direct object, or neither."""
    deps = {child.dep_ for child in token.children}
    if deps & _CLAUSE_DEPS:
        return "clause"
    if "dobj" in deps:
        return "object"
    return "bare"


def _group_start(token: Token) -> int:
    """Index of the first word of the verb group: auxiliaries, negation, adverbs before it."""
    start = token.i
    for child in reversed(list(token.lefts)):
        if child.i != start - 1:
            break
        if child.dep_ in _GROUP_DEPS or (child.dep_ == "advmod" and child.tag_ in ("RB", "RBR")):
            start = child.i
        else:
            break
    return start


def _group_end(doc: Doc, token: Token, lexicon: Lexicon) -> int:
    end = token.i + 1
    if (
        end < len(doc)
        and doc[end].head == token
        and (
            doc[end].dep_ == "prt"
            or (doc[end].dep_ == "prep" and (lemma(token), doc[end].lower_) in lexicon.preps)
        )
    ):
        end += 1
    for phrase in lexicon.phrases:
        words = tuple(t.lower_ for t in doc[end : end + len(phrase)])
        if words == phrase:
            return end + len(phrase)
    return end


def verb_cue(doc: Doc, token: Token, lexicon: Lexicon, *, quoted: bool) -> Cue | None:
    """The cue headed by ``token`` if it is a reporting verb in a listed frame.

    ``quoted`` says a quote sits next to the verb, which counts as a clausal complement.
    """
    if token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod":
        return None
    frames = lexicon.verbs.get(lemma(token))
    if not frames or not ({"clause"} if quoted else {frame(token)}) & frames:
        return None
    return Cue(
        head=token.i,
        start=_group_start(token),
        end=_group_end(doc, token, lexicon),
        kind="verb",
    )


def according_cue(token: Token) -> Cue | None:
    """``according to``, headed by "according"."""
    if token.lower_ != "according" or token.i + 1 >= len(token.doc):
        return None
    if token.nbor().lower_ != "to":
        return None
    return Cue(head=token.i, start=token.i, end=token.i + 2, kind="according")


def noun_cue(token: Token, lexicon: Lexicon) -> Cue | None:
    """A reporting noun that introduces a clause ("the claim that ...", "his argument that")."""
    if token.pos_ != "NOUN" or lemma(token) not in lexicon.nouns:
        return None
    if not any(c.dep_ in ("acl", "ccomp") and _has_that(c) for c in token.rights):
        return None
    return Cue(head=token.i, start=token.i, end=token.i + 1, kind="noun")


def _has_that(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.lefts)
