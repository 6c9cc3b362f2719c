"""The ``speakers`` table: the rows a batch's article speakers may join, read for the corpus
level (:mod:`saidwho.corpus.speakers` decides who is who), and what it decided written back.

The store hands a batch to its corpus hook as :class:`Arrival` records, gets
:class:`SpeakerChanges` back, and writes them once the batch's rows are in
(:func:`save_speakers`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import duckdb
import msgspec

from saidwho.records import Article
from saidwho.store.rows import insert_columns

Activity = tuple[str | None, datetime.date | None]


class CanonicalSpeaker(msgspec.Struct, kw_only=True):
    """A row of the ``speakers`` table, changed in place while a batch is assigned."""

    id: str
    key: str
    name: str
    type: str
    named: bool
    anonymous: bool
    surname: str | None
    aliases: list[str]
    descriptors: list[str]
    article_count: int = 0
    statement_count: int = 0


SPEAKER_COLUMNS = CanonicalSpeaker.__struct_fields__


class Arrival(msgspec.Struct, frozen=True, kw_only=True):
    """An article about to be stored, as the corpus level sees it: its store ``key``, its
    outlet and date as stored, and the canonical speakers it ``kept`` (article speaker id ->
    speakers.id) from the rows it replaces."""

    key: str
    article: Article
    outlet: str | None
    published: datetime.date | None
    kept: dict[str, str] = msgspec.field(default_factory=dict)


class SpeakerChanges(msgspec.Struct, kw_only=True):
    """What the corpus level decided for a batch: each article speaker's canonical id (by
    article key, then article speaker id), the ``speakers`` rows to insert and to update,
    and the stored rows ``merged`` into another (old id -> the id that absorbed it)."""

    ids: dict[str, dict[str, str]]
    new: list[CanonicalSpeaker]
    changed: list[CanonicalSpeaker]
    merged: dict[str, str]


class StoredSpeakers(msgspec.Struct, kw_only=True):
    """Stored ``speakers`` rows, with each one's type votes (article speakers per type)
    and, for full-name persons, the outlets and dates they were quoted in."""

    rows: list[CanonicalSpeaker]
    votes: dict[str, dict[str, int]]
    activity: dict[str, list[Activity]]


def load_speakers(
    con: duckdb.DuckDBPyConnection, *, keys: Iterable[str], surnames: Iterable[str], aliases: Iterable[str]
) -> StoredSpeakers:
    """The stored rows with one of ``keys``, the full-name persons with one of ``surnames``
    and the organizations known by one of ``aliases``."""
    rows = con.execute(
        f"SELECT {', '.join(SPEAKER_COLUMNS)} FROM speakers "
        "WHERE key IN (SELECT unnest($1::VARCHAR[])) OR surname IN (SELECT unnest($2::VARCHAR[])) "
        "OR (NOT starts_with(key, 'person:') AND list_has_any(aliases, $3::VARCHAR[]))",
        [sorted(keys), sorted(surnames), sorted(aliases)],
    ).fetchall()
    stored = [CanonicalSpeaker(**dict(zip(SPEAKER_COLUMNS, row, strict=True))) for row in rows]
    ids = [r.id for r in stored]
    votes: dict[str, dict[str, int]] = {}
    for cid, kind, n in con.execute(
        "SELECT canonical_id, type, count(*) FROM article_speakers "
        "WHERE canonical_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY ALL",
        [ids],
    ).fetchall():
        votes.setdefault(cid, {})[kind] = n
    activity: dict[str, list[Activity]] = {}
    for cid, where, when in con.execute(
        "SELECT DISTINCT s.canonical_id, a.outlet, a.published FROM article_speakers s "
        "JOIN articles a ON a.id = s.article_id WHERE s.canonical_id IN (SELECT unnest(?::VARCHAR[]))",
        [[r.id for r in stored if r.key.startswith("person:")]],
    ).fetchall():
        activity.setdefault(cid, []).append((where, when))
    return StoredSpeakers(rows=stored, votes=votes, activity=activity)


def save_speakers(con: duckdb.DuckDBPyConnection, changes: SpeakerChanges) -> None:
    """Write what the corpus level decided, once the batch's rows are in: new and changed
    rows, then each merged-away speaker's statements, article speakers and corrections
    pointed at the one that absorbed it, and its row dropped."""
    _write(con, changes.new, insert=True)
    _write(con, changes.changed, insert=False)
    for old, new in changes.merged.items():
        for table in ("attributions", "article_speakers"):
            con.execute(f"UPDATE {table} SET canonical_id = ? WHERE canonical_id = ?", [new, old])
        con.execute("DELETE FROM speakers WHERE id = ?", [old])
        # A reviewer's choice of the merged-away speaker follows it (saidwho.store.corrections).
        con.execute(
            "UPDATE corrections SET canonical_id = $2, value = replace(value::VARCHAR, $1, $2)::JSON"
            " WHERE canonical_id = $1",
            [old, new],
        )


def _write(con: duckdb.DuckDBPyConnection, rows: list[CanonicalSpeaker], *, insert: bool) -> None:
    if not rows:
        return
    columns = {name: [getattr(r, name) for r in rows] for name in SPEAKER_COLUMNS}
    if insert:
        insert_columns(con, "speakers", columns)
        return
    changed = ("type", "aliases", "descriptors", "article_count", "statement_count")
    select = ", ".join(f"unnest(${i + 2}) AS {n}" for i, n in enumerate(changed))
    sets = ", ".join(f"{n} = u.{n}" for n in changed)
    con.execute(
        f"UPDATE speakers SET {sets} FROM (SELECT unnest($1) AS id, {select}) AS u WHERE speakers.id = u.id",
        [columns["id"]] + [columns[n] for n in changed],
    )
