"""The claims pages and the "who says ...?" box, in-process over the store of one contested
claim (:mod:`claims_story`)."""

from __future__ import annotations

import re

import pytest
from claims_story import CLAIM, old_store
from fastapi.testclient import TestClient
from test_pages import SCRIPT, SCRIPT_ESCAPED, page

from saidwho.serve import create_app
from saidwho.serve.pages import claim_text


@pytest.fixture(scope="module")
def kolt_id(claims_client) -> int:
    return int(claims_client.get("/api/claims?sort=stated&limit=1").json()["items"][0]["id"])


def column(html: str, stance: str) -> str:
    """The board's column for ``stance``."""
    found = re.search(rf'<section class="stance-column stance-{stance}".*?</section>', html, re.S)
    assert found, f"no {stance} column"
    return found.group(0)


def test_claims_pages_overview_has_the_who_says_box_and_disputed_claims(claims_client, kolt_id):
    html = page(claims_client, "/")
    assert '<a href="/claims">Claims</a>' in html
    assert '<form class="who-says" action="/claim" method="get"' in html and 'name="text"' in html
    disputed = re.search(r'<section class="disputed">.*?</section>', html, re.S)
    assert disputed and f'<a href="/claims/{kolt_id}">' in disputed.group(0)


def test_claims_pages_overview_of_a_store_from_before_claims(tmp_path):
    app = create_app(old_store(tmp_path / "old.duckdb"))
    try:
        html = page(TestClient(app), "/")
        assert "Who said what" in html and '<section class="disputed">' not in html
    finally:
        app.state.db.close()


def test_claims_pages_list_links_each_claim_to_its_board(claims_client, kolt_id):
    html = page(claims_client, "/claims")
    assert f'<a href="/claims/{kolt_id}">' in html and "Velmora" in html
    assert '<form class="who-says"' in html
    assert '<rect class="st-for"' in html and '<rect class="st-against"' in html
    assert "railway" not in html and "festival" not in html  # stated once: not listed


def test_claims_pages_list_filters_and_sorts(claims_client, kolt_id):
    html = page(claims_client, "/claims?sort=stated&outlet=nowhere.example")
    assert "No claims made twice within these filters." in html
    assert '<option value="stated" selected>' in html and 'value="nowhere.example"' in html
    assert f'href="/claims/{kolt_id}"' in page(claims_client, "/claims?since=2021-04-01&until=2021-04-30")


@pytest.mark.parametrize("path", ["/claims?sort=disputed&outlet=&since=&until=", "/outlets?since=&until="])
def test_claims_pages_filter_forms_send_empty_dates(claims_client, path):
    page(claims_client, path)  # an empty date field is no date, not a 422


def test_claims_pages_board_shows_columns_charts_and_links(claims_client, kolt_id):
    html = page(claims_client, f"/claims/{kolt_id}")
    board = claims_client.get(f"/api/claims/{kolt_id}").json()
    for stance in ("for", "against", "observing"):
        shown = column(html, stance)
        for s in board["statements"]:
            link = f'href="/articles/{s["article_id"]}#{s["attribution_id"]}"'
            assert (link in shown) == (s["stance"] == stance)
        count = sum(s["stance"] == stance for s in board["statements"])
        assert f'<span class="n">{count}</span>' in shown
    assert html.count('<section class="stance-column') == 3
    assert re.search(r'<svg class="timeline".*?<rect class="st-(for|against)"', html, re.S)
    assert "2021-04-06" in html and "2021-04-20" in html
    assert "gazette.example" in html and "anonymous" in html
    assert "railway" not in html and "festival" not in html


def test_claims_pages_who_says_box_asks_about_a_typed_claim(claims_client):
    for path in (f"/claim?text={CLAIM}", f"/claims?q={CLAIM}"):
        html = page(claims_client, path)
        assert f"Who says: <q>{CLAIM}</q>" in html and f'value="{CLAIM}"' in html
        assert "Piet Arends" in column(html, "against")
        assert "Marta Ilsen" in column(html, "for")
        assert "railway" not in html and "festival" not in html


def test_claims_pages_typed_claim_is_shown_as_text(claims_client):
    html = page(claims_client, f"/claim?text=Kolt {SCRIPT}")
    assert SCRIPT not in html and SCRIPT_ESCAPED in html


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("/claims/9999", 404, "9999: no such claim. Find one on the claims page, or type its words in the"),
        ("/claims/abc", 422, "claim_id: Input should be a valid integer"),
        ("/claim?text=a", 422, "text: String should have at least 3 characters"),
        ("/claims?sort=loudest", 422, "sort: Input should be &#39;disputed&#39; or &#39;stated&#39;"),
    ],
)
def test_claims_pages_errors_are_html_with_what_to_do(claims_client, path, status, message):
    assert message in page(claims_client, path, status)


def test_claims_pages_store_from_before_claims_says_how_to_add_them(tmp_path):
    path = old_store(tmp_path / "old.duckdb")
    app = create_app(path)
    try:
        html = page(TestClient(app), "/claims", 409)
        assert f"saidwho claims --rebuild --db {path}" in html
    finally:
        app.state.db.close()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("that the rebel leader is hiding in Velmora", "the rebel leader is hiding in Velmora"),
        ('"Kolt is hiding in Velmora, and we know it,"', "Kolt is hiding in Velmora, and we know it"),
        ("“He is in Velmora”", "He is in Velmora"),
        ("thatcher said so", "thatcher said so"),
    ],
)
def test_claims_pages_claim_text_reads_as_a_heading(text, expected):
    assert claim_text(text) == expected
