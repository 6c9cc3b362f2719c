"""The claims pages in a real browser (Chromium through Playwright, as test_browser.py):
the list, a claim's board, a statement followed to its highlighted place in the article,
and the "who says ...?" box, over the store of one contested claim (:mod:`claims_story`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from claims_story import CLAIM

# The browser and a page failing on script errors, CSP violations and dialogs, shared with
# the article tests (importing their module skips this one where Playwright is missing).
from test_browser import CHROMIUM, browser, page, serving, sync_api  # noqa: F401

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"),
]
expect = sync_api.expect


@pytest.fixture(scope="module")
def base_url(claims_store: Path) -> Iterator[str]:
    yield from serving(claims_store)


def test_browser_claims_list_to_board_columns(page):  # noqa: F811
    page.goto("/")
    page.get_by_role("link", name="Claims", exact=True).click()
    expect(page.get_by_role("heading", name="Claims", exact=True)).to_be_visible()
    page.locator("table.claims a", has_text="Velmora").first.click()
    expect(page).to_have_url(re.compile(r"/claims/\d+$"))
    for stance in ("for", "against", "observing"):
        expect(page.locator(f"section.stance-{stance} h2")).to_be_visible()
    expect(page.locator("section.stance-for .statement").first).to_contain_text("Velmora")
    expect(page.locator("section.stance-against .statement").first).to_be_visible()
    expect(page.locator("svg.timeline rect").first).to_be_visible()


def test_browser_claims_statement_lands_on_its_highlight(page):  # noqa: F811
    page.goto(f"/claim?text={CLAIM}")
    statement = page.locator("section.stance-against .statement", has_text="no evidence")
    speaker = statement.locator("a.who").inner_text()
    statement.locator("a.in-article").click()
    expect(page).to_have_url(re.compile(r"/articles/\w+#A\d+$"))
    active = page.locator("mark.active")
    expect(active.first).to_be_visible()
    expect(active.first).to_be_in_viewport()
    anchor = page.url.rsplit("#", 1)[1]
    assert set(active.evaluate_all("marks => marks.map(m => m.dataset.att)")) == {anchor}
    expect(page.locator("mark.active.hl-content")).to_contain_text(["no evidence"])
    box = page.locator("#speaker-box")
    expect(box).to_be_visible()
    expect(box).to_contain_text(speaker)


def test_browser_claims_who_says_box(page):  # noqa: F811
    page.goto("/")
    box = page.locator("#who-says")
    box.fill(CLAIM)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/claim\?text=Darian\+Kolt\+is\+hiding\+in\+Velmora$"))
    expect(page.get_by_role("heading", name=re.compile("Who says"))).to_contain_text(CLAIM)
    expect(page.locator("section.stance-for .positions")).to_contain_text("Marta Ilsen")
    expect(page.locator("section.stance-against .positions")).to_contain_text("Piet Arends")
    expect(page.locator("main")).not_to_contain_text("railway")
    page.locator("#who-says").fill("the harbour festival will go ahead")
    page.get_by_role("button", name="Who says so?").click()
    expect(page.locator("section.stance-for")).to_contain_text("the mayor of Velmora", ignore_case=True)
