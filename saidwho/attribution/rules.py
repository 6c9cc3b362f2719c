"""Rule-based attribution: cue, then source and content from the dependency parse.

One pass over the tokens (linear in the Doc):

1. find the quoted passages (:mod:`saidwho.attribution.quotes`) and index them by token;
2. at each cue (:mod:`saidwho.attribution.cues`) outside a quote, take the quotes next to
   it as content ('"X," he said, "Y."' gives one attribution with two content ranges), else
   its clausal complement, object or other complement;
3. take the source from the cue's subject (walking up from "saying"/"adding" clauses),
   the agent of a passive, or the name after an inverted cue ('said Aki Peritz');
   "according to X" takes X as source and the rest of the sentence as content.
4. add statements signed with a dash (:mod:`saidwho.attribution.dash_signed`), as the model
   extractor does.

Span conventions follow PolNeAR train: a source is the whole noun phrase with appositives
and relative clauses; a content keeps "that" and its quote marks but not the sentence's
closing punctuation outside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from saidwho.attribution.cues import Cue, according_cue, noun_cue, verb_cue
from saidwho.attribution.dash_signed import add_signed
from saidwho.attribution.lexicon import Lexicon, load_lexicon
from saidwho.attribution.quotes import Quote, find_quotes, quote_kind, quoted_mask
from saidwho.nlp import lemma
from saidwho.nlp.index import doc_text, sentence_of
from saidwho.quotemarks import BACKTICK, DOUBLED_APOSTROPHE, QUOTE_MARKS
from saidwho.records import Attribution, Content, Kind, Span

# Tokens that are quotation marks, kept at a content's edges when it is trimmed; the
# backtick too, since a tokenised archive may open a quote with one.
_QUOTE_TOKENS = frozenset(QUOTE_MARKS + BACKTICK) | {DOUBLED_APOSTROPHE}
# Punctuation that may sit between a quote and its cue without ending the statement.
_GAP_PUNCT = frozenset({",", ":", "—", "\u2013", "-", "--"})
_SUBJECT_DEPS = ("nsubj",)
_INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp"})
_OBJECT_DEPS = frozenset({"dobj", "prep", "oprd", "xcomp", "ccomp", "attr", "acomp"})
_BARE_DEPS = frozenset({"xcomp", "prep", "acomp", "attr", "oprd"})

_THAT = re.compile(r"\s*that\b", re.IGNORECASE)
# Verbs whose object is who was told: a "that" clause the parse hangs on the object is the
# content ("told the BBC's Today programme that ...").
_RECIPIENT_VERBS = frozenset({"tell", "assure", "inform", "remind", "warn", "notify", "promise"})

# Confidence by how the content was found; set by hand from train precision per rule.
CONFIDENCE = {"direct": 0.9, "mixed": 0.8, "clause": 0.75, "according": 0.8, "other": 0.5}


class _Page:
    """One Doc with its quotes indexed by token; ``used`` holds quotes already attributed."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.quotes = find_quotes(self.text)
        self.quoted = quoted_mask(self.text, self.quotes)
        self.quote_of = _quote_index(doc, self.quotes)
        self.used: set[int] = set()

    def whole_quotes(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Widen ``ranges`` so that a quote they cut into is taken whole (its closing mark)."""
        if not ranges:
            return ranges
        first = self.doc.char_span(ranges[0][0], ranges[0][1], alignment_mode="expand")
        last = self.doc.char_span(ranges[-1][0], ranges[-1][1], alignment_mode="expand")
        if first is None or last is None:
            return ranges
        self.used.update(self.quote_of[t.i] for t in (first[0], last[-1]) if self.quote_of[t.i] >= 0)
        out = list(ranges)
        q = self.quote_of[last[-1].i]
        if q >= 0:
            for s, e in self.quotes[q].ranges:
                if s < out[-1][1] < e:
                    out[-1] = (out[-1][0], e)
        q = self.quote_of[first[0].i]
        if q >= 0 and self.quotes[q].start < out[0][0] and len(self.quotes[q].ranges) == 1:
            out[0] = (self.quotes[q].start, out[0][1])
        return out


class RuleExtractor:
    """Finds attributions with cue lexicons and dependency rules."""

    name = "rules"

    def __init__(self, *, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> list[Attribution]:
        page = _Page(doc)
        found: list[Attribution] = []
        for token in doc:
            if token.is_space or page.quote_of[token.i] >= 0:
                continue
            att = self._attribution(page, token)
            if att is not None:
                found.append(att)
        return add_signed(page.text, found)

    def _attribution(self, page: _Page, token: Token) -> Attribution | None:
        if token.lower_ == "according":
            cue = according_cue(token)
            return _according(page, cue) if cue else None
        if token.pos_ in ("VERB", "AUX"):
            adjacent = _adjacent_quotes(page, token)
            cue = verb_cue(page.doc, token, self.lexicon, quoted=bool(adjacent))
            if cue is None:
                return None
            page.used.update(adjacent)
            return _verb_attribution(page, cue, [page.quotes[q] for q in sorted(adjacent)], self.lexicon)
        if token.pos_ == "NOUN":
            cue = noun_cue(token, self.lexicon)
            return _noun_attribution(page, cue) if cue else None
        return None


def _quote_index(doc: Doc, quotes: Sequence[Quote]) -> list[int]:
    """For each token, the index of the quote that covers it, or -1."""
    index = [-1] * len(doc)
    ranges = sorted((s, e, q) for q, quote in enumerate(quotes) for s, e in quote.ranges)
    r = 0
    for token in doc:
        while r < len(ranges) and ranges[r][1] <= token.idx:
            r += 1
        if r < len(ranges) and ranges[r][0] <= token.idx:
            index[token.i] = ranges[r][2]
    return index


def _adjacent_quotes(page: _Page, verb: Token) -> set[int]:
    """Quotes right before or after ``verb``, with only its own dependents or commas between.

    After the verb, the walk stops at another verb ('said in a statement, calling the
    measure "reckless"') or at a "that" clause ('told the BBC that the budget was "a con"');
    it crosses a paragraph break only after a colon ('Ms Carvell said:' then the quote); a
    quote followed by "that" is a name ('tells WLKR's "Morning Edition" that ...'), and one
    run on from the verb's object with no punctuation between is part of the complement
    ('calling the measure "reckless"').
    """
    doc, quote_of = page.doc, page.quote_of
    found: set[int] = set()
    for step in (-1, 1):
        i = verb.i + step
        colon = glued = False
        while 0 <= i < len(doc):
            tok = doc[i]
            q = quote_of[i]
            if q >= 0:
                if q not in page.used and not (step == 1 and (glued or _names_a_title(page, q))):
                    found.add(q)
                break
            if tok.is_space and "\n" in tok.text and not colon:
                break
            if step == 1 and (tok.pos_ == "VERB" or (tok.dep_ == "mark" and tok.lower_ == "that")):
                break
            if not (tok.is_space or tok.text in _GAP_PUNCT or _is_dependent(tok, verb)):
                break
            colon = step == 1 and (tok.text == ":" or (colon and tok.is_space))
            # 'calling the measure "reckless"': a quote run on from the object is part of it.
            glued = step == 1 and (tok.dep_ in ("dobj", "oprd") or (glued and not tok.is_punct))
            i += step
    if found:
        found |= _continuation(page, verb, found)
    return found


def _names_a_title(page: _Page, q: int) -> bool:
    """Whether the quote is followed by "that": a programme's or a paper's name, not a statement."""
    return _THAT.match(page.text, page.quotes[q].end) is not None


def _continuation(page: _Page, verb: Token, found: set[int]) -> set[int]:
    """The quote that follows the cue's sentence and ends its paragraph, carrying the statement on.

    PolNeAR joins '"X," he said. "Y."' and a quote-only paragraph after the cue's one into one
    content.
    """
    doc, text = page.doc, page.text
    sent_end = sentence_of(verb).end
    i = sent_end
    while i < len(doc) and (doc[i].is_space or page.quote_of[i] in found):
        i += 1
    if i >= len(doc) or page.quote_of[i] < 0 or page.quote_of[i] in page.used:
        return set()
    q = page.quote_of[i]
    quote = page.quotes[q]
    if doc[i].idx != quote.start or text.count("\n", doc[sent_end - 1].idx, quote.start) > 2:
        return set()
    line_end = text.find("\n", quote.end)
    rest = text[quote.end : line_end if line_end >= 0 else len(text)]
    return {q} if not rest.strip() else set()


def _is_dependent(tok: Token, verb: Token) -> bool:
    if tok.is_punct or tok.dep_ == "ccomp":
        return False
    return any(a == verb for a in tok.ancestors) and not any(
        a.dep_ == "ccomp" and a.head == verb for a in tok.ancestors
    )


def _verb_attribution(page: _Page, cue: Cue, quotes: list[Quote], lexicon: Lexicon) -> Attribution | None:
    doc = page.doc
    verb = doc[cue.head]
    source = _source(verb, quoted=bool(quotes))
    if quotes:
        ranges = [r for q in quotes for r in q.ranges]
        return _make(page, cue, source, ranges, "direct", CONFIDENCE["direct"])
    content, rule = _complement(verb)
    cut = _coordinated_cues(verb, lexicon)
    content = [t for t in content if not cue.start <= t.i < cue.end and t.i not in cut]
    if not content:
        return None
    ranges = page.whole_quotes(_ranges(page, content))
    kind = _kind(page, ranges)
    conf = CONFIDENCE["mixed"] if kind == "mixed" else CONFIDENCE[rule]
    return _make(page, cue, source, ranges, kind, conf)


def _coordinated_cues(verb: Token, lexicon: Lexicon) -> set[int]:
    """Token indices of a reporting verb the parse hung at the end of ``verb``'s clause,
    with its "and": the source's next statement, not part of this one ('said that herders
    had lost cattle and called for an investigation'). Only a verb in ``verb``'s own tense
    and without a subject counts (not '... would resign and announce ...')."""
    cut: set[int] = set()
    for conj in verb.subtree:
        if conj.i > verb.i and sayer_of(conj) == verb and lemma(conj) in lexicon.verbs:
            cc = [c for c in conj.head.children if c.dep_ == "cc" and c.i < conj.i]
            cut |= {t.i for t in conj.subtree} | {c.i for c in cc[-1:]}
    return cut


def sayer_of(conj: Token) -> Token | None:
    """For a verb coordinated at the end of a reported clause, the reporting verb it shares
    a subject with ('said ... and accused'), or None. The reported clause is the verb's
    complement, or a "that" clause the parse hung lower ('denied in a message that its
    leader had been wounded and said ...', "that" read as a relative pronoun)."""
    clause = conj.head
    if conj.dep_ != "conj" or conj.pos_ != "VERB" or clause.dep_ not in ("ccomp", "relcl", "acl"):
        return None
    if clause.dep_ != "ccomp" and clause.left_edge.lower_ != "that":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
        return None
    up = clause.head
    while up.pos_ not in ("VERB", "AUX") and up.head != up:
        up = up.head
    return up if up != clause and up.pos_ == "VERB" and conj.tag_ == up.tag_ else None


def _complement(verb: Token) -> tuple[list[Token], str]:
    """Content tokens for an indirect statement, and the rule that found them."""
    rights = [c for c in verb.rights if not c.is_space]
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        clause = next((c for c in clauses if c.i > verb.i), clauses[0])
        return list(clause.subtree), "clause"
    if lemma(verb) in _RECIPIENT_VERBS:
        told = _told(verb, rights)
        if told:
            return told, "clause"
    # 'denied in a message on Telegram that its leader had been wounded': the parse hangs the
    # clause on the phrase after the verb.
    for prep in (c for c in rights if c.dep_ == "prep"):
        for clause in prep.subtree:
            if clause.dep_ in ("acl", "relcl") and _that_clause(clause):
                return list(clause.subtree), "clause"
    deps = _OBJECT_DEPS if any(c.dep_ == "dobj" for c in rights) else _BARE_DEPS
    parts = [c for c in rights if c.dep_ in deps]
    if not parts:
        return [], "other"
    return [t for c in parts for t in c.subtree], "other"


def _told(verb: Token, rights: list[Token]) -> list[Token]:
    """The statement of "tell"-like verbs where the parse puts it under the recipient
    ("told the BBC's Today programme that ...") or cuts it off as a sentence of its own
    ("tells BBC Radio Kent the closure has been ...", no punctuation between)."""
    objects = [c for c in rights if c.dep_ in ("dobj", "dative")]
    for obj in objects:
        for clause in obj.subtree:
            if clause.dep_ in ("acl", "relcl", "ccomp") and _that_clause(clause):
                return list(clause.subtree)
    doc, end = verb.doc, sentence_of(verb).end
    if len(objects) != 1 or end >= len(doc) or objects[0].right_edge.i != end - 1:
        return []
    if doc[end - 1].is_punct or objects[0].pos_ != "PROPN" or doc[end].is_title:
        return []
    rest = sentence_of(doc[end])
    if not any(t.dep_ in ("nsubj", "nsubjpass") for t in rest):
        return []
    return list(rest)


def _that_clause(clause: Token) -> bool:
    """Whether ``clause`` opens with "that" and has a subject of its own: a statement, even
    where the parse reads "that" as a relative pronoun ("told a news conference that he had
    lost ..."); "the committee that oversees ..." has "that" for its subject."""
    first = clause.left_edge
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return first.lower_ == "that" and any(s.i != first.i for s in subjects)


def _fronted_subject(verb: Token) -> list[Token]:
    """The subject the parse hung on an opening phrase ("In a statement sent to VOA, the
    union's secretary, Garba Danladi, said ..." makes "secretary" a conjunct or appositive
    of "VOA"): the noun phrase set off by a comma right before the verb, when the verb has
    no subject of its own."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and (doc[i].is_space or doc[i].text == ","):
        i -= 1
    if i < 0:
        return []
    tok, found = doc[i], None
    while tok.dep_ in ("appos", "compound", "conj") and tok.head.i < tok.i:
        edge = tok.left_edge.i
        if tok.dep_ != "compound" and tok.pos_ in ("NOUN", "PROPN") and edge and doc[edge - 1].text == ",":
            found = tok
        tok = tok.head
    if found is None or not any(a.dep_ == "prep" and a.head == verb for a in found.ancestors):
        return []
    return [t for t in found.subtree if t.i < verb.i]


def _source(verb: Token, *, quoted: bool) -> list[Token]:
    """Tokens of the source noun phrase of ``verb``, or ``[]``."""
    head: Token | None = verb
    while head is not None:
        # The subject nearest the verb: a dateline the parse also takes for one
        # ("LESTROVA, Maravia (AP) - Prime Minister Anton Velic resigned") comes first.
        at = head.i
        subjects = [c for c in head.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            return list(min(subjects, key=lambda c: abs(c.i - at)).subtree)
        for child in head.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return list(objs[0].subtree)
        if (sayer := sayer_of(head)) is not None:
            head = sayer  # 'said that it would ... and accused': the sayer's subject
            continue
        head = head.head if head.dep_ in _INHERIT_DEPS and head.head != head else None
    fronted = _fronted_subject(verb)
    if fronted:
        return fronted
    if quoted:
        for child in verb.rights:
            if child.dep_ in ("dobj", "attr", "npadvmod", "appos", "dative") and child.pos_ in (
                "PROPN",
                "NOUN",
                "PRON",
            ):
                return list(child.subtree)
    return []


def _according(page: _Page, cue: Cue) -> Attribution | None:
    doc = page.doc
    according = doc[cue.head]
    to = doc[cue.head + 1]
    objs = [c for c in (*according.children, *to.children) if c.dep_ == "pobj"]
    if not objs:
        return None
    source = list(objs[0].subtree)
    phrase = {t.i for t in according.subtree} | {t.i for t in to.subtree} | {cue.start, cue.end - 1}
    content = [t for t in sentence_of(according) if t.i not in phrase]
    if not content:
        return None
    ranges = page.whole_quotes(_ranges(page, content))
    return _make(page, cue, source, ranges, _kind(page, ranges), CONFIDENCE["according"])


def _noun_attribution(page: _Page, cue: Cue) -> Attribution | None:
    doc = page.doc
    noun = doc[cue.head]
    clause = next(c for c in noun.rights if c.dep_ in ("acl", "ccomp"))
    source: list[Token] = []
    for child in noun.children:
        if child.dep_ == "poss":
            source = list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("of", "by") and child.i < clause.i:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            source = list(objs[0].subtree) if objs else source
    ranges = page.whole_quotes(_ranges(page, list(clause.subtree)))
    return _make(page, cue, source, ranges, _kind(page, ranges), CONFIDENCE["other"])


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop spaces and edge punctuation, keeping quote marks (and what a quote mark closes)."""
    toks = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while toks and toks[0].is_punct and not _is_quote_mark(toks[0]):
        toks.pop(0)
    while toks and toks[-1].is_punct and not _is_quote_mark(toks[-1]):
        toks.pop()
    return toks


def _is_quote_mark(token: Token) -> bool:
    return token.text in _QUOTE_TOKENS


def _ranges(page: _Page, tokens: Iterable[Token]) -> list[tuple[int, int]]:
    """Character ranges of the trimmed tokens, one per run of adjacent tokens."""
    ranges: list[tuple[int, int]] = []
    last = -2
    for tok in _trim(list(tokens)):
        end = tok.idx + len(tok.text)
        if tok.i == last + 1 or (ranges and not page.text[ranges[-1][1] : tok.idx].strip()):
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((tok.idx, end))
        last = tok.i
    return ranges


def _source_ranges(page: _Page, tokens: list[Token]) -> list[tuple[int, int]]:
    """One range for the source; an appositive keeps the comma that closes it, as in PolNeAR."""
    toks = _trim(tokens)
    if not toks:
        return []
    start, last = toks[0].idx, toks[-1]
    end = last.idx + len(last.text)
    text = page.text[start:end]
    doc = page.doc
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and (
        (nxt.text == ")" and text.count("(") > text.count(")")) or (nxt.text == "," and "," in text)
    ):
        end = nxt.idx + 1
    return [(start, end)]


def _kind(page: _Page, ranges: Sequence[tuple[int, int]]) -> Kind:
    return quote_kind(page.text, page.quoted, list(ranges))


def _make(
    page: _Page, cue: Cue, source: list[Token], ranges: list[tuple[int, int]], kind: Kind, confidence: float
) -> Attribution | None:
    if not ranges:
        return None
    text, doc = page.text, page.doc
    src = _source_ranges(page, source)
    cue_start = doc[cue.start].idx
    cue_end = doc[cue.end - 1].idx + len(doc[cue.end - 1].text)
    return Attribution(
        id="",
        source=Span(start=src[0][0], end=src[-1][1], text=text[src[0][0] : src[-1][1]]) if src else None,
        cue=Span(start=cue_start, end=cue_end, text=text[cue_start:cue_end]),
        content=Content.of(text, ranges),
        kind=kind,
        confidence=confidence if src else round(confidence - 0.1, 2),
    )
