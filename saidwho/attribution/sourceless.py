"""Statements whose sentence leaves the source out, as wire copy writes them:

1. a charge: "Qureshi is charged with fraud", "Each defendant is also charged with
   conspiracy", "was charged by prosecutors with wire fraud". The content is the charge (the
   guidelines' "They were charged with 'disturbing the peace' and 'indecent exposure'");
   whoever is charged is no source: the source is the "by" phrase, else none. A statement
   the extractor read at that cue gets these spans; a charge denied ("has never been
   charged with any crime") or without a subject ("being convicted of a crime") is none;
2. a hedging adjective before a noun: "suspected militants", "the alleged ringleader", "the
   so-called establishment" (PolNeAR: cue "alleged", content "coup plotter"); "promised"
   too, its content reaching over the noun's prepositions and its source the possessor ("the
   party's promised transfer of power to Sarkis");
3. a belief in a reduced clause: "The gunman, believed to be a former soldier, ...", "two men
   thought to be smugglers": the content is the infinitive, and the noun it describes is no
   source (the tagger takes it for one);
4. "it was not immediately clear whether/who/what ...": nobody could say, as wire copy says
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

from saidwho.attribution.assemble import Cover
from saidwho.intervals import Intervals
from saidwho.nlp import lemma
from saidwho.nlp.index import doc_text, sentence_of
from saidwho.quotemarks import QUOTE_MARKS
from saidwho.records import Attribution, Content, Span

CHARGE_VERBS = frozenset({"charge", "indict", "accuse", "convict", "suspect"})
# The preposition that opens each verb's charge.
_CHARGE_PREPS = {
    "charge": ("with",), "indict": ("on", "for"), "accuse": ("of",), "convict": ("of",), "suspect": ("of",),
}  # fmt: skip
HEDGES = frozenset({"suspected", "alleged", "purported", "presumed", "reputed", "so-called", "promised"})
# Participles of belief or hearsay in a reduced clause: "believed to be", "thought to have";
# not "said" or "expected", whose active "to" is common ("Officials expected to see ...").
REDUCED = frozenset(
    {"believed", "thought", "known", "reported", "rumoured", "rumored", "understood", "alleged",
     "presumed", "reputed", "supposed"}
)  # fmt: skip
_UNCLEAR = re.compile(
    r"\b[Ii]t\s+(?:is|was|remains|remained|'s|\u2019s)\s+not\s+(?:immediately|yet)\s+clear\s+"
    r"(?:whether|if|what|who|whom|how|when|where|why)\b"
)
_CLAUSE_STOP = frozenset({";", "\u2014", "\u2013", "--"})
CONFIDENCE = 0.75


def sourceless(doc: Doc, found: list[Attribution], quoted: npt.NDArray[np.bool_]) -> list[Attribution]:
    """``found`` with the kinds of statement above; a charge or a reduced belief the
    extractor read keeps its place with the new spans."""
    text = doc_text(doc)
    out = list(found)
    # Looked up by bisection, not by a scan of every statement: long texts hold thousands.
    nesting = Nesting(found)
    cues = Cover([(a.cue.start, a.cue.end) for a in found])
    for token in doc:
        if quoted[token.idx]:
            continue
        charge = _charge(text, token) if lemma(token) in CHARGE_VERBS else None
        charge = charge or (_reduced(text, token) if token.lower_ in REDUCED else None)
        if charge is not None and cues.overlaps((charge.cue.start, charge.cue.end)):
            out = _replace(out, charge)
        elif charge is not None and not nesting.holds(charge):
            out.append(charge)
        hedge = _hedge(text, token) if token.lower_ in HEDGES or _so_called(token) else None
        read = hedge is not None and cues.overlaps((hedge.cue.start, hedge.cue.end))
        if hedge is not None and not read and not nesting.holds(hedge):
            out.append(hedge)
    for m in _UNCLEAR.finditer(text):
        said = _clause(text, m.end())
        if not quoted[m.start()] and said is not None and not cues.overlaps(m.span()):
            att = _attribution(text, None, (m.start(), m.end()), said)
            if not nesting.holds(att):
                out.append(att)
    return out


class Nesting:
    """Whether a cue lies in the content of one of a fixed list of statements."""

    def __init__(self, found: list[Attribution]) -> None:
        self.contents = Intervals((s, e, e) for a in found for s, e in a.content.spans)

    def holds(self, att: Attribution) -> bool:
        return any(end >= att.cue.end for end in self.contents.holding(att.cue.start))


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
    said = _phrase(objects[0], after=prep)
    if said is None:
        return None
    return _attribution(text, _agent(children), (first.idx, _end(cue_end)), said)


def _reduced(text: str, verb: Token) -> Attribution | None:
    """A belief in a reduced clause ("believed to be a former soldier"), its content the
    infinitive up to a comma or the sentence's own verb. Read from the words: the parse takes
    "The gunman, believed to be" for the gunman believing."""
    doc = verb.doc
    k = verb.i
    if k == 0 or k + 2 >= len(doc) or doc[k + 1].lower_ != "to" or doc[k + 2].tag_ != "VB":
        return None
    before = doc[k - 1]
    if before.lemma_ == "be" or before.pos_ in ("AUX", "PRON") or before.lower_ in ("has", "have", "had"):
        return None  # "is believed to": the tagger reads it as PolNeAR marks it
    if before.text != "," and before.pos_ not in ("NOUN", "PROPN"):
        return None
    last = k + 2
    for tok in doc[k + 3 : sentence_of(verb).end]:
        if tok.text in (",", ";", ":", ".") or tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or "\n" in tok.text:
            break
        last = tok.i
    said = (doc[k + 1].idx, _end(doc[last]))
    return _attribution(text, None, (verb.idx, _end(verb)), said)


def _agent(children: list[Token]) -> tuple[int, int] | None:
    """The "by" phrase of a passive verb, as a source's character range."""
    agent = next((c for c in children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return (by.left_edge.idx, _end(by.right_edge)) if by is not None else None


def _hedge(text: str, adjective: Token) -> Attribution | None:
    """A hedging adjective's statement: the rest of its noun phrase ("suspected militants");
    for "promised", with the noun's prepositions and its possessor as source."""
    noun = adjective.head
    if adjective.dep_ != "amod" or noun.pos_ not in ("NOUN", "PROPN") or noun.i < adjective.i:
        return None
    doc = adjective.doc
    end = noun
    source = None
    if adjective.lower_ == "promised":
        preps = [c for c in noun.rights if c.dep_ == "prep"]
        end = preps[-1].right_edge if preps else noun
        owner = next((c for c in noun.children if c.dep_ == "poss" and c.i < adjective.i), None)
        source = (owner.left_edge.idx, _end(owner.right_edge)) if owner is not None else None
    said = (doc[adjective.i + 1].idx, _end(end))
    return _attribution(text, source, (_cue_start(adjective), _end(adjective)), said)


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
        content=Content.of(text, [said]),
        kind="indirect",
        confidence=CONFIDENCE,
    )


def _replace(found: list[Attribution], charge: Attribution) -> list[Attribution]:
    """``found`` with ``charge`` in place of the statement read at its cue."""
    for k, att in enumerate(found):
        if _overlap(att.cue, charge.cue):
            return [*found[:k], msgspec.structs.replace(charge, id=att.id), *found[k + 1 :]]
    return found


def _overlap(a: Span, b: Span) -> bool:
    return min(a.end, b.end) > max(a.start, b.start)


def _end(token: Token) -> int:
    return token.idx + len(token.text)
