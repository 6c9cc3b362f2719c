import pytest
from builders import make_article

from saidwho.store import queries

ANON = {"type": "person", "named": False, "anonymous": True}
DOC = {"type": "document", "named": False}
ARTICLES = [
    make_article(
        "Ash Carter said the war against Islamic State is long. A U.S. official said troops are ready.",
        [
            ("Ash Carter", "said", "the war against Islamic State is long"),
            ("A U.S. official", "said", "troops are ready"),
        ],
        speakers={"A U.S. official": ANON},
        site="voanews.com",
        published="2016-03-01",
        title="Carter on the war",
    ),
    make_article(
        "Defense Secretary Ash Carter said ground troops will stay. The Pentagon said the mission continues.",
        [
            ("Defense Secretary Ash Carter", "said", "ground troops will stay"),
            ("The Pentagon", "said", "the mission continues"),
        ],
        speakers={"The Pentagon": {"type": "organization"}},
        site="voanews.com",
        published="2016-04-15",
        title="Troops stay",
    ),
    make_article(
        "Aki Peritz said the agency was never around. A report said costs rose.",
        [("Aki Peritz", "said", "the agency was never around"), ("A report", "said", "costs rose")],
        speakers={"A report": DOC},
        url="https://www.breitbart.com/a",
        published="2016-04-20",
        title="Agency",
    ),
]


@pytest.fixture
def full(store):
    store.add(ARTICLES)
    return store.con


def speaker_id(con, name):
    return queries.find_speakers(con, name, limit=1).items[0].id


def test_queries_counts(full):
    assert queries.counts(full) == {
        "articles": 3,
        "attributions": 6,
        "article_speakers": 6,
        "speakers": 5,
        "mentions": 6,
        "claims": 0,  # the store fixture keeps no claims (tests/claims)
        "claim_statements": 0,
        "claim_merges": 0,
        "corrections": 0,
    }


def test_queries_top_speakers_overall_and_paginated(full):
    page = queries.top_speakers(full, limit=2)
    assert page.total == 5
    first = page.items[0]
    assert (first.name, first.statements, first.articles) == ("Ash Carter", 2, 2)
    assert len(page.items) == 2
    assert len(queries.top_speakers(full, limit=2, offset=4).items) == 1


def test_queries_top_speakers_named_only(full):
    assert {s.name for s in queries.top_speakers(full, named_only=True).items} == {
        "Ash Carter",
        "The Pentagon",
        "Aki Peritz",
    }
    assert queries.top_speakers(full, outlet="voanews.com", named_only=True).total == 2


def test_queries_top_speakers_per_outlet_and_period(full):
    names = [s.name for s in queries.top_speakers(full, outlet="breitbart.com").items]
    assert sorted(names) == ["A report", "Aki Peritz"]
    page = queries.top_speakers(full, outlet="voanews.com", since="2016-04-01", until="2016-04-30")
    assert [(s.name, s.statements) for s in page.items] == [("Ash Carter", 1), ("The Pentagon", 1)]


def test_queries_outlet_sourcing_counts_anonymous_share(full):
    by_outlet = {m.outlet: m for m in queries.outlet_sourcing(full)}
    voa = by_outlet["voanews.com"]
    assert (voa.statements, voa.named, voa.anonymous, voa.anonymous_share) == (4, 3, 1, 0.25)
    assert voa.types["person"] == 3 and voa.types["organization"] == 1
    assert by_outlet["breitbart.com"].types["document"] == 1
    assert by_outlet["breitbart.com"].unnamed == 1


def test_queries_source_mix_of_a_story(full):
    story = queries.list_articles(full, outlet="breitbart.com").items[0].id
    mix = queries.source_mix(full, article_id=story)
    assert (mix.statements, mix.named, mix.unnamed, mix.anonymous) == (2, 1, 1, 0)


def test_queries_speaker_profile_has_aliases_outlets_and_timeline(full):
    profile = queries.speaker(full, speaker_id(full, "Carter"))
    assert profile is not None
    assert profile.aliases == ["Ash Carter", "Defense Secretary Ash Carter"]
    assert [(c.label, c.statements) for c in profile.outlets] == [("voanews.com", 2)]
    assert [(c.label, c.statements) for c in profile.timeline] == [("2016-03", 1), ("2016-04", 1)]
    assert queries.speaker(full, "sp_missing") is None


