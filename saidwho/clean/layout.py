"""Plain text → title, byline, body paragraphs and boilerplate lines, offsets kept.

The stages, in order:

1. split the text into lines, each stripped to exact ``[start, end)`` offsets; mark
   captions (known shapes, a caption marker above, or a line repeated);
2. find where the body starts: the first prose line after the last byline or date line
   of the header (searched until the second prose line, so a standfirst or an unknown
   caption may sit above the byline; when none is found there, further down: the first
   block of them right above prose, below a caption and a standfirst or below menus whose
   teasers read as prose);
3. in the header (every line above the body), pick the headline by score, cut the site's
   name off its end, and read the authors and the date; the rest of the header is
   boilerplate;
4. in the body, mark boilerplate lines (``boilerplate.is_boilerplate``, captions), then walk
   up from the end: a related-story heading and the short lines under it, short lines that
   end no sentence, the outlet's blurb, its comment policy and the writer's note are the
   page's footer;
5. with no byline or date in the header: a byline or date line just below the story, else
   the date of the first paragraph's dateline;
6. join body lines into paragraphs: blank-line blocks when the text is hard-wrapped,
   else one paragraph a line.

Every step looks at each line a bounded number of times: the cost is linear in the text.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal, NamedTuple

import msgspec

from saidwho.clean.boilerplate import (
    has_quote,
    is_boilerplate,
    is_caption,
    is_chrome,
    is_footer_note,
    is_label,
)
from saidwho.clean.metadata import (
    Meta,
    agency,
    dateline_date,
    find_date,
    looks_like_title,
    name_line,
    parse_meta,
    same_title,
    strip_site,
)
from saidwho.clean.patterns import CAPTION_MARKER, RELATED_HEADING

Role = Literal["title", "byline", "boilerplate", "body"]

# Bylines and dates are looked for in the first lines only, up to the second prose line.
HEADER_MAX_LINES = 120
# Below that, when nothing was found there: past a caption and a standfirst (this many prose
# lines), or past menus whose teasers read as prose while prose is at most this share of the
# lines above; a story's own paragraphs are nearly all prose (chosen on the tuned3 split; no
# PolNeAR or FNC-1 text gains a header with them).
HEADER_MAX_PROSE = 2
MENU_PROSE_SHARE = 0.25
# The lines of one header block: a byline, then an editor's line, then the date.
META_RUN_GAP = 2
# A byline or date line under the story ("Written By VOA News"), at most this many lines below.
FOOT_META_LINES = 4
# A prose line, as opposed to a label or a headline, has a few words and ends a sentence.
PROSE_MIN_WORDS = 4
# Footer lines that end no sentence are short ("Trending Stories", a related headline);
# a longer unpunctuated last line is a cut-off paragraph and stays in the body.
FOOTER_MAX_WORDS = 20
# A caption is often shown twice ("FILE - A ship ..."): the same line, or the same first
# words as a caption, this many lines away at most.
REPEAT_WINDOW = 3
REPEAT_KEY_WORDS = 8
REPEAT_MIN_WORDS = 6
# Headline score (tuned on the tuned split of tests/data/scrapes): a headline sits just
# above the byline or date (or just below a date; with no byline, just above the body),
# runs longer than a section label, reads as no list of names, and comes before its
# standfirst and the byline.
NEAR_META_AFTER = 6
NEAR_META_BEFORE = 4
NEAR_BODY = 6
LABEL_PENALTY = 3.0
STANDFIRST_PENALTY = 6.0
BELOW_BYLINE_PENALTY = 4.0
NAMES_PENALTY = 6.0
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ":", ")", "]")
# A sentence ends inside a line: "the law. pic.twitter.com/..." (not "1. Markets slide").
_SENTENCE_INSIDE = re.compile(r"[^\W\d]{2}[.!?][\"\u201d\u2019']?\s")
_FOOTER_SENTENCE_END = tuple(end for end in _SENTENCE_END if end != ":")
_SHORT_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "\u2026")
# A paragraph's end: a full stop, perhaps inside a quote ('... he said.', '"We will."').
_STATEMENT_END = re.compile(r"[.,!;:][\"'\u201d\u2019)]*$")
_PROSE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ")", "\u2026")


class Line(NamedTuple):
    """One stripped line: ``text == document[start:end]``; blank lines have ``text == ""``."""

    start: int
    end: int
    text: str


class Layout(msgspec.Struct, frozen=True, kw_only=True):
    """What ``analyse`` found in a plain text."""

    title: str | None = None
    authors: list[str] = msgspec.field(default_factory=list)
    published: str | None = None
    body: list[tuple[int, int]] = msgspec.field(default_factory=list)
    boilerplate: list[tuple[int, int]] = msgspec.field(default_factory=list)


class _Page:
    """The non-blank lines of a text with what each step asks of them, computed once."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.texts = [line.text for line in lines]
        shaped = [is_caption(text) for text in self.texts]
        self.caption = [
            shaped[i]
            or (i > 0 and CAPTION_MARKER.match(self.texts[i - 1]) is not None)
            or self._shown_twice(i, shaped)
            for i in range(len(lines))
        ]
        self.chrome = [is_boilerplate(text) for text in self.texts]

    def _shown_twice(self, i: int, shaped: list[bool]) -> bool:
        """A caption shown twice, a few lines apart: the same line, or the first words of a
        known caption again. Far-apart repeats are left alone: live blogs repeat paragraphs."""
        key = _repeat_key(self.texts[i])
        if not key:
            return False
        near = range(max(0, i - REPEAT_WINDOW), min(len(self.texts), i + REPEAT_WINDOW + 1))
        return any(
            j != i and (self.texts[j] == self.texts[i] or (shaped[j] and _repeat_key(self.texts[j]) == key))
            for j in near
        )

    def prose(self, i: int) -> bool:
        """A line of running text: it ends a sentence or runs on into the next line."""
        text = self.texts[i]
        if self.chrome[i] or self.caption[i]:
            return False
        after = self.lines[i + 1] if i + 1 < len(self.lines) else None
        return (text.endswith(_PROSE_END) and len(text.split()) >= PROSE_MIN_WORDS) or _runs_on(
            self.lines[i], after
        )


