"""Which lines are page chrome: a (line, expected) table, real short paragraphs included."""

from __future__ import annotations

import pytest

from saidwho.clean.boilerplate import is_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Win the adventure of a lifetime!",
        "Weapons of Mass Destruction (WMD)",
        "Politics",
        "World News",
        "Join the mailing list",
        "Subscribe to our newsletter",
        "Sign up for our daily briefing.",
        "Share this article",
        "Share on Facebook",
        "Follow us on Twitter",
        "Click here to read the full report",
        "Tweet",
        "Email",
        "Print",
        "Facebook Twitter Email",
        "Read more: Senate passes the budget",
        "Related:",
        "Advertisement",
        "Story continues below advertisement",
        "\u00a9 2016 Example Media Group",
        "Copyright 2020 The Daily Example. All rights reserved.",
        "Home | World | Politics",
        "Home \u203a News \u203a Local",
        "https://example.com/story/123",
        "Photo: Jane Doe for The Example",
        "Reporting by Jane Doe; Editing by John Roe",
        "Tags: budget, council, seawall",
    ],
)
def test_boilerplate_chrome_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        '"No," he said.',
        "\u201cNever,\u201d she said.",
        "Yes.",
        "He declined to comment.",
        "The mayor said she would subscribe to the plan if the council paid for it.",
        "Okafor shared the letter on Facebook and Twitter on Monday, drawing hundreds of replies.",
        "Really?",
        "An engineer who reviewed the plan said the design was sound.",
        '"We Will Win"',
        "Officials said the number was 1,200.",
    ],
)
def test_boilerplate_keeps_article_lines(line: str) -> None:
    assert not is_boilerplate(line)
