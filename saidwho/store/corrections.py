"""Reviewers' corrections in the store: kept, applied, undone, listed.

A correction (:class:`saidwho.review.records.Correction`) is kept as a row of
``corrections`` anchored on the words it changes, with the value it replaced. The
extractor's record of a reviewed article is kept once (``machine_articles``); each time the
article's rows are written (a correction made or undone, ``saidwho ingest --replace``), its
corrections are applied over that record in the order they were made
(:func:`saidwho.review.apply.apply`) and the result is stored in its place
(:mod:`saidwho.store.rewrite`), so every query, board and export reads the reviewed
values. A statement's stance lives beside its claim: :func:`apply_stances` sets it after
every grouping, so it survives ``saidwho claims --rebuild``.

Every function that writes does so in one transaction per call (a batch of corrections),
so a run killed at any moment keeps a batch whole or not at all, and a batch sent again
keeps nothing twice (a standing correction with the same fingerprint is skipped).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import duckdb
import msgspec
from msgspec.structs import replace

from saidwho.records import Article
from saidwho.review.apply import Landing, Reviewed, apply, context, fill, misfit, relocate, spans
from saidwho.review.records import (
    ATTRIBUTION_OPS,
    SPEAKER_OPS,
    At,
    Correction,
    Fix,
    NewStatement,
    Target,
    Who,
    value_type,
)
from saidwho.store.rewrite import recount_claims, take_out
from saidwho.store.rows import fetch_dicts, has_table, store_key

if TYPE_CHECKING:
    from saidwho.store.queries import Page
    from saidwho.store.store import AddResult, CorpusHook

log = logging.getLogger(__name__)

REVIEWED = "reviewed"  # claim_statements.basis of a stance a reviewer set
NO_CLAIM = "the statement is on no claim now"


class ReviewError(ValueError):
    """A correction that cannot be made as asked; the message says what to do."""


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What became of one request: ``applied``, ``stale`` (kept, but its words are gone:
    ``message`` says why), ``duplicate`` (already standing, or already undone) or
    ``refused`` (not kept: ``message`` says what to do)."""

    status: str
    id: int | None = None
    message: str | None = None


class CorrectionView(msgspec.Struct, frozen=True, kw_only=True):
    """A kept correction: what it changes (``attribution`` or ``speaker``: where it applies
    now), the reviewed ``value`` and the ``machine`` value it replaced, who made it and
    when, and whether it was undone."""

    id: int
    article_id: str
    op: str
    attribution: str | None
    speaker: str | None
    target: Target
    value: Any
    machine: Any
    reviewer: str
    created_at: str
    status: str
    problem: str | None
    undone_at: str | None
    undone_by: str | None


