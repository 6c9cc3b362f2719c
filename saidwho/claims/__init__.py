"""Claims across articles and where each text stands on them."""

from __future__ import annotations

from saidwho.claims.group import ClaimIndex, group
from saidwho.claims.stance import Stance, stance, stance_many

__all__ = ["ClaimIndex", "Stance", "group", "stance", "stance_many"]
