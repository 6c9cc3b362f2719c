"""One canonical speaker per real person or organization across the corpus: the store's
``speakers`` table, kept by :func:`assign` for each batch the store adds.

Each article's speakers (``Article.speakers``) are given a canonical speaker, in ingest
order, by these rules:

1. **Unnamed or anonymous** speakers ("a U.S. official", "critics", "the report") are never
   merged: each gets a canonical row of its own, keyed by article and speaker id.
2. **Named persons with two or more name tokens** are keyed by their normalised full name:
   titles and honorifics before the name are dropped ("Defense Secretary Ash Carter",
   "former CIA analyst Aki Peritz", "Mr. Peritz" → the capitalised tokens after the last
   title), accents folded (NFKD), case folded, suffixes (Jr., III) dropped. Middle names
   and initials are kept in the key ("George W. Bush" and "George H. W. Bush" stay two
   people), but a name that differs from a stored one only by its middle joins it on
   evidence: "Donald J. Trump" or "Hillary Rodham Clinton" joins a stored "Donald Trump" or
   "Hillary Clinton" unless that speaker has already gone by another middle; "Donald Trump"
   joins a stored "Donald J. Trump" when exactly one variant of that first and last name is
   stored. A first name and its short form ("Joseph R. Biden", "Joe Biden": the lexicon's
   ``nicknames``) join when exactly one stored person fits.
3. **A surname alone** ("Trump", "Mr. Trump", "President Trump") joins a full-name person
   with that surname only on evidence, in this order: the person the same article names in
   full, more than twice as often as any namesake; the one namesake whose descriptors share
   a word with this mention's ("Clinton, the former secretary of state"); else the
   corpus's dominant full name (most statements) when no other full name with that surname
   has been quoted in the same outlet within :data:`PERIOD` of the article. An honorific
   ("Mrs. Obama") picks among namesakes known by one of that gender, else rules out those
   known by the other. Otherwise it joins (or starts) a surname-only
   speaker ("Clinton"), so Hillary and Bill Clinton are never merged through a bare
   "Clinton". A one-word proper name the article typed otherwise ("Trump" as organization
   or unknown, "Claure" as organization) follows the same rule, except that the dominant
   name needs the corpus to know no organization by that word; a name typed otherwise that
   ends in a stored person's full name ("Carly Fiorina", "Former Hewlett-Packard CEO Carly
   Fiorina" as organization) joins that person. A title or
   honorific alone ("Mr.") names no one: it stays unnamed.
4. **Named organizations, groups, outlets, documents** are keyed by type and normalised name
   (a leading "the", leading lowercase words and a trailing possessive dropped): "the
   Pentagon", "Pentagon" and "the nonpartisan Pentagon" are one. An article that writes
   "Volkswagen (VW)" or "Volkswagen, or VW," teaches the corpus that VW is Volkswagen: a
   speaker of either name joins the other, and a stored "VW" speaker is merged into
   "Volkswagen" (its statements move; :attr:`Canonicaliser.merged`).
5. **Type is voted**: a canonical speaker's type is the one most of its article speakers
   have ("Trump" typed organization in one article stays a person).

Rules 2 and 3 depend on what is already stored, so results depend on ingest order (a bare
"Peritz" ingested before any "Aki Peritz" stays a surname-only speaker), but never on batch
boundaries: the same inputs in the same order give the same speakers.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

import duckdb
import msgspec
from msgspec.structs import replace

from saidwho.quotemarks import RIGHT_SINGLE
from saidwho.records import Article, Speaker
from saidwho.resolve.lexicon import load_lexicon
from saidwho.store.speakers import Activity, Arrival, CanonicalSpeaker, SpeakerChanges, load_speakers

# Bounded so that a speaker quoted in 10,000 articles keeps a small row; every form stays
# reachable through article_speakers and mentions.
MAX_LIST = 50
# How near in time a namesake's quote must be to make a bare surname ambiguous: about one
# news cycle. Set by hand, not tuned.
PERIOD = datetime.timedelta(days=30)
PRONOUNS = frozenset([
    "he", "she", "they", "it", "him", "her", "them", "his", "hers", "their", "its", "we", "us",
    "i", "you", "who", "this", "that", "these", "those",
])  # fmt: skip
# Words that say nothing about who someone is, ignored when comparing descriptors.
DESCRIPTOR_STOPWORDS = frozenset([
    "a", "an", "the", "of", "and", "for", "in", "at", "on", "former", "ex", "then", "who", "is", "was",
])  # fmt: skip
# Types whose one-word name may be a person's surname mistyped ("Trump" as organization).
RETYPABLE = frozenset({"organization", "unknown", "group", "outlet"})
NON_PERSON = frozenset({"organization", "outlet", "group", "document"})
_WORD = re.compile(rf"[\w.'{RIGHT_SINGLE}-]+")  # the curly apostrophe of O\u2019Malley
_ACRONYM = r"[A-Z][A-Z&]{1,7}"
# "Volkswagen (VW)", "Volkswagen, or VW,": a capitalised name, then its acronym.
_NAME = rf"[A-Z][\w&'{RIGHT_SINGLE}.-]*(?:\s+(?:of|and|for|the|on|&)?\s*[A-Z][\w&'{RIGHT_SINGLE}.-]*)*"
_ALIAS = re.compile(rf"({_NAME})\s*(?:\(\s*({_ACRONYM})\s*\)|,\s+or\s+({_ACRONYM})\s*,)")


class Lookups(msgspec.Struct, kw_only=True):
    """What to load from the store before assigning a batch: rows by key, full-name
    persons by surname, organizations by a learned alias."""

    keys: set[str] = msgspec.field(default_factory=set)
    surnames: set[str] = msgspec.field(default_factory=set)
    aliases: set[str] = msgspec.field(default_factory=set)


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


def proper_name(name: str) -> str:
    """An organization's name without a leading "the", leading lowercase words or a
    trailing possessive: "the nonpartisan Congressional Budget Office" → "Congressional
    Budget Office", "Senate's" → "Senate"."""
    words = name.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    start = 0
    while start < len(words) - 2 and words[start][:1].islower():
        start += 1
    if start and words[start][:1].isupper():
        words = words[start:]
    text = " ".join(words)
    for possessive in ("'s", f"{RIGHT_SINGLE}s"):
        if len(text) > len(possessive) + 1 and text.endswith(possessive):
            return text[: -len(possessive)]
    return text


