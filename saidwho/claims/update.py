"""Claims kept up to date as a store grows: each ingest batch's statements grouped into
claims, with their speakers' stances (:class:`ClaimUpdater`, the store's claims hook).

Grouping is incremental: ``meta.claims_rid`` is the last statement grouped, and every
update groups the statements after it into the stored claims or new ones
(:class:`saidwho.claims.group.ClaimIndex`), so a store made before claims existed gets them
on its next ingest, or at once with ``saidwho claims --rebuild``. A statement with fewer than
three distinct words (:data:`~saidwho.claims.group.MIN_WORDS`) states no claim.

A statement's stance is decided when it joins its claim, against the claim's text, by
:func:`saidwho.claims.decide.decide` (the founding statement states its claim: only its
shape decides).
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb
import msgspec
import numpy as np

from saidwho.claims.decide import Decision, Statement, decide
from saidwho.claims.group import MIN_WORDS, Claim, ClaimIndex, unit_words, words
from saidwho.claims.label import best_label, quality
from saidwho.claims.speaker import nested
from saidwho.store.corrections import apply_stances
from saidwho.store.rewrite import CLAIM_COUNTS as _COUNTS
from saidwho.store.rewrite import recount_claims
from saidwho.store.rows import fetch_dicts, insert_columns

log = logging.getLogger(__name__)


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
            "sentence_start, sentence, article_speaker_id FROM attributions"
            " WHERE rid > ? ORDER BY rid LIMIT ?",
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
            apply_stances(con)  # reviewers' stances outlive the regrouping
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return grouped


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
    " a.sentence_start, a.sentence, a.article_speaker_id"
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
    stances = _stances(con, rows, [(texts[int(r["claim_id"])], False) for r in rows])
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
) -> list[tuple[Decision, str]]:
    """Per statement, its speaker's stance toward ``claims[i]`` (text, whether the statement
    founded it: its content is the claim's text) by :func:`saidwho.claims.decide.decide`,
    and the stance model's reading of the content alone."""
    found = decide(
        [text for text, _ in claims],
        statements(con, rows),
        related=[True] * len(rows),
        founders=[founder for _, founder in claims],
    )
    return [(d, d.content_stance) for d in found]


# A source that is a bare pronoun: it names no one, and goes on from the statement before it.
PRONOUN_SOURCES = frozenset({"he", "she", "they", "it", "we", "i"})
# A source that says nothing of who speaks (a pronoun, or a determiner left alone by the
# extraction): the stance model reads the speaker its article resolved it to instead ("he
# told Kestrel" from a rebel spokesman is the rebels' denial).
_BARE_SOURCES = PRONOUN_SOURCES | {"the", "this", "that"}


def source_of(row: dict[str, Any]) -> str:
    """A stored or board row's source span, stripped ("" where it has none)."""
    return (row.get("source_text") or row.get("source") or "").strip()


def speaker_source(source: str, name: str | None, descriptor: str | None) -> str:
    """The source the stance model reads for a statement: its ``source`` span, or, where
    that is a bare pronoun, the ``name`` of the speaker its article resolved it to and the
    speaker's first ``descriptor`` ("Teodor Vask, rebel spokesman,") when it has one."""
    name = (name or "").strip()
    if source.strip().lower() not in _BARE_SOURCES or name.lower() in _BARE_SOURCES or len(name) < 3:
        return source
    descriptor = (descriptor or "").strip()
    if descriptor and descriptor.lower() not in name.lower():
        return f"{name}, {descriptor},"
    return name


def statements(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[Statement]:
    """Stored attribution rows (with ``article_id`` and ``article_speaker_id``) as the
    statements :func:`saidwho.claims.decide.decide` reads: nested ones marked, and a bare
    pronoun source read as its speaker (:func:`speaker_source`; one query, for those rows
    only)."""
    chains = _chained(con, rows)
    said = _speakers(
        con,
        {
            (r["article_id"], r["article_speaker_id"])
            for r in rows
            if r.get("article_speaker_id") and source_of(r).lower() in _BARE_SOURCES
        },
    )
    out = []
    for i, row in enumerate(rows):
        name, descriptor = said.get((row["article_id"], row.get("article_speaker_id") or ""), ("", None))
        source = speaker_source(source_of(row), name, descriptor)
        out.append(_statement(row, chain=i in chains, source=source))
    return out


def _speakers(
    con: duckdb.DuckDBPyConnection, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The name and first descriptor of each article speaker ``(article_id, id)`` of ``keys``."""
    if not keys:
        return {}
    found = con.execute(
        "SELECT x.article_id, x.id, x.name, x.descriptors[1] FROM article_speakers x"
        " JOIN (SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::VARCHAR[]) AS id) w"
        " ON x.article_id = w.article_id AND x.id = w.id",
        [[a for a, _ in keys], [s for _, s in keys]],
    ).fetchall()
    return {(a, s): (name, descriptor) for a, s, name, descriptor in found}


def _statement(row: dict[str, Any], *, chain: bool, source: str) -> Statement:
    """A stored attribution row as :class:`saidwho.claims.decide.Statement`."""
    before = row["sentence"][: max(0, row["cue_start"] - row["sentence_start"])][-40:]
    return Statement(
        cue=row["cue_text"],
        content=row["content_text"],
        source=source,
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
        into = sums.setdefault(int(claim_id), {})
        for w, x in unit_words(words(content)).items():
            into[w] = into.get(w, 0.0) + x
    rows = con.execute("SELECT id, statement_count, vector, scale FROM claims ORDER BY id").fetchall()
    # A claim whose statements all left it (reviewers' corrections) draws no more; its id
    # is never given again.
    claims = [Claim(int(i), int(n), _unpack(v, s) * n, sums.get(int(i), {})) for i, n, v, s in rows if n]
    return ClaimIndex(claims, next_id=max((int(r[0]) for r in rows), default=0) + 1)


def _mark(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT value FROM meta WHERE key = 'claims_rid'").fetchone()
    return int(row[0]) if row else 0


def _refresh(con: duckdb.DuckDBPyConnection, ids: list[int], index: ClaimIndex) -> None:
    """Recount the claims ``ids`` (:func:`saidwho.store.rewrite.recount_claims`) and store
    their current mean vectors."""
    recount_claims(con, ids)
    wanted = set(ids)
    by_id = {c.id: c for c in index.claims if c.id in wanted}
    packed = [_pack(by_id[i]) for i in ids]
    con.execute(
        "UPDATE claims SET vector = v.vector, scale = v.scale FROM ("
        " SELECT unnest($1::BIGINT[]) AS id, unnest($2::BLOB[]) AS vector, unnest($3::FLOAT[]) AS scale) v"
        " WHERE claims.id = v.id",
        [ids, [v for v, _ in packed], [s for _, s in packed]],
    )
