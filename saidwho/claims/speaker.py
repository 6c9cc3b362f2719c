"""Where a speaker stands on a claim, from their statements' stances (each decided by
:func:`saidwho.claims.decide.decide`): the stance their scores add up to most, with that
share as its score and the statements it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from saidwho.records import Stance


@dataclass(frozen=True)
class StatementStance:
    """A statement's stance toward a claim, its score (0-1), and what decided it."""

    stance: Stance
    score: float
    basis: str  # content, chain, cue:<word>, negated cue:<word>, hedge:<word>


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
