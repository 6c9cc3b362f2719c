"""The JSON API, in-process over the fixture store."""

from __future__ import annotations

import pytest

from saidwho.errors import StoreError
from saidwho.serve import create_app

TOKEN = "s3cret-token"  # the writable fixture's

LISTS = [
    "/api/articles",
    "/api/speakers",
    "/api/speakers?anonymous=true",
    "/api/outlets",
    "/api/search?q=troops",
]


def test_api_articles_newest_first_with_total(client):
    page = client.get("/api/articles").json()
    assert page["total"] == 3 and page["limit"] == 20 and page["offset"] == 0
    assert [a["title"] for a in page["items"]] == [
        "Troops stay home",
        "Carter on troops <script>alert(1)</script>",
        "Jobs report",
    ]


def test_api_articles_filter_by_outlet_and_period(client):
    assert client.get("/api/articles?outlet=nytimes.com").json()["total"] == 2
    page = client.get("/api/articles?since=2016-04-01&until=2016-12-31").json()
    assert [a["title"] for a in page["items"]] == ["Troops stay home"]


def test_api_article_has_its_attributions_and_canonical_speakers(client, ids):
    view = client.get(f"/api/articles/{ids['Troops stay home']}").json()
    assert [a["content"]["text"] for a in view["article"]["attributions"]] == [
        "ground troops would stay home for now",
        "the policy had failed",
    ]
    assert view["canonical"]["S1"] == ids["Ash Carter"]


def test_api_missing_article_is_404_with_what_to_do(client):
    response = client.get("/api/articles/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "nope: no such article. List the stored ones at /api/articles."}


def test_api_speakers_most_quoted_first(client):
    items = client.get("/api/speakers").json()["items"]
    assert items[0]["name"] == "Ash Carter" and items[0]["statements"] == 2 and items[0]["articles"] == 2


def test_api_lists_anonymous_speakers(client):
    speakers = client.get("/api/speakers?anonymous=true").json()["items"]
    assert [s["name"] for s in speakers] == ["A U.S. official"]
    named = client.get("/api/speakers?anonymous=false&outlet=voanews.com").json()["items"]
    assert [s["name"] for s in named] == ["Ash Carter"]


def test_api_speakers_by_outlet_period_and_name(client):
    assert sorted(s["name"] for s in client.get("/api/speakers?outlet=nytimes.com").json()["items"]) == [
        "Ash Carter",
        "Critics",
        "The report",
    ]
    assert sorted(s["name"] for s in client.get("/api/speakers?since=2016-05-01").json()["items"]) == [
        "Ash Carter",
        "Critics",
    ]
    assert [s["name"] for s in client.get("/api/speakers?name=carter").json()["items"]] == ["Ash Carter"]


def test_api_speaker_profile(client, ids):
    profile = client.get(f"/api/speakers/{ids['Ash Carter']}").json()
    assert profile["descriptors"] == ["the defense secretary"]
    assert {o["label"] for o in profile["outlets"]} == {"voanews.com", "nytimes.com"}
    assert [m["label"] for m in profile["timeline"]] == ["2016-03", "2016-05"]


def test_api_speaker_statements_newest_first(client, ids):
    page = client.get(f"/api/speakers/{ids['Ash Carter']}/statements?limit=1").json()
    assert page["total"] == 2
    assert [s["content"] for s in page["items"]] == ["ground troops would stay home for now"]


@pytest.mark.parametrize("path", ["/api/speakers/nope", "/api/speakers/nope/statements"])
def test_api_missing_speaker_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("nope: no such speaker.")


def test_api_search_finds_statements_with_every_word(client, ids):
    page = client.get("/api/search?q=ground troops").json()
    assert page["total"] == 2
    assert {s["speaker_name"] for s in page["items"]} == {"Ash Carter"}
    assert client.get("/api/search?q=troops&outlet=nytimes.com").json()["total"] == 1
    carter = ids["Ash Carter"]
    assert client.get(f"/api/search?q=troops&speaker={carter}&until=2016-03-31").json()["total"] == 1
    assert client.get("/api/search?q=zebra").json() == {"items": [], "total": 0, "limit": 20, "offset": 0}


def test_api_search_needs_a_query(client):
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search?q=").status_code == 422


def test_api_outlets_sourcing(client):
    page = client.get("/api/outlets").json()
    assert page["total"] == 2
    voa = next(m for m in page["items"] if m["outlet"] == "voanews.com")
    assert voa["statements"] == 2 and voa["anonymous"] == 1 and voa["anonymous_share"] == 0.5


def test_api_mix_of_outlet_article_and_store(client, ids):
    assert client.get("/api/mix").json()["statements"] == 5
    assert client.get("/api/mix?outlet=nytimes.com").json()["types"]["document"] == 1
    assert client.get(f"/api/mix?article={ids['Jobs report']}").json()["statements"] == 1


def test_api_stats_counts_rows(client):
    assert client.get("/api/stats").json()["articles"] == 3


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("bad", ["limit=0", "limit=101", "offset=-1", "limit=ten"])
def test_api_lists_refuse_out_of_bounds_pages(client, path, bad):
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}{bad}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] in ("limit", "offset")


