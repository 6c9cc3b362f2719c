"""Name boundaries: a name stops at the name, on headlines too."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span as TokenSpan

from saidwho.records import Span
from saidwho.resolve.lexicon import load_lexicon
from saidwho.resolve.names import cluster_names, name_mentions
from saidwho.resolve.sources import analyse


def names(nlp: Language, text: str, heads: tuple[str, ...] = ()) -> list[str]:
    """The personal names found in ``text``; ``heads`` are words a source's head would add."""
    doc = nlp(text)
    extra = [t.i for t in doc if t.text in heads]
    return [m.text for m in name_mentions(doc, load_lexicon(), extra)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Title-case headlines: NER tags "Donald Trump Claims Victory In" a PERSON.
        (
            "Donald Trump Claims Victory In Debate\n\nDonald Trump said on Tuesday that he won the debate.",
            ["Donald Trump", "Donald Trump"],
        ),
        (
            "Trump Warns Clinton Over Emails\n\nDonald Trump said on Monday that the emails mattered.",
            ["Trump", "Donald Trump"],
        ),
        (
            "Obama Calls For Calm After Shooting\n\nPresident Obama said on Sunday the nation must heal.",
            ["Obama", "Obama"],
        ),
        (
            "Tom Nides Thanked Clinton For Her Help\n\nTom Nides, a former aide, said he was grateful.",
            ["Tom Nides", "Tom Nides"],
        ),
        # A quote mark NER keeps in the entity.
        (
            "Hillary Clinton suggested that Donald Trump ''doesn't want the American people to know.''",
            ["Hillary Clinton", "Donald Trump"],
        ),
    ],
)
def test_names_stop_before_headline_verbs_and_quote_marks(
    nlp: Language, text: str, expected: list[str]
) -> None:
    assert names(nlp, text) == expected


def test_names_drop_a_leading_outlet(nlp: Language) -> None:
    text = "In a meeting with the editorial board of the Washington Post Trump said NATO may need to change."
    assert names(nlp, text, heads=("Trump",)) == ["Trump"]


def test_names_a_name_glued_by_a_hyphen_is_no_name(nlp: Language) -> None:
    assert names(nlp, "A pro-Clinton super PAC said the ad was false.", heads=("Clinton",)) == []


@pytest.mark.parametrize(
    "text, entity, expected",
    [
        ('"Crooked Hillary Clinton is a liar," he wrote.', "Crooked Hillary Clinton", "Hillary Clinton"),
        ("Injecting Clinton into the race, the group spent more.", "Injecting Clinton", "Clinton"),
        ("Neither Cruz nor Rubio spoke.", "Neither Cruz", "Cruz"),
    ],
)
def test_names_drop_epithets_gerunds_and_function_words(
    nlp: Language, text: str, entity: str, expected: str
) -> None:
    # NER sometimes puts these words inside the PERSON entity; set it so by hand.
    doc = nlp(text)
    start = text.index(entity)
    span = doc.char_span(start, start + len(entity))
    assert span is not None
    doc.ents = [TokenSpan(doc, span.start, span.end, label="PERSON")]
    assert [m.text for m in name_mentions(doc, load_lexicon())] == [expected]


@pytest.mark.parametrize(
    "text, source, expected",
    [
        (
            "BAGHDAD (AP) \u2014 Iraqi officials say the leader is hiding.",
            "BAGHDAD (AP) \u2014 Iraqi officials",
            "Iraqi officials",
        ),
        (
            "LONDON \u2014 The Bank of England said rates would rise.",
            "LONDON \u2014 The Bank of England",
            "Bank of England",
        ),
        (
            "KANO, NIGERIA \u2014 Residents of Dutsen Kura say armed men attacked the town.",
            "KANO, NIGERIA \u2014 Residents of Dutsen Kura",
            "Residents of Dutsen Kura",
        ),
    ],
)
def test_names_a_dateline_is_never_the_source(nlp: Language, text: str, source: str, expected: str) -> None:
    doc = nlp(text)
    found = analyse(doc, Span(start=0, end=len(source), text=source), load_lexicon())
    assert found is not None and found.text == expected


def test_names_a_bare_surname_goes_to_the_person_named_most(nlp: Language) -> None:
    text = (
        "Ted Cruz endorsed the nominee. Cruz said he had prayed. Cruz said it was hard. "
        "His wife, Heidi Cruz, was there. Cruz said he would vote."
    )
    clusters, _ = cluster_names(name_mentions(nlp(text), load_lexicon()))
    by_name = {c.canonical.text: len(c.mentions) for c in clusters}
    assert by_name == {"Ted Cruz": 4, "Heidi Cruz": 1}


def test_names_a_full_name_met_after_three_bare_surnames_is_someone_else(nlp: Language) -> None:
    text = (
        "President Obama spoke. Obama said the vote mattered. Mr. Obama said he would campaign. "
        "Michelle Obama joined him. Obama said it was personal."
    )
    clusters, _ = cluster_names(name_mentions(nlp(text), load_lexicon()))
    assert [c.canonical.text for c in clusters] == ["Obama", "Michelle Obama"]
    assert len(clusters[0].mentions) == 4
