"""Claims in the store: each ingest batch's statements grouped into claims with their
speakers' stances (:class:`ClaimUpdater`), and the questions asked of them (``list_claims``,
``claim_board``, ``pinned_board``).

Grouping is incremental: ``meta.claims_rid`` is the last statement grouped, and every
update groups the statements after it into the stored claims or new ones
(:class:`saidwho.claims.group.ClaimIndex`), so a store made before claims existed gets them
on its next ingest, or at once with ``saidwho claims --rebuild``. A statement with fewer than
three distinct words (:data:`~saidwho.claims.group.MIN_WORDS`) states no claim.

A statement's stance is decided when it joins its claim, against the claim's text (its first
statement): the founding statement is ``for`` its own claim (then cue and chain rules,
:mod:`saidwho.claims.speaker`); later ones are read by the stance model.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Sequence
from typing import Any

import duckdb
import msgspec
import numpy as np

from saidwho.claims.anchors import agrees, anchors
from saidwho.claims.anchors import words as article_words
from saidwho.claims.decide import Decision, Statement, decide, is_reference
from saidwho.claims.group import MIN_WORDS, Claim, ClaimIndex, words
from saidwho.claims.label import best_label, quality
from saidwho.claims.speaker import StatementStance, nested, speaker_stance
from saidwho.errors import StoreError
from saidwho.store.rows import fetch_dicts, insert_columns

log = logging.getLogger(__name__)

STANCES = ("for", "against", "observing")
# A board also shows what nothing decided (saidwho.claims.decide: ``unknown``).
BOARD_STANCES = (*STANCES, "unknown")
# A statement reaches a board when at least this similar to the claim (blended similarity,
# saidwho.claims.group). Set by hand, a little under the grouping THRESHOLD, from the
# Baghdadi statements in tests/data/claims (about the claim 0.45-0.77 against its first
# statement); not yet measured by a benchmark.
BOARD_RELEVANCE = 0.35
# Typed claims: stored claims looked at (nearest by vector), their statements ranked at
# most, and the best of those read by the stance model (about 10 ms a statement on 2 cores).
PIN_CLAIMS = 40
PIN_STATEMENTS = 5000
# The articles of a typed board whose other statements may join as context, at most.
CONTEXT_ARTICLES = 300
# A board by id reads at most this many statements stored unread (a one-article claim's).
UNREAD_READ = 48
# A statement of a typed board's best statements' articles, in a claim of its own, joins
# the board at this similarity: later sentences of a story name its subject by description
# ("Feld doubted that the Islamic State leader was in the city at all": 0.26 to "Baghdadi
# is hiding in Mosul"; the off-topic statements of tests/data/claims are under 0.06).
CONTEXT_RELEVANCE = 0.1
Date = str | datetime.date


class ClaimUpdater:
    """Groups a store's new statements into claims; holds the claim index between batches."""

    def __init__(self) -> None:
        self.index: ClaimIndex | None = None
        self.texts: dict[int, str] = {}

    def update(self, con: duckdb.DuckDBPyConnection, *, chunk: int = 1024) -> int:
        """Group every statement after ``meta.claims_rid``; the number grouped. Runs in the
        caller's transaction (``saidwho.store.add`` calls it after storing a batch)."""
        if self.index is None:
            self.index = _load_index(con)
            self.texts = dict(con.execute("SELECT id, text FROM claims").fetchall())
        mark = _mark(con)
        grouped = 0
        while rows := fetch_dicts(
            con,
            "SELECT rid, article_id, id, source_text, content_text, content_spans, cue_text, cue_start, "
            "sentence_start, sentence FROM attributions WHERE rid > ? ORDER BY rid LIMIT ?",
            [mark, chunk],
        ):
            grouped += self._group(con, rows)
            mark = int(rows[-1]["rid"])
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('claims_rid', ?)",
                [str(mark)],
            )
        return grouped

    def _group(self, con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> int:
        from saidwho.claims.embed import embed

        assert self.index is not None
        word_sets = [words(r["content_text"]) for r in rows]
        kept = [i for i, w in enumerate(word_sets) if len(w) >= MIN_WORDS]
        if not kept:
            return 0
        rows = [rows[i] for i in kept]
        vectors = embed([r["content_text"] for r in rows])
        first_new = self.index.next_id
        labels = self.index.add(vectors, [word_sets[i] for i in kept])
        merged = _merge(con, self.index, first_new)
        founders: dict[int, int] = {}
        stating: dict[int, list[int]] = {}
        for i, (claim_id, _) in enumerate(labels):
            stating.setdefault(claim_id, []).append(i)
        for claim_id, members in stating.items():
            if claim_id not in self.texts:
                # A new claim's text: the best label among this batch's statements of it.
                best = max(members, key=lambda i: (quality(rows[i]["content_text"]), -i))
                self.texts[claim_id] = best_label([rows[best]["content_text"]])
                founders[claim_id] = best
        across = _across(con, rows, [c for c, _ in labels])
        stances = _stances(
            con, rows, [(self.texts[c], i in founders.values()) for i, (c, _) in enumerate(labels)]
        )
        packed_rows = [_pack_vector(v) for v in vectors]
        insert_columns(
            con,
            "claim_statements",
            {
                "rid": [r["rid"] for r in rows],
                "claim_id": [c for c, _ in labels],
                "article_id": [r["article_id"] for r in rows],
                "attribution_id": [r["id"] for r in rows],
                "relevance": [round(s, 4) for _, s in labels],
                "stance": [s.stance for s, _ in stances],
                "score": [s.score for s, _ in stances],
                "content_stance": [c for _, c in stances],
                "basis": [s.basis for s, _ in stances],
                "vector": [v for v, _ in packed_rows],
                "scale": [x for _, x in packed_rows],
            },
        )
        new = [c for c in self.index.claims if c.id >= first_new]
        if new:
            packed = [_pack(c) for c in new]
            insert_columns(
                con,
                "claims",
                {
                    "id": [c.id for c in new],
                    "text": [self.texts[c.id] for c in new],
                    "rid": [rows[founders[c.id]]["rid"] for c in new],
                    **{k: [0] * len(new) for k in _COUNTS},
                    "vector": [v for v, _ in packed],
                    "scale": [s for _, s in packed],
                },
            )
        _catch_up(con, sorted(across), self.texts)
        touched = sorted({c for c, _ in labels} | merged)
        _refresh(con, touched, self.index)
        return len(rows)

    def rebuild(self, con: duckdb.DuckDBPyConnection) -> int:
        """Forget every claim and group the whole store again (one transaction)."""
        con.begin()
        try:
            con.execute("DELETE FROM claim_statements")
            con.execute("DELETE FROM claims")
            con.execute("DELETE FROM claim_merges")
            con.execute("DELETE FROM meta WHERE key = 'claims_rid'")
            self.index, self.texts = ClaimIndex(), {}
            grouped = self.update(con)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return grouped


_COUNTS = (
    "statement_count",
    "article_count",
    "speaker_count",
    "for_count",
    "against_count",
    "observing_count",
)


def _across(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], claim_ids: list[int]) -> set[int]:
    """The claims among ``claim_ids`` that statements of two or more articles state, counting
    ``rows`` (this batch's, not stored yet)."""
    articles: dict[int, set[str]] = {}
    for r, c in zip(rows, claim_ids, strict=True):
        articles.setdefault(c, set()).add(r["article_id"])
    for c, stored in con.execute(
        "SELECT claim_id, list(DISTINCT article_id) FROM claim_statements"
        " WHERE claim_id IN (SELECT unnest(?::BIGINT[])) GROUP BY claim_id",
        [sorted(articles)],
    ).fetchall():
        articles[int(c)].update(stored)
    return {c for c, found in articles.items() if len(found) > 1}


