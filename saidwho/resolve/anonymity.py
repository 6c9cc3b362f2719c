"""Anonymity cues ("speaking on condition of anonymity") and the reason given for them."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from saidwho.attribution.lexicon import (
    ANONYMITY_GRANT_VERBS,
    ANONYMITY_REQUEST_VERBS,
    ANONYMITY_SPEAKING_VERBS,
    ANONYMITY_UNNAMED,
    alternatives,
)
from saidwho.resolve.phrases import CLAUSE_BREAK

CUE = re.compile(
    r"\b(?:"
    + "|".join(
        [
            alternatives(ANONYMITY_SPEAKING_VERBS)
            + r"\s+(?:anonymously|on\s+background|on\s+(?:the\s+)?condition\s+of\s+anonymity)",
            r"on\s+(?:the\s+)?condition\s+(?:of\s+anonymity|that\s+(?:\S+\s+){1,4}?"
            r"(?:named|identified|anonymous|unnamed))",
            alternatives(ANONYMITY_REQUEST_VERBS)
            + rf"\s+(?:not\s+)?to\s+(?:be\s+)?(?:{alternatives(ANONYMITY_UNNAMED)}|quoted\s+by\s+name"
            + r"|remain\s+anonymous|remain\s+unnamed|go\s+unnamed)",
            alternatives(ANONYMITY_GRANT_VERBS) + r"\s+(?:for\s+)?anonymity",
            # "asked that his name not be used", "asked that his company not be named": a
            # source whose employer goes unnamed cannot be identified either.
            r"(?:asked|requested)\s+that\s+(?:his|her|their)\s+(?:names?|company|employer|firm|agency|"
            r"organi[sz]ation|newspaper|ministry|department)\s+not\s+be\s+"
            rf"(?:used|published|printed|{alternatives(ANONYMITY_UNNAMED)})",
            r"(?:could\s+not|cannot|can't|would\s+not|did\s+not\s+want\s+to|does\s+not\s+want\s+to"
            rf"|do\s+not\s+want\s+to)\s+be\s+{alternatives(ANONYMITY_UNNAMED)}",
            rf"not\s+(?:authorized|permitted|allowed)\s+to\s+be\s+(?:{alternatives(ANONYMITY_UNNAMED)}|quoted)",
        ]
    )
    + r")(?:\s+by\s+name|\s+publicly)?",
    re.IGNORECASE,
)
# What may follow a cue as its reason: "..., because he was not authorized to discuss it".
REASON_START = re.compile(
    r"[\s,]*(?=(?:because|since|as|for\s+fear|citing|given|in\s+order\s+to|so\s+as\s+to"
    r"|to\s+(?!be\b))\b)",
    re.IGNORECASE,
)
# A reason with no cue before it still marks an unnamed source as anonymous:
# "a source who was not authorized to speak publicly".
NOT_AUTHORIZED = re.compile(
    r"\b(?:because|since|as|who)\s+(?:\S+\s+){0,2}?(?:(?:was|were|is|are)\s+not"
    r"|(?:has|have|had)\s+not\s+been|isn't|aren't|wasn't|weren't)\s+"
    r"(?:authorized|permitted|allowed|cleared)\s+to\b",
    re.IGNORECASE,
)
SENTENCE_END = frozenset({".", "!", "?"})


def anonymity(sent: Span) -> tuple[bool, str | None]:
    """Whether ``sent`` grants a source anonymity, and the reason it gives, if any.

    The reason is the clause right after the cue ("because he was not authorized to discuss
    the matter"), or a "not authorized to ..." clause on its own, up to the next comma.
    """
    text = sent.text
    cue = CUE.search(text)
    if cue is not None:
        start = REASON_START.match(text, cue.end())
        if start is None:
            return True, None
        return True, clause_from(sent, sent.start_char + start.end())
    bare = NOT_AUTHORIZED.search(text)
    if bare is not None:
        return True, clause_from(sent, sent.start_char + bare.start())
    return False, None


def clause_from(sent: Span, char: int) -> str | None:
    """Text from character ``char`` to the end of its clause within ``sent``.

    The clause ends at the next comma-like mark or at the first verb outside the parse
    subtree that starts at ``char`` ("who was not authorized to speak publicly | said ...").
    Words between are kept: the parser often hangs a trailing "publicly" on the main verb.
    """
    tokens: list[Token] = [t for t in sent if t.idx >= char]
    if not tokens:
        return None
    node = tokens[0]
    while node.head.i != node.i and node.head.left_edge.i >= tokens[0].i:
        node = node.head
    last_i = node.right_edge.i
    end = 0
    for token in tokens:
        outside_verb = token.i > last_i and token.pos_ in {"VERB", "AUX"}
        if token.text in CLAUSE_BREAK or token.text in SENTENCE_END or outside_verb:
            break
        end += 1
    if end == 0:
        return None
    last = tokens[end - 1]
    return sent.doc[tokens[0].i : last.i + 1].text
