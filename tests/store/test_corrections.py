"""Reviewers' corrections in the store: applied on every read, the machine value kept,
undone, and kept through what derives the rows again (re-extraction, a changed text; a
stance through claims --rebuild: tests/claims/test_reviewed_stance.py)."""

import duckdb
import msgspec
import pytest
from builders import make_article

from saidwho.corpus import open_store
from saidwho.records import Article
from saidwho.review import Correction
from saidwho.store import SCHEMA_VERSION, queries
from saidwho.store import corrections as fixes
from saidwho.store.rows import store_key

TEXT = (
    "Ash Carter said ground troops would stay home for now.\n"
    "Critics said the policy had failed badly in the north.\n"
    "A spokesman insisted the army was winning the war in the north."
)
URL = "https://news.example/troops"


def story(text: str = TEXT) -> Article:
    said = [
        ("Ash Carter", "said", "ground troops would stay home for now"),
        ("Critics", "said", "the policy had failed badly in the north"),
    ]
    return make_article(
        text,
        said,
        speakers={"Critics": {"type": "group", "named": False}},
        url=URL,
        published="2016-05-20",
        site="news.example",
    )


def key_of(article: Article) -> str:
    return store_key(article.id, article.url)


def who_cue_what(store, key):
    view = queries.article(store.con, key)
    names = {s.id: s.name for s in view.article.speakers}
    return [(names.get(a.speaker), a.cue.text, a.content.text) for a in view.article.attributions]


def fix(store, key, op, reviewer="Ana Reyes", **fields):
    return fixes.record(
        store.con, [Correction(article=key, op=op, **fields)], reviewer=reviewer, corpus=store.corpus
    )


def speakers(store):
    return {s.name: s.statements for s in queries.top_speakers(store.con, limit=50).items}


def test_corrections_speaker_typed_in_shows_everywhere_and_undo_restores(store):
    article = story()
    store.add([article])
    key = key_of(article)
    (done,) = fix(store, key, "speaker", attribution="A2", value={"name": "Jane Roe", "type": "person"})
    assert done.status == "applied"
    assert who_cue_what(store, key)[1] == ("Jane Roe", "said", "the policy had failed badly in the north")
    assert speakers(store) == {"Ash Carter": 1, "Jane Roe": 1}
    jane = queries.find_speakers(store.con, "Jane Roe").items[0]
    assert [s.content for s in queries.speaker_statements(store.con, jane.id).items] == [
        "the policy had failed badly in the north"
    ]
    (kept,) = fixes.standing(store.con, key)
    assert (kept.reviewer, kept.attribution, kept.machine["name"]) == ("Ana Reyes", "A2", "Critics")
    (undone,) = fixes.undo(store.con, [done.id], reviewer="Bo", corpus=store.corpus)
    assert undone.status == "applied"
    assert who_cue_what(store, key)[1] == ("Critics", "said", "the policy had failed badly in the north")
    assert speakers(store) == {"Ash Carter": 1, "Critics": 1}
    (history,) = fixes.list_corrections(store.con, undone=True).items
    assert history.undone_by == "Bo" and fixes.standing(store.con, key) == []


def test_corrections_add_delete_and_span_fixes(store):
    article = story()
    store.add([article])
    key = key_of(article)
    text = article.text
    cue, content = text.index("insisted"), text.index("the army")
    added = Correction(
        article=key,
        op="add",
        value={
            "source": {"start": text.index("A spokesman"), "end": text.index("A spokesman") + 11},
            "cue": {"start": cue, "end": cue + 8},
            "content": [{"start": content, "end": len(text)}],
            "speaker": {"name": "a spokesman", "type": "person", "anonymous": True},
        },
    )
    deleted = Correction(article=key, op="delete", attribution="A1")
    narrowed = Correction(
        article=key,
        op="content",
        attribution="A2",
        value=[{"start": text.index("the policy"), "end": text.index(" badly")}],
    )
    outcomes = fixes.record(store.con, [added, deleted, narrowed], reviewer="Ana", corpus=store.corpus)
    assert [o.status for o in outcomes] == ["applied"] * 3
    assert who_cue_what(store, key) == [
        ("Critics", "said", "the policy had failed"),
        ("a spokesman", "insisted", "the army was winning the war in the north."),
    ]
    view = queries.article(store.con, key)
    spokesman = next(s for s in view.article.speakers if s.name == "a spokesman")
    assert spokesman.anonymous and not spokesman.named
    assert queries.source_mix(store.con, article_id=key).anonymous == 1
    terms = queries.search_statements(store.con, "army winning").items
    assert [s.id for s in terms] == [f"R{outcomes[0].id}"]
    assert queries.search_statements(store.con, "troops").total == 0  # the deleted statement's words