def _only_titles(name: str) -> bool:
    """Whether a person's name is honorifics and abbreviated titles alone ("Mr.", "Sen."):
    no name ("King", "Judge" are surnames too, so whole-word titles do not count)."""
    words = _WORD.findall(name)
    honorifics = load_lexicon().honorifics
    return bool(words) and all(
        w.casefold() in honorifics or (w.endswith(".") and w.casefold() in _title_words()) for w in words
    )


def speaker_key(article_key: str, speaker: Speaker) -> tuple[str, str | None]:
    """The canonical key a speaker maps to by itself, and the surname for rule 3.

    A one-token person gives ``("surname:<name>", "<name>")``: :class:`Canonicaliser`
    decides whether it joins a full-name person.
    """
    if not speaker.named or speaker.anonymous:
        return f"anon:{article_key}/{speaker.id}", None
    if speaker.type == "person":
        tokens = [fold(t) for t in person_name(speaker.name)]
        if _only_titles(speaker.name):
            return f"anon:{article_key}/{speaker.id}", None
        if len(tokens) >= 2:
            return "person:" + " ".join(tokens), tokens[-1]
        if tokens:
            return f"surname:{tokens[0]}", tokens[0]
    return f"{speaker.type}:{fold(proper_name(speaker.name))}", None


def bare_name(speaker: Speaker) -> str | None:
    """The folded word of a one-word proper name typed other than person ("Trump" typed
    organization), which may be a person's surname; None for anything else (acronyms too)."""
    name = proper_name(speaker.name.strip())  # "Trump's" typed organization is Trump
    if speaker.type not in RETYPABLE or speaker.anonymous or not name[:1].isupper():
        return None
    if " " in name or name.isupper() or not name.replace("-", "").replace("'", "").isalpha():
        return None
    return fold(name)


