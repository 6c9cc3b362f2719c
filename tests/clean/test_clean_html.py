"""clean() on HTML: trafilatura's main text, metadata, no navigation or footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from offsets import assert_offsets

from saidwho.clean import clean
from saidwho.errors import InputError
from saidwho.records import Article, RawDoc
from saidwho.settings import Settings

SETTINGS = Settings()

DATA = Path(__file__).parent.parent / "data"


def html_doc(name: str, **fields: str) -> RawDoc:
    html = (DATA / name).read_text(encoding="utf-8")
    return RawDoc(source=name, format="html", html=html, **fields)


@pytest.fixture(scope="module")
def page() -> Article:
    return clean(html_doc("article_page.html"), settings=Settings())


def test_clean_html_metadata(page: Article) -> None:
    assert page.title == "Library Extends Weekend Hours After Petition"
    assert page.authors == ["Priya Natarajan", "Owen Brooks"]
    assert page.published == "2019-10-14"
    assert page.site == "Riverside Gazette"
    assert page.url == "https://gazette.example.com/news/library-hours"


def test_clean_html_body_is_the_article(page: Article) -> None:
    paragraphs = [page.text[s:e] for s, e in page.body]
    assert paragraphs[0].startswith("The Riverside Public Library will stay open until 8 p.m.")
    assert paragraphs[-1] == '"We support longer hours, but we need to know who is going to work them," ' + (
        "the union member said."
    )
    assert len(paragraphs) == 5


@pytest.mark.parametrize(
    "chrome",
    ["Home", "Sports", "Share this article", "Follow us on Twitter", "All rights reserved", "Privacy"],
)
def test_clean_html_drops_navigation_and_footer(page: Article, chrome: str) -> None:
    assert all(chrome not in page.text[s:e] for s, e in page.body)


def test_clean_html_offsets_index_text(page: Article) -> None:
    assert page.body and page.boilerplate == []  # trafilatura drops the chrome from the text
    assert_offsets(page)


def test_clean_html_rawdoc_fields_win() -> None:
    raw = html_doc("article_page.html", title="Weekend Hours", published="2019-10-20", url="https://x.test/a")
    article = clean(raw, settings=SETTINGS)
    assert (article.title, article.published, article.url) == (
        "Weekend Hours",
        "2019-10-20",
        "https://x.test/a",
    )


def test_clean_html_without_article_is_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        clean(html_doc("index_page.html"), settings=SETTINGS)
    assert str(err.value) == (
        "index_page.html: no article text found in the HTML. "
        "Check that it is an article, not an index or error page."
    )


def test_clean_jsonl_html_goes_through_trafilatura() -> None:
    html = (DATA / "article_page.html").read_text(encoding="utf-8")
    article = clean(RawDoc(source="batch.jsonl:3", format="jsonl", html=html), settings=SETTINGS)
    assert article.authors == ["Priya Natarajan", "Owen Brooks"]
    assert "<p>" not in article.text


def test_clean_html_empty_page_is_an_input_error() -> None:
    raw = RawDoc(source="blank.html", format="html", html="<html><body><div></div></body></html>")
    with pytest.raises(InputError, match=r"^blank.html: no article text found in the HTML\. Check"):
        clean(raw, settings=SETTINGS)
