"""End-to-end resolution over short texts parsed with the shipped model."""

from __future__ import annotations

import msgspec
import pytest
from offsets import assert_offsets
from resolve_helpers import Row, attributions
from spacy.language import Language

from saidwho.records import Attribution, Content, Span, Speaker
from saidwho.resolve.speakers import resolve


def run(nlp: Language, text: str, rows: list[Row]) -> tuple[list[Attribution], list[Speaker]]:
    resolved, speakers = resolve(nlp(text), attributions(text, rows))
    assert_offsets(text, resolved, speakers)
    return resolved, speakers


PERITZ = (
    '"They are never around," said Aki Peritz, a former CIA analyst who served in Iraq. '
    'He added that the group was weak. "It is over," Peritz said.'
)
PERITZ_ROWS: list[Row] = [
    ("Aki Peritz, a former CIA analyst who served in Iraq", "said", "They are never around,"),
    ("He", "added", "the group was weak"),
    ("Peritz", "said", "It is over,"),
]


def test_resolve_clusters_name_surname_and_pronoun(nlp: Language) -> None:
    resolved, speakers = run(nlp, PERITZ, PERITZ_ROWS)
    assert [a.speaker for a in resolved] == ["S1", "S1", "S1"]
    [peritz] = speakers
    assert (peritz.name, peritz.type, peritz.named, peritz.anonymous) == (
        "Aki Peritz", "person", True, False,
    )  # fmt: skip
    assert peritz.descriptors == ["former CIA analyst"]
    texts = [m.text for m in peritz.mentions]
    assert texts[0].startswith("Aki Peritz, a former CIA analyst")
    assert texts[1:] == ["He", "Peritz"]


@pytest.mark.parametrize(
    "text, row, expected",
    [
        (
            "A U.S. counterterrorism official told VOA the group had been weakened.",
            ("A U.S. counterterrorism official", "told", "the group had been weakened"),
            ("a U.S. counterterrorism official", "person", False, True, "VOA"),
        ),
        (
            "The New York Times reported that the talks had stalled.",
            ("The New York Times", "reported", "the talks had stalled"),
            ("New York Times", "outlet", True, False, None),
        ),
        (
            "Reuters reported that the ceasefire was holding.",
            ("Reuters", "reported", "the ceasefire was holding"),
            ("Reuters", "outlet", True, False, None),
        ),
        (
            "The Pentagon said the strike was lawful.",
            ("The Pentagon", "said", "the strike was lawful"),
            ("Pentagon", "organization", True, False, None),
        ),
        (
            "The campaign said the ad was misleading.",
            ("The campaign", "said", "the ad was misleading"),
            ("the campaign", "organization", False, False, None),
        ),
        (
            "A report released Tuesday found that turnout fell.",
            ("A report released Tuesday", "found", "turnout fell"),
            ("a report released Tuesday", "document", False, False, None),
        ),
        (
            "A poll released Sunday showed the senator leading.",
            ("A poll released Sunday", "showed", "the senator leading"),
            ("a poll released Sunday", "document", False, False, None),
        ),
        (
            "Republicans argued that the bill was too costly.",
            ("Republicans", "argued", "the bill was too costly"),
            ("Republicans", "group", False, False, None),
        ),
        (
            "Experts said the vaccine was safe.",
            ("Experts", "said", "the vaccine was safe"),
            ("Experts", "group", False, False, None),
        ),
        (
            "Iraqi officials claim the leader is hiding.",
            ("Iraqi officials", "claim", "the leader is hiding"),
            ("Iraqi officials", "group", False, True, None),
        ),
        (
            "Sources said the deal was close.",
            ("Sources", "said", "the deal was close"),
            ("Sources", "group", False, True, None),
        ),
        (
            "A senior administration official said the talks had failed.",
            ("A senior administration official", "said", "the talks had failed"),
            ("a senior administration official", "person", False, True, None),
        ),
        (
            "A Pentagon spokesman said to reporters that the base was secure.",
            ("A Pentagon spokesman", "said", "the base was secure"),
            ("a Pentagon spokesman", "person", False, False, "reporters"),
        ),
        (
            "Sen. John McCain told The Associated Press that the vote was close.",
            ("Sen. John McCain", "told", "the vote was close"),
            ("John McCain", "person", True, False, "Associated Press"),
        ),
        (
            # A given name the parse takes for a preposition ("Per" as in "per cent").
            "The railway lost money last year. Its chairman, Per Olsen, welcomed the inquiry.",
            ("Its chairman, Per Olsen,", "welcomed", "the inquiry"),
            ("Per Olsen", "person", True, False, None),
        ),
        (
            # A paper's name, which the small NER model tags PERSON.
            "As the Gazette first reported on Monday, the mayor plans to step down.",
            ("the Gazette", "first reported", "the mayor plans to step down"),
            ("Gazette", "outlet", True, False, None),
        ),
        (
            # The person at the end of an appositive chain the parse hangs on the paper.
            "In a letter seen by the Brackley Gazette, the trust's chief executive, Dr Rohan Mehta, "
            "wrote that a review was under way.",
            (
                "the Brackley Gazette, the trust's chief executive, Dr Rohan Mehta,",
                "wrote",
                "a review was under way",
            ),
            ("Rohan Mehta", "person", True, False, None),
        ),
    ],
)
def test_resolve_types_each_kind_of_source(
    nlp: Language, text: str, row: Row, expected: tuple[str, str, bool, bool, str | None]
) -> None:
    _, [speaker] = run(nlp, text, [row])
    got = (speaker.name, speaker.type, speaker.named, speaker.anonymous, speaker.recipient)
    assert got == expected


