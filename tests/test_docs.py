"""The docs match the code: the CLI reference, the output schema, the figures, the links."""

import importlib.util
import re
import sys
import typing
from pathlib import Path
from types import ModuleType

import click
import msgspec
import pytest
from click.testing import CliRunner

from saidwho.cli import cli
from saidwho.records import Article, Attribution, Content, Kind, Span, Speaker, SpeakerType
from saidwho.settings import Settings

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_MD = (DOCS / "cli.md").read_text(encoding="utf-8")
OUTPUT_MD = (DOCS / "output.md").read_text(encoding="utf-8")
PAGES = [
    ROOT / "README.md",
    ROOT / "bench" / "README.md",
    ROOT / "saidwho" / "models" / "MODEL.md",
    *sorted(DOCS.glob("*.md")),
]


def _script(path: Path) -> ModuleType:
    """Import a script that is not in a package (docs/gen_cli.py, bench/report.py)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up while the body runs
    spec.loader.exec_module(module)
    return module


def _section(text: str, heading: str) -> str:
    """The text under ``heading`` (a whole line), up to the next heading of its level or above."""
    level = heading.split(" ", 1)[0]
    match = re.search(rf"^{re.escape(heading)}\n(.*?)(?=^#{{1,{len(level)}}} |\Z)", text, re.M | re.S)
    assert match, f"no {heading!r} heading"
    return match.group(1)


# CLI reference ----------------------------------------------------------------------------


def test_docs_cli_reference_is_generated_from_help_and_current():
    gen_cli = _script(DOCS / "gen_cli.py")
    assert gen_cli.render() == CLI_MD, "docs/cli.md is stale. Run: python docs/gen_cli.py"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_every_command_and_option_is_in_the_cli_reference(name):
    command = cli.commands[name]
    assert command.help and "Example:" in command.help
    section = _section(CLI_MD, f"## saidwho {name}")
    for param in command.params:
        names = [param.human_readable_name] if isinstance(param, click.Argument) else param.opts
        for opt in [*names, *param.secondary_opts]:
            assert opt in section, f"saidwho {name} {opt} is not in docs/cli.md"


def test_docs_every_setting_names_its_environment_variable():
    for field in Settings.__struct_fields__:
        assert f"SAIDWHO_{field.upper()}" in CLI_MD, field


# Output schema ----------------------------------------------------------------------------


@pytest.mark.parametrize("record", [Article, Attribution, Content, Speaker, Span])
def test_docs_output_has_one_row_per_field(record: type[msgspec.Struct]):
    section = _section(OUTPUT_MD, f"## {record.__name__}")
    rows = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert sorted(rows) == sorted(record.__struct_fields__)


@pytest.mark.parametrize("values", [Kind, SpeakerType])
def test_docs_output_names_every_kind_and_speaker_type(values):
    for value in typing.get_args(values):
        assert f"`{value}`" in OUTPUT_MD, value


# The layout in docs/design.md -------------------------------------------------------------


def _design_layout() -> dict[str, str]:
    """docs/design.md's layout: each entry (``saidwho/claims/``) and its text, wrapped lines joined."""
    section = _section((DOCS / "design.md").read_text(encoding="utf-8"), "## The pipeline")
    layout: dict[str, str] = {}
    entry = ""
    for line in section.splitlines():
        if line.startswith("    ") and not line.startswith("     "):
            entry, _, text = line[4:].partition(" ")
            layout[entry] = text.strip()
        elif line.startswith("     ") and entry:
            layout[entry] += " " + line.strip()
    return layout


def _folders(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir() and p.name != "__pycache__")


def test_docs_design_names_every_package_folder_and_module():
    layout = _design_layout()
    package = ROOT / "saidwho"
    for folder in _folders(package):
        entry = f"saidwho/{folder.name}/"
        assert entry in layout, f"docs/design.md's layout lacks {entry}"
        for inner in _folders(folder):
            assert f"{inner.name}/" in layout[entry], f"docs/design.md: {entry} does not name {inner.name}/"
    for module in sorted(package.glob("*.py")):
        if module.name != "__init__.py":
            assert module.name in layout["saidwho/*.py"], f"docs/design.md's layout lacks {module.name}"
    for entry in layout:
        if entry.startswith("saidwho/") and entry.endswith("/"):
            assert (ROOT / entry).is_dir(), f"docs/design.md names {entry}, which is gone"


# Links and figures ------------------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_relative_links_point_to_existing_files_and_headings(page: Path):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # http(s), mailto: not checked offline
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.exists(), f"{page.name}: link to missing {target}"
        if anchor and resolved.suffix == ".md":
            where = path or page.name
            assert anchor in _anchors(resolved), f"{page.name}: no heading for #{anchor} in {where}"


