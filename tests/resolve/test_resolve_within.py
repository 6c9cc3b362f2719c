"""Within-article resolution: the writer's own voice, pronouns, whole
organization names and acronyms, whole descriptors, outlets and recipients.

The articles are short ones written for these tests, each imitating a case seen on real copy.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from offsets import assert_offsets
from resolve_helpers import Row, attributions
from spacy.language import Language

from saidwho.records import Attribution, Content, Span, Speaker
from saidwho.resolve.speakers import resolve


def run(
    nlp: Language, text: str, rows: list[Row], authors: Sequence[str] = ()
) -> tuple[list[Attribution], list[Speaker]]:
    resolved, speakers = resolve(nlp(text), attributions(text, rows), authors=authors)
    assert_offsets(text, resolved, speakers)
    return resolved, speakers


def speaker_names(resolved: list[Attribution], speakers: list[Speaker]) -> list[str]:
    names = {s.id: s.name for s in speakers}
    return [names[a.speaker or ""] for a in resolved]


REVIEW = (
    "The Lumen Pro folds flat and weighs less than a kilogram. Its designer, Tariq Osman, told "
    "me the hinge took two years. I think the hinge is the best part. I welcome the return of "
    "the headphone jack, too."
)
REVIEW_ROWS: list[Row] = [
    ("Tariq Osman", "told", "the hinge took two years"),
    ("I", "think", "the hinge is the best part"),
    ("I", "welcome", "the return of the headphone jack"),
]


def test_resolve_first_person_outside_quotes_is_the_byline_author(nlp: Language) -> None:
    resolved, speakers = run(nlp, REVIEW, REVIEW_ROWS, authors=["Priya Lal"])
    assert speaker_names(resolved, speakers) == ["Tariq Osman", "Priya Lal", "Priya Lal"]
    writer = next(s for s in speakers if s.name == "Priya Lal")
    assert (writer.type, writer.named, writer.anonymous) == ("person", True, False)
    assert [m.text for m in writer.mentions] == ["I", "I"]


def test_resolve_first_person_without_a_byline_is_the_writer(nlp: Language) -> None:
    resolved, speakers = run(nlp, REVIEW, REVIEW_ROWS)
    assert speaker_names(resolved, speakers) == ["Tariq Osman", "the writer", "the writer"]
    writer = next(s for s in speakers if s.name == "the writer")
    assert (writer.type, writer.named) == ("person", False)


def test_resolve_first_person_joins_the_author_named_in_the_text(nlp: Language) -> None:
    text = (
        "Priya Lal is our technology editor. Tariq Osman designed the Lumen Pro. "
        "I think the Lumen Pro is too dear."
    )
    _, speakers = run(nlp, text, [("I", "think", "the Lumen Pro is too dear")], ["Priya Lal"])
    [writer] = speakers
    assert writer.name == "Priya Lal"
    assert [m.text for m in writer.mentions] == ["Priya Lal", "I"]


def test_resolve_first_person_inside_a_quote_is_the_quotes_speaker(nlp: Language) -> None:
    text = "Tariq Osman spoke after the launch. \u201cI told them I would stay,\u201d Marta Ruiz said."
    inner = text.index("I told")
    outer = attributions(text, [("Marta Ruiz", "said", "I told them I would stay,")])[0]
    nested = Attribution(
        id="A2",
        source=Span(start=inner, end=inner + 1, text="I"),
        cue=Span(start=inner + 2, end=inner + 6, text="told"),
        content=Content(spans=[(inner + 12, inner + 24)], text="I would stay"),
        kind="indirect",
    )
    resolved, speakers = resolve(nlp(text), [outer, nested], authors=["Priya Lal"])
    assert speaker_names(resolved, speakers) == ["Marta Ruiz", "Marta Ruiz"]


def test_resolve_pronoun_takes_the_subject_not_a_prize_named_like_a_person(nlp: Language) -> None:
    # The NER tags "Oscar" as a person; "he" is the governor, the subject of the clause.
    text = (
        "Former Ohio governor Tom Walsh won a Grammy and an Oscar for his audiobook about the "
        "drought, in which he warned that rivers would run dry."
    )
    resolved, speakers = run(nlp, text, [("he", "warned", "that rivers would run dry")])
    assert speaker_names(resolved, speakers) == ["Tom Walsh"]
    assert [s.name for s in speakers] == ["Tom Walsh"]


def test_resolve_pronoun_takes_the_subject_of_the_sentence_before(nlp: Language) -> None:
    # "her" in the critic's sentence is the storm chaser, so it says nothing of his gender.
    text = (
        "Storm chaser Rita Vance won an Emmy for her series on tornadoes, in which she said the "
        "season was getting longer. Meteorologist Jim Hale has been one of her fiercest critics "
        "for years. He called the series \u201ca horror film with radar.\u201d"
    )
    rows: list[Row] = [
        ("she", "said", "the season was getting longer"),
        ("He", "called", "the series \u201ca horror film with radar.\u201d"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Rita Vance", "Jim Hale"]
    hale = next(s for s in speakers if s.name == "Jim Hale")
    assert hale.named and hale.descriptors == ["Meteorologist"]


def test_resolve_whole_organization_name_and_its_acronym_are_one_speaker(nlp: Language) -> None:
    text = (
        "The National Oceanic and Atmospheric Administration (NOAA) said on Monday that the "
        "ice had thinned again. Fishermen said the season was short. NOAA said the trend would "
        "continue."
    )
    rows: list[Row] = [
        ("The National Oceanic and Atmospheric Administration (NOAA)", "said", "the ice had thinned again"),
        ("Fishermen", "said", "the season was short"),
        ("NOAA", "said", "the trend would continue"),
    ]
    resolved, speakers = run(nlp, text, rows)
    name = "National Oceanic and Atmospheric Administration"
    assert speaker_names(resolved, speakers) == [name, "Fishermen", name]
    noaa = speakers[0]
    assert (noaa.type, noaa.named) == ("organization", True)


def test_resolve_acronym_quoted_before_its_organization_is_named_by_it(nlp: Language) -> None:
    text = (
        "Pilot Dana Marsh of the Great Lakes Shipping Association (GLSA) said the locks were "
        "full. The GLSA said in a later update that two ships had waited overnight."
    )
    rows: list[Row] = [
        ("Pilot Dana Marsh of the Great Lakes Shipping Association (GLSA)", "said", "the locks were full"),
        ("The GLSA", "said", "two ships had waited overnight"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Dana Marsh", "Great Lakes Shipping Association"]
    assert (speakers[1].type, speakers[1].named) == ("organization", True)


def test_resolve_proper_names_the_article_calls_organizations(nlp: Language) -> None:
    text = (
        "Watchdog group Fairprice said the rules were overdue. The Allied Bakers Federation said "
        "its members already complied. Grainhold Europe, which represents millers, said the "
        "costs would be passed on. A dockers' association, the Tidewater Stevedores Union, said "
        "its members would not strike."
    )
    rows: list[Row] = [
        ("Watchdog group Fairprice", "said", "the rules were overdue"),
        ("The Allied Bakers Federation", "said", "its members already complied"),
        ("Grainhold Europe, which represents millers,", "said", "the costs would be passed on"),
        ("A dockers' association, the Tidewater Stevedores Union,", "said", "its members would not strike"),
    ]
    _, speakers = run(nlp, text, rows)
    got = [(s.name, s.type, s.named) for s in speakers]
    assert got == [
        ("Fairprice", "organization", True),
        ("Allied Bakers Federation", "organization", True),
        ("Grainhold Europe", "organization", True),
        ("Tidewater Stevedores Union", "organization", True),
    ]
    assert speakers[0].descriptors == ["Watchdog group"]
    assert speakers[3].descriptors == ["dockers' association"]


def test_resolve_newspaper_named_as_a_source_is_an_outlet(nlp: Language) -> None:
    text = "The newspaper Vecherny Kurier reported that the mayor had resigned."
    _, speakers = run(nlp, text, [("The newspaper Vecherny Kurier", "reported", "the mayor had resigned")])
    assert [(s.name, s.type, s.named) for s in speakers] == [("Vecherny Kurier", "outlet", True)]


def test_resolve_whole_descriptor_of_a_named_person(nlp: Language) -> None:
    text = "Dana Roth, a senior fellow at the Center for Grain Policy, said the deal was weak."
    source = "Dana Roth, a senior fellow at the Center for Grain Policy,"
    _, speakers = run(nlp, text, [(source, "said", "the deal was weak")])
    assert speakers[0].descriptors == ["senior fellow at the Center for Grain Policy"]


def test_resolve_recipient_keeps_the_service_or_programme_name(nlp: Language) -> None:
    text = (
        "Farmer Ibrahim Sani tells VOA Hausa Service the rains came late. Minister Ruth Hale told "
        "Radio Coast's Evening Report that seed would be sent. Speaking to VOA from Kano, trader "
        "Bala Musa said prices had doubled."
    )
    rows: list[Row] = [
        ("Farmer Ibrahim Sani", "tells", "the rains came late"),
        ("Minister Ruth Hale", "told", "that seed would be sent"),
        ("trader Bala Musa", "said", "prices had doubled"),
    ]
    _, speakers = run(nlp, text, rows)
    assert [s.recipient for s in speakers] == ["VOA Hausa Service", "Radio Coast's Evening Report", "VOA"]


def test_resolve_the_company_is_the_organization_quoted_before(nlp: Language) -> None:
    text = (
        "Baltic Ferry Lines said on Tuesday that it would cut three routes. The company said the "
        "fuel bill had doubled since spring."
    )
    rows: list[Row] = [
        ("Baltic Ferry Lines", "said", "it would cut three routes"),
        ("The company", "said", "the fuel bill had doubled since spring"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Baltic Ferry Lines", "Baltic Ferry Lines"]


def test_resolve_the_group_is_the_rights_group_named_before(nlp: Language) -> None:
    text = (
        "The rights group Rivers Watch said that 80 people had been detained. The group called "
        "for their release."
    )
    rows: list[Row] = [
        ("The rights group Rivers Watch", "said", "that 80 people had been detained"),
        ("The group", "called", "for their release"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Rivers Watch", "Rivers Watch"]
    assert (speakers[0].type, speakers[0].descriptors) == ("organization", ["rights group"])


def test_resolve_a_described_role_is_the_person_with_that_title(nlp: Language) -> None:
    text = (
        "Prime Minister Lars Odegaard said he would step down in June. The outgoing prime "
        "minister said the coalition had run its course."
    )
    rows: list[Row] = [
        ("Prime Minister Lars Odegaard", "said", "he would step down in June"),
        ("The outgoing prime minister", "said", "the coalition had run its course"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Lars Odegaard", "Lars Odegaard"]


def test_resolve_her_office_is_named_for_its_owner(nlp: Language) -> None:
    text = (
        "Mayor Ines Carvalho spent the week in Lisbon. On Friday her office said the budget "
        "would be published in May."
    )
    _, speakers = run(nlp, text, [("her office", "said", "the budget would be published in May")])
    assert [(s.name, s.type) for s in speakers] == [("Ines Carvalho's office", "organization")]


def test_resolve_relative_pronoun_is_the_noun_it_follows(nlp: Language) -> None:
    text = (
        "Harbour master Carla Nunes said the quay would reopen on Monday. One port official, who "
        "asked not to be named, said the repairs were behind schedule. \u201cNobody wants to say "
        "it,\u201d the official said."
    )
    rows: list[Row] = [
        ("Harbour master Carla Nunes", "said", "the quay would reopen on Monday"),
        ("who", "said", "the repairs were behind schedule"),
        ("the official", "said", "Nobody wants to say it,"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Carla Nunes", "one port official", "one port official"]
    assert speakers[1].anonymous


LEDE = (
    "Ferry Row Closes Again\n\n"
    "The head of the ferrymen's union at Dunmore has told Radio Kestrel that the crossings "
    "will stay shut \u201cuntil the boats are safe\u201d.\n\n"
    "Owen Tierney, general secretary of the Dunmore Ferrymen's Union, said crews had voted to "
    "stay out.\n\n"
    "\u201cWe are not going back on those boats,\u201d he said.\n"
)
LEDE_ROWS: list[Row] = [
    ("The head of the ferrymen's union at Dunmore", "has told", "the crossings will stay shut"),
    (
        "Owen Tierney, general secretary of the Dunmore Ferrymen's Union,",
        "said",
        "crews had voted to stay out",
    ),
    ("he", "said", "We are not going back on those boats,"),
]


def test_resolve_a_ledes_role_is_the_person_the_next_paragraph_names(nlp: Language) -> None:
    resolved, speakers = run(nlp, LEDE, LEDE_ROWS)
    assert speaker_names(resolved, speakers) == ["Owen Tierney"] * 3
    [tierney] = speakers
    assert (tierney.type, tierney.named, tierney.recipient) == ("person", True, "Radio Kestrel")


def test_resolve_a_ledes_role_stays_apart_from_an_unrelated_person(nlp: Language) -> None:
    role = "general secretary of the Dunmore Ferrymen's Union"
    text = LEDE.replace(role, "a retired fisherman")
    rows = [LEDE_ROWS[0], (LEDE_ROWS[1][0].replace(role, "a retired fisherman"), *LEDE_ROWS[1][1:])]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == [
        "the head of the ferrymen's union at Dunmore",
        "Owen Tierney",
    ]


def test_resolve_recipient_of_a_perfect_tense_cue(nlp: Language) -> None:
    text = "Mayor Ines Carvalho has told the Coastal Herald that the budget is ready."
    _, speakers = run(nlp, text, [("Mayor Ines Carvalho", "has told", "the budget is ready")])
    assert speakers[0].recipient == "Coastal Herald"


def test_resolve_descriptor_after_who_is(nlp: Language) -> None:
    text = "Dana Roth, who is a senior fellow at the Center for Grain Policy, said the deal was weak."
    source = "Dana Roth, who is a senior fellow at the Center for Grain Policy,"
    _, speakers = run(nlp, text, [(source, "said", "the deal was weak")])
    assert speakers[0].descriptors == ["senior fellow at the Center for Grain Policy"]


def test_resolve_notebooks_and_diaries_are_documents(nlp: Language) -> None:
    text = "Her grandmother's diaries say the river froze solid in 1936."
    _, speakers = run(nlp, text, [("Her grandmother's diaries", "say", "the river froze solid in 1936")])
    assert speakers[0].type == "document"


def test_resolve_told_me_names_the_writer_as_recipient(nlp: Language) -> None:
    _, speakers = run(nlp, REVIEW, REVIEW_ROWS[:1], authors=["Priya Lal"])
    assert speakers[0].recipient == "Priya Lal"


def test_resolve_people_in_general_are_not_anonymous(nlp: Language) -> None:
    text = "People tell me the winters were colder. Two people familiar with the plan said it would pass."
    rows: list[Row] = [
        ("People", "tell", "the winters were colder"),
        ("Two people familiar with the plan", "said", "it would pass"),
    ]
    _, speakers = run(nlp, text, rows)
    assert [s.anonymous for s in speakers] == [False, True]


def test_resolve_a_family_is_a_group(nlp: Language) -> None:
    text = "The family of a missing fisherman said the search had ended too soon."
    rows: list[Row] = [("The family of a missing fisherman", "said", "the search had ended too soon")]
    _, speakers = run(nlp, text, rows)
    assert speakers[0].type == "group"


def test_resolve_a_possessive_in_the_names_own_clause_says_its_gender(nlp: Language) -> None:
    text = (
        "Campaign chief Tom Ruiz met donors on Monday. Senator Dana Whitcomb cancelled her rallies "
        "this week. \u201cWe will be back,\u201d he said."
    )
    resolved, speakers = run(nlp, text, [("he", "said", "We will be back,")])
    assert speaker_names(resolved, speakers) == ["Tom Ruiz"]


def test_resolve_who_after_a_list_is_the_name_before_it(nlp: Language) -> None:
    text = (
        "Guests included Rosa Delgado, Tim Bauer and Lena Okoro, who joked that the hall was "
        "colder than the lake."
    )
    resolved, speakers = run(nlp, text, [("who", "joked", "that the hall was colder than the lake")])
    assert speaker_names(resolved, speakers) == ["Lena Okoro"]


def test_resolve_who_never_stands_for_a_place(nlp: Language) -> None:
    text = (
        "Governor Ann Pike spoke first. The plan should calm nervous lawmakers in Carson City, who "
        "have argued that it moves too fast."
    )
    resolved, speakers = run(nlp, text, [("who", "have argued", "that it moves too fast")])
    assert speaker_names(resolved, speakers) != ["Carson City"]


def test_resolve_organization_name_without_the_lowercase_words_before_it(nlp: Language) -> None:
    text = (
        "Turnout was high, according to the march organizer Coalition for Fair Rents (CFR). "
        "CFR said it would march again in May."
    )
    rows: list[Row] = [
        ("the march organizer Coalition for Fair Rents (CFR)", "according to", "Turnout was high"),
        ("CFR", "said", "it would march again in May"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Coalition for Fair Rents"] * 2
    assert speakers[0].descriptors == ["march organizer"]


@pytest.mark.parametrize(
    "text, row, name",
    [
        (
            "BAGHDAD - Iraqi officials claim that the IS leader is hiding in Mosul.",
            ("BAGHDAD - Iraqi officials", "claim", "that the IS leader is hiding in Mosul"),
            "Iraqi officials",
        ),
        (
            "Two analysts on Thursday dismissed claims that the leader was in the city.",
            ("Two analysts on Thursday", "dismissed", "claims that the leader was in the city"),
            "Two analysts",
        ),
    ],
)
def test_resolve_phrase_leaves_out_dateline_and_time(nlp: Language, text: str, row: Row, name: str) -> None:
    resolved, speakers = run(nlp, text, [row])
    assert speaker_names(resolved, speakers) == [name]


@pytest.mark.parametrize("byline", ["The Associated Press", "Reuters Staff", "Associated Press"])
def test_resolve_an_agency_byline_as_printed_is_no_writer(nlp: Language, byline: str) -> None:
    resolved, speakers = run(nlp, REVIEW, REVIEW_ROWS, authors=[byline])
    assert speaker_names(resolved, speakers) == ["Tariq Osman", "the writer", "the writer"]


def test_resolve_given_name_outside_a_surname_only_entity(nlp: Language) -> None:
    # NER tags the surname alone after a role ("spokesperson Leyla [Aziz]"); a role that
    # opens the sentence stays a descriptor ("Pensioner Joan Mabry").
    text = (
        "Foreign Ministry spokesperson Leyla Aziz said the tanker was held lawfully. "
        "Councillor Aoife Brennan said the pool would close. "
        "Pensioner Joan Mabry said the bill had doubled."
    )
    rows: list[Row] = [
        ("Foreign Ministry spokesperson Leyla Aziz", "said", "the tanker was held lawfully"),
        ("Councillor Aoife Brennan", "said", "the pool would close"),
        ("Pensioner Joan Mabry", "said", "the bill had doubled"),
    ]
    resolved, speakers = run(nlp, text, rows)
    assert speaker_names(resolved, speakers) == ["Leyla Aziz", "Aoife Brennan", "Joan Mabry"]


@pytest.mark.parametrize(
    "source, kind",
    [
        ("The palace", "organization"),
        ("State television", "outlet"),
        ("Senior hospital staff", "group"),
        ("A commentary in the party newspaper", "document"),
        ("The airline", "organization"),
    ],
)
def test_resolve_types_unnamed_institutions_media_staff_and_commentaries(
    nlp: Language, source: str, kind: str
) -> None:
    text = f"{source} said the flight had landed safely."
    _, speakers = run(nlp, text, [(source, "said", "the flight had landed safely")])
    assert [s.type for s in speakers] == [kind]


@pytest.mark.parametrize(
    "source", ["The Centre Party's chairman", "A pensioner", "The hydrologist", "The team's captain"]
)
def test_resolve_types_roles_as_people(nlp: Language, source: str) -> None:
    text = f"{source} said the water rose overnight."
    _, speakers = run(nlp, text, [(source, "said", "the water rose overnight")])
    assert [s.type for s in speakers] == ["person"]


def test_resolve_source_phrase_ends_before_a_trailing_time(nlp: Language) -> None:
    source = "A commentary published by the party newspaper on Wednesday"
    text = f"{source} said the tanker had broken the law."
    resolved, speakers = run(nlp, text, [(source, "said", "the tanker had broken the law")])
    assert speaker_names(resolved, speakers) == ["a commentary published by the party newspaper"]
