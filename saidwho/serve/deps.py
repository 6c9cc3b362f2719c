"""What routes take from the app: a store cursor, page bounds, the write token check."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

import duckdb
from fastapi import Depends, HTTPException, Query, Request

from saidwho.serve.db import Database
from saidwho.settings import Settings

MAX_LIMIT = 100


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB cursor for this request, closed after it."""
    cur = database(request).cursor()
    try:
        yield cur
    finally:
        cur.close()


def require_token(request: Request) -> None:
    """Let the request write only with ``Authorization: Bearer <token>`` matching the server's."""
    token: str | None = request.app.state.token
    if token is None:
        raise HTTPException(
            403,
            "writes are off on this server. Start it with --token TOKEN "
            "(or SAIDWHO_TOKEN) and send 'Authorization: Bearer TOKEN'.",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(
            403,
            "missing or wrong token. Send 'Authorization: Bearer TOKEN' "
            "with the token the server was started with.",
        )


Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]
Db = Annotated[Database, Depends(database)]
RunSettings = Annotated[Settings, Depends(settings)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
