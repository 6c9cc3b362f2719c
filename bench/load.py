"""Load test of `saidwho serve` -> bench/results/load.json.

1. Builds (or reuses) a store of at least 10,000 articles: the 924 PolNeAR train and dev
   texts are ingested (outlet and date from metadata.tsv), then every table's rows are
   copied under new ids until the store holds ``--articles`` articles.
2. Starts ``saidwho serve`` on 127.0.0.1 (never anything else) in a subprocess.
3. Times each main page and API route alone (one client), then runs ``--clients`` concurrent
   clients (asyncio + httpx) for ``--seconds`` seconds over them, round-robin, and records
   requests/s and p50/p95 latency per route.

Usage: python bench/load.py [--db bench/results/load.duckdb] [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
from _common import POLNEAR, RESULTS, context, write

from saidwho.corpus import open_store
from saidwho.pipeline import process
from saidwho.records import Article, Failure, RawDoc
from saidwho.settings import load_settings
from saidwho.store import Store, queries

HOST = "127.0.0.1"
# Tables keyed by article; speakers (canonical, corpus-wide) are shared by the copies and
# their counts recomputed once at the end.
COPY_SQL = (
    "INSERT INTO articles SELECT * REPLACE (id || '~' || $k AS id, seq + $k * $seq AS seq) "
    "FROM articles WHERE NOT contains(id, '~')",
    "INSERT INTO article_speakers SELECT * REPLACE (article_id || '~' || $k AS article_id) "
    "FROM article_speakers WHERE NOT contains(article_id, '~')",
    "INSERT INTO mentions SELECT * REPLACE (article_id || '~' || $k AS article_id) "
    "FROM mentions WHERE NOT contains(article_id, '~')",
    "INSERT INTO attributions SELECT * REPLACE (article_id || '~' || $k AS article_id, "
    "rid + $k * $rid AS rid) FROM attributions WHERE NOT contains(article_id, '~')",
    "INSERT INTO statement_terms SELECT * REPLACE (rid + $k * $rid AS rid) "
    "FROM statement_terms WHERE rid <= $rid",
)
RECOUNT_SQL = (
    "UPDATE speakers SET statement_count = c.n, article_count = c.a FROM ("
    " SELECT canonical_id, count(*) AS n, count(DISTINCT article_id) AS a FROM attributions"
    " GROUP BY canonical_id) AS c WHERE speakers.id = c.canonical_id"
)


def polnear_docs() -> Iterator[tuple[RawDoc, str | None]]:
    """The train and dev texts with their title and date, and the publisher as outlet."""
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as fh:
        meta = {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}
    for split in ("train", "dev"):
        for path in sorted((POLNEAR / split / "text").glob("*.txt")):
            row = meta.get(path.stem, {})
            published = row.get("publication_date")
            yield (
                RawDoc(
                    source=str(path),
                    format="txt",
                    text=path.read_text(encoding="utf-8"),
                    title=row.get("title"),
                    published=published if published not in (None, "None") else None,
                ),
                row.get("publisher"),
            )


def ingest(db: Path, jobs: int) -> int:
    """Extract the PolNeAR texts into ``db``; returns the articles stored."""
    docs = list(polnear_docs())
    outlets = {raw.source: outlet for raw, outlet in docs}
    settings = load_settings({"jobs": jobs})
    batch: list[Article] = []
    with open_store(db, claims=False) as store:
        for result in process((raw for raw, _ in docs), settings=settings):
            if isinstance(result, Failure):
                sys.stderr.write(f"load: skipped {result.message}\n")
                continue
            batch.append(msgspec.structs.replace(result, site=outlets.get(result.source)))
            if len(batch) == 64:
                store.add(batch)
                batch = []
        if batch:
            store.add(batch)
        return queries.counts(store.con)["articles"]


def grow(db: Path, articles: int) -> dict[str, int]:
    """Copy the original rows under new ids (``id~k``) until ``articles`` are stored."""
    with Store.open(db) as store:
        con = store.con
        n = queries.counts(con)["articles"]
        originals = con.execute("SELECT count(*) FROM articles WHERE NOT contains(id, '~')").fetchone()
        base = int(originals[0]) if originals else 0
        seq, rid = (
            int(v or 0)
            for v in con.execute(
                "SELECT (SELECT max(seq) FROM articles WHERE NOT contains(id, '~')), "
                "(SELECT max(rid) FROM attributions WHERE NOT contains(article_id, '~'))"
            ).fetchone()
            or (0, 0)
        )
        k = n // base if base else 0
        while n < articles and base:
            con.begin()
            params = {"k": k, "seq": seq, "rid": rid}
            for sql in COPY_SQL:
                con.execute(sql, {name: v for name, v in params.items() if f"${name}" in sql})
            con.commit()
            k += 1
            n += base
        con.execute(RECOUNT_SQL)
        con.execute("CHECKPOINT")
        return queries.counts(con)


def build(db: Path, articles: int, jobs: int) -> dict[str, int]:
    """The store of at least ``articles`` articles, built or reused."""
    if not db.exists():
        start = time.perf_counter()
        stored = ingest(db, jobs)
        sys.stderr.write(f"load: ingested {stored} articles in {time.perf_counter() - start:.0f} s\n")
    return grow(db, articles)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """``saidwho serve`` on 127.0.0.1 in a subprocess, until the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from saidwho.cli import main; main()",
            "serve",
            "--db",
            str(db),
            "--host",
            HOST,
            "--port",
            str(port),
            "--quiet",
        ]
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/stats", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"load: saidwho serve did not start on {base}")
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def targets(base: str) -> list[tuple[str, str]]:
    """(route, URL) pairs over the main pages and API routes, with real ids from the store."""
    api = httpx.Client(base_url=base, timeout=30)
    total = api.get("/api/articles?limit=1").json()["total"]
    articles = [
        a["id"]
        for off in range(0, total, max(1, total // 10))
        for a in api.get(f"/api/articles?limit=3&offset={off}").json()["items"]
    ]
    speakers = [s["id"] for s in api.get("/api/speakers?limit=30").json()["items"]]
    outlets = [m["outlet"] for m in api.get("/api/outlets").json()["items"] if m["outlet"]]
    words = [
        "ground troops",
        "economy",
        "email server",
        "immigration",
        "islamic state",
        "taxes",
        "police",
        "trade deal",
        "wall",
        "supreme court",
    ]
    out: list[tuple[str, str]] = []
    for i in range(30):
        article, speaker = articles[i % len(articles)], speakers[i % len(speakers)]
        q, outlet = words[i % len(words)], outlets[i % len(outlets)]
        out += [
            ("page /", "/"),
            ("page /articles/{id}", f"/articles/{article}"),
            ("page /speakers/{id}", f"/speakers/{speaker}"),
            ("page /search", f"/search?q={q}"),
            ("page /outlets", "/outlets"),
            ("page /articles", f"/articles?offset={(i * 20) % total}"),
            ("api /api/articles", f"/api/articles?offset={(i * 20) % total}"),
            ("api /api/articles/{id}", f"/api/articles/{article}"),
            ("api /api/speakers", f"/api/speakers?outlet={outlet}"),
            ("api /api/speakers/{id}", f"/api/speakers/{speaker}"),
            ("api /api/speakers/{id}/statements", f"/api/speakers/{speaker}/statements"),
            ("api /api/search", f"/api/search?q={q}"),
            ("api /api/outlets", "/api/outlets"),
            ("api /api/mix", f"/api/mix?outlet={outlet}"),
        ]
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)] * 1000, 1)


