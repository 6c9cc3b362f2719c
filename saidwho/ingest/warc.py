"""WARC / WARC.gz → one ``RawDoc(format="html")`` per HTML ``response`` record.

warcio, not fastwarc: on a 3,000-record, 8.6 MB WARC.gz fastwarc 2.0.0 read every body in
0.045 s and warcio 1.8.1 in 0.18 s (~60 µs a record), under 1% of what trafilatura and
spaCy then spend per page, so the faster parser is not worth a compiled dependency.

warcio stops silently at a truncated file, so truncation is detected here: a gzip stream is
decompressed by ``_GzipGuard``, which notes an early end; a record whose block is shorter
than its Content-Length is dropped; a header cut mid-way leaves warcio a pending line.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from saidwho.errors import InputError
from saidwho.ingest.decode import check_not_empty, decode_html, failure, peek
from saidwho.ingest.gz import GZIP_MAGIC
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


class _GzipGuard:
    """A read-only gzip stream that ends, instead of raising, where the data is cut off."""

    def __init__(self, raw: BinaryIO) -> None:
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self.truncated = False

    def read(self, size: int = -1) -> bytes:
        if self.truncated:
            return b""
        try:
            # read1 returns what one member chunk holds, so data before the cut survives.
            return self._gz.read1(size if size > 0 else 65536)
        except (EOFError, zlib.error, gzip.BadGzipFile):
            self.truncated = True
            return b""


class _ArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, minus the three-line warning it writes straight to stderr.

    warcio prints "Record not followed by newline, perhaps Content-Length is invalid" with
    ``sys.stderr.write``; ``read_warc`` counts ``err_count`` instead and logs one line.
    """

    INC_RECORD = ""


class _Truncated(Exception):
    """A record's block ended before its Content-Length."""


def read_warc(stream: BinaryIO, source: str, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    """Yield HTML responses as ``RawDoc``; non-HTML records are skipped."""
    try:
        check_not_empty(source, peek(stream))
    except InputError as exc:
        yield failure(exc)
        return
    gzipped = peek(stream, 2) == GZIP_MAGIC
    guard = _GzipGuard(stream) if gzipped else None
    records = _ArchiveIterator(guard or stream)
    try:
        yield from _records(records, source, gzipped=gzipped, guard=guard, settings=settings)
    finally:
        if records.err_count:
            log.warning(
                "%s: %d record(s) not followed by a blank line; a Content-Length may be wrong",
                source,
                records.err_count,
            )


def _records(
    records: _ArchiveIterator,
    source: str,
    *,
    gzipped: bool,
    guard: _GzipGuard | None,
    settings: Settings,
) -> Iterator[RawDoc | Failure]:
    complete = 0
    try:
        for number, record in enumerate(records, start=1):
            item = _record_doc(record, f"{source}#{number}", settings=settings)
            complete = number
            if item is not None:
                yield item
    except ArchiveLoadFailed as exc:
        yield _not_warc(source, complete, exc)
        return
    except _Truncated:
        pass
    else:
        # warcio ends quietly on a cut-off header: a pending header line, or no record at all.
        if not ((guard is not None and guard.truncated) or records.next_line or complete == 0):
            return
    kind = "gzip stream" if gzipped else "WARC file"
    yield Failure(
        source=source,
        message=f"{source}: truncated {kind} after record {complete}; "
        "records before it were kept. Re-download the file.",
    )


def _not_warc(source: str, complete: int, exc: ArchiveLoadFailed) -> Failure:
    where = f"after record {complete}" if complete else "at the start"
    problem = str(exc).splitlines()[0] if str(exc) else "unreadable record"
    return Failure(
        source=source,
        message=f"{source}: not a valid WARC {where} ({problem}). "
        "Check that the file is a WARC or WARC.gz archive.",
    )


def _record_doc(record: ArcWarcRecord, source: str, *, settings: Settings) -> RawDoc | Failure | None:
    if record.rec_headers.get_header("Content-Length") is None:
        raise _Truncated  # every WARC record has one; a header cut before it lost it
    content_type = _content_type(record)
    if record.rec_type != "response" or not content_type.lower().startswith(HTML_TYPES):
        log.debug("%s: skipping %s record (%s)", source, record.rec_type, content_type or "no type")
        _drain(record)
        return None
    if record.length is not None and record.length > settings.max_bytes:
        _drain(record)
        return Failure(
            source=source,
            message=f"{source}: record is larger than the {settings.max_bytes}-byte limit "
            "(max_bytes). Raise SAIDWHO_MAX_BYTES to read it.",
        )
    body = record.content_stream().read()
    _drain(record)
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        html, encoding = decode_html(source, body, charset=_charset(content_type))
    except InputError as exc:
        return failure(exc)
    return RawDoc(source=source, format="html", html=html, url=url, encoding=encoding)


def _drain(record: ArcWarcRecord) -> None:
    """Read what is left of the record's block; raise ``_Truncated`` if it was cut short."""
    record.raw_stream.read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _Truncated


def _content_type(record: ArcWarcRecord) -> str:
    if record.http_headers is None:
        return ""
    return str(record.http_headers.get_header("Content-Type") or "")


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip()
    return None
