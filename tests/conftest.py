"""Fixtures shared by every test folder: the shipped spaCy model, loaded once per run."""

from __future__ import annotations

import pytest
from spacy.language import Language

from saidwho.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()
