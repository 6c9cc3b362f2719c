"""End to end: ``saidwho ingest`` killed with SIGKILL mid-run, then re-run, gives exactly the
store an uninterrupted run gives. Runs the real model in subprocesses (a few seconds each)."""

import os
import signal
import subprocess
import sys

import pytest

from saidwho.store import Store, queries

PEOPLE = ["Linda Okafor", "James Whitfield", "Aki Peritz", "Ash Carter", "Maria Gonzalez"]
TOPICS = ["the bridge", "the budget", "the harbor", "the school", "the hospital", "the rail line"]
ARTICLES = 24
BATCH = 2


def write_articles(folder):
    folder.mkdir()
    for i in range(ARTICLES):
        who, other, topic = PEOPLE[i % 5], PEOPLE[(i + 2) % 5], TOPICS[i % 6]
        (folder / f"story{i:02d}.txt").write_text(
            f"City weighs plans for {topic}, number {i}\n\n"
            f'"We will finish {topic} by spring {2000 + i}," said {who}, the city\'s director.\n\n'
            f"{other.split()[-1]} said the plan for {topic} would cost {i + 3} million dollars.\n\n"
            f"A city official, who asked not to be named, said talks on item {i} continue.\n",
            encoding="utf-8",
        )


def ingest(folder, db, *extra):
    return [
        sys.executable,
        "-c",
        "from saidwho.cli import main; main()",
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--batch-size",
        str(BATCH),
        *extra,
    ]


def snapshot(db):
    with Store.open(db, read_only=True) as store:
        speakers = store.con.execute(
            "SELECT id, article_count, statement_count FROM speakers ORDER BY id"
        ).fetchall()
        return queries.counts(store.con), speakers


def assert_consistent(db):
    with Store.open(db) as store:  # replays DuckDB's write-ahead log
        con = store.con
        assert (
            con.execute("SELECT sum(attribution_count) FROM articles").fetchone()[0]
            == queries.counts(con)["attributions"]
        )
        assert con.execute(
            "SELECT count(*) FROM attributions WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone() == (0,)
        assert (
            con.execute("SELECT sum(statement_count) FROM speakers").fetchone()
            == con.execute("SELECT count(canonical_id) FROM attributions").fetchone()
        )


@pytest.mark.slow
def test_store_ingest_killed_mid_run_then_rerun_equals_an_uninterrupted_run(tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    whole = tmp_path / "whole.duckdb"
    done = subprocess.run(ingest(folder, whole, "-q"), capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr

    killed = tmp_path / "killed.duckdb"
    # -v logs one line per stored batch: kill as soon as the first one is committed.
    proc = subprocess.Popen(ingest(folder, killed, "-v"), stderr=subprocess.PIPE, text=True, env=env)
    try:
        for line in proc.stderr:
            if "stored" in line:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    assert_consistent(killed)
    partial, _ = snapshot(killed)
    assert 0 < partial["articles"] < ARTICLES

    rerun = subprocess.run(ingest(folder, killed), capture_output=True, text=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert (
        f"{ARTICLES - partial['articles']} added, {partial['articles']} already stored, 0 failed"
        in rerun.stderr
    )
    assert snapshot(killed) == snapshot(whole)
    assert snapshot(whole)[0]["articles"] == ARTICLES

    again = subprocess.run(ingest(folder, whole), capture_output=True, text=True, env=env, timeout=300)
    assert f"0 added, {ARTICLES} already stored" in again.stderr


@pytest.mark.slow
def test_store_ingest_with_worker_processes_equals_a_single_process_run(tmp_path):
    # With --jobs the pool reads the not-yet-stored inputs from a feeder thread while the
    # main thread writes batches: both must get along with the one store file.
    folder = tmp_path / "articles"
    write_articles(folder)
    single, parallel = tmp_path / "single.duckdb", tmp_path / "parallel.duckdb"
    for db, extra in ((single, ()), (parallel, ("--jobs", "2"))):
        run = subprocess.run(ingest(folder, db, *extra), capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert f"{ARTICLES} added, 0 already stored, 0 failed" in run.stderr
    assert snapshot(parallel) == snapshot(single)
    again = subprocess.run(
        ingest(folder, parallel, "--jobs", "2"), capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    assert f"0 added, {ARTICLES} already stored, 0 failed" in again.stderr
