"""Fixtures shared by every test folder: the shipped spaCy model, loaded once per run; a new
store; tests marked ``torch`` skip, with the install line, where the [train] extra is absent."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from saidwho.corpus import open_store
from saidwho.nlp import load_nlp
from saidwho.store import Store


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new store keeping canonical speakers but no claims: no model is loaded."""
    with open_store(tmp_path / "test.duckdb", claims=False) as s:
        yield s


NO_TORCH = "needs torch, from the [train] extra: pip install -e '.[train]'"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if importlib.util.find_spec("torch") is not None:
        return
    for item in items:
        if item.get_closest_marker("torch"):
            item.add_marker(pytest.mark.skip(reason=NO_TORCH))
