"""Title, byline and date: recognise header lines and read authors and dates out of them.

``Article.authors`` holds the people a byline names ("By Jane Doe, CNN" -> ``["Jane Doe"]``).
When a byline names no person, only an agency or an outlet ("By Reuters", "By The Associated
Press", "Written By VOA News", a "PTI" or "Reuters Staff" line under the headline), it holds
that name as the page prints it ("The Associated Press", "Reuters Staff"). A wire dateline
("SANTIAGO (Reuters) -", "WASHINGTON (AP) -") says where the story was filed, not who wrote
it: with no byline, there is no author. Job titles ("Staff Writer", "rural reporter") are never
authors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from saidwho.clean.patterns import (
    AGENCIES,
    AGENCY_STAFF,
    BYLINE,
    BYLINE_END,
    CALL_SIGN,
    DATE_LINE_FILLER,
    DATE_PATTERNS,
    DATELINE,
    DOMAIN,
    FIRST_PUBLISHED,
    GLUED,
    NAME_SEPARATORS,
    NOT_A_PERSON,
    OUTLET_WORDS,
    REVISED,
    ROLE_BEFORE,
    SMALL_WORDS,
    TITLE_SUFFIX,
    TRAILING_BYLINE,
)

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
# Titles are headline-length; longer unpunctuated lines are more likely a run-on paragraph.
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 30
NAME_PARTICLES = frozenset(
    ["de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al", "ibn"]
)
# A line of names without "By" ("Noah Whitford") has at most this many capitalised words a name.
BARE_NAME_MAX_WORDS = 3
# An outlet named by a byline is a few capitalised words ("VOA News", "RFE/RL", "CNN Wire").
OUTLET_MAX_WORDS = 5
_ROLE_WORDS = frozenset(
    [
        *("reporter", "correspondent", "editor", "writer", "columnist", "producer"),
        *("analyst", "contributor", "journalist", "critic", "photographer"),
    ]
)
# What a byline without a name is made of: "Staff Reporter", "Our Special Correspondent", "Web Desk".
_JOB_WORDS = _ROLE_WORDS | frozenset(
    ["staff", "our", "special", "senior", "chief", "desk", "web", "online", "digital", "news", "team"]
)
_NOT_OUTLETS = frozenset(
    [*("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), "today", "yesterday"]
)


class Meta(NamedTuple):
    """What one header line says: authors, the date, and whether that date is a revision's."""

    authors: list[str]
    date: str | None
    revised: bool = False