@pytest.mark.parametrize(
    "text, row, reason",
    [
        (
            "A defense official, speaking on condition of anonymity because he was not "
            "authorized to discuss the matter, said the strike killed 12 fighters.",
            ("A defense official, speaking on condition of anonymity because he was not "
             "authorized to discuss the matter", "said", "the strike killed 12 fighters"),
            "because he was not authorized to discuss the matter",
        ),
        (
            '"It was a mistake," said a source familiar with the matter, who asked not to be '
            "named because the talks are private.",
            ("a source familiar with the matter", "said", "It was a mistake,"),
            "because the talks are private",
        ),
        (
            "A State Department spokesman, who declined to be identified, said talks would resume.",
            ("A State Department spokesman", "said", "talks would resume"),
            None,
        ),
        (
            "A diplomat who was not authorized to speak publicly said the envoy had resigned.",
            ("A diplomat", "said", "the envoy had resigned"),
            "who was not authorized to speak publicly",
        ),
        (
            "A trader in Rotterdam, who asked that his company not be named, said prices had doubled.",
            ("A trader in Rotterdam", "said", "prices had doubled"),
            None,
        ),
    ],
)  # fmt: skip
def test_resolve_anonymity_reason(nlp: Language, text: str, row: Row, reason: str | None) -> None:
    _, [speaker] = run(nlp, text, [row])
    assert speaker.anonymous is True
    assert speaker.named is False
    assert speaker.anonymity_reason == reason


def test_resolve_anonymous_descriptor_is_the_phrase(nlp: Language) -> None:
    text = "A U.S. counterterrorism official told VOA the group had been weakened."
    _, [speaker] = run(nlp, text, [("A U.S. counterterrorism official", "told", "the group")])
    assert speaker.descriptors == ["U.S. counterterrorism official"]


def test_resolve_one_source_span_serving_two_cues_is_one_speaker(nlp: Language) -> None:
    text = "A spokesperson for the agency, who asked not to be named, admitted that funding had been delayed."

    def span(part: str) -> Span:
        start = text.index(part)
        return Span(start=start, end=start + len(part), text=part)

    source = span("A spokesperson for the agency")
    atts = [
        Attribution(
            id=f"A{n}",
            source=source,
            cue=span(cue),
            kind="indirect",
            content=Content(spans=[(span(c).start, span(c).end)], text=c),
        )
        for n, (cue, c) in enumerate(
            [("asked", "not to be named"), ("admitted", "that funding had been delayed")], start=1
        )
    ]
    resolved, speakers = resolve(nlp(text), atts)
    assert len(speakers) == 1
    assert [a.speaker for a in resolved] == [speakers[0].id] * 2
    assert speakers[0].anonymous is True
    assert [m.text for m in speakers[0].mentions] == ["A spokesperson for the agency"]


