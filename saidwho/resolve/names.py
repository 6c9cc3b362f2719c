"""Personal names: find every mention of a person's name and cluster the variants.

"Barack Obama", "President Obama" and "Obama" are one person: titles are stripped, a
shorter name joins a longer one with the same surname and a matching (or missing) first
name. When a bare surname fits several people ("Clinton" after "Hillary Clinton" and "Bill
Clinton"), an honorific decides if it can ("Mrs. Clinton"), else the one mentioned most
often so far (news copy introduces a relative once and goes on calling the principal by
the surname), then the most recent.

A name stops at the name (:func:`trim_name`): never across a clause break, a spaced dash,
a bracket, a quote mark, a possessive or a line ("STOCKHOLM (Reuters) - Norrland ...",
"Donald Trump ''doesn't"), never into a capitalised headline verb ("Obama Says"), and
without a leading outlet ("Washington Post Trump"), epithet ("Crooked Hillary Clinton"),
gerund ("Injecting Clinton") or function word. A name glued to a word by a hyphen
("pro-Clinton") is no name. On a title-case line (a headline) the parse is not trusted: a
name there is cut to the longest run of its words that the body names too.
"""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Callable, Iterable

import msgspec
from spacy.tokens import Doc, Span, Token

from saidwho.nlp.index import doc_text
from saidwho.resolve.lexicon import Lexicon
from saidwho.resolve.phrases import CLAUSE_BREAK, is_paper_name, is_title, misparsed_given_name, name_bounds


class NameMention(msgspec.Struct, frozen=True, kw_only=True):
    """One occurrence of a personal name; ``first``/``head`` are token indices."""

    start: int
    end: int
    text: str
    first: int
    head: int
    parts: tuple[str, ...]
    gender: str | None = None


GenderHint = Callable[[NameMention], "str | None"]
# Surname-only mentions after which a new full name is someone else (see _settled_surname).
SETTLED = 3

# Tokens inside a name's range that end it (a plain "-" does only with a space beside it).
NAME_BREAKS = CLAUSE_BREAK | {"(", ")", "[", "]", "/", "|", "''", "``", '"', "'"}
DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
# Parts of speech that never start a name ("Neither Cruz", "Ever", "So Trump").
NOT_NAME_POS = frozenset({"ADV", "CCONJ", "SCONJ", "DET", "ADP", "PRON", "PART", "AUX", "INTJ", "NUM"})
# Lowercase words that belong inside names ("Bill de Blasio", "Ursula von der Leyen").
PARTICLES = frozenset(
    {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "la", "le", "bin", "al", "el"}
)
# Words of a title-case line that title case leaves lowercase.
MINOR_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at",
    "to", "for", "by", "with", "from", "as", "vs", "via", "into", "over", "is",
})  # fmt: skip
_WORDS = re.compile(r"[^\W\d_][\w'\u2019.-]*")


class NameCluster(msgspec.Struct, kw_only=True):
    """The mentions of one person, and the fullest name among them."""

    canonical: NameMention
    mentions: list[NameMention]
    gender: str | None = None


def surnames(doc: Doc) -> frozenset[str]:
    """Lowercase last words of the article's PERSON entities."""
    return frozenset(
        doc[_last_name_token(doc, ent.start, ent.end)].lower_ for ent in doc.ents if ent.label_ == "PERSON"
    )


def name_mentions(
    doc: Doc, lexicon: Lexicon, extra_heads: Iterable[int] = (), known: frozenset[str] = frozenset()
) -> list[NameMention]:
    """Every PERSON entity, plus names ending at ``extra_heads`` that NER missed, by start.

    A one-word entity of another label that is a ``known`` surname counts too: the small
    model often tags a lone "Peritz" as ORG after tagging "Aki Peritz" as PERSON.
    """
    heads = {
        _last_name_token(doc, ent.start, ent.end)
        for ent in doc.ents
        if ent.label_ == "PERSON" or (len(ent) == 1 and ent[0].lower_ in known)
    }
    heads.update(extra_heads)
    found = [m for m in (name_mention(doc[i], lexicon) for i in sorted(heads)) if m is not None]
    titled = _TitleLines(doc_text(doc))
    body = {m.parts for m in found if not titled(m.start)}
    out = (_headline_name(doc, m, body, lexicon) if titled(m.start) else m for m in found)
    return [m for m in out if m is not None]


def _last_name_token(doc: Doc, start: int, end: int) -> int:
    while end - 1 > start and not doc[end - 1].text[:1].isalpha():
        end -= 1
    return end - 1


