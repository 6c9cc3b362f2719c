"""Precise patterns over either extractor's output, for what wire and broadcast copy writes
and PolNeAR rarely shows. :func:`saidwho.pipeline.analyse` runs :func:`apply_patterns` after
the extractor, before tidying:

1. a reporting noun with its source after it ("persistent claims in recent weeks from Iraqi
   officials that ...", "reports from residents that ...", "denials by the palace that
   ..."): cue the noun with its adjectives, source the noun phrase after "from"/"by",
   content the "that" clause. An attribution the extractor found for that cue keeps its
   spans (it only gets the source when it had none). Where a cue of the same sentence
   already has the clause ("echoed statements by Trump that ...", "dismissed warnings by
   economists that ..."), nothing is added: PolNeAR marks the outer statement only. One
   that took the clause for a cue in another sentence ("The army has not confirmed"), or
   for a sourceless verb right before the noun ("has faced reports from ... that"), is
   replaced;
2. a statement that runs on into the source's next one ('said herders had lost cattle and
   called for a joint investigation', the parse hanging "called for" in the reported
   clause) ends before the "and", and the second becomes a statement of the same source
   (the rule extractor splits them itself); and where the extractor found the first
   statement only ('denied ... that its leader had been wounded and said the group would
   ...'), the second is added: the coordinated reporting verb, its clause, the same source;
3. a cue that only says what someone is ("has been one of many opponents of") is dropped;
4. a sourceless reporting noun with a "that" clause inside another statement ("dismissed
   reports that ...") is a statement of its own (:func:`_hearsay_nouns`);
5. a nominal cue opening a sentence takes the sentence before as content ("The consensus
   among diplomats ...", :func:`_earlier_content`);
6. charges, hedging adjectives and "it was not immediately clear whether", which leave the
   source out (:mod:`.sourceless`);
7. a content that stops before its condition ("offered to end the strike" before "on the
   condition that ...") runs on to the condition's end (:func:`_with_condition`);
8. a broadcast transcript's turns ("ROCHE: ...") replace what was read inside them
   (:mod:`.transcripts`);
9. a piece of a content that is an "as" clause with a speaker of its own ("..., three
   diplomats said, as farmers complain of being undercut") is that speaker's statement
   (:func:`_as_clauses`).

Rule 1 also reads nouns of belief held among a source ("the consensus by analysts is that
...", "a growing sense among traders that ...", the source fronted: "Among younger officials,
there is a growing sense that ..."; a participle may describe the source: "analysts polled by
Reuters"), of agreement or intent with a "to" infinitive ("an agreement by X to cut
production", "a pledge between X and Y to ..."), and talks between parties on a topic
("talks between X and Y on forming a government"). Rule 2's verbs include verbs of asking
("argued that ... and sought bail on medical grounds").
"""

from __future__ import annotations

import re

import msgspec
import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Span, Token

from saidwho.attribution.assemble import Cover
from saidwho.attribution.headlines import headline
from saidwho.attribution.lexicon import Lexicon, load_lexicon
from saidwho.attribution.quotes import quote_kind, quoted_mask
from saidwho.attribution.rules import sayer_of
from saidwho.attribution.sourceless import Nesting, sourceless
from saidwho.attribution.transcripts import with_turns
from saidwho.intervals import Intervals
from saidwho.nlp import lemma
from saidwho.nlp.index import doc_text, sentence_of, sentences
from saidwho.quotemarks import QUOTE_MARKS
from saidwho.records import Attribution, Content
from saidwho.records import Span as TextSpan

