"""One canonical speaker per real person or organization across the corpus.

Each article's speakers (``Article.speakers``) are given a canonical speaker, in ingest
order, by these rules:

1. **Unnamed or anonymous** speakers ("a U.S. official", "critics", "the report") are never
   merged: each gets a canonical row of its own, keyed by article and speaker id.
2. **Named persons with two or more name tokens** are keyed by their normalised full name:
   titles and honorifics before the name are dropped ("Defense Secretary Ash Carter",
   "former CIA analyst Aki Peritz", "Mr. Peritz" → the capitalised tokens after the last
   title), accents folded (NFKD), case folded, suffixes (Jr., III) dropped. Middle names
   are kept, and middle initials are kept in the key ("George W. Bush" and "George H. W.
   Bush" stay two people), but a name that differs from a stored one only by initials joins
   it on evidence: "Donald J. Trump" joins a stored "Donald Trump" unless that speaker has
   already gone by other initials; "Donald Trump" joins a stored "Donald J. Trump" when
   exactly one initials variant of that first and last name is stored.
3. **A named person given by one token** ("Peritz") joins a full-name person with that
   surname only on evidence: when exactly one full-name person in the store has it, or when
   several do and exactly one of them shares a descriptor word with this mention ("Clinton,
   the former secretary of state"). Otherwise it joins (or starts) a surname-only speaker
   ("Clinton"), so Hillary and Bill Clinton are never merged through a bare "Clinton".
4. **Named organizations, groups, outlets, documents** are keyed by type and normalised name
   (a leading "the" dropped): "the Pentagon" and "Pentagon" are one.

Rules 2 and 3 depend on what is already stored, so results depend on ingest order (a bare
"Peritz" ingested before any "Aki Peritz" stays a surname-only speaker), but never on batch
boundaries: the same inputs in the same order give the same speakers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import msgspec

from saidwho.quotemarks import RIGHT_SINGLE
from saidwho.records import Article, Speaker
from saidwho.resolve.lexicon import load_lexicon

# Bounded so that a speaker quoted in 10,000 articles keeps a small row; every form stays
# reachable through article_speakers and mentions.
MAX_LIST = 50
PRONOUNS = frozenset([
    "he", "she", "they", "it", "him", "her", "them", "his", "hers", "their", "its", "we", "us",
    "i", "you", "who", "this", "that", "these", "those",
])  # fmt: skip
# Words that say nothing about who someone is, ignored when comparing descriptors.
DESCRIPTOR_STOPWORDS = frozenset([
    "a", "an", "the", "of", "and", "for", "in", "at", "on", "former", "ex", "then", "who", "is", "was",
])  # fmt: skip
_WORD = re.compile(rf"[\w.'{RIGHT_SINGLE}-]+")  # the curly apostrophe of O\u2019Malley


class CanonicalSpeaker(msgspec.Struct, kw_only=True):
    """A row of the ``speakers`` table, changed in place while a batch is assigned."""

    id: str
    key: str
    name: str
    type: str
    named: bool
    anonymous: bool
    surname: str | None
    aliases: list[str]
    descriptors: list[str]
    article_count: int = 0
    statement_count: int = 0


@cache
def _title_words() -> frozenset[str]:
    lexicon = load_lexicon()
    return lexicon.titles | frozenset(lexicon.honorifics)


@cache
def _suffixes() -> frozenset[str]:
    return load_lexicon().suffixes


def fold(text: str) -> str:
    """Accents dropped (NFKD), case folded, curly apostrophes straightened, spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text.replace(RIGHT_SINGLE, "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def person_name(name: str) -> list[str]:
    """The name tokens of a person's mention, titles and descriptors before it dropped.

    ``"Defense Secretary Ash Carter"`` → ``["Ash", "Carter"]``;
    ``"former CIA analyst Aki Peritz"`` → ``["Aki", "Peritz"]``.
    """
    tokens = _WORD.findall(name)
    titles = _title_words()
    # The name starts after the last title that has a token after it ("Sen. Angus King":
    # after "Sen."; "Martin Luther King": "King" ends the name, so it is no title here).
    cut = max((i + 1 for i, t in enumerate(tokens[:-1]) if t.casefold() in titles), default=0)
    if cut and cut < len(tokens) and tokens[cut] == "of":  # "Secretary of State John Kerry"
        cut = min(cut + 2, len(tokens) - 1)
    rest = tokens[cut:]
    start = len(rest)
    while start > 0 and rest[start - 1][:1].isupper():
        start -= 1
    words = rest[start:] or rest
    while len(words) > 1 and words[-1].casefold() in _suffixes():
        words = words[:-1]
    return [w.rstrip(".,") for w in words if w.rstrip(".,")]


def speaker_key(article_key: str, speaker: Speaker) -> tuple[str, str | None]:
    """The canonical key a speaker maps to by itself, and the surname for rule 3.

    A one-token person gives ``("surname:<name>", "<name>")``: :class:`Canonicaliser`
    decides whether it joins a full-name person.
    """
    if not speaker.named or speaker.anonymous:
        return f"anon:{article_key}/{speaker.id}", None
    if speaker.type == "person":
        tokens = [fold(t) for t in person_name(speaker.name)]
        if len(tokens) >= 2:
            return "person:" + " ".join(tokens), tokens[-1]
        if tokens:
            return f"surname:{tokens[0]}", tokens[0]
    name = fold(speaker.name).removeprefix("the ")
    return f"{speaker.type}:{name}", None


def canonical_id(key: str) -> str:
    """A stable id for a canonical key: ``sp_`` and 12 hex digits of its SHA-1."""
    return "sp_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def lookups(article_key: str, article: Article) -> tuple[set[str], set[str]]:
    """The keys and surnames whose stored rows are needed to assign ``article``'s speakers."""
    keys, surnames = set(), set()
    for speaker in article.speakers:
        key, surname = speaker_key(article_key, speaker)
        keys.add(key)
        if surname is not None:
            surnames.add(surname)
    return keys, surnames


def descriptor_words(descriptors: Iterable[str]) -> set[str]:
    """The words of descriptors that say who someone is ("former CIA analyst" → cia, analyst)."""
    return {w for d in descriptors for w in fold(d).split()} - DESCRIPTOR_STOPWORDS


def aliases_of(speaker: Speaker) -> list[str]:
    """The name and the capitalised non-pronoun mentions: the forms the speaker went by."""
    forms = [speaker.name] + [m.text for m in speaker.mentions]
    return [f for f in forms if f[:1].isupper() and f.casefold() not in PRONOUNS]


def _middle_initials(tokens: list[str]) -> list[str]:
    """The middle tokens of a folded full name when all are initials, else []."""
    middle = tokens[1:-1]
    return middle if middle and all(len(t) == 1 for t in middle) else []


def _initials(alias: str) -> list[str]:
    """The middle initials of a person's name form ("George H. W. Bush" → ["h", "w"])."""
    return _middle_initials([fold(t) for t in person_name(alias)])


def _extend(values: list[str], new: Iterable[str]) -> None:
    for value in new:
        if len(values) >= MAX_LIST:
            return
        if value not in values:
            values.append(value)


class Canonicaliser:
    """Assigns canonical speakers, article after article, over rows loaded from the store.

    Give it every stored row whose key or surname :func:`lookups` names for the batch; it
    then needs nothing else, and :attr:`touched` holds the rows to write back.
    """

    def __init__(self, stored: Iterable[CanonicalSpeaker]) -> None:
        self.by_key: dict[str, CanonicalSpeaker] = {row.key: row for row in stored}
        self.touched: dict[str, CanonicalSpeaker] = {}

    def assign(self, article_key: str, article: Article) -> dict[str, str]:
        """Map each of the article's speaker ids to a canonical id, updating the counts."""
        statements: dict[str | None, int] = {}
        for att in article.attributions:
            statements[att.speaker] = statements.get(att.speaker, 0) + 1
        assigned: dict[str, str] = {}
        seen: set[str] = set()
        for speaker in article.speakers:
            row = self._row_for(article_key, speaker)
            _extend(row.aliases, aliases_of(speaker))
            _extend(row.descriptors, speaker.descriptors)
            row.statement_count += statements.get(speaker.id, 0)
            if row.key not in seen:
                row.article_count += 1
                seen.add(row.key)
            self.touched[row.key] = row
            assigned[speaker.id] = row.id
        return assigned

    def _row_for(self, article_key: str, speaker: Speaker) -> CanonicalSpeaker:
        key, surname = speaker_key(article_key, speaker)
        if key.startswith("surname:") and surname is not None:
            match = self._full_name_match(surname, speaker.descriptors)
            if match is not None:
                return match
        row = self.by_key.get(key)
        if row is None and key.startswith("person:"):
            row = self._initials_match(key.removeprefix("person:").split())
        if row is None:
            row = self._new(key, speaker, surname)
            self.by_key[key] = row
        return row

    def _full_name_match(self, surname: str, descriptors: list[str]) -> CanonicalSpeaker | None:
        candidates = sorted(
            (r for r in self.by_key.values() if r.surname == surname and r.key.startswith("person:")),
            key=lambda r: r.key,
        )
        if len(candidates) == 1:
            return candidates[0]
        words = descriptor_words(descriptors)
        overlapping = [r for r in candidates if words & descriptor_words(r.descriptors)]
        return overlapping[0] if len(overlapping) == 1 else None

    def _initials_match(self, tokens: list[str]) -> CanonicalSpeaker | None:
        """The stored person this full name is, up to middle initials (see rule 2)."""
        first, last = tokens[0], tokens[-1]
        if initials := _middle_initials(tokens):
            row = self.by_key.get(f"person:{first} {last}")
            if row is not None and all(_initials(a) in ([], initials) for a in row.aliases):
                return row
            return None
        if len(tokens) > 2:
            return None
        variants = [
            r
            for r in self.by_key.values()
            if r.surname == last
            and r.key.startswith(f"person:{first} ")
            and _middle_initials(r.key.removeprefix("person:").split())
        ]
        return variants[0] if len(variants) == 1 else None

    @staticmethod
    def _new(key: str, speaker: Speaker, surname: str | None) -> CanonicalSpeaker:
        person = speaker.type == "person" and speaker.named and not speaker.anonymous
        name = " ".join(person_name(speaker.name)) if person else speaker.name
        return CanonicalSpeaker(
            id=canonical_id(key),
            key=key,
            name=name or speaker.name,
            type=speaker.type,
            named=speaker.named,
            anonymous=speaker.anonymous,
            surname=surname,
            aliases=[],
            descriptors=[],
        )
