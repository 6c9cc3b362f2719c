"""The pattern pass after either extractor (statements the extractors miss off PolNeAR's genre):
hand-built sentences for the pass alone, then end to end with both extractors."""

from __future__ import annotations

import pytest
from offsets import assert_offsets
from spacy.language import Language

import saidwho
from saidwho.attribution.statement_patterns import apply_patterns
from saidwho.records import Attribution, Content, Span
from saidwho.settings import Settings

Triple = tuple[str | None, str, str]

BUNKER = (
    "There have been persistent claims in recent weeks from Iraqi officials that IS leader "
    "Abu Bakr al-Baghdadi is holed up in a bunker. The army has not confirmed them."
)
BUNKER_TRIPLE = (
    "Iraqi officials",
    "persistent claims",
    "that IS leader Abu Bakr al-Baghdadi is holed up in a bunker",
)


def triples(atts: list[Attribution]) -> list[Triple]:
    return [(a.source.text if a.source else None, a.cue.text, a.content.text) for a in atts]


def att(text: str, cue: str, content: str, source: str | None = None) -> Attribution:
    """An attribution over the first occurrence of each piece in ``text``."""

    def span(piece: str) -> Span:
        start = text.index(piece)
        return Span(start=start, end=start + len(piece), text=piece)

    c = span(content)
    return Attribution(
        id="",
        source=span(source) if source else None,
        cue=span(cue),
        content=Content(spans=[(c.start, c.end)], text=content),
        kind="indirect",
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (BUNKER, [BUNKER_TRIPLE]),
        (
            "The ministry faced angry denials by the governor that any money had gone missing.",
            [("the governor", "angry denials", "that any money had gone missing")],
        ),
        (
            "There were reports from residents of Ostrun, a border village, that tanks had crossed.",
            [("residents of Ostrun, a border village,", "reports", "that tanks had crossed")],
        ),
        (
            "Pence echoed statements by Donald Trump last week that critics demean the police.",
            [("Donald Trump", "statements", "that critics demean the police")],
        ),
        # Not a source: a time, a verb in the phrase, a relative clause.
        ("The ad features a report from over the weekend that losses were large.", []),
        ("There were reports from people who fled that the town had fallen.", []),
        ("He dismissed the reports from Moscow that are circulating.", []),
        # Wire copy: beliefs held among a source, agreements and intents with a "to"
        # infinitive, and talks on a topic.
        (
            "The consensus among economists at the bank is that rates will rise.",
            [("economists at the bank", "consensus", "that rates will rise")],
        ),
        (
            "There is a growing sense among farmers that the subsidy will end.",
            [("farmers", "growing sense", "that the subsidy will end")],
        ),
        (
            # A participle describing the source is part of it.
            "Prices rose, but the consensus among analysts polled by the paper was that the rally will fade.",
            [("analysts polled by the paper", "consensus", "that the rally will fade")],
        ),
        (
            "The deal follows an agreement by the two mining firms to share the rail line.",
            [("the two mining firms", "agreement", "to share the rail line")],
        ),
        (
            "Talks between the union and the port authority on new shift patterns broke down.",
            [("the union and the port authority", "Talks", "new shift patterns")],
        ),
        (
            "Talks between the two countries' ministers on inspecting the cargoes had stalled by May.",
            [("the two countries' ministers", "Talks", "inspecting the cargoes")],
        ),
    ],
)
def test_patterns_add_a_reporting_noun_with_its_source_after_it(
    nlp: Language, text: str, expected: list[Triple]
) -> None:
    found = apply_patterns(nlp(text), [])
    assert triples(found) == expected
    assert_offsets(text, found)


def test_patterns_take_a_belief_noun_out_of_the_source(nlp: Language) -> None:
    """The tagger reads "The consensus among engineers" as the source of "is": the noun is
    the cue, the engineers the source."""
    text = "The consensus among engineers at the site is that the hardest work is done."
    wrong = att(text, "is", "that the hardest work is done", "The consensus among engineers at the site")
    assert triples(apply_patterns(nlp(text), [wrong])) == [
        ("engineers at the site", "consensus", "that the hardest work is done")
    ]


