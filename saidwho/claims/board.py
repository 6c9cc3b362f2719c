"""A claim's board: a stored claim's (``claim_board``) or a typed claim's (``typed_board``):
which statements are on it, how each is read, who stands where, and why. (The claims list
is a store query: :func:`saidwho.store.queries.list_claims`.)
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import msgspec
import numpy as np

from saidwho.claims.anchors import agrees, anchors
from saidwho.claims.anchors import words as article_words
from saidwho.claims.decide import Decision, Statement, bears_on, decide, is_reference, unrelated_to
from saidwho.claims.group import blend, follow, word_overlap, words
from saidwho.claims.speaker import StatementStance, speaker_stance
from saidwho.claims.update import PRONOUN_SOURCES, _stances, _unpack, source_of, statements
from saidwho.records import STANCES
from saidwho.store.corrections import stance_reviews
from saidwho.store.queries import require_claims
from saidwho.store.rows import fetch_dicts

log = logging.getLogger(__name__)

# A board also shows what nothing decided (saidwho.claims.decide: ``unknown``).
BOARD_STANCES = (*STANCES, "unknown")
# A statement reaches a board when at least this similar to the claim (blended similarity,
# saidwho.claims.group). Set by hand, a little under the grouping THRESHOLD, from the
# Baghdadi statements in tests/data/claims (about the claim 0.45-0.77 against its first
# statement); not yet measured by a benchmark.
BOARD_RELEVANCE = 0.35
# Typed claims: stored claims looked at (nearest by vector), their statements ranked at
# most, and the best of those read by the stance model (about 10 ms a statement on 2 cores).
NEAREST_CLAIMS = 40
MAX_STATEMENTS = 5000
# The articles of a typed board whose other statements may join as context, at most.
CONTEXT_ARTICLES = 300
# A board by id reads at most this many statements stored unread (a one-article claim's).
UNREAD_READ = 48
# A statement of a typed board's articles, in a claim of its own or none, joins the board
# as context where the relatedness model (saidwho.claims.stance.load_relatedness) finds it
# about the claim: its P(unrelated) under this, or the statement bears on the claim by its
# shape (saidwho.claims.decide.bears_on). Words alone could not tell: later sentences of a
# story name its subject by description or not at all ("it was monitoring the situation"),
# while a closing line about a festival may share a name with the claim. Chosen on the
# speaker gold's dev context pairs: the lowest that keeps every statement about its claim
# (0.78 of the unrelated ones kept off; 0.73 at 0.3).
CONTEXT_UNRELATED = 0.15
# The model is asked of this many distinct context statements at most, the articles' in
# the board's order (a cold board of a story told by hundreds of articles stays within a
# second or two; reads are cached). Beyond them, a statement joins at this similarity, as
# every one did before the model (at 0.1 a weather line joined the Tessel test board).
CONTEXT_READS = 200
CONTEXT_RELEVANCE = 0.12


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
    reviewed: bool = False  # a reviewer set its stance (saidwho.store.corrections)
    machine_stance: str | None = None  # then: the stance model's, which it replaced
    correction: int | None = None  # then: the correction, to undo it


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

    ``id`` is ``None`` for a typed claim. ``speakers`` maps each stance to the
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


_BOARD_COLUMNS = (
    "s.rid, s.article_id, s.id AS attribution_id, s.source_text AS source, s.cue_text AS cue,"
    " s.content_text AS content, s.outlet, s.published::VARCHAR AS published, a.title, s.sentence,"
    " s.sentence_start, s.sentence_end, s.speaker_type, s.speaker_anonymous, s.speaker_named,"
    " sp.id AS speaker_id, sp.name AS speaker_name, sp.type AS sp_type, sp.named AS sp_named,"
    " sp.anonymous AS sp_anonymous, s.article_speaker_id"
)
_BOARD_JOINS = "JOIN articles a ON a.id = s.article_id LEFT JOIN speakers sp ON sp.id = s.canonical_id"


def _merged_into(con: duckdb.DuckDBPyConnection, claim_id: int) -> int | None:
    """The claim that absorbed ``claim_id``, if one did (``claim_merges``)."""
    row = con.execute("SELECT into_id FROM claim_merges WHERE id = ?", [claim_id]).fetchone()
    return None if row is None else int(row[0])


def claim_board(con: duckdb.DuckDBPyConnection, claim_id: int, *, limit: int = 200) -> ClaimBoard | None:
    """A stored claim's board: its statements (the ``limit`` most relevant listed, all
    counted) with their speakers' stances; ``None`` if there is no such claim."""
    require_claims(con)
    claim_id = follow(claim_id, lambda old: _merged_into(con, old))
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
        found = _stances(con, unread, [(str(head[0]), False)] * len(unread))
        for r, (decided, _) in zip(unread, found, strict=True):
            r.update(stance=decided.stance, score=decided.score, basis=decided.basis)
    rows += _references(con, str(head[0]), rows)
    for rid, review in stance_reviews(con, [r["rid"] for r in rows]).items():
        for r in rows:
            if r["rid"] == rid:
                r.update(reviewed=True, machine_stance=review.machine, correction=review.correction)
    return _assemble(claim_id, str(head[0]), rows, limit)