def test_resolve_title_and_later_surname(nlp: Language) -> None:
    text = (
        "Defense Secretary Ash Carter said on Monday the war was going well. "
        "Later, Carter told reporters that it would end soon."
    )
    rows: list[Row] = [
        ("Defense Secretary Ash Carter", "said", "the war was going well"),
        ("Carter", "told", "it would end soon"),
    ]
    resolved, [carter] = run(nlp, text, rows)
    assert [a.speaker for a in resolved] == ["S1", "S1"]
    assert carter.name == "Ash Carter"
    assert carter.descriptors == ["Defense Secretary"]
    assert carter.recipient == "reporters"


def test_resolve_name_variants_are_one_speaker(nlp: Language) -> None:
    text = (
        "President Barack Obama said the economy was growing. Obama added that jobs were up. "
        '"We have work to do," Mr. Obama said.'
    )
    rows: list[Row] = [
        ("President Barack Obama", "said", "the economy was growing"),
        ("Obama", "added", "jobs were up"),
        ("Mr. Obama", "said", "We have work to do,"),
    ]
    resolved, [obama] = run(nlp, text, rows)
    assert {a.speaker for a in resolved} == {"S1"}
    assert obama.name == "Barack Obama"
    assert obama.descriptors == ["President"]


@pytest.mark.parametrize(
    "text, rows, expected",
    [
        # A bare surname shared by two people goes to the one mentioned most recently.
        (
            "Hillary Clinton said the plan would work. Bill Clinton told CNN that the plan "
            'was flawed. "We will see," Clinton said.',
            [
                ("Hillary Clinton", "said", "the plan would work"),
                ("Bill Clinton", "told", "the plan was flawed"),
                ("Clinton", "said", "We will see,"),
            ],
            [("S1", "Hillary Clinton"), ("S2", "Bill Clinton"), ("S2", "Bill Clinton")],
        ),
        # An honorific picks the person whose pronouns match ("she" after Hillary Clinton).
        (
            "Hillary Clinton said she would win the nomination. Bill Clinton said he was "
            'proud of her. "It is time," Mrs. Clinton said.',
            [
                ("Hillary Clinton", "said", "she would win the nomination"),
                ("Bill Clinton", "said", "he was proud of her"),
                ("Mrs. Clinton", "said", "It is time,"),
            ],
            [("S1", "Hillary Clinton"), ("S2", "Bill Clinton"), ("S1", "Hillary Clinton")],
        ),
    ],
)
def test_resolve_shared_surname(
    nlp: Language, text: str, rows: list[Row], expected: list[tuple[str, str]]
) -> None:
    resolved, speakers = run(nlp, text, rows)
    names = {s.id: s.name for s in speakers}
    assert [(a.speaker, names[a.speaker or ""]) for a in resolved] == expected


