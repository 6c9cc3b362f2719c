"""The claims routes of the JSON API, in-process over a store of one contested claim built
with the shipped models (:mod:`claims_story`): officials say Darian Kolt is hiding in
Velmora, analysts doubt it, and two statements are about a railway and a festival."""

from __future__ import annotations

import shutil

import pytest
from claims_story import CLAIM, old_store
from fastapi.testclient import TestClient

from saidwho.claims import embed
from saidwho.errors import ModelError
from saidwho.serve import create_app

TOKEN = "claims-token"
OFF_TOPIC = ("railway", "festival")


@pytest.fixture(scope="module")
def kolt(claims_client: TestClient) -> dict:
    """The most stated claim: the one about Kolt in Velmora."""
    return claims_client.get("/api/claims?sort=stated&limit=1").json()["items"][0]


def names(board: dict, stance: str) -> set[str]:
    return {p["speaker"]["name"] for p in board["speakers"][stance]}


def test_claims_api_lists_the_contested_claim_first(claims_client, kolt):
    assert "Velmora" in kolt["text"] and "Kolt" in kolt["text"]
    assert kolt["articles"] == 3 and kolt["statements"] >= 5
    assert kolt["first_seen"] == "2021-04-06" and kolt["last_seen"] == "2021-04-20"
    assert kolt["stances"]["for"] >= 2 and kolt["stances"]["against"] >= 1
    assert kolt["disputed"] == min(kolt["stances"]["for"], kolt["stances"]["against"])
    page = claims_client.get("/api/claims").json()  # most disputed first, stated twice or more
    assert page["items"][0]["id"] == kolt["id"]
    assert all(c["statements"] >= 2 for c in page["items"])
    assert not any(word in c["text"] for c in page["items"] for word in OFF_TOPIC)


def test_claims_api_filters_by_outlet_and_period(claims_client, kolt):
    courier = claims_client.get("/api/claims?outlet=courier.example&min_statements=1").json()["items"]
    mine = next(c for c in courier if c["id"] == kolt["id"])
    assert mine["articles"] == 1 and mine["first_seen"] == mine["last_seen"] == "2021-04-09"
    later = claims_client.get("/api/claims?since=2021-04-10&min_statements=1").json()["items"]
    assert {c["first_seen"] for c in later} == {"2021-04-20"}
    assert claims_client.get("/api/claims?until=2021-04-05&min_statements=1").json()["total"] == 0
    assert claims_client.get("/api/claims?outlet=nowhere.example").json()["total"] == 0


def test_claims_api_pages_with_total(claims_client):
    every = claims_client.get("/api/claims?min_statements=1&sort=stated").json()
    assert every["total"] == len(every["items"]) >= 3
    second = claims_client.get("/api/claims?min_statements=1&sort=stated&limit=1&offset=1").json()
    assert second["items"] == every["items"][1:2] and second["total"] == every["total"]
    past = claims_client.get(f"/api/claims?min_statements=1&offset={every['total']}").json()
    assert past["items"] == [] and past["total"] == every["total"]


def test_claims_api_board_links_each_statement_to_its_attribution(claims_client, kolt):
    board = claims_client.get(f"/api/claims/{kolt['id']}").json()
    assert board["id"] == kolt["id"] and board["total"] == len(board["statements"]) == kolt["statements"]
    for s in board["statements"]:
        article = claims_client.get(f"/api/articles/{s['article_id']}").json()["article"]
        found = {a["id"]: a for a in article["attributions"]}[s["attribution_id"]]
        assert found["content"]["text"] == s["content"]
        assert s["stance"] in ("for", "against", "observing")
    assert not any(word in s["content"] for s in board["statements"] for word in OFF_TOPIC)
    assert {b["label"] for b in board["outlets"]} == {"harbour.example", "courier.example", "gazette.example"}
    assert [b["label"] for b in board["timeline"]] == ["2021-04-06", "2021-04-09", "2021-04-20"]
    assert 0 < board["anonymous_share"] < 1  # the ministry officials and the diplomat