_UNREAD_COLUMNS = (
    "a.rid, a.article_id, a.id, a.source_text, a.content_text, a.content_spans, a.cue_text, a.cue_start,"
    " a.sentence_start, a.sentence"
)


def _catch_up(con: duckdb.DuckDBPyConnection, claim_ids: list[int], texts: dict[int, str]) -> None:
    """Read the statements of ``claim_ids`` stored unread (while their claim was one
    article's) against their claim's text, now that it is stated across articles."""
    if not claim_ids:
        return
    rows = fetch_dicts(
        con,
        f"SELECT cs.claim_id, {_UNREAD_COLUMNS} FROM claim_statements cs JOIN attributions a USING (rid)"
        " WHERE cs.content_stance = 'unread' AND cs.claim_id IN (SELECT unnest(?::BIGINT[])) ORDER BY a.rid",
        [claim_ids],
    )
    if not rows:
        return
    stances = _stances(
        con, rows, [(texts[int(r["claim_id"])], False) for r in rows], read=set(range(len(rows)))
    )
    con.execute(
        "UPDATE claim_statements SET stance = u.stance, score = u.score, content_stance = u.content_stance,"
        " basis = u.basis FROM (SELECT unnest($1::BIGINT[]) AS rid, unnest($2::VARCHAR[]) AS stance,"
        " unnest($3::DOUBLE[]) AS score, unnest($4::VARCHAR[]) AS content_stance,"
        " unnest($5::VARCHAR[]) AS basis) u WHERE claim_statements.rid = u.rid",
        [
            [r["rid"] for r in rows],
            [s.stance for s, _ in stances],
            [s.score for s, _ in stances],
            [c for _, c in stances],
            [s.basis for s, _ in stances],
        ],
    )