@pytest.mark.parametrize(
    "text, rows, expected",
    [
        # "she" skips John Doe, whom "he" marks as male.
        (
            "Jane Smith, a lawyer for the family, said the ruling was unjust. John Doe, the "
            "mayor, said he disagreed. She said the family would appeal.",
            [
                ("Jane Smith, a lawyer for the family", "said", "the ruling was unjust"),
                ("John Doe, the mayor", "said", "he disagreed"),
                ("She", "said", "the family would appeal"),
            ],
            ["Jane Smith", "John Doe", "Jane Smith"],
        ),
        # A name inside the quote is what the speaker talks about, not the speaker.
        (
            'Aki Peritz said the war was lost. "Obama never understood Iraq," he said.',
            [
                ("Aki Peritz", "said", "the war was lost"),
                ("he", "said", "Obama never understood Iraq,"),
            ],
            ["Aki Peritz", "Aki Peritz"],
        ),
        # "they" prefers groups and organizations.
        (
            "Iraqi officials said the leader was hiding. They added that he was wounded.",
            [
                ("Iraqi officials", "said", "the leader was hiding"),
                ("They", "added", "he was wounded"),
            ],
            ["Iraqi officials", "Iraqi officials"],
        ),
        # A bare definite description joins the latest speaker with that head noun.
        (
            "A senior administration official said the talks failed. The official added "
            "that a new round was planned.",
            [
                ("A senior administration official", "said", "the talks failed"),
                ("The official", "added", "a new round was planned"),
            ],
            ["a senior administration official", "a senior administration official"],
        ),
        (
            "Aki Peritz, a former CIA analyst, said the war was lost. The analyst added that "
            "nobody listened.",
            [
                ("Aki Peritz, a former CIA analyst", "said", "the war was lost"),
                ("The analyst", "added", "nobody listened"),
            ],
            ["Aki Peritz", "Aki Peritz"],
        ),
        # A pronoun may reach a person named earlier but not yet quoted.
        (
            "Maria Lopez runs the shelter. She said demand had doubled.",
            [("She", "said", "demand had doubled")],
            ["Maria Lopez"],
        ),
        # Indefinite phrases are new speakers each time.
        (
            "A U.S. official said the raid worked. A Pakistani official said it failed.",
            [
                ("A U.S. official", "said", "the raid worked"),
                ("A Pakistani official", "said", "it failed"),
            ],
            ["a U.S. official", "a Pakistani official"],
        ),
    ],
)
def test_resolve_links_later_mentions(nlp: Language, text: str, rows: list[Row], expected: list[str]) -> None:
    resolved, speakers = run(nlp, text, rows)
    names = {s.id: s.name for s in speakers}
    assert [names[a.speaker or ""] for a in resolved] == expected


def test_resolve_reverse_apposition(nlp: Language) -> None:
    text = "The former CIA analyst, Aki Peritz, told reporters the war was lost."
    _, [speaker] = run(nlp, text, [("The former CIA analyst, Aki Peritz", "told", "the war")])
    assert (speaker.name, speaker.descriptors) == ("Aki Peritz", ["former CIA analyst"])


def test_resolve_collects_unquoted_mentions_and_descriptors(nlp: Language) -> None:
    text = 'Aki Peritz, a former CIA analyst, wrote a book about Iraq. "Nobody read it," Peritz said.'
    _, [speaker] = run(nlp, text, [("Peritz", "said", "Nobody read it,")])
    assert speaker.name == "Aki Peritz"
    assert speaker.descriptors == ["former CIA analyst"]
    assert [m.text for m in speaker.mentions] == ["Aki Peritz", "Peritz"]


def test_resolve_organization_mentions(nlp: Language) -> None:
    text = "Officials at the Pentagon met on Monday. The Pentagon said the strike was lawful."
    _, [speaker] = run(nlp, text, [("The Pentagon", "said", "the strike was lawful")])
    assert [(m.start, m.text) for m in speaker.mentions] == [
        (text.index("Pentagon"), "Pentagon"),
        (text.index("The Pentagon"), "The Pentagon"),
    ]


@pytest.mark.parametrize(
    "text, rows, expected",
    [
        # A sourceless quote right after an attribution continues that speaker.
        (
            'Aki Peritz said the war was lost. "Nobody listened to us."',
            [("Aki Peritz", "said", "the war was lost"), (None, '"', "Nobody listened to us.")],
            ["S1", "S1"],
        ),
        # Nothing before it: no speaker.
        (
            '"Nobody listened to us." Aki Peritz said the war was lost.',
            [(None, '"', "Nobody listened to us."), ("Aki Peritz", "said", "the war was lost")],
            [None, "S1"],
        ),
        # Another person named in between: no speaker.
        (
            'Aki Peritz said the war was lost. John Doe was in Baghdad. "Nobody listened."',
            [("Aki Peritz", "said", "the war was lost"), (None, '"', "Nobody listened.")],
            ["S1", None],
        ),
    ],
)
def test_resolve_sourceless_attributions(
    nlp: Language, text: str, rows: list[Row], expected: list[str | None]
) -> None:
    resolved, _ = run(nlp, text, rows)
    assert [a.speaker for a in resolved] == expected


