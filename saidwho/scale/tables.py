"""Results -> the store's tables as Parquet, partitioned by outlet and month.

``OUT/<table>/outlet=<outlet>/month=<YYYY-MM>/<batch>-<i>.parquet`` for articles,
attributions, article_speakers and mentions, with the columns ``saidwho export`` writes but
``reviewed`` (reviewers' corrections live in a store; rows are made by
:meth:`saidwho.store.Store.add` on an in-memory store, so they cannot drift), and
``OUT/failures/<batch>.parquet`` (``source``, ``message``). ``OUT/_manifest.json`` is written
last, when every batch is in: a folder without one is an unfinished run.

What only a whole store can assign is null here: ``articles.seq`` and ``attributions.rid``
(ingest order) and ``canonical_id`` (speakers merged across the corpus); the ``speakers``
and claim tables are not written. ``saidwho ingest OUT --from-parquet`` assigns them all.

DuckDB queries the folder in place:
``SELECT * FROM read_parquet('OUT/attributions/**/*.parquet', hive_partitioning = true)``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from saidwho.records import Article, Failure
from saidwho.scale.fs import filesystem
from saidwho.store import Store, add
from saidwho.store.parquet import FAILURES, MANIFEST, TABLES

PARTITIONS = ["outlet", "month"]
# Results per written batch: files of ~1,000 articles (a few MB) rather than one per
# 16-article NLP batch, which would leave a crawl as millions of tiny files.
FILE_ROWS = 1000
_MONTH = "strftime(a.published, '%Y-%m') AS month"
# One batch's rows of each table, partition columns last; ordered as a store reads them back.
_SELECT = {
    "articles": f"SELECT a.* REPLACE (NULL::BIGINT AS seq), {_MONTH} FROM articles a ORDER BY a.id",
    "attributions": "SELECT t.* REPLACE (NULL::BIGINT AS rid, NULL::VARCHAR AS canonical_id), "
    f"{_MONTH} FROM attributions t JOIN articles a ON a.id = t.article_id ORDER BY t.rid",
    "article_speakers": "SELECT s.* REPLACE (NULL::VARCHAR AS canonical_id), a.outlet, "
    f"{_MONTH} FROM article_speakers s JOIN articles a ON a.id = s.article_id ORDER BY ALL",
    "mentions": f"SELECT m.*, a.outlet, {_MONTH} FROM mentions m JOIN articles a ON a.id = m.article_id "
    "ORDER BY ALL",
}
_FAILURES = pa.schema([("source", pa.string()), ("message", pa.string())])


class Written(NamedTuple):
    """What one batch (or a whole run) wrote."""

    articles: int
    failures: int


def clear(out: str) -> None:
    """Remove a previous run's tables and manifest from ``out``: a rerun replaces them."""
    fs, root = filesystem(out)
    for name in (*TABLES, FAILURES):
        if fs.get_file_info(f"{root}/{name}").type == pafs.FileType.Directory:
            fs.delete_dir(f"{root}/{name}")
    if fs.get_file_info(f"{root}/{MANIFEST}").type == pafs.FileType.File:
        fs.delete_file(f"{root}/{MANIFEST}")


def write_batch(results: Sequence[Article | Failure], out: str, *, name: str) -> Written:
    """Write one batch of results into ``out`` as files named ``name``; a retried batch
    (same name) overwrites its own files."""
    fs, root = filesystem(out)
    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if isinstance(r, Failure)]
    added = 0
    if articles:
        with Store.open(":memory:") as store:
            # No corpus hook: canonical speakers and claims are decided across the corpus,
            # by the store the output is loaded into.
            added = add(store.con, articles).added  # the first of two equal articles wins
            for table, sql in _SELECT.items():
                _write_partitioned(store.con.sql(sql).to_arrow_table(), fs, f"{root}/{table}", name)
    if failures:
        fs.create_dir(f"{root}/{FAILURES}")
        rows = pa.table([[f.source for f in failures], [f.message for f in failures]], schema=_FAILURES)
        pq.write_table(rows, f"{root}/{FAILURES}/{name}.parquet", filesystem=fs, compression="zstd")
    return Written(added, len(failures))


def _write_partitioned(table: pa.Table, fs: pafs.FileSystem, base: str, name: str) -> None:
    if not table.num_rows:
        return
    pads.write_dataset(
        table,
        base,
        format="parquet",
        filesystem=fs,
        partitioning=PARTITIONS,
        partitioning_flavor="hive",
        basename_template=f"{name}-{{i}}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        file_options=pads.ParquetFileFormat().make_write_options(compression="zstd"),
    )


def finish(out: str, written: Written, **about: Any) -> None:
    """Write ``out/_manifest.json``: the run is complete."""
    fs, root = filesystem(out)
    manifest = {"articles": written.articles, "failures": written.failures, **about}
    with fs.open_output_stream(f"{root}/{MANIFEST}") as f:
        f.write(json.dumps(manifest, indent=2).encode() + b"\n")


def write_results(results: Iterable[Article | Failure], out: str, **about: Any) -> Written:
    """Write a stream of results (the local engine's) to ``out`` as the Ray engine does."""
    clear(out)
    run = uuid.uuid4().hex[:12]
    articles = failures = 0
    it = iter(results)
    for n, batch in enumerate(iter(lambda: list(islice(it, FILE_ROWS)), [])):
        done = write_batch(batch, out, name=f"part-{run}-{n:06d}")
        articles, failures = articles + done.articles, failures + done.failures
    written = Written(articles, failures)
    finish(out, written, run=run, **about)
    return written
