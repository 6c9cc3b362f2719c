"""The DuckDB store: open or create it, add articles one batch per transaction.

A batch is written in one transaction, so a run killed at any moment (even ``kill -9``)
leaves every batch either fully stored or absent; DuckDB replays its write-ahead log on the
next open. Articles already stored (same key) are skipped, so re-running an ingest
completes it without duplicates.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import duckdb
import msgspec

from saidwho.errors import StoreError
from saidwho.records import Article, Failure, RawDoc
from saidwho.store.rewrite import Kept, claims_mark, settle
from saidwho.store.rows import insert_columns, outlet_of, raw_key, sentence_bounds, store_key
from saidwho.store.speakers import Arrival, SpeakerChanges, save_speakers

log = logging.getLogger(__name__)

SCHEMA_VERSION = "5"
# Versions this one opens: version 1 (before claims) gains the claim tables on a writable
# open, version 2 the statement vectors and claim merges, version 3 the stance reads,
# version 4 the reviewers' corrections.
OLDER_VERSIONS = ("1", "2", "3", "4")
TABLES = (
    "articles",
    "attributions",
    "article_speakers",
    "speakers",
    "mentions",
    "claims",
    "claim_statements",
    "claim_merges",
    "corrections",
)


class AddResult(msgspec.Struct, frozen=True, kw_only=True):
    """What one :meth:`Store.add` did (``replaced``: of the ``added``, those stored before)."""

    added: int
    skipped: int
    attributions: int
    replaced: int = 0


class IngestResult(msgspec.Struct, frozen=True, kw_only=True):
    """What one :meth:`Store.ingest` did (articles skipped before extraction not counted)."""

    added: int
    skipped: int
    failed: int
    replaced: int = 0


class CorpusHook(Protocol):
    """What decides across articles as a store grows (the store knows no more of it):
    :class:`saidwho.corpus.Corpus`. Both calls run in the batch's transaction."""

    def assign(self, con: duckdb.DuckDBPyConnection, batch: Sequence[Arrival]) -> SpeakerChanges:
        """Before the batch's rows are written: each article speaker's canonical speaker."""

    def update(self, con: duckdb.DuckDBPyConnection) -> int:
        """After: group the statements not grouped yet into claims; the number grouped."""

    def rebuild(self, con: duckdb.DuckDBPyConnection) -> int:
        """Group every statement into claims again; the number grouped."""


