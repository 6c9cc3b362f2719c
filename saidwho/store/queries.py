"""The questions users ask, as functions over a store connection (CLI and web API both).

Every function takes a DuckDB connection (``Store.con``, or ``Store.con.cursor()`` per
thread), runs parameterised SQL, and returns msgspec records. List queries are paginated:
they return a :class:`Page` with the ``total`` number of matches. Dates are ``YYYY-MM-DD``
strings (or ``datetime.date``); ``since`` and ``until`` are inclusive.

Per-request cost stays small on large stores: unfiltered speaker rankings read the
pre-aggregated ``speakers.statement_count``; per-speaker queries look statements up by the
``attributions.canonical_id`` index; search looks terms up in ``statement_terms`` by index;
outlet and period filters read the ``outlet`` and ``published`` columns copied onto each
statement, so no query joins all statements to all articles.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import duckdb
import msgspec

from saidwho.errors import StoreError
from saidwho.records import STANCES, Article, Attribution, Content, Span, Speaker
from saidwho.store import corrections
from saidwho.store.corrections import CorrectionView
from saidwho.store.rows import fetch_dicts, has_table
from saidwho.store.store import TABLES

T = TypeVar("T")
Date = str | datetime.date
SPEAKER_TYPES = ("person", "organization", "document", "group", "outlet", "unknown")
_PHRASE = re.compile(r'"([^"]+)"')


class Page(msgspec.Struct, Generic[T], kw_only=True):
    """One page of a list: ``items``, and ``total`` matches over all pages."""

    items: list[T]
    total: int
    limit: int
    offset: int


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


class SpeakerCount(msgspec.Struct, frozen=True, kw_only=True):
    """A canonical speaker with how often it is quoted (within the query's filters)."""

    id: str
    name: str
    type: str
    named: bool
    anonymous: bool
    statements: int
    articles: int


class SourceMix(msgspec.Struct, frozen=True, kw_only=True):
    """Who the statements of an outlet, story or period come from.

    ``named`` + ``anonymous`` + ``unnamed`` (e.g. "critics", "a report": neither named nor
    deliberately anonymous) + ``unattributed`` (no speaker) == ``statements``.
    """

    outlet: str | None
    statements: int
    named: int
    anonymous: int
    unnamed: int
    unattributed: int
    anonymous_share: float
    types: dict[str, int]


class Count(msgspec.Struct, frozen=True, kw_only=True):
    """A labelled count: an outlet's or a month's (``YYYY-MM``) statements."""

    label: str | None
    statements: int


class SpeakerProfile(msgspec.Struct, frozen=True, kw_only=True):
    """A canonical speaker: the forms and descriptors seen, where and when it was quoted."""

    id: str
    name: str
    type: str
    named: bool
    anonymous: bool
    aliases: list[str]
    descriptors: list[str]
    article_count: int
    statement_count: int
    outlets: list[Count]
    timeline: list[Count]


class Statement(msgspec.Struct, frozen=True, kw_only=True):
    """One statement with what a result list shows and the offsets to link back.

    Link: ``/articles/{article_id}#{id}``; ``sentence_start``/``sentence_end`` index the
    article's text and ``sentence`` is that text.
    """

    article_id: str
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    speaker_id: str | None
    speaker_name: str | None
    source: str | None
    cue: str
    content: str
    kind: str
    confidence: float
    sentence: str
    sentence_start: int
    sentence_end: int
    score: float | None = None


class ArticleSummary(msgspec.Struct, frozen=True, kw_only=True):
    """An article in a list."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    source: str
    attribution_count: int
    speaker_count: int


class ArticleView(msgspec.Struct, frozen=True, kw_only=True):
    """A stored article rebuilt as the record ``extract`` gives, with its canonical speakers.

    ``article.site`` holds the stored outlet; ``canonical`` maps each ``article.speakers`` id
    to its ``speakers.id``. ``article`` is the reviewed record: ``corrections`` lists the
    standing corrections (each with the machine value it replaced, the reviewer and the
    time) and ``reviewed`` the ids of the statements they changed.
    """

    id: str
    outlet: str | None
    article: Article
    canonical: dict[str, str]
    reviewed: list[str] = msgspec.field(default_factory=list)
    corrections: list[CorrectionView] = msgspec.field(default_factory=list)


def contains_pattern(text: str) -> str:
    """A ``LIKE`` pattern matching strings that contain ``text`` as written: its ``%``, ``_``
    and backslashes are escaped, so use it with :data:`LIKE_ESCAPE` after the pattern."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# DuckDB's LIKE has no escape character unless one is named.
LIKE_ESCAPE = "ESCAPE '\\'"


def _filters(
    *,
    outlet: str | None = None,
    since: Date | None = None,
    until: Date | None = None,
    speaker_id: str | None = None,
    article_id: str | None = None,
    alias: str = "",
) -> tuple[str, list[Any]]:
    """``AND``-joined conditions on the statement columns, and their parameters."""
    p = f"{alias}." if alias else ""
    conditions, params = [], []
    for sql, value in (
        (f"{p}outlet = ?", outlet),
        (f"{p}published >= ?::DATE", since),
        (f"{p}published <= ?::DATE", until),
        (f"{p}canonical_id = ?", speaker_id),
        (f"{p}article_id = ?", article_id),
    ):
        if value is not None:
            conditions.append(sql)
            params.append(str(value))
    return " AND ".join(conditions) or "TRUE", params


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table the store has (one made before claims, opened read-only, has no claim
    tables)."""
    present = {str(r[0]) for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABLES if t in present)
    return {str(name): int(n) for name, n in con.execute(sql).fetchall()}


def top_speakers(
    con: duckdb.DuckDBPyConnection,
    *,
    outlet: str | None = None,
    since: Date | None = None,
    until: Date | None = None,
    named_only: bool = False,
    anonymous: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page[SpeakerCount]:
    """The most quoted canonical speakers, overall or within an outlet and/or period.

    ``named_only`` leaves out anonymous and unnamed sources (each is a speaker of its own);
    ``anonymous`` keeps only anonymous (``True``) or only not anonymous (``False``) speakers.
    """
    columns = "s.id, s.name, s.type, s.named, s.anonymous"
    if outlet is None and since is None and until is None:
        # Unfiltered: the speakers table's own counts and flags.
        who, params = _speaker_filters("s.named", "s.anonymous", named_only, anonymous)
        sql = (
            f"SELECT {columns}, s.statement_count AS statements, s.article_count AS articles, "
            f"count(*) OVER () AS total FROM speakers s WHERE s.statement_count > 0{who} "
            "ORDER BY statements DESC, articles DESC, s.id LIMIT ? OFFSET ?"
        )
        return fetch_page(con, sql, params, SpeakerCount, limit, offset)
    # Filtered: count the matching statements, flags as each statement's speaker had them.
    where, params = _filters(outlet=outlet, since=since, until=until)
    who, more = _speaker_filters("speaker_named", "speaker_anonymous", named_only, anonymous)
    sql = (
        f"WITH c AS (SELECT canonical_id, count(*) AS statements, "
        f"count(DISTINCT article_id) AS articles FROM attributions "
        f"WHERE canonical_id IS NOT NULL AND {where}{who} GROUP BY canonical_id) "
        f"SELECT {columns}, c.statements, c.articles, count(*) OVER () AS total "
        "FROM c JOIN speakers s ON s.id = c.canonical_id "
        "ORDER BY c.statements DESC, c.articles DESC, s.id LIMIT ? OFFSET ?"
    )
    return fetch_page(con, sql, [*params, *more], SpeakerCount, limit, offset)


def _speaker_filters(
    named: str, anonymous_column: str, named_only: bool, anonymous: bool | None
) -> tuple[str, list[Any]]:
    """``AND`` conditions (with a leading space) on a speaker's flags, and their parameters."""
    sql, params = "", []
    if named_only:
        sql += f" AND {named} AND NOT {anonymous_column}"
    if anonymous is not None:
        sql += f" AND {anonymous_column} = ?"
        params.append(anonymous)
    return sql, params


def fetch_page(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: list[Any],
    kind: type[T],
    limit: int,
    offset: int,
    *,
    item: Callable[[dict[str, Any]], T] | None = None,
) -> Page[T]:
    """Run ``sql`` (its last two parameters ``LIMIT ? OFFSET ?``, a ``total`` column counting
    all matches with ``count(*) OVER ()``) for one page of ``kind``: every listing's paging.
    Each row becomes an item by ``item``, else by its columns.

    A page past the end has no row to read the total from, so only then the first row is
    asked for again to count.
    """
    rows = fetch_dicts(con, sql, [*params, limit, offset])
    if rows:
        total = int(rows[0]["total"])
    elif offset > 0:
        first = fetch_dicts(con, sql, [*params, 1, 0])
        total = int(first[0]["total"]) if first else 0
    else:
        total = 0
    make = item or (lambda row: msgspec.convert(row, kind))
    items = [make({k: v for k, v in r.items() if k != "total"}) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


_MIX = (
    "count(*) AS statements, "
    "count(*) FILTER (WHERE speaker_named AND NOT speaker_anonymous) AS named, "
    "count(*) FILTER (WHERE speaker_anonymous) AS anonymous, "
    "count(*) FILTER (WHERE NOT speaker_named AND NOT speaker_anonymous) AS unnamed, "
    "count(*) FILTER (WHERE canonical_id IS NULL) AS unattributed, "
    + ", ".join(f"count(*) FILTER (WHERE speaker_type = '{t}') AS type_{t}" for t in SPEAKER_TYPES)
)


def _mix(row: dict[str, Any]) -> SourceMix:
    statements = int(row["statements"])
    return SourceMix(
        outlet=row.get("outlet"),
        statements=statements,
        named=row["named"],
        anonymous=row["anonymous"],
        unnamed=row["unnamed"],
        unattributed=row["unattributed"],
        anonymous_share=round(row["anonymous"] / statements, 4) if statements else 0.0,
        types={t: int(row[f"type_{t}"]) for t in SPEAKER_TYPES},
    )


def outlet_sourcing(
    con: duckdb.DuckDBPyConnection, *, since: Date | None = None, until: Date | None = None
) -> list[SourceMix]:
    """Per outlet (most statements first): named vs anonymous sourcing and speaker types."""
    where, params = _filters(since=since, until=until)
    sql = (
        f"SELECT outlet, {_MIX} FROM attributions WHERE {where} "
        "GROUP BY outlet ORDER BY statements DESC, outlet NULLS LAST"
    )
    return [_mix(r) for r in fetch_dicts(con, sql, params)]


def source_mix(
    con: duckdb.DuckDBPyConnection,
    *,
    outlet: str | None = None,
    article_id: str | None = None,
    since: Date | None = None,
    until: Date | None = None,
) -> SourceMix:
    """The source mix of an outlet, a story (article), a period, or the whole store."""
    where, params = _filters(outlet=outlet, article_id=article_id, since=since, until=until)
    (row,) = fetch_dicts(con, f"SELECT {_MIX} FROM attributions WHERE {where}", params)
    return _mix({**row, "outlet": outlet})


def speaker(con: duckdb.DuckDBPyConnection, speaker_id: str) -> SpeakerProfile | None:
    """A canonical speaker with aliases, descriptors, outlets and monthly statement counts."""
    rows = fetch_dicts(
        con,
        "SELECT id, name, type, named, anonymous, aliases, descriptors, "
        "article_count, statement_count FROM speakers WHERE id = ?",
        [speaker_id],
    )
    if not rows:
        return None
    outlets = con.execute(
        "SELECT outlet, count(*) AS n FROM attributions WHERE canonical_id = ? "
        "GROUP BY outlet ORDER BY n DESC, outlet NULLS LAST",
        [speaker_id],
    ).fetchall()
    months = con.execute(
        "SELECT strftime(published, '%Y-%m') AS month, count(*) FROM attributions "
        "WHERE canonical_id = ? GROUP BY month ORDER BY month NULLS LAST",
        [speaker_id],
    ).fetchall()
    return msgspec.convert(
        {
            **rows[0],
            "outlets": [{"label": o, "statements": n} for o, n in outlets],
            "timeline": [{"label": m, "statements": n} for m, n in months],
        },
        SpeakerProfile,
    )


def find_speakers(
    con: duckdb.DuckDBPyConnection, name: str, *, limit: int = 20, offset: int = 0
) -> Page[SpeakerCount]:
    """Canonical speakers whose name or an alias contains ``name`` (any case), most quoted first."""
    sql = (
        "SELECT id, name, type, named, anonymous, statement_count AS statements, "
        "article_count AS articles, count(*) OVER () AS total FROM speakers "
        f"WHERE name ILIKE ? {LIKE_ESCAPE} "
        f"OR list_contains(list_transform(aliases, lambda a: a ILIKE ? {LIKE_ESCAPE}), true) "
        "ORDER BY statements DESC, id LIMIT ? OFFSET ?"
    )
    pattern = contains_pattern(name)
    return fetch_page(con, sql, [pattern, pattern], SpeakerCount, limit, offset)


_STATEMENT = (
    "s.article_id, s.id, a.title, s.outlet, s.published::VARCHAR AS published, "
    "s.canonical_id AS speaker_id, sp.name AS speaker_name, s.source_text AS source, "
    "s.cue_text AS cue, s.content_text AS content, s.kind, s.confidence, s.sentence, "
    "s.sentence_start, s.sentence_end"
)


def _statements_page(
    con: duckdb.DuckDBPyConnection, page_sql: str, params: list[Any], order: str, limit: int, offset: int
) -> Page[Statement]:
    """Page first (``page_sql`` selects statement columns and ``total``), then join titles
    and speaker names for just that page."""
    sql = (
        f"WITH page AS ({page_sql} ORDER BY {order.format(p='')} LIMIT ? OFFSET ?) "
        f"SELECT {_STATEMENT}, s.score, s.total FROM page s "
        "JOIN articles a ON a.id = s.article_id "
        "LEFT JOIN speakers sp ON sp.id = s.canonical_id "
        f"ORDER BY {order.format(p='s.')}"
    )
    return fetch_page(con, sql, params, Statement, limit, offset)


def speaker_statements(
    con: duckdb.DuckDBPyConnection, speaker_id: str, *, limit: int = 20, offset: int = 0
) -> Page[Statement]:
    """Everything a canonical speaker said, newest first, with the sentence to link back to."""
    page_sql = (
        "SELECT *, NULL::DOUBLE AS score, count(*) OVER () AS total FROM attributions WHERE canonical_id = ?"
    )
    return _statements_page(
        con, page_sql, [speaker_id], "{p}published DESC NULLS LAST, {p}rid", limit, offset
    )


def query_terms(con: duckdb.DuckDBPyConnection, q: str) -> list[str]:
    """The search terms of ``q``, by the tokeniser the index was built with."""
    row = con.execute("SELECT list_distinct(saidwho_tokens(?))", [q]).fetchone()
    return sorted(row[0]) if row and row[0] else []


def search_statements(
    con: duckdb.DuckDBPyConnection,
    q: str,
    *,
    speaker_id: str | None = None,
    outlet: str | None = None,
    since: Date | None = None,
    until: Date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page[Statement]:
    """Statements containing every term of ``q`` (and each ``"quoted phrase"`` as written,
    any case), best match first.

    The score is tf-idf over the ``statement_terms`` index: ``sum(tf / (tf + 1.2) *
    ln(1 + N / df))`` over the query terms, ``N`` statements in the store, ``df`` of them
    holding the term.
    """
    terms = query_terms(con, q)
    if not terms:
        return Page(items=[], total=0, limit=limit, offset=offset)
    where, params = _filters(outlet=outlet, since=since, until=until, speaker_id=speaker_id, alias="s")
    phrases = [p.strip() for p in _PHRASE.findall(q) if p.strip()]
    for phrase in phrases:
        where += f" AND s.content_text ILIKE ? {LIKE_ESCAPE}"
        params.append(contains_pattern(phrase))
    marks = ", ".join("?" for _ in terms)
    page_sql = (
        f"WITH hits AS (SELECT rid, term, tf FROM statement_terms WHERE term IN ({marks})), "
        "df AS (SELECT term, count(*) AS df FROM hits GROUP BY term), "
        "n AS (SELECT count(*) AS n FROM attributions), "
        "matched AS (SELECT h.rid, sum(h.tf / (h.tf + 1.2) * ln(1 + n.n / df.df)) AS score "
        "FROM hits h JOIN df USING (term), n GROUP BY h.rid HAVING count(*) = ?) "
        "SELECT s.*, m.score, count(*) OVER () AS total FROM matched m "
        f"JOIN attributions s ON s.rid = m.rid WHERE {where}"
    )
    return _statements_page(
        con,
        page_sql,
        [*terms, len(terms), *params],
        "{p}score DESC, {p}published DESC NULLS LAST, {p}rid",
        limit,
        offset,
    )


def list_articles(
    con: duckdb.DuckDBPyConnection,
    *,
    outlet: str | None = None,
    since: Date | None = None,
    until: Date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page[ArticleSummary]:
    """Articles, newest first (undated last, then in ingest order)."""
    where, params = _filters(outlet=outlet, since=since, until=until)
    sql = (
        "SELECT id, title, outlet, published::VARCHAR AS published, url, source, "
        "attribution_count, speaker_count, count(*) OVER () AS total "
        f"FROM articles WHERE {where} ORDER BY published DESC NULLS LAST, seq LIMIT ? OFFSET ?"
    )
    return fetch_page(con, sql, params, ArticleSummary, limit, offset)


def require_claims(con: duckdb.DuckDBPyConnection) -> None:
    """Raise :class:`StoreError` for a store made before claims (schema version 1)."""
    if not has_table(con, "claim_statements"):
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
) -> Page[ClaimSummary]:
    """Claims stated at least ``min_statements`` times (within the outlet and period),
    most disputed first (``sort="disputed"``: the smaller of for and against, then
    statements) or most stated first (``sort="stated"``)."""
    if sort not in ("disputed", "stated"):
        raise ValueError(f"sort={sort!r}: no such order. Use disputed or stated.")
    require_claims(con)
    where, params = _filters(outlet=outlet, since=since, until=until, alias="s")
    order = "disputed DESC, statements DESC" if sort == "disputed" else "statements DESC, disputed DESC"
    sql = (
        "WITH c AS (SELECT cs.claim_id, count(*) AS statements, count(DISTINCT cs.article_id) AS articles,"
        " count(DISTINCT s.canonical_id) AS speakers,"
        + "".join(f" count(*) FILTER (WHERE cs.stance = '{k}') AS n_{k}," for k in STANCES)
        + " min(s.published)::VARCHAR AS first_seen, max(s.published)::VARCHAR AS last_seen"
        " FROM claim_statements cs JOIN attributions s USING (rid)"
        f" WHERE cs.stance <> 'unrelated' AND {where} GROUP BY cs.claim_id HAVING count(*) >= ?)"
        " SELECT c.claim_id AS id, k.text, c.statements, c.articles, c.speakers,"
        " {" + ", ".join(f"'{k}': n_{k}" for k in STANCES) + "} AS stances,"
        " least(n_for, n_against) AS disputed, c.first_seen, c.last_seen, count(*) OVER () AS total"
        f" FROM c JOIN claims k ON k.id = c.claim_id ORDER BY {order}, c.claim_id LIMIT ? OFFSET ?"
    )
    return fetch_page(con, sql, [*params, min_statements], ClaimSummary, limit, offset)


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleView | None:
    """A stored article with its attributions and speakers, for the article view."""
    rows = fetch_dicts(
        con, "SELECT *, published::VARCHAR AS published FROM articles WHERE id = ?", [article_id]
    )
    if not rows:
        return None
    row = rows[0]
    speakers, canonical = _article_speakers(con, article_id)
    atts = fetch_dicts(con, "SELECT * FROM attributions WHERE article_id = ? ORDER BY rid", [article_id])
    record = Article(
        id=row["content_hash"],
        source=row["source"],
        text=row["text"],
        url=row["url"],
        site=row["outlet"],
        title=row["title"],
        authors=row["authors"],
        published=row["published"],
        body=msgspec.json.decode(row["body"], type=list[tuple[int, int]]),
        boilerplate=msgspec.json.decode(row["boilerplate"], type=list[Span]),
        attributions=[_attribution(a) for a in atts],
        speakers=speakers,
    )
    standing = corrections.standing(con, article_id)
    return ArticleView(
        id=article_id,
        outlet=row["outlet"],
        article=record,
        canonical=canonical,
        reviewed=corrections.reviewed_ids(record, standing),
        corrections=standing,
    )


def _article_speakers(
    con: duckdb.DuckDBPyConnection, article_id: str
) -> tuple[list[Speaker], dict[str, str]]:
    mentions: dict[str, list[Span]] = {}
    for sid, start, end, text in con.execute(
        'SELECT article_speaker_id, start, "end", text FROM mentions WHERE article_id = ? ORDER BY start',
        [article_id],
    ).fetchall():
        mentions.setdefault(sid, []).append(Span(start=start, end=end, text=text))
    rows = fetch_dicts(con, "SELECT * FROM article_speakers WHERE article_id = ?", [article_id])
    rows.sort(key=lambda r: (len(r["id"]), r["id"]))  # S2 before S10
    speakers = [
        Speaker(
            id=r["id"],
            name=r["name"],
            type=r["type"],
            named=r["named"],
            anonymous=r["anonymous"],
            anonymity_reason=r["anonymity_reason"],
            descriptors=r["descriptors"],
            mentions=mentions.get(r["id"], []),
            recipient=r["recipient"],
        )
        for r in rows
    ]
    return speakers, {r["id"]: r["canonical_id"] for r in rows}


def _attribution(row: dict[str, Any]) -> Attribution:
    source = None
    if row["source_start"] is not None:
        source = Span(start=row["source_start"], end=row["source_end"], text=row["source_text"])
    return Attribution(
        id=row["id"],
        source=source,
        cue=Span(start=row["cue_start"], end=row["cue_end"], text=row["cue_text"]),
        content=Content(
            spans=msgspec.json.decode(row["content_spans"], type=list[tuple[int, int]]),
            text=row["content_text"],
        ),
        kind=row["kind"],
        speaker=row["article_speaker_id"],
        confidence=row["confidence"],
        sentence=(row["sentence_start"], row["sentence_end"]),
        parent=row.get("parent"),
    )