# Reporting nouns that take their source after them ("from"/"by") and a "that" clause as content.
NOUNS = frozenset(
    {
        "accusation", "admission", "allegation", "assertion", "assurance", "charge", "claim",
        "complaint", "denial", "insistence", "prediction", "promise", "pledge", "report",
        "rumor", "rumour", "statement", "suggestion", "threat", "warning",
    }
)  # fmt: skip
# Nouns of a belief held among a source, also "among"/"within" it, with a "that" clause, maybe
# after "is": "the consensus by analysts is that ...", "a growing sense among traders that ...".
BELIEF_NOUNS = frozenset(
    {
        "consensus", "view", "belief", "sense", "feeling", "fear", "hope", "expectation",
        "concern", "suspicion", "assumption", "conviction", "impression", "worry",
    }
)  # fmt: skip
# Nouns of agreement, promise or intent with a "to" infinitive as content, their source after
# "by"/"from", or "between" two parties: "an agreement by X to cut production".
INTENT_NOUNS = frozenset(
    {
        "agreement", "deal", "pact", "accord", "promise", "pledge", "plan", "offer", "bid",
        "decision", "call", "demand", "request", "threat", "vow", "proposal", "commitment",
        "refusal", "undertaking", "willingness", "readiness",
    }
)  # fmt: skip
# Nouns of talks between parties, with a topic after "on", "over" or "about" as content.
TALK_NOUNS = frozenset({"talks", "negotiations", "discussions", "consultations"})
_PREPS = {
    "that": frozenset({"from", "by"}),
    "belief": frozenset({"from", "by", "among", "within", "across"}),
    "to": frozenset({"from", "by", "between"}),
    "topic": frozenset({"between"}),
}
_TOPIC = frozenset({"on", "over", "about"})
# Words of a time phrase that may stand between the noun and "from": "claims in recent weeks from".
_FORMS = NOUNS | {f"{noun}s" for noun in NOUNS}
_TIME_WORDS = frozenset(
    {
        "in", "on", "over", "during", "since", "this", "last", "past", "recent", "earlier", "the",
        "a", "few", "several", "two", "three", "day", "days", "week", "weeks", "month", "months",
        "year", "years", "weekend", "morning", "afternoon", "evening", "night", "today",
        "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }
)  # fmt: skip
_TIME_HEADS = _TIME_WORDS - {"in", "on", "over", "during", "since", "this", "last", "past", "the", "a"}
_MAX_GAP = 5
_MAX_SOURCE = 25
# A source is a noun phrase: no verbs, no sentence punctuation, no quotes.
_SOURCE_STOP = frozenset(".;:!?") | frozenset(QUOTE_MARKS)
# A content ends at the sentence's end, a line break, a semicolon or a dash.
_CONTENT_STOP = frozenset({";", "\u2014", "\u2013", "--"})
CONFIDENCE = 0.75
# Verbs of saying (and of asking: "argued ... and sought bail") that make a second
# statement of the same source when coordinated with a cue ("said ... and warned ...");
# not verbs of thinking or wanting ("and expects to leave"), which on PolNeAR train are
# rarely marked.
SPEECH_VERBS = frozenset(
    {
        "accuse", "acknowledge", "add", "admit", "allege", "announce", "argue", "assert",
        "call", "claim", "complain", "confirm", "contend", "criticize", "criticise", "declare",
        "demand", "deny", "describe", "dismiss", "explain", "insist", "maintain", "note",
        "pledge", "predict", "promise", "reject", "request", "say", "seek", "state", "stress",
        "suggest", "tell", "threaten", "urge", "vow", "warn", "write",
    }
)  # fmt: skip

# "has been one of many opponents of", "is one of the loudest critics of": a description of
# the source, not a cue (off-genre copy read it as one).
_ONE_OF = re.compile(r"(?:(?:has|have|had)\s+been|is|are|was|were|'s|\u2019s)\s+one\s+of\b", re.IGNORECASE)


def apply_patterns(
    doc: Doc, found: list[Attribution], *, title: str | None = None, text: str | None = None
) -> list[Attribution]:
    """``found`` with the patterns above applied; ids renumbered in text order of the cues.
    Given the article's ``title``, a headline that states who says what at the top of the
    article's ``text`` (which the parse blanks where it is outside the body) is a statement
    too (:func:`headline`)."""
    article_text, text = text, doc_text(doc)
    kept = [a for a in found if not _ONE_OF.match(a.cue.text)]
    quoted = quoted_mask(text)
    nesting = Nesting(kept)
    for sent in sentences(doc):
        for token in sent:
            match = _nominal(text, sent, token, quoted)
            # Nouns beyond the "that" ones are not read inside another statement ("rejected a
            # request from X to ..."): PolNeAR marks the outer statement only.
            if match is not None and (token.lower_ in _FORMS or not nesting.holds(match)):
                kept = _merge(doc, kept, match)
    lexicon = load_lexicon()
    kept = _split_coordinated(doc, kept, quoted, lexicon)
    kept = _add_coordinated(doc, kept, quoted)
    kept = _as_clauses(doc, kept, quoted, lexicon)
    kept = [_no_number_source(_subject_source(doc, a)) for a in kept]
    kept += _hearsay_nouns(text, kept, quoted)
    kept += _earlier_content(doc, kept, quoted)
    kept = sourceless(doc, kept, quoted)
    kept = [_among_source(doc, a) for a in kept]
    kept = [_with_condition(text, a) for a in kept]
    kept = with_turns(text, kept)
    top = headline(article_text if article_text is not None else text, title) if title else None
    if top is not None and not any(
        _overlap((a.cue.start, a.cue.end), (top.cue.start, top.cue.end)) for a in kept
    ):
        kept.append(top)
    kept.sort(key=lambda a: (a.cue.start, a.cue.end))
    kept = [msgspec.structs.replace(a, id=f"A{i}") for i, a in enumerate(kept, 1)]
    return link_nested(kept)


# A source that is only a number, a year or a date ("2018", "10", "March 5", "Monday") is
# no speaker: the parse took a time phrase or a figure for the subject.
_NUMBER_SOURCE = re.compile(
    r"^\W*(?:(?:in|on|by|since|last|this|early|late|mid)\s+)?(?:\d[\d,.:/%-]*(?:s|th|st|nd|rd)?|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,4}(?:,?\s+\d{4})?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight)\W*$",
    re.IGNORECASE,
)


def _no_number_source(att: Attribution) -> Attribution:
    if att.source is not None and _NUMBER_SOURCE.match(att.source.text):
        return msgspec.structs.replace(att, source=None)
    return att


def _subject_source(doc: Doc, att: Attribution) -> Attribution:
    """A sourceless statement whose cue verb has a subject of its own just before it
    ("Russia denies this"): the subject is its source."""
    if att.source is not None:
        return att
    cue = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    if cue is None or cue.root.pos_ != "VERB":
        return att
    subject = next((c for c in cue.root.children if c.dep_ == "nsubj" and c.i < cue.root.i), None)
    if subject is None or subject.pos_ not in ("PROPN", "NOUN") or subject.lower_ in ("it", "this", "that"):
        return att
    toks = [t for t in subject.subtree if not t.is_space and not t.is_punct]
    if not toks or any(t.i >= cue.start for t in toks) or len(toks) > 12:
        return att
    return msgspec.structs.replace(att, source=_span(doc_text(doc), toks[0].idx, _end(toks[-1])))


# A belief held among a source named at the head of its sentence: "Among younger party
# officials, there is a growing sense that ..." (the source otherwise follows the noun).
_FRONTED_AMONG = re.compile(
    r"^\W*(?:among|within)\s+(?P<source>[^,;:]{2,80}?)\s*,\s*"
    r"(?:there\s+(?:is|was|has\s+been|remains|seems\s+to\s+be)\s+)?$",
    re.IGNORECASE,
)


def _among_source(doc: Doc, att: Attribution) -> Attribution:
    """A sourceless belief noun's source fronted with "among" (:data:`_FRONTED_AMONG`)."""
    if att.source is not None or not BELIEF_NOUNS & set(re.findall(r"[a-z]+", att.cue.text.lower())):
        return att
    cue = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    if cue is None:
        return att
    start = sentence_of(cue[0]).start_char
    head = doc_text(doc)[start : att.cue.start]
    # The cue may begin with "there is": the head then ends at the comma.
    m = _FRONTED_AMONG.match(head)
    if m is None:
        return att
    at = start + m.start("source")
    return msgspec.structs.replace(att, source=_span(doc_text(doc), at, at + len(m.group("source"))))


def link_nested(found: list[Attribution]) -> list[Attribution]:
    """Each attribution with ``parent`` set to the one it is nested in: whose content holds
    its cue ("doubt *claims from the army that Z*"), or whose cue governs it with the same
    content ("rejected *allegations by Y* that Z"). The innermost such one."""
    # Either way the outer one's cue and contents reach over the nested one's cue start.
    reach = Intervals(
        (
            min(a.cue.start, *(s for s, _ in a.content.spans)),
            max(a.cue.end, *(e for _, e in a.content.spans)),
            k,
        )
        for k, a in enumerate(found)
    )
    out = []
    for att in found:
        outer = None
        for k in sorted(reach.holding(att.cue.start)):
            other = found[k]
            if other is att or other.parent == att.id:
                continue
            inside = any(s <= att.cue.start and att.cue.end <= e for s, e in other.content.spans)
            first = min(s for s, _ in other.content.spans)
            governs = (
                other.cue.end <= att.cue.start < first
                and att.content.spans[0][0] >= first
                and att.content.spans[-1][1] <= max(e for _, e in other.content.spans)
            )
            if (inside or governs) and (outer is None or other.cue.start > outer.cue.start):
                outer = other
        out.append(msgspec.structs.replace(att, parent=outer.id) if outer is not None else att)
    return out


# A reporting noun with no source and a "that" clause, in another statement's content or
# right after its cue: "dismissed as 'illogical rumours' reports that the commander had fled".
_HEARSAY = re.compile(
    r"\b(reports?|rumou?rs?|claims?|allegations?|accusations?|suggestions?|speculation|assertions?)"
    r"\s+(that)\s",
    re.IGNORECASE,
)


def _hearsay_nouns(text: str, found: list[Attribution], quoted: npt.NDArray[np.bool_]) -> list[Attribution]:
    """Rule 4: the nested statement of a sourceless reporting noun."""
    added: list[Attribution] = []
    cues = [(a.cue.start, a.cue.end) for a in found]
    for att in found:
        if len(att.content.spans) != 1:
            continue
        start, end = att.content.spans[0]
        window = text[att.cue.end : min(end, start + 80)]
        m = _HEARSAY.search(window)
        if m is None or len(window[: m.start()].split()) > 6:
            continue
        noun = (att.cue.end + m.start(1), att.cue.end + m.end(1))
        said = (att.cue.end + m.start(2), end)
        if quoted[noun[0]] or any(_overlap(c, noun) for c in cues) or said[1] - said[0] < 12:
            continue
        added.append(
            Attribution(
                id="",
                source=None,
                cue=_span(text, *noun),
                content=Content.of(text, [said]),
                kind=quote_kind(text, quoted, [said]),
                confidence=CONFIDENCE,
            )
        )
    return added


# A nominal cue whose content is the sentence before: "The consensus among diplomats ...",
# "That view is shared by two former envoys".
_EARLIER = re.compile(
    r"(?P<cue>(?:the|this|that|such|a|their|this|a growing|a broad)\s+(?:\w+\s+){0,2}?"
    r"(?:consensus|view|assessment|belief|conclusion|judge?ment|opinion|position|verdict|"
    r"s[ck]epticism|doubts?|suspicion|analysis|account|version)"
    r"(?:\s+(?:is|was|has been|are|were)\s+(?:widely\s+)?"
    r"(?:shared|held|echoed|backed|supported|endorsed|disputed|rejected|challenged|questioned))?)"
    r"\s+(?:by|of|among|from|within)\s+(?P<source>[^,.;:!?\"\u201c\u201d]{3,90}?)"
    r"(?=\s*(?:[,.;:!?]|$|\s(?:is|was|are|were|comes?|came|has|have|had|rests?|holds?|stands?|"
    r"reflects?|goes|went|runs?|despite)\b))",
    re.IGNORECASE,
)


_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?\s+")


def _earlier_content(doc: Doc, found: list[Attribution], quoted: npt.NDArray[np.bool_]) -> list[Attribution]:
    """Rule 5: a sentence opening with a nominal cue and its source takes the sentence
    before as content."""
    text = doc_text(doc)
    added: list[Attribution] = []
    for sent in sentences(doc)[1:]:
        at = sent.start_char
        while at < sent.end_char and text[at].isspace():
            at += 1
        m = _EARLIER.match(text, at, sent.end_char)
        if m is None or quoted[at]:
            continue
        cue = (m.start("cue"), m.end("cue"))
        source = (m.start("source"), m.end("source"))
        if any(_overlap((a.cue.start, a.cue.end), cue) for a in found):
            continue
        p_end = at
        while p_end > 0 and (text[p_end - 1].isspace() or text[p_end - 1] in ".!?"):
            p_end -= 1
        if "\n\n" in text[p_end:at]:
            continue  # the sentence before is in another paragraph
        # The sentence before, by its punctuation (the parse may cut it at a comma).
        ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, p_end - 600), p_end)]
        p_start = max([*ends, text.rfind("\n", 0, p_end) + 1])
        while p_start < p_end and text[p_start].isspace():
            p_start += 1
        if p_end - p_start < 12:
            continue
        added.append(
            Attribution(
                id="",
                source=_span(text, *source),
                cue=_span(text, *cue),
                content=Content.of(text, [(p_start, p_end)]),
                kind=quote_kind(text, quoted, [(p_start, p_end)]),
                confidence=CONFIDENCE,
            )
        )
    return added


