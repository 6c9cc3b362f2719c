"""Read one attribution's source span: pronoun, personal name or descriptive phrase.

Classification follows the head noun, in this order: a proper name the article itself calls
an organization or outlet (see :func:`named_kind`) -> that; personal name -> person; outlet
lexicon or an ORG entity with a media word -> outlet; ORG/GPE entity, organization
lexicon or noun -> organization; document noun -> document; NORP -> group (plural) or
person; other plurals and "family", "couple" -> group; person nouns and agent suffixes ->
person; else unknown.

A common noun with a proper name in apposition is known by the name: "A herders'
association, the Northern Pastoralists Union" is the union, "herders' association" one of
its descriptors. An organization's name is the whole entity ("The National Oceanic and
Atmospheric Administration", which the parse splits at "and"), without a leading common
noun that says what it is ("rights group Sahel Watch" -> "Sahel Watch" + "rights group").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import msgspec
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from saidwho.nlp import lemma
from saidwho.nlp.index import doc_text, entity_of
from saidwho.records import Span, SpeakerType
from saidwho.resolve.lexicon import Lexicon
from saidwho.resolve.names import skip_dateline, trim_name
from saidwho.resolve.phrases import (
    base_phrase,
    descriptors,
    head_of,
    is_paper_name,
    is_title,
    misparsed_given_name,
    name_bounds,
    phrase_text,
    strip_determiner,
    token_span,
)

MentionKind = Literal["pronoun", "name", "phrase"]
# Pronoun -> the kind of referent it can stand for.
# Possessive determiners -> the kind of referent they stand for.
POSSESSIVES = {"his": "male", "her": "female", "its": "thing", "their": "plural"}
PRONOUNS: dict[str, str] = {
    **dict.fromkeys(["he", "him", "himself"], "male"),
    **dict.fromkeys(["she", "her", "herself"], "female"),
    **dict.fromkeys(["i", "me", "myself"], "first"),
    **dict.fromkeys(["who", "whom", "someone", "somebody"], "person"),
    **dict.fromkeys(["we", "us", "ourselves"], "we"),
    **dict.fromkeys(["they", "them", "themselves"], "plural"),
    **dict.fromkeys(["it", "itself", "which"], "thing"),
}
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
LOWERED_DETERMINERS = DEFINITE | {"a", "an", "one", "some", "many", "several", "most", "other", "few"}
# Agent-noun endings for person heads missing from the lexicon ("historian", "consultant").
PERSON_SUFFIXES = ("ist", "ian", "ant", "or", "er", "ee")
GROUP_ENTITY = "NORP"
ORGANIZATION_ENTITIES = frozenset({"ORG", "GPE", "FAC"})
RELATIVE_THING = frozenset({"which"})
RELATIVES = frozenset({"who", "which", "that"})
# Entity labels a "who" never stands for.
NOT_PEOPLE = frozenset({"GPE", "LOC", "FAC", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "DATE", "LAW"})
# Singular nouns for several people ("the family of the victim said").
COLLECTIVES = frozenset({"family", "couple", "crowd", "household", "staff", "crew", "jury", "workforce"})


class SourceMention(msgspec.Struct, frozen=True, kw_only=True):
    """What a source span says about its speaker; token indices point into the Doc."""

    span: Span
    head: int
    kind: MentionKind
    type: SpeakerType
    text: str
    key: str
    named: bool = False
    definite: bool = False
    bare: bool = False
    pronoun: str | None = None
    lemma: str = ""
    lemmas: frozenset[str] = frozenset()
    descriptors: list[str] = msgspec.field(default_factory=list)
    # The token of a possessive pronoun opening the phrase ("her" in "her office").
    possessor: int | None = None


TIME_ENTITIES = frozenset({"DATE", "TIME"})


def analyse(
    doc: Doc,
    source: Span,
    lexicon: Lexicon,
    surnames: frozenset[str] = frozenset(),
    acronyms: Mapping[str, str] | None = None,
) -> SourceMention | None:
    """Classify ``source``; None when it covers no token.

    ``surnames`` (lowercase) are the article's PERSON surnames: a proper noun matching one
    is a person even where NER tagged it otherwise ("Peritz" as ORG). ``acronyms`` (from
    :func:`~saidwho.resolve.phrases.acronyms`) are the article's: one is never a person.
    """
    tokens = token_span(doc, source.start, source.end)
    if tokens is None:
        return None
    after_dateline = skip_dateline(tokens)
    label = _speaker_label(tokens)
    if label is not None:
        return _person_name(source, label, lexicon)
    head = head_of(after_dateline)
    if is_paper_name(head, lexicon) and _appositive_person(head) is None:  # "the Gazette": NER's PERSON
        return _phrase(source, head, lexicon, "outlet", first=after_dateline.start)
    if _known_surname(after_dateline, head, surnames):
        return _person_name(source, head, lexicon)
    head = _relative_antecedent(head, lexicon)
    if head.lower_ in PRONOUNS and head.tag_ in {"PRP", "PRP$", "WP", "WDT", "NN"}:
        return SourceMention(
            span=source, head=head.i, kind="pronoun", type=_pronoun_type(head.lower_),
            text=head.text, key=head.lower_, pronoun=PRONOUNS[head.lower_],
        )  # fmt: skip
    if head.ent_type_ != "PERSON":
        head = _appositive_person(head) or head
    if head.pos_ == "NOUN":
        head = _misparsed_appositive(head) or head
    if head.pos_ == "NOUN":
        head = next((c for c in head.children if c.dep_ == "appos" and named_kind(c, lexicon)), head)
    kind = named_kind(head, lexicon)
    if kind is None and head.pos_ == "NOUN":
        head, kind = _name_after(head, tokens, lexicon)
    if kind is None and acronyms and head.lower_ in acronyms:
        full = acronyms[head.lower_]
        outlet = full in lexicon.outlets or any(w in lexicon.media_words for w in full.split())
        kind = "outlet" if outlet else "organization"
    if kind is not None:
        return _phrase(source, head, lexicon, kind, first=after_dateline.start)
    if (
        is_person_name(head, lexicon)
        or (head.tag_ == "NNP" and head.lower_ in surnames)
        or _role_appositive(head, lexicon)
    ):
        return _person_name(source, head, lexicon)
    return _phrase(source, head, lexicon, first=after_dateline.start)


def _appositive_person(head: Token) -> Token | None:
    """A PERSON in apposition to ``head``, or to its appositive ("the Brackley Gazette, the
    trust's chief executive, Dr Rohan Mehta," as the parse hangs it)."""
    for appos in (c for c in head.children if c.dep_ == "appos"):
        if appos.ent_type_ == "PERSON":
            return appos
        inner = next((c for c in appos.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
        if inner is not None:
            return inner
    return None


def _misparsed_appositive(noun: Token) -> Token | None:
    """The person named after a role noun where the parse took the given name for a
    preposition ("Its chairman, Per Olsen," read as "chairman [Per [Olsen]]")."""
    for prep in noun.rights:
        if prep.i == noun.i + 2 and noun.nbor(1).text == "," and misparsed_given_name(prep):
            return prep.nbor(1)
    return None


def _speaker_label(tokens: SpacySpan) -> Token | None:
    """The last word of a transcript speaker's label in capitals that opens a line before a
    colon ("OKAFOR" of "ANCHOR DAVID OKAFOR:", "MARSH" of "DECLAN MARSH, COUNTY COUNCIL:");
    None for any other source. The parse reads such words as anything ("OKAFOR" a plural
    noun), so the label alone says who speaks."""
    text = doc_text(tokens.doc)
    opens_line = tokens.start_char == 0 or text[tokens.start_char - 1] == "\n"
    if not opens_line or not text[tokens.end_char :].lstrip(" \t").startswith(":"):
        return None
    name = []
    for token in tokens:
        if token.text in {",", "("}:
            break
        name.append(token)
    words = [t for t in name if t.is_alpha]
    return name[-1] if words and all(t.is_upper for t in words) and name[-1].is_alpha else None


def _known_surname(tokens: SpacySpan, head: Token, surnames: frozenset[str]) -> bool:
    """A source that is only the surname of a person the article names in full ("Greaves
    declined to say" after "Martin Greaves"), however the parse tags it: a plural noun
    ("Greaves"), an organization ("Banks")."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    return words == [head] and head.text[:1].isupper() and head.lower_ in surnames


def named_kind(head: Token, lexicon: Lexicon) -> SpeakerType | None:
    """ "organization" or "outlet" for a proper name its own phrase types: a last word such as
    "Federation" or "Holdings", a noun before it ("rights group Sahel Watch", "the newspaper
    Vesti"), an appositive ("Sahel Watch, a rights group", "a herders' association, the
    Northern Pastoralists Union") or a "which" clause ("AgriNutrients Europe, which
    represents producers"); None otherwise. NER's PERSON tag yields to all but the last word."""
    if head.pos_ != "PROPN":
        return None
    nouns = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        nouns.append(head.head)
    found = _noun_kind(nouns, lexicon)
    if found is not None:
        return found
    which = any(
        c.dep_ == "relcl"
        and any(g.dep_ in {"nsubj", "nsubjpass"} and g.lower_ in RELATIVE_THING for g in c.children)
        for c in head.children
    )
    if which:
        return "organization"
    doc = head.doc
    first, _ = name_bounds(head, lexicon)
    before = [doc[first - 1]] if first > 0 and doc[first - 1].pos_ == "NOUN" else []
    found = _noun_kind(before, lexicon)
    if found is not None or head.ent_type_ == "PERSON":
        return found
    if lemma(head) in lexicon.organization_nouns or head.lower_ in lexicon.organization_nouns:
        return "organization"
    return None


def _role_appositive(head: Token, lexicon: Lexicon) -> bool:
    """A proper noun with a person's role in apposition ("Gemma Rourke, general secretary of
    the union"), which is a person even where NER took the name for an organization."""
    if head.pos_ != "PROPN":
        return False
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            role = lemma(child)
            return role in lexicon.person_nouns or role in lexicon.titles or role.endswith(PERSON_SUFFIXES)
    return False


def _name_after(noun: Token, tokens: SpacySpan, lexicon: Lexicon) -> tuple[Token, SpeakerType | None]:
    """The proper name right after an outlet or organization noun ("the newspaper Vecherny
    Kurier", which the parse may read as two subjects), with that noun's kind."""
    kind = _noun_kind([noun], lexicon)
    end = noun.i + 1
    while end < tokens.end and noun.doc[end].pos_ == "PROPN":
        end += 1
    if kind is None or end == noun.i + 1:
        return noun, None
    return noun.doc[end - 1], kind


def _noun_kind(nouns: list[Token], lexicon: Lexicon) -> SpeakerType | None:
    for noun in nouns:
        noun_lemma = lemma(noun)
        if noun_lemma in lexicon.outlet_nouns and noun_lemma not in lexicon.organization_nouns:
            return "outlet"
        if noun_lemma in lexicon.organization_nouns:
            return "organization"
    return None


def _relative_antecedent(head: Token, lexicon: Lexicon) -> Token:
    """The noun a relative pronoun stands for ("One EU official, who asked not to be named,
    said ..." -> "official"); any other token as it is.

    The noun right before the pronoun (past a comma) wins over the parse, which hangs a
    "who" after a list on any name in it; a described name stands for its description
    ("John Bentel, a tech staffer, who ..." -> "Bentel"). "who" never stands for a place, an
    organization or a thing ("Democrats on Capitol Hill, who ...": left to the pronoun rules).
    """
    clause = head.head
    relative = head.lower_ in RELATIVES and head.dep_ in {"nsubj", "nsubjpass"}
    if not relative or clause.dep_ != "relcl":
        return head
    doc = head.doc
    before = head.i - 1 - (head.i > 1 and doc[head.i - 1].text == ",")
    noun = doc[before] if before >= 0 and doc[before].pos_ in {"NOUN", "PROPN"} else clause.head
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return head
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        noun = noun.head
    if head.lower_ == "who" and (
        noun.ent_type_ in NOT_PEOPLE
        or classify(noun, noun.text, lexicon) in {"organization", "outlet", "document"}
    ):
        return head
    return noun


def _pronoun_type(pronoun: str) -> SpeakerType:
    kind = PRONOUNS[pronoun]
    if kind in {"male", "female", "person", "first"}:
        return "person"
    return "group" if kind in {"plural", "we"} else "unknown"


def is_person_name(head: Token, lexicon: Lexicon) -> bool:
    """PERSON entities, and proper nouns outside other entities that no lexicon claims."""
    if head.ent_type_ == "PERSON":
        return True
    if head.tag_ != "NNP" or head.ent_type_ not in {"", "PERSON"}:
        return False
    doc = head.doc
    start, end = strip_determiner(doc, *base_phrase(head, right=False))
    proper = phrase_text(doc, start, end)
    return not (
        proper in lexicon.organizations
        or proper in lexicon.outlets
        or head.lower_ in lexicon.organization_nouns
        or doc[start].lower_ in DEFINITE
        or (start > 0 and doc[start - 1].lower_ in DEFINITE)
    )


def _person_name(source: Span, head: Token, lexicon: Lexicon) -> SourceMention:
    doc = head.doc
    bounds = name_bounds(head, lexicon)
    first, end = trim_name(head, *bounds, lexicon) or bounds
    found = descriptors(head, first, lexicon)
    return SourceMention(
        span=source, head=head.i, kind="name", type="person", text=doc[first:end].text,
        key=doc[first:end].text.lower(), named=True, lemmas=role_lemmas(head, first, lexicon),
        descriptors=found,
    )  # fmt: skip


def role_lemmas(head: Token, name_start: int | None, lexicon: Lexicon) -> frozenset[str]:
    """Head nouns a later definite description may reuse ("the analyst", "the secretary")."""
    doc = head.doc
    lemmas = {lemma(head)}
    lemmas.update(lemma(c) for c in head.children if c.dep_ == "appos")
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        lemmas.add(lemma(head.head))
    if name_start is not None and name_start > 0 and not is_title(doc[name_start - 1], lexicon):
        lemmas.add(lemma(doc[name_start - 1]))
    elif name_start is not None and name_start > 0:
        lemmas.add(doc[name_start - 1].lower_.rstrip("."))
    return frozenset(lemmas)


def _phrase(
    source: Span, head: Token, lexicon: Lexicon, kind: SpeakerType | None = None, *, first: int = 0
) -> SourceMention:
    """A descriptive or named phrase; ``first`` is where the source starts past a dateline
    ("BAGHDAD - Iraqi officials" is "Iraqi officials")."""
    doc = head.doc
    start, end = _whole_entity(source, head, *base_phrase(head))
    if first <= head.i:  # a relative pronoun's noun lies before the source: nothing to skip
        start = max(start, first)
    end = _before_time(head, end)
    while end > head.i + 1 and doc[end - 1].dep_ == "case" and doc[end - 1].head == head:
        end -= 1  # a possessor source ("the party's promised reform") is named without "'s"
    bare_start, bare_end = strip_determiner(doc, start, end)
    proper = phrase_text(doc, bare_start, bare_end)
    kind = kind or classify(head, proper, lexicon)
    # A proper name is capitalised: "the electoral commission" tagged NNP is no name.
    named = (
        head.pos_ == "PROPN" and head.text[:1].isupper() and kind in {"organization", "outlet", "document"}
    )
    found: list[str] = []
    lemmas = role_lemmas(head, None, lexicon)
    if named:
        name_start = _after_kind_nouns(doc, bare_start, head.i, lexicon)
        if name_start > bare_start:
            found.append(phrase_text(doc, bare_start, name_start))
            proper = phrase_text(doc, name_start, bare_end)
            lemmas |= {lemma(doc[name_start - 1])}
        found += _appositives(head)
    definite = doc[start].lower_ in DEFINITE
    owned = start < head.i and doc[start].lower_ in POSSESSIVES and doc[start].dep_ == "poss"
    text = proper if named else _lower_determiner(phrase_text(doc, start, end))
    if not named and kind == "person":
        found = descriptors(head, None, lexicon)
    return SourceMention(
        span=source, head=head.i, kind="phrase", type=kind, text=text, key=proper.lower(),
        named=named, definite=definite, bare=definite and _plain(doc, start, end, head.i),
        lemma=lemma(head), lemmas=lemmas, descriptors=found,
        possessor=start if owned else None,
    )  # fmt: skip


def _before_time(head: Token, end: int) -> int:
    """``end`` cut before a phrase of time after the head ("Two analysts on Thursday" ->
    "Two analysts"): when someone spoke is not who they are."""
    for child in head.rights:
        if (
            child.dep_ == "prep"
            and child.i < end
            and any(t.ent_type_ in TIME_ENTITIES for t in child.subtree)
        ):
            return min(end, child.left_edge.i)
    # Or one ending the phrase, deeper in it ("a commentary published by SPA on Wednesday").
    doc = head.doc
    for t in doc[head.i + 1 : end]:
        if (
            t.dep_ == "prep"
            and t.right_edge.i == end - 1
            and any(x.ent_type_ in TIME_ENTITIES for x in t.subtree)
        ):
            return t.left_edge.i
    return end


def _plain(doc: Doc, start: int, end: int, head: int) -> bool:
    """Whether ``start:end`` is a determiner, lowercase adjectives and its head noun: "the
    official", "the outgoing prime minister", which may mean someone named before."""
    between = doc[start + 1 : head]
    return end == head + 1 and all(t.pos_ == "ADJ" and t.is_lower and not t.ent_type_ for t in between)


def _whole_entity(source: Span, head: Token, start: int, end: int) -> tuple[int, int]:
    """``start:end`` widened to the organization entity around ``head`` where the source holds
    all of it: the parse cuts "The National Oceanic and Atmospheric Administration" at "and"."""
    ent = entity_of(head)
    if ent is None or ent.label_ not in ORGANIZATION_ENTITIES:
        return start, end
    if ent.start_char < source.start or ent.end_char > source.end:
        return start, end
    return min(start, ent.start), max(end, ent.end)


def _after_kind_nouns(doc: Doc, start: int, head: int, lexicon: Lexicon) -> int:
    """Where a name starts after lowercase words or a noun saying what it is ("event organizer
    Alliance to Reclaim Our Schools", "rights group Sahel Watch", "Consumer group Shopwise")."""
    i = start
    while i < head and doc[i].is_lower and doc[i].pos_ not in {"ADP", "CCONJ", "PUNCT", "DET"}:
        i += 1
    lowered = i
    while i < head and doc[i].pos_ == "NOUN":
        i += 1
    if i == lowered or doc[i].pos_ != "PROPN":
        return lowered if doc[lowered].pos_ == "PROPN" else start
    last = lemma(doc[i - 1])
    return i if last in lexicon.organization_nouns or last in lexicon.outlet_nouns else lowered


def _appositives(head: Token) -> list[str]:
    """Common-noun phrases in apposition to a name, either way round."""
    doc = head.doc
    nouns = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        nouns.append(head.head)
    return [phrase_text(doc, *strip_determiner(doc, *base_phrase(n))) for n in nouns]


def _lower_determiner(text: str) -> str:
    """ "A U.S. official" at a sentence start reads "a U.S. official" as a name."""
    first, _, rest = text.partition(" ")
    if rest and first.lower() in LOWERED_DETERMINERS:
        return f"{first.lower()} {rest}"
    return text


def classify(head: Token, proper: str, lexicon: Lexicon) -> SpeakerType:
    """The speaker type of an unnamed or non-person phrase headed by ``head``."""
    head_lemma = lemma(head)
    plural = head.tag_ in {"NNS", "NNPS"}
    if proper in lexicon.outlets or _media_entity(head, lexicon):
        return "outlet"
    if head_lemma in lexicon.outlet_nouns and head_lemma not in lexicon.organization_nouns:
        return "outlet"
    if (
        head.ent_type_ in ORGANIZATION_ENTITIES
        or proper in lexicon.organizations
        or head_lemma in lexicon.organization_nouns
        or proper.lower() in lexicon.organization_nouns
    ):
        return "organization"
    if head_lemma in lexicon.document_nouns or head.lower_ in lexicon.document_nouns:
        return "document"
    if head.ent_type_ == GROUP_ENTITY or plural:
        return "group" if plural else "person"
    if head_lemma in COLLECTIVES:
        return "group"
    if head_lemma in lexicon.person_nouns or head_lemma.endswith(PERSON_SUFFIXES) or head.tag_ == "NNP":
        return "person"
    return "unknown"


def _media_entity(head: Token, lexicon: Lexicon) -> bool:
    if head.ent_type_ != "ORG":
        return False
    doc = head.doc
    start = end = head.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return any(t.text in lexicon.media_words for t in doc[start : end + 1])