def _stances(
    con: duckdb.DuckDBPyConnection,
    rows: list[dict[str, Any]],
    claims: list[tuple[str, bool]],
    *,
    read: set[int] | None = None,
) -> list[tuple[Decision, str]]:
    """Per statement, its speaker's stance toward ``claims[i]`` (text, whether the statement
    founded it: its content is the claim's text) by :func:`saidwho.claims.decide.decide`,
    and the stance model's reading of the content alone. Every statement is read (``read``
    is kept for callers of the older signature)."""
    chains = _chained(con, rows)
    found = decide(
        [text for text, _ in claims],
        [_statement(row, chain=i in chains) for i, row in enumerate(rows)],
        related=[True] * len(rows),
        founders=[founder for _, founder in claims],
    )
    return [(d, d.content_stance) for d in found]


def _statement(row: dict[str, Any], *, chain: bool) -> Statement:
    """A stored attribution row as :class:`saidwho.claims.decide.Statement`."""
    before = row["sentence"][: max(0, row["cue_start"] - row["sentence_start"])][-40:]
    return Statement(
        cue=row["cue_text"],
        content=row["content_text"],
        source=row.get("source_text") or row.get("source") or "",
        before_cue=before,
        chain=chain,
    )


def _chained(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> set[int]:
    """Indexes of ``rows`` that another statement is nested in: its ``parent``, or its cue
    lies inside their content."""
    cues: dict[str, list[tuple[int, int, int]]] = {}
    parents: set[tuple[str, str]] = set()
    articles = sorted({r["article_id"] for r in rows})
    for article_id, rid, start, end, parent in con.execute(
        "SELECT article_id, rid, cue_start, cue_end, parent FROM attributions "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [articles],
    ).fetchall():
        cues.setdefault(article_id, []).append((rid, start, end))
        if parent is not None:
            parents.add((article_id, parent))
    found = set()
    for i, row in enumerate(rows):
        spans = msgspec.json.decode(row["content_spans"], type=list[tuple[int, int]])
        others = [(s, e) for rid, s, e in cues.get(row["article_id"], []) if rid != row["rid"]]
        if (row["article_id"], row["id"]) in parents or nested(spans, others):
            found.add(i)
    return found


def _merge(con: duckdb.DuckDBPyConnection, index: ClaimIndex, first_new: int) -> set[int]:
    """Store the merges ``index`` made in its last batch: the absorbed stored claims'
    statements move to the claim that kept them (their stances stay those read against
    the absorbed claim's text), and ``claim_merges`` remembers the old id. Claims opened
    and absorbed within the batch were never stored. The ids that absorbed stored claims."""
    merges = [(old, into) for old, into in index.merges if old < first_new]
    index.merges.clear()
    if not merges:
        return set()
    for old, into in merges:
        con.execute("UPDATE claim_statements SET claim_id = ? WHERE claim_id = ?", [into, old])
        con.execute("DELETE FROM claims WHERE id = ?", [old])
        con.execute("INSERT OR REPLACE INTO claim_merges VALUES (?, ?, now()::TIMESTAMP)", [old, into])
    return {index.resolve(into) for _, into in merges}


def _pack_vector(vector: np.ndarray) -> tuple[bytes, float]:
    """A vector as int8 bytes and the scale that restores it."""
    scale = float(np.abs(vector).max()) / 127 or 1.0
    return np.round(vector / scale).astype(np.int8).tobytes(), scale


def _pack(claim: Claim) -> tuple[bytes, float]:
    """A claim's mean vector as int8 bytes and the scale that restores it."""
    return _pack_vector(claim.vector_sum / claim.size)


def _unpack(blob: bytes, scale: float) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.int8).astype(np.float64) * scale


def _load_index(con: duckdb.DuckDBPyConnection) -> ClaimIndex:
    """The stored claims as a :class:`ClaimIndex` (vectors from ``claims``, word sums from
    the members' contents)."""
    sums: dict[int, dict[str, float]] = {}
    for claim_id, content in con.execute(
        "SELECT cs.claim_id, a.content_text FROM claim_statements cs JOIN attributions a USING (rid)"
    ).fetchall():
        ws = words(content)
        x = 1.0 / len(ws) ** 0.5 if ws else 0.0
        into = sums.setdefault(int(claim_id), {})
        for w in ws:
            into[w] = into.get(w, 0.0) + x
    claims = [
        Claim(int(i), int(n), _unpack(v, s) * n, sums.get(int(i), {}))
        for i, n, v, s in con.execute(
            "SELECT id, statement_count, vector, scale FROM claims ORDER BY id"
        ).fetchall()
    ]
    return ClaimIndex(claims)


