"""JSON Lines → one ``RawDoc(format="jsonl")`` per line.

Each line is an object with ``text`` (plain text) or ``html``, and optionally ``url``,
``title`` and ``published``; other keys are ignored. A bad line yields a ``Failure``
sourced ``path:LINENO`` with msgspec's exact error, and the lines after it are still read.
A line that is not UTF-8 (or holds a NUL) is decoded as plain text is (see decode.py).
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from typing import BinaryIO

import msgspec

from saidwho.errors import InputError
from saidwho.ingest.decode import check_text_like, decode_text, failure, peek
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

log = logging.getLogger(__name__)


class JsonlDoc(msgspec.Struct, frozen=True, kw_only=True):
    """One JSONL input line."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None


_DECODER = msgspec.json.Decoder(JsonlDoc)


def read_jsonl(stream: BinaryIO, source: str, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    """Yield a ``RawDoc`` or a ``Failure`` for every non-blank line."""
    try:
        check_text_like(source, peek(stream))
    except InputError as exc:
        yield failure(exc)
        return
    for lineno, line in enumerate(_lines(stream, settings.max_bytes), start=1):
        if lineno == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if line.strip():
            yield _parse_line(line, f"{source}:{lineno}", settings=settings)


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes]:
    """Lines of at most ``limit + 1`` bytes: a longer one is cut there and its rest skipped."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
                pass
        yield line


def _parse_line(line: bytes, source: str, *, settings: Settings) -> RawDoc | Failure:
    try:
        return _to_raw(*_decode(line, source, settings=settings), source)
    except InputError as exc:
        return failure(exc)


def _decode(line: bytes, source: str, *, settings: Settings) -> tuple[JsonlDoc, str | None]:
    if len(line) > settings.max_bytes:
        raise InputError(
            source,
            f"line is larger than the {settings.max_bytes}-byte limit (max_bytes)",
            "Split the article or raise SAIDWHO_MAX_BYTES.",
        )
    try:
        return _DECODER.decode(line), None
    except msgspec.DecodeError as exc:
        if b"\x00" not in line and _is_utf8(line):
            raise InputError(source, str(exc), "Fix or remove the line.") from exc
    text, encoding = decode_text(source, line)
    try:
        return _DECODER.decode(text), encoding
    except msgspec.DecodeError as exc:
        raise InputError(source, str(exc), "Fix or remove the line.") from exc


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _to_raw(doc: JsonlDoc, encoding: str | None, source: str) -> RawDoc:
    if doc.text is None and doc.html is None:
        raise InputError(
            source,
            'object has neither "text" nor "html"',
            'Add the article as "text" (plain text) or "html".',
        )
    if doc.text is not None and doc.html is not None:
        log.debug('%s: both "text" and "html" given; using "text"', source)
    return RawDoc(
        source=source,
        format="jsonl",
        text=doc.text,
        html=None if doc.text is not None else doc.html,
        url=doc.url,
        title=doc.title,
        published=doc.published,
        encoding=encoding,
    )
