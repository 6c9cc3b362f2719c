"""Each level in its room: the store reads and writes rows, importing no model, parse or
corpus policy (canonical speakers and claims live in saidwho/corpus and saidwho/claims)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

STORE = Path(__file__).resolve().parent.parent / "saidwho" / "store"
# What the store may not import: the levels above and beside it, the models and what runs them.
FORBIDDEN = (
    "saidwho.claims",
    "saidwho.corpus",
    "saidwho.resolve",
    "saidwho.attribution",
    "saidwho.nlp",
    "saidwho.train",
    "spacy",
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
    bad = [m for m in imports(path) if m == "saidwho" or m.startswith(FORBIDDEN)]
    assert not bad, f"saidwho/store/{path.name} imports {bad}"


def test_a_store_keeping_speakers_only_loads_no_model_or_parser(tmp_path: Path) -> None:
    """What the store tests' fixture opens: canonical speakers kept, no claims, so the store
    tests need neither the ONNX files nor spaCy."""
    code = (
        "import sys\n"
        "from builders import make_article\n"
        "from saidwho.corpus import open_store\n"
        f"with open_store({str(tmp_path / 's.duckdb')!r}, claims=False) as store:\n"
        "    store.add([make_article('Ash Carter said it works.', [('Ash Carter', 'said', 'it works')])])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'onnxruntime', 'spacy', 'tokenizers'})\n"
        "assert not loaded, loaded\n"
    )
    tests = Path(__file__).resolve().parent
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tests)


def test_one_function_decides_a_statements_stance() -> None:
    """Ingest and boards both call saidwho.claims.decide.decide, and nothing else decides."""
    claims = STORE.parent / "claims"
    callers = {p.name for p in claims.glob("*.py") if "decide(" in p.read_text(encoding="utf-8")}
    assert {"update.py", "board.py"} <= callers
    assert not any("statement_stance(" in p.read_text(encoding="utf-8") for p in claims.glob("*.py"))


PACKAGE = STORE.parent


def test_one_function_makes_every_model_session() -> None:
    """saidwho.onnx.session: one place where sessions are made, with one thread policy."""
    makers = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py") if "InferenceSession(" in p.read_text()]
    assert makers == [Path("onnx.py")]


def test_the_model_threads_setting_is_read_in_settings_only() -> None:
    named = [
        p.relative_to(PACKAGE)
        for p in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value == "SAIDWHO_MODEL_THREADS"
    ]
    assert named == [Path("settings.py")]