def _repeat_key(text: str) -> str:
    words = text.split()
    return " ".join(words[:REPEAT_KEY_WORDS]).casefold() if len(words) >= REPEAT_MIN_WORDS else ""


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with surrounding whitespace (and line breaks) cut off."""
    lines: list[Line] = []
    pos = 0
    for chunk in text.splitlines(keepends=True):
        stripped = chunk.strip()
        start = pos + (len(chunk) - len(chunk.lstrip()) if stripped else 0)
        lines.append(Line(start, start + len(stripped), stripped))
        pos += len(chunk)
    return lines


def analyse(text: str, *, title: str | None = None) -> Layout:
    """Find title, byline, body and boilerplate in ``text``.

    Args:
        title: a known title (from JSONL or HTML metadata); only a line equal to it is
            taken as the title line, and no other line is guessed.
    """
    page = _Page([line for line in split_lines(text) if line.text])
    metas = _metas(page)
    start = _body_start(page, metas)
    header = _Header(page, start, metas, title)
    roles = header.roles + _body_roles(page, start)
    found_title = header.title
    if "body" not in roles:  # never lose a text that is all headline: it is the body
        roles = ["body" if r == "title" else r for r in roles]
        found_title = title
    body = [line for line, role in zip(page.lines, roles, strict=True) if role == "body"]
    foot = _foot_metas(page, roles)
    return Layout(
        title=found_title,
        authors=header.authors or next((m.authors for m in foot if m.authors), []),
        published=header.published or _published(foot) or (dateline_date(body[0].text) if body else None),
        body=_paragraphs(text, body),
        boilerplate=[
            (ln.start, ln.end) for ln, r in zip(page.lines, roles, strict=True) if r == "boilerplate"
        ],
    )


def _metas(page: _Page) -> dict[int, Meta]:
    """Byline and date lines among the first lines, up to the second prose line; if none,
    the first block of them below menus (``_buried_metas``)."""
    metas: dict[int, Meta] = {}
    prose_seen = 0
    for i in range(min(len(page.lines), HEADER_MAX_LINES)):
        meta = parse_meta(page.texts[i])
        if meta is not None:
            metas[i] = meta
        elif page.prose(i):
            prose_seen += 1
            if prose_seen == 2:
                break
    return metas or _buried_metas(page)


def _buried_metas(page: _Page) -> dict[int, Meta]:
    """The first block of byline and date lines (no sentence: "By the end of ..." is none)
    right above prose, below at most ``HEADER_MAX_PROSE`` prose lines or below prose that is
    at most ``MENU_PROSE_SHARE`` of the lines above it."""
    prose_seen = 0
    for i in range(min(len(page.lines), HEADER_MAX_LINES)):
        prose = page.prose(i)
        few_above = prose_seen <= max(HEADER_MAX_PROSE, MENU_PROSE_SHARE * i)
        if few_above and not prose and (meta := parse_meta(page.texts[i])) is not None:
            block = _meta_block(page, i, meta)
            if _story_follows(page, max(block)):
                return block
        prose_seen += prose
    return {}


def _story_follows(page: _Page, last: int) -> bool:
    """A header sits right above its story (a byline under a short story does not)."""
    return any(page.prose(j) for j in range(last + 1, min(len(page.lines), last + 2 + META_RUN_GAP)))


def _meta_block(page: _Page, first: int, meta: Meta) -> dict[int, Meta]:
    """The metadata lines from ``first`` on, up to prose or a gap of ``META_RUN_GAP`` lines."""
    metas, last = {first: meta}, first
    for i in range(first + 1, len(page.lines)):
        if i - last > META_RUN_GAP or page.prose(i):
            break
        found = parse_meta(page.texts[i])
        if found is not None:
            metas[i], last = found, i
    return metas


def _body_start(page: _Page, metas: dict[int, Meta]) -> int:
    """Index of the body's first line: the first prose line below the header's metadata."""
    after = max(metas, default=-1) + 1
    for i in range(after, len(page.lines)):
        if page.prose(i):
            return i
    # No prose at all (a list, a headline alone): the body starts at the first line that is
    # no chrome.
    return next((i for i in range(after, len(page.lines)) if not page.chrome[i]), len(page.lines))


class _Header:
    """Title, authors, date and line roles of the lines above the body."""

    def __init__(self, page: _Page, start: int, metas: dict[int, Meta], title: str | None) -> None:
        self.page, self.start = page, start
        self.metas = {i: m for i, m in metas.items() if i < start}
        title_at = _given_title(page, start, title) if title else self._best_title()
        self.title = title or (
            strip_site(page.texts[title_at], page.texts[:start]) if title_at is not None else None
        )
        byline_at, self.authors = self._authors(title_at)
        self.published = _published(list(self.metas.values()))
        last_meta = max(self.metas, default=-1)
        self.roles: list[Role] = [
            "title"
            if i == title_at
            else "byline"
            if i in self.metas or i == byline_at
            else "body"
            if i > last_meta and self._short_sentence(i)
            else "boilerplate"
            for i in range(start)
        ]

    def _short_sentence(self, i: int) -> bool:
        """A sentence too short to count as prose ('"No."'): below the byline it is body."""
        page = self.page
        return not (page.chrome[i] or page.caption[i]) and page.texts[i].endswith(_SHORT_SENTENCE_END)

    def _best_title(self) -> int | None:
        """The header line that reads most like the headline (see the score's constants)."""
        candidates = [i for i in range(self.start) if self._title_like(i)]
        next_meta, last_meta = _nearest(set(self.metas), self.start)
        byline_at = next((i for i, m in self.metas.items() if m.authors), None)
        scores = {}
        for i in candidates:
            text = self.page.texts[i]
            near = max(
                _closeness(next_meta[i] - i, NEAR_META_AFTER),
                _closeness(i - last_meta[i], NEAR_META_BEFORE),
                _closeness(self.start - i, NEAR_BODY) if byline_at is None else 0.0,
            )
            scores[i] = near + min(len(text.split()), 12) / 3 - LABEL_PENALTY * is_label(text)
            scores[i] -= NAMES_PENALTY * bool(name_line(text))  # a byline without "By"
            if byline_at is not None and i > byline_at:
                scores[i] -= BELOW_BYLINE_PENALTY  # video titles and captions under the byline
            if i - 1 in scores and not is_label(self.page.texts[i - 1]):
                scores[i] -= STANDFIRST_PENALTY  # a standfirst under its headline
        return max(scores, key=lambda i: (scores[i], -i), default=None)

    def _title_like(self, i: int) -> bool:
        page, text = self.page, self.page.texts[i]
        after = page.lines[i + 1] if i + 1 < len(page.lines) else None
        return (
            looks_like_title(text)
            and i not in self.metas
            and not is_chrome(text)
            and not page.caption[i]
            and find_date(text) is None
            and agency(text) is None
            and not _runs_on(page.lines[i], after)
        )

    def _authors(self, title_at: int | None) -> tuple[int | None, list[str]]:
        """The byline line and its authors: a "By" line, a line of names, an agency's name."""
        for meta in self.metas.values():
            if meta.authors:
                return None, meta.authors
        below_title = range(0 if title_at is None else title_at + 1, self.start)
        texts = self.page.texts
        for i in below_title:
            if not is_chrome(texts[i]) and (names := name_line(texts[i])):
                return i, names
        for i in below_title:
            if (name := agency(texts[i])) is not None:
                return i, [name]
        return None, []


def _given_title(page: _Page, start: int, title: str) -> int | None:
    return next((i for i in range(start) if same_title(page.texts[i], title)), None)


def _nearest(marks: set[int], n: int) -> tuple[list[int], list[int]]:
    """For each index below ``n``: the next mark after it and the last mark before it."""
    far = 2 * n + 2
    next_mark, last_mark = [far] * n, [-far] * n
    upcoming, previous = far, -far
    for i in reversed(range(n)):
        next_mark[i] = upcoming
        upcoming = i if i in marks else upcoming
    for i in range(n):
        last_mark[i] = previous
        previous = i if i in marks else previous
    return next_mark, last_mark


def _closeness(distance: int, reach: int) -> float:
    return 2.0 * max(0, reach - distance) if distance > 0 else 0.0


def _published(metas: list[Meta]) -> str | None:
    """The first date of publication in the header, else its first date of revision."""
    dates = [m for m in metas if m.date]
    first = next((m for m in dates if not m.revised), dates[0] if dates else None)
    return first.date if first else None


def _foot_metas(page: _Page, roles: list[Role]) -> list[Meta]:
    """Byline and date lines among the first ``FOOT_META_LINES`` lines under the story."""
    last_body = max((i for i, role in enumerate(roles) if role == "body"), default=len(roles))
    below = range(last_body + 1, min(len(roles), last_body + 1 + FOOT_META_LINES))
    return [m for i in below if (m := parse_meta(page.texts[i])) is not None]


def _body_roles(page: _Page, start: int) -> list[Role]:
    """Roles of the lines from the body's first line on: chrome, captions, then the footer."""
    roles: list[Role] = [
        "boilerplate" if page.chrome[i] or page.caption[i] else "body" for i in range(start, len(page.lines))
    ]
    end = _related_list(page, start)
    roles[end - start :] = ["boilerplate"] * (len(page.lines) - end)
    for j in range(end - 1, start, -1):
        text = page.texts[j]
        if roles[j - start] == "body" and not (_headline_shaped(text) or is_footer_note(text)):
            break
        roles[j - start] = "boilerplate"
    return roles


def _related_list(page: _Page, start: int) -> int:
    """Where the page's related-story lists begin: the topmost related heading ("Most Read",
    "More on this story") under which, to the end, every line is chrome or short and ends no
    sentence with a full stop (other stories' headlines may quote or ask); else the end."""
    end = len(page.lines)
    for j in range(len(page.lines) - 1, start, -1):
        text = page.texts[j]
        if RELATED_HEADING.match(text):
            end = j
        elif not (page.chrome[j] or page.caption[j] or _listed_headline(text) or is_footer_note(text)):
            break
    return end


def _listed_headline(text: str) -> bool:
    """A short line that ends no sentence, though it may quote or ask: another story's headline."""
    return (
        len(text.split()) <= FOOTER_MAX_WORDS
        and _STATEMENT_END.search(text) is None
        and _SENTENCE_INSIDE.search(text) is None
    )


def _headline_shaped(text: str) -> bool:
    """Short, and no sentence in it: a related story's headline, a topic, a label."""
    return (
        len(text.split()) <= FOOTER_MAX_WORDS
        and not text.endswith(_FOOTER_SENTENCE_END)  # "Share this:" ends no sentence
        and _SENTENCE_INSIDE.search(text) is None
        and not has_quote(text)
    )


def _runs_on(line: Line, after: Line | None) -> bool:
    """True when the next line continues this one's sentence (hard-wrapped prose)."""
    return after is not None and after.text[0].islower() and not line.text.endswith(_SENTENCE_END)


def _paragraphs(text: str, body: list[Line]) -> list[tuple[int, int]]:
    """Join body lines into paragraph ranges."""
    if not body:
        return []
    ranges = [(body[0].start, body[0].end)]
    wrapped = _hard_wrapped(text, body)
    for prev, line in _pairs(body):
        if wrapped and _continues(text, prev, line):
            ranges[-1] = (ranges[-1][0], line.end)
        else:
            ranges.append((line.start, line.end))
    return ranges


def _hard_wrapped(text: str, body: list[Line]) -> bool:
    """True when most lines that follow one another without a blank line end mid-sentence."""
    adjacent = [prev for prev, line in _pairs(body) if _continues(text, prev, line)]
    open_ended = sum(not prev.text.endswith(_SENTENCE_END) for prev in adjacent)
    return open_ended > 0 and 2 * open_ended >= len(adjacent)


def _pairs(body: list[Line]) -> list[tuple[Line, Line]]:
    return list(itertools.pairwise(body))


def _continues(text: str, prev: Line, line: Line) -> bool:
    """True when ``line`` follows ``prev`` on the very next line (no blank line between)."""
    gap = text[prev.end : line.start]
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n") <= 1
