import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwho.cli import cli

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parent.parent / "saidwho" / "data" / "example_article.txt"


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_extract_json_follows_the_schema(runner):
    result = runner.invoke(cli, ["extract", str(EXAMPLE), "-q"])
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["text"] == EXAMPLE.read_text(encoding="utf-8")
    assert article["title"] == "Officials Split Over Harbor Bridge Repairs as Costs Climb"
    assert article["published"] == "2024-03-14"
    speakers = {s["id"]: s for s in article["speakers"]}
    names = {s["name"] for s in speakers.values()}
    assert {"Linda Okafor", "James Whitfield"} <= names
    for att in article["attributions"]:
        assert article["text"][att["cue"]["start"]:att["cue"]["end"]] == att["cue"]["text"]
        assert att["speaker"] is None or att["speaker"] in speakers


def test_cli_extract_jsonl_one_line_per_article(runner, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text('"We are ready," said Jane Roe, the city spokeswoman.\n')
    result = runner.invoke(cli, ["extract", str(tmp_path), "--format", "jsonl", "-q"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert [Path(json.loads(line)["source"]).name for line in lines] == ["a.txt", "b.txt"]


def test_cli_extract_table_names_who_said_what(runner):
    result = runner.invoke(cli, ["extract", str(EXAMPLE), "--format", "table", "-q"])
    assert result.exit_code == 0
    assert "Linda Okafor" in result.stdout and "said" in result.stdout


def test_cli_extract_brat_writes_ann_per_input(runner, tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "x.txt").write_text('"We are ready," said Jane Roe, the city spokeswoman.\n')
    out = tmp_path / "pred"
    result = runner.invoke(cli, ["extract", str(nested / "x.txt"), "--format", "brat", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    ann = (out / "x.ann").read_text()
    assert "\tCue " in ann and "\nE1\tAttribution:" in ann


def test_cli_extract_brat_needs_out(runner):
    result = runner.invoke(cli, ["extract", str(EXAMPLE), "--format", "brat"])
    assert result.exit_code == 2 and "add --out DIR" in result.stderr


def test_cli_missing_file_fails_but_batch_goes_on(runner, tmp_path):
    result = runner.invoke(cli, ["extract", str(tmp_path / "gone.txt"), str(EXAMPLE), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "gone.txt: no such file or directory" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1
    assert "1 article processed, 1 failed" in result.stderr


def test_cli_empty_file_is_reported(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["extract", str(empty)])
    assert result.exit_code == 1 and "empty.txt" in result.stderr


def test_cli_stdin(runner):
    result = runner.invoke(cli, ["extract", "-", "--format", "jsonl", "-q"],
                           input='"We are ready," said Jane Roe, the city spokeswoman.\n')
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["attributions"]


def test_cli_eval_scores_prediction_folder(runner, tmp_path):
    gold = DATA / "gold"
    (tmp_path / "harbor.ann").write_text((gold / "attributions" / "harbor_ab12.ann").read_text())
    result = runner.invoke(cli, ["eval", str(gold), "--pred", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["attribution"]["f1"] == 1.0


def test_cli_eval_runs_the_extractor_on_gold_texts(runner):
    result = runner.invoke(cli, ["eval", str(DATA / "gold"), "-q"])
    assert result.exit_code == 0, result.stderr
    assert "exact source" in result.stdout and "(1 documents)" in result.stdout


def test_cli_unknown_extractor_lists_choices(runner):
    result = runner.invoke(cli, ["extract", str(EXAMPLE), "--extractor", "magic"])
    assert result.exit_code == 2 and "'rules'" in result.stderr


def test_cli_schema_matches_shipped_file(runner):
    shipped = Path(__file__).parent.parent / "saidwho" / "data" / "output.schema.json"
    result = runner.invoke(cli, ["schema"])
    assert json.loads(result.stdout) == json.loads(shipped.read_text()), (
        "output.schema.json is stale: run `saidwho schema > saidwho/data/output.schema.json`")


@pytest.mark.torch
@pytest.mark.parametrize("device", ["nonsense", "cuda"])
def test_cli_train_refuses_a_device_torch_cannot_use(runner, tmp_path, monkeypatch, device):
    import torch

    import saidwho.train as training

    # As on a CPU-only machine; training must never start.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(training, "train", lambda *a, **k: pytest.fail("training started"))
    result = runner.invoke(cli, ["train", "--data", str(tmp_path), "--out", str(tmp_path / "m"),
                                 "--device", device])
    assert result.exit_code == 2
    assert "--device" in result.output and repr(device) in result.output


def test_cli_train_defaults_are_fits_so_the_bare_command_reproduces_the_shipped_model():
    import inspect

    import saidwho.train as training

    fit = {k: v.default for k, v in inspect.signature(training.fit).parameters.items()}
    options = {p.name: p.default for p in cli.commands["train"].params}
    for name in ("epochs", "seed", "batch_size", "lr", "average_last", "crf", "cue_words",
                 "boundary_weight", "device", "base", "limit"):
        assert options[name] == fit[name], name
