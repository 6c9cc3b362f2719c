"""Canonical speakers in a store of several articles and outlets."""

from __future__ import annotations

from itertools import count
from pathlib import Path

from builders import make_article

from saidwho.corpus import open_store
from saidwho.records import Article
from saidwho.store import Store

STORY = count(1)


def said(name: str, rest: str = "", day: int = 1, **speaker: object) -> Article:
    """A new article (its own text, so never a duplicate) in which ``name`` says something."""
    text = f"{name} said the plan works. {rest} Story {next(STORY)}."
    return make_article(
        text, [(name, "said", "the plan works")], speakers={name: speaker}, published=f"2016-09-{day:02d}"
    )


def speakers(store: Store) -> dict[str, tuple[str, int]]:
    rows = store.con.execute("SELECT name, type, statement_count FROM speakers WHERE named").fetchall()
    return {name: (kind, n) for name, kind, n in rows}


def canonical_names(store: Store) -> list[str]:
    """Each statement's canonical speaker name, in ingest order."""
    rows = store.con.execute(
        "SELECT s.name FROM attributions a JOIN speakers s ON s.id = a.canonical_id ORDER BY a.rid"
    ).fetchall()
    return [r[0] for r in rows]


def test_canonical_store_keeps_namesakes_apart_and_joins_one_persons_forms(tmp_path: Path) -> None:
    ohio = "Donald Trump spoke in Ohio."
    with open_store(tmp_path / "s.duckdb", claims=False) as store:
        store.add([said("Donald Trump"), said("Donald Trump"), said("Ivanka Trump")], outlet="Daily")
        store.add([said("Melania Trump", day=2), said("Bill Clinton", day=2)], outlet="Daily")
        store.add([said("Hillary Clinton", day=3), said("Hillary Clinton", day=3)], outlet="Daily")
        store.add(
            [
                said("Trump", ohio, day=4),
                said("Mr. Trump", ohio, day=4),
                said("President Trump", ohio, day=4),
                said("Donald J. Trump", day=4),
                said("Clinton", "Hillary Clinton spoke first.", day=4),
                said("Trump", "Ivanka Trump spoke first.", day=4),
            ],
            outlet="Weekly",
        )
        store.add([said("Trump", day=5), said("Clinton", day=5)], outlet="Daily")
        assert canonical_names(store)[7:] == [
            *["Donald Trump"] * 4,
            "Hillary Clinton",
            "Ivanka Trump",
            "Trump",  # Ivanka and Melania were quoted in Daily this month: no evidence
            "Clinton",
        ]
        found = speakers(store)
    assert found["Donald Trump"] == ("person", 6)
    assert {n for n in found if "Trump" in n or "Clinton" in n} == {
        "Donald Trump", "Ivanka Trump", "Melania Trump", "Trump",
        "Hillary Clinton", "Bill Clinton", "Clinton",
    }  # fmt: skip


def test_canonical_store_type_is_the_canonical_speakers_vote(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb", claims=False) as store:
        store.add([said("Marcelo Claure"), said("Marcelo Claure")], outlet="Daily")
        store.add([said("Claure", type="organization")], outlet="Weekly")
        store.add([said("Claure", "Marcelo Claure runs it.", type="unknown", named=False)], outlet="Daily")
        assert canonical_names(store) == ["Marcelo Claure"] * 4
        assert speakers(store) == {"Marcelo Claure": ("person", 4)}


def test_canonical_store_a_learned_acronym_moves_stored_statements(tmp_path: Path) -> None:
    org = {"type": "organization"}
    with open_store(tmp_path / "s.duckdb", claims=False) as store:
        store.add([said("VW", **org), said("VW", "Sales fell.", **org)])
        store.add([said("Volkswagen", "Volkswagen, or VW, makes cars.", **org)])
        store.add([said("VW", "Exports rose.", **org)])
        assert canonical_names(store) == ["Volkswagen"] * 4
        assert speakers(store) == {"Volkswagen": ("organization", 4)}
        (orphans,) = store.con.execute(
            "SELECT count(*) FROM article_speakers WHERE canonical_id NOT IN (SELECT id FROM speakers)"
        ).fetchone() or (None,)
    assert orphans == 0
