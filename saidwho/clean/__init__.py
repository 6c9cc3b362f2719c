"""RawDoc → Article: title, byline, date, body paragraphs and boilerplate, offsets kept.

Plain text is kept exactly (``Article.text == raw.text``) and only annotated; HTML is
reduced to its main text by trafilatura, then annotated the same way.
"""

from __future__ import annotations

import hashlib
import logging

from saidwho.clean.layout import Layout, analyse
from saidwho.clean.main_text import extract_html
from saidwho.clean.metadata import normalize_date, split_authors
from saidwho.errors import InputError
from saidwho.records import Article, RawDoc, Span
from saidwho.settings import Settings

__all__ = ["article_id", "clean"]

log = logging.getLogger(__name__)

# 16 hex digits of SHA-1: 64 bits, no collision expected below ~4 billion articles.
ID_HEX_DIGITS = 16


def clean(raw: RawDoc, *, settings: Settings) -> Article:
    """Clean one document; ``raw.title`` and ``raw.published`` beat what is detected.

    Raises:
        InputError: the document holds no article text.
    """
    if raw.text is not None:
        return _clean_text(raw)
    if raw.html is not None:
        return _clean_html(raw)
    raise InputError(raw.source, "document has neither text nor HTML", "Give it one or the other.")


def _require_body(source: str, layout: Layout, *, what: str) -> Layout:
    if not layout.body:
        raise InputError(
            source,
            f"no article text found in the {what}",
            "Check that it is an article, not an index or error page.",
        )
    return layout


def article_id(text: str) -> str:
    """A short stable content hash of an article's text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]


def _clean_text(raw: RawDoc) -> Article:
    text = raw.text or ""
    if not text.strip():
        raise InputError(raw.source, "empty text", "Give the article's text.")
    layout = _require_body(raw.source, analyse(text, title=raw.title), what="text")
    return _article(raw, text, layout, published=_published(raw.published) or layout.published)


def _clean_html(raw: RawDoc) -> Article:
    page = extract_html(raw.html or "", source=raw.source, url=raw.url)
    layout = _require_body(raw.source, analyse(page.text, title=raw.title or page.title), what="HTML")
    return _article(
        raw,
        page.text,
        layout,
        published=_published(raw.published) or normalize_date(page.date) or layout.published,
        authors=split_authors(page.author) or layout.authors,
        url=page.url,
        site=page.site,
    )


def _article(
    raw: RawDoc,
    text: str,
    layout: Layout,
    *,
    published: str | None,
    authors: list[str] | None = None,
    url: str | None = None,
    site: str | None = None,
) -> Article:
    return Article(
        id=article_id(text),
        source=raw.source,
        text=text,
        url=raw.url or url,
        site=site,
        title=raw.title or layout.title,
        authors=authors if authors is not None else layout.authors,
        published=published,
        encoding=raw.encoding,
        body=layout.body,
        boilerplate=[Span(start=s, end=e, text=text[s:e]) for s, e in layout.boilerplate],
    )


def _published(value: str | None) -> str | None:
    date = normalize_date(value)
    if value and date is None:
        log.warning("published date %r is not a date; detecting one from the text instead", value)
    return date
