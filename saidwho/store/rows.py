"""Article → table rows: the store key, the outlet, the sentence a statement sits in, and
the one way rows are written (column lists, one statement per table and batch) and read
back as dicts."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

import duckdb

from saidwho.records import Article, RawDoc
from saidwho.sentences import rough_sentence_starts, sentence_range, statement_range


def store_key(content_hash: str, url: str | None) -> str:
    """The article's key: its content hash, or a hash of that and its URL when known."""
    if not url:
        return content_hash
    return hashlib.sha1(f"{content_hash} {url}".encode()).hexdigest()[:16]


def raw_key(raw: RawDoc) -> str | None:
    """The key a plain-text document will be stored under, known before the model runs.

    Plain text is stored as read (``Article.text == raw.text``), so its key is known now;
    for HTML it depends on the extracted text, so ``None``.
    """
    if raw.text is None:
        return None
    from saidwho.clean import article_id

    return store_key(article_id(raw.text), raw.url)


def outlet_of(article: Article, named: str | None = None) -> str | None:
    """The one rule for an article's outlet, whoever stores it (CLI, API, library).

    In order: ``named``, the outlet the user gave (``saidwho ingest --outlet``, the API's
    ``outlet`` field: what a person says beats what is guessed); the site the page names
    (``Article.site``); the URL's host, lower case, without ``www.``; else ``None``.
    """
    if named:
        return named
    if article.site:
        return article.site
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else None


def sentence_bounds(article: Article) -> list[tuple[int, int]]:
    """Per attribution of ``article``, the sentences holding it: the parse's
    (``Attribution.sentence``), or, for a record made before attributions carried it, cut
    from punctuation (:func:`~saidwho.sentences.rough_sentence_starts`)."""
    starts: list[int] = []
    bounds = []
    for att in article.attributions:
        if att.sentence is not None:
            bounds.append(att.sentence)
            continue
        starts = starts or rough_sentence_starts(article.text)
        bounds.append(sentence_range(article.text, starts, *statement_range(att)))
    return bounds


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]]) -> None:
    """Insert column lists as rows: one statement per table and batch, not one per row."""
    names = list(columns)
    select = ", ".join(f"unnest(${i + 1}) AS c{i}" for i in range(len(names)))
    quoted = ", ".join(f'"{n}"' for n in names)
    con.execute(
        f"INSERT INTO {table} ({quoted}) SELECT * FROM (SELECT {select})", [columns[n] for n in names]
    )


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The rows of ``sql`` as dicts by column name."""
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the store has the table ``name`` (an older store may lack the newer ones)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])
