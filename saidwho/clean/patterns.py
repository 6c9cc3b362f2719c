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
    r"\bnewsletters?\b.*\b(sign up|subscribe)( here| now| today)?\s*[.!]?$",
    r"^thanks for reading\b.*",
    r"\b(delivered|sent|straight) (right )?to your inbox\b.*",
    r"^(follow|like|find|connect with|stay connected with) us"
    r"( on (twitter|facebook|instagram|linkedin|x|youtube|tiktok)\b.*)?\s*[.!]?$",
    r"^click here\b.*",
    r"^(([\w&.'/-]+ ){1,5}logo|logo)$",  # a logo's alt text: "KWTN News 6 logo"
    r"^(watch|video|listen|audio)\s*:\s.*",  # a video's teaser: "WATCH: Fed's Reyes says ..."
    r"^(read|see|watch|listen)( the)? (more|full story|full article|next|also|video)\b.*",
    r"^(read more|related|more|see also|recommended|trending|most popular|also read|read also)"
    r"( stories| articles| coverage)?\s*[:\u00bb>|-].*",
    r"^(download|get) (our|the)\b.*\bapp\b.*",
    r"^(comments?|leave a (comment|reply)|\d+ comments?|(show|view|read|click to) comments?|"
    r"comments? (are )?(now )?(closed|disabled)|comments? \(\d+\)|post (a )?comment|submit comment)\s*\.?$",
    r"^(like this|like loading\W*|\d+ likes?)\s*:?$",
    r"^(we|this site) uses? cookies\b.*",
    r"\b(accept|manage) (all )?cookies\b",
    r"^(have a (news )?tip|contact us|send us a tip)\b.*",
    r"^(gift|save|reuse) (this )?(article|content|story)$",
    r"^our standards\b.*",
)

# A related-story heading: the short lines under it, to the page's end, are other stories.
RELATED_HEADING = _compile(
    r"^(read more|related( stories| articles| posts| news| content| videos| coverage| topics)?|see also|"
    r"recommended( for you)?|trending( now| stories)?|most (popular|read|viewed|watched)|"
    r"you (may|might) (also )?like|more (from|on) [\w &'\u2019-]+|more on this story|top stories|"
    r"explore more on these topics|more( [\w &'\u2019-]+)? stories( from [\w &'\u2019-]+)?|latest news|"
    r"related internet links|don't miss|also read|read next)\s*[:.]?$",
)

# A comment form's fields, wherever the scrape puts them.
COMMENT_FORM = _compile(
    r"^your email address will not be published\b.*",
    r"^required fields are marked\b.*",
    r"^(name|e-?mail|website)\s*\*$",
    r"^save my name, email\b.*",
)
# The outlet's comment policy, as found below the story (any length up to a blurb's).
COMMENT_POLICY = _compile(
    r"\bcomments?\b[^.]{0,80}\b(are|is|will be|have been|has been|generally)\b[^.]{0,40}"
    r"\b(moderated|filtered|closed|disabled|switched off|turned off|reviewed|posted|not (allowed|permitted|"
    r"available|enabled|accepted))\b",
    r"\b(makes no claims|is not responsible|cannot be held responsible)\b[^.]{0,60}"
    r"\b(accuracy|content|comments?)\b",
)

SHARE = _compile(
    r"^(share|tweet|email|e-mail|print|pin|save|copy link|link copied|reddit|whatsapp|linkedin|facebook|"
    r"twitter|flipboard|pinterest)"
    r"(\s*(this|this article|this story|this page|article|story|link|page|"
    r"(on|via) (facebook|twitter|linkedin|reddit|whatsapp|x|email)))?"
    r"\s*[:!.]?$",
    r"^share (this|on|via|article)\b.*",
    r"^(share|comment|email)( (or|and|&) (share|comment|email))+\b.*",
    r"^((share|tweet|email|print|facebook|twitter|linkedin|reddit|whatsapp|pinterest)\s*[|/\u00b7\u2022,]?\s*){2,}$",
    r"^help keep family & friends informed\b.*",
)

