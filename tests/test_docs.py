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


def _two_commands() -> list[str]:
    """The indented lines under "## Two commands", as .ci/run reads them."""
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [line[4:] for line in section.splitlines() if line.startswith("    ") and line[4:5] != " "]


def test_docs_readme_two_commands_set_up_without_torch_then_test():
    setup, tests = _two_commands()
    assert setup.startswith("python3 -m venv .venv") and "pip install -e . " in setup
    assert "[train]" not in setup and "saidwho extract saidwho/data/example_article.txt" in setup
    assert "python -m pytest -q" in tests


def test_docs_ci_runs_the_readme_commands_and_installs_nothing_else():
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert "README.md" in ci and "## Two commands" in ci
    assert "pip install" not in ci and "-m pip" not in ci  # every Python install step is the README's
