"""The Baghdadi check (who says the IS leader is in Mosul, who doubts it) on articles written
for it (tests/data/claims), and a store made before claims getting them."""

import json
from pathlib import Path

import duckdb
import pytest

from saidwho.claims import board as store_claims
from saidwho.corpus import open_store
from saidwho.ingest import read_inputs
from saidwho.pipeline import process
from saidwho.settings import Settings
from saidwho.store import SCHEMA_VERSION, queries

DATA = Path(__file__).parent.parent / "data" / "claims"
GOLD = json.loads((DATA / "baghdadi.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("claims") / "s.duckdb"
    settings = Settings()
    with open_store(path) as s:
        s.ingest(process(read_inputs([str(DATA / "baghdadi.jsonl")], settings=settings), settings=settings))
    s = open_store(path, read_only=True)
    yield s
    s.close()


def _find(board, entry):
    for s in board.statements:
        if s.outlet == entry["outlet"] and entry["content"].lower() in s.content.lower():
            return s
    return None


@pytest.mark.slow
def test_baghdadi_board_for_against_and_off_topic(store):
    board = store_claims.typed_board(store.con, GOLD["claim"])
    about = [e for e in GOLD["statements"] if e["stance"] != "off"]
    on = {id(e): _find(board, e) for e in about}
    reached = [e for e in about if on[id(e)] is not None]
    right = [e for e in reached if on[id(e)].stance == e["stance"]]
    assert len(reached) / len(about) >= 0.6
    assert len(right) / len(reached) >= 0.7
    assert all(_find(board, e) is None for e in GOLD["statements"] if e["stance"] == "off")
    names = {p.speaker.name for p in board.speakers["for"]}
    assert any("Iraqi" in n or "Nasseri" in n or "Rahim" in n for n in names)
    against = [p.speaker.name for p in board.speakers["against"]]
    # Both analysts, and the doubting U.S. intelligence official(s).
    assert any("Moreau" in n for n in against) and any("Feld" in n for n in against)
    assert any("intelligence" in n.lower() for n in against)


@pytest.mark.slow
def test_claims_list_and_board_by_id(store):
    page = queries.list_claims(store.con, sort="stated")
    top = page.items[0]
    assert "Mosul" in top.text and top.statements >= 3 and top.articles >= 2
    board = store_claims.board(store.con, str(top.id))
    assert board is not None and board.id == top.id and board.total >= 3
    assert {b.label for b in board.outlets} <= {
        "wire.example",
        "ledger.example",
        "gazette.example",
        "monitor.example",
    }
    assert [b.label for b in board.timeline] == sorted(b.label for b in board.timeline)
    assert store_claims.board(store.con, "#999999") is None


def test_a_store_made_before_claims_gets_them(tmp_path):
    path = tmp_path / "old.duckdb"
    text = 'Iraqi officials said Baghdadi is hiding in Mosul. "He is in Mosul," said Karim Nasseri.\n'
    from saidwho import extract_many
    from saidwho.records import RawDoc

    (article,) = extract_many([RawDoc(source="a.txt", format="txt", text=text)])
    with open_store(path) as s:
        s.add([article])
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE claim_statements; DROP TABLE claims; DELETE FROM meta WHERE key = 'claims_rid'")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with open_store(path, read_only=True) as s, pytest.raises(Exception, match="before claims existed"):
        queries.list_claims(s.con)
    with open_store(path) as s:  # a writable open upgrades; rebuild groups what is there
        version = s.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert version == (SCHEMA_VERSION,)
        assert s.corpus.rebuild(s.con) >= 1
        assert queries.counts(s.con)["claim_statements"] >= 1


@pytest.mark.slow
def test_tessel_board_reaches_the_statements_with_their_stances(tmp_path):
    gold = json.loads((DATA / "tessel.json").read_text(encoding="utf-8"))
    settings = Settings()
    with open_store(tmp_path / "t.duckdb") as s:
        s.ingest(process(read_inputs([str(DATA / "tessel.jsonl")], settings=settings), settings=settings))
        board = store_claims.typed_board(s.con, gold["claim"])
    about = [e for e in gold["statements"] if e["stance"] != "off"]
    reached = [(e, _find(board, e)) for e in about if _find(board, e) is not None]
    assert len(reached) / len(about) >= 0.6
    assert sum(s.stance == e["stance"] for e, s in reached) / len(reached) >= 0.7
    assert all(_find(board, e) is None for e in gold["statements"] if e["stance"] == "off")


def test_a_merged_claim_id_finds_the_claim_that_absorbed_it(tmp_path):
    from saidwho import extract_many
    from saidwho.records import RawDoc

    text = 'Iraqi officials said Baghdadi is hiding in Mosul. "He is in Mosul," said Karim Nasseri.\n'
    (article,) = extract_many([RawDoc(source="a.txt", format="txt", text=text)])
    with open_store(tmp_path / "m.duckdb") as s:
        s.add([article])
        (kept,) = s.con.execute("SELECT min(id) FROM claims").fetchone()
        s.con.execute(
            "INSERT INTO claim_merges VALUES (900, 901, now()::TIMESTAMP), (901, ?, now()::TIMESTAMP)", [kept]
        )
        board = store_claims.board(s.con, "#900")
        assert board is not None and board.id == kept


@pytest.mark.slow
def test_ingest_reads_each_statement_against_its_own_claim(tmp_path):
    """No statement is stored unread, even one of a claim only one
    article states yet; a board by id shows the stances stored."""
    line = (DATA / "baghdadi.jsonl").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "wire.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    settings = Settings()
    with open_store(tmp_path / "u.duckdb") as s:
        s.ingest(process(read_inputs([str(path)], settings=settings), settings=settings))
        stored = s.con.execute("SELECT content_stance, stance, basis FROM claim_statements").fetchall()
        assert stored and not any(c == "unread" or b == "unread" for c, _, b in stored)
        (claim_id,) = s.con.execute(
            "SELECT claim_id FROM claim_statements GROUP BY 1 ORDER BY count(*) DESC"
        ).fetchone()
        board = store_claims.claim_board(s.con, claim_id)
        assert board is not None and {x.stance for x in board.statements} <= {
            "for",
            "against",
            "observing",
            "unknown",
        }


def test_a_version_2_store_gains_statement_vectors_and_merges(tmp_path):
    from saidwho import extract_many
    from saidwho.records import RawDoc

    path = tmp_path / "v2.duckdb"
    text = 'Iraqi officials said Baghdadi is hiding in Mosul. "He is in Mosul," said Karim Nasseri.\n'
    (article,) = extract_many([RawDoc(source="a.txt", format="txt", text=text)])
    with open_store(path) as s:
        s.add([article])
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE claim_merges")
    con.execute("DROP INDEX claim_statements_claim")
    con.execute("ALTER TABLE claim_statements DROP COLUMN vector")
    con.execute("ALTER TABLE claim_statements DROP COLUMN scale")
    con.execute("CREATE INDEX claim_statements_claim ON claim_statements (claim_id)")  # as version 2 has it
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    with open_store(path) as s:
        assert s.con.execute("SELECT count(*) FROM claim_merges").fetchone() == (0,)
        assert s.con.execute("SELECT count(*) FROM claim_statements WHERE vector IS NULL").fetchone()[0] >= 1
        board = store_claims.typed_board(s.con, "Baghdadi is hiding in Mosul")  # embeds what has no vector
        assert board.total >= 1


@pytest.mark.slow
def test_a_typed_board_reads_every_statement_once(store, monkeypatch):
    """Every statement on a typed board is read (none shown unread or
    observing by default), and a second look reads nothing again."""
    from saidwho.claims import board as board_module

    monkeypatch.setattr(board_module, "_READS", {})
    asked: list[int] = []
    real = board_module.decide

    def counted(claim, statements, **kw):
        asked.append(len(statements))
        return real(claim, statements, **kw)

    gated: list[int] = []
    real_gate = board_module.unrelated_to

    def counted_gate(claim, statements, probabilities):
        gated.append(len(statements))
        return real_gate(claim, statements, probabilities)

    monkeypatch.setattr(board_module, "decide", counted)
    monkeypatch.setattr(board_module, "unrelated_to", counted_gate)
    first = store_claims.typed_board(store.con, GOLD["claim"])
    assert first.total > 5 and sum(asked) == len(first.statements) + first.off_board
    assert not any(s.basis.startswith("unread") for s in first.statements)
    assert sum(gated) > 0
    asked.clear()
    gated.clear()
    again = store_claims.typed_board(store.con, GOLD["claim"])
    assert asked == [] and gated == []
    assert [s.stance for s in again.statements] == [s.stance for s in first.statements]


@pytest.mark.slow
def test_each_position_says_which_statement_decides_it(store):
    """A reader can check a position: it names the statement that decides it, and why."""
    board = store_claims.typed_board(store.con, GOLD["claim"])
    positions = [p for ps in board.speakers.values() for p in ps]
    assert positions
    for p in positions:
        assert p.decided_by in p.statements and p.content and p.basis


BOARDS = Path(__file__).parent.parent.parent / "bench" / "data" / "boards"


@pytest.mark.slow
def test_two_events_told_in_the_same_words_stay_apart(tmp_path):
    """Two aircraft downed by missiles years apart, told in the same words, each on its own
    board; a reference to the claim ("denies this") joins it."""
    settings = Settings()
    sets = {name: BOARDS / f"{name}.jsonl" for name in ("airliner_kessra", "airliner_tarsen")}
    with open_store(tmp_path / "s.duckdb") as s:
        s.ingest(process(read_inputs([str(p) for p in sets.values()], settings=settings), settings=settings))
        urls = dict(s.con.execute("SELECT id, url FROM articles").fetchall())
        for name, path in sets.items():
            own = {json.loads(line)["url"] for line in path.read_text(encoding="utf-8").splitlines() if line}
            claim = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["claim"]
            board = store_claims.typed_board(s.con, claim, limit=1000)
            assert board.statements
            assert all(urls[st.article_id] in own for st in board.statements), name
        kessra = store_claims.typed_board(s.con, "A missile shot down Orvane Air Flight 417", limit=1000)
        denial = [st for st in kessra.statements if st.content == "this" and st.cue.startswith("denies")]
        assert denial and denial[0].stance == "against"


def test_context_joins_where_the_relatedness_model_finds_it_about_the_claim():
    """Of a board's articles' other statements, those the relatedness model finds about the
    claim join, whatever their words; those about something else stay off unless their
    shape bears on the claim; a bare pronoun's statement goes with the one before it."""

    def row(
        rid, source="Officials", cue="said", content="the plant was inspected", article="a", relevance=0.0
    ):
        return {
            "rid": rid,
            "article_id": article,
            "source": source,
            "cue": cue,
            "content": content,
            "relevance": relevance,
        }

    claim = "Teodor Valic died in Krenna prison"
    on = [row(1), row(6, article="b")]
    context = [
        row(2),  # about the claim (the model's reading)
        row(3, content="the festival would go ahead"),  # about something else
        row(4, source="he"),  # goes on from 3: off, whatever the model says
        row(5, cue="dismissed", content="these reports"),  # a reference: bears on the claim
        row(7, source="she", article="b"),  # goes on from 6, on the board
        # Beyond the statements the model is asked of, the similarity decides.
        row(8, article="c", relevance=store_claims.CONTEXT_RELEVANCE),
        row(9, article="c", relevance=0.05),
    ]
    unrelated = {2: 0.01, 3: 0.9, 4: 0.0, 5: 0.99, 7: 0.97}
    assert store_claims._about(claim, on, context, unrelated) == {2, 5, 7, 8}


@pytest.mark.slow
def test_the_relatedness_model_tells_a_story_s_context_from_its_other_news():
    """Read on the Tessel test articles (not in its training gold): statements about the
    leak that share no word with the claim are about it; the same articles' lines about a
    library and a festival are not."""
    from saidwho.claims.decide import Statement, unrelated_to
    from saidwho.claims.stance import load_relatedness

    model = load_relatedness()
    claim = "Corvane Chemicals leaked solvent into the Tessel River"
    statements = [
        Statement(
            source="Mara Lind",
            cue="said",
            content="The water turned white overnight and the fish started dying",
        ),
        Statement(source="Owen Park", cue="accused", content="Corvane of hiding the leak from the public"),
        Statement(
            source="The mayor", cue="said", content="the new library on Station Road would open in September"
        ),
        Statement(
            source="The town council",
            cue="said",
            content="the summer festival would go ahead as planned in July",
        ),
    ]
    found = unrelated_to(claim, statements, lambda pairs: model.probabilities(pairs, gate=False))
    limit = store_claims.CONTEXT_UNRELATED
    assert list(found < limit) == [True, True, False, False]


@pytest.mark.parametrize(
    ("cue", "content", "bears"),
    [
        ("says", "it is still investigating", True),
        ("said", "she could not confirm either of the claims", True),
        ("could not independently verify", "either side's account", True),
        ("said", "it would not comment until the final findings were published", True),
        ("told the court", "I am alive, as you can see,", True),  # the state the claim excludes
        ("dismissed", "these reports", True),  # named by reference
        ("said", "his team was ready for Saturday's cup final", False),
        ("said", "fuel subsidies would be cut by a third from April", False),
        ("said", "claims that he is alive are false", False),  # names the state only to deny it
    ],
)
def test_a_statement_about_what_is_known_of_the_claim_bears_on_it(cue, content, bears):
    from saidwho.claims.decide import bears_on

    assert bears_on("Teodor Valic died in Krenna prison", cue, content) is bears
