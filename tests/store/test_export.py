import duckdb
import pytest
from builders import make_article

from saidwho.store import TABLES, queries
from saidwho.store.export import export_tables

ARTICLE = make_article(
    "Aki Peritz said the agency, it seems, was never around.",
    [("Aki Peritz", "said", "the agency, it seems, was never around")],
    site="voanews.com",
    published="2016-03-01",
    title='A "quoted" title',
)

READERS = {"parquet": "read_parquet", "csv": "read_csv", "jsonl": "read_json"}


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_writes_every_table_readable_back(store, tmp_path, fmt):
    store.add([ARTICLE])
    paths = export_tables(store.con, tmp_path / "out", fmt)
    assert [p.name for p in paths] == [f"{t}.{fmt}" for t in TABLES]
    con = duckdb.connect()
    counts = {
        p.stem: con.execute(f"SELECT count(*) FROM {READERS[fmt]}(?)", [str(p)]).fetchone()[0] for p in paths
    }
    assert counts == queries.counts(store.con)
    (title,) = con.execute(f"SELECT title FROM {READERS[fmt]}(?)", [str(paths[0])]).fetchone()
    assert title == 'A "quoted" title'


def test_export_parquet_keeps_lists(store, tmp_path):
    store.add([ARTICLE])
    export_tables(store.con, tmp_path, "parquet")
    (aliases,) = (
        duckdb.connect()
        .execute("SELECT aliases FROM read_parquet(?)", [str(tmp_path / "speakers.parquet")])
        .fetchone()
    )
    assert aliases == ["Aki Peritz"]
