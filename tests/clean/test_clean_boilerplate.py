"""Which lines are page chrome: a (line, expected) table, real short paragraphs included."""

from __future__ import annotations

import pytest

from saidwho.clean.boilerplate import is_boilerplate, is_caption, is_footer_note


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
        "Home / Business / Economy",
        "Home > World > Asia",
        "https://example.com/story/123",
        "Photo: Jane Doe for The Example",
        "Reporting by Jane Doe; Editing by John Roe",
        "Tags: budget, council, seawall",
        "Skip to main content",
        "Accessibility links",
        "Image size: Small Medium Large",
        "Download: small medium large",
        "Share via Email",
        "Link copied",
        "3 hours ago",
        "4 Min Read",
        "Listen \u00b7 3:54",
        "02:14 - Source: CNN",
        "Video Ad Feedback",
        "Most Popular",
        "More from Local",
        "Explore more on these topics",
        "Comments are closed.",
        "Like Loading...",
        "The Daily Briefing newsletter provides all the news you need to start your day. Sign up here.",
        "Thanks for reading The Civic Ledger! Subscribe for free to receive new posts.",
        "CNN's Lia Brenner contributed to this report.",
        # layouts of outlets beyond the first scrapes: social and logo lines, comment forms,
        # related headings, an agency's tag
        "Connect with us",
        "Stay connected with us",
        "KWTN News 6 logo",
        "Click to comment",
        "Comments closed.",
        "Comments (14)",
        "Your email address will not be published. Required fields are marked *",
        "Save my name, email, and website in this browser for the next time I comment.",
        "READ ALSO: Senate summons minister over fuel arrears",
        "You may like",
        "More stories from Ashby",
        "7 years ago",
        "(NNA)",
        "Some information for this report came from Reuters and Agence France-Presse.",
        "With reporting by RFE/RL's Kazakh Service",
        "Photographs by Dale Kim",
        'This article appears in the March 2023 print edition with the headline "The Last Edition."',
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Get this delivered to your inbox, and more info about our products and services.",
        "WATCH: The senator explains her vote",
        "Share or comment on this article:",
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
        "View full results: http://politi.co/1oGcEFv.",
        '<tweet pic="pic.twitter.com/f" author="fish">clinton speaking. meanwhile</tweet>.',
    ],
)
def test_boilerplate_keeps_article_lines(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "FILE - A missile launcher is displayed during a military parade in Pyongyang, Oct. 10, 2020.",
            True,
        ),
        ("FILE - Volunteers stack sandbags along the riverfront. (AP Photo/Carl Benning, File)", True),
        ("Buses wait outside Ashford Middle School on Monday. (Jim Larkin/The Capital Times)", True),
        ("Train drivers on a picket line last month. Photograph: Sam Hirst/PA", True),
        ("Students walk into Northfield High School on Monday. Ana Ortiz/Northfield Courier", True),
        ("The Corner Store closed in January after 112 years. Noah Whitford/NPR hide caption", True),
        ("Noah Whitford/NPR", True),
        ("Photo: A farmer inspects dry paddocks near Dubbo. (ABC News: Tim Nguyen)", True),
        ("Image caption A protester holds a sign outside parliament", True),
        ("(Getty Images)", True),
        # a credit glued to the caption's end
        ("Protesters outside the court, where the hearing took place Image copyright Tay Radio", True),
        ("Fans queue outside the stadium on Sunday. \u2014 Photo by Omar Khalid", True),
        ("Workers rest in the shade at a building site. Photo: The Harbor Ledger", True),
        ("Union organiser Mele Tupou, left, with pickers at the hostel where they are staying.", True),
        ("We found the photo of the leader (right) was of a man killed in 2013 (left).", False),
        ("1. Donald Trump (Last week: 2.)", False),
        ("He was shot near his car. (WARNING: Video contains graphic images.)", False),
        ("The senators met behind closed doors.", False),
        ('"Get out," she said. (AP Photo/Jane Roe)', False),  # a quote is never a caption
    ],
)
def test_boilerplate_captions(line: str, expected: bool) -> None:
    assert is_caption(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "The Voice of America provides news and information in more than 40 languages to an estimated "
            "weekly audience of more than 236 million people.",
            True,
        ),
        (
            "Reuters, the news and media division of Thomson Reuters, is the world's largest multimedia news "
            "provider, reaching billions of people worldwide every day.",
            True,
        ),
        ("Kara Lindqvist is a reporter for Fox News Digital covering state politics.", True),
        ("Nora Castillo covers education in Northern Virginia.", True),
        ("Contact Emily Vance at 555-0134 or evance@example.com.", True),
        ("We use cookies to give you the best experience on our website and to analyse our traffic.", True),
        ("About us", True),
        # comment policies and bios without an article before the job
        ("Comments are moderated and will be posted if they are on-topic and not abusive.", True),
        (
            "Due to the sensitive and/or legal subject matter of this story, comments have been switched "
            "off.",
            True,
        ),
        ("Comments are filtered for language and registration is required.", True),
        ("The Courier is not responsible for the content of external sites.", True),
        ("Ravi Menon is senior editor of Cargo Weekly, covering air freight.", True),
        ("Tomas Reyes joined the Ledger in 2009 and writes about city hall.", True),
        ("The mayor said comments at the meeting were heated.", False),
        ("The broadcaster said it would appeal the ruling.", False),
        ('"VOA is an independent news service," its director said.', False),
    ],
)
def test_boilerplate_footer_notes(line: str, expected: bool) -> None:
    assert is_footer_note(line) is expected
