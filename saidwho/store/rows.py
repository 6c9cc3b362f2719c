"""Article → table rows: the store key, the outlet, and the sentence a statement sits in."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from saidwho.records import Article, Attribution, RawDoc

# Sentence ends: . ! ? (optionally closed by a quote or bracket) before whitespace, or a
# line break. A deliberately simple rule: the link only has to land on the right lines.
_SENTENCE_END = re.compile(r"""[.!?]['"\u2019\u201d)\]]*(?=\s|$)|\n""")


def store_key(content_hash: str, url: str | None) -> str:
    """The article's key: its content hash, or a hash of that and its URL when known."""
    if not url:
        return content_hash
    return hashlib.sha1(f"{content_hash} {url}".encode()).hexdigest()[:16]


def raw_key(raw: RawDoc) -> str | None:
    """The key a plain-text document will be stored under, known before the model runs.

    Plain text is stored as read (``Article.text == raw.text``), so its key is known now;
    for HTML it depends on the extracted text, so ``None``.
    """
    if raw.text is None:
        return None
    from saidwho.clean import article_id

    return store_key(article_id(raw.text), raw.url)


def outlet_of(article: Article, named: str | None = None) -> str | None:
    """The one rule for an article's outlet, whoever stores it (CLI, API, library).

    In order: ``named``, the outlet the user gave (``saidwho ingest --outlet``, the API's
    ``outlet`` field: what a person says beats what is guessed); the site the page names
    (``Article.site``); the URL's host, lower case, without ``www.``; else ``None``.
    """
    if named:
        return named
    if article.site:
        return article.site
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else None


def statement_range(att: Attribution) -> tuple[int, int]:
    """The characters a statement covers: its source, cue and content spans."""
    starts = [att.cue.start] + [s for s, _ in att.content.spans]
    ends = [att.cue.end] + [e for _, e in att.content.spans]
    if att.source is not None:
        starts.append(att.source.start)
        ends.append(att.source.end)
    return min(starts), max(ends)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole sentences: from after the previous sentence end to the
    next one (inclusive), whitespace trimmed."""
    before = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        before = match.end()
    # From two characters back, so a quote's own end (`.”`) closes its sentence.
    after = _SENTENCE_END.search(text, max(start, end - 2))
    stop = after.end() if after else len(text)
    while before < start and text[before].isspace():
        before += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    return before, stop