# A condition of what was said or offered: "offered to end the strike on the condition that
# no worker is disciplined" offers both.
_CONDITION = re.compile(
    r"[ \t]+(?:only[ \t]+)?(?:(?:up)?on[ \t]+(?:the[ \t]+)?condition[ \t]+that|provided[ \t]+that|"
    r"(?:as|so)[ \t]+long[ \t]+as)[ \t]+\S"
)
_CLAUSE_END = re.compile(r"[.;!?\n]|[ \t]+(?:\u2014|--)")


def _with_condition(text: str, att: Attribution) -> Attribution:
    """Rule 7: a content that stops before its condition runs on to the condition's end."""
    end = att.content.spans[-1][1]
    if _CONDITION.match(text, end) is None:
        return att
    stop = _CLAUSE_END.search(text, end)
    new_end = stop.start() if stop else len(text)
    spans = [*att.content.spans[:-1], (att.content.spans[-1][0], new_end)]
    return msgspec.structs.replace(att, content=Content.of(text, spans))


def _span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=text[start:end])


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _noun_kinds(noun: Token) -> list[str]:
    """What may follow a reporting noun's source, by what the noun is (the constants above)."""
    word = noun.lower_
    kinds = ["that"] if word in _FORMS else []
    if word in BELIEF_NOUNS or lemma(noun) in BELIEF_NOUNS:
        kinds.append("belief")
    if lemma(noun) in INTENT_NOUNS and not noun.tag_.endswith("S"):
        kinds.append("to")
    if word in TALK_NOUNS:
        kinds.append("topic")
    return kinds


