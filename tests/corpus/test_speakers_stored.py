"""The store saves what cross-article speaker matching decides (``saidwho.corpus.speakers``)."""

from builders import make_article

from saidwho.corpus import open_store
from saidwho.store import queries


def one_quote(name, content="the plan works", **speaker):
    text = f"{name} said {content}."
    return make_article(text, [(name, "said", content)], speakers={name: speaker} if speaker else None)


def test_store_speakers_rows_hold_the_matching_and_its_counts(store):
    store.add(
        [
            one_quote("Aki Peritz"),
            one_quote("Peritz", "they left"),
            one_quote("former CIA analyst Aki Peritz", "it is over"),
        ]
    )
    rows = store.con.execute("SELECT name, aliases, article_count, statement_count FROM speakers").fetchall()
    assert rows == [("Aki Peritz", ["Aki Peritz", "Peritz"], 3, 3)]


def test_store_speakers_matching_does_not_depend_on_batch_boundaries(tmp_path):
    articles = [
        one_quote("Aki Peritz"),
        one_quote("Peritz", "a"),
        one_quote("Ash Carter", "b"),
        one_quote("Defense Secretary Ash Carter", "c"),
    ]
    results = []
    for size in (1, 3):
        with open_store(tmp_path / f"{size}.duckdb", claims=False) as store:
            for i in range(0, len(articles), size):
                store.add(articles[i : i + size])
            results.append(store.con.execute("SELECT * FROM speakers ORDER BY id").fetchall())
    assert results[0] == results[1]
    assert len(results[0]) == 2  # Peritz joined Aki Peritz, and the two Carters are one


def test_store_speakers_anonymous_sources_get_rows_of_their_own(store):
    anon = {"type": "person", "named": False, "anonymous": True}
    store.add([one_quote("a U.S. official", **anon), one_quote("a U.S. official", "no", **anon)])
    assert queries.counts(store.con)["speakers"] == 2
    assert store.con.execute("SELECT count(*) FROM speakers WHERE anonymous").fetchone() == (2,)


def test_store_speakers_link_back_to_every_mention(store):
    store.add([one_quote("Aki Peritz"), one_quote("Peritz", "they left")])
    rows = store.con.execute(
        "SELECT m.text FROM mentions m JOIN article_speakers s "
        "ON s.article_id = m.article_id AND s.id = m.article_speaker_id "
        "JOIN speakers c ON c.id = s.canonical_id WHERE c.name = 'Aki Peritz' ORDER BY m.text"
    ).fetchall()
    assert rows == [("Aki Peritz",), ("Peritz",)]
