"""The corpus level: what is decided across articles as a store grows, above the store and
called by it in each batch's transaction (:class:`Corpus`, the store's hook):

1. canonical speakers (:mod:`saidwho.corpus.speakers`): which article speakers are one real
   person or organization, before the batch's rows are written;
2. claims (:mod:`saidwho.claims`): the batch's statements grouped by what they state, with
   their stances, once its rows are in.

with open_store("saidwho.duckdb") as store:
    store.ingest(saidwho.extract_many(raws))
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from saidwho.claims.update import ClaimUpdater
from saidwho.corpus import speakers
from saidwho.store import Store
from saidwho.store.speakers import Arrival, SpeakerChanges


class Corpus:
    """The store's corpus hook; with ``claims=False`` it keeps canonical speakers only and
    loads no model."""

    def __init__(self, *, claims: bool = True) -> None:
        self.claims = ClaimUpdater() if claims else None

    def assign(self, con: duckdb.DuckDBPyConnection, batch: Sequence[Arrival]) -> SpeakerChanges:
        """Each article speaker of ``batch`` its canonical speaker (:func:`speakers.assign`)."""
        return speakers.assign(con, batch)

    def update(self, con: duckdb.DuckDBPyConnection) -> int:
        """Group the statements not grouped yet into claims; the number grouped."""
        return self.claims.update(con) if self.claims is not None else 0

    def rebuild(self, con: duckdb.DuckDBPyConnection) -> int:
        """Group every statement into claims again, in one transaction; the number grouped."""
        return self.claims.rebuild(con) if self.claims is not None else 0


def open_store(path: str | Path, *, read_only: bool = False, claims: bool = True) -> Store:
    """The store at ``path`` with its canonical speakers and (unless ``claims=False``) its
    claims kept up to date as it grows; a read-only store needs neither."""
    return Store.open(path, read_only=read_only, corpus=None if read_only else Corpus(claims=claims))


__all__ = ["Corpus", "open_store"]
