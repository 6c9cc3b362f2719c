from __future__ import annotations

import pytest

from saidwho.attribution.quotes import find_quotes


def quoted(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in q.ranges] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Stay home," she said.', [['"Stay home,"']]),
        ("“Stay home,” she said. “It rains.”", [["“Stay home,”"], ["“It rains.”"]]),
        ("''Old style,'' said the clerk.", [["''Old style,''"]]),
        ("The \u2018Open Door\u2019 plan isn't Bob's.", [["\u2018Open Door\u2019"]]),
        ("It's the workers' union, not the bosses'.", []),
        (
            "“One paragraph ends open.\n\n“The next closes,” he said.",
            [["“One paragraph ends open.", "“The next closes,”"]],
        ),
        ("“Left open.\n\nNo new quote here.", [["“Left open."]]),
    ],
)
def test_quotes_find_passages(text: str, expected: list[list[str]]) -> None:
    assert quoted(text) == expected