def _references(
    con: duckdb.DuckDBPyConnection, text: str, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Statements of the claim's articles that name it by reference after stating it
    ("Russia denies this", "called the reports 'baseless'"), read against its text."""
    first: dict[str, int] = {}
    for r in rows:
        first[r["article_id"]] = min(first.get(r["article_id"], r["rid"]), r["rid"])
    if not first:
        return []
    seen = {r["rid"] for r in rows}
    found = [
        r
        for r in _article_statements(con, sorted(first)[:CONTEXT_ARTICLES])
        if r["rid"] not in seen and r["rid"] > first[r["article_id"]] and is_reference(r["content"])
    ]
    if not found:
        return []
    details = _details(con, [r["rid"] for r in found])
    decided = _read_cached(con, text, [{**r, "context": True} for r in found], details)
    return [
        {
            **details[r["rid"]],
            "relevance": 0.0,
            "stance": decided[r["rid"]].stance,
            "score": decided[r["rid"]].score,
            "basis": _referenced(decided[r["rid"]].basis),
        }
        for r in found
    ]


def typed_board(con: duckdb.DuckDBPyConnection, text: str, *, limit: int = 200) -> ClaimBoard:
    """The board of a claim typed as ``text`` ("Baghdadi is hiding in Mosul"), best match first.

    The statements of the :data:`NEAREST_CLAIMS` stored claims nearest ``text`` are ranked by
    their stored vectors; a stored claim whose statements are on average at least
    :data:`BOARD_RELEVANCE` similar to ``text`` is about it, all its statements with it;
    of other claims, the statements that are themselves that similar; and, as context, the
    statements of the best ones' articles that the relatedness model finds about it
    (:data:`CONTEXT_UNRELATED`) or that bear on it by their shape. Every statement on the
    board is read against ``text`` by
    :func:`saidwho.claims.decide.decide`, once: reads are kept per text and statement
    (``stance_reads`` in a writable store, and in memory)."""
    from saidwho.claims.embed import embed

    require_claims(con)
    query = embed([text])[0]
    stored = con.execute("SELECT id, vector, scale FROM claims").fetchall()
    near: list[int] = []
    if stored:
        means = np.stack([_unpack(v, s) for _, v, s in stored])
        sims = means @ query / np.linalg.norm(means, axis=1).clip(min=1e-9)
        order = np.argsort(-sims)[:NEAREST_CLAIMS]
        near = [int(stored[i][0]) for i in order if sims[i] >= 0.2]
    rows = _candidates(con, "claim_id IN (SELECT unnest(?::BIGINT[]))", [near])
    if not rows:
        return _assemble(None, text, [], limit)
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
    about = _about(text, on, context, _unrelated_cached(con, text, _asked(context, articles)))
    on += [{**r, "context": True} for r in context if r["rid"] in about]
    on.sort(key=lambda r: (-r["relevance"], r["rid"]))
    details = _details(con, [r["rid"] for r in on])
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
    return _assemble(None, text, board_rows, limit)


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
# The version of how a board reads its statements, in the reads' key; and of how it asks
# the relatedness model whether a context statement is about the claim.
READING = 4
RELATEDNESS_READING = 1
_READS_MAX = 200_000


def _read_cached(
    con: duckdb.DuckDBPyConnection, text: str, rows: list[dict[str, Any]], details: dict[int, dict[str, Any]]
) -> dict[int, Decision]:
    """Every statement of ``rows`` decided against ``text``: from the cache where it was
    read before, else by :func:`saidwho.claims.decide.decide` (and cached)."""

    def read(todo: list[dict[str, Any]]) -> list[Decision]:
        rows_ = [
            {
                **details[r["rid"]],
                "id": details[r["rid"]]["attribution_id"],
                "content_text": r["content"],
                "cue_text": details[r["rid"]]["cue"],
            }
            for r in todo
        ]
        # Every statement read here is about the claim: its claim's own or near it, joined
        # as context by the relatedness model or by its shape, or a reference to it.
        return decide(text, statements(con, rows_), related=[True] * len(todo))

    # Reads are the shipped stance model's and this reading's: a model trained anew, or a
    # reading changed (READING), reads again.
    return _cached(con, f"{_model_id()}:{READING}:{_folded(text)}", rows, read)


def _folded(text: str) -> str:
    """A typed text as cached reads are keyed: spaces folded, lower case."""
    return " ".join(text.split()).lower()


def _cached(
    con: duckdb.DuckDBPyConnection,
    key: str,
    rows: list[dict[str, Any]],
    read: Callable[[list[dict[str, Any]]], list[Decision]],
) -> dict[int, Decision]:
    """Each statement of ``rows`` (by rid) under ``key``: from this process's memory or the
    store's ``stance_reads`` where it was read before, else ``read`` (and kept in both)."""
    out: dict[int, Decision] = {}
    for r in rows:
        if (hit := _READS.get((key, r["rid"]))) is not None:
            out[r["rid"]] = hit
    todo = [r for r in rows if r["rid"] not in out]
    stored = _has_reads(con)
    if todo and stored:
        for rid, stance, score, basis, content_stance in con.execute(
            "SELECT rid, stance, score, basis, content_stance FROM stance_reads"
            " WHERE claim_text = ? AND rid IN (SELECT unnest(?::BIGINT[]))",
            [key, [r["rid"] for r in todo]],
        ).fetchall():
            out[int(rid)] = _READS[(key, int(rid))] = Decision(stance, float(score), basis, content_stance)
        todo = [r for r in todo if r["rid"] not in out]
    if not todo:
        return out
    found = read(todo)
    if len(_READS) > _READS_MAX:
        _READS.clear()
    for r, d in zip(todo, found, strict=True):
        out[r["rid"]] = _READS[(key, r["rid"])] = d
    if stored:
        _store_reads(con, key, [(r["rid"], out[r["rid"]]) for r in todo])
    return out


def _about(
    text: str, on: list[dict[str, Any]], context: list[dict[str, Any]], unrelated: dict[int, float]
) -> set[int]:
    """The rids of ``context`` about the claim ``text``: those that bear on it by their shape
    (:func:`saidwho.claims.decide.bears_on`), and those the relatedness model finds about
    it (``unrelated`` under :data:`CONTEXT_UNRELATED`). A statement whose source is a bare
    pronoun goes on from the statement before it in its article ("the finance minister said
    salaries would rise. 'The budget for schools has been approved,' he told ..."): it is
    about the claim where that one is (on the board, or context about it)."""
    about: set[int] = set()
    board = {r["rid"] for r in on}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in [*on, *context]:
        by_article.setdefault(r["article_id"], []).append(r)
    for rows in by_article.values():
        before: int | None = None
        for r in sorted(rows, key=lambda r: r["rid"]):
            rid = r["rid"]
            if rid in board:
                joins = False
            elif bears_on(text, r["cue"], r["content"]):
                joins = True
            elif before is not None and source_of(r).lower() in PRONOUN_SOURCES:
                joins = before in board or before in about
            elif rid in unrelated:
                joins = unrelated[rid] < CONTEXT_UNRELATED
            else:
                joins = r["relevance"] >= CONTEXT_RELEVANCE
            if joins:
                about.add(rid)
            before = rid
    return about


def _asked(context: list[dict[str, Any]], articles: list[str]) -> list[dict[str, Any]]:
    """The statements of ``context`` the relatedness model is asked of: their articles'
    in the board's order, up to :data:`CONTEXT_READS` distinct statements."""
    order = {a: i for i, a in enumerate(articles)}
    texts: set[tuple[str, str, str]] = set()
    out = []
    for r in sorted(context, key=lambda r: (order.get(r["article_id"], len(order)), r["rid"])):
        text = (r.get("source") or "", r["cue"], r["content"])
        if text in texts or len(texts) < CONTEXT_READS:
            texts.add(text)
            out.append(r)
    return out


def _unrelated_cached(
    con: duckdb.DuckDBPyConnection, text: str, rows: list[dict[str, Any]]
) -> dict[int, float]:
    """Each statement of ``rows``: the relatedness model's P(unrelated) to ``text``, cached
    as the stance reads are, under the relatedness model's own key."""
    from saidwho.claims.stance import load_relatedness

    model = load_relatedness()

    def read(todo: list[dict[str, Any]]) -> list[Decision]:
        found = unrelated_to(
            text,
            [Statement(cue=r["cue"], content=r["content"], source=r.get("source") or "") for r in todo],
            lambda pairs: model.probabilities(pairs, gate=False),
        )
        return [Decision("unrelated", round(float(p), 4), "relatedness", "unrelated") for p in found]

    key = f"{model.fingerprint}:{RELATEDNESS_READING}:{_folded(text)}"
    return {rid: d.score for rid, d in _cached(con, key, rows, read).items()}


def _details(con: duckdb.DuckDBPyConnection, rids: list[int]) -> dict[int, dict[str, Any]]:
    """The board columns of the statements ``rids``, by rid."""
    return {
        r["rid"]: r
        for r in fetch_dicts(
            con,
            f"SELECT {_BOARD_COLUMNS}, s.content_spans, s.cue_start"
            f" FROM attributions s {_BOARD_JOINS} WHERE s.rid IN (SELECT unnest(?::BIGINT[]))",
            [rids],
        )
    }


def _referenced(basis: str) -> str:
    """A reference's basis says so once."""
    return basis if basis.startswith("reference") else f"reference, {basis}"


def _model_id() -> str:
    from saidwho.claims.stance import load_model

    return load_model().fingerprint


def _has_reads(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'stance_reads'"
    ).fetchone()
    return bool(row and row[0])


def _store_reads(con: duckdb.DuckDBPyConnection, key: str, reads: list[tuple[int, Decision]]) -> None:
    """Keep ``reads`` in the store's stance_reads (it has one) where it is writable."""
    if not reads:
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
        " a.source_text AS source, a.cue_text AS cue, a.content_text AS content"
        " FROM attributions a LEFT JOIN claim_statements cs USING (rid)"
        " WHERE a.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.rid LIMIT ?",
        [articles, MAX_STATEMENTS],
    )


