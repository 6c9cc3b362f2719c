"""Inputs -> a Ray Data dataset of ``RawDoc`` rows, read by saidwho's own readers.

Files and folders of .txt, .html, .warc and .jsonl (each also gzipped) are read as the local
engine reads them (:func:`saidwho.ingest.read_stream`: the format from the name, checked
against the content), one read task per file, streaming: a 1 GB WARC.gz is never in memory.
Parquet files of ``{text|html, url, title, published, ...}`` rows are read a row group at a
time, each row as a JSONL line is read (source ``file.parquet:ROW``). Paths are local or any
URI that ``pyarrow.fs`` reaches (``s3://``, ``gs://``, ``hdfs://``, ``abfs://``).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, NamedTuple

import msgspec
import pyarrow as pa
import pyarrow.fs as pafs
import ray.data
from ray.data.datasource import FileBasedDatasource

from saidwho.errors import InputError
from saidwho.ingest import STDIN, format_of, read_stream
from saidwho.ingest.decode import failure
from saidwho.ingest.jsonl import JsonlDoc, _to_raw
from saidwho.records import Failure, RawDoc
from saidwho.scale.blocks import to_block
from saidwho.scale.fs import filesystem
from saidwho.settings import Settings

PARQUET = ".parquet"


class Inputs(NamedTuple):
    """What :func:`list_inputs` found: files per filesystem, and paths that failed."""

    files: list[tuple[pafs.FileSystem, list[str]]]
    # (path as the filesystem spells it, path as the user gave it): sources are named as
    # the local engine names them, ``dir/a.txt`` rather than ``/home/me/dir/a.txt``.
    roots: list[tuple[str, str]]
    failures: list[Failure]


def list_inputs(paths: Sequence[str]) -> Inputs:
    """Walk ``paths`` on the driver (names only): folders recursively, in sorted order,
    keeping known extensions and ``.parquet``; a named file is read whatever its name."""
    found = Inputs([], [], [])
    for path in paths:
        if path == STDIN:
            found.failures.append(
                Failure(source=path, message="-: a cluster cannot read stdin. Pass files or folders.")
            )
            continue
        fs, where = filesystem(path)
        info = fs.get_file_info(where)
        if info.type == pafs.FileType.NotFound:
            found.failures.append(
                Failure(source=path, message=f"{path}: no such file or directory. Check the path.")
            )
        elif info.type == pafs.FileType.Directory:
            selector = pafs.FileSelector(where, recursive=True)
            files = sorted(
                i.path for i in fs.get_file_info(selector) if i.type == pafs.FileType.File and _known(i.path)
            )
            _files_on(found, fs).extend(files)
            found.roots.append((where.rstrip("/"), path.rstrip("/")))
        else:
            _files_on(found, fs).append(where)
            found.roots.append((where, path))
    return found


def _files_on(found: Inputs, fs: pafs.FileSystem) -> list[str]:
    for known, files in found.files:
        if known.equals(fs):
            return files
    found.files.append((fs, []))
    return found.files[-1][1]


def _known(path: str) -> bool:
    return format_of(path) is not None or path.lower().endswith(PARQUET)


def read_dataset(paths: Sequence[str], *, settings: Settings, concurrency: int) -> ray.data.Dataset:
    """A dataset of :mod:`~saidwho.scale.blocks` rows, a ``RawDoc`` or ``Failure`` each,
    read by at most ``concurrency`` tasks at a time, each reserving no CPU (see
    :data:`saidwho.scale.engine.IO_CPUS`)."""
    found = list_inputs(paths)
    parts = [
        ray.data.read_datasource(
            ArticleFiles(files, roots=found.roots, filesystem=fs, settings=settings),
            override_num_blocks=len(files),
            num_cpus=0,
            concurrency=concurrency,
        )
        for fs, files in found.files
    ]
    if found.failures:
        parts.append(ray.data.from_arrow(to_block(found.failures)))
    dataset: ray.data.Dataset = ray.data.from_arrow(to_block([])) if not parts else parts[0]
    return dataset.union(*parts[1:]) if len(parts) > 1 else dataset


class ArticleFiles(FileBasedDatasource):  # type: ignore[misc, unused-ignore]  # Any without ray
    """Reads each file with saidwho's reader for it; yields a block per ``batch_size`` records."""

    def __init__(
        self,
        files: list[str],
        *,
        roots: list[tuple[str, str]],
        filesystem: pafs.FileSystem,
        settings: Settings,
    ) -> None:
        super().__init__(files, filesystem=filesystem)
        self._roots = roots
        self._settings = settings

    def resolve_compression(self, path: str, open_args: dict[str, Any]) -> str | None:
        """None: the readers see the file's own bytes and tell gzip by its content, as locally
        (warc.py decompresses a WARC.gz itself, record by record, to notice a truncation)."""
        return None

    def _open_input_source(self, filesystem: Any, path: str, **open_args: Any) -> Any:
        if path.lower().endswith(PARQUET):  # the footer is at the end: random access
            return filesystem.open_input_file(path)
        return super()._open_input_source(filesystem, path, **open_args)

    def _read_stream(self, f: Any, path: str) -> Iterator[pa.Table]:
        source = self._source(path)
        if path.lower().endswith(PARQUET):
            items = parquet_rows(f, source, settings=self._settings)
        else:
            stream = io.BufferedReader(_Raw(f))
            items = read_stream(stream, source, settings=self._settings, named=format_of(path))
        while chunk := list(islice(items, self._settings.batch_size)):
            yield to_block(chunk)

    def _source(self, path: str) -> str:
        for resolved, given in self._roots:
            if path == resolved or path.startswith(resolved + "/"):
                return given + path[len(resolved) :]
        return path


class _Raw(io.RawIOBase):
    """A pyarrow input stream as a Python raw stream, for ``io.BufferedReader`` (``peek``)."""

    def __init__(self, f: Any) -> None:
        super().__init__()
        self._f = f

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._f.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def parquet_rows(f: Any, source: str, *, settings: Settings) -> Iterator[RawDoc | Failure]:
    """A ``RawDoc`` per row of a Parquet file of articles, a row group at a time."""
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(f)
    except (pa.ArrowInvalid, OSError) as exc:
        yield Failure(source=source, message=f"{source}: not a Parquet file ({exc}). Check the file.")
        return
    if not {"text", "html"} & set(table.schema_arrow.names):
        yield Failure(
            source=source,
            message=f"{source}: no text or html column. Name the column of plain text text, of markup html.",
        )
        return
    number = 0
    for batch in table.iter_batches(batch_size=settings.batch_size):
        for row in batch.to_pylist():
            number += 1
            yield _row_doc(row, f"{source}:{number}")


def _row_doc(row: dict[str, Any], source: str) -> RawDoc | Failure:
    published = row.get("published")
    if isinstance(published, datetime.datetime):
        row["published"] = published.date().isoformat()
    elif isinstance(published, datetime.date):
        row["published"] = published.isoformat()
    try:
        return _to_raw(msgspec.convert(row, JsonlDoc), None, source)
    except msgspec.ValidationError as exc:
        return Failure(source=source, message=f"{source}: {exc}. Fix or remove the row.")
    except InputError as exc:
        return failure(exc)
