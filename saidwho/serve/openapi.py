"""OpenAPI documents for msgspec records: the API returns msgspec-encoded JSON, and each
route declares its body and response schemas with these helpers."""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

REF = "#/components/schemas/{name}"
_COMPONENTS: dict[str, Any] = {}


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """An error: what is wrong and what to do."""

    detail: str


def schema(kind: Any) -> dict[str, Any]:
    """The JSON Schema (a ``$ref`` for records) of ``kind``, its components remembered."""
    (ref,), components = msgspec.json.schema_components([kind], ref_template=REF)
    _COMPONENTS.update(components)
    return ref


def body(kind: Any) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads a JSON body of ``kind``."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema(kind)}}}}


def responses(kind: Any, *errors: tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    """``responses`` for a route returning ``kind``, and the errors it can answer."""
    documented: dict[int | str, dict[str, Any]] = {
        200: {"description": "OK", "content": {"application/json": {"schema": schema(kind)}}},
    }
    for status, description in errors:
        documented[status] = {
            "description": description,
            "content": {"application/json": {"schema": schema(Problem)}},
        }
    return documented


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` include the records' schemas."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            spec.setdefault("components", {}).setdefault("schemas", {}).update(_COMPONENTS)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
