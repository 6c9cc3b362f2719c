"""Fixtures shared by every test folder: the shipped spaCy model, loaded once per run; tests
marked ``torch`` skip, with the install line, where the [train] extra is absent."""

from __future__ import annotations

import importlib.util

import pytest
from spacy.language import Language

from saidwho.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


NO_TORCH = "needs torch, from the [train] extra: pip install -e '.[train]'"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if importlib.util.find_spec("torch") is not None:
        return
    for item in items:
        if item.get_closest_marker("torch"):
            item.add_marker(pytest.mark.skip(reason=NO_TORCH))
