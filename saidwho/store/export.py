"""Write each store table to a file: Parquet (DuckDB, pandas, Polars, Spark), CSV or JSONL."""

from __future__ import annotations

from pathlib import Path

import duckdb

from saidwho.store.corrections import reviewed_sql
from saidwho.store.store import TABLES

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
