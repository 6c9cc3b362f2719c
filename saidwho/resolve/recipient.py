"""Who a statement was made to: "VOA" in "told VOA", "reporters" in "said to reporters"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from saidwho.nlp import lemma
from saidwho.nlp.index import entity_of
from saidwho.quotemarks import DOUBLE
from saidwho.records import Span as RecordSpan
from saidwho.resolve.phrases import CLAUSE_BREAK, base_phrase, phrase_text, strip_determiner, token_span

# Verbs whose direct object is the addressee ("told VOA", "assured reporters").
TELL_VERBS = frozenset(
    {"tell", "inform", "assure", "warn", "remind", "brief", "notify", "caution", "promise"}
)
# Verbs whose "to" phrase is the addressee ("said to reporters", "wrote to Congress").
TO_VERBS = frozenset(
    {
        "say", "write", "explain", "speak", "talk", "complain", "confirm", "admit", "announce",
        "describe", "state", "tell", "testify", "report", "reveal", "declare", "insist",
        "acknowledge", "concede", "add", "argue", "claim", "note", "tweet", "reply", "respond",
        "deny", "suggest", "stress", "emphasize", "boast", "joke", "vow", "pledge", "plead",
    }
)  # fmt: skip
# Nouns whose "with"/"to" phrase is the addressee ("said in an interview with VOA").
CHANNEL_NOUNS = frozenset(
    {
        "interview", "letter", "email", "e-mail", "memo", "message", "note", "call",
        "conversation", "briefing", "speech", "remarks", "testimony", "address", "post",
    }
)  # fmt: skip
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
POSSESSIVE = frozenset({"'s", "\u2019s"})
OBJECTS = frozenset({"dobj", "dative"})


def recipient(doc: Doc, cue: RecordSpan) -> str | None:
    """The addressee governed by the cue's verb, or None."""
    span = token_span(doc, cue.start, cue.end)
    if span is None:
        return None
    # The main verb, not an auxiliary before it ("has told").
    verb = next((t for t in span if t.pos_ == "VERB"), None) or next(
        (t for t in span if t.pos_ == "AUX"), None
    )
    if verb is None:
        return None
    verb_lemma = lemma(verb)
    for child in verb.children:
        found = _addressee(child, verb_lemma)
        if found is not None:
            return addressee_text(found)
    # "Speaking to VOA from Abuja, X said ...": the addressee of a participle on the cue.
    for child in verb.children:
        if child.dep_ == "advcl" and child.tag_ == "VBG" and lemma(child) in TO_VERBS | TELL_VERBS:
            for grandchild in child.children:
                found = _addressee(grandchild, lemma(child))
                if found is not None:
                    return addressee_text(found)
    return None


def _addressee(child: Token, verb_lemma: str) -> Token | None:
    if child.dep_ == "dative":
        return _pobj(child) if child.pos_ == "ADP" else child
    if child.dep_ == "dobj" and verb_lemma in TELL_VERBS and child.pos_ in {"PROPN", "NOUN", "PRON"}:
        return child
    if child.dep_ == "prep" and child.lower_ == "to" and verb_lemma in TO_VERBS:
        return _pobj(child)
    if child.dep_ == "prep" and child.lower_ in {"in", "during"}:
        for noun in child.children:
            if noun.dep_ == "pobj" and lemma(noun) in CHANNEL_NOUNS:
                for prep in noun.children:
                    if prep.dep_ == "prep" and prep.lower_ in {"with", "to"}:
                        return _pobj(prep)
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def addressee_text(head: Token) -> str:
    """The addressee's name or base noun phrase, without a leading determiner; a possessive
    takes in the programme it owns ("BBC Radio 4's Today programme", "WLKR's "Morning
    Edition""), which the parse may hang on the verb as a second object."""
    doc = head.doc
    if head.ent_type_ in ENTITY_LABELS:
        ent = entity_of(head)
        assert ent is not None  # the token has an entity type, so an entity holds it
        start, end = strip_determiner(doc, ent.start, ent.end)
    else:
        start, end = strip_determiner(doc, *base_phrase(head, right=False))
    end = max(end, _owned_end(head))
    return phrase_text(doc, start, end)


def _owned_end(owner: Token) -> int:
    """Where the noun phrase that ``owner`` possesses ends, when the parse put it beside the
    owner on the verb; 0 when ``owner`` is no possessive."""
    if not any(c.dep_ == "case" and c.lower_ in POSSESSIVE for c in owner.children):
        return 0
    doc = owner.doc
    owned = next((c for c in owner.head.children if c.i > owner.i and c.dep_ in OBJECTS), None)
    if owned is None or any(t.text in CLAUSE_BREAK - set(DOUBLE) for t in doc[owner.i : owned.i]):
        return 0
    end = owned.i + 1
    if end < len(doc) and doc[end].text in DOUBLE:
        end += 1
    return end