def has_corrections(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has the corrections table (a store of schema version 5 or later)."""
    return has_table(con, "corrections")


# Reading ----------------------------------------------------------------------------------


def _fix(row: dict[str, Any]) -> Fix:
    op = row["op"]
    return Fix(
        id=int(row["id"]),
        article_id=row["article_id"],
        op=op,
        target=msgspec.json.decode(row["target"], type=Target),
        value=msgspec.json.decode(row["value"] or "null", type=value_type(op)),
        machine=msgspec.json.decode(row["machine"] or "null"),
        reviewer=row["reviewer"],
        created_at=str(row["created_at"]),
        status=row["status"],
        problem=row["problem"],
        landed=row["landed"],
    )


def _view(row: dict[str, Any]) -> CorrectionView:
    fix = _fix(row)
    on_speaker = fix.op in SPEAKER_OPS
    return CorrectionView(
        id=fix.id,
        article_id=fix.article_id,
        op=fix.op,
        attribution=None if on_speaker else fix.landed,
        speaker=fix.landed if on_speaker else None,
        target=fix.target,
        value=msgspec.to_builtins(fix.value),
        machine=fix.machine,
        reviewer=fix.reviewer,
        created_at=fix.created_at,
        status=fix.status,
        problem=fix.problem,
        undone_at=None if row["undone_at"] is None else str(row["undone_at"]),
        undone_by=row["undone_by"],
    )


def list_corrections(
    con: duckdb.DuckDBPyConnection,
    *,
    article_id: str | None = None,
    status: str | None = None,
    undone: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> Page[CorrectionView]:
    """Corrections, newest first: standing ones (``undone`` for the undone ones too), of
    one article, or ``applied`` or ``stale`` only."""
    from saidwho.store.queries import Page, fetch_page

    if not has_corrections(con):
        return Page(items=[], total=0, limit=limit, offset=offset)
    where, params = ["TRUE" if undone else "undone_at IS NULL"], []
    for sql, value in (("article_id = ?", article_id), ("status = ?", status)):
        if value is not None:
            where.append(sql)
            params.append(value)
    sql = (
        f"SELECT *, count(*) OVER () AS total FROM corrections WHERE {' AND '.join(where)}"
        " ORDER BY id DESC LIMIT ? OFFSET ?"
    )
    return fetch_page(con, sql, params, CorrectionView, limit, offset, item=_view)


def standing(con: duckdb.DuckDBPyConnection, article_id: str) -> list[CorrectionView]:
    """The corrections of one article that are not undone, in the order they apply."""
    if not has_corrections(con):
        return []
    rows = fetch_dicts(
        con, "SELECT * FROM corrections WHERE article_id = ? AND undone_at IS NULL ORDER BY id", [article_id]
    )
    return [_view(r) for r in rows]


def reviewed_sql(alias: str) -> str:
    """SQL true for a statement row (``attributions`` as ``alias``) that a standing
    correction changed: the statement itself, its stance, or its speaker."""
    speaker_ops = ", ".join(f"'{op}'" for op in sorted(SPEAKER_OPS))
    return (
        f"EXISTS (SELECT 1 FROM corrections c WHERE c.article_id = {alias}.article_id"
        " AND c.undone_at IS NULL AND c.status = 'applied'"
        f" AND ((c.op NOT IN ({speaker_ops}) AND c.landed = {alias}.id)"
        f" OR (c.op IN ({speaker_ops}) AND c.landed = {alias}.article_speaker_id)))"
    )


def reviewed_ids(article: Article, standing: Iterable[CorrectionView]) -> list[str]:
    """The ids of ``article``'s statements that ``standing`` corrections changed (as
    :func:`reviewed_sql`)."""
    statements = {v.attribution for v in standing if v.status == "applied" and v.attribution}
    speakers = {v.speaker for v in standing if v.status == "applied" and v.speaker}
    return [a.id for a in article.attributions if a.id in statements or a.speaker in speakers]


class StanceReview(msgspec.Struct, frozen=True, kw_only=True):
    """A stance a reviewer set: the correction (to undo it) and the model's stance."""

    correction: int
    machine: str | None


def stance_reviews(con: duckdb.DuckDBPyConnection, rids: Iterable[int]) -> dict[int, StanceReview]:
    """Of the statements ``rids``, those whose stance a reviewer set (the latest correction)."""
    if not has_corrections(con):
        return {}
    rows = con.execute(
        "SELECT a.rid, c.id, c.machine FROM corrections c JOIN attributions a"
        " ON a.article_id = c.article_id AND a.id = c.landed"
        " WHERE c.op = 'stance' AND c.undone_at IS NULL AND c.status = 'applied'"
        " AND a.rid IN (SELECT unnest(?::BIGINT[])) ORDER BY c.id",
        [list(rids)],
    ).fetchall()
    out = {}
    for rid, fix_id, machine in rows:
        stance = (msgspec.json.decode(machine) or {}).get("stance") if machine else None
        out[int(rid)] = StanceReview(correction=int(fix_id), machine=stance)
    return out


# Applying ---------------------------------------------------------------------------------


class _Session:
    """One article while a batch reviews it: the machine record, its corrections, and the
    reviewed record they give."""

    def __init__(self, con: duckdb.DuckDBPyConnection, key: str) -> None:
        from saidwho.store.queries import article

        row = con.execute("SELECT record FROM machine_articles WHERE article_id = ?", [key]).fetchone()
        outlet = con.execute("SELECT outlet FROM articles WHERE id = ?", [key]).fetchone()
        if outlet is None:
            raise ReviewError(
                f"{key}: no such article. Find its id with: saidwho review list, or /api/articles"
            )
        self.key = key
        self.outlet: str | None = outlet[0]
        if row is None:  # never reviewed: its rows are still the machine's
            view = article(con, key)
            assert view is not None
            self.machine = view.article
            con.execute(
                "INSERT INTO machine_articles VALUES (?, ?)",
                [key, msgspec.json.encode(self.machine).decode()],
            )
        else:
            self.machine = msgspec.json.decode(row[0], type=Article)
        self.fixes = [_fix(r) for r in _fix_rows(con, [key])]
        self.reviewed = apply(self.machine, self.fixes)
        self.changed = False

    def add(self, fix: Fix) -> Landing:
        self.changed = True
        self.fixes.append(fix)
        self.reviewed = apply(self.machine, self.fixes)
        return self.reviewed.landings[fix.id]


