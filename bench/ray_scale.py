"""The Ray engine on a local multi-node cluster started as an operator starts one
(``ray start --head`` plus ``ray start --address``), driven by the CLI as users drive it.

    python bench/ray_scale.py scaling   # articles/s with 1 and 2 worker processes; model load per actor
    python bench/ray_scale.py memory    # driver RSS while a 1 GB WARC.gz streams through
    python bench/ray_scale.py faults    # a worker SIGKILLed mid-run: articles lost or duplicated

Each writes bench/results/ray-<name>.json. Nodes: a head and a worker, one CPU each, a
300 MB object store each; every node and file made here is removed at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import POLNEAR, context, write

# Ray >= 2.5x starts a head with token authentication on; clients then need the token mode,
# read when ray is imported (here, by the model-load measurement).
os.environ.setdefault("RAY_AUTH_MODE", "token")

BIN = Path(sys.executable).parent
PORT = 6391
OBJECT_STORE = str(300 * 1024 * 1024)
ENV = {**os.environ, "RAY_DISABLE_USAGE_STATS": "1"}


@contextmanager
def cluster(nodes: int) -> Iterator[str]:
    """A head and ``nodes - 1`` worker nodes, one CPU each; the address to pass as RAY_ADDRESS.
    Stops every Ray process of this user first and last (ray stop), so run nothing else on Ray."""
    subprocess.run([str(BIN / "ray"), "stop", "--force"], env=ENV, check=False, capture_output=True)
    ray = str(BIN / "ray")
    common = ["--num-cpus", "1", "--object-store-memory", OBJECT_STORE, "--disable-usage-stats"]
    subprocess.run(
        [ray, "start", "--head", "--port", str(PORT), "--include-dashboard=false", *common],
        env=ENV,
        check=True,
        capture_output=True,
    )
    address = f"{_node_ip()}:{PORT}"
    try:
        for _ in range(nodes - 1):
            subprocess.run(
                [ray, "start", "--address", address, *common], env=ENV, check=True, capture_output=True
            )
        yield address
    finally:
        subprocess.run([ray, "stop", "--force"], env=ENV, check=False, capture_output=True)


def _node_ip() -> str:
    import ray._private.services as services

    return str(services.get_node_ip_address())


def extract(address: str, paths: list[str], out: str, *extra: str, on_start=None) -> dict:
    """Run ``saidwho extract --engine ray --format parquet``; wall time and driver RSS samples."""
    cmd = [
        str(BIN / "saidwho"),
        "extract",
        *paths,
        "--engine",
        "ray",
        "--address",
        address,
        "--format",
        "parquet",
        "--out",
        out,
        "-q",
        *extra,
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rss = []
    while proc.poll() is None:
        rss.append((round(time.perf_counter() - started, 1), _rss_mb(proc.pid)))
        if on_start is not None and on_start():
            on_start = None
        time.sleep(0.5)
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    manifest = (
        json.loads((Path(out) / "_manifest.json").read_text())
        if (Path(out) / "_manifest.json").exists()
        else {}
    )
    return {
        "wall_s": round(wall, 1),
        "rc": proc.returncode,
        "manifest": manifest,
        "rss_mb": [r for r in rss if r[1] is not None],
        "stderr_tail": err.decode()[-400:],
    }


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def actor_pids() -> list[int]:
    """Extract actors, by the process title Ray gives them."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "cmdline").read_bytes().startswith(
                b"ray::MapWorker(MapBatches(Extract))"
            ):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def _articles(n: int) -> list[str]:
    return [str(p) for p in sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:n]]


def scaling(n: int) -> dict:
    paths = _articles(n)
    runs = {}
    with cluster(2) as address, tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            run = extract(address, paths, f"{tmp}/out{workers}", "--jobs", str(workers))
            runs[f"workers_{workers}"] = {
                "articles": run["manifest"].get("articles"),
                "wall_s": run["wall_s"],
                "articles_per_s": round(run["manifest"].get("articles", 0) / run["wall_s"], 2),
                "rc": run["rc"],
            }
        runs["model_load_s_per_actor"] = _model_load(address)
    return {
        "articles": len(paths),
        "nodes": 2,
        "cpus_per_node": 1,
        "runs": runs,
        "note": "wall time of the whole command: cluster connect, actor start and model load included",
    }


