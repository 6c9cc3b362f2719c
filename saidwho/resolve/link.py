"""Link source mentions to referents: people by name, pronouns by salience, phrases by key.

A referent is someone or something the article mentions; it becomes a speaker once an
attribution's source links to it. Person referents come from clustered names, so a pronoun
can pick a person who was named but not yet quoted.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field

from spacy.tokens import Doc

from saidwho.records import SpeakerType
from saidwho.resolve.lexicon import Lexicon
from saidwho.resolve.names import (
    NameCluster,
    NameMention,
    cluster_names,
    name_mentions,
    pronoun_gender,
)
from saidwho.resolve.sources import SourceMention

# How many earlier mentions a pronoun or a bare definite ("the official") looks back over.
# Attributed speakers in one article rarely exceed a dozen; 40 covers several paragraphs.
LOOKBACK = 40
GROUPISH: frozenset[SpeakerType] = frozenset({"group", "organization", "outlet"})
THINGS: frozenset[SpeakerType] = frozenset({"organization", "outlet", "document", "unknown"})


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
        self, doc: Doc, lexicon: Lexicon, mentions: list[SourceMention], known: frozenset[str]
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.pronoun_heads = frozenset(m.head for m in mentions if m.kind == "pronoun")
        heads = (m.head for m in mentions if m.kind == "name")
        self.names = name_mentions(doc, lexicon, heads, known)
        self.clusters, owner = cluster_names(self.names, self._hint)
        self.referents = [
            Referent(type="person", name=c.canonical.text, named=True, cluster=i, gender=c.gender)
            for i, c in enumerate(self.clusters)
        ]
        self.by_head = {m.head: owner[j] for j, m in enumerate(self.names)}
        self.timeline = [(m.start, owner[j]) for j, m in enumerate(self.names)]
        self.name_starts = [m.start for m in self.names]
        self.name_owner = owner
        self.by_key: dict[str, int] = {}
        # One span is one speaker, however many cues it serves ("X, who asked not to be
        # named, admitted ...").
        self.by_span: dict[tuple[int, int], int] = {}
        self._gender_checked: set[int] = set()

    def _hint(self, mention: NameMention) -> str | None:
        return pronoun_gender(self.doc, mention, self.pronoun_heads)

    def link(self, mention: SourceMention, attribution: int, content: list[tuple[int, int]]) -> int:
        """The referent ``mention`` names, created if new; records the mention on it."""
        span = (mention.span.start, mention.span.end)
        if span in self.by_span:
            self.referents[self.by_span[span]].attributions.append(attribution)
            return self.by_span[span]
        if mention.kind == "name":
            index = self.by_head.get(mention.head)
        elif mention.kind == "pronoun":
            index = self._antecedent(mention, content)
        else:
            index = self._phrase_match(mention)
        if index is None:
            index = len(self.referents)
            self.referents.append(Referent(type=mention.type, name=mention.text, named=mention.named))
        referent = self.referents[index]
        if mention.kind == "pronoun" and referent.gender is None:
            referent.gender = {"male": "m", "female": "f"}.get(mention.pronoun or "")
        referent.lemmas.update(mention.lemmas)
        referent.sources.append(mention)
        referent.attributions.append(attribution)
        if mention.kind == "phrase":
            self.by_key.setdefault(f"{mention.type}:{mention.key}", index)
        insort(self.timeline, (mention.span.start, index))
        self.by_span[span] = index
        return index

    def _phrase_match(self, mention: SourceMention) -> int | None:
        if mention.named or mention.definite or mention.type in GROUPISH:
            found = self.by_key.get(f"{mention.type}:{mention.key}")
            if found is not None:
                return found
        if not mention.bare:
            return None
        lemma = mention.lemma
        for index in self._recent(mention.span.start, []):
            referent = self.referents[index]
            if lemma in referent.lemmas and _same_kind(referent.type, mention.type):
                return index
        return None

    def _antecedent(self, mention: SourceMention, content: list[tuple[int, int]]) -> int | None:
        candidates = list(self._recent(mention.span.start, content))
        for index in candidates:
            if self._fits(mention.pronoun or "", index):
                return index
        if mention.pronoun in {"plural", "we"} and candidates:
            return candidates[0]
        return None

    def _recent(self, position: int, content: list[tuple[int, int]]) -> list[int]:
        """Referents mentioned before ``position``, most recent first, skipping ``content``.

        A name inside the quote itself ('"Obama is wrong," he said') is what the speaker
        talks about, not who the speaker is.
        """
        stop = bisect_left(self.timeline, (position, -1))
        seen: list[int] = []
        for start, index in reversed(self.timeline[max(0, stop - LOOKBACK) : stop]):
            if index in seen or any(a <= start < b for a, b in content):
                continue
            seen.append(index)
        return seen

    def _fits(self, pronoun: str, index: int) -> bool:
        referent = self.referents[index]
        if pronoun in {"male", "female"}:
            wanted = "m" if pronoun == "male" else "f"
            return referent.type == "person" and self.gender(index) in {None, wanted}
        if pronoun == "person":
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