@pytest.mark.parametrize("path", LISTS)
def test_api_lists_page_with_total(client, path):
    sep = "&" if "?" in path else "?"
    full = client.get(path).json()
    first = client.get(f"{path}{sep}limit=1").json()
    past = client.get(f"{path}{sep}limit=100&offset={full['total']}").json()
    assert first["total"] == past["total"] == full["total"] >= 1
    assert first["items"] == full["items"][:1] and past["items"] == []


def test_api_bad_date_is_422(client):
    response = client.get("/api/articles?since=last-week")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "since"]


def test_api_openapi_documents_routes_and_records(client):
    spec = client.get("/openapi.json").json()
    assert {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/speakers",
        "/api/speakers/{speaker_id}",
        "/api/speakers/{speaker_id}/statements",
        "/api/search",
        "/api/outlets",
        "/api/mix",
        "/api/extract",
    } <= set(spec["paths"])
    assert "/articles/{article_id}" not in spec["paths"]  # pages are not API
    ok = spec["paths"]["/api/speakers"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Page_SpeakerCount_"}
    schemas = set(spec["components"]["schemas"])
    assert {"Page_SpeakerCount_", "SpeakerCount", "Article", "ArticleInput"} <= schemas


def test_api_extract_runs_extraction_without_storing(client):
    text = '"We are ready," said Jane Roe, a city spokeswoman.'
    response = client.post("/api/extract", json={"text": text})
    assert response.status_code == 200
    assert [s["name"] for s in response.json()["speakers"]] == ["Jane Roe"]
    assert client.get("/api/stats").json()["articles"] == 3


@pytest.mark.parametrize(
    "payload, message",
    [
        (b'{"text": "   "}', "<pasted article>:"),
        (b'{"txt": "x"}', "Object missing required field `text`"),
        (b"not json", "request body: JSON is malformed"),
    ],
)
def test_api_extract_bad_bodies_are_422_with_what_to_do(client, payload, message):
    response = client.post("/api/extract", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_api_writes_are_off_without_a_token(client):
    response = client.post("/api/articles", json={"text": "x"}, headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert "writes are off on this server. Start it with --token" in response.json()["detail"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_api_writes_need_the_right_token(writable, header):
    headers = {"authorization": header} if header else {}
    response = writable.post("/api/articles", json={"text": "x"}, headers=headers)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("missing or wrong token.")


def test_api_writes_with_the_token_store_the_article(writable):
    auth = {"authorization": f"Bearer {TOKEN}"}
    article = {
        "text": '"We are ready," said Jane Roe, a city spokeswoman.',
        "outlet": "city.example",
        "url": "https://www.wire.example/ready",
        "published": "2017-01-02",
        "title": "Ready",
    }
    created = writable.post("/api/articles", json=article, headers=auth)
    assert created.status_code == 201 and created.json()["added"] is True
    stored = writable.get(f"/api/articles/{created.json()['id']}").json()
    # The outlet the client names beats the URL's host: the store's one rule (rows.outlet_of).
    assert stored["outlet"] == "city.example" and stored["article"]["published"] == "2017-01-02"
    assert writable.get("/api/stats").json()["articles"] == 4  # the cached count was dropped
    again = writable.post("/api/articles", json=article, headers=auth)
    assert again.status_code == 200 and again.json()["added"] is False


def test_api_large_body_is_413_by_content_length(writable):
    response = writable.post("/api/extract", json={"text": "x" * 20_000})
    assert response.status_code == 413
    assert response.json() == {
        "detail": "request body is larger than this server's 10,000-byte limit. "
        "Send a shorter article, or split it into parts."
    }


def test_api_large_body_is_413_when_streamed_without_length(writable):
    def chunks():
        for _ in range(30):
            yield b"x" * 1000

    response = writable.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "10,000-byte limit" in response.json()["detail"]


def test_api_and_pages_send_security_headers(client):
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/stats").headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("token", [None, TOKEN])
def test_api_app_refuses_a_missing_store(tmp_path, token):
    gone = tmp_path / "gone.duckdb"
    with pytest.raises(StoreError) as raised:
        create_app(gone, token=token)
    assert str(raised.value) == f"{gone}: no such store. Build one with: saidwho ingest PATH --db {gone}"
    assert not gone.exists()
