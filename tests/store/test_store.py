import duckdb
import msgspec
import pytest
from builders import make_article

from saidwho.corpus import open_store
from saidwho.errors import StoreError
from saidwho.records import Failure, RawDoc
from saidwho.store import SCHEMA_VERSION, queries
from saidwho.store.rows import outlet_of, raw_key, sentence_bounds, store_key


def said(who, what):
    return make_article(f"{who} said {what}.", [(who, "said", what)])


ONE = said("Aki Peritz", "the agency was never around")
TWO = said("Ash Carter", "the war is long")
THREE = said("Linda Okafor", "the bridge will open")


def test_store_add_is_idempotent(store):
    first = store.add([ONE, TWO])
    again = store.add([ONE, TWO, THREE])
    assert (first.added, first.skipped) == (2, 0)
    assert (again.added, again.skipped) == (1, 2)
    assert queries.counts(store.con) == {
        "articles": 3,
        "attributions": 3,
        "article_speakers": 3,
        "speakers": 3,
        "mentions": 3,
        "claims": 0,  # the store fixture keeps no claims (tests/claims)
        "claim_statements": 0,
        "claim_merges": 0,
        "corrections": 0,
    }


def test_store_add_skips_a_repeat_within_one_batch(store):
    assert store.add([ONE, ONE]).added == 1
    assert queries.counts(store.con)["attributions"] == 1


def test_store_key_adds_the_url_when_known(store):
    store.add([ONE, make_article(ONE.text, [], url="https://example.org/a")])
    assert queries.counts(store.con)["articles"] == 2
    assert store_key(ONE.id, None) == ONE.id != store_key(ONE.id, "https://example.org/a")


def test_store_batch_is_one_transaction(store, monkeypatch):
    store.add([ONE])

    def fail(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.corpus, "update", fail)  # the batch's last step, after every row
    with pytest.raises(RuntimeError, match="disk full"):
        store.add([TWO, THREE])
    assert queries.counts(store.con) == {
        "articles": 1,
        "attributions": 1,
        "article_speakers": 1,
        "speakers": 1,
        "mentions": 1,
        "claims": 0,
        "claim_statements": 0,
        "claim_merges": 0,
        "corrections": 0,
    }
    assert store.con.execute("SELECT count(*) FROM statement_terms WHERE rid > 1").fetchone() == (0,)
    monkeypatch.undo()
    assert store.add([TWO, THREE]).added == 2


def test_store_reopens_and_checks_the_schema_version(tmp_path):
    path = tmp_path / "s.duckdb"
    with open_store(path, claims=False) as store:
        store.add([ONE])
    with open_store(path, read_only=True) as store:
        assert queries.counts(store.con)["articles"] == 1
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match=f"schema version 999, this saidwho reads version {SCHEMA_VERSION}"):
        open_store(path, claims=False)


def test_store_read_only_open_of_a_missing_file_says_how_to_build_it(tmp_path):
    with pytest.raises(StoreError, match=r"gone.duckdb: no such store. Build one with: saidwho ingest"):
        open_store(tmp_path / "gone.duckdb", read_only=True)


def test_store_pending_skips_stored_plain_text_before_the_model(store):
    store.add([ONE])
    raws = [
        RawDoc(source="one.txt", format="txt", text=ONE.text),
        RawDoc(source="two.txt", format="txt", text=TWO.text),
        RawDoc(source="p.html", format="html", html="<p>x</p>"),
    ]
    skipped: list[RawDoc] = []
    left = list(store.pending(raws, on_stored=skipped.append))
    assert [r.source for r in left] == ["two.txt", "p.html"]
    assert [r.source for r in skipped] == ["one.txt"]
    assert raw_key(raws[0]) == ONE.id


@pytest.mark.parametrize(
    "site, url, named, expected",
    [
        ("VOA", "https://www.voanews.com/a/1", None, "VOA"),
        (None, "https://www.VOAnews.com/a/1", None, "voanews.com"),
        (None, "https://voanews.com/a/1", None, "voanews.com"),
        ("VOA", "https://www.voanews.com/a/1", "Voice of America", "Voice of America"),
        (None, None, "breitbart", "breitbart"),
        (None, None, None, None),
    ],
)
def test_store_outlet_is_named_else_site_else_host(site, url, named, expected):
    assert outlet_of(make_article("x.", [], site=site, url=url), named) == expected


def test_store_add_outlet_default_and_sentence_columns(store):
    store.add([ONE], outlet="breitbart")
    row = store.con.execute(
        "SELECT outlet, sentence, sentence_start, sentence_end FROM attributions"
    ).fetchone()
    assert row == ("breitbart", ONE.text, 0, len(ONE.text))


def test_store_sentence_is_the_attributions_else_cut_from_punctuation():
    text = "Intro. Sen. Jo Doe said no. Later, Al Roe said yes. End."
    article = make_article(text, [("Jo Doe", "said", "no"), ("Al Roe", "said", "yes")])
    parsed = text.index("Sen."), text.index(" End")
    first, second = article.attributions
    article = msgspec.structs.replace(
        article, attributions=[msgspec.structs.replace(first, sentence=parsed), second]
    )
    # The first carries the parse's sentence; the second, as old JSON, gets punctuation's.
    assert [text[s:e] for s, e in sentence_bounds(article)] == [
        "Sen. Jo Doe said no. Later, Al Roe said yes.",
        "Later, Al Roe said yes.",
    ]


def test_store_drops_a_malformed_date_not_the_batch(store):
    store.add([make_article("Jo Doe said no.", [("Jo Doe", "said", "no")], published="March 3")])
    assert store.con.execute("SELECT published FROM articles").fetchall() == [(None,)]


@pytest.mark.slow
def test_store_pending_can_be_read_from_another_thread_while_the_store_writes(store):
    # `ingest --jobs N`: the worker pool pulls `pending` from a feeder thread while the main
    # thread writes batches; one DuckDB connection refuses two calls at once.
    import threading

    raws = [RawDoc(source=f"s{i}.txt", format="txt", text=f"Story {i} text.") for i in range(2000)]
    errors, kept = [], []

    def feed():
        try:
            kept.extend(store.pending(raws))
        except Exception as exc:
            errors.append(exc)

    thread = threading.Thread(target=feed)
    thread.start()
    written = 0
    while thread.is_alive():
        store.add([said(f"Person {written} Smith", f"item {written} is ready")])
        written += 1
    thread.join()
    assert errors == [] and len(kept) == 2000 and written > 0


def test_store_ingest_stores_a_stream_in_batches_and_counts_failures(store):
    bad = Failure(source="bad.txt", message="bad.txt: empty file. Check the download.")
    seen: list[Failure] = []
    done = store.ingest([ONE, bad, TWO, ONE], batch_size=1, on_failure=seen.append)
    assert (done.added, done.skipped, done.failed) == (2, 1, 1)
    assert seen == [bad]
    assert store.has([ONE.id, TWO.id]) == {ONE.id, TWO.id}
