"""Sentence ranges: from the parse on each attribution, from punctuation where none is at hand."""

from __future__ import annotations

import pytest
from spacy.language import Language

from saidwho.pipeline import with_sentences
from saidwho.records import Attribution, Content, Span
from saidwho.sentences import rough_sentence_starts, sentence_range


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. Obama said it. U.S. officials agreed.", ["Mr. Obama said it. ", "U.S. officials agreed."]),
        ('"We are ready," he said. "We will wait."', ['"We are ready," he said. ', '"We will wait."']),
        (
            "It opened on Sept. 11 in Washington, D.C. and closed.\nA new line",
            ["It opened on Sept. 11 in Washington, D.C. and closed.\n", "A new line"],
        ),
        (
            "Prices rose 3.5 percent. Is it over? yes, said Sen. Smith.",
            ["Prices rose 3.5 percent. ", "Is it over? yes, said Sen. Smith."],
        ),
    ],
)
def test_sentences_rough_starts_skip_titles_initials_and_lower_case(text: str, sentences: list[str]) -> None:
    starts = rough_sentence_starts(text)
    assert [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)] == sentences


@pytest.mark.parametrize(
    "text, span, expected",
    [
        (
            "First. Peritz said the agency acted. Last.",
            "Peritz said the agency",
            "Peritz said the agency acted.",
        ),
        (
            "Intro.\n\u201cWe will win,\u201d she said. More.",
            "We will win",
            "\u201cWe will win,\u201d she said.",
        ),
        (
            "A quote ends \u201chere.\u201d Then more.",
            "quote ends \u201chere",
            "A quote ends \u201chere.\u201d",
        ),
        ("No end at all", "end", "No end at all"),
        ("Sen. Smith said it. Then more.", "said it", "Sen. Smith said it."),
        ("One. Two said it.\nThree said that. Four.", "it.\nThree", "Two said it.\nThree said that."),
    ],
)
def test_sentences_range_widens_a_statement_to_whole_sentences(text: str, span: str, expected: str) -> None:
    start = text.index(span)
    s, e = sentence_range(text, rough_sentence_starts(text), start, start + len(span))
    assert text[s:e] == expected


@pytest.mark.parametrize(
    "text, starts_at, expected",
    [
        # A parse that starts the next sentence with the closing mark: the mark stays here.
        ('He said, "It is over." Then more.', ['"', "Then"], 'He said, "It is over."'),
        ('"It is over." He said so.', ['" He'], "He said so."),
    ],
)
def test_sentences_range_keeps_a_glued_closing_mark(text: str, starts_at: list[str], expected: str) -> None:
    starts = [0] + [text.rindex(s) for s in starts_at]
    start = text.index("He said")
    s, e = sentence_range(text, starts, start, start + len("He said"))
    assert text[s:e] == expected


def test_sentences_come_from_the_parse(nlp: Language) -> None:
    text = "The vote is on Jan. 5 in Washington. Sen. John Smith said the plan would fail. Others left."
    doc = nlp(text)
    cue = text.index("said")
    att = Attribution(
        id="A1",
        source=Span(start=text.index("Sen."), end=cue - 1, text="Sen. John Smith"),
        cue=Span(start=cue, end=cue + 4, text="said"),
        content=Content(spans=[(cue + 5, text.index(" Others") - 1)], text="the plan would fail"),
        kind="indirect",
    )
    (found,) = with_sentences(doc, [att])
    assert found.sentence is not None
    assert text[slice(*found.sentence)] == "Sen. John Smith said the plan would fail."