def find_date(line: str) -> tuple[str, re.Match[str]] | None:
    """The first date in ``line`` as ``YYYY-MM-DD``, with its match."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(line):
            iso = _iso(match)
            if iso is not None:
                return iso, match
    return None


def _iso(match: re.Match[str]) -> str | None:
    fields = match.groupdict()
    month = int(fields["mon"]) if fields.get("mon") else MONTHS[fields["month"][:3].lower()]
    day = int(fields["day"])
    if month > 12 >= day:  # "14/02/2023": written day first
        month, day = day, month
    try:
        return dt.date(int(fields["year"]), month, day).isoformat()
    except ValueError:
        return None


def normalize_date(value: str | None) -> str | None:
    """``value`` as ``YYYY-MM-DD`` ("2016-03-01T10:00Z", "March 1, 2016"), or ``None``."""
    if not value:
        return None
    found = find_date(value)
    return found[0] if found else None


def is_date_line(line: str) -> bool:
    """True for a line holding only a date and its dressing ("Updated 3:04 PM ET, Tue March 1, 2016")."""
    return _date_line(line) is not None


def _date_line(line: str) -> Meta | None:
    found = find_date(line)
    if found is None:
        return None
    date, match = found
    rest = GLUED.sub(" ", line[: match.start()] + " " + line[match.end() :])
    for pattern in DATE_PATTERNS:  # "Published Nov. 9, 2021 | Updated Nov. 10, 2021": both dates
        rest = pattern.sub(" ", rest)
    if DATE_LINE_FILLER.sub(" ", rest).strip():
        return None
    before = line[: match.start()]
    return Meta([], date, REVISED.search(before) is not None and FIRST_PUBLISHED.search(before) is None)


def parse_meta(line: str) -> Meta | None:
    """Authors and date of a byline, a date line or both ("Posted on May 4, 2019 by Ann Lee")."""
    byline = parse_byline(line)
    if byline is not None:
        return Meta(*byline)
    dated = _date_line(line)
    if dated is not None:
        return dated
    trailing = TRAILING_BYLINE.search(line)
    if trailing is None:
        return None
    dated, byline = _date_line(line[: trailing.start()]), parse_byline(trailing.group("by"))
    if dated is None or byline is None:
        return None
    return Meta(byline[0], dated.date, dated.revised)


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """Authors and date of a "By ..." line, or ``None`` if ``line`` is not a byline."""
    match = BYLINE.match(line)
    if match is None:
        return None
    rest = match.group("rest")
    found = find_date(rest)
    names = rest[: found[1].start()] if found else rest
    end = BYLINE_END.search(names)
    names = names[: end.start()] if end else names
    authors = split_authors(names) or _outlet(names)
    if not authors and not _job_only(names):
        return None
    return authors, found[0] if found else None


def _job_only(names: str) -> bool:
    """A byline naming only a job or a desk: "By Staff Reporter", "By Our Correspondent"."""
    words = names.strip(" .,;:").casefold().split()
    return bool(words) and all(w in _JOB_WORDS or w.removesuffix("s") in _JOB_WORDS for w in words)


def _outlet(names: str) -> list[str]:
    """``["VOA News"]`` for a byline naming only an outlet or agency, as printed."""
    name = names.strip(" .,;:")
    tokens = name.split()
    if not 1 <= len(tokens) <= OUTLET_MAX_WORDS or tokens[0].casefold() in _NOT_OUTLETS or _job_only(name):
        return []
    if not all(t[0].isupper() or t[0].isdigit() or t in ("&", "of", "/") for t in tokens):
        return []
    return [name]


def agency(line: str) -> str | None:
    """The agency a line names alone, as printed ("PTI", "AFP" for "By AFP", "The Associated
    Press", "Reuters Staff"), else ``None``."""
    name = line.strip(" .").removeprefix("By ").removeprefix("by ").strip()
    core = AGENCY_STAFF.sub("", name)
    if core[:4].casefold() == "the ":
        core = core[4:]
    return name if core.casefold() in AGENCIES else None


def dateline_date(paragraph: str) -> str | None:
    """The date of a dateline, as ``YYYY-MM-DD``: "NDZALENI, 27 April 2017 (LNNA) - ..."."""
    match = DATELINE.match(paragraph)
    found = find_date(match.group("head")) if match else None
    return found[0] if found else None


def strip_site(title: str, header: list[str]) -> str:
    """``title`` without the site's name after its last separator ("Storm hits - KWTN News 6",
    "Storm hits | The Lagos Mirror"); ``header``: the lines above the body, where the site's
    name or logo line may be found."""
    match = TITLE_SUFFIX.search(title)
    if match is None or len(title[: match.start()].split()) < TITLE_MIN_WORDS:
        return title
    site = match.group("site")
    words = site.replace(",", " ").split()
    if DOMAIN.match(site) is not None:
        return title[: match.start()]
    if not all(w[0].isupper() or w[0].isdigit() or w.casefold() in SMALL_WORDS for w in words):
        return title
    named = (
        any(w.casefold() in OUTLET_WORDS for w in words)
        or CALL_SIGN.match(words[0]) is not None
        or _opens_a_line(" ".join(words[:2]), header, title)
    )
    return title[: match.start()] if named else title


def _opens_a_line(words: str, header: list[str], title: str) -> bool:
    key = words.casefold()
    return any(line != title and line.casefold().startswith(key) for line in header)


def split_authors(names: str | None) -> list[str]:
    """Person names from "A, B and C" or "A; B", dropping outlets and job titles."""
    if not names:
        return []
    pieces = (_strip_role(p.strip(" .,")) for p in NAME_SEPARATORS.split(names))
    return [_tidy_name(p) for p in pieces if _looks_like_person(p) and not _job_only(p)]


def name_line(line: str) -> list[str]:
    """The names of a line that holds nothing but names ("Kwame Mensah, Laura Whitcombe"),
    perhaps followed by the outlet ("Jane Doe | Reuters", "Jane Doe, CNN")."""
    end = BYLINE_END.search(line)
    if end is not None and _outlet(line[end.end() :]):
        line = line[: end.start()]
    if line.endswith((".", "!", "?", ":", ";")) or any(c.isdigit() for c in line):
        return []
    pieces = [_strip_role(p.strip(" ,")) for p in NAME_SEPARATORS.split(line) if p.strip(" ,")]
    names = [p for p in pieces if _looks_like_person(p) and _short_name(p)]
    if not names or any(not (_outlet(p) or _job_only(p)) for p in pieces[len(names) :]):
        return []  # every piece a name, and only an outlet or a job after the names
    return [_tidy_name(p) for p in names] if pieces[: len(names)] == names else []


def _short_name(piece: str) -> bool:
    """Two or three names and any particles: a headline in title case is rarely that short."""
    return sum(t not in NAME_PARTICLES for t in piece.split()) <= BARE_NAME_MAX_WORDS


def _strip_role(piece: str) -> str:
    """Cut a job title off a name: "rural reporter Tim Nguyen", "Gwen Latham Transport correspondent"."""
    piece = ROLE_BEFORE.sub("", piece)
    tokens = piece.split()
    if len(tokens) < 3 or tokens[-1].casefold().rstrip("s") not in _ROLE_WORDS:
        return piece
    role_lowercase = tokens.pop().islower()
    if role_lowercase and len(tokens) > 2:
        tokens.pop()  # the beat before a lowercase role: "Transport correspondent"
    while len(tokens) > 2 and tokens[-1].casefold() in NOT_A_PERSON:
        tokens.pop()  # "Senior", "Political"
    return " ".join(tokens)


def _looks_like_person(piece: str) -> bool:
    tokens = piece.split()
    if not 2 <= len(tokens) <= 5 or tokens[0].casefold() in ("the", "a", "an"):
        return False
    if any(t.casefold().strip(".,") in NOT_A_PERSON for t in tokens):
        return False
    return all(t[0].isupper() or t in NAME_PARTICLES for t in tokens) and tokens[0][0].isupper()


def _tidy_name(name: str) -> str:
    return name.title() if name.isupper() else name


def looks_like_title(line: str) -> bool:
    """A headline: a few words, not a byline, not ending like a sentence."""
    words = line.split()
    return (
        TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS
        and not line.endswith((".", ",", ";", ":"))
        and BYLINE.match(line) is None
    )


def same_title(line: str, title: str) -> bool:
    """True when ``line`` is ``title`` up to case and spacing."""
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()
