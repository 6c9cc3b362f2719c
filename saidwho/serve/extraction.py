"""Run extraction for a request: the model loads once per process, off the event loop."""

from __future__ import annotations

import threading

import msgspec
from starlette.concurrency import run_in_threadpool

import saidwho
from saidwho.records import Article
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
    """:func:`saidwho.extract` on ``doc``, one extraction at a time in this process.

    Raises:
        InputError: ``doc`` holds no article (empty text, HTML without a main text).
    """
    with _lock:
        return saidwho.extract(
            doc.text,
            title=doc.title,
            url=doc.url,
            published=doc.published,
            html=doc.html,
            source=doc.url or "<pasted article>",
            settings=settings,
        )


async def extract_async(doc: ArticleInput, settings: Settings) -> Article:
    """:func:`extract` in a worker thread, so the server keeps answering meanwhile."""
    return await run_in_threadpool(extract, doc, settings)
