"""Cross-article identity: surnames, namesakes, learned aliases, type votes."""

from __future__ import annotations

import datetime

from builders import make_article

from saidwho.corpus.speakers import Canonicaliser, learned_aliases
from saidwho.records import Article

DAY = datetime.date(2016, 9, 1)


def said(name: str, rest: str = "", **speaker: object) -> Article:
    """An article in which ``name`` says something; ``rest`` is more text after it."""
    text = f"{name} said the plan works. {rest}".strip()
    return make_article(text, [(name, "said", "the plan works")], speakers={name: speaker})


def run(canon: Canonicaliser, *articles: Article, outlet: str = "Daily", day: int = 0) -> list[str]:
    """Assign ``articles`` in order; the canonical name of each one's first speaker."""
    out = []
    for n, article in enumerate(articles):
        ids = canon.assign(
            f"{day}-{n}-{article.id}", article, outlet=outlet, published=DAY.replace(day=day + 1)
        )
        row = next(r for r in canon.by_key.values() if r.id == ids["S1"])
        out.append(row.name)
    return out


def family() -> Canonicaliser:
    """A corpus that knows Donald (most quoted), Ivanka and Melania Trump, Bill and Hillary
    Clinton, Barack and Michelle Obama, in outlet "Daily" on the first days of September."""
    canon = Canonicaliser([])
    run(
        canon,
        said("Donald Trump"),
        said("Donald Trump", "Mr. Trump said more."),
        said("Donald Trump"),
        said("Ivanka Trump"),
        said("Melania Trump", "Mrs. Trump smiled."),
        said("Hillary Clinton"),
        said("Hillary Clinton"),
        said("Bill Clinton"),
        said("Barack Obama"),
        said("Michelle Obama"),
        said("Mrs. Obama", "Michelle Obama spoke first."),  # the corpus learns Mrs. Obama
    )
    return canon


def test_canonical_identity_forms_of_one_name_join_it() -> None:
    canon = family()
    text = "Donald Trump spoke in Ohio. "
    names = run(
        canon,
        said("Donald J. Trump"),
        said("Mr. Trump", f"{text}Donald Trump left."),
        said("President Trump", f"{text}Donald Trump left."),
        said("Trump", f"{text}Donald Trump left."),
    )
    assert names == ["Donald Trump"] * 4


def test_canonical_identity_namesakes_stay_apart() -> None:
    canon = family()
    assert run(
        canon, said("Ivanka Trump"), said("Melania Trump"), said("Bill Clinton"), said("Michelle Obama")
    ) == [
        "Ivanka Trump",
        "Melania Trump",
        "Bill Clinton",
        "Michelle Obama",
    ]
    people = {r.name for r in canon.by_key.values() if r.key.startswith("person:")}
    assert people == {
        "Donald Trump", "Ivanka Trump", "Melania Trump", "Hillary Clinton", "Bill Clinton",
        "Barack Obama", "Michelle Obama",
    }  # fmt: skip


def test_canonical_identity_a_surname_joins_the_person_its_article_names() -> None:
    canon = family()
    names = run(
        canon,
        said("Trump", "Ivanka Trump spoke first. Ivanka Trump left."),
        said("Clinton", "Bill Clinton campaigned in Ohio."),
        said("Clinton", "Hillary Clinton and Bill Clinton were there. Hillary Clinton spoke."),
    )
    assert names == ["Ivanka Trump", "Bill Clinton", "Clinton"]  # the last names both: no one


def test_canonical_identity_a_surname_alone_needs_no_active_namesake() -> None:
    canon = family()
    # In "Daily" this month Ivanka and Melania Trump were quoted: a bare "Trump" stays a surname.
    assert run(canon, said("Trump"), day=5) == ["Trump"]
    # Elsewhere, and in Daily months later, the corpus's dominant Trump is meant.
    assert run(canon, said("Trump"), outlet="Weekly", day=5) == ["Donald Trump"]
    later = canon.assign("late", said("Trump"), outlet="Daily", published=datetime.date(2017, 3, 1))
    assert canon.by_key["person:donald trump"].id == later["S1"]


