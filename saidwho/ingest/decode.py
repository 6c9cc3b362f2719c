"""Bytes → str, with the checks every text-like input shares.

Policy, chosen so that offsets index what the user gave us:

* Plain text must be UTF-8 (a UTF-8 BOM is dropped; a UTF-16 BOM is honoured). Invalid
  UTF-8 is refused rather than guessed as cp1252: a wrong guess silently corrupts names
  and quotes, and ``iconv`` fixes the file once for every later run.
* HTML follows the WHATWG order: BOM, HTTP charset, ``<meta charset>``, then UTF-8; an
  undeclared page that is not valid UTF-8 is read as windows-1252 (the web's legacy
  default) unless it holds UTF-8 sequences, in which case bad bytes become U+FFFD. Offsets
  then index the extracted text, not the file, so replacing a stray byte costs nothing.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from saidwho.errors import InputError
from saidwho.records import Failure
from saidwho.settings import Settings

# Enough to tell binary from text; NUL never occurs in UTF-8 text or HTML.
SNIFF_BYTES = 8192
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def failure(exc: InputError) -> Failure:
    """Turn an ``InputError`` into the ``Failure`` record a batch carries on with."""
    return Failure(source=exc.source, message=str(exc))


def peek(stream: BinaryIO, size: int = SNIFF_BYTES) -> bytes:
    """Up to ``size`` leading bytes of ``stream`` without consuming them (needs ``peek``)."""
    peek_method = getattr(stream, "peek", None)
    return bytes(peek_method(size)[:size]) if peek_method is not None else b""


def read_limited(stream: BinaryIO, source: str, *, settings: Settings) -> bytes:
    """Read a whole input, refusing empty, binary and over-large ones."""
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise InputError(
            source,
            f"larger than the {settings.max_bytes}-byte limit (max_bytes)",
            "Split the file or raise SAIDWHO_MAX_BYTES.",
        )
    check_text_like(source, data)
    return data


def check_text_like(source: str, data: bytes) -> None:
    """Raise ``InputError`` if ``data`` is empty or looks binary."""
    if not data.strip():
        raise InputError(source, "empty file", "Check that the download or export finished.")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            source,
            "binary data, not text (NUL bytes)",
            "Pass UTF-8 .txt, .html, .jsonl or WARC files.",
        )


def decode_utf8(source: str, data: bytes) -> str:
    """Decode strict UTF-8, dropping a BOM; UTF-16 with a BOM is accepted too."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "Re-encode it as UTF-8, e.g. `iconv -f cp1252 -t utf-8`.",
        ) from exc


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in its first bytes, if Python knows it."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return known_codec(match.group(1).decode("ascii")) if match else None


def known_codec(name: str | None) -> str | None:
    """``name`` normalised if it is a codec Python has, else ``None``."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(data: bytes, *, charset: str | None = None) -> str:
    """Decode HTML: BOM, ``charset`` (from HTTP headers), ``<meta>``, UTF-8, windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    codec = known_codec(charset) or declared_charset(data)
    if codec is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            codec = "utf-8" if _UTF8_MULTIBYTE.search(data) else "cp1252"
    return data.decode(codec, errors="replace")
