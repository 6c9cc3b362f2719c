"""clean() on plain text: text kept byte for byte, metadata and chrome found, offsets exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from offsets import assert_offsets

from saidwho.clean import article_id, clean
from saidwho.errors import InputError
from saidwho.records import Article, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()

DATA = Path(__file__).parent.parent / "data"
WIRE = (DATA / "wire_story.txt").read_text(encoding="utf-8")


def txt(text: str, **fields: str) -> RawDoc:
    return RawDoc(source="story.txt", format="txt", text=text, **fields)


def body_texts(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.body]


@pytest.fixture
def wire() -> Article:
    return clean(txt(WIRE), settings=SETTINGS)


def test_clean_text_is_the_file(wire: Article) -> None:
    assert wire.text == (DATA / "wire_story.txt").read_text(encoding="utf-8")
    assert wire.id == article_id(WIRE) and len(wire.id) == 16
    assert_offsets(wire)


def test_clean_finds_title_authors_date(wire: Article) -> None:
    assert wire.title == "Harbor City Council Delays Vote on Seawall Funding"
    assert wire.authors == ["Maria Delgado", "Tom Whitfield"]
    assert wire.published == "2016-03-03"


def test_clean_marks_boilerplate(wire: Article) -> None:
    assert [s.text for s in wire.boilerplate] == [
        "Win the adventure of a lifetime!",
        "Local Government",
        "Join the mailing list",
        "Share on Facebook",
        "Tweet",
        "Email",
        "Related: Harbor City approves new ferry schedule",
        "Subscribe to our newsletter",
        "Advertisement",
        "\u00a9 2016 Harbor City Ledger. All rights reserved.",
    ]


def test_clean_body_excludes_metadata_and_boilerplate(wire: Article) -> None:
    body = "\n".join(body_texts(wire))
    for span in wire.boilerplate:
        assert all(not (s <= span.start < e) for s, e in wire.body)
        assert span.text not in body
    assert "Harbor City Council Delays Vote" not in body
    assert "By Maria Delgado" not in body


def test_clean_body_keeps_every_paragraph_and_short_quotes(wire: Article) -> None:
    paragraphs = body_texts(wire)
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("HARBOR CITY \u2014 The city council on Wednesday")
    assert '"No," she said.' in paragraphs
    assert '"Every winter we wait, the water gets closer," he said.' in paragraphs
    assert paragraphs[-1].endswith("according to a statement from the city clerk's office.")


def test_clean_crlf_offsets_index_the_text() -> None:
    text = 'Mayor Quits After Audit\r\nBy Ann Lee | May 2, 2021\r\n\r\n"I am done," she said.\r\nTweet\r\n'
    article = clean(txt(text), settings=SETTINGS)
    assert article.text == text
    assert_offsets(article)
    assert body_texts(article) == ['"I am done," she said.']
    assert [s.text for s in article.boilerplate] == ["Tweet"]
    assert (article.title, article.authors, article.published) == (
        "Mayor Quits After Audit",
        ["Ann Lee"],
        "2021-05-02",
    )


def test_clean_hard_wrapped_paragraphs_are_joined() -> None:
    text = "The mayor said the bridge\nwould reopen in May.\n\nCritics doubt it.\n"
    assert body_texts(clean(txt(text), settings=SETTINGS)) == [
        "The mayor said the bridge\nwould reopen in May.",
        "Critics doubt it.",
    ]


def test_clean_one_paragraph_a_line() -> None:
    text = "The mayor said the bridge would reopen.\nCritics doubt it.\n"
    assert body_texts(clean(txt(text), settings=SETTINGS)) == [
        "The mayor said the bridge would reopen.",
        "Critics doubt it.",
    ]


def test_clean_rawdoc_title_and_date_win() -> None:
    text = "Bridge Reopens\nMarch 1, 2016\n\nThe bridge reopened on Tuesday, officials said.\n"
    article = clean(txt(text, title="Bridge Reopens", published="2016-03-02T08:00:00Z"), settings=SETTINGS)
    assert (article.title, article.published) == ("Bridge Reopens", "2016-03-02")
    assert body_texts(article) == ["The bridge reopened on Tuesday, officials said."]


def test_clean_rawdoc_title_not_in_text_guesses_no_line() -> None:
    text = "Short Headline Here\nThe bridge reopened, officials said.\n"
    article = clean(txt(text, title="Another Title"), settings=SETTINGS)
    assert article.title == "Another Title"
    assert body_texts(article)[0] == "The bridge reopened, officials said."


def test_clean_headline_only_text_is_body() -> None:
    article = clean(txt("The senator said she would vote no"), settings=SETTINGS)
    assert (article.title, body_texts(article)) == (None, ["The senator said she would vote no"])


def test_clean_all_boilerplate_is_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        clean(txt("Tweet\nShare on Facebook\nAdvertisement\n"), settings=SETTINGS)
    assert str(err.value) == (
        "story.txt: no article text found in the text. "
        "Check that it is an article, not an index or error page."
    )


def test_clean_labels_before_the_headline_are_boilerplate() -> None:
    text = (
        "Accessibility links\nSkip to main content\nBreaking News\nWeapons of Mass Destruction (WMD)\n"
        "Experts Doubt Many Missiles Work\nBy Jeff Roe October 28, 2016\n"
        "The analysts said the launchers were props.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert (article.title, article.authors, article.published) == (
        "Experts Doubt Many Missiles Work",
        ["Jeff Roe"],
        "2016-10-28",
    )
    assert body_texts(article) == ["The analysts said the launchers were props."]
    assert [s.text for s in article.boilerplate][:4] == text.splitlines()[:4]


def test_clean_headline_beats_tagline_and_standfirst() -> None:
    text = (
        "A blog about state politics and the people who make it\nHome\nAbout\n"
        "Lawmakers punt on payday lending bill\nThe measure stalls for a third session\n"
        "By Greg Talbot\nMarch 4, 2019\n\nThe House adjourned without a vote, its sponsor said.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert article.title == "Lawmakers punt on payday lending bill"
    assert body_texts(article) == ["The House adjourned without a vote, its sponsor said."]


def test_clean_date_of_publication_beats_revision() -> None:
    text = (
        "Fire Contained Near Trail\nUpdated: Jul 15, 2021 / 07:20 PM MDT\n"
        "Posted: Jul 14, 2021 / 04:55 PM MDT\n"
        "Crews contained the fire on Wednesday, deputies said.\n"
    )
    assert clean(txt(text), settings=SETTINGS).published == "2021-07-14"


def test_clean_agency_byline_is_kept_as_printed_and_a_dateline_is_no_byline() -> None:
    story = "\n\nSANTIAGO (Reuters) - A quake struck on Sunday, officials said.\n"
    bylines = ["By Reuters", "By The Associated Press", "Reuters Staff", "August 7, 2022", "By Ana Ruiz"]
    assert [clean(txt(f"Quake Shakes Chile\n{b}{story}"), settings=SETTINGS).authors for b in bylines] == [
        ["Reuters"],
        ["The Associated Press"],
        ["Reuters Staff"],
        [],  # "(Reuters) -" is a dateline
        ["Ana Ruiz"],
    ]


MENU = "\n".join(
    ["Home", "News", "Local", "Weather", "Sports", "Cricket", "Business", "Tech", "Videos", "Photos"]
)


def test_clean_job_title_byline_names_no_author() -> None:
    text = (
        "Heat ban on outdoor work extended\nBy Staff Reporter\nPublished: Tuesday 27 April 2017\n"
        "The ministry extended the midday work ban to four months, it said.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert (article.title, article.authors, article.published) == (
        "Heat ban on outdoor work extended",
        [],
        "2017-04-27",
    )


def test_clean_header_below_a_menu_with_teaser_sentences() -> None:
    teasers = (
        "Top Headlines\nMonsoon to arrive two days late, says weather office.\n"
        "Sensex ends 300 points higher as banks rally.\nSchools to reopen on Monday after the heat.\n"
    )
    text = (
        f"{MENU}\n{teasers}{MENU}\nMetro fares to go up by Rs 10 from next month\n"
        "Written By: Meera Pillai\nEdited By: Arun Das\nUpdated: Apr 27, 2017, 10:31 IST\n"
        "Metro fares will go up by up to Rs 10 from May 10, the corporation said.\n"
        "Commuter groups said the rise would push people back to buses.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert (article.title, article.authors, article.published) == (
        "Metro fares to go up by Rs 10 from next month",
        ["Meera Pillai"],
        "2017-04-27",
    )
    assert body_texts(article)[0].startswith("Metro fares will go up")


def test_clean_byline_below_a_caption_and_a_standfirst() -> None:
    text = (
        "Home\nNews\nConnect with us\nCocoa farmers demand faster payment from buyers\n"
        "Farmers wait to be paid at a buying centre in Bibiani, 13 June 2022.\n"
        "Some buying companies have not paid for beans delivered in April.\n"
        "By Ama Owusu\n13 June 2022\n"
        "Cocoa farmers are demanding faster payment, saying some have waited six weeks.\n"
        "The regulator said all transfers had been made.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert (article.title, article.authors, article.published) == (
        "Cocoa farmers demand faster payment from buyers",
        ["Ama Owusu"],
        "2022-06-13",
    )
    assert body_texts(article)[0].startswith("Cocoa farmers are demanding")


@pytest.mark.parametrize(
    "above",
    [
        "Protesters outside the court, where the hearing took place Image copyright Tay Radio",
        "Fans queue outside the stadium on Saturday. \u2014 Photo by Omar Khalid",
        "Connect with us",
    ],
)
def test_clean_caption_or_social_line_is_not_the_title(above: str) -> None:
    text = f"Home\nNews\n{above}\nMan charged after stadium disturbance\n4 March 2019\nA man was charged.\n"
    assert clean(txt(text), settings=SETTINGS).title == "Man charged after stadium disturbance"


def test_clean_title_loses_the_site_name() -> None:
    text = (
        "Bridge to close for six weeks this summer | CKNO News Ottawa\nSkip to main content\n"
        "Published Tuesday, April 27, 2021 6:14PM EDT\nThe bridge will close on July 5, the agency said.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert article.title == "Bridge to close for six weeks this summer"
    assert article.text == text  # the line stays in the text, outside the body


def test_clean_byline_and_date_under_the_story() -> None:
    text = (
        "Port opens new container terminal\nThe terminal will double capacity, officials say\n"
        "BANDAR NOOR - The port authority opened a new terminal on Monday.\n"
        "The terminal has four berths, the chairman said.\n"
        "Written By Crescent News\n12 November 2018\nMore on this story\nTrade ministers meet on customs\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert (article.authors, article.published) == (["Crescent News"], "2018-11-12")
    assert body_texts(article)[-1] == "The terminal has four berths, the chairman said."


def test_clean_date_from_the_dateline_when_the_header_has_none() -> None:
    text = (
        "Minister opens desalination plant\nLocal\n"
        "AL SEEF, 4th March, 2019 (NNA) -- The minister opened a plant on Monday, officials said.\n"
        "The plant will supply 120,000 cubic metres a day.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert (article.published, article.authors) == ("2019-03-04", [])


def test_clean_comment_policy_related_lists_and_bios_leave_the_body() -> None:
    story = 'Crews fixed the main by Friday, the utility said.\n"We were lucky," a baker said.\n'
    foot = (
        "Ravi Menon is senior editor of the Ledger, covering utilities and transport.\n"
        "Comments are moderated and will be posted if they are on-topic and not abusive.\n"
        "Most Read\nBaker: 'We lost a week of flour'\nWho pays for the old pipes?\n"
        "Leave a Reply\nYour email address will not be published. Required fields are marked *\n"
        "Click to comment\n"
    )
    article = clean(txt(f"Water main breaks downtown\nBy Ravi Menon\n{story}{foot}"), settings=SETTINGS)
    assert body_texts(article) == story.splitlines()


def test_clean_captions_shown_twice_leave_the_body_but_repeated_paragraphs_stay() -> None:
    caption = "Herders drive cattle across a frozen river in the south, Feb. 20, 2020."
    fact = "It takes 1,237 delegates to win the Republican nomination for president."
    text = (
        f"The border closed on Monday, officials said.\n{caption}\n{caption}\n"
        f"Traders said trucks were waiting.\n{fact}\nThe count went on.\nTrump won Georgia.\n"
        f"Clinton won Virginia.\n{fact}\n"
    )
    paragraphs = body_texts(clean(txt(text), settings=SETTINGS))
    assert caption not in paragraphs
    assert paragraphs.count(fact) == 2  # a live blog repeats it, far apart: body both times


def test_clean_footer_below_the_story_is_boilerplate() -> None:
    text = (
        "Port Strike Enters Second Week\nBy Harriet Cole\n\n"
        "Cargo ships waited offshore on Monday, the port said.\n\n"
        '"Make a real offer," she said.\n\n'
        "Most Popular\nCouncil approves budget with 3% tax rise\nFerry service cut for winter months\n"
        "The Lakeshore Standard is an independent news organization serving the region since 1901.\n"
    )
    article = clean(txt(text), settings=SETTINGS)
    assert body_texts(article) == [
        "Cargo ships waited offshore on Monday, the port said.",
        '"Make a real offer," she said.',
    ]


def test_clean_footer_walk_stops_at_a_line_with_a_sentence() -> None:
    text = (
        "Readers on the debate.\n\n"
        "<tweet>No one should be above the law. pic.twitter.com/Oq \u2014 Paul Ryan July 5, 2016</tweet>\n"
    )
    assert len(body_texts(clean(txt(text), settings=SETTINGS))) == 2


def test_clean_short_sentence_below_the_byline_is_body() -> None:
    text = 'Mayor Quits\nBy Ann Lee\n\n"No."\n\nThe mayor left the hall without another word.\n'
    assert body_texts(clean(txt(text), settings=SETTINGS)) == [
        '"No."',
        "The mayor left the hall without another word.",
    ]


def test_clean_a_stray_unpunctuated_line_does_not_make_a_text_hard_wrapped() -> None:
    text = "The mayor said the bridge would reopen.\nCritics doubt it.\nA new span\nIt opens in May.\n"
    assert len(body_texts(clean(txt(text), settings=SETTINGS))) == 4
