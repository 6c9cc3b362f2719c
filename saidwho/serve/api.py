"""The JSON API under /api: the store's queries, extraction, and (with a token) ingest.

Every list is a page: ``items``, ``total`` matches, and the ``limit`` (1-100) and ``offset``
asked for. Errors are ``{"detail": "<what is wrong>. <what to do>."}``.
"""

from __future__ import annotations

import datetime
from typing import Annotated

import msgspec
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from saidwho.errors import InputError
from saidwho.records import Article
from saidwho.serve.deps import Cursor, Db, Limit, Offset, RunSettings, require_token
from saidwho.serve.extraction import ArticleInput, extract_async
from saidwho.serve.openapi import body, responses
from saidwho.store import queries
from saidwho.store.queries import (
    ArticleSummary,
    ArticleView,
    Page,
    SourceMix,
    SpeakerCount,
    SpeakerProfile,
    Statement,
)
from saidwho.store.rows import store_key

router = APIRouter(prefix="/api", tags=["api"])

Outlet = Annotated[str | None, Query(max_length=300, description="Only this outlet, e.g. voanews.com.")]
Since = Annotated[datetime.date | None, Query(description="First publication date, YYYY-MM-DD.")]
Until = Annotated[datetime.date | None, Query(description="Last publication date, YYYY-MM-DD.")]


class Stored(msgspec.Struct, frozen=True, kw_only=True):
    """What POST /api/articles did: the article's store id, and whether it was new."""

    id: str
    added: bool
    attributions: int
    speakers: int


def encode(value: object, status_code: int = 200) -> Response:
    return Response(msgspec.json.encode(value), status_code=status_code, media_type="application/json")


def not_found(what: str, key: str, hint: str) -> HTTPException:
    return HTTPException(404, f"{key}: no such {what}. {hint}")


@router.get("/stats", responses=responses(dict[str, int]), summary="Rows per table")
def stats(con: Cursor, db: Db) -> Response:
    return encode(db.cached(con, queries.counts))


@router.get("/articles", responses=responses(Page[ArticleSummary]), summary="Articles, newest first")
def articles(
    con: Cursor,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    return encode(
        queries.list_articles(con, outlet=outlet, since=since, until=until, limit=limit, offset=offset)
    )


@router.get(
    "/articles/{article_id}",
    responses=responses(ArticleView, (404, "No such article")),
    summary="One article with its attributions and speakers",
)
def article(con: Cursor, article_id: str) -> Response:
    view = queries.article(con, article_id)
    if view is None:
        raise not_found("article", article_id, "List the stored ones at /api/articles.")
    return encode(view)


@router.get("/speakers", responses=responses(Page[SpeakerCount]), summary="The most quoted speakers")
def speakers(
    con: Cursor,
    db: Db,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    anonymous: Annotated[
        bool | None, Query(description="Only anonymous (true) or non-anonymous (false) speakers.")
    ] = None,
    name: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Speakers whose name or an alias contains this; other filters ignored.",
        ),
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    if name:
        return encode(queries.find_speakers(con, name, limit=limit, offset=offset))
    return encode(
        db.cached(
            con,
            queries.top_speakers,
            anonymous=anonymous,
            outlet=outlet,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    )


@router.get(
    "/speakers/{speaker_id}",
    responses=responses(SpeakerProfile, (404, "No such speaker")),
    summary="A speaker: aliases, descriptors, outlets, statements per month",
)
def speaker(con: Cursor, speaker_id: str) -> Response:
    profile = queries.speaker(con, speaker_id)
    if profile is None:
        raise not_found("speaker", speaker_id, "Find speakers at /api/speakers?name=...")
    return encode(profile)


@router.get(
    "/speakers/{speaker_id}/statements",
    responses=responses(Page[Statement], (404, "No such speaker")),
    summary="Everything a speaker said, newest first",
)
def speaker_statements(con: Cursor, speaker_id: str, limit: Limit = 20, offset: Offset = 0) -> Response:
    if queries.speaker(con, speaker_id) is None:
        raise not_found("speaker", speaker_id, "Find speakers at /api/speakers?name=...")
    return encode(queries.speaker_statements(con, speaker_id, limit=limit, offset=offset))


@router.get("/search", responses=responses(Page[Statement]), summary="Full-text search over statements")
def search(
    con: Cursor,
    q: Annotated[
        str,
        Query(
            min_length=1, max_length=500, description='Every word must occur; "quoted phrases" as written.'
        ),
    ],
    speaker: Annotated[str | None, Query(max_length=100, description="Only this speaker id.")] = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    return encode(
        queries.search_statements(
            con, q, speaker_id=speaker, outlet=outlet, since=since, until=until, limit=limit, offset=offset
        )
    )


@router.get(
    "/outlets",
    responses=responses(Page[SourceMix]),
    summary="Sourcing per outlet: named vs anonymous, speaker types",
)
def outlets(
    con: Cursor, db: Db, since: Since = None, until: Until = None, limit: Limit = 20, offset: Offset = 0
) -> Response:
    mixes = db.cached(con, queries.outlet_sourcing, since=since, until=until)
    return encode(Page(items=mixes[offset : offset + limit], total=len(mixes), limit=limit, offset=offset))


@router.get(
    "/mix",
    responses=responses(SourceMix),
    summary="The source mix of an outlet, an article, a period or the whole store",
)
def mix(
    con: Cursor,
    db: Db,
    outlet: Outlet = None,
    article: Annotated[str | None, Query(max_length=100, description="An article id.")] = None,
    since: Since = None,
    until: Until = None,
) -> Response:
    if article is not None:  # one article's statements, by index: not worth caching
        return encode(queries.source_mix(con, outlet=outlet, article_id=article, since=since, until=until))
    return encode(db.cached(con, queries.source_mix, outlet=outlet, since=since, until=until))


async def _article_input(request: Request) -> ArticleInput:
    try:
        return msgspec.json.decode(await request.body(), type=ArticleInput)
    except msgspec.DecodeError as exc:
        raise HTTPException(
            422,
            f'request body: {exc}. Send a JSON object with "text" (and optionally '
            "html, title, url, published, outlet).",
        ) from exc


async def _extract(doc: ArticleInput, settings: RunSettings) -> Article:
    try:
        return await extract_async(doc, settings)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post(
    "/extract",
    responses=responses(Article, (413, "Body too large"), (422, "No article in the body")),
    openapi_extra=body(ArticleInput),
    summary="Extract who said what from a text; nothing is stored",
)
async def extract(request: Request, settings: RunSettings) -> Response:
    return encode(await _extract(await _article_input(request), settings))


@router.post(
    "/articles",
    dependencies=[Depends(require_token)],
    status_code=201,
    responses=responses(
        Stored,
        (403, "Writes are off, or the token is wrong"),
        (413, "Body too large"),
        (422, "No article in the body"),
    ),
    openapi_extra=body(ArticleInput),
    summary="Extract from an article and store it (needs 'Authorization: Bearer TOKEN')",
)
async def add_article(request: Request, settings: RunSettings, db: Db) -> Response:
    doc = await _article_input(request)
    found = await _extract(doc, settings)
    done = await run_in_threadpool(db.add, found, outlet=doc.outlet)
    stored = Stored(
        id=store_key(found.id, found.url),
        added=bool(done.added),
        attributions=len(found.attributions),
        speakers=len(found.speakers),
    )
    return encode(stored, 201 if done.added else 200)
