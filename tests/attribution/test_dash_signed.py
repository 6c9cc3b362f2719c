"""Dash-signed statements (reader round-ups, pull quotes, embedded tweets): found by rule for
either extractor, with the speaker resolved from the signature."""

import pytest
from offsets import assert_offsets

import saidwho
from saidwho.attribution.dash_signed import add_signed, signed_statements
from saidwho.records import Attribution, Content, Span
from saidwho.settings import Settings

ROUNDUP = (
    "Readers told us what they thought of the debate.\n\n"
    "\u201cHe represents our greatest shame.\u201d \u2015 Sonya Herridge\n"
    "\u201cMostly he promotes ignorance.\u201d\u00a0\u2015\u00a0Julie A. Diaz Martinez.\n\n"
    "\u201cI\u2019d rather live in what he calls \u201chell\u201d than that.\u201d \u2015 Adriana Rodarte\n"
    '"Americans are worried about wages."\n\n- Bernie Sanders.\n\n'
    "<tweet>No one should be above the law. pic.twitter.com/OqctxglquI "
    "\u2014 Paul Ryan (@SpeakerRyan) July 5, 2016</tweet>\n"
)


def _found(text):
    return [(text[c[0] : c[1]], cue.text, src.text) for src, cue, c in signed_statements(text)]


def test_dash_signed_find_quotes_signed_on_the_line_or_below_and_tweets():
    assert _found(ROUNDUP) == [
        ("\u201cHe represents our greatest shame.\u201d", "\u2015", "Sonya Herridge"),
        ("\u201cMostly he promotes ignorance.\u201d", "\u2015", "Julie A. Diaz Martinez"),
        (
            "\u201cI\u2019d rather live in what he calls \u201chell\u201d than that.\u201d",
            "\u2015",
            "Adriana Rodarte",
        ),
        ('"Americans are worried about wages."', "-", "Bernie Sanders"),
        ("No one should be above the law.", "\u2014", "Paul Ryan"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Clinton speaks in Ohio. \u2014 AP Photo/John Doe",  # a caption's credit: no quote
        "\u2018We\u2019re not going anywhere\u2019 \u2014 Sanders vows to fight on",  # a headline
        "What we know:\n- Senate Republicans\n- House Democrats\n",  # a list
        '"We knew," the spokesperson told ABC. "It was late."\n\u2013 Benjamin Fearnow',  # a byline
        "The vote -- Senate Republicans said -- failed.",
        "",
    ],
)
def test_dash_signed_leave_lines_that_are_not_signed_statements(text):
    assert _found(text) == []


def test_dash_signed_read_a_huge_line_of_dashes_and_still_find_its_signature():
    # Only a line's last characters can hold a signature: 200,000 dashes cost one look each.
    text = '"' + " - Word" * 200_000 + '" \u2015 Ana Ruiz'
    assert [(cue, src) for _, cue, src in _found(text)] == [("\u2015", "Ana Ruiz")]


def _span(text, part, after=0):
    start = text.index(part, after)
    return Span(start=start, end=start + len(part), text=part)


def test_dash_signed_replace_an_overlapping_attribution_and_renumber():
    text = '"It is a disgrace." \u2015 Ana Ruiz\nShe said the vote was late.'
    quote = _span(text, "It is a disgrace.")
    # The tagger's reading: the quote tied to the next line's cue; the rule's replaces it.
    glued = Attribution(
        id="A1",
        source=None,
        cue=_span(text, "said"),
        content=Content(spans=[(quote.start, quote.end)], text=quote.text),
        kind="direct",
    )
    late = _span(text, "the vote was late")
    other = Attribution(
        id="A2",
        source=_span(text, "She"),
        cue=_span(text, "said"),
        content=Content(spans=[(late.start, late.end)], text=late.text),
        kind="indirect",
    )
    out = add_signed(text, [glued, other])
    assert [a.id for a in out] == ["A1", "A2"]
    assert out[0].cue.text == "\u2015" and out[0].source and out[0].source.text == "Ana Ruiz"
    assert out[0].content.text == '"It is a disgrace."' and out[0].kind == "direct"
    assert out[1] == other
    alone = add_signed("No signature here.", [other])
    assert [(a.id, a.content) for a in alone] == [("A1", other.content)]


@pytest.mark.parametrize("extractor", ["model", "rules"])
def test_dash_signed_speakers_resolve_for_either_extractor(extractor):
    article = saidwho.extract(ROUNDUP, settings=Settings(extractor=extractor))
    assert_offsets(article)
    signed = {a.content.text: a for a in article.attributions if a.cue.text in "\u2015\u2014-"}
    assert len(signed) == 5
    names = {s.id: s for s in article.speakers}
    herridge = names[signed["\u201cHe represents our greatest shame.\u201d"].speaker]
    assert herridge.name == "Sonya Herridge" and herridge.named and herridge.type == "person"
    assert names[signed["No one should be above the law."].speaker].name == "Paul Ryan"
