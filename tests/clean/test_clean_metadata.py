"""Bylines, date lines, dates and author lists, as (text, expected) tables."""

from __future__ import annotations

import pytest

from saidwho.clean.metadata import (
    Meta,
    agency,
    dateline_date,
    is_date_line,
    looks_like_title,
    name_line,
    normalize_date,
    parse_byline,
    parse_meta,
    split_authors,
    strip_site,
)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("By Jane Doe and John Roe March 1, 2016", (["Jane Doe", "John Roe"], "2016-03-01")),
        ("By Jane Doe, CNN | Updated 3:04 PM ET, Tue March 1, 2016", (["Jane Doe"], "2016-03-01")),
        ("By Jane Doe, John Roe and Ann Lee", (["Jane Doe", "John Roe", "Ann Lee"], None)),
        ("By JANE DOE, Associated Press", (["Jane Doe"], None)),
        ("by Ludwig van Beethoven | Sept. 9, 2015", (["Ludwig van Beethoven"], "2015-09-09")),
        ("By Jane Doe, Staff Writer \u2014 12 June 2018", (["Jane Doe"], "2018-06-12")),
        ("By \u00c1ngela Ruiz & Chen Wei - 2019-04-30", (["\u00c1ngela Ruiz", "Chen Wei"], "2019-04-30")),
        ("By the time he arrived, the hall was empty.", None),
        ("Jane Doe said the vote was close.", None),
        # an agency or outlet alone is the author, as the page prints it
        ("By Reuters", (["Reuters"], None)),
        ("By The Associated Press", (["The Associated Press"], None)),
        ("By Reuters Staff", (["Reuters Staff"], None)),
        ("By VOA News", (["VOA News"], None)),
        ("Written By VOA News", (["VOA News"], None)),
        ("By CNN Wire", (["CNN Wire"], None)),
        ("By RFE/RL", (["RFE/RL"], None)),
        ("By Monday", None),
        # job titles, other wordings
        ("By rural reporter Tim Nguyen", (["Tim Nguyen"], None)),
        ("by: Marisol Trujillo", (["Marisol Trujillo"], None)),
        ("Story by Ruth Abernathy", (["Ruth Abernathy"], None)),
        ("Written by Ann Lee and Chen Wei", (["Ann Lee", "Chen Wei"], None)),
        ("By Kara Lindqvist | Fox News", (["Kara Lindqvist"], None)),
        ("By Daniel Okoro March 9, 2021 04:12 PM", (["Daniel Okoro"], "2021-03-09")),
        ("By ALICE TREMAINE FOR CROWNPOST", (["Alice Tremaine"], None)),
        ("By Jane Doe, Chief Political Correspondent for The Daily Post", (["Jane Doe"], None)),
        # a byline naming only a job or a desk: a byline, without an author
        ("By Staff Reporter", ([], None)),
        ("By Our Special Correspondent", ([], None)),
        ("By Web Desk", ([], None)),
    ],
)
def test_metadata_parse_byline(line: str, expected: tuple[list[str], str | None] | None) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("March 1, 2016", True),
        ("Updated 3:04 PM ET, Tue March 1, 2016", True),
        ("Published: 2016-03-01 10:22 GMT", True),
        ("Posted on Wednesday, 4 May 2022", True),
        ("The vote on March 1, 2016 was close.", False),
        ("February 24, 2020 05:36 AM", True),
        ("Updated 2:15 p.m. ET, Tue February 25, 2020", True),
        ("Published 5:02 PM EDT, April 4, 2023", True),
        ("Last updated: 14:32, 12 Sep 2022", True),
        ("Thu 16 Mar 2023 13.45 GMT", True),
        ("February 14, 2023, 6 AM ET", True),
        ("March 3, 2019 / 10:12 AM / Updated 2 hours ago", True),
        ("June 20, 20245:41 AM GMTUpdated 2 hours ago", True),  # glued as scrapes glue it
        ("Published 6:00 a.m. CT Nov. 9, 2021 | Updated 9:14 a.m. CT Nov. 9, 2021", True),
        ("date 2020-02-24 East Asia Pacific", False),
        ("3 hours ago", False),
        ("Issued on: 14/02/2023 - 10:12", True),
        ("April 27, 2017 / 7:31 AM / Updated 6 years ago", True),
        ("Published: Tuesday 27 April 2017", True),
        ("Budget Day", False),
    ],
)
def test_metadata_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2016-03-02T08:00:00Z", "2016-03-02"),
        ("Dec. 25, 2019", "2019-12-25"),
        ("3/14/2015", "2015-03-14"),
        ("03/04/2016", "2016-03-04"),  # ambiguous: US order
        ("14/02/2023", "2023-02-14"),  # no 14th month: day first
        ("14.02.2023", "2023-02-14"),
        ("February 30, 2016", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_metadata_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    "names, expected",
    [
        ("Priya Natarajan; Owen Brooks", ["Priya Natarajan", "Owen Brooks"]),
        ("Priya Natarajan and Owen Brooks", ["Priya Natarajan", "Owen Brooks"]),
        ("CNN Newsroom", []),
        ("Madonna", []),
        (None, []),
    ],
)
def test_metadata_split_authors(names: str | None, expected: list[str]) -> None:
    assert split_authors(names) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Harbor City Council Delays Vote on Seawall Funding", True),
        ("Is the Seawall Worth It?", True),
        ("The council voted on Tuesday.", False),
        ("Politics", False),
        ("By Jane Doe", False),
    ],
)
def test_metadata_looks_like_title(line: str, expected: bool) -> None:
    assert looks_like_title(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Posted on March 4, 2019 by Greg Talbot", Meta(["Greg Talbot"], "2019-03-04", False)),
        ("Updated: Jul 14, 2021 / 07:20 PM MDT", Meta([], "2021-07-14", True)),
        ("Posted: Jul 14, 2021 / 04:55 PM MDT", Meta([], "2021-07-14", False)),
        ("March 4, 20195:01 AM ET", Meta([], "2019-03-04", False)),
        ("By VOA News", Meta(["VOA News"], None, False)),
        ("Experts Say Pyongyang's Newest Launcher Is Mostly for Show", None),
    ],
)
def test_metadata_parse_meta(line: str, expected: Meta | None) -> None:
    assert parse_meta(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Kwame Mensah, Laura Whitcombe", ["Kwame Mensah", "Laura Whitcombe"]),
        ("Noah Whitford", ["Noah Whitford"]),
        ("Gwen Latham Transport correspondent", ["Gwen Latham"]),
        ("Jane Doe | Reuters", ["Jane Doe"]),
        ("Jane Doe, CNN", ["Jane Doe"]),
        ("Dana Kessler, Senior Editor", ["Dana Kessler"]),
        ("Mayor Quits After Audit", []),  # a headline: four capitalised words
        ("Watch Live", []),
        ("Northfield Courier", []),
        ("Reuters, Jane Doe", []),
        ("Jane Doe said so.", []),
    ],
)
def test_metadata_name_line(line: str, expected: list[str]) -> None:
    assert name_line(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("PTI", "PTI"),
        ("AFP", "AFP"),
        ("By Reuters", "Reuters"),
        # as printed: "The Associated Press" stays so, "Reuters Staff" is the byline
        ("The Associated Press", "The Associated Press"),
        ("Reuters Staff", "Reuters Staff"),
        ("Politics", None),
        ("Staff Reporter", None),
    ],
)
def test_metadata_agency(line: str, expected: str | None) -> None:
    assert agency(line) == expected


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("KUALA LUMPUR, 27 April 2017 (KNA) \u2013 The ministry said on Thursday", "2017-04-27"),
        ("AL SEEF, 4th March, 2019 (NNA) -- The minister opened a plant", "2019-03-04"),
        ("NEW YORK, Jan. 5, 2021 /PRNewswire/ -- Acme Corp said", "2021-01-05"),
        ("Harare, 27 April 2017 - The government said", "2017-04-27"),
        ("JAKARTA, June 20 (Reuters) - Indonesia's central bank", None),  # no year: no date
        ("SANTIAGO (Reuters) - A quake struck", None),
        ("The vote on March 1, 2016 was close, officials said.", None),
    ],
)
def test_metadata_dateline_date(paragraph: str, expected: str | None) -> None:
    assert dateline_date(paragraph) == expected


HEADER = ["KWTN News 6 logo", "Menu", "The Harbor Ledger"]


@pytest.mark.parametrize(
    "title, expected",
    [
        (
            "Crews fix water main - KWTN News 6 Ridgeway, Local News, Weather, Sports",
            "Crews fix water main",
        ),
        ("Bridge to close for six weeks | CKNO News Ottawa", "Bridge to close for six weeks"),
        ("Fuel queues return to Abuja - The Harbor Ledger", "Fuel queues return to Abuja"),  # a header line
        ("Storm batters coast \u2014 KXRT", "Storm batters coast"),  # a call sign
        ("Storm batters coast | harborledger.com", "Storm batters coast"),
        ("Senate passes budget - White House reacts", "Senate passes budget - White House reacts"),
        ("Trump vs Clinton - The Final Debate", "Trump vs Clinton - The Final Debate"),
        ("Q&A - KWTN News", "Q&A - KWTN News"),  # too little left
    ],
)
def test_metadata_strip_site(title: str, expected: str) -> None:
    assert strip_site(title, HEADER) == expected
