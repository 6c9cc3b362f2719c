from __future__ import annotations

import pytest

from saidwho.attribution.quotes import find_quotes, quote_kind, quoted_mask


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
        # British style: straight single quotes, apostrophes inside and around them.
        ("'We can't wait,' he told the BBC. 'It's over.'", [["'We can't wait,'"], ["'It's over.'"]]),
        ("She called it 'a disgrace' on Monday.", [["'a disgrace'"]]),
        ("The players' wages rose, the 'bosses' said.", [["'bosses'"]]),
        ("He said 'tis the season for the '90s.", []),
        # A quote run over paragraphs that each open with a left single mark (British copy).
        (
            "\u2018Families are not imagining it.\n\n\u2018We will legislate.\u2019",
            [["\u2018Families are not imagining it.", "\u2018We will legislate.\u2019"]],
        ),
        ("He called it \u2018rock and roll.\n\nThen he left.", []),
        ("He said: \"It's the players' fault\" today.", [["\"It's the players' fault\""]]),
        # Guillemets pair like curly quotes; the low-9 mark closes with either curly mark.
        ("Il a dit \u00ab non \u00bb hier.", [["\u00ab non \u00bb"]]),
        ("Er sagte \u201eNein\u201c und \u201eJa\u201d.", [["\u201eNein\u201c"], ["\u201eJa\u201d"]]),
    ],
)
def test_quotes_find_passages(text: str, expected: list[list[str]]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text, content, kind",
    [
        ("'We have had three floods,' he said.", "'We have had three floods,'", "direct"),
        ('He said the plan was "dead on arrival" in May.', 'the plan was "dead on arrival"', "mixed"),
        ("He said the plan's costs rose.", "the plan's costs rose", "indirect"),
    ],
)
def test_quote_kind_counts_quoted_words(text: str, content: str, kind: str) -> None:
    start = text.index(content)
    assert quote_kind(text, quoted_mask(text), [(start, start + len(content))]) == kind


def test_quote_kind_split_quote_is_direct() -> None:
    text = '"We are ready," Okafor said, "and we will wait."'
    pieces = [(0, 15), (text.index('"and'), len(text))]
    assert quote_kind(text, quoted_mask(text), pieces) == "direct"
