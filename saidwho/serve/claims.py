"""Claims in the web app: the JSON routes under /api/claims and the pages /claims,
/claims/{id} and /claim?text= (a typed claim's board: the "who says ...?" box).

Boards come from :mod:`saidwho.claims.board`; a stored claim's board and each list are
computed once until the server's next write (:meth:`Database.cached`), and so is a typed
claim's, which runs the encoder and the stance model.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from saidwho.claims import board as claims
from saidwho.claims.board import ClaimBoard
from saidwho.errors import ModelError, StoreError
from saidwho.records import STANCES
from saidwho.serve import api, charts
from saidwho.serve.api import Outlet, encode
from saidwho.serve.db import Database
from saidwho.serve.deps import Cursor, Db, Limit, Offset
from saidwho.serve.openapi import responses
from saidwho.serve.pages import PAGE, Since, Until, render
from saidwho.store import queries
from saidwho.store.queries import ClaimSummary, Page

api_router = APIRouter(prefix="/api/claims", tags=["claims"])
page_router = APIRouter(include_in_schema=False)

Sort = Literal["disputed", "stated"]
SortParam = Annotated[
    Sort,
    Query(
        description="disputed: the smaller of for and against, highest first; stated: most statements first."
    ),
]
MinStatements = Annotated[
    int, Query(ge=1, le=10_000, description="Only claims stated at least this often within the filters.")
]
ClaimText = Annotated[
    str,
    Query(min_length=3, max_length=500, description='A claim in words, e.g. "Baghdadi is hiding in Mosul".'),
]
OLD_STORE = (409, "The store was made before claims")
NO_MODEL = (503, "A shipped model is missing")
NO_CLAIM = (404, "No such claim")


def _ask(db: Database, con: duckdb.DuckDBPyConnection, query: Any, **kwargs: Any) -> Any:
    """``query(con, **kwargs)``, cached; a store made before claims answers 409, and a
    missing model 503, not 500."""
    try:
        return db.cached(con, query, **kwargs)
    except ModelError as exc:
        raise HTTPException(503, str(exc)) from exc
    except StoreError as exc:
        raise HTTPException(
            409,
            f"{db.path}: this store was made before claims existed. Stop the server, run "
            f"'saidwho claims --rebuild --db {db.path}', and start it again.",
        ) from exc


def _stored(db: Database, con: duckdb.DuckDBPyConnection, claim_id: int, hint: str) -> ClaimBoard:
    board: ClaimBoard | None = _ask(db, con, claims.claim_board, claim_id=claim_id)
    if board is None:
        raise HTTPException(404, f"{claim_id}: no such claim. {hint}")
    return board


def _typed(db: Database, con: duckdb.DuckDBPyConnection, text: str) -> ClaimBoard:
    board: ClaimBoard = _ask(db, con, claims.typed_board, text=" ".join(text.split()))
    return board


# ------------------------------------------------------------------------------- API


@api_router.get(
    "",
    responses=responses(Page[ClaimSummary], OLD_STORE),
    summary="Claims, most disputed or most stated first",
)
def list_claims(
    con: Cursor,
    db: Db,
    outlet: Outlet = None,
    since: api.Since = None,
    until: api.Until = None,
    sort: SortParam = "disputed",
    min_statements: MinStatements = 2,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    page = _ask(
        db,
        con,
        queries.list_claims,
        outlet=outlet,
        since=since,
        until=until,
        sort=sort,
        min_statements=min_statements,
        limit=limit,
        offset=offset,
    )
    return encode(page)


@api_router.get(
    "/search",
    responses=responses(ClaimBoard, OLD_STORE, NO_MODEL),
    summary="A typed claim's board: the statements about it, ranked, each with its stance",
)
def typed_claim(con: Cursor, db: Db, text: ClaimText) -> Response:
    return encode(_typed(db, con, text))


@api_router.get(
    "/{claim_id}",
    responses=responses(ClaimBoard, NO_CLAIM, OLD_STORE),
    summary="A stored claim's board: its statements, and who stands for, against or observes it",
)
def claim(con: Cursor, db: Db, claim_id: int) -> Response:
    hint = "List the stored ones at /api/claims, or ask by its words: /api/claims/search?text=WORDS."
    return encode(_stored(db, con, claim_id, hint))


# ----------------------------------------------------------------------------- pages


@page_router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    con: Cursor,
    db: Db,
    q: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    since: Since = None,
    until: Until = None,
    sort: Sort = "disputed",
    offset: Offset = 0,
) -> HTMLResponse:
    if q and q.strip():
        return _board_page(request, _typed(db, con, q), q=q)
    page: Page[ClaimSummary] = _ask(
        db,
        con,
        queries.list_claims,
        outlet=outlet or None,
        since=since,
        until=until,
        sort=sort,
        min_statements=2,
        limit=PAGE,
        offset=offset,
    )
    return render(
        request,
        "claims.html",
        page=page,
        rows=[(c, _by_stance(c.stances)) for c in page.items],
        outlet=outlet or "",
        since=since or "",
        until=until or "",
        sort=sort,
        q="",
    )


@page_router.get("/claim", response_class=HTMLResponse)
def typed_page(
    request: Request, con: Cursor, db: Db, text: Annotated[str, Query(min_length=3, max_length=500)]
) -> HTMLResponse:
    return _board_page(request, _typed(db, con, text), q=text)


@page_router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, con: Cursor, db: Db, claim_id: int) -> HTMLResponse:
    hint = 'Find one on the claims page, or type its words in the "who says" box.'
    return _board_page(request, _stored(db, con, claim_id, hint), q="")


def _by_stance(stances: dict[str, int]) -> list[charts.Segment]:
    return charts.stacked({k: stances.get(k, 0) for k in STANCES})


def _board_page(request: Request, board: ClaimBoard, *, q: str) -> HTMLResponse:
    return render(
        request,
        "claim.html",
        board=board,
        q=" ".join(q.split()),
        columns={k: [s for s in board.statements if s.stance == k] for k in STANCES},
        # per stance over every statement, not only the listed ones (a board lists 200 at most)
        totals={k: sum(b.stances.get(k, 0) for b in board.outlets) for k in STANCES},
        timeline=charts.stacked_timeline(board.timeline, STANCES),
        outlets=[(b, _by_stance(b.stances)) for b in board.outlets],
        types=[(b, _by_stance(b.stances)) for b in board.source_types],
    )
