"""HTML files → one ``RawDoc(format="html")`` each; extraction happens in ``clean``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from saidwho.errors import InputError
from saidwho.ingest.decode import decode_html, failure, read_limited
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings


def read_html(stream: BinaryIO, source: str, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    """Yield the page's markup, decoded with its declared charset, UTF-8 or a detected one."""
    try:
        html, encoding = decode_html(source, read_limited(stream, source, settings=settings))
    except InputError as exc:
        yield failure(exc)
        return
    yield RawDoc(source=source, format="html", html=html, encoding=encoding)