def _mark(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT value FROM meta WHERE key = 'claims_rid'").fetchone()
    return int(row[0]) if row else 0


def _refresh(con: duckdb.DuckDBPyConnection, ids: list[int], index: ClaimIndex) -> None:
    """Recount the claims ``ids`` and store their current mean vectors."""
    wanted = set(ids)
    by_id = {c.id: c for c in index.claims if c.id in wanted}
    packed = [_pack(by_id[i]) for i in ids]
    sets = ", ".join(f"{k} = a.{k}" for k in (*_COUNTS, "first_seen", "last_seen", "vector", "scale"))
    con.execute(
        f"UPDATE claims SET {sets} FROM ("
        " SELECT cs.claim_id, count(*) AS statement_count,"
        " count(DISTINCT cs.article_id) AS article_count,"
        " count(DISTINCT s.canonical_id) AS speaker_count,"
        + "".join(f" count(*) FILTER (WHERE cs.stance = '{k}') AS {k}_count," for k in STANCES)
        + " min(s.published) AS first_seen, max(s.published) AS last_seen,"
        " any_value(v.vector) AS vector, any_value(v.scale) AS scale"
        " FROM claim_statements cs JOIN attributions s USING (rid)"
        " JOIN (SELECT unnest($1::BIGINT[]) AS id, unnest($2::BLOB[]) AS vector,"
        "  unnest($3::FLOAT[]) AS scale) v ON v.id = cs.claim_id"
        " GROUP BY cs.claim_id) a WHERE claims.id = a.claim_id",
        [ids, [v for v, _ in packed], [s for _, s in packed]],
    )


# ---------------------------------------------------------------------------- queries


class ClaimSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A claim in a list: its text, how often and by how many it was stated, and the
    statements per stance (``for``, ``against``, ``observing``) within the list's filters."""

    id: int
    text: str
    statements: int
    articles: int
    speakers: int
    stances: dict[str, int]
    disputed: int  # the smaller of for and against
    first_seen: str | None
    last_seen: str | None


class ClaimPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of claims, and ``total`` matches over all pages."""

    items: list[ClaimSummary]
    total: int
    limit: int
    offset: int


class BoardSpeaker(msgspec.Struct, frozen=True, kw_only=True):
    """A statement's canonical speaker (``speakers`` table)."""

    id: str
    name: str
    type: str
    named: bool
    anonymous: bool


class BoardStatement(msgspec.Struct, frozen=True, kw_only=True):
    """A statement on a claim's board, with the offsets to link back:
    ``/articles/{article_id}#{attribution_id}``."""

    article_id: str
    attribution_id: str
    speaker: BoardSpeaker | None
    source: str | None
    cue: str
    content: str
    stance: str
    score: float
    relevance: float
    basis: str
    outlet: str | None
    published: str | None
    title: str | None
    sentence: str
    sentence_start: int
    sentence_end: int


class StatementRef(msgspec.Struct, frozen=True, kw_only=True):
    article_id: str
    attribution_id: str


class SpeakerPosition(msgspec.Struct, frozen=True, kw_only=True):
    """Where a speaker stands: the stance their statements' scores add up to most, that
    share as ``score``, and the statements it rests on; ``decided_by`` is the one of them
    that weighs most, with its ``content`` and its ``basis`` (what decided its stance: the
    speaker model, a cue, the content's own words, nesting, a reference to the claim)."""

    speaker: BoardSpeaker
    stance: str
    score: float
    statements: list[StatementRef]
    decided_by: StatementRef | None = None
    content: str = ""
    basis: str = ""


class Bucket(msgspec.Struct, frozen=True, kw_only=True):
    """Statements per stance under a label: an outlet, a source type, a date."""

    label: str | None
    statements: int
    stances: dict[str, int]


class ClaimBoard(msgspec.Struct, frozen=True, kw_only=True):
    """A claim's board: its statements, best match first, and who stands where.

    ``id`` is ``None`` for a typed (pinned) claim. ``speakers`` maps each stance to the
    speakers holding it; ``source_types`` and ``outlets`` count statements per stance;
    ``anonymous_share`` is the share of statements whose speaker is anonymous;
    ``timeline`` counts per day (``YYYY-MM-DD``), or per month when the statements span
    more than 120 days; ``off_board`` statements of the claim are about something else.
    """

    id: int | None
    text: str
    statements: list[BoardStatement]
    total: int
    off_board: int
    speakers: dict[str, list[SpeakerPosition]]
    source_types: list[Bucket]
    anonymous_share: float
    named_share: float
    outlets: list[Bucket]
    timeline: list[Bucket]
    first_seen: str | None
    last_seen: str | None


def require_claims(con: duckdb.DuckDBPyConnection) -> None:
    """Raise :class:`StoreError` for a store made before claims (schema version 1)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'claim_statements'"
    ).fetchone()
    if not row or not row[0]:
        raise StoreError(
            "this store was made before claims existed. Open it once for writing: saidwho claims --rebuild"
        )


def list_claims(
    con: duckdb.DuckDBPyConnection,
    *,
    outlet: str | None = None,
    since: Date | None = None,
    until: Date | None = None,
    sort: str = "disputed",
    min_statements: int = 2,
    limit: int = 20,
    offset: int = 0,
) -> ClaimPage:
    """Claims stated at least ``min_statements`` times (within the outlet and period),
    most disputed first (``sort="disputed"``: the smaller of for and against, then
    statements) or most stated first (``sort="stated"``)."""
    if sort not in ("disputed", "stated"):
        raise ValueError(f"sort={sort!r}: no such order. Use disputed or stated.")
    require_claims(con)
    conditions, params = ["cs.stance <> 'unrelated'"], []
    for sql, value in (
        ("s.outlet = ?", outlet),
        ("s.published >= ?::DATE", since),
        ("s.published <= ?::DATE", until),
    ):
        if value is not None:
            conditions.append(sql)
            params.append(str(value))
    order = "disputed DESC, statements DESC" if sort == "disputed" else "statements DESC, disputed DESC"
    sql = (
        "WITH c AS (SELECT cs.claim_id, count(*) AS statements, count(DISTINCT cs.article_id) AS articles,"
        " count(DISTINCT s.canonical_id) AS speakers,"
        + "".join(f" count(*) FILTER (WHERE cs.stance = '{k}') AS n_{k}," for k in STANCES)
        + " min(s.published)::VARCHAR AS first_seen, max(s.published)::VARCHAR AS last_seen"
        f" FROM claim_statements cs JOIN attributions s USING (rid) WHERE {' AND '.join(conditions)}"
        " GROUP BY cs.claim_id HAVING count(*) >= ?)"
        " SELECT c.*, least(n_for, n_against) AS disputed, k.text, count(*) OVER () AS total"
        f" FROM c JOIN claims k ON k.id = c.claim_id ORDER BY {order}, c.claim_id LIMIT ? OFFSET ?"
    )
    rows = fetch_dicts(con, sql, [*params, min_statements, limit, offset])
    total = int(rows[0]["total"]) if rows else 0
    if not rows and offset:
        first = fetch_dicts(con, sql, [*params, min_statements, 1, 0])
        total = int(first[0]["total"]) if first else 0
    items = [
        ClaimSummary(
            id=int(r["claim_id"]),
            text=r["text"],
            statements=int(r["statements"]),
            articles=int(r["articles"]),
            speakers=int(r["speakers"]),
            stances={k: int(r[f"n_{k}"]) for k in STANCES},
            disputed=int(r["disputed"]),
            first_seen=r["first_seen"],
            last_seen=r["last_seen"],
        )
        for r in rows
    ]
    return ClaimPage(items=items, total=total, limit=limit, offset=offset)


_BOARD_COLUMNS = (
    "s.rid, s.article_id, s.id AS attribution_id, s.source_text AS source, s.cue_text AS cue,"
    " s.content_text AS content, s.outlet, s.published::VARCHAR AS published, a.title, s.sentence,"
    " s.sentence_start, s.sentence_end, s.speaker_type, s.speaker_anonymous, s.speaker_named,"
    " sp.id AS speaker_id, sp.name AS speaker_name, sp.type AS sp_type, sp.named AS sp_named,"
    " sp.anonymous AS sp_anonymous"
)
_BOARD_JOINS = "JOIN articles a ON a.id = s.article_id LEFT JOIN speakers sp ON sp.id = s.canonical_id"


def claim_board(con: duckdb.DuckDBPyConnection, claim_id: int, *, limit: int = 200) -> ClaimBoard | None:
    """A stored claim's board: its statements (the ``limit`` most relevant listed, all
    counted) with their speakers' stances; ``None`` if there is no such claim."""
    require_claims(con)
    for _ in range(100):  # a claim merged into another goes by the other's id
        into = con.execute("SELECT into_id FROM claim_merges WHERE id = ?", [claim_id]).fetchone()
        if into is None:
            break
        claim_id = int(into[0])
    head = con.execute("SELECT text FROM claims WHERE id = ?", [claim_id]).fetchone()
    if head is None:
        return None
    rows = fetch_dicts(
        con,
        f"SELECT {_BOARD_COLUMNS}, cs.stance, cs.score, cs.relevance, cs.basis, cs.content_stance,"
        " s.id, s.content_text, s.content_spans, s.cue_text, s.cue_start"
        f" FROM claim_statements cs JOIN attributions s USING (rid) {_BOARD_JOINS}"
        " WHERE cs.claim_id = ? ORDER BY cs.relevance DESC, s.published NULLS LAST, s.rid",
        [claim_id],
    )
    # A claim stated in one article only was stored unread: read it now (not stored).
    unread = [r for r in rows if r["content_stance"] == "unread"][:UNREAD_READ]
    if unread:
        found = _stances(con, unread, [(str(head[0]), False)] * len(unread), read=set(range(len(unread))))
        for r, (decided, _) in zip(unread, found, strict=True):
            r.update(stance=decided.stance, score=decided.score, basis=decided.basis)
    return _board(claim_id, str(head[0]), rows, limit)


