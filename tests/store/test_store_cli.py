import json

import pytest
from builders import make_article
from click.testing import CliRunner

from saidwho.cli import cli
from saidwho.corpus import open_store

ANON = {"type": "person", "named": False, "anonymous": True}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.duckdb"
    with open_store(path, claims=False) as store:
        store.add(
            [
                make_article(
                    "Ash Carter said ground troops will stay. A U.S. official said troops are ready.",
                    [
                        ("Ash Carter", "said", "ground troops will stay"),
                        ("A U.S. official", "said", "troops are ready"),
                    ],
                    speakers={"A U.S. official": ANON},
                    site="voanews.com",
                    published="2016-04-15",
                ),
                make_article(
                    "Defense Secretary Ash Carter said the war is long.",
                    [("Defense Secretary Ash Carter", "said", "the war is long")],
                    url="https://www.breitbart.com/x",
                    published="2016-05-01",
                ),
            ]
        )
    return str(path)


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    return result


def test_store_cli_top_speakers_json(db):
    result = run("top-speakers", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    assert page["total"] == 2
    assert page["items"][0]["name"] == "Ash Carter" and page["items"][0]["statements"] == 2


def test_store_cli_top_speakers_table_per_outlet(db):
    result = run("top-speakers", "--db", db, "--outlet", "breitbart.com")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split()[:4] == ["1", "1", "Ash", "Carter"]


def test_store_cli_sourcing_reports_the_anonymous_share(db):
    result = run("sourcing", "--db", db, "--json")
    mixes = {m["outlet"]: m for m in json.loads(result.stdout)}
    assert mixes["voanews.com"]["anonymous_share"] == 0.5
    assert "50.0" in run("sourcing", "--db", db).stdout


def test_store_cli_statements_by_name(db):
    result = run("statements", "Carter", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Ash Carter (sp_" in result.stderr and "2 statements" in result.stderr
    assert "the war is long" in result.stdout.splitlines()[1]


def test_store_cli_statements_of_an_unknown_speaker_says_what_to_do(db):
    result = run("statements", "Nobody", "--db", db)
    assert result.exit_code == 1
    assert "Nobody: no such speaker. Try part of the name, or: saidwho top-speakers" in result.stderr


def test_store_cli_search(db):
    result = run("search", "troops", "--db", db, "--since", "2016-04-01", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 2


def test_store_cli_export(db, tmp_path):
    result = run("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "article_speakers.csv",
        "articles.csv",
        "attributions.csv",
        "claim_merges.csv",
        "claim_statements.csv",
        "claims.csv",
        "corrections.csv",
        "mentions.csv",
        "speakers.csv",
    ]


def test_store_cli_missing_store_says_how_to_build_one(tmp_path):
    result = run("top-speakers", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "none.duckdb: no such store. Build one with: saidwho ingest" in result.stderr


def test_store_cli_search_past_the_last_page_keeps_the_total(db):
    result = run("search", "troops", "--db", db, "--offset", "50")
    assert result.exit_code == 0, result.output
    assert "2 statements match" in result.output
