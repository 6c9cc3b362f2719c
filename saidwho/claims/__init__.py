"""Claims across articles and where each text stands on them."""

from __future__ import annotations

from pathlib import Path

from saidwho.claims.decide import Decision, Statement, decide
from saidwho.claims.group import ClaimIndex, group
from saidwho.claims.stance import Stance, stance, stance_many
from saidwho.claims.update import ClaimUpdater
from saidwho.store import Store


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """The store at ``path`` with its claims kept up to date as it grows (a read-only store
    needs no updater)."""
    return Store.open(path, read_only=read_only, claims=None if read_only else ClaimUpdater())


__all__ = [
    "ClaimIndex",
    "ClaimUpdater",
    "Decision",
    "Stance",
    "Statement",
    "decide",
    "group",
    "open_store",
    "stance",
    "stance_many",
]
