"""The pipeline on Ray Data: read tasks, an actor pool running the local engine's per-batch
function, and a write to Parquet or a stream back to the driver.

1. :func:`connect` joins a cluster (``--address``, else ``RAY_ADDRESS``, else a local one);
2. :func:`results` reads the inputs (:mod:`.read`) and maps batches through :class:`Extract`
   actors, each loading the spaCy model and the ONNX tagger once, then calling
   :func:`saidwho.pipeline.process_batch`, so results equal the local engine's;
3. :func:`write` stores them with :class:`TablesSink` (:mod:`.tables`), or :func:`stream`
   hands them to the driver (``extract --format json``, ``ingest``).

Ray retries a task whose worker died (actors restart, their batches run again), and a
batch's output is kept only once it completes, so a killed worker loses and duplicates
nothing; a write task's files are named by its task index, so a retry overwrites them.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa
import ray
import ray.data
from ray.data.block import Block
from ray.data.datasource import Datasink, WriteResult

from saidwho.attribution import get_extractor
from saidwho.errors import UsageError
from saidwho.nlp import load_nlp
from saidwho.pipeline import process_batch
from saidwho.records import Article, Failure
from saidwho.scale.blocks import from_block, to_block
from saidwho.scale.read import read_dataset
from saidwho.scale.tables import FILE_ROWS, Written, clear, finish, write_batch
from saidwho.settings import Settings, share_model_threads

log = logging.getLogger(__name__)

# CPUs a read or write task reserves. Reading a WARC record costs ~60 us and writing an
# article's rows less, against ~200 ms of NLP: reserving a core for them would idle one
# per node, and with one actor per CPU the reads would never be scheduled (a deadlock).
IO_CPUS = 0
# Model threads per actor: an actor reserves one CPU; within it the tagger still runs beside
# the parse (pipeline.process_batch), as the local engine does with --jobs.
ACTOR_THREADS = 1


def connect(address: str | None, *, verbose: int = 0, quiet: bool = False) -> None:
    """Join the Ray cluster at ``address`` (``auto``, ``HOST:6379``, ``ray://HOST:10001``);
    without one, the cluster ``RAY_ADDRESS`` names, else a Ray instance started here."""
    if ray.is_initialized():
        return
    try:
        ray.init(address=address, log_to_driver=not quiet, logging_level=logging.WARNING)
    except ConnectionError as exc:
        where = address or os.environ.get("RAY_ADDRESS", "")
        raise UsageError(
            f"{where}: no Ray cluster answers there ({exc}). Start one (ray start --head) "
            "or fix --address / RAY_ADDRESS."
        ) from exc
    # Ray Data logs each operator's progress at INFO: shown with -v, as saidwho's own INFO is.
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    logging.getLogger("ray.data").setLevel(level)
    ray.data.DataContext.get_current().enable_progress_bars = not quiet


class Extract:
    """A Ray actor: loads the models once, then runs ``process_batch`` on each batch."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        share_model_threads(ACTOR_THREADS)
        started = time.perf_counter()
        load_nlp()  # cached: every batch after this one reuses the models
        get_extractor(self.settings.extractor)
        self.load_seconds = time.perf_counter() - started
        log.info("actor %d: models loaded in %.1f s", os.getpid(), self.load_seconds)

    def __call__(self, block: pa.Table) -> pa.Table:
        return to_block(process_batch(from_block(block), self.settings))


def results(paths: Sequence[str], *, settings: Settings, workers: int | None = None) -> ray.data.Dataset:
    """The dataset of results (``Article`` or ``Failure`` rows) for ``paths``; lazy.

    Args:
        workers: actors in the pool, each reserving one CPU; default: one per CPU of the
            cluster. Read and write tasks reserve none (see :data:`IO_CPUS`).
    """
    if workers is None:
        workers = max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
    return read_dataset(paths, settings=settings, concurrency=workers).map_batches(
        Extract,
        fn_constructor_kwargs={"settings": settings},
        batch_size=settings.batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )


def stream(dataset: ray.data.Dataset) -> Iterator[Article | Failure]:
    """The results of ``dataset`` on the driver, a block at a time (not in input order)."""
    for block in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
        yield from from_block(block)


def write(dataset: ray.data.Dataset, out: str, **about: Any) -> Written:
    """Write ``dataset``'s results to ``out`` (:mod:`.tables`), replacing a previous run's."""
    clear(out)
    sink = TablesSink(out, about)
    dataset.write_datasink(sink, ray_remote_args={"num_cpus": IO_CPUS})
    assert sink.written is not None
    return sink.written


class TablesSink(Datasink[Written]):  # type: ignore[misc, unused-ignore]  # Any without ray
    """Writes each block's results as the store's tables; the manifest once all are in."""

    def __init__(self, out: str, about: dict[str, Any]) -> None:
        self.out = out
        self.about = about
        self.run = uuid.uuid4().hex[:12]
        self.written: Written | None = None

    @property
    def min_rows_per_write(self) -> int:
        return FILE_ROWS

    def write(self, blocks: Iterable[Block], ctx: Any) -> Written:
        results = [r for block in blocks for r in from_block(block)]
        return write_batch(results, self.out, name=f"part-{self.run}-{ctx.task_idx:06d}")

    def on_write_complete(self, write_result: WriteResult[Written]) -> None:
        returns = write_result.write_returns
        self.written = Written(sum(w.articles for w in returns), sum(w.failures for w in returns))
        finish(self.out, self.written, run=self.run, **self.about)