def canonical_id(key: str) -> str:
    """A stable id for a canonical key: ``sp_`` and 12 hex digits of its SHA-1."""
    return "sp_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def learned_aliases(text: str) -> dict[str, str]:
    """Acronyms an article defines, to the name they stand for: "Volkswagen (VW)" and
    "Volkswagen, or VW," give ``{"VW": "Volkswagen"}``. The acronym's letters must occur in
    the name in order, starting with its first ("(R)" after a senator's name is no alias)."""
    found: dict[str, str] = {}
    for match in _ALIAS.finditer(text):
        name = match.group(1).strip()
        acronym = match.group(2) or match.group(3)
        words = name.split()
        if words and words[0].casefold() == "the":
            name = " ".join(words[1:])
        if name and acronym != name and _spells(acronym, name):
            found.setdefault(acronym, name)
    return found


def _spells(acronym: str, name: str) -> bool:
    letters = iter(name.casefold())
    wanted = [c for c in acronym.casefold() if c.isalpha()]
    return wanted[:1] == [name[:1].casefold()] and all(c in letters for c in wanted)


def lookups(article_key: str, article: Article) -> Lookups:
    """The keys, surnames and aliases whose stored rows assigning ``article`` needs."""
    found = Lookups()
    for speaker in article.speakers:
        key, surname = speaker_key(article_key, speaker)
        found.keys.update((key, *_as_person(speaker)))
        if surname is not None:
            found.surnames.add(surname)
        if (word := bare_name(speaker)) is not None:
            found.surnames.add(word)
        if speaker.named and speaker.type != "person":
            found.aliases.add(speaker.name)
    for acronym, name in learned_aliases(article.text).items():
        found.aliases.update((acronym, name))
        found.keys.update(f"{kind}:{fold(proper_name(n))}" for kind in NON_PERSON for n in (acronym, name))
    return found


def descriptor_words(descriptors: Iterable[str]) -> set[str]:
    """The words of descriptors that say who someone is ("former CIA analyst" → cia, analyst)."""
    return {w for d in descriptors for w in fold(d).split()} - DESCRIPTOR_STOPWORDS


def aliases_of(speaker: Speaker) -> list[str]:
    """The name and the capitalised non-pronoun mentions: the forms the speaker went by."""
    forms = [speaker.name] + [m.text for m in speaker.mentions]
    return [f for f in forms if f[:1].isupper() and f.casefold() not in PRONOUNS]


def gender_of(forms: Iterable[str]) -> str | None:
    """ "m" or "f" when a form starts with a gendered honorific ("Mrs. Clinton"), else None."""
    honorifics = load_lexicon().honorifics
    found = {honorifics.get(f.split()[0].casefold()) for f in forms if f.split()}
    found &= {"m", "f"}
    return found.pop() if len(found) == 1 else None


def _middles(tokens: list[str]) -> list[str]:
    """The middle tokens of a folded full name ("hillary rodham clinton" → ["rodham"])."""
    return tokens[1:-1]


def _same_middle(a: list[str], b: list[str]) -> bool:
    """Whether two middles can be one ("w" and "walker" can; "h w" and "w" cannot)."""
    return len(a) == len(b) and all(
        x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for x, y in zip(a, b, strict=True)
    )


def _extend(values: list[str], new: Iterable[str], limit: int = MAX_LIST) -> None:
    for value in new:
        if len(values) >= limit:
            return
        if value not in values:
            values.append(value)