def name_mention(head: Token, lexicon: Lexicon) -> NameMention | None:
    """The name ending at ``head``, titles and suffixes aside; None when only titles remain,
    or for a paper's name ("the Gazette")."""
    if is_paper_name(head, lexicon):
        return None
    bounds = trim_name(head, *name_bounds(head, lexicon), lexicon)
    return None if bounds is None else _mention(head.doc, *bounds, head.i, lexicon)


def _mention(doc: Doc, first: int, end: int, head: int, lexicon: Lexicon) -> NameMention | None:
    parts = tuple(
        t.lower_.rstrip(".")
        for t in doc[first:end]
        if t.lower_ not in lexicon.suffixes and t.text[:1].isalpha()
    )
    if not parts:
        return None
    gender = None
    if first > 0:
        gender = lexicon.honorifics.get(doc[first - 1].lower_)
    span = doc[first:end]
    return NameMention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        first=first,
        head=head,
        parts=parts,
        gender=gender if gender in {"m", "f"} else None,
    )


def trim_name(head: Token, first: int, end: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The name in tokens ``first:end`` around ``head``, stray words cut (module docstring);
    None when no name is left or the name is glued to a word by a hyphen ("pro-Clinton")."""
    doc = head.doc
    for i in range(first, end):
        if _breaks(doc, i, end):
            if i < head.i:
                first = i + 1
            else:
                end = i
                break
    first = _after_outlet(doc, first, end, lexicon)
    while first < end - 1 and (_not_a_start(doc[first], lexicon) or is_title(doc[first], lexicon)):
        first += 1
    for i in range(first + 1, end):
        if doc[i].text[:1].isupper() and doc[i].lower_ in lexicon.headline_verbs:
            end = i
            break
    while end > first and not doc[end - 1].text[:1].isalpha():
        end -= 1
    if end <= first or _not_a_start(doc[first], lexicon) or _hyphenated(doc, first):
        return None
    return first, end


def skip_dateline(tokens: Span) -> Span:
    """``tokens`` without a dateline they start with ("STOCKHOLM (Reuters) -", "KANO,
    NIGERIA \u2014", "WASHINGTON --"): capitals at a line's start, an optional bracketed
    outlet, then a dash. A dateline names a place, never who speaks."""
    doc = tokens.doc
    i, at = tokens.start, tokens.start_char
    if i > 0 and "\n" not in doc[i - 1].text and not (at > 0 and doc_text(doc)[at - 1] == "\n"):
        return tokens
    while i < tokens.end and (doc[i].text == "," or (doc[i].is_upper and doc[i].text[:1].isalpha())):
        i += 1
    if i < tokens.end and doc[i].text == "(":
        close = next((j for j in range(i, min(i + 6, tokens.end)) if doc[j].text == ")"), None)
        i = close + 1 if close is not None else i
    if i == tokens.start or i + 1 >= tokens.end or doc[i].text not in DASHES:
        return tokens
    return doc[i + 1 : tokens.end]


def _breaks(doc: Doc, i: int, end: int) -> bool:
    token = doc[i]
    if token.is_space or token.text in NAME_BREAKS:
        return True
    if token.text in {"-", "--"}:
        return bool(token.whitespace_) or (i > 0 and bool(doc[i - 1].whitespace_))
    return token.text in POSSESSIVES and i + 1 < end  # "Commentary's Noah Rothman"


def _after_outlet(doc: Doc, first: int, end: int, lexicon: Lexicon) -> int:
    """Past a leading outlet or organization's name ("Washington Post Trump" -> "Trump")."""
    for k in range(end - 1, first, -1):
        words = doc[first:k].text
        if words in lexicon.outlets or words in lexicon.organizations:
            return k
    return first


def _not_a_start(token: Token, lexicon: Lexicon) -> bool:
    if token.is_lower and token.lower_ not in PARTICLES:
        return True
    return (
        not token.text[:1].isalpha()
        or token.lower_.rstrip("'") in lexicon.epithets
        or token.lower_ in lexicon.epithets
        or token.tag_ == "VBG"  # a headline's gerund: "Injecting Clinton"
        or (token.pos_ in NOT_NAME_POS and not misparsed_given_name(token))
    )


def _hyphenated(doc: Doc, first: int) -> bool:
    """Whether the token at ``first`` ends a hyphenated word ("pro-Clinton", "anti-Trump")."""
    if first < 2 or doc[first - 1].text != "-":
        return False
    return not doc[first - 1].whitespace_ and not doc[first - 2].whitespace_


class _TitleLines:
    """Whether a character offset lies on a title-case line: three or more words, every one
    capitalised but title case's minor words ("Obama Says African-American Museum Will Tell
    of 'Suffering and Delight'"). Lines are judged once each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[int, bool] = {}

    def __call__(self, offset: int) -> bool:
        start = self.text.rfind("\n", 0, offset) + 1
        if start not in self.seen:
            end = self.text.find("\n", offset)
            line = self.text[start : end if end >= 0 else len(self.text)]
            words = [w for w in _WORDS.findall(line) if w.lower() not in MINOR_WORDS]
            self.seen[start] = 3 <= len(words) <= 25 and all(w[:1].isupper() for w in words)
        return self.seen[start]


def _headline_name(
    doc: Doc, mention: NameMention, body: set[tuple[str, ...]], lexicon: Lexicon
) -> NameMention | None:
    """A name on a title-case line, cut to its longest run of words that can name someone
    the body names ("Clinton" in "Clinton Wades In" over a body's "Hillary Clinton"); kept as
    it is when the body names none of them."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return mention
    first, last = span.start, span.end
    runs = sorted(
        ((a, b) for a in range(first, last) for b in range(last, a, -1)),
        key=lambda r: (r[0] - r[1], r[0]),
    )
    for a, b in runs:
        found = _mention(doc, a, b, mention.head, lexicon)
        if found is not None and any(
            same_person(p, found.parts) or same_person(found.parts, p) for p in body
        ):
            return found
    return mention


def same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` can name the person called ``full`` (same surname, first compatible)."""
    if short == full:
        return True
    if len(short) > len(full) or short[-1] != full[-1]:
        return False
    if len(short) == 1:
        return True
    a, b = short[0], full[0]
    return a == b or (len(a) == 1 and b.startswith(a))


def cluster_names(
    mentions: list[NameMention], hint: GenderHint | None = None
) -> tuple[list[NameCluster], list[int]]:
    """Group ``mentions`` (in text order) into people; returns clusters and each one's index.

    ``hint`` guesses a cluster's gender from context when an honorific ("Mrs. Clinton") must
    choose between people sharing a surname.
    """
    clusters: list[NameCluster] = []
    last_seen: list[int] = []
    owner: list[int] = []
    index_of = _ByName()
    for mention in mentions:
        index = _match(mention, clusters, last_seen, hint, index_of)
        if index is None:
            index = len(clusters)
            clusters.append(NameCluster(canonical=mention, mentions=[], gender=mention.gender))
            last_seen.append(mention.start)
            index_of.add(index, mention.parts)
        cluster = clusters[index]
        cluster.mentions.append(mention)
        if len(mention.parts) > len(cluster.canonical.parts):
            index_of.move(index, cluster.canonical.parts, mention.parts)
            cluster.canonical = mention
        cluster.gender = cluster.gender or mention.gender
        last_seen[index] = mention.start
        owner.append(index)
    return clusters, owner


class _ByName:
    """Clusters by the first and the last word of their canonical name: a mention can only
    join a cluster sharing one of them, and comparing it with every cluster cost quadratic
    time on a long text naming many people."""

    def __init__(self) -> None:
        self.last: dict[str, list[int]] = {}
        self.first: dict[str, list[int]] = {}

    def add(self, index: int, parts: tuple[str, ...]) -> None:
        insort(self.last.setdefault(parts[-1], []), index)
        insort(self.first.setdefault(parts[0], []), index)

    def move(self, index: int, old: tuple[str, ...], new: tuple[str, ...]) -> None:
        self.last[old[-1]].remove(index)
        self.first[old[0]].remove(index)
        self.add(index, new)


def _settled_surname(cluster: NameCluster, parts: tuple[str, ...]) -> bool:
    """Whether a full name comes too late to be the person a surname-only cluster is: news
    copy names a person in full at the first mention or two, so a full name first met after
    :data:`SETTLED` bare surnames ("Obama" eight times, then "Michelle Obama") is a relative."""
    return len(parts) > 1 and len(cluster.canonical.parts) == 1 and len(cluster.mentions) >= SETTLED


def _match(
    mention: NameMention,
    clusters: list[NameCluster],
    last_seen: list[int],
    hint: GenderHint | None,
    index_of: _ByName,
) -> int | None:
    parts = mention.parts
    # same_person holds only between names with the same last word.
    candidates = [
        i
        for i in index_of.last.get(parts[-1], [])
        if same_person(parts, clusters[i].canonical.parts)
        or (same_person(clusters[i].canonical.parts, parts) and not _settled_surname(clusters[i], parts))
    ]
    if not candidates and len(parts) == 1:
        candidates = list(index_of.first.get(parts[0], []))
    if len(candidates) > 1 and mention.gender is not None:
        for i in candidates:
            if clusters[i].gender is None and hint is not None:
                clusters[i].gender = hint(clusters[i].canonical)
        known = [i for i in candidates if clusters[i].gender == mention.gender]
        fitting = known or [i for i in candidates if clusters[i].gender is None]
        candidates = fitting or candidates
    if not candidates:
        return None
    return max(candidates, key=lambda i: (len(clusters[i].mentions), last_seen[i]))
