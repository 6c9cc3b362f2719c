"""Broadcast transcripts: each labelled turn is one statement of its speaker."""

from __future__ import annotations

import pytest
from offsets import assert_offsets

import saidwho
from saidwho.attribution.transcripts import turns, with_turns
from saidwho.records import Attribution, Content, Span
from saidwho.settings import Settings

TRANSCRIPT = (
    "This is a transcript of Evening Report.\n\n"
    "ANNA BELL, HOST: The ferry strike enters its third day. Tom, what are the unions saying?\n\n"
    "TOM REEVE: The union says nobody sails until the rota is fixed.\n\n"
    "BELL: Thank you, Tom.\n\n"
    "GUS ORR (Ferry Union): We gave them a year. That is long enough."
)


def triples(found: list[Attribution]) -> list[tuple[str | None, str, str]]:
    return [(a.source.text if a.source else None, a.cue.text, a.content.text) for a in found]


def test_turns_are_statements_of_their_label() -> None:
    assert triples(turns(TRANSCRIPT)) == [
        ("ANNA BELL, HOST", ":", "The ferry strike enters its third day. Tom, what are the unions saying?"),
        ("TOM REEVE", ":", "The union says nobody sails until the rota is fixed."),
        ("BELL", ":", "Thank you, Tom."),
        ("GUS ORR (Ferry Union)", ":", "We gave them a year. That is long enough."),
    ]


def test_what_was_read_inside_a_turn_is_nested_in_it() -> None:
    """PolNeAR marks the turn, not "The union says ..." inside it."""
    start = TRANSCRIPT.index("The union says")
    said = TRANSCRIPT.index("nobody sails")
    inner = Attribution(
        id="",
        source=Span(start=start, end=start + 9, text="The union"),
        cue=Span(start=start + 10, end=start + 14, text="says"),
        content=Content(spans=[(said, said + 12)], text="nobody sails"),
        kind="indirect",
    )
    found = with_turns(TRANSCRIPT, [inner])
    assert inner not in found
    assert len(found) == 4


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE: The ferry sailed at noon.\n\nThe union said the strike was over.",
        "Mayor: I Will Not Resign\n\nThe mayor said she would stay.",
        "CORRECTION: An earlier version misspelled a name.\n\nNOTE: Times are local.",
        "NEW DELHI: Rains closed schools.\n\nMUMBAI: Trains ran late.\n\nPUNE: Roads flooded.",
    ],
)
def test_a_lone_label_a_note_or_datelines_are_no_transcript(text: str) -> None:
    assert turns(text) == []


def test_extract_reads_a_transcript_by_turns() -> None:
    article = saidwho.extract(TRANSCRIPT, title="A headline", settings=Settings(extractor="model"))
    assert_offsets(article.text, article.attributions)
    by_source = {a.source.text: a for a in article.attributions if a.source and a.cue.text == ":"}
    assert list(by_source) == ["ANNA BELL, HOST", "TOM REEVE", "BELL", "GUS ORR (Ferry Union)"]
    assert [a.cue.text for a in article.attributions] == [":"] * 4