def _fix_rows(con: duckdb.DuckDBPyConnection, keys: list[str]) -> list[dict[str, Any]]:
    return fetch_dicts(
        con,
        "SELECT * FROM corrections WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND undone_at IS NULL"
        " ORDER BY id",
        [keys],
    )


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


def record(
    con: duckdb.DuckDBPyConnection,
    requests: Sequence[Correction],
    *,
    reviewer: str,
    corpus: CorpusHook | None = None,
) -> list[Outcome]:
    """Keep and apply a batch of corrections in one transaction; one :class:`Outcome` per
    request (a refused one does not stop the batch). ``reviewer`` is the name for requests
    that give none."""
    con.begin()
    try:
        sessions: dict[str, _Session] = {}
        outcomes = [_record_one(con, sessions, r, r.reviewer or reviewer) for r in requests]
        _finish(con, [s for s in sessions.values() if s.changed], corpus)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return outcomes


def _record_one(
    con: duckdb.DuckDBPyConnection, sessions: dict[str, _Session], request: Correction, reviewer: str
) -> Outcome:
    try:
        if not reviewer.strip():
            raise ReviewError(
                "a correction needs the reviewer's name. Give --reviewer NAME or a reviewer field"
            )
        session = sessions.get(request.article) or _Session(con, request.article)
        sessions[request.article] = session
        fix, key, canonical = _anchor(con, session, request, reviewer.strip())
    except (ReviewError, msgspec.ValidationError) as exc:
        return Outcome(status="refused", message=f"{request.article}: {exc}.")
    if con.execute("SELECT 1 FROM corrections WHERE key = ? AND undone_at IS NULL", [key]).fetchone():
        return Outcome(status="duplicate", message="already standing")
    fix = replace(fix, id=_next_id(con))
    url = con.execute("SELECT url FROM articles WHERE id = ?", [session.key]).fetchone()
    con.execute(
        "INSERT INTO corrections (id, key, article_id, url, op, target, value, machine, canonical_id,"
        " reviewer, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')",
        [
            fix.id,
            key,
            session.key,
            url[0] if url else None,
            fix.op,
            msgspec.json.encode(fix.target).decode(),
            msgspec.json.encode(fix.value).decode(),
            msgspec.json.encode(fix.machine).decode(),
            canonical,
            fix.reviewer,
            _now(),
        ],
    )
    landing = session.add(fix)
    if landing.problem:
        return Outcome(status="stale", id=fix.id, message=landing.problem)
    return Outcome(status="applied", id=fix.id)


def _next_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(id), 0) + 1 FROM corrections").fetchone()
    return int(row[0]) if row else 1


def _finish(con: duckdb.DuckDBPyConnection, sessions: Iterable[_Session], corpus: CorpusHook | None) -> None:
    """Store each session's reviewed record in place of its rows, note where each correction
    landed, then group new statements and set reviewed stances."""
    from saidwho.store.store import _add

    for session in sessions:
        kept = take_out(con, session.key, session.reviewed.article, pins=session.reviewed.pins)
        _add(con, [session.reviewed.article], session.outlet, corpus, {session.key: kept})
        _note_landings(con, session.reviewed)
    if corpus is not None:
        corpus.update(con)
    apply_stances(con)


def _note_landings(con: duckdb.DuckDBPyConnection, reviewed: Reviewed) -> None:
    for fix_id, landing in reviewed.landings.items():
        con.execute(
            "UPDATE corrections SET status = ?, problem = ?, landed = ? WHERE id = ?",
            [
                "stale" if landing.problem else "applied",
                landing.problem,
                landing.attribution or landing.speaker,
                fix_id,
            ],
        )
        if landing.problem:
            log.warning(
                "%s: correction %d no longer fits and is not applied: %s. See: saidwho review list --stale",
                reviewed.article.source,
                fix_id,
                landing.problem,
            )


# Turning a request into a fix ------------------------------------------------------------


def _at(text: str, start: int, end: int) -> At:
    return At(start=start, end=end, text=text[start:end])


def _check_spans(value: Any, text: str) -> None:
    for span in spans(value):
        if not 0 <= span.start < span.end <= len(text):
            raise ReviewError(
                f"span {span.start}-{span.end} is not inside the text (0-{len(text)}); give start < end"
            )


