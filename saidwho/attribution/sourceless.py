"""Statements whose sentence leaves the source out, as wire copy writes them:

1. a charge: "Qureshi is charged with fraud", "Each defendant is also charged with
   conspiracy", "was charged by prosecutors with wire fraud". The content is the charge (the
   guidelines' "They were charged with 'disturbing the peace' and 'indecent exposure'");
   whoever is charged is no source: the source is the "by" phrase, else none. A statement
   the extractor read at that cue gets these spans; a charge denied ("has never been
   charged with any crime") or without a subject ("being convicted of a crime") is none;
2. a hedging adjective before a noun: "suspected militants", "the alleged ringleader", "the
   so-called establishment" (PolNeAR: cue "alleged", content "coup plotter");
3. "it was not immediately clear whether/who/what ...": nobody could say, as wire copy says
   it. Only "not immediately" or "not yet" clear: PolNeAR leaves most plain "it is unclear
   whether" unmarked (21 of 34 in train and dev).

None is added inside another statement's content (PolNeAR marks the outer one only) or in
quoted text.
"""

from __future__ import annotations

import re

import msgspec
import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Token

from saidwho.nlp import lemma
from saidwho.nlp.index import doc_text, sentence_of
from saidwho.quotemarks import QUOTE_MARKS
from saidwho.records import Attribution, Content, Span

CHARGE_VERBS = frozenset({"charge", "indict", "accuse", "convict", "suspect"})
# The preposition that opens each verb's charge.
_CHARGE_PREPS = {
    "charge": ("with",), "indict": ("on", "for"), "accuse": ("of",), "convict": ("of",), "suspect": ("of",),
}  # fmt: skip
HEDGES = frozenset({"suspected", "alleged", "purported", "presumed", "reputed", "so-called"})
_UNCLEAR = re.compile(
    r"\b[Ii]t\s+(?:is|was|remains|remained|'s|\u2019s)\s+not\s+(?:immediately|yet)\s+clear\s+"
    r"(?:whether|if|what|who|whom|how|when|where|why)\b"
)
_CLAUSE_STOP = frozenset({";", "\u2014", "\u2013", "--"})
CONFIDENCE = 0.75


def sourceless(doc: Doc, found: list[Attribution], quoted: npt.NDArray[np.bool_]) -> list[Attribution]:
    """``found`` with the three kinds of statement above; a charge the extractor read keeps
    its place with the charge's spans."""
    text = doc_text(doc)
    out = list(found)
    for token in doc:
        if quoted[token.idx]:
            continue
        charge = _charge(text, token) if lemma(token) in CHARGE_VERBS else None
        if charge is not None:
            out = _with(out, charge)
        hedge = _hedge(text, token) if token.lower_ in HEDGES or _so_called(token) else None
        if hedge is not None and not nested_in(out, hedge):
            out.append(hedge)
    for m in _UNCLEAR.finditer(text):
        said = _clause(text, m.end())
        if not quoted[m.start()] and said is not None:
            att = _attribution(text, None, (m.start(), m.end()), said)
            if not nested_in(out, att) and not any(_overlap(a.cue, att.cue) for a in out):
                out.append(att)
    return out


