"""The web app: pages and JSON API over one store, with the security defaults in one place.

- the store is opened read-only unless a write token is configured;
- POST /api/articles answers 403 unless ``Authorization: Bearer <token>`` matches;
- request bodies over ``max_body`` bytes get 413 (:class:`~saidwho.serve.middleware.BodyLimit`);
- pages escape everything they show and send a strict Content-Security-Policy.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import msgspec
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from saidwho.serve import api, claims, openapi, pages, review
from saidwho.serve.db import Database
from saidwho.serve.middleware import BodyLimit, SecurityHeaders, wants_json
from saidwho.settings import Settings, load_settings

log = logging.getLogger(__name__)

DESCRIPTION = """Who said what in a saidwho store: articles with their attributions, speakers,
statements, full-text search, sourcing per outlet, and claims (who says, doubts or reports
what). Every list takes `limit` (1-100) and `offset` and returns `total`. `POST /api/extract`
runs extraction without storing; `POST /api/articles` stores, and `POST /api/corrections`
keeps reviewers' corrections: both need `Authorization: Bearer TOKEN` (the server's
`--token`), corrections also the reviewer's name in `X-Reviewer`."""


def create_app(
    db: Path, *, token: str | None = None, max_body: int = 2_000_000, settings: Settings | None = None
) -> FastAPI:
    """The web app over the store at ``db``.

    Args:
        token: allow writes (POST /api/articles) with this bearer token; ``None`` keeps the
            store read-only.
        max_body: the largest request body accepted, in bytes.
        settings: extraction settings for the paste page and POST routes (jobs forced to 1).

    Raises:
        StoreError: ``db`` is missing, not a saidwho store, or locked by a writing process.
    """
    database = Database(db, writable=token is not None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        database.close()

    app = FastAPI(title="saidwho", version=_version(), description=DESCRIPTION, lifespan=lifespan)
    app.state.db = database
    app.state.token = token
    app.state.max_body = max_body
    app.state.settings = msgspec.structs.replace(settings or load_settings(), jobs=1)
    app.include_router(api.router)
    app.include_router(claims.api_router)
    app.include_router(pages.router)
    app.include_router(claims.page_router)
    app.include_router(review.api_router)
    app.include_router(review.page_router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    openapi.install(app)
    log.info("serving %s (%s)", db, "writes with token" if token else "read-only")
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("saidwho")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def _error(request: Request, status: int, message: str) -> Response:
    if wants_json(request.scope):
        return JSONResponse({"detail": message}, status_code=status)
    return pages.render(request, "error.html", status_code=status, status=status, message=message)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return _error(request, exc.status_code, str(exc.detail))


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    if wants_json(request.scope):
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
    return _error(request, 422, f"{problems}. Fix the address and try again.")