def pinned_board(con: duckdb.DuckDBPyConnection, text: str, *, limit: int = 200) -> ClaimBoard:
    """The board of a claim typed as ``text`` ("Baghdadi is hiding in Mosul"), best match first.

    The statements of the :data:`PIN_CLAIMS` stored claims nearest ``text`` are ranked by
    their stored vectors; a stored claim whose statements are on average at least
    :data:`BOARD_RELEVANCE` similar to ``text`` is about it, all its statements with it;
    of other claims, the statements that are themselves that similar; and, as context, the
    statements of the best ones' articles at :data:`CONTEXT_RELEVANCE`. Every statement on
    the board is read against ``text`` by :func:`saidwho.claims.decide.decide`, once: reads
    are kept per text and statement (``stance_reads`` in a writable store, and in memory)."""
    from saidwho.claims.embed import embed

    require_claims(con)
    query = embed([text])[0]
    stored = con.execute("SELECT id, vector, scale FROM claims").fetchall()
    near: list[int] = []
    if stored:
        means = np.stack([_unpack(v, s) for _, v, s in stored])
        sims = means @ query / np.linalg.norm(means, axis=1).clip(min=1e-9)
        order = np.argsort(-sims)[:PIN_CLAIMS]
        near = [int(stored[i][0]) for i in order if sims[i] >= 0.2]
    rows = _candidates(con, "claim_id IN (SELECT unnest(?::BIGINT[]))", [near])
    if not rows:
        return _board(None, text, [], limit)
    _relevance(rows, query, text)
    by_claim: dict[int, list[float]] = {}
    for r in rows:
        by_claim.setdefault(int(r["claim_id"]), []).append(r["relevance"])
    about = {c for c, xs in by_claim.items() if sum(xs) / len(xs) >= BOARD_RELEVANCE}
    on = [r for r in rows if r["claim_id"] in about or r["relevance"] >= BOARD_RELEVANCE]
    on = _same_event(con, text, on)
    on.sort(key=lambda r: (-r["relevance"], r["rid"]))
    # Context: the other statements of the articles about the claim (of its event) that
    # come near the text, or name it by reference ("Russia denies this"), whether or not
    # they were grouped into a claim: later sentences of a story name its subject by
    # description ("doubted that the Islamic State leader was in the city").
    articles = list(dict.fromkeys(r["article_id"] for r in on))[:CONTEXT_ARTICLES]
    seen = {r["rid"] for r in on}
    context = [r for r in _article_statements(con, articles) if r["rid"] not in seen]
    _relevance(context, query, text)
    on += [
        {**r, "context": True}
        for r in context
        if r["relevance"] >= CONTEXT_RELEVANCE or is_reference(r["content"])
    ]
    on.sort(key=lambda r: (-r["relevance"], r["rid"]))
    details = {
        r["rid"]: r
        for r in fetch_dicts(
            con,
            f"SELECT {_BOARD_COLUMNS}, s.content_spans, s.cue_start, s.sentence_start AS s_start"
            f" FROM attributions s {_BOARD_JOINS} WHERE s.rid IN (SELECT unnest(?::BIGINT[]))",
            [[r["rid"] for r in on]],
        )
    }
    decided = _read_cached(con, text, on, details)
    board_rows: list[dict[str, Any]] = []
    for r in on:
        d = decided[r["rid"]]
        basis = f"context, {d.basis}" if r.get("context") else d.basis
        board_rows.append(
            {
                **details[r["rid"]],
                "relevance": r["relevance"],
                "stance": d.stance,
                "score": d.score,
                "basis": basis,
            }
        )
    board_rows.sort(key=lambda r: (-r["relevance"], r["published"] or "", r["rid"]))
    return _board(None, text, board_rows, limit)