def _model_load(address: str) -> dict:
    """Seconds from asking for an Extract actor to its ready reply, less a bare actor's."""
    import ray

    from saidwho.scale.engine import Extract
    from saidwho.settings import Settings

    ray.init(address=address, logging_level="ERROR")
    try:

        class Bare:
            def ready(self) -> bool:
                return True

        class Loaded(Extract):
            def ready(self) -> float:
                return self.load_seconds

        started = time.perf_counter()
        ray.get(ray.remote(num_cpus=1)(Bare).remote().ready.remote())
        bare = time.perf_counter() - started
        started = time.perf_counter()
        load = ray.get(ray.remote(num_cpus=1)(Loaded).remote(Settings()).ready.remote())
        loaded = time.perf_counter() - started
    finally:
        ray.shutdown()
    return {
        "bare_actor_s": round(bare, 2),
        "extract_actor_s": round(loaded, 2),
        "models_load_s_inside_actor": round(load, 2),
        "overhead_s": round(loaded - bare, 2),
    }


def big_warc(path: Path, size: int, articles: list[str]) -> int:
    """A WARC.gz of ``size`` bytes: image responses of random (incompressible) bytes, with the
    article pages spread through it; the number of HTML records written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = __import__("random").Random(1)
    html = [
        f"<html><body><p>{Path(a).read_text(encoding='utf-8')}</p></body></html>".encode() for a in articles
    ]
    written = 0
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        n = 0
        while f.tell() < size:
            n += 1
            if html and n % 25 == 0:
                url, kind, body = f"https://news.example.com/{n}", "text/html; charset=utf-8", html.pop()
                written += 1
            else:
                url, kind, body = f"https://news.example.com/{n}.jpg", "image/jpeg", rng.randbytes(1_000_000)
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    return written


def memory(size: int, n: int) -> dict:
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        warc = Path(tmp) / "crawl.warc.gz"
        pages = big_warc(warc, size, _articles(n))
        with cluster(2) as address:
            run = extract(address, [str(warc)], f"{tmp}/out", "--extractor", "rules")
        rss = [r[1] for r in run["rss_mb"]]
        return {
            "warc_bytes": warc.stat().st_size,
            "html_records": pages,
            "articles": run["manifest"].get("articles"),
            "wall_s": run["wall_s"],
            "rc": run["rc"],
            "driver_rss_mb": {
                "first": rss[0],
                "max": max(rss),
                "last": rss[-1],
                "after_10s_min": min(r[1] for r in run["rss_mb"] if r[0] >= 10),
                "after_10s_max": max(r[1] for r in run["rss_mb"] if r[0] >= 10),
            },
            "samples": run["rss_mb"],
            "extractor": "rules",
            "note": "driver = the saidwho extract process, sampled every 0.5 s; "
            "the WARC's bulk is 1 MB image records the reader streams past",
        }


def faults(n: int) -> dict:
    paths = _articles(n)
    killed: list[int] = []

    def kill_once() -> bool:
        pids = actor_pids()
        if len(pids) < 2 or time.perf_counter() - t0 < 25:  # both actors up, models loaded, batches running
            return False
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])
        return True

    with cluster(2) as address, tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        run = extract(address, paths, f"{tmp}/out", "--jobs", "2", on_start=kill_once)
        import duckdb

        ids = [
            r[0]
            for r in duckdb.sql(f"SELECT id FROM read_parquet('{tmp}/out/articles/**/*.parquet')").fetchall()
        ]
        sources = [
            r[0]
            for r in duckdb.sql(
                f"SELECT source FROM read_parquet('{tmp}/out/articles/**/*.parquet')"
            ).fetchall()
        ]
    return {
        "inputs": len(paths),
        "killed_pids": killed,
        "rc": run["rc"],
        "wall_s": run["wall_s"],
        "articles_written": len(ids),
        "distinct_ids": len(set(ids)),
        "lost": len(set(paths) - set(sources)),
        "duplicated": len(ids) - len(set(ids)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["scaling", "memory", "faults"])
    parser.add_argument("--articles", type=int, default=40, help="PolNeAR dev articles [default: 40]")
    parser.add_argument(
        "--bytes", type=int, default=1_000_000_000, help="WARC.gz size for memory [default: 1 GB]"
    )
    args = parser.parse_args()
    figures = {
        "scaling": lambda: scaling(args.articles),
        "memory": lambda: memory(args.bytes, args.articles),
        "faults": lambda: faults(args.articles),
    }[args.what]()
    write(f"ray-{args.what}", {**context("dev"), **figures})


if __name__ == "__main__":
    main()