class Canonicaliser:
    """Assigns canonical speakers, article after article, over rows loaded from the store.

    Give it every stored row that :func:`lookups` names for the batch, with their type
    ``votes`` (article speakers per type) and the ``activity`` of full-name persons
    (outlet and date of each article they were quoted in); it then needs nothing else.
    :attr:`touched` holds the rows to write back; :attr:`merged` maps each stored row
    merged into another (rule 4) to the row that absorbed it.
    """

    def __init__(
        self,
        stored: Iterable[CanonicalSpeaker],
        *,
        votes: Mapping[str, Mapping[str, int]] | None = None,
        activity: Mapping[str, Iterable[Activity]] | None = None,
    ) -> None:
        self.by_key: dict[str, CanonicalSpeaker] = {row.key: row for row in stored}
        self.touched: dict[str, CanonicalSpeaker] = {}
        self.merged: dict[str, str] = {}
        self.votes: dict[str, Counter[str]] = {
            row.key: Counter((votes or {}).get(row.id, {})) for row in self.by_key.values()
        }
        self.activity: dict[str, set[Activity]] = {
            row.key: set((activity or {}).get(row.id, ())) for row in self.by_key.values()
        }
        self.by_alias: dict[str, CanonicalSpeaker] = {}
        for row in self.by_key.values():
            self._index_aliases(row)

    def assign(
        self,
        article_key: str,
        article: Article,
        *,
        outlet: str | None = None,
        published: datetime.date | None = None,
    ) -> dict[str, str]:
        """Map each of the article's speaker ids to a canonical id, updating the counts."""
        statements: dict[str | None, int] = {}
        for att in article.attributions:
            statements[att.speaker] = statements.get(att.speaker, 0) + 1
        context = _Context(article.text, outlet, published)
        rows: dict[str, CanonicalSpeaker] = {}
        # Full names first, so that a bare surname can join a person this article names.
        for speaker in sorted(article.speakers, key=lambda s: _bare(article_key, s)):
            rows[speaker.id] = self._row_for(article_key, speaker, context)
        seen: set[str] = set()
        for speaker in article.speakers:
            row = rows[speaker.id]
            _extend(row.aliases, aliases_of(speaker))
            _extend(row.descriptors, speaker.descriptors)
            row.statement_count += statements.get(speaker.id, 0)
            self.votes.setdefault(row.key, Counter())[speaker.type] += 1
            row.type = self._voted_type(row)
            if row.key not in seen:
                row.article_count += 1
                seen.add(row.key)
                if row.key.startswith("person:"):
                    self.activity.setdefault(row.key, set()).add((outlet, published))
            self.touched[row.key] = row
        self._learn_aliases(article)
        return {sid: self._final(row).id for sid, row in rows.items()}

    def _voted_type(self, row: CanonicalSpeaker) -> str:
        votes = self.votes[row.key]
        own = "person" if row.key.startswith(("person:", "surname:")) else row.type
        return max(votes, key=lambda t: (votes[t], t == own)) if votes else row.type

    def _final(self, row: CanonicalSpeaker) -> CanonicalSpeaker:
        while row.id in self.merged:
            row = next(r for r in self.by_key.values() if r.id == self.merged[row.id])
        return row

    def _row_for(self, article_key: str, speaker: Speaker, context: _Context) -> CanonicalSpeaker:
        key, surname = speaker_key(article_key, speaker)
        word = surname if key.startswith("surname:") else bare_name(speaker)
        if word is not None:
            match = self._surname_match(word, speaker, context, retyped=not key.startswith("surname:"))
            if match is not None:
                return match
        row = self.by_key.get(key) or next(
            (self.by_key[k] for k in _as_person(speaker) if k in self.by_key), None
        )
        if row is None and key.startswith("person:"):
            tokens = key.removeprefix("person:").split()
            row = self._middle_match(tokens) or self._nickname_match(tokens)
        if row is None and speaker.named and speaker.type != "person":
            row = self.by_alias.get(fold(proper_name(speaker.name)))
        if row is None:
            row = self._new(key, speaker, surname)
        return row

    def _surname_match(
        self, surname: str, speaker: Speaker, context: _Context, *, retyped: bool
    ) -> CanonicalSpeaker | None:
        """The full-name person a bare surname is, by rule 3; None when nothing says."""
        candidates = sorted(
            (r for r in self.by_key.values() if r.surname == surname and r.key.startswith("person:")),
            key=lambda r: r.key,
        )
        gender = gender_of(aliases_of(speaker))
        if gender is not None:
            known = [r for r in candidates if gender_of(r.aliases) == gender]
            candidates = known or [r for r in candidates if gender_of(r.aliases) is None]
        if not candidates:
            return None
        named = context.full_name_counts(candidates)
        best = max(named.values(), default=0)
        if best and sum(n * 2 >= best for n in named.values()) == 1:
            return next(r for r in candidates if named[r.key] == best)
        words = descriptor_words(speaker.descriptors)
        overlapping = [r for r in candidates if words & descriptor_words(r.descriptors)]
        if len(overlapping) == 1:
            return overlapping[0]
        dominant = max(candidates, key=lambda r: (r.statement_count, r.article_count))
        if retyped and self._known_otherwise(surname, dominant):
            return None
        others = [r for r in candidates if r is not dominant]
        if any(context.active(self.activity.get(r.key, set())) for r in others):
            return None
        return dominant

    def _known_otherwise(self, word: str, person: CanonicalSpeaker) -> bool:
        """Whether the corpus knows a non-person speaker by this one word in as many
        articles as ``person``."""
        rows = (self.by_key.get(f"{kind}:{word}") for kind in NON_PERSON)
        return any(
            r is not None and r.type != "person" and r.article_count >= person.article_count for r in rows
        )

    def _middle_match(self, tokens: list[str]) -> CanonicalSpeaker | None:
        """The stored person this full name is, up to its middle (see rule 2)."""
        first, last = tokens[0], tokens[-1]
        if middle := _middles(tokens):
            row = self.by_key.get(f"person:{first} {last}")
            if row is not None and all(_fits_middle(a, first, last, middle) for a in row.aliases):
                return row
            return None
        variants = [
            r
            for r in self.by_key.values()
            if r.surname == last
            and r.key.startswith(f"person:{first} ")
            and _middles(r.key.removeprefix("person:").split())
        ]
        return variants[0] if len(variants) == 1 else None

    def _nickname_match(self, tokens: list[str]) -> CanonicalSpeaker | None:
        """The one stored person whose first name is this one's formal or short form
        ("Joe Biden" and "Joseph R. Biden"), middles allowing."""
        first, last, middle = _formal(tokens[0]), tokens[-1], _middles(tokens)
        found = []
        for row in self.by_key.values():
            other = row.key.removeprefix("person:").split()
            if row.surname != last or not row.key.startswith("person:") or other[0] == tokens[0]:
                continue
            if _formal(other[0]) == first and (
                not middle or not _middles(other) or _same_middle(middle, _middles(other))
            ):
                found.append(row)
        return found[0] if len(found) == 1 else None

    def _learn_aliases(self, article: Article) -> None:
        """Rule 4: join the rows an acronym the article defines and its name stand for."""
        for acronym, name in learned_aliases(article.text).items():
            for kind in NON_PERSON:
                short = self.by_key.get(f"{kind}:{fold(acronym)}")
                full = self.by_key.get(f"{kind}:{fold(proper_name(name))}")
                if short is None and full is None:
                    continue
                if full is None and short is not None:
                    full = self._new(f"{kind}:{fold(proper_name(name))}", None, None, name=name, kind=kind)
                    full.named = True
                assert full is not None
                if short is not None and short is not full:
                    self._merge(short, full)
                if acronym not in full.aliases:
                    full.aliases.insert(0, acronym)  # past MAX_LIST: it is how the row is found
                    self.by_alias[fold(acronym)] = full
                self.touched[full.key] = full

    def _merge(self, old: CanonicalSpeaker, into: CanonicalSpeaker) -> None:
        into.article_count += old.article_count
        into.statement_count += old.statement_count
        _extend(into.aliases, old.aliases)
        _extend(into.descriptors, old.descriptors)
        self.votes.setdefault(into.key, Counter()).update(self.votes.pop(old.key, Counter()))
        into.type = self._voted_type(into)
        self.merged[old.id] = into.id
        self.touched.pop(old.key, None)
        del self.by_key[old.key]

    def _index_aliases(self, row: CanonicalSpeaker) -> None:
        if row.named and not row.key.startswith(("person:", "surname:", "anon:")):
            for alias in row.aliases:
                if alias.isupper() and fold(alias) != row.key.partition(":")[2]:
                    self.by_alias.setdefault(fold(alias), row)

    def _new(
        self,
        key: str,
        speaker: Speaker | None,
        surname: str | None,
        *,
        name: str = "",
        kind: str = "",
    ) -> CanonicalSpeaker:
        if speaker is not None:
            person = speaker.type == "person" and speaker.named and not speaker.anonymous
            if person:
                name = " ".join(person_name(speaker.name))
            elif speaker.named:  # "the" kept as written: "the Pentagon", "Reuters"
                the = speaker.name[:4] if speaker.name[:4].casefold() == "the " else ""
                name = the + proper_name(speaker.name)
            name = name or speaker.name
        row = CanonicalSpeaker(
            id=canonical_id(key),
            key=key,
            name=name,
            type=speaker.type if speaker is not None else kind,
            named=speaker.named if speaker is not None else True,
            anonymous=speaker.anonymous if speaker is not None else False,
            surname=surname,
            aliases=[],
            descriptors=[],
        )
        self.by_key[key] = row
        self.votes.setdefault(key, Counter())
        return row


