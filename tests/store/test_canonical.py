import pytest
from store_builders import make_article

from saidwho.store import queries
from saidwho.store.canonical import fold, person_name


def speakers_of(store):
    rows = store.con.execute(
        "SELECT name, article_count, statement_count FROM speakers ORDER BY name").fetchall()
    return {name: (articles, statements) for name, articles, statements in rows}


def one_quote(name, content="the plan works", **speaker):
    text = f"{name} said {content}."
    return make_article(text, [(name, "said", content)], speakers={name: speaker} if speaker else None)


@pytest.mark.parametrize("mention, expected", [
    ("Aki Peritz", ["Aki", "Peritz"]),
    ("former CIA analyst Aki Peritz", ["Aki", "Peritz"]),
    ("Defense Secretary Ash Carter", ["Ash", "Carter"]),
    ("Secretary of State John Kerry", ["John", "Kerry"]),
    ("Sen. Angus King", ["Angus", "King"]),
    ("Martin Luther King", ["Martin", "Luther", "King"]),
    ("Mr. Peritz", ["Peritz"]),
    ("George W. Bush", ["George", "W", "Bush"]),
    ("Robert Downey Jr.", ["Robert", "Downey"]),
])
def test_canonical_person_name_drops_titles_and_descriptors(mention, expected):
    assert person_name(mention) == expected


def test_canonical_fold_drops_accents_and_case():
    assert fold("José  PÉREZ") == "jose perez"


def test_canonical_full_name_surname_and_descriptor_forms_are_one_person(store):
    store.add([one_quote("Aki Peritz"), one_quote("Peritz", "they left"),
               one_quote("former CIA analyst Aki Peritz", "it is over")])
    assert speakers_of(store) == {"Aki Peritz": (3, 3)}
    (row,) = store.con.execute("SELECT aliases FROM speakers").fetchall()
    assert row[0] == ["Aki Peritz", "Peritz"]  # "former CIA analyst ..." is a descriptor, not a name


def test_canonical_title_forms_are_one_person(store):
    store.add([one_quote("Ash Carter"), one_quote("Defense Secretary Ash Carter", "war is long")])
    assert speakers_of(store) == {"Ash Carter": (2, 2)}


def test_canonical_merging_does_not_depend_on_batch_boundaries(tmp_path):
    from saidwho.store import Store

    articles = [one_quote("Aki Peritz"), one_quote("Peritz", "a"), one_quote("Ash Carter", "b"),
                one_quote("Defense Secretary Ash Carter", "c")]
    results = []
    for size in (1, 3):
        with Store.open(tmp_path / f"{size}.duckdb") as store:
            for i in range(0, len(articles), size):
                store.add(articles[i:i + size])
            results.append(store.con.execute("SELECT * FROM speakers ORDER BY id").fetchall())
    assert results[0] == results[1]


def test_canonical_bare_surname_shared_by_two_people_is_not_merged(store):
    store.add([one_quote("Hillary Clinton"), one_quote("Bill Clinton", "the economy grew"),
               one_quote("Clinton", "we will see")])
    assert speakers_of(store) == {"Bill Clinton": (1, 1), "Clinton": (1, 1), "Hillary Clinton": (1, 1)}


def test_canonical_bare_surname_joins_the_one_whose_descriptors_match(store):
    store.add([
        one_quote("Hillary Clinton", descriptors=["former secretary of state"]),
        one_quote("Bill Clinton", "the economy grew", descriptors=["former president"]),
        one_quote("Clinton", "diplomacy matters", descriptors=["the secretary"]),
    ])
    assert speakers_of(store) == {"Bill Clinton": (1, 1), "Hillary Clinton": (2, 2)}


def test_canonical_full_names_sharing_a_surname_stay_apart(store):
    store.add([one_quote("George W. Bush"), one_quote("George H. W. Bush", "x"), one_quote("Jeb Bush", "y")])
    assert set(speakers_of(store)) == {"George W Bush", "George H W Bush", "Jeb Bush"}


def test_canonical_anonymous_and_unnamed_sources_are_never_merged(store):
    anon = {"type": "person", "named": False, "anonymous": True}
    store.add([one_quote("a U.S. official", **anon), one_quote("a U.S. official", "no", **anon),
               one_quote("critics", "bad idea", type="group", named=False)])
    assert queries.counts(store.con)["speakers"] == 3
    assert store.con.execute("SELECT count(*) FROM speakers WHERE anonymous").fetchone() == (2,)


def test_canonical_named_organizations_merge_by_name(store):
    org = {"type": "organization"}
    store.add([one_quote("the Pentagon", **org), one_quote("Pentagon", "no comment", **org)])
    assert speakers_of(store) == {"the Pentagon": (2, 2)}


def test_canonical_links_back_to_every_mention(store):
    store.add([one_quote("Aki Peritz"), one_quote("Peritz", "they left")])
    rows = store.con.execute(
        "SELECT m.text FROM mentions m JOIN article_speakers s "
        "ON s.article_id = m.article_id AND s.id = m.article_speaker_id "
        "JOIN speakers c ON c.id = s.canonical_id WHERE c.name = 'Aki Peritz' ORDER BY m.text").fetchall()
    assert rows == [("Aki Peritz",), ("Peritz",)]


def test_canonical_a_middle_initial_joins_the_same_first_and_last_name(store):
    store.add([one_quote("Donald Trump"), one_quote("Donald J. Trump", "we will win"),
               one_quote("Donald J Trump", "it is rigged")])
    assert speakers_of(store) == {"Donald Trump": (3, 3)}


def test_canonical_a_bare_first_and_last_name_joins_its_one_initials_variant(store):
    store.add([one_quote("Donald J. Trump"), one_quote("Donald Trump", "we will win")])
    assert speakers_of(store) == {"Donald J Trump": (2, 2)}


def test_canonical_different_initials_stay_different_people(store):
    store.add([one_quote("George Bush"), one_quote("George W. Bush", "a"),
               one_quote("George H. W. Bush", "b")])
    assert speakers_of(store) == {"George Bush": (2, 2), "George H W Bush": (1, 1)}
    store.add([one_quote("Jeb Bush"), one_quote("Neil P. Bush", "c"), one_quote("Neil M. Bush", "d"),
               one_quote("Neil Bush", "e")])
    names = speakers_of(store)
    assert names["Jeb Bush"] == (1, 1) and names["Neil P Bush"] == (1, 1) and names["Neil M Bush"] == (1, 1)
    assert names["Neil Bush"] == (1, 1)  # two initials variants: no evidence which one
