"""Link source mentions to referents: people by name, pronouns by salience, phrases by key.

A referent is someone or something the article mentions; it becomes a speaker once an
attribution's source links to it. Person referents come from clustered names, so a pronoun
can pick a person who was named but not yet quoted.

Pronouns:

- "I", "me", "myself" and "we" outside quotation marks are the writer (or the outlet
  writing: "We asked the council ..."): the byline's author when the
  article has one, else a person named "the writer" (never the nearest name: in a review,
  "I welcome the new keyboard" is the reviewer's). Inside a quote they are the quote's
  speaker, which :func:`saidwho.resolve.speakers.resolve` settles.
- He, she and other personal pronouns take a compatible referent, preferring a subject
  earlier in their own sentence, then the subject of the sentence before, then the most
  recent; a one-word name mentioned once, never quoted nor described ("an Emmy", "an Oscar"
  the NER tags as a person) comes last. Gender comes from honorifics, pronouns already
  linked, and a pronoun later in the name's sentence that can mean it (see
  :func:`gender_after`: "one of her critics" says nothing of the critic).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Span, Token

from saidwho.attribution.quotes import quoted_mask
from saidwho.nlp.index import doc_text, sentence_of
from saidwho.records import Span as Span_
from saidwho.records import SpeakerType
from saidwho.resolve.lexicon import Lexicon
from saidwho.resolve.names import (
    NameCluster,
    NameMention,
    cluster_names,
    name_mentions,
)
from saidwho.resolve.sources import POSSESSIVES, SourceMention

# How many earlier mentions a pronoun or a bare definite ("the official") looks back over.
# Attributed speakers in one article rarely exceed a dozen; 40 covers several paragraphs.
LOOKBACK = 40
GROUPISH: frozenset[SpeakerType] = frozenset({"group", "organization", "outlet"})
THINGS: frozenset[SpeakerType] = frozenset({"organization", "outlet", "document", "unknown"})
# "the company" or "the group" may mean the organization quoted last, whatever its name;
# "the government" or "the ministry" is more often another body.
GENERIC_ORGANIZATIONS = frozenset(
    {"company", "firm", "group", "organization", "organisation", "association", "federation",
     "union", "consortium", "alliance", "coalition", "corporation"}
)  # fmt: skip
# The writer's name when the article has no byline.
WRITER = "the writer"
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Links that keep a name in the role of the noun phrase around it ("weatherman Dick Sorensen").
NAME_LINKS = frozenset({"compound", "appos", "flat"})
# Pronouns that say a name's gender when they follow it in its sentence (as a subject, for he/she).
# A pronoun kind's gender, as names carry it.
GENDER_OF = {"male": "m", "female": "f"}
GENDERED = {"he": "m", "she": "f", "himself": "m", "herself": "f"}
POSSESSIVE_GENDER = {w: GENDER_OF[kind] for w, kind in POSSESSIVES.items() if kind in GENDER_OF}  # his, her
# Salience ranks of a pronoun's candidate antecedents, best first.
OWN_SUBJECT, PREVIOUS_SUBJECT, RECENT, WEAK_NAME = range(4)


# A byline kept as the page prints it ("The Associated Press", "Reuters Staff") names the
# outlet, not a writer.
_BYLINE_WRAP = re.compile(r"^(the)\s+|\s+(staff|news staff|wire|newswire)$", re.IGNORECASE)


def is_outlet_byline(author: str, lexicon: Lexicon) -> bool:
    """Whether a byline names an outlet of ``lexicon`` (a leading "The" and a trailing
    "Staff" or "Wire" aside), not a person."""
    return author.strip() in lexicon.outlets or _BYLINE_WRAP.sub("", author.strip()) in lexicon.outlets


@dataclass(slots=True)
class Referent:
    """Everything gathered about one referent while linking."""

    type: SpeakerType
    name: str
    named: bool = False
    cluster: int | None = None
    gender: str | None = None
    lemmas: set[str] = field(default_factory=set)
    sources: list[SourceMention] = field(default_factory=list)
    attributions: list[int] = field(default_factory=list)


class Linker:
    """Holds one article's names, referents and mention timeline while sources are linked.

    Call :meth:`link` on sources in text order, so the timeline only holds earlier mentions.
    """

    def __init__(
        self,
        doc: Doc,
        lexicon: Lexicon,
        mentions: list[SourceMention],
        known: frozenset[str],
        authors: Sequence[str] = (),
        acronyms: Mapping[str, str] | None = None,
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.authors = [a for a in authors if a.strip() and not is_outlet_byline(a, lexicon)]
        self.writer: int | None = None
        self._quoted: npt.NDArray[np.bool_] | None = None
        self.pronoun_heads = frozenset(m.head for m in mentions if m.kind == "pronoun")
        heads = (m.head for m in mentions if m.kind == "name")
        self.names = name_mentions(doc, lexicon, heads, known)
        self.clusters, owner = cluster_names(self.names, self._hint)
        self.referents = [
            Referent(type="person", name=c.canonical.text, named=True, cluster=i, gender=c.gender)
            for i, c in enumerate(self.clusters)
        ]
        self.by_head = {m.head: owner[j] for j, m in enumerate(self.names)}
        # (character, referent, head token) of every mention so far, in text order.
        self.timeline = [(m.start, owner[j], m.head) for j, m in enumerate(self.names)]
        self.name_starts = [m.start for m in self.names]
        self.name_owner = owner
        self.by_key: dict[str, int] = {}
        # Named organizations and outlets by lowercase name; an acronym the article defines
        # ("Central Rivers Forecast Center (CRFC)") looks up the name it stands for.
        self.acronyms = {k: v.lower() for k, v in (acronyms or {}).items()}
        self.full_names = {k: v for k, v in (acronyms or {}).items()}
        self.by_name: dict[str, int] = {}
        # One span is one speaker, however many cues it serves ("X, who asked not to be
        # named, admitted ...").
        self.by_span: dict[tuple[int, int], int] = {}
        self._gender_checked: set[int] = set()

    def _hint(self, mention: NameMention) -> str | None:
        return gender_after(self.doc, mention, self.pronoun_heads)

    def quoted(self, char: int) -> bool:
        """Whether character ``char`` lies inside quotation marks."""
        if self._quoted is None:
            self._quoted = quoted_mask(doc_text(self.doc))
        return 0 <= char < len(self._quoted) and bool(self._quoted[char])

    def writer_referent(self) -> int:
        """The writer: the byline's author (several joined by "and"), the person of that
        name if the article names them in full, else a person called "the writer"."""
        if self.writer is not None:
            return self.writer
        name = self.writer_name()
        parts = tuple(w.lower().rstrip(".") for w in name.split() if w[:1].isalpha())
        found = next(
            (i for i, c in enumerate(self.clusters) if self.authors and c.canonical.parts == parts), None
        )
        if found is None:
            found = len(self.referents)
            self.referents.append(Referent(type="person", name=name, named=bool(self.authors)))
        self.writer = found
        return found

    def writer_name(self) -> str:
        """The writer's name: the byline's authors joined by "and", else "the writer"."""
        return " and ".join(self.authors) or WRITER

    def link(self, mention: SourceMention, attribution: int, content: list[tuple[int, int]]) -> int:
        """The referent ``mention`` names, created if new; records the mention on it."""
        span = (mention.span.start, mention.span.end)
        if span in self.by_span:
            self.referents[self.by_span[span]].attributions.append(attribution)
            return self.by_span[span]
        if mention.kind == "name":
            index = self.by_head.get(mention.head)
        elif mention.pronoun in {"first", "we"} and not self.quoted(self.doc[mention.head].idx):
            index = self.writer_referent()
        elif mention.kind == "pronoun":
            index = self._antecedent(mention, content)
        else:
            index = self._phrase_match(mention)
        if index is None:
            index = len(self.referents)
            name = (
                self.full_names.get(mention.key, mention.text) if mention.kind == "phrase" else mention.text
            )
            if mention.possessor is not None:
                name = self._owned_name(mention, content) or name
            self.referents.append(Referent(type=mention.type, name=name, named=mention.named))
        if mention.kind == "phrase" and self.referents[index].named:
            self.by_name.setdefault(self.acronyms.get(mention.key, mention.key), index)
        return self.attach(index, mention, attribution)

    def merge(self, index: int, into: int) -> None:
        """Move referent ``index``'s sources and attributions onto referent ``into``."""
        source, target = self.referents[index], self.referents[into]
        target.sources = sorted(target.sources + source.sources, key=lambda m: m.span.start)
        target.attributions += source.attributions
        target.lemmas |= source.lemmas
        source.sources, source.attributions = [], []

    def attach(self, index: int, mention: SourceMention, attribution: int) -> int:
        """Record ``mention``, the source of ``attribution``, on referent ``index``."""
        span = (mention.span.start, mention.span.end)
        referent = self.referents[index]
        if mention.kind == "pronoun" and referent.gender is None:
            referent.gender = GENDER_OF.get(mention.pronoun or "")
        referent.lemmas.update(mention.lemmas)
        referent.sources.append(mention)
        referent.attributions.append(attribution)
        if mention.kind == "phrase":
            self.by_key.setdefault(f"{mention.type}:{mention.key}", index)
        insort(self.timeline, (mention.span.start, index, mention.head))
        self.by_span[span] = index
        return index

    def _owned_name(self, mention: SourceMention, content: list[tuple[int, int]]) -> str | None:
        """ "Ruth Calloway's office" for "her office", when "her" is someone named before."""
        token = self.doc[mention.possessor or 0]
        pronoun = SourceMention(
            span=Span_(start=token.idx, end=token.idx + len(token), text=token.text),
            head=token.i, kind="pronoun", type="unknown", text=token.text, key=token.lower_,
            pronoun=POSSESSIVES[token.lower_],
        )  # fmt: skip
        index = self._antecedent(pronoun, content)
        if index is None or not self.referents[index].named:
            return None
        rest = self.doc[token.i + 1 : mention.head + 1].text
        return f"{self.referents[index].name}'s {rest}"

    def _phrase_match(self, mention: SourceMention) -> int | None:
        if mention.named:
            found = self.by_name.get(self.acronyms.get(mention.key, mention.key))
            if found is not None:
                return found
        if mention.named or mention.definite or mention.type in GROUPISH:
            found = self.by_key.get(f"{mention.type}:{mention.key}")
            if found is not None:
                return found
        if not mention.bare:
            return None
        lemma = mention.lemma
        recent = self._recent(mention.span.start, [])
        for index in recent:
            referent = self.referents[index]
            if lemma in referent.lemmas and _same_kind(referent.type, mention.type):
                return index
        if mention.type == "organization" and lemma in GENERIC_ORGANIZATIONS:
            for index in recent:
                referent = self.referents[index]
                if referent.type == "organization" and referent.named:
                    return index
        return None

    def _antecedent(self, mention: SourceMention, content: list[tuple[int, int]]) -> int | None:
        candidates = list(self._recent(mention.span.start, content))
        pronoun = mention.pronoun or ""
        fitting = [index for index in candidates if self._fits(pronoun, index)]
        if len(fitting) > 1 and pronoun in {"male", "female", "person", "first"}:
            ranks = self._salience(mention, content)
            fitting.sort(key=lambda index: ranks.get(index, RECENT))
        if fitting:
            return fitting[0]
        if pronoun in {"plural", "we"} and candidates:
            return candidates[0]
        return None

    def _salience(self, mention: SourceMention, content: list[tuple[int, int]]) -> dict[int, int]:
        """Rank of each referent as the antecedent of the pronoun ``mention`` (see module doc)."""
        doc = self.doc
        pronoun = doc[mention.head]
        own = sentence_of(pronoun)
        ranks: dict[int, int] = {}
        for _, index, head in self._entries(_previous_sentence(own), content):
            if self._weak(index):
                ranks[index] = WEAK_NAME
            elif is_subject(doc[head]):
                ranks[index] = PREVIOUS_SUBJECT
        for start, index, head in self._entries(own, content):
            if start >= pronoun.idx:
                break
            if self._weak(index):
                ranks[index] = WEAK_NAME
            elif is_subject(doc[head]):
                ranks[index] = OWN_SUBJECT
        for index in self._recent(mention.span.start, content):
            if self._weak(index):
                ranks[index] = WEAK_NAME
        return ranks

    def _entries(self, sent: Span | None, content: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """Timeline entries inside ``sent`` and outside ``content``, in text order."""
        if sent is None:
            return []
        lo = bisect_left(self.timeline, (sent.start_char, -1, -1))
        hi = bisect_left(self.timeline, (sent.end_char, -1, -1))
        return [e for e in self.timeline[lo:hi] if not any(a <= e[0] < b for a, b in content)]

    def _weak(self, index: int) -> bool:
        """A one-word name mentioned once, never quoted nor described ("his daughter, Ellie"):
        often a prize or a product the NER took for a person ("an Oscar")."""
        referent = self.referents[index]
        cluster = self.cluster(index)
        if (
            cluster is None
            or referent.sources
            or len(cluster.mentions) > 1
            or len(cluster.canonical.parts) > 1
        ):
            return False
        head = self.doc[cluster.canonical.head]
        return head.dep_ != "appos" and not any(c.dep_ == "appos" for c in head.children)

    def _recent(self, position: int, content: list[tuple[int, int]]) -> list[int]:
        """Referents mentioned before ``position``, most recent first, skipping ``content``.

        A name inside the quote itself ('"Obama is wrong," he said') is what the speaker
        talks about, not who the speaker is.
        """
        stop = bisect_left(self.timeline, (position, -1, -1))
        seen: list[int] = []
        for start, index, _ in reversed(self.timeline[max(0, stop - LOOKBACK) : stop]):
            if index in seen or any(a <= start < b for a, b in content):
                continue
            seen.append(index)
        return seen

    def _fits(self, pronoun: str, index: int) -> bool:
        referent = self.referents[index]
        if index == self.writer:
            return False
        if pronoun in GENDER_OF:
            wanted = GENDER_OF[pronoun]
            return referent.type == "person" and self.gender(index) in {None, wanted}
        if pronoun in {"person", "first"}:
            return referent.type == "person"
        if pronoun in {"plural", "we"}:
            return referent.type in GROUPISH
        return referent.type in THINGS

    def gender(self, index: int) -> str | None:
        """A referent's gender: honorific, earlier pronoun, or a he/she after its name."""
        referent = self.referents[index]
        cluster = referent.cluster
        if referent.gender is None and cluster is not None and index not in self._gender_checked:
            self._gender_checked.add(index)
            for mention in self.clusters[cluster].mentions:
                referent.gender = self._hint(mention)
                if referent.gender is not None:
                    break
        return referent.gender

    def cluster(self, index: int) -> NameCluster | None:
        """The name cluster behind a person referent, if it was named."""
        cluster = self.referents[index].cluster
        return None if cluster is None else self.clusters[cluster]

    def other_name_between(self, start: int, end: int, index: int) -> bool:
        """Whether a name of someone other than referent ``index`` occurs in ``start:end``."""
        i = bisect_left(self.name_starts, start)
        cluster = self.referents[index].cluster
        while i < len(self.names) and self.name_starts[i] < end:
            if self.name_owner[i] != cluster:
                return True
            i += 1
        return False


def _same_kind(a: SpeakerType, b: SpeakerType) -> bool:
    return a == b or "unknown" in {a, b}


def is_subject(token: Token) -> bool:
    """Whether ``token`` heads, or names the head of, a clause's subject."""
    while token.dep_ in NAME_LINKS and token.head.i != token.i:
        token = token.head
    return token.dep_ in SUBJECTS


def _previous_sentence(sent: Span) -> Span | None:
    """The sentence before ``sent`` with a word in it (blank lines parse as sentences too)."""
    doc = sent.doc
    start = sent.start
    while start > 0:
        before = sentence_of(doc[start - 1])
        if any(t.is_alpha for t in before):
            return before
        start = before.start
    return None


def gender_after(doc: Doc, mention: NameMention, skip: frozenset[int] = frozenset()) -> str | None:
    """Gender of the first pronoun after ``mention`` in its sentence that can mean it: a
    "he"/"she" subject, a reflexive, or a "his"/"her" possessive outside a predicate or an
    appositive ("X has been one of her critics", "X, her daughter," mean someone else), never
    an object ("him"), which binding keeps from meaning the clause's subject.

    Stops at the next PERSON name, which the pronoun would more likely refer to; tokens in
    ``skip`` (pronouns being resolved) are not evidence.
    """
    end = sentence_of(doc[mention.head]).end
    for token in doc[mention.head + 1 : end]:
        if token.ent_type_ == "PERSON":
            return None
        lower = token.lower_
        if token.i in skip or (lower not in GENDERED and lower not in POSSESSIVE_GENDER):
            continue
        if token.dep_ == "poss" and lower in POSSESSIVE_GENDER:
            if not any(a.dep_ in {"attr", "appos"} for a in token.ancestors):
                return POSSESSIVE_GENDER[lower]
        elif lower in GENDERED and (lower.endswith("self") or token.dep_ in SUBJECTS):
            return GENDERED[lower]
    return None
