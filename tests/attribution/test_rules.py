from __future__ import annotations

import pytest
from offsets import assert_offsets
from spacy.language import Language

from saidwho.attribution import get_extractor
from saidwho.attribution.rules import RuleExtractor
from saidwho.records import Attribution

Triple = tuple[str | None, str, str]


def who_cue_what(atts: list[Attribution]) -> list[Triple]:
    return [(a.source.text if a.source else None, a.cue.text, a.content.text) for a in atts]


CASES: list[tuple[str, list[Triple]]] = [
    (
        '"They\'re never around," said Aki Peritz, a former CIA analyst.',
        [("Aki Peritz, a former CIA analyst", "said", '"They\'re never around,"')],
    ),
    (
        "“We will build the bridge,” the mayor said, “and we will pay for it.”",
        [("the mayor", "said", "“We will build the bridge,” “and we will pay for it.”")],
    ),
    (
        "The governor said that the budget would be balanced by June.",
        [("The governor", "said", "that the budget would be balanced by June")],
    ),
    (
        "According to the report, the river has risen two feet since Monday.",
        [("the report", "According to", "the river has risen two feet since Monday")],
    ),
    (
        "The senator told VOA that talks had stalled.",
        [("The senator", "told", "that talks had stalled")],
    ),
    (
        "Officials have warned that the storm could cut power to thousands of homes.",
        [("Officials", "have warned", "that the storm could cut power to thousands of homes")],
    ),
    (
        "The company denied that it had misled investors.",
        [("The company", "denied", "that it had misled investors")],
    ),
    (
        "Critics argued the plan would raise rents.",
        [("Critics", "argued", "the plan would raise rents")],
    ),
    (
        'She said the deal was "a disaster for farmers."',
        [("She", "said", 'the deal was "a disaster for farmers."')],
    ),
    (
        "The coach said in a statement that the team would appeal.",
        [("The coach", "said in a statement", "that the team would appeal")],
    ),
    (
        "“Nobody expected this,” he added.",
        [("he", "added", "“Nobody expected this,”")],
    ),
    (
        "Residents are also calling for a new school.",
        [("Residents", "are also calling for", "a new school")],
    ),
    (
        "The river flooded the town on Tuesday.",
        [],
    ),
    (
        "Ms. Ruiz, who runs the shelter, says demand has doubled.",
        [("Ms. Ruiz, who runs the shelter,", "says", "demand has doubled")],
    ),
    # Off-genre copy: "tells <outlet>" takes the statement, not the outlet or a programme's name.
    (
        "Local councillor Jim Hart tells BBC Radio Kent the closure has been a disaster for trade.",
        [("Local councillor Jim Hart", "tells", "the closure has been a disaster for trade")],
    ),
    (
        'The opposition leader told the BBC\'s Today programme that the budget was "a con".',
        [("The opposition leader", "told", 'that the budget was "a con"')],
    ),
    (
        "She tells WLKR\u2019s \u201cMorning Edition\u201d that the heat wave is "
        "\u201cexactly what we expected.\u201d",
        [("She", "tells", "that the heat wave is \u201cexactly what we expected.\u201d")],
    ),
    (
        "Velic resigned, telling a news conference in the capital that he had lost the street.",
        [("Velic", "telling", "that he had lost the street")],
    ),
    (
        'The bill will be vetoed, her office said in a statement, calling it "reckless".',
        [
            ("her office", "said in a statement", "The bill will be vetoed"),
            ("her office", "calling", 'it "reckless"'),
        ],
    ),
    (
        "Ms Carvell said:\n\u2018Families are not imagining it.\u2019",
        [("Ms Carvell", "said", "\u2018Families are not imagining it.\u2019")],
    ),
    (
        "LESTROVA, Maravia (AP) - Prime Minister Anton Velic resigned on Sunday after six years in "
        "office, telling a packed news conference that he had lost the street.",
        [("Prime Minister Anton Velic", "telling", "that he had lost the street")],
    ),
    (
        "In a statement sent to VOA, the union's secretary, Garba Danladi, said herders had lost cattle.",
        [("the union's secretary, Garba Danladi,", "said", "herders had lost cattle")],
    ),
    (
        "Ms Carvell said:\n\n\u2018Families are not imagining it.\n\n\u2018We will legislate.\u2019",
        [("Ms Carvell", "said", "\u2018Families are not imagining it. \u2018We will legislate.\u2019")],
    ),
    (
        "The secretary said herders had lost cattle and called for an investigation.",
        [
            ("The secretary", "said", "herders had lost cattle"),
            ("The secretary", "called for", "an investigation"),
        ],
    ),
    (
        "\u201cThe first paragraph opens the quote.\n\n\u201cAnd the second one closes it,\u201d Lee said.",
        [
            (
                "Lee",
                "said",
                "“The first paragraph opens the quote. “And the second one closes it,”",
            )
        ],
    ),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_rules_find_who_said_what(nlp: Language, text: str, expected: list[Triple]) -> None:
    atts = RuleExtractor()(nlp(text))
    assert who_cue_what(atts) == expected
    assert_offsets(text, atts)
    assert [a.confidence for a in atts if not 0.0 < a.confidence <= 1.0] == []


def test_rules_label_kinds(nlp: Language) -> None:
    text = '"It works," she said. He said it was "broken." They said it was fine.'
    atts = RuleExtractor()(nlp(text))
    assert [a.kind for a in atts] == ["direct", "mixed", "indirect"]
    assert [a.id for a in atts] == ["A1", "A2", "A3"]


def test_rules_skip_blanked_boilerplate(nlp: Language) -> None:
    article = 'Share this article\nThe mayor said taxes would fall.\n"Read more," said the site.'
    blank = article.replace("Share this article", " " * 18)
    blank = blank.replace('"Read more," said the site.', " " * 27)
    atts = RuleExtractor()(nlp(blank))
    assert who_cue_what(atts) == [("The mayor", "said", "taxes would fall")]
    assert_offsets(blank, atts)
    assert RuleExtractor()(nlp(" " * 200)) == []


def test_get_extractor_returns_rules() -> None:
    assert get_extractor("rules").name == "rules"