def test_docs_figure_tables_are_current():
    report = _script(ROOT / "bench" / "report.py")
    results = report.load(report.RESULTS)
    for target in report.TARGETS:
        want = report.block(target.render(results), target.name)
        assert report.current_block(ROOT / target.path, target.name) == want, (
            f"{target.path} ({target.name or 'figures'}): differs from bench/results. "
            "Run: python bench/report.py"
        )


def test_docs_benchmarks_lists_every_floor_the_check_holds():
    report = _script(ROOT / "bench" / "report.py")
    results = report.load(report.RESULTS)
    floors = _section((DOCS / "benchmarks.md").read_text(encoding="utf-8"), "## Floors")
    listed = re.findall(r"^\| (.+?) \| at (?:least|most) ", floors, re.M)
    assert listed == [f.label for f in report.floors_for(results)]
    lines = [line for _, line in report.check(results)]
    assert len(lines) == len(listed) and all(label in line for label, line in zip(listed, lines, strict=True))


def test_docs_model_card_quotes_the_shipped_model_json():
    card = (ROOT / "saidwho" / "models" / "MODEL.md").read_text(encoding="utf-8")
    shipped = msgspec.json.decode((ROOT / "saidwho" / "models" / "tagger" / "model.json").read_bytes())
    source, cue, content = shipped["o_bias"]
    assert f"source {source}, cue {cue}, content {content}" in card  # the decoding offsets
    assert f"{shipped['train_minutes']} minutes" in card
    assert f"{len(shipped['reporting_words'])} forms" in card
    assert f"{shipped['train_articles']} articles" in card and f"{shipped['train_windows']:,} windows" in card


def test_docs_bench_readme_lists_every_script():
    listed = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    for script in sorted((ROOT / "bench").glob("*.py")):
        assert f"`{script.name}`" in listed, f"bench/README.md does not list {script.name}"
    for name in re.findall(r"^\| `(\w+\.py)` \|", listed, re.M):
        assert (ROOT / "bench" / name).is_file(), f"bench/README.md lists {name}, which is not in bench/"


TICKET = re.compile(r"\b[Ii]ssues? #?\d")


def test_docs_no_ticket_numbers_outside_the_experiment_log():
    """Comments and docs say why; which ticket asked is history, kept in docs/experiments.md."""
    files = [
        *sorted(ROOT.glob("saidwho/**/*.py")),
        *sorted(ROOT.glob("tests/**/*.py")),
        *sorted(ROOT.glob("bench/*.py")),
        *(page for page in PAGES if page.name != "experiments.md"),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TICKET.search(line)
    ]
    assert not found, f"ticket numbers outside docs/experiments.md: {found}"


def test_docs_readme_fits_on_a_few_screens():
    assert len(README.splitlines()) <= 200, "README.md: move tables to docs/benchmarks.md"


def test_docs_readme_quotes_no_history():
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", README, flags=re.S)  # a --since date is no history
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", prose), "dates belong in docs/experiments.md"
    assert not re.search(r"commit `?[0-9a-f]{7}\b", README), "commits belong in docs/experiments.md"
    assert "../shared" not in README


def test_docs_readme_table_session_is_what_extract_prints():
    session = README.split("$ saidwho extract saidwho/data/example_article.txt --format table -q\n", 1)[1]
    shown = session.split("\n```", 1)[0]
    result = CliRunner().invoke(
        cli, ["extract", str(ROOT / "saidwho/data/example_article.txt"), "--format", "table", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n") == shown


def test_docs_readme_claim_session_is_what_ingest_and_claim_print(tmp_path, monkeypatch):
    """Run from the repository root as the README shows it; the store goes to ``tmp_path``."""
    ingest = "$ saidwho ingest tests/data/claims/baghdadi.jsonl --db claims.duckdb\n"
    ingested, claim, *shown = README.split(ingest, 1)[1].split("\n```", 1)[0].splitlines()
    assert claim == '$ saidwho claim "Baghdadi is hiding in Mosul" --db claims.duckdb | head -4'
    data = ROOT / "tests" / "data" / "claims" / "baghdadi.jsonl"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["ingest", str(data), "--db", "claims.duckdb"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [ingested]
    result = CliRunner().invoke(cli, ["claim", "Baghdadi is hiding in Mosul", "--db", "claims.duckdb"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == shown


# The README's two commands, as CI runs them -----------------------------------------------


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
    ci = (ROOT / ".ci" / "run").read_text()
    assert "README.md" in ci and "## Two commands" in ci
    assert "pip install" not in ci and "-m pip" not in ci  # every Python install step is the README's
    assert "apt-get update && apt-get install -y chromium" in README  # the step CI adds is named
