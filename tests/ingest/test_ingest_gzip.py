"""Gzipped inputs are read as what they hold: a page, a scrape, JSONL or a WARC."""

from __future__ import annotations

import gzip
import io
import sys
import tracemalloc
import zlib
from pathlib import Path

import msgspec
import pytest
from test_ingest_warc import PAGE_ONE, build_warc

from saidwho.ingest import read_inputs
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()
PAGE = b"<html><head><title>Hi</title></head><body><p>The mayor said yes.</p></body></html>"
STORY = b"Harbor City Delays Vote\n\nThe mayor said yes.\n"
FEED = b'{"text": "The mayor said yes."}\n{"html": "<p>Hi</p>"}\n'


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("page.html.gz", PAGE, [("", RawDoc(source="", format="html", html=PAGE.decode()))]),
        ("story.txt.gz", STORY, [("", RawDoc(source="", format="txt", text=STORY.decode()))]),
        (
            "feed.jsonl.gz",
            FEED,
            [
                (":1", RawDoc(source="", format="jsonl", text="The mayor said yes.")),
                (":2", RawDoc(source="", format="jsonl", html="<p>Hi</p>")),
            ],
        ),
        # No format in the name: sniffed from the decompressed head.
        ("page.gz", PAGE, [("", RawDoc(source="", format="html", html=PAGE.decode()))]),
        ("story.gz", STORY, [("", RawDoc(source="", format="txt", text=STORY.decode()))]),
        # Gzipped without saying so (wget keeps Content-Encoding: gzip bodies as they came).
        ("page.html", PAGE, [("", RawDoc(source="", format="html", html=PAGE.decode()))]),
        # Named a WARC, holding a page.
        ("crawl.warc.gz", PAGE, [("", RawDoc(source="", format="html", html=PAGE.decode()))]),
    ],
)
def test_gzip_single_document_is_read_as_what_it_holds(
    tmp_path: Path, name: str, data: bytes, expected: list[tuple[str, RawDoc]]
) -> None:
    path = write(tmp_path, name, gzip.compress(data))
    items = list(read_inputs([path], settings=SETTINGS))
    assert items == [msgspec.structs.replace(doc, source=path + suffix) for suffix, doc in expected]


@pytest.mark.parametrize("name", ["crawl.gz", "crawl.txt.gz", "crawl.txt"])
def test_gzip_warc_is_a_warc_by_its_content(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, build_warc(gzip=True))
    items = list(read_inputs([path], settings=SETTINGS))
    assert [i.source for i in items] == [f"{path}#1", f"{path}#3"]
    assert isinstance(items[0], RawDoc) and items[0].html == PAGE_ONE


def test_gzip_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(gzip.compress(STORY))))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert list(read_inputs(["-"], settings=SETTINGS)) == [
        RawDoc(source="<stdin>", format="txt", text=STORY.decode())
    ]


@pytest.mark.parametrize("name", ["page.html.gz", "story.txt.gz", "page.gz"])
def test_gzip_truncated_single_document_is_one_failure(tmp_path: Path, name: str) -> None:
    data = gzip.compress(STORY * 50)
    path = write(tmp_path, name, data[: len(data) // 2])
    assert list(read_inputs([path], settings=SETTINGS)) == [
        Failure(source=path, message=f"{path}: truncated gzip stream. Re-download the file.")
    ]


def test_gzip_corrupt_single_document_is_one_failure(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(STORY))
    data[-8] ^= 0xFF  # the CRC
    path = write(tmp_path, "story.txt.gz", bytes(data))
    (item,) = read_inputs([path], settings=SETTINGS)
    assert isinstance(item, Failure) and item.source == path
    assert item.message.startswith(f"{path}: corrupt gzip stream (CRC check failed")
    assert item.message.endswith("). Re-download the file.")


def test_gzip_truncated_jsonl_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "Line %d said yes."}\n' % n for n in range(2000))
    data = gzip.compress(lines)
    path = write(tmp_path, "feed.jsonl.gz", data[: len(data) // 2])
    items = list(read_inputs([path], settings=SETTINGS))
    assert all(isinstance(i, RawDoc) for i in items[:-1]) and len(items) > 100
    assert items[-1] == Failure(source=path, message=f"{path}: truncated gzip stream. Re-download the file.")


def test_gzip_bomb_stops_at_max_bytes_of_decompressed_text(tmp_path: Path) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"The mayor said yes. " * 50_000  # 1 MB
    bomb = b"".join(packer.compress(chunk) for _ in range(64)) + packer.flush()  # 64 MB inside
    path = write(tmp_path, "story.txt.gz", bomb)
    tracemalloc.start()
    items = list(read_inputs([path], settings=Settings(max_bytes=1_000_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert items == [
        Failure(
            source=path,
            message=f"{path}: larger than the 1000000-byte limit (max_bytes). "
            "Split the file or raise SAIDWHO_MAX_BYTES.",
        )
    ]
    assert peak < 8_000_000, peak


def test_gzip_directory_walk_picks_up_gzipped_documents(tmp_path: Path) -> None:
    names = ["a.html.gz", "b.htm.gz", "c.txt.gz", "d.jsonl.gz", "e.warc.gz", "f.gz", "g.md.gz"]
    for name in names:
        write(tmp_path, name, gzip.compress(FEED if "jsonl" in name else STORY))
    sources = [item.source for item in read_inputs([str(tmp_path)], settings=SETTINGS)]
    expected = ["a.html.gz", "b.htm.gz", "c.txt.gz", "d.jsonl.gz:1", "d.jsonl.gz:2", "e.warc.gz"]
    assert sources == [str(tmp_path / name) for name in expected]