def _anchor(
    con: duckdb.DuckDBPyConnection, session: _Session, request: Correction, reviewer: str
) -> tuple[Fix, str, str | None]:
    """The fix a request asks for, anchored on the reviewed record as it stands; its
    fingerprint; the store speaker it names, if any."""
    article = session.reviewed.article
    text = article.text
    op = request.op
    value = msgspec.convert(request.value, value_type(op))
    _check_spans(value, text)
    machine: Any = None
    if op in ATTRIBUTION_OPS:
        att = next((a for a in article.attributions if a.id == request.attribution), None)
        if att is None:
            raise ReviewError(
                f"no statement {request.attribution!r}. Name one of the article's attributions (A1, ...)"
            )
        target = Target(
            cue=_at(text, att.cue.start, att.cue.end), content=[_at(text, s, e) for s, e in att.content.spans]
        )
        machine = _machine_of_attribution(con, session, att, op)
        if op == "speaker":
            value = _who(con, article, value)
    elif op in SPEAKER_OPS:
        sp = next((s for s in article.speakers if s.id == request.speaker), None)
        if sp is None:
            raise ReviewError(f"no speaker {request.speaker!r}. Name one of the article's speakers (S1, ...)")
        mention = sp.mentions[0] if sp.mentions else None
        target = Target(mention=_at(text, mention.start, mention.end) if mention else None, name=sp.name)
        if op == "canonical":
            _require_speaker(con, value)
            machine = session.reviewed.pins.get(sp.id) or _canonical_of(con, session.key, sp.id)
        else:
            machine = getattr(sp, op)
    else:
        statement: NewStatement = value
        if statement.speaker is not None:
            value = replace(statement, speaker=_who(con, article, statement.speaker))
        target = Target(cue=statement.cue)
    value, target = fill(value, text), fill(target, text)
    target = replace(target, context=context(target, value, text))
    fix = Fix(
        id=0,
        article_id=session.key,
        op=op,
        target=target,
        value=value,
        machine=machine,
        reviewer=reviewer,
        created_at="",
    )
    # The request as sent, so that a batch sent again (after a kill) keeps nothing twice.
    key = hashlib.sha1(msgspec.json.encode(replace(request, reviewer=None))).hexdigest()
    return fix, key, _named_speaker(op, value)


def _named_speaker(op: str, value: Any) -> str | None:
    if op == "canonical":
        return str(value)
    who = value if isinstance(value, Who) else getattr(value, "speaker", None)
    return who.canonical if isinstance(who, Who) else None


def _who(con: duckdb.DuckDBPyConnection, article: Article, who: Who) -> Who:
    """A speaker request with an article speaker given by a mention, a store speaker checked."""
    if who.speaker is not None:
        sp = next((s for s in article.speakers if s.id == who.speaker), None)
        if sp is None:
            raise ReviewError(
                f"no speaker {who.speaker!r} in the article. Name one of S1, ..., or type a name"
            )
        if sp.mentions:
            m = sp.mentions[0]
            return Who(mention=At(start=m.start, end=m.end))
        return Who(name=sp.name, type=sp.type, anonymous=sp.anonymous)
    if who.canonical is not None:
        row = _require_speaker(con, who.canonical)
        return replace(who, name=who.name or row[0], type=who.type or row[1])
    if not (who.name or "").strip():
        raise ReviewError("the speaker needs an article speaker id, a store speaker id or a name")
    return who


def _require_speaker(con: duckdb.DuckDBPyConnection, speaker_id: str) -> tuple[str, str]:
    row = con.execute("SELECT name, type FROM speakers WHERE id = ?", [speaker_id]).fetchone()
    if row is None:
        raise ReviewError(f"no store speaker {speaker_id!r}. Find its id with: saidwho top-speakers")
    return str(row[0]), str(row[1])


def _canonical_of(con: duckdb.DuckDBPyConnection, key: str, speaker_id: str) -> str | None:
    row = con.execute(
        "SELECT canonical_id FROM article_speakers WHERE article_id = ? AND id = ?", [key, speaker_id]
    ).fetchone()
    return None if row is None else str(row[0])


