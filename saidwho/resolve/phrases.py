"""Noun-phrase helpers over spaCy's parse: heads, base phrases, descriptors.

A source span such as "Aki Peritz, a former CIA analyst who served in Iraq" is split into
its head ("Peritz"), the personal name around the head ("Aki Peritz") and descriptor phrases
("former CIA analyst"). Phrases are token ranges ``(start, end)``, end exclusive.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from saidwho.quotemarks import DOUBLE, DOUBLED_APOSTROPHE, DOUBLED_BACKTICK
from saidwho.resolve.lexicon import Lexicon

DETERMINERS = frozenset({"a", "an", "the"})
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Children that start a new constituent rather than modify the head noun.
LEFT_SKIP = frozenset({"punct", "cc", "conj", "appos", "relcl", "acl", "advcl", "prep"})
RIGHT_KEEP = frozenset({"prep", "amod", "compound", "nummod", "case"})
# Marks that end a clause: comma-likes, brackets, dashes (em, en, double hyphen), double
# quotes (single ones are apostrophes too often to end anything).
CLAUSE_BREAK = frozenset(
    {",", ";", ":", "(", ")", "\u2014", "\u2013", "--", DOUBLED_APOSTROPHE, DOUBLED_BACKTICK, *DOUBLE}
)


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters ``start:end``, or None when they cover no token."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span


def head_of(span: Span) -> Token:
    """The syntactic head of ``span``: its first nominal token governed from outside it, else
    its first noun inside, else the token governed from outside ("old" of "The 67-year-old":
    a number is never the head of a source)."""
    outside = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    for token in outside:
        if token.pos_ in NOMINAL_POS:
            return token
    for token in span:
        # Not a number, nor a noun that measures an adjective ("year" of "67-year-old").
        if token.pos_ in NOMINAL_POS and token.pos_ != "NUM" and token.dep_ != "npadvmod":
            return token
    return outside[0] if outside else span.root


def base_phrase(head: Token, *, right: bool = True) -> tuple[int, int]:
    """The head noun with its modifiers, stopping before commas, clauses and appositives.

    ``right=False`` keeps only left modifiers ("reporters" from "reporters at the Pentagon").
    """
    lefts = [c.left_edge.i for c in head.lefts if c.dep_ not in LEFT_SKIP]
    start = min(lefts, default=head.i)
    end = head.i + 1
    if right:
        for child in head.rights:
            keep = child.dep_ in RIGHT_KEEP or (child.dep_ == "acl" and child.tag_ == "VBN")
            if not keep:
                break
            end = child.right_edge.i + 1
    doc = head.doc
    for i in range(head.i + 1, end):
        if doc[i].text in CLAUSE_BREAK:
            end = i
            break
    for i in range(head.i - 1, start - 1, -1):
        if doc[i].text in CLAUSE_BREAK or doc[i].is_space:
            start = i + 1
            break
    # Blanked boilerplate and paragraph breaks parse as whitespace tokens that the parser
    # may hang on a phrase; a name never starts or ends with one, nor with a quote mark.
    while start < head.i and (doc[start].is_space or doc[start].is_quote):
        start += 1
    while end > head.i + 1 and doc[end - 1].is_space:
        end -= 1
    return start, end


def strip_determiner(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "a", "an" or "the" and stray punctuation around ``start:end``."""
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in {".", "'s"}:
        end -= 1
    return start, end


def phrase_text(doc: Doc, start: int, end: int) -> str:
    """The article text of tokens ``start:end`` (empty when the range is empty)."""
    if start >= end:
        return ""
    return doc[start:end].text


def is_title(token: Token, lexicon: Lexicon) -> bool:
    """Titles and honorifics that may precede a personal name ("Sen.", "Mr.", "President")."""
    lower = token.lower_
    return lower in lexicon.titles or lower in lexicon.honorifics


def name_bounds(head: Token, lexicon: Lexicon) -> tuple[int, int]:
    """The personal name ending at ``head``: the run of capitalised non-title tokens."""
    doc = head.doc
    start = head.i
    if head.ent_type_ == "PERSON":
        start = _ent_start(head)
        # NER may tag the surname alone ("spokesperson Leyla [Aziz]"): one capitalised word
        # compounded to it, in no entity and no lexicon, not opening the sentence (where a
        # role is capitalised: "Pensioner [Joan Mabry]"), is its given name.
        if start == head.i and start > 0 and _given_name(doc[start - 1], head, lexicon):
            start -= 1
    else:
        while start > 0 and (
            (doc[start - 1].tag_ == "NNP" and doc[start - 1].dep_ == "compound")
            or _capitals(doc[start - 1], head)
        ):
            start -= 1
    while start < head.i and (is_title(doc[start], lexicon) or _role_in_capitals(doc[start], lexicon)):
        start += 1
    end = head.i + 1
    while end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "I":
        end += 1
    while end > start + 1 and doc[end - 1].text in {"'s", "'", "\u2019s"}:
        end -= 1
    return start, end


def _given_name(token: Token, head: Token, lexicon: Lexicon) -> bool:
    """A proper noun just before a PERSON entity that reads as its given name, or a given
    name the parse took for a preposition with the surname its object ("Per Olsen")."""
    return (
        (
            (token.tag_ == "NNP" and token.dep_ == "compound" and token.head.i == head.i)
            or (misparsed_given_name(token) and token.i + 1 == head.i)
        )
        and token.ent_type_ == ""
        and token.text[:1].isupper()
        and token.is_alpha
        and not token.is_sent_start
        and not is_title(token, lexicon)
        and token.lower_ not in lexicon.honorifics
        and token.lower_ not in lexicon.person_nouns
        and token.lower_ not in lexicon.organization_nouns
    )


