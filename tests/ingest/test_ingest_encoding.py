"""Text in any common encoding, or with stray damage, is decoded; only binary is refused."""

from __future__ import annotations

import codecs
import logging
import random
from pathlib import Path

import pytest

from saidwho.ingest import read_inputs
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()
CURLY = "Caf\u00e9 owners said \u201cyes\u201d \u2014 twice."
POLISH = "Prezydent powiedzia\u0142, \u017ce \u0141\u00f3d\u017a i Krak\u00f3w s\u0105 wa\u017cne. " * 3
REPLACED = "utf-8, invalid bytes replaced"


def read_one(tmp_path: Path, name: str, data: bytes) -> RawDoc | Failure:
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = read_inputs([str(path)], settings=SETTINGS)
    return item


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (CURLY.encode("utf-8"), CURLY, None),
        (codecs.BOM_UTF8 + CURLY.encode("utf-8"), CURLY, None),
        (CURLY.encode("utf-16"), CURLY, "utf-16"),
        (CURLY.encode("cp1252"), CURLY, "cp1252"),
        (
            "Le maire a dit \u00ab non \u00bb \u00e0 l'\u00e9t\u00e9.".encode("latin-1"),
            "Le maire a dit \u00ab non \u00bb \u00e0 l'\u00e9t\u00e9.",
            "cp1252",
        ),
        # Not blanket cp1252: Central European text is detected as such.
        (POLISH.encode("cp1250"), POLISH, "cp1250"),
        # One stray byte in UTF-8 is damage, not a legacy file: the curly quotes survive.
        (
            CURLY.encode("utf-8").replace(b"owners", b"own\xffers"),
            CURLY.replace("owners", "own\ufffders"),
            REPLACED,
        ),
        # A stray NUL is dropped, BOM or not.
        (codecs.BOM_UTF8 + b"The mayor\x00 said yes.", "The mayor said yes.", None),
        (CURLY.encode("utf-8").replace(b" said", b"\x00 said"), CURLY, None),
    ],
)
def test_encoding_text_is_decoded(tmp_path: Path, data: bytes, text: str, encoding: str | None) -> None:
    assert read_one(tmp_path, "story.txt", data) == RawDoc(
        source=str(tmp_path / "story.txt"), format="txt", text=text, encoding=encoding
    )


def test_encoding_guess_is_logged_with_the_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        read_one(tmp_path, "story.txt", CURLY.encode("cp1252"))
    assert caplog.messages == [f"{tmp_path / 'story.txt'}: not valid UTF-8; read as cp1252 (detected)"]


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("random.txt", random.Random(18).randbytes(4000), "binary data, not text ("),
        # High bytes only, no control bytes: nothing decodes them as text.
        ("high.txt", bytes(random.Random(18).choices(range(0x80, 0x100), k=4000)), "binary data, not text ("),
        ("nuls.txt", b"a\x00" * 100, "binary data, not text (50% control bytes)"),
    ],
)
def test_encoding_mostly_binary_is_refused(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    item = read_one(tmp_path, name, data)
    assert isinstance(item, Failure)
    assert item.message.startswith(f"{tmp_path / name}: {problem}")


def test_encoding_html_declaring_utf8_but_in_cp1252(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="utf-8"></head><body><p>{CURLY}</p></body></html>'
    item = read_one(tmp_path, "page.html", page.encode("cp1252"))
    assert isinstance(item, RawDoc) and item.html == page and item.encoding == "cp1252"


def test_encoding_html_declared_latin1_is_read_as_cp1252(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{CURLY}</p></body></html>'
    item = read_one(tmp_path, "page.html", page.encode("cp1252"))
    assert isinstance(item, RawDoc) and item.html == page and item.encoding == "cp1252"


def test_encoding_jsonl_line_in_a_legacy_encoding(tmp_path: Path) -> None:
    lines = f'{{"text": "{CURLY}"}}\n{{"text": "{CURLY}"}}\n'.encode("cp1252")
    lines += b'{"text": "The mayor\x00 said yes."}\n'
    path = tmp_path / "feed.jsonl"
    path.write_bytes(lines)
    items = list(read_inputs([str(path)], settings=SETTINGS))
    assert [(i.text, i.encoding) for i in items if isinstance(i, RawDoc)] == [
        (CURLY, "cp1252"),
        (CURLY, "cp1252"),
        ("The mayor said yes.", None),
    ]
