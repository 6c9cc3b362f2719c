"""One lexicon of anonymity requests: tidying and resolution read the same words."""

from __future__ import annotations

import pytest

from saidwho.attribution.tidy import tidy
from saidwho.records import Attribution, Content, Span
from saidwho.resolve.anonymity import CUE


def _attribution(text: str, cue: str, content: str) -> Attribution:
    c, b = text.index(cue), text.index(content)
    return Attribution(
        id="A",
        source=Span(start=0, end=7, text="An aide"),
        cue=Span(start=c, end=c + len(cue), text=cue),
        kind="indirect",
        content=Content(spans=[(b, b + len(content))], text=content),
    )


@pytest.mark.parametrize(
    "clause, asks",
    [
        ("asked not to be named", True),
        ("asking not to be named", True),
        ("declined to be identified", True),
        ("wished not to be identified", True),
        ("preferred not to be named", True),
        ("talked anonymously", True),
        ("speaking on condition of anonymity", True),
        ("asked the mayor to resign", False),
        ("spoke to reporters", False),
    ],
)
def test_anonymity_words_tidy_and_resolve_agree(clause: str, asks: bool) -> None:
    text = f"An aide, who {clause}, admitted that the plan failed."
    verb, rest = clause.split(" ", 1)
    kept = tidy(text, [_attribution(text, verb, rest)])
    assert (kept == []) is asks
    assert (CUE.search(text) is not None) is asks