def _as_person(speaker: Speaker) -> list[str]:
    """The person keys a name typed otherwise may stand for, longest first: each run of two
    or more capitalised words that ends it ("Former Hewlett-Packard CEO Carly Fiorina" typed
    organization: "person:carly fiorina" among them); none for a speaker typed person."""
    if speaker.type not in RETYPABLE or speaker.anonymous:
        return []
    words = [fold(w.rstrip(".,")) for w in proper_name(speaker.name).split()]
    capitalised = [w[:1].isupper() for w in proper_name(speaker.name).split()]
    return ["person:" + " ".join(words[i:]) for i in range(len(words) - 1) if all(capitalised[i:])]


def _formal(first: str) -> str:
    return load_lexicon().nicknames.get(first, first)


def _bare(article_key: str, speaker: Speaker) -> bool:
    """Whether a speaker is named by one word that rule 3 may join to a full name."""
    return speaker_key(article_key, speaker)[0].startswith("surname:") or bare_name(speaker) is not None


def _fits_middle(alias: str, first: str, last: str, middle: list[str]) -> bool:
    """Whether a form a person went by allows this middle; forms that are not this first
    and last name ("Donald Trump, her Republican opponent,") say nothing."""
    words = person_name(alias)
    tokens = [fold(t) for t in words]
    if len(tokens) < 3 or tokens[0] != first or tokens[-1] != last or not all(w[:1].isupper() for w in words):
        return True
    return _same_middle(_middles(tokens), middle)


