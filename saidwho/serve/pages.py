"""The HTML pages: overview, articles, speakers, search, outlets dashboard, paste an article
(the claims pages are in :mod:`saidwho.serve.claims`).

Server-rendered Jinja2 with autoescape on: every value from the store or the user is
escaped where it is written; the highlighted article is built from plain-text pieces
(:mod:`saidwho.serve.highlight`).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import duckdb
import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BeforeValidator
from starlette.datastructures import UploadFile

from saidwho.errors import InputError, StoreError
from saidwho.ingest.decode import check_text_like, decode_html, decode_text
from saidwho.records import STANCES, Article
from saidwho.serve import charts, highlight
from saidwho.serve.db import Database
from saidwho.serve.deps import Cursor, Db, Offset, RunSettings
from saidwho.serve.extraction import ArticleInput, extract_async
from saidwho.store import queries
from saidwho.store.queries import ClaimSummary, Page

PAGE = 20
TYPES = queries.SPEAKER_TYPES
SOURCING = ("named", "anonymous", "unnamed", "unattributed")
STANCE_TITLES = {
    "for": "For: says so",
    "against": "Against: denies or doubts",
    "observing": "Observing: reports it",
}
UPLOADS = {".txt": False, ".text": False, ".html": True, ".htm": True}

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=500)]
# A filter form sends an empty date field as "since=": no date, not a 422.
Since = Annotated[datetime.date | None, BeforeValidator(lambda v: v or None), Query()]
Until = Annotated[datetime.date | None, BeforeValidator(lambda v: v or None), Query()]


def page_url(request: Request, offset: int) -> str:
    """This page's URL with ``offset`` replaced: the pager's links."""
    params = {**request.query_params, "offset": str(max(0, offset))}
    return f"{request.url.path}?{urlencode(params)}"


def claim_text(text: str) -> str:
    """A claim's text as a heading: without the leading "that" of a reported clause, the
    quote marks around a quote, and its trailing comma."""
    text = text.strip().removeprefix("that ").strip()
    if len(text) > 2 and text[0] in '"“' and text[-1] in '"”':
        text = text[1:-1]
    return text.rstrip(",;: ")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["describe"] = highlight.describe
    env.filters["claim"] = claim_text
    env.filters["percent"] = lambda share: f"{100 * share:.1f}%"
    # Links only to web pages: a stored URL such as javascript:... stays text.
    env.tests["http_url"] = lambda url: isinstance(url, str) and url.startswith(("http://", "https://"))
    env.globals.update(
        page_url=page_url,
        PAGE=PAGE,
        TYPES=TYPES,
        SOURCING=SOURCING,
        STANCES=STANCES,
        STANCE_TITLES=STANCE_TITLES,
    )
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    from saidwho.serve.review import page_context

    context = {**page_context(request), **context}
    return templates.TemplateResponse(request, template, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, con: Cursor, db: Db, offset: Offset = 0) -> HTMLResponse:
    return render(
        request,
        "overview.html",
        counts=db.cached(con, queries.counts),
        mix=db.cached(con, queries.source_mix, outlet=None, since=None, until=None),
        speakers=db.cached(
            con,
            queries.top_speakers,
            anonymous=None,
            outlet=None,
            since=None,
            until=None,
            limit=PAGE,
            offset=offset,
        ),
        articles=queries.list_articles(con, limit=10),
        disputed=_disputed(con, db),
    )


def _disputed(con: duckdb.DuckDBPyConnection, db: Database) -> list[ClaimSummary]:
    """The overview's most disputed claims (stated for and against); none for a store made
    before claims."""
    try:
        page: Page[ClaimSummary] = db.cached(
            con,
            queries.list_claims,
            outlet=None,
            since=None,
            until=None,
            sort="disputed",
            min_statements=2,
            limit=5,
            offset=0,
        )
    except StoreError:
        return []
    return [c for c in page.items if c.disputed]


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    con: Cursor,
    outlet: Text = None,
    since: Since = None,
    until: Until = None,
    offset: Offset = 0,
) -> HTMLResponse:
    page = queries.list_articles(
        con, outlet=outlet or None, since=since, until=until, limit=PAGE, offset=offset
    )
    return render(request, "articles.html", page=page, outlet=outlet or "")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, con: Cursor, article_id: str) -> HTMLResponse:
    view = queries.article(con, article_id)
    if view is None:
        raise HTTPException(404, f"{article_id}: no such article. Find one on the articles page.")
    return render(
        request,
        "article.html",
        view=view,
        article=view.article,
        canonical=view.canonical,
        pieces=highlight.pieces(view.article),
    )


@router.get("/speakers", response_class=HTMLResponse)
def speakers(
    request: Request,
    con: Cursor,
    db: Db,
    name: Text = None,
    outlet: Text = None,
    anonymous: bool | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    if name:
        page = queries.find_speakers(con, name, limit=PAGE, offset=offset)
    else:
        page = db.cached(
            con,
            queries.top_speakers,
            anonymous=anonymous,
            outlet=outlet or None,
            since=None,
            until=None,
            limit=PAGE,
            offset=offset,
        )
    return render(
        request, "speakers.html", page=page, name=name or "", outlet=outlet or "", anonymous=anonymous
    )


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker(request: Request, con: Cursor, speaker_id: str, offset: Offset = 0) -> HTMLResponse:
    profile = queries.speaker(con, speaker_id)
    if profile is None:
        raise HTTPException(404, f"{speaker_id}: no such speaker. Find one on the speakers page.")
    return render(
        request,
        "speaker.html",
        profile=profile,
        statements=queries.speaker_statements(con, speaker_id, limit=PAGE, offset=offset),
        timeline=charts.timeline(profile.timeline),
        outlets=charts.stacked({c.label or "(no outlet)": c.statements for c in profile.outlets}),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    con: Cursor,
    q: Text = None,
    outlet: Text = None,
    speaker: Annotated[str | None, Query(max_length=100)] = None,
    since: Since = None,
    until: Until = None,
    offset: Offset = 0,
) -> HTMLResponse:
    page = None
    if q:
        page = queries.search_statements(
            con,
            q,
            speaker_id=speaker or None,
            outlet=outlet or None,
            since=since,
            until=until,
            limit=PAGE,
            offset=offset,
        )
    return render(request, "search.html", q=q or "", outlet=outlet or "", speaker=speaker or "", page=page)


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request, con: Cursor, db: Db, since: Since = None, until: Until = None) -> HTMLResponse:
    mixes = db.cached(con, queries.outlet_sourcing, since=since, until=until)
    rows = [(m, charts.stacked({k: getattr(m, k) for k in SOURCING}), charts.stacked(m.types)) for m in mixes]
    return render(request, "outlets.html", rows=rows, since=since or "", until=until or "")


@router.get("/paste", response_class=HTMLResponse)
def paste(request: Request) -> HTMLResponse:
    return render(request, "paste.html", article=None, error=None, form={})


@router.post("/paste", response_class=HTMLResponse)
async def paste_extract(request: Request, settings: RunSettings) -> HTMLResponse:
    limit: int = request.app.state.max_body
    async with request.form(max_files=1, max_fields=10, max_part_size=limit) as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        try:
            doc = await _paste_input(fields, upload if isinstance(upload, UploadFile) else None)
            found: Article | None = await extract_async(doc, settings)
            error = None
        except InputError as exc:
            found, error = None, str(exc)
    return render(
        request,
        "paste.html",
        status_code=422 if error else 200,
        article=found,
        error=error,
        form=fields,
        pieces=highlight.pieces(found) if found else [],
        canonical={},
    )


async def _paste_input(fields: dict[str, str], upload: UploadFile | None) -> ArticleInput:
    """The pasted text, or the uploaded .txt/.html file, as an extraction input."""
    title, url = fields.get("title", "").strip() or None, fields.get("url", "").strip() or None
    if upload is not None and upload.filename:
        name = upload.filename
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOADS:
            raise InputError(
                name, "not a .txt or .html file", "Upload the article as .txt or .html, or paste its text."
            )
        # The same decoding as `saidwho extract`: UTF-8, else the detected charset; binary refused.
        data = await upload.read()
        check_text_like(name, data)
        decoded = decode_html(name, data) if UPLOADS[suffix] else decode_text(name, data)
        return ArticleInput(text=decoded.text, html=UPLOADS[suffix], title=title, url=url)
    text = fields.get("text", "")
    if not text.strip():
        raise InputError(
            "<pasted article>",
            "nothing to extract",
            "Paste an article's text, or choose a .txt or .html file.",
        )
    return ArticleInput(text=text, title=title, url=url)
