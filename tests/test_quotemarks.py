"""The shared quotation-mark sets, and the stages that read them agreeing on them."""

from __future__ import annotations

import re

import pytest

from saidwho.attribution.encoding import CLOSE_QUOTES, OPEN_QUOTES, quote_states
from saidwho.attribution.quotes import find_quotes
from saidwho.clean.boilerplate import has_quote
from saidwho.quotemarks import CLOSING, DOUBLE, OPENING, QUOTE_MARKS, SINGLE, char_class


@pytest.mark.parametrize(
    "text, opening, closing, double, single",
    [
        ('"Yes," she said.', '""', '""', '""', ""),
        ("\u201cYes,\u201d she said.", "\u201c", "\u201d", "\u201c\u201d", ""),
        ("\u00abOui\u00bb, dit-elle.", "\u00ab", "\u00bb", "\u00ab\u00bb", ""),
        # German closes with the mark that opens in English; it counts as opening.
        ("\u201eJa\u201c, sagte sie.", "\u201e\u201c", "", "\u201e\u201c", ""),
        ("\u2018Yes,\u2019 she said.", "\u2018", "\u2019", "", "\u2018\u2019"),
        ("It's Bob's.", "''", "''", "", "''"),
        ("``Yes,'' she said.", "''", "''", "", "''"),  # backticks are no mark of running text
        ("No quotes here.", "", "", "", ""),
    ],
)
def test_quotemarks_sets_sort_marks(text: str, opening: str, closing: str, double: str, single: str) -> None:
    assert "".join(c for c in text if c in OPENING) == opening
    assert "".join(c for c in text if c in CLOSING) == closing
    assert "".join(c for c in text if c in DOUBLE) == double
    assert "".join(c for c in text if c in SINGLE) == single
    assert "".join(c for c in text if c in QUOTE_MARKS) == "".join(c for c in text if c in double + single)


def test_quotemarks_char_class_matches_each_mark_and_nothing_else() -> None:
    pattern = re.compile(char_class(QUOTE_MARKS + "]-^\\"))
    assert all(pattern.fullmatch(c) for c in QUOTE_MARKS + "]-^\\")
    assert not pattern.search("plain text, (brackets) and a dash\u2014")


def test_quotemarks_tagger_channel_keeps_the_set_the_model_was_trained_on() -> None:
    # Changing these changes the shipped model's inputs: retrain before editing them.
    assert frozenset('"\u201c\u00ab\u201e') == OPEN_QUOTES
    assert frozenset('"\u201d\u00bb') == CLOSE_QUOTES


@pytest.mark.parametrize(
    "text, quote",
    [
        ("The mayor said \u00abno\u00bb to the plan.", "\u00abno\u00bb"),
        ("The mayor said \u201cno\u201d to the plan.", "\u201cno\u201d"),
        ("Der B\u00fcrgermeister sagte \u201enein\u201c zum Plan.", "\u201enein\u201c"),
        ('The mayor said "no" to the plan.', '"no"'),
    ],
)
def test_quotemarks_stages_agree_on_a_quote(text: str, quote: str) -> None:
    start = text.index(quote)
    end = start + len(quote)
    assert [q.ranges for q in find_quotes(text)] == [[(start, end)]]
    assert has_quote(text)
    states = quote_states(text)
    assert states[start] == states[end - 1] == 2
    assert set(states[start + 1 : end - 1]) == {1}