class _Context:
    """What rule 3 reads of the article being assigned: its text, outlet and date."""

    def __init__(self, text: str, outlet: str | None, published: datetime.date | None) -> None:
        self.text = text
        self.outlet = outlet
        self.published = published

    def full_name_counts(self, rows: list[CanonicalSpeaker]) -> dict[str, int]:
        """How often the text names each person in full (any of its forms of two or more
        name words, title aside: "Donald Trump", "Donald J. Trump")."""
        counts = {}
        for row in rows:
            forms = {row.name} | {a for a in row.aliases if len(person_name(a)) >= 2}
            names = {" ".join(person_name(f)) for f in forms} | {f for f in forms if " " in f}
            counts[row.key] = sum(
                len(re.findall(rf"(?<![\w-]){re.escape(n)}(?![\w-])", self.text)) for n in names if n
            )
        return counts

    def active(self, seen: Iterable[Activity]) -> bool:
        """Whether any of ``seen`` is in this article's outlet and period (either unknown
        matches any)."""
        for outlet, date in seen:
            same_outlet = self.outlet is None or outlet is None or outlet == self.outlet
            near = self.published is None or date is None or abs(date - self.published) <= PERIOD
            if same_outlet and near:
                return True
        return False


def assign(con: duckdb.DuckDBPyConnection, batch: Sequence[Arrival]) -> SpeakerChanges:
    """Each article speaker of ``batch`` its canonical speaker, over the stored rows the batch
    may join (read through ``con``), in batch order; a speaker the article kept from the rows
    it replaces keeps its canonical speaker."""
    need = Lookups()
    for new in batch:
        wanted = lookups(new.key, new.article)
        need.keys |= wanted.keys
        need.surnames |= wanted.surnames
        need.aliases |= wanted.aliases
    stored = load_speakers(con, keys=need.keys, surnames=need.surnames, aliases=need.aliases)
    canon = Canonicaliser(stored.rows, votes=stored.votes, activity=stored.activity)
    loaded = set(canon.by_key)
    ids = {}
    for new in batch:
        rest = [sp for sp in new.article.speakers if sp.id not in new.kept]
        article = replace(new.article, speakers=rest) if new.kept else new.article
        found = canon.assign(new.key, article, outlet=new.outlet, published=new.published)
        ids[new.key] = {**new.kept, **found}
    return SpeakerChanges(
        ids=ids,
        new=[r for k, r in canon.touched.items() if k not in loaded],
        changed=[r for k, r in canon.touched.items() if k in loaded],
        merged=canon.merged,
    )