def test_patterns_run_a_content_on_to_its_condition(nlp: Language) -> None:
    text = "The union offered to end the strike on the condition that no worker is disciplined."
    offer = att(text, "offered", "to end the strike", "The union")
    assert triples(apply_patterns(nlp(text), [offer])) == [
        ("The union", "offered", "to end the strike on the condition that no worker is disciplined")
    ]


def test_patterns_leave_an_intent_noun_inside_another_statement_to_it(nlp: Language) -> None:
    """PolNeAR marks "rejected a request from X to ..." once, with the outer cue."""
    text = "The court rejected a request from the unions to delay the vote."
    outer = att(text, "rejected", "a request from the unions to delay the vote", "The court")
    assert triples(apply_patterns(nlp(text), [outer])) == triples([outer])


def test_patterns_replace_a_clause_linked_to_a_cue_in_another_sentence(nlp: Language) -> None:
    wrong = att(BUNKER, "has not confirmed", BUNKER_TRIPLE[2], "The army")
    assert triples(apply_patterns(nlp(BUNKER), [wrong])) == [BUNKER_TRIPLE]


def test_patterns_replace_a_sourceless_verb_that_took_the_clause(nlp: Language) -> None:
    text = "The company has faced reports from former employees that safety checks were skipped."
    wrong = att(text, "has faced", "that safety checks were skipped")
    assert triples(apply_patterns(nlp(text), [wrong])) == [
        ("former employees", "reports", "that safety checks were skipped")
    ]


def test_patterns_give_a_found_cue_its_missing_source_and_keep_its_spans(nlp: Language) -> None:
    text = "There have been repeated warnings from his attorney that the hearing was pointless."
    found = att(text, "repeated warnings from", "that the hearing was pointless")
    (got,) = apply_patterns(nlp(text), [found])
    assert triples([got]) == [("his attorney", "repeated warnings from", "that the hearing was pointless")]


def test_patterns_keep_the_outer_statement_and_nest_the_inner_one(nlp: Language) -> None:
    """PolNeAR marks 'echoed statements by Trump that ...' once, with the outer cue: that
    statement keeps its spans, and Trump's own statement is nested in it."""
    text = "Mike Pence echoed statements by Donald Trump that critics demean the police."
    outer = att(text, "echoed", "that critics demean the police", "Mike Pence")
    found = apply_patterns(nlp(text), [outer])
    assert triples(found) == [
        ("Mike Pence", "echoed", "that critics demean the police"),
        ("Donald Trump", "statements", "that critics demean the police"),
    ]
    assert [a.parent for a in found] == [None, found[0].id]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            # Two attributions in one sentence, the noun's source after it, and a nominal
            # cue whose content is the sentence before.
            "There is a growing sense that few if any of the rebel leaders will be there. The consensus"
            " by a variety of current and former diplomats comes despite repeated claims this month"
            " from army officials that the rebel commander is hiding in a tunnel under the city.",
            [
                (
                    "a variety of current and former diplomats",
                    "The consensus",
                    "There is a growing sense that few if any of the rebel leaders will be there",
                    None,
                ),
                (
                    "army officials",
                    "claims",
                    "that the rebel commander is hiding in a tunnel under the city",
                    None,
                ),
            ],
        ),
        (
            "Western diplomats doubt claims from the army that the commander is in the city.",
            [
                (
                    "Western diplomats",
                    "doubt",
                    "claims from the army that the commander is in the city",
                    None,
                ),
                ("the army", "claims", "that the commander is in the city", "A1"),
            ],
        ),
        (
            'The ministry dismissed as "illogical rumours" reports that the commander had fled.',
            [
                (
                    "The ministry",
                    "dismissed",
                    'as "illogical rumours" reports that the commander had fled',
                    None,
                ),
                (None, "reports", "that the commander had fled", "A1"),
            ],
        ),
        (
            "The rebels rejected allegations by the government that they had shot down the plane.",
            [
                (
                    "The rebels",
                    "rejected",
                    "allegations by the government that they had shot down the plane",
                    None,
                ),
                ("the government", "allegations", "that they had shot down the plane", "A1"),
            ],
        ),
        (
            "That view is shared by two former envoys to the region. It was echoed by others.",
            [],
        ),
        (
            "Kessra's air force chief spoke on Monday. Russia denies this.",
            [("Russia", "denies", "this", None)],
        ),
    ],
)
def test_patterns_split_two_statements_of_one_sentence(nlp: Language, text: str, expected: list) -> None:
    """Each attribution its own statement, nested ones linked (the extractor's output is
    what the tagger gives on these sentences)."""
    from saidwho.attribution import get_extractor

    doc = nlp(text)
    found = apply_patterns(doc, get_extractor("model")(doc))
    got = [(*t, a.parent) for t, a in zip(triples(found), found, strict=True)]
    for want in expected:
        assert want in got