AD = _compile(
    r"^(advertisement|advertising|sponsored( content)?|paid (post|content)|promoted( content)?|"
    r"ad choices|adchoices|video ad feedback|story continues below( advertisement)?|"
    r"continue reading( below)?)\s*[:.]?$",
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
    r"^(reporting|additional reporting|editing|writing|compiled|written|with reporting|"
    r"with additional reporting) by\b.*",
    r"^(photographs?|photos?|illustrations?|videos?|graphics?|animation|design|art) by\b.*",
    r"^(image|photo) (copyright|source)\b.*",
    r"^(getty images|associated press|reuters|afp)$",
    # an agency's tag under the story: "(NNA)"
    r"^\((?-i:[A-Z][\w.&/-]{1,20}(?: [A-Z][\w.&/-]{1,20}){0,2})\)$",
    r"\bcontributed( reporting)? to this (report|story|article)\.?$",
    r"^(some |additional )?(information|reporting|material) (for|in) this (report|story|article) (came|comes)"
    r" from\b.*",
    r"\b(appears|appeared|published) in the\b.*\bprint edition\b.*",
    r"\b(auto-generated|automatically generated) from a syndicated feed\b.*",
)

NAVIGATION = _compile(
    r"^(home|menu|search|skip to (main )?(content|navigation)|back to top|next|previous|next article|"
    r"previous article)$",
    r"^(skip to|jump to)\b.*",
    # breadcrumbs: "Home | World | Politics", "Home > News", "Home / Business" (a URL's "/" is no separator)
    r"^([^\s<>\"]+( [^\s<>\"]+){0,3}(\s*[|\u00bb\u203a>]\s*|\s+/\s+)){2,}[^\s<>\"]+( [^\s<>\"]+){0,3}$",
    r"^(https?://|www\.)\S+$",
    r"^[a-z0-9-]+(\.[a-z0-9-]+)+/\S*$",  # a bare link: "example.com/news/story-123"
    r"^([@#]\w+[\s,]*)+$",
    r"^(tags?|topics?|filed under|categories|posted in)\s*:?\s.*",
    r"^(accessibility (links|help)|keyboard shortcuts\b.*|print options:?|(image|text|font) size:.*)$",
    r"^(image size|text size|font size|download)?\s*:?\s*((small|medium|large|x-large|original)\s*){2,}$",
    r"^(enlarge this image|toggle caption|hide caption|image caption,?|caption|close panel|about sharing|"
    r"open navigation menu|close navigation menu|toggle more options|news navigation)$",
)

# Clock and reading times, durations, relative dates: "3 hours ago", "4 Min Read", "Listen · 3:54".
TIMESTAMP = _compile(
    r"^(updated |posted |published )?(\d+|an?) (minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago$",
    r"^\d+ min(ute)?s?( read| listen)?$",
    r"^((listen|watch|play|duration)\s*[\u00b7\u2022|:-]?\s*)?\d{1,2}:\d\d(:\d\d)?(\s*-\s*source:.*)?$",
)

BOILERPLATE = (
    CALL_TO_ACTION,
    RELATED_HEADING,
    COMMENT_FORM,
    SHARE,
    AD,
    COPYRIGHT,
    CREDIT,
    NAVIGATION,
    TIMESTAMP,
)

# A photo caption or its credit: scrapes keep them as lines among the paragraphs.
CAPTION = _compile(
    r"^(file|file photo)\s*(-|\u2013|\u2014|:)\s",
    r"^\[\d+/\d+\]\s",  # a gallery's "[1/2] ..."
    r"\b(hide caption|purchase licensing rights|opens new tab)\s*$",
    r"\b(photograph|photo|picture|image)s?:\s[^.]{2,80}$",
    # who stands where, early in the line: "Sione Fifita, left, with other workers at ..."
    r"^[^.]{0,60}(?-i:[A-Z])[\w'\u2019-]+,\s(left|right|centre|center|(second|third) from (left|right)|"
    r"far (left|right)),\s",
    # a credit glued to the caption's end: "... took place Image copyright X", "... - Photo by X"
    r"\b(image|photo|picture) (copyright|source|credit)\b[^.]{0,60}$",
    r"\s[-\u2013\u2014]\s*(photos?|pictures?|images?|file photo)( by| courtesy( of)?|:)\s[^.]{2,60}$",
    r"\((?:[^()]*/[^()]*|[^()]*\b(?:photo|photograph|image|getty|credit|pool)\b[^()]*|"
    r"(?-i:[A-Z][\w .'-]{1,40}: [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}))\)\s*$",  # "(ABC News: Tim Nguyen)"
    r"\u00a9\s*[^.\u00a9]{2,60}$",  # "... © Jane Roe, AFP"
    r"^(credit|photo|picture)\s*[:,]\s*\S.*",
    r"^(image caption|image source|photo caption)\b\s*[:,]?\s*\S.*",
)
# A credit alone on its line, or closing a caption: "Noah Whitford/NPR", "Ana Ortiz/The Courier".
PHOTO_CREDIT = re.compile(
    r"(?:^|\s)(?:[A-Z][\w.'\u2019-]*\s){0,3}[A-Z][\w.'\u2019-]*"
    r"/(?:The )?[A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*){0,3}$"
)
# A line of this shape announces that the next line is a caption.
CAPTION_MARKER = re.compile(r"^(image caption|caption|photo caption)\s*[,:]?$", re.IGNORECASE)