def _candidates(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> list[dict[str, Any]]:
    """Claim statements ``where`` (at most MAX_STATEMENTS), with their contents: two plain
    lookups, cheaper than one join over the whole attributions table."""
    rows = fetch_dicts(
        con,
        "SELECT rid, claim_id, article_id, stance, score, basis, vector, scale FROM claim_statements"
        f" WHERE {where} ORDER BY rid LIMIT ?",
        [*params, MAX_STATEMENTS],
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
    overlap = [word_overlap(query_words, words(r["content"])) for r in rows]
    for r, x in zip(rows, blend(vectors @ query, np.array(overlap)), strict=True):
        r["relevance"] = round(float(x), 4)


def board(con: duckdb.DuckDBPyConnection, key: str, *, limit: int = 200) -> ClaimBoard | None:
    """``claim_board`` for a claim id (``42`` or ``#42``), else ``typed_board`` for the text."""
    digits = key.strip().removeprefix("#")
    if digits.isdigit():
        return claim_board(con, int(digits), limit=limit)
    return typed_board(con, key, limit=limit)


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


def _assemble(claim_id: int | None, text: str, rows: list[dict[str, Any]], limit: int) -> ClaimBoard:
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
            reviewed=r.get("reviewed", False),
            machine_stance=r.get("machine_stance"),
            correction=r.get("correction"),
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
