"""The store as the web app holds it: one DuckDB connection per process, a cursor per request.

DuckDB lets one process write a file, or any number of processes read it with
``read_only=True``; within a process, threads share one connection through cursors
(``con.cursor()``), and one process cannot hold the same file both read-only and read-write.
So a read-only server (the default) opens the store read-only and leaves it readable by
other processes; with a token the server opens it read-write, and ``add`` writes one
article per transaction on its own cursor, one write at a time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from saidwho.corpus import open_store
from saidwho.errors import StoreError
from saidwho.records import Article
from saidwho.review.records import Correction
from saidwho.store import AddResult, add, corrections
from saidwho.store.corrections import Outcome

log = logging.getLogger(__name__)

T = TypeVar("T")
# Distinct aggregate queries kept in memory; a dashboard asks a handful.
CACHE_SIZE = 1024


class Database:
    """The open store, and the aggregates computed over it so far."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        if not path.is_file():  # read-write, Store.open would create an empty store
            raise StoreError(f"{path}: no such store. Build one with: saidwho ingest PATH --db {path}")
        self.path = path
        self.writable = writable
        self.store = open_store(path, read_only=not writable)
        self._write_lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], Any] = {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one request's thread."""
        return self.store.con.cursor()

    def cached(self, con: duckdb.DuckDBPyConnection, query: Callable[..., T], **kwargs: Any) -> T:
        """``query(con, **kwargs)``, computed once until the next write.

        For the queries that aggregate every statement (outlet sourcing, overall rankings):
        no other process can write while the server holds the store, so a result stays
        true until this server's own ``add``.
        """
        key = (query.__name__, *sorted(kwargs.items()))
        if key in self._cache:
            return self._cache[key]  # type: ignore[no-any-return]
        value = query(con, **kwargs)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = value
        return value

    def add(self, article: Article, *, outlet: str | None = None) -> AddResult:
        """Store one article in one transaction (skipped if already stored), its statements
        grouped into claims as ``saidwho ingest`` groups them."""
        return self._write(lambda cur: add(cur, [article], outlet=outlet, corpus=self.store.corpus))

    def review(self, requests: Sequence[Correction], *, reviewer: str) -> list[Outcome]:
        """Keep and apply reviewers' corrections in one transaction (one write at a time)."""
        return self._write(
            lambda cur: corrections.record(cur, requests, reviewer=reviewer, corpus=self.store.corpus)
        )

    def undo(self, ids: Sequence[int], *, reviewer: str) -> list[Outcome]:
        """Undo corrections in one transaction: the machine values come back."""
        return self._write(
            lambda cur: corrections.undo(cur, ids, reviewer=reviewer, corpus=self.store.corpus)
        )

    def _write(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """``work`` on a cursor of its own, one writer at a time; cached reads are dropped
        after it."""
        with self._write_lock:
            cur = self.cursor()
            try:
                result = work(cur)
            finally:
                cur.close()
            self._cache.clear()
        return result

    def close(self) -> None:
        self.store.close()