_ARTICLE_ANCHORS: dict[str, frozenset[str]] = {}


def _same_event(
    con: duckdb.DuckDBPyConnection, text: str, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows whose article names the typed claim's event (:mod:`saidwho.claims.anchors`):
    the same words about another aircraft, another year, stay off the board."""
    wanted = anchors(text)
    if not wanted or not rows:
        return rows
    todo = sorted({r["article_id"] for r in rows} - _ARTICLE_ANCHORS.keys())
    if todo:
        if len(_ARTICLE_ANCHORS) > 100_000:
            _ARTICLE_ANCHORS.clear()
        for article_id, title, body in con.execute(
            "SELECT id, title, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [todo]
        ).fetchall():
            _ARTICLE_ANCHORS[article_id] = article_words(f"{title or ''}\n{body}")
    return [r for r in rows if agrees(wanted, _ARTICLE_ANCHORS.get(r["article_id"], frozenset()))]


# Reads of typed boards, per (typed text, statement): the store's stance_reads table where
# the store is writable, and this process's memory always (a read-only store, the web app).
_READS: dict[tuple[str, int], Decision] = {}
_READS_MAX = 200_000


def _read_cached(
    con: duckdb.DuckDBPyConnection, text: str, rows: list[dict[str, Any]], details: dict[int, dict[str, Any]]
) -> dict[int, Decision]:
    """Every statement of ``rows`` decided against ``text``: from the cache where it was
    read before, else by :func:`saidwho.claims.decide.decide` (and cached)."""
    key = " ".join(text.split()).lower()
    out: dict[int, Decision] = {}
    for r in rows:
        if (hit := _READS.get((key, r["rid"]))) is not None:
            out[r["rid"]] = hit
    todo = [r for r in rows if r["rid"] not in out]
    if todo and _has_reads(con):
        for rid, stance, score, basis, content_stance in con.execute(
            "SELECT rid, stance, score, basis, content_stance FROM stance_reads"
            " WHERE claim_text = ? AND rid IN (SELECT unnest(?::BIGINT[]))",
            [key, [r["rid"] for r in todo]],
        ).fetchall():
            out[int(rid)] = _READS[(key, int(rid))] = Decision(stance, float(score), basis, content_stance)
        todo = [r for r in todo if r["rid"] not in out]
    if not todo:
        return out
    rows_ = [
        {**details[r["rid"]], "id": details[r["rid"]]["attribution_id"], "content_text": r["content"]}
        for r in todo
    ]
    chains = _chained(con, rows_)
    statements = [
        Statement(
            cue=d["cue"],
            content=r["content"],
            source=d["source"] or "",
            before_cue=d["sentence"][: max(0, d["cue_start"] - d["s_start"])][-40:],
            chain=i in chains,
        )
        for i, (r, d) in enumerate(zip(todo, rows_, strict=True))
    ]
    found = decide(text, statements, related=[bool(r.get("context")) for r in todo])
    if len(_READS) > _READS_MAX:
        _READS.clear()
    for r, d in zip(todo, found, strict=True):
        out[r["rid"]] = _READS[(key, r["rid"])] = d
    _store_reads(con, key, [(r["rid"], out[r["rid"]]) for r in todo])
    return out


def _has_reads(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'stance_reads'"
    ).fetchone()
    return bool(row and row[0])


def _store_reads(con: duckdb.DuckDBPyConnection, key: str, reads: list[tuple[int, Decision]]) -> None:
    """Keep ``reads`` in the store's stance_reads where the store is writable."""
    if not reads or not _has_reads(con):
        return
    try:
        con.execute(
            "INSERT OR REPLACE INTO stance_reads SELECT ?, unnest(?::BIGINT[]), unnest(?::VARCHAR[]),"
            " unnest(?::DOUBLE[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [
                key,
                [rid for rid, _ in reads],
                [d.stance for _, d in reads],
                [d.score for _, d in reads],
                [d.basis for _, d in reads],
                [d.content_stance for _, d in reads],
            ],
        )
    except duckdb.Error as exc:  # a read-only store: this process's memory keeps them
        log.debug("stance reads not stored: %s", exc)


