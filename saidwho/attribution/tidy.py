"""Any extractor's attributions, tidied: spans trimmed, requests for anonymity dropped, and a
speaker read into a quote's content given back as its source.

Reads only the text (no parse), so training scores linked taggings with it where spaCy is
not installed; with a parse at hand, :func:`saidwho.pipeline.analyse` runs it.
"""

from __future__ import annotations

import re

import msgspec

from saidwho.attribution.lexicon import (
    ANONYMITY_REQUEST_VERBS,
    ANONYMITY_SPEAKING_VERBS,
    ANONYMITY_UNNAMED,
    alternatives,
)
from saidwho.quotemarks import CLOSING, OPENING, QUOTE_MARKS
from saidwho.records import Attribution, Content, Span


def _trim(text: str, start: int, end: int, strip: str) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim_span(text: str, span: Span, strip: str = "") -> Span | None:
    start, end = _trim(text, span.start, span.end, strip)
    if start == end:
        return None
    return Span(start=start, end=end, text=text[start:end])


# "who asked not to be named", "declined to be identified": why a source is anonymous, not
# something the source said. A request not to be quoted is no statement either.
_ANONYMITY_REQUEST = re.compile(
    alternatives(ANONYMITY_REQUEST_VERBS + ANONYMITY_SPEAKING_VERBS)
    + rf"\s+(?:(?:not\s+)?to\s+(?:not\s+)?be\s+(?:{alternatives(ANONYMITY_UNNAMED)}|quoted)\b"
    + r"|(?:(?:for|on\s+condition\s+of)\s+)?anonymity\b|anonymously\b)",
    re.IGNORECASE,
)


def _anonymity_request(text: str, att: Attribution) -> bool:
    found = _ANONYMITY_REQUEST.match(text, att.cue.start)
    return found is not None and all(
        att.cue.start <= s and e <= found.end() + 1 for s, e in att.content.spans
    )


# "'I raised this twice,' one of them, who asked not to be named, said.": the quote and its
# speaker read as one content, no source found. The words after the quote's closing
# punctuation and mark, up to the cue, are the source.
_QUOTE_THEN_SOURCE = re.compile(
    rf"[{re.escape(OPENING)}].*[,!?][{re.escape(CLOSING)}](?P<gap>\s*,?\s+)(?P<source>[^.!?;:\n]{{2,120}}?)[\s,]*$",
    re.DOTALL,
)
_MAX_SOURCE_WORDS = 12


def _source_out_of_content(text: str, att: Attribution) -> Attribution:
    if att.source is not None:
        return att
    for k, (start, end) in enumerate(att.content.spans):
        if end > att.cue.start or text[end : att.cue.start].strip(" ,"):
            continue
        found = _QUOTE_THEN_SOURCE.match(text, start, end)
        if found is None or len(found.group("source").split()) > _MAX_SOURCE_WORDS:
            continue
        if any(ch in QUOTE_MARKS for ch in found.group("source").replace("\u2019", "")):
            continue
        quote_end, at, to = found.start("gap"), found.start("source"), found.end("source")
        spans = [*att.content.spans[:k], (start, quote_end), *att.content.spans[k + 1 :]]
        source = Span(start=at, end=to, text=text[at:to])
        return msgspec.structs.replace(att, source=source, content=Content.of(text, spans))
    return att


def tidy(text: str, attributions: list[Attribution]) -> list[Attribution]:
    """Trim whitespace (and a source's stray opening quote) off every span, for any extractor.

    Parses of blanked boilerplate or paragraph breaks can hang whitespace tokens on a
    phrase; spans that trim to nothing are dropped with their attribution, and so is a
    request for anonymity read as a statement ("who asked not to be named").
    """
    out = []
    for att in attributions:
        if _anonymity_request(text, att):
            continue
        att = _source_out_of_content(text, att)
        cue = _trim_span(text, att.cue)
        pieces = [_trim(text, s, e, "") for s, e in att.content.spans]
        spans = [(s, e) for s, e in pieces if s < e]
        if cue is None or not spans:
            continue
        source = _trim_span(text, att.source, QUOTE_MARKS) if att.source else None
        content = Content.of(text, spans)
        out.append(msgspec.structs.replace(att, cue=cue, source=source, content=content))
    return out
