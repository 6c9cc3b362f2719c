"""Read a Parquet output back as records, for ``saidwho ingest OUT --from-parquet``.

The layout (written by :mod:`saidwho.scale.tables`, with either engine):
``OUT/<table>/outlet=<outlet>/month=<YYYY-MM>/*.parquet`` holding the store's columns, the
store-assigned ones (``seq``, ``rid``, ``canonical_id``) null; ``OUT/failures/*.parquet``;
and ``OUT/_manifest.json``, written last. Needs DuckDB only (no Ray, no pyarrow); reads a
local folder (copy one from an object store first, e.g. ``aws s3 sync``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb

from saidwho.records import Article, Failure
from saidwho.store import queries
from saidwho.store.store import Store

TABLES = ("articles", "attributions", "article_speakers", "mentions")
FAILURES = "failures"
MANIFEST = "_manifest.json"
_HIVE = "hive_partitioning = true, hive_types = {'outlet': VARCHAR, 'month': VARCHAR}"
# How each table's rows go into an in-memory store, whose queries then rebuild the records:
# the order a store assigns (attributions A1, A2, ... in their article's order).
_LOAD = {
    "articles": "SELECT * EXCLUDE (month) REPLACE (row_number() OVER (ORDER BY id) AS seq)",
    "attributions": "SELECT * EXCLUDE (month) REPLACE "
    "(row_number() OVER (ORDER BY article_id, length(id), id) AS rid)",
    "article_speakers": "SELECT * EXCLUDE (outlet, month) REPLACE ('' AS canonical_id)",
    "mentions": "SELECT * EXCLUDE (outlet, month)",
}


def read_output(root: str | Path) -> Iterator[Article | Failure]:
    """Each article of the output at ``root`` as ``extract`` made it (``site`` holds its
    outlet, ``encoding`` is not kept), one outlet and month at a time; then its failures.

    A folder without a manifest yields one ``Failure`` (the run did not finish)."""
    root = Path(root)
    if not (root / MANIFEST).is_file():
        yield Failure(
            source=str(root),
            message=f"{root}: no {MANIFEST}, so no finished Parquet output is there. "
            "Pass the folder of `saidwho extract --format parquet --out`, or rerun the job that wrote it.",
        )
        return
    with Store.open(":memory:") as mem:
        for part in sorted({p.parent for p in (root / "articles").rglob("*.parquet")}):
            yield from _partition(mem.con, root, part.relative_to(root / "articles"))
    for file in sorted((root / FAILURES).glob("*.parquet")):
        for source, message in duckdb.execute(
            "SELECT source, message FROM read_parquet(?)", [str(file)]
        ).fetchall():
            yield Failure(source=source, message=message)


def _partition(con: duckdb.DuckDBPyConnection, root: Path, rel: Path) -> Iterator[Article]:
    for table, select in _LOAD.items():
        folder = root / table / rel
        if any(folder.glob("*.parquet")):
            glob = str(folder / "*.parquet").replace("'", "''")
            con.execute(f"INSERT INTO {table} BY NAME {select} FROM read_parquet('{glob}', {_HIVE})")
    ids = [str(r[0]) for r in con.execute("SELECT id FROM articles ORDER BY seq").fetchall()]
    for article_id in ids:
        view = queries.article(con, article_id)
        assert view is not None
        yield view.article
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