def _nominal(text: str, sent: Span, noun: Token, quoted: npt.NDArray[np.bool_]) -> Attribution | None:
    """The attribution of a reporting noun with its source after a preposition ("claims from
    X that ...", "the consensus among X is that ...", "an agreement by X to ...", "talks
    between X and Y on ...")."""
    kinds = _noun_kinds(noun) if noun.pos_ == "NOUN" and not quoted[noun.idx] else []
    if not kinds:
        return None
    doc = noun.doc
    i = noun.i + 1
    gap: list[Token] = []
    preps = frozenset().union(*(_PREPS[k] for k in kinds))
    while i < sent.end and doc[i].lower_ not in preps and len(gap) <= _MAX_GAP:
        gap.append(doc[i])
        i += 1
    if i >= sent.end or doc[i].lower_ not in preps or not _time_phrase(gap):
        return None
    kinds = [k for k in kinds if doc[i].lower_ in _PREPS[k]]
    start = j = i + 1
    while j < sent.end and j - start <= _MAX_SOURCE and not _source_ends(doc, j, kinds):
        tok = doc[j]
        possessive = tok.dep_ == "case"  # the "'" of "the two countries' ministers"
        # A participle describing the source is part of it: "brokers polled by Reuters".
        verb = tok.pos_ in ("VERB", "AUX") and not (tok.tag_ == "VBN" and tok.dep_ == "acl")
        if verb or (tok.text in _SOURCE_STOP and not possessive) or "\n" in tok.text:
            return None
        j += 1
    if j >= sent.end or j == start or not _source_ends(doc, j, kinds):
        return None
    source = _source(text, doc[start:j])
    content = _what_follows(text, sent, doc[j])
    if source is None or content is None:
        return None
    first = noun.i
    while first > sent.start and doc[first - 1].dep_ == "amod" and doc[first - 1].tag_ in ("JJ", "VBG"):
        first -= 1
    return Attribution(
        id="",
        source=source,
        cue=_span(text, doc[first].idx, _end(noun)),
        content=Content.of(text, [content]),
        kind=quote_kind(text, quoted, [content]),
        confidence=CONFIDENCE,
    )


