"""Bylines, date lines, dates and author lists, as (text, expected) tables."""

from __future__ import annotations

import pytest

from saidwho.clean.metadata import is_date_line, looks_like_title, normalize_date, parse_byline, split_authors


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
        ("By Reuters", None),
        ("Jane Doe said the vote was close.", None),
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