def test_claims_api_typed_claim_finds_who_says_and_who_doubts(claims_client):
    board = claims_client.get("/api/claims/search", params={"text": CLAIM}).json()
    assert board["id"] is None and board["text"] == CLAIM
    assert "Marta Ilsen" in names(board, "for")
    assert {"Piet Arends", "Anna Brisk"} <= names(board, "against")
    assert not any(word in s["content"] for s in board["statements"] for word in OFF_TOPIC)
    first = board["statements"][0]
    assert first["relevance"] == max(s["relevance"] for s in board["statements"])


@pytest.mark.parametrize(
    "path, status, message",
    [
        (
            "/api/claims/9999",
            404,
            "9999: no such claim. List the stored ones at /api/claims, or ask by its words: "
            "/api/claims/search?text=WORDS.",
        ),
        ("/api/claims/search?text=", 422, None),
        ("/api/claims?sort=loudest", 422, None),
        ("/api/claims?limit=101", 422, None),
    ],
)
def test_claims_api_errors_say_what_to_do(claims_client, path, status, message):
    response = claims_client.get(path)
    assert response.status_code == status
    if message:
        assert response.json() == {"detail": message}


def test_claims_api_openapi_documents_the_routes(claims_client):
    spec = claims_client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/claims", "/api/claims/search", "/api/claims/{claim_id}"} <= set(paths)
    ok = paths["/api/claims/{claim_id}"]["get"]["responses"]
    assert ok["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ClaimBoard"}
    assert {"404", "409"} <= set(ok)
    assert {"Page_ClaimSummary_", "ClaimSummary", "ClaimBoard", "BoardStatement", "SpeakerPosition"} <= set(
        spec["components"]["schemas"]
    )
    assert "/claims" not in paths and "/claim" not in paths  # pages are not API


def test_claims_api_missing_model_is_503_with_what_to_do(claims_client, monkeypatch):
    def missing(*args: object) -> None:
        raise ModelError("models/encoder: no encoder.onnx here. Reinstall saidwho.")

    monkeypatch.setattr(embed, "_load", missing)
    response = claims_client.get("/api/claims/search?text=a claim nobody typed before")
    assert response.status_code == 503
    assert response.json() == {"detail": "models/encoder: no encoder.onnx here. Reinstall saidwho."}


def test_claims_api_store_from_before_claims_says_how_to_add_them(tmp_path):
    path = old_store(tmp_path / "old.duckdb")
    app = create_app(path)
    try:
        client = TestClient(app)
        for route in ("/api/claims", "/api/claims/1", "/api/claims/search?text=anything+at+all"):
            response = client.get(route)
            assert response.status_code == 409
            assert response.json()["detail"] == (
                f"{path}: this store was made before claims existed. Stop the server, run "
                f"'saidwho claims --rebuild --db {path}', and start it again."
            )
        assert client.get("/api/articles").status_code == 200  # the rest still works
    finally:
        app.state.db.close()


def test_claims_api_stored_article_joins_its_claim(claims_store, tmp_path, kolt):
    copy = tmp_path / "writable.duckdb"
    shutil.copy(claims_store, copy)
    app = create_app(copy, token=TOKEN)
    try:
        client = TestClient(app)
        text = (
            "Ines Varga, the police chief of Velmora, said on Monday that Darian Kolt is hiding in "
            "Velmora and that her officers were closing in.\n"
        )
        response = client.post(
            "/api/articles",
            json={"text": text, "title": "Police chief: Kolt is in Velmora", "published": "2021-05-03"},
            headers={"authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 201
        after = client.get(f"/api/claims/{kolt['id']}").json()  # the cache was dropped by the write
        assert after["total"] == kolt["statements"] + 1
        added = [s for s in after["statements"] if "closing in" in s["content"]]
        assert [(s["stance"], s["outlet"]) for s in added] == [("for", None)]
        assert after["last_seen"] == "2021-05-03"
    finally:
        app.state.db.close()
