"""A headline that says who says what is a statement.

The parse blanks the title (it is not the body), so the extractors never read it;
:func:`headline` reads the forms news headlines take, tried in this order:

1. content, then source and a verb of saying: "Baghdadi not in Mosul, U.S. says",
   '"Too Close to Call," Analysts Say' (the comma inside the quote stays with it), "...,
   Union Leader Tells BBC" (whom it was told is no content), or the verb first ("..., says
   U.S.");
2. source, cue, content: "Experts Doubt Many Rebel Leaders Are Staying", "PM Tenders His
   Resignation", "Council Refuses to Publish Report", "Governor Vows Veto";
3. source, colon, content: "Officials: Past Year Warmest Ever";
4. a charge, which has no source in the headline: "Financier Charged With Fraud" (whoever is
   charged is not the one who says it).

A kicker before a colon ("Lower Morvale Floods: Residents Say ...", "Election Night: ...,
Analysts Say") is a topic, not a source, when what follows it has a form of its own with a
verb of saying; otherwise the colon form reads it as the source, as PolNeAR marks "Poll:
...", "Trump: ...".
"""

from __future__ import annotations

import re

from saidwho.records import Attribution, Content, Span

# Verbs of saying: the trailing forms, and a form after a kicker.
_SAY = r"says?|said|claims?|warns?|insists?|reports?|tells?|told"
# Verbs of intention, request, refusal, decision or stance: a short noun phrase is their whole
# content ("Vows Veto", "Tenders His Resignation", "Urges Restraint").
_INTENT = (
    r"vows?|pledges?|promises?|urges?|tenders?|refuses?|agrees?(?=\s+to\b)|votes?(?=\s+to\b)|"
    r"offers?|orders?|demands?|threatens?|plans?|seeks?|backs?|rejects?|denies|deny|denied|"
    r"rules? out|withdraws?|retracts?|calls? for|welcomes?|condemns?|defends?"
)
_CUES = (
    rf"{_SAY}|{_INTENT}|doubts?|admits?|admitted|dismiss(?:es)?|confirms?|accuses?|blames?|"
    r"believes?|fears?|disputes?|questions?|acknowledges?|calls?|charges?|alleges?|reiterates?|"
    r"predicts?|expects?|hopes?|asks?|announces?|concedes?"
)
_SHORT = re.compile(rf"^(?:{_INTENT})$", re.IGNORECASE)
_NOT_SOURCE = re.compile(
    r"^(how|why|what|when|where|who|is|are|can|will|as|after|before|in|on|at|the day)\b", re.I
)
_SOURCE = r"(?P<source>[A-Z][^:;,!?]{0,60}?)"
# The content of a trailing form, with a closing quote after its comma: '"Too Close to Call,"'.
_LEAD = r"(?P<content>\S.{6,}?(?:,[\"'\u201d\u2019](?=\s)|(?=,)))"
# Whom a trailing "tells" names: "..., Union Leader Tells BBC".
_TOLD = r"(?:\s+[A-Z][\w'\u2019.&-]*(?:\s+[A-Z][\w'\u2019.&-]*){0,3})"
_TRAILING = (
    re.compile(rf"{_LEAD},?\s+{_SOURCE}\s+(?P<cue>{_SAY})$", re.I),
    re.compile(rf"{_LEAD},?\s+{_SOURCE}\s+(?P<cue>tells?|told){_TOLD}$", re.I),
    re.compile(rf"{_LEAD},?\s+(?P<cue>{_SAY})\s+{_SOURCE}$", re.I),
)
_LEADING = re.compile(rf"{_SOURCE}\s+(?P<cue>{_CUES})\s+(?P<content>\S.{{2,}})$", re.I)
_COLON = re.compile(r"^(?P<source>[A-Z][^:;,!?]{1,40}?)\s*(?P<cue>:)\s+(?P<content>\S.{8,})$")
_CHARGED = re.compile(
    r"[A-Z][^:;!?]{0,80}?\s(?P<cue>(?:(?:is|are|was|were)\s+)?(?:charged|indicted)\s+(?:with|for)|"
    r"(?:(?:is|are|was|were)\s+)?(?:accused|suspected|convicted)\s+of)\s+(?P<content>\S.{2,})$",
    re.I,
)
_KICKER = re.compile(r"[^:]{3,60}:\s+(?=\S)")
CONFIDENCE = 0.75
# Patterns are matched with ``match(title, pos)``, which anchors them at ``pos``.


def headline(text: str, title: str) -> Attribution | None:
    """The statement of ``title`` (module docstring), with offsets into ``text`` where the
    title opens it; None for other titles."""
    title = title.strip()
    at = text.find(title, 0, len(title) + 200) if len(title) >= 12 else -1
    if at < 0:
        return None
    kicker = _KICKER.match(title)
    tried = [(form, kicker.end()) for form in (*_TRAILING, _LEADING)] if kicker else []
    tried += [(form, 0) for form in (*_TRAILING, _LEADING, _COLON, _CHARGED)]
    for form, skip in tried:
        m = form.match(title, skip)
        if m is None or (skip and form is _LEADING and not re.fullmatch(_SAY, m["cue"], re.I)):
            continue
        found = _statement(text, at, m)
        if found is not None:
            return found
    return None


def _statement(text: str, at: int, m: re.Match[str]) -> Attribution | None:
    source = (m.groupdict().get("source") or "").strip()
    if "source" in m.groupdict() and (_NOT_SOURCE.match(source) or len(source.split()) > 8):
        return None
    content = m.group("content").strip().rstrip(".")
    if len(content.split()) < (1 if _SHORT.match(m["cue"]) or not source else 3):
        return None
    c0 = at + m.start("content")
    s0 = at + m.start("source") if source else 0
    return Attribution(
        id="",
        source=_span(text, s0, s0 + len(source)) if source else None,
        cue=_span(text, at + m.start("cue"), at + m.end("cue")),
        content=Content.of(text, [(c0, c0 + len(content))]),
        kind="indirect",
        confidence=CONFIDENCE,
    )


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])
