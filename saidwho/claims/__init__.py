"""Claims across articles and where each text stands on them."""

from __future__ import annotations

from saidwho.claims.decide import Decision, Statement, decide
from saidwho.claims.group import ClaimIndex, group
from saidwho.claims.stance import stance, stance_many
from saidwho.claims.update import ClaimUpdater
from saidwho.records import Stance

__all__ = [
    "ClaimIndex",
    "ClaimUpdater",
    "Decision",
    "Stance",
    "Statement",
    "decide",
    "group",
    "stance",
    "stance_many",
]
