"""The HTML pages, in-process over the fixture store."""

from __future__ import annotations

import re

import pytest

HTML = {"accept": "text/html"}
SCRIPT, SCRIPT_ESCAPED = "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"
BOLD, BOLD_ESCAPED = "<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def assert_shown_as_text(html: str) -> None:
    assert SCRIPT not in html and BOLD not in html
    assert SCRIPT_ESCAPED in html and BOLD_ESCAPED in html


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/", "Most quoted"),
        ("/articles", "Jobs report"),
        ("/speakers", "Ash Carter"),
        ("/speakers?anonymous=true", "A U.S. official"),
        ("/speakers?name=crit", "Critics"),
        ("/search", "Every word must occur"),
        ("/outlets", "voanews.com"),
        ("/paste", "Find who said what"),
    ],
)
def test_pages_render(client, path, expected):
    assert expected in page(client, path)


def test_pages_article_escapes_untrusted_text(client, ids):
    assert_shown_as_text(page(client, f"/articles/{ids['Carter on troops <script>alert(1)</script>']}"))


def test_pages_search_results_escape_untrusted_text(client):
    assert_shown_as_text(page(client, "/search?q=plan"))


def test_pages_speaker_page_escapes_untrusted_text(client, ids):
    assert_shown_as_text(page(client, f"/speakers/{ids['A U.S. official']}"))


def test_pages_article_highlights_source_cue_and_content(client, ids):
    html = page(client, f"/articles/{ids['Troops stay home']}")
    marks = re.findall(
        r'<mark class="([^"]+)"[^>]*data-att="([^"]+)" data-speaker="([^"]*)" title="([^"]*)">'
        r"([^<]*)</mark>",
        html,
    )
    assert (
        "hl hl-source shown-source",
        "A1",
        "S1",
        "source of A1, direct: Ash Carter (person, named)",
        "Ash Carter",
    ) in marks
    who = "Ash Carter (person, named)"
    assert ("hl hl-cue shown-cue", "A1", "S1", f"cue of A1, direct: {who}", "said") in marks
    assert any(
        m[0] == "hl hl-content shown-content" and m[4] == "ground troops would stay home for now"
        for m in marks
    )
    assert '<span class="anchor" id="A2"></span>' in html
    assert '<li class="speaker-entry" id="sp-S1">' in html
    assert f'href="/speakers/{ids["Ash Carter"]}"' in html


def test_pages_article_links_only_web_urls(client, ids):
    assert "javascript:" not in page(client, f"/articles/{ids['Troops stay home']}")
    assert 'href="https://www.voanews.com/a/carter"' in page(
        client, f"/articles/{ids['Carter on troops <script>alert(1)</script>']}"
    )


def test_pages_speaker_shows_descriptors_outlets_and_timeline(client, ids):
    html = page(client, f"/speakers/{ids['Ash Carter']}")
    assert "the defense secretary" in html and "nytimes.com: 1" in html
    assert html.count('<rect class="bar"') == 3  # March, April (none), May 2016
    assert "ground troops would stay home for now" in html


def test_pages_search_links_to_the_statement(client, ids):
    html = page(client, "/search?q=ground+troops&outlet=nytimes.com")
    assert "1 statements match" in html
    assert f'href="/articles/{ids["Troops stay home"]}#A1"' in html


def test_pages_pager_links_keep_the_filters(client):
    html = page(client, "/speakers?outlet=nytimes.com&offset=0")
    assert "next" not in html  # 3 speakers fit one page
    html = page(client, "/speakers?outlet=nytimes.com&offset=20")
    assert "past the last of 3" in html and 'href="/speakers?outlet=nytimes.com&amp;offset=0"' in html


def test_pages_outlets_dashboard_draws_bars(client):
    html = page(client, "/outlets")
    assert "50.0%" in html  # voanews.com: one of two statements anonymous
    assert '<rect class="k-anonymous"' in html and '<rect class="k-document"' in html


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("/articles/nope", 404, "nope: no such article."),
        ("/speakers/nope", 404, "nope: no such speaker."),
        ("/nowhere", 404, "Not Found"),
        ("/articles?offset=-1", 422, "offset: Input should be greater than or equal to 0"),
    ],
)
def test_pages_errors_are_html_with_what_to_do(client, path, status, message):
    assert message in page(client, path, status)


def test_pages_paste_shows_the_highlighted_result(client):
    text = f'"We are ready," said Jane Roe, a city spokeswoman. {SCRIPT}'
    response = client.post("/paste", data={"text": text, "title": "Pasted"}, headers=HTML)
    assert response.status_code == 200
    assert 'class="hl hl-source shown-source"' in response.text and "Jane Roe" in response.text
    assert SCRIPT not in response.text and SCRIPT_ESCAPED in response.text
    assert client.get("/api/stats").json()["articles"] == 3  # nothing stored


def test_pages_paste_accepts_an_html_file(client):
    html = (
        b'<html><body><article><p>"We are ready," said Jane Roe, a city spokeswoman.</p>'
        b"</article></body></html>"
    )
    response = client.post("/paste", files={"file": ("story.html", html, "text/html")}, headers=HTML)
    assert response.status_code == 200 and "Jane Roe" in response.text


def test_pages_paste_reads_a_legacy_encoded_file_as_extract_does(client):
    text = "\u201cWe are ready,\u201d said Jos\u00e9 Roe, a city spokeswoman.".encode("cp1252")
    response = client.post("/paste", files={"file": ("story.txt", text, "text/plain")}, headers=HTML)
    assert response.status_code == 200 and "Jos\u00e9 Roe" in response.text


@pytest.mark.parametrize(
    "files, data, message",
    [
        (
            {"file": ("story.pdf", b"%PDF-1.4", "application/pdf")},
            {},
            "story.pdf: not a .txt or .html file. Upload the article as .txt or .html, or paste its text.",
        ),
        ({"file": ("story.txt", bytes(range(32)) * 8, "text/plain")}, {}, "story.txt: binary data, not text"),
        (None, {"text": "  "}, "&lt;pasted article&gt;: nothing to extract. Paste an article"),
    ],
)
def test_pages_paste_refuses_bad_input_with_what_to_do(client, files, data, message):
    response = client.post("/paste", files=files, data=data, headers=HTML)
    assert response.status_code == 422 and message in response.text


def test_pages_paste_large_body_is_413(writable):
    response = writable.post("/paste", data={"text": "x" * 20_000}, headers=HTML)
    assert response.status_code == 413
    assert "Request body too large" in response.text and "10,000-byte limit" in response.text
