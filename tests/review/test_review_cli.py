"""``saidwho review`` (list, apply a JSONL, undo) and ``saidwho export --reviewed --format brat``
with ``saidwho eval`` over what it writes; kill -9 in the middle of a batch."""

import json
import os
import signal
import subprocess
import sys
import textwrap

import msgspec
import pytest
from builders import make_article
from click.testing import CliRunner

from saidwho.cli import cli
from saidwho.corpus import open_store
from saidwho.formats.brat import from_attributions, read_ann
from saidwho.store import queries
from saidwho.store.rows import store_key

TEXT = (
    "Ash Carter said ground troops would stay home for now. "
    "Critics said the policy had failed. A spokesman insisted the army was winning."
)
ARTICLE = make_article(
    TEXT,
    [
        ("Ash Carter", "said", "ground troops would stay home for now"),
        ("Critics", "said", "the policy had failed"),
    ],
    speakers={"Critics": {"type": "group", "named": False}},
    title="troops",
)
ARTICLE = msgspec.structs.replace(ARTICLE, source="troops.txt")
KEY = store_key(ARTICLE.id, None)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "review.duckdb"
    with open_store(path) as store:
        store.add([ARTICLE])
    return str(path)


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def jsonl(tmp_path, *lines):
    path = tmp_path / "fixes.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" if not isinstance(x, str) else x + "\n" for x in lines))
    return str(path)


def added_statement():
    cue, content = TEXT.index("insisted"), TEXT.index("the army")
    return {
        "article": KEY,
        "op": "add",
        "value": {
            "cue": {"start": cue, "end": cue + 8},
            "content": [{"start": content, "end": TEXT.index(" was winning") + 12}],
            "source": {"start": TEXT.index("A spokesman"), "end": TEXT.index("A spokesman") + 11},
            "speaker": {"name": "a spokesman", "anonymous": True},
        },
    }


def test_review_cli_apply_list_and_undo(db, tmp_path):
    path = jsonl(
        tmp_path,
        {"article": KEY, "op": "speaker", "attribution": "A2", "value": {"name": "Jane Roe"}},
        added_statement(),
        '{"article": 3}',
        {"article": KEY, "op": "delete", "attribution": "A7"},
    )
    result = run("review", "apply", path, "--db", db, "--reviewer", "Ana Reyes")
    assert result.exit_code == 1
    assert f"{path}:3: Expected `str`, got `int` - at `$.article`" in result.stderr
    assert f"refused: {path}:4: {KEY}: no statement 'A7'" in result.stderr
    assert "saidwho: 2 applied, 0 stale, 0 already standing, 2 refused" in result.stderr
    again = run("review", "apply", path, "--db", db, "--reviewer", "Ana Reyes")
    assert "0 applied, 0 stale, 2 already standing" in again.stderr
    listed = json.loads(run("review", "list", "--db", db, "--json").stdout)
    assert [(c["op"], c["reviewer"]) for c in listed["items"]] == [
        ("add", "Ana Reyes"),
        ("speaker", "Ana Reyes"),
    ]
    assert listed["items"][1]["machine"]["name"] == "Critics"
    statements = json.loads(run("statements", "Jane Roe", "--db", db, "--json").stdout)
    assert [s["content"] for s in statements["items"]] == ["the policy had failed"]
    table = run("top-speakers", "--db", db).stdout
    assert "Jane Roe" in table and "Critics" not in table
    first = str(listed["items"][1]["id"])
    undone = run("review", "undo", first, "--db", db, "--reviewer", "Bo")
    assert undone.exit_code == 0, undone.output
    assert "Critics" in run("top-speakers", "--db", db).stdout
    twice = run("review", "undo", first, "--db", db, "--reviewer", "Bo")
    assert "already undone" in twice.stderr and "saidwho: 0 undone" in twice.stderr
    history = run("review", "list", "--db", db, "--undone").stdout
    assert "undone" in history


def test_review_cli_export_reviewed_brat_scores_one_against_itself(db, tmp_path):
    run("review", "apply", jsonl(tmp_path, added_statement()), "--db", db, "--reviewer", "Ana")
    out = tmp_path / "gold"
    result = run("export", "--db", db, "--reviewed", "--format", "brat", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(out / "attributions" / "troops.ann")]
    with open_store(db, read_only=True) as store:
        reviewed = queries.article(store.con, KEY).article
    assert read_ann(out / "attributions" / "troops.ann") == from_attributions(reviewed.attributions)
    assert (out / "text" / "troops.txt").read_text(encoding="utf-8") == TEXT
    scores = json.loads(run("eval", str(out), "--pred", str(out / "attributions"), "--json").stdout)
    assert scores["attribution"]["f1"] == 1.0 and scores["documents"] == 1


def test_review_cli_export_reviewed_needs_brat(db, tmp_path):
    result = run("export", "--db", db, "--reviewed", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and "--reviewed writes BRAT gold: add --format brat." in result.stderr


KILLER = """
import os, signal, sys
from saidwho.store import corrections
from saidwho.cli import cli

finish, calls = corrections._finish, []
def killing_finish(*args, **kwargs):
    calls.append(1)
    if len(calls) == 2:  # the second batch's corrections are in its transaction, not committed
        os.kill(os.getpid(), signal.SIGKILL)
    return finish(*args, **kwargs)
corrections._finish = killing_finish
cli(sys.argv[1:])
"""


def test_review_cli_kill_9_mid_batch_loses_and_duplicates_nothing(db, tmp_path):
    names = [f"Person {c}" for c in "ABCDEF"]
    lines = [{"article": KEY, "op": "name", "speaker": "S1", "value": n} for n in names]
    path = jsonl(tmp_path, *lines)
    args = ["review", "apply", path, "--db", db, "--reviewer", "Ana", "--batch-size", "2"]
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLER), *args], capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    with open_store(db, read_only=True) as store:
        kept = [c.value for c in reversed(queries_list(store))]
    assert kept == names[:2]  # the first batch whole, the second not at all
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "4 applied, 0 stale, 2 already standing" in result.stderr
    with open_store(db, read_only=True) as store:
        assert [c.value for c in reversed(queries_list(store))] == names
        assert queries.article(store.con, KEY).article.speakers[0].name == "Person F"


def queries_list(store):
    from saidwho.store.corrections import list_corrections

    return list_corrections(store.con, limit=100).items


assert os and signal  # used by KILLER through the subprocess
