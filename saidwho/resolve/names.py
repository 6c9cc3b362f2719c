"""Personal names: find every mention of a person's name and cluster the variants.

"Barack Obama", "President Obama" and "Obama" are one person: titles are stripped, a
shorter name joins a longer one with the same surname and a matching (or missing) first
name. When a bare surname fits several people ("Clinton" after "Hillary Clinton" and "Bill
Clinton"), an honorific decides if it can ("Mrs. Clinton"), else the one mentioned most
recently wins.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable

import msgspec
from spacy.tokens import Doc, Token

from saidwho.resolve.lexicon import Lexicon
from saidwho.resolve.phrases import name_bounds


class NameMention(msgspec.Struct, frozen=True, kw_only=True):
    """One occurrence of a personal name; ``first``/``head`` are token indices."""

    start: int
    end: int
    text: str
    first: int
    head: int
    parts: tuple[str, ...]
    gender: str | None = None


MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})

GenderHint = Callable[[NameMention], "str | None"]


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
    found = (name_mention(doc[i], lexicon) for i in sorted(heads))
    return [m for m in found if m is not None]


def _last_name_token(doc: Doc, start: int, end: int) -> int:
    while end - 1 > start and not doc[end - 1].text[:1].isalpha():
        end -= 1
    return end - 1


def name_mention(head: Token, lexicon: Lexicon) -> NameMention | None:
    """The name ending at ``head``, titles and suffixes aside; None when only titles remain."""
    doc = head.doc
    first, end = name_bounds(head, lexicon)
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
        head=head.i,
        parts=parts,
        gender=gender if gender in {"m", "f"} else None,
    )


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


def pronoun_gender(doc: Doc, mention: NameMention, skip: frozenset[int] = frozenset()) -> str | None:
    """Gender of the first he/she-type pronoun after ``mention`` in its sentence.

    Stops at the next PERSON name, which the pronoun would more likely refer to; tokens in
    ``skip`` (the pronoun being resolved) are not evidence.
    """
    end = doc[mention.head].sent.end
    for token in doc[mention.head + 1 : end]:
        if token.ent_type_ == "PERSON":
            return None
        if token.i in skip:
            continue
        if token.lower_ in MALE:
            return "m"
        if token.lower_ in FEMALE:
            return "f"
    return None


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
        if same_person(parts, clusters[i].canonical.parts) or same_person(clusters[i].canonical.parts, parts)
    ]
    if not candidates and len(parts) == 1:
        candidates = list(index_of.first.get(parts[0], []))
    if len(candidates) > 1 and mention.gender is not None:
        for i in candidates:
            if clusters[i].gender is None and hint is not None:
                clusters[i].gender = hint(clusters[i].canonical)
        fitting = [i for i in candidates if clusters[i].gender in {None, mention.gender}]
        candidates = fitting or candidates
    if not candidates:
        return None
    return max(candidates, key=lambda i: last_seen[i])