class Store:
    """A saidwho store in one DuckDB file; use as a context manager.

    ``store.con`` is the DuckDB connection the functions in :mod:`saidwho.store.queries`
    take (or ``store.con.cursor()``, one per thread). ``store.corpus``, when given, gives
    each batch's speakers their canonical speakers and groups its statements into claims
    (``saidwho.corpus.open_store`` gives one); without it the store keeps the rows alone.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, corpus: CorpusHook | None = None) -> None:
        self.con = con
        self.path = path
        self.corpus = corpus

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, corpus: CorpusHook | None = None) -> Store:
        """Open the store at ``path``, creating it (unless ``read_only``) if missing; with
        ``corpus``, each added batch goes through it (canonical speakers, claims).

        Raises:
            StoreError: the file is locked by another process, is not a saidwho store, or
                was made by another schema version.
        """
        path = str(path)
        if read_only and not Path(path).exists():
            raise StoreError(f"{path}: no such store. Build one with: saidwho ingest PATH... --db {path}")
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(
                f"{path}: cannot open the store ({exc}). Check the path; DuckDB allows one "
                "process at a time to write, so wait for any other saidwho process using it."
            ) from exc
        store = cls(con, path, corpus)
        try:
            store._prepare(read_only)
        except BaseException:
            con.close()
            raise
        return store

    def _prepare(self, read_only: bool) -> None:
        version = self._version()
        if version is None and read_only:
            raise StoreError(f"{self.path}: not a saidwho store. Build one with: saidwho ingest --db")
        if version in OLDER_VERSIONS and not read_only:
            version = self._upgrade()
        if version is not None and version != SCHEMA_VERSION and version not in OLDER_VERSIONS:
            raise StoreError(
                f"{self.path}: store schema version {version}, this saidwho reads version "
                f"{SCHEMA_VERSION}. Ingest into a new file (--db NEW.duckdb)."
            )
        if version is None:
            schema = files("saidwho.store").joinpath("schema.sql").read_text(encoding="utf-8")
            self.con.begin()
            self.con.execute(schema)
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
            self.con.commit()

    def _upgrade(self) -> str:
        """Add the tables newer versions have (schema.sql is idempotent); their rows come
        with the next ingest or ``saidwho claims --rebuild``."""
        schema = files("saidwho.store").joinpath("schema.sql").read_text(encoding="utf-8")
        self.con.begin()
        self.con.execute(schema)
        self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])
        self.con.commit()
        log.info("%s: store upgraded to schema version %s", self.path, SCHEMA_VERSION)
        return SCHEMA_VERSION

    def _version(self) -> str | None:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()
        if not exists or not exists[0]:
            return None
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return None if row is None else str(row[0])

    def close(self) -> None:
        """Close the connection; DuckDB checkpoints the write-ahead log into the file."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def has(self, keys: Iterable[str]) -> set[str]:
        """The article keys among ``keys`` that are stored."""
        return stored_keys(self.con, keys)

    def pending(
        self, items: Iterable[RawDoc | Failure], *, on_stored: Callable[[RawDoc], None] | None = None
    ) -> Iterator[RawDoc | Failure]:
        """``items`` less the plain-text documents already stored, so that a re-run skips
        them before the model runs (HTML is only recognised after extraction, by ``add``).

        Looks keys up on a cursor of its own: with ``--jobs N`` the worker pool pulls this
        generator from a feeder thread while the main thread writes batches through
        ``self.con``, and one DuckDB connection refuses concurrent calls."""
        cursor = self.con.cursor()
        for item in items:
            key = raw_key(item) if isinstance(item, RawDoc) else None
            if key is not None and stored_keys(cursor, [key]):
                if on_stored is not None and isinstance(item, RawDoc):
                    on_stored(item)
                continue
            yield item

    def add(
        self, articles: Sequence[Article], *, outlet: str | None = None, replace: bool = False
    ) -> AddResult:
        """Store a batch of articles in one transaction, skipping those already stored.

        Args:
            outlet: the outlet of every article, beating its ``site`` and ``url``
                (the rule is :func:`saidwho.store.rows.outlet_of`).
            replace: store each article in place of the stored one with its key or URL (a
                new extraction, or the page's new text), reviewers' corrections kept.
        """
        result = add(self.con, articles, outlet=outlet, corpus=self.corpus, replace=replace)
        log.info("%s: stored %d articles (%d already there)", self.path, result.added, result.skipped)
        return result

    def ingest(
        self,
        results: Iterable[Article | Failure],
        *,
        outlet: str | None = None,
        batch_size: int = 16,
        on_failure: Callable[[Failure], None] | None = None,
        replace: bool = False,
    ) -> IngestResult:
        """Store a stream of extraction results, ``batch_size`` articles per transaction.

        A ``Failure`` is counted and handed to ``on_failure``; it never stops the stream.
        What ``saidwho ingest`` does after extraction (see :meth:`pending` for before).
        """
        added = skipped = failed = replaced = 0
        batch: list[Article] = []

        def flush() -> None:
            nonlocal added, skipped, replaced
            done = self.add(batch, outlet=outlet, replace=replace)
            added, skipped, replaced = added + done.added, skipped + done.skipped, replaced + done.replaced
            batch.clear()

        for result in results:
            if isinstance(result, Failure):
                failed += 1
                if on_failure is not None:
                    on_failure(result)
                continue
            batch.append(result)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return IngestResult(added=added, skipped=skipped, failed=failed, replaced=replaced)


def add(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    *,
    outlet: str | None = None,
    corpus: CorpusHook | None = None,
    replace: bool = False,
) -> AddResult:
    """Store ``articles`` through ``con`` (a store's connection or a cursor of it) in one
    transaction, skipping those already stored (or, with ``replace``, storing each in place
    of the one stored with its key or URL: :func:`saidwho.store.corrections.replacing`);
    with ``corpus``, give their speakers canonical speakers and group the statements not
    yet grouped (these articles', and any stored without) in the same transaction."""
    from saidwho.store import corrections

    con.begin()
    try:
        if replace:
            result = corrections.replacing(con, articles, outlet=outlet, corpus=corpus)
        else:
            result = _add(con, articles, outlet, corpus)
        if corpus is not None:
            corpus.update(con)
        corrections.apply_stances(con)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return result


def _add(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    outlet: str | None,
    corpus: CorpusHook | None,
    kept: dict[str, Kept] | None = None,
) -> AddResult:
    """Store the articles not stored yet; those in ``kept`` (by key) take the place of rows
    just taken out (:func:`saidwho.store.rewrite.take_out`), keeping their order, statement
    rids and canonical speakers. Without a ``corpus``, a new article speaker has no
    canonical speaker (``''``, as in a Parquet output read back)."""
    kept = kept or {}
    keyed = [(store_key(a.id, a.url), a) for a in articles]
    seen = stored_keys(con, (k for k, _ in keyed))
    fresh = []
    for key, article in keyed:  # the first of two equal articles in a batch wins
        if key not in seen:
            seen.add(key)
            before = kept.get(key)
            fresh.append(
                Arrival(
                    key=key,
                    article=article,
                    outlet=outlet_of(article, outlet),
                    published=_date(article),
                    kept=before.canonical if before else {},
                )
            )
    if not fresh:
        return AddResult(added=0, skipped=len(articles), attributions=0)
    changes = corpus.assign(con, fresh) if corpus is not None else None
    seq = _max(con, "SELECT max(seq) FROM articles")
    # Past every rid stored, kept and grouped into claims: a statement taken out may have
    # held the highest, and a new one must not pass for grouped.
    held = [r for k in kept.values() for r in k.rids.values()]
    rid = max(_max(con, "SELECT max(rid) FROM attributions"), claims_mark(con), *held)
    tables: dict[str, dict[str, list[Any]]] = {}
    for new in fresh:
        before = kept.get(new.key)
        seq += before is None
        assigned = changes.ids[new.key] if changes is not None else new.kept
        _article_rows(tables, new, before.seq if before else seq)
        _speaker_rows(tables, new, assigned)
        rid = _attribution_rows(tables, new, rid, assigned, before)
    for table, columns in tables.items():
        insert_columns(con, table, columns)
    con.execute(
        "INSERT INTO statement_terms SELECT term, rid, count(*)::INTEGER FROM ("
        " SELECT rid, unnest(saidwho_tokens(content_text)) AS term FROM attributions"
        " WHERE rid IN (SELECT unnest(?::BIGINT[]))) GROUP BY ALL",
        [tables.get("attributions", {}).get("rid", [])],
    )
    if changes is not None:
        save_speakers(con, changes)
    for new in fresh:
        if new.key in kept:
            settle(con, new.key, kept[new.key])
    return AddResult(
        added=len(fresh),
        skipped=len(articles) - len(fresh),
        attributions=len(tables.get("attributions", {}).get("rid", [])),
    )


