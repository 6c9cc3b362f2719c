"""The web app in a real browser: Playwright driving Debian's chromium over a live server.

Needs ``apt-get install chromium`` and ``pip install playwright`` (the [dev] extra); never
``playwright install``. The server runs uvicorn on 127.0.0.1 and a free port in a thread.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from saidwho.serve import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the [dev] extra)")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serving(store: Path, token: str | None = None) -> Iterator[str]:
    """The web app over ``store`` (with a write ``token``, if given) on a free local port in
    a thread, until the generator ends."""
    app = create_app(store, token=token)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.db.close()


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    yield from serving(store_path)


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: sync_api.Browser, base_url: str) -> Iterator[sync_api.Page]:
    """A fresh page that fails the test on any script error, CSP violation or dialog
    (an ``alert`` from article text would be one)."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()
    assert problems == []


def test_browser_overview_lists_top_speakers(page):
    page.goto("/")
    sync_api.expect(page.get_by_role("heading", name="Who said what")).to_be_visible()
    sync_api.expect(page.locator("table.list").first).to_contain_text("Ash Carter")


def test_browser_article_click_shows_the_speaker(page):
    page.goto("/")
    page.get_by_role("link", name="Troops stay home").click()
    sync_api.expect(page).to_have_url(re.compile(r"/articles/\w+"))
    page.locator("mark.shown-content", has_text="the policy had failed").click()
    box = page.locator("#speaker-box")
    sync_api.expect(box).to_be_visible()
    sync_api.expect(box).to_contain_text("Critics")
    sync_api.expect(box).to_contain_text("group, unnamed")
    page.locator("mark.shown-source", has_text="Ash Carter").click()
    sync_api.expect(box).to_contain_text("person, named")
    sync_api.expect(page.locator("mark.active")).to_have_count(3)  # source, cue, content of A1


def test_browser_article_shows_script_as_text(page):
    page.goto("/articles?outlet=voanews.com")
    page.get_by_role("link", name=re.compile("Carter on troops")).click()
    sync_api.expect(page.locator("#article-text")).to_contain_text(
        "the plan was <script>alert(1)</script> and <b>bold</b>"
    )
    sync_api.expect(page.locator("#article-text b")).to_have_count(0)
    page.locator("mark.shown-content", has_text="the plan was").click()
    sync_api.expect(page.locator("#speaker-box")).to_contain_text("anonymous (not authorised to speak)")


def test_browser_speaker_page(page):
    page.goto("/speakers")
    page.get_by_role("link", name="Ash Carter").click()
    sync_api.expect(page.get_by_role("heading", name="Ash Carter")).to_be_visible()
    sync_api.expect(page.locator(".tags")).to_contain_text(["Ash Carter", "the defense secretary"])
    sync_api.expect(page.locator("svg.timeline rect.bar")).to_have_count(3)
    sync_api.expect(page.locator(".statement")).to_have_count(2)


def test_browser_search(page):
    page.goto("/")
    page.locator("#q").fill("ground troops")
    page.locator("#q").press("Enter")
    sync_api.expect(page).to_have_url(re.compile(r"/search\?q=ground\+troops"))
    sync_api.expect(page.locator(".result-count")).to_contain_text("2 statements match")
    page.locator(".statement a", has_text="Troops stay home").click()
    sync_api.expect(page).to_have_url(re.compile(r"/articles/\w+#A1$"))


def test_browser_outlets_dashboard(page):
    page.goto("/outlets")
    row = page.locator("table.outlets tbody tr", has_text="voanews.com")
    sync_api.expect(row).to_contain_text("50.0%")
    sync_api.expect(row.locator("svg.stacked rect")).to_have_count(3)  # named, anonymous / person, unknown


def test_browser_paste_an_article(page):
    page.goto("/paste")
    page.locator("#paste-text").fill('"We are ready for the storm," said Jane Roe, a city spokeswoman.')
    page.locator("#paste-submit").click()
    source = page.locator("mark.shown-source", has_text="Jane Roe")
    sync_api.expect(source).to_be_visible(timeout=60_000)  # the first extraction loads the model
    source.click()
    sync_api.expect(page.locator("#speaker-box")).to_contain_text("Jane Roe")
    sync_api.expect(page.locator("#speaker-box")).to_contain_text("person, named")
