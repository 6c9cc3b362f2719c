"""HTML → main text and metadata, through trafilatura (imported lazily: it is heavy)."""

from __future__ import annotations

import logging
from typing import Any

import msgspec

from saidwho.errors import DependencyError, InputError

log = logging.getLogger(__name__)


class Extracted(msgspec.Struct, frozen=True, kw_only=True):
    """What trafilatura found on a page."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None


def extract_html(html: str, *, source: str, url: str | None = None) -> Extracted:
    """The page's main text (paragraphs one a line) and metadata.

    Raises:
        InputError: the page holds no article text (an index, error or empty page).
    """
    try:
        import trafilatura
    except ImportError as exc:  # e.g. jusText's lxml_html_clean, left out by pip < 24
        raise DependencyError.of(exc, "'trafilatura>=2' lxml_html_clean") from exc

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    fields: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = (fields.get("text") or "").strip()
    if not text:
        raise InputError(
            source,
            "no article text found in the HTML",
            "Check that it is an article, not an index or error page.",
        )
    page_url = url or fields.get("url")
    return Extracted(
        text=text,
        title=fields.get("title") or None,
        author=fields.get("author") or None,
        date=fields.get("date") or None,
        site=fields.get("sitename") or None,  # no host fallback: store.rows.outlet_of decides
        url=page_url,
    )
