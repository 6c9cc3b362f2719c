"""What the steps after the parse look up again and again in a Doc, computed once per Doc.

spaCy computes three Doc properties afresh on every access, walking the whole Doc:
``Doc.text`` joins every token's text, ``Doc.sents`` and ``Doc.ents`` build a span for every
sentence and entity (read once per Doc, ``doc.ents`` is fine; a token's entity comes from
:func:`entity_of`). Read inside a loop over attributions, mentions or candidates, each read
costs the Doc's length, so the analysis of one text grew with the square of its length
(a dense 1 MB article took 13 times as long as 250 KB of it). Here each is computed
on a Doc's first read and kept beside it, and a token's sentence or entity is found by
bisection; code after the parse reads them through these functions, never through the Doc's
properties (``Token.sent`` and ``Span.sent`` included, whose cost is a sentence's length).

The index holds only numbers and the text (never a Token or a Span, which would keep the Doc
alive) in a :class:`~weakref.WeakKeyDictionary`, so it goes when its Doc goes. A Doc must not
change once read through here; no step after the parse changes one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

__all__ = ["doc_text", "entity_of", "sentence_of", "sentence_starts", "sentences"]


@dataclass(slots=True)
class _Index:
    length: int
    text: str | None = None
    # Sentences: first token of each, then the character where each starts.
    starts: list[int] | None = None
    start_chars: list[int] | None = None
    # Entities as (start, end, label, kb_id, ent_id), in order, and their starts.
    ents: list[tuple[int, int, int, int, int]] | None = None
    ent_starts: list[int] | None = None


_INDEXES: WeakKeyDictionary[Doc, _Index] = WeakKeyDictionary()


def _index(doc: Doc) -> _Index:
    found = _INDEXES.get(doc)
    if found is None or found.length != len(doc):
        found = _INDEXES[doc] = _Index(length=len(doc))
    return found


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once."""
    index = _index(doc)
    if index.text is None:
        index.text = doc.text
    return index.text


def _sentence_index(doc: Doc) -> _Index:
    index = _index(doc)
    if index.starts is None:
        # Through Doc.sents, once: it raises where the Doc has no sentence boundaries.
        bounds = [(s.start, s.start_char) for s in doc.sents]
        index.starts = [start for start, _ in bounds]
        index.start_chars = [char for _, char in bounds]
    return index


def sentence_starts(doc: Doc) -> list[int]:
    """The character offset where each sentence starts, in order (do not change the list)."""
    found = _sentence_index(doc).start_chars
    assert found is not None
    return found


def _bounds(doc: Doc, k: int) -> tuple[int, int]:
    starts = _sentence_index(doc).starts
    assert starts is not None
    return starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc)


def sentences(doc: Doc) -> list[Span]:
    """The sentences, as ``list(doc.sents)`` gives them."""
    starts = _sentence_index(doc).starts
    assert starts is not None
    return [doc[start:end] for start, end in zip(starts, [*starts[1:], len(doc)], strict=True)]


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token``: ``token.sent``, by bisection."""
    doc = token.doc
    starts = _sentence_index(doc).starts
    assert starts is not None
    start, end = _bounds(doc, bisect_right(starts, token.i) - 1)
    return doc[start:end]


def _entity_index(doc: Doc) -> _Index:
    index = _index(doc)
    if index.ents is None:
        index.ents = [(e.start, e.end, e.label, e.kb_id, e.id) for e in doc.ents]
        index.ent_starts = [e[0] for e in index.ents]
    return index


def entity_of(token: Token) -> Span | None:
    """The entity holding ``token``, or None: the one of ``doc.ents`` around it, by bisection."""
    index = _entity_index(token.doc)
    assert index.ents is not None and index.ent_starts is not None
    k = bisect_right(index.ent_starts, token.i) - 1
    if k < 0 or index.ents[k][1] <= token.i:
        return None
    return _entity(token.doc, index.ents[k])


def _entity(doc: Doc, ent: tuple[int, int, int, int, int]) -> Span:
    start, end, label, kb_id, ent_id = ent
    return Span(doc, start, end, label=label, kb_id=kb_id, span_id=ent_id)
