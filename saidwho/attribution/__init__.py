"""Doc -> Attributions, behind one ``Extractor`` protocol.

Rule-based and trained extractors both implement :class:`Extractor`; the pipeline picks one
by name (``get_extractor``), so a trained component can replace the rules without touching
any other stage.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from saidwho.errors import UsageError
from saidwho.records import Attribution
from saidwho.settings import EXTRACTORS


class Extractor(Protocol):
    """Finds attributions in a parsed article.

    ``doc`` is parsed from the article text with boilerplate blanked to spaces, so token
    offsets are offsets into ``Article.text``. Returned attributions have ``speaker=None``;
    resolution fills it in later.
    """

    name: str

    def __call__(self, doc: Doc) -> list[Attribution]: ...


def get_extractor(name: str) -> Extractor:
    """Return the extractor registered under ``name``."""
    if name == "rules":
        from saidwho.attribution.rules import RuleExtractor

        return RuleExtractor()
    if name == "model":
        from saidwho.attribution.model import ModelExtractor

        return ModelExtractor()
    raise UsageError(f"unknown extractor {name!r}. Choose one of: {', '.join(EXTRACTORS)}.")
