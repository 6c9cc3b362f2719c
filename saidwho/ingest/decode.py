"""Bytes → str, with the checks every text-like input shares.

Crawled text arrives in many encodings and with stray damage, so decoding follows what
robust extractors do rather than refusing a file over one byte:

1. a BOM (UTF-8, UTF-16, UTF-32), or a legacy charset an HTML page declares (WHATWG);
2. UTF-8 (a page that declares UTF-8 but is not goes on to 3);
3. UTF-8 with U+FFFD for the bad bytes, when valid UTF-8 sequences outnumber them (a
   damaged UTF-8 file, not a legacy one: a detector would turn its curly quotes to mojibake);
4. the charset charset-normalizer detects, windows-1252 whenever that reads as cleanly (the
   web's legacy default; the detector picks cp1250 for Western text whose bytes decode the
   same, and then "Señor" becomes "Seńor");
5. UTF-8 with U+FFFD, or "binary" when over 10% of the result would be U+FFFD.

Anything but plain UTF-8 is logged with the file's name and noted in ``RawDoc.encoding``.
"Binary" means mostly binary: over 10% control bytes in the head, or step 5's U+FFFD; a
stray NUL is dropped (and logged).
Offsets index the decoded text, so neither a replaced nor a dropped byte shifts them.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import BinaryIO, NamedTuple

import charset_normalizer

from saidwho.errors import InputError
from saidwho.records import Failure
from saidwho.settings import Settings

log = logging.getLogger(__name__)

# Enough to tell binary from text and to find a <meta charset>.
SNIFF_BYTES = 8192
# Control bytes other than \t \n \v \f \r and ESC. Text holds almost none; random bytes are
# ~10.5% control bytes (27 of 256), images and archives more in their headers.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.10
# Undecodable results past this share of U+FFFD are binary, not damaged text.
MAX_REPLACED_SHARE = 0.10
REPLACED = "utf-8, invalid bytes replaced"
_PASS_TEXT = "Pass .txt, .html, .jsonl or WARC files (gzipped or not)."
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ASCII = bytes(range(128))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG reads these labels as windows-1252: pages that say latin-1 use its curly quotes.
_AS_CP1252 = {"ascii", "iso8859-1"}


class Decoded(NamedTuple):
    """Decoded text and how: ``encoding`` is ``None`` for plain UTF-8, else a note."""

    text: str
    encoding: str | None


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


def check_not_empty(source: str, data: bytes) -> None:
    """Raise ``InputError`` if ``data`` is empty or only whitespace."""
    if not data.strip():
        raise InputError(source, "empty file", "Check that the download or export finished.")


def check_text_like(source: str, data: bytes) -> None:
    """Raise ``InputError`` if ``data`` is empty or mostly control bytes."""
    check_not_empty(source, data)
    head = data[:SNIFF_BYTES]
    if _wide_bom(head) is not None:
        return  # UTF-16/32 text is full of NULs
    share = len(_CONTROL.findall(head)) / len(head)
    if share > MAX_CONTROL_SHARE:
        raise InputError(source, f"binary data, not text ({share:.0%} control bytes)", _PASS_TEXT)


def decode_text(source: str, data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` as the module docstring says; ``declared`` is an HTML/HTTP charset.

    Raises:
        InputError: the bytes are binary, not text in any encoding.
    """
    wide = _wide_bom(data)
    if wide is not None:
        return Decoded(data.decode(wide, errors="replace"), wide)
    data = _drop_nuls(source, data.removeprefix(codecs.BOM_UTF8))
    codec = known_codec(declared)
    if codec is not None and codec != "utf-8":
        return Decoded(data.decode(codec, errors="replace"), codec)
    try:
        return Decoded(data.decode("utf-8"), None)
    except UnicodeDecodeError:
        replaced = data.decode("utf-8", errors="replace")
    if _mostly_utf8(data, replaced):
        log.warning("%s: not valid UTF-8 in places; invalid bytes replaced", source)
        return Decoded(replaced, REPLACED)
    codec = _detect(data)
    if codec is not None:
        log.warning("%s: not valid UTF-8; read as %s (detected)", source, codec)
        return Decoded(data.decode(codec, errors="replace"), codec)
    if replaced.count("\ufffd") > MAX_REPLACED_SHARE * len(replaced):
        raise InputError(source, "binary data, not text (no text encoding fits)", _PASS_TEXT)
    log.warning("%s: not valid UTF-8 and no charset detected; invalid bytes replaced", source)
    return Decoded(replaced, REPLACED)


def _wide_bom(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` if ``data`` starts with its BOM."""
    return next((codec for bom, codec in _WIDE_BOMS if data.startswith(bom)), None)


def _drop_nuls(source: str, data: bytes) -> bytes:
    nuls = data.count(0)
    if nuls:
        log.warning("%s: dropped %d NUL byte%s", source, nuls, "" if nuls == 1 else "s")
        data = data.replace(b"\x00", b"")
    return data


def _mostly_utf8(data: bytes, replaced: str) -> bool:
    """Whether valid UTF-8 multibyte characters outnumber the bytes that are not UTF-8."""
    stray = replaced.count("\ufffd")
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))
    return len(replaced) - ascii_bytes - stray >= stray


def _detect(data: bytes) -> str | None:
    """The charset charset-normalizer finds for ``data``, or ``None``."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    codec = known_codec(best.encoding) or "utf-8"
    if codec != "cp1252" and _cp1252_as_clean(data, best.chaos):
        return "cp1252"
    return codec


def _cp1252_as_clean(data: bytes, chaos: float) -> bool:
    match = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
    return match is not None and match.chaos <= chaos


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in its first bytes, if Python knows it."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return known_codec(match.group(1).decode("ascii")) if match else None


def known_codec(name: str | None) -> str | None:
    """``name`` normalised if it is a codec Python has, else ``None``."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if codec in _AS_CP1252 else codec


def decode_html(source: str, data: bytes, *, charset: str | None = None) -> Decoded:
    """Decode HTML: BOM, ``charset`` (from HTTP headers) or ``<meta>``, then as any text."""
    return decode_text(source, data, declared=known_codec(charset) or declared_charset(data))