def _source_ends(doc: Doc, j: int, kinds: list[str]) -> bool:
    """Whether the source ends before token ``j``: at "that" (after "is" for a belief), "to"
    and a verb, or "on"/"over"/"about" for talks."""
    tok = doc[j]
    nxt = doc[j + 1] if j + 1 < len(doc) else None
    if tok.lower_ == "that" and ("that" in kinds or "belief" in kinds):
        return True
    if "belief" in kinds and tok.lemma_ == "be" and nxt is not None and nxt.lower_ == "that":
        return True
    if "to" in kinds and tok.lower_ == "to" and nxt is not None and nxt.pos_ in ("VERB", "AUX"):
        return True
    return "topic" in kinds and tok.lower_ in _TOPIC


def _what_follows(text: str, sent: Span, at: Token) -> tuple[int, int] | None:
    """The content after a nominal cue's source, starting at ``at``: a "that" clause
    (:func:`_content`), the clause of "is that", a "to" infinitive, or the topic of talks."""
    doc = at.doc
    if at.lemma_ == "be":
        return _content(text, sent, doc[at.i + 1])
    if at.lower_ == "that":
        return _content(text, sent, at)
    if at.lower_ == "to":
        return _phrase_of(text, sent, at, doc[at.i + 1])
    objects = [c for c in at.children if c.dep_ in ("pobj", "pcomp")]
    return _phrase_of(text, sent, doc[at.i + 1], objects[0], topic=True) if objects else None


