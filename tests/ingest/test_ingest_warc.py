"""WARC / WARC.gz: HTML responses become RawDocs; truncation keeps what came before."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from saidwho.ingest import read_inputs
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()

PAGE_ONE = "<html><body><p>Caf\u00e9 owners said the rent had doubled.</p></body></html>"
PAGE_TWO = "<html><body><p>The mayor said nothing.</p></body></html>"


def build_warc(*, gzip: bool) -> bytes:
    """Two HTML responses around a PNG response, as a crawler would write them."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    records = [
        ("http://example.com/one", "text/html; charset=utf-8", PAGE_ONE.encode()),
        ("http://example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("http://example.com/two", "text/html", PAGE_TWO.encode() * 40),
    ]
    for url, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("gzip, name", [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_warc_yields_html_responses_only(tmp_path: Path, gzip: bool, name: str) -> None:
    path = write(tmp_path, name, build_warc(gzip=gzip))
    assert list(read_inputs([str(path)], settings=SETTINGS)) == [
        RawDoc(source=f"{path}#1", format="html", html=PAGE_ONE, url="http://example.com/one"),
        RawDoc(source=f"{path}#3", format="html", html=PAGE_TWO * 40, url="http://example.com/two"),
    ]


@pytest.mark.parametrize(
    "gzip, name, kind", [(True, "cut.warc.gz", "gzip stream"), (False, "cut.warc", "WARC file")]
)
def test_warc_truncated_keeps_records_before_the_cut(
    tmp_path: Path, gzip: bool, name: str, kind: str
) -> None:
    data = build_warc(gzip=gzip)
    path = write(tmp_path, name, data[: len(data) - 40])
    items = list(read_inputs([str(path)], settings=SETTINGS))
    assert [i.source for i in items] == [f"{path}#1", str(path)]
    assert items[-1] == Failure(
        source=str(path),
        message=f"{path}: truncated {kind} after record 2; records before it were kept. "
        "Re-download the file.",
    )


@pytest.mark.parametrize("gzip, name", [(True, "head.warc.gz"), (False, "head.warc")])
def test_warc_cut_inside_first_header(tmp_path: Path, gzip: bool, name: str) -> None:
    path = write(tmp_path, name, build_warc(gzip=gzip)[:20])
    items = list(read_inputs([str(path)], settings=SETTINGS))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert "truncated" in items[0].message and "after record 0;" in items[0].message


def test_warc_not_a_warc(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.warc", b"hello world\n")
    (item,) = read_inputs([str(path)], settings=SETTINGS)
    assert isinstance(item, Failure)
    assert item.message.startswith(f"{path}: not a valid WARC at the start (")
    assert item.message.endswith("). Check that the file is a WARC or WARC.gz archive.")


def test_warc_record_over_max_bytes_is_a_failure(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.warc.gz", build_warc(gzip=True))
    items = list(read_inputs([str(path)], settings=Settings(max_bytes=1000)))
    assert isinstance(items[0], RawDoc) and items[0].source == f"{path}#1"
    assert items[1] == Failure(
        source=f"{path}#3",
        message=f"{path}#3: record is larger than the 1000-byte limit (max_bytes). "
        "Raise SAIDWHO_MAX_BYTES to read it.",
    )


def damaged_warc() -> bytes:
    """Record 3 lost its WARC-Target-URI header name to bit rot: warcio raises AttributeError."""
    data = build_warc(gzip=False)
    at = data.index(b"WARC-Target-URI: http://example.com/two")
    return data[:at] + b"WARC-Target-URX" + data[at + len(b"WARC-Target-URI") :]


def test_warc_damaged_record_is_one_failure_with_the_traceback_at_info(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path, "damaged.warc", damaged_warc())
    with caplog.at_level(logging.DEBUG):
        items = list(read_inputs([str(path)], settings=SETTINGS))
    assert [i.source for i in items] == [f"{path}#1", str(path)]
    assert items[1] == Failure(
        source=str(path),
        message=f"{path}: could not be read (AttributeError: 'NoneType' object has no attribute "
        "'startswith'). Check the file; if it looks fine, report a bug with it attached.",
    )
    # The Failure is the one line a user sees; the traceback is logged for -v only.
    shown = [(r.levelno, r.exc_info is not None) for r in caplog.records if r.levelno >= logging.INFO]
    assert shown == [(logging.INFO, True)]
