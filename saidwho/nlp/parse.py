"""Texts -> Docs in bounded memory: long texts in paragraph-aligned pieces, one bad text alone.

spaCy's parse of one Doc costs memory in proportion to its length (en_core_web_sm here:
about 3.4 MB per thousand characters, so 3.4 GB for a 1 MB text), while pieces of at most
``max_chars`` characters, parsed one batch at a time, keep the peak that of one batch. A
text longer than ``max_chars`` is cut after a line break (a paragraph's end) where there is
one, parsed piece by piece and joined back into one Doc whose offsets are the text's. Texts
of at most ``max_chars`` are parsed whole, exactly as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from saidwho.pieces import split_text

__all__ = ["parse"]

log = logging.getLogger(__name__)


def _batches(pieces: Iterable[str], *, size: int, max_chars: int) -> Iterator[list[str]]:
    """At most ``size`` pieces and (unless one piece alone is longer) ``max_chars`` characters
    per batch: spaCy parses a batch at once, so its memory follows the batch's length."""
    batch: list[str] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) == size or chars + len(piece) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece)
    if batch:
        yield batch


def _parse_pieces(
    nlp: Language, pieces: Iterable[str], *, batch_size: int, max_chars: int
) -> Iterator[Doc | Exception]:
    """Each piece's Doc in order, or the exception its parse raised."""
    for batch in _batches(pieces, size=batch_size, max_chars=max_chars):
        try:
            docs: list[Doc | Exception] = list(nlp.pipe(batch, batch_size=len(batch)))
        except Exception:  # which piece broke the batch? parse them one at a time
            docs = []
            for piece in batch:
                try:
                    docs.append(nlp(piece))
                except Exception as exc:  # one bad text must not sink the batch
                    docs.append(exc)
        yield from docs


def parse(
    nlp: Language, texts: Sequence[str], *, batch_size: int, max_chars: int
) -> Iterator[Doc | Exception]:
    """One Doc per text, in order, or the exception parsing it raised.

    Texts longer than ``max_chars`` (or ``nlp.max_length``) are parsed in pieces
    (:func:`split_text`) and joined into one Doc; its ``text`` is the text's, so token offsets
    index it. The pieces' sentence boundaries and entities are kept; none crosses a cut.
    """
    limit = min(max_chars, nlp.max_length)
    split = [split_text(text, limit) for text in texts]
    parsed = _parse_pieces(
        nlp, (p for pieces in split for p in pieces), batch_size=batch_size, max_chars=limit
    )
    for pieces in split:
        results = [next(parsed) for _ in pieces]
        docs = [d for d in results if isinstance(d, Doc)]
        if len(docs) < len(results):
            yield next(d for d in results if isinstance(d, Exception))
        elif len(docs) == 1:
            yield docs[0]
        else:
            log.debug("parsed a text of %d characters in %d pieces", sum(map(len, pieces)), len(docs))
            # Nothing downstream reads the tok2vec tensors: leaving them out saves ~400 bytes a
            # token. (spaCy's doc.pyi omits ``exclude``, which doc.pyx takes.)
            yield Doc.from_docs(  # type: ignore[call-arg]
                docs, ensure_whitespace=False, exclude=["tensor", "user_data", "spans"]
            )
