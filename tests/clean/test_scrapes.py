"""clean() on plain-text scrapes of 45 kinds of news pages: every gold check of every file.

The texts and their gold (tests/data/scrapes/gold.json) are ours, written to imitate each
layout; the checks are tests/scrape_checks.py's, which bench/scrapes.py scores for the
figures. The ``heldout*`` files were not looked at while the rules were tuned.
"""

from __future__ import annotations

from typing import Any

import pytest
from offsets import assert_offsets
from scrape_checks import checks, clean_file, load_gold

GOLD: dict[str, dict[str, Any]] = load_gold()


@pytest.mark.parametrize("name", sorted(GOLD), ids=lambda n: f"{GOLD[n]['split']}-{n.removesuffix('.txt')}")
def test_scrape_checks(name: str) -> None:
    gold = GOLD[name]
    article = clean_file(gold["file"])
    wrong = [f"{kind} {what!r}" for kind, what, ok in checks(article, gold) if not ok]
    assert not wrong, f"{gold['layout']}: {wrong}"


@pytest.mark.parametrize("name", sorted(GOLD), ids=lambda n: n.removesuffix(".txt"))
def test_scrape_offsets_index_the_file(name: str) -> None:
    gold = GOLD[name]
    article = clean_file(gold["file"])
    assert article.text == gold["file"].read_text(encoding="utf-8")
    assert_offsets(article)  # body and boilerplate never overlap, either


def test_scrape_set_is_varied() -> None:
    splits = [g["split"] for g in GOLD.values()]
    layouts = {g["layout"] for g in GOLD.values() if g["split"] != "regression"}
    assert splits.count("tuned") + splits.count("heldout") >= 24 and splits.count("heldout") >= 6
    # at least 12 pages from kinds of outlets the first layouts did not imitate, half held out
    assert splits.count("tuned3") + splits.count("heldout3") >= 12 and splits.count("heldout3") >= 6
    assert len(layouts) >= 9
