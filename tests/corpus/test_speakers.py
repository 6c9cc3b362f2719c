"""Cross-article speaker matching (``saidwho.corpus.speakers``), without a store."""

from __future__ import annotations

import pytest

from saidwho.corpus.speakers import Canonicaliser, fold, person_name
from saidwho.records import Article, Attribution, Content, Span, Speaker


def one_quote(name: str, content: str = "the plan works", **speaker: object) -> Article:
    """An article in which ``name`` (a named person unless ``speaker`` says otherwise) says
    ``content``."""
    text = f"{name} said {content}."
    source = Span(start=0, end=len(name), text=name)
    cue = len(name) + 1
    fields: dict[str, object] = {"type": "person", "named": True, **speaker}
    return Article(
        id=text,
        source="doc.txt",
        text=text,
        attributions=[
            Attribution(
                id="A1",
                source=source,
                cue=Span(start=cue, end=cue + 4, text="said"),
                content=Content(spans=[(cue + 5, len(text) - 1)], text=content),
                kind="indirect",
                speaker="S1",
            )
        ],
        speakers=[Speaker(id="S1", name=name, mentions=[source], **fields)],  # type: ignore[arg-type]
    )


def assign(canon: Canonicaliser, *articles: Article) -> dict[str, tuple[int, int]]:
    """Assign ``articles`` in order; every canonical speaker by name: (articles, statements)."""
    for article in articles:
        canon.assign(f"{article.id}", article)
    return {r.name: (r.article_count, r.statement_count) for r in canon.by_key.values()}


def speakers_of(*articles: Article) -> dict[str, tuple[int, int]]:
    return assign(Canonicaliser([]), *articles)


@pytest.mark.parametrize(
    "mention, expected",
    [
        ("Aki Peritz", ["Aki", "Peritz"]),
        ("former CIA analyst Aki Peritz", ["Aki", "Peritz"]),
        ("Defense Secretary Ash Carter", ["Ash", "Carter"]),
        ("Secretary of State John Kerry", ["John", "Kerry"]),
        ("Sen. Angus King", ["Angus", "King"]),
        ("Martin Luther King", ["Martin", "Luther", "King"]),
        ("Mr. Peritz", ["Peritz"]),
        ("George W. Bush", ["George", "W", "Bush"]),
        ("Robert Downey Jr.", ["Robert", "Downey"]),
        ("Martin O\u2019Malley", ["Martin", "O\u2019Malley"]),
    ],
)
def test_canonical_person_name_drops_titles_and_descriptors(mention: str, expected: list[str]) -> None:
    assert person_name(mention) == expected


def test_canonical_fold_drops_accents_and_case() -> None:
    assert fold("Jos\u00e9  P\u00c9REZ") == "jose perez"
    assert fold("O\u2019Malley") == "o'malley"


def test_canonical_full_name_surname_and_descriptor_forms_are_one_person() -> None:
    canon = Canonicaliser([])
    named = assign(
        canon,
        one_quote("Aki Peritz"),
        one_quote("Peritz", "they left"),
        one_quote("former CIA analyst Aki Peritz", "it is over"),
    )
    assert named == {"Aki Peritz": (3, 3)}
    (row,) = canon.by_key.values()
    assert row.aliases == ["Aki Peritz", "Peritz"]  # "former CIA analyst ..." is a descriptor, not a name


def test_canonical_title_forms_are_one_person() -> None:
    assert speakers_of(one_quote("Ash Carter"), one_quote("Defense Secretary Ash Carter", "war is long")) == {
        "Ash Carter": (2, 2)
    }


def test_canonical_bare_surname_shared_by_two_people_is_not_merged() -> None:
    assert speakers_of(
        one_quote("Hillary Clinton"),
        one_quote("Bill Clinton", "the economy grew"),
        one_quote("Clinton", "we will see"),
    ) == {"Bill Clinton": (1, 1), "Clinton": (1, 1), "Hillary Clinton": (1, 1)}


def test_canonical_bare_surname_joins_the_one_whose_descriptors_match() -> None:
    assert speakers_of(
        one_quote("Hillary Clinton", descriptors=["former secretary of state"]),
        one_quote("Bill Clinton", "the economy grew", descriptors=["former president"]),
        one_quote("Clinton", "diplomacy matters", descriptors=["the secretary"]),
    ) == {"Bill Clinton": (1, 1), "Hillary Clinton": (2, 2)}


def test_canonical_full_names_sharing_a_surname_stay_apart() -> None:
    names = speakers_of(
        one_quote("George W. Bush"), one_quote("George H. W. Bush", "x"), one_quote("Jeb Bush", "y")
    )
    assert set(names) == {"George W Bush", "George H W Bush", "Jeb Bush"}


def test_canonical_anonymous_and_unnamed_sources_are_never_merged() -> None:
    anon = {"type": "person", "named": False, "anonymous": True}
    canon = Canonicaliser([])
    assign(
        canon,
        one_quote("a U.S. official", **anon),
        one_quote("a U.S. official", "no", **anon),
        one_quote("critics", "bad idea", type="group", named=False),
    )
    rows = list(canon.by_key.values())
    assert len(rows) == 3
    assert sum(r.anonymous for r in rows) == 2


def test_canonical_named_organizations_merge_by_name() -> None:
    org = {"type": "organization"}
    assert speakers_of(one_quote("the Pentagon", **org), one_quote("Pentagon", "no comment", **org)) == {
        "the Pentagon": (2, 2)
    }


def test_canonical_a_middle_initial_joins_the_same_first_and_last_name() -> None:
    assert speakers_of(
        one_quote("Donald Trump"),
        one_quote("Donald J. Trump", "we will win"),
        one_quote("Donald J Trump", "it is rigged"),
    ) == {"Donald Trump": (3, 3)}


def test_canonical_a_bare_first_and_last_name_joins_its_one_initials_variant() -> None:
    assert speakers_of(one_quote("Donald J. Trump"), one_quote("Donald Trump", "we will win")) == {
        "Donald J Trump": (2, 2)
    }


def test_canonical_different_initials_stay_different_people() -> None:
    canon = Canonicaliser([])
    names = assign(
        canon, one_quote("George Bush"), one_quote("George W. Bush", "a"), one_quote("George H. W. Bush", "b")
    )
    assert names == {"George Bush": (2, 2), "George H W Bush": (1, 1)}
    names = assign(
        canon,
        one_quote("Jeb Bush"),
        one_quote("Neil P. Bush", "c"),
        one_quote("Neil M. Bush", "d"),
        one_quote("Neil Bush", "e"),
    )
    assert names["Jeb Bush"] == (1, 1) and names["Neil P Bush"] == (1, 1) and names["Neil M Bush"] == (1, 1)
    assert names["Neil Bush"] == (1, 1)  # two initials variants: no evidence which one
