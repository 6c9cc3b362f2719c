"""JSONL: one RawDoc per line; a bad line is a Failure sourced path:LINENO."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwho.ingest import read_inputs
from saidwho.records import Failure, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()

LINES = [
    b'{"text": "The mayor said yes.", "url": "https://example.com/a", "title": "Yes", '
    b'"published": "2020-01-02"}',
    b"",
    b'{"text": 42}',
    b'{"html": "<p>Hi</p>"',
    b'{"url": "https://example.com/b"}',
    b'["not", "an", "object"]',
    b'{"html": "<p>Hi</p>", "id": 7}',
]


@pytest.fixture
def items(tmp_path: Path) -> dict[str, RawDoc | Failure]:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(LINES) + b"\n")
    return {i.source.removeprefix(f"{path}:"): i for i in read_inputs([str(path)], settings=SETTINGS)}


def test_jsonl_good_lines_become_rawdocs(items: dict[str, RawDoc | Failure]) -> None:
    assert list(items) == ["1", "3", "4", "5", "6", "7"]
    assert items["1"] == RawDoc(
        source=items["1"].source,
        format="jsonl",
        text="The mayor said yes.",
        url="https://example.com/a",
        title="Yes",
        published="2020-01-02",
    )
    assert isinstance(items["7"], RawDoc) and items["7"].html == "<p>Hi</p>"


@pytest.mark.parametrize(
    "line, problem",
    [
        ("3", "Expected `str | null`, got `int` - at `$.text`. Fix or remove the line."),
        ("4", "Input data was truncated. Fix or remove the line."),
        ("5", 'object has neither "text" nor "html". Add the article as "text" (plain text) or "html".'),
        ("6", "Expected `object`, got `array`. Fix or remove the line."),
    ],
)
def test_jsonl_bad_line_is_a_failure(items: dict[str, RawDoc | Failure], line: str, problem: str) -> None:
    item = items[line]
    assert isinstance(item, Failure)
    assert item.message == f"{item.source}: {problem}"


def test_jsonl_binary_file_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"text": "a"}\n\x00\x01\x02\n' * 5)
    assert list(read_inputs([str(path)], settings=SETTINGS)) == [
        Failure(
            source=str(path),
            message=f"{path}: binary data, not text (17% control bytes). "
            "Pass .txt, .html, .jsonl or WARC files (gzipped or not).",
        )
    ]


def test_jsonl_line_over_max_bytes_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "short"}\n{"text": "' + "x" * 200 + '"}\n')
    items = list(read_inputs([str(path)], settings=Settings(max_bytes=100)))
    assert items[0] == RawDoc(source=f"{path}:1", format="jsonl", text="short")
    assert items[1] == Failure(
        source=f"{path}:2",
        message=f"{path}:2: line is larger than the 100-byte limit (max_bytes). "
        "Split the article or raise SAIDWHO_MAX_BYTES.",
    )