async def run_clients(base: str, *, clients: int, seconds: float, max_requests: int) -> dict[str, Any]:
    """``clients`` concurrent clients, each requesting the targets in turn, for ``seconds``
    or ``max_requests`` in all; the first pass over the targets warms up and is not counted."""
    urls = targets(base)
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        for _, url in urls[: len(urls) // 30]:
            (await http.get(url)).raise_for_status()
        alone: dict[str, list[float]] = {}
        for route, url in urls[: len(urls) // 3]:  # one client: each route's own latency
            start = time.perf_counter()
            (await http.get(url)).raise_for_status()
            alone.setdefault(route, []).append(time.perf_counter() - start)
        sent = 0
        deadline = time.perf_counter() + seconds

        async def client(n: int) -> None:
            nonlocal sent
            i = n * 7
            while time.perf_counter() < deadline and sent < max_requests:
                sent += 1
                route, url = urls[i % len(urls)]
                i += 1
                start = time.perf_counter()
                response = await http.get(url)
                latencies.setdefault(route, []).append(time.perf_counter() - start)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {url}")

        start = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(clients)))
        elapsed = time.perf_counter() - start
    everything = [v for values in latencies.values() for v in values]
    return {
        "requests": len(everything),
        "errors": len(errors),
        "error_examples": errors[:5],
        "elapsed_s": round(elapsed, 1),
        "requests_per_s": round(len(everything) / elapsed, 1),
        "p50_ms": percentile(everything, 0.5),
        "p95_ms": percentile(everything, 0.95),
        "routes": {
            route: {
                "requests": len(values),
                "p50_ms": percentile(values, 0.5),
                "p95_ms": percentile(values, 0.95),
            }
            for route, values in sorted(latencies.items())
        },
        "one_client_p50_ms": {route: percentile(values, 0.5) for route, values in sorted(alone.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=RESULTS / "load.duckdb")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--build-only", action="store_true", help="Build the store and stop.")
    args = parser.parse_args()
    counts = build(args.db, args.articles, args.jobs)
    sys.stderr.write(f"load: store {counts}\n")
    if args.build_only:
        return
    load = os.getloadavg()[0]
    with serving(args.db) as base:
        figures = asyncio.run(
            run_clients(base, clients=args.clients, seconds=args.seconds, max_requests=args.max_requests)
        )
    payload = {
        **context("polnear train+dev, copied"),
        "store": counts,
        "clients": args.clients,
        "seconds": args.seconds,
        "load_average_before": round(load, 2),
        **figures,
    }
    path = write("load", payload)
    sys.stdout.write(
        f"{figures['requests']} requests, {figures['requests_per_s']} req/s, "
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms\nwritten to {path}\n"
    )


if __name__ == "__main__":
    main()
