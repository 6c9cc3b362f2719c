"""The store reads and writes rows; the claims policy lives in saidwho/claims (issue 26)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

STORE = Path(__file__).resolve().parent.parent / "saidwho" / "store"
# What the store may not import: claims policy, the models and what runs them.
FORBIDDEN = (
    "saidwho.claims",
    "saidwho.attribution.model",
    "saidwho.train",
    "onnxruntime",
    "tokenizers",
    "torch",
)


def imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


@pytest.mark.parametrize("path", sorted(STORE.glob("*.py")), ids=lambda p: p.name)
def test_the_store_imports_no_model_or_policy(path: Path) -> None:
    bad = [m for m in imports(path) if m.startswith(FORBIDDEN)]
    assert not bad, f"saidwho/store/{path.name} imports {bad}"


def test_one_function_decides_a_statements_stance() -> None:
    """Ingest and boards both call saidwho.claims.decide.decide, and nothing else decides."""
    claims = STORE.parent / "claims"
    callers = {p.name for p in claims.glob("*.py") if "decide(" in p.read_text(encoding="utf-8")}
    assert {"update.py", "board.py"} <= callers
    assert not any("statement_stance(" in p.read_text(encoding="utf-8") for p in claims.glob("*.py"))
