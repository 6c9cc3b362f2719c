import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner
from offsets import assert_offsets

from saidwho.cli import cli
from saidwho.records import Article

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
    assert len(article["attributions"]) >= 8
    assert_offsets(msgspec.json.decode(result.stdout, type=Article))
    assert [a["speaker"] for a in article["attributions"] if a["speaker"] not in (None, *speakers)] == []


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
    result = runner.invoke(
        cli,
        ["extract", "-", "--format", "jsonl", "-q"],
        input='"We are ready," said Jane Roe, the city spokeswoman.\n',
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["attributions"]


def test_cli_extract_reads_html_gzip_and_plain_text_scrapes(runner, tmp_path):
    page, scrape = DATA / "article_page.html", DATA / "wire_story.txt"
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page.read_bytes()))
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(scrape.read_bytes()))
    line = json.dumps({"text": scrape.read_text(encoding="utf-8")}) + "\n"
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(line.encode()))
    inputs = [
        str(page),
        str(tmp_path / "page.html.gz"),
        str(scrape),
        str(tmp_path / "story.txt.gz"),
        str(tmp_path / "feed.jsonl.gz"),
    ]
    result = runner.invoke(cli, ["extract", *inputs, "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["source"] for a in articles] == [*inputs[:4], f"{inputs[4]}:1"]
    page_title = "Library Extends Weekend Hours After Petition"
    scrape_title = "Harbor City Council Delays Vote on Seawall Funding"
    assert [a["title"] for a in articles] == [page_title] * 2 + [scrape_title] * 3
    assert all(a["attributions"] for a in articles)
    assert "5 articles processed, 0 failed" in result.stderr


def test_cli_extract_notes_a_legacy_encoding_in_the_output(runner, tmp_path):
    text = "\u201cWe are ready,\u201d said Ren\u00e9e Roe, the city\u2019s spokeswoman.\n"
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    result = runner.invoke(cli, ["extract", str(tmp_path / "legacy.txt"), "-q"])
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)
    assert (article["text"], article["encoding"]) == (text, "cp1252")


def damaged_warc(path: Path) -> None:
    """A WARC whose second record lost its WARC-Target-URI header: warcio raises AttributeError."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for url in ("http://example.com/one", "http://example.com/two"):
        body = io.BytesIO(b"<html><body><p>The mayor said the budget was fine.</p></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=body, http_headers=headers))
    path.write_bytes(
        out.getvalue().replace(
            b"WARC-Target-URI: http://example.com/two", b"WARC-Target-URX: http://example.com/two"
        )
    )


@pytest.mark.slow
@pytest.mark.parametrize("verbose", [False, True])
def test_cli_reader_error_is_one_line_and_its_traceback_needs_verbose(tmp_path, verbose):
    damaged_warc(tmp_path / "damaged.warc")
    good = tmp_path / "good.txt"
    good.write_text('"We are ready," said Jane Roe, the city spokeswoman.\n')
    run = "from saidwho.cli import cli; cli()"
    args = ["extract", str(tmp_path / "damaged.warc"), str(good), "--format", "jsonl"]
    args += ["-v"] if verbose else []
    result = subprocess.run([sys.executable, "-c", run, *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        f"{tmp_path / 'damaged.warc'}#1",
        str(good),
    ]
    naming = [line for line in result.stderr.splitlines() if "damaged.warc" in line]
    if verbose:
        assert "Traceback (most recent call last)" in result.stderr
        assert "AttributeError" in result.stderr.split("Traceback", 1)[1]
    else:
        assert "Traceback" not in result.stderr
        assert naming == [
            f"saidwho: error: {tmp_path / 'damaged.warc'}: could not be read "
            "(AttributeError: 'NoneType' object has no attribute 'startswith'). "
            "Check the file; if it looks fine, report a bug with it attached."
        ]


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
        "output.schema.json is stale: run `saidwho schema > saidwho/data/output.schema.json`"
    )


@pytest.mark.torch
@pytest.mark.parametrize("device", ["nonsense", "cuda"])
def test_cli_train_refuses_a_device_torch_cannot_use(runner, tmp_path, monkeypatch, device):
    import torch

    import saidwho.train.tagger as training

    # As on a CPU-only machine; training must never start.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(training, "train", lambda *a, **k: pytest.fail("training started"))
    result = runner.invoke(
        cli, ["train", "tagger", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--device", device]
    )
    assert result.exit_code == 2
    assert "--device" in result.output and repr(device) in result.output


def test_cli_train_defaults_are_fits_so_the_bare_command_reproduces_the_shipped_model():
    import inspect

    import saidwho.train.tagger as training

    fit = {k: v.default for k, v in inspect.signature(training.fit).parameters.items()}
    options = {p.name: p.default for p in cli.commands["train"].commands["tagger"].params}
    for name in (
        "epochs",
        "seed",
        "batch_size",
        "lr",
        "average_last",
        "crf",
        "cue_words",
        "device",
        "base",
        "limit",
    ):
        assert options[name] == fit[name], name