def test_patterns_take_the_sentence_before_for_a_nominal_cue(nlp: Language) -> None:
    text = "The leaders have already fled the capital. That view is shared by two former envoys."
    found = apply_patterns(nlp(text), [])
    assert triples(found) == [
        ("two former envoys", "That view is shared", "The leaders have already fled the capital")
    ]


@pytest.mark.parametrize(
    "title, expected",
    [
        (
            "Experts Doubt Many Rebel Leaders Are Staying in the Capital",
            ("Experts", "Doubt", "Many Rebel Leaders Are Staying in the Capital"),
        ),
        ("Officials: missile hit Flight 2208", ("Officials", ":", "missile hit Flight 2208")),
        ("Baghdadi not in Mosul, U.S. says", ("U.S.", "says", "Baghdadi not in Mosul")),
        ("Rebels deny downing airliner over Brevik", ("Rebels", "deny", "downing airliner over Brevik")),
        ("Why the bridge repairs cost twice the estimate", None),
        ("Oil prices climb for a third week", None),
        # Wire and broadcast headlines: verbs of intention and refusal with a short content, a kicker before
        # the colon, a quoted content before its source, and a charge, which has no source.
        ("Governor Vows Veto", ("Governor", "Vows", "Veto")),
        ("PM Tenders His Resignation", ("PM", "Tenders", "His Resignation")),
        ("Council Refuses to Publish Audit", ("Council", "Refuses", "to Publish Audit")),
        ("Mill Closure Looms, Workers Say", ("Workers", "Say", "Mill Closure Looms")),
        (
            "Mill 'Will Close by June', Union Chief Tells BBC",
            ("Union Chief", "Tells", "Mill 'Will Close by June'"),
        ),
        ('Vote Night: "Too Close to Call," Analysts Say', ("Analysts", "Say", '"Too Close to Call,"')),
        ("Harbour Fire: Crews Say Blaze Is Contained", ("Crews", "Say", "Blaze Is Contained")),
        ("Banker Charged With Fraud in Pension Case", (None, "Charged With", "Fraud in Pension Case")),
        ("Three Held Over Warehouse Fire", None),
    ],
)
def test_headline_statements(title: str, expected: tuple[str, str, str] | None) -> None:
    """A headline that says who says what is a statement, with offsets into the title at
    the top of the text."""
    from saidwho.attribution.headlines import headline

    text = f"{title}\n\nThe story begins here and goes on."
    found = headline(text, title)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.source.text if found.source else None, found.cue.text, found.content.text) == expected
    assert text[found.cue.start : found.cue.end] == found.cue.text
    assert found.content.spans[0][1] <= len(title)


@pytest.mark.parametrize("source", ["2018", "10", "March 5", "Monday", "Jan. 5, 2019"])
def test_a_number_or_a_date_is_never_a_source(nlp: Language, source: str) -> None:
    """A number or a date before a cue is no speaker: the cue's statement keeps no source."""
    text = f"{source} said the bridge would close."
    found = apply_patterns(nlp(text), [att(text, "said", "the bridge would close", source)])
    assert [a.source for a in found] == [None]


def test_patterns_drop_a_description_read_as_a_cue(nlp: Language) -> None:
    text = "Weather forecaster John Coleman has been one of many opponents of the theory."
    wrong = att(text, "has been one of many opponents of", "the theory", "Weather forecaster John Coleman")
    assert apply_patterns(nlp(text), [wrong]) == []


# End to end: ``saidwho.extract`` with each extractor. Titles are given so that the text is
# all body.
EXTRACTORS = ["model", "rules"]