def _charge(text: str, verb: Token) -> Attribution | None:
    """A passive charge ("is charged with ..."), its aux, "also" and "not" in the cue."""
    # Someone is charged: a subject, and not "has never been charged with any crime".
    children = list(verb.children)
    if verb.tag_ != "VBN" or not any(c.dep_ == "nsubjpass" for c in children):
        return None
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in children):
        return None
    prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in _CHARGE_PREPS[lemma(verb)]), None)
    if prep is None:
        return None
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objects or any(c.lower_ == "any" for c in objects[0].children):
        return None  # "Neither X nor Y has been charged with any crime"
    group = [c for c in children if c.dep_ in ("auxpass", "aux", "neg", "advmod") and c.i < verb.i]
    first = min([verb, *group])
    cue_end = prep if prep.i == verb.i + 1 else verb
    agent = next((c for c in children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    source = (by.left_edge.idx, _end(by.right_edge)) if by is not None else None
    said = _phrase(objects[0], after=prep)
    if said is None:
        return None
    return _attribution(text, source, (first.idx, _end(cue_end)), said)


def _hedge(text: str, adjective: Token) -> Attribution | None:
    """A hedging adjective's statement: the rest of its noun phrase ("suspected militants")."""
    noun = adjective.head
    if adjective.dep_ != "amod" or noun.pos_ not in ("NOUN", "PROPN") or noun.i < adjective.i:
        return None
    start = adjective.i + 1
    first = adjective.doc[start]
    return _attribution(text, None, (_cue_start(adjective), _end(adjective)), (first.idx, _end(noun)))


def _so_called(token: Token) -> bool:
    """ "called" of "so-called", which the tokenizer splits in three."""
    doc = token.doc
    if token.lower_ != "called" or token.i < 2:
        return False
    return doc[token.i - 2].lower_ == "so" and doc[token.i - 1].text == "-"


def _cue_start(adjective: Token) -> int:
    doc = adjective.doc
    return doc[adjective.i - 2].idx if _so_called(adjective) else adjective.idx


def _phrase(head: Token, *, after: Token) -> tuple[int, int] | None:
    """``head``'s phrase after ``after`` in its sentence, without a relative clause or
    punctuation at its end."""
    sent = sentence_of(head)
    toks = [
        t for t in head.subtree if after.i < t.i < sent.end and not t.is_space and not _in_clause(t, head)
    ]
    while toks and toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS:
        toks.pop()
    if not toks or any(t.text in _CLAUSE_STOP for t in toks):
        return None
    return toks[0].idx, _end(toks[-1])


def _in_clause(token: Token, head: Token) -> bool:
    """Whether ``token`` lies in a relative or adverbial clause under ``head``."""
    while token != head:
        if token.dep_ in ("relcl", "advcl", "acl") and token.head.i >= head.i:
            return True
        token = token.head
    return False


def _clause(text: str, start: int) -> tuple[int, int] | None:
    """From ``start`` to the end of its sentence (or a semicolon or dash), closing punctuation
    left out."""
    while start < len(text) and text[start].isspace():
        start += 1
    end = start
    while end < len(text) and text[end] not in ".!?\n;" and text[end : end + 2] not in (" \u2014", " --"):
        end += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ","):
        end -= 1
    return (start, end) if end - start >= 6 else None


def _attribution(
    text: str, source: tuple[int, int] | None, cue: tuple[int, int], said: tuple[int, int]
) -> Attribution:
    return Attribution(
        id="",
        source=Span(start=source[0], end=source[1], text=text[source[0] : source[1]]) if source else None,
        cue=Span(start=cue[0], end=cue[1], text=text[cue[0] : cue[1]]),
        content=Content(spans=[said], text=text[said[0] : said[1]]),
        kind="indirect",
        confidence=CONFIDENCE,
    )


def _with(found: list[Attribution], charge: Attribution) -> list[Attribution]:
    """``found`` with ``charge`` in place of a statement read at its cue; added when none was,
    unless it lies in another statement's content."""
    for k, att in enumerate(found):
        if _overlap(att.cue, charge.cue):
            return [*found[:k], msgspec.structs.replace(charge, id=att.id), *found[k + 1 :]]
    return found if nested_in(found, charge) else [*found, charge]


def nested_in(found: list[Attribution], att: Attribution) -> bool:
    """Whether ``att``'s cue lies in the content of another statement."""
    return any(s <= att.cue.start and att.cue.end <= e for other in found for s, e in other.content.spans)


def _overlap(a: Span, b: Span) -> bool:
    return min(a.end, b.end) > max(a.start, b.start)


def _end(token: Token) -> int:
    return token.idx + len(token.text)