def _phrase_of(
    text: str, sent: Span, first: Token, head: Token, *, topic: bool = False
) -> tuple[int, int] | None:
    """From ``first`` to the end of ``head``'s phrase in its sentence, without a relative
    clause or punctuation at its end, stopping at a line break, semicolon or dash; a
    ``topic`` also stops at a finite verb, which the parse may hang in it ("talks on
    inspecting the cargoes had stalled")."""
    last = first.i
    for tok in head.subtree:
        if tok.i < first.i or tok.i >= sent.end or tok.dep_ in ("relcl", "advcl"):
            continue
        finite = topic and (tok.pos_ == "AUX" or tok.tag_ in ("VBD", "VBZ", "VBP", "MD"))
        if tok.text in _CONTENT_STOP or "\n" in tok.text or finite:
            break
        last = max(last, tok.i)
    toks = [t for t in first.doc[first.i : last + 1] if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS:
        toks.pop()
    if len(toks) < 2:
        return None
    return first.idx, _end(toks[-1])


def _time_phrase(gap: list[Token]) -> bool:
    """Nothing, or a phrase of time ("in recent weeks", "on Monday")."""
    if not gap:
        return True
    words = [t.lower_ for t in gap]
    return all(w in _TIME_WORDS for w in words) and any(w in _TIME_HEADS for w in words)


def _source(text: str, tokens: Span) -> TextSpan | None:
    """The source noun phrase; an appositive keeps the comma that closes it, as in PolNeAR."""
    toks = [t for t in tokens if not t.is_space]
    # "statements by Donald Trump last week that": the time is not the source's.
    while toks and (toks[-1].ent_type_ in ("DATE", "TIME") or toks[-1].lower_ in _TIME_WORDS):
        toks.pop()
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") and t.lower_ not in _TIME_WORDS for t in toks):
        return None  # "a report from over the weekend that"
    start, end = toks[0].idx, _end(toks[-1])
    if toks[-1].text == "," and "," not in text[start : toks[-1].idx]:
        end = toks[-1].idx
        while end > start and text[end - 1].isspace():
            end -= 1
    return _span(text, start, end)


def _content(text: str, sent: Span, that: Token) -> tuple[int, int] | None:
    """From "that" to the end of its sentence, stopping at a line break, semicolon or dash;
    closing punctuation is left out unless a quote mark follows it. None where "that" opens
    a relative clause ("reports from Moscow that are circulating"): a clause with a subject
    of its own is a statement."""
    doc = that.doc
    after = doc[that.i + 1] if that.i + 1 < sent.end else None
    if after is None or (after.is_lower and after.pos_ in ("VERB", "AUX", "PART", "ADV")):
        return None  # not "that IS leader ...", whose "IS" the parse takes for a verb
    last = that.i
    for k in range(that.i + 1, sent.end):
        tok = doc[k]
        if tok.text in _CONTENT_STOP or "\n" in tok.text:
            break
        last = k
    toks = [t for t in doc[that.i : last + 1] if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS:
        toks.pop()
    if len(toks) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in toks[1:]):
        return None
    if not any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in toks[1:]):
        return None
    return that.idx, _end(toks[-1])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _merge(doc: Doc, found: list[Attribution], new: Attribution) -> list[Attribution]:
    """``found`` with ``new`` merged in (rule 1 of the module docstring)."""
    phrase = (new.cue.start, new.content.spans[0][0])
    content = new.content.spans[0]
    cue = (new.cue.start, new.cue.end)
    for k, att in enumerate(found):
        # "The consensus among X is that": the noun is the cue, not part of the source.
        holds_cue = att.source is not None and _overlap((att.source.start, att.source.end), cue)
        if holds_cue and any(_overlap(s, content) for s in att.content.spans):
            return [*found[:k], new, *found[k + 1 :]]
        if _overlap((att.cue.start, att.cue.end), phrase):
            # "The consensus by X comes despite claims from Y that Z": Y claims Z, not X.
            if (
                att.source is not None
                and new.source is not None
                and att.source.end <= new.cue.start
                and att.source.text.lower() != new.source.text.lower()
            ):
                return [*found[:k], new, *found[k + 1 :]]
            if att.source is not None:
                return found
            return [*found[:k], msgspec.structs.replace(att, source=new.source), *found[k + 1 :]]
    clause = doc.char_span(*content, alignment_mode="expand")
    assert clause is not None
    sentence = sentence_of(clause[0])  # the clause lies in one sentence (see ``_content``)
    sent = (sentence.start_char, sentence.end_char)
    clashing = [a for a in found if any(_overlap(s, content) for s in a.content.spans)]
    for att in clashing:
        between = doc_text(doc)[att.cue.end : new.cue.start]
        governs = att.source is None and 0 <= len(between.split()) <= 2 and att.cue.end <= new.cue.start
        if _overlap((att.cue.start, att.cue.end), sent) and not governs:
            # A cue of the sentence has the clause ("doubt claims from the army that Z"): the
            # noun's statement is nested in it, a statement of its own (its parent is set by
            # ``link_nested``). PolNeAR marks the outer one only.
            if att.cue.end <= new.cue.start and att.source is not None:
                return [*found, new]
            return found
    return [a for a in found if a not in clashing] + [new]


