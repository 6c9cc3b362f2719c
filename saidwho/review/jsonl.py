"""Corrections from JSONL (``saidwho review apply``): one :class:`Correction` a line, read in
batches; a line that is not one is reported with what to do, and the rest go on."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

import msgspec

from saidwho.review.records import Correction

Batch = list[tuple[int, Correction]]


def read_corrections(path: str, *, batch_size: int = 100) -> Iterator[tuple[Batch, list[str]]]:
    """Batches of (line number, correction) from ``path`` (``-``: stdin), each with the
    messages of the bad lines read since the last batch."""
    decoder = msgspec.json.Decoder(Correction)
    batch: Batch = []
    errors: list[str] = []
    with nullcontext(sys.stdin) if path == "-" else Path(path).open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                batch.append((number, decoder.decode(line)))
            except msgspec.DecodeError as exc:
                errors.append(f"{path}:{number}: {exc}. Fix the line (docs/review.md lists the fields).")
            if len(batch) >= batch_size:
                yield batch, errors
                batch, errors = [], []
    if batch or errors:
        yield batch, errors