def _article_statements(con: duckdb.DuckDBPyConnection, articles: list[str]) -> list[dict[str, Any]]:
    """Every statement of ``articles``, with its claim's stored vector where it has one
    (statements of fewer than three words belong to no claim)."""
    if not articles:
        return []
    return fetch_dicts(
        con,
        "SELECT a.rid, cs.claim_id, a.article_id, cs.stance, cs.score, cs.basis, cs.vector, cs.scale,"
        " a.content_text AS content FROM attributions a LEFT JOIN claim_statements cs USING (rid)"
        " WHERE a.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.rid LIMIT ?",
        [articles, PIN_STATEMENTS],
    )


def _candidates(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> list[dict[str, Any]]:
    """Claim statements ``where`` (at most PIN_STATEMENTS), with their contents: two plain
    lookups, cheaper than one join over the whole attributions table."""
    rows = fetch_dicts(
        con,
        "SELECT rid, claim_id, article_id, stance, score, basis, vector, scale FROM claim_statements"
        f" WHERE {where} ORDER BY rid LIMIT ?",
        [*params, PIN_STATEMENTS],
    )
    contents = dict(
        con.execute(
            "SELECT rid, content_text FROM attributions WHERE rid IN (SELECT unnest(?::BIGINT[]))",
            [[r["rid"] for r in rows]],
        ).fetchall()
    )
    for r in rows:
        r["content"] = contents[r["rid"]]
    return rows


def _relevance(rows: list[dict[str, Any]], query: np.ndarray, text: str) -> None:
    """Set each row's ``relevance`` to ``text`` (blended similarity, as grouping's) from its
    stored vector, embedding the contents stored without one (before version 3)."""
    from saidwho.claims.embed import embed
    from saidwho.claims.group import _blend

    if not rows:
        return
    vectors = np.zeros((len(rows), len(query)))
    missing = []
    for i, r in enumerate(rows):
        if r["vector"] is None:
            missing.append(i)
        else:
            vectors[i] = _unpack(r["vector"], r["scale"])
    if missing:
        distinct = list(dict.fromkeys(rows[i]["content"] for i in missing))
        found = dict(zip(distinct, embed(distinct), strict=True))
        vectors[missing] = np.stack([found[rows[i]["content"]] for i in missing])
    query_words = words(text)
    overlap = [
        len(query_words & w) / (len(query_words) * len(w)) ** 0.5 if query_words and w else 0.0
        for w in (words(r["content"]) for r in rows)
    ]
    for r, x in zip(rows, _blend(vectors @ query, np.array(overlap)), strict=True):
        r["relevance"] = round(float(x), 4)


def board(con: duckdb.DuckDBPyConnection, key: str, *, limit: int = 200) -> ClaimBoard | None:
    """``claim_board`` for a claim id (``42`` or ``#42``), else ``pinned_board`` for the text."""
    digits = key.strip().removeprefix("#")
    if digits.isdigit():
        return claim_board(con, int(digits), limit=limit)
    return pinned_board(con, key, limit=limit)


def _speaker(r: dict[str, Any]) -> BoardSpeaker | None:
    if r["speaker_id"] is None:
        return None
    return BoardSpeaker(
        id=r["speaker_id"],
        name=r["speaker_name"],
        type=r["sp_type"],
        named=bool(r["sp_named"]),
        anonymous=bool(r["sp_anonymous"]),
    )


def _board(claim_id: int | None, text: str, rows: list[dict[str, Any]], limit: int) -> ClaimBoard:
    """A board of ``rows``: the statements of the claim (or about a typed one), all on it
    but those the stance reads as ``unrelated``."""
    on = [r for r in rows if r["stance"] != "unrelated"]
    statements = [
        BoardStatement(
            article_id=r["article_id"],
            attribution_id=r["attribution_id"],
            speaker=_speaker(r),
            source=r["source"],
            cue=r["cue"],
            content=r["content"],
            stance=r["stance"],
            score=float(r["score"]),
            relevance=float(r["relevance"]),
            basis=r["basis"],
            outlet=r["outlet"],
            published=r["published"],
            title=r["title"],
            sentence=r["sentence"],
            sentence_start=int(r["sentence_start"]),
            sentence_end=int(r["sentence_end"]),
        )
        for r in on
    ]
    dates = sorted(r["published"] for r in on if r["published"])
    n = len(on)
    return ClaimBoard(
        id=claim_id,
        text=text,
        statements=statements[:limit],
        total=n,
        off_board=len(rows) - n,
        speakers=_positions(on, statements),
        source_types=_buckets(on, lambda r: r["speaker_type"] or "none"),
        anonymous_share=round(sum(bool(r["speaker_anonymous"]) for r in on) / n, 4) if n else 0.0,
        named_share=round(sum(bool(r["speaker_named"]) and not r["speaker_anonymous"] for r in on) / n, 4)
        if n
        else 0.0,
        outlets=_buckets(on, lambda r: r["outlet"]),
        timeline=_timeline(on, dates),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
    )


def _positions(
    rows: list[dict[str, Any]], statements: list[BoardStatement]
) -> dict[str, list[SpeakerPosition]]:
    by_speaker: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if r["speaker_id"] is not None:
            by_speaker.setdefault(r["speaker_id"], []).append(i)
    positions: dict[str, list[SpeakerPosition]] = {k: [] for k in STANCES}
    for indexes in by_speaker.values():
        held = speaker_stance(
            [StatementStance(rows[i]["stance"], float(rows[i]["score"]), "") for i in indexes]
        )
        speaker = statements[indexes[0]].speaker
        if held is None or speaker is None:
            continue
        refs = [
            StatementRef(
                article_id=rows[indexes[k]]["article_id"], attribution_id=rows[indexes[k]]["attribution_id"]
            )
            for k in held.statements
        ]
        top = max(held.statements, key=lambda k: float(rows[indexes[k]]["score"]))
        decisive = rows[indexes[top]]
        positions[held.stance].append(
            SpeakerPosition(
                speaker=speaker,
                stance=held.stance,
                score=held.score,
                statements=refs,
                decided_by=refs[held.statements.index(top)],
                content=decisive["content"],
                basis=decisive["basis"],
            )
        )
    for found in positions.values():
        found.sort(key=lambda p: (-len(p.statements), -p.score, p.speaker.name))
    return positions


def _buckets(rows: Sequence[dict[str, Any]], label: Any) -> list[Bucket]:
    counts: dict[str | None, Counter[str]] = {}
    for r in rows:
        counts.setdefault(label(r), Counter())[r["stance"]] += 1
    buckets = [
        Bucket(label=k, statements=sum(c.values()), stances={s: c[s] for s in STANCES})
        for k, c in counts.items()
    ]
    return sorted(buckets, key=lambda b: (-b.statements, b.label or "\uffff"))


def _timeline(rows: list[dict[str, Any]], dates: list[str]) -> list[Bucket]:
    if not dates:
        return []
    span = datetime.date.fromisoformat(dates[-1]) - datetime.date.fromisoformat(dates[0])
    width = 7 if span.days > 120 else 10
    dated = [r for r in rows if r["published"]]
    return sorted(_buckets(dated, lambda r: r["published"][:width]), key=lambda b: b.label or "")
