"""Doc -> Attributions, behind one ``Extractor`` protocol.

Rule-based and trained extractors both implement :class:`Extractor`; the pipeline picks one
by name (``get_extractor``), so a trained component can replace the rules without touching
any other stage. What every extractor's output goes through next (:mod:`.tidy`, then
resolution) is :func:`saidwho.pipeline.analyse`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, assert_never, runtime_checkable

from saidwho.records import Attribution
from saidwho.settings import ExtractorName

if TYPE_CHECKING:  # spaCy is imported where a parse is made, not to train the tagger
    from spacy.tokens import Doc


class Extractor(Protocol):
    """Finds attributions in a parsed article.

    ``doc`` is parsed from the article text with boilerplate blanked to spaces, so token
    offsets are offsets into ``Article.text``. Returned attributions have ``speaker=None``;
    resolution fills it in later.
    """

    name: str

    def __call__(self, doc: Doc) -> list[Attribution]: ...


@runtime_checkable
class TextFirst(Protocol):
    """An extractor whose first stage reads only the text, so it can run beside the parse.

    ``extractor(doc)`` must equal ``extractor.attribute(doc, extractor.tag(doc.text))``;
    the pipeline calls ``tag`` on a second thread while spaCy parses (see
    ``saidwho.pipeline.process_batch``).
    """

    def tag(self, text: str) -> Any: ...

    def attribute(self, doc: Doc, tagged: Any) -> list[Attribution]: ...


def get_extractor(name: ExtractorName) -> Extractor:
    """Return the extractor registered under ``name`` (one of ``settings.EXTRACTORS``)."""
    if name == "rules":
        from saidwho.attribution.rules import RuleExtractor

        return RuleExtractor()
    if name == "model":
        from saidwho.attribution.model import ModelExtractor

        return ModelExtractor()
    assert_never(name)
