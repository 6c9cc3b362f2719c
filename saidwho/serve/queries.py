"""What the web app needs beyond store.queries: top speakers by anonymity, totals past the end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import duckdb
import msgspec

from saidwho.store import queries
from saidwho.store.queries import Date, Page, SpeakerCount

T = TypeVar("T")
_COLUMNS = "s.id, s.name, s.type, s.named, s.anonymous"


def top_speakers(con: duckdb.DuckDBPyConnection, *, anonymous: bool | None = None,
                 outlet: str | None = None, since: Date | None = None, until: Date | None = None,
                 limit: int = 20, offset: int = 0) -> Page[SpeakerCount]:
    """:func:`saidwho.store.queries.top_speakers`, limited to anonymous (or to not anonymous)
    speakers when ``anonymous`` is given."""
    return paged(_top_speakers, con, anonymous=anonymous, outlet=outlet, since=since, until=until,
                 limit=limit, offset=offset)


def _top_speakers(con: duckdb.DuckDBPyConnection, *, anonymous: bool | None, outlet: str | None,
                  since: Date | None, until: Date | None, limit: int, offset: int) -> Page[SpeakerCount]:
    if anonymous is None:
        return queries.top_speakers(con, outlet=outlet, since=since, until=until, limit=limit,
                                    offset=offset)
    if outlet is None and since is None and until is None:
        sql = (f"SELECT {_COLUMNS}, s.statement_count AS statements, s.article_count AS articles, "
               "count(*) OVER () AS total FROM speakers s WHERE s.statement_count > 0 AND s.anonymous = ? "
               "ORDER BY statements DESC, articles DESC, s.id LIMIT ? OFFSET ?")
        params: list[Any] = [anonymous, limit, offset]
    else:
        where, params = ["canonical_id IS NOT NULL", "speaker_anonymous = ?"], [anonymous]
        for condition, value in (("outlet = ?", outlet), ("published >= ?::DATE", since),
                                 ("published <= ?::DATE", until)):
            if value is not None:
                where.append(condition)
                params.append(str(value))
        sql = ("WITH c AS (SELECT canonical_id, count(*) AS statements, count(DISTINCT article_id) "
               f"AS articles FROM attributions WHERE {' AND '.join(where)} GROUP BY canonical_id) "
               f"SELECT {_COLUMNS}, c.statements, c.articles, count(*) OVER () AS total "
               "FROM c JOIN speakers s ON s.id = c.canonical_id "
               "ORDER BY c.statements DESC, c.articles DESC, s.id LIMIT ? OFFSET ?")
        params += [limit, offset]
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description or []]
    rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    total = int(rows[0]["total"]) if rows else 0
    return Page(items=[msgspec.convert({k: v for k, v in r.items() if k != "total"}, SpeakerCount)
                       for r in rows], total=total, limit=limit, offset=offset)


def paged(query: Callable[..., Page[T]], con: duckdb.DuckDBPyConnection, *args: Any,
          limit: int, offset: int, **kwargs: Any) -> Page[T]:
    """``query``'s page, with the true ``total`` also past the last page.

    The store's lists count matches with ``count(*) OVER ()`` on the rows of the page, so a
    page past the end would say 0; only then is the first row asked for again to count.
    """
    page = query(con, *args, limit=limit, offset=offset, **kwargs)
    if page.items or offset == 0:
        return page
    total = query(con, *args, limit=1, offset=0, **kwargs).total
    return Page(items=[], total=total, limit=limit, offset=offset)
