"""Plain-text files → one ``RawDoc(format="txt")`` each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from saidwho.errors import InputError
from saidwho.ingest.decode import decode_text, failure, read_limited
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings


def read_txt(stream: BinaryIO, source: str, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    """Yield the file's text exactly as decoded (line endings kept), so offsets index it."""
    try:
        text, encoding = decode_text(source, read_limited(stream, source, settings=settings))
    except InputError as exc:
        yield failure(exc)
        return
    yield RawDoc(source=source, format="txt", text=text, encoding=encoding)
