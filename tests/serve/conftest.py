"""A small store built from hand-made articles (no model), and the web app over it; and a
store of one contested claim built with the models (:mod:`claims_story`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import builders
import claims_story
import pytest
from fastapi.testclient import TestClient

from saidwho.corpus import open_store
from saidwho.records import Article
from saidwho.serve import create_app

XSS = "<script>alert(1)</script>"
BOLD = "<b>bold</b>"
TOKEN = "s3cret-token"


def make_article(text: str, said: list[tuple[str, str, str]], **fields: object) -> Article:
    """:func:`builders.make_article` with direct quotes from one "test.txt"."""
    return builders.make_article(text, said, kind="direct", source="test.txt", **fields)  # type: ignore[arg-type]


CARTER = (
    "“We will not send ground troops,” said Ash Carter, the defense secretary.\n\n"
    f"A U.S. official said the plan was {XSS} and {BOLD} in the end."
)
CARTER_AGAIN = "Ash Carter said ground troops would stay home for now.\nCritics said the policy had failed."
REPORT = "The report said unemployment fell in March."

ARTICLES = [
    make_article(
        CARTER,
        [
            ("Ash Carter", "said", "We will not send ground troops"),
            ("A U.S. official", "said", f"the plan was {XSS} and {BOLD}"),
        ],
        speakers={
            "Ash Carter": {"descriptors": ["the defense secretary"]},
            "A U.S. official": {
                "named": False,
                "anonymous": True,
                "anonymity_reason": "not authorised to speak",
            },
        },
        site="voanews.com",
        published="2016-03-01",
        title=f"Carter on troops {XSS}",
        url="https://www.voanews.com/a/carter",
    ),
    make_article(
        CARTER_AGAIN,
        [
            ("Ash Carter", "said", "ground troops would stay home for now"),
            ("Critics", "said", "the policy had failed"),
        ],
        speakers={"Critics": {"type": "group", "named": False}},
        site="nytimes.com",
        published="2016-05-20",
        title="Troops stay home",
        url="javascript:alert(2)",
    ),
    make_article(
        REPORT,
        [("The report", "said", "unemployment fell in March")],
        speakers={"The report": {"type": "document", "named": False}},
        site="nytimes.com",
        title="Jobs report",
    ),
]


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "fixture.duckdb"
    with open_store(path) as store:
        store.add(ARTICLES)
    return path


@pytest.fixture(scope="session")
def app(store_path: Path):
    app = create_app(store_path)
    yield app
    app.state.db.close()


@pytest.fixture(scope="session")
def client(app) -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="session")
def ids(client: TestClient) -> dict[str, str]:
    """Store ids by name: the articles' titles and the speakers' names."""
    found = {a["title"]: a["id"] for a in client.get("/api/articles").json()["items"]}
    found |= {s["name"]: s["id"] for s in client.get("/api/speakers?limit=100").json()["items"]}
    return found


@pytest.fixture
def writable(store_path: Path, tmp_path: Path):
    """A client of a server started with a token, over its own copy of the store."""
    copy = tmp_path / "writable.duckdb"
    shutil.copy(store_path, copy)
    app = create_app(copy, token=TOKEN, max_body=10_000)
    yield TestClient(app)
    app.state.db.close()


@pytest.fixture(scope="session")
def claims_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:mod:`claims_story`'s three articles, extracted and grouped into claims by the models."""
    path = tmp_path_factory.mktemp("claims") / "claims.duckdb"
    claims_story.build(path)
    return path


@pytest.fixture(scope="session")
def claims_client(claims_store: Path):
    app = create_app(claims_store)
    yield TestClient(app)
    app.state.db.close()
