"""ASGI middleware: request body limit (413) and security headers on every response."""

from __future__ import annotations

import html
import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages need no inline script or style and no other origin; the API docs (/docs,
# /redoc) load FastAPI's Swagger UI from its CDN with inline script, so they go without.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def too_large_message(limit: int) -> str:
    return (
        f"request body is larger than this server's {limit:,}-byte limit. "
        "Send a shorter article, or split it into parts."
    )


class BodyTooLarge(HTTPException):
    """The request body passed the limit while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


def wants_json(scope: Scope) -> bool:
    """API paths, and clients that do not ask for HTML, get JSON errors."""
    if str(scope.get("path", "")).startswith("/api"):
        return True
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    return b"text/html" not in accept


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413: by Content-Length before reading,
    and by counting the bytes of bodies streamed without one (chunked)."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge(self.limit)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = too_large_message(self.limit)
        if wants_json(scope):
            body, kind = json.dumps({"detail": message}).encode(), b"application/json"
        else:
            body = (
                f"<!doctype html><title>413 Request body too large</title>"
                f"<h1>Request body too large</h1><p>{html.escape(message)}</p>"
            ).encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", kind),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    *HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add nosniff, no-referrer, no framing and (outside the API docs) a strict CSP."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(("/docs", "/redoc"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = HEADERS if docs else [*HEADERS, (b"content-security-policy", CSP.encode())]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
