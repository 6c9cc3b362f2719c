"""saidwho: who said what in news articles.

>>> import saidwho
>>> article = saidwho.extract('"We are ready," said Jane Roe, a city spokeswoman.')
>>> [(s.name, s.type) for s in article.speakers]
[('Jane Roe', 'person')]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from saidwho.records import Article, Attribution, Content, Failure, RawDoc, Span, Speaker
from saidwho.settings import Settings, load_settings

__all__ = [
    "Article",
    "Attribution",
    "Content",
    "Failure",
    "RawDoc",
    "Settings",
    "Span",
    "Speaker",
    "extract",
    "extract_many",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def extract(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    html: bool = False,
    source: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Extract attributions and speakers from one article's plain text (or HTML with ``html=True``).

    ``title`` and ``published`` beat what is detected; ``source`` names the input in errors
    (default: ``url``, else ``"<text>"``).

    Raises:
        InputError: the input holds no article (empty, or HTML with no main text).
    """
    from saidwho.errors import InputError
    from saidwho.pipeline import process

    raw = RawDoc(
        source=source or url or "<text>",
        format="html" if html else "txt",
        text=None if html else text,
        html=text if html else None,
        url=url,
        title=title,
        published=published,
    )
    (result,) = process([raw], settings=settings or load_settings())
    if isinstance(result, Failure):
        raise InputError.from_message(result.source, result.message)
    return result


def extract_many(
    items: Iterable[RawDoc | Failure], *, settings: Settings | None = None
) -> Iterator[Article | Failure]:
    """Extract from many raw documents (see ``saidwho.ingest.read_inputs``), in order."""
    from saidwho.pipeline import process

    return process(items, settings=settings or load_settings())