def extract(text: str, extractor: str) -> list[Triple]:
    article = saidwho.extract(text, title="A headline", settings=Settings(extractor=extractor))
    assert_offsets(article.text, article.attributions)
    return triples(article.attributions)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_finds_nominal_cues_with_the_source_after(extractor: str) -> None:
    found = extract(BUNKER, extractor)
    source, cue, content = BUNKER_TRIPLE
    # The model may keep its own cue span ("have been persistent claims"): PolNeAR marks both.
    assert [(s, q) for s, c, q in found if cue in c] == [(source, content)]
    assert all(cue != "has not confirmed" or q != BUNKER_TRIPLE[2] for _, cue, q in found)
    text = "There were reports from residents that gunmen had entered the village overnight."
    assert extract(text, extractor) == [
        ("residents", "reports", "that gunmen had entered the village overnight")
    ]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_takes_no_cue_from_has_been_one_of(extractor: str) -> None:
    text = (
        "Weather forecaster John Coleman has been one of many opponents of the theory. "
        'He called global warming "a myth."'
    )
    assert [cue for _, cue, _ in extract(text, extractor)] == ["called"]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_an_office_said_in_a_statement(extractor: str) -> None:
    text = (
        "Gov. Ruth Calloway will veto the bill, her office said in a statement Thursday, "
        'calling the measure "reckless".'
    )
    found = extract(text, extractor)
    assert found[0][0] == "her office"
    assert found[0][1].startswith("said")
    assert found[0][2] == "Gov. Ruth Calloway will veto the bill"
    assert ("her office", "calling", 'the measure "reckless"') in found


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Local councillor Jim Hart tells BBC Radio Kent the closure has been a disaster for trade.",
            ("Local councillor Jim Hart", "tells", "the closure has been a disaster for trade"),
        ),
        (
            'The opposition leader told the BBC\'s Today programme that the budget was "a con".',
            ("The opposition leader", "told", 'that the budget was "a con"'),
        ),
        (
            "This week, she tells WLKR\u2019s \u201cMorning Edition\u201d that the heat wave is "
            "\u201cexactly what the data told us to expect.\u201d",
            ("she", "tells", "that the heat wave is \u201cexactly what the data told us to expect.\u201d"),
        ),
    ],
)
def test_extract_tells_an_outlet(extractor: str, text: str, expected: Triple) -> None:
    """The outlet is who was told: neither the source nor the content."""
    assert extract(text, extractor) == [expected]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_split_quotes(extractor: str) -> None:
    text = (
        "The conference in Leeds drew more than 2,000 grocers this year.\n\n"
        "Speaking at the conference in Leeds, Ms Carvell said:\n\n"
        "\u2018Families are not imagining it. The chocolate bar is smaller.\u2019\n\n"
        '"A corridor on paper," rebel negotiator Ilir Basha said by telephone, "feeds nobody."'
    )
    found = extract(text, extractor)
    assert [(s, q) for s, _, q in found] == [
        ("Ms Carvell", "\u2018Families are not imagining it. The chocolate bar is smaller.\u2019"),
        ("rebel negotiator Ilir Basha", '"A corridor on paper," "feeds nobody."'),
    ]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_a_resignation_story(extractor: str) -> None:
    """Both the outgoing and the incoming leader's statements, each with its own source."""
    text = (
        "Prime Minister Anton Velic resigned on Sunday, telling a packed news conference in the "
        'capital that he had "lost the confidence of the street" and that his coalition could '
        "no longer govern.\n\n"
        "Finance Minister Dora Kessler, 51, will be sworn in on Tuesday. Kessler told lawmakers "
        "that her first task would be to pass the budget.\n\n"
        "The outgoing prime minister said he would remain a member of parliament."
    )
    assert extract(text, extractor) == [
        (
            "Prime Minister Anton Velic",
            "telling",
            'that he had "lost the confidence of the street" and that his coalition could no longer govern',
        ),
        ("Kessler", "told", "that her first task would be to pass the budget"),
        ("The outgoing prime minister", "said", "he would remain a member of parliament"),
    ]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_said_and_then_another_cue(extractor: str) -> None:
    """'X said A and called for B': two statements of X, the first without B."""
    text = (
        'Ibarra said in an interview that the measure would "keep family farms alive" and '
        "accused the governor of listening only to lawyers.\n\n"
        "The union's secretary said herders had also lost cattle to bandits and called for a "
        "joint investigation."
    )
    found = extract(text, extractor)
    assert ("Ibarra", "accused", "the governor of listening only to lawyers") in found
    assert ("The union's secretary", "called for", "a joint investigation") in found
    said = [q for _, c, q in found if c.startswith("said")]
    assert said == [
        'that the measure would "keep family farms alive"',
        "herders had also lost cattle to bandits",
    ]


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_according_to_a_statement_from(extractor: str) -> None:
    text = "According to a statement from the Interior Ministry, six suspects were arrested on Tuesday."
    assert extract(text, extractor) == [
        ("a statement from the Interior Ministry", "According to", "six suspects were arrested on Tuesday")
    ]