def is_paper_name(head: Token, lexicon: Lexicon) -> bool:
    """A paper's name after "the" ("the Gazette", "the Brackley Gazette"): its last word a
    media word, whatever NER tagged it (the small model often reads "Gazette" as PERSON)."""
    if head.tag_ != "NNP" or head.text not in lexicon.media_words:
        return False
    i = head.i
    while i > 0 and head.doc[i - 1].tag_ == "NNP":
        i -= 1
    return i > 0 and head.doc[i - 1].lower_ == "the"


def misparsed_given_name(token: Token) -> bool:
    """A capitalised given name inside a sentence that the parse took for a preposition, its
    surname the object and a PERSON ("Per Olsen": "Per" as in "per cent")."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.dep_ == "prep"
        and token.text[:1].isupper()
        and not token.is_sent_start
        and nxt is not None
        and nxt.dep_ == "pobj"
        and nxt.head.i == token.i
        and nxt.ent_type_ == "PERSON"
    )


def _capitals(token: Token, head: Token) -> bool:
    """A word in capitals before a name in capitals on its line ("RUTH" of a transcript's
    "RUTH NJOROGE:"), which the parse may not tag as a name."""
    same_line = "\n" not in token.whitespace_
    return head.is_upper and len(head) > 1 and token.is_upper and token.is_alpha and same_line


def _role_in_capitals(token: Token, lexicon: Lexicon) -> bool:
    """A role before a name in capitals ("ANCHOR" of "ANCHOR DAVID OKAFOR:")."""
    return token.is_upper and token.lower_ in lexicon.person_nouns


def _ent_start(token: Token) -> int:
    doc = token.doc
    i = token.i
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def descriptors(head: Token, name_start: int | None, lexicon: Lexicon) -> list[str]:
    """Role and affiliation phrases attached to ``head``.

    For a named head: the words before the name ("Defense Secretary" in "Defense Secretary
    Ash Carter"), its appositives ("a former CIA analyst") and prepositional affiliations
    ("of the Brookings Institution" -> "Brookings Institution"). For an unnamed head: its
    own phrase ("U.S. counterterrorism official") and its appositives. Either way, a role after
    "who is" ("who is a senior fellow at ..."). Leading determiners are dropped.
    """
    doc = head.doc
    found: list[str] = []
    start, end = base_phrase(head)
    if name_start is None:
        found.append(phrase_text(doc, *strip_determiner(doc, start, end)))
    else:
        pre_start = start
        while pre_start < name_start and doc[pre_start].lower_ in lexicon.honorifics:
            pre_start += 1
        pre = [i for i in range(pre_start, name_start) if doc[i].lower_ not in lexicon.honorifics]
        if pre:
            found.append(phrase_text(doc, *strip_determiner(doc, pre[0], pre[-1] + 1)))
        for child in head.rights:
            if child.dep_ == "prep":
                found.extend(
                    phrase_text(doc, *strip_determiner(doc, *base_phrase(pobj)))
                    for pobj in child.children
                    if pobj.dep_ == "pobj"
                )
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        found.append(phrase_text(doc, *strip_determiner(doc, *base_phrase(head.head))))
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ != "PERSON":
            found.append(phrase_text(doc, *strip_determiner(doc, *base_phrase(child))))
        if child.dep_ == "relcl" and child.lemma_ == "be":
            # "X, who is a senior fellow at the Foundation, said": the role after the copula.
            found.extend(
                phrase_text(doc, *strip_determiner(doc, *base_phrase(attr)))
                for attr in child.children
                if attr.dep_ == "attr" and attr.pos_ == "NOUN"
            )
    return dedupe(found)


def dedupe(items: list[str]) -> list[str]:
    """Non-empty items in first-seen order, compared case-insensitively.

    An item that only repeats the end of another ("official" after "U.S. counterterrorism
    official", from a later "the official") is dropped too.
    """
    keys = [item.lower() for item in items]
    # Every ending after a space of every item: a speaker quoted a thousand times has a
    # thousand descriptors, and comparing each with all others cost quadratic time.
    endings = {key[i + 1 :] for key in set(keys) for i, c in enumerate(key) if c == " "}
    out: list[str] = []
    seen: set[str] = set()
    for item, key in zip(items, keys, strict=True):
        shorter = key in endings
        if item and key not in seen and not shorter:
            seen.add(key)
            out.append(item)
    return out


# "Central Rivers Forecast Center (CRFC)": a parenthesised run of capitals after a name.
_ACRONYM = re.compile(r"\(([A-Z][A-Z&.]{1,9})\)")
# Lowercase words a name may hold that its acronym skips ("Department of Homeland Security").
ACRONYM_SKIPS = frozenset({"of", "and", "for", "the", "on", "in", "&", "de", "du", "des", "la", "le"})


def acronyms(text: str) -> dict[str, str]:
    """Lowercase acronym -> the name it abbreviates, where ``text`` writes "Name (ACRONYM)"
    and the initials of the name's capitalised words spell the acronym."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        letters = match.group(1).replace(".", "").replace("&", "")
        words: list[str] = []
        initials = ""
        for word in reversed(text[max(0, match.start() - 200) : match.start()].split()):
            if word.lower() in ACRONYM_SKIPS and words:
                words.append(word)
                continue
            if not word[:1].isupper() or not word[-1:].isalnum():
                break
            words.append(word)
            initials = word[0] + initials
            if initials == letters:
                found.setdefault(letters.lower(), " ".join(reversed(words)))
                break
            if not letters.endswith(initials):
                break
    return found
