"""The shared offsets check (tests/offsets.py) fails on each kind of bad range."""

from __future__ import annotations

import msgspec
import pytest
from offsets import assert_offsets

from saidwho.records import Article, Attribution, Content, Span, Speaker

TEXT = '"We are ready," Okafor said, "and we will wait."\nShare this\n'


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start=start, end=start + len(part), text=part)


GOOD = Article(
    id="x",
    source="x",
    text=TEXT,
    body=[(0, 48)],
    boilerplate=[_span("Share this")],
    attributions=[
        Attribution(
            id="A1",
            source=_span("Okafor"),
            cue=_span("said"),
            content=Content(spans=[(0, 15), (29, 48)], text='"We are ready," "and we will wait."'),
            kind="direct",
            speaker="S1",
        )
    ],
    speakers=[Speaker(id="S1", name="Okafor", mentions=[_span("Okafor")])],
)
ATT, SPEAKER = GOOD.attributions[0], GOOD.speakers[0]


def test_offsets_pass_a_good_article_and_a_text_with_its_records() -> None:
    assert_offsets(GOOD)
    assert_offsets(TEXT, GOOD.attributions, GOOD.speakers)


def _att(**change: object) -> dict[str, object]:
    return {"attributions": [msgspec.structs.replace(ATT, **change)]}


@pytest.mark.parametrize(
    "change",
    [
        _att(source=Span(start=16, end=22, text="Okafo")),
        _att(cue=Span(start=22, end=26, text="said")),
        _att(content=Content(spans=[(0, 15)], text=ATT.content.text)),
        _att(content=Content(spans=[(29, 48), (0, 15)], text='"and we will wait." "We are ready,"')),
        _att(content=Content(spans=[], text="")),
        {"speakers": [msgspec.structs.replace(SPEAKER, mentions=[Span(start=0, end=6, text="Okafor")])]},
        {"boilerplate": [Span(start=49, end=60, text="Share this")]},
        {"body": [(0, 49)]},  # not stripped: takes the newline
        {"body": [(0, 70)]},  # past the end
        {"body": [(0, 48), (40, 55)]},  # overlaps the boilerplate
    ],
    ids=[
        "source",
        "cue",
        "content-text",
        "content-order",
        "no-content",
        "mention",
        "boilerplate",
        "body-strip",
        "body-end",
        "body-overlap",
    ],
)
def test_offsets_catch_each_bad_range(change: dict[str, object]) -> None:
    with pytest.raises(AssertionError):
        assert_offsets(msgspec.structs.replace(GOOD, **change))
