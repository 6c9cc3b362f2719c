"""Every default and override; the only place configuration is read.

Precedence: explicit arguments (CLI flags) beat ``SAIDWHO_*`` environment variables, which
beat ``saidwho.toml`` in the working directory, which beats the defaults below.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal, get_args

import msgspec

from saidwho.errors import UsageError

ExtractorName = Literal["model", "rules"]
# The registry's names; saidwho.attribution.get_extractor maps each to its class.
EXTRACTORS: tuple[ExtractorName, ...] = get_args(ExtractorName)


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Run-wide settings, loaded once and passed down."""

    extractor: ExtractorName = "model"
    # Documents per nlp.pipe batch: 16 balanced memory and throughput on PolNeAR dev
    # (articles average ~700 words).
    batch_size: int = 16
    jobs: int = 1
    # Inputs larger than this are refused rather than risking memory on a 2-core laptop;
    # the largest PolNeAR article is ~60 kB, real news pages rarely exceed 2 MB of HTML.
    max_bytes: int = 20_000_000
    # Characters spaCy parses at once: a longer text is parsed in paragraph-aligned pieces
    # (saidwho.nlp.parse), a batch holds at most this many. The parse takes ~3.4 MB per
    # 1,000 characters, so 100,000 bound it near 350 MB; every PolNeAR article (at most
    # ~60 kB) is still parsed whole.
    parse_chars: int = 100_000
    db: str = "saidwho.duckdb"
    # `saidwho serve` accepts writes (POST /api/articles) only with this bearer token; unset
    # (the default), the web app is read-only.
    token: str | None = None


def usable_cores() -> int:
    """CPU cores this process may run on: its CPU affinity where the system has one (a
    container or ``taskset`` may allow fewer than the machine has), else every core."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# Threads an ONNX model may use, when set: each --jobs worker and each Ray actor sets its
# share of the cores here (share_model_threads), so that N processes do not each take them all.
MODEL_THREADS = "SAIDWHO_MODEL_THREADS"


def model_threads(*, reserve: int = 0) -> int:
    """Threads for a model's session: ``SAIDWHO_MODEL_THREADS`` when set, else every usable
    core but ``reserve`` (the ones other work runs on beside it), at least one."""
    env = os.environ.get(MODEL_THREADS)
    return int(env) if env else max(1, usable_cores() - reserve)


def train_threads() -> int:
    """Torch threads for training the stance model: ``SAIDWHO_TRAIN_THREADS``, else one (on
    2 cores shared with other work, two threads ran a batch 4x slower than one: they wait on
    each other; set more on a free machine)."""
    return int(os.environ.get("SAIDWHO_TRAIN_THREADS", "1"))


def share_model_threads(threads: int) -> None:
    """In a worker process: its models use ``threads`` threads, unless the user chose."""
    os.environ.setdefault(MODEL_THREADS, str(threads))


def _from_env() -> dict[str, Any]:
    fields = {
        f: os.environ[f"SAIDWHO_{f.upper()}"]
        for f in Settings.__struct_fields__
        if f"SAIDWHO_{f.upper()}" in os.environ
    }
    return fields


def load_settings(overrides: dict[str, Any] | None = None, *, toml: Path | None = None) -> Settings:
    """Merge defaults, ``saidwho.toml``, ``SAIDWHO_*`` variables and ``overrides``."""
    merged: dict[str, Any] = {}
    path = toml if toml is not None else Path("saidwho.toml")
    if path.is_file():
        with path.open("rb") as fh:
            merged.update(tomllib.load(fh).get("saidwho", {}))
    merged.update(_from_env())
    merged.update({k: v for k, v in (overrides or {}).items() if v is not None})
    if merged.get("extractor", "model") not in EXTRACTORS:
        choices = ", ".join(EXTRACTORS)
        raise UsageError(f"unknown extractor {merged['extractor']!r}. Choose one of: {choices}.")
    try:
        settings = msgspec.convert(merged, Settings, strict=False)
    except msgspec.ValidationError as exc:
        raise UsageError(f"invalid setting: {exc}. Check saidwho.toml and SAIDWHO_* variables.") from exc
    if settings.jobs < 1 or settings.batch_size < 1 or settings.parse_chars < 1:
        raise UsageError("jobs, batch_size and parse_chars must be at least 1.")
    return settings