def test_canonical_identity_an_honorific_rules_out_the_other_gender() -> None:
    canon = family()
    assert run(canon, said("Mrs. Obama"), said("Mr. Obama"), outlet="Weekly") == [
        "Michelle Obama",
        "Barack Obama",
    ]


def test_canonical_identity_type_is_voted_across_articles() -> None:
    canon = family()
    text = "Donald Trump spoke in Ohio."
    ids = [
        canon.assign("org", said("Trump", text, type="organization"))["S1"],
        canon.assign("unknown", said("Trump", text, type="unknown", named=False))["S1"],
    ]
    row = canon.by_key["person:donald trump"]
    assert ids == [row.id, row.id] and row.type == "person"


def test_canonical_identity_a_surname_typed_organization_joins_the_known_person() -> None:
    canon = Canonicaliser([])
    run(canon, said("Marcelo Claure"), said("Marcelo Claure"))
    (name,) = run(canon, said("Claure", type="organization"), outlet="Weekly")
    assert name == "Marcelo Claure"
    assert canon.by_key["person:marcelo claure"].type == "person"


def test_canonical_identity_learned_aliases() -> None:
    assert learned_aliases(
        "Volkswagen (VW) said. The National Oceanic and Atmospheric Administration (NOAA) said."
    ) == {
        "VW": "Volkswagen",
        "NOAA": "National Oceanic and Atmospheric Administration",
    }
    assert learned_aliases("Volkswagen, or VW, said sales fell.") == {"VW": "Volkswagen"}
    assert learned_aliases("Sen. Ted Cruz (R) said. Apple (AAPL) rose.") == {}


def test_canonical_identity_an_acronym_joins_the_name_it_stands_for() -> None:
    org = {"type": "organization"}
    canon = Canonicaliser([])
    names = run(canon, said("Volkswagen", "Volkswagen (VW) makes cars.", **org), said("VW", **org))
    assert names == ["Volkswagen", "Volkswagen"]


def test_canonical_identity_a_stored_acronym_is_merged_into_its_name() -> None:
    org = {"type": "organization"}
    canon = Canonicaliser([])
    first = canon.assign("a", said("VW", **org))["S1"]
    second = canon.assign("b", said("Volkswagen", "Volkswagen, or VW, makes cars.", **org))["S1"]
    assert canon.merged == {first: second}
    (row,) = canon.by_key.values()
    assert row.name == "Volkswagen" and row.statement_count == 2 and "VW" in row.aliases


def test_canonical_identity_a_nickname_joins_the_one_formal_name() -> None:
    canon = Canonicaliser([])
    assert run(
        canon, said("Joseph R. Biden"), said("Joe Biden"), said("Leonard E. Burman"), said("Len Burman")
    ) == [
        "Joseph R Biden",
        "Joseph R Biden",
        "Leonard E Burman",
        "Leonard E Burman",
    ]
    # Two people the short form could be: no join.
    assert run(canon, said("Joseph A. Smith"), said("Joseph B. Smith"), said("Joe Smith"))[-1] == "Joe Smith"


def test_canonical_identity_retyped_full_names_and_bare_titles() -> None:
    canon = Canonicaliser([])
    names = run(
        canon,
        said("Carly Fiorina"),
        said("Carly Fiorina", type="organization"),
        said("Former Hewlett-Packard CEO Carly Fiorina", type="organization"),
        said("Donald Trump"),
        said("Trump\u2019s", "Donald Trump spoke.", type="organization"),
        said("Mr."),
        said("King"),
    )
    assert names[:5] == ["Carly Fiorina"] * 3 + ["Donald Trump"] * 2
    assert canon.by_key["surname:king"].name == "King"  # a surname that is also a title
    assert not any(r.key.startswith("surname:mr") for r in canon.by_key.values())
