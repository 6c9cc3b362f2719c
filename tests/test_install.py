"""What a fresh install needs: every imported package declared, a broken one named in one line."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "saidwho"
# Imported only by `saidwho train` and its helpers, declared in the [train] extra.
TRAIN_ONLY = PACKAGE / "train"
# Imported only by --engine ray (and --format parquet), declared in the [ray] extra.
RAY_ONLY = PACKAGE / "scale"


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _imported(files: list[Path]) -> tuple[set[str], set[str]]:
    """Top-level modules the files import, outside the standard library and saidwho: those
    imported when the module loads, and those imported lazily inside a function."""
    eager: set[str] = set()
    lazy: set[str] = set()

    def visit(node: ast.AST, into: set[str]) -> None:
        if isinstance(node, ast.Import):
            into.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            into.add(node.module.split(".")[0])
        inner = lazy if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else into
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    for file in files:
        visit(ast.parse(file.read_text(), str(file)), eager)
    keep = lambda names: {n for n in names if n not in sys.stdlib_module_names and n != "saidwho"}  # noqa: E731
    return keep(eager), keep(lazy)


def _undeclared(modules: set[str], declared: set[str]) -> dict[str, set[str]]:
    found = packages_distributions()
    dists = {m: {d.lower().replace("_", "-") for d in found.get(m, [])} for m in modules}
    return {m: d for m, d in dists.items() if not d & declared}


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = _requirement_names(project["dependencies"])
    return core, core | _requirement_names(project["optional-dependencies"]["train"])


def _files(*, training: bool) -> list[Path]:
    return [
        f
        for f in sorted(PACKAGE.rglob("*.py"))
        if (TRAIN_ONLY in f.parents) == training and RAY_ONLY not in f.parents
    ]


def test_install_modules_import_only_declared_dependencies_when_they_load():
    eager, _ = _imported(_files(training=False))
    assert not _undeclared(eager, _declared()[0]), "imported but not in [project] dependencies"


def test_install_training_imports_are_in_the_train_extra():
    pytest.importorskip("torch", reason="the [train] extra is not installed: pip install -e '.[train]'")
    _, lazy = _imported(_files(training=False))
    training = set().union(*_imported(_files(training=True)))
    undeclared = _undeclared(lazy | training, _declared()[1])
    assert not undeclared, "imported but in neither dependencies nor [train]"


def test_install_core_dependencies_hold_no_torch():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "torch" not in _requirement_names(project["dependencies"])


@pytest.mark.slow
def test_install_missing_html_cleaner_is_one_line_naming_the_fix(tmp_path):
    """As with pip < 24, which leaves jusText's lxml_html_clean out: one line, no traceback."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>Officials said the bridge will close.</p></article></body></html>"
    )
    run = (
        "import sys; sys.modules['lxml_html_clean'] = None; "
        "from saidwho.cli import main; sys.argv = ['saidwho', 'extract', sys.argv[1]]; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", run, str(page)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "lxml_html_clean" in line and "pip install" in line


def test_install_train_without_the_extra_names_the_install_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from saidwho.cli import cli

    monkeypatch.setitem(sys.modules, "torch", None)  # as where the [train] extra is absent
    result = CliRunner().invoke(
        cli, ["train", "tagger", "--data", str(tmp_path), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "torch is missing" in result.output and "pip install -e '.[train]'" in result.output


def test_install_ray_engine_imports_are_in_the_ray_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = _declared()[0] | _requirement_names(project["optional-dependencies"]["ray"])
    eager, lazy = _imported(sorted(RAY_ONLY.rglob("*.py")))
    pytest.importorskip("ray", reason="the [ray] extra is not installed: pip install -e '.[ray]'")
    assert not _undeclared(eager | lazy, declared), "imported by saidwho/scale but not in [ray]"
