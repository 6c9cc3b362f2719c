"""--engine ray: the same results as the local engine, Parquet that a store loads, bad inputs
as failure rows, reruns that replace, and a worker killed mid-run losing nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from saidwho.corpus import open_store
from saidwho.ingest import read_inputs
from saidwho.pipeline import process
from saidwho.records import Article, Failure
from saidwho.settings import Settings

SETTINGS = Settings()
pytestmark = [pytest.mark.ray, pytest.mark.slow]


def _local(paths: list[str]) -> list[Article | Failure]:
    """The local engine's results, the Parquet rows read from their JSONL copy and named
    as the Ray engine names them (``rows.parquet:N``)."""
    jsonl = [p.replace("rows.parquet", "rows.jsonl") for p in paths]
    results = process(read_inputs(jsonl, settings=SETTINGS), settings=SETTINGS)
    return [
        msgspec.structs.replace(r, source=r.source.replace("rows.jsonl", "rows.parquet")) for r in results
    ]


def _articles(results: list[Article | Failure]) -> dict[str, Article]:
    found = {r.source: r for r in results if isinstance(r, Article)}
    assert len(found) == sum(isinstance(r, Article) for r in results), "an article came twice"
    return found


@pytest.fixture(scope="module")
def local(sample: list[str]) -> list[Article | Failure]:
    return _local(sample)


def test_scale_results_equal_the_local_engines(cluster, sample, local):
    from saidwho.scale import engine

    on_ray = list(engine.stream(engine.results(sample, settings=SETTINGS, workers=2)))
    ray_articles, local_articles = _articles(on_ray), _articles(local)
    assert len(local_articles) == 12  # 7 files, 2 WARC pages, 1 JSONL line, 2 Parquet rows
    assert ray_articles == local_articles  # ids, text, attributions, speakers: every field
    assert sorted(f.source for f in on_ray if isinstance(f, Failure)) == sorted(
        f.source for f in local if isinstance(f, Failure)
    )


@pytest.fixture(scope="module")
def written(cluster, sample, tmp_path_factory) -> Path:
    from saidwho.scale import engine

    out = tmp_path_factory.mktemp("out")
    engine.write(engine.results(sample, settings=SETTINGS, workers=2), str(out), inputs=sample)
    return out


def test_scale_parquet_loads_back_as_the_local_articles(written, local):
    from saidwho.store.parquet import read_output

    loaded = list(read_output(written))
    for source, article in _articles(local).items():
        back = _articles(loaded)[source]
        assert (back.id, back.attributions, back.speakers) == (
            article.id,
            article.attributions,
            article.speakers,
        )


def test_scale_bad_inputs_are_failure_rows_and_the_job_completes(written, sample):
    import duckdb

    rows = duckdb.sql(f"SELECT source, message FROM read_parquet('{written}/failures/*.parquet')").fetchall()
    messages = dict(rows)
    assert messages[sample[-1]] == f"{sample[-1]}: no such file or directory. Check the path."
    assert "binary data, not text" in messages[sample[-2]]
    assert "Expected `str | null`, got `int`" in messages[f"{sample[2]}:2"]
    manifest = json.loads((written / "_manifest.json").read_text())
    assert (manifest["articles"], manifest["failures"]) == (12, len(rows))


def test_scale_parquet_has_the_export_columns_and_duckdb_reads_it_in_place(written, tmp_path):
    import duckdb

    from saidwho.store.export import export_tables
    from saidwho.store.parquet import read_output

    with open_store(tmp_path / "s.duckdb") as store:
        store.ingest(r for r in read_output(written))
        exported = export_tables(store.con, tmp_path / "export", "parquet")
    for path in exported:
        if path.stem not in ("articles", "attributions", "article_speakers", "mentions"):
            continue  # speakers and claims are corpus-wide: a store makes them

        def columns(glob):
            return [
                c[0]
                for c in duckdb.sql(
                    f"DESCRIBE SELECT * FROM read_parquet('{glob}', hive_partitioning = true)"
                ).fetchall()
            ]

        # ``reviewed`` says a store's corrections changed a statement: machine output has none.
        assert sorted(columns(f"{written}/{path.stem}/**/*.parquet")) == sorted(
            [
                *(c for c in columns(str(path)) if c != "reviewed"),
                "month",
                *(["outlet"] if path.stem in ("article_speakers", "mentions") else []),
            ]
        )
    by_outlet = duckdb.sql(
        f"SELECT outlet, count(*) FROM read_parquet('{written}/articles/**/*.parquet', "
        "hive_partitioning = true) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert ("cnn.com", 1) in by_outlet and ("voanews.com", 1) in by_outlet


def test_scale_rerun_replaces_the_output(cluster, written, sample):
    import duckdb

    from saidwho.scale import engine

    before = json.loads((written / "_manifest.json").read_text())["run"]
    engine.write(engine.results(sample, settings=SETTINGS, workers=1), str(written), inputs=sample)
    ids = duckdb.sql(f"SELECT id FROM read_parquet('{written}/articles/**/*.parquet')").fetchall()
    assert len(ids) == len(set(ids)) == 12
    assert json.loads((written / "_manifest.json").read_text())["run"] != before


def actor_pids() -> list[int]:
    """Processes of Extract actors, by the title Ray gives them (ray::MapWorker(...))."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            title = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if proc.name.isdigit() and title.startswith(b"ray::MapWorker(MapBatches(Extract))"):
            pids.append(int(proc.name))
    return pids


def test_scale_worker_killed_mid_run_loses_and_duplicates_nothing(cluster, sample, local):
    from saidwho.scale import engine

    killed = []
    results = []
    for result in engine.stream(engine.results(sample, settings=SETTINGS, workers=1)):
        results.append(result)
        if not killed:  # the first results are in: the actor is mid-run
            killed = actor_pids()
            for pid in killed:
                os.kill(pid, signal.SIGKILL)
    assert len(killed) == 1
    assert _articles(results) == _articles(local)


def test_scale_cli_extract_and_ingest_from_parquet(cluster, sample, tmp_path):
    env = {**os.environ, "RAY_ADDRESS": cluster}
    saidwho = str(Path(sys.executable).parent / "saidwho")

    def run(*args):
        return subprocess.run(
            [saidwho, *args], capture_output=True, text=True, env=env, timeout=300, check=False
        )

    out, db = tmp_path / "out", tmp_path / "s.duckdb"
    extract = run("extract", *sample[:2], "--engine", "ray", "--format", "parquet", "--out", str(out), "-q")
    assert extract.returncode == 0, extract.stderr
    ingest = run("ingest", str(out), "--from-parquet", "--db", str(db))
    assert ingest.returncode == 0, ingest.stderr
    assert "saidwho: 9 added, 0 already stored, 0 failed" in ingest.stderr