def test_queries_speaker_statements_link_back_to_the_sentence(full):
    page = queries.speaker_statements(full, speaker_id(full, "Carter"))
    assert page.total == 2
    newest = page.items[0]
    assert (newest.published, newest.title, newest.id) == ("2016-04-15", "Troops stay", "A1")
    text = queries.article(full, newest.article_id).article.text
    assert text[newest.sentence_start : newest.sentence_end] == newest.sentence
    assert newest.sentence == "Defense Secretary Ash Carter said ground troops will stay."


def test_queries_search_matches_every_term_and_filters(full):
    # Equal scores: newest first.
    assert [s.content for s in queries.search_statements(full, "troops").items] == [
        "ground troops will stay",
        "troops are ready",
    ]
    assert queries.search_statements(full, "ground troops").total == 1
    assert queries.search_statements(full, "troops", outlet="breitbart.com").total == 0
    carter = speaker_id(full, "Carter")
    assert queries.search_statements(full, "troops", speaker_id=carter).total == 1
    assert queries.search_statements(full, "TROOPS", since="2016-04-01").total == 1


def test_queries_search_phrases_and_empty_queries(full):
    assert queries.search_statements(full, '"troops will"').total == 1
    assert queries.search_statements(full, '"will troops"').total == 0
    assert queries.search_statements(full, "the of").total == 0  # only stopwords
    assert queries.search_statements(full, "Islamic").items[0].speaker_name == "Ash Carter"


def test_queries_search_ranks_rarer_terms_higher(store):
    store.add(
        [
            make_article(f"Jo Doe said {text}.", [("Jo Doe", "said", text)])
            for text in ("budget budget vote", "budget talks", "budget cuts", "vote today")
        ]
    )
    top = queries.search_statements(store.con, "budget vote").items
    assert [s.content for s in top] == ["budget budget vote"]


def test_queries_list_articles_newest_first(full):
    page = queries.list_articles(full, limit=2)
    assert page.total == 3
    assert [a.title for a in page.items] == ["Agency", "Troops stay"]


def test_queries_article_rebuilds_the_record(full):
    view = queries.article(full, queries.list_articles(full, outlet="breitbart.com").items[0].id)
    assert view.article == ARTICLES[2].__class__(
        **{**{f: getattr(ARTICLES[2], f) for f in ARTICLES[2].__struct_fields__}, "site": "breitbart.com"}
    )
    assert set(view.canonical) == {"S1", "S2"}
    assert queries.article(full, "missing") is None


@pytest.mark.parametrize(
    "query",
    [
        lambda con, o: queries.top_speakers(con, offset=o),
        lambda con, o: queries.top_speakers(con, outlet="voanews.com", offset=o),
        lambda con, o: queries.find_speakers(con, "a", offset=o),
        lambda con, o: queries.search_statements(con, "troops", offset=o),
        lambda con, o: queries.speaker_statements(con, speaker_id(con, "Ash Carter"), offset=o),
        lambda con, o: queries.list_articles(con, offset=o),
    ],
)
def test_queries_total_is_kept_past_the_last_page(full, query):
    total = query(full, 0).total
    past = query(full, 100)
    assert total > 0
    assert (past.items, past.total) == ([], total)


def test_queries_top_speakers_anonymous_or_not(full):
    assert [s.name for s in queries.top_speakers(full, anonymous=True).items] == ["A U.S. official"]
    assert "A U.S. official" not in {s.name for s in queries.top_speakers(full, anonymous=False).items}
    page = queries.top_speakers(full, outlet="voanews.com", anonymous=True)
    assert [s.name for s in page.items] == ["A U.S. official"]


@pytest.mark.parametrize("name, like", [("100%", "The 100% Campaign"), ("o_b", "Studio_Bell")])
def test_queries_find_speakers_matches_like_wildcards_as_written(store, name, like):
    store.add(
        [
            make_article(
                f"{like} said the vote was fair. Bob Oxbrien said it was not.",
                [(like, "said", "the vote was fair"), ("Bob Oxbrien", "said", "it was not")],
                speakers={like: {"type": "organization"}},
            )
        ]
    )
    # "%" and "_" are matched as written: "o_b" must not match "Oxb" through a wildcard.
    assert [s.name for s in queries.find_speakers(store.con, name).items] == [like]


def test_queries_contains_pattern_escapes_wildcards():
    assert queries.contains_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"
