"""A reviewer's stance on a claim: kept through ``saidwho claims --rebuild``, and undone to
the stance model's."""

from builders import make_article

from saidwho.corpus import open_store
from saidwho.review import Correction
from saidwho.store import corrections as fixes
from saidwho.store.rows import store_key

TEXT = (
    "Ash Carter said ground troops would stay home for now.\n"
    "Critics said the policy had failed badly in the north.\n"
    "A spokesman insisted the army was winning the war in the north."
)


def test_reviewed_stance_survives_a_claims_rebuild_and_undo_restores_the_model(tmp_path):
    article = make_article(
        TEXT,
        [
            ("Ash Carter", "said", "ground troops would stay home for now"),
            ("Critics", "said", "the policy had failed badly in the north"),
        ],
        speakers={"Critics": {"type": "group", "named": False}},
    )
    key = store_key(article.id, article.url)
    with open_store(tmp_path / "s.duckdb") as store:
        store.add([article])

        def stance_and_claim():
            return store.con.execute(
                "SELECT cs.stance, cs.claim_id FROM claim_statements cs JOIN attributions a USING (rid)"
                " WHERE a.article_id = ? AND a.id = 'A2'",
                [key],
            ).fetchone()

        before, _ = stance_and_claim()
        flipped = "against" if before != "against" else "for"
        request = Correction(article=key, op="stance", attribution="A2", value=flipped)
        (done,) = fixes.record(store.con, [request], reviewer="Ana Reyes", corpus=store.corpus)
        assert done.status == "applied"

        def stance_and_count():
            stance, claim = stance_and_claim()
            (n,) = store.con.execute(f"SELECT {flipped}_count FROM claims WHERE id = ?", [claim]).fetchone()
            return stance, n

        assert stance_and_count() == (flipped, 1)
        store.corpus.rebuild(store.con)
        assert stance_and_count() == (flipped, 1)
        (kept,) = fixes.standing(store.con, key)
        assert kept.machine["stance"] == before
        fixes.undo(store.con, [done.id], reviewer="Ana", corpus=store.corpus)
        assert stance_and_count()[0] == before