def _split_coordinated(
    doc: Doc, found: list[Attribution], quoted: npt.NDArray[np.bool_], lexicon: Lexicon
) -> list[Attribution]:
    """Rule 2 of the module docstring."""
    cues = Cover([(a.cue.start, a.cue.end) for a in found])
    out: list[Attribution] = []
    for att in found:
        out.append(att)
        if att.source is None or len(att.content.spans) != 1:
            continue
        content = doc.char_span(*att.content.spans[0], alignment_mode="expand")
        cue = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
        if content is None or cue is None:
            continue
        for conj in content:
            sayer = sayer_of(conj)
            if sayer is None or not cue.start <= sayer.i < cue.end or lemma(conj) not in SPEECH_VERBS:
                continue
            split = _split(doc, att, conj, content, quoted, lexicon)
            if split is not None:
                first, second = split
                out[-1] = first
                if not cues.overlaps((second.cue.start, second.cue.end)):
                    out.append(second)
            break
    return out


def _split(
    doc: Doc,
    att: Attribution,
    conj: Token,
    content: Span,
    quoted: npt.NDArray[np.bool_],
    lexicon: Lexicon,
) -> tuple[Attribution, Attribution] | None:
    """``att`` cut before the "and" of ``conj``, and ``conj``'s own statement."""
    text = doc_text(doc)
    ands = [c for c in conj.head.children if c.dep_ == "cc" and c.i < conj.i and c.lower_ == "and"]
    if not ands:
        return None
    end = conj.i + 1
    nxt = doc[end] if end < len(doc) else None
    if (
        nxt is not None
        and nxt.head == conj
        and (nxt.dep_ == "prt" or (nxt.dep_ == "prep" and (lemma(conj), nxt.lower_) in lexicon.preps))
    ):
        end += 1  # "called for", as the rule extractor's cue groups
    rest = [t for t in conj.subtree if t.i >= end and not t.is_space and t.i < content.end]
    while rest and rest[-1].is_punct and rest[-1].text not in QUOTE_MARKS:
        rest.pop()
    before = [t for t in content if t.i < ands[-1].i and not t.is_space]
    while before and before[-1].is_punct and before[-1].text not in QUOTE_MARKS:
        before.pop()
    if not rest or not before:
        return None
    kept = (before[0].idx, _end(before[-1]))
    said = (rest[0].idx, _end(rest[-1]))
    first = msgspec.structs.replace(
        att,
        content=Content.of(text, [kept]),
        kind=quote_kind(text, quoted, [kept]),
    )
    second = Attribution(
        id="",
        source=att.source,
        cue=_span(text, conj.idx, _end(doc[end - 1])),
        content=Content.of(text, [said]),
        kind=quote_kind(text, quoted, [said]),
        confidence=att.confidence,
    )
    return first, second


