"""DuckDB store: the schema, one transaction per batch, and the queries serve/ needs. It
reads and writes rows; canonical speakers and claims are kept by the corpus hook it is given
(``saidwho.corpus.open_store``).

with Store.open("saidwho.duckdb") as store:
    store.add(articles)                       # one transaction; stored keys skipped
    store.ingest(saidwho.extract_many(raws))  # a stream, one transaction per batch
    queries.top_speakers(store.con, outlet="voanews.com")
"""

from __future__ import annotations

from saidwho.store import queries
from saidwho.store.store import SCHEMA_VERSION, TABLES, AddResult, CorpusHook, IngestResult, Store, add

__all__ = ["SCHEMA_VERSION", "TABLES", "AddResult", "CorpusHook", "IngestResult", "Store", "add", "queries"]
