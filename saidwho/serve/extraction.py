"""Run extraction for a request: the model loads once per process, off the event loop."""

from __future__ import annotations

import threading

import msgspec
from starlette.concurrency import run_in_threadpool

from saidwho.errors import InputError
from saidwho.records import Article, Failure, RawDoc
from saidwho.settings import Settings

# spaCy pipelines are not documented as thread-safe, and extraction is CPU-bound: one at a
# time per process, the others queue.
_lock = threading.Lock()


class ArticleInput(msgspec.Struct, frozen=True, kw_only=True):
    """An article to extract from: plain ``text``, or HTML with ``html: true``."""

    text: str
    html: bool = False
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None


def extract(doc: ArticleInput, settings: Settings) -> Article:
    """Extract attributions and speakers from ``doc``.

    Raises:
        InputError: ``doc`` holds no article (empty text, HTML without a main text).
    """
    from saidwho.pipeline import process

    raw = RawDoc(source=doc.url or "<pasted article>", format="html" if doc.html else "txt",
                 text=None if doc.html else doc.text, html=doc.text if doc.html else None,
                 url=doc.url, title=doc.title, published=doc.published)
    with _lock:
        (result,) = process([raw], settings=settings)
    if isinstance(result, Failure):
        raise InputError.from_message(result.source, result.message)
    return result


async def extract_async(doc: ArticleInput, settings: Settings) -> Article:
    """:func:`extract` in a worker thread, so the server keeps answering meanwhile."""
    return await run_in_threadpool(extract, doc, settings)