def _as_clauses(
    doc: Doc, found: list[Attribution], quoted: npt.NDArray[np.bool_], lexicon: Lexicon
) -> list[Attribution]:
    """A piece of a statement's content that is an "as" clause with a speaker of its own
    ("..., three diplomats said, as farmers complain of being undercut by cheap supplies"):
    the clause is the other speaker's statement, not the first one's; the first keeps its
    other pieces."""
    text = doc_text(doc)
    cues = Cover([(a.cue.start, a.cue.end) for a in found])
    out: list[Attribution] = []
    for att in found:
        if len(att.content.spans) < 2:
            out.append(att)
            continue
        keep: list[tuple[int, int]] = []
        added: list[Attribution] = []
        for piece in att.content.spans:
            opens_as = text[piece[0] : piece[0] + 3].lower() == "as "
            new = _as_statement(doc, piece, quoted, lexicon) if opens_as else None
            if new is None or cues.overlaps((new.cue.start, new.cue.end)):
                keep.append(piece)
            else:
                added.append(msgspec.structs.replace(new, confidence=att.confidence))
        if added and keep:
            out.append(
                msgspec.structs.replace(
                    att, content=Content.of(text, keep), kind=quote_kind(text, quoted, keep)
                )
            )
            out += added
        else:
            out.append(att)
    return out


def _as_statement(
    doc: Doc, piece: tuple[int, int], quoted: npt.NDArray[np.bool_], lexicon: Lexicon
) -> Attribution | None:
    """The statement of an "as" clause whose verb is a cue with a subject: "as farmers
    complain of being undercut" -> farmers / complain of / being undercut."""
    text = doc_text(doc)
    span = doc.char_span(*piece, alignment_mode="expand")
    if span is None or quoted[piece[0] : piece[1]].any():
        return None
    verb = next((t for t in span if t.pos_ == "VERB" and lemma(t) in SPEECH_VERBS), None)
    if verb is None or lemma(verb) not in lexicon.verbs:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    who = [t for t in subject.subtree if not t.is_space]
    if not who or who[0].i <= span.start or len(who) > 12:
        return None
    end = verb.i + 1
    nxt = doc[end] if end < span.end else None
    if nxt is not None and nxt.head == verb and nxt.dep_ in ("prep", "prt"):
        end += 1  # "complain of", as the rule extractor's cue groups
    rest = [t for t in doc[end : span.end] if not t.is_space]
    while rest and rest[-1].is_punct and rest[-1].text not in QUOTE_MARKS:
        rest.pop()
    if not rest:
        return None
    said = (rest[0].idx, _end(rest[-1]))
    return Attribution(
        id="",
        source=_span(text, who[0].idx, _end(who[-1])),
        cue=_span(text, verb.idx, _end(doc[end - 1])),
        content=Content.of(text, [said]),
        kind=quote_kind(text, quoted, [said]),
        confidence=CONFIDENCE,
    )


def _add_coordinated(doc: Doc, found: list[Attribution], quoted: npt.NDArray[np.bool_]) -> list[Attribution]:
    """Rule 2's second half: a reporting verb coordinated with a found cue, without a
    subject or a statement of its own, with its clause as content."""
    text = doc_text(doc)
    added: list[Attribution] = []
    for att in found:
        cue = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
        if att.source is None or cue is None:
            continue
        head = cue.root
        for conj in doc[head.i + 1 : sentence_of(head).end]:
            if conj.dep_ != "conj" or conj.pos_ != "VERB" or lemma(conj) not in SPEECH_VERBS:
                continue
            if not (conj.head == head or sayer_of(conj) == head) or conj.tag_ != head.tag_:
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                continue
            clause = next((c for c in conj.children if c.dep_ == "ccomp" and c.i > conj.i), None)
            if clause is None:
                continue
            toks = [t for t in clause.subtree if not t.is_space]
            while toks and toks[-1].is_punct and toks[-1].text not in QUOTE_MARKS:
                toks.pop()
            if not toks:
                continue
            said = (toks[0].idx, _end(toks[-1]))
            verb = (conj.idx, _end(conj))
            if any(
                _overlap((a.cue.start, a.cue.end), verb) or any(_overlap(s, said) for s in a.content.spans)
                for a in [*found, *added]
            ):
                continue
            added.append(
                Attribution(
                    id="",
                    source=att.source,
                    cue=_span(text, *verb),
                    content=Content.of(text, [said]),
                    kind=quote_kind(text, quoted, [said]),
                    confidence=att.confidence,
                )
            )
    return found + added
