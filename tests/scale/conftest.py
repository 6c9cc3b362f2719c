"""A two-node Ray cluster (ray.cluster_utils.Cluster, one CPU per node), started once for the
tests marked ``ray``, and a sample of every input kind; skipped with the install line where
the [ray] extra is absent."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data"
NO_RAY = "needs Ray, from the [ray] extra: pip install -e '.[ray]'"
# Small: the machine's memory is shared, and the sample is a few hundred kB.
OBJECT_STORE = 150 * 1024 * 1024
SCRAPES = [
    "agency_court.txt",
    "agency_floods.txt",
    "blog_payday.txt",
    "cable_border_talks.txt",
    "govbcast_launcher.txt",
    "heldout2_tabloid_mayor.txt",
]


@pytest.fixture(scope="session")
def cluster() -> Iterator[str]:
    """The address of a head node and one worker node; shut down after the session."""
    pytest.importorskip("ray", reason=NO_RAY)
    import ray
    from ray.cluster_utils import Cluster

    nodes = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "object_store_memory": OBJECT_STORE, "include_dashboard": False},
    )
    nodes.add_node(num_cpus=1, object_store_memory=OBJECT_STORE)
    ray.init(address=nodes.address, logging_level="WARNING", log_to_driver=False)
    try:
        yield nodes.address
    finally:
        ray.shutdown()
        nodes.shutdown()


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Inputs of every kind the Ray engine reads: .txt, .html, a WARC.gz (HTML around an
    image), JSONL (one bad line), Parquet rows; and bad ones (binary, missing)."""
    pytest.importorskip("pyarrow", reason=NO_RAY)
    import pyarrow as pa
    import pyarrow.parquet as pq
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    root = tmp_path_factory.mktemp("sample")
    folder = root / "articles"
    folder.mkdir()
    for name in SCRAPES:
        shutil.copy(DATA / "scrapes" / name, folder / name)
    shutil.copy(DATA / "article_page.html", folder / "article_page.html")
    texts = [
        (DATA / "scrapes" / n).read_text(encoding="utf-8") for n in ("wire_election.txt", "agency_court.txt")
    ]
    page = (DATA / "article_page.html").read_bytes()
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, kind, body in [
        ("https://www.example.com/2016/03/story", "text/html; charset=utf-8", page),
        ("https://www.example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(5000)),
        (
            "https://news.example.org/wire",
            "text/html",
            f"<html><body><p>{texts[0]}</p></body></html>".encode(),
        ),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    (root / "crawl.warc.gz").write_bytes(out.getvalue())
    lines = [
        json.dumps({"text": texts[1], "url": "https://www.cnn.com/court", "published": "2016-04-02"}),
        '{"text": 42}',
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = {
        "text": [texts[0], None],
        "html": [None, page.decode("utf-8")],
        "url": ["https://www.voanews.com/a/1", "https://www.voanews.com/a/2"],
        "published": ["2016-05-01", None],
    }
    pq.write_table(pa.table(rows), root / "rows.parquet")
    # The same rows for the local engine, which reads JSONL but not Parquet.
    lines = [
        json.dumps({k: v for k, v in zip(rows, values, strict=True) if v})
        for values in zip(*rows.values(), strict=False)
    ]
    (root / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return [
        str(folder),
        str(root / "crawl.warc.gz"),
        str(root / "feed.jsonl"),
        str(root / "rows.parquet"),
        str(root / "binary.txt"),
        str(root / "missing.txt"),
    ]
