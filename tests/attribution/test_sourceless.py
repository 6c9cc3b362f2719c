"""Statements whose sentence leaves the source out: charges, hedging adjectives and "it was
not immediately clear whether"."""

from __future__ import annotations

import pytest
from offsets import assert_offsets
from spacy.language import Language

from saidwho.attribution.quotes import quoted_mask
from saidwho.attribution.sourceless import sourceless
from saidwho.records import Attribution, Content, Span

Triple = tuple[str | None, str, str]


def triples(found: list[Attribution]) -> list[Triple]:
    return [(a.source.text if a.source else None, a.cue.text, a.content.text) for a in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Whoever is charged is no source; the charge is the content.
        (
            "Dale Morrow, 52, a former bank manager, is charged with fraud and forgery.",
            [(None, "is charged with", "fraud and forgery")],
        ),
        (
            "Each of the other defendants is also charged with conspiracy, which carries ten years.",
            [(None, "is also charged with", "conspiracy")],
        ),
        (
            "Morrow was charged by federal prosecutors with wire fraud.",
            [("federal prosecutors", "was charged", "wire fraud")],
        ),
        ("Neither of them has been charged with any crime.", []),
        ("He has never been charged with a crime.", []),
        # Hedging adjectives: the rest of the noun phrase.
        ("Three suspected militants were killed in a raid.", [(None, "suspected", "militants")]),
        ("The alleged ringleader fled.", [(None, "alleged", "ringleader")]),
        ("Police said two suspected smugglers were arrested.", []),  # inside the police's statement
        ("The vote on a promised tax cut was delayed.", [(None, "promised", "tax cut")]),
        (
            "The party's promised reform of the courts never came.",
            [("The party's", "promised", "reform of the courts")],
        ),
        # A reduced belief: the noun it describes is no source, the infinitive its content.
        (
            "The gunman, believed to be a former soldier, fled.",
            [(None, "believed", "to be a former soldier")],
        ),
        ("Two men thought to be smugglers were detained.", [(None, "thought", "to be smugglers")]),
        ("The bank is thought to have lost money.", []),  # the full passive is the tagger's
        (
            "It was not immediately clear whether the two attacks were linked.",
            [(None, "It was not immediately clear whether", "the two attacks were linked")],
        ),
        ("It is unclear whether the two attacks were linked.", []),  # PolNeAR leaves most unmarked
    ],
)
def test_sourceless_statements(nlp: Language, text: str, expected: list[Triple]) -> None:
    doc = nlp(text)
    police = text.find("Police said")
    found: list[Attribution] = []
    if police >= 0:  # the extractor's statement the hedge sits in
        said = text.index("two suspected")
        found = [
            Attribution(
                id="",
                source=Span(start=0, end=6, text="Police"),
                cue=Span(start=7, end=11, text="said"),
                content=Content(spans=[(said, len(text) - 1)], text=text[said:-1]),
                kind="indirect",
            )
        ]
    added = sourceless(doc, found, quoted_mask(text))[len(found) :]
    assert triples(added) == expected
    assert_offsets(text, added)


def test_a_charge_read_by_the_extractor_gets_the_charge_as_content(nlp: Language) -> None:
    """The tagger reads the subject as the content, as PolNeAR marks "is expected to": the
    charge replaces it, and the subject is no source."""
    text = "Each of the other defendants is also charged with arson."
    cue = text.index("is also charged with")
    read = Attribution(
        id="A1",
        source=None,
        cue=Span(start=cue, end=cue + 20, text="is also charged with"),
        content=Content(spans=[(0, cue - 1)], text=text[: cue - 1]),
        kind="indirect",
    )
    (got,) = sourceless(nlp(text), [read], quoted_mask(text))
    assert triples([got]) == [(None, "is also charged with", "arson")]
    assert got.id == "A1"
