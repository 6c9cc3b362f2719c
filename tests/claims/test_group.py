"""Claim grouping: same claim together, different claims apart, stable ids across batches."""

import numpy as np
import pytest

from saidwho.claims import ClaimIndex, group
from saidwho.claims.group import words
from saidwho.store import Store


def test_group_puts_restatements_together_and_other_claims_apart():
    labels = group(
        [
            "Baghdadi is hiding in Mosul",
            "IS leader Abu Bakr al-Baghdadi is hiding in a bunker in Mosul",
            "Apple will sell 19 million Apple Watches this year",
            "Analysts expect 19 million Apple Watch sales in 2015",
            "Yes.",
        ]
    )
    assert labels[0] == labels[1]
    assert labels[2] == labels[3]
    assert len({labels[0], labels[2], labels[4]}) == 3


def test_group_of_nothing_is_empty():
    assert group([]) == []


def test_claim_index_joins_later_batches_to_stored_claims_without_renumbering():
    from saidwho.claims.embed import embed

    index = ClaimIndex()
    first = ["Baghdadi is hiding in Mosul", "The new bridge over the river opens in June"]
    ids = [c for c, _ in index.add(embed(first), [words(t) for t in first])]
    later = ["Iraqi officials say Baghdadi is hiding in Mosul", "Oil prices rose on Tuesday, traders said"]
    found = index.add(embed(later), [words(t) for t in later])
    assert found[0][0] == ids[0] and found[0][1] >= 0.4
    assert found[1][0] not in ids
    assert [c.id for c in index.claims][:2] == ids  # stored claims keep their ids


def test_claim_index_keeps_two_stored_claims_apart_when_a_text_between_them_joins_one():
    a, b = np.eye(4)[0], np.eye(4)[1]
    index = ClaimIndex()
    index.add(np.stack([a, b]), [frozenset(["x", "y", "z"]), frozenset(["p", "q", "r"])])
    # A text halfway between both: it may join one, but the two stay apart.
    between = (a + b) / np.linalg.norm(a + b)
    index.add(between[None, :], [frozenset(["x", "y", "z", "p", "q", "r"])])
    assert [c.id for c in index.claims[:2]] == [1, 2]
    # Joined by it, the two stay below the threshold of each other (0.35), so they do not merge.
    assert max(c.size for c in index.claims) <= 2


@pytest.mark.torch
def test_encoder_matches_the_torch_model():
    from sentence_transformers import SentenceTransformer

    from saidwho.claims.embed import embed
    from saidwho.train.model import base_path

    texts = [
        "Iraqi officials say the IS leader is hiding in Mosul.",
        "U.S. intelligence officials doubt it.",
        "Apple will sell 19 million Apple Watches in 2015, an analyst forecasts.",
        "The rumour will endure for propaganda purposes, he said.",
    ]
    ours = embed(texts)
    theirs = SentenceTransformer(str(base_path()), device="cpu").encode(texts, normalize_embeddings=True)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.mean() > 0.99 and cosine.min() > 0.97
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)


def _unit(v):
    v = np.asarray(v, dtype=np.float64)
    return v / np.linalg.norm(v)


def test_claim_index_merges_two_stored_claims_a_later_batch_brings_within_the_threshold():
    # Two claims whose members are 0.35 alike (cosine 0.5, no shared word): apart at first.
    a, b = _unit([1, 0, 0, 0]), _unit([0.5, 0.75**0.5, 0, 0])
    index = ClaimIndex()
    first = index.add(np.stack([a, b]), [frozenset("xyz"), frozenset("pqr")])
    assert [c for c, _ in first] == [1, 2]
    # A text restating both brings them within the threshold of each other.
    found = index.add(_unit(a + b)[None, :], [frozenset("xyzpqr")])
    assert found[0][0] == 1
    assert [(c.id, c.size) for c in index.claims] == [(1, 3)]
    assert index.merges == [(2, 1)] and index.resolve(2) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Baghdadi is hiding in Mosul",
        "U.S. officials said 19 million of the 30,000 were at the site",
        "Café résumé naïve Zürich Åsa Øster",
        "Crème brûlée — 100% of it, don\u2019t O\u2019Malley e-mail",
        "İstanbul DİYARBAKIR ŁÓDŹ straße Ærø",
        "naïve\u0301 with a stray combining accent",
        "\ufb01nance \uff26\uff55\uff4c\uff4c \uff11\uff12\uff13 x\u00b2 \u00bd \u2460 \u216b",
        "\u01c5emal \u01c4 Ελληνικά русский 中文",
        "a I x the and of is",
        "",
    ],
)
def test_words_agree_with_the_stores_tokeniser(text):
    """Grouping's words and the store's search terms are one tokeniser written twice (Python
    and a DuckDB macro): they must agree."""
    with Store.open(":memory:") as store:
        (terms,) = store.con.execute("SELECT saidwho_tokens(?)", [text]).fetchone()
    assert set(terms) == words(text)