@pytest.mark.parametrize(
    "text, rows, expected",
    [
        # A lone surname is the person the article names in full, however the parse tags
        # it ("Greaves" a plural noun, "Banks" an organization).
        (
            "Petrie's lawyer, Martin Greaves, said his client would plead not guilty. "
            "Greaves declined to say whether Petrie had been there.",
            [
                ("Petrie's lawyer, Martin Greaves,", "said", "his client would plead not guilty"),
                ("Greaves", "declined to say", "whether Petrie had been there"),
            ],
            [("Martin Greaves", "person"), ("Martin Greaves", "person")],
        ),
        (
            "The city's attorney, Laura Banks, said the suit had no merit. "
            "Banks declined to say whether the city would settle.",
            [
                ("The city's attorney, Laura Banks,", "said", "the suit had no merit"),
                ("Banks", "declined to say", "whether the city would settle"),
            ],
            [("Laura Banks", "person"), ("Laura Banks", "person")],
        ),
        # A transcript's labels in capitals: people, the surname joining the full label.
        (
            "ANCHOR DAVID OKAFOR: Good evening.\n\nRUTH NJOROGE: Not honestly, no.\n\nOKAFOR: Thank you.",
            [
                ("ANCHOR DAVID OKAFOR", ":", "Good evening."),
                ("RUTH NJOROGE", ":", "Not honestly, no."),
                ("OKAFOR", ":", "Thank you."),
            ],
            [("DAVID OKAFOR", "person"), ("RUTH NJOROGE", "person"), ("DAVID OKAFOR", "person")],
        ),
        # "we" outside quotes is the writer (or the outlet writing), never a group nearby.
        (
            "The victim's family has said it will sue. We asked the owners whether he worked alone.",
            [
                ("The victim's family", "has said", "it will sue"),
                ("We", "asked", "whether he worked alone"),
            ],
            [("the victim's family", "group"), ("the writer", "person")],
        ),
        # No number is a name, no lowercase noun a proper one.
        (
            "The 67-year-old said he would retire.",
            [("The 67-year-old", "said", "he would retire")],
            [("the 67-year-old", "unknown")],
        ),
        (
            "The party's promised reform of the courts never came.",
            [("The party's", "promised", "reform of the courts")],
            [("the party", "organization")],
        ),
        (
            "After the count, the electoral commission said turnout had reached 64 percent.",
            [("the electoral commission", "said", "turnout had reached 64 percent")],
            [("the electoral commission", "organization")],
        ),
    ],
)
def test_resolve_names_on_wire_and_broadcast_pages(
    nlp: Language, text: str, rows: list[Row], expected: list[tuple[str, str]]
) -> None:
    resolved, speakers = run(nlp, text, rows)
    by_id = {sp.id: sp for sp in speakers}
    assert [(by_id[a.speaker].name, by_id[a.speaker].type) for a in resolved if a.speaker] == expected


def test_resolve_an_unquoted_sourceless_statement_is_nobodys(nlp: Language) -> None:
    """Only a quote runs on: "suspected militants" after Peritz's statement is not his."""
    text = "Aki Peritz said the war was lost. Three suspected militants were killed."
    found = attributions(text, [("Aki Peritz", "said", "the war was lost"), (None, "suspected", "militants")])
    found[1] = msgspec.structs.replace(found[1], kind="indirect")
    resolved, _ = resolve(nlp(text), found)
    assert [a.speaker for a in resolved] == ["S1", None]


def test_resolve_ids_follow_first_mention(nlp: Language) -> None:
    text = "Aki Peritz met John Doe in Baghdad. Doe said the city was calm. Peritz said it was not."
    rows: list[Row] = [("Doe", "said", "the city was calm"), ("Peritz", "said", "it was not")]
    resolved, speakers = run(nlp, text, rows)
    assert [(s.id, s.name) for s in speakers] == [("S1", "Aki Peritz"), ("S2", "John Doe")]
    assert [a.speaker for a in resolved] == ["S2", "S1"]


def test_resolve_keeps_input_order_and_fields(nlp: Language) -> None:
    text = PERITZ
    given = attributions(text, PERITZ_ROWS)
    resolved, _ = resolve(nlp(text), list(reversed(given)))
    assert [a.id for a in resolved] == ["A3", "A2", "A1"]
    assert [a.cue for a in resolved] == [a.cue for a in reversed(given)]


def test_resolve_empty(nlp: Language) -> None:
    assert resolve(nlp("Nothing was said."), []) == ([], [])
