"""What every benchmark records beside its figures: split, commit, machine."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = Path(os.environ.get("SAIDWHO_POLNEAR", ROOT.parent / "shared" / "data" / "polnear"))
RESULTS = ROOT / "bench" / "results"


def context(split: str) -> dict[str, Any]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return {"split": split, "commit": commit or None, "machine": platform.machine(),
            "cpus": os.cpu_count(), "python": platform.python_version()}


def write(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path
