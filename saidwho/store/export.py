"""Write each store table to a file: Parquet (DuckDB, pandas, Polars, Spark), CSV or JSONL."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from saidwho.store.corrections import has_corrections, reviewed_sql
from saidwho.store.store import TABLES

_SAFE = re.compile(r"[^\w.-]+")  # a file name from any source: a path, a URL, path:line
FORMATS = {
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
    "csv": "(FORMAT csv, HEADER)",
    "jsonl": "(FORMAT json)",
}


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str) -> list[Path]:
    """Write ``<table>.<fmt>`` into ``out_dir`` for every table; the paths written.

    CSV has no list type: list columns (``authors``, ``aliases``...) are written as
    DuckDB's ``[a, b]`` text there; Parquet and JSONL keep them as lists. Statements carry
    ``reviewed`` (a standing correction changed them); ``corrections`` holds each
    correction with the machine value it replaced, who made it and when.
    """
    options = FORMATS[fmt]
    out_dir.mkdir(parents=True, exist_ok=True)
    present = {str(r[0]) for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    paths = []
    for table in TABLES:
        if table not in present:  # a store of an older version, opened read-only
            continue
        path = out_dir / f"{table}.{fmt}"
        literal = str(path).replace("'", "''")  # COPY takes no parameter for its target
        select = f"SELECT * FROM {table}"
        if table == "attributions" and "corrections" in present:
            select = f"SELECT t.*, {reviewed_sql('t')} AS reviewed FROM attributions t"
        con.execute(f"COPY ({select} ORDER BY ALL) TO '{literal}' {options}")
        paths.append(path)
    return paths


def export_brat(con: duckdb.DuckDBPyConnection, out_dir: Path, *, reviewed: bool = False) -> list[Path]:
    """Write each stored article (``reviewed``: only those with a standing correction) as
    BRAT gold in PolNeAR's layout, ``text/<name>.txt`` and ``attributions/<name>.ann``, with
    its reviewed attributions, so ``saidwho eval`` scores against it and ``saidwho train
    --reviewed`` learns from it; the ``.ann`` paths written. ``<name>`` is the stem of the
    article's source (a PolNeAR file keeps its name), else its store id."""
    from saidwho.formats.brat import write_ann
    from saidwho.store.queries import article

    sql = "SELECT id, source FROM articles ORDER BY seq"
    if reviewed:
        sql = (
            "SELECT id, source FROM articles WHERE id IN (SELECT article_id FROM corrections"
            " WHERE undone_at IS NULL AND status = 'applied') ORDER BY seq"
        )
    rows = con.execute(sql).fetchall() if not reviewed or has_corrections(con) else []
    for folder in ("text", "attributions"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    paths, names = [], set()
    for key, source in rows:
        name = _SAFE.sub("_", Path(str(source)).stem) or key
        if name in names:
            name = f"{name}_{key}"
        names.add(name)
        view = article(con, key)
        assert view is not None
        (out_dir / "text" / f"{name}.txt").write_text(view.article.text, encoding="utf-8")
        path = out_dir / "attributions" / f"{name}.ann"
        path.write_text(write_ann(view.article), encoding="utf-8")
        paths.append(path)
    return paths