# An outlet's "about us" paragraph, at the foot of the page: matched only in the story's tail.
BLURB = _compile(
    r"\bnews and information\b",
    r"\bweekly audience\b",
    r"\bin (more than |over |nearly |some )?\d+ languages\b",
    r"\bnews and media division\b",
    r"\b(multimedia|global|leading|largest) news (provider|organi[sz]ation|agency)\b",
    r"\bis an? (independent|international|nonprofit|non-profit|public|global|leading)\b[^.]{0,60}"
    r"\b(news|media|broadcaster|newsroom|publisher|organi[sz]ation|agency|service)\b",
    r"^about (us|the [\w ]+)\s*[:.]?$",
    r"\breach(es|ing)? (an estimated |more than |over )?[\d.,]+ (million|billion)\b",
    r"\b(has|have) not been edited by\b",
    r"\b(uses?|use of) cookies\b",
    r"\bcookie (policy|settings|preferences|notice)\b",
)
# The writer's own line at the foot: "Jane Doe is a reporter for ...", "Contact Jane Doe at ...".
AUTHOR_NOTE = _compile(
    r"^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} (is|was|has been) [^.\"]{0,60}"
    r"\b(reporter|writer|correspondent|editor|journalist|producer|columnist|critic|contributor|fellow|"
    r"intern|author)\b",
    r"^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} (covers|reports on|writes about)\b",
    r"^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} (joined|has worked (at|for)|has written for|has reported for) "
    r"(the |us\b)",
    r"^about the (author|writer|reporter)\s*:?",
    r"^(contact|reach|email|e-mail) [A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} at\b",
    r"\bstory tips can be sent\b",
)

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
        # outlet names ("Northfield Courier") and page chrome ("Video Ad Feedback", "Watch Live"),
        # which have a name's shape
        "Courier",
        "Gazette",
        "Standard",
        "Ledger",
        "Review",
        "Chronicle",
        "Observer",
        "Guardian",
        "Telegraph",
        "Record",
        "Register",
        "Dispatch",
        "Bulletin",
        "Examiner",
        "Inquirer",
        "Sentinel",
        "Monitor",
        "Radio",
        "TV",
        "Television",
        "Broadcasting",
        "Live",
        "Watch",
        "Listen",
        "Video",
        "Feedback",
        "Share",
        "Article",
        "Comments",
        "Menu",
        "Search",
        "Help",
        "Accessibility",
        "Edition",
        "Home",
        "Sign",
    )
)

# News agencies and wire desks: on a line of its own under the headline ("PTI", "The Associated
# Press", "Reuters Staff"), the byline. A dateline's "(AP) -" is no byline.
AGENCIES = frozenset(
    name.casefold()
    for name in (
        "Reuters",
        "Associated Press",
        "AP",
        "AFP",
        "Agence France-Presse",
        "PTI",
        "Press Trust of India",
        "IANS",
        "ANI",
        "AAP",
        "Australian Associated Press",
        "Canadian Press",
        "PA Media",
        "Bloomberg",
        "UPI",
        "dpa",
        "Xinhua",
        "Kyodo",
        "Yonhap",
        "EFE",
        "ANSA",
        "CNN Wire",
        "VOA News",
    )
)
# What an agency's byline may add to its name: "Reuters Staff", "AFP staff reporters".
AGENCY_STAFF = re.compile(r"\s+(?:staff|staff reporters?|staff writers?|reporters?|wire)$", re.IGNORECASE)

# A dateline: "NDZALENI, 27 April 2017 (LNNA) - ...", "NEW YORK, Jan. 5, 2021 /PRNewswire/ -- ...",
# "WASHINGTON (AP) - ...": the place (perhaps a date), the agency, a dash or colon.
DATELINE = re.compile(
    r"^(?P<head>[A-Z][\w .,'\u2019-]{1,60}?)\s*(?:\([^()\n]{1,40}\)|/[^/\n]{1,40}/)?\s*"
    r"(?:--?|[\u2013\u2014]|:)\s"
)

