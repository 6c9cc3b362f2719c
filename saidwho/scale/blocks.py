"""Records between the Ray stages: one Arrow row per record, its type and its msgpack bytes.

A fixed two-column schema keeps every block alike (Arrow infers nothing from the records,
so an all-null field in one block cannot clash with a string in the next), and msgspec
decodes each record back exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
import pyarrow as pa

from saidwho.records import Article, Failure, RawDoc

Record = RawDoc | Article | Failure

SCHEMA = pa.schema([("kind", pa.string()), ("data", pa.binary())])
_TYPES: dict[str, type[Any]] = {t.__name__: t for t in (RawDoc, Article, Failure)}
_DECODERS = {name: msgspec.msgpack.Decoder(t) for name, t in _TYPES.items()}
_ENCODER = msgspec.msgpack.Encoder()


def to_block(records: Sequence[Record]) -> pa.Table:
    """An Arrow table of ``records``, in order."""
    kinds = [type(r).__name__ for r in records]
    return pa.table(
        [pa.array(kinds, pa.string()), pa.array(map(_ENCODER.encode, records), pa.binary())], schema=SCHEMA
    )


def from_block(block: pa.Table) -> list[Any]:
    """The records of a block made by :func:`to_block`, in order."""
    kinds = block.column("kind").to_pylist()
    datas = block.column("data").to_pylist()
    return [_DECODERS[k].decode(d) for k, d in zip(kinds, datas, strict=True)]
