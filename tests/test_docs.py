"""The README documents every command, option and output field."""

from pathlib import Path

import pytest

from saidwho.cli import cli
from saidwho.records import Article, Attribution, Speaker

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_every_command_is_documented_with_help(name):
    command = cli.commands[name]
    assert f"saidwho {name}" in README
    assert command.help and "Example:" in command.help
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt not in ("--help", "--verbose", "--quiet"):
                assert opt in README, f"{name} {opt} is not in the README"


@pytest.mark.parametrize("record", [Article, Attribution, Speaker])
def test_docs_every_output_field_is_documented(record):
    for field in record.__struct_fields__:
        assert f"`{field}`" in README or f"{field}," in README or f", {field}" in README, field


def test_docs_readme_test_command_is_what_ci_runs():
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert "python -m pytest -q" in README and "python -m pytest -q" in ci