# A page title's last part is the site's name when it names an outlet ("... - KWTN News 6 Ridgeway,
# Local News, Weather, Sports", "... | CKNO News Ottawa", "... - The Lagos Mirror"): these words,
# a station's call sign, a domain, or the first words of another header line (the site's name, its logo).
TITLE_SUFFIX = re.compile(r"\s+(?:[|\u2013\u2014-]|::)\s+(?P<site>(?:(?!\s(?:[|\u2013\u2014-]|::)\s).)+)$")
OUTLET_WORDS = frozenset(
    w.casefold()
    for w in (
        *("News", "Newsroom", "Radio", "TV", "Television", "Broadcasting", "Broadcaster", "Network", "Media"),
        *("Online", "Times", "Post", "Herald", "Tribune", "Gazette", "Mirror", "Courier", "Chronicle"),
        *("Journal", "Sentinel", "Dispatch", "Observer", "Telegraph", "Express", "Examiner", "Inquirer"),
        *("Bulletin", "Ledger", "Daily", "Weekly", "Magazine", "NewsRadio"),
    )
)
CALL_SIGN = re.compile(r"^[CKW][A-Z]{2,3}(?:-(?:TV|FM|AM))?$")
DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|news|tv|co|info)(?:\.[a-z]{2})?$", re.IGNORECASE)

# Job titles around a byline's names: "By rural reporter Tim Nguyen", "Gwen Latham Transport correspondent".
ROLE = (
    r"(?:reporter|correspondent|editor|writer|columnist|producer|analyst|contributor|journalist|"
    r"critic|photographer)s?"
)
ROLE_BEFORE = re.compile(rf"^(?:[a-z][\w-]*\s+){{0,3}}{ROLE}\s+(?=[A-Z])")
ROLE_AFTER = re.compile(rf"(?:\s+[A-Za-z][\w-]*){{0,3}}\s+{ROLE}$", re.IGNORECASE)

BYLINE = re.compile(r"^(?:written |posted |reported |story |words )?by:?\s+(?P<rest>\S.*)$", re.IGNORECASE)
# "Posted on March 4, 2019 by Greg Talbot": a date line that ends in a byline.
TRAILING_BYLINE = re.compile(r"\s(?P<by>by:?\s+\S.*)$", re.IGNORECASE)

_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
# A year ends at a word boundary, or runs straight into a time as scrapes glue them: "March 4, 20195:01 AM".
_YEAR = r"(?P<year>(?:19|20)\d\d)(?:\b|(?=\d{1,2}:\d\d))"
DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)(?!\d)"),  # also ISO datetimes
    # US order; day first when the first number is no month ("14/02/2023"): metadata._iso
    re.compile(r"\b(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),  # "14.02.2023"
)

# What may surround a date on a date-only line: "Updated 3:04 PM ET, Tue March 1, 2016",
# "June 20, 2024 5:41 AM GMT / Updated 2 hours ago", "Thu 16 Mar 2023 13.45 GMT".
DATE_LINE_FILLER = re.compile(
    r"\b(?:last |first )?(?:updated|published|posted|issued|modified|created|date|on|at)\b:?"
    r"|\b\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?"
    r"|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)"
    r"|\b(?:\d+|an?) (?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago\b"
    r"|\b(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|IST|AEST|AEDT|JST|KST|HKT|SGT|WIB)\b"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|\.)?\b"
    r"|[|,./\u00b7\u2022\-\u2013\u2014()]",
    re.IGNORECASE,
)
# Words that scrapes glue together where the page had a line break: "5:41 AM GMTUpdated".
GLUED = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])")
# Words before a date that make it the date of a revision, not of publication.
REVISED = re.compile(r"\b(?:updated|modified|revised|edited)\b", re.IGNORECASE)
FIRST_PUBLISHED = re.compile(r"\b(?:published|posted|issued|first)\b", re.IGNORECASE)

# Where the names of a byline stop: a separator, a date word, a time.
BYLINE_END = re.compile(
    r"\s+for\s+(?=[A-Z])"  # "By ALICE ROE FOR THE DAILY POST"
    r"|\s*(?:\||\u00b7|\u2022|\u2014|\u2013| - "
    r"|\bupdated\b|\bpublished\b|\bposted\b|\bon\b\s+\w+day\b|\b\d{1,2}:\d\d)",
    re.IGNORECASE,
)
NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
