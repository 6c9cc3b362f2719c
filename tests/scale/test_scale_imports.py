"""The default commands never import Ray; without the [ray] extra, --engine ray says what to install."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from saidwho.cli import cli


@pytest.mark.slow
def test_scale_default_commands_import_no_ray(tmp_path):
    """extract and ingest on the local engine never import Ray (nor pyarrow)."""
    article = tmp_path / "a.txt"
    article.write_text('"We are ready," said Jane Roe, a city spokeswoman.\n', encoding="utf-8")
    script = (
        "import sys; from click.testing import CliRunner; from saidwho.cli import cli; "
        "a, db = sys.argv[1:]; "
        "r1 = CliRunner().invoke(cli, ['extract', a, '--format', 'jsonl', '-q']); "
        "r2 = CliRunner().invoke(cli, ['ingest', a, '--db', db, '-q']); "
        "top = {m.split('.')[0] for m in sys.modules}; "
        "print(r1.exit_code, r2.exit_code, sorted(top & {'ray', 'pyarrow'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(article), str(tmp_path / "s.duckdb")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stdout.split("\n")[-2] == "0 0 []", done.stderr


def test_scale_engine_ray_without_the_extra_names_the_install_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as where the [ray] extra is absent
    for name in [m for m in sys.modules if m == "saidwho.scale" or m.startswith("saidwho.scale.")]:
        monkeypatch.delitem(sys.modules, name)  # a fresh import, as in a new process
    (tmp_path / "a.txt").write_text("Officials said the bridge will close.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "a.txt"), "--engine", "ray"])
    assert result.exit_code == 1
    assert "pip install 'saidwho[ray]'" in result.output and "Traceback" not in result.output
