"""read_inputs: paths, directories, stdin, and every bad file as a Failure."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from saidwho.ingest import format_of, read_inputs, sniff
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()

DATA = Path(__file__).parent.parent / "data"


def only(items: list[RawDoc | Failure]) -> RawDoc | Failure:
    assert len(items) == 1, items
    return items[0]


def test_ingest_txt_keeps_text_exactly(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b'Title\r\n\r\n"Yes," she said.\r\n')
    doc = only(list(read_inputs([str(path)], settings=SETTINGS)))
    assert doc == RawDoc(source=str(path), format="txt", text='Title\r\n\r\n"Yes," she said.\r\n')


def test_ingest_txt_drops_only_the_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf  Caf\xc3\xa9 \n")
    doc = only(list(read_inputs([str(path)], settings=SETTINGS)))
    assert isinstance(doc, RawDoc) and doc.text == "  Caf\u00e9 \n"


def test_ingest_wire_story_matches_file() -> None:
    doc = only(list(read_inputs([str(DATA / "wire_story.txt")], settings=SETTINGS)))
    assert isinstance(doc, RawDoc) and doc.text == (DATA / "wire_story.txt").read_text(encoding="utf-8")


def test_ingest_html_file() -> None:
    doc = only(list(read_inputs([str(DATA / "article_page.html")], settings=SETTINGS)))
    assert isinstance(doc, RawDoc) and doc.format == "html"
    assert doc.html is not None and "Library Extends Weekend Hours" in doc.html


def test_ingest_html_honours_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    path.write_bytes(b'<html><head><meta charset="iso-8859-1"></head><body>Caf\xe9</body></html>')
    doc = only(list(read_inputs([str(path)], settings=SETTINGS)))
    assert isinstance(doc, RawDoc) and doc.html is not None and "Caf\u00e9" in doc.html


def test_ingest_html_undeclared_legacy_bytes_read_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    path.write_bytes(b"<html><body>\x93Caf\xe9,\x94 he said.</body></html>")
    doc = only(list(read_inputs([str(path)], settings=SETTINGS)))
    assert isinstance(doc, RawDoc) and doc.html is not None
    assert "\u201cCaf\u00e9,\u201d he said." in doc.html


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.txt", b"", "empty.txt: empty file. Check that the download or export finished."),
        ("blank.html", b"  \n\n", "blank.html: empty file. Check that the download or export finished."),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "image.txt: binary data, not text (25% control bytes). "
            "Pass .txt, .html, .jsonl or WARC files (gzipped or not).",
        ),
        ("empty.jsonl", b"\n", "empty.jsonl: empty file. Check that the download or export finished."),
        ("empty.warc", b"", "empty.warc: empty file. Check that the download or export finished."),
    ],
)
def test_ingest_bad_file_is_a_failure(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert list(read_inputs([str(path)], settings=SETTINGS)) == [
        Failure(source=str(path), message=f"{tmp_path}/{expected}")
    ]


def test_ingest_missing_path_is_a_failure() -> None:
    assert list(read_inputs(["gone.txt"], settings=SETTINGS)) == [
        Failure(source="gone.txt", message="gone.txt: no such file or directory. Check the path.")
    ]


def test_ingest_file_over_max_bytes_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 30)
    items = list(read_inputs([str(path)], settings=Settings(max_bytes=100)))
    assert items == [
        Failure(
            source=str(path),
            message=f"{path}: larger than the 100-byte limit (max_bytes). "
            "Split the file or raise SAIDWHO_MAX_BYTES.",
        )
    ]


def test_ingest_goes_on_after_a_bad_input(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The mayor said yes.")
    items = list(read_inputs(["gone.txt", str(good)], settings=SETTINGS))
    assert [type(i).__name__ for i in items] == ["Failure", "RawDoc"]


def test_ingest_directory_is_walked_sorted_by_extension(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.htm").write_text("<p>Two</p>")
    (tmp_path / "a.txt").write_text("One")
    (tmp_path / "c.warc.gz").write_bytes(b"")
    (tmp_path / "notes.md").write_text("skip me")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG")
    sources = [item.source for item in read_inputs([str(tmp_path)], settings=SETTINGS)]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.htm"), str(tmp_path / "c.warc.gz")]


@pytest.mark.parametrize(
    "head, expected",
    [
        (b'{"text": "x"}\n', "jsonl"),
        (b"\xef\xbb\xbf  <!DOCTYPE html>", "html"),
        (b"WARC/1.1\r\n", "warc"),
        (b"The mayor said", "txt"),
    ],
)
def test_ingest_sniff_format(head: bytes, expected: str) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("a.TXT", "txt"),
        ("a.htm", "html"),
        ("a.warc.gz", "warc"),
        ("a.jsonl", "jsonl"),
        ("a.html.gz", "html"),
        ("a.TXT.GZ", "txt"),
        ("a.jsonl.gz", "jsonl"),
        ("a.gz", None),
    ],
)
def test_ingest_format_of_extension(name: str, expected: str | None) -> None:
    assert format_of(name) == expected


def stdin_of(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"The mayor said yes.\n", RawDoc(source="<stdin>", format="txt", text="The mayor said yes.\n")),
        (b"<p>Hi</p>", RawDoc(source="<stdin>", format="html", html="<p>Hi</p>")),
        (b'{"text": "Hi"}\n', RawDoc(source="<stdin>:1", format="jsonl", text="Hi")),
    ],
)
def test_ingest_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, data: bytes, expected: RawDoc) -> None:
    monkeypatch.setattr(sys, "stdin", stdin_of(data))
    assert list(read_inputs(["-"], settings=SETTINGS)) == [expected]


def test_ingest_unknown_extension_file_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_text("<html><body><p>Hi</p></body></html>")
    doc = only(list(read_inputs([str(path)], settings=SETTINGS)))
    assert isinstance(doc, RawDoc) and doc.format == "html"
