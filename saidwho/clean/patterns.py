"""Patterns and lexicons the cleaners match, kept apart from the logic that uses them.

Each boilerplate pattern is matched against a whole stripped line of at most
``MAX_BOILERPLATE_WORDS`` words, so a real paragraph that merely mentions "subscribe" or
"Twitter" is never dropped. Add a pattern here, with a test row, when a new site's chrome
slips into bodies.
"""

from __future__ import annotations

import re


def _compile(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Lines longer than this are prose even when they contain a boilerplate phrase.
MAX_BOILERPLATE_WORDS = 20

CALL_TO_ACTION = _compile(
    r"^(join|sign up for|subscribe to|get) (our|the) (mailing list|newsletters?|daily \w+|briefing)\b.*",
    r"^(subscribe|sign up|register|log ?in|sign in)( now| today| here)?\s*[.!]?$",
    r"^(subscribe|sign up|register)\b.*\b(newsletters?|updates|alerts|mailing list)\b.*",
    r"^(follow|like|find) us on (twitter|facebook|instagram|linkedin|x|youtube|tiktok)\b.*",
    r"^click here\b.*",
    r"^(read|see|watch|listen)( the)? (more|full story|full article|next|also|video)\b.*",
    r"^(read more|related|more|see also|recommended|trending|most popular|also read)"
    r"( stories| articles| coverage)?\s*[:\u00bb>|-].*",
    r"^(read more|related stories|related articles|related coverage|see also|recommended|trending now|"
    r"most popular|you may also like|more from \w+|more on this story|top stories)\s*[:.]?$",
    r"^(download|get) (our|the) app\b.*",
    r"^(comments?|leave a comment|\d+ comments?|show comments|view comments)$",
    r"^(we|this site) uses? cookies\b.*",
    r"^(have a (news )?tip|contact us|send us a tip)\b.*",
)

SHARE = _compile(
    r"^(share|tweet|email|e-mail|print|pin|save|copy link|reddit|whatsapp|linkedin|facebook|twitter)"
    r"(\s*(this|this article|this story|article|story|link|"
    r"on (facebook|twitter|linkedin|reddit|whatsapp|x)))?"
    r"\s*[:!.]?$",
    r"^share (this|on|via)\b.*",
    r"^((share|tweet|email|print|facebook|twitter|linkedin|reddit|whatsapp|pinterest)\s*[|/·•,]?\s*){2,}$",
)

AD = _compile(
    r"^(advertisement|advertising|sponsored( content)?|paid (post|content)|promoted( content)?|"
    r"ad choices|adchoices|story continues below( advertisement)?|continue reading( below)?)\s*[:.]?$",
    r"^(win|enter to win|save|shop|buy|claim|discover|get|try)\b[^\"“”]{0,80}!$",
    r"\b(adventure of a lifetime|limited time offer|free trial|order now|shop now|buy now)\b",
)

COPYRIGHT = _compile(
    r"^(©|\(c\)|copyright\b).*",
    r".*\ball rights reserved\b.*",
    r"^this (material|article) may not be (published|broadcast|rewritten|redistributed)\b.*",
)

CREDIT = _compile(
    r"^(photo|image|picture|video|graphic)s?( credit)?\s*:.*",
    r".*\((ap|afp|reuters|getty images|ap photo|photo)[^)]*\)$",
    r"^(reporting|additional reporting|editing|writing) by\b.*",
    r"^(image|photo) (copyright|source)\b.*",
    r"^(getty images|associated press|reuters|afp)$",
)

NAVIGATION = _compile(
    r"^(home|menu|search|skip to (main )?content|back to top|next|previous|next article|previous article)$",
    r"^(\S+( \S+){0,3}\s*[|\u00bb\u203a>]\s*){2,}\S+( \S+){0,3}$",  # "Home | World | Politics", breadcrumbs
    r"^(https?://|www\.)\S+$",
    r"^([@#]\w+[\s,]*)+$",
    r"^(tags?|topics?|filed under|categories)\s*:.*",
)

BOILERPLATE = (CALL_TO_ACTION, SHARE, AD, COPYRIGHT, CREDIT, NAVIGATION)

# Section and category labels that scrapes keep above or below the story, matched casefolded.
SECTION_LABELS = frozenset(
    s.casefold()
    for s in (
        "News",
        "World",
        "World News",
        "U.S.",
        "US",
        "U.S. News",
        "Politics",
        "Election",
        "Elections",
        "Business",
        "Markets",
        "Economy",
        "Money",
        "Tech",
        "Technology",
        "Science",
        "Health",
        "Opinion",
        "Editorial",
        "Analysis",
        "Sports",
        "Entertainment",
        "Culture",
        "Arts",
        "Style",
        "Travel",
        "Food",
        "Lifestyle",
        "Weather",
        "Video",
        "Videos",
        "Photos",
        "Local",
        "National",
        "International",
        "Middle East",
        "Europe",
        "Asia",
        "Africa",
        "Americas",
        "Breaking News",
        "Top Stories",
        "Latest",
        "Latest News",
        "National Security",
        "Immigration",
        "Justice",
        "Congress",
        "White House",
        "Supreme Court",
        "Campaign",
        "Trending",
        "Live",
        "Exclusive",
        "Investigations",
        "Fact Check",
        "Climate",
        "Environment",
        "Education",
        "Crime",
        "Military",
        "Defense",
        "Foreign Policy",
        "Terrorism",
        "Homeland Security",
    )
)

# Words that are never part of a title-case label's "content" when counting capitals.
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "via",
        "with",
        "&",
    ]
)

# A byline piece containing one of these is an outlet or a job title, not a person.
NOT_A_PERSON = frozenset(
    w.casefold()
    for w in (
        "Press",
        "News",
        "Newsroom",
        "Times",
        "Post",
        "Journal",
        "Herald",
        "Tribune",
        "Reuters",
        "Service",
        "Services",
        "Agency",
        "Staff",
        "Writer",
        "Writers",
        "Reporter",
        "Reporters",
        "Correspondent",
        "Editor",
        "Editors",
        "Contributor",
        "Columnist",
        "Bureau",
        "Desk",
        "Wire",
        "Media",
        "Network",
        "Online",
        "Magazine",
        "Daily",
        "Team",
        "Senior",
        "Chief",
        "Political",
        "Associated",
        "Updated",
        "Published",
        "Posted",
    )
)

BYLINE = re.compile(r"^(?:written |posted |reported |story )?by\s+(?P<rest>\S.*)$", re.IGNORECASE)

_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)(?!\d)"),  # also ISO datetimes
    re.compile(r"\b(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)\b"),  # US order
)

# What may surround a date on a date-only line: "Updated 3:04 PM ET, Tue March 1, 2016".
DATE_LINE_FILLER = re.compile(
    r"\b(?:last |first )?(?:updated|published|posted|modified|created|date|on|at)\b:?"
    r"|\b\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|IST|AEST|AEDT)\b"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|\.)?\b"
    r"|[|,.\u00b7\u2022\-\u2013\u2014()]",
    re.IGNORECASE,
)

# Where the names of a byline stop: a separator, a date word, a time.
BYLINE_END = re.compile(
    r"\s*(?:\||\u00b7|\u2022|\u2014|\u2013| - "
    r"|\bupdated\b|\bpublished\b|\bposted\b|\bon\b\s+\w+day\b|\b\d{1,2}:\d\d)",
    re.IGNORECASE,
)
NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
