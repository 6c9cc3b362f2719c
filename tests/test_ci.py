""".ci/run: after the README's two commands, the checks that can fail a change which the tests
pass (figures under their floors, accuracy end to end, formatting, lint)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from saidwho.evaluate import ROLES, Counts, Scores

ROOT = Path(__file__).parent.parent
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
CHECKS = [
    "python bench/report.py --check",
    "python bench/accuracy.py --check",
    "ruff format --check",
    "ruff check",
]


def test_ci_runs_the_checks_in_the_venv_after_the_readme_commands() -> None:
    after = CI.split('bash -eo pipefail -c "${steps[1]}"', 1)[1]
    assert ". .venv/bin/activate" in after
    at = [after.find(f'"{check}"') for check in CHECKS]
    assert -1 not in at and at == sorted(at), f".ci/run lacks or reorders {CHECKS}"
    assert after.find(". .venv/bin/activate") < at[0]


def _accuracy() -> ModuleType:
    sys.path.insert(0, str(ROOT / "bench"))  # accuracy.py imports its neighbour _common
    try:
        spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "bench"))


def _scores(f1: float) -> Scores:
    """Scores whose every F1 is ``f1`` (one in a hundred pieces right per point)."""
    right = round(f1 * 100)
    cell = lambda: Counts(tp_pred=right, tp_gold=right, pred=100, gold=100)  # noqa: E731
    return Scores(exact={r: cell() for r in ROLES}, attribution=cell())


def test_ci_accuracy_check_fails_a_figure_under_its_floor() -> None:
    accuracy = _accuracy()
    assert accuracy.CHECK_FLOORS and all(0.5 < f < 0.9 for f in accuracy.CHECK_FLOORS.values())
    assert [ok for ok, _ in accuracy.check(_scores(0.9))] == [True] * len(accuracy.CHECK_FLOORS)
    lines = accuracy.check(_scores(0.7))  # over the content floor, under the others
    assert [ok for ok, _ in lines] == [False, False, True, False]
    assert lines[0][1].startswith("UNDER    model exact source F1, first 20 dev articles: 0.7 < floor 0.82")