def test_patterns_add_the_second_of_two_coordinated_statements(nlp: Language) -> None:
    text = (
        "The group's spokesman, Firas Mahmoud, denied in a message on Telegram that its leader "
        "had been wounded and said the group would answer every lie."
    )
    first = att(text, "denied", "that its leader had been wounded", "The group's spokesman, Firas Mahmoud,")
    assert triples(apply_patterns(nlp(text), [first])) == [
        triples([first])[0],
        ("The group's spokesman, Firas Mahmoud,", "said", "the group would answer every lie"),
    ]


def test_patterns_split_off_a_coordinated_request(nlp: Language) -> None:
    """'argued that ... and sought bail': asking is a statement of its own, as PolNeAR marks it."""
    text = "Defence counsel Ruth Ames argued that her client was a victim and sought bail on medical grounds."
    found = att(
        text,
        "argued",
        "that her client was a victim and sought bail on medical grounds",
        "Defence counsel Ruth Ames",
    )
    assert triples(apply_patterns(nlp(text), [found])) == [
        ("Defence counsel Ruth Ames", "argued", "that her client was a victim"),
        ("Defence counsel Ruth Ames", "sought", "bail on medical grounds"),
    ]


def test_patterns_leave_a_verb_of_thinking_in_the_statement(nlp: Language) -> None:
    """'says he is proud and expects to win': "expects" is no second statement."""
    text = "He says he is proud of his campaign and expects to win the state."
    found = att(text, "says", "he is proud of his campaign and expects to win the state", "He")
    assert triples(apply_patterns(nlp(text), [found])) == triples([found])


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_denied_and_said(extractor: str) -> None:
    text = (
        "The group's spokesman, Firas Mahmoud, denied in a message on Telegram that its leader "
        'had been wounded and said the group would "answer every lie with fire."'
    )
    assert [(c, q) for _, c, q in extract(text, extractor)] == [
        ("denied", "that its leader had been wounded"),
        ("said", 'the group would "answer every lie with fire."'),
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Among younger engineers at the plant, there is a growing sense that the site will close.",
         "younger engineers at the plant"),
        ("Within the cabinet, there was a growing feeling that the minister would resign.", "the cabinet"),
    ],
)  # fmt: skip
def test_patterns_give_a_belief_noun_its_source_fronted_with_among(
    nlp: Language, text: str, source: str
) -> None:
    cue = text[text.index("there") : text.index(" that")]
    found = att(text, cue, text[text.index("that") : -1])
    (got,) = apply_patterns(nlp(text), [found])
    assert got.source is not None and got.source.text == source


def test_patterns_give_an_as_clause_with_its_own_speaker_its_own_statement(nlp: Language) -> None:
    """ "..., two traders said, as bakers complain of thin margins": the bakers complain;
    the traders said only the first piece."""
    text = "Flour prices will rise next year, two traders said, as bakers complain of thin margins."
    first, second = "Flour prices will rise next year", "as bakers complain of thin margins"
    said = att(text, "said", first, "two traders")
    said = Attribution(
        id="",
        source=said.source,
        cue=said.cue,
        content=Content(
            spans=[(0, len(first)), (text.index(second), text.index(second) + len(second))],
            text=f"{first} {second}",
        ),
        kind="indirect",
    )
    assert triples(apply_patterns(nlp(text), [said])) == [
        ("two traders", "said", first),
        ("bakers", "complain of", "thin margins"),
    ]
