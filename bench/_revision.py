"""Which saidwho a benchmark measures: the checkout, or ``--at REV`` (a clean export of a revision).

``--at REV`` exports ``saidwho/`` as of ``REV`` (``git archive``, so other people's uncommitted
edits in the checkout are left out) and runs the same script again in a child process with
that export first on ``PYTHONPATH``; the bench scripts and their data stay the checkout's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from _common import ROOT

_ENV = "SAIDWHO_BENCH_REV"


def export(rev: str, into: Path) -> str:
    """``saidwho/`` as of ``rev``, unpacked under ``into`` (``git archive``); the short commit."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    archive = into / "saidwho.tar"
    subprocess.run(["git", "archive", "-o", str(archive), commit, "saidwho"], cwd=ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return commit


def rerun_at(rev: str | None) -> None:
    """With ``rev``, run this script again on saidwho as of ``rev`` and exit with its status."""
    if rev is None or os.environ.get(_ENV):
        return
    with tempfile.TemporaryDirectory() as tmp:
        commit = export(rev, Path(tmp))
        env = {**os.environ, "PYTHONPATH": tmp, _ENV: commit}
        code = subprocess.run([sys.executable, *sys.argv], env=env).returncode
    sys.exit(code)


def measured() -> dict[str, Any]:
    """The revision measured, and whether the checkout's saidwho/ had uncommitted changes."""
    if rev := os.environ.get(_ENV):
        return {"rev": rev, "uncommitted_changes": False}
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "saidwho"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {"rev": head or None, "uncommitted_changes": bool(status.strip())}
