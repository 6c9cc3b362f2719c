"""Reviewing from the web app: reviewers' corrections through pages and the JSON API.

Writes need the server's token (``saidwho serve --token``), as every write does:

- the API takes ``Authorization: Bearer TOKEN`` and the reviewer's name in ``X-Reviewer``
  (or each correction's ``reviewer``);
- a person signs in once at ``/review`` with the token and their name, and gets a cookie
  (HttpOnly, SameSite=Strict) holding the name signed with the token; every form then
  carries a CSRF token derived from both, and a POST whose ``Origin`` names another site is
  refused, so another site cannot make a signed-in reviewer's browser write.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from saidwho.review.records import At, Correction, NewStatement, Who
from saidwho.serve.api import encode
from saidwho.serve.deps import Cursor, Db, Limit, Offset, require_token
from saidwho.serve.openapi import body, responses, schema
from saidwho.store.corrections import CorrectionView, Outcome, list_corrections
from saidwho.store.queries import Page

COOKIE = "saidwho_reviewer"
MAX_NAME = 100

api_router = APIRouter(prefix="/api", tags=["review"])
# A Correction's value is typed by its op (Correction's description): its record types are
# in the document's components too.
VALUE_SCHEMAS = [schema(kind) for kind in (At, Who, NewStatement)]
page_router = APIRouter(include_in_schema=False)


def _mac(token: str, purpose: str, name: str) -> str:
    return hmac.new(token.encode(), f"{purpose}:{name}".encode(), hashlib.sha256).hexdigest()


def session_cookie(token: str, name: str) -> str:
    """The cookie value for reviewer ``name``: the name and its signature with the token."""
    encoded = base64.urlsafe_b64encode(name.encode()).decode()
    return f"{encoded}.{_mac(token, 'reviewer', name)}"


def reviewer_of(request: Request) -> str | None:
    """The signed-in reviewer's name, when the server takes writes and the cookie is its own."""
    token: str | None = request.app.state.token
    value = request.cookies.get(COOKIE, "")
    encoded, _, mac = value.partition(".")
    if token is None or not mac:
        return None
    try:
        name = base64.urlsafe_b64decode(encoded.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return name if hmac.compare_digest(mac, _mac(token, "reviewer", name)) else None


def _csrf(request: Request, name: str | None) -> str | None:
    """The CSRF token the forms of signed-in reviewer ``name`` carry."""
    token: str | None = request.app.state.token
    return None if name is None or token is None else _mac(token, "csrf", name)[:32]


def page_context(request: Request) -> dict[str, Any]:
    """What every page knows of review: whether the server takes writes, who is signed in,
    the forms' CSRF token."""
    name = reviewer_of(request)
    return {"writable": request.app.state.token is not None, "reviewer": name, "csrf": _csrf(request, name)}


# JSON API -----------------------------------------------------------------------------------


def _reviewer(x_reviewer: str | None) -> str:
    name = (x_reviewer or "").strip()
    if not name or len(name) > MAX_NAME:
        raise HTTPException(
            422,
            f"corrections need the reviewer's name (1-{MAX_NAME} characters). Send it as 'X-Reviewer: NAME'.",
        )
    return name


Reviewer = Annotated[str | None, Header(description="The reviewer's name, kept with each correction.")]


@api_router.get(
    "/corrections", responses=responses(Page[CorrectionView]), summary="Reviewers' corrections, newest first"
)
def corrections(
    con: Cursor,
    article: Annotated[str | None, Query(max_length=100, description="Only this article's.")] = None,
    status: Annotated[str | None, Query(pattern="^(applied|stale)$", description="applied or stale.")] = None,
    undone: Annotated[bool, Query(description="Undone ones too.")] = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    return encode(
        list_corrections(con, article_id=article, status=status, undone=undone, limit=limit, offset=offset)
    )


@api_router.post(
    "/corrections",
    dependencies=[Depends(require_token)],
    status_code=201,
    responses=responses(
        list[Outcome], (403, "Writes are off, or the token is wrong"), (422, "Not a correction")
    ),
    openapi_extra=body(list[Correction]),
    summary="Make corrections, one transaction (needs the token and X-Reviewer)",
)
async def make_corrections(request: Request, db: Db, x_reviewer: Reviewer = None) -> Response:
    reviewer = _reviewer(x_reviewer)
    raw = await request.body()
    try:
        requests = msgspec.json.decode(raw, type=list[Correction] | Correction)
    except msgspec.DecodeError as exc:
        raise HTTPException(
            422, f"request body: {exc}. Send a correction or a list of them (see the Correction schema)."
        ) from exc
    batch = requests if isinstance(requests, list) else [requests]
    outcomes = await run_in_threadpool(db.review, batch, reviewer=reviewer)
    return encode(outcomes, status_code=201)


@api_router.post(
    "/corrections/{correction_id}/undo",
    dependencies=[Depends(require_token)],
    responses=responses(Outcome, (403, "Writes are off, or the token is wrong")),
    summary="Undo a correction: the machine value comes back (needs the token and X-Reviewer)",
)
async def undo_correction(correction_id: int, db: Db, x_reviewer: Reviewer = None) -> Response:
    (outcome,) = await run_in_threadpool(db.undo, [correction_id], reviewer=_reviewer(x_reviewer))
    return encode(outcome, status_code=404 if outcome.status == "refused" else 200)


# Pages --------------------------------------------------------------------------------------


def _back(fields: dict[str, str]) -> str:
    """Where to return after a form: a path of this site only."""
    back = fields.get("back", "/")
    return back if back.startswith("/") and not back.startswith("//") else "/"


def _same_origin(request: Request) -> bool:
    """False when the request names another site as its origin. Pages are sent with
    ``Referrer-Policy: no-referrer``, under which browsers send ``Origin: null`` with their
    own forms: that, or no Origin, leaves it to the CSRF token and the SameSite cookie."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return origin.split("://", 1)[-1] == request.headers.get("host", "")


async def _form(request: Request) -> dict[str, str]:
    async with request.form(max_files=0, max_fields=40) as form:
        return {k: v for k, v in form.items() if isinstance(v, str)}


def _signed_in(request: Request, fields: dict[str, str]) -> str:
    """The reviewer of a page's POST, after the CSRF checks; 403 otherwise."""
    if request.app.state.token is None:
        raise HTTPException(403, "this server takes no corrections. Start it with --token TOKEN.")
    name = reviewer_of(request)
    csrf = _csrf(request, name)
    if name is None or csrf is None:
        raise HTTPException(403, "sign in to review first: open /review and give the token and your name.")
    if not _same_origin(request) or not hmac.compare_digest(fields.get("csrf", ""), csrf):
        raise HTTPException(
            403, "this form did not come from this site's pages. Reload the page and try again."
        )
    return name


@page_router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, con: Cursor, offset: Offset = 0) -> HTMLResponse:
    from saidwho.serve.pages import render

    page = list_corrections(con, undone=True, limit=50, offset=offset)
    return render(request, "review.html", page=page, back=request.query_params.get("back", "/"))


@page_router.post("/review/login")
async def login(request: Request) -> Response:
    fields = await _form(request)
    token: str | None = request.app.state.token
    name = fields.get("name", "").strip()[:MAX_NAME]
    if token is None or not _same_origin(request):
        raise HTTPException(403, "this server takes no corrections. Start it with --token TOKEN.")
    if not name or not hmac.compare_digest(fields.get("token", "").encode(), token.encode()):
        raise HTTPException(
            403, "wrong token, or no name. Give the token the server was started with and your name."
        )
    response = RedirectResponse(_back(fields), status_code=303)
    response.set_cookie(COOKIE, session_cookie(token, name), httponly=True, samesite="strict", path="/")
    return response


@page_router.post("/review/logout")
async def logout(request: Request) -> Response:
    fields = await _form(request)
    _signed_in(request, fields)
    response = RedirectResponse(_back(fields), status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def form_correction(fields: dict[str, str]) -> Correction:
    """A correction from a page's form (see templates/_review.html for the fields)."""

    def at(prefix: str) -> dict[str, int] | None:
        start, end = fields.get(f"{prefix}start", "").strip(), fields.get(f"{prefix}end", "").strip()
        return {"start": int(start), "end": int(end)} if start.isdigit() and end.isdigit() else None

    def who() -> dict[str, Any] | None:
        if fields.get("pick"):
            return {"speaker": fields["pick"]}
        if fields.get("canonical"):
            return {"canonical": fields["canonical"]}
        name = fields.get("name", "").strip()
        if not name:
            return None
        return {"name": name, "type": fields.get("type") or "person", "anonymous": "anonymous" in fields}

    op = fields.get("op", "")
    value: Any = fields.get("value")
    if op in ("source", "cue"):
        value = at("")
    elif op == "content":
        value = [at("")]
    elif op == "speaker":
        value = who()
    elif op == "anonymous":
        value = value == "true"
    elif op == "delete":
        value = None
    elif op == "add":
        value = {
            "cue": at("cue_"),
            "content": [at("content_")],
            "source": at("source_"),
            "kind": fields.get("kind") or "indirect",
            "speaker": who(),
        }
    return Correction(
        article=fields.get("article", ""),
        op=op,  # type: ignore[arg-type] # checked by msgspec.convert when kept
        attribution=fields.get("attribution") or None,
        speaker=fields.get("speaker") or None,
        value=value,
    )


@page_router.post("/review/corrections")
async def correct(request: Request, db: Db) -> Response:
    fields = await _form(request)
    reviewer = _signed_in(request, fields)
    try:
        request_ = form_correction(fields)
        msgspec.convert(msgspec.to_builtins(request_), Correction)
    except (ValueError, msgspec.ValidationError) as exc:
        raise HTTPException(422, f"{exc}. Pick one of the operations the page offers.") from exc
    (outcome,) = await run_in_threadpool(db.review, [request_], reviewer=reviewer)
    if outcome.status == "refused":
        raise HTTPException(422, outcome.message or "the correction was refused")
    return RedirectResponse(_back(fields), status_code=303)


@page_router.post("/review/undo")
async def undo(request: Request, db: Db) -> Response:
    fields = await _form(request)
    reviewer = _signed_in(request, fields)
    if not fields.get("id", "").isdigit():
        raise HTTPException(422, "no correction to undo. Use an undo button of a page.")
    (outcome,) = await run_in_threadpool(db.undo, [int(fields["id"])], reviewer=reviewer)
    if outcome.status == "refused":
        raise HTTPException(404, outcome.message or "no such correction")
    return RedirectResponse(_back(fields), status_code=303)
