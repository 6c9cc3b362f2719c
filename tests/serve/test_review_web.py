"""Reviewing through the web app, in-process: the JSON API (token and reviewer's name), the
sign-in, the CSRF-protected forms, reviewed marks and undo on the article page."""

from __future__ import annotations

import re

import pytest

TOKEN = "s3cret-token"  # the writable fixture's
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Reviewer": "Ana Reyes"}


@pytest.fixture
def troops(writable) -> str:
    found = {a["title"]: a["id"] for a in writable.get("/api/articles").json()["items"]}
    return found["Troops stay home"]


def rename_critics(article: str) -> dict:
    return {"article": article, "op": "speaker", "attribution": "A2", "value": {"name": "Jane Roe"}}


def test_review_api_needs_the_token_and_a_name(client, writable, troops):
    body = rename_critics(troops)
    assert client.post("/api/corrections", json=body).status_code == 403  # a read-only server
    assert writable.post("/api/corrections", json=body).status_code == 403
    no_name = writable.post("/api/corrections", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert no_name.status_code == 422 and "X-Reviewer" in no_name.json()["detail"]


def test_review_api_corrects_reads_back_and_undoes(writable, troops):
    made = writable.post("/api/corrections", json=[rename_critics(troops)], headers=AUTH)
    assert made.status_code == 201
    (outcome,) = made.json()
    assert outcome["status"] == "applied"
    view = writable.get(f"/api/articles/{troops}").json()
    assert view["reviewed"] == ["A2"]
    (correction,) = view["corrections"]
    assert (correction["reviewer"], correction["machine"]["name"]) == ("Ana Reyes", "Critics")
    names = [s["name"] for s in writable.get("/api/speakers").json()["items"]]
    assert "Jane Roe" in names and "Critics" not in names  # the cached ranking was dropped
    listed = writable.get(f"/api/corrections?article={troops}").json()
    assert listed["total"] == 1
    undone = writable.post(f"/api/corrections/{outcome['id']}/undo", headers=AUTH)
    assert undone.json()["status"] == "applied"
    assert writable.get(f"/api/articles/{troops}").json()["reviewed"] == []
    assert writable.post("/api/corrections/999/undo", headers=AUTH).status_code == 404


def test_review_api_refuses_a_bad_correction_with_what_to_do(writable, troops):
    bad = writable.post("/api/corrections", json={"article": troops, "op": "frobnicate"}, headers=AUTH)
    assert bad.status_code == 422 and "frobnicate" in bad.json()["detail"]
    (refused,) = writable.post(
        "/api/corrections", json={"article": troops, "op": "delete", "attribution": "A9"}, headers=AUTH
    ).json()
    assert refused["status"] == "refused" and "no statement 'A9'" in refused["message"]


def test_review_api_is_in_the_openapi_document(client):
    spec = client.get("/openapi.json").json()
    assert {"Correction", "Outcome", "CorrectionView", "NewStatement", "Who"} <= set(
        spec["components"]["schemas"]
    )
    assert "post" in spec["paths"]["/api/corrections"]
    assert "reviewed" in spec["components"]["schemas"]["BoardStatement"]["properties"]


def sign_in(writable, name="Ana Reyes"):
    response = writable.post(
        "/review/login", data={"name": name, "token": TOKEN, "back": "/"}, follow_redirects=False
    )
    assert response.status_code == 303
    return response


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_review_pages_sign_in_needs_the_token(writable, troops):
    page = writable.get(f"/articles/{troops}").text
    assert "Sign in to review" in page and 'id="review-panel"' not in page
    wrong = writable.post("/review/login", data={"name": "Ana", "token": "nope"}, follow_redirects=False)
    assert wrong.status_code == 403
    sign_in(writable)
    assert 'id="review-panel"' in writable.get(f"/articles/{troops}").text


def test_review_pages_forms_need_the_csrf_token_and_this_origin(writable, troops):
    sign_in(writable)
    page = writable.get(f"/articles/{troops}").text
    form = {"article": troops, "op": "delete", "attribution": "A1", "back": f"/articles/{troops}"}
    forged = writable.post("/review/corrections", data=form, follow_redirects=False)
    assert forged.status_code == 403 and "did not come from this site" in forged.text
    other_site = writable.post(
        "/review/corrections",
        data={**form, "csrf": csrf_of(page)},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert other_site.status_code == 403
    assert writable.get(f"/api/articles/{troops}").json()["reviewed"] == []


def test_review_pages_correct_show_reviewed_and_undo(writable, troops):
    sign_in(writable)
    back = f"/articles/{troops}"
    csrf = csrf_of(writable.get(back).text)
    text = writable.get(f"/api/articles/{troops}").json()["article"]["text"]
    done = writable.post(
        "/review/corrections",
        data={
            "csrf": csrf,
            "back": back,
            "article": troops,
            "op": "add",
            "content_start": str(text.index("ground")),
            "content_end": str(text.index(" for now")),
            "cue_start": str(text.index("said")),
            "cue_end": str(text.index("said") + 4),
            "pick": "S1",
            "kind": "indirect",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == back
    page = writable.get(back).text
    assert "reviewed" in page and "by Ana Reyes" in page
    assert re.search(r'<mark class="[^"]*reviewed"[^>]*data-att="R\d+"', page)
    correction = re.search(r'name="id" value="(\d+)"', page).group(1)
    undone = writable.post(
        "/review/undo", data={"csrf": csrf, "back": back, "id": correction}, follow_redirects=False
    )
    assert undone.status_code == 303
    assert 'data-att="R' not in writable.get(back).text
    history = writable.get("/review").text
    assert "undone by Ana Reyes" in history


def test_review_pages_a_refused_form_says_why(writable, troops):
    sign_in(writable)
    csrf = csrf_of(writable.get(f"/articles/{troops}").text)
    refused = writable.post(
        "/review/corrections",
        data={"csrf": csrf, "article": troops, "op": "cue", "attribution": "A1", "start": "", "end": ""},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 422 and "Expected `object`, got `null`" in refused.text


def test_review_pages_read_only_server_takes_none(client):
    assert "takes no corrections" in client.get("/review").text
    assert client.post("/review/corrections", data={"op": "delete"}).status_code == 403


def test_review_pages_mark_a_speaker_anonymous(writable, troops):
    sign_in(writable)
    back = f"/articles/{troops}"
    csrf = csrf_of(writable.get(back).text)
    form = {
        "csrf": csrf,
        "back": back,
        "article": troops,
        "op": "anonymous",
        "speaker": "S1",
        "value": "true",
    }
    assert writable.post("/review/corrections", data=form, follow_redirects=False).status_code == 303
    (carter,) = [
        s for s in writable.get(f"/api/articles/{troops}").json()["article"]["speakers"] if s["id"] == "S1"
    ]
    assert carter["anonymous"] and carter["anonymity_reason"] == "marked anonymous by a reviewer"
    assert "person, anonymous (marked anonymous by a reviewer)" in writable.get(back).text