def _machine_of_attribution(con: duckdb.DuckDBPyConnection, session: _Session, att: Any, op: str) -> Any:
    """The value a fix of ``op`` replaces on ``att``, as it stands."""
    text = session.reviewed.article.text
    if op == "source":
        return (
            None if att.source is None else msgspec.to_builtins(_at(text, att.source.start, att.source.end))
        )
    if op == "cue":
        return msgspec.to_builtins(_at(text, att.cue.start, att.cue.end))
    if op == "content":
        return [msgspec.to_builtins(_at(text, s, e)) for s, e in att.content.spans]
    if op == "speaker":
        sp = next((s for s in session.reviewed.article.speakers if s.id == att.speaker), None)
        return None if sp is None else {"speaker": sp.id, "name": sp.name, "type": sp.type}
    if op == "delete":
        return msgspec.to_builtins(att)
    return _stance_of(con, session.key, att.id)


def _stance_of(con: duckdb.DuckDBPyConnection, key: str, attribution_id: str) -> dict[str, Any]:
    """A statement's stance as the model read it (a reviewed one's from its correction)."""
    row = con.execute(
        "SELECT cs.stance, cs.basis, cs.score FROM attributions a JOIN claim_statements cs USING (rid)"
        " WHERE a.article_id = ? AND a.id = ?",
        [key, attribution_id],
    ).fetchone()
    if row is None:
        raise ReviewError(
            f"{attribution_id} is on no claim: only a statement on a claim's board has a stance to change"
        )
    if row[1] == REVIEWED:
        earlier = con.execute(
            "SELECT machine FROM corrections WHERE op = 'stance' AND article_id = ? AND landed = ?"
            " AND undone_at IS NULL ORDER BY id LIMIT 1",
            [key, attribution_id],
        ).fetchone()
        if earlier and earlier[0]:
            return dict(msgspec.json.decode(earlier[0]))
    return {"stance": row[0], "basis": row[1], "score": float(row[2])}


# Stances ----------------------------------------------------------------------------------


def apply_stances(con: duckdb.DuckDBPyConnection) -> None:
    """Set every standing stance correction on its statement's claim (the latest per
    statement wins), keep the model's reading it replaces in the correction, and recount
    the claims that changed. Runs after every grouping, so a rebuild keeps them."""
    if not has_corrections(con) or not has_table(con, "claim_statements"):
        return
    # Those whose statement was found (or was found, but on no claim, when last set).
    rows = fetch_dicts(
        con,
        "SELECT c.id, c.value, a.rid, cs.claim_id, cs.stance, cs.basis, cs.score FROM corrections c"
        " JOIN attributions a ON a.article_id = c.article_id AND a.id = c.landed"
        " LEFT JOIN claim_statements cs ON cs.rid = a.rid"
        " WHERE c.op = 'stance' AND c.undone_at IS NULL AND (c.status = 'applied' OR c.problem = ?)"
        " ORDER BY c.id",
        [NO_CLAIM],
    )
    latest: dict[int, dict[str, Any]] = {}
    by_rid: dict[int, list[int]] = {}
    for r in rows:
        if r["claim_id"] is None:
            con.execute(
                "UPDATE corrections SET status = 'stale', problem = ? WHERE id = ?", [NO_CLAIM, r["id"]]
            )
            continue
        latest[int(r["rid"])] = r
        by_rid.setdefault(int(r["rid"]), []).append(int(r["id"]))
    changed: set[int] = set()
    for rid, r in latest.items():
        stance = msgspec.json.decode(r["value"])
        ids = by_rid[rid]
        con.execute(
            "UPDATE corrections SET status = 'applied', problem = NULL"
            " WHERE id IN (SELECT unnest(?::BIGINT[]))",
            [ids],
        )
        if r["basis"] != REVIEWED:  # the model's own reading: keep it as the machine value
            machine = {"stance": r["stance"], "basis": r["basis"], "score": float(r["score"])}
            con.execute(
                "UPDATE corrections SET machine = ? WHERE id IN (SELECT unnest(?::BIGINT[]))",
                [msgspec.json.encode(machine).decode(), ids],
            )
        if r["stance"] != stance or r["basis"] != REVIEWED:
            con.execute(
                "UPDATE claim_statements SET stance = ?, basis = ?, score = 1.0 WHERE rid = ?",
                [stance, REVIEWED, rid],
            )
            changed.add(int(r["claim_id"]))
    recount_claims(con, sorted(changed))


