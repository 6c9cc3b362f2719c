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

from saidwho.ingest.decode import peek
from saidwho.ingest.html import read_html
from saidwho.ingest.jsonl import read_jsonl
from saidwho.ingest.txt import read_txt
from saidwho.ingest.warc import GZIP_MAGIC, read_warc
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
# Longest suffix first, so ".warc.gz" wins over ".gz".
SUFFIXES = {
    ".warc.gz": "warc",
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
        paths: files (format from the extension, else sniffed), directories (walked
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
    """The format a file name's extension implies, or ``None``."""
    lower = path.lower()
    return next((fmt for suffix, fmt in SUFFIXES.items() if lower.endswith(suffix)), None)


def sniff(head: bytes) -> str:
    """Guess a format from a document's first bytes: ``{`` JSONL, ``<`` HTML, ``WARC/``."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(GZIP_MAGIC) or start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        return "html"
    return "txt"


def read_stream(stream: BinaryIO, source: str, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    """Read one stream whose format is sniffed from its first bytes (it needs ``peek``)."""
    fmt = sniff(peek(stream))
    log.debug("%s: read as %s", source, fmt)
    yield from _guarded(READERS[fmt], stream, source, settings=settings)


def _stdin() -> BinaryIO:
    return sys.stdin.buffer


def _walk(root: Path) -> Iterator[Path]:
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        if format_of(file.name) is None:
            log.debug("%s: skipped, not a .txt .html .htm .warc .warc.gz or .jsonl file", file)
        else:
            yield file


def _read_file(path: str, fmt: str | None, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after a lazy reader finishes
    except OSError as exc:
        yield Failure(source=path, message=_os_message(path, exc))
        return
    with stream:
        if fmt is None:
            yield from read_stream(stream, path, settings=settings)
        else:
            yield from _guarded(READERS[fmt], stream, path, settings=settings)


def _guarded(
    reader: Reader, stream: BinaryIO, source: str, *, settings: Settings
) -> Iterator[RawDoc | Failure]:
    """Run ``reader``, turning an unexpected error into a ``Failure`` so the batch goes on."""
    try:
        yield from reader(stream, source, settings=settings)
    except OSError as exc:
        yield Failure(source=source, message=_os_message(source, exc))
    except Exception as exc:
        log.exception("%s: unexpected error while reading", source)
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
