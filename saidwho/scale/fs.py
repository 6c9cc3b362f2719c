"""Where a path lives: the local disk, or any filesystem ``pyarrow.fs`` reaches by URI
(``s3://``, ``gs://``, ``hdfs://``, ``abfs://``). Inputs and output tables both ask here."""

from __future__ import annotations

import os

import pyarrow.fs as pafs


def filesystem(path: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem holding ``path`` and the path as that filesystem spells it: a URI's
    own, or a local path made absolute."""
    if "://" in path:
        fs, where = pafs.FileSystem.from_uri(path)
        return fs, str(where)
    return pafs.LocalFileSystem(), os.path.abspath(path)