def test_corrections_sent_twice_are_kept_once_and_bad_ones_refused(store):
    article = story()
    store.add([article])
    key = key_of(article)
    request = Correction(article=key, op="name", speaker="S1", value="Ashton Carter")
    first = fixes.record(store.con, [request, request], reviewer="Ana", corpus=store.corpus)
    assert [o.status for o in first] == ["applied", "duplicate"]
    bad = [
        Correction(article=key, op="delete", attribution="A9"),
        Correction(article="nope", op="delete", attribution="A1"),
        Correction(article=key, op="cue", attribution="A1", value={"start": 5, "end": 10_000}),
        Correction(article=key, op="type", speaker="S1", value="alien"),
    ]
    outcomes = fixes.record(store.con, bad, reviewer="Ana", corpus=store.corpus)
    assert [o.status for o in outcomes] == ["refused"] * 4
    assert "no statement 'A9'" in outcomes[0].message
    assert "nope: no such article" in outcomes[1].message
    assert "not inside the text" in outcomes[2].message
    assert "alien" in outcomes[3].message
    assert fixes.list_corrections(store.con).total == 1
    assert speakers(store) == {"Ashton Carter": 1, "Critics": 1}


def test_corrections_survive_re_extraction(store):
    article = story()
    store.add([article])
    key = key_of(article)
    fix(store, key, "speaker", attribution="A2", value={"name": "Jane Roe", "type": "person"})
    # The extractor runs anew and finds one more statement first: the ids shift.
    text = article.text
    extra = make_article(
        text,
        [
            ("A spokesman", "insisted", "the army was winning the war in the north"),
            ("Ash Carter", "said", "ground troops would stay home for now"),
            ("Critics", "said", "the policy had failed badly in the north"),
        ],
        url=URL,
        published="2016-05-20",
        site="news.example",
    )
    done = store.add([extra], replace=True)
    assert (done.added, done.replaced) == (1, 1)
    assert ("Jane Roe", "said", "the policy had failed badly in the north") in who_cue_what(store, key)
    assert ("A spokesman", "insisted", "the army was winning the war in the north") in who_cue_what(
        store, key
    )
    (kept,) = fixes.standing(store.con, key)
    assert (kept.status, kept.attribution) == ("applied", "A3")
    assert queries.counts(store.con)["articles"] == 1


def test_corrections_follow_moved_words_and_never_land_on_other_words(store, caplog):
    article = story()
    store.add([article])
    old = key_of(article)
    fix(store, old, "name", speaker="S1", value="Ashton Carter")
    fix(store, old, "delete", attribution="A2")
    # The page's new text: a paragraph on top, and the critics' sentence rewritten.
    changed = "UPDATED: more below.\n\n" + TEXT.replace("had failed badly", "has not worked")
    new = make_article(
        changed,
        [
            ("Ash Carter", "said", "ground troops would stay home for now"),
            ("Critics", "said", "the policy has not worked in the north"),
        ],
        url=URL,
        published="2016-05-20",
    )
    done = store.add([new], replace=True)
    assert done.replaced == 1
    key = key_of(new)
    assert key != old
    assert who_cue_what(store, key) == [
        ("Ashton Carter", "said", "ground troops would stay home for now"),
        ("Critics", "said", "the policy has not worked in the north"),  # not deleted: other words
    ]
    named, deleted = sorted(fixes.standing(store.con, key), key=lambda c: c.id)
    assert named.status == "applied" and named.target.mention.start == changed.index("Ash Carter")
    assert deleted.status == "stale" and "the text changed" in deleted.problem
    assert "no longer fits" in caplog.text
    assert fixes.list_corrections(store.con, status="stale").total == 1
    assert queries.article(store.con, old) is None


def test_corrections_stance_needs_a_claim(store):
    article = make_article("Bo said no.", [("Bo", "said", "no")])
    store.add([article])
    (out,) = fix(store, key_of(article), "stance", attribution="A1", value="for")
    assert out.status == "refused" and "on no claim" in out.message