def _restore_stance(con: duckdb.DuckDBPyConnection, fix: Fix) -> None:
    """Put the model's stance back on the statement of an undone stance correction (a
    standing one on the same statement is set again by :func:`apply_stances`)."""
    machine = fix.machine or {}
    row = con.execute(
        "SELECT cs.rid, cs.claim_id FROM attributions a JOIN claim_statements cs USING (rid)"
        " WHERE a.article_id = ? AND a.id = ? AND cs.basis = ?",
        [fix.article_id, fix.landed, REVIEWED],
    ).fetchone()
    if row is None or "stance" not in machine:
        return
    con.execute(
        "UPDATE claim_statements SET stance = ?, basis = ?, score = ? WHERE rid = ?",
        [machine["stance"], machine.get("basis", "content"), machine.get("score", 0.0), row[0]],
    )
    recount_claims(con, [int(row[1])])


# Undo -------------------------------------------------------------------------------------


def undo(
    con: duckdb.DuckDBPyConnection,
    ids: Sequence[int],
    *,
    reviewer: str,
    corpus: CorpusHook | None = None,
) -> list[Outcome]:
    """Undo corrections (by id) in one transaction: each is kept, marked undone by
    ``reviewer``, and its article is stored again without it (the machine value back, or
    the value of an earlier standing correction)."""
    con.begin()
    try:
        outcomes, keys = [], []
        for fix_id in ids:
            rows = fetch_dicts(con, "SELECT * FROM corrections WHERE id = ?", [fix_id])
            if not rows:
                outcomes.append(
                    Outcome(
                        status="refused",
                        id=fix_id,
                        message=f"{fix_id}: no such correction. List them with: saidwho review list.",
                    )
                )
                continue
            if rows[0]["undone_at"] is not None:
                outcomes.append(Outcome(status="duplicate", id=fix_id, message="already undone"))
                continue
            con.execute(
                "UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?", [_now(), reviewer, fix_id]
            )
            fix = _fix(rows[0])
            if fix.op == "stance":
                _restore_stance(con, fix)
            elif fix.article_id not in keys:
                keys.append(fix.article_id)
            outcomes.append(Outcome(status="applied", id=fix_id))
        _finish(con, [_Session(con, k) for k in keys], corpus)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return outcomes


# Replacing an article (saidwho ingest --replace) -------------------------------------------


def replacing(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    *,
    outlet: str | None,
    corpus: CorpusHook | None = None,
) -> AddResult:
    """Store ``articles`` in place of the stored ones with the same key or URL (a new
    extraction, or a page's new text), in the caller's transaction. Their corrections move
    to the new record: a correction whose words moved follows them, one whose words are
    gone is kept as stale and reported, never applied to other words."""
    from saidwho.store.store import _add

    kept = {}
    stored = []
    for article in articles:
        key = store_key(article.id, article.url)
        old = [
            str(r[0])
            for r in con.execute(
                "SELECT id FROM articles WHERE id = ? OR (url IS NOT NULL AND url = ?) ORDER BY id <> ?, seq",
                [key, article.url, key],
            ).fetchall()
        ]
        if not old or key in kept:
            stored.append(article)
            continue
        fixes = _move(con, old, key, article.text)
        con.execute("DELETE FROM machine_articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [old])
        reviewed = apply(article, fixes)
        if fixes:
            con.execute(
                "INSERT INTO machine_articles VALUES (?, ?)", [key, msgspec.json.encode(article).decode()]
            )
        kept[key] = take_out(con, old[0], reviewed.article, pins=reviewed.pins)
        for other in old[1:]:
            take_out(con, other, reviewed.article)
        stored.append(reviewed.article)
        _note_landings(con, reviewed)
    result = _add(con, stored, outlet, corpus, kept)
    return replace(result, replaced=len(kept))


def _move(con: duckdb.DuckDBPyConnection, old: list[str], key: str, text: str) -> list[Fix]:
    """The standing corrections of the articles ``old``, moved to ``key`` and to where their
    words are in ``text`` (unmoved where the words are gone: they stay, and do not fit)."""
    fixes = []
    for row in _fix_rows(con, old):
        fix = _fix(row)
        moved = relocate(fix, text) or fix
        if moved is not fix:
            con.execute(
                "UPDATE corrections SET target = ?, value = ? WHERE id = ?",
                [
                    msgspec.json.encode(moved.target).decode(),
                    msgspec.json.encode(moved.value).decode(),
                    fix.id,
                ],
            )
        fixes.append(moved)
    con.execute(
        "UPDATE corrections SET article_id = ? WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [key, old]
    )
    return [replace(f, article_id=key) for f in fixes]


__all__ = [
    "CorrectionView",
    "Outcome",
    "ReviewError",
    "apply_stances",
    "has_corrections",
    "list_corrections",
    "misfit",
    "record",
    "replacing",
    "stance_reviews",
    "standing",
    "undo",
]
