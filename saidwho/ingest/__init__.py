"""Bytes → ``RawDoc``: read files, directories and stdin, one module per format.

A bad input never raises out of ``read_inputs``: it yields a ``Failure`` whose message
reads ``<input>: <what is wrong>. <what to do>.`` and the batch goes on.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from saidwho.errors import InputError
from saidwho.ingest.decode import SNIFF_BYTES, failure, peek
from saidwho.ingest.gz import gunzip, gunzip_head, is_gzip
from saidwho.ingest.html import read_html
from saidwho.ingest.jsonl import read_jsonl
from saidwho.ingest.txt import read_txt
from saidwho.ingest.warc import read_warc
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

__all__ = ["READERS", "Reader", "read_inputs", "read_stream"]

log = logging.getLogger(__name__)

Reader = Callable[..., Iterator[RawDoc | Failure]]

READERS: dict[str, Reader] = {
    "txt": read_txt,
    "html": read_html,
    "warc": read_warc,
    "jsonl": read_jsonl,
}
# Each also gzipped: "page.html.gz", "crawl.warc.gz".
SUFFIXES = {
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
}
STDIN = "-"
STDIN_SOURCE = "<stdin>"


def read_inputs(paths: Sequence[str], *, settings: Settings) -> Iterator[RawDoc | Failure]:
    """Yield a ``RawDoc`` per document in ``paths``, or a ``Failure`` per bad input.

    Args:
        paths: files (format from the extension, checked against the content, else
            sniffed; gzip is decompressed whatever the name), directories (walked
            recursively in sorted order, only known extensions), or ``"-"`` for stdin.
    """
    for path in paths:
        if path == STDIN:
            yield from read_stream(_stdin(), STDIN_SOURCE, settings=settings)
        elif Path(path).is_dir():
            for file in _walk(Path(path)):
                yield from _read_file(str(file), format_of(str(file)), settings=settings)
        else:
            yield from _read_file(path, format_of(path), settings=settings)


def format_of(path: str) -> str | None:
    """The format a file name's extension implies (``.gz`` aside), or ``None``."""
    lower = path.lower().removesuffix(".gz")
    return next((fmt for suffix, fmt in SUFFIXES.items() if lower.endswith(suffix)), None)


def sniff(head: bytes) -> str:
    """Guess a format from a document's first (decompressed) bytes: ``{``, ``<``, ``WARC/``."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        return "html"
    return "txt"


def read_stream(
    stream: BinaryIO, source: str, *, settings: Settings, named: str | None = None
) -> Iterator[RawDoc | Failure]:
    """Read one stream (it needs ``peek``), gzipped or not, in the format its content shows.

    Args:
        named: the format the file's name implies; the content overrides it when it is a
            WARC, or when a "WARC" holds HTML or JSONL.
    """
    head = peek(stream)
    gzipped = is_gzip(head)
    fmt = _choose(named, sniff(gunzip_head(head, SNIFF_BYTES) if gzipped else head), source)
    log.debug("%s: read as %s%s", source, fmt, " (gzip)" if gzipped else "")
    if gzipped and fmt != "warc":  # warc.py reads gzip itself, record by record
        stream = gunzip(stream, source)
    yield from _guarded(READERS[fmt], stream, source, settings=settings)


def _choose(named: str | None, content: str, source: str) -> str:
    """The format to read: the name's, unless the content clearly says otherwise."""
    if named is None or content == "warc" or named == content:
        return content
    if named == "warc" and content in ("html", "jsonl"):
        log.warning("%s: not a WARC; read as %s", source, content)
        return content
    return named  # "txt" content is only "not markup": a damaged WARC stays a WARC


def _stdin() -> BinaryIO:
    return sys.stdin.buffer


def _walk(root: Path) -> Iterator[Path]:
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        if format_of(file.name) is None:
            log.debug("%s: skipped, not a .txt .html .htm .warc or .jsonl file (or .gz)", file)
        else:
            yield file


def _read_file(path: str, fmt: str | None, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after a lazy reader finishes
    except OSError as exc:
        yield Failure(source=path, message=_os_message(path, exc))
        return
    with stream:
        yield from read_stream(stream, path, settings=settings, named=fmt)


def _guarded(
    reader: Reader, stream: BinaryIO, source: str, *, settings: Settings
) -> Iterator[RawDoc | Failure]:
    """Run ``reader``, turning an unexpected error into a ``Failure`` so the batch goes on."""
    try:
        yield from reader(stream, source, settings=settings)
    except InputError as exc:  # e.g. a gzip stream cut off mid-way
        yield failure(exc)
    except OSError as exc:
        yield Failure(source=source, message=_os_message(source, exc))
    except Exception as exc:
        # The Failure below is the one line users see; the traceback waits for -v.
        log.info("%s: unexpected error while reading", source, exc_info=True)
        yield Failure(
            source=source,
            message=f"{source}: could not be read ({type(exc).__name__}: {exc}). "
            "Check the file; if it looks fine, report a bug with it attached.",
        )


def _os_message(path: str, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{path}: no such file or directory. Check the path."
    if isinstance(exc, PermissionError):
        return f"{path}: permission denied. Check the file's permissions."
    reason = (exc.strerror or str(exc)).rstrip(".").lower()
    return f"{path}: {reason}. Check that the file is readable."
