"""Write each store table to a file: Parquet (DuckDB, pandas, Polars, Spark), CSV or JSONL."""

from __future__ import annotations

from pathlib import Path

import duckdb

from saidwho.store.store import TABLES

FORMATS = {
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
    "csv": "(FORMAT csv, HEADER)",
    "jsonl": "(FORMAT json)",
}


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str) -> list[Path]:
    """Write ``<table>.<fmt>`` into ``out_dir`` for every table; the paths written.

    CSV has no list type: list columns (``authors``, ``aliases``...) are written as
    DuckDB's ``[a, b]`` text there; Parquet and JSONL keep them as lists.
    """
    options = FORMATS[fmt]
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in TABLES:
        path = out_dir / f"{table}.{fmt}"
        literal = str(path).replace("'", "''")  # COPY takes no parameter for its target
        con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{literal}' {options}")
        paths.append(path)
    return paths
