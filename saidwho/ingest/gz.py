"""Gzipped inputs: a single document is decompressed as it is read; a WARC.gz is left to warc.py.

The format of a gzipped file comes from its content, not only its name, so the head is
decompressed from the bytes already peeked, without consuming the stream.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

from saidwho.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS


def is_gzip(head: bytes) -> bool:
    """Whether ``head`` starts a gzip stream."""
    return head.startswith(GZIP_MAGIC)


def gunzip_head(head: bytes, size: int) -> bytes:
    """Up to ``size`` decompressed bytes from the start of a gzip stream (less if it is cut)."""
    try:
        return zlib.decompressobj(_GZIP_WBITS).decompress(head, size)
    except zlib.error:
        return b""


def gunzip(stream: BinaryIO, source: str) -> BinaryIO:
    """A peekable stream of ``stream``'s decompressed bytes, decompressed as they are read.

    Reading it raises ``InputError`` where the data is cut off or corrupt. Memory stays
    bounded by what the caller reads, so a size limit on reads also stops a gzip bomb.
    """
    return io.BufferedReader(_Gunzip(stream, source))


class _Gunzip(io.RawIOBase):
    def __init__(self, raw: BinaryIO, source: str) -> None:
        super().__init__()
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._gz.read1(len(buffer))
        except EOFError as exc:
            raise InputError(self._source, "truncated gzip stream", "Re-download the file.") from exc
        except (zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(self._source, f"corrupt gzip stream ({exc})", "Re-download the file.") from exc
        buffer[: len(data)] = data
        return len(data)
