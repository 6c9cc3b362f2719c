"""An article's rows taken out so that a new record of it can be stored in their place
(a reviewed record, or the extractor's new one: ``saidwho ingest --replace``), and the
counts that depend on them kept true.

What stays across the swap (:class:`Kept`): the article's place in ingest order, the
``rid`` of every statement that reads the same (so its claim, stance and search terms stay
and links to it keep working) and the canonical speaker of every article speaker that is
the same speaker. Statements that changed or went leave their claims, which are recounted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import msgspec

from saidwho.records import STANCES, Article, Speaker
from saidwho.store.rows import fetch_dicts, has_table

# Tables holding an article's rows, by article id.
ARTICLE_TABLES = ("attributions", "article_speakers", "mentions", "articles")
CLAIM_COUNTS = (
    "statement_count",
    "article_count",
    "speaker_count",
    "for_count",
    "against_count",
    "observing_count",
)


class Kept(msgspec.Struct, frozen=True, kw_only=True):
    """What an article's new rows keep of its old ones."""

    seq: int
    rids: dict[str, int]  # attribution id -> rid, for statements that read the same
    canonical: dict[str, str]  # article speaker id -> speakers.id, for the same speakers and pins
    speakers: list[str] = msgspec.field(default_factory=list)  # the old rows' canonical ids, to recount
    claims: list[int] = msgspec.field(default_factory=list)  # the kept statements' claims, to recount


def _same_speaker(old: dict[str, Any], new: Speaker) -> bool:
    return (old["name"], old["type"], old["named"], old["anonymous"]) == (
        new.name,
        new.type,
        new.named,
        new.anonymous,
    )


def take_out(
    con: duckdb.DuckDBPyConnection, key: str, new: Article, *, pins: dict[str, str] | None = None
) -> Kept:
    """Delete the rows of the stored article ``key`` and say what ``new``, about to be
    stored, keeps of them. Statements that do not carry over leave their claims (recounted);
    the canonical speakers that lose statements are recounted by :func:`recount_speakers`
    once the new rows are in (the caller's job, as it knows the new ids too)."""
    (seq,) = con.execute("SELECT seq FROM articles WHERE id = ?", [key]).fetchone() or (None,)
    if seq is None:
        raise KeyError(key)
    old_atts = {
        r["id"]: r
        for r in fetch_dicts(
            con, "SELECT rid, id, content_text, content_spans FROM attributions WHERE article_id = ?", [key]
        )
    }
    old_speakers = {
        r["id"]: r for r in fetch_dicts(con, "SELECT * FROM article_speakers WHERE article_id = ?", [key])
    }
    rids = {}
    for att in new.attributions:
        old = old_atts.get(att.id)
        if old is not None and old["content_text"] == att.content.text:
            rids[att.id] = int(old["rid"])
    canonical = {
        sp.id: old_speakers[sp.id]["canonical_id"]
        for sp in new.speakers
        if sp.id in old_speakers and _same_speaker(old_speakers[sp.id], sp)
    }
    canonical.update(pins or {})
    kept_rids = set(rids.values())
    drop_statements(con, [int(r["rid"]) for r in old_atts.values() if int(r["rid"]) not in kept_rids])
    claims = _claims_of(con, sorted(kept_rids))
    con.execute(
        "DELETE FROM statement_terms WHERE rid IN (SELECT unnest(?::BIGINT[]))",
        [[int(r["rid"]) for r in old_atts.values()]],
    )
    for table in ARTICLE_TABLES:
        column = "id" if table == "articles" else "article_id"
        con.execute(f"DELETE FROM {table} WHERE {column} = ?", [key])
    return Kept(
        seq=int(seq),
        rids=rids,
        canonical=canonical,
        speakers=sorted({r["canonical_id"] for r in old_speakers.values()}),
        claims=claims,
    )


def _claims_of(con: duckdb.DuckDBPyConnection, rids: list[int]) -> list[int]:
    if not rids or not has_table(con, "claim_statements"):
        return []
    rows = con.execute(
        "SELECT DISTINCT claim_id FROM claim_statements WHERE rid IN (SELECT unnest(?::BIGINT[]))", [rids]
    ).fetchall()
    return sorted(int(r[0]) for r in rows)


def settle(con: duckdb.DuckDBPyConnection, key: str, kept: Kept) -> None:
    """Once the new rows of ``key`` are in: recount the canonical speakers it had and has, and
    the claims of its kept statements (their speakers may have changed)."""
    recount_speakers(con, set(kept.speakers) | canonical_ids(con, [key]))
    recount_claims(con, kept.claims)


def canonical_ids(con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> set[str]:
    """The canonical speakers of the articles ``keys`` (their speakers' and statements')."""
    rows = con.execute(
        "SELECT canonical_id FROM article_speakers WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(keys)],
    ).fetchall()
    return {str(r[0]) for r in rows if r[0] is not None}


def recount_speakers(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> None:
    """Recount the statements and articles of the canonical speakers ``ids``."""
    con.execute(
        "UPDATE speakers SET"
        " statement_count = (SELECT count(*) FROM attributions a WHERE a.canonical_id = speakers.id),"
        " article_count = (SELECT count(DISTINCT s.article_id) FROM article_speakers s"
        "  WHERE s.canonical_id = speakers.id)"
        " WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(ids)],
    )


def drop_statements(con: duckdb.DuckDBPyConnection, rids: list[int]) -> None:
    """Take the statements ``rids`` off their claims and recount those claims (a claim left
    with none stays, counted 0: a later statement may still join it)."""
    if not rids or not has_table(con, "claim_statements"):
        return
    claims = [
        int(r[0])
        for r in con.execute(
            "DELETE FROM claim_statements WHERE rid IN (SELECT unnest(?::BIGINT[])) RETURNING claim_id",
            [rids],
        ).fetchall()
    ]
    recount_claims(con, sorted(set(claims)))


def recount_claims(con: duckdb.DuckDBPyConnection, ids: list[int]) -> None:
    """Recount the statements, articles, speakers and stances of the claims ``ids``, and
    their first and last dates."""
    if not ids:
        return
    zero = ", ".join(f"{k} = 0" for k in CLAIM_COUNTS)
    con.execute(
        f"UPDATE claims SET {zero}, first_seen = NULL, last_seen = NULL"
        " WHERE id IN (SELECT unnest(?::BIGINT[]))",
        [ids],
    )
    sets = ", ".join(f"{k} = a.{k}" for k in (*CLAIM_COUNTS, "first_seen", "last_seen"))
    con.execute(
        f"UPDATE claims SET {sets} FROM ("
        " SELECT cs.claim_id, count(*) AS statement_count,"
        " count(DISTINCT cs.article_id) AS article_count,"
        " count(DISTINCT s.canonical_id) AS speaker_count,"
        + "".join(f" count(*) FILTER (WHERE cs.stance = '{k}') AS {k}_count," for k in STANCES)
        + " min(s.published) AS first_seen, max(s.published) AS last_seen"
        " FROM claim_statements cs JOIN attributions s USING (rid)"
        " WHERE cs.claim_id IN (SELECT unnest(?::BIGINT[])) GROUP BY cs.claim_id) a"
        " WHERE claims.id = a.claim_id",
        [ids],
    )


def claims_mark(con: duckdb.DuckDBPyConnection) -> int:
    """The last statement grouped into claims (``meta.claims_rid``; 0 before any)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'claims_rid'").fetchone()
    return int(row[0]) if row else 0