def stored_keys(con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> set[str]:
    """The article keys among ``keys`` that are stored."""
    rows = con.execute(
        "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(keys)]
    ).fetchall()
    return {str(r[0]) for r in rows}


def _max(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _append(tables: dict[str, dict[str, list[Any]]], table: str, **row: Any) -> None:
    columns = tables.setdefault(table, {})
    for name, value in row.items():
        columns.setdefault(name, []).append(value)


def _article_rows(tables: dict[str, dict[str, list[Any]]], new: Arrival, seq: int) -> None:
    article = new.article
    _append(
        tables,
        "articles",
        id=new.key,
        seq=seq,
        content_hash=article.id,
        source=article.source,
        url=article.url,
        outlet=new.outlet,
        title=article.title,
        authors=list(article.authors),
        published=new.published,
        text=article.text,
        body=msgspec.json.encode(article.body).decode(),
        boilerplate=msgspec.json.encode(article.boilerplate).decode(),
        attribution_count=len(article.attributions),
        speaker_count=len(article.speakers),
    )


def _speaker_rows(tables: dict[str, dict[str, list[Any]]], new: Arrival, assigned: dict[str, str]) -> None:
    for sp in new.article.speakers:
        _append(
            tables,
            "article_speakers",
            article_id=new.key,
            id=sp.id,
            canonical_id=assigned.get(sp.id, ""),
            name=sp.name,
            type=sp.type,
            named=sp.named,
            anonymous=sp.anonymous,
            anonymity_reason=sp.anonymity_reason,
            descriptors=list(sp.descriptors),
            recipient=sp.recipient,
        )
        for m in sp.mentions:
            _append(
                tables,
                "mentions",
                article_id=new.key,
                article_speaker_id=sp.id,
                start=m.start,
                end=m.end,
                text=m.text,
            )


def _attribution_rows(
    tables: dict[str, dict[str, list[Any]]],
    new: Arrival,
    rid: int,
    assigned: dict[str, str],
    kept: Kept | None = None,
) -> int:
    """Add the article's statement rows; each new statement takes the next rid after
    ``rid`` (kept ones their old rid). The last rid given."""
    article = new.article
    speakers = {sp.id: sp for sp in article.speakers}
    kept_rids = kept.rids if kept else {}
    for att, sentence in zip(article.attributions, sentence_bounds(article), strict=True):
        if att.id not in kept_rids:
            rid += 1
        sp = speakers.get(att.speaker) if att.speaker else None
        _append(
            tables,
            "attributions",
            rid=kept_rids.get(att.id, rid),
            article_id=new.key,
            id=att.id,
            kind=att.kind,
            confidence=att.confidence,
            source_start=att.source.start if att.source else None,
            source_end=att.source.end if att.source else None,
            source_text=att.source.text if att.source else None,
            cue_start=att.cue.start,
            cue_end=att.cue.end,
            cue_text=att.cue.text,
            content_spans=msgspec.json.encode(att.content.spans).decode(),
            content_text=att.content.text,
            sentence_start=sentence[0],
            sentence_end=sentence[1],
            sentence=article.text[sentence[0] : sentence[1]],
            article_speaker_id=att.speaker if sp else None,
            canonical_id=assigned.get(sp.id) if sp else None,
            speaker_type=sp.type if sp else None,
            speaker_named=sp.named if sp else None,
            speaker_anonymous=sp.anonymous if sp else None,
            outlet=new.outlet,
            published=new.published,
            parent=att.parent,
        )
    return rid


def _date(article: Article) -> datetime.date | None:
    """``Article.published`` as a date; a malformed one is dropped, not the whole batch."""
    if article.published is None:
        return None
    try:
        return datetime.date.fromisoformat(article.published)
    except ValueError:
        log.warning(
            "%s: published date %r is not YYYY-MM-DD; stored without a date",
            article.source,
            article.published,
        )
        return None
