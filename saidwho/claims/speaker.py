"""Where a speaker stands on a claim, from their statements.

A statement's stance starts from the stance model's reading of its content against the
claim (:func:`saidwho.claims.stance.stance`), then the way it was said decides:

1. a chain: the content holds another attribution ("U.S. officials doubt *claims from Iraqi
   officials that X*"): the outer speaker reports what others say, so stands where the cue
   puts them (``doubt``: against) or else is ``observing``; the inner speaker has a
   statement of their own;
2. the cue: doubting and denying words ("denied", "dismissed", "doubt", "rejected") turn
   a content that states the claim into ``against``; asserting words ("insisted",
   "claimed", "confirmed") make a content that merely mentions it ``for``; hearsay words
   ("rumors", "reports", "speculation") make it ``observing``; a negated cue ("did not
   confirm", "would not deny") is ``observing``;
3. hedges in the content ("may", "reportedly", "unconfirmed") weaken a ``for``: a strong
   hedge makes it ``observing``, a modal halves the score.

A speaker's stance is the one their statements' scores add up to most; it carries that
share as its score and the statements it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from saidwho.claims.stance import Stance

AGAINST_CUES = re.compile(
    r"\b(den(y|ies|ied|ying|ial)|dismiss\w*|doubt\w*|reject\w*|refut\w*|disput\w*|debunk\w*|"
    r"question(s|ed|ing)?|skeptic\w*|sceptic\w*|contradict\w*|rebut\w*|discount\w*|downplay\w*|"
    r"played down|cast doubt|ruled out|rule out|scoff\w*|deride\w*|derided)\b",
    re.IGNORECASE,
)
FOR_CUES = re.compile(
    r"\b(insist\w*|claim(s|ed|ing)?|confirm\w*|assert\w*|maintain\w*|affirm\w*|reaffirm\w*|"
    r"reiterat\w*|stood by|stand by|vouch\w*|swear|swore|sworn)\b",
    re.IGNORECASE,
)
HEARSAY_CUES = re.compile(
    r"\b(rumou?r(s|ed)?|reports?|reportedly|speculat\w*|allegations?|alleged(ly)?|word)\b", re.IGNORECASE
)
NEGATED = re.compile(r"\b(not|never|n't|no)\s+(\w+\s+)?$", re.IGNORECASE)
STRONG_HEDGES = re.compile(
    r"\b(unconfirmed|unverified|reportedly|allegedly|rumou?red|(un|not )clear whether|"
    r"could not (be )?(confirm|verif)\w*|no (independent )?confirmation)\b",
    re.IGNORECASE,
)
MODAL_HEDGES = re.compile(
    r"\b(may|might|could|possibly|perhaps|likely|probably|believed to)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class StatementStance:
    """A statement's stance toward a claim, its score (0-1), and what decided it."""

    stance: Stance
    score: float
    basis: str  # content, chain, cue:<word>, negated cue:<word>, hedge:<word>


def cue_class(cue: str) -> Stance | None:
    """The stance a cue word carries on its own, if any."""
    if AGAINST_CUES.search(cue):
        return "against"
    if FOR_CUES.search(cue):
        return "for"
    if HEARSAY_CUES.search(cue):
        return "observing"
    return None


def statement_stance(
    content_stance: Stance,
    score: float,
    *,
    cue: str,
    content: str,
    before_cue: str = "",
    chain: bool = False,
) -> StatementStance:
    """The speaker's stance from the model's ``content_stance`` (and its ``score``), the
    ``cue``, the words just ``before_cue`` in the sentence (for negation), and whether the
    content holds another attribution (``chain``)."""
    if content_stance == "unrelated":
        return StatementStance("unrelated", score, "content")
    by_cue = cue_class(cue)
    if NEGATED.search(before_cue) and by_cue in ("for", "against"):
        return StatementStance("observing", score, f"negated cue:{cue.lower()}")
    if chain:
        if by_cue in ("for", "against"):
            return StatementStance(by_cue, score, f"chain, cue:{cue.lower()}")
        return StatementStance("observing", score, "chain")
    if by_cue == "against" and content_stance in ("for", "observing"):
        return StatementStance("against", score, f"cue:{cue.lower()}")
    if by_cue == "against" and content_stance == "against":
        # "denied that he is not in Mosul" is rare; a denial restating a denial is the
        # common case ("dismissed the report, saying he is not there").
        return StatementStance("against", score, "content")
    if by_cue == "observing":
        return StatementStance("observing", score, f"cue:{cue.lower()}")
    if by_cue == "for" and content_stance == "observing":
        return StatementStance("for", score, f"cue:{cue.lower()}")
    if content_stance == "for":
        if m := STRONG_HEDGES.search(content):
            return StatementStance("observing", score, f"hedge:{m.group(0).lower()}")
        if m := MODAL_HEDGES.search(content):
            return StatementStance("for", round(score / 2, 4), f"hedge:{m.group(0).lower()}")
    return StatementStance(content_stance, score, "content")


@dataclass(frozen=True)
class SpeakerStance:
    """A speaker's stance on a claim: the one their statements' scores add up to most."""

    stance: Stance
    score: float  # that stance's share of the speaker's summed scores
    statements: list[int]  # indexes into the statements given, those with this stance


def speaker_stance(stances: Sequence[StatementStance]) -> SpeakerStance | None:
    """One speaker's stance from their statements' (``unrelated`` ones ignored)."""
    totals: dict[Stance, float] = {}
    for s in stances:
        if s.stance not in ("unrelated", "unknown"):
            totals[s.stance] = totals.get(s.stance, 0.0) + max(s.score, 1e-6)
    if not totals:
        return None
    # Ties go to the stronger position: against, then for, then observing.
    order: dict[Stance, int] = {"against": 0, "for": 1, "observing": 2, "unrelated": 3}
    best = max(totals, key=lambda k: (totals[k], -order[k]))
    return SpeakerStance(
        stance=best,
        score=round(totals[best] / sum(totals.values()), 4),
        statements=[i for i, s in enumerate(stances) if s.stance == best],
    )


def nested(content_spans: Iterable[tuple[int, int]], cues: Iterable[tuple[int, int]]) -> bool:
    """Whether another attribution's cue lies inside this content."""
    spans = list(content_spans)
    return any(s <= cs and ce <= e for cs, ce in cues for s, e in spans)