def test_corrections_pin_follows_the_store_speaker(store):
    carter = make_article("Ash Carter said the war is long.", [("Ash Carter", "said", "the war is long")])
    bare = make_article("Carter said the war is over soon.", [("Carter", "said", "the war is over soon")])
    store.add([carter, bare])
    ash = queries.find_speakers(store.con, "Ash Carter").items[0]
    (out,) = fix(store, key_of(bare), "canonical", speaker="S1", value=ash.id)
    assert out.status == "applied"
    assert speakers(store)["Ash Carter"] == 2
    assert queries.article(store.con, key_of(bare)).canonical["S1"] == ash.id


def test_corrections_an_older_store_is_upgraded_and_read_only_reads_none(tmp_path):
    path = tmp_path / "old.duckdb"
    with open_store(path, claims=False) as s:
        s.add([story()])
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE corrections; DROP TABLE machine_articles")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    with open_store(path, read_only=True) as s:
        assert fixes.list_corrections(s.con).total == 0
        assert "corrections" not in queries.counts(s.con)
    with open_store(path, claims=False) as s:
        assert s.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            SCHEMA_VERSION,
        )
        (out,) = fix(s, key_of(story()), "delete", attribution="A1")
        assert out.status == "applied"


def test_corrections_machine_record_is_kept_beside_them(store):
    article = story()
    store.add([article])
    key = key_of(article)
    fix(store, key, "delete", attribution="A1")
    (record,) = store.con.execute(
        "SELECT record FROM machine_articles WHERE article_id = ?", [key]
    ).fetchone()
    machine = msgspec.json.decode(record, type=Article)
    assert [a.id for a in machine.attributions] == ["A1", "A2"]
    assert [a.id for a in queries.article(store.con, key).article.attributions] == ["A2"]


@pytest.mark.parametrize("op, field", [("type", "organization"), ("anonymous", True)])
def test_corrections_speaker_fields(store, op, field):
    article = story()
    store.add([article])
    key = key_of(article)
    fix(store, key, op, speaker="S1", value=field)
    (carter,) = [s for s in queries.article(store.con, key).article.speakers if s.id == "S1"]
    assert getattr(carter, op) == field


def test_corrections_reviewed_flags_in_the_article_view_and_the_export(store, tmp_path):
    from saidwho.store.export import export_tables

    article = story()
    store.add([article])
    key = key_of(article)
    fix(store, key, "name", speaker="S2", value="The critics")
    view = queries.article(store.con, key)
    assert view.reviewed == ["A2"]
    (kept,) = view.corrections
    assert (kept.op, kept.speaker, kept.value, kept.machine, kept.reviewer) == (
        "name",
        "S2",
        "The critics",
        "Critics",
        "Ana Reyes",
    )
    export_tables(store.con, tmp_path, "jsonl")
    rows = duckdb.connect().execute(
        "SELECT id, reviewed FROM read_json(?) ORDER BY id", [str(tmp_path / "attributions.jsonl")]
    )
    assert rows.fetchall() == [("A1", False), ("A2", True)]
    (machine,) = (
        duckdb.connect()
        .execute("SELECT machine FROM read_json(?)", [str(tmp_path / "corrections.jsonl")])
        .fetchone()
    )
    assert machine == '"Critics"' or machine == "Critics"


def test_corrections_a_chosen_store_speaker_follows_its_merge(store):
    org = {"type": "organization", "named": True}
    vw = make_article("VW said sales fell.", [("VW", "said", "sales fell")], speakers={"VW": org})
    bare = make_article("The firm said exports rose.", [("The firm", "said", "exports rose")])
    store.add([vw, bare])
    (vw_id,) = [s.id for s in queries.find_speakers(store.con, "VW").items]
    (out,) = fix(store, key_of(bare), "canonical", speaker="S1", value=vw_id)
    assert out.status == "applied"
    # An article teaches the store that VW is Volkswagen: the VW speaker is merged away.
    teach = make_article(
        "Volkswagen, or VW, said it makes cars.",
        [("Volkswagen", "said", "it makes cars")],
        speakers={"Volkswagen": org},
    )
    store.add([teach])
    (volkswagen,) = [
        s for s in queries.find_speakers(store.con, "Volkswagen").items if s.name == "Volkswagen"
    ]
    assert volkswagen.id != vw_id and queries.speaker(store.con, vw_id) is None
    (kept,) = fixes.standing(store.con, key_of(bare))
    assert kept.value == volkswagen.id
    # The article's rows written again (another correction) keep the speaker it followed to.
    fix(store, key_of(bare), "type", speaker="S1", value="organization")
    assert queries.article(store.con, key_of(bare)).canonical["S1"] == volkswagen.id
    assert speakers(store)["Volkswagen"] == 3
